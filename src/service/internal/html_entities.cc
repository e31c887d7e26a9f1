// Character reference decoding and HTML escaping (see html_entities.h).
#include "service/internal/html_entities.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace homeboard::service::internal {
namespace {

// The Latin-1 names, in code point order from U+00A0 (nbsp) to U+00FF (yuml).
constexpr std::array<std::string_view, 96> kLatin1Names = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

// Names outside the Latin-1 block that show up in bookmark titles.
constexpr std::pair<std::string_view, char32_t> kOtherNames[] = {
    {"quot", 0x22},    {"QUOT", 0x22},     {"amp", 0x26},      {"AMP", 0x26},
    {"apos", 0x27},    {"lt", 0x3C},       {"LT", 0x3C},       {"gt", 0x3E},
    {"GT", 0x3E},      {"COPY", 0xA9},     {"REG", 0xAE},      {"OElig", 0x152},
    {"oelig", 0x153},  {"Scaron", 0x160},  {"scaron", 0x161},  {"Yuml", 0x178},
    {"fnof", 0x192},   {"circ", 0x2C6},    {"tilde", 0x2DC},   {"ensp", 0x2002},
    {"emsp", 0x2003},  {"thinsp", 0x2009}, {"zwnj", 0x200C},   {"zwj", 0x200D},
    {"lrm", 0x200E},   {"rlm", 0x200F},    {"ndash", 0x2013},  {"mdash", 0x2014},
    {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"sbquo", 0x201A},  {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"bdquo", 0x201E},  {"dagger", 0x2020}, {"Dagger", 0x2021},
    {"bull", 0x2022},  {"hellip", 0x2026}, {"permil", 0x2030}, {"prime", 0x2032},
    {"Prime", 0x2033}, {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"euro", 0x20AC},
    {"trade", 0x2122}, {"larr", 0x2190},   {"uarr", 0x2191},   {"rarr", 0x2192},
    {"darr", 0x2193},  {"harr", 0x2194},
};

// What browsers substitute for &#128;..&#159; (0 = keep the C1 code point).
constexpr std::array<char32_t, 32> kWindows1252 = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

// The longest name in either table ("thinsp", "Ccedil", "frac14"... are at most 6).
constexpr std::size_t kMaxNameLength = 8;

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsSemicolonOptional(std::string_view name) {
  return name == "amp" || name == "AMP" || name == "lt" || name == "LT" || name == "gt" ||
         name == "GT" || name == "quot" || name == "QUOT";
}

// Decodes a numeric reference whose '#' is at raw[pos]. On success appends the character,
// and returns the index just past the reference; returns pos - 1 (the '&') untouched when
// there are no digits.
std::size_t DecodeNumeric(std::string_view raw, std::size_t hash, std::string& out) {
  std::size_t pos = hash + 1;
  bool hex = pos < raw.size() && (raw[pos] == 'x' || raw[pos] == 'X');
  if (hex) ++pos;
  const std::size_t digits_start = pos;
  std::uint32_t value = 0;
  bool too_large = false;
  while (pos < raw.size()) {
    int digit =
        hex ? HexValue(raw[pos]) : (raw[pos] >= '0' && raw[pos] <= '9' ? raw[pos] - '0' : -1);
    if (digit < 0) break;
    if (!too_large) {
      value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
      if (value > 0x10FFFF) too_large = true;
    }
    ++pos;
  }
  if (pos == digits_start) return hash - 1;
  if (pos < raw.size() && raw[pos] == ';') ++pos;
  char32_t code_point = too_large ? 0xFFFD : static_cast<char32_t>(value);
  if (code_point == 0) code_point = 0xFFFD;
  if (code_point >= 0x80 && code_point <= 0x9F && kWindows1252[code_point - 0x80] != 0) {
    code_point = kWindows1252[code_point - 0x80];
  }
  AppendUtf8(code_point, out);
  return pos;
}

}  // namespace

std::optional<char32_t> LookupNamedEntity(std::string_view name) {
  // The four that escaped text is made of come first; the rest from a table built once.
  if (name == "amp") return U'&';
  if (name == "lt") return U'<';
  if (name == "gt") return U'>';
  if (name == "quot") return U'"';
  static const auto* const kTable = [] {
    auto* table = new std::unordered_map<std::string_view, char32_t>();
    for (std::size_t i = 0; i < kLatin1Names.size(); ++i) {
      table->emplace(kLatin1Names[i], static_cast<char32_t>(0xA0 + i));
    }
    for (const auto& [entity, code_point] : kOtherNames) table->emplace(entity, code_point);
    return table;
  }();
  auto found = kTable->find(name);
  if (found == kTable->end()) return std::nullopt;
  return found->second;
}

void AppendUtf8(char32_t code_point, std::string& out) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    code_point = 0xFFFD;
  }
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

void AppendDecodedEntities(std::string_view raw, EntityContext context, std::string& out) {
  std::size_t copied = 0;  // raw[copied, amp) is still to be copied
  std::size_t amp = raw.find('&');
  while (amp != std::string_view::npos) {
    out.append(raw, copied, amp - copied);
    std::size_t next = amp + 1;  // where scanning resumes; amp + 1 keeps '&' literal
    if (next < raw.size() && raw[next] == '#') {
      std::size_t end = DecodeNumeric(raw, next, out);
      next = end == amp ? amp + 1 : end;
      if (end == amp) out.push_back('&');
    } else {
      std::size_t name_end = next;
      while (name_end < raw.size() && name_end - next <= kMaxNameLength &&
             IsAsciiAlnum(raw[name_end])) {
        ++name_end;
      }
      std::string_view name = raw.substr(next, name_end - next);
      std::optional<char32_t> code_point;
      if (!name.empty() && name.size() <= kMaxNameLength) {
        bool semicolon = name_end < raw.size() && raw[name_end] == ';';
        if (semicolon) {
          code_point = LookupNamedEntity(name);
          if (code_point) name_end += 1;
        } else if (IsSemicolonOptional(name)) {
          bool before_equals = name_end < raw.size() && raw[name_end] == '=';
          if (!(context == EntityContext::kAttribute && before_equals)) {
            code_point = LookupNamedEntity(name);
          }
        }
      }
      if (code_point) {
        AppendUtf8(*code_point, out);
        next = name_end;
      } else {
        out.push_back('&');
      }
    }
    copied = next;
    amp = raw.find('&', next);
  }
  out.append(raw.substr(copied));
}

std::string DecodeEntities(std::string_view raw, EntityContext context) {
  std::string out;
  out.reserve(raw.size());
  AppendDecodedEntities(raw, context, out);
  return out;
}

std::string DecodeWindows1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else if (byte < 0xA0 && kWindows1252[byte - 0x80] != 0) {
      AppendUtf8(kWindows1252[byte - 0x80], out);
    } else {
      AppendUtf8(byte, out);
    }
  }
  return out;
}

void AppendEscapedText(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out.push_back(c);
    }
  }
}

void AppendEscapedAttribute(std::string_view value, std::string& out) {
  for (char c : value) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out.push_back(c);
    }
  }
}

}  // namespace homeboard::service::internal
