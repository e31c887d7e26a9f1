// Notes (service::NoteService). A note is keyed by (widget_id, note_id); as for groups
// (routes_groups.cc), creating and listing go through the widget's page and a note itself is
// addressed by its key:
//
//   GET    /api/v1/pages/{page_id}/widgets/{widget_id}/notes  summaries (title, preview) in
//                                                  order; ?limit, ?cursor, ?modified_since
//   POST   /api/v1/pages/{page_id}/widgets/{widget_id}/notes  {"title"?,"body"?,
//                                                  "before_id"?|"after_id"?} -> 201
//   GET    /api/v1/notes                           the caller's notes, most recently edited
//                                                  first (summaries); ?limit, ?cursor,
//                                                  ?modified_since (stops at the first older
//                                                  note, since the list is by updated_at)
//   GET    /api/v1/widgets/{widget_id}/notes/{id}        one note with its body
//   PATCH  /api/v1/widgets/{widget_id}/notes/{id}        If-Match; {"title"?,"body"?}
//   DELETE /api/v1/widgets/{widget_id}/notes/{id}        If-Match -> 204
//   POST   /api/v1/widgets/{widget_id}/notes/{id}/move   If-Match; {"before_id"?|"after_id"?,
//                                                  "target_page_id" + "target_widget_id"?}
#include <fmt/format.h>

#include <memory>

#include "server/api.h"
#include "server/content_json.h"
#include "server/entity_json.h"
#include "server/rest.h"
#include "service/note_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kNoteSchema = R"({"type":"object",
"required":["id","widget_id","page_id","title","body","tags","created_at","updated_at","version"],
"properties":{"id":{"type":"string"},"widget_id":{"type":"string"},"page_id":{"type":"string"},
"title":{"type":"string","maxLength":200},"body":{"type":"string","description":"At most 100 KiB"},
"tags":{"type":"array","items":{"type":"string"}},
"created_at":{"type":"string","format":"date-time"},
"updated_at":{"type":"string","format":"date-time"},"version":{"type":"integer"}}})";

constexpr std::string_view kNoteSummarySchema = R"({"type":"object",
"required":["id","widget_id","page_id","title","preview","tags","created_at","updated_at"],
"properties":{"id":{"type":"string"},"widget_id":{"type":"string"},"page_id":{"type":"string"},
"title":{"type":"string"},"preview":{"type":"string","maxLength":200},
"tags":{"type":"array","items":{"type":"string"}},
"created_at":{"type":"string","format":"date-time"},
"updated_at":{"type":"string","format":"date-time"}}})";

constexpr std::string_view kNoteListSchema = R"({"type":"object","required":["items","next_cursor"],
"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/NoteSummary"}},
"next_cursor":{"type":["string","null"]}}})";

constexpr std::string_view kNoteCreateSchema = R"({"type":"object","additionalProperties":false,
"properties":{"title":{"type":"string","maxLength":200},"body":{"type":"string"},
"before_id":{"type":"string"},"after_id":{"type":"string"}}})";

constexpr std::string_view kNoteUpdateSchema = R"({"type":"object","additionalProperties":false,
"minProperties":1,"properties":{"title":{"type":"string","maxLength":200},"body":{"type":"string"}}})";

constexpr std::string_view kNoteMoveSchema = R"({"type":"object","additionalProperties":false,
"properties":{"before_id":{"type":"string"},"after_id":{"type":"string"},
"target_page_id":{"type":"string"},"target_widget_id":{"type":"string"}}})";

std::vector<std::string_view> KeyFields() {
  return {"widget_id", "note_id", "page_id", "tags", "preview"};
}

HttpResponse NoteReply(int status, const model::Note& note) {
  return JsonReply(status, ToJson(note, WriteNote), note.version);
}

