// NoteService: the notes of a notes widget (docs/data-model.md, "Notes"): create, read, edit,
// move (within the widget: one write; to another widget: a transaction), delete, list a
// widget's notes in order, and a user's recent notes through UserNotesIndex.
//
// Identity: a note is addressed by (widget_id, note_id), the key of the Notes table; calls
// that put notes into a widget also name its page, to check the widget.
//
// Lists return NoteSummary (title, preview, no body): a widget shows previews, and "recent
// notes" reads UserNotesIndex, which does not hold bodies. Opening a note is Get, one
// GetItem. Every edit sets updated_at, the index's sort key, so an edited note moves to the
// top of the recent list.
//
// Ownership: a new note belongs to the widget's owner (widget.user_id), not necessarily the
// caller, so someone a page is shared with for editing adds to the owner's data.
//
// Tags: set by TagService (tag_service.h), which owns a note's tags, TagAssociations and
// counts. New notes carry none; edits and moves keep a note's tags. A move to another widget
// re-points the note's associations (their container_id) in the move's transaction, and
// deleting a note deletes its associations and lowers its owner's counts in the same
// transaction (internal/tag_ops.h).
//
// Errors as in page_service.h: kInvalidArgument naming field and rule (title, body, ids,
// limit, cursor), kNotFound (naming "widget_id", "note_id", "target_widget_id",
// "before_id", "after_id"), kConflict for a stale version, kUnavailable, kInternal.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_NOTE_SERVICE_H_
#define HOMEBOARD_SERVICE_NOTE_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/note.h"
#include "service/bookmark_service.h"  // WidgetRef
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

struct NewNote {
  std::string title;    // whitespace normalised
  std::string body;     // kept as typed, at most 100 KiB
  Placement placement;  // among the widget's notes; default: last
};

// Fields to change; absent ones are kept.
struct NoteChanges {
  std::optional<std::string> title;
  std::optional<std::string> body;
};

// Where a note goes: into `widget` (absent: its current widget), placed among the notes there.
// A target widget must belong to the note's owner (and be editable by the caller): another
// owner's widget is kNotFound naming "target_widget_id", even one shared with the caller.
struct NoteMove {
  std::optional<WidgetRef> widget;
  Placement placement;
};

struct NoteSummaryPage {
  std::vector<model::NoteSummary> notes;
  std::string next_cursor;  // empty when there is nothing more
};

class NoteService {
 public:
  explicit NoteService(ServiceContext context) : context_(std::move(context)) {}

  [[nodiscard]] Result<model::Note> Create(const Caller& caller, std::string_view page_id,
                                           std::string_view widget_id, const NewNote& note) const;

  [[nodiscard]] Result<model::Note> Get(const Caller& caller, std::string_view widget_id,
                                        std::string_view note_id) const;

  [[nodiscard]] Result<model::Note> Update(const Caller& caller, std::string_view widget_id,
                                           std::string_view note_id, std::int64_t expected_version,
                                           const NoteChanges& changes) const;

  [[nodiscard]] Result<model::Note> Move(const Caller& caller, std::string_view widget_id,
                                         std::string_view note_id, std::int64_t expected_version,
                                         const NoteMove& move) const;

  [[nodiscard]] Status Delete(const Caller& caller, std::string_view widget_id,
                              std::string_view note_id, std::int64_t expected_version) const;

  // The widget's notes in order (order_key, note_id). One GetItem pair + one drained Query.
  [[nodiscard]] Result<std::vector<model::NoteSummary>> List(const Caller& caller,
                                                             std::string_view page_id,
                                                             std::string_view widget_id) const;

  // The caller's notes, most recently edited first (UserNotesIndex; one Query per page).
  // `cursor` is the previous page's next_cursor; a foreign or damaged one is
  // kInvalidArgument naming "cursor".
  [[nodiscard]] Result<NoteSummaryPage> Recent(const Caller& caller, int limit,
                                               std::string_view cursor) const;

 private:
  ServiceContext context_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_NOTE_SERVICE_H_
