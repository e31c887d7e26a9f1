// Group: one item of the Groups table (docs/data-model.md, "Groups"): a folder of bookmarks
// inside a bookmarks widget, keyed by widget and group id. Groups nest through
// parent_group_id at most kMaxGroupDepth (8) deep; a top-level group has depth 1 and no
// parent. (Checking that the parent exists and has depth - 1 needs the parent item: that
// is the service's job; here depth and parent must merely agree.)
#ifndef HOMEBOARD_MODEL_GROUP_H_
#define HOMEBOARD_MODEL_GROUP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "model/error.h"

namespace homeboard::model {

struct Group {
  std::string widget_id;  // the bookmarks widget holding the group (partition key)
  std::string group_id;   // sort key
  std::string user_id;    // owner
  std::string page_id;    // the widget's page
  std::optional<std::string> parent_group_id;  // absent for a top-level group
  int depth = 1;                               // 1 (top level) .. kMaxGroupDepth
  std::string name;                            // 1-200 characters, one normalised line
  std::string order_key;                       // position among siblings
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;

  // Also: "inconsistent" (field depth) if depth is 1 with a parent or above 1 without one,
  // and (field parent_group_id) if the group is its own parent.
  [[nodiscard]] Status Validate() const;
  ddb::Item ToItem() const;
  [[nodiscard]] static Result<Group> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(widget_id, group_id); }
  static ddb::Item KeyOf(std::string_view widget_id, std::string_view group_id);

  friend bool operator==(const Group&, const Group&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_GROUP_H_
