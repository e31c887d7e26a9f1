// /api/v1/pages/{page_id}/widgets: the widgets of a page (service::WidgetService). A widget is
// keyed by (page_id, widget_id), so both are in every path.
//
//   GET    /api/v1/pages/{page_id}/widgets            by (column, position); ?limit, ?cursor,
//                                                     ?modified_since
//   POST   /api/v1/pages/{page_id}/widgets            {"kind","title","column"?,"settings"?,
//                                                     "before_id"?|"after_id"?} -> 201
//   GET    /api/v1/pages/{page_id}/widgets/{id}       one widget
//   PATCH  /api/v1/pages/{page_id}/widgets/{id}       If-Match; {"title"?,"settings"?}
//                                                     (settings replace the whole map; null
//                                                     or {} clears them)
//   DELETE /api/v1/pages/{page_id}/widgets/{id}       If-Match; with its contents -> 204
//   POST   /api/v1/pages/{page_id}/widgets/{id}/move  If-Match; {"column","before_id"?|
//                                                     "after_id"?,"target_page_id"?}: another
//                                                     column or place, or another page (the
//                                                     answer's Content-Location is the new path)
//
// Moving is a separate action rather than a PATCH of column/page_id because a move to
// another page changes the widget's key: it is a different write with different failures.
#include <fmt/format.h>

#include <memory>

#include "model/widget.h"
#include "server/api.h"
#include "server/content_json.h"
#include "server/entity_json.h"
#include "server/rest.h"
#include "service/widget_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kWidgetSchema = R"({"type":"object",
"required":["id","page_id","kind","title","column","settings","tags","created_at","updated_at","version"],
"properties":{"id":{"type":"string"},"page_id":{"type":"string"},
"kind":{"enum":["bookmarks","notes","clock","search","rss","embed"]},
"title":{"type":"string","maxLength":200},"column":{"type":"integer","minimum":0,"maximum":5},
"settings":{"type":"object","description":"Per kind: bookmarks {tag_query, show_icons, columns}, notes {show_preview}, clock {time_zone, format}, search {engine_url}, rss {feed_url, max_items}, embed {url, height}"},
"tags":{"type":"array","items":{"type":"string"}},
"created_at":{"type":"string","format":"date-time"},
"updated_at":{"type":"string","format":"date-time"},"version":{"type":"integer"}}})";

constexpr std::string_view kWidgetListSchema =
    R"({"type":"object","required":["items","next_cursor"],
"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Widget"}},
"next_cursor":{"type":["string","null"]}}})";

constexpr std::string_view kWidgetCreateSchema = R"({"type":"object","required":["kind","title"],
"additionalProperties":false,"properties":{
"kind":{"enum":["bookmarks","notes","clock","search","rss","embed"]},
"title":{"type":"string","maxLength":200},"column":{"type":"integer","minimum":0,"maximum":5},
"settings":{"type":"object"},"before_id":{"type":"string"},"after_id":{"type":"string"}}})";

constexpr std::string_view kWidgetUpdateSchema = R"({"type":"object","additionalProperties":false,
"minProperties":1,"properties":{"title":{"type":"string","maxLength":200},
"settings":{"type":["object","null"]}}})";

constexpr std::string_view kWidgetMoveSchema = R"({"type":"object","required":["column"],
"additionalProperties":false,"properties":{"column":{"type":"integer","minimum":0,"maximum":5},
"before_id":{"type":"string"},"after_id":{"type":"string"},
"target_page_id":{"type":"string","description":"Another of the caller's pages"}}})";

// (column, order_key, widget_id) as one string that sorts like the tuple: the column is
// zero-padded and '\n' sorts below every order-key digit.
std::string WidgetKey(const model::Widget& widget) {
  return fmt::format("{:04d}\n{}\n{}", widget.column, widget.order_key, widget.widget_id);
}

HttpResponse WidgetReply(int status, const model::Widget& widget) {
  return JsonReply(status, ToJson(widget, WriteWidget), widget.version);
}

