// PlanImport: the folder rule, the duplicate rule and the entity rules of
// docs/import-export.md applied to a parsed bookmark file, without touching the store.
#include "service/internal/import_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "model/bookmark.h"
#include "model/ids.h"
#include "model/limits.h"
#include "model/tag.h"
#include "model/text.h"
#include "service/error.h"
#include "service/internal/import_ids.h"

namespace homeboard::service::internal {
namespace {

// ADD_DATE values past this (year 2255) are not used as id times: ids must stay within
// what system_clock and the timestamp format can hold.
constexpr std::int64_t kMaxDateSeconds = 9'000'000'000;

// `text` without control characters; for one-line fields they become spaces (collapsed by
// NormalizeWhitespace), for multi-line fields tab, LF and CR are kept and the rest dropped.
std::string StripControls(std::string_view text, bool multiline) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    bool c0 = byte < 0x20 || byte == 0x7F;
    bool c1 = byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (!c0 && !c1) {
      out.push_back(text[i]);
      continue;
    }
    if (c1) ++i;
    if (multiline) {
      if (byte == '\t' || byte == '\n' || byte == '\r') out.push_back(static_cast<char>(byte));
    } else {
      out.push_back(' ');
    }
  }
  return out;
}

std::string JoinPath(const std::vector<std::string>& folders) {
  std::string path;
  for (const std::string& folder : folders) {
    if (!path.empty()) path += " > ";
    path += folder;
  }
  return path;
}

// One segment of an object's key: the folder title, length-prefixed so no title can fake a
// separator, and its occurrence among same-titled siblings so two "Dev" folders differ.
std::string Segment(std::string_view title, int occurrence) {
  return fmt::format("{}:{}#{}", title.size(), title, occurrence);
}

std::int64_t IdMillis(std::optional<std::int64_t> add_date, model::Time fallback) {
  if (add_date && *add_date >= 0 && *add_date <= kMaxDateSeconds) return *add_date * 1000;
  return std::chrono::duration_cast<std::chrono::milliseconds>(fallback.time_since_epoch())
      .count();
}

class Planner {
 public:
  Planner(std::string_view user_id, model::Time import_time, std::size_t max_pages)
      : user_id_(user_id), import_time_(import_time), max_pages_(max_pages) {}

  ImportPlan Run(const NetscapeDocument& document) {
    for (const SkippedEntry& entry : document.skipped) {
      bool scheme = entry.reason.starts_with("not an http(s) link");
      plan_.issues.push_back(ImportIssue{.kind = ImportIssue::Kind::kSkipped,
                                         .line = entry.line,
                                         .path = "",
                                         .title = entry.title,
                                         .url = entry.url,
                                         .rule = scheme ? "url_scheme" : "parse",
                                         .message = entry.reason});
      if (!entry.url.empty() || scheme) ++plan_.bookmarks_in_file;
    }
    const NetscapeFolder& root = document.root;
    if (!root.bookmarks.empty()) {
      PlannedPage page = NewPage(kImportedTitle, "imported", std::nullopt, 0);
      WidgetBuilder links = NewWidget(page, kImportedTitle, "imported\x1flinks", std::nullopt, 0,
                                      {std::string(kImportedTitle)});
      for (const NetscapeBookmark& bookmark : root.bookmarks) {
        AddBookmark(links, bookmark, std::nullopt, {});
      }
      Finish(page, std::move(links));
      AddPage(std::move(page), root.bookmarks.size());
    }
    std::map<std::string, int> seen;
    for (const NetscapeEntry& entry : root.entries) {
      if (entry.kind != NetscapeEntry::Kind::kFolder) continue;
      const NetscapeFolder& folder = root.folders[entry.index];
      std::string title = Name(folder.title, {}, folder.line);
      PlanPage(folder, title, Segment(title, ++seen[title]));
    }
    return std::move(plan_);
  }

 private:
  struct WidgetBuilder {
    PlannedWidget widget;
    std::string key;
    std::set<std::string> urls;
    std::map<std::string, int> url_lines;
  };

