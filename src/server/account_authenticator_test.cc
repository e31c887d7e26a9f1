// Tests of AccountAuthenticator called directly with HttpRequest values (any peer address,
// any header), over a temporary SQLite store: trusted proxy address sets, the client
// address behind proxies, HTTPS detection, the order credentials are looked at, CSRF, and
// store failures as errors. The same behaviour over real HTTP is in auth_routes_test.cc.
#include "server/account_authenticator.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "service/testing_store.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

using Outcome = Authentication::Outcome;
using Op = service::FaultInjectingStore::Op;

constexpr service::internal::PasswordHashParams kCheapHash{.memory_kib = 8, .iterations = 1};

HttpRequest Request(std::string method, std::string remote,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = "/api/v1/me";
  request.remote_address = std::move(remote);
  for (auto& [name, value] : headers) request.headers.emplace(std::move(name), std::move(value));
  return request;
}

TEST(AddressSet, MatchesAddressesAndCidrBlocks) {
  ASSERT_OK_AND_ASSIGN(AddressSet set,
                       AddressSet::Parse({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1",
                                          "172.16.0.0/12", " 203.0.113.0/25 "}));
  for (std::string in : {"10.0.0.1", "10.255.255.255", "192.168.1.7", "fd12:3456::1", "::1",
                         "172.31.0.1", "::ffff:10.1.2.3", "203.0.113.127"}) {
    EXPECT_TRUE(set.Contains(in)) << in;
  }
  for (std::string out : {"11.0.0.1", "192.168.1.8", "fe80::1", "::2", "172.32.0.1",
                          "203.0.113.128", "", "localhost", "10.0.0.1:80", "[::1]"}) {
    EXPECT_FALSE(set.Contains(out)) << out;
  }
  ASSERT_OK_AND_ASSIGN(AddressSet everything, AddressSet::Parse({"0.0.0.0/0"}));
  EXPECT_TRUE(everything.Contains("8.8.8.8"));
  EXPECT_FALSE(everything.Contains("2001:db8::1"));  // IPv4 blocks never match IPv6
  ASSERT_OK_AND_ASSIGN(AddressSet mapped, AddressSet::Parse({"::ffff:10.0.0.0/104"}));
  EXPECT_TRUE(mapped.Contains("10.9.9.9"));
  EXPECT_FALSE(mapped.Contains("11.0.0.0"));
  ASSERT_OK_AND_ASSIGN(AddressSet empty, AddressSet::Parse({}));
  EXPECT_TRUE(empty.empty());
  EXPECT_FALSE(empty.Contains("127.0.0.1"));
}

TEST(AddressSet, RefusesWhatIsNotAnAddressOrBlock) {
  for (std::string bad :
       {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/0x8",
        "10.0.0", "proxy.internal", "10.0.0.256", "1.2.3.4/1000"}) {
    auto parsed = AddressSet::Parse({bad});
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().field, "trusted_proxies");
    EXPECT_EQ(parsed.error().rule, "pattern");
  }
}

class AccountAuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, service::ServiceTestEnv::Open());
    service::AccountService accounts(env_->context, {.password_hash = kCheapHash});
    ASSERT_OK_AND_ASSIGN(model::User alice,
                         accounts.CreateUser("alice", "", "correct horse battery staple"));
    alice_ = alice.user_id;
  }

  std::unique_ptr<AccountAuthenticator> Make(AccountAuthOptions options = {}) {
    options.accounts.password_hash = kCheapHash;
    auto made = AccountAuthenticator::Create(env_->context, std::move(options));
    EXPECT_TRUE(made.ok()) << made.error().ToString();
    return made.ok() ? std::move(made).value() : nullptr;
  }

  std::unique_ptr<service::ServiceTestEnv> env_;
  std::string alice_;
};