Reply ListWidgets(const service::WidgetService& widgets, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto modified_since = ReadModifiedSince(context);
  if (!modified_since.ok()) return modified_since.error();
  auto listed = widgets.List(context.caller(), context.PathParam("page_id"));
  if (!listed.ok()) return listed.error();
  SortedList<model::Widget> list{
      .items = &*listed,
      .updated_at = [](const model::Widget& w) -> const std::string& { return w.updated_at; },
      .write = WriteWidget};
  for (const model::Widget& widget : *listed) list.keys.push_back(WidgetKey(widget));
  return PagedListReply(list, *params, *modified_since);
}

Reply CreateWidget(const service::WidgetService& widgets, RequestContext& context) {
  static const BodySpec kCreate{.fields = {{.name = "kind", .required = true},
                                           {.name = "title", .required = true},
                                           {.name = "column", .type = FieldType::kInteger},
                                           {.name = "settings", .type = FieldType::kObject},
                                           {.name = "before_id"},
                                           {.name = "after_id"}},
                                .read_only = {"page_id", "widget_id", "tags"}};
  auto body = ReadJsonBody(context, kCreate);
  if (!body.ok()) return body.error();
  auto kind = model::ParseWidgetKind(*body->String("kind"), "kind");
  if (!kind.ok()) return service::FromValidation(kind.error());
  auto column = IntMember(*body, "column");
  if (!column.ok()) return column.error();
  service::NewWidget widget{.kind = *kind,
                            .title = *body->String("title"),
                            .column = column->value_or(0),
                            .placement = PlacementOf(*body)};
  if (const JsonValue* settings = body->Get("settings")) {
    auto parsed = SettingsFromJson(*settings, "settings");
    if (!parsed.ok()) return parsed.error();
    widget.settings = std::move(parsed).value();
  }
  auto added = widgets.Add(context.caller(), context.PathParam("page_id"), widget);
  if (!added.ok()) return added.error();
  HttpResponse response = WidgetReply(201, *added);
  response.SetHeader("Location", WidgetLocation(added->page_id, added->widget_id));
  return response;
}

Reply UpdateWidget(const service::WidgetService& widgets, RequestContext& context) {
  static const BodySpec kUpdate{
      .fields = {{.name = "title"},
                 {.name = "settings", .type = FieldType::kObject, .nullable = true}},
      .read_only = {"page_id", "widget_id", "kind", "tags"}};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kUpdate);
  if (!body.ok()) return body.error();
  if (body->root().members.empty()) {
    return BadRequest("body", "required", "body: title or settings to change");
  }
  service::WidgetChanges changes{.title = body->String("title")};
  if (body->IsNull("settings")) {
    changes.settings = ddb::Item();
  } else if (const JsonValue* settings = body->Get("settings")) {
    auto parsed = SettingsFromJson(*settings, "settings");
    if (!parsed.ok()) return parsed.error();
    changes.settings = std::move(parsed).value();
  }
  auto updated = widgets.Update(context.caller(), context.PathParam("page_id"),
                                context.PathParam("id"), *version, changes);
  if (!updated.ok()) return WriteProblem(updated.error());
  return WidgetReply(200, *updated);
}

Reply MoveWidget(const service::WidgetService& widgets, RequestContext& context) {
  static const BodySpec kMove{
      .fields = {{.name = "column", .type = FieldType::kInteger, .required = true},
                 {.name = "before_id"},
                 {.name = "after_id"},
                 {.name = "target_page_id"}},
      .read_only = {"page_id", "widget_id"}};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kMove);
  if (!body.ok()) return body.error();
  auto column = IntMember(*body, "column");
  if (!column.ok()) return column.error();
  service::WidgetPlacement placement{.column = **column, .placement = PlacementOf(*body)};
  std::string_view page_id = context.PathParam("page_id");
  std::optional<std::string> target = body->String("target_page_id");
  auto moved =
      target && *target != page_id
          ? widgets.MoveToPage(context.caller(), page_id, context.PathParam("id"), *version,
                               *target, placement)
          : widgets.Move(context.caller(), page_id, context.PathParam("id"), *version, placement);
  if (!moved.ok()) return WriteProblem(moved.error());
  HttpResponse response = WidgetReply(200, *moved);
  response.SetHeader("Content-Location", WidgetLocation(moved->page_id, moved->widget_id));
  return response;
}

}  // namespace

