// Share: one item of the Shares table (docs/data-model.md, "Shares"): a page or widget shared
// with another user or by a public link. Keyed by resource_ref ("page#<id>" | "widget#<id>")
// and grantee ("user#<user id>" | "link#<hex SHA-256 of the link token>"). User shares also
// carry grantee_id, the SharedWithIndex partition; link shares do not (a sparse index).
#ifndef HOMEBOARD_MODEL_SHARE_H_
#define HOMEBOARD_MODEL_SHARE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "model/error.h"
#include "model/timestamp.h"

namespace homeboard::model {

enum class ResourceKind { kPage, kWidget };
enum class Permission { kView, kEdit };

std::string_view ResourceKindName(ResourceKind kind);    // "page" / "widget"
std::string_view PermissionName(Permission permission);  // "view" / "edit"
[[nodiscard]] Result<ResourceKind> ParseResourceKind(std::string_view name,
                                                     std::string_view field = "resource_kind");
[[nodiscard]] Result<Permission> ParsePermission(std::string_view name,
                                                 std::string_view field = "permission");

// "page#<id>" / "widget#<id>".
std::string ResourceRef(ResourceKind kind, std::string_view resource_id);
// "user#<user_id>".
std::string UserGrantee(std::string_view user_id);
// "link#<token_hash>" (token_hash = TokenHash(link token), see api_token.h).
std::string LinkGrantee(std::string_view token_hash);

struct Share {
  ResourceKind resource_kind = ResourceKind::kPage;
  std::string resource_id;  // ULID of the page or widget
  // Exactly one of the two grantees is set:
  std::string grantee_id;  // user share: the grantee's user id (stored as grantee_id too)
  std::string link_hash;   // link share: TokenHash(link token); the token is never stored
  std::string share_id;    // ULID, the public handle
  std::string owner_id;    // who shared: the resource's owner (UserSharesIndex partition)
  Permission permission = Permission::kView;  // links are always view
  std::string resource_title;                 // denormalised for "shared with me": 1-200 characters
  std::string created_at;
  std::optional<std::int64_t> expires_at;  // epoch seconds; DynamoDB's TTL attribute

  bool is_link() const { return !link_hash.empty(); }
  std::string resource_ref() const { return ResourceRef(resource_kind, resource_id); }
  std::string grantee() const;

  // True if the share has an expiry and `now` is at or past it. Reads must ignore expired
  // shares: DynamoDB TTL removes them only eventually.
  bool IsExpiredAt(Time now) const;

  // Also "inconsistent": both or neither grantee set (field grantee), a link share with edit
  // permission (field permission), a user sharing with themself (field grantee_id).
  [[nodiscard]] Status Validate() const;
  ddb::Item ToItem() const;
  // "corrupt" also for unparsable resource_ref/grantee or a grantee_id that disagrees.
  [[nodiscard]] static Result<Share> FromItem(const ddb::Item& item);
  ddb::Item Key() const;
  // `grantee` is UserGrantee(...) or LinkGrantee(...).
  static ddb::Item KeyOf(ResourceKind kind, std::string_view resource_id, std::string_view grantee);

  friend bool operator==(const Share&, const Share&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_SHARE_H_
