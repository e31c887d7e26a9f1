// TokenService: API tokens for scripts (Authorization: Bearer) and login sessions for the
// browser (a cookie), both stored as ApiTokens items (docs/data-model.md, "ApiTokens";
// docs/accounts.md explains the whole scheme).
//
// Secrets. A token is a prefix naming its kind and 256 bits from the OS CSPRNG (OpenSSL's
// RAND_bytes) in unpadded base64url: "hbk_" + 43 characters for API tokens, "hbs_" + 43 for
// sessions. It is returned once, when made; only its SHA-256 (model::TokenHash) is stored, so
// a copy of the database lets nobody in. The prefix lets secret scanners recognise leaked
// tokens and lets the server refuse a session token sent as a bearer token (and the reverse)
// before any store call; a string of the wrong shape costs no store call at all.
//
// Checking a token is one consistent GetItem by its hash. Revoked means deleted, so a
// revocation takes effect on the next request. Expiry is compared with context.now() on every
// check, because DynamoDB's TTL deletes expired items only eventually (the SQLite engine may
// never): an expired token is refused even while its item still exists.
//
// Sessions expire after `session_idle_timeout` without use and `session_absolute_lifetime`
// after login, whichever comes first: expires_at = min(last use + idle, created_at +
// absolute). Sliding the idle window costs a write, so a check moves expires_at forward only
// when at least `session_refresh_interval` has passed since it was last moved (at most one
// write per session per interval).
//
// CSRF. A cookie is sent by the browser on cross-site requests too, so cookie-authenticated
// writes must also carry a CSRF token the attacker's page cannot know. Ours is
// HMAC-SHA256(key = session token, "homeboard-csrf-v1") in base64url: bound to the session
// (useless with any other cookie), derivable by the server from the cookie alone (nothing
// more to store), and revealing nothing about the session token (HMAC is a PRF). The login
// answer hands it to the page; the page sends it back in a header (X-CSRF-Token); the server
// compares it with CsrfTokenMatches.
//
// Housekeeping. The SQLite engine never deletes expired items and DynamoDB's TTL does so
// only eventually, so making a token or session first deletes the user's expired ones (one
// Query of UserTokensIndex, then batch deletes: logins are rare and already cost an Argon2
// hash). A user keeps at most kMaxApiTokensPerUser live API tokens (more is kLimitExceeded,
// field "tokens", rule "max_count") and kMaxSessionsPerUser sessions (a new login ends the
// oldest ones), so a script logging in in a loop cannot grow the table without bound.
//
// Errors: kInvalidArgument naming field and rule (user_id for a bad caller, name,
// expires_in, token_id), kNotFound (field "token_id") for a token id that is not the
// caller's, kLimitExceeded, kUnavailable, kInternal. A token that does not authenticate is
// not an error: Authenticate* return an empty optional, and an error only when the store
// could not answer (the server then says 503, not 401).
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_TOKEN_SERVICE_H_
#define HOMEBOARD_SERVICE_TOKEN_SERVICE_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/api_token.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

inline constexpr std::string_view kApiTokenPrefix = "hbk_";
inline constexpr std::string_view kSessionTokenPrefix = "hbs_";
// Prefix plus 43 base64url characters (32 random bytes).
inline constexpr std::size_t kTokenLength = 47;
inline constexpr std::size_t kMaxApiTokensPerUser = 100;
inline constexpr std::size_t kMaxSessionsPerUser = 20;

struct TokenOptions {
  std::chrono::seconds session_idle_timeout = std::chrono::hours(12);
  std::chrono::seconds session_absolute_lifetime = std::chrono::hours(24 * 7);
  std::chrono::seconds session_refresh_interval = std::chrono::minutes(10);
  // Longest expiry an API token may be given (expires_in); tokens may also never expire.
  std::chrono::seconds max_api_token_lifetime = std::chrono::hours(24 * 365 * 5);
};

// A token just made: the secret (shown once, never stored) and its stored record.
struct CreatedToken {
  std::string token;
  model::ApiToken record;
};

