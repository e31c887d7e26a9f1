// ULID generation, validation and decoding.
#include "model/ids.h"

#include <openssl/rand.h>

#include <array>
#include <cstdlib>

namespace homeboard::model {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::int64_t kMaxMillis = (std::int64_t{1} << 48) - 1;

// Byte -> value of the canonical Crockford digit, or -1: ids are checked on every read of
// every entity, so a table lookup rather than a search of the alphabet.
constexpr std::array<signed char, 256> kDigitValues = [] {
  std::array<signed char, 256> values{};
  values.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    values[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  }
  return values;
}();

// Value of a canonical Crockford digit, or -1.
int DigitValue(char c) { return kDigitValues[static_cast<unsigned char>(c)]; }

void FillRandom(unsigned char* out, int count) {
  // Failure means the OS CSPRNG is unusable; ids must not silently become guessable.
  if (RAND_bytes(out, count) != 1) std::abort();
}

// 128-bit big-endian value -> 26 characters, 5 bits each from the top (the first character
// holds the top 3 bits).
std::string Encode(std::int64_t millis, std::uint16_t high, std::uint64_t low) {
  // hi64 = 48 bits of time then the top 16 random bits; lo64 = the low 64 random bits.
  std::uint64_t hi64 = (static_cast<std::uint64_t>(millis) << 16) | high;
  std::uint64_t lo64 = low;
  std::string out(kIdLength, '0');
  for (int i = static_cast<int>(kIdLength) - 1; i >= 0; --i) {
    out[i] = kAlphabet[lo64 & 31];
    lo64 = (lo64 >> 5) | ((hi64 & 31) << 59);
    hi64 >>= 5;
  }
  return out;
}

IdGenerator& ProcessGenerator() {
  static auto* generator = new IdGenerator();  // never destroyed: usable at exit
  return *generator;
}

}  // namespace

std::string IdGenerator::Next(std::chrono::system_clock::time_point now) {
  using std::chrono::milliseconds;
  std::int64_t millis = std::chrono::floor<milliseconds>(now.time_since_epoch()).count();
  if (millis < 0) millis = 0;
  if (millis > kMaxMillis) millis = kMaxMillis;

  std::lock_guard<std::mutex> lock(mu_);
  bool fresh = millis != last_ms_;
  if (!fresh) {
    std::array<unsigned char, 4> step_bytes{};
    FillRandom(step_bytes.data(), 4);
    std::uint64_t step = 1;  // 1..2^32
    for (std::size_t i = 0; i < step_bytes.size(); ++i) {
      step += static_cast<std::uint64_t>(step_bytes[i]) << (8 * i);
    }
    std::uint64_t new_low = low_ + step;
    std::uint16_t new_high = high_ + (new_low < low_ ? 1 : 0);
    if (new_high < high_) {
      fresh = true;  // 80-bit overflow (needs ~2^48 ids in one millisecond): start afresh
    } else {
      low_ = new_low;
      high_ = new_high;
    }
  }
  if (fresh) {
    std::array<unsigned char, 10> bytes{};
    FillRandom(bytes.data(), static_cast<int>(bytes.size()));
    high_ = static_cast<std::uint16_t>((bytes[0] << 8) | bytes[1]);
    low_ = 0;
    for (int i = 2; i < 10; ++i) low_ = (low_ << 8) | bytes[i];
  }
  last_ms_ = millis;
  return Encode(millis, high_, low_);
}

std::string NewId() { return ProcessGenerator().Next(std::chrono::system_clock::now()); }

std::string NewId(std::chrono::system_clock::time_point now) {
  return ProcessGenerator().Next(now);
}

bool IsValidId(std::string_view id) {
  if (id.size() != kIdLength) return false;
  if (id[0] > '7') return false;
  for (char c : id) {
    if (DigitValue(c) < 0) return false;
  }
  return true;
}

std::optional<std::chrono::system_clock::time_point> IdTime(std::string_view id) {
  if (!IsValidId(id)) return std::nullopt;
  // The first 10 characters hold 50 bits; the top two are zero for a valid id (first <= '7').
  std::int64_t millis = 0;
  for (int i = 0; i < 10; ++i) millis = (millis << 5) | DigitValue(id[i]);
  using Duration = std::chrono::system_clock::duration;
  constexpr std::int64_t kMaxRepresentable =
      std::chrono::duration_cast<std::chrono::milliseconds>(Duration::max()).count();
  if (millis > kMaxRepresentable) return std::nullopt;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<Duration>(std::chrono::milliseconds(millis)));
}

Status ValidateId(std::string_view id, std::string_view field) {
  if (id.empty()) return Invalid(field, rule::kRequired, "is required");
  if (!IsValidId(id)) {
    return Invalid(field, rule::kPattern,
                   "must be a 26-character upper-case ULID (got \"" +
                       std::string(id.substr(0, 40)) + (id.size() > 40 ? "...\")" : "\")"));
  }
  return {};
}

}  // namespace homeboard::model
