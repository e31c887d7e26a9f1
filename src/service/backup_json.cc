// The JSON backup format: a small indenting writer and a validating reader over simdjson's
// DOM (the only file of the service layer that includes simdjson).
#include "service/backup_json.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <map>
#include <set>

#include "ddb/item_json.h"
#include "model/ids.h"
#include "model/limits.h"
#include "model/preferences.h"
#include "model/text.h"
#include "model/widget_settings.h"

namespace homeboard::service {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kSyntax = "syntax";

// --- Writing ------------------------------------------------------------------------------

class Writer {
 public:
  std::string Release() { return std::move(out_); }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  void Key(std::string_view name) {
    Separate();
    Quote(name);
    out_ += ": ";
    after_key_ = true;
  }
  void String(std::string_view text) {
    Separate();
    Quote(text);
  }
  void Int(std::int64_t value) {
    Separate();
    out_ += std::to_string(value);
  }
  void Bool(bool value) {
    Separate();
    out_ += value ? "true" : "false";
  }
  void Raw(std::string_view json) {
    Separate();
    out_ += json;
  }
  void Strings(const std::vector<std::string>& values) {
    Separate();
    out_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out_ += ", ";
      Quote(values[i]);
    }
    out_ += ']';
  }

  // Members that are written only when present.
  void OptionalString(std::string_view key, const std::optional<std::string>& value) {
    if (!value) return;
    Key(key);
    String(*value);
  }

