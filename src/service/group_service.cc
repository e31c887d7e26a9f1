// GroupService: nested groups, their order among siblings, moves that keep the tree acyclic
// and depths right, and the delete of a subtree with its bookmarks.
#include "service/group_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "model/attributes.h"
#include "model/bookmark.h"
#include "model/ids.h"
#include "model/limits.h"
#include "model/tables.h"
#include "model/text.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"
#include "service/internal/tag_ops.h"

namespace homeboard::service {
namespace {

using ddb::AttributeValue;
using ddb::Condition;
using ddb::Path;
using internal::ObjectRef;

ObjectRef GroupRef(const model::Group& group) {
  return ObjectRef{"group", "group_id", group.group_id};
}

// The groups under `parent` (nullopt: top level), `exclude_id` left out.
std::vector<model::Group> ChildrenOf(const std::vector<model::Group>& groups,
                                     const std::optional<std::string>& parent,
                                     std::string_view exclude_id) {
  std::vector<model::Group> children;
  for (const model::Group& g : groups) {
    if (g.parent_group_id == parent && g.group_id != exclude_id) children.push_back(g);
  }
  return children;
}

// `root` and every group below it, found by following parent links in `groups`.
std::vector<model::Group> Subtree(const std::vector<model::Group>& groups,
                                  const std::string& root) {
  std::set<std::string> members{root};
  std::vector<model::Group> subtree;
  // Depths only grow going down, so one pass in depth order sees every parent first.
  std::vector<model::Group> by_depth = groups;
  std::stable_sort(by_depth.begin(), by_depth.end(),
                   [](const model::Group& a, const model::Group& b) { return a.depth < b.depth; });
  for (const model::Group& g : by_depth) {
    if (g.group_id == root || (g.parent_group_id && members.contains(*g.parent_group_id))) {
      members.insert(g.group_id);
      subtree.push_back(g);
    }
  }
  return subtree;
}

const model::Group* FindGroup(const std::vector<model::Group>& groups, std::string_view id) {
  for (const model::Group& g : groups) {
    if (g.group_id == id) return &g;
  }
  return nullptr;
}

Error TooDeep(int depth) {
  return LimitExceeded(
      "parent_group_id", rule::kMaxDepth,
      fmt::format("parent_group_id: groups nest at most {} deep (this would be {})",
                  model::kMaxGroupDepth, depth));
}

}  // namespace

std::vector<model::Group> TreeOrder(std::vector<model::Group> groups) {
  internal::SortByOrderKey(groups,
                           [](const model::Group& g) -> const std::string& { return g.group_id; });
  std::map<std::string, std::vector<const model::Group*>> children;
  std::set<std::string> ids;
  for (const model::Group& g : groups) ids.insert(g.group_id);
  std::vector<const model::Group*> roots;
  for (const model::Group& g : groups) {
    if (g.parent_group_id && ids.contains(*g.parent_group_id)) {
      children[*g.parent_group_id].push_back(&g);
    } else {
      roots.push_back(&g);
    }
  }
  std::vector<model::Group> ordered;
  std::set<std::string> visited;
  std::function<void(const model::Group*)> visit = [&](const model::Group* g) {
    if (!visited.insert(g->group_id).second) return;
    ordered.push_back(*g);
    for (const model::Group* child : children[g->group_id]) visit(child);
  };
  // Roots with a parent (orphans) sort after the true top level.
  std::stable_partition(roots.begin(), roots.end(),
                        [](const model::Group* g) { return !g->parent_group_id.has_value(); });
  for (const model::Group* root : roots) visit(root);
  return ordered;
}

Result<model::Group> GroupService::Create(const Caller& caller, std::string_view page_id,
                                          std::string_view widget_id, const NewGroup& input) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(page_id, "page_id"); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(widget_id, "widget_id"); !s.ok()) return std::move(s).error();
  if (input.parent_group_id) {
    if (Status s = internal::CheckId(*input.parent_group_id, "parent_group_id"); !s.ok()) {
      return std::move(s).error();
    }
  }
  if (Status s = internal::CheckPlacement(input.placement); !s.ok()) return std::move(s).error();
  model::Time now = context_.now();
  model::Group group;
  group.widget_id = std::string(widget_id);
  group.group_id = model::NewId(now);
  group.user_id = caller.user_id;
  group.page_id = std::string(page_id);
  group.parent_group_id = input.parent_group_id;
  group.depth = input.parent_group_id ? 2 : 1;  // checked against the parent below
  group.name = model::NormalizeWhitespace(input.name);
  group.order_key = "V";
  group.created_at = group.updated_at = model::FormatTimestamp(now);
  group.version = 1;
  if (Status s = internal::CheckValid(group.Validate()); !s.ok()) return std::move(s).error();

  Result<model::Widget> widget =
      internal::LoadContainer(context_, caller, page_id, widget_id, model::WidgetKind::kBookmarks);
  if (!widget.ok()) return std::move(widget).error();
  // The widget's owner owns what is put in it (the caller may be someone it is shared with).
  group.user_id = widget->user_id;
  Result<std::vector<model::Group>> groups = internal::QueryGroups(context_, widget_id);
  if (!groups.ok()) return std::move(groups).error();
  std::vector<internal::ConditionCheck> checks;
  std::string table = context_.Table(model::kGroupsTable);
  if (group.parent_group_id) {
    const model::Group* parent = FindGroup(*groups, *group.parent_group_id);
    if (parent == nullptr) return NotFound("parent_group_id", "group", *group.parent_group_id);
    group.depth = parent->depth + 1;
    if (group.depth > model::kMaxGroupDepth) return TooDeep(group.depth);
    // The parent must still be there when the group is written.
    checks.push_back(internal::GroupExists(context_, *parent, "parent_group_id"));
  }
  Result<internal::OrderPlan> plan = internal::PlanPlacement(
      internal::SiblingsOf(ChildrenOf(*groups, group.parent_group_id, "")), input.placement);
  if (!plan.ok()) return std::move(plan).error();
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, group.created_at); !s.ok()) {
    return std::move(s).error();
  }
  group.order_key = plan->order_key;
  if (Status s = internal::CreateItemChecked(context_, table, group.Key(), group.ToItem(), checks,
                                             GroupRef(group));
      !s.ok()) {
    return std::move(s).error();
  }
  return group;
}

