// Page: one item of the Pages table (docs/data-model.md, "Pages"), keyed by owner and page id.
// A user's pages are one Query on user_id, ordered by order_key in memory.
#ifndef HOMEBOARD_MODEL_PAGE_H_
#define HOMEBOARD_MODEL_PAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "model/error.h"

namespace homeboard::model {

struct Page {
  std::string user_id;    // owner ULID (partition key)
  std::string page_id;    // ULID (sort key)
  std::string title;      // 1-200 characters, one normalised line
  std::string order_key;  // position among the owner's pages
  // Set once a cascading delete has started; such a page is invisible to reads and is
  // finished by the next reader. Stored only when true.
  bool deleting = false;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;

  [[nodiscard]] Status Validate() const;
  ddb::Item ToItem() const;
  [[nodiscard]] static Result<Page> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(user_id, page_id); }
  static ddb::Item KeyOf(std::string_view user_id, std::string_view page_id);

  friend bool operator==(const Page&, const Page&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_PAGE_H_