 private:
  void Open(char bracket) {
    Separate();
    out_ += bracket;
    ++depth_;
    empty_ = true;
  }
  void Close(char bracket) {
    --depth_;
    if (!empty_) NewLine();
    out_ += bracket;
    empty_ = false;
  }
  // Before a value or key: a comma and a new line, unless the value follows its key.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!empty_) out_ += ',';
    if (depth_ > 0) NewLine();
    empty_ = false;
  }
  void NewLine() {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  }
  void Quote(std::string_view text) {
    out_ += '"';
    for (char c : text) {
      auto byte = static_cast<unsigned char>(c);
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (byte < 0x20 || byte == 0x7F) {
            out_ += fmt::format("\\u{:04x}", byte);
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
  }

  std::string out_;
  int depth_ = 0;
  bool empty_ = true;
  bool after_key_ = false;
};

void WriteStamps(Writer& w, const std::string& created_at, const std::string& updated_at,
                 std::int64_t version) {
  w.Key("created_at");
  w.String(created_at);
  w.Key("updated_at");
  w.String(updated_at);
  w.Key("version");
  w.Int(version);
}

void WriteWidget(Writer& w, const WidgetBackup& backup) {
  const model::Widget& widget = backup.widget;
  w.BeginObject();
  w.Key("widget_id");
  w.String(widget.widget_id);
  w.Key("kind");
  w.String(model::WidgetKindName(widget.kind));
  w.Key("title");
  w.String(widget.title);
  w.Key("column");
  w.Int(widget.column);
  w.Key("order_key");
  w.String(widget.order_key);
  w.Key("settings");
  w.Raw(ddb::ItemToJson(widget.settings));
  w.Key("tags");
  w.Strings(widget.tags);
  WriteStamps(w, widget.created_at, widget.updated_at, widget.version);
  w.Key("groups");
  w.BeginArray();
  for (const model::Group& g : backup.groups) {
    w.BeginObject();
    w.Key("group_id");
    w.String(g.group_id);
    w.OptionalString("parent_group_id", g.parent_group_id);
    w.Key("depth");
    w.Int(g.depth);
    w.Key("name");
    w.String(g.name);
    w.Key("order_key");
    w.String(g.order_key);
    WriteStamps(w, g.created_at, g.updated_at, g.version);
    w.EndObject();
  }
  w.EndArray();
  w.Key("bookmarks");
  w.BeginArray();
  for (const model::Bookmark& b : backup.bookmarks) {
    w.BeginObject();
    w.Key("bookmark_id");
    w.String(b.bookmark_id);
    w.OptionalString("group_id", b.group_id);
    w.Key("url");
    w.String(b.url);
    w.Key("title");
    w.String(b.title);
    w.Key("description");
    w.String(b.description);
    w.OptionalString("icon", b.icon);
    w.Key("tags");
    w.Strings(b.tags);
    w.Key("order_key");
    w.String(b.order_key);
    WriteStamps(w, b.created_at, b.updated_at, b.version);
    w.EndObject();
  }
  w.EndArray();
  w.Key("notes");
  w.BeginArray();
  for (const model::Note& n : backup.notes) {
    w.BeginObject();
    w.Key("note_id");
    w.String(n.note_id);
    w.Key("title");
    w.String(n.title);
    w.Key("body");
    w.String(n.body);
    w.Key("tags");
    w.Strings(n.tags);
    w.Key("order_key");
    w.String(n.order_key);
    WriteStamps(w, n.created_at, n.updated_at, n.version);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// --- Reading ------------------------------------------------------------------------------

// The first error of a parse; every reader shares one.
struct ParseState {
  std::optional<Error> error;
  bool ok() const { return !error.has_value(); }
  void Fail(std::string_view path, std::string_view rule_id, std::string_view detail) {
    if (error) return;
    error = InvalidArgument(path, rule_id, fmt::format("{}: {}", path, detail));
  }
  void FailValidation(std::string_view prefix, const model::ValidationError& e) {
    if (error) return;
    std::string field = model::FieldPath(prefix, e.field);
    std::string message = e.message;
    if (message.starts_with(e.field + ":")) {
      message = prefix.empty() ? message : std::string(prefix) + "." + message;
    } else {
      message = field + ": " + message;
    }
    error = InvalidArgument(field, e.rule, message);
  }
};

std::string Index(std::string_view path, std::string_view member, std::size_t i) {
  return fmt::format("{}[{}]", model::FieldPath(path, member), i);
}

// Reads one JSON object: typed members by name, then Finish() refuses unknown members.
class ObjectReader {
 public:
  ObjectReader(ParseState& state, dom::element element, std::string path)
      : state_(state), path_(std::move(path)) {
    dom::object object;
    if (element.get(object) != simdjson::SUCCESS) {
      state_.Fail(path_.empty() ? "document" : path_, model::rule::kType, "must be an object");
      return;
    }
    for (dom::key_value_pair member : object) {
      std::string key(member.key);
      if (!members_.emplace(key, member.value).second) {
        state_.Fail(Path(key), model::rule::kDuplicate, "appears twice");
      }
    }
    valid_ = true;
  }

  const std::string& path() const { return path_; }
  std::string Path(std::string_view key) const { return model::FieldPath(path_, key); }

  std::optional<dom::element> Member(std::string_view key, bool required) {
    known_.insert(std::string(key));
    if (!valid_) return std::nullopt;
    auto it = members_.find(std::string(key));
    if (it == members_.end()) {
      if (required) state_.Fail(Path(key), model::rule::kRequired, "is required");
      return std::nullopt;
    }
    return it->second;
  }

  std::optional<std::string> String(std::string_view key, bool required = true) {
    std::optional<dom::element> value = Member(key, required);
    if (!value) return std::nullopt;
    std::string_view text;
    if (value->get(text) != simdjson::SUCCESS) {
      state_.Fail(Path(key), model::rule::kType, "must be a string");
      return std::nullopt;
    }
    return std::string(text);
  }

  std::optional<std::int64_t> Int(std::string_view key) {
    std::optional<dom::element> value = Member(key, true);
    if (!value) return std::nullopt;
    std::int64_t number = 0;
    if (value->get(number) != simdjson::SUCCESS) {
      state_.Fail(Path(key), model::rule::kType, "must be an integer");
      return std::nullopt;
    }
    return number;
  }

  std::optional<bool> Bool(std::string_view key, bool required = true) {
    std::optional<dom::element> value = Member(key, required);
    if (!value) return std::nullopt;
    bool flag = false;
    if (value->get(flag) != simdjson::SUCCESS) {
      state_.Fail(Path(key), model::rule::kType, "must be true or false");
      return std::nullopt;
    }
    return flag;
  }

  std::optional<dom::array> Array(std::string_view key) {
    std::optional<dom::element> value = Member(key, true);
    if (!value) return std::nullopt;
    dom::array array;
    if (value->get(array) != simdjson::SUCCESS) {
      state_.Fail(Path(key), model::rule::kType, "must be an array");
      return std::nullopt;
    }
    return array;
  }

  std::vector<std::string> Strings(std::string_view key) {
    std::vector<std::string> out;
    std::optional<dom::array> array = Array(key);
    if (!array) return out;
    std::size_t i = 0;
    for (dom::element item : *array) {
      std::string_view text;
      if (item.get(text) != simdjson::SUCCESS) {
        state_.Fail(Index(path_, key, i), model::rule::kType, "must be a string");
        return out;
      }
      out.emplace_back(text);
      ++i;
    }
    return out;
  }

  // Refuses members no getter asked for.
  void Finish() {
    if (!valid_) return;
    for (const auto& [key, value] : members_) {
      if (!known_.contains(key)) state_.Fail(Path(key), model::rule::kUnknownKey, "unknown field");
    }
  }

 private:
  ParseState& state_;
  std::string path_;
  bool valid_ = false;
  std::map<std::string, dom::element> members_;
  std::set<std::string> known_;
};

class DocumentReader {
 public:
  explicit DocumentReader(std::string_view user_id) : user_id_(user_id) {}

  Result<Dashboard> Read(std::string_view json) {
    if (auto valid = model::ValidateId(user_id_, "user_id"); !valid.ok()) {
      return FromValidation(valid.error());
    }
    if (json.size() > kMaxBackupBytes) {
      return InvalidArgument("document", model::rule::kMaxSize,
                             fmt::format("document: at most {} bytes", kMaxBackupBytes));
    }
    dom::parser parser;
    simdjson::padded_string padded(json);
    dom::element root;
    if (auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
      return InvalidArgument("document", kSyntax,
                             fmt::format("document: not valid JSON ({})",
                                         simdjson::error_message(error)));
    }
    Dashboard dashboard;
    ObjectReader top(state_, root, "");
    std::optional<std::string> format = top.String("format");
    if (format && *format != kBackupFormat) {
      state_.Fail("format", model::rule::kEnum,
                  fmt::format("must be \"{}\" (got \"{}\")", kBackupFormat,
                              model::TruncateCodePoints(*format, 40)));
    }
    std::optional<std::int64_t> version = top.Int("version");
    if (state_.ok() && version && *version != kBackupFormatVersion) {
      state_.Fail("version", model::rule::kRange,
                  fmt::format("this homeboard reads format version {} (got {})",
                              kBackupFormatVersion, *version));
    }
    if (std::optional<dom::element> prefs = top.Member("preferences", false)) {
      if (!prefs->is_null()) dashboard.preferences = ReadPreferences(*prefs);
    }
    if (std::optional<dom::array> pages = top.Array("pages")) {
      std::size_t i = 0;
      for (dom::element page : *pages) {
        if (!state_.ok()) break;
        dashboard.pages.push_back(ReadPage(page, Index("", "pages", i++)));
      }
      if (state_.ok() && dashboard.pages.size() > model::kMaxPagesPerUser) {
        state_.Fail("pages", model::rule::kMaxCount,
                    fmt::format("at most {} pages", model::kMaxPagesPerUser));
      }
    }
    top.Finish();
    if (state_.ok() && dashboard.preferences && dashboard.preferences->default_page_id) {
      const std::string& id = *dashboard.preferences->default_page_id;
      bool found = std::any_of(dashboard.pages.begin(), dashboard.pages.end(),
                               [&](const PageBackup& p) { return p.page.page_id == id; });
      if (!found) {
        state_.Fail("preferences.default_page_id", model::rule::kInconsistent,
                    "is not one of the pages");
      }
    }
    if (!state_.ok()) return *state_.error;
    return dashboard;
  }

 private:
  template <typename Entity>
  void Check(const Entity& entity, const std::string& path) {
    if (auto valid = entity.Validate(); !valid.ok()) state_.FailValidation(path, valid.error());
  }

  void CheckId(const std::string& id, const std::string& path, std::string_view field) {
    if (!state_.ok() || id.empty()) return;
    if (!ids_.insert(id).second) {
      state_.Fail(model::FieldPath(path, field), model::rule::kDuplicate,
                  "the same id appears twice in the document");
    }
  }

  model::Preferences ReadPreferences(dom::element element) {
    ObjectReader r(state_, element, "preferences");
    model::Preferences p;
    p.user_id = std::string(user_id_);
    if (std::optional<std::string> theme = r.String("theme")) {
      auto parsed = model::ParseTheme(*theme, "theme");
      if (parsed.ok()) {
        p.theme = *parsed;
      } else {
        state_.FailValidation("preferences", parsed.error());
      }
    }
    p.default_page_id = r.String("default_page_id", false);
    p.time_zone = r.String("time_zone", false);
    p.locale = r.String("locale", false);
    p.open_links_in_new_tab = r.Bool("open_links_in_new_tab").value_or(false);
    p.updated_at = r.String("updated_at").value_or("");
    p.version = r.Int("version").value_or(0);
    r.Finish();
    if (state_.ok()) Check(p, "preferences");
    return p;
  }

  void ReadStamps(ObjectReader& r, std::string& created_at, std::string& updated_at,
                  std::int64_t& version) {
    created_at = r.String("created_at").value_or("");
    updated_at = r.String("updated_at").value_or("");
    version = r.Int("version").value_or(0);
  }

  PageBackup ReadPage(dom::element element, const std::string& path) {
    ObjectReader r(state_, element, path);
    PageBackup backup;
    model::Page& page = backup.page;
    page.user_id = std::string(user_id_);
    page.page_id = r.String("page_id").value_or("");
    page.title = r.String("title").value_or("");
    page.order_key = r.String("order_key").value_or("");
    ReadStamps(r, page.created_at, page.updated_at, page.version);
    std::optional<dom::array> widgets = r.Array("widgets");
    r.Finish();
    if (!state_.ok()) return backup;
    Check(page, path);
    CheckId(page.page_id, path, "page_id");
    if (!widgets) return backup;
    std::size_t i = 0;
    for (dom::element widget : *widgets) {
      if (!state_.ok()) break;
      backup.widgets.push_back(ReadWidget(widget, Index(path, "widgets", i++), page));
    }
    if (state_.ok() && backup.widgets.size() > model::kMaxWidgetsPerPage) {
      state_.Fail(model::FieldPath(path, "widgets"), model::rule::kMaxCount,
                  fmt::format("at most {} widgets per page", model::kMaxWidgetsPerPage));
    }
    return backup;
  }

  WidgetBackup ReadWidget(dom::element element, const std::string& path,
                          const model::Page& page) {
    ObjectReader r(state_, element, path);
    WidgetBackup backup;
    model::Widget& widget = backup.widget;
    widget.page_id = page.page_id;
    widget.user_id = std::string(user_id_);
    widget.widget_id = r.String("widget_id").value_or("");
    if (std::optional<std::string> kind = r.String("kind")) {
      auto parsed = model::ParseWidgetKind(*kind, "kind");
      if (parsed.ok()) {
        widget.kind = *parsed;
      } else {
        state_.FailValidation(path, parsed.error());
      }
    }
    widget.title = r.String("title").value_or("");
    widget.column = static_cast<int>(std::clamp<std::int64_t>(r.Int("column").value_or(0), -1,
                                                              model::kMaxColumns));
    widget.order_key = r.String("order_key").value_or("");
    if (std::optional<dom::element> settings = r.Member("settings", true)) {
      if (!settings->is_object()) {
        state_.Fail(r.Path("settings"), model::rule::kType, "must be an object");
      } else {
        auto item = ddb::ItemFromJson(simdjson::minify(*settings));
        if (item.ok()) {
          widget.settings = std::move(item).value();
        } else {
          state_.Fail(r.Path("settings"), model::rule::kType,
                      "must be a map of DynamoDB JSON values: " + item.error().message());
        }
      }
    }
    widget.tags = r.Strings("tags");
    ReadStamps(r, widget.created_at, widget.updated_at, widget.version);
    std::optional<dom::array> groups = r.Array("groups");
    std::optional<dom::array> bookmarks = r.Array("bookmarks");
    std::optional<dom::array> notes = r.Array("notes");
    r.Finish();
    if (!state_.ok()) return backup;
    Check(widget, path);
    CheckId(widget.widget_id, path, "widget_id");
    if (!state_.ok()) return backup;
    bool holds_bookmarks = widget.kind == model::WidgetKind::kBookmarks;
    bool holds_notes = widget.kind == model::WidgetKind::kNotes;
    auto wrong_kind = [&](std::string_view member, const dom::array& array) {
      if (state_.ok() && array.size() > 0) {
        state_.Fail(model::FieldPath(path, member), rule::kWrongKind,
                    fmt::format("a {} widget holds no {}", model::WidgetKindName(widget.kind),
                                member));
      }
    };
    if (!holds_bookmarks) wrong_kind("groups", *groups);
    if (!holds_bookmarks) wrong_kind("bookmarks", *bookmarks);
    if (!holds_notes) wrong_kind("notes", *notes);
    std::map<std::string, int> depth_of;
    std::size_t i = 0;
    for (dom::element group : *groups) {
      if (!state_.ok()) break;
      std::string group_path = Index(path, "groups", i++);
      backup.groups.push_back(ReadGroup(group, group_path, widget));
      const model::Group& g = backup.groups.back();
      if (!state_.ok()) break;
      if (g.parent_group_id) {
        auto parent = depth_of.find(*g.parent_group_id);
        if (parent == depth_of.end()) {
          state_.Fail(model::FieldPath(group_path, "parent_group_id"), model::rule::kInconsistent,
                      "must be a group of the same widget listed before it");
        } else if (parent->second + 1 != g.depth) {
          state_.Fail(model::FieldPath(group_path, "depth"), model::rule::kInconsistent,
                      fmt::format("must be its parent's depth plus one ({})", parent->second + 1));
        }
      }
      depth_of[g.group_id] = g.depth;
    }
    i = 0;
    for (dom::element bookmark : *bookmarks) {
      if (!state_.ok()) break;
      std::string bookmark_path = Index(path, "bookmarks", i++);
      backup.bookmarks.push_back(ReadBookmark(bookmark, bookmark_path, widget));
      const model::Bookmark& b = backup.bookmarks.back();
      if (state_.ok() && b.group_id && !depth_of.contains(*b.group_id)) {
        state_.Fail(model::FieldPath(bookmark_path, "group_id"), model::rule::kInconsistent,
                    "must be a group of the same widget");
      }
    }
    i = 0;
    for (dom::element note : *notes) {
      if (!state_.ok()) break;
      backup.notes.push_back(ReadNote(note, Index(path, "notes", i++), widget));
    }
    return backup;
  }

  model::Group ReadGroup(dom::element element, const std::string& path,
                         const model::Widget& widget) {
    ObjectReader r(state_, element, path);
    model::Group g;
    g.widget_id = widget.widget_id;
    g.user_id = std::string(user_id_);
    g.page_id = widget.page_id;
    g.group_id = r.String("group_id").value_or("");
    g.parent_group_id = r.String("parent_group_id", false);
    g.depth = static_cast<int>(std::clamp<std::int64_t>(r.Int("depth").value_or(1), -1,
                                                        model::kMaxGroupDepth + 1));
    g.name = r.String("name").value_or("");
    g.order_key = r.String("order_key").value_or("");
    ReadStamps(r, g.created_at, g.updated_at, g.version);
    r.Finish();
    if (state_.ok()) Check(g, path);
    CheckId(g.group_id, path, "group_id");
    return g;
  }

  model::Bookmark ReadBookmark(dom::element element, const std::string& path,
                               const model::Widget& widget) {
    ObjectReader r(state_, element, path);
    model::Bookmark b;
    b.widget_id = widget.widget_id;
    b.user_id = std::string(user_id_);
    b.page_id = widget.page_id;
    b.bookmark_id = r.String("bookmark_id").value_or("");
    b.group_id = r.String("group_id", false);
    b.url = r.String("url").value_or("");
    b.title = r.String("title").value_or("");
    b.description = r.String("description").value_or("");
    b.icon = r.String("icon", false);
    b.tags = r.Strings("tags");
    b.order_key = r.String("order_key").value_or("");
    ReadStamps(r, b.created_at, b.updated_at, b.version);
    r.Finish();
    if (state_.ok()) Check(b, path);
    CheckId(b.bookmark_id, path, "bookmark_id");
    return b;
  }

  model::Note ReadNote(dom::element element, const std::string& path,
                       const model::Widget& widget) {
    ObjectReader r(state_, element, path);
    model::Note n;
    n.widget_id = widget.widget_id;
    n.user_id = std::string(user_id_);
    n.page_id = widget.page_id;
    n.note_id = r.String("note_id").value_or("");
    n.title = r.String("title").value_or("");
    n.body = r.String("body").value_or("");
    n.tags = r.Strings("tags");
    n.order_key = r.String("order_key").value_or("");
    ReadStamps(r, n.created_at, n.updated_at, n.version);
    r.Finish();
    if (state_.ok()) Check(n, path);
    CheckId(n.note_id, path, "note_id");
    return n;
  }

  std::string_view user_id_;
  ParseState state_;
  std::set<std::string> ids_;
};

}  // namespace

std::string WriteBackupJson(const Dashboard& dashboard) {
  Writer w;
  w.BeginObject();
  w.Key("format");
  w.String(kBackupFormat);
  w.Key("version");
  w.Int(kBackupFormatVersion);
  if (dashboard.preferences) {
    const model::Preferences& p = *dashboard.preferences;
    w.Key("preferences");
    w.BeginObject();
    w.Key("theme");
    w.String(model::ThemeName(p.theme));
    w.OptionalString("default_page_id", p.default_page_id);
    w.OptionalString("time_zone", p.time_zone);
    w.OptionalString("locale", p.locale);
    w.Key("open_links_in_new_tab");
    w.Bool(p.open_links_in_new_tab);
    w.Key("updated_at");
    w.String(p.updated_at);
    w.Key("version");
    w.Int(p.version);
    w.EndObject();
  }
  w.Key("pages");
  w.BeginArray();
  for (const PageBackup& backup : dashboard.pages) {
    const model::Page& page = backup.page;
    w.BeginObject();
    w.Key("page_id");
    w.String(page.page_id);
    w.Key("title");
    w.String(page.title);
    w.Key("order_key");
    w.String(page.order_key);
    WriteStamps(w, page.created_at, page.updated_at, page.version);
    w.Key("widgets");
    w.BeginArray();
    for (const WidgetBackup& widget : backup.widgets) WriteWidget(w, widget);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::string out = w.Release();
  out += '\n';
  return out;
}

Result<Dashboard> ParseBackupJson(std::string_view json, std::string_view user_id) {
  return DocumentReader(user_id).Read(json);
}

}  // namespace homeboard::service
