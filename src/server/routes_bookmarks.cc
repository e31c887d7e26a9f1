// Bookmarks (service::BookmarkService). A bookmark is keyed by (widget_id, bookmark_id);
// as for groups (routes_groups.cc), what puts bookmarks into a widget or lists a widget goes
// through the widget's page, and a bookmark itself is addressed by its key:
//
//   GET    /api/v1/pages/{page_id}/widgets/{widget_id}/bookmarks        in order; ?group_id
//                                                  (absent: outside any group), ?limit,
//                                                  ?cursor, ?modified_since
//   POST   /api/v1/pages/{page_id}/widgets/{widget_id}/bookmarks        {"url","title"?,
//                                                  "description"?,"icon"?,"group_id"?,
//                                                  "before_id"?|"after_id"?} -> 201
//   POST   /api/v1/pages/{page_id}/widgets/{widget_id}/bookmarks:batch  {"bookmarks":[...]}:
//                                                  appends up to kMaxBatchBookmarks at once;
//                                                  all or nothing is validated -> 201 {"items"}
//   GET    /api/v1/bookmarks                       the caller's bookmarks, newest first;
//                                                  ?order=newest (the only order), ?limit,
//                                                  ?cursor, ?modified_since
//   GET    /api/v1/widgets/{widget_id}/bookmarks/{id}        one bookmark
//   PATCH  /api/v1/widgets/{widget_id}/bookmarks/{id}        If-Match; any of url, title,
//                                                  description, icon (null removes the icon)
//   DELETE /api/v1/widgets/{widget_id}/bookmarks/{id}        If-Match -> 204
//   POST   /api/v1/widgets/{widget_id}/bookmarks/{id}/move   If-Match; {"group_id"? (absent
//                                                  or null: top level), "before_id"?|
//                                                  "after_id"?, "target_page_id" +
//                                                  "target_widget_id"? (another widget)}
//
// modified_since on the service-paged lists filters each page after it is read, so a page
// may be short (even empty) while next_cursor is not null: clients page until it is null.
#include <fmt/format.h>

#include <memory>

#include "model/ids.h"
#include "server/api.h"
#include "server/content_json.h"
#include "server/entity_json.h"
#include "server/rest.h"
#include "service/bookmark_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kBookmarkSchema = R"({"type":"object",
"required":["id","widget_id","page_id","group_id","url","title","description","icon","tags","created_at","updated_at","version"],
"properties":{"id":{"type":"string"},"widget_id":{"type":"string"},"page_id":{"type":"string"},
"group_id":{"type":["string","null"]},"url":{"type":"string","format":"uri","maxLength":2048},
"title":{"type":"string","maxLength":500},"description":{"type":"string","maxLength":4000},
"icon":{"type":["string","null"]},"tags":{"type":"array","items":{"type":"string"}},
"created_at":{"type":"string","format":"date-time"},
"updated_at":{"type":"string","format":"date-time"},"version":{"type":"integer"}}})";

constexpr std::string_view kBookmarkListSchema =
    R"({"type":"object","required":["items","next_cursor"],
"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Bookmark"}},
"next_cursor":{"type":["string","null"]}}})";

constexpr std::string_view kBookmarkCreateSchema = R"({"type":"object","required":["url"],
"additionalProperties":false,"properties":{"url":{"type":"string","format":"uri","maxLength":2048},
"title":{"type":"string","maxLength":500},"description":{"type":"string","maxLength":4000},
"icon":{"type":["string","null"]},"group_id":{"type":["string","null"]},
"before_id":{"type":"string"},"after_id":{"type":"string"}}})";

constexpr std::string_view kBookmarkBatchSchema = R"({"type":"object","required":["bookmarks"],
"additionalProperties":false,"properties":{"bookmarks":{"type":"array","minItems":1,"maxItems":10000,
"items":{"type":"object","required":["url"],"additionalProperties":false,"properties":{
"url":{"type":"string","format":"uri","maxLength":2048},"title":{"type":"string","maxLength":500},
"description":{"type":"string","maxLength":4000},"icon":{"type":["string","null"]},
"group_id":{"type":["string","null"]}}}}}})";

constexpr std::string_view kBookmarkUpdateSchema = R"({"type":"object","additionalProperties":false,
"minProperties":1,"properties":{"url":{"type":"string","format":"uri","maxLength":2048},
"title":{"type":"string","maxLength":500},"description":{"type":"string","maxLength":4000},
"icon":{"type":["string","null"]}}})";

