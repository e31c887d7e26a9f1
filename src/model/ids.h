// Entity ids: ULIDs (https://github.com/ulid/spec). 26 characters of Crockford base-32,
// upper case: 48 bits of Unix milliseconds, then 80 bits from OpenSSL's CSPRNG. Ids sort
// by creation time as strings and cannot be guessed; they are unique across all entity
// types (docs/data-model.md, "Conventions").
//
// Monotonicity: ids made by one IdGenerator (NewId() uses one process-wide generator) in
// the same millisecond are strictly increasing. The second and later ids of a millisecond
// add a fresh random step of 1..2^32 to the previous id's random part instead of drawing
// new bits, so they stay ordered yet still carry 32 unguessable bits each. When the clock
// moves to another millisecond (forward or back) the random part is drawn afresh, so ids
// follow the clock; no id is ever made with a time other than the one passed in.
#ifndef HOMEBOARD_MODEL_IDS_H_
#define HOMEBOARD_MODEL_IDS_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "model/error.h"

namespace homeboard::model {

inline constexpr std::size_t kIdLength = 26;

// Thread-safe ULID generator with per-millisecond monotonicity (see above).
class IdGenerator {
 public:
  IdGenerator() = default;
  IdGenerator(const IdGenerator&) = delete;
  IdGenerator& operator=(const IdGenerator&) = delete;

  // A new id for `now`. Times before 1970 are clamped to 0 ms and times past the 48-bit
  // millisecond range (year 10889) to its maximum. Aborts only if the CSPRNG fails.
  std::string Next(std::chrono::system_clock::time_point now);

 private:
  std::mutex mu_;
  std::int64_t last_ms_ = -1;  // GUARDED_BY(mu_)
  std::uint16_t high_ = 0;     // GUARDED_BY(mu_): top 16 of the 80 random bits
  std::uint64_t low_ = 0;      // GUARDED_BY(mu_): low 64 random bits
};

// A new id from the process-wide generator and the system clock.
std::string NewId();
// A new id from the process-wide generator for the given time (tests, imports).
std::string NewId(std::chrono::system_clock::time_point now);

// True if `id` is a canonical ULID: 26 upper-case Crockford base-32 characters (no I, L, O,
// U), the first at most '7' (128 bits). Lower-case ids are not canonical and are rejected,
// because ids are table keys and compared as bytes.
bool IsValidId(std::string_view id);

// The creation time encoded in `id`, or nullopt if `id` is not valid or its time is outside
// what system_clock::time_point can hold (after year 2262).
std::optional<std::chrono::system_clock::time_point> IdTime(std::string_view id);

// OK if `id` is a valid id; otherwise "required" (empty) or "pattern" naming `field`.
[[nodiscard]] Status ValidateId(std::string_view id, std::string_view field);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_IDS_H_
