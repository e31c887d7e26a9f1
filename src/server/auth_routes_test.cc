// End-to-end tests of HTTP authentication over real HTTP: an ApiServer on a loopback port
// with the real AccountAuthenticator over a temporary SQLite store (ServiceTestEnv): bearer
// tokens (none, malformed, unknown, expired, revoked), login and the session cookie, CSRF,
// logout, login throttling per account and per address, trusted proxy headers, Secure
// cookies, store failures (503, never 401), and tokens made through the API.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "server/account_authenticator.h"
#include "server/api_rate_limits.h"
#include "server/api_server.h"
#include "server/json_writer.h"
#include "server/testing_server.h"
#include "service/account_service.h"
#include "service/testing_store.h"
#include "service/token_service.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

using Op = service::FaultInjectingStore::Op;

constexpr service::internal::PasswordHashParams kCheapHash{.memory_kib = 8, .iterations = 1};
constexpr std::string_view kAlicePassword = "correct horse battery staple";
constexpr std::string_view kBobPassword = "another long passphrase here";

// A monotonic clock the test moves by hand, for the login limiter.
struct ManualSteadyClock {
  std::shared_ptr<std::atomic<std::int64_t>> ms =
      std::make_shared<std::atomic<std::int64_t>>(1000000);
  service::LimiterClock Clock() const {
    return [ms = ms] {
      return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms->load()));
    };
  }
  void Advance(std::chrono::milliseconds by) { ms->fetch_add(by.count()); }
};

// The real authenticator and the real routes over a test store, and a small client.
class AuthServer {
 public:
  // `rate_limits`: also apply these request limits (their clocks become limiter_clock()).
  static service::Result<std::unique_ptr<AuthServer>> Start(
      AccountAuthOptions options = {}, std::optional<ApiRateLimitOptions> rate_limits = {}) {
    auto env = service::ServiceTestEnv::Open();
    if (!env.ok()) return service::FromStore(env.error());
    std::unique_ptr<AuthServer> server(new AuthServer());
    server->env_ = std::move(env).value();
    options.accounts.password_hash = kCheapHash;
    options.login.clock = server->limiter_clock_.Clock();
    auto auth = AccountAuthenticator::Create(server->env_->context, std::move(options));
    if (!auth.ok()) return auth.error();
    server->auth_ = std::move(auth).value();
    ApiServerOptions api_options;
    api_options.http.host = "127.0.0.1";
    api_options.http.port = 0;
    api_options.http.workers = 4;
    api_options.access_log = [](const AccessLogEntry&) {};
    const AccountAuthenticator& authenticator = *server->auth_;
    if (rate_limits) {
      rate_limits->per_address.clock = server->limiter_clock_.Clock();
      rate_limits->per_credential.clock = server->limiter_clock_.Clock();
      rate_limits->client_address = [&authenticator](const HttpRequest& request) {
        return authenticator.ClientAddress(request);
      };
      server->rate_limits_ = std::make_unique<ApiRateLimits>(std::move(*rate_limits));
      api_options.rate_limits = server->rate_limits_.get();
    }
    auto api =
        ApiServer::Create(server->env_->context, server->auth_.get(), std::move(api_options));
    if (!api.ok()) return api.error();
    server->api_ = std::move(api).value();
    if (auto started = server->api_->Start(); !started.ok()) return started.error();
    return server;
  }

  ~AuthServer() {
    if (api_) api_->Stop();
  }

  // A new user with cheap password hashing; returns its id. On DynamoDB the servers of one
  // process share their tables, so a test starting several servers uses distinct names.
  std::string AddUser(std::string_view name, std::string_view password) {
    service::AccountService accounts(env_->context, {.password_hash = kCheapHash});
    auto user = accounts.CreateUser(name, "", password);
    EXPECT_TRUE(user.ok()) << user.error().ToString();
    return user.ok() ? user->user_id : "";
  }

