// /api/v1/tokens: the caller's API tokens and browser sessions (service::TokenService;
// docs/accounts.md). The secret of a token is in the body of its creation answer and
// nowhere else, ever: lists and reads show its public id, label, kind and times.
//
//   GET    /api/v1/tokens        {"items":[token...],"next_cursor":null}, newest first
//   POST   /api/v1/tokens        {"name", "expires_in_days"?} -> 201, Location, token + "token"
//                                (expires_in_days: 1..1825, default 90, null: never expires)
//   GET    /api/v1/tokens/{id}   one token
//   DELETE /api/v1/tokens/{id}   revoke it (API token or session) -> 204
//
// Another user's token id answers 404, exactly like an id that does not exist.
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "model/api_token.h"
#include "model/attributes.h"
#include "model/ids.h"
#include "model/timestamp.h"
#include "server/api.h"
#include "server/json_writer.h"
#include "server/rest.h"
#include "service/token_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kTokenSchema = R"({"type":"object",
"required":["id","name","kind","created_at","expires_at"],
"properties":{"id":{"type":"string"},"name":{"type":"string"},"kind":{"enum":["api","session"]},
"created_at":{"type":"string","format":"date-time"},
"expires_at":{"type":["string","null"],"format":"date-time"}}})";

constexpr std::string_view kTokenListSchema =
    R"({"type":"object","required":["items","next_cursor"],
"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Token"}},
"next_cursor":{"type":"null"}}})";

constexpr std::string_view kTokenCreateSchema = R"({"type":"object","additionalProperties":false,
"required":["name"],
"properties":{"name":{"type":"string","minLength":1,"maxLength":200},
"expires_in_days":{"type":["integer","null"],"minimum":1,"maximum":1825,"default":90}}})";

constexpr std::string_view kCreatedTokenSchema = R"({"allOf":[{"$ref":"#/components/schemas/Token"},
{"type":"object","required":["token"],"properties":{"token":{"type":"string",
"description":"The secret, shown only in this answer: send it as Authorization: Bearer <token>"}}}]})";

constexpr std::int64_t kDefaultExpiresInDays = 90;
constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;

std::string TokenLocation(std::string_view token_id) {
  return "/api/v1/tokens/" + std::string(token_id);
}

// The token's public fields, and its secret when `secret` is not empty (creation only).
void WriteToken(JsonWriter& json, const model::ApiToken& token, std::string_view secret = {}) {
  json.BeginObject();
  json.Key("id");
  json.String(token.token_id);
  json.Key("name");
  json.String(token.name);
  json.Key("kind");
  json.String(model::TokenKindName(token.kind));
  json.Key("created_at");
  json.String(token.created_at);
  json.Key("expires_at");
  if (token.expires_at) {
    json.String(model::FormatTimestamp(model::FromEpochSeconds(*token.expires_at)));
  } else {
    json.Null();
  }
  if (!secret.empty()) {
    json.Key("token");
    json.String(secret);
  }
  json.EndObject();
}

Reply ListTokens(const service::TokenService& tokens, RequestContext& context) {
  auto listed = tokens.ListTokens(context.caller());
  if (!listed.ok()) return listed.error();
  std::string body;
  JsonWriter json(&body);
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  for (const model::ApiToken& token : *listed) WriteToken(json, token);
  json.EndArray();
  json.Key("next_cursor");
  json.Null();
  json.EndObject();
  return JsonReply(200, std::move(body));
}

Reply CreateToken(const service::TokenService& tokens, std::int64_t max_days,
                  RequestContext& context) {
  static const BodySpec kCreate{
      .fields = {{.name = "name", .required = true},
                 {.name = "expires_in_days", .type = FieldType::kInteger, .nullable = true}}};
  auto body = ReadJsonBody(context, kCreate);
  if (!body.ok()) return body.error();
  std::optional<std::chrono::seconds> expires_in =
      std::chrono::seconds(kDefaultExpiresInDays * kSecondsPerDay);
  if (body->IsNull("expires_in_days")) {
    expires_in.reset();
  } else if (std::optional<std::int64_t> days = body->Integer("expires_in_days")) {
    if (*days < 1 || *days > max_days) {
      return BadRequest("expires_in_days", "range",
                        fmt::format("expires_in_days: from 1 to {} (got {}); null: never expires",
                                    max_days, *days));
    }
    expires_in = std::chrono::seconds(*days * kSecondsPerDay);
  }
  auto created =
      tokens.CreateApiToken(context.caller(), body->String("name").value_or(""), expires_in);
  if (!created.ok()) return created.error();
  std::string out;
  JsonWriter json(&out);
  WriteToken(json, created->record, created->token);
  HttpResponse response = JsonReply(201, std::move(out));
  response.SetHeader("Location", TokenLocation(created->record.token_id));
  return response;
}

Reply GetToken(const service::TokenService& tokens, RequestContext& context) {
  std::string_view id = context.PathParam("id");
  if (model::Status valid = model::ValidateId(id, model::attr::kTokenId); !valid.ok()) {
    return service::FromValidation(valid.error());
  }
  auto listed = tokens.ListTokens(context.caller());
  if (!listed.ok()) return listed.error();
  for (const model::ApiToken& token : *listed) {
    if (token.token_id != id) continue;
    std::string out;
    JsonWriter json(&out);
    WriteToken(json, token);
    return JsonReply(200, std::move(out));
  }
  return service::NotFound("token_id", "token", id);
}

}  // namespace

void AddTokensRoutes(ApiBuilder& api) {
  api.AddSchema("Token", std::string(kTokenSchema));
  api.AddSchema("TokenList", std::string(kTokenListSchema));
  api.AddSchema("TokenCreate", std::string(kTokenCreateSchema));
  api.AddSchema("CreatedToken", std::string(kCreatedTokenSchema));
  const service::TokenOptions options;
  const std::int64_t max_days = options.max_api_token_lifetime.count() / kSecondsPerDay;
  auto tokens = std::make_shared<service::TokenService>(api.services(), options);

  api.Add({.method = "GET",
           .path = "/api/v1/tokens",
           .operation_id = "listTokens",
           .summary = "The caller's API tokens and browser sessions, newest first (no secrets)",
           .tag = "tokens",
           .response_schema = "TokenList",
           .handler = [tokens](RequestContext& context) { return ListTokens(*tokens, context); }});
  api.Add({.method = "POST",
           .path = "/api/v1/tokens",
           .operation_id = "createToken",
           .summary = "Create an API token; its secret is in this answer only",
           .tag = "tokens",
           .request_schema = "TokenCreate",
           .response_schema = "CreatedToken",
           .success_status = 201,
           .handler = [tokens, max_days](RequestContext& context) {
             return CreateToken(*tokens, max_days, context);
           }});
  api.Add({.method = "GET",
           .path = "/api/v1/tokens/{id}",
           .operation_id = "getToken",
           .summary = "One of the caller's tokens (no secret)",
           .tag = "tokens",
           .response_schema = "Token",
           .handler = [tokens](RequestContext& context) { return GetToken(*tokens, context); }});
  api.Add({.method = "DELETE",
           .path = "/api/v1/tokens/{id}",
           .operation_id = "revokeToken",
           .summary = "Revoke one of the caller's API tokens or sessions",
           .tag = "tokens",
           .success_status = 204,
           .handler = [tokens](RequestContext& context) -> Reply {
             auto revoked = tokens->RevokeToken(context.caller(), context.PathParam("id"));
             if (!revoked.ok()) return revoked.error();
             return NoContent();
           }});
}

}  // namespace homeboard::server
