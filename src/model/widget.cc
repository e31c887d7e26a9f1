// Widget mapping and validation.
#include "model/widget.h"

#include <fmt/format.h>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/order_key.h"
#include "model/tag.h"
#include "model/text.h"
#include "model/timestamp.h"

namespace homeboard::model {

Status Widget::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(page_id, attr::kPageId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(widget_id, attr::kWidgetId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateText(title, attr::kTitle, TextKind::kLine,
                                           {.min_chars = 1, .max_chars = kMaxTitleChars}));
  if (column < 0 || column >= kMaxColumns) {
    return Invalid(attr::kColumn, rule::kRange,
                   fmt::format("must be between 0 and {} (got {})", kMaxColumns - 1, column));
  }
  HOMEBOARD_RETURN_IF_INVALID(ValidateOrderKey(order_key, attr::kOrderKey));
  HOMEBOARD_RETURN_IF_INVALID(ValidateWidgetSettings(kind, settings, attr::kSettings));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTags(tags, attr::kTags));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(created_at, attr::kCreatedAt));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(updated_at, attr::kUpdatedAt));
  return internal::ValidateVersion(version);
}

ddb::Item Widget::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kPageId, page_id);
  internal::PutString(item, attr::kWidgetId, widget_id);
  internal::PutString(item, attr::kUserId, user_id);
  internal::PutString(item, attr::kKind, std::string(WidgetKindName(kind)));
  internal::PutString(item, attr::kTitle, title);
  internal::PutInteger(item, attr::kColumn, column);
  internal::PutString(item, attr::kOrderKey, order_key);
  internal::PutMapIfNotEmpty(item, attr::kSettings, settings);
  internal::PutStringSet(item, attr::kTags, tags);
  internal::PutString(item, attr::kCreatedAt, created_at);
  internal::PutString(item, attr::kUpdatedAt, updated_at);
  internal::PutInteger(item, attr::kVersion, version);
  return item;
}

Result<Widget> Widget::FromItem(const ddb::Item& item) {
  // In attribute-name order, the item's own order: the reader's cheap path (item_codec.h).
  internal::ItemReader reader(item);
  Widget widget;
  std::int64_t column = reader.Integer(attr::kColumn);
  widget.created_at = reader.String(attr::kCreatedAt);
  std::string kind = reader.String(attr::kKind);
  widget.order_key = reader.String(attr::kOrderKey);
  widget.page_id = reader.String(attr::kPageId);
  widget.settings = reader.Map(attr::kSettings);
  widget.tags = reader.StringSet(attr::kTags);
  widget.title = reader.String(attr::kTitle);
  widget.updated_at = reader.String(attr::kUpdatedAt);
  widget.user_id = reader.String(attr::kUserId);
  widget.version = reader.Integer(attr::kVersion);
  widget.widget_id = reader.String(attr::kWidgetId);
  if (!reader.ok()) return reader.error();
  auto parsed_kind = ParseWidgetKind(kind);
  if (!parsed_kind.ok()) return Invalid(attr::kKind, rule::kCorrupt, "unknown widget kind");
  widget.kind = *parsed_kind;
  // Out-of-range columns that fit an int are reported by Validate() as "range".
  if (column < INT32_MIN || column > INT32_MAX) {
    return Invalid(attr::kColumn, rule::kCorrupt, fmt::format("column {} out of range", column));
  }
  widget.column = static_cast<int>(column);
  if (auto status = widget.Validate(); !status.ok()) return std::move(status).error();
  return widget;
}

ddb::Item Widget::KeyOf(std::string_view page_id, std::string_view widget_id) {
  ddb::Item key;
  internal::PutString(key, attr::kPageId, std::string(page_id));
  internal::PutString(key, attr::kWidgetId, std::string(widget_id));
  return key;
}

}  // namespace homeboard::model
