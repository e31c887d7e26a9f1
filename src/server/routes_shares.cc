// /api/v1/shares: sharing the caller's pages and widgets with other users and by public
// link (service::ShareService), and /api/v1/public/{token}, what a link shows
// (service::PageLoader::LoadShared).
//
//   POST   /api/v1/shares            {"page_id", "widget_id"?, "grantee_name" | "grantee_id",
//                                    "permission": "view"|"edit", "expires_at"?} -> 201
//                                    (sharing again with the same user replaces the share)
//   POST   /api/v1/shares/links      {"page_id", "widget_id"?, "permission"?: "view",
//                                    "expires_at"?} -> 201 with "token" and "url", shown
//                                    this once (only a hash is stored)
//   GET    /api/v1/shares            shares the caller made, newest first; ?limit, ?cursor
//   GET    /api/v1/shares/received   shares made to the caller; ?limit, ?cursor
//   DELETE /api/v1/shares/{id}       revoke (owner only) -> 204
//   GET    /api/v1/public/{token}    no authentication: the shared page (expanded) or
//                                    widget, read-only; unknown, malformed, revoked or
//                                    expired tokens are all 404, alike
//
// Shares have no version (a share is replaced or revoked, never edited), so no If-Match.
// Only the owner shares and revokes: an edit grantee asking is answered 404, like a stranger.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "model/share.h"
#include "model/timestamp.h"
#include "server/api.h"
#include "server/content_json.h"
#include "server/expanded_page.h"
#include "server/rest.h"
#include "server/sharing_json.h"
#include "service/account_service.h"
#include "service/page_loader.h"
#include "service/share_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kShareSchema = R"({"type":"object",
"required":["id","resource_type","page_id","widget_id","resource_title","grantee_type",
"grantee_id","owner_id","permission","created_at","expires_at"],
"properties":{"id":{"type":"string"},"resource_type":{"enum":["page","widget"]},
"page_id":{"type":"string"},"widget_id":{"type":["string","null"]},
"resource_title":{"type":"string"},"grantee_type":{"enum":["user","link"]},
"grantee_id":{"type":["string","null"]},"owner_id":{"type":"string"},
"permission":{"enum":["view","edit"]},"created_at":{"type":"string","format":"date-time"},
"expires_at":{"type":["string","null"],"format":"date-time"},
"token":{"type":"string","description":"Links only, in the create answer only"},
"url":{"type":"string","description":"Links only, in the create answer only"}}})";

constexpr std::string_view kShareListSchema =
    R"({"type":"object","required":["items","next_cursor"],
"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Share"}},
"next_cursor":{"type":["string","null"]}}})";

constexpr std::string_view kShareCreateSchema =
    R"({"type":"object","required":["page_id","permission"],
"additionalProperties":false,"properties":{"page_id":{"type":"string"},
"widget_id":{"type":["string","null"]},"grantee_name":{"type":"string"},
"grantee_id":{"type":"string"},"permission":{"enum":["view","edit"]},
"expires_at":{"type":["string","null"],"format":"date-time"}}})";

constexpr std::string_view kLinkCreateSchema = R"({"type":"object","required":["page_id"],
"additionalProperties":false,"properties":{"page_id":{"type":"string"},
"widget_id":{"type":["string","null"]},"permission":{"enum":["view"]},
"expires_at":{"type":["string","null"],"format":"date-time"}}})";

constexpr std::string_view kSharedViewSchema = R"({"type":"object",
"required":["resource_type","permission","expires_at"],
"properties":{"resource_type":{"enum":["page","widget"]},"permission":{"enum":["view"]},
"expires_at":{"type":["string","null"],"format":"date-time"},
"page":{"$ref":"#/components/schemas/PageView"},"widget":{"type":"object"}}})";

std::string ShareLocation(std::string_view share_id) {
  return fmt::format("/api/v1/shares/{}", share_id);
}

// The resource a create body names: a widget when widget_id is given, else the page.
service::ResourceId ResourceOf(const JsonBody& body) {
  std::string page_id = body.String("page_id").value_or("");
  std::optional<std::string> widget_id = body.String("widget_id");
  return widget_id ? service::ResourceId::Widget(page_id, *widget_id)
                   : service::ResourceId::Page(page_id);
}

// "permission" of a body (`fallback` when absent).
ProblemOr<model::Permission> PermissionOf(const JsonBody& body, model::Permission fallback) {
  std::optional<std::string> text = body.String("permission");
  if (!text) return fallback;
  auto parsed = model::ParsePermission(*text, "permission");
  if (!parsed.ok()) return ProblemFrom(service::FromValidation(parsed.error()));
  return *parsed;
}

