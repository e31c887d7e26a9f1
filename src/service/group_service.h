// GroupService: folders of bookmarks inside a bookmarks widget (docs/data-model.md,
// "Groups"): create, read, list as a tree, rename, move (reorder among siblings and/or change
// parent), delete with subgroups and their bookmarks.
//
// Nesting: a top-level group has depth 1; a group's depth is its parent's plus one, at most
// model::kMaxGroupDepth (8). A group's parent is always a group of the same widget that
// existed when the group was created or moved there, and a move under the group itself or one
// of its descendants is refused (rule "cycle"), so the parent links always form a forest:
// cycles cannot be built. A move that changes a group's depth rewrites its descendants'
// depth in the same transaction (so a subtree of at most 99 descendants can change depth).
//
// Identity: a group is addressed by (widget_id, group_id), the key of the Groups table;
// creating and listing also name the widget's page, to check the widget.
//
// Deleting a group deletes the bookmarks in it and in its subgroups (each with its tag
// associations, lowering the owner's counts in the same transaction), then the subgroups
// (deepest first), then the group, after checking the caller's version: a delete that stops
// half way leaves the group (at the same version) and Delete again finishes it.
//
// Ownership: a new group belongs to the widget's owner (widget.user_id), not necessarily the
// caller.
//
// Errors as in page_service.h; kLimitExceeded (rule "max_depth", field "parent_group_id") for
// nesting past 8; kInvalidArgument (rule "wrong_kind", field "widget_id") for a widget that
// is not a bookmarks widget.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_GROUP_SERVICE_H_
#define HOMEBOARD_SERVICE_GROUP_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/group.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

struct NewGroup {
  std::string name;                            // whitespace normalised before validation
  std::optional<std::string> parent_group_id;  // absent: a top-level group
  Placement placement;                         // among the parent's subgroups; default: last
};

// Where a group goes: under `parent_group_id` (absent: top level), placed among the new
// siblings.
struct GroupMove {
  std::optional<std::string> parent_group_id;
  Placement placement;
};

class GroupService {
 public:
  explicit GroupService(ServiceContext context) : context_(std::move(context)) {}

  [[nodiscard]] Result<model::Group> Create(const Caller& caller, std::string_view page_id,
                                            std::string_view widget_id,
                                            const NewGroup& group) const;

  [[nodiscard]] Result<model::Group> Get(const Caller& caller, std::string_view widget_id,
                                         std::string_view group_id) const;

  // The widget's groups in tree order: depth first, siblings by (order_key, group_id).
  [[nodiscard]] Result<std::vector<model::Group>> List(const Caller& caller,
                                                       std::string_view page_id,
                                                       std::string_view widget_id) const;

  [[nodiscard]] Result<model::Group> Rename(const Caller& caller, std::string_view widget_id,
                                            std::string_view group_id,
                                            std::int64_t expected_version,
                                            std::string_view name) const;

  [[nodiscard]] Result<model::Group> Move(const Caller& caller, std::string_view widget_id,
                                          std::string_view group_id, std::int64_t expected_version,
                                          const GroupMove& move) const;

  [[nodiscard]] Status Delete(const Caller& caller, std::string_view widget_id,
                              std::string_view group_id, std::int64_t expected_version) const;

 private:
  ServiceContext context_;
};

// The groups in tree order (see List). Groups whose parent is missing come after the tree,
// as if top level. Exposed for the page loader.
std::vector<model::Group> TreeOrder(std::vector<model::Group> groups);

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_GROUP_SERVICE_H_