TEST_F(AccountAuthenticatorTest, ClientAddressBehindTrustedProxies) {
  AccountAuthOptions options;
  options.trusted_proxies = {"10.0.0.0/8"};
  auto auth = Make(options);
  // Not from a proxy: the peer, whatever X-Forwarded-For claims.
  EXPECT_EQ(auth->ClientAddress(Request("GET", "198.51.100.9", {{"X-Forwarded-For", "1.1.1.1"}})),
            "198.51.100.9");
  // From a proxy: the right-most hop that is not a proxy; spoofed hops left of it don't count.
  EXPECT_EQ(auth->ClientAddress(Request("GET", "10.0.0.2",
                                        {{"X-Forwarded-For", "6.6.6.6, 203.0.113.5, 10.0.0.3"}})),
            "203.0.113.5");
  EXPECT_EQ(auth->ClientAddress(Request(
                "GET", "10.0.0.2",
                {{"X-Forwarded-For", "6.6.6.6"}, {"X-Forwarded-For", "203.0.113.5,10.1.1.1"}})),
            "203.0.113.5");
  EXPECT_EQ(auth->ClientAddress(Request("GET", "10.0.0.2", {{"X-Forwarded-For", "2001:db8::7"}})),
            "2001:db8::7");
  // Nothing usable: the peer.
  EXPECT_EQ(auth->ClientAddress(Request("GET", "10.0.0.2")), "10.0.0.2");
  EXPECT_EQ(auth->ClientAddress(Request("GET", "10.0.0.2", {{"X-Forwarded-For", "unknown"}})),
            "10.0.0.2");
  EXPECT_EQ(auth->ClientAddress(Request("GET", "10.0.0.2", {{"X-Forwarded-For", "10.0.0.9"}})),
            "10.0.0.2");
}

TEST_F(AccountAuthenticatorTest, HttpsOnlyFromATrustedProxy) {
  AccountAuthOptions options;
  options.trusted_proxies = {"10.0.0.0/8"};
  auto auth = Make(options);
  EXPECT_TRUE(auth->IsHttps(Request("GET", "10.0.0.2", {{"X-Forwarded-Proto", "HTTPS"}})));
  EXPECT_TRUE(auth->IsHttps(Request("GET", "10.0.0.2", {{"X-Forwarded-Proto", "https, http"}})));
  EXPECT_FALSE(auth->IsHttps(Request("GET", "10.0.0.2", {{"X-Forwarded-Proto", "http"}})));
  EXPECT_FALSE(auth->IsHttps(Request("GET", "10.0.0.2")));
  EXPECT_FALSE(auth->IsHttps(Request("GET", "198.51.100.9", {{"X-Forwarded-Proto", "https"}})));
  EXPECT_FALSE(
      auth->SecureCookies(Request("GET", "198.51.100.9", {{"X-Forwarded-Proto", "https"}})));
  options.cookie_secure = CookieSecure::kNever;
  EXPECT_FALSE(
      Make(options)->SecureCookies(Request("GET", "10.0.0.2", {{"X-Forwarded-Proto", "https"}})));
  options.cookie_secure = CookieSecure::kAlways;
  EXPECT_TRUE(Make(options)->SecureCookies(Request("GET", "198.51.100.9")));
}

TEST_F(AccountAuthenticatorTest, ProxyHeaderOnlyFromTrustedPeers) {
  AccountAuthOptions options;
  options.trusted_proxies = {"10.0.0.0/8"};
  options.proxy_user_header = "X-Forwarded-User";
  auto auth = Make(options);
  ASSERT_OK_AND_ASSIGN(
      Authentication trusted,
      auth->Authenticate(Request("GET", "10.2.3.4", {{"x-forwarded-user", "Alice"}})));
  EXPECT_EQ(trusted.outcome, Outcome::kAuthenticated);
  EXPECT_EQ(trusted.via, CredentialKind::kProxyHeader);
  EXPECT_EQ(trusted.caller.user_id, alice_);
  ASSERT_OK_AND_ASSIGN(
      Authentication spoofed,
      auth->Authenticate(Request("GET", "198.51.100.9", {{"X-Forwarded-User", "alice"}})));
  EXPECT_EQ(spoofed.outcome, Outcome::kAnonymous);
  ASSERT_OK_AND_ASSIGN(
      Authentication unknown,
      auth->Authenticate(Request("GET", "10.2.3.4", {{"X-Forwarded-User", "zed"}})));
  EXPECT_EQ(unknown.outcome, Outcome::kRejected);
  ASSERT_OK_AND_ASSIGN(
      Authentication write,
      auth->Authenticate(Request("DELETE", "10.2.3.4", {{"X-Forwarded-User", "alice"}})));
  EXPECT_EQ(write.outcome, Outcome::kRejected);
  EXPECT_TRUE(write.reason.starts_with("csrf"));
}