Reply ListWidgetNotes(const service::NoteService& notes, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto modified_since = ReadModifiedSince(context);
  if (!modified_since.ok()) return modified_since.error();
  auto listed =
      notes.List(context.caller(), context.PathParam("page_id"), context.PathParam("widget_id"));
  if (!listed.ok()) return listed.error();
  SortedList<model::NoteSummary> list{
      .items = &*listed,
      .updated_at = [](const model::NoteSummary& n) -> const std::string& { return n.updated_at; },
      .write = WriteNoteSummary};
  // (order_key, note_id), the service's order; '\n' sorts below every order-key digit.
  for (const model::NoteSummary& note : *listed) {
    list.keys.push_back(note.order_key + '\n' + note.note_id);
  }
  return PagedListReply(list, *params, *modified_since);
}

Reply ListRecentNotes(const service::NoteService& notes, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto modified_since = ReadModifiedSince(context);
  if (!modified_since.ok()) return modified_since.error();
  std::string cursor;
  if (!params->cursor.empty()) {
    auto decoded = DecodeListCursor(params->cursor);
    if (!decoded.ok()) return decoded.error();
    cursor = std::move(decoded).value();
  }
  auto page = notes.Recent(context.caller(), ServiceLimit(*params), cursor);
  if (!page.ok()) return page.error();
  // Most recently edited first: once a note is older than modified_since, so are the rest.
  std::string_view next_cursor = page->next_cursor;
  if (*modified_since) {
    for (const model::NoteSummary& note : page->notes) {
      if (note.updated_at < **modified_since) next_cursor = {};
    }
  }
  return ServicePageReply(page->notes, next_cursor, *modified_since, WriteNoteSummary);
}

Reply CreateNote(const service::NoteService& notes, RequestContext& context) {
  static const BodySpec kCreate{
      .fields = {{.name = "title"}, {.name = "body"}, {.name = "before_id"}, {.name = "after_id"}},
      .read_only = KeyFields()};
  auto body = ReadJsonBody(context, kCreate);
  if (!body.ok()) return body.error();
  service::NewNote note{.title = body->String("title").value_or(""),
                        .body = body->String("body").value_or(""),
                        .placement = PlacementOf(*body)};
  auto created = notes.Create(context.caller(), context.PathParam("page_id"),
                              context.PathParam("widget_id"), note);
  if (!created.ok()) return created.error();
  HttpResponse response = NoteReply(201, *created);
  response.SetHeader("Location", NoteLocation(created->widget_id, created->note_id));
  return response;
}

Reply UpdateNote(const service::NoteService& notes, RequestContext& context) {
  static const BodySpec kUpdate{.fields = {{.name = "title"}, {.name = "body"}},
                                .read_only = KeyFields()};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kUpdate);
  if (!body.ok()) return body.error();
  if (body->root().members.empty()) {
    return BadRequest("body", "required", "body: title or body to change");
  }
  service::NoteChanges changes{.title = body->String("title"), .body = body->String("body")};
  auto updated = notes.Update(context.caller(), context.PathParam("widget_id"),
                              context.PathParam("id"), *version, changes);
  if (!updated.ok()) return WriteProblem(updated.error());
  return NoteReply(200, *updated);
}

Reply MoveNote(const service::NoteService& notes, RequestContext& context) {
  static const BodySpec kMove{.fields = {{.name = "before_id"},
                                         {.name = "after_id"},
                                         {.name = "target_page_id"},
                                         {.name = "target_widget_id"}},
                              .read_only = KeyFields()};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kMove);
  if (!body.ok()) return body.error();
  std::optional<std::string> target_page = body->String("target_page_id");
  std::optional<std::string> target_widget = body->String("target_widget_id");
  if (target_page.has_value() != target_widget.has_value()) {
    std::string_view missing = target_page ? "target_widget_id" : "target_page_id";
    return BadRequest(missing, "required",
                      fmt::format("{}: required with {}", missing,
                                  target_page ? "target_page_id" : "target_widget_id"));
  }
  service::NoteMove move{.placement = PlacementOf(*body)};
  if (target_page) move.widget = service::WidgetRef{*target_page, *target_widget};
  auto moved = notes.Move(context.caller(), context.PathParam("widget_id"), context.PathParam("id"),
                          *version, move);
  if (!moved.ok()) return WriteProblem(moved.error());
  HttpResponse response = NoteReply(200, *moved);
  response.SetHeader("Content-Location", NoteLocation(moved->widget_id, moved->note_id));
  return response;
}

}  // namespace