Result<model::Group> GroupService::Get(const Caller& caller, std::string_view widget_id,
                                       std::string_view group_id) const {
  return internal::LoadGroup(context_, caller, widget_id, group_id, Access::kView);
}

Result<std::vector<model::Group>> GroupService::List(const Caller& caller, std::string_view page_id,
                                                     std::string_view widget_id) const {
  Result<model::Widget> widget =
      internal::LoadWidget(context_, caller, page_id, widget_id, Access::kView);
  if (!widget.ok()) return std::move(widget).error();
  Result<std::vector<model::Group>> groups = internal::QueryGroups(context_, widget_id);
  if (!groups.ok()) return groups;
  return TreeOrder(std::move(groups).value());
}

Result<model::Group> GroupService::Rename(const Caller& caller, std::string_view widget_id,
                                          std::string_view group_id, std::int64_t expected_version,
                                          std::string_view name) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  Result<model::Group> group =
      internal::LoadGroup(context_, caller, widget_id, group_id, Access::kEdit);
  if (!group.ok()) return group;
  model::Group renamed = *group;
  renamed.name = model::NormalizeWhitespace(name);
  if (Status s = internal::CheckValid(renamed.Validate()); !s.ok()) return std::move(s).error();
  if (group->version != expected_version) {
    return StaleVersion("group", expected_version, group->version);
  }
  renamed.version = expected_version + 1;
  renamed.updated_at = internal::NowTimestamp(context_);
  Result<ddb::Item> stored = internal::ReplaceVersioned(
      context_, context_.Table(model::kGroupsTable), group->Key(), group->ToItem(),
      renamed.ToItem(), expected_version, GroupRef(*group));
  if (!stored.ok()) return std::move(stored).error();
  return renamed;
}

