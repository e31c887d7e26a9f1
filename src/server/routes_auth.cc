// Browser login and the caller's identity (docs/accounts.md, "HTTP authentication"):
//
//   POST /api/v1/auth/login   {"name","password"} -> 200 {"user","csrf_token","expires_at"}
//                             and Set-Cookie homeboard_session=...; 401 for any wrong
//                             credential (one message); 429 + Retry-After when throttled
//   POST /api/v1/auth/logout  ends the session of the cookie (if any), clears it; 204
//   GET  /api/v1/me           the caller: {"id","name","display_name","created_at"}
//
// Login and logout need the server's AccountAuthenticator (its limiter, cookie policy and
// trusted proxies): AddAuthRoutes, called for this file by the build, adds /me, and login and
// logout (AddSessionRoutes) when the server's authenticator is an AccountAuthenticator.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <utility>

#include "model/timestamp.h"
#include "model/user.h"
#include "server/account_authenticator.h"
#include "server/api.h"
#include "server/json_writer.h"
#include "server/problem.h"
#include "server/rest.h"
#include "service/account_service.h"
#include "service/token_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kUserSchema = R"({"type":"object",
"required":["id","name","display_name","created_at"],
"properties":{"id":{"type":"string"},"name":{"type":"string"},
"display_name":{"type":"string"},"created_at":{"type":"string","format":"date-time"}}})";

constexpr std::string_view kLoginSchema = R"({"type":"object","additionalProperties":false,
"required":["name","password"],
"properties":{"name":{"type":"string","maxLength":64},"password":{"type":"string"}}})";

constexpr std::string_view kSessionSchema = R"({"type":"object",
"required":["user","csrf_token","expires_at"],
"properties":{"user":{"$ref":"#/components/schemas/User"},
"csrf_token":{"type":"string","description":"Send as X-CSRF-Token on every cookie-authenticated POST, PUT, PATCH and DELETE"},
"expires_at":{"type":"string","format":"date-time"}}})";

// Longer names cannot exist (3-32 characters); refusing them up front keeps the login
// limiter's keys small.
constexpr std::size_t kMaxLoginNameBytes = 64;

void WriteUser(JsonWriter& json, const model::User& user) {
  json.BeginObject();
  json.Key("id");
  json.String(user.user_id);
  json.Key("name");
  json.String(user.name);
  json.Key("display_name");
  json.String(user.display_name);
  json.Key("created_at");
  json.String(user.created_at);
  json.EndObject();
}

// A 401 problem with WWW-Authenticate (RFC 9110 section 15.5.2), rendered here because a
// Problem reply carries no extra headers.
HttpResponse Unauthorized(const RequestContext& context, std::string detail) {
  HttpResponse response;
  RenderProblem(MakeProblem(401, "unauthorized", std::move(detail)), context.request().path,
                context.request_id(), response);
  response.SetHeader("WWW-Authenticate", "Bearer realm=\"homeboard\"");
  return response;
}

