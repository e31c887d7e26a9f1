// Authenticator: the seam through which the server learns who is calling. The server asks
// it once per request to a route that needs a caller, passing the whole request, and
// answers 401 unless the outcome is kAuthenticated. Implementations (the accounts layer's
// token and session authenticator; a fake in tests, testing_auth.h) decide everything about
// credentials: which header or cookie, hashing, expiry, revocation, trusted proxy headers,
// and CSRF for cookie-authenticated writes (a cookie request whose unsafe method lacks a
// valid CSRF token is simply kRejected) — the server never parses credentials itself.
//
// Thread safety: Authenticate is called concurrently from every worker thread.
#ifndef HOMEBOARD_SERVER_AUTHENTICATOR_H_
#define HOMEBOARD_SERVER_AUTHENTICATOR_H_

#include <optional>
#include <string>
#include <string_view>

#include "server/http.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::server {

enum class CredentialKind { kNone, kBearerToken, kSessionCookie, kProxyHeader };

struct Authentication {
  enum class Outcome {
    kAnonymous,      // no credentials at all
    kAuthenticated,  // `caller` is set
    kRejected,       // credentials given but invalid, expired, revoked, or CSRF failed
  };
  Outcome outcome = Outcome::kAnonymous;
  service::Caller caller;
  CredentialKind via = CredentialKind::kNone;
  // Why a rejection happened, for the 401's detail ("token expired"); must not reveal
  // whether an account exists.
  std::string reason;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // Who sent `request`. Errors are for infrastructure failures only (store unavailable:
  // kUnavailable, answered 503); bad credentials are an outcome, not an error.
  [[nodiscard]] virtual service::Result<Authentication> Authenticate(
      const HttpRequest& request) const = 0;
};

// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), if any.
std::optional<std::string_view> BearerToken(const HttpRequest& request);

// The value of cookie `name` from the Cookie header(s), if present.
std::optional<std::string_view> CookieValue(const HttpRequest& request, std::string_view name);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_AUTHENTICATOR_H_