  void PlanPage(const NetscapeFolder& folder, const std::string& title, const std::string& key) {
    PlannedPage page = NewPage(title, "p" + key, folder.add_date, folder.line);
    std::vector<std::string> path{title};
    if (!folder.bookmarks.empty()) {
      WidgetBuilder links = NewWidget(page, title, page_key_ + "\x1flinks", folder.add_date,
                                      folder.line, path);
      for (const NetscapeBookmark& bookmark : folder.bookmarks) {
        AddBookmark(links, bookmark, std::nullopt, path);
      }
      Finish(page, std::move(links));
    }
    std::map<std::string, int> seen;
    for (const NetscapeEntry& entry : folder.entries) {
      if (entry.kind != NetscapeEntry::Kind::kFolder) continue;
      const NetscapeFolder& sub = folder.folders[entry.index];
      std::string name = Name(sub.title, path, sub.line);
      std::vector<std::string> sub_path = path;
      sub_path.push_back(name);
      if (page.widgets.size() >= model::kMaxWidgetsPerPage) {
        Skip(sub, path, name, std::string(rule::kMaxCount),
             fmt::format("a page holds at most {} widgets; this folder and its {} bookmarks "
                         "were skipped",
                         model::kMaxWidgetsPerPage, CountBookmarks(sub)));
        continue;
      }
      WidgetBuilder widget = NewWidget(page, name, page_key_ + "/" + Segment(name, ++seen[name]),
                                       sub.add_date, sub.line, sub_path);
      FillWidget(widget, sub, std::nullopt, 0, sub_path);
      Finish(page, std::move(widget));
    }
    AddPage(std::move(page), CountBookmarks(folder));
  }

  // Adds `folder`'s bookmarks and subfolders to the widget, as children of `group` (absent:
  // the widget's top level) whose depth is `depth` (0 for the top level).
  void FillWidget(WidgetBuilder& widget, const NetscapeFolder& folder,
                  std::optional<std::size_t> group, int depth,
                  const std::vector<std::string>& path) {
    std::string group_key = group ? group_keys_[*group] : widget.key;
    std::map<std::string, int> seen;
    for (const NetscapeEntry& entry : folder.entries) {
      if (entry.kind == NetscapeEntry::Kind::kBookmark) {
        AddBookmark(widget, folder.bookmarks[entry.index], group, path);
        continue;
      }
      const NetscapeFolder& sub = folder.folders[entry.index];
      std::string name = Name(sub.title, path, sub.line);
      std::vector<std::string> sub_path = path;
      sub_path.push_back(name);
      std::string key = group_key + "/" + Segment(name, ++seen[name]);
      if (depth >= model::kMaxGroupDepth) {
        plan_.issues.push_back(ImportIssue{
            .kind = ImportIssue::Kind::kAdjusted,
            .line = sub.line,
            .path = JoinPath(path),
            .title = name,
            .url = "",
            .rule = std::string(rule::kMaxDepth),
            .message = fmt::format("groups nest at most {} deep; this folder's bookmarks were "
                                   "put in the enclosing group",
                                   model::kMaxGroupDepth)});
        // Flattened: its children go where its own entries would have gone. Keys stay
        // distinct because sub-folders keep their own path in `key` (via group_keys_ of the
        // enclosing group, which is unchanged; URLs are unique per widget anyway).
        FillWidget(widget, sub, group, depth, sub_path);
        continue;
      }
      PlannedGroup planned;
      planned.id = Id("group", key, sub.add_date);
      planned.name = name;
      planned.parent = group;
      planned.depth = depth + 1;
      planned.line = sub.line;
      widget.widget.groups.push_back(std::move(planned));
      std::size_t index = widget.widget.groups.size() - 1;
      if (group_keys_.size() <= index) group_keys_.resize(index + 1);
      group_keys_[index] = key;
      FillWidget(widget, sub, index, depth + 1, sub_path);
    }
  }

