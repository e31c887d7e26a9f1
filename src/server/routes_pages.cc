// /api/v1/pages: a user's pages (service::PageService) and the whole-page read
// (service::PageLoader, ?expand=all).
//
//   GET    /api/v1/pages              list in order; ?limit, ?cursor, ?modified_since
//   POST   /api/v1/pages              {"title"} -> 201, Location, ETag
//   GET    /api/v1/pages/{id}         one page; ?expand=all adds widgets and their contents
//   PATCH  /api/v1/pages/{id}         If-Match; {"title"} renames, {"before_id"|"after_id"}
//                                     moves (one or the other per request, so a request is
//                                     one write and never half applied)
//   DELETE /api/v1/pages/{id}         If-Match; deletes the page and everything on it -> 204
#include <fmt/format.h>

#include <memory>

#include "server/api.h"
#include "server/entity_json.h"
#include "server/expanded_page.h"
#include "server/rest.h"
#include "service/page_loader.h"
#include "service/page_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kPageSchema = R"({"type":"object",
"required":["id","title","created_at","updated_at","version"],
"properties":{"id":{"type":"string"},"title":{"type":"string","maxLength":200},
"created_at":{"type":"string","format":"date-time"},
"updated_at":{"type":"string","format":"date-time"},"version":{"type":"integer"}}})";

constexpr std::string_view kPageListSchema = R"({"type":"object","required":["items","next_cursor"],
"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Page"}},
"next_cursor":{"type":["string","null"]}}})";

constexpr std::string_view kPageCreateSchema = R"({"type":"object","required":["title"],
"additionalProperties":false,"properties":{"title":{"type":"string","maxLength":200}}})";

constexpr std::string_view kPageUpdateSchema = R"({"type":"object","additionalProperties":false,
"properties":{"title":{"type":"string","maxLength":200},"before_id":{"type":"string"},
"after_id":{"type":"string"}}})";

constexpr std::string_view kPageViewSchema = R"({"type":"object",
"required":["id","title","created_at","updated_at","version","widgets"],
"properties":{"id":{"type":"string"},"title":{"type":"string"},
"created_at":{"type":"string","format":"date-time"},
"updated_at":{"type":"string","format":"date-time"},"version":{"type":"integer"},
"widgets":{"type":"array","items":{"type":"object","properties":{
"id":{"type":"string"},"kind":{"type":"string"},"title":{"type":"string"},
"column":{"type":"integer"},"settings":{"type":"object"},
"tags":{"type":"array","items":{"type":"string"}},
"groups":{"type":"array","items":{"type":"object"}},
"bookmarks":{"type":"array","items":{"type":"object"}},
"notes":{"type":"array","items":{"type":"object"}}}}}}})";

std::string PageLocation(std::string_view page_id) {
  return fmt::format("/api/v1/pages/{}", page_id);
}

// The list cursor: the (order_key, page_id) of the last page returned.
std::string ListCursor(const model::Page& page) {
  return EncodeCursorText(page.order_key + '\n' + page.page_id);
}

Reply ListPages(const service::PageService& pages, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto modified_since = ReadModifiedSince(context);
  if (!modified_since.ok()) return modified_since.error();
  std::optional<std::pair<std::string, std::string>> after;
  if (!params->cursor.empty()) {
    std::optional<std::string> decoded = DecodeCursorText(params->cursor);
    std::size_t newline = decoded ? decoded->find('\n') : std::string::npos;
    if (newline == std::string::npos) {
      return BadRequest("cursor", "pattern", "cursor: not a cursor this server issued");
    }
    after.emplace(decoded->substr(0, newline), decoded->substr(newline + 1));
  }
  // Finishing interrupted deletes is best effort here: the list hides such pages anyway.
  (void)pages.FinishPendingDeletes(context.caller());
  auto listed = pages.List(context.caller());
  if (!listed.ok()) return listed.error();

  std::string body;
  JsonWriter json(&body);
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  std::size_t written = 0;
  const model::Page* last = nullptr;
  bool more = false;
  for (const model::Page& page : *listed) {
    if (after && std::make_pair(page.order_key, page.page_id) <= *after) continue;
    if (*modified_since && page.updated_at < **modified_since) continue;
    if (written == params->limit) {
      more = true;
      break;
    }
    WritePage(json, page);
    last = &page;
    ++written;
  }
  json.EndArray();
  json.Key("next_cursor");
  if (more && last != nullptr) {
    json.String(ListCursor(*last));
  } else {
    json.Null();
  }
  json.EndObject();
  return JsonReply(200, std::move(body));
}

}  // namespace

