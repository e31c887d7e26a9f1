// Deterministic fakes for the Clock, Sleeper and Random seams. FakeSleeper advances the
// FakeClock instead of blocking, so a retry schedule of many seconds runs instantly and
// tests can assert the exact delays that were requested.
#ifndef HOMEBOARD_TESTING_FAKE_RUNTIME_H_
#define HOMEBOARD_TESTING_FAKE_RUNTIME_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

#include "ddb/runtime.h"

namespace homeboard::testing {

class FakeClock final : public ddb::Clock {
 public:
  // Starts at 2015-08-30T12:36:00Z (the SigV4 test suite's date) unless told otherwise.
  FakeClock();
  explicit FakeClock(std::chrono::system_clock::time_point wall_start);

  std::chrono::system_clock::time_point WallNow() override;
  std::chrono::steady_clock::time_point MonotonicNow() override;
  void Advance(std::chrono::nanoseconds duration);
  void SetWall(std::chrono::system_clock::time_point wall);

 private:
  std::mutex mutex_;
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point monotonic_;
};

// Records every requested sleep and advances the clock by it.
class FakeSleeper final : public ddb::Sleeper {
 public:
  explicit FakeSleeper(std::shared_ptr<FakeClock> clock) : clock_(std::move(clock)) {}
  void Sleep(std::chrono::nanoseconds duration) override;
  std::vector<std::chrono::nanoseconds> sleeps() const;
  std::chrono::nanoseconds total() const;

 private:
  std::shared_ptr<FakeClock> clock_;
  mutable std::mutex mutex_;
  std::vector<std::chrono::nanoseconds> sleeps_;
};

// Seeded pseudo-random source; or, with AlwaysMax()/AlwaysZero(), a fixed extreme so
// jitter bounds can be asserted exactly.
class FakeRandom final : public ddb::Random {
 public:
  enum class Mode { kSeeded, kAlwaysMax, kAlwaysZero };
  explicit FakeRandom(std::uint64_t seed = 42, Mode mode = Mode::kSeeded)
      : mode_(mode), engine_(seed) {}
  static std::shared_ptr<FakeRandom> AlwaysMax() {
    return std::make_shared<FakeRandom>(0, Mode::kAlwaysMax);
  }
  static std::shared_ptr<FakeRandom> AlwaysZero() {
    return std::make_shared<FakeRandom>(0, Mode::kAlwaysZero);
  }
  std::uint64_t UniformUpTo(std::uint64_t bound) override;

 private:
  Mode mode_;
  std::mutex mutex_;
  std::mt19937_64 engine_;
};

}  // namespace homeboard::testing

#endif  // HOMEBOARD_TESTING_FAKE_RUNTIME_H_
