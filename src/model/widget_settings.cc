// Per-kind widget settings rules, as a table of allowed keys.
#include "model/widget_settings.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <span>

#include "model/i18n.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/text.h"
#include "model/url.h"

namespace homeboard::model {
namespace {

using ddb::AttributeValue;

enum class ValueRule {
  kBool,         // BOOL
  kInteger,      // N, integer within [min, max]
  kTagQuery,     // S, one line, 1..kMaxTagQueryChars
  kTimeZone,     // S, IANA name
  kClockFormat,  // S, "12h" | "24h"
  kHttpUrl,      // S, http(s) URL
  kHttpsUrl,     // S, https URL
  kUrlTemplate,  // S, http(s) URL containing "{query}"
};

struct SettingRule {
  std::string_view key;
  ValueRule value;
  bool required = false;
  std::int64_t min = 0;
  std::int64_t max = 0;
};

constexpr std::array kBookmarksRules = {
    SettingRule{"tag_query", ValueRule::kTagQuery},
    SettingRule{"show_icons", ValueRule::kBool},
    SettingRule{"columns", ValueRule::kInteger, false, 1, 4},
};
constexpr std::array kNotesRules = {SettingRule{"show_preview", ValueRule::kBool}};
constexpr std::array kClockRules = {
    SettingRule{"time_zone", ValueRule::kTimeZone},
    SettingRule{"format", ValueRule::kClockFormat},
};
constexpr std::array kSearchRules = {SettingRule{"engine_url", ValueRule::kUrlTemplate}};
constexpr std::array kRssRules = {
    SettingRule{"feed_url", ValueRule::kHttpUrl, true},
    SettingRule{"max_items", ValueRule::kInteger, false, 1, 50},
};
constexpr std::array kEmbedRules = {
    SettingRule{"url", ValueRule::kHttpsUrl, true},
    SettingRule{"height", ValueRule::kInteger, false, 50, 2000},
};

std::span<const SettingRule> RulesFor(WidgetKind kind) {
  switch (kind) {
    case WidgetKind::kBookmarks:
      return kBookmarksRules;
    case WidgetKind::kNotes:
      return kNotesRules;
    case WidgetKind::kClock:
      return kClockRules;
    case WidgetKind::kSearch:
      return kSearchRules;
    case WidgetKind::kRss:
      return kRssRules;
    case WidgetKind::kEmbed:
      return kEmbedRules;
  }
  return {};
}

ValidationError WrongType(const std::string& field, std::string_view expected) {
  return Invalid(field, rule::kType, fmt::format("must be {}", expected));
}

Status CheckValue(const SettingRule& rule, const AttributeValue& value, const std::string& field) {
  if (rule.value == ValueRule::kBool) {
    if (!value.IsBool()) return WrongType(field, "a boolean (BOOL)");
    return {};
  }
  if (rule.value == ValueRule::kInteger) {
    auto number = value.IsN() ? internal::ParseCanonicalInteger(value.AsN()) : std::nullopt;
    if (!number) return WrongType(field, "an integer (N)");
    if (*number < rule.min || *number > rule.max) {
      return Invalid(
          field, rule::kRange,
          fmt::format("must be between {} and {} (got {})", rule.min, rule.max, *number));
    }
    return {};
  }
  if (!value.IsS()) return WrongType(field, "a string (S)");
  const std::string& text = value.AsS();
  switch (rule.value) {
    case ValueRule::kTagQuery:
      return ValidateText(text, field, TextKind::kLine,
                          {.min_chars = 1, .max_chars = kMaxTagQueryChars});
    case ValueRule::kTimeZone:
      return ValidateTimeZoneName(text, field);
    case ValueRule::kClockFormat:
      if (text != "12h" && text != "24h") {
        return Invalid(field, rule::kEnum, "must be \"12h\" or \"24h\"");
      }
      return {};
    case ValueRule::kHttpUrl:
      return ValidateHttpUrl(text, field);
    case ValueRule::kHttpsUrl:
      return ValidateHttpsUrl(text, field);
    case ValueRule::kUrlTemplate:
      HOMEBOARD_RETURN_IF_INVALID(ValidateHttpUrl(text, field));
      if (text.find("{query}") == std::string::npos) {
        return Invalid(field, rule::kPattern, "must contain the placeholder {query}");
      }
      return {};
    case ValueRule::kBool:
    case ValueRule::kInteger:
      break;
  }
  return {};
}

}  // namespace

std::string_view WidgetKindName(WidgetKind kind) {
  switch (kind) {
    case WidgetKind::kBookmarks:
      return "bookmarks";
    case WidgetKind::kNotes:
      return "notes";
    case WidgetKind::kClock:
      return "clock";
    case WidgetKind::kSearch:
      return "search";
    case WidgetKind::kRss:
      return "rss";
    case WidgetKind::kEmbed:
      return "embed";
  }
  return "";
}

Result<WidgetKind> ParseWidgetKind(std::string_view name, std::string_view field) {
  for (WidgetKind kind : {WidgetKind::kBookmarks, WidgetKind::kNotes, WidgetKind::kClock,
                          WidgetKind::kSearch, WidgetKind::kRss, WidgetKind::kEmbed}) {
    if (WidgetKindName(kind) == name) return kind;
  }
  return Invalid(field, rule::kEnum, "must be one of bookmarks, notes, clock, search, rss, embed");
}

Status ValidateWidgetSettings(WidgetKind kind, const ddb::Item& settings, std::string_view field) {
  // AttributeValue::M(settings).ApproximateSize(), without copying the map to get it.
  std::size_t size = 3;
  for (const auto& [name, value] : settings) size += name.size() + value.ApproximateSize() + 1;
  if (size > kMaxWidgetSettingsBytes) {
    return Invalid(field, rule::kMaxSize,
                   fmt::format("at most {} bytes (got {})", kMaxWidgetSettingsBytes, size));
  }
  std::span<const SettingRule> rules = RulesFor(kind);
  for (const auto& [key, value] : settings) {
    const SettingRule* match = nullptr;
    for (const SettingRule& rule : rules) {
      if (rule.key == key) match = &rule;
    }
    if (!match) {
      return Invalid(FieldPath(field, key.substr(0, 64)), rule::kUnknownKey,
                     fmt::format("is not a setting of {} widgets", WidgetKindName(kind)));
    }
    // Settings are checked on every read of a widget: the field path is built only to name
    // a value that fails (CheckValue is pure, so checking again with the name is the same).
    if (!CheckValue(*match, value, std::string()).ok()) {
      return CheckValue(*match, value, FieldPath(field, key.substr(0, 64)));
    }
  }
  for (const SettingRule& rule : rules) {
    if (rule.required && settings.find(rule.key) == settings.end()) {
      return Invalid(FieldPath(field, rule.key), rule::kRequired,
                     fmt::format("is required for {} widgets", WidgetKindName(kind)));
    }
  }
  return {};
}

}  // namespace homeboard::model
