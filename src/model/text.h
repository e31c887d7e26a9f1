// UTF-8 text rules shared by the entities: validity, code-point counting, Unicode
// whitespace trimming and collapsing, and one validator for every text field.
//
// Character limits in docs/data-model.md count Unicode code points, so "😀" is one
// character (four bytes) and "é" written as e + U+0301 is two. Case folding and Unicode
// normalisation (NFC) are deliberately not done: they need ICU (see tag.h).
#ifndef HOMEBOARD_MODEL_TEXT_H_
#define HOMEBOARD_MODEL_TEXT_H_

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "model/error.h"

namespace homeboard::model {

// True if `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool IsValidUtf8(std::string_view text);

// Number of code points. For invalid UTF-8, every byte that is not a continuation byte
// (10xxxxxx) counts as one.
std::size_t CodePointCount(std::string_view text);

// True for the Unicode White_Space characters: U+0009..U+000D, U+0020, U+0085, U+00A0,
// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
bool IsUnicodeWhitespace(char32_t code_point);

// True for C0 controls (U+0000..U+001F), DEL (U+007F) and C1 controls (U+0080..U+009F).
bool IsControlCharacter(char32_t code_point);

// `text` without leading and trailing Unicode whitespace.
std::string TrimWhitespace(std::string_view text);

// `text` trimmed, with every inner run of Unicode whitespace replaced by one ASCII space:
// "\u00a0 Rust\t\n Lang  " -> "Rust Lang". Bytes that are not valid UTF-8 are copied as
// they are (validate separately).
std::string NormalizeWhitespace(std::string_view text);

// The first `max_code_points` code points of `text` (valid UTF-8 is never cut inside a
// character).
std::string TruncateCodePoints(std::string_view text, std::size_t max_code_points);

// How a text field is stored.
enum class TextKind {
  // One line: stored as NormalizeWhitespace() leaves it (trimmed, single spaces, so no tabs
  // or newlines), no control characters. Titles, names, labels.
  kLine,
  // Free text kept as typed: any whitespace, but no control characters other than tab,
  // line feed and carriage return. Descriptions, note bodies.
  kMultiline,
};

struct TextLimits {
  std::size_t min_chars = 0;  // >= 1 makes the field required
  std::size_t max_chars = std::numeric_limits<std::size_t>::max();
  std::size_t max_bytes = std::numeric_limits<std::size_t>::max();
};

// Checks one stored text field, in this order, failing with the first broken rule:
// "max_length" (bytes), "utf8", for kLine "not_normalized", "control_character",
// "required" (empty while min_chars >= 1), "min_length", "max_length" (characters).
// Messages name `field` and the limit, e.g. "title: at most 200 characters (got 250)".
[[nodiscard]] Status ValidateText(std::string_view value, std::string_view field, TextKind kind,
                                  TextLimits limits);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_TEXT_H_
