// ApiToken: one item of the ApiTokens table (docs/data-model.md, "ApiTokens"), for API
// tokens and login sessions alike. The token itself is never stored, only TokenHash(token);
// token_id is the public handle for listing and revoking (via UserTokensIndex).
#ifndef HOMEBOARD_MODEL_API_TOKEN_H_
#define HOMEBOARD_MODEL_API_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "model/error.h"
#include "model/timestamp.h"

namespace homeboard::model {

enum class TokenKind { kApi, kSession };

// "api" / "session".
std::string_view TokenKindName(TokenKind kind);
// The kind named `name`, or rule "enum" naming `field`.
[[nodiscard]] Result<TokenKind> ParseTokenKind(std::string_view name,
                                               std::string_view field = "kind");

// Lower-case hex SHA-256 of a secret (API token, session token or share link token): what
// the tables store instead of the secret.
std::string TokenHash(std::string_view token);
// OK if `hash` is 64 lower-case hex digits ("required", "pattern").
[[nodiscard]] Status ValidateTokenHash(std::string_view hash, std::string_view field);

struct ApiToken {
  std::string token_hash;  // TokenHash(token): the table key
  std::string user_id;     // owner ULID
  std::string token_id;    // ULID, the public handle
  std::string name;        // label: 1-200 characters, one normalised line
  TokenKind kind = TokenKind::kApi;
  std::string created_at;  // canonical timestamp (UserTokensIndex sort key)
  // Epoch seconds; DynamoDB's TTL attribute. Required for sessions; an API token without it
  // never expires (DynamoDB TTL ignores items without the attribute).
  std::optional<std::int64_t> expires_at;

  // True if the token has an expiry and `now` is at or past it. Every read must check this:
  // DynamoDB TTL deletes expired items only eventually (typically within days).
  bool IsExpiredAt(Time now) const;

  [[nodiscard]] Status Validate() const;
  ddb::Item ToItem() const;
  [[nodiscard]] static Result<ApiToken> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(token_hash); }
  static ddb::Item KeyOf(std::string_view token_hash);

  friend bool operator==(const ApiToken&, const ApiToken&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_API_TOKEN_H_
