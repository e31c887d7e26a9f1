// Shared pieces of the content routes (routes_widgets.cc, routes_groups.cc,
// routes_bookmarks.cc, routes_notes.cc): reading what the generic body check of
// request_json.h cannot (widget settings as a JSON object, the members of objects inside
// arrays), placements, canonical locations, and list replies — {"items":[...],
// "next_cursor":...} — both for lists the services return whole (paged here by a sort key
// carried in an opaque cursor) and for lists the services page themselves (their cursor
// wrapped, so every cursor of the API looks alike).
//
// Thread safety: all functions are reentrant.
#ifndef HOMEBOARD_SERVER_CONTENT_JSON_H_
#define HOMEBOARD_SERVER_CONTENT_JSON_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/group.h"
#include "server/api.h"
#include "server/json_writer.h"
#include "server/request_json.h"
#include "server/rest.h"
#include "service/context.h"

namespace homeboard::server {

// The query parameters every paginated list documents.
std::vector<QueryParam> ListQueryParams();

// `value` (a JSON object) as a DynamoDB map for widget settings: strings S, integers and
// other numbers N (as written; the settings validation refuses non-integers), booleans BOOL,
// null NULL, objects M, arrays L. 400 rule "type" naming `field` if `value` is not an object.
[[nodiscard]] ProblemOr<ddb::Item> SettingsFromJson(const JsonValue& value, std::string_view field);

// Checks a JSON value found inside a body (an element of an array) the way ReadBody checks
// a whole body: an object whose members all appear in `spec` with the right types, none
// read-only, every required one present. Errors name "<path>.<member>" (path like
// "bookmarks[3]"), or `path` itself when `value` is not an object.
[[nodiscard]] ProblemOr<JsonBody> ReadNested(const JsonValue& value, const BodySpec& spec,
                                             std::string_view path);

// A body member that must be an int (column): nullopt when absent; 400 rule "range" naming
// `name` when it does not fit an int.
[[nodiscard]] ProblemOr<std::optional<int>> IntMember(const JsonBody& body, std::string_view name);

// before_id / after_id of a body (absent or null: not given).
service::Placement PlacementOf(const JsonBody& body);

// The canonical paths of created objects (the Location header).
std::string WidgetLocation(std::string_view page_id, std::string_view widget_id);
std::string GroupLocation(std::string_view widget_id, std::string_view group_id);
std::string BookmarkLocation(std::string_view widget_id, std::string_view bookmark_id);
std::string NoteLocation(std::string_view widget_id, std::string_view note_id);

// Tree-order sort keys of `groups` (as GroupService::List returns them), parallel to it:
// depth first, siblings by (order_key, group_id), groups whose parent is missing after the
// tree. Strictly increasing along a list in tree order, so a cursor holding the last key
// stays valid however the list changes between pages.
std::vector<std::string> GroupTreeKeys(const std::vector<model::Group>& groups);

// One page of a list the service returned whole, sorted by `keys` (parallel to the list,
// strictly increasing): the items after the cursor's key, without those updated before
// `modified_since`, at most params.limit of them; next_cursor holds the last key written
// when more remain. A cursor that is not one this function wrote is 400 naming "cursor".
template <typename T>
struct SortedList {
  const std::vector<T>* items = nullptr;
  std::vector<std::string> keys;
  std::function<const std::string&(const T&)> updated_at;
  std::function<void(JsonWriter&, const T&)> write;
};
[[nodiscard]] ProblemOr<std::string> DecodeListCursor(std::string_view cursor);
std::string EncodeListCursor(std::string_view key);

template <typename T>
Reply PagedListReply(const SortedList<T>& list, const PageParams& params,
                     const std::optional<std::string>& modified_since) {
  std::string after;
  if (!params.cursor.empty()) {
    auto decoded = DecodeListCursor(params.cursor);
    if (!decoded.ok()) return decoded.error();
    after = std::move(decoded).value();
  }
  std::string body;
  JsonWriter json(&body);
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  std::size_t written = 0;
  const std::string* last_key = nullptr;
  bool more = false;
  for (std::size_t i = 0; i < list.items->size(); ++i) {
    const T& item = (*list.items)[i];
    if (!params.cursor.empty() && list.keys[i] <= after) continue;
    if (modified_since && list.updated_at(item) < *modified_since) continue;
    if (written == params.limit) {
      more = true;
      break;
    }
    list.write(json, item);
    last_key = &list.keys[i];
    ++written;
  }
  json.EndArray();
  json.Key("next_cursor");
  if (more && last_key != nullptr) {
    json.String(EncodeListCursor(*last_key));
  } else {
    json.Null();
  }
  json.EndObject();
  return JsonReply(200, std::move(body));
}

// A page of a list the service paged itself: `items` written with `write` (skipping those
// updated before `modified_since`, so a page may be short, even empty, while next_cursor is
// not null), and the service's next cursor wrapped (empty: null).
template <typename T, typename Write>
HttpResponse ServicePageReply(const std::vector<T>& items, std::string_view service_cursor,
                              const std::optional<std::string>& modified_since, Write write) {
  std::string body;
  JsonWriter json(&body);
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  for (const T& item : items) {
    if (modified_since && item.updated_at < *modified_since) continue;
    write(json, item);
  }
  json.EndArray();
  json.Key("next_cursor");
  if (service_cursor.empty()) {
    json.Null();
  } else {
    json.String(EncodeListCursor(service_cursor));
  }
  json.EndObject();
  return JsonReply(200, std::move(body));
}

// The largest page the services' own paged lists accept (their limit is 1..1000).
inline constexpr std::size_t kMaxServiceListLimit = 1000;

// ?limit= (already clamped by ReadPageParams to ApiLimits::max_page_limit) as the int the
// services take, clamped again to kMaxServiceListLimit in case a deployment raised the
// API's ceiling above the services'.
inline int ServiceLimit(const PageParams& params) {
  return static_cast<int>(params.limit < kMaxServiceListLimit ? params.limit
                                                              : kMaxServiceListLimit);
}

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_CONTENT_JSON_H_
