// /api/v1/tags and the tags of items (service::TagService). Tags are normalised by the
// service ("  Rust  Lang " -> "rust lang"); a {tag} in a path is percent-decoded first, so
// "rust%20lang" names "rust lang".
//
//   GET    /api/v1/tags                          the caller's tags with counts, by tag;
//                                                ?prefix= (autocomplete), ?limit, ?cursor
//   GET    /api/v1/tags/{tag}/items              the caller's items carrying the tag;
//                                                ?limit, ?cursor
//   PUT    /api/v1/tags/{tag}                    {"name"}: rename everywhere (merging into
//                                                an existing tag) -> {"tag","items_changed"}
//   DELETE /api/v1/tags/{tag}                    remove from every item -> 204
//   PUT    /api/v1/widgets/{widget_id}/bookmarks/{id}/tags   If-Match; {"tags":[...]}: the
//   PUT    /api/v1/widgets/{widget_id}/notes/{id}/tags       item's complete tag list ->
//   PUT    /api/v1/pages/{page_id}/widgets/{id}/tags         {"tags","version"} + ETag
//
// The item paths are those of the content routes (routes_bookmarks.cc, routes_notes.cc,
// routes_widgets.cc) with "/tags" appended; the ETag is the item's version, shared with
// them, so a PATCH of a bookmark and a PUT of its tags are ordered by If-Match. Tagging is
// an edit: the owner and edit grantees may tag (the tags count for the item's owner).
#include <memory>
#include <string>
#include <vector>

#include "model/tag.h"
#include "model/tag_association.h"
#include "server/api.h"
#include "server/content_json.h"
#include "server/rest.h"
#include "server/sharing_json.h"
#include "service/tag_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kTagCountSchema = R"({"type":"object","required":["tag","count"],
"properties":{"tag":{"type":"string"},"count":{"type":"integer","minimum":1}}})";

constexpr std::string_view kTagListSchema = R"({"type":"object","required":["items","next_cursor"],
"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/TagCount"}},
"next_cursor":{"type":["string","null"]}}})";

constexpr std::string_view kTaggedItemListSchema = R"({"type":"object",
"required":["items","next_cursor"],"properties":{"items":{"type":"array","items":{
"type":"object","required":["type"],"properties":{"type":{"enum":["bookmark","note","widget"]},
"bookmark":{"type":"object"},"note":{"type":"object"},"widget":{"type":"object"}}}},
"next_cursor":{"type":["string","null"]}}})";

constexpr std::string_view kTagRenameSchema = R"({"type":"object","required":["name"],
"additionalProperties":false,"properties":{"name":{"type":"string","maxLength":64}}})";

constexpr std::string_view kTagRenamedSchema = R"({"type":"object",
"required":["tag","items_changed"],"properties":{"tag":{"type":"string"},
"items_changed":{"type":"integer"}}})";

constexpr std::string_view kItemTagsUpdateSchema = R"({"type":"object","required":["tags"],
"additionalProperties":false,"properties":{"tags":{"type":"array","maxItems":20,
"items":{"type":"string","maxLength":64}}}})";

constexpr std::string_view kItemTagsSchema = R"({"type":"object","required":["tags","version"],
"properties":{"tags":{"type":"array","items":{"type":"string"}},"version":{"type":"integer"}}})";

// The service's cursor from ours ("" for the first page).
ProblemOr<std::string> ServiceCursor(const PageParams& params) {
  if (params.cursor.empty()) return std::string();
  return DecodeListCursor(params.cursor);
}

template <typename T, typename Write>
HttpResponse ListReply(const std::vector<T>& items, std::string_view service_cursor, Write write) {
  std::string body;
  JsonWriter json(&body);
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  for (const T& item : items) write(json, item);
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

Reply ListTags(const service::TagService& tags, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto cursor = ServiceCursor(*params);
  if (!cursor.ok()) return cursor.error();
  std::string_view prefix = context.request().Query("prefix").value_or("");
  auto page = tags.ListTags(context.caller(), prefix, ServiceLimit(*params), *cursor);
  if (!page.ok()) return page.error();
  return ListReply(page->tags, page->next_cursor, WriteTagCount);
}

Reply ListTaggedItems(const service::TagService& tags, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto cursor = ServiceCursor(*params);
  if (!cursor.ok()) return cursor.error();
  auto page =
      tags.ItemsWithTag(context.caller(), context.PathParam("tag"), ServiceLimit(*params), *cursor);
  if (!page.ok()) return page.error();
  return ListReply(page->items, page->next_cursor, WriteTaggedEntity);
}

Reply RenameTag(const service::TagService& tags, RequestContext& context) {
  static const BodySpec kRename{.fields = {{.name = "name", .required = true}}};
  auto body = ReadJsonBody(context, kRename);
  if (!body.ok()) return body.error();
  // The new name normalised first, so the reply names the tag the items now carry and a bad
  // name is refused as "name" before anything is read.
  auto to = model::NormalizeTag(*body->String("name"), "name");
  if (!to.ok()) return service::FromValidation(to.error());
  auto changed = tags.RenameTag(context.caller(), context.PathParam("tag"), *to);
  if (!changed.ok()) return changed.error();
  std::string out;
  JsonWriter json(&out);
  json.BeginObject();
  json.Key("tag");
  json.String(*to);
  json.Key("items_changed");
  json.Int(static_cast<std::int64_t>(*changed));
  json.EndObject();
  return JsonReply(200, std::move(out));
}

// The "tags" member of a PUT body: an array of strings (400 "tags[i]" rule "type" otherwise).
ProblemOr<std::vector<std::string>> TagList(const JsonBody& body) {
  const JsonValue* tags = body.Get("tags");
  if (tags == nullptr || tags->type != JsonValue::Type::kArray) {
    return BadRequest("tags", "type", "tags: an array of strings");
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tags->items.size(); ++i) {
    if (tags->items[i].type != JsonValue::Type::kString) {
      std::string field = "tags[" + std::to_string(i) + "]";
      return BadRequest(field, "type", field + ": a string");
    }
    out.push_back(tags->items[i].string);
  }
  return out;
}

Reply SetItemTags(const service::TagService& tags, RequestContext& context, model::TaggedType type,
                  std::string_view container_param) {
  static const BodySpec kSet{
      .fields = {{.name = "tags", .type = FieldType::kArray, .required = true}},
      .read_only = {"widget_id", "page_id", "bookmark_id", "note_id"}};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kSet);
  if (!body.ok()) return body.error();
  auto list = TagList(*body);
  if (!list.ok()) return list.error();
  service::TaggedItemRef item{.type = type,
                              .container_id = std::string(context.PathParam(container_param)),
                              .item_id = std::string(context.PathParam("id"))};
  auto result = tags.SetTags(context.caller(), item, *version, *list);
  if (!result.ok()) return WriteProblem(result.error());
  std::string out;
  JsonWriter json(&out);
  WriteItemTags(json, *result);
  return JsonReply(200, std::move(out), result->version);
}

}  // namespace

