// The seams to the outside world that timing-sensitive code depends on: a clock, a sleeper
// and a random source. Production code uses the System* implementations; tests inject the
// fakes from src/testing so retry schedules are deterministic and run in no real time.
#ifndef HOMEBOARD_DDB_RUNTIME_H_
#define HOMEBOARD_DDB_RUNTIME_H_

#include <chrono>
#include <cstdint>
#include <memory>

namespace homeboard::ddb {

// Thread-safe. Wall time is for signing (X-Amz-Date) and credential expiry; monotonic
// time is for deadlines and latency.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point WallNow() = 0;
  virtual std::chrono::steady_clock::time_point MonotonicNow() = 0;
};

// Thread-safe. Blocks the calling thread for `duration` (a fake advances a fake clock).
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void Sleep(std::chrono::nanoseconds duration) = 0;
};

// Thread-safe source of randomness for jitter and request tokens. Not for secrets.
class Random {
 public:
  virtual ~Random() = default;
  // Uniformly distributed in [0, bound]; bound 0 yields 0.
  virtual std::uint64_t UniformUpTo(std::uint64_t bound) = 0;
};

// Process-wide default implementations (stateless or internally synchronised).
std::shared_ptr<Clock> SystemClock();
std::shared_ptr<Sleeper> SystemSleeper();
std::shared_ptr<Random> SystemRandom();

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_RUNTIME_H_
