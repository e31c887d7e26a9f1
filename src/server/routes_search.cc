// GET /api/v1/search: the caller's bookmarks and notes matching a query
// (service::SearchService; syntax and cost in search_service.h and docs/api.md, "Search").
//
//   GET /api/v1/search?q=rust%20-%23old&limit=&cursor=
//       {"items":[{"type":"bookmark","bookmark":{...}} | {"type":"note","note":{summary}}],
//        "next_cursor":...}
//
// A page may hold fewer than `limit` items, even none, while next_cursor is not null: the
// search stops reading after a bounded number of items per request; keep paging.
#include <memory>
#include <string>

#include "server/api.h"
#include "server/content_json.h"
#include "server/entity_json.h"
#include "server/rest.h"
#include "service/search_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kSearchResultsSchema = R"({"type":"object",
"required":["items","next_cursor"],"properties":{"items":{"type":"array","items":{
"type":"object","required":["type"],"properties":{"type":{"enum":["bookmark","note"]},
"bookmark":{"type":"object"},"note":{"type":"object"}}}},
"next_cursor":{"type":["string","null"]}}})";

Reply Search(const service::SearchService& search, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  std::string cursor;
  if (!params->cursor.empty()) {
    auto decoded = DecodeListCursor(params->cursor);
    if (!decoded.ok()) return decoded.error();
    cursor = std::move(decoded).value();
  }
  std::string_view query = context.request().Query("q").value_or("");
  auto page = search.Search(context.caller(), query, ServiceLimit(*params), cursor);
  if (!page.ok()) return page.error();
  std::string body;
  JsonWriter json(&body);
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  for (const service::SearchHit& hit : page->hits) {
    json.BeginObject();
    json.Key("type");
    if (hit.bookmark) {
      json.String("bookmark");
      json.Key("bookmark");
      WriteBookmark(json, *hit.bookmark);
    } else {
      json.String("note");
      json.Key("note");
      WriteNoteSummary(json, *hit.note);
    }
    json.EndObject();
  }
  json.EndArray();
  json.Key("next_cursor");
  if (page->next_cursor.empty()) {
    json.Null();
  } else {
    json.String(EncodeListCursor(page->next_cursor));
  }
  json.EndObject();
  return JsonReply(200, std::move(body));
}

}  // namespace

void AddSearchRoutes(ApiBuilder& api) {
  api.AddSchema("SearchResults", std::string(kSearchResultsSchema));
  auto search = std::make_shared<service::SearchService>(api.services());
  api.Add({.method = "GET",
           .path = "/api/v1/search",
           .operation_id = "search",
           .summary = "Search the caller's bookmarks and notes: words, \"phrases\", #tags, -NOT",
           .tag = "search",
           .query = {{.name = "q", .description = "The query", .required = true},
                     {.name = "limit", .type = "integer", .description = "Page size (clamped)"},
                     {.name = "cursor", .description = "next_cursor of the previous page"}},
           .response_schema = "SearchResults",
           .handler = [search](RequestContext& context) { return Search(*search, context); }});
}

}  // namespace homeboard::server