  service::Result<service::CreatedToken> MakeToken(
      const std::string& user_id, std::optional<std::chrono::seconds> expires_in = std::nullopt) {
    return service::TokenService(env_->context).CreateApiToken({user_id}, "test", expires_in);
  }

  TestResponse Send(const std::string& method, const std::string& path, httplib::Headers headers,
                    const std::string& body = "",
                    const std::string& content_type = "application/json") const {
    httplib::Client client("127.0.0.1", api_->port());
    client.set_read_timeout(30, 0);
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = std::move(headers);
    if (!body.empty() || method == "POST") {
      request.body = body;
      request.headers.emplace("Content-Type", content_type);
    }
    httplib::Result result = client.send(request);
    TestResponse response;
    if (!result) return response;
    response.status = result->status;
    response.body = result->body;
    response.headers = result->headers;
    return response;
  }

  TestResponse Login(std::string_view name, std::string_view password,
                     httplib::Headers headers = {}) const {
    std::string body;
    JsonWriter json(&body);
    json.BeginObject();
    json.Key("name");
    json.String(name);
    json.Key("password");
    json.String(password);
    json.EndObject();
    return Send("POST", "/api/v1/auth/login", std::move(headers), body);
  }

  service::ServiceTestEnv& env() { return *env_; }
  ManualSteadyClock& limiter_clock() { return limiter_clock_; }
  const AccountAuthenticator& auth() const { return *auth_; }

 private:
  AuthServer() = default;

  std::unique_ptr<service::ServiceTestEnv> env_;
  ManualSteadyClock limiter_clock_;
  std::unique_ptr<AccountAuthenticator> auth_;
  std::unique_ptr<ApiRateLimits> rate_limits_;
  std::unique_ptr<ApiServer> api_;
};

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// The session cookie's value from a login answer's Set-Cookie ("" if none).
std::string SessionFrom(const TestResponse& login) {
  std::string set_cookie = login.Header("Set-Cookie");
  std::string prefix = std::string(kSessionCookieName) + "=";
  if (!set_cookie.starts_with(prefix)) return "";
  return set_cookie.substr(prefix.size(), set_cookie.find(';') - prefix.size());
}

httplib::Headers Cookie(const std::string& session, const std::string& csrf = "") {
  httplib::Headers headers{
      {"Cookie", "theme=dark; " + std::string(kSessionCookieName) + "=" + session}};
  if (!csrf.empty()) headers.emplace(std::string(kCsrfHeader), csrf);
  return headers;
}

std::string Detail(const TestResponse& response) { return response.JsonString("detail"); }

void ExpectUnauthorized(const TestResponse& response) {
  EXPECT_EQ(response.status, 401) << response.body;
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(response.JsonString("code"), "unauthorized");
  EXPECT_EQ(response.Header("WWW-Authenticate"), "Bearer realm=\"homeboard\"");
}

TEST(AuthRoutes, MissingMalformedAndUnknownTokensAre401) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  std::string alice = server->AddUser("alice", kAlicePassword);
  ASSERT_OK_AND_ASSIGN(service::CreatedToken token, server->MakeToken(alice));

  TestResponse none = server->Send("GET", "/api/v1/me", {});
  ExpectUnauthorized(none);
  EXPECT_NE(Detail(none).find("credentials required"), std::string::npos) << Detail(none);
  // A scheme we do not use is ignored: still no credentials.
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", {{"Authorization", "Basic YWxpY2U6eA=="}}));

  for (std::string bad : {"Bearer", "Bearer   ", "bearer"}) {
    TestResponse malformed = server->Send("GET", "/api/v1/me", {{"Authorization", bad}});
    ExpectUnauthorized(malformed);
    EXPECT_NE(Detail(malformed).find("malformed Authorization"), std::string::npos) << bad;
  }
  std::string unknown = "hbk_" + std::string(43, 'A');
  for (std::string bad : {std::string("not-a-token"), unknown, token.token + "x",
                          token.token.substr(0, token.token.size() - 1), std::string(5000, 'z')}) {
    TestResponse rejected = server->Send("GET", "/api/v1/me", Bearer(bad));
    ExpectUnauthorized(rejected);
    EXPECT_EQ(Detail(rejected), "invalid, expired or revoked token") << bad;
  }
  // The scheme is case-insensitive.
  EXPECT_EQ(server->Send("GET", "/api/v1/me", {{"Authorization", "BEARER " + token.token}}).status,
            200);
}

