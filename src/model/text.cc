// UTF-8 decoding and whitespace handling without ICU.
#include "model/text.h"

#include <fmt/format.h>

#include <optional>

namespace homeboard::model {
namespace {

struct Decoded {
  char32_t code_point;  // valid only when `valid`
  std::size_t length;   // bytes consumed (1 for an invalid byte)
  bool valid;
};

// Decodes the code point starting at text[pos] (pos < text.size()).
Decoded DecodeAt(std::string_view text, std::size_t pos) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(pos);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t length;
  char32_t min;
  char32_t value;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, min = 0x80, value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, min = 0x800, value = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, min = 0x10000, value = lead & 0x07;
  } else {
    return {0, 1, false};  // continuation byte, C0/C1 overlong lead, or F5..FF
  }
  if (text.size() - pos < length) return {0, 1, false};
  for (std::size_t i = 1; i < length; ++i) {
    unsigned char next = byte(pos + i);
    if ((next & 0xC0) != 0x80) return {0, 1, false};
    value = (value << 6) | (next & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return {0, 1, false};
  }
  return {value, length, true};
}

bool IsWhitespaceAt(std::string_view text, std::size_t pos, std::size_t* length) {
  Decoded d = DecodeAt(text, pos);
  *length = d.length;
  return d.valid && IsUnicodeWhitespace(d.code_point);
}

// The first control character in `text` (assumed valid UTF-8) not in `allowed`.
std::optional<char32_t> FindControl(std::string_view text, std::u32string_view allowed) {
  for (std::size_t pos = 0; pos < text.size();) {
    Decoded d = DecodeAt(text, pos);
    if (d.valid && IsControlCharacter(d.code_point) &&
        allowed.find(d.code_point) == std::u32string_view::npos) {
      return d.code_point;
    }
    pos += d.length;
  }
  return std::nullopt;
}

// True if `text` (valid UTF-8) is what NormalizeWhitespace makes of it: no whitespace at
// either end, and every whitespace run a single ' '. Allocates nothing.
bool IsWhitespaceNormalized(std::string_view text) {
  bool previous_space = true;  // so that leading whitespace fails
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length;
    if (IsWhitespaceAt(text, pos, &length)) {
      if (previous_space || length != 1 || text[pos] != ' ') return false;
      previous_space = true;
    } else {
      previous_space = false;
    }
    pos += length;
  }
  return text.empty() || !previous_space;
}

// True if every byte of `text` is printable ASCII (0x20..0x7E; multiline text may also hold
// tab, CR and LF) and, for a line, no space starts or ends it or follows another. Such text
// is valid UTF-8, has no forbidden control character, is whitespace-normalised if a line
// and has one code point per byte: ValidateText's common case, checked in one pass.
bool IsPlainAscii(std::string_view text, TextKind kind) {
  bool previous_space = kind == TextKind::kLine;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u > 0x7E) return false;
    if (u < 0x20 && (kind == TextKind::kLine || (u != '\t' && u != '\n' && u != '\r'))) {
      return false;
    }
    if (kind == TextKind::kLine) {
      if (u == ' ' && previous_space) return false;
      previous_space = u == ' ';
    }
  }
  return kind != TextKind::kLine || text.empty() || !previous_space;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    Decoded d = DecodeAt(text, pos);
    if (!d.valid) return false;
    pos += d.length;
  }
  return true;
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool IsUnicodeWhitespace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool IsControlCharacter(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::string TrimWhitespace(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the last non-whitespace byte
  bool seen = false;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length;
    bool space = IsWhitespaceAt(text, pos, &length);
    if (!space) {
      if (!seen) begin = pos;
      seen = true;
      end = pos + length;
    }
    pos += length;
  }
  return seen ? std::string(text.substr(begin, end - begin)) : std::string();
}

std::string NormalizeWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length;
    if (IsWhitespaceAt(text, pos, &length)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
  return out;
}

std::string TruncateCodePoints(std::string_view text, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if ((static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80) {
      if (count == max_code_points) return std::string(text.substr(0, pos));
      ++count;
    }
  }
  return std::string(text);
}

Status ValidateText(std::string_view value, std::string_view field, TextKind kind,
                    TextLimits limits) {
  if (value.size() > limits.max_bytes) {
    return Invalid(field, rule::kMaxLength,
                   fmt::format("at most {} bytes (got {})", limits.max_bytes, value.size()));
  }
  const bool plain = IsPlainAscii(value, kind);
  if (!plain) {
    if (!IsValidUtf8(value)) return Invalid(field, rule::kUtf8, "must be valid UTF-8");
    if (kind == TextKind::kLine && !IsWhitespaceNormalized(value)) {
      return Invalid(field, rule::kNotNormalized,
                     "must be trimmed, with single spaces between words and no tabs or newlines");
    }
    std::u32string_view allowed = kind == TextKind::kLine ? U"" : U"\t\n\r";
    if (auto control = FindControl(value, allowed)) {
      return Invalid(field, rule::kControlCharacter,
                     fmt::format("must not contain control character U+{:04X}",
                                 static_cast<std::uint32_t>(*control)));
    }
  }
  if (value.empty() && limits.min_chars > 0) return Invalid(field, rule::kRequired, "is required");
  std::size_t chars = plain ? value.size() : CodePointCount(value);
  if (chars < limits.min_chars) {
    return Invalid(field, rule::kMinLength,
                   fmt::format("at least {} characters (got {})", limits.min_chars, chars));
  }
  if (chars > limits.max_chars) {
    return Invalid(field, rule::kMaxLength,
                   fmt::format("at most {} characters (got {})", limits.max_chars, chars));
  }
  return {};
}

}  // namespace homeboard::model
