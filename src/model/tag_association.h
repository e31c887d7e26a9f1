// The two kinds of item in the TagAssociations table (docs/data-model.md,
// "TagAssociations"): TagAssociation, one per (tagged item, tag), keyed by item_ref
// "<type>#<item id>" and tag, with user_tag "<user id>#<tag>" as the TagItemsIndex
// partition; and TagCount, one per (user, tag), keyed by "tags#<user id>" and tag, without
// user_tag, so the index stays sparse. Tags contain no '#' (tag.h) and ids are ULIDs, so
// every key part can be split unambiguously.
#ifndef HOMEBOARD_MODEL_TAG_ASSOCIATION_H_
#define HOMEBOARD_MODEL_TAG_ASSOCIATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "ddb/attribute_value.h"
#include "model/error.h"

namespace homeboard::model {

// What a tag can be attached to.
enum class TaggedType { kBookmark, kNote, kWidget };

// "bookmark", "note", "widget".
std::string_view TaggedTypeName(TaggedType type);
[[nodiscard]] Result<TaggedType> ParseTaggedType(std::string_view name,
                                                 std::string_view field = "type");

// "<type>#<item_id>", e.g. "bookmark#01J...".
std::string ItemRef(TaggedType type, std::string_view item_id);
// The parts of an item ref; rule "pattern" naming `field` unless it is "<type>#<ulid>".
[[nodiscard]] Result<std::pair<TaggedType, std::string>> ParseItemRef(
    std::string_view item_ref, std::string_view field = "item_ref");
// "<user_id>#<tag>", the TagItemsIndex partition key of the user's items with that tag.
std::string UserTag(std::string_view user_id, std::string_view tag);
// "tags#<user_id>", the partition holding the user's tag counts.
std::string TagCountRef(std::string_view user_id);

struct TagAssociation {
  TaggedType item_type = TaggedType::kBookmark;
  std::string item_id;  // ULID of the bookmark, note or widget
  std::string tag;      // normalised tag (sort key)
  std::string user_id;  // owner of the item
  // The rest of the item's key: the widget id for bookmarks and notes, the page id for
  // widgets, so the item can be fetched from the association alone.
  std::string container_id;
  std::string created_at;

  std::string item_ref() const { return ItemRef(item_type, item_id); }

  [[nodiscard]] Status Validate() const;
  // item_ref, tag, user_id, user_tag, container_id, created_at.
  ddb::Item ToItem() const;
  // "corrupt" also when item_ref cannot be parsed or user_tag disagrees with user_id#tag.
  [[nodiscard]] static Result<TagAssociation> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(item_type, item_id, tag); }
  static ddb::Item KeyOf(TaggedType item_type, std::string_view item_id, std::string_view tag);

  friend bool operator==(const TagAssociation&, const TagAssociation&) = default;
};

struct TagCount {
  std::string user_id;
  std::string tag;         // normalised tag (sort key)
  std::int64_t count = 0;  // associations carrying the tag: 0..kMaxVersion

  [[nodiscard]] Status Validate() const;
  // item_ref = "tags#<user_id>", tag, count, user_id.
  ddb::Item ToItem() const;
  [[nodiscard]] static Result<TagCount> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(user_id, tag); }
  static ddb::Item KeyOf(std::string_view user_id, std::string_view tag);

  friend bool operator==(const TagCount&, const TagCount&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_TAG_ASSOCIATION_H_
