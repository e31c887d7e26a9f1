// Tests of ApiRateLimits (api_rate_limits.h), the per-address and per-credential request
// limits the server core consults, with a hand-moved clock: buckets per address and per
// credential (each token and each session separately), 429 problems with Retry-After, and
// the client address function for requests through a proxy.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "server/account_authenticator.h"
#include "server/api_rate_limits.h"

namespace homeboard::server {
namespace {

using Outcome = Authentication::Outcome;

struct ManualClock {
  std::shared_ptr<std::atomic<std::int64_t>> ms = std::make_shared<std::atomic<std::int64_t>>(5000);
  service::LimiterClock Clock() const {
    return [ms = ms] {
      return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms->load()));
    };
  }
  void Advance(std::int64_t by_ms) { ms->fetch_add(by_ms); }
};

HttpRequest From(std::string address,
                 std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpRequest request;
  request.method = "GET";
  request.path = "/api/v1/pages";
  request.remote_address = std::move(address);
  for (auto& [name, value] : headers) request.headers.emplace(std::move(name), std::move(value));
  return request;
}

Authentication Authenticated(CredentialKind via,
                             std::string user_id = "01J00000000000000000000000") {
  return Authentication{.outcome = Outcome::kAuthenticated, .caller = {user_id}, .via = via};
}

ApiRateLimitOptions Options(const ManualClock& clock) {
  ApiRateLimitOptions options;
  options.per_address = {.rate_per_second = 1, .burst = 3, .clock = clock.Clock()};
  options.per_credential = {.rate_per_second = 0.5, .burst = 2, .clock = clock.Clock()};
  return options;
}

TEST(ApiRateLimits, PerAddressBurstThen429WithRetryAfter) {
  ManualClock clock;
  ApiRateLimits limits(Options(clock));
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limits.CheckAddress(From("203.0.113.1"))) << i;
  std::optional<Problem> refused = limits.CheckAddress(From("203.0.113.1"));
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->code, "too_many_requests");
  EXPECT_EQ(refused->retry_after_seconds, 1);
  HttpResponse rendered;
  RenderProblem(*refused, "/api/v1/pages", "rid", rendered);
  EXPECT_EQ(rendered.Header("Retry-After"), "1");
  // Other addresses have their own buckets.
  EXPECT_FALSE(limits.CheckAddress(From("203.0.113.2")));
  // Waiting as told gets through.
  clock.Advance(1000);
  EXPECT_FALSE(limits.CheckAddress(From("203.0.113.1")));
  EXPECT_TRUE(limits.CheckAddress(From("203.0.113.1")));
}

TEST(ApiRateLimits, PerCredentialEachTokenAndSessionSeparately) {
  ManualClock clock;
  ApiRateLimits limits(Options(clock));
  HttpRequest token_a = From("1.1.1.1", {{"Authorization", "Bearer hbk_aaaa"}});
  HttpRequest token_b = From("1.1.1.1", {{"Authorization", "Bearer hbk_bbbb"}});
  HttpRequest session = From("1.1.1.1", {{"Cookie", "homeboard_session=hbs_cccc"}});
  const Authentication bearer = Authenticated(CredentialKind::kBearerToken);
  EXPECT_FALSE(limits.CheckCredential(token_a, bearer));
  EXPECT_FALSE(limits.CheckCredential(token_a, bearer));
  std::optional<Problem> refused = limits.CheckCredential(token_a, bearer);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->retry_after_seconds, 2);  // one token at 0.5/s
  // The same user's other token and session are not affected.
  EXPECT_FALSE(limits.CheckCredential(token_b, bearer));
  EXPECT_FALSE(limits.CheckCredential(session, Authenticated(CredentialKind::kSessionCookie)));
  // Rejected or anonymous requests are not counted here (they are answered 401).
  Authentication rejected{.outcome = Outcome::kRejected, .via = CredentialKind::kBearerToken};
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limits.CheckCredential(token_b, rejected));
  EXPECT_FALSE(limits.CheckCredential(token_b, Authentication{}));
  clock.Advance(2000);
  EXPECT_FALSE(limits.CheckCredential(token_a, bearer));
}

TEST(ApiRateLimits, ProxyCallersAreLimitedPerUser) {
  ManualClock clock;
  ApiRateLimits limits(Options(clock));
  HttpRequest request = From("10.0.0.1", {{"X-Forwarded-User", "alice"}});
  Authentication alice = Authenticated(CredentialKind::kProxyHeader, "01J0000000000000000000000A");
  Authentication bob = Authenticated(CredentialKind::kProxyHeader, "01J0000000000000000000000B");
  EXPECT_FALSE(limits.CheckCredential(request, alice));
  EXPECT_FALSE(limits.CheckCredential(request, alice));
  EXPECT_TRUE(limits.CheckCredential(request, alice));
  EXPECT_FALSE(limits.CheckCredential(request, bob));
}

TEST(ApiRateLimits, CountsTheClientBehindATrustedProxy) {
  ManualClock clock;
  ApiRateLimitOptions options = Options(clock);
  options.client_address = [](const HttpRequest& request) {
    std::optional<std::string_view> forwarded = request.Header("X-Forwarded-For");
    return forwarded ? std::string(*forwarded) : request.remote_address;
  };
  ApiRateLimits limits(std::move(options));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limits.CheckAddress(From("10.0.0.1", {{"X-Forwarded-For", "203.0.113.7"}})));
  }
  EXPECT_TRUE(limits.CheckAddress(From("10.0.0.1", {{"X-Forwarded-For", "203.0.113.7"}})));
  // Another client of the same proxy has its own bucket.
  EXPECT_FALSE(limits.CheckAddress(From("10.0.0.1", {{"X-Forwarded-For", "203.0.113.8"}})));
}

}  // namespace
}  // namespace homeboard::server
