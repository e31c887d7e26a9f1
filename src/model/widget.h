// Widget: one item of the Widgets table (docs/data-model.md, "Widgets"), keyed by page and
// widget id. A page's widgets are one Query on page_id.
#ifndef HOMEBOARD_MODEL_WIDGET_H_
#define HOMEBOARD_MODEL_WIDGET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/error.h"
#include "model/widget_settings.h"

namespace homeboard::model {

struct Widget {
  std::string page_id;    // partition key
  std::string widget_id;  // sort key
  std::string user_id;    // owner
  WidgetKind kind = WidgetKind::kBookmarks;
  std::string title;      // 1-200 characters, one normalised line
  int column = 0;         // 0-based, below kMaxColumns
  std::string order_key;  // position within the column
  ddb::Item settings;     // per kind, see widget_settings.h; not stored when empty
  // Normalised, distinct tags (see tag.h), at most 20; stored as a string set (absent when
  // empty). FromItem returns them sorted, as ToItem writes them.
  std::vector<std::string> tags;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;

  [[nodiscard]] Status Validate() const;
  ddb::Item ToItem() const;
  [[nodiscard]] static Result<Widget> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(page_id, widget_id); }
  static ddb::Item KeyOf(std::string_view page_id, std::string_view widget_id);

  friend bool operator==(const Widget&, const Widget&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_WIDGET_H_