// A session just made: the cookie value, the CSRF token bound to it, and its record.
struct CreatedSession {
  std::string token;
  std::string csrf_token;
  model::ApiToken record;
};

// Who a valid token belongs to.
struct Authenticated {
  Caller caller;
  std::string token_id;
  model::TokenKind kind = model::TokenKind::kApi;
  std::optional<std::int64_t> expires_at;  // epoch seconds, as stored after any refresh
};

// A valid session cookie: the caller and the CSRF token its writes must carry.
struct SessionAuth {
  Authenticated auth;
  std::string csrf_token;
};

class TokenService {
 public:
  explicit TokenService(ServiceContext context, TokenOptions options = {})
      : context_(std::move(context)), options_(options) {}

  // Makes an API token for the caller, labelled `name` (1-200 characters after whitespace
  // normalisation), expiring `expires_in` from now (1 s .. max_api_token_lifetime; field
  // "expires_in", rule "range") or never. One PutItem.
  [[nodiscard]] Result<CreatedToken> CreateApiToken(
      const Caller& caller, std::string_view name,
      std::optional<std::chrono::seconds> expires_in = std::nullopt) const;

  // The caller's API tokens and sessions that have not expired, newest first. One Query of
  // UserTokensIndex (paged if a user had thousands).
  [[nodiscard]] Result<std::vector<model::ApiToken>> ListTokens(const Caller& caller) const;

  // Deletes the caller's token (API token or session) with public id `token_id`. kNotFound
  // if the caller has no such token (someone else's token id included).
  [[nodiscard]] Status RevokeToken(const Caller& caller, std::string_view token_id) const;

  // Deletes every token and session of `user_id` (account deletion), or only those of kind
  // `only` (kSession after a password change: logged-in browsers must log in again, scripts
  // keep working). Idempotent; returns how many were deleted.
  [[nodiscard]] Result<std::size_t> RevokeAllTokens(
      std::string_view user_id, std::optional<model::TokenKind> only = std::nullopt) const;

  // The owner of API token `token` (the bearer value, without "Bearer "), or nullopt if it is
  // malformed, unknown (revoked), expired, or a session token.
  [[nodiscard]] Result<std::optional<Authenticated>> Authenticate(std::string_view token) const;

  // Starts a session for the caller (after the password was checked). `name` labels it in
  // token lists (e.g. "browser"; normalised, truncated to 200 characters, "session" if empty).
  [[nodiscard]] Result<CreatedSession> CreateSession(const Caller& caller,
                                                     std::string_view name = "session") const;

  // Ends the session whose cookie value is `token` (logout). OK if there is none (idempotent;
  // malformed values included).
  [[nodiscard]] Status EndSession(std::string_view token) const;

  // The caller and CSRF token of session cookie `token`, or nullopt if it is malformed,
  // unknown (ended, revoked), expired, or an API token. Slides the idle expiry (see above).
  [[nodiscard]] Result<std::optional<SessionAuth>> AuthenticateSession(
      std::string_view token) const;

  // The CSRF token bound to session token `session_token`.
  static std::string CsrfTokenFor(std::string_view session_token);

  // True if `presented` equals `expected` (a CsrfTokenFor value); constant-time in the
  // contents. An empty `presented` never matches.
  static bool CsrfTokenMatches(std::string_view expected, std::string_view presented);

 private:
  Result<std::optional<model::ApiToken>> LoadValid(std::string_view token, std::string_view prefix,
                                                   model::TokenKind kind) const;
  Result<std::vector<model::ApiToken>> QueryTokens(std::string_view user_id) const;
  // The user's unexpired tokens, newest first, after deleting the expired ones and, of kind
  // `kind`, the oldest beyond `keep` (when given).
  Result<std::vector<model::ApiToken>> Prune(std::string_view user_id, model::TokenKind kind,
                                             std::optional<std::size_t> keep) const;

  ServiceContext context_;
  TokenOptions options_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_TOKEN_SERVICE_H_