void AddNotesRoutes(ApiBuilder& api) {
  api.AddSchema("Note", std::string(kNoteSchema));
  api.AddSchema("NoteSummary", std::string(kNoteSummarySchema));
  api.AddSchema("NoteList", std::string(kNoteListSchema));
  api.AddSchema("NoteCreate", std::string(kNoteCreateSchema));
  api.AddSchema("NoteUpdate", std::string(kNoteUpdateSchema));
  api.AddSchema("NoteMove", std::string(kNoteMoveSchema));
  auto notes = std::make_shared<service::NoteService>(api.services());

  api.Add(
      {.method = "GET",
       .path = "/api/v1/pages/{page_id}/widgets/{widget_id}/notes",
       .operation_id = "listWidgetNotes",
       .summary = "A notes widget's notes in order (summaries)",
       .tag = "notes",
       .query = ListQueryParams(),
       .response_schema = "NoteList",
       .handler = [notes](RequestContext& context) { return ListWidgetNotes(*notes, context); }});
  api.Add({.method = "POST",
           .path = "/api/v1/pages/{page_id}/widgets/{widget_id}/notes",
           .operation_id = "createNote",
           .summary = "Add a note to a notes widget (last unless placed)",
           .tag = "notes",
           .request_schema = "NoteCreate",
           .response_schema = "Note",
           .success_status = 201,
           .etag = true,
           .handler = [notes](RequestContext& context) { return CreateNote(*notes, context); }});
  api.Add(
      {.method = "GET",
       .path = "/api/v1/notes",
       .operation_id = "listRecentNotes",
       .summary = "The caller's notes, most recently edited first (summaries)",
       .tag = "notes",
       .query = ListQueryParams(),
       .response_schema = "NoteList",
       .handler = [notes](RequestContext& context) { return ListRecentNotes(*notes, context); }});
  api.Add({.method = "GET",
           .path = "/api/v1/widgets/{widget_id}/notes/{id}",
           .operation_id = "getNote",
           .summary = "One note with its body",
           .tag = "notes",
           .response_schema = "Note",
           .etag = true,
           .handler = [notes](RequestContext& context) -> Reply {
             auto note = notes->Get(context.caller(), context.PathParam("widget_id"),
                                    context.PathParam("id"));
             if (!note.ok()) return note.error();
             return NoteReply(200, *note);
           }});
  api.Add({.method = "PATCH",
           .path = "/api/v1/widgets/{widget_id}/notes/{id}",
           .operation_id = "updateNote",
           .summary = "Change a note's title and/or body",
           .tag = "notes",
           .request_schema = "NoteUpdate",
           .response_schema = "Note",
           .if_match = true,
           .etag = true,
           .handler = [notes](RequestContext& context) { return UpdateNote(*notes, context); }});
  api.Add({.method = "DELETE",
           .path = "/api/v1/widgets/{widget_id}/notes/{id}",
           .operation_id = "deleteNote",
           .summary = "Delete a note",
           .tag = "notes",
           .success_status = 204,
           .if_match = true,
           .handler = [notes](RequestContext& context) -> Reply {
             auto version = RequireIfMatch(context.request());
             if (!version.ok()) return version.error();
             auto deleted = notes->Delete(context.caller(), context.PathParam("widget_id"),
                                          context.PathParam("id"), *version);
             if (!deleted.ok()) return WriteProblem(deleted.error());
             return NoContent();
           }});
  api.Add({.method = "POST",
           .path = "/api/v1/widgets/{widget_id}/notes/{id}/move",
           .operation_id = "moveNote",
           .summary = "Move a note within its widget or to another notes widget",
           .tag = "notes",
           .request_schema = "NoteMove",
           .response_schema = "Note",
           .if_match = true,
           .etag = true,
           .handler = [notes](RequestContext& context) { return MoveNote(*notes, context); }});
}

}  // namespace homeboard::server
