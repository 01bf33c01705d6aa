#include "scenarios/probe_set.hpp"

namespace klab::scenarios {

std::string to_string(ConnectionMode mode) { return mode == ConnectionMode::fresh ? "fresh" : "reused"; }

}  // namespace klab::scenarios