// "expires_at" (RFC 3339, or null / absent for none) as epoch seconds.
ProblemOr<std::optional<std::int64_t>> ExpiryOf(const JsonBody& body) {
  std::optional<std::string> text = body.String("expires_at");
  if (!text) return std::optional<std::int64_t>();
  auto time = model::ParseTimestamp(*text, "expires_at");
  if (!time.ok()) return ProblemFrom(service::FromValidation(time.error()));
  return std::optional<std::int64_t>(model::ToEpochSeconds(*time));
}

HttpResponse CreatedShare(const service::ShareEntry& entry, const std::string* token) {
  std::string body;
  JsonWriter json(&body);
  WriteShareEntry(json, entry);
  if (token != nullptr) {
    // Re-open the object to add the one-time members.
    body.pop_back();
    body += ",\"token\":";
    std::string token_json;
    JsonWriter token_writer(&token_json);
    token_writer.String(*token);
    body += token_json + ",\"url\":";
    std::string url_json;
    JsonWriter url_writer(&url_json);
    url_writer.String("/api/v1/public/" + *token);
    body += url_json + "}";
  }
  HttpResponse response = JsonReply(201, std::move(body));
  response.SetHeader("Location", ShareLocation(entry.share.share_id));
  return response;
}

Reply CreateShare(const service::ShareService& shares, const service::AccountService& accounts,
                  RequestContext& context) {
  static const BodySpec kCreate{
      .fields = {{.name = "page_id", .required = true},
                 {.name = "widget_id", .nullable = true},
                 {.name = "grantee_name"},
                 {.name = "grantee_id"},
                 {.name = "permission", .required = true},
                 {.name = "expires_at", .nullable = true}},
      .read_only = {"share_id", "resource_title", "grantee_type", "token", "link_hash"}};
  auto body = ReadJsonBody(context, kCreate);
  if (!body.ok()) return body.error();
  const bool by_name = body->Has("grantee_name");
  const bool by_id = body->Has("grantee_id");
  if (by_name == by_id) {
    return BadRequest(by_name ? "grantee_id" : "grantee_name",
                      by_name ? "inconsistent" : "required",
                      "grantee_name or grantee_id: exactly one is required");
  }
  auto permission = PermissionOf(*body, model::Permission::kView);
  if (!permission.ok()) return permission.error();
  auto expires_at = ExpiryOf(*body);
  if (!expires_at.ok()) return expires_at.error();
  std::string grantee_id;
  if (by_name) {
    auto user = accounts.FindByName(*body->String("grantee_name"));
    if (!user.ok()) {
      service::Error error = user.error();
      error.field = "grantee_name";
      return error;
    }
    grantee_id = user->user_id;
  } else {
    grantee_id = *body->String("grantee_id");
  }
  auto entry = shares.ShareWithUser(context.caller(), ResourceOf(*body), grantee_id, *permission,
                                    *expires_at);
  if (!entry.ok()) {
    service::Error error = entry.error();
    if (by_name && error.field == "grantee_id") error.field = "grantee_name";
    return error;
  }
  return CreatedShare(*entry, nullptr);
}

Reply CreateLink(const service::ShareService& shares, RequestContext& context) {
  static const BodySpec kCreate{.fields = {{.name = "page_id", .required = true},
                                           {.name = "widget_id", .nullable = true},
                                           {.name = "permission"},
                                           {.name = "expires_at", .nullable = true}},
                                .read_only = {"share_id", "resource_title", "grantee_type",
                                              "grantee_id", "grantee_name", "token", "link_hash"}};
  auto body = ReadJsonBody(context, kCreate);
  if (!body.ok()) return body.error();
  auto permission = PermissionOf(*body, model::Permission::kView);
  if (!permission.ok()) return permission.error();
  auto expires_at = ExpiryOf(*body);
  if (!expires_at.ok()) return expires_at.error();
  auto link = shares.CreateLink(context.caller(), ResourceOf(*body), *permission, *expires_at);
  if (!link.ok()) return link.error();
  return CreatedShare(link->entry, &link->token);
}

template <typename List>
Reply ListShares(RequestContext& context, List list) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  std::string cursor;
  if (!params->cursor.empty()) {
    auto decoded = DecodeListCursor(params->cursor);
    if (!decoded.ok()) return decoded.error();
    cursor = std::move(decoded).value();
  }
  auto page = list(context.caller(), ServiceLimit(*params), cursor);
  if (!page.ok()) return page.error();
  std::string body;
  JsonWriter json(&body);
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  for (const service::ShareEntry& entry : page->shares) WriteShareEntry(json, entry);
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

// A malformed token is answered like an unknown one: a link's holder learns nothing from
// the difference.
Reply LinkProblem(const service::Error& error) {
  if (error.code == service::Error::Code::kInvalidArgument ||
      error.code == service::Error::Code::kNotFound) {
    return MakeProblem(404, "not_found", "token: no such link", "token", "not_found");
  }
  return error;
}

