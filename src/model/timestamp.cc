// RFC 3339 formatting and strict parsing with overflow-safe arithmetic.
#include "model/timestamp.h"

#include <limits>
#include <optional>

namespace homeboard::model {
namespace {

using std::chrono::days;
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Cursor over the input; every read is bounds-checked.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ == text_.size(); }
  std::optional<char> Peek() const {
    if (AtEnd()) return std::nullopt;
    return text_[pos_];
  }
  // Reads exactly `count` ASCII digits.
  std::optional<int> Digits(int count) {
    if (text_.size() - pos_ < static_cast<std::size_t>(count)) return std::nullopt;
    int value = 0;
    for (int i = 0; i < count; ++i) {
      char c = text_[pos_ + i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += count;
    return value;
  }
  bool Literal(char a, char b = '\0') {
    if (AtEnd()) return false;
    char c = text_[pos_];
    if (c != a && (b == '\0' || c != b)) return false;
    ++pos_;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string Quoted(std::string_view text) {
  constexpr std::size_t kMaxEcho = 40;
  std::string out = "\"";
  for (char c : text.substr(0, kMaxEcho)) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? '?' : c;
  }
  if (text.size() > kMaxEcho) out += "...";
  out += '"';
  return out;
}

}  // namespace

std::string FormatTimestamp(Time time) {
  auto since_epoch =
      duration_cast<milliseconds>(std::chrono::floor<milliseconds>(time.time_since_epoch()));
  auto day_count = std::chrono::floor<days>(since_epoch);
  std::chrono::year_month_day date{std::chrono::sys_days(day_count)};
  std::int64_t ms_of_day = (since_epoch - day_count).count();
  int hour = static_cast<int>(ms_of_day / 3'600'000);
  int minute = static_cast<int>(ms_of_day / 60'000 % 60);
  int second = static_cast<int>(ms_of_day / 1000 % 60);
  int millis = static_cast<int>(ms_of_day % 1000);
  // Written by hand rather than with fmt: every write stamps one or two of these. Years of
  // a system_clock time are 1677..2262 (nanosecond ticks), so four digits always suffice.
  std::string out(kTimestampLength, '0');
  auto put = [&out](std::size_t pos, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) {
      out[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    }
  };
  put(0, static_cast<int>(date.year()), 4);
  out[4] = '-';
  put(5, static_cast<int>(static_cast<unsigned>(date.month())), 2);
  out[7] = '-';
  put(8, static_cast<int>(static_cast<unsigned>(date.day())), 2);
  out[10] = 'T';
  put(11, hour, 2);
  out[13] = ':';
  put(14, minute, 2);
  out[16] = ':';
  put(17, second, 2);
  out[19] = '.';
  put(20, millis, 3);
  out[23] = 'Z';
  return out;
}

Result<Time> ParseTimestamp(std::string_view text, std::string_view field) {
  auto bad_shape = [&] {
    return Invalid(
        field, rule::kPattern,
        "must be an RFC 3339 date-time like 2026-11-25T08:40:17.123Z (got " + Quoted(text) + ")");
  };
  auto bad_range = [&](std::string_view what) {
    return Invalid(field, rule::kRange, std::string(what) + " (got " + Quoted(text) + ")");
  };

  Scanner in(text);
  auto year = in.Digits(4);
  if (!year || !in.Literal('-')) return bad_shape();
  auto month = in.Digits(2);
  if (!month || !in.Literal('-')) return bad_shape();
  auto day = in.Digits(2);
  if (!day || !in.Literal('T', 't')) return bad_shape();
  auto hour = in.Digits(2);
  if (!hour || !in.Literal(':')) return bad_shape();
  auto minute = in.Digits(2);
  if (!minute || !in.Literal(':')) return bad_shape();
  auto second = in.Digits(2);
  if (!second) return bad_shape();

  std::int64_t nanos = 0;
  if (in.Literal('.')) {
    int digits = 0;
    std::int64_t scale = 100'000'000;
    while (auto d = in.Digits(1)) {
      ++digits;
      nanos += *d * scale;
      scale /= 10;
    }
    if (digits == 0) return bad_shape();
  }

  int offset_minutes = 0;
  if (in.Literal('Z', 'z')) {
    // UTC
  } else if (auto sign = in.Peek(); sign == '+' || sign == '-') {
    in.Literal(*sign);
    auto off_hour = in.Digits(2);
    if (!off_hour || !in.Literal(':')) return bad_shape();
    auto off_minute = in.Digits(2);
    if (!off_minute) return bad_shape();
    if (*off_hour > 23 || *off_minute > 59) return bad_range("offset out of range");
    offset_minutes = (*off_hour * 60 + *off_minute) * (*sign == '-' ? -1 : 1);
  } else {
    return bad_shape();
  }
  if (!in.AtEnd()) return bad_shape();

  std::chrono::year_month_day date{std::chrono::year(*year),
                                   std::chrono::month(static_cast<unsigned>(*month)),
                                   std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return bad_range("not a calendar date");
  if (*hour > 23 || *minute > 59 || *second > 59) return bad_range("not a time of day");

  // Years 0..9999 keep this far inside int64.
  std::int64_t epoch_seconds =
      std::int64_t{std::chrono::sys_days(date).time_since_epoch().count()} * 86400 +
      std::int64_t{*hour} * 3600 + std::int64_t{*minute} * 60 + *second -
      std::int64_t{offset_minutes} * 60;
  using Duration = Time::duration;
  constexpr std::int64_t kMaxSeconds = duration_cast<seconds>(Duration::max()).count() - 1;
  constexpr std::int64_t kMinSeconds = duration_cast<seconds>(Duration::min()).count() + 1;
  if (epoch_seconds > kMaxSeconds || epoch_seconds < kMinSeconds) {
    return bad_range("outside the supported years 1678..2261");
  }
  Duration since_epoch = duration_cast<Duration>(seconds(epoch_seconds)) +
                         duration_cast<Duration>(std::chrono::nanoseconds(nanos));
  return Time(since_epoch);
}

bool IsCanonicalTimestamp(std::string_view text) {
  if (text.size() != kTimestampLength || text[10] != 'T' || text[19] != '.' || text[23] != 'Z') {
    return false;
  }
  // With 'T', '.' and 'Z' at those places and 24 characters in all, a successful parse read
  // four-digit year, two-digit month to second and exactly three fraction digits, all in
  // range, so formatting the time would give `text` back: no need to (this runs on every
  // read of every entity).
  return ParseTimestamp(text).ok();
}

Status ValidateTimestamp(std::string_view text, std::string_view field) {
  if (text.empty()) return Invalid(field, rule::kRequired, "is required");
  if (!IsCanonicalTimestamp(text)) {
    return Invalid(field, rule::kPattern,
                   "must be a UTC timestamp with milliseconds like 2026-11-25T08:40:17.123Z "
                   "(got " +
                       Quoted(text) + ")");
  }
  return {};
}

std::int64_t ToEpochSeconds(Time time) {
  return std::chrono::floor<seconds>(time.time_since_epoch()).count();
}

Time FromEpochSeconds(std::int64_t epoch_seconds) {
  using Duration = Time::duration;
  constexpr std::int64_t kMaxSeconds = duration_cast<seconds>(Duration::max()).count();
  constexpr std::int64_t kMinSeconds = duration_cast<seconds>(Duration::min()).count();
  if (epoch_seconds > kMaxSeconds) return Time::max();
  if (epoch_seconds < kMinSeconds) return Time::min();
  return Time(duration_cast<Duration>(seconds(epoch_seconds)));
}

}  // namespace homeboard::model
