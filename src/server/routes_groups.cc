// Groups: folders of bookmarks inside a bookmarks widget (service::GroupService).
//
// A group is keyed by (widget_id, group_id). Creating and listing go through the widget's
// page (the service checks the widget there), so those live under the page's widget; the
// group itself is addressed by its key, so a group keeps its path when its widget moves to
// another page:
//
//   GET    /api/v1/pages/{page_id}/widgets/{widget_id}/groups  tree order (depth first);
//                                                              ?limit, ?cursor, ?modified_since
//   POST   /api/v1/pages/{page_id}/widgets/{widget_id}/groups  {"name","parent_group_id"?,
//                                                              "before_id"?|"after_id"?} -> 201
//   GET    /api/v1/widgets/{widget_id}/groups/{id}             one group
//   PATCH  /api/v1/widgets/{widget_id}/groups/{id}             If-Match; {"name"}
//   DELETE /api/v1/widgets/{widget_id}/groups/{id}             If-Match; with subgroups and
//                                                              their bookmarks -> 204
//   POST   /api/v1/widgets/{widget_id}/groups/{id}/move        If-Match; {"parent_group_id"
//                                                              (absent or null: top level),
//                                                              "before_id"?|"after_id"?}
#include <memory>

#include "server/api.h"
#include "server/content_json.h"
#include "server/entity_json.h"
#include "server/rest.h"
#include "service/group_service.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kGroupSchema = R"({"type":"object",
"required":["id","widget_id","page_id","parent_group_id","depth","name","created_at","updated_at","version"],
"properties":{"id":{"type":"string"},"widget_id":{"type":"string"},"page_id":{"type":"string"},
"parent_group_id":{"type":["string","null"]},"depth":{"type":"integer","minimum":1,"maximum":8},
"name":{"type":"string","maxLength":200},
"created_at":{"type":"string","format":"date-time"},
"updated_at":{"type":"string","format":"date-time"},"version":{"type":"integer"}}})";

constexpr std::string_view kGroupListSchema =
    R"({"type":"object","required":["items","next_cursor"],
"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Group"}},
"next_cursor":{"type":["string","null"]}}})";

constexpr std::string_view kGroupCreateSchema = R"({"type":"object","required":["name"],
"additionalProperties":false,"properties":{"name":{"type":"string","maxLength":200},
"parent_group_id":{"type":["string","null"]},"before_id":{"type":"string"},
"after_id":{"type":"string"}}})";

constexpr std::string_view kGroupUpdateSchema = R"({"type":"object","required":["name"],
"additionalProperties":false,"properties":{"name":{"type":"string","maxLength":200}}})";

constexpr std::string_view kGroupMoveSchema = R"({"type":"object","additionalProperties":false,
"properties":{"parent_group_id":{"type":["string","null"],"description":"The new parent; absent or null: top level"},
"before_id":{"type":"string"},"after_id":{"type":"string"}}})";

HttpResponse GroupReply(int status, const model::Group& group) {
  return JsonReply(status, ToJson(group, WriteGroup), group.version);
}

Reply ListGroups(const service::GroupService& groups, RequestContext& context) {
  auto params = ReadPageParams(context);
  if (!params.ok()) return params.error();
  auto modified_since = ReadModifiedSince(context);
  if (!modified_since.ok()) return modified_since.error();
  auto listed =
      groups.List(context.caller(), context.PathParam("page_id"), context.PathParam("widget_id"));
  if (!listed.ok()) return listed.error();
  SortedList<model::Group> list{
      .items = &*listed,
      .keys = GroupTreeKeys(*listed),
      .updated_at = [](const model::Group& g) -> const std::string& { return g.updated_at; },
      .write = WriteGroup};
  return PagedListReply(list, *params, *modified_since);
}

Reply CreateGroup(const service::GroupService& groups, RequestContext& context) {
  static const BodySpec kCreate{.fields = {{.name = "name", .required = true},
                                           {.name = "parent_group_id", .nullable = true},
                                           {.name = "before_id"},
                                           {.name = "after_id"}},
                                .read_only = {"page_id", "widget_id", "group_id", "depth"}};
  auto body = ReadJsonBody(context, kCreate);
  if (!body.ok()) return body.error();
  service::NewGroup group{.name = *body->String("name"),
                          .parent_group_id = body->String("parent_group_id"),
                          .placement = PlacementOf(*body)};
  auto created = groups.Create(context.caller(), context.PathParam("page_id"),
                               context.PathParam("widget_id"), group);
  if (!created.ok()) return created.error();
  HttpResponse response = GroupReply(201, *created);
  response.SetHeader("Location", GroupLocation(created->widget_id, created->group_id));
  return response;
}