  void AddBookmark(WidgetBuilder& widget, const NetscapeBookmark& source,
                   std::optional<std::size_t> group, const std::vector<std::string>& path) {
    ++plan_.bookmarks_in_file;
    std::string url = model::TrimWhitespace(source.url);
    auto issue = [&](ImportIssue::Kind kind, std::string rule_id, std::string message) {
      plan_.issues.push_back(ImportIssue{.kind = kind,
                                         .line = source.line,
                                         .path = JoinPath(path),
                                         .title = source.title,
                                         .url = url,
                                         .rule = std::move(rule_id),
                                         .message = std::move(message)});
    };
    if (widget.urls.contains(url)) {
      issue(ImportIssue::Kind::kDuplicate, std::string(model::rule::kDuplicate),
            fmt::format("the same URL is already in this widget (line {})", widget.url_lines[url]));
      return;
    }
    PlannedBookmark planned;
    planned.line = source.line;
    planned.group = group;
    planned.url = url;
    planned.title = model::NormalizeWhitespace(StripControls(source.title, false));
    if (model::CodePointCount(planned.title) > model::kMaxBookmarkTitleChars) {
      planned.title = model::NormalizeWhitespace(
          model::TruncateCodePoints(planned.title, model::kMaxBookmarkTitleChars));
      issue(ImportIssue::Kind::kAdjusted, std::string(model::rule::kMaxLength),
            fmt::format("title cut to {} characters", model::kMaxBookmarkTitleChars));
    }
    planned.description = StripControls(source.description, true);
    if (model::CodePointCount(planned.description) > model::kMaxBookmarkDescriptionChars) {
      planned.description =
          model::TruncateCodePoints(planned.description, model::kMaxBookmarkDescriptionChars);
      issue(ImportIssue::Kind::kAdjusted, std::string(model::rule::kMaxLength),
            fmt::format("description cut to {} characters", model::kMaxBookmarkDescriptionChars));
    }
    if (!source.icon.empty()) {
      if (auto valid = model::ValidateBookmarkIcon(source.icon, "icon"); valid.ok()) {
        planned.icon = source.icon;
      } else {
        issue(ImportIssue::Kind::kAdjusted, valid.error().rule,
              "icon dropped: " + valid.error().message);
      }
    }
    std::set<std::string> tags;
    std::vector<std::string> kept;
    for (const std::string& raw : source.tags) {
      auto tag = model::NormalizeTag(raw, "tag");
      if (!tag.ok()) {
        issue(ImportIssue::Kind::kAdjusted, tag.error().rule,
              fmt::format("tag \"{}\" dropped: {}", raw, tag.error().message));
        continue;
      }
      if (!tags.insert(*tag).second) continue;
      if (kept.size() == model::kMaxTagsPerItem) {
        issue(ImportIssue::Kind::kAdjusted, std::string(model::rule::kMaxCount),
              fmt::format("tag \"{}\" dropped: at most {} tags per bookmark", *tag,
                          model::kMaxTagsPerItem));
        continue;
      }
      kept.push_back(*tag);
    }
    std::sort(kept.begin(), kept.end());
    planned.tags = std::move(kept);
    planned.id = Id("bookmark", widget.key + "\x1f" + url, source.add_date);

    // The entity rules, on the bookmark as it will be stored.
    model::Bookmark draft;
    draft.widget_id = widget.widget.id;
    draft.bookmark_id = planned.id;
    draft.user_id = std::string(user_id_);
    draft.page_id = draft.widget_id;
    draft.url = planned.url;
    draft.title = planned.title;
    draft.description = planned.description;
    draft.icon = planned.icon;
    draft.tags = planned.tags;
    draft.order_key = "V";
    draft.created_at = draft.updated_at = model::FormatTimestamp(import_time_);
    if (auto valid = draft.Validate(); !valid.ok()) {
      issue(ImportIssue::Kind::kSkipped, valid.error().rule, valid.error().message);
      return;
    }
    widget.urls.insert(url);
    widget.url_lines[url] = source.line;
    widget.widget.bookmarks.push_back(std::move(planned));
  }

