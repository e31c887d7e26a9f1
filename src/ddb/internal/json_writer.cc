// JsonWriter and the UTF-8 check. Escaping scans for the few bytes that need attention
// (quote, backslash, control characters, non-ASCII) eight at a time and appends the
// untouched runs between them in one go, so typical ASCII text costs about a memcpy.
#include "ddb/internal/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace homeboard::ddb::internal {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

std::uint64_t Load8(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// Nonzero if any byte of `word` is zero (classic bit trick; exact when used as a test).
constexpr std::uint64_t HasZeroByte(std::uint64_t word) {
  return (word - kOnes) & ~word & kHighs;
}

// Nonzero if any of the eight bytes needs escaping or UTF-8 checking: a control
// character (< 0x20), '"', '\\', or a byte >= 0x80.
constexpr std::uint64_t NeedsAttention(std::uint64_t word) {
  // Bytes < 0x20: subtracting 0x20 borrows into the high bit only for them (bytes with
  // the high bit already set are caught by the last term anyway).
  const std::uint64_t below_space = (word - 0x20 * kOnes) & ~word & kHighs;
  const std::uint64_t quote = HasZeroByte(word ^ (0x22 * kOnes));
  const std::uint64_t backslash = HasZeroByte(word ^ (0x5C * kOnes));
  return below_space | quote | backslash | (word & kHighs);
}

// Length of the well-formed UTF-8 sequence that starts at p (p < end, *p >= 0x80), or 0
// if there is none. Follows the table of well-formed byte sequences in Unicode 15,
// section 3.9 (Table 3-7).
std::size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char lead = p[0];
  const std::size_t available = static_cast<std::size_t>(end - p);
  auto is_continuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
  if (lead >= 0xC2 && lead <= 0xDF) {
    return available >= 2 && is_continuation(p[1]) ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (available < 3) return 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead == 0xE0) low = 0xA0;       // no overlong forms
    if (lead == 0xED) high = 0x9F;      // no surrogates
    if (p[1] < low || p[1] > high || !is_continuation(p[2])) return 0;
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (available < 4) return 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead == 0xF0) low = 0x90;       // no overlong forms
    if (lead == 0xF4) high = 0x8F;      // nothing above U+10FFFF
    if (p[1] < low || p[1] > high || !is_continuation(p[2]) || !is_continuation(p[3])) {
      return 0;
    }
    return 4;
  }
  return 0;
}

// Byte -> true if it needs attention one at a time (same bytes as NeedsAttention): the test
// for the bytes after the last whole eight, and for a run that an escape interrupted.
constexpr std::array<bool, 256> kAttention = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return table;
}();

constexpr char kHexDigits[] = "0123456789abcdef";

void AppendEscape(std::string* out, unsigned char c) {
  switch (c) {
    case '"': out->append("\\\""); return;
    case '\\': out->append("\\\\"); return;
    case '\b': out->append("\\b"); return;
    case '\f': out->append("\\f"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
    default: {
      const char escape[6] = {'\\', 'u', '0', '0', kHexDigits[c >> 4], kHexDigits[c & 0xF]};
      out->append(escape, sizeof(escape));
      return;
    }
  }
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (end - p >= 8 && (Load8(reinterpret_cast<const char*>(p)) & kHighs) == 0) {
      p += 8;
      continue;
    }
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const std::size_t length = Utf8SequenceLength(p, end);
    if (length == 0) return false;
    p += length;
  }
  return true;
}

std::string PrintableSnippet(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (out.size() >= max_bytes) {
      out.append("...");
      break;
    }
    const unsigned char c = *p;
    if (c == '\t' || c == '\n' || c == '\r') {
      out.push_back(' ');
      ++p;
    } else if (c < 0x20 || c == 0x7F) {
      const char hex[4] = {'\\', 'x', kHexDigits[c >> 4], kHexDigits[c & 0xF]};
      out.append(hex, sizeof(hex));
      ++p;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++p;
    } else if (const std::size_t length = Utf8SequenceLength(p, end); length != 0) {
      out.append(reinterpret_cast<const char*>(p), length);
      p += length;
    } else {
      const char hex[4] = {'\\', 'x', kHexDigits[c >> 4], kHexDigits[c & 0xF]};
      out.append(hex, sizeof(hex));
      ++p;
    }
  }
  return out;
}

void JsonWriter::Key(std::string_view name) {
  if (need_comma_) out_->push_back(',');
  out_->push_back('"');
  AppendEscaped(name);
  out_->append("\":", 2);
  need_comma_ = false;
}

void JsonWriter::String(std::string_view text) {
  Separate();
  out_->push_back('"');
  AppendEscaped(text);
  out_->push_back('"');
}

void JsonWriter::RawNumber(std::string_view decimal) {
  Separate();
  out_->append(decimal);
}

void JsonWriter::Int(std::int64_t value) {
  Separate();
  std::array<char, 24> buffer;
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  (void)ec;  // 24 bytes always fit an int64
  out_->append(buffer.data(), end);
}

void JsonWriter::Bool(bool value) {
  Separate();
  out_->append(value ? "true" : "false");
}

void JsonWriter::Null() {
  Separate();
  out_->append("null", 4);
}

void JsonWriter::RawValue(std::string_view json) {
  Separate();
  out_->append(json);
}

std::string JsonWriter::Release() {
  std::string result = std::move(*out_);
  out_->clear();
  need_comma_ = false;
  return result;
}

void JsonWriter::AppendEscaped(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const char* run = p;  // start of bytes not yet appended
  while (p < end) {
    if (end - p >= 8 && NeedsAttention(Load8(p)) == 0) {
      p += 8;
      continue;
    }
    const auto c = static_cast<unsigned char>(*p);
    if (!kAttention[c]) {
      ++p;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length =
          Utf8SequenceLength(reinterpret_cast<const unsigned char*>(p),
                             reinterpret_cast<const unsigned char*>(end));
      if (length != 0) {
        p += length;  // valid multi-byte character: part of the run, unescaped
        continue;
      }
      out_->append(run, p);
      out_->append("\\ufffd", 6);  // one replacement character per invalid byte
      run = ++p;
      continue;
    }
    out_->append(run, p);
    AppendEscape(out_, c);
    run = ++p;
  }
  out_->append(run, end);
}

}  // namespace homeboard::ddb::internal
