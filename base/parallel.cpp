#include "base/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace klab::base {

void parallel_for(std::size_t count, std::size_t max_parallel, const std::function<void(std::size_t)>& body) {
  // Each thread takes the next index until none is left, so a slow key does not hold
  // up the keys queued behind it on the same thread.
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) body(i);
  };
  const std::size_t threads = max_parallel == 0 ? count : std::min(count, max_parallel);
  std::vector<std::jthread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
}  // the jthreads join here

}  // namespace klab::base