TEST(AuthRoutes, BearerTokenAuthenticatesAndMeShowsTheCaller) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  std::string alice = server->AddUser("alice", kAlicePassword);
  ASSERT_OK_AND_ASSIGN(service::CreatedToken token, server->MakeToken(alice));
  TestResponse me = server->Send("GET", "/api/v1/me", Bearer(token.token));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.JsonString("id"), alice);
  EXPECT_EQ(me.JsonString("name"), "alice");
  EXPECT_EQ(me.JsonString("display_name"), "alice");
  EXPECT_FALSE(me.JsonString("created_at").empty());
  EXPECT_EQ(me.body.find("argon2"), std::string::npos) << "the password hash leaked";
  EXPECT_EQ(me.Json().Find("password_hash"), nullptr);
}

TEST(AuthRoutes, ExpiredAndRevokedTokensAre401) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  std::string alice = server->AddUser("alice", kAlicePassword);
  ASSERT_OK_AND_ASSIGN(service::CreatedToken expiring,
                       server->MakeToken(alice, std::chrono::hours(1)));
  ASSERT_OK_AND_ASSIGN(service::CreatedToken revoked, server->MakeToken(alice));
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(expiring.token)).status, 200);
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(revoked.token)).status, 200);

  server->env().clock->Advance(std::int64_t{3600} * 1000 + 1000);
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", Bearer(expiring.token)));

  ASSERT_OK(
      service::TokenService(server->env().context).RevokeToken({alice}, revoked.record.token_id));
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", Bearer(revoked.token)));
}

TEST(AuthRoutes, StoreFailureIs503NotA401) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  std::string alice = server->AddUser("alice", kAlicePassword);
  ASSERT_OK_AND_ASSIGN(service::CreatedToken token, server->MakeToken(alice));
  server->env().faulty.Inject({.op = Op::kGet,
                               .code = store::Error::Code::kUnavailable,
                               .when = service::FaultInjectingStore::When::kBefore});
  TestResponse down = server->Send("GET", "/api/v1/me", Bearer(token.token));
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(down.JsonString("code"), "unavailable");
  EXPECT_EQ(down.Header("Retry-After"), "1");
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(token.token)).status, 200);
}

TEST(AuthRoutes, LoginSetsASessionCookieThatAuthenticatesReads) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  std::string alice = server->AddUser("alice", kAlicePassword);
  TestResponse login = server->Login("Alice", kAlicePassword);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string set_cookie = login.Header("Set-Cookie");
  EXPECT_TRUE(set_cookie.starts_with("homeboard_session=hbs_")) << set_cookie;
  EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; SameSite=Lax"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; Max-Age=604800"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP, no trusted proxy";
  std::string session = SessionFrom(login);
  ASSERT_EQ(session.size(), service::kTokenLength);

  JsonValue body = login.Json();
  ASSERT_NE(body.Find("user"), nullptr) << login.body;
  EXPECT_EQ(body.Find("user")->Find("id")->string, alice);
  EXPECT_EQ(body.Find("user")->Find("name")->string, "alice");
  EXPECT_EQ(login.JsonString("csrf_token"), service::TokenService::CsrfTokenFor(session));
  // 12 hours of idle time from the (test) clock's 2026-01-01.
  EXPECT_TRUE(login.JsonString("expires_at").starts_with("2026-01-01T12:00:00")) << login.body;
  EXPECT_EQ(login.body.find(session), std::string::npos) << "the session token is cookie-only";

  TestResponse me = server->Send("GET", "/api/v1/me", Cookie(session));
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.JsonString("id"), alice);

  // Idle for longer than 12 hours: the session is over.
  server->env().clock->Advance(std::int64_t{13} * 3600 * 1000);
  TestResponse expired = server->Send("GET", "/api/v1/me", Cookie(session));
  ExpectUnauthorized(expired);
  EXPECT_NE(Detail(expired).find("session expired"), std::string::npos);
}

