#include "scenarios/rng.hpp"

#include <random>

namespace klab::scenarios {

std::uint64_t SeededRng::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::size_t SeededRng::pick(std::size_t n) { return static_cast<std::size_t>(next() % n); }

std::uint64_t case_seed(std::uint64_t run_seed, const std::string& scenario,
                        const std::string& case_name, int iteration) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over "scenario/case#iteration"
  const std::string id = scenario + "/" + case_name + "#" + std::to_string(iteration);
  for (unsigned char c : id) h = (h ^ c) * 0x100000001b3ULL;
  SeededRng mix(run_seed ^ h);
  return mix.next();
}

std::uint64_t random_seed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

}  // namespace klab::scenarios
