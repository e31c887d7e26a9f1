// The JSON representation of the entities in API responses. One function per entity, each
// writing one object with the entity's id under "id", its parents' ids, the user-visible
// fields, RFC 3339 UTC timestamps ("created_at", "updated_at") and "version" (also sent
// as the ETag). Internal attributes (order keys, the owner's user id, deletion marks)
// never appear. Route files share these, so a page looks the same in a list, alone and
// expanded.
#ifndef HOMEBOARD_SERVER_ENTITY_JSON_H_
#define HOMEBOARD_SERVER_ENTITY_JSON_H_

#include <string>
#include <string_view>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/bookmark.h"
#include "model/group.h"
#include "model/note.h"
#include "model/page.h"
#include "model/preferences.h"
#include "model/widget.h"
#include "server/json_writer.h"
#include "service/page_loader.h"

namespace homeboard::server {

void WritePage(JsonWriter& json, const model::Page& page);
void WriteWidget(JsonWriter& json, const model::Widget& widget);
void WriteGroup(JsonWriter& json, const model::Group& group);
void WriteBookmark(JsonWriter& json, const model::Bookmark& bookmark);
void WriteNote(JsonWriter& json, const model::Note& note);
void WriteNoteSummary(JsonWriter& json, const model::NoteSummary& note);
void WritePreferences(JsonWriter& json, const model::Preferences& preferences);
// The page with "widgets": each widget with its "groups", "bookmarks" or "notes".
// A widget with its groups and bookmarks, or its note previews (one entry of a page view;
// also what a shared widget's public link shows).
void WriteWidgetView(JsonWriter& json, const service::WidgetView& view);
void WritePageView(JsonWriter& json, const service::PageView& view);

// A stored attribute map as plain JSON (S as strings, N as numbers, BOOL, NULL, M as
// objects, L / SS / NS as arrays; binary values as base64url strings). For widget settings.
void WriteAttributeMap(JsonWriter& json, const ddb::Item& item);
// "key": ["a", "b"].
void WriteStrings(JsonWriter& json, std::string_view key, const std::vector<std::string>& values);

// Convenience: one entity as a complete JSON document.
template <typename T, typename Writer>
std::string ToJson(const T& value, Writer write) {
  std::string out;
  JsonWriter json(&out);
  write(json, value);
  return out;
}

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_ENTITY_JSON_H_