TEST_F(AccountAuthenticatorTest, SessionCookieAndCsrfPerMethod) {
  auto auth = Make();
  ASSERT_OK_AND_ASSIGN(service::CreatedSession session, auth->tokens().CreateSession({alice_}));
  std::string cookie = std::string(kSessionCookieName) + "=" + session.token;
  for (std::string method : {"GET", "HEAD", "OPTIONS"}) {
    ASSERT_OK_AND_ASSIGN(Authentication read,
                         auth->Authenticate(Request(method, "1.2.3.4", {{"Cookie", cookie}})));
    EXPECT_EQ(read.outcome, Outcome::kAuthenticated) << method;
    EXPECT_EQ(read.via, CredentialKind::kSessionCookie);
  }
  for (std::string method : {"POST", "PUT", "PATCH", "DELETE", "PROPFIND"}) {
    ASSERT_OK_AND_ASSIGN(Authentication bare,
                         auth->Authenticate(Request(method, "1.2.3.4", {{"Cookie", cookie}})));
    EXPECT_EQ(bare.outcome, Outcome::kRejected) << method;
    EXPECT_TRUE(bare.reason.starts_with("csrf")) << bare.reason;
    ASSERT_OK_AND_ASSIGN(
        Authentication with_csrf,
        auth->Authenticate(Request(method, "1.2.3.4",
                                   {{"Cookie", cookie}, {"X-CSRF-Token", session.csrf_token}})));
    EXPECT_EQ(with_csrf.outcome, Outcome::kAuthenticated) << method;
  }
  // An empty cookie (a cleared one) is no credential at all.
  ASSERT_OK_AND_ASSIGN(
      Authentication cleared,
      auth->Authenticate(Request("GET", "1.2.3.4", {{"Cookie", "homeboard_session="}})));
  EXPECT_EQ(cleared.outcome, Outcome::kAnonymous);
  // A forged cross-site write costs no store call.
  int gets_before = env_->faulty.Calls(Op::kGet);
  ASSERT_OK_AND_ASSIGN(Authentication forged,
                       auth->Authenticate(Request("POST", "1.2.3.4", {{"Cookie", cookie}})));
  EXPECT_EQ(forged.outcome, Outcome::kRejected);
  EXPECT_EQ(env_->faulty.Calls(Op::kGet), gets_before);
}

TEST_F(AccountAuthenticatorTest, StoreFailuresAreErrorsNotRejections) {
  AccountAuthOptions options;
  options.trusted_proxies = {"10.0.0.0/8"};
  options.proxy_user_header = "X-Forwarded-User";
  auto auth = Make(options);
  ASSERT_OK_AND_ASSIGN(service::CreatedToken token, auth->tokens().CreateApiToken({alice_}, "t"));
  ASSERT_OK_AND_ASSIGN(service::CreatedSession session, auth->tokens().CreateSession({alice_}));
  std::vector<HttpRequest> requests = {
      Request("GET", "1.2.3.4", {{"Authorization", "Bearer " + token.token}}),
      Request("GET", "1.2.3.4", {{"Cookie", "homeboard_session=" + session.token}}),
      Request("GET", "10.0.0.1", {{"X-Forwarded-User", "alice"}})};
  for (const HttpRequest& request : requests) {
    env_->faulty.Inject({.op = Op::kGet,
                         .code = store::Error::Code::kUnavailable,
                         .when = service::FaultInjectingStore::When::kBefore});
    auto failed = auth->Authenticate(request);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, service::Error::Code::kUnavailable);
    ASSERT_OK_AND_ASSIGN(Authentication healed, auth->Authenticate(request));
    EXPECT_EQ(healed.outcome, Outcome::kAuthenticated);
    EXPECT_EQ(healed.caller.user_id, alice_);
  }
}

}  // namespace
}  // namespace homeboard::server
