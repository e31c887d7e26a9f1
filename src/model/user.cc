// User and NameClaim mapping and validation.
#include "model/user.h"

#include <fmt/format.h>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/text.h"
#include "model/timestamp.h"

namespace homeboard::model {
namespace {

using internal::ItemReader;

constexpr std::string_view kUserPrefix = "u#";
constexpr std::string_view kNamePrefix = "name#";
constexpr std::size_t kMaxPasswordHashBytes = 512;

// A PHC string: "$<algorithm id>$" then printable ASCII without spaces.
// https://github.com/P-H-C/phc-string-format/blob/master/phc-sf-spec.md
Status ValidatePasswordHash(std::string_view hash) {
  constexpr std::string_view kField = attr::kPasswordHash;
  if (hash.empty()) return Invalid(kField, rule::kRequired, "is required");
  if (hash.size() > kMaxPasswordHashBytes) {
    return Invalid(kField, rule::kMaxLength,
                   fmt::format("at most {} bytes (got {})", kMaxPasswordHashBytes, hash.size()));
  }
  bool ok = hash.size() > 2 && hash[0] == '$';
  std::size_t id_end = ok ? hash.find('$', 1) : std::string_view::npos;
  ok = ok && id_end != std::string_view::npos && id_end > 1 && id_end <= 33;
  for (std::size_t i = 1; ok && i < id_end; ++i) {
    char c = hash[i];
    ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }
  for (char c : hash) ok = ok && c > 0x20 && c < 0x7f;
  if (!ok) return Invalid(kField, rule::kPattern, "must be a PHC string like $argon2id$...");
  return {};
}

// The id after `prefix` in a key value, or a "corrupt" note in `reader`.
std::string StripPrefix(ItemReader& reader, std::string_view name, std::string_view value,
                        std::string_view prefix) {
  if (value.substr(0, prefix.size()) != prefix) {
    if (reader.ok()) reader.Fail(name, fmt::format("key must start with \"{}\"", prefix));
    return std::string();
  }
  return std::string(value.substr(prefix.size()));
}

}  // namespace

std::string UserKeyValue(std::string_view user_id) {
  return std::string(kUserPrefix) + std::string(user_id);
}

std::string NameClaimKeyValue(std::string_view name) {
  return std::string(kNamePrefix) + std::string(name);
}

Result<std::string> NormalizeUserName(std::string_view raw, std::string_view field) {
  std::string name = TrimWhitespace(raw);
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (auto status = ValidateUserName(name, field); !status.ok()) return std::move(status).error();
  return name;
}

Status ValidateUserName(std::string_view name, std::string_view field) {
  if (name.empty()) return Invalid(field, rule::kRequired, "is required");
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return Invalid(field, rule::kPattern, "may contain only a-z, 0-9, '_', '.' and '-'");
  }
  if (name.size() < kMinUserNameChars) {
    return Invalid(field, rule::kMinLength,
                   fmt::format("at least {} characters (got {})", kMinUserNameChars, name.size()));
  }
  if (name.size() > kMaxUserNameChars) {
    return Invalid(field, rule::kMaxLength,
                   fmt::format("at most {} characters (got {})", kMaxUserNameChars, name.size()));
  }
  return {};
}

Status User::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateUserName(name, attr::kName));
  HOMEBOARD_RETURN_IF_INVALID(ValidateText(display_name, attr::kDisplayName, TextKind::kLine,
                                           {.min_chars = 1, .max_chars = kMaxTitleChars}));
  HOMEBOARD_RETURN_IF_INVALID(ValidatePasswordHash(password_hash));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(created_at, attr::kCreatedAt));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(updated_at, attr::kUpdatedAt));
  return internal::ValidateVersion(version);
}

ddb::Item User::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kUserId, UserKeyValue(user_id));
  internal::PutString(item, attr::kName, name);
  internal::PutString(item, attr::kDisplayName, display_name);
  internal::PutString(item, attr::kPasswordHash, password_hash);
  internal::PutString(item, attr::kCreatedAt, created_at);
  internal::PutString(item, attr::kUpdatedAt, updated_at);
  internal::PutInteger(item, attr::kVersion, version);
  return item;
}

Result<User> User::FromItem(const ddb::Item& item) {
  ItemReader reader(item);
  User user;
  std::string key = reader.String(attr::kUserId);
  user.user_id = StripPrefix(reader, attr::kUserId, key, kUserPrefix);
  user.name = reader.String(attr::kName);
  user.display_name = reader.String(attr::kDisplayName);
  user.password_hash = reader.String(attr::kPasswordHash);
  user.created_at = reader.String(attr::kCreatedAt);
  user.updated_at = reader.String(attr::kUpdatedAt);
  user.version = reader.Integer(attr::kVersion);
  if (!reader.ok()) return reader.error();
  if (auto status = user.Validate(); !status.ok()) return std::move(status).error();
  return user;
}

ddb::Item User::KeyOf(std::string_view user_id) {
  ddb::Item key;
  internal::PutString(key, attr::kUserId, UserKeyValue(user_id));
  return key;
}

Status NameClaim::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateUserName(name, attr::kName));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kClaimedBy));
  return ValidateTimestamp(created_at, attr::kCreatedAt);
}

ddb::Item NameClaim::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kUserId, NameClaimKeyValue(name));
  internal::PutString(item, attr::kClaimedBy, user_id);
  internal::PutString(item, attr::kCreatedAt, created_at);
  return item;
}

Result<NameClaim> NameClaim::FromItem(const ddb::Item& item) {
  ItemReader reader(item);
  NameClaim claim;
  std::string key = reader.String(attr::kUserId);
  claim.name = StripPrefix(reader, attr::kUserId, key, kNamePrefix);
  claim.user_id = reader.String(attr::kClaimedBy);
  claim.created_at = reader.String(attr::kCreatedAt);
  if (!reader.ok()) return reader.error();
  if (auto status = claim.Validate(); !status.ok()) return std::move(status).error();
  return claim;
}

ddb::Item NameClaim::KeyOf(std::string_view name) {
  ddb::Item key;
  internal::PutString(key, attr::kUserId, NameClaimKeyValue(name));
  return key;
}

}  // namespace homeboard::model
