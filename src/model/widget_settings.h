// Widget kinds and the validation of each kind's settings map (docs/data-model.md, "Widget
// kinds and their settings"). Settings are a DynamoDB map stored as the widget's `settings`
// attribute; every key is optional unless marked required:
//
//   bookmarks  tag_query (S, one line, 1-500 characters), show_icons (BOOL), columns (N 1-4)
//   notes      show_preview (BOOL)
//   clock      time_zone (S, IANA name), format (S: "12h" or "24h")
//   search     engine_url (S, http(s) URL containing "{query}")
//   rss        feed_url (S, required, http(s) URL), max_items (N 1-50)
//   embed      url (S, required, https URL), height (N 50-2000)
//
// Numbers must be integers in DynamoDB's canonical form ("4", not "4.0" or "04"). The tag
// query's syntax belongs to the service's search; here it is only bounded text.
#ifndef HOMEBOARD_MODEL_WIDGET_SETTINGS_H_
#define HOMEBOARD_MODEL_WIDGET_SETTINGS_H_

#include <string_view>

#include "ddb/attribute_value.h"
#include "model/error.h"

namespace homeboard::model {

enum class WidgetKind { kBookmarks, kNotes, kClock, kSearch, kRss, kEmbed };

// "bookmarks", "notes", "clock", "search", "rss", "embed".
std::string_view WidgetKindName(WidgetKind kind);
// The kind named `name` (exact, lower case), or rule "enum" naming `field`.
[[nodiscard]] Result<WidgetKind> ParseWidgetKind(std::string_view name,
                                                 std::string_view field = "kind");

inline constexpr std::size_t kMaxTagQueryChars = 500;

// OK if `settings` suits `kind`. Errors name "<field>.<key>" (e.g. "settings.feed_url"):
// "unknown_key" for keys the kind does not have, "type" for a value of the wrong DynamoDB
// type or a non-integer number, "range", "enum", "required", URL and text rules; and
// "max_size" naming `field` if the map is larger than kMaxWidgetSettingsBytes as DynamoDB
// counts it.
[[nodiscard]] Status ValidateWidgetSettings(WidgetKind kind, const ddb::Item& settings,
                                            std::string_view field = "settings");

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_WIDGET_SETTINGS_H_
