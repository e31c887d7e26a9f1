// ApiRateLimits: keys for the per-address and per-credential token buckets, and the 429s.
#include "server/api_rate_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "model/api_token.h"
#include "server/account_authenticator.h"

namespace homeboard::server {
namespace {

Problem TooManyRequests(const service::RateDecision& decision, std::string_view what) {
  Problem problem = MakeProblem(
      429, "too_many_requests",
      fmt::format("too many requests {}: retry in {} s", what, decision.retry_after.count()));
  problem.retry_after_seconds =
      static_cast<int>(std::max<std::int64_t>(1, decision.retry_after.count()));
  return problem;
}

}  // namespace

ApiRateLimits::ApiRateLimits(ApiRateLimitOptions options)
    : options_(std::move(options)),
      per_address_(options_.per_address),
      per_credential_(options_.per_credential) {}

std::optional<Problem> ApiRateLimits::CheckAddress(const HttpRequest& request) {
  std::string address =
      options_.client_address ? options_.client_address(request) : request.remote_address;
  service::RateDecision decision = per_address_.Acquire(address);
  if (decision.allowed) return std::nullopt;
  return TooManyRequests(decision, "from this address");
}

std::optional<Problem> ApiRateLimits::CheckCredential(const HttpRequest& request,
                                                      const Authentication& authentication) {
  if (authentication.outcome != Authentication::Outcome::kAuthenticated) return std::nullopt;
  std::string key;
  switch (authentication.via) {
    case CredentialKind::kBearerToken:
      key = "t:" + model::TokenHash(BearerToken(request).value_or(""));
      break;
    case CredentialKind::kSessionCookie:
      key = "s:" + model::TokenHash(CookieValue(request, kSessionCookieName).value_or(""));
      break;
    case CredentialKind::kProxyHeader:
    case CredentialKind::kNone:
      key = "u:" + authentication.caller.user_id;
      break;
  }
  service::RateDecision decision = per_credential_.Acquire(key);
  if (decision.allowed) return std::nullopt;
  return TooManyRequests(decision, "with this credential");
}

}  // namespace homeboard::server