  // A folder name as stored: control characters removed, whitespace normalised, "Untitled"
  // if nothing is left, cut to kMaxTitleChars (reported).
  std::string Name(std::string_view raw, const std::vector<std::string>& path, int line) {
    std::string name = model::NormalizeWhitespace(StripControls(raw, false));
    if (name.empty()) return std::string(kUntitled);
    if (model::CodePointCount(name) > model::kMaxTitleChars) {
      name = model::NormalizeWhitespace(model::TruncateCodePoints(name, model::kMaxTitleChars));
      plan_.issues.push_back(ImportIssue{
          .kind = ImportIssue::Kind::kAdjusted,
          .line = line,
          .path = JoinPath(path),
          .title = std::string(raw),
          .url = "",
          .rule = std::string(model::rule::kMaxLength),
          .message = fmt::format("folder name cut to {} characters", model::kMaxTitleChars)});
    }
    return name;
  }

  PlannedPage NewPage(std::string_view title, std::string key,
                      std::optional<std::int64_t> add_date, int line) {
    page_key_ = std::move(key);
    PlannedPage page;
    page.id = Id("page", page_key_, add_date);
    page.title = std::string(title);
    page.line = line;
    return page;
  }

  WidgetBuilder NewWidget(const PlannedPage& page, std::string_view title, std::string key,
                          std::optional<std::int64_t> add_date, int line,
                          const std::vector<std::string>& /*path*/) {
    WidgetBuilder builder;
    builder.key = std::move(key);
    builder.widget.id = Id("widget", builder.key, add_date);
    builder.widget.title = std::string(title);
    builder.widget.column = static_cast<int>(page.widgets.size() % kImportColumns);
    builder.widget.line = line;
    group_keys_.clear();
    return builder;
  }

  void Finish(PlannedPage& page, WidgetBuilder builder) {
    page.widgets.push_back(std::move(builder.widget));
  }

  void AddPage(PlannedPage page, std::size_t bookmark_count) {
    if (plan_.pages.size() >= max_pages_) {
      plan_.issues.push_back(PageSkipped(
          page, rule::kMaxCount,
          fmt::format("a user has at most {} pages; this folder and its {} bookmarks were "
                      "skipped",
                      model::kMaxPagesPerUser, bookmark_count)));
      return;
    }
    plan_.pages.push_back(std::move(page));
  }

  void Skip(const NetscapeFolder& folder, const std::vector<std::string>& path,
            std::string_view name, std::string rule_id, std::string message) {
    plan_.bookmarks_in_file += CountBookmarks(folder);
    plan_.issues.push_back(ImportIssue{.kind = ImportIssue::Kind::kSkipped,
                                       .line = folder.line,
                                       .path = JoinPath(path),
                                       .title = std::string(name),
                                       .url = "",
                                       .rule = std::move(rule_id),
                                       .message = std::move(message)});
  }

  std::string Id(std::string_view kind, std::string_view key,
                 std::optional<std::int64_t> add_date) const {
    return DeterministicId(IdMillis(add_date, import_time_), user_id_, kind, key);
  }

  std::string_view user_id_;
  model::Time import_time_;
  std::size_t max_pages_;
  ImportPlan plan_;
  std::string page_key_;
  // Keys of the current widget's groups, by index.
  std::vector<std::string> group_keys_;
};

}  // namespace

ImportPlan PlanImport(const NetscapeDocument& document, std::string_view user_id,
                      model::Time import_time, std::size_t max_pages) {
  return Planner(user_id, import_time, max_pages).Run(document);
}

ImportIssue PageSkipped(const PlannedPage& page, std::string_view rule_id, std::string message) {
  return ImportIssue{.kind = ImportIssue::Kind::kSkipped,
                     .line = page.line,
                     .path = "",
                     .title = page.title,
                     .url = "",
                     .rule = std::string(rule_id),
                     .message = std::move(message)};
}

}  // namespace homeboard::service::internal
