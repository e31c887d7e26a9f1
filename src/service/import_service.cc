// ImportService: matches a planned import (internal/import_plan.h) against what the user
// already has, then writes what is missing, containers first (pages, widgets, groups),
// bookmarks next (BookmarkService::AddMany), tags last.
#include "service/import_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/ids.h"
#include "model/limits.h"
#include "model/tables.h"
#include "model/timestamp.h"
#include "service/bookmark_service.h"
#include "service/internal/import_ids.h"
#include "service/internal/import_plan.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"
#include "service/page_service.h"

namespace homeboard::service {
namespace {

using internal::IdSuffix;
using internal::PlannedBookmark;
using internal::PlannedGroup;
using internal::PlannedPage;
using internal::PlannedWidget;

// Bookmarks per AddMany call: each call re-reads the widget, so a huge widget is written in
// a few large steps (and progress moves between them).
constexpr std::size_t kAddManyChunk = 2000;

// created_at / updated_at of an imported object: the time in its id.
std::string IdTimestamp(std::string_view id) {
  std::optional<model::Time> time = model::IdTime(id);
  return model::FormatTimestamp(time.value_or(model::Time{}));
}

template <typename Entity, typename IdOf>
std::map<std::string, Entity, std::less<>> BySuffix(const std::vector<Entity>& entities,
                                                    IdOf id_of) {
  std::map<std::string, Entity, std::less<>> out;
  for (const Entity& entity : entities) {
    out.emplace(std::string(IdSuffix(id_of(entity))), entity);
  }
  return out;
}

// The running state of one import.
class ImportRun {
 public:
  ImportRun(const ServiceContext& context, const Caller& caller, const TagWriter* tags,
            const ImportOptions& options)
      : context_(context), caller_(caller), tags_(tags), options_(options) {}

  Result<ImportReport> Run(const NetscapeDocument& document) {
    if (Status s = internal::CheckCaller(caller_); !s.ok()) return std::move(s).error();
    // A page left half-deleted could share an id with a page planned here; finish it first.
    if (Status s = PageService(context_).FinishPendingDeletes(caller_); !s.ok()) {
      return std::move(s).error();
    }
    Result<std::vector<model::Page>> existing = internal::QueryPages(context_, caller_.user_id);
    if (!existing.ok()) return std::move(existing).error();
    std::erase_if(*existing, [](const model::Page& p) { return p.deleting; });

    internal::ImportPlan plan =
        internal::PlanImport(document, caller_.user_id, context_.now(), model::kMaxPagesPerUser);
    report_.bookmarks_in_file = plan.bookmarks_in_file;
    report_.issues = std::move(plan.issues);
    for (const PlannedPage& page : plan.pages) {
      for (const PlannedWidget& widget : page.widgets) total_ += widget.bookmarks.size();
    }

    if (Status s = WritePages(plan.pages, *existing); !s.ok()) return std::move(s).error();
    if (Status s = WriteWidgets(); !s.ok()) return std::move(s).error();
    if (Status s = WriteGroups(); !s.ok()) return std::move(s).error();
    if (Status s = WriteBookmarks(); !s.ok()) return std::move(s).error();
    if (Status s = WriteTags(); !s.ok()) return std::move(s).error();

    for (const ImportIssue& issue : report_.issues) {
      switch (issue.kind) {
        case ImportIssue::Kind::kSkipped: ++report_.skipped; break;
        case ImportIssue::Kind::kDuplicate: ++report_.duplicates; break;
        case ImportIssue::Kind::kAdjusted: ++report_.adjusted; break;
      }
    }
    return std::move(report_);
  }

 private:
  // A planned widget with the ids it resolved to.
  struct WidgetTarget {
    const PlannedWidget* plan = nullptr;
    std::string page_id;
    std::string widget_id;
    bool existed = false;
    std::vector<std::optional<std::string>> group_ids;  // actual id per planned group
  };

  void Progress(std::string_view phase) {
    if (options_.progress) {
      options_.progress(ImportProgress{.phase = phase, .bookmarks_total = total_,
                                       .bookmarks_done = done_});
    }
  }

  void SkipPage(const PlannedPage& page, std::string message) {
    std::size_t count = 0;
    for (const PlannedWidget& widget : page.widgets) count += widget.bookmarks.size();
    total_ -= count;
    report_.issues.push_back(internal::PageSkipped(
        page, rule::kMaxCount, fmt::format("{}; this folder and its {} bookmarks were skipped",
                                           message, count)));
  }