void AddTagsRoutes(ApiBuilder& api) {
  api.AddSchema("TagCount", std::string(kTagCountSchema));
  api.AddSchema("TagList", std::string(kTagListSchema));
  api.AddSchema("TaggedItemList", std::string(kTaggedItemListSchema));
  api.AddSchema("TagRename", std::string(kTagRenameSchema));
  api.AddSchema("TagRenamed", std::string(kTagRenamedSchema));
  api.AddSchema("ItemTagsUpdate", std::string(kItemTagsUpdateSchema));
  api.AddSchema("ItemTags", std::string(kItemTagsSchema));
  auto tags = std::make_shared<service::TagService>(api.services());

  std::vector<QueryParam> list_query = {
      {.name = "prefix", .description = "Only tags starting with this (normalised like a tag)"},
      {.name = "limit", .type = "integer", .description = "Page size (clamped)"},
      {.name = "cursor", .description = "next_cursor of the previous page"}};
  api.Add({.method = "GET",
           .path = "/api/v1/tags",
           .operation_id = "listTags",
           .summary = "The caller's tags with their counts, by tag (prefix autocomplete)",
           .tag = "tags",
           .query = list_query,
           .response_schema = "TagList",
           .handler = [tags](RequestContext& context) { return ListTags(*tags, context); }});

  api.Add({.method = "GET",
           .path = "/api/v1/tags/{tag}/items",
           .operation_id = "listTaggedItems",
           .summary = "The caller's bookmarks, notes and widgets carrying a tag",
           .tag = "tags",
           .query = {list_query[1], list_query[2]},
           .response_schema = "TaggedItemList",
           .handler = [tags](RequestContext& context) { return ListTaggedItems(*tags, context); }});

  api.Add({.method = "PUT",
           .path = "/api/v1/tags/{tag}",
           .operation_id = "renameTag",
           .summary = "Rename a tag on all the caller's items (merging into an existing tag)",
           .tag = "tags",
           .request_schema = "TagRename",
           .response_schema = "TagRenamed",
           .handler = [tags](RequestContext& context) { return RenameTag(*tags, context); }});

  api.Add({.method = "DELETE",
           .path = "/api/v1/tags/{tag}",
           .operation_id = "deleteTag",
           .summary = "Remove a tag from all the caller's items",
           .tag = "tags",
           .success_status = 204,
           .handler = [tags](RequestContext& context) -> Reply {
             auto changed = tags->DeleteTag(context.caller(), context.PathParam("tag"));
             if (!changed.ok()) return changed.error();
             return NoContent();
           }});

  struct ItemRoute {
    const char* path;
    const char* operation_id;
    const char* summary;
    model::TaggedType type;
    const char* container_param;
  };
  const ItemRoute item_routes[] = {
      {"/api/v1/widgets/{widget_id}/bookmarks/{id}/tags", "setBookmarkTags",
       "Replace a bookmark's tags", model::TaggedType::kBookmark, "widget_id"},
      {"/api/v1/widgets/{widget_id}/notes/{id}/tags", "setNoteTags", "Replace a note's tags",
       model::TaggedType::kNote, "widget_id"},
      {"/api/v1/pages/{page_id}/widgets/{id}/tags", "setWidgetTags", "Replace a widget's tags",
       model::TaggedType::kWidget, "page_id"},
  };
  for (const ItemRoute& route : item_routes) {
    model::TaggedType type = route.type;
    std::string container_param = route.container_param;
    api.Add({.method = "PUT",
             .path = route.path,
             .operation_id = route.operation_id,
             .summary = route.summary,
             .tag = "tags",
             .request_schema = "ItemTagsUpdate",
             .response_schema = "ItemTags",
             .if_match = true,
             .etag = true,
             .handler = [tags, type, container_param](RequestContext& context) {
               return SetItemTags(*tags, context, type, container_param);
             }});
  }
}

}  // namespace homeboard::server