TEST(AuthRoutes, CookieWritesNeedTheCsrfToken) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  server->AddUser("alice", kAlicePassword);
  TestResponse login = server->Login("alice", kAlicePassword);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string session = SessionFrom(login);
  std::string csrf = login.JsonString("csrf_token");
  const std::string create = R"({"name":"script"})";

  TestResponse missing = server->Send("POST", "/api/v1/tokens", Cookie(session), create);
  ExpectUnauthorized(missing);
  EXPECT_TRUE(Detail(missing).starts_with("csrf")) << Detail(missing);
  TestResponse wrong = server->Send("POST", "/api/v1/tokens", Cookie(session, csrf + "x"), create);
  ExpectUnauthorized(wrong);
  EXPECT_TRUE(Detail(wrong).starts_with("csrf"));
  // Another session's CSRF token does not fit this cookie.
  TestResponse other = server->Login("alice", kAlicePassword);
  ASSERT_EQ(other.status, 200);
  ExpectUnauthorized(server->Send("POST", "/api/v1/tokens",
                                  Cookie(session, other.JsonString("csrf_token")), create));
  // Nothing was made by the refused writes.
  TestResponse listed = server->Send("GET", "/api/v1/tokens", Cookie(session));
  ASSERT_EQ(listed.status, 200) << listed.body;
  for (const JsonValue& item : listed.Json().Find("items")->items) {
    EXPECT_EQ(item.Find("kind")->string, "session");
  }

  TestResponse made = server->Send("POST", "/api/v1/tokens", Cookie(session, csrf), create);
  EXPECT_EQ(made.status, 201) << made.body;
  EXPECT_TRUE(made.JsonString("token").starts_with("hbk_"));
}

TEST(AuthRoutes, BearerIsPreferredOverTheCookie) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  server->AddUser("alice", kAlicePassword);
  std::string bob = server->AddUser("bob", kBobPassword);
  ASSERT_OK_AND_ASSIGN(service::CreatedToken bob_token, server->MakeToken(bob));
  TestResponse login = server->Login("alice", kAlicePassword);
  ASSERT_EQ(login.status, 200);
  httplib::Headers both = Cookie(SessionFrom(login));
  both.emplace("Authorization", "Bearer " + bob_token.token);
  EXPECT_EQ(server->Send("GET", "/api/v1/me", both).JsonString("id"), bob);
  // A bearer write needs no CSRF token even with a cookie present.
  EXPECT_EQ(server->Send("POST", "/api/v1/tokens", both, R"({"name":"x"})").status, 201);
  // A failing bearer token does not fall back to the cookie.
  httplib::Headers bad_bearer = Cookie(SessionFrom(login));
  bad_bearer.emplace("Authorization", "Bearer hbk_nope");
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", bad_bearer));
  // A session token is not a bearer token.
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", Bearer(SessionFrom(login))));
}

TEST(AuthRoutes, LogoutEndsTheSessionAndClearsTheCookie) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  server->AddUser("alice", kAlicePassword);
  TestResponse login = server->Login("alice", kAlicePassword);
  ASSERT_EQ(login.status, 200);
  std::string session = SessionFrom(login);
  std::string csrf = login.JsonString("csrf_token");

  // A cross-site form cannot log the user out.
  ExpectUnauthorized(server->Send("POST", "/api/v1/auth/logout", Cookie(session)));
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Cookie(session)).status, 200);

  TestResponse logout = server->Send("POST", "/api/v1/auth/logout", Cookie(session, csrf));
  EXPECT_EQ(logout.status, 204) << logout.body;
  std::string cleared = logout.Header("Set-Cookie");
  EXPECT_TRUE(cleared.starts_with("homeboard_session=;")) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", Cookie(session)));
  // Logging out again, or without a session, is fine.
  EXPECT_EQ(server->Send("POST", "/api/v1/auth/logout", {}).status, 204);
}

