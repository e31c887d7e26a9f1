// Bookmark: one item of the Bookmarks table (docs/data-model.md, "Bookmarks"), keyed by
// widget and bookmark id; UserBookmarksIndex (user_id, created_at) lists a user's bookmarks.
#ifndef HOMEBOARD_MODEL_BOOKMARK_H_
#define HOMEBOARD_MODEL_BOOKMARK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/error.h"

namespace homeboard::model {

// OK if `icon` is a favicon we may store and later put in <img src>: either an http(s) URL
// (ValidateHttpUrl, at most kMaxUrlBytes) or a data URI kept from an import,
// "data:image/<type>;base64,<strict base64>" of at most kMaxIconBytes in all, where <type>
// is png, gif, jpeg, webp, avif, bmp, x-icon or vnd.microsoft.icon ("data:" and the media
// type in any case). SVG is refused: it is a document format that can carry script. Rules:
// "max_length", "pattern" (data URI shape or type), "url_scheme", ... naming `field`.
[[nodiscard]] Status ValidateBookmarkIcon(std::string_view icon, std::string_view field = "icon");

struct Bookmark {
  std::string widget_id;                // partition key
  std::string bookmark_id;              // sort key
  std::string user_id;                  // owner (UserBookmarksIndex partition key)
  std::string page_id;                  // the widget's page
  std::optional<std::string> group_id;  // absent when not in a group
  std::string url;                      // http(s), at most 2,048 bytes, stored as typed
  std::string title;                // 0-500 characters, one normalised line; not stored when empty
  std::string description;          // 0-4,000 characters, free text; not stored when empty
  std::optional<std::string> icon;  // see ValidateBookmarkIcon
  std::vector<std::string> tags;    // normalised, distinct, at most 20; sorted by FromItem
  std::string order_key;            // position within the widget or group
  std::string created_at;           // UserBookmarksIndex sort key
  std::string updated_at;
  std::int64_t version = 1;

  [[nodiscard]] Status Validate() const;
  ddb::Item ToItem() const;
  [[nodiscard]] static Result<Bookmark> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(widget_id, bookmark_id); }
  static ddb::Item KeyOf(std::string_view widget_id, std::string_view bookmark_id);

  friend bool operator==(const Bookmark&, const Bookmark&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_BOOKMARK_H_
