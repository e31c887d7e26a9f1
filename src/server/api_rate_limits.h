// ApiRateLimits: the per-address and per-credential request limits of the API (429 with
// Retry-After), as two service::RateLimiter token buckets, for the server core to consult
// on every request:
//
//   - CheckAddress, before authentication, keyed by the client address (behind a trusted
//     reverse proxy: AccountAuthenticator::ClientAddress, so clients of one proxy do not
//     share one bucket). Floods of bad credentials are refused before they cost store calls.
//   - CheckCredential, after a successful authentication, keyed by the credential: the
//     SHA-256 of the bearer token or of the session cookie (so each API token and each
//     browser session has its own bucket, and no secret is kept in memory), or the user
//     for proxy-header callers.
//
// Defaults: 20 requests/s with bursts of 200 per address; 10/s with bursts of 100 per token.
// A refused request costs nothing (RateLimiter), so a client that waits Retry-After seconds
// gets through. State is per process (see rate_limiter.h).
//
// Thread safety: thread-safe.
#ifndef HOMEBOARD_SERVER_API_RATE_LIMITS_H_
#define HOMEBOARD_SERVER_API_RATE_LIMITS_H_

#include <functional>
#include <optional>
#include <string>

#include "server/authenticator.h"
#include "server/http.h"
#include "server/problem.h"
#include "service/rate_limiter.h"

namespace homeboard::server {

struct ApiRateLimitOptions {
  service::RateLimiterOptions per_address{.rate_per_second = 20, .burst = 200};
  service::RateLimiterOptions per_credential{.rate_per_second = 10, .burst = 100};
  // The address a request is counted against; empty: HttpRequest::remote_address.
  std::function<std::string(const HttpRequest&)> client_address;
};

class ApiRateLimits {
 public:
  explicit ApiRateLimits(ApiRateLimitOptions options = {});

  ApiRateLimits(const ApiRateLimits&) = delete;
  ApiRateLimits& operator=(const ApiRateLimits&) = delete;

  // nullopt if `request` may proceed; else the 429 problem (code "too_many_requests",
  // retry_after_seconds set, so RenderProblem adds Retry-After).
  std::optional<Problem> CheckAddress(const HttpRequest& request);

  // The same for the credential that authenticated `request`; nullopt for anything but
  // an kAuthenticated outcome (those are answered 401 anyway).
  std::optional<Problem> CheckCredential(const HttpRequest& request,
                                         const Authentication& authentication);

 private:
  ApiRateLimitOptions options_;
  service::RateLimiter per_address_;
  service::RateLimiter per_credential_;
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_API_RATE_LIMITS_H_
