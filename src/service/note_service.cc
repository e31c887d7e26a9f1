// NoteService: notes in order, edits, moves, deletes, and recent notes from UserNotesIndex.
#include "service/note_service.h"

#include <algorithm>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/tables.h"
#include "model/text.h"
#include "model/timestamp.h"
#include "service/internal/loaders.h"
#include "service/internal/shared_ops.h"
#include "service/internal/store_ops.h"
#include "service/internal/tag_ops.h"

namespace homeboard::service {
namespace {

using ddb::AttributeValue;
using internal::ObjectRef;

ObjectRef NoteRef(const model::Note& note) { return ObjectRef{"note", "note_id", note.note_id}; }

void SortNotes(std::vector<model::Note>& notes) {
  internal::SortByOrderKey(notes,
                           [](const model::Note& n) -> const std::string& { return n.note_id; });
}

}  // namespace

Result<model::Note> NoteService::Create(const Caller& caller, std::string_view page_id,
                                        std::string_view widget_id, const NewNote& input) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(page_id, "page_id"); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(widget_id, "widget_id"); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckPlacement(input.placement); !s.ok()) return std::move(s).error();
  model::Time now = context_.now();
  model::Note note;
  note.widget_id = std::string(widget_id);
  note.note_id = model::NewId(now);
  note.user_id = caller.user_id;
  note.page_id = std::string(page_id);
  note.title = model::NormalizeWhitespace(input.title);
  note.body = input.body;
  note.order_key = "V";
  note.created_at = note.updated_at = model::FormatTimestamp(now);
  note.version = 1;
  if (Status s = internal::CheckValid(note.Validate()); !s.ok()) return std::move(s).error();

  Result<model::Widget> widget =
      internal::LoadContainer(context_, caller, page_id, widget_id, model::WidgetKind::kNotes);
  if (!widget.ok()) return std::move(widget).error();
  // The widget's owner owns what is put in it (the caller may be someone it is shared with).
  note.user_id = widget->user_id;
  Result<std::vector<model::Note>> siblings = internal::QueryNotes(context_, widget_id);
  if (!siblings.ok()) return std::move(siblings).error();
  Result<internal::OrderPlan> plan =
      internal::PlanPlacement(internal::SiblingsOf(*siblings), input.placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string table = context_.Table(model::kNotesTable);
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, note.created_at); !s.ok()) {
    return std::move(s).error();
  }
  note.order_key = plan->order_key;
  if (Status s = internal::CreateItem(context_, table, note.Key(), note.ToItem(), NoteRef(note));
      !s.ok()) {
    return std::move(s).error();
  }
  return note;
}

Result<model::Note> NoteService::Get(const Caller& caller, std::string_view widget_id,
                                     std::string_view note_id) const {
  return internal::LoadNote(context_, caller, widget_id, note_id, Access::kView);
}

Result<model::Note> NoteService::Update(const Caller& caller, std::string_view widget_id,
                                        std::string_view note_id, std::int64_t expected_version,
                                        const NoteChanges& changes) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  Result<model::Note> note =
      internal::LoadNote(context_, caller, widget_id, note_id, Access::kEdit);
  if (!note.ok()) return note;
  model::Note changed = *note;
  if (changes.title) changed.title = model::NormalizeWhitespace(*changes.title);
  if (changes.body) changed.body = *changes.body;
  if (Status s = internal::CheckValid(changed.Validate()); !s.ok()) return std::move(s).error();
  if (note->version != expected_version) {
    return StaleVersion("note", expected_version, note->version);
  }
  changed.version = expected_version + 1;
  changed.updated_at = internal::NowTimestamp(context_);
  Result<ddb::Item> stored = internal::ReplaceVersioned(
      context_, context_.Table(model::kNotesTable), note->Key(), note->ToItem(), changed.ToItem(),
      expected_version, NoteRef(*note));
  if (!stored.ok()) return std::move(stored).error();
  return changed;
}