Result<model::Group> GroupService::Move(const Caller& caller, std::string_view widget_id,
                                        std::string_view group_id, std::int64_t expected_version,
                                        const GroupMove& move) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  if (move.parent_group_id) {
    if (Status s = internal::CheckId(*move.parent_group_id, "parent_group_id"); !s.ok()) {
      return std::move(s).error();
    }
  }
  if (Status s = internal::CheckPlacement(move.placement); !s.ok()) return std::move(s).error();
  Result<model::Group> group =
      internal::LoadGroup(context_, caller, widget_id, group_id, Access::kEdit);
  if (!group.ok()) return group;
  if (group->version != expected_version) {
    return StaleVersion("group", expected_version, group->version);
  }
  Result<std::vector<model::Group>> groups = internal::QueryGroups(context_, widget_id);
  if (!groups.ok()) return std::move(groups).error();
  std::vector<model::Group> subtree = Subtree(*groups, group->group_id);
  int new_depth = 1;
  if (move.parent_group_id) {
    const model::Group* parent = FindGroup(*groups, *move.parent_group_id);
    if (parent == nullptr) return NotFound("parent_group_id", "group", *move.parent_group_id);
    bool inside = std::any_of(subtree.begin(), subtree.end(), [&](const model::Group& g) {
      return g.group_id == parent->group_id;
    });
    if (inside) {
      return InvalidArgument("parent_group_id", rule::kCycle,
                             fmt::format("parent_group_id: group {} is inside group {}; a group "
                                         "cannot move into itself",
                                         parent->group_id, group->group_id));
    }
    new_depth = parent->depth + 1;
  }
  int height = 0;  // levels below the group
  for (const model::Group& g : subtree) height = std::max(height, g.depth - group->depth);
  if (new_depth + height > model::kMaxGroupDepth) return TooDeep(new_depth + height);
  int shift = new_depth - group->depth;
  std::vector<model::Group> descendants(subtree.begin() + 1, subtree.end());
  if (shift != 0 && descendants.size() + 1 > store::kMaxTransactActions) {
    return LimitExceeded("group_id", rule::kMaxCount,
                         fmt::format("group_id: a group with more than {} subgroups cannot "
                                     "change depth",
                                     store::kMaxTransactActions - 1));
  }

  Result<internal::OrderPlan> plan = internal::PlanPlacement(
      internal::SiblingsOf(ChildrenOf(*groups, move.parent_group_id, group->group_id)),
      move.placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string table = context_.Table(model::kGroupsTable);
  std::string now = internal::NowTimestamp(context_);
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, now); !s.ok()) {
    return std::move(s).error();
  }
  model::Group moved = *group;
  moved.parent_group_id = move.parent_group_id;
  moved.depth = new_depth;
  moved.order_key = plan->order_key;
  moved.version = expected_version + 1;
  moved.updated_at = now;
  // Descendants' depths move with the group, in the same transaction; each is conditional on
  // the version read, so a descendant moved meanwhile fails the move instead of getting a
  // wrong depth. Depth is derived, so their versions stay.
  std::vector<store::TransactAction> extra;
  if (shift != 0) {
    for (const model::Group& d : descendants) {
      extra.push_back(store::TransactAction{
          .kind = store::TransactAction::Kind::kUpdate,
          .table = table,
          .item = d.Key(),
          .update =
              ddb::Update().Set(Path(model::attr::kDepth), AttributeValue::N(d.depth + shift)),
          .condition = Condition::Equal(Path(model::attr::kVersion), AttributeValue::N(d.version)),
      });
    }
  }
  Error subgroup_changed{Error::Code::kConflict, "group_id", std::string(rule::kStaleVersion),
                         "group_id: a subgroup changed during the move; re-read and retry"};
  Result<ddb::Item> stored = internal::ReplaceVersionedWith(
      context_, table, group->Key(), group->ToItem(), moved.ToItem(), expected_version,
      GroupRef(*group), std::move(extra), subgroup_changed);
  if (!stored.ok()) return std::move(stored).error();
  return moved;
}

Status GroupService::Delete(const Caller& caller, std::string_view widget_id,
                            std::string_view group_id, std::int64_t expected_version) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return s;
  Result<model::Group> group =
      internal::LoadGroup(context_, caller, widget_id, group_id, Access::kEdit);
  if (!group.ok()) return std::move(group).error();
  if (group->version != expected_version) {
    return StaleVersion("group", expected_version, group->version);
  }
  Result<std::vector<model::Group>> groups = internal::QueryGroups(context_, widget_id);
  if (!groups.ok()) return std::move(groups).error();
  std::vector<model::Group> subtree = Subtree(*groups, group->group_id);
  std::set<std::string> members;
  for (const model::Group& g : subtree) members.insert(g.group_id);

  Result<std::vector<model::Bookmark>> bookmarks = internal::QueryBookmarks(
      context_, widget_id, Condition::AttributeExists(Path(model::attr::kGroupId)));
  if (!bookmarks.ok()) return std::move(bookmarks).error();
  // With their tag associations and counts, item by item atomically (internal/tag_ops.h).
  std::vector<internal::TaggedRecord> records;
  for (const model::Bookmark& b : *bookmarks) {
    if (b.group_id && members.contains(*b.group_id)) records.push_back(internal::RecordOf(b));
  }
  if (Status s = internal::DeleteTaggedItems(context_, records); !s.ok()) return s;

  // Subgroups deepest first, the group itself last: until the end, the group is there for a
  // re-run to find.
  std::vector<store::BatchWrite> writes;
  std::string groups_table = context_.Table(model::kGroupsTable);
  for (auto it = subtree.rbegin(); it != subtree.rend(); ++it) {
    if (it->group_id == group->group_id) continue;
    writes.push_back(store::BatchWrite{
        .table = groups_table, .kind = store::BatchWrite::Kind::kDelete, .item = it->Key()});
  }
  if (Status s = internal::BatchWriteAll(context_, writes); !s.ok()) return s;
  return internal::DeleteIfPresent(context_, groups_table, group->Key());
}

}  // namespace homeboard::service