TEST(AuthRoutes, WrongCredentialsGetOneGenericAnswer) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  server->AddUser("alice", kAlicePassword);
  TestResponse wrong_password = server->Login("alice", "not the right password");
  TestResponse unknown_user = server->Login("mallory", kAlicePassword);
  TestResponse malformed_name = server->Login("A B", kAlicePassword);
  for (const TestResponse* response : {&wrong_password, &unknown_user, &malformed_name}) {
    ExpectUnauthorized(*response);
    EXPECT_EQ(Detail(*response), "wrong user name or password");
    EXPECT_EQ(response->Header("Set-Cookie"), "");
  }
}

TEST(AuthRoutes, LoginRefusesMalformedBodies) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  server->AddUser("alice", kAlicePassword);
  struct Case {
    std::string body, field, rule;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"name":"alice"})", "password", "required"},
           {R"({"password":"x"})", "name", "required"},
           {R"({"name":"alice","password":"x","remember":true})", "remember", "unknown_field"},
           {R"({"name":1,"password":"x"})", "name", "type"},
           {R"({"name":")" + std::string(65, 'a') + R"(","password":"x"})", "name", "max_length"},
           {"not json", "body", "malformed_json"}}) {
    TestResponse response = server->Send("POST", "/api/v1/auth/login", {}, c.body);
    EXPECT_EQ(response.status, 400) << c.body << " " << response.body;
    EXPECT_EQ(response.JsonString("field"), c.field) << response.body;
    EXPECT_EQ(response.JsonString("rule"), c.rule) << response.body;
  }
}

TEST(AuthRoutes, LoginAcceptsOnlyJsonSoCrossSiteFormsCannotLogIn) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  server->AddUser("alice", kAlicePassword);
  const std::string json = R"({"name":"alice","password":"correct horse battery staple"})";
  // What an HTML form can send: refused before any password check.
  for (std::string type : {"application/x-www-form-urlencoded", "text/plain"}) {
    TestResponse response = server->Send("POST", "/api/v1/auth/login", {}, json, type);
    EXPECT_EQ(response.status, 415) << type << " " << response.body;
    EXPECT_EQ(response.JsonString("field"), "Content-Type");
    EXPECT_EQ(response.Header("Set-Cookie"), "") << type;
  }
  // (multipart/form-data without a boundary does not even parse: 400 from the transport.)
  TestResponse multipart =
      server->Send("POST", "/api/v1/auth/login", {}, json, "multipart/form-data");
  EXPECT_TRUE(multipart.status == 400 || multipart.status == 415) << multipart.body;
  EXPECT_EQ(multipart.Header("Set-Cookie"), "");
  EXPECT_EQ(server->Send("POST", "/api/v1/auth/login", {}, json).status, 200);
}

TEST(AuthRoutes, LoginIsThrottledPerAccount) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  server->AddUser("alice", kAlicePassword);
  for (int i = 0; i < 5; ++i) ExpectUnauthorized(server->Login("alice", "wrong password number"));
  TestResponse throttled = server->Login("alice", kAlicePassword);
  EXPECT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_EQ(throttled.JsonString("code"), "too_many_requests");
  EXPECT_EQ(throttled.Header("Retry-After"), "1");
  EXPECT_EQ(throttled.Header("Set-Cookie"), "");
  // Same name in other case: same account.
  EXPECT_EQ(server->Login(" ALICE", kAlicePassword).status, 429);
  // Another account from the same address is not affected.
  server->AddUser("bob", kBobPassword);
  EXPECT_EQ(server->Login("bob", kBobPassword).status, 200);

  server->limiter_clock().Advance(std::chrono::seconds(1));
  EXPECT_EQ(server->Login("alice", kAlicePassword).status, 200);
  // Success cleared the account's count.
  ExpectUnauthorized(server->Login("alice", "wrong password number"));
}