void AddPagesRoutes(ApiBuilder& api) {
  api.AddSchema("Page", std::string(kPageSchema));
  api.AddSchema("PageList", std::string(kPageListSchema));
  api.AddSchema("PageCreate", std::string(kPageCreateSchema));
  api.AddSchema("PageUpdate", std::string(kPageUpdateSchema));
  api.AddSchema("PageView", std::string(kPageViewSchema));

  auto pages = std::make_shared<service::PageService>(api.services());
  auto loader = std::make_shared<service::PageLoader>(api.services());
  PageViewCache* cache = api.page_cache();
  Metrics* metrics = &api.metrics();

  api.Add({.method = "GET",
           .path = "/api/v1/pages",
           .operation_id = "listPages",
           .summary = "The caller's pages, in order",
           .tag = "pages",
           .query = {{.name = "limit", .type = "integer", .description = "Page size (clamped)"},
                     {.name = "cursor", .description = "next_cursor of the previous page"},
                     {.name = "modified_since",
                      .description = "Only pages updated at or after this RFC 3339 time"}},
           .response_schema = "PageList",
           .handler = [pages](RequestContext& context) { return ListPages(*pages, context); }});

  static const BodySpec kCreate{.fields = {{.name = "title", .required = true}}};
  api.Add({.method = "POST",
           .path = "/api/v1/pages",
           .operation_id = "createPage",
           .summary = "Create a page after the caller's last one",
           .tag = "pages",
           .request_schema = "PageCreate",
           .response_schema = "Page",
           .success_status = 201,
           .etag = true,
           .handler = [pages](RequestContext& context) -> Reply {
             auto body = ReadJsonBody(context, kCreate);
             if (!body.ok()) return body.error();
             auto page = pages->Create(context.caller(), *body->String("title"));
             if (!page.ok()) return page.error();
             HttpResponse response = JsonReply(201, ToJson(*page, WritePage), page->version);
             response.SetHeader("Location", PageLocation(page->page_id));
             return response;
           }});

  api.Add({.method = "GET",
           .path = "/api/v1/pages/{id}",
           .operation_id = "getPage",
           .summary = "One page; with ?expand=all, its widgets and their contents",
           .tag = "pages",
           .query = {{.name = "expand",
                      .description = "\"all\": include widgets, groups, bookmarks, notes"}},
           .response_schema = "PageView",
           .etag = true,
           .handler = [pages, loader, cache, metrics](RequestContext& context) -> Reply {
             std::optional<std::string_view> expand = context.request().Query("expand");
             if (expand && *expand != "all") {
               return BadRequest("expand", "enum", "expand: the only value is \"all\"");
             }
             if (expand) {
               // Who may see it is checked every time; the view may come from the cache.
               auto page = loader->Open(context.caller(), context.PathParam("id"));
               if (!page.ok()) return page.error();
               const std::int64_t version = page->version;
               auto view = ExpandedPage(*loader, cache, *metrics, std::move(page).value());
               if (!view.ok()) return view.error();
               return ExpandedPageReply(context, **view, version);
             }
             auto page = pages->Get(context.caller(), context.PathParam("id"));
             if (!page.ok()) return page.error();
             return JsonReply(200, ToJson(*page, WritePage), page->version);
           }});

  static const BodySpec kUpdate{
      .fields = {{.name = "title"}, {.name = "before_id"}, {.name = "after_id"}}};
  api.Add({.method = "PATCH",
           .path = "/api/v1/pages/{id}",
           .operation_id = "updatePage",
           .summary = "Rename a page, or move it before or after another page",
           .tag = "pages",
           .request_schema = "PageUpdate",
           .response_schema = "Page",
           .if_match = true,
           .etag = true,
           .handler = [pages](RequestContext& context) -> Reply {
             auto version = RequireIfMatch(context.request());
             if (!version.ok()) return version.error();
             auto body = ReadJsonBody(context, kUpdate);
             if (!body.ok()) return body.error();
             const bool rename = body->Has("title");
             const bool move = body->Has("before_id") || body->Has("after_id");
             if (rename && move) {
               return BadRequest("title", "inconsistent",
                                 "title: rename and move are separate requests");
             }
             if (!rename && !move) {
               return BadRequest("title", "required", "title, before_id or after_id: required");
             }
             auto page =
                 rename ? pages->Rename(context.caller(), context.PathParam("id"), *version,
                                        *body->String("title"))
                        : pages->Move(context.caller(), context.PathParam("id"), *version,
                                      service::Placement{.before_id = body->String("before_id"),
                                                         .after_id = body->String("after_id")});
             if (!page.ok()) return WriteProblem(page.error());
             return JsonReply(200, ToJson(*page, WritePage), page->version);
           }});

  api.Add({.method = "DELETE",
           .path = "/api/v1/pages/{id}",
           .operation_id = "deletePage",
           .summary = "Delete a page and everything on it",
           .tag = "pages",
           .success_status = 204,
           .if_match = true,
           .handler = [pages](RequestContext& context) -> Reply {
             auto version = RequireIfMatch(context.request());
             if (!version.ok()) return version.error();
             auto deleted = pages->Delete(context.caller(), context.PathParam("id"), *version);
             if (!deleted.ok()) return WriteProblem(deleted.error());
             return NoContent();
           }});
}

}  // namespace homeboard::server