constexpr std::string_view kBookmarkMoveSchema = R"({"type":"object","additionalProperties":false,
"properties":{"group_id":{"type":["string","null"],"description":"absent or null: top level"},
"before_id":{"type":"string"},"after_id":{"type":"string"},
"target_page_id":{"type":"string"},"target_widget_id":{"type":"string"}}})";

// Members the server owns on top of kServerOwnedFields (the key and the denormalised page).
std::vector<std::string_view> KeyFields() {
  return {"widget_id", "bookmark_id", "page_id", "tags"};
}

HttpResponse BookmarkReply(int status, const model::Bookmark& bookmark) {
  return JsonReply(status, ToJson(bookmark, WriteBookmark), bookmark.version);
}

Reply ListWidgetBookmarks(const service::BookmarkService& bookmarks, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto modified_since = ReadModifiedSince(context);
  if (!modified_since.ok()) return modified_since.error();
  service::BookmarkListOptions options{.limit = ServiceLimit(*params)};
  if (std::optional<std::string_view> group_id = context.request().Query("group_id")) {
    options.group_id = std::string(*group_id);
  }
  if (!params->cursor.empty()) {
    auto cursor = DecodeListCursor(params->cursor);
    if (!cursor.ok()) return cursor.error();
    options.cursor = std::move(cursor).value();
  }
  auto page = bookmarks.List(context.caller(), context.PathParam("page_id"),
                             context.PathParam("widget_id"), options);
  if (!page.ok()) return page.error();
  return ServicePageReply(page->bookmarks, page->next_cursor, *modified_since, WriteBookmark);
}

Reply ListNewestBookmarks(const service::BookmarkService& bookmarks, RequestContext& context) {
  if (std::optional<std::string_view> order = context.request().Query("order");
      order && *order != "newest") {
    return BadRequest("order", "enum", "order: the only value is \"newest\"");
  }
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto modified_since = ReadModifiedSince(context);
  if (!modified_since.ok()) return modified_since.error();
  std::string cursor;
  if (!params->cursor.empty()) {
    auto decoded = DecodeListCursor(params->cursor);
    if (!decoded.ok()) return decoded.error();
    cursor = std::move(decoded).value();
  }
  auto page = bookmarks.ListNewest(context.caller(), ServiceLimit(*params), cursor);
  if (!page.ok()) return page.error();
  return ServicePageReply(page->bookmarks, page->next_cursor, *modified_since, WriteBookmark);
}

Reply CreateBookmark(const service::BookmarkService& bookmarks, RequestContext& context) {
  static const BodySpec kCreate{.fields = {{.name = "url", .required = true},
                                           {.name = "title"},
                                           {.name = "description"},
                                           {.name = "icon", .nullable = true},
                                           {.name = "group_id", .nullable = true},
                                           {.name = "before_id"},
                                           {.name = "after_id"}},
                                .read_only = KeyFields()};
  auto body = ReadJsonBody(context, kCreate);
  if (!body.ok()) return body.error();
  service::NewBookmark bookmark{.url = *body->String("url"),
                                .title = body->String("title").value_or(""),
                                .description = body->String("description").value_or(""),
                                .icon = body->String("icon"),
                                .group_id = body->String("group_id"),
                                .placement = PlacementOf(*body)};
  auto added = bookmarks.Add(context.caller(), context.PathParam("page_id"),
                             context.PathParam("widget_id"), bookmark);
  if (!added.ok()) return added.error();
  HttpResponse response = BookmarkReply(201, *added);
  response.SetHeader("Location", BookmarkLocation(added->widget_id, added->bookmark_id));
  return response;
}