TEST(AuthRoutes, LoginIsThrottledPerAddress) {
  AccountAuthOptions options;
  options.login.address = {.free_failures = 3,
                           .base_delay = std::chrono::seconds(4),
                           .max_delay = std::chrono::seconds(60)};
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start(options));
  server->AddUser("alice", kAlicePassword);
  for (std::string name : {"user1", "user2", "user3"})
    ExpectUnauthorized(server->Login(name, "guess number one"));
  TestResponse throttled = server->Login("alice", kAlicePassword);
  EXPECT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_EQ(throttled.Header("Retry-After"), "4");
  server->limiter_clock().Advance(std::chrono::seconds(3));
  EXPECT_EQ(server->Login("alice", kAlicePassword).Header("Retry-After"), "1");
  server->limiter_clock().Advance(std::chrono::seconds(1));
  EXPECT_EQ(server->Login("alice", kAlicePassword).status, 200);
}

TEST(AuthRoutes, ProxyHeaderIsTrustedOnlyFromConfiguredProxies) {
  AccountAuthOptions trusted;
  trusted.trusted_proxies = {"10.0.0.0/8", "127.0.0.1"};
  trusted.proxy_user_header = "X-Forwarded-User";
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start(trusted));
  std::string alice = server->AddUser("alice", kAlicePassword);
  TestResponse me = server->Send("GET", "/api/v1/me", {{"X-Forwarded-User", "alice"}});
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.JsonString("id"), alice);
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", {{"X-Forwarded-User", "nobody"}}));
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", {{"X-Forwarded-User", ""}}));
  // Writes need the custom CSRF header (the proxy's own cookie rides on cross-site requests).
  TestResponse write =
      server->Send("POST", "/api/v1/tokens", {{"X-Forwarded-User", "alice"}}, R"({"name":"x"})");
  ExpectUnauthorized(write);
  EXPECT_TRUE(Detail(write).starts_with("csrf"));
  EXPECT_EQ(server
                ->Send("POST", "/api/v1/tokens",
                       {{"X-Forwarded-User", "alice"}, {"X-CSRF-Token", "1"}}, R"({"name":"x"})")
                .status,
            201);

  // The same header from a peer that is not a trusted proxy is ignored: anonymous.
  AccountAuthOptions elsewhere;
  elsewhere.trusted_proxies = {"10.0.0.0/8", "::1"};
  elsewhere.proxy_user_header = "X-Forwarded-User";
  ASSERT_OK_AND_ASSIGN(auto untrusted, AuthServer::Start(elsewhere));
  untrusted->AddUser("carol", kAlicePassword);
  TestResponse ignored = untrusted->Send("GET", "/api/v1/me", {{"X-Forwarded-User", "carol"}});
  ExpectUnauthorized(ignored);
  EXPECT_NE(Detail(ignored).find("credentials required"), std::string::npos);
  // And with header authentication off (the default) it means nothing either.
  ASSERT_OK_AND_ASSIGN(auto off, AuthServer::Start());
  off->AddUser("dave", kAlicePassword);
  ExpectUnauthorized(off->Send("GET", "/api/v1/me", {{"X-Forwarded-User", "dave"}}));
}

