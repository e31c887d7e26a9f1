#include "testing/fake_runtime.h"

namespace homeboard::testing {

FakeClock::FakeClock()
    : FakeClock(std::chrono::system_clock::time_point(std::chrono::seconds(1440938160))) {}

FakeClock::FakeClock(std::chrono::system_clock::time_point wall_start)
    : wall_(wall_start), monotonic_(std::chrono::steady_clock::time_point(std::chrono::hours(1))) {}

std::chrono::system_clock::time_point FakeClock::WallNow() {
  std::lock_guard lock(mutex_);
  return wall_;
}

std::chrono::steady_clock::time_point FakeClock::MonotonicNow() {
  std::lock_guard lock(mutex_);
  return monotonic_;
}

void FakeClock::Advance(std::chrono::nanoseconds duration) {
  std::lock_guard lock(mutex_);
  wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(duration);
  monotonic_ += duration;
}

void FakeClock::SetWall(std::chrono::system_clock::time_point wall) {
  std::lock_guard lock(mutex_);
  wall_ = wall;
}

void FakeSleeper::Sleep(std::chrono::nanoseconds duration) {
  {
    std::lock_guard lock(mutex_);
    sleeps_.push_back(duration);
  }
  clock_->Advance(duration);
}

std::vector<std::chrono::nanoseconds> FakeSleeper::sleeps() const {
  std::lock_guard lock(mutex_);
  return sleeps_;
}

std::chrono::nanoseconds FakeSleeper::total() const {
  std::lock_guard lock(mutex_);
  std::chrono::nanoseconds sum{0};
  for (auto s : sleeps_) sum += s;
  return sum;
}

std::uint64_t FakeRandom::UniformUpTo(std::uint64_t bound) {
  switch (mode_) {
    case Mode::kAlwaysMax:
      return bound;
    case Mode::kAlwaysZero:
      return 0;
    case Mode::kSeeded:
      break;
  }
  std::lock_guard lock(mutex_);
  return std::uniform_int_distribution<std::uint64_t>(0, bound)(engine_);
}

}  // namespace homeboard::testing
