// Share mapping and validation.
#include "model/share.h"

#include <fmt/format.h>

#include "model/api_token.h"
#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/text.h"

namespace homeboard::model {
namespace {

constexpr std::string_view kUserPrefix = "user#";
constexpr std::string_view kLinkPrefix = "link#";

bool ConsumePrefix(std::string_view& text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return false;
  text.remove_prefix(prefix.size());
  return true;
}

}  // namespace

std::string_view ResourceKindName(ResourceKind kind) {
  return kind == ResourceKind::kWidget ? "widget" : "page";
}

std::string_view PermissionName(Permission permission) {
  return permission == Permission::kEdit ? "edit" : "view";
}

Result<ResourceKind> ParseResourceKind(std::string_view name, std::string_view field) {
  if (name == "page") return ResourceKind::kPage;
  if (name == "widget") return ResourceKind::kWidget;
  return Invalid(field, rule::kEnum, "must be \"page\" or \"widget\"");
}

Result<Permission> ParsePermission(std::string_view name, std::string_view field) {
  if (name == "view") return Permission::kView;
  if (name == "edit") return Permission::kEdit;
  return Invalid(field, rule::kEnum, "must be \"view\" or \"edit\"");
}

std::string ResourceRef(ResourceKind kind, std::string_view resource_id) {
  return fmt::format("{}#{}", ResourceKindName(kind), resource_id);
}

std::string UserGrantee(std::string_view user_id) {
  return fmt::format("{}{}", kUserPrefix, user_id);
}

std::string LinkGrantee(std::string_view token_hash) {
  return fmt::format("{}{}", kLinkPrefix, token_hash);
}

std::string Share::grantee() const {
  return is_link() ? LinkGrantee(link_hash) : UserGrantee(grantee_id);
}

bool Share::IsExpiredAt(Time now) const {
  return expires_at.has_value() && ToEpochSeconds(now) >= *expires_at;
}

Status Share::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(resource_id, "resource_id"));
  if (grantee_id.empty() == link_hash.empty()) {
    return Invalid(attr::kGrantee, rule::kInconsistent,
                   "exactly one of grantee_id (a user) and link_hash (a link) must be set");
  }
  if (is_link()) {
    HOMEBOARD_RETURN_IF_INVALID(ValidateTokenHash(link_hash, "link_hash"));
  } else {
    HOMEBOARD_RETURN_IF_INVALID(ValidateId(grantee_id, attr::kGranteeId));
  }
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(share_id, attr::kShareId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(owner_id, attr::kOwnerId));
  if (!is_link() && grantee_id == owner_id) {
    return Invalid(attr::kGranteeId, rule::kInconsistent, "cannot share with the owner");
  }
  if (is_link() && permission != Permission::kView) {
    return Invalid(attr::kPermission, rule::kInconsistent, "link shares are view-only");
  }
  HOMEBOARD_RETURN_IF_INVALID(ValidateText(resource_title, attr::kResourceTitle, TextKind::kLine,
                                           {.min_chars = 1, .max_chars = kMaxTitleChars}));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(created_at, attr::kCreatedAt));
  if (expires_at) {
    HOMEBOARD_RETURN_IF_INVALID(internal::ValidateEpochSeconds(*expires_at, attr::kExpiresAt));
  }
  return {};
}

ddb::Item Share::ToItem() const {
  ddb::Item item = Key();
  internal::PutString(item, attr::kShareId, share_id);
  internal::PutString(item, attr::kOwnerId, owner_id);
  internal::PutStringIfNotEmpty(item, attr::kGranteeId, grantee_id);
  internal::PutString(item, attr::kPermission, std::string(PermissionName(permission)));
  internal::PutString(item, attr::kResourceTitle, resource_title);
  internal::PutString(item, attr::kCreatedAt, created_at);
  internal::PutOptionalInteger(item, attr::kExpiresAt, expires_at);
  return item;
}

Result<Share> Share::FromItem(const ddb::Item& item) {
  internal::ItemReader reader(item);
  std::string resource_ref = reader.String(attr::kResourceRef);
  std::string grantee = reader.String(attr::kGrantee);
  Share share;
  share.share_id = reader.String(attr::kShareId);
  share.owner_id = reader.String(attr::kOwnerId);
  std::string grantee_id = reader.StringOrEmpty(attr::kGranteeId);
  std::string permission = reader.String(attr::kPermission);
  share.resource_title = reader.String(attr::kResourceTitle);
  share.created_at = reader.String(attr::kCreatedAt);
  share.expires_at = reader.OptionalInteger(attr::kExpiresAt);
  if (!reader.ok()) return reader.error();

  std::size_t hash = resource_ref.find('#');
  auto kind = ParseResourceKind(std::string_view(resource_ref).substr(0, hash));
  if (hash == std::string::npos || !kind.ok()) {
    return Invalid(attr::kResourceRef, rule::kCorrupt, "is not page#<id> or widget#<id>");
  }
  share.resource_kind = *kind;
  share.resource_id = resource_ref.substr(hash + 1);

  std::string_view rest = grantee;
  if (ConsumePrefix(rest, kUserPrefix)) {
    share.grantee_id = std::string(rest);
    if (grantee_id != share.grantee_id) {
      return Invalid(attr::kGranteeId, rule::kCorrupt, "does not match the grantee");
    }
  } else if (ConsumePrefix(rest, kLinkPrefix)) {
    share.link_hash = std::string(rest);
    if (!grantee_id.empty()) {
      return Invalid(attr::kGranteeId, rule::kCorrupt, "must be absent for a link share");
    }
  } else {
    return Invalid(attr::kGrantee, rule::kCorrupt, "is not user#<id> or link#<hash>");
  }
  auto parsed_permission = ParsePermission(permission);
  if (!parsed_permission.ok()) {
    return Invalid(attr::kPermission, rule::kCorrupt, "unknown permission");
  }
  share.permission = *parsed_permission;
  if (auto status = share.Validate(); !status.ok()) return std::move(status).error();
  return share;
}

ddb::Item Share::Key() const { return KeyOf(resource_kind, resource_id, grantee()); }

ddb::Item Share::KeyOf(ResourceKind kind, std::string_view resource_id, std::string_view grantee) {
  ddb::Item key;
  internal::PutString(key, attr::kResourceRef, ResourceRef(kind, resource_id));
  internal::PutString(key, attr::kGrantee, std::string(grantee));
  return key;
}

}  // namespace homeboard::model