Reply RenameGroup(const service::GroupService& groups, RequestContext& context) {
  static const BodySpec kUpdate{
      .fields = {{.name = "name", .required = true}},
      .read_only = {"page_id", "widget_id", "group_id", "depth", "parent_group_id"}};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kUpdate);
  if (!body.ok()) return body.error();
  auto renamed = groups.Rename(context.caller(), context.PathParam("widget_id"),
                               context.PathParam("id"), *version, *body->String("name"));
  if (!renamed.ok()) return WriteProblem(renamed.error());
  return GroupReply(200, *renamed);
}

Reply MoveGroup(const service::GroupService& groups, RequestContext& context) {
  static const BodySpec kMove{.fields = {{.name = "parent_group_id", .nullable = true},
                                         {.name = "before_id"},
                                         {.name = "after_id"}},
                              .read_only = {"page_id", "widget_id", "group_id", "depth"}};
  auto version = RequireIfMatch(context.request());
  if (!version.ok()) return version.error();
  auto body = ReadJsonBody(context, kMove);
  if (!body.ok()) return body.error();
  service::GroupMove move{.parent_group_id = body->String("parent_group_id"),
                          .placement = PlacementOf(*body)};
  auto moved = groups.Move(context.caller(), context.PathParam("widget_id"),
                           context.PathParam("id"), *version, move);
  if (!moved.ok()) return WriteProblem(moved.error());
  return GroupReply(200, *moved);
}

}  // namespace

void AddGroupsRoutes(ApiBuilder& api) {
  api.AddSchema("Group", std::string(kGroupSchema));
  api.AddSchema("GroupList", std::string(kGroupListSchema));
  api.AddSchema("GroupCreate", std::string(kGroupCreateSchema));
  api.AddSchema("GroupUpdate", std::string(kGroupUpdateSchema));
  api.AddSchema("GroupMove", std::string(kGroupMoveSchema));
  auto groups = std::make_shared<service::GroupService>(api.services());

  api.Add({.method = "GET",
           .path = "/api/v1/pages/{page_id}/widgets/{widget_id}/groups",
           .operation_id = "listGroups",
           .summary = "A bookmarks widget's groups in tree order (depth first)",
           .tag = "groups",
           .query = ListQueryParams(),
           .response_schema = "GroupList",
           .handler = [groups](RequestContext& context) { return ListGroups(*groups, context); }});
  api.Add({.method = "POST",
           .path = "/api/v1/pages/{page_id}/widgets/{widget_id}/groups",
           .operation_id = "createGroup",
           .summary = "Create a group (top level or under parent_group_id)",
           .tag = "groups",
           .request_schema = "GroupCreate",
           .response_schema = "Group",
           .success_status = 201,
           .etag = true,
           .handler = [groups](RequestContext& context) { return CreateGroup(*groups, context); }});
  api.Add({.method = "GET",
           .path = "/api/v1/widgets/{widget_id}/groups/{id}",
           .operation_id = "getGroup",
           .summary = "One group",
           .tag = "groups",
           .response_schema = "Group",
           .etag = true,
           .handler = [groups](RequestContext& context) -> Reply {
             auto group = groups->Get(context.caller(), context.PathParam("widget_id"),
                                      context.PathParam("id"));
             if (!group.ok()) return group.error();
             return GroupReply(200, *group);
           }});
  api.Add({.method = "PATCH",
           .path = "/api/v1/widgets/{widget_id}/groups/{id}",
           .operation_id = "renameGroup",
           .summary = "Rename a group",
           .tag = "groups",
           .request_schema = "GroupUpdate",
           .response_schema = "Group",
           .if_match = true,
           .etag = true,
           .handler = [groups](RequestContext& context) { return RenameGroup(*groups, context); }});
  api.Add({.method = "DELETE",
           .path = "/api/v1/widgets/{widget_id}/groups/{id}",
           .operation_id = "deleteGroup",
           .summary = "Delete a group with its subgroups and their bookmarks",
           .tag = "groups",
           .success_status = 204,
           .if_match = true,
           .handler = [groups](RequestContext& context) -> Reply {
             auto version = RequireIfMatch(context.request());
             if (!version.ok()) return version.error();
             auto deleted = groups->Delete(context.caller(), context.PathParam("widget_id"),
                                           context.PathParam("id"), *version);
             if (!deleted.ok()) return WriteProblem(deleted.error());
             return NoContent();
           }});
  api.Add({.method = "POST",
           .path = "/api/v1/widgets/{widget_id}/groups/{id}/move",
           .operation_id = "moveGroup",
           .summary =
               "Move a group under another parent (or to the top level) and/or among its siblings",
           .tag = "groups",
           .request_schema = "GroupMove",
           .response_schema = "Group",
           .if_match = true,
           .etag = true,
           .handler = [groups](RequestContext& context) { return MoveGroup(*groups, context); }});
}

}  // namespace homeboard::server