void AddWidgetsRoutes(ApiBuilder& api) {
  api.AddSchema("Widget", std::string(kWidgetSchema));
  api.AddSchema("WidgetList", std::string(kWidgetListSchema));
  api.AddSchema("WidgetCreate", std::string(kWidgetCreateSchema));
  api.AddSchema("WidgetUpdate", std::string(kWidgetUpdateSchema));
  api.AddSchema("WidgetMove", std::string(kWidgetMoveSchema));
  auto widgets = std::make_shared<service::WidgetService>(api.services());

  api.Add(
      {.method = "GET",
       .path = "/api/v1/pages/{page_id}/widgets",
       .operation_id = "listWidgets",
       .summary = "A page's widgets by column and position",
       .tag = "widgets",
       .query = ListQueryParams(),
       .response_schema = "WidgetList",
       .handler = [widgets](RequestContext& context) { return ListWidgets(*widgets, context); }});
  api.Add(
      {.method = "POST",
       .path = "/api/v1/pages/{page_id}/widgets",
       .operation_id = "createWidget",
       .summary = "Add a widget to a page (at the end of its column unless placed)",
       .tag = "widgets",
       .request_schema = "WidgetCreate",
       .response_schema = "Widget",
       .success_status = 201,
       .etag = true,
       .handler = [widgets](RequestContext& context) { return CreateWidget(*widgets, context); }});
  api.Add({.method = "GET",
           .path = "/api/v1/pages/{page_id}/widgets/{id}",
           .operation_id = "getWidget",
           .summary = "One widget",
           .tag = "widgets",
           .response_schema = "Widget",
           .etag = true,
           .handler = [widgets](RequestContext& context) -> Reply {
             auto widget = widgets->Get(context.caller(), context.PathParam("page_id"),
                                        context.PathParam("id"));
             if (!widget.ok()) return widget.error();
             return WidgetReply(200, *widget);
           }});
  api.Add(
      {.method = "PATCH",
       .path = "/api/v1/pages/{page_id}/widgets/{id}",
       .operation_id = "updateWidget",
       .summary = "Change a widget's title and/or settings",
       .tag = "widgets",
       .request_schema = "WidgetUpdate",
       .response_schema = "Widget",
       .if_match = true,
       .etag = true,
       .handler = [widgets](RequestContext& context) { return UpdateWidget(*widgets, context); }});
  api.Add({.method = "DELETE",
           .path = "/api/v1/pages/{page_id}/widgets/{id}",
           .operation_id = "deleteWidget",
           .summary = "Delete a widget with its groups, bookmarks and notes",
           .tag = "widgets",
           .success_status = 204,
           .if_match = true,
           .handler = [widgets](RequestContext& context) -> Reply {
             auto version = RequireIfMatch(context.request());
             if (!version.ok()) return version.error();
             auto deleted = widgets->Delete(context.caller(), context.PathParam("page_id"),
                                            context.PathParam("id"), *version);
             if (!deleted.ok()) return WriteProblem(deleted.error());
             return NoContent();
           }});
  api.Add(
      {.method = "POST",
       .path = "/api/v1/pages/{page_id}/widgets/{id}/move",
       .operation_id = "moveWidget",
       .summary = "Move a widget to a column and place, or to another page",
       .tag = "widgets",
       .request_schema = "WidgetMove",
       .response_schema = "Widget",
       .if_match = true,
       .etag = true,
       .handler = [widgets](RequestContext& context) { return MoveWidget(*widgets, context); }});
}

}  // namespace homeboard::server
