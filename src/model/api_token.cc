// ApiToken mapping and validation.
#include "model/api_token.h"

#include <openssl/sha.h>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/text.h"

namespace homeboard::model {

std::string_view TokenKindName(TokenKind kind) {
  return kind == TokenKind::kSession ? "session" : "api";
}

Result<TokenKind> ParseTokenKind(std::string_view name, std::string_view field) {
  if (name == "api") return TokenKind::kApi;
  if (name == "session") return TokenKind::kSession;
  return Invalid(field, rule::kEnum, "must be \"api\" or \"session\"");
}

std::string TokenHash(std::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 15]);
  }
  return hex;
}

Status ValidateTokenHash(std::string_view hash, std::string_view field) {
  if (hash.empty()) return Invalid(field, rule::kRequired, "is required");
  bool ok = hash.size() == 64;
  for (char c : hash) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok) return Invalid(field, rule::kPattern, "must be 64 lower-case hex digits (SHA-256)");
  return {};
}

bool ApiToken::IsExpiredAt(Time now) const {
  return expires_at.has_value() && ToEpochSeconds(now) >= *expires_at;
}

Status ApiToken::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateTokenHash(token_hash, attr::kTokenHash));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(token_id, attr::kTokenId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateText(name, attr::kName, TextKind::kLine,
                                           {.min_chars = 1, .max_chars = kMaxTokenNameChars}));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(created_at, attr::kCreatedAt));
  if (expires_at) {
    HOMEBOARD_RETURN_IF_INVALID(internal::ValidateEpochSeconds(*expires_at, attr::kExpiresAt));
  } else if (kind == TokenKind::kSession) {
    return Invalid(attr::kExpiresAt, rule::kRequired, "is required for session tokens");
  }
  return {};
}

ddb::Item ApiToken::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kTokenHash, token_hash);
  internal::PutString(item, attr::kUserId, user_id);
  internal::PutString(item, attr::kTokenId, token_id);
  internal::PutString(item, attr::kName, name);
  internal::PutString(item, attr::kKind, std::string(TokenKindName(kind)));
  internal::PutString(item, attr::kCreatedAt, created_at);
  internal::PutOptionalInteger(item, attr::kExpiresAt, expires_at);
  return item;
}

Result<ApiToken> ApiToken::FromItem(const ddb::Item& item) {
  internal::ItemReader reader(item);
  ApiToken token;
  token.token_hash = reader.String(attr::kTokenHash);
  token.user_id = reader.String(attr::kUserId);
  token.token_id = reader.String(attr::kTokenId);
  token.name = reader.String(attr::kName);
  std::string kind = reader.String(attr::kKind);
  token.created_at = reader.String(attr::kCreatedAt);
  token.expires_at = reader.OptionalInteger(attr::kExpiresAt);
  if (!reader.ok()) return reader.error();
  auto parsed_kind = ParseTokenKind(kind);
  if (!parsed_kind.ok()) return Invalid(attr::kKind, rule::kCorrupt, "unknown token kind");
  token.kind = *parsed_kind;
  if (auto status = token.Validate(); !status.ok()) return std::move(status).error();
  return token;
}

ddb::Item ApiToken::KeyOf(std::string_view token_hash) {
  ddb::Item key;
  internal::PutString(key, attr::kTokenHash, std::string(token_hash));
  return key;
}

}  // namespace homeboard::model
