// AccountAuthenticator: the real server::Authenticator, backed by the accounts layer
// (service::TokenService, service::AccountService; docs/accounts.md, "HTTP authentication").
// It also holds what the login and logout routes (routes_auth.cc) share with it: the session
// cookie's attributes, the login limiter and the trusted reverse proxies.
//
// Credentials, in the order they are looked at (the first one present decides):
//   1. `Authorization: Bearer hbk_...`: an API token (TokenService::Authenticate). A Bearer
//      header that is unknown, expired, revoked, malformed or a session token is kRejected;
//      a cookie sent alongside is then not consulted (an explicit credential that fails
//      must fail loudly, not fall back). Other schemes (Basic, ...) are ignored, since a
//      browser behind a Basic-auth proxy sends them with its cookie. No CSRF check:
//      browsers never attach bearer tokens by themselves.
//   2. The trusted proxy header (off by default): when `proxy_user_header` is set and the
//      peer (HttpRequest::remote_address) is one of `trusted_proxies` (exact addresses or
//      CIDR blocks, IPv4 or IPv6), that header names the user (a user NAME, looked up with
//      AccountService::FindByName). From any other peer the header is ignored entirely, as
//      if absent. An unsafe request authenticated this way must carry an X-CSRF-Token
//      header (any non-empty value): the proxy's own login cookie rides along on
//      cross-site requests, and a cross-site form cannot add a custom header (OWASP CSRF
//      cheat sheet, "custom request headers").
//   3. The session cookie `kSessionCookieName` (TokenService::AuthenticateSession). Unsafe
//      methods (anything but GET, HEAD, OPTIONS, TRACE) must carry X-CSRF-Token equal to
//      the session's CSRF token, else kRejected with a reason starting "csrf" (answered
//      401 like every rejection: the server core maps all rejections to 401).
//   Nothing of the above: kAnonymous.
//
// Store failures are errors (kUnavailable: the server answers 503), never rejections.
//
// Client address and TLS. Behind a reverse proxy every request comes from the proxy, so
// ClientAddress() takes the right-most X-Forwarded-For entry that is not itself a trusted
// proxy when the peer is trusted, and IsHttps() believes X-Forwarded-Proto only from a
// trusted peer. The server itself speaks plain HTTP, so the cookie's Secure attribute
// follows `cookie_secure`: kAlways, kNever, or kAuto (Secure exactly when IsHttps()).
//
// Thread safety: Authenticate and the const accessors may be called from any number of
// threads; the login limiter is internally synchronised.
#ifndef HOMEBOARD_SERVER_ACCOUNT_AUTHENTICATOR_H_
#define HOMEBOARD_SERVER_ACCOUNT_AUTHENTICATOR_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api.h"
#include "server/authenticator.h"
#include "server/http.h"
#include "service/account_service.h"
#include "service/context.h"
#include "service/error.h"
#include "service/login_limiter.h"
#include "service/token_service.h"

namespace homeboard::server {

inline constexpr std::string_view kSessionCookieName = "homeboard_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// True for the methods that change nothing (RFC 9110 section 9.2.1): GET, HEAD, OPTIONS,
// TRACE. Everything else needs CSRF protection when authenticated by the browser.
bool IsSafeMethod(std::string_view method);

// A set of addresses and CIDR blocks ("10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8").
// IPv4-mapped IPv6 peers ("::ffff:10.0.0.1") match IPv4 entries.
class AddressSet {
 public:
  // kInvalidArgument (field `field`, rule "pattern") for an entry that is not an IP address
  // or a CIDR block with a prefix length within its family's bits.
  [[nodiscard]] static service::Result<AddressSet> Parse(
      const std::vector<std::string>& entries, std::string_view field = "trusted_proxies");

  // True if `address` (an IP address as text) is in the set; false for anything unparsable.
  bool Contains(std::string_view address) const;
  bool empty() const { return blocks_.empty(); }

 private:
  struct Block {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4 bytes
    bool v4 = false;
    int prefix_bits = 0;
  };
  std::vector<Block> blocks_;
};

enum class CookieSecure {
  kAuto,    // Secure when the request came over HTTPS (X-Forwarded-Proto from a trusted proxy)
  kAlways,  // the server is only reachable through TLS
  kNever,   // plain-HTTP development setups
};

struct AccountAuthOptions {
  CookieSecure cookie_secure = CookieSecure::kAuto;
  // Peers whose X-Forwarded-For / X-Forwarded-Proto / proxy user header are believed.
  std::vector<std::string> trusted_proxies;
  // Header carrying the user name set by a trusted proxy ("X-Forwarded-User"); empty: off.
  std::string proxy_user_header;
  service::TokenOptions tokens;
  service::AccountOptions accounts;
  service::LoginLimiterOptions login;
};

class AccountAuthenticator final : public Authenticator {
 public:
  // kInvalidArgument if `options.trusted_proxies` has a bad entry, or if a proxy user header
  // is configured without any trusted proxy (field "proxy_user_header", rule "required").
  [[nodiscard]] static service::Result<std::unique_ptr<AccountAuthenticator>> Create(
      service::ServiceContext services, AccountAuthOptions options = {});

  [[nodiscard]] service::Result<Authentication> Authenticate(
      const HttpRequest& request) const override;

  // The client's address: the peer, or behind a trusted proxy the right-most
  // X-Forwarded-For entry that is not a trusted proxy (the peer if that entry is not an IP).
  std::string ClientAddress(const HttpRequest& request) const;
  // True if the client reached us over TLS, as far as we can tell (see above).
  bool IsHttps(const HttpRequest& request) const;
  // Whether cookies set in answer to `request` get the Secure attribute.
  bool SecureCookies(const HttpRequest& request) const;

  // Set-Cookie values: the session cookie (Path=/; HttpOnly; SameSite=Lax; Max-Age = the
  // session's absolute lifetime, since the server enforces the shorter idle expiry itself
  // and slides it; Secure per SecureCookies) and the one that deletes it (Max-Age=0).
  std::string SessionCookie(std::string_view token, const HttpRequest& request) const;
  std::string ClearedSessionCookie(const HttpRequest& request) const;

  const service::TokenService& tokens() const { return tokens_; }
  const service::AccountService& accounts() const { return accounts_; }
  service::LoginLimiter& login_limiter() const { return *login_limiter_; }
  const service::ServiceContext& services() const { return services_; }

 private:
  AccountAuthenticator(service::ServiceContext services, AccountAuthOptions options,
                       AddressSet proxies);

  service::Result<Authentication> FromBearer(std::string_view token) const;
  service::Result<Authentication> FromProxyHeader(const HttpRequest& request,
                                                  std::string_view name) const;
  service::Result<Authentication> FromSession(const HttpRequest& request,
                                              std::string_view cookie) const;

  service::ServiceContext services_;
  AccountAuthOptions options_;
  AddressSet proxies_;
  service::TokenService tokens_;
  service::AccountService accounts_;
  std::unique_ptr<service::LoginLimiter> login_limiter_;
};

// The login and logout routes (routes_auth.cc) bound to `authenticator` (not owned; it must
// outlive the server): POST /api/v1/auth/login and POST /api/v1/auth/logout. AddAuthRoutes
// adds them whenever the server's authenticator (ApiBuilder::authenticator()) is an
// AccountAuthenticator.
void AddSessionRoutes(ApiBuilder& api, const AccountAuthenticator& authenticator);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_ACCOUNT_AUTHENTICATOR_H_
