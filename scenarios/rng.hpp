#pragma once
// Seeded choices: a case's random picks (which follower, which master) come from a
// generator seeded from the run's seed and the case's identity, so `--seed S` replays
// one case exactly even when other cases run before it. splitmix64: the same sequence
// on every platform and standard library (std::uniform_int_distribution is not).
#include <cstdint>
#include <string>

namespace klab::scenarios {

class SeededRng {
 public:
  explicit SeededRng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  /// An index in [0, n); n must be > 0.
  std::size_t pick(std::size_t n);

 private:
  std::uint64_t state_;
};

/// The seed of one case run: mixes the run seed with scenario, case and iteration.
std::uint64_t case_seed(std::uint64_t run_seed, const std::string& scenario,
                        const std::string& case_name, int iteration);

/// A fresh seed for runs without --seed (from std::random_device).
std::uint64_t random_seed();

}  // namespace klab::scenarios
