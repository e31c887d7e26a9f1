// Note: one item of the Notes table (docs/data-model.md, "Notes"), keyed by widget and note
// id, and NoteSummary, what UserNotesIndex projects (everything but the body and version),
// for "recent notes" lists without reading 100 KiB bodies.
#ifndef HOMEBOARD_MODEL_NOTE_H_
#define HOMEBOARD_MODEL_NOTE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/error.h"

namespace homeboard::model {

// The preview stored with a note: `body` with whitespace normalised (trimmed, every run of
// whitespace one space, so it is one line), cut to its first kNotePreviewChars (200) code
// points, trimmed again. Empty for an empty or all-whitespace body.
std::string MakePreview(std::string_view body);

struct Note {
  std::string widget_id;  // partition key
  std::string note_id;    // sort key
  std::string user_id;    // owner (UserNotesIndex partition key)
  std::string page_id;    // the widget's page
  std::string title;      // 0-200 characters, one normalised line; not stored when empty
  // Free text, at most kMaxNoteBodyBytes (102,400) bytes of UTF-8; not stored when empty.
  std::string body;
  std::vector<std::string> tags;  // normalised, distinct, at most 20; sorted by FromItem
  std::string order_key;
  std::string created_at;
  std::string updated_at;  // UserNotesIndex sort key
  std::int64_t version = 1;

  // MakePreview(body). ToItem stores it as `preview` (omitted when empty); FromItem ignores
  // the stored preview, so it can never disagree with the body.
  std::string Preview() const { return MakePreview(body); }

  [[nodiscard]] Status Validate() const;
  ddb::Item ToItem() const;
  [[nodiscard]] static Result<Note> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(widget_id, note_id); }
  static ddb::Item KeyOf(std::string_view widget_id, std::string_view note_id);

  friend bool operator==(const Note&, const Note&) = default;
};

// A note as UserNotesIndex returns it (projection INCLUDE title, preview, tags, page_id,
// created_at, order_key, plus the table and index keys).
struct NoteSummary {
  std::string widget_id;
  std::string note_id;
  std::string user_id;
  std::string page_id;
  std::string title;
  std::string preview;  // at most 200 code points, one normalised line
  std::vector<std::string> tags;
  std::string order_key;
  std::string created_at;
  std::string updated_at;

  [[nodiscard]] Status Validate() const;
  // Also accepts a full Note item (the extra attributes are ignored).
  [[nodiscard]] static Result<NoteSummary> FromItem(const ddb::Item& item);
  // The summary of a note, as the index would hold it.
  static NoteSummary Of(const Note& note);

  friend bool operator==(const NoteSummary&, const NoteSummary&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_NOTE_H_