  Status WritePages(const std::vector<PlannedPage>& pages, std::vector<model::Page>& existing) {
    auto matched = BySuffix(existing, [](const model::Page& p) { return p.page_id; });
    std::vector<const PlannedPage*> kept;
    std::set<std::string, std::less<>> planned_suffixes;
    std::size_t room = model::kMaxPagesPerUser - std::min(model::kMaxPagesPerUser, existing.size());
    for (const PlannedPage& page : pages) {
      if (matched.contains(IdSuffix(page.id))) {
        kept.push_back(&page);
        planned_suffixes.insert(std::string(IdSuffix(page.id)));
        continue;
      }
      if (room == 0) {
        SkipPage(page, fmt::format("a user has at most {} pages", model::kMaxPagesPerUser));
        continue;
      }
      --room;
      kept.push_back(&page);
    }
    // Keys for every planned page after the user's other pages, the same whether or not an
    // earlier run already wrote some of them (only the missing ones are written).
    std::vector<model::Page> others;
    for (const model::Page& p : existing) {
      if (!planned_suffixes.contains(IdSuffix(p.page_id))) others.push_back(p);
    }
    Result<std::vector<std::string>> keys =
        internal::PlanAppend(internal::SiblingsOf(others), kept.size());
    if (!keys.ok()) return std::move(keys).error();
    std::vector<store::BatchWrite> writes;
    std::string table = context_.Table(model::kPagesTable);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      const PlannedPage& planned = *kept[i];
      if (auto it = matched.find(IdSuffix(planned.id)); it != matched.end()) {
        page_targets_.push_back({&planned, it->second.page_id, true});
        continue;
      }
      page_targets_.push_back({&planned, planned.id, false});
      model::Page page;
      page.user_id = caller_.user_id;
      page.page_id = planned.id;
      page.title = planned.title;
      page.order_key = (*keys)[i];
      page.created_at = page.updated_at = IdTimestamp(page.page_id);
      page.version = 1;
      if (Status s = internal::CheckValid(page.Validate()); !s.ok()) return s;
      writes.push_back({.table = table, .kind = store::BatchWrite::Kind::kPut, .item = page.ToItem()});
      ++report_.pages_added;
    }
    if (Status s = internal::BatchWriteAll(context_, writes); !s.ok()) return s;
    Progress("pages");
    return {};
  }

  Status WriteWidgets() {
    std::vector<store::BatchWrite> writes;
    std::string table = context_.Table(model::kWidgetsTable);
    for (const PageTarget& page : page_targets_) {
      std::vector<model::Widget> existing;
      if (page.existed) {
        Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context_, page.page_id);
        if (!widgets.ok()) return std::move(widgets).error();
        existing = std::move(widgets).value();
      }
      auto matched = BySuffix(existing, [](const model::Widget& w) { return w.widget_id; });
      std::size_t room =
          model::kMaxWidgetsPerPage - std::min(model::kMaxWidgetsPerPage, existing.size());
      std::set<std::string, std::less<>> planned_suffixes;
      // Planned widgets kept, per column, in file order.
      std::map<int, std::vector<const PlannedWidget*>> by_column;
      for (const PlannedWidget& widget : page.plan->widgets) {
        auto it = matched.find(IdSuffix(widget.id));
        if (it != matched.end() && it->second.kind == model::WidgetKind::kBookmarks) {
          planned_suffixes.insert(std::string(IdSuffix(widget.id)));
          by_column[widget.column].push_back(&widget);
          continue;
        }
        if (room == 0) {
          total_ -= widget.bookmarks.size();
          report_.issues.push_back(ImportIssue{
              .kind = ImportIssue::Kind::kSkipped,
              .line = widget.line,
              .path = page.plan->title,
              .title = widget.title,
              .url = "",
              .rule = std::string(rule::kMaxCount),
              .message = fmt::format("a page holds at most {} widgets; this folder and its {} "
                                     "bookmarks were skipped",
                                     model::kMaxWidgetsPerPage, widget.bookmarks.size())});
          continue;
        }
        --room;
        by_column[widget.column].push_back(&widget);
      }
      for (const auto& [column, planned] : by_column) {
        std::vector<model::Widget> others;
        for (const model::Widget& w : existing) {
          if (w.column == column && !planned_suffixes.contains(IdSuffix(w.widget_id))) {
            others.push_back(w);
          }
        }
        Result<std::vector<std::string>> keys =
            internal::PlanAppend(internal::SiblingsOf(others), planned.size());
        if (!keys.ok()) return std::move(keys).error();
        for (std::size_t i = 0; i < planned.size(); ++i) {
          const PlannedWidget& widget = *planned[i];
          if (auto it = matched.find(IdSuffix(widget.id)); it != matched.end()) {
            widget_targets_.push_back({&widget, page.page_id, it->second.widget_id, true, {}});
            continue;
          }
          widget_targets_.push_back({&widget, page.page_id, widget.id, false, {}});
          model::Widget created;
          created.page_id = page.page_id;
          created.widget_id = widget.id;
          created.user_id = caller_.user_id;
          created.kind = model::WidgetKind::kBookmarks;
          created.title = widget.title;
          created.column = widget.column;
          created.order_key = (*keys)[i];
          created.created_at = created.updated_at = IdTimestamp(widget.id);
          created.version = 1;
          if (Status s = internal::CheckValid(created.Validate()); !s.ok()) return s;
          writes.push_back(
              {.table = table, .kind = store::BatchWrite::Kind::kPut, .item = created.ToItem()});
          ++report_.widgets_added;
        }
      }
    }
    if (Status s = internal::BatchWriteAll(context_, writes); !s.ok()) return s;
    Progress("widgets");
    return {};
  }