Result<model::Note> NoteService::Move(const Caller& caller, std::string_view widget_id,
                                      std::string_view note_id, std::int64_t expected_version,
                                      const NoteMove& move) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  if (move.widget) {
    if (Status s = internal::CheckId(move.widget->page_id, "target_page_id"); !s.ok()) {
      return std::move(s).error();
    }
    if (Status s = internal::CheckId(move.widget->widget_id, "target_widget_id"); !s.ok()) {
      return std::move(s).error();
    }
  }
  if (Status s = internal::CheckPlacement(move.placement); !s.ok()) return std::move(s).error();
  Result<model::Note> note =
      internal::LoadNote(context_, caller, widget_id, note_id, Access::kEdit);
  if (!note.ok()) return note;
  if (note->version != expected_version) {
    return StaleVersion("note", expected_version, note->version);
  }
  bool other_widget = move.widget && move.widget->widget_id != note->widget_id;
  model::Note moved = *note;
  std::vector<internal::ConditionCheck> checks;
  if (other_widget) {
    Result<model::Widget> target = internal::LoadContainer(
        context_, caller, move.widget->page_id, move.widget->widget_id, model::WidgetKind::kNotes,
        Access::kEdit, "target_page_id", "target_widget_id");
    if (!target.ok()) return std::move(target).error();
    // A note belongs to its widget's owner: it moves among that owner's widgets only, even
    // for a caller who may edit someone else's widget too.
    if (target->user_id != note->user_id) {
      return NotFound("target_widget_id", "widget", move.widget->widget_id);
    }
    moved.widget_id = target->widget_id;
    moved.page_id = target->page_id;
    checks.push_back(internal::WidgetExists(context_, *target, "target_widget_id"));
  }
  Result<std::vector<model::Note>> siblings = internal::QueryNotes(context_, moved.widget_id);
  if (!siblings.ok()) return std::move(siblings).error();
  std::erase_if(*siblings, [&](const model::Note& n) { return n.note_id == note->note_id; });
  Result<internal::OrderPlan> plan =
      internal::PlanPlacement(internal::SiblingsOf(*siblings), move.placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string table = context_.Table(model::kNotesTable);
  std::string now = internal::NowTimestamp(context_);
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, now); !s.ok()) {
    return std::move(s).error();
  }
  moved.order_key = plan->order_key;
  moved.version = expected_version + 1;
  moved.updated_at = now;
  if (other_widget) {
    // The tag associations name the widget: re-pointed in the move's transaction.
    if (Status s =
            internal::MoveTaggedVersioned(context_, internal::RecordOf(*note), expected_version,
                                          internal::RecordOf(moved), checks, NoteRef(*note));
        !s.ok()) {
      return std::move(s).error();
    }
    return moved;
  }
  Result<ddb::Item> stored =
      internal::ReplaceVersioned(context_, table, note->Key(), note->ToItem(), moved.ToItem(),
                                 expected_version, NoteRef(*note));
  if (!stored.ok()) return std::move(stored).error();
  return moved;
}

Status NoteService::Delete(const Caller& caller, std::string_view widget_id,
                           std::string_view note_id, std::int64_t expected_version) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return s;
  Result<model::Note> note =
      internal::LoadNote(context_, caller, widget_id, note_id, Access::kEdit);
  if (!note.ok()) return std::move(note).error();
  if (note->version != expected_version) {
    return StaleVersion("note", expected_version, note->version);
  }
  return internal::DeleteTaggedVersioned(context_, internal::RecordOf(*note), expected_version,
                                         NoteRef(*note));
}

Result<std::vector<model::NoteSummary>> NoteService::List(const Caller& caller,
                                                          std::string_view page_id,
                                                          std::string_view widget_id) const {
  Result<model::Widget> widget = internal::LoadContainer(context_, caller, page_id, widget_id,
                                                         model::WidgetKind::kNotes, Access::kView);
  if (!widget.ok()) return std::move(widget).error();
  Result<std::vector<model::Note>> notes = internal::QueryNotes(context_, widget_id);
  if (!notes.ok()) return std::move(notes).error();
  SortNotes(*notes);
  std::vector<model::NoteSummary> summaries;
  summaries.reserve(notes->size());
  for (const model::Note& note : *notes) summaries.push_back(model::NoteSummary::Of(note));
  return summaries;
}

Result<NoteSummaryPage> NoteService::Recent(const Caller& caller, int limit,
                                            std::string_view cursor) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckLimit(limit); !s.ok()) return std::move(s).error();
  store::QueryRequest request;
  request.table = context_.Table(model::kNotesTable);
  request.index = std::string(model::kUserNotesIndex);
  request.key_condition = ddb::KeyCondition::Partition(std::string(model::attr::kUserId),
                                                       AttributeValue::S(caller.user_id));
  request.forward = false;
  Result<store::QueryPage> result =
      internal::QueryOnePage(context_, std::move(request), limit, cursor);
  if (!result.ok()) return std::move(result).error();
  NoteSummaryPage page;
  page.notes.reserve(result->items.size());
  for (const ddb::Item& item : result->items) {
    Result<model::NoteSummary> summary =
        internal::Decode<model::NoteSummary>(std::string(model::kUserNotesIndex), item);
    if (!summary.ok()) return std::move(summary).error();
    page.notes.push_back(std::move(summary).value());
  }
  page.next_cursor = std::move(result->next_cursor);
  return page;
}

}  // namespace homeboard::service
