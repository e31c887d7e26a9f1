// Bookmark mapping and validation, including favicon data URIs.
#include "model/bookmark.h"

#include <fmt/format.h>

#include <array>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/order_key.h"
#include "model/tag.h"
#include "model/text.h"
#include "model/timestamp.h"
#include "model/url.h"

namespace homeboard::model {
namespace {

constexpr std::array<std::string_view, 8> kIconTypes = {
    "png", "gif", "jpeg", "webp", "avif", "bmp", "x-icon", "vnd.microsoft.icon"};

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// RFC 4648 section 4 base64 with padding, nothing else (no whitespace, no URL alphabet).
bool IsStrictBase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  if (text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    char c = text[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

Status ValidateDataIcon(std::string_view icon, std::string_view field) {
  if (icon.size() > kMaxIconBytes) {
    return Invalid(field, rule::kMaxLength,
                   fmt::format("at most {} bytes (got {})", kMaxIconBytes, icon.size()));
  }
  auto bad_shape = [&] {
    return Invalid(field, rule::kPattern,
                   "must be an http(s) URL or data:image/<type>;base64,<data> with type png, "
                   "gif, jpeg, webp, avif, bmp or x-icon");
  };
  constexpr std::string_view kPrefix = "data:image/";
  if (!StartsWithIgnoreCase(icon, kPrefix)) return bad_shape();
  std::string_view rest = icon.substr(kPrefix.size());
  std::size_t semicolon = rest.find(';');
  if (semicolon == std::string_view::npos) return bad_shape();
  std::string_view type = rest.substr(0, semicolon);
  bool known = false;
  for (std::string_view allowed : kIconTypes) {
    known = known || (type.size() == allowed.size() && StartsWithIgnoreCase(type, allowed));
  }
  rest.remove_prefix(semicolon + 1);
  constexpr std::string_view kBase64 = "base64,";
  if (!known || !StartsWithIgnoreCase(rest, kBase64)) return bad_shape();
  if (!IsStrictBase64(rest.substr(kBase64.size()))) return bad_shape();
  return {};
}

}  // namespace

Status ValidateBookmarkIcon(std::string_view icon, std::string_view field) {
  if (icon.empty()) return Invalid(field, rule::kRequired, "must not be empty when present");
  if (StartsWithIgnoreCase(icon, "data:")) return ValidateDataIcon(icon, field);
  return ValidateHttpUrl(icon, field);
}

Status Bookmark::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(widget_id, attr::kWidgetId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(bookmark_id, attr::kBookmarkId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(page_id, attr::kPageId));
  if (group_id) HOMEBOARD_RETURN_IF_INVALID(ValidateId(*group_id, attr::kGroupId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateHttpUrl(url, attr::kUrl));
  HOMEBOARD_RETURN_IF_INVALID(
      ValidateText(title, attr::kTitle, TextKind::kLine, {.max_chars = kMaxBookmarkTitleChars}));
  HOMEBOARD_RETURN_IF_INVALID(ValidateText(description, attr::kDescription, TextKind::kMultiline,
                                           {.max_chars = kMaxBookmarkDescriptionChars}));
  if (icon) HOMEBOARD_RETURN_IF_INVALID(ValidateBookmarkIcon(*icon, attr::kIcon));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTags(tags, attr::kTags));
  HOMEBOARD_RETURN_IF_INVALID(ValidateOrderKey(order_key, attr::kOrderKey));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(created_at, attr::kCreatedAt));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(updated_at, attr::kUpdatedAt));
  return internal::ValidateVersion(version);
}

ddb::Item Bookmark::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kWidgetId, widget_id);
  internal::PutString(item, attr::kBookmarkId, bookmark_id);
  internal::PutString(item, attr::kUserId, user_id);
  internal::PutString(item, attr::kPageId, page_id);
  internal::PutOptionalString(item, attr::kGroupId, group_id);
  internal::PutString(item, attr::kUrl, url);
  internal::PutStringIfNotEmpty(item, attr::kTitle, title);
  internal::PutStringIfNotEmpty(item, attr::kDescription, description);
  internal::PutOptionalString(item, attr::kIcon, icon);
  internal::PutStringSet(item, attr::kTags, tags);
  internal::PutString(item, attr::kOrderKey, order_key);
  internal::PutString(item, attr::kCreatedAt, created_at);
  internal::PutString(item, attr::kUpdatedAt, updated_at);
  internal::PutInteger(item, attr::kVersion, version);
  return item;
}

Result<Bookmark> Bookmark::FromItem(const ddb::Item& item) {
  // In attribute-name order, the item's own order: the reader's cheap path (item_codec.h).
  internal::ItemReader reader(item);
  Bookmark bookmark;
  bookmark.bookmark_id = reader.String(attr::kBookmarkId);
  bookmark.created_at = reader.String(attr::kCreatedAt);
  bookmark.description = reader.StringOrEmpty(attr::kDescription);
  bookmark.group_id = reader.OptionalString(attr::kGroupId);
  bookmark.icon = reader.OptionalString(attr::kIcon);
  bookmark.order_key = reader.String(attr::kOrderKey);
  bookmark.page_id = reader.String(attr::kPageId);
  bookmark.tags = reader.StringSet(attr::kTags);
  bookmark.title = reader.StringOrEmpty(attr::kTitle);
  bookmark.updated_at = reader.String(attr::kUpdatedAt);
  bookmark.url = reader.String(attr::kUrl);
  bookmark.user_id = reader.String(attr::kUserId);
  bookmark.version = reader.Integer(attr::kVersion);
  bookmark.widget_id = reader.String(attr::kWidgetId);
  if (!reader.ok()) return reader.error();
  if (auto status = bookmark.Validate(); !status.ok()) return std::move(status).error();
  return bookmark;
}

ddb::Item Bookmark::KeyOf(std::string_view widget_id, std::string_view bookmark_id) {
  ddb::Item key;
  internal::PutString(key, attr::kWidgetId, std::string(widget_id));
  internal::PutString(key, attr::kBookmarkId, std::string(bookmark_id));
  return key;
}

}  // namespace homeboard::model