  Status WriteGroups() {
    std::vector<store::BatchWrite> writes;
    std::string table = context_.Table(model::kGroupsTable);
    for (WidgetTarget& target : widget_targets_) {
      const PlannedWidget& widget = *target.plan;
      std::vector<model::Group> existing;
      if (target.existed) {
        Result<std::vector<model::Group>> groups = internal::QueryGroups(context_, target.widget_id);
        if (!groups.ok()) return std::move(groups).error();
        existing = std::move(groups).value();
      }
      auto matched = BySuffix(existing, [](const model::Group& g) { return g.group_id; });
      std::set<std::string, std::less<>> planned_suffixes;
      for (const PlannedGroup& group : widget.groups) {
        if (matched.contains(IdSuffix(group.id))) {
          planned_suffixes.insert(std::string(IdSuffix(group.id)));
        }
      }
      std::map<std::string, int> depth_of;
      for (const model::Group& g : existing) depth_of[g.group_id] = g.depth;
      // Planned groups (matched or new) by the actual id of their parent ("": top level).
      std::map<std::string, std::vector<std::size_t>> by_parent;
      std::vector<std::optional<model::Group>> created(widget.groups.size());
      target.group_ids.assign(widget.groups.size(), std::nullopt);
      for (std::size_t i = 0; i < widget.groups.size(); ++i) {
        const PlannedGroup& group = widget.groups[i];
        std::optional<std::string> parent;
        if (group.parent) parent = target.group_ids[*group.parent];
        if (auto it = matched.find(IdSuffix(group.id)); it != matched.end()) {
          target.group_ids[i] = it->second.group_id;
          by_parent[parent.value_or("")].push_back(i);
          continue;
        }
        int depth = parent ? depth_of[*parent] + 1 : 1;
        if (depth > model::kMaxGroupDepth) {
          // Only if a person moved a matched group deeper since the last import.
          target.group_ids[i] = parent;
          continue;
        }
        model::Group fresh;
        fresh.widget_id = target.widget_id;
        fresh.group_id = group.id;
        fresh.user_id = caller_.user_id;
        fresh.page_id = target.page_id;
        fresh.parent_group_id = parent;
        fresh.depth = depth;
        fresh.name = group.name;
        fresh.created_at = fresh.updated_at = IdTimestamp(group.id);
        fresh.version = 1;
        depth_of[fresh.group_id] = depth;
        target.group_ids[i] = fresh.group_id;
        created[i] = std::move(fresh);
        by_parent[parent.value_or("")].push_back(i);
      }
      for (const auto& [parent, members] : by_parent) {
        std::vector<model::Group> others;
        for (const model::Group& g : existing) {
          if (g.parent_group_id.value_or("") == parent &&
              !planned_suffixes.contains(IdSuffix(g.group_id))) {
            others.push_back(g);
          }
        }
        Result<std::vector<std::string>> keys =
            internal::PlanAppend(internal::SiblingsOf(others), members.size());
        if (!keys.ok()) return std::move(keys).error();
        for (std::size_t k = 0; k < members.size(); ++k) {
          std::optional<model::Group>& group = created[members[k]];
          if (!group) continue;
          group->order_key = (*keys)[k];
          if (Status s = internal::CheckValid(group->Validate()); !s.ok()) return s;
          writes.push_back(
              {.table = table, .kind = store::BatchWrite::Kind::kPut, .item = group->ToItem()});
          ++report_.groups_added;
        }
      }
    }
    if (Status s = internal::BatchWriteAll(context_, writes); !s.ok()) return s;
    Progress("groups");
    return {};
  }