// A page link's page comes through the page cache (expanded_page.h), spliced into the same
// JSON WriteSharedView writes; a widget link is loaded whole.
Reply OpenPublicLink(const service::PageLoader& loader, PageViewCache* cache, Metrics& metrics,
                     RequestContext& context) {
  auto target = loader.OpenShared(context.PathParam("token"));
  if (!target.ok()) return LinkProblem(target.error());
  std::string body;
  JsonWriter json(&body);
  if (target->share.resource_kind != model::ResourceKind::kPage) {
    auto view = loader.LoadShared(std::move(target).value());
    if (!view.ok()) return LinkProblem(view.error());
    WriteSharedView(json, *view);
    return JsonReply(200, std::move(body));
  }
  auto page = ExpandedPage(loader, cache, metrics, std::move(target->page));
  if (!page.ok()) return LinkProblem(page.error());
  WriteSharedViewHead(json, target->share);
  json.Key("page");
  json.RawValue((*page)->json());
  json.EndObject();
  return JsonReply(200, std::move(body));
}

}  // namespace

void AddSharesRoutes(ApiBuilder& api) {
  api.AddSchema("Share", std::string(kShareSchema));
  api.AddSchema("ShareList", std::string(kShareListSchema));
  api.AddSchema("ShareCreate", std::string(kShareCreateSchema));
  api.AddSchema("ShareLinkCreate", std::string(kLinkCreateSchema));
  api.AddSchema("SharedView", std::string(kSharedViewSchema));
  auto shares = std::make_shared<service::ShareService>(api.services());
  auto accounts = std::make_shared<service::AccountService>(api.services());
  auto loader = std::make_shared<service::PageLoader>(api.services());

  api.Add({.method = "POST",
           .path = "/api/v1/shares",
           .operation_id = "createShare",
           .summary = "Share a page or widget with another user (by name or id)",
           .tag = "shares",
           .request_schema = "ShareCreate",
           .response_schema = "Share",
           .success_status = 201,
           .handler = [shares, accounts](RequestContext& context) {
             return CreateShare(*shares, *accounts, context);
           }});

  api.Add({.method = "POST",
           .path = "/api/v1/shares/links",
           .operation_id = "createShareLink",
           .summary = "Create a public view-only link to a page or widget (token shown once)",
           .tag = "shares",
           .request_schema = "ShareLinkCreate",
           .response_schema = "Share",
           .success_status = 201,
           .handler = [shares](RequestContext& context) { return CreateLink(*shares, context); }});

  std::vector<QueryParam> page_query = {
      {.name = "limit", .type = "integer", .description = "Page size (clamped)"},
      {.name = "cursor", .description = "next_cursor of the previous page"}};
  api.Add({.method = "GET",
           .path = "/api/v1/shares",
           .operation_id = "listMyShares",
           .summary = "Shares the caller made, newest first (expired ones left out)",
           .tag = "shares",
           .query = page_query,
           .response_schema = "ShareList",
           .handler = [shares](RequestContext& context) {
             return ListShares(
                 context, [&](const service::Caller& caller, int limit, const std::string& cursor) {
                   return shares->ListMine(caller, limit, cursor);
                 });
           }});

  api.Add({.method = "GET",
           .path = "/api/v1/shares/received",
           .operation_id = "listReceivedShares",
           .summary = "Shares made to the caller, newest first (expired ones left out)",
           .tag = "shares",
           .query = page_query,
           .response_schema = "ShareList",
           .handler = [shares](RequestContext& context) {
             return ListShares(
                 context, [&](const service::Caller& caller, int limit, const std::string& cursor) {
                   return shares->ListSharedWithMe(caller, limit, cursor);
                 });
           }});

  api.Add({.method = "DELETE",
           .path = "/api/v1/shares/{id}",
           .operation_id = "revokeShare",
           .summary = "Revoke a share or link the caller made",
           .tag = "shares",
           .success_status = 204,
           .handler = [shares](RequestContext& context) -> Reply {
             auto revoked = shares->RevokeById(context.caller(), context.PathParam("id"));
             if (!revoked.ok()) return revoked.error();
             return NoContent();
           }});

  api.Add({.method = "GET",
           .path = "/api/v1/public/{token}",
           .operation_id = "openPublicLink",
           .summary = "What a public link shares: the page (expanded) or the widget, read-only",
           .tag = "shares",
           .auth = AuthPolicy::kPublic,
           .response_schema = "SharedView",
           .handler = [loader, cache = api.page_cache(),
                       metrics = &api.metrics()](RequestContext& context) {
             return OpenPublicLink(*loader, cache, *metrics, context);
           }});
}

}  // namespace homeboard::server