Reply CreateBookmarks(const service::BookmarkService& bookmarks, RequestContext& context) {
  static const BodySpec kBatch{
      .fields = {{.name = "bookmarks", .type = FieldType::kArray, .required = true}},
      .read_only = KeyFields()};
  static const BodySpec kEntry{.fields = {{.name = "url", .required = true},
                                          {.name = "title"},
                                          {.name = "description"},
                                          {.name = "icon", .nullable = true},
                                          {.name = "group_id", .nullable = true}},
                               .read_only = KeyFields()};
  auto body = ReadJsonBody(context, kBatch);
  if (!body.ok()) return body.error();
  const std::vector<JsonValue>& entries = body->Get("bookmarks")->items;
  if (entries.empty()) {
    return BadRequest("bookmarks", "required", "bookmarks: at least one bookmark");
  }
  if (entries.size() > service::kMaxBatchBookmarks) {
    return service::LimitExceeded("bookmarks", service::rule::kMaxCount,
                                  fmt::format("bookmarks: at most {} per batch (got {})",
                                              service::kMaxBatchBookmarks, entries.size()));
  }
  std::vector<service::BatchBookmark> batch;
  batch.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto entry = ReadNested(entries[i], kEntry, fmt::format("bookmarks[{}]", i));
    if (!entry.ok()) return entry.error();
    batch.push_back({.bookmark_id = model::NewId(),
                     .url = *entry->String("url"),
                     .title = entry->String("title").value_or(""),
                     .description = entry->String("description").value_or(""),
                     .icon = entry->String("icon"),
                     .group_id = entry->String("group_id")});
  }
  auto added = bookmarks.AddMany(context.caller(), context.PathParam("page_id"),
                                 context.PathParam("widget_id"), batch);
  if (!added.ok()) return added.error();
  std::string out;
  JsonWriter json(&out);
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  for (const model::Bookmark& bookmark : *added) WriteBookmark(json, bookmark);
  json.EndArray();
  json.EndObject();
  return JsonReply(201, std::move(out));
}

Reply UpdateBookmark(const service::BookmarkService& bookmarks, RequestContext& context) {
  static const BodySpec kUpdate{
      .fields = {{.name = "url"},
                 {.name = "title"},
                 {.name = "description"},
                 {.name = "icon", .nullable = true}},
      .read_only = {"widget_id", "bookmark_id", "page_id", "tags", "group_id"}};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kUpdate);
  if (!body.ok()) return body.error();
  if (body->root().members.empty()) {
    return BadRequest("body", "required", "body: url, title, description or icon to change");
  }
  service::BookmarkChanges changes{
      .url = body->String("url"),
      .title = body->String("title"),
      .description = body->String("description"),
      .icon = body->IsNull("icon") ? std::optional<std::string>("") : body->String("icon")};
  auto updated = bookmarks.Update(context.caller(), context.PathParam("widget_id"),
                                  context.PathParam("id"), *version, changes);
  if (!updated.ok()) return WriteProblem(updated.error());
  return BookmarkReply(200, *updated);
}

Reply MoveBookmark(const service::BookmarkService& bookmarks, RequestContext& context) {
  static const BodySpec kMove{.fields = {{.name = "group_id", .nullable = true},
                                         {.name = "before_id"},
                                         {.name = "after_id"},
                                         {.name = "target_page_id"},
                                         {.name = "target_widget_id"}},
                              .read_only = {"widget_id", "bookmark_id", "page_id"}};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kMove);
  if (!body.ok()) return body.error();
  std::optional<std::string> target_page = body->String("target_page_id");
  std::optional<std::string> target_widget = body->String("target_widget_id");
  if (target_page.has_value() != target_widget.has_value()) {
    std::string_view missing = target_page ? "target_widget_id" : "target_page_id";
    return BadRequest(missing, "required",
                      fmt::format("{}: required with {}", missing,
                                  target_page ? "target_page_id" : "target_widget_id"));
  }
  service::BookmarkMove move{.group_id = body->String("group_id"), .placement = PlacementOf(*body)};
  if (target_page) move.widget = service::WidgetRef{*target_page, *target_widget};
  auto moved = bookmarks.Move(context.caller(), context.PathParam("widget_id"),
                              context.PathParam("id"), *version, move);
  if (!moved.ok()) return WriteProblem(moved.error());
  HttpResponse response = BookmarkReply(200, *moved);
  response.SetHeader("Content-Location", BookmarkLocation(moved->widget_id, moved->bookmark_id));
  return response;
}

}  // namespace