Reply Login(const AccountAuthenticator& auth, RequestContext& context) {
  static const BodySpec kLogin{
      .fields = {{.name = "name", .required = true}, {.name = "password", .required = true}}};
  auto body = ReadJsonBody(context, kLogin);
  if (!body.ok()) return body.error();
  std::string name = body->String("name").value_or("");
  std::string password = body->String("password").value_or("");
  if (name.size() > kMaxLoginNameBytes) {
    return BadRequest("name", "max_length",
                      fmt::format("name: at most {} bytes", kMaxLoginNameBytes));
  }
  const HttpRequest& request = context.request();
  const std::string client = auth.ClientAddress(request);
  service::RateDecision decision = auth.login_limiter().Attempt(name, client);
  if (!decision.allowed) {
    Problem problem = MakeProblem(
        429, "too_many_requests",
        fmt::format("too many failed logins: try again in {} s", decision.retry_after.count()));
    problem.retry_after_seconds = static_cast<int>(decision.retry_after.count());
    return problem;
  }
  auto verified = auth.accounts().VerifyPassword(name, password);
  if (!verified.ok()) return verified.error();
  if (!verified->has_value()) return Unauthorized(context, "wrong user name or password");
  auth.login_limiter().Succeeded(name, client);

  const service::Caller& caller = **verified;
  auto user = auth.accounts().GetUser(caller.user_id);
  if (!user.ok()) return user.error();
  // A browser logging in again replaces its session rather than keeping both.
  if (std::optional<std::string_view> old = CookieValue(request, kSessionCookieName)) {
    if (!old->empty()) (void)auth.tokens().EndSession(*old);  // best effort: it expires anyway
  }
  auto session = auth.tokens().CreateSession(caller, "browser");
  if (!session.ok()) return session.error();

  std::string out;
  JsonWriter json(&out);
  json.BeginObject();
  json.Key("user");
  WriteUser(json, *user);
  json.Key("csrf_token");
  json.String(session->csrf_token);
  json.Key("expires_at");
  json.String(
      model::FormatTimestamp(model::FromEpochSeconds(session->record.expires_at.value_or(0))));
  json.EndObject();
  HttpResponse response = JsonReply(200, std::move(out));
  response.SetHeader("Set-Cookie", auth.SessionCookie(session->token, request));
  return response;
}

Reply Logout(const AccountAuthenticator& auth, RequestContext& context) {
  const HttpRequest& request = context.request();
  std::optional<std::string_view> cookie = CookieValue(request, kSessionCookieName);
  if (cookie && !cookie->empty()) {
    // Without this a cross-site form could log the user out.
    if (!service::TokenService::CsrfTokenMatches(service::TokenService::CsrfTokenFor(*cookie),
                                                 request.Header(kCsrfHeader).value_or(""))) {
      return Unauthorized(context, "csrf: logging out needs the X-CSRF-Token header");
    }
    auto ended = auth.tokens().EndSession(*cookie);
    if (!ended.ok()) return ended.error();
  }
  HttpResponse response = NoContent();
  response.SetHeader("Set-Cookie", auth.ClearedSessionCookie(request));
  return response;
}

}  // namespace

void AddAuthRoutes(ApiBuilder& api) {
  api.AddSchema("User", std::string(kUserSchema));
  auto accounts = std::make_shared<service::AccountService>(api.services());
  api.Add({.method = "GET",
           .path = "/api/v1/me",
           .operation_id = "getMe",
           .summary = "The authenticated caller's account",
           .tag = "auth",
           .response_schema = "User",
           .handler = [accounts](RequestContext& context) -> Reply {
             auto user = accounts->GetUser(context.caller().user_id);
             if (!user.ok()) return user.error();
             std::string out;
             JsonWriter json(&out);
             WriteUser(json, *user);
             return JsonReply(200, std::move(out));
           }});
  if (const auto* accounts = dynamic_cast<const AccountAuthenticator*>(api.authenticator())) {
    AddSessionRoutes(api, *accounts);
  }
}

void AddSessionRoutes(ApiBuilder& api, const AccountAuthenticator& authenticator) {
  const AccountAuthenticator* auth = &authenticator;
  api.AddSchema("User", std::string(kUserSchema));
  api.AddSchema("LoginRequest", std::string(kLoginSchema));
  api.AddSchema("Session", std::string(kSessionSchema));
  api.Add({.method = "POST",
           .path = "/api/v1/auth/login",
           .operation_id = "login",
           .summary = "Log in with a user name and password; sets the session cookie",
           .tag = "auth",
           .auth = AuthPolicy::kPublic,
           .request_schema = "LoginRequest",
           .response_schema = "Session",
           .handler = [auth](RequestContext& context) { return Login(*auth, context); }});
  api.Add({.method = "POST",
           .path = "/api/v1/auth/logout",
           .operation_id = "logout",
           .summary = "End the cookie's session and clear the cookie",
           .tag = "auth",
           .auth = AuthPolicy::kPublic,
           .success_status = 204,
           .handler = [auth](RequestContext& context) { return Logout(*auth, context); }});
}

}  // namespace homeboard::server
