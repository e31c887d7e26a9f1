// Note and NoteSummary mapping and validation.
#include "model/note.h"

#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/order_key.h"
#include "model/tag.h"
#include "model/text.h"
#include "model/timestamp.h"

namespace homeboard::model {
namespace {

// The fields Note and NoteSummary share, in table order.
Status ValidateCommon(std::string_view widget_id, std::string_view note_id,
                      std::string_view user_id, std::string_view page_id, std::string_view title,
                      const std::vector<std::string>& tags, std::string_view order_key,
                      std::string_view created_at, std::string_view updated_at) {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(widget_id, attr::kWidgetId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(note_id, attr::kNoteId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(page_id, attr::kPageId));
  HOMEBOARD_RETURN_IF_INVALID(
      ValidateText(title, attr::kTitle, TextKind::kLine, {.max_chars = kMaxNoteTitleChars}));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTags(tags, attr::kTags));
  HOMEBOARD_RETURN_IF_INVALID(ValidateOrderKey(order_key, attr::kOrderKey));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(created_at, attr::kCreatedAt));
  return ValidateTimestamp(updated_at, attr::kUpdatedAt);
}

}  // namespace

std::string MakePreview(std::string_view body) {
  // Trim again: the cut may fall just after a space.
  std::string normalized = NormalizeWhitespace(body);
  return TrimWhitespace(TruncateCodePoints(normalized, kNotePreviewChars));
}

Status Note::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateCommon(widget_id, note_id, user_id, page_id, title, tags,
                                             order_key, created_at, updated_at));
  HOMEBOARD_RETURN_IF_INVALID(
      ValidateText(body, attr::kBody, TextKind::kMultiline, {.max_bytes = kMaxNoteBodyBytes}));
  return internal::ValidateVersion(version);
}

ddb::Item Note::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kWidgetId, widget_id);
  internal::PutString(item, attr::kNoteId, note_id);
  internal::PutString(item, attr::kUserId, user_id);
  internal::PutString(item, attr::kPageId, page_id);
  internal::PutStringIfNotEmpty(item, attr::kTitle, title);
  internal::PutStringIfNotEmpty(item, attr::kBody, body);
  internal::PutStringIfNotEmpty(item, attr::kPreview, Preview());
  internal::PutStringSet(item, attr::kTags, tags);
  internal::PutString(item, attr::kOrderKey, order_key);
  internal::PutString(item, attr::kCreatedAt, created_at);
  internal::PutString(item, attr::kUpdatedAt, updated_at);
  internal::PutInteger(item, attr::kVersion, version);
  return item;
}

Result<Note> Note::FromItem(const ddb::Item& item) {
  internal::ItemReader reader(item);
  Note note;
  note.widget_id = reader.String(attr::kWidgetId);
  note.note_id = reader.String(attr::kNoteId);
  note.user_id = reader.String(attr::kUserId);
  note.page_id = reader.String(attr::kPageId);
  note.title = reader.StringOrEmpty(attr::kTitle);
  note.body = reader.StringOrEmpty(attr::kBody);
  reader.StringOrEmpty(attr::kPreview);  // type-checked only; derived from the body
  note.tags = reader.StringSet(attr::kTags);
  note.order_key = reader.String(attr::kOrderKey);
  note.created_at = reader.String(attr::kCreatedAt);
  note.updated_at = reader.String(attr::kUpdatedAt);
  note.version = reader.Integer(attr::kVersion);
  if (!reader.ok()) return reader.error();
  if (auto status = note.Validate(); !status.ok()) return std::move(status).error();
  return note;
}

ddb::Item Note::KeyOf(std::string_view widget_id, std::string_view note_id) {
  ddb::Item key;
  internal::PutString(key, attr::kWidgetId, std::string(widget_id));
  internal::PutString(key, attr::kNoteId, std::string(note_id));
  return key;
}

Status NoteSummary::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateCommon(widget_id, note_id, user_id, page_id, title, tags,
                                             order_key, created_at, updated_at));
  return ValidateText(preview, attr::kPreview, TextKind::kLine, {.max_chars = kNotePreviewChars});
}

Result<NoteSummary> NoteSummary::FromItem(const ddb::Item& item) {
  // In attribute-name order, the item's own order: the reader's cheap path (item_codec.h).
  internal::ItemReader reader(item);
  NoteSummary summary;
  summary.created_at = reader.String(attr::kCreatedAt);
  summary.note_id = reader.String(attr::kNoteId);
  summary.order_key = reader.String(attr::kOrderKey);
  summary.page_id = reader.String(attr::kPageId);
  summary.preview = reader.StringOrEmpty(attr::kPreview);
  summary.tags = reader.StringSet(attr::kTags);
  summary.title = reader.StringOrEmpty(attr::kTitle);
  summary.updated_at = reader.String(attr::kUpdatedAt);
  summary.user_id = reader.String(attr::kUserId);
  summary.widget_id = reader.String(attr::kWidgetId);
  if (!reader.ok()) return reader.error();
  if (auto status = summary.Validate(); !status.ok()) return std::move(status).error();
  return summary;
}

NoteSummary NoteSummary::Of(const Note& note) {
  return NoteSummary{.widget_id = note.widget_id,
                     .note_id = note.note_id,
                     .user_id = note.user_id,
                     .page_id = note.page_id,
                     .title = note.title,
                     .preview = note.Preview(),
                     .tags = note.tags,
                     .order_key = note.order_key,
                     .created_at = note.created_at,
                     .updated_at = note.updated_at};
}

}  // namespace homeboard::model
