// Time zone name and language tag shape checks.
#include "model/i18n.h"

#include <fmt/format.h>

namespace homeboard::model {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

constexpr std::size_t kMaxTimeZoneChars = 64;
constexpr std::size_t kMaxLanguageTagChars = 35;

// Calls `check(part)` for every `separator`-delimited part; false if any part fails.
template <typename Check>
bool AllParts(std::string_view text, char separator, Check check) {
  std::size_t index = 0;
  while (true) {
    std::size_t end = text.find(separator);
    if (!check(text.substr(0, end), index++)) return false;
    if (end == std::string_view::npos) return true;
    text.remove_prefix(end + 1);
  }
}

}  // namespace

Status ValidateTimeZoneName(std::string_view name, std::string_view field) {
  if (name.empty()) return Invalid(field, rule::kRequired, "is required");
  if (name.size() > kMaxTimeZoneChars) {
    return Invalid(field, rule::kMaxLength,
                   fmt::format("at most {} characters (got {})", kMaxTimeZoneChars, name.size()));
  }
  bool ok = AllParts(name, '/', [](std::string_view part, std::size_t) {
    if (part.empty() || !IsAsciiLetter(part.front())) return false;
    for (char c : part) {
      if (!IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '_' && c != '+' && c != '-') return false;
    }
    return true;
  });
  if (!ok) {
    return Invalid(field, rule::kPattern,
                   "must be an IANA time zone name like Europe/Berlin or UTC");
  }
  return {};
}

Status ValidateLanguageTag(std::string_view tag, std::string_view field) {
  if (tag.empty()) return Invalid(field, rule::kRequired, "is required");
  if (tag.size() > kMaxLanguageTagChars) {
    return Invalid(field, rule::kMaxLength,
                   fmt::format("at most {} characters (got {})", kMaxLanguageTagChars, tag.size()));
  }
  bool ok = AllParts(tag, '-', [](std::string_view part, std::size_t index) {
    if (part.empty() || part.size() > 8) return false;
    if (index == 0 && part.size() < 2) return false;
    for (char c : part) {
      bool allowed = index == 0 ? IsAsciiLetter(c) : IsAsciiLetter(c) || IsAsciiDigit(c);
      if (!allowed) return false;
    }
    return true;
  });
  if (!ok) return Invalid(field, rule::kPattern, "must be a BCP 47 language tag like en-US");
  return {};
}

}  // namespace homeboard::model