void AddBookmarksRoutes(ApiBuilder& api) {
  api.AddSchema("Bookmark", std::string(kBookmarkSchema));
  api.AddSchema("BookmarkList", std::string(kBookmarkListSchema));
  api.AddSchema("BookmarkCreate", std::string(kBookmarkCreateSchema));
  api.AddSchema("BookmarkBatch", std::string(kBookmarkBatchSchema));
  api.AddSchema("BookmarkUpdate", std::string(kBookmarkUpdateSchema));
  api.AddSchema("BookmarkMove", std::string(kBookmarkMoveSchema));
  auto bookmarks = std::make_shared<service::BookmarkService>(api.services());

  std::vector<QueryParam> widget_list_query = ListQueryParams();
  widget_list_query.push_back(
      {.name = "group_id",
       .description = "The group to list; absent: bookmarks outside any group"});
  api.Add({.method = "GET",
           .path = "/api/v1/pages/{page_id}/widgets/{widget_id}/bookmarks",
           .operation_id = "listWidgetBookmarks",
           .summary = "A widget's (or one group's) bookmarks in order",
           .tag = "bookmarks",
           .query = widget_list_query,
           .response_schema = "BookmarkList",
           .handler = [bookmarks](RequestContext& context) {
             return ListWidgetBookmarks(*bookmarks, context);
           }});
  api.Add({.method = "POST",
           .path = "/api/v1/pages/{page_id}/widgets/{widget_id}/bookmarks",
           .operation_id = "createBookmark",
           .summary = "Add a bookmark to a bookmarks widget (last unless placed)",
           .tag = "bookmarks",
           .request_schema = "BookmarkCreate",
           .response_schema = "Bookmark",
           .success_status = 201,
           .etag = true,
           .handler = [bookmarks](RequestContext& context) {
             return CreateBookmark(*bookmarks, context);
           }});
  api.Add({.method = "POST",
           .path = "/api/v1/pages/{page_id}/widgets/{widget_id}/bookmarks:batch",
           .operation_id = "createBookmarks",
           .summary = "Append many bookmarks at once (validated all before any is written)",
           .tag = "bookmarks",
           .request_schema = "BookmarkBatch",
           .response_schema = "BookmarkList",
           .success_status = 201,
           .handler = [bookmarks](RequestContext& context) {
             return CreateBookmarks(*bookmarks, context);
           }});
  std::vector<QueryParam> newest_query = ListQueryParams();
  newest_query.push_back(
      {.name = "order", .description = "\"newest\" (the default and only order)"});
  api.Add({.method = "GET",
           .path = "/api/v1/bookmarks",
           .operation_id = "listBookmarks",
           .summary = "All the caller's bookmarks, newest first",
           .tag = "bookmarks",
           .query = newest_query,
           .response_schema = "BookmarkList",
           .handler = [bookmarks](RequestContext& context) {
             return ListNewestBookmarks(*bookmarks, context);
           }});
  api.Add({.method = "GET",
           .path = "/api/v1/widgets/{widget_id}/bookmarks/{id}",
           .operation_id = "getBookmark",
           .summary = "One bookmark",
           .tag = "bookmarks",
           .response_schema = "Bookmark",
           .etag = true,
           .handler = [bookmarks](RequestContext& context) -> Reply {
             auto bookmark = bookmarks->Get(context.caller(), context.PathParam("widget_id"),
                                            context.PathParam("id"));
             if (!bookmark.ok()) return bookmark.error();
             return BookmarkReply(200, *bookmark);
           }});
  api.Add({.method = "PATCH",
           .path = "/api/v1/widgets/{widget_id}/bookmarks/{id}",
           .operation_id = "updateBookmark",
           .summary = "Change a bookmark's url, title, description or icon",
           .tag = "bookmarks",
           .request_schema = "BookmarkUpdate",
           .response_schema = "Bookmark",
           .if_match = true,
           .etag = true,
           .handler = [bookmarks](RequestContext& context) {
             return UpdateBookmark(*bookmarks, context);
           }});
  api.Add({.method = "DELETE",
           .path = "/api/v1/widgets/{widget_id}/bookmarks/{id}",
           .operation_id = "deleteBookmark",
           .summary = "Delete a bookmark",
           .tag = "bookmarks",
           .success_status = 204,
           .if_match = true,
           .handler = [bookmarks](RequestContext& context) -> Reply {
             auto version = RequireIfMatch(context.request());
             if (!version.ok()) return version.error();
             auto deleted = bookmarks->Delete(context.caller(), context.PathParam("widget_id"),
                                              context.PathParam("id"), *version);
             if (!deleted.ok()) return WriteProblem(deleted.error());
             return NoContent();
           }});
  api.Add({.method = "POST",
           .path = "/api/v1/widgets/{widget_id}/bookmarks/{id}/move",
           .operation_id = "moveBookmark",
           .summary = "Move a bookmark to another group, place or widget",
           .tag = "bookmarks",
           .request_schema = "BookmarkMove",
           .response_schema = "Bookmark",
           .if_match = true,
           .etag = true,
           .handler = [bookmarks](RequestContext& context) {
             return MoveBookmark(*bookmarks, context);
           }});
}

}  // namespace homeboard::server
