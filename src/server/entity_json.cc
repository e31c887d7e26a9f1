// Entity writers.
#include "server/entity_json.h"

#include "model/widget_settings.h"
#include "server/rest.h"

namespace homeboard::server {
namespace {

void WriteOptionalString(JsonWriter& json, std::string_view key,
                         const std::optional<std::string>& value) {
  json.Key(key);
  if (value) {
    json.String(*value);
  } else {
    json.Null();
  }
}

void WriteTimesAndVersion(JsonWriter& json, const std::string& created_at,
                          const std::string& updated_at, std::int64_t version) {
  json.Key("created_at");
  json.String(created_at);
  json.Key("updated_at");
  json.String(updated_at);
  json.Key("version");
  json.Int(version);
}

void WriteAttribute(JsonWriter& json, const ddb::AttributeValue& value) {
  using Type = ddb::AttributeValue::Type;
  switch (value.type()) {
    case Type::kS:
      json.String(value.AsS());
      return;
    case Type::kN:
      json.RawNumber(value.AsN());
      return;
    case Type::kB:
      json.String(EncodeCursorText(value.AsB()));
      return;
    case Type::kBool:
      json.Bool(value.AsBool());
      return;
    case Type::kNull:
      json.Null();
      return;
    case Type::kM:
      WriteAttributeMap(json, value.AsM());
      return;
    case Type::kL:
      json.BeginArray();
      for (const ddb::AttributeValue& item : value.AsL()) WriteAttribute(json, item);
      json.EndArray();
      return;
    case Type::kSS:
      json.BeginArray();
      for (const std::string& item : value.AsSS()) json.String(item);
      json.EndArray();
      return;
    case Type::kNS:
      json.BeginArray();
      for (const std::string& item : value.AsNS()) json.RawNumber(item);
      json.EndArray();
      return;
    case Type::kBS:
      json.BeginArray();
      for (const std::string& item : value.AsBS()) json.String(EncodeCursorText(item));
      json.EndArray();
      return;
  }
  json.Null();
}

std::size_t TagsSize(const std::vector<std::string>& tags) {
  std::size_t size = 0;
  for (const std::string& tag : tags) size += tag.size() + 3;
  return size;
}

// About the JSON size of a widget view, a little over for plain text (escapes make it more),
// so that WritePageView can size its buffer once: member names, punctuation, ids and
// timestamps are a fixed ~250 bytes per object, the rest is the text the entities carry.
std::size_t EstimatedSize(const service::WidgetView& view) {
  constexpr std::size_t kPerObject = 256;
  std::size_t size = kPerObject + view.widget.title.size() + TagsSize(view.widget.tags) +
                     ddb::ItemSize(view.widget.settings) * 2;
  for (const model::Group& group : view.groups) size += kPerObject + group.name.size();
  for (const model::Bookmark& bookmark : view.bookmarks) {
    size += kPerObject + bookmark.url.size() + bookmark.title.size() +
            bookmark.description.size() + (bookmark.icon ? bookmark.icon->size() : 0) +
            TagsSize(bookmark.tags);
  }
  for (const model::NoteSummary& note : view.notes) {
    size += kPerObject + note.title.size() + note.preview.size() + TagsSize(note.tags);
  }
  return size;
}

}  // namespace

void WriteStrings(JsonWriter& json, std::string_view key, const std::vector<std::string>& values) {
  json.Key(key);
  json.BeginArray();
  for (const std::string& value : values) json.String(value);
  json.EndArray();
}

void WriteAttributeMap(JsonWriter& json, const ddb::Item& item) {
  json.BeginObject();
  for (const auto& [name, value] : item) {
    json.Key(name);
    WriteAttribute(json, value);
  }
  json.EndObject();
}

void WritePage(JsonWriter& json, const model::Page& page) {
  json.BeginObject();
  json.Key("id");
  json.String(page.page_id);
  json.Key("title");
  json.String(page.title);
  WriteTimesAndVersion(json, page.created_at, page.updated_at, page.version);
  json.EndObject();
}

void WriteWidget(JsonWriter& json, const model::Widget& widget) {
  json.BeginObject();
  json.Key("id");
  json.String(widget.widget_id);
  json.Key("page_id");
  json.String(widget.page_id);
  json.Key("kind");
  json.String(model::WidgetKindName(widget.kind));
  json.Key("title");
  json.String(widget.title);
  json.Key("column");
  json.Int(widget.column);
  json.Key("settings");
  WriteAttributeMap(json, widget.settings);
  WriteStrings(json, "tags", widget.tags);
  WriteTimesAndVersion(json, widget.created_at, widget.updated_at, widget.version);
  json.EndObject();
}

void WriteGroup(JsonWriter& json, const model::Group& group) {
  json.BeginObject();
  json.Key("id");
  json.String(group.group_id);
  json.Key("widget_id");
  json.String(group.widget_id);
  json.Key("page_id");
  json.String(group.page_id);
  WriteOptionalString(json, "parent_group_id", group.parent_group_id);
  json.Key("depth");
  json.Int(group.depth);
  json.Key("name");
  json.String(group.name);
  WriteTimesAndVersion(json, group.created_at, group.updated_at, group.version);
  json.EndObject();
}

void WriteBookmark(JsonWriter& json, const model::Bookmark& bookmark) {
  json.BeginObject();
  json.Key("id");
  json.String(bookmark.bookmark_id);
  json.Key("widget_id");
  json.String(bookmark.widget_id);
  json.Key("page_id");
  json.String(bookmark.page_id);
  WriteOptionalString(json, "group_id", bookmark.group_id);
  json.Key("url");
  json.String(bookmark.url);
  json.Key("title");
  json.String(bookmark.title);
  json.Key("description");
  json.String(bookmark.description);
  WriteOptionalString(json, "icon", bookmark.icon);
  WriteStrings(json, "tags", bookmark.tags);
  WriteTimesAndVersion(json, bookmark.created_at, bookmark.updated_at, bookmark.version);
  json.EndObject();
}

void WriteNote(JsonWriter& json, const model::Note& note) {
  json.BeginObject();
  json.Key("id");
  json.String(note.note_id);
  json.Key("widget_id");
  json.String(note.widget_id);
  json.Key("page_id");
  json.String(note.page_id);
  json.Key("title");
  json.String(note.title);
  json.Key("body");
  json.String(note.body);
  WriteStrings(json, "tags", note.tags);
  WriteTimesAndVersion(json, note.created_at, note.updated_at, note.version);
  json.EndObject();
}

void WriteNoteSummary(JsonWriter& json, const model::NoteSummary& note) {
  json.BeginObject();
  json.Key("id");
  json.String(note.note_id);
  json.Key("widget_id");
  json.String(note.widget_id);
  json.Key("page_id");
  json.String(note.page_id);
  json.Key("title");
  json.String(note.title);
  json.Key("preview");
  json.String(note.preview);
  WriteStrings(json, "tags", note.tags);
  json.Key("created_at");
  json.String(note.created_at);
  json.Key("updated_at");
  json.String(note.updated_at);
  json.EndObject();
}

void WritePreferences(JsonWriter& json, const model::Preferences& preferences) {
  json.BeginObject();
  json.Key("theme");
  json.String(model::ThemeName(preferences.theme));
  WriteOptionalString(json, "default_page_id", preferences.default_page_id);
  WriteOptionalString(json, "time_zone", preferences.time_zone);
  WriteOptionalString(json, "locale", preferences.locale);
  json.Key("open_links_in_new_tab");
  json.Bool(preferences.open_links_in_new_tab);
  json.Key("updated_at");
  if (preferences.updated_at.empty()) {
    json.Null();
  } else {
    json.String(preferences.updated_at);
  }
  json.Key("version");
  json.Int(preferences.version);
  json.EndObject();
}

void WriteWidgetView(JsonWriter& json, const service::WidgetView& widget_view) {
  const model::Widget& widget = widget_view.widget;
  json.BeginObject();
  json.Key("id");
  json.String(widget.widget_id);
  json.Key("kind");
  json.String(model::WidgetKindName(widget.kind));
  json.Key("title");
  json.String(widget.title);
  json.Key("column");
  json.Int(widget.column);
  json.Key("settings");
  WriteAttributeMap(json, widget.settings);
  WriteStrings(json, "tags", widget.tags);
  WriteTimesAndVersion(json, widget.created_at, widget.updated_at, widget.version);
  if (widget.kind == model::WidgetKind::kBookmarks) {
    json.Key("groups");
    json.BeginArray();
    for (const model::Group& group : widget_view.groups) WriteGroup(json, group);
    json.EndArray();
    json.Key("bookmarks");
    json.BeginArray();
    for (const model::Bookmark& bookmark : widget_view.bookmarks) WriteBookmark(json, bookmark);
    json.EndArray();
  } else if (widget.kind == model::WidgetKind::kNotes) {
    json.Key("notes");
    json.BeginArray();
    for (const model::NoteSummary& note : widget_view.notes) WriteNoteSummary(json, note);
    json.EndArray();
  }
  json.EndObject();
}

void WritePageView(JsonWriter& json, const service::PageView& view) {
  const model::Page& page = view.page;
  // A page view runs to hundreds of KB: one allocation instead of a doubling series.
  std::size_t estimate = 256 + page.title.size();
  for (const service::WidgetView& widget_view : view.widgets) {
    estimate += EstimatedSize(widget_view);
  }
  json.Reserve(estimate);
  json.BeginObject();
  json.Key("id");
  json.String(page.page_id);
  json.Key("title");
  json.String(page.title);
  WriteTimesAndVersion(json, page.created_at, page.updated_at, page.version);
  json.Key("widgets");
  json.BeginArray();
  for (const service::WidgetView& widget_view : view.widgets) WriteWidgetView(json, widget_view);
  json.EndArray();
  json.EndObject();
}

}  // namespace homeboard::server
