// Group mapping and validation.
#include "model/group.h"

#include <fmt/format.h>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/order_key.h"
#include "model/text.h"
#include "model/timestamp.h"

namespace homeboard::model {

Status Group::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(widget_id, attr::kWidgetId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(group_id, attr::kGroupId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(page_id, attr::kPageId));
  if (parent_group_id) {
    HOMEBOARD_RETURN_IF_INVALID(ValidateId(*parent_group_id, attr::kParentGroupId));
    if (*parent_group_id == group_id) {
      return Invalid(attr::kParentGroupId, rule::kInconsistent, "a group cannot be its own parent");
    }
  }
  if (depth < 1 || depth > kMaxGroupDepth) {
    return Invalid(attr::kDepth, rule::kRange,
                   fmt::format("must be between 1 and {} (got {})", kMaxGroupDepth, depth));
  }
  if ((depth == 1) == parent_group_id.has_value()) {
    return Invalid(attr::kDepth, rule::kInconsistent,
                   "must be 1 exactly when the group has no parent_group_id");
  }
  HOMEBOARD_RETURN_IF_INVALID(ValidateText(name, attr::kName, TextKind::kLine,
                                           {.min_chars = 1, .max_chars = kMaxTitleChars}));
  HOMEBOARD_RETURN_IF_INVALID(ValidateOrderKey(order_key, attr::kOrderKey));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(created_at, attr::kCreatedAt));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(updated_at, attr::kUpdatedAt));
  return internal::ValidateVersion(version);
}

ddb::Item Group::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kWidgetId, widget_id);
  internal::PutString(item, attr::kGroupId, group_id);
  internal::PutString(item, attr::kUserId, user_id);
  internal::PutString(item, attr::kPageId, page_id);
  internal::PutOptionalString(item, attr::kParentGroupId, parent_group_id);
  internal::PutInteger(item, attr::kDepth, depth);
  internal::PutString(item, attr::kName, name);
  internal::PutString(item, attr::kOrderKey, order_key);
  internal::PutString(item, attr::kCreatedAt, created_at);
  internal::PutString(item, attr::kUpdatedAt, updated_at);
  internal::PutInteger(item, attr::kVersion, version);
  return item;
}

Result<Group> Group::FromItem(const ddb::Item& item) {
  // In attribute-name order, the item's own order: the reader's cheap path (item_codec.h).
  internal::ItemReader reader(item);
  Group group;
  group.created_at = reader.String(attr::kCreatedAt);
  std::int64_t depth = reader.Integer(attr::kDepth);
  group.group_id = reader.String(attr::kGroupId);
  group.name = reader.String(attr::kName);
  group.order_key = reader.String(attr::kOrderKey);
  group.page_id = reader.String(attr::kPageId);
  group.parent_group_id = reader.OptionalString(attr::kParentGroupId);
  group.updated_at = reader.String(attr::kUpdatedAt);
  group.user_id = reader.String(attr::kUserId);
  group.version = reader.Integer(attr::kVersion);
  group.widget_id = reader.String(attr::kWidgetId);
  if (!reader.ok()) return reader.error();
  // Out-of-range depths that fit an int are reported by Validate() as "range".
  if (depth < INT32_MIN || depth > INT32_MAX) {
    return Invalid(attr::kDepth, rule::kCorrupt, fmt::format("depth {} out of range", depth));
  }
  group.depth = static_cast<int>(depth);
  if (auto status = group.Validate(); !status.ok()) return std::move(status).error();
  return group;
}

ddb::Item Group::KeyOf(std::string_view widget_id, std::string_view group_id) {
  ddb::Item key;
  internal::PutString(key, attr::kWidgetId, std::string(widget_id));
  internal::PutString(key, attr::kGroupId, std::string(group_id));
  return key;
}

}  // namespace homeboard::model
