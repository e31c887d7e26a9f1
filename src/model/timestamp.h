// Timestamps: RFC 3339 UTC strings with milliseconds, "2026-11-25T08:40:17.123Z"
// (https://www.rfc-editor.org/rfc/rfc3339#section-5.6). Fixed width (24 characters), so
// they sort as strings and can be sort keys (docs/data-model.md, "Conventions").
// Expiry attributes (expires_at) are epoch seconds instead, as DynamoDB TTL requires.
#ifndef HOMEBOARD_MODEL_TIMESTAMP_H_
#define HOMEBOARD_MODEL_TIMESTAMP_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/error.h"

namespace homeboard::model {

using Time = std::chrono::system_clock::time_point;

inline constexpr std::size_t kTimestampLength = 24;

// "YYYY-MM-DDTHH:MM:SS.mmmZ" in UTC, the time rounded down to the millisecond.
std::string FormatTimestamp(Time time);

// Parses an RFC 3339 date-time and normalises it to UTC. Accepted:
//   YYYY-MM-DD "T" HH:MM:SS [ "." digits ] ( "Z" | ("+" | "-") HH:MM )
// with "t" and "z" also accepted in lower case (RFC 3339 section 5.6 note). Fields must
// form a real date and time (no February 30, no hour 24, no leap second 60, offsets at
// most 23:59). Digits beyond the clock's resolution (nanoseconds) are dropped. Fails with
// rule "pattern" for any other shape (spaces, missing seconds, trailing text) and "range"
// for impossible values or times system_clock cannot hold (outside 1677..2262). Never
// crashes or reads past `text`, whatever it holds.
[[nodiscard]] Result<Time> ParseTimestamp(std::string_view text,
                                          std::string_view field = "timestamp");

// True if `text` is exactly what FormatTimestamp produces for some time: 24 characters,
// milliseconds, "Z", upper-case "T", a real date. Stored timestamps must be canonical so
// they sort as strings.
bool IsCanonicalTimestamp(std::string_view text);

// OK if `text` is canonical; otherwise "required" (empty) or "pattern" naming `field`.
[[nodiscard]] Status ValidateTimestamp(std::string_view text, std::string_view field);

// Epoch seconds (rounded down) of `time`, and back; for TTL attributes.
std::int64_t ToEpochSeconds(Time time);
Time FromEpochSeconds(std::int64_t seconds);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_TIMESTAMP_H_