  Status WriteBookmarks() {
    BookmarkService bookmarks(context_);
    for (const WidgetTarget& target : widget_targets_) {
      const PlannedWidget& widget = *target.plan;
      std::vector<model::Bookmark> existing;
      if (target.existed) {
        Result<std::vector<model::Bookmark>> stored =
            internal::QueryBookmarks(context_, target.widget_id);
        if (!stored.ok()) return std::move(stored).error();
        existing = std::move(stored).value();
      }
      auto matched = BySuffix(existing, [](const model::Bookmark& b) { return b.bookmark_id; });
      // Bookmarks of an earlier, interrupted run that nobody has touched since (version 1,
      // no tags: tags are only set once every bookmark is written) are written again with
      // the rest, so the widget ends exactly as an uninterrupted import leaves it. Once one
      // has been edited, only the missing ones are added, after their siblings.
      bool pristine = true;
      std::vector<BatchBookmark> all;
      std::vector<BatchBookmark> missing;
      for (const PlannedBookmark& planned : widget.bookmarks) {
        BatchBookmark batch{.bookmark_id = planned.id,
                            .url = planned.url,
                            .title = planned.title,
                            .description = planned.description,
                            .icon = planned.icon,
                            .group_id = std::nullopt};
        if (planned.group) batch.group_id = target.group_ids[*planned.group];
        auto it = matched.find(IdSuffix(planned.id));
        if (it != matched.end()) {
          const model::Bookmark& found = it->second;
          batch.bookmark_id = found.bookmark_id;
          pristine = pristine && found.version == 1 && found.tags.empty();
          ++report_.bookmarks_existing;
          if (found.version == 1 && found.tags.empty() && !planned.tags.empty()) {
            pending_tags_.push_back({target.widget_id, found.bookmark_id, planned.tags});
          }
        } else {
          missing.push_back(batch);
          if (!planned.tags.empty()) {
            pending_tags_.push_back({target.widget_id, batch.bookmark_id, planned.tags});
          }
        }
        all.push_back(std::move(batch));
      }
      done_ += widget.bookmarks.size() - missing.size();
      if (missing.empty()) continue;
      const std::vector<BatchBookmark>& batch = pristine ? all : missing;
      std::size_t rewritten = batch.size() - missing.size();
      report_.bookmarks_existing -= rewritten;
      done_ -= rewritten;
      for (std::size_t begin = 0; begin < batch.size(); begin += kAddManyChunk) {
        std::size_t end = std::min(batch.size(), begin + kAddManyChunk);
        std::vector<BatchBookmark> part(batch.begin() + static_cast<std::ptrdiff_t>(begin),
                                        batch.begin() + static_cast<std::ptrdiff_t>(end));
        Result<std::vector<model::Bookmark>> added =
            bookmarks.AddMany(caller_, target.page_id, target.widget_id, part);
        if (!added.ok()) return std::move(added).error();
        done_ += part.size();
        report_.bookmarks_added += part.size();
        Progress("bookmarks");
      }
    }
    Progress("bookmarks");
    return {};
  }

  Status WriteTags() {
    if (pending_tags_.empty() || tags_ == nullptr) return {};
    Result<std::size_t> changed = tags_->Apply(caller_, pending_tags_);
    if (!changed.ok()) return std::move(changed).error();
    report_.tagged = *changed;
    Progress("tags");
    return {};
  }

  struct PageTarget {
    const PlannedPage* plan = nullptr;
    std::string page_id;
    bool existed = false;
  };

  const ServiceContext& context_;
  const Caller& caller_;
  const TagWriter* tags_;
  const ImportOptions& options_;
  ImportReport report_;
  std::size_t total_ = 0;
  std::size_t done_ = 0;
  std::vector<PageTarget> page_targets_;
  std::vector<WidgetTarget> widget_targets_;
  std::vector<ImportedTags> pending_tags_;
};

}  // namespace

std::string_view ImportIssueKindName(ImportIssue::Kind kind) {
  switch (kind) {
    case ImportIssue::Kind::kSkipped: return "skipped";
    case ImportIssue::Kind::kDuplicate: return "duplicate";
    case ImportIssue::Kind::kAdjusted: return "adjusted";
  }
  return "skipped";
}

ImportService::ImportService(ServiceContext context, std::unique_ptr<TagWriter> tags)
    : context_(std::move(context)) {
  tags_ = tags ? std::shared_ptr<TagWriter>(std::move(tags)) : NewTagServiceWriter(context_);
}

Result<ImportReport> ImportService::ImportNetscape(const Caller& caller,
                                                   const NetscapeDocument& document,
                                                   const ImportOptions& options) const {
  return ImportRun(context_, caller, tags_.get(), options).Run(document);
}

}  // namespace homeboard::service
