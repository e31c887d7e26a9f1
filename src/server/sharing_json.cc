// JSON writers of the tags, shares, public-link and import responses (see sharing_json.h).
#include "server/sharing_json.h"

#include "model/share.h"
#include "model/timestamp.h"
#include "model/widget.h"
#include "server/entity_json.h"

namespace homeboard::server {
namespace {

void WriteSize(JsonWriter& json, std::string_view name, std::size_t value) {
  json.Key(name);
  json.Int(static_cast<std::int64_t>(value));
}

}  // namespace

void WriteEpochOrNull(JsonWriter& json, const std::optional<std::int64_t>& seconds) {
  if (seconds) {
    json.String(model::FormatTimestamp(model::FromEpochSeconds(*seconds)));
  } else {
    json.Null();
  }
}

void WriteTagCount(JsonWriter& json, const model::TagCount& count) {
  json.BeginObject();
  json.Key("tag");
  json.String(count.tag);
  json.Key("count");
  json.Int(count.count);
  json.EndObject();
}

void WriteTaggedEntity(JsonWriter& json, const service::TaggedEntity& entity) {
  json.BeginObject();
  std::string_view type = model::TaggedTypeName(entity.ref.type);
  json.Key("type");
  json.String(type);
  json.Key(type);
  if (entity.bookmark) {
    WriteBookmark(json, *entity.bookmark);
  } else if (entity.note) {
    WriteNote(json, *entity.note);
  } else if (entity.widget) {
    WriteWidget(json, *entity.widget);
  } else {
    json.Null();
  }
  json.EndObject();
}

void WriteItemTags(JsonWriter& json, const service::ItemTags& tags) {
  json.BeginObject();
  WriteStrings(json, "tags", tags.tags);
  json.Key("version");
  json.Int(tags.version);
  json.EndObject();
}

void WriteShareEntry(JsonWriter& json, const service::ShareEntry& entry) {
  const model::Share& share = entry.share;
  const bool widget = share.resource_kind == model::ResourceKind::kWidget;
  json.BeginObject();
  json.Key("id");
  json.String(share.share_id);
  json.Key("resource_type");
  json.String(model::ResourceKindName(share.resource_kind));
  json.Key("page_id");
  json.String(entry.page_id);
  json.Key("widget_id");
  if (widget) {
    json.String(share.resource_id);
  } else {
    json.Null();
  }
  json.Key("resource_title");
  json.String(share.resource_title);
  json.Key("grantee_type");
  json.String(share.is_link() ? "link" : "user");
  json.Key("grantee_id");
  if (share.is_link()) {
    json.Null();
  } else {
    json.String(share.grantee_id);
  }
  json.Key("owner_id");
  json.String(share.owner_id);
  json.Key("permission");
  json.String(model::PermissionName(share.permission));
  json.Key("created_at");
  json.String(share.created_at);
  json.Key("expires_at");
  WriteEpochOrNull(json, share.expires_at);
  json.EndObject();
}

void WriteSharedViewHead(JsonWriter& json, const model::Share& share) {
  json.BeginObject();
  json.Key("resource_type");
  json.String(model::ResourceKindName(share.resource_kind));
  json.Key("permission");
  json.String("view");  // links are view-only whatever the stored item says
  json.Key("expires_at");
  WriteEpochOrNull(json, share.expires_at);
}

void WriteSharedView(JsonWriter& json, const service::SharedView& view) {
  WriteSharedViewHead(json, view.share);
  if (view.page) {
    json.Key("page");
    WritePageView(json, *view.page);
  } else if (view.widget) {
    json.Key("widget");
    WriteWidgetView(json, *view.widget);
  }
  json.EndObject();
}

void WriteImportReport(JsonWriter& json, const service::ImportReport& report) {
  json.BeginObject();
  json.Key("format");
  json.String("html");
  WriteSize(json, "bookmarks_in_file", report.bookmarks_in_file);
  WriteSize(json, "bookmarks_added", report.bookmarks_added);
  WriteSize(json, "bookmarks_existing", report.bookmarks_existing);
  WriteSize(json, "duplicates", report.duplicates);
  WriteSize(json, "skipped", report.skipped);
  WriteSize(json, "adjusted", report.adjusted);
  WriteSize(json, "pages_added", report.pages_added);
  WriteSize(json, "widgets_added", report.widgets_added);
  WriteSize(json, "groups_added", report.groups_added);
  WriteSize(json, "tagged", report.tagged);
  json.Key("issues");
  json.BeginArray();
  for (const service::ImportIssue& issue : report.issues) {
    json.BeginObject();
    json.Key("kind");
    json.String(service::ImportIssueKindName(issue.kind));
    json.Key("line");
    json.Int(issue.line);
    json.Key("path");
    json.String(issue.path);
    json.Key("title");
    json.String(issue.title);
    json.Key("url");
    json.String(issue.url);
    json.Key("rule");
    json.String(issue.rule);
    json.Key("message");
    json.String(issue.message);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

void WriteRestoreReport(JsonWriter& json, const service::RestoreReport& report) {
  json.BeginObject();
  json.Key("format");
  json.String("json");
  WriteSize(json, "pages", report.pages);
  WriteSize(json, "widgets", report.widgets);
  WriteSize(json, "groups", report.groups);
  WriteSize(json, "bookmarks", report.bookmarks);
  WriteSize(json, "notes", report.notes);
  WriteSize(json, "tag_associations", report.tag_associations);
  json.EndObject();
}

}  // namespace homeboard::server