TEST(AuthRoutes, SecureCookiesBehindTls) {
  AccountAuthOptions behind_proxy;
  behind_proxy.trusted_proxies = {"127.0.0.1"};
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start(behind_proxy));
  server->AddUser("alice", kAlicePassword);
  TestResponse https = server->Login("alice", kAlicePassword, {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(https.status, 200) << https.body;
  EXPECT_TRUE(https.Header("Set-Cookie").ends_with("; Secure")) << https.Header("Set-Cookie");
  TestResponse http = server->Login("alice", kAlicePassword, {{"X-Forwarded-Proto", "http"}});
  EXPECT_EQ(http.Header("Set-Cookie").find("Secure"), std::string::npos);

  AccountAuthOptions always;
  always.cookie_secure = CookieSecure::kAlways;
  ASSERT_OK_AND_ASSIGN(auto tls_only, AuthServer::Start(always));
  tls_only->AddUser("bob", kBobPassword);
  TestResponse login = tls_only->Login("bob", kBobPassword);
  EXPECT_TRUE(login.Header("Set-Cookie").ends_with("; Secure"));
  TestResponse logout = tls_only->Send("POST", "/api/v1/auth/logout",
                                       Cookie(SessionFrom(login), login.JsonString("csrf_token")));
  EXPECT_TRUE(logout.Header("Set-Cookie").ends_with("; Secure")) << logout.Header("Set-Cookie");
}

TEST(AuthRoutes, TokensMadeThroughTheApiWorkUntilRevoked) {
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start());
  std::string alice = server->AddUser("alice", kAlicePassword);
  ASSERT_OK_AND_ASSIGN(service::CreatedToken first, server->MakeToken(alice));
  TestResponse made = server->Send("POST", "/api/v1/tokens", Bearer(first.token),
                                   R"({"name":"backup","expires_in_days":7})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string secret = made.JsonString("token");
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(secret)).JsonString("id"), alice);
  TestResponse listed = server->Send("GET", "/api/v1/tokens", Bearer(secret));
  EXPECT_EQ(listed.body.find("hbk_"), std::string::npos) << "a list showed a secret";
  EXPECT_EQ(server->Send("DELETE", made.Header("Location"), Bearer(first.token)).status, 204);
  ExpectUnauthorized(server->Send("GET", "/api/v1/me", Bearer(secret)));
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(first.token)).status, 200);
}

TEST(AuthRoutes, RequestRateLimitsPerTokenAndPerAddressAnswer429) {
  ApiRateLimitOptions rates;
  rates.per_address = {.rate_per_second = 1, .burst = 5};
  rates.per_credential = {.rate_per_second = 1, .burst = 2};
  ASSERT_OK_AND_ASSIGN(auto server, AuthServer::Start({}, rates));
  std::string alice = server->AddUser("alice", kAlicePassword);
  ASSERT_OK_AND_ASSIGN(service::CreatedToken a, server->MakeToken(alice));
  ASSERT_OK_AND_ASSIGN(service::CreatedToken b, server->MakeToken(alice));

  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(a.token)).status, 200);
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(a.token)).status, 200);
  TestResponse per_token = server->Send("GET", "/api/v1/me", Bearer(a.token));
  EXPECT_EQ(per_token.status, 429) << per_token.body;
  EXPECT_EQ(per_token.JsonString("code"), "too_many_requests");
  EXPECT_EQ(per_token.Header("Retry-After"), "1");
  // Another token of the same user has its own bucket; the address has two requests left.
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(b.token)).status, 200);
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(b.token)).status, 200);
  TestResponse per_address = server->Send("GET", "/api/v1/me", {});
  EXPECT_EQ(per_address.status, 429) << per_address.body;
  EXPECT_EQ(per_address.Header("Retry-After"), "1");
  // Monitoring is never limited.
  EXPECT_EQ(server->Send("GET", "/healthz", {}).status, 200);

  server->limiter_clock().Advance(std::chrono::seconds(1));
  EXPECT_EQ(server->Send("GET", "/api/v1/me", Bearer(a.token)).status, 200);
}

TEST(AuthRoutes, AuthenticatorRefusesAProxyHeaderWithoutProxies) {
  ASSERT_OK_AND_ASSIGN(auto env, service::ServiceTestEnv::Open());
  AccountAuthOptions options;
  options.proxy_user_header = "X-Forwarded-User";
  auto created = AccountAuthenticator::Create(env->context, options);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().field, "proxy_user_header");
  options.trusted_proxies = {"10.0.0.0/33"};
  created = AccountAuthenticator::Create(env->context, options);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().field, "trusted_proxies");
}

}  // namespace
}  // namespace homeboard::server
