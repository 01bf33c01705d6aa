#pragma once
// One piece of work per key (a host, a member, a domain), run on several threads at
// once. Every key's work runs to completion: one failing does not cancel the others,
// and what each threw is kept with its key, so the caller decides how to report it.
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace klab::base {

/// What the work for one key produced: its value, or the exception it threw.
template <class T>
struct Outcome {
  std::optional<T> value;      // set when the work returned
  std::exception_ptr error;    // set when it threw
  std::chrono::milliseconds duration{0};
  bool ok() const { return !error; }
  /// The value, or the work's exception rethrown.
  T& get() {
    if (error) std::rethrow_exception(error);
    return *value;
  }
};

template <>
struct Outcome<void> {
  std::exception_ptr error;
  std::chrono::milliseconds duration{0};
  bool ok() const { return !error; }
  void get() const {
    if (error) std::rethrow_exception(error);
  }
};

/// Calls `body(i)` for every i in [0, count), at most `max_parallel` at once (0: all at
/// once), and returns when every call has. `body` must not throw.
void parallel_for(std::size_t count, std::size_t max_parallel, const std::function<void(std::size_t)>& body);

/// `fn(key)` for every key, at most `max_parallel` at once (0: one thread per key).
/// Returns one outcome per key, in the order of `keys`; never throws for a key's failure.
template <class Key, class Fn>
auto parallel_map(const std::vector<Key>& keys, Fn fn, std::size_t max_parallel = 0)
    -> std::vector<Outcome<std::invoke_result_t<Fn&, const Key&>>> {
  using T = std::invoke_result_t<Fn&, const Key&>;
  std::vector<Outcome<T>> outcomes(keys.size());
  parallel_for(keys.size(), max_parallel, [&](std::size_t i) {
    const auto start = std::chrono::steady_clock::now();
    try {
      if constexpr (std::is_void_v<T>) {
        fn(keys[i]);
      } else {
        outcomes[i].value.emplace(fn(keys[i]));
      }
    } catch (...) {
      outcomes[i].error = std::current_exception();
    }
    outcomes[i].duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  });
  return outcomes;
}

}  // namespace klab::base
