// System implementations of the Clock, Sleeper and Random seams.
#include "ddb/runtime.h"

#include <mutex>
#include <random>
#include <thread>

namespace homeboard::ddb {
namespace {

class RealClock final : public Clock {
 public:
  std::chrono::system_clock::time_point WallNow() override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point MonotonicNow() override {
    return std::chrono::steady_clock::now();
  }
};

class RealSleeper final : public Sleeper {
 public:
  void Sleep(std::chrono::nanoseconds duration) override {
    if (duration.count() > 0) std::this_thread::sleep_for(duration);
  }
};

class RealRandom final : public Random {
 public:
  RealRandom() : engine_(std::random_device{}()) {}
  std::uint64_t UniformUpTo(std::uint64_t bound) override {
    std::lock_guard lock(mutex_);
    return std::uniform_int_distribution<std::uint64_t>(0, bound)(engine_);
  }

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;
};

}  // namespace

std::shared_ptr<Clock> SystemClock() {
  static auto clock = std::make_shared<RealClock>();
  return clock;
}
std::shared_ptr<Sleeper> SystemSleeper() {
  static auto sleeper = std::make_shared<RealSleeper>();
  return sleeper;
}
std::shared_ptr<Random> SystemRandom() {
  static auto random = std::make_shared<RealRandom>();
  return random;
}

}  // namespace homeboard::ddb
