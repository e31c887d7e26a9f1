// Page mapping and validation.
#include "model/page.h"

#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/order_key.h"
#include "model/text.h"
#include "model/timestamp.h"

namespace homeboard::model {

Status Page::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(page_id, attr::kPageId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateText(title, attr::kTitle, TextKind::kLine,
                                           {.min_chars = 1, .max_chars = kMaxTitleChars}));
  HOMEBOARD_RETURN_IF_INVALID(ValidateOrderKey(order_key, attr::kOrderKey));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(created_at, attr::kCreatedAt));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(updated_at, attr::kUpdatedAt));
  return internal::ValidateVersion(version);
}

ddb::Item Page::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kUserId, user_id);
  internal::PutString(item, attr::kPageId, page_id);
  internal::PutString(item, attr::kTitle, title);
  internal::PutString(item, attr::kOrderKey, order_key);
  if (deleting) internal::PutBool(item, attr::kDeleting, true);
  internal::PutString(item, attr::kCreatedAt, created_at);
  internal::PutString(item, attr::kUpdatedAt, updated_at);
  internal::PutInteger(item, attr::kVersion, version);
  return item;
}

Result<Page> Page::FromItem(const ddb::Item& item) {
  internal::ItemReader reader(item);
  Page page;
  page.user_id = reader.String(attr::kUserId);
  page.page_id = reader.String(attr::kPageId);
  page.title = reader.String(attr::kTitle);
  page.order_key = reader.String(attr::kOrderKey);
  page.deleting = reader.BoolOr(attr::kDeleting, false);
  page.created_at = reader.String(attr::kCreatedAt);
  page.updated_at = reader.String(attr::kUpdatedAt);
  page.version = reader.Integer(attr::kVersion);
  if (!reader.ok()) return reader.error();
  if (auto status = page.Validate(); !status.ok()) return std::move(status).error();
  return page;
}

ddb::Item Page::KeyOf(std::string_view user_id, std::string_view page_id) {
  ddb::Item key;
  internal::PutString(key, attr::kUserId, std::string(user_id));
  internal::PutString(key, attr::kPageId, std::string(page_id));
  return key;
}

}  // namespace homeboard::model
