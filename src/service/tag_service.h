// TagService: the tags of bookmarks, notes and widgets (docs/data-model.md, "TagAssociations"):
// set, add and remove an item's tags, bulk assignment for imports, a user's tags with counts
// (autocomplete), the items carrying a tag, and renaming / deleting a tag everywhere.
//
// Consistency. Three things describe an item's tags: the item's own `tags` attribute (a
// sorted string set), one TagAssociation per (item, tag), and one TagCount per (owner, tag).
// Every change writes all three in ONE store transaction: the item (conditional on its
// version; version + 1, updated_at), each association put (conditional on it being absent)
// or delete (conditional on it being present), and one `count` increment per tag (deltas of
// the transaction merged per tag). Because every count change is paired with a conditional
// association change in the same transaction, a count always equals the number of its
// associations, whatever fails or races. A count that reaches 0 is deleted afterwards by a
// separate DeleteItem conditional on `count = 0` (a concurrent tagging that raised it again
// makes the delete a no-op; a delete that lands first is followed by the tagging's ADD
// re-creating the item at 1). A crash between the two leaves a count of 0, which ListTags
// never returns and the next change or rename of that tag removes.
//
// Ownership. Associations and counts belong to the item's owner (`user_id` of the item),
// which is not necessarily the caller: a user who may edit someone else's page may tag its
// items (access is checked by the loaders, service/internal/loaders.h). ListTags,
// ItemsWithTag, RenameTag and DeleteTag work on the caller's own tags.
//
// Tags are normalised with model::NormalizeTag ("  Rust  Lang " -> "rust lang"); an item
// carries at most model::kMaxTagsPerItem.
//
// Errors: kInvalidArgument naming field and rule ("tags[i]", "tag", "prefix", "from", "to",
// "container_id", "item_id", "version", "limit", "cursor", "assignments[i]..."), nothing
// written; kNotFound for a missing item or one the caller may not edit (naming "item_id");
// kConflict for a stale version or a concurrent change of the item's tags; kUnavailable;
// kInternal.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_TAG_SERVICE_H_
#define HOMEBOARD_SERVICE_TAG_SERVICE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/bookmark.h"
#include "model/note.h"
#include "model/tag_association.h"
#include "model/widget.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

// A taggable item: a bookmark or note (container = its widget id) or a widget (container =
// its page id).
struct TaggedItemRef {
  model::TaggedType type = model::TaggedType::kBookmark;
  std::string container_id;
  std::string item_id;

  friend bool operator==(const TaggedItemRef&, const TaggedItemRef&) = default;
};

// The result of tagging one item.
struct ItemTags {
  std::vector<std::string> tags;  // normalised, sorted
  std::int64_t version = 0;       // the item's version afterwards (unchanged if nothing changed)
};

// One entry of a bulk SetTagsMany.
struct TagAssignment {
  TaggedItemRef item;
  std::vector<std::string> tags;  // the item's complete new tag list (raw; normalised here)
};

struct TagAssignmentReport {
  std::size_t items_changed = 0;    // items whose tag list changed
  std::size_t items_unchanged = 0;  // already carried exactly these tags (re-runs)
};

struct TagCountPage {
  std::vector<model::TagCount> tags;  // sorted by tag; every count >= 1
  std::string next_cursor;            // empty when there is nothing more
};

// One item carrying a tag; exactly one of the three is set, per `ref.type`.
struct TaggedEntity {
  TaggedItemRef ref;
  std::optional<model::Bookmark> bookmark;
  std::optional<model::Note> note;  // the full note
  std::optional<model::Widget> widget;
};

struct TaggedItemsPage {
  std::vector<TaggedEntity> items;  // in TagItemsIndex order (by item_ref)
  std::string next_cursor;          // empty when there is nothing more
};

// The most assignments one SetTagsMany call takes.
inline constexpr std::size_t kMaxTagAssignments = 100000;

class TagService {
 public:
  explicit TagService(ServiceContext context) : context_(std::move(context)) {}

  // Replaces the item's tags by `tags` (normalised, de-duplicated; at most
  // model::kMaxTagsPerItem). Conditional on `expected_version` (stale -> kConflict "version").
  // The item, its TagAssociations and the owner's TagCounts change in one transaction. Tags
  // equal to the current ones write nothing and return the current version.
  [[nodiscard]] Result<ItemTags> SetTags(const Caller& caller, const TaggedItemRef& item,
                                         std::int64_t expected_version,
                                         const std::vector<std::string>& tags) const;
  // Adds one tag (already there: nothing written). Errors name "tag".
  [[nodiscard]] Result<ItemTags> AddTag(const Caller& caller, const TaggedItemRef& item,
                                        std::int64_t expected_version, std::string_view tag) const;
  // Removes one tag (absent: nothing written). Errors name "tag".
  [[nodiscard]] Result<ItemTags> RemoveTag(const Caller& caller, const TaggedItemRef& item,
                                           std::int64_t expected_version,
                                           std::string_view tag) const;

  // Bulk (imports, benchmarks): sets each item's complete tag list, reading current versions
  // itself, packing many items per transaction (at most store::kMaxTransactActions actions,
  // counts merged: one ADD per tag per transaction). Validates every entry first (errors name
  // "assignments[i].tags[j]", "assignments[i].item_id", ...; an item listed twice is
  // "assignments[i].item_id" rule "duplicate"; a missing item or one the caller does not own
  // is kNotFound naming "assignments[i].item_id"), then writes. Idempotent: re-running after a
  // crash or on the same input changes nothing more. An item changed concurrently is re-read
  // and written on its own.
  [[nodiscard]] Result<TagAssignmentReport> SetTagsMany(
      const Caller& caller, const std::vector<TagAssignment>& assignments) const;

  // The caller's tags with counts, sorted by tag; `prefix` (normalised like a tag; empty or
  // blank: all tags) for autocomplete; limit 1..1000; opaque cursor from the previous page
  // (a bad or foreign cursor -> kInvalidArgument "cursor"). One Query per call, however many
  // tags the caller has.
  [[nodiscard]] Result<TagCountPage> ListTags(const Caller& caller, std::string_view prefix,
                                              int limit, std::string_view cursor) const;

  // The caller's items carrying `tag` (a TagItemsIndex query, then BatchGet of the items),
  // paginated by associations: a page may hold fewer than `limit` items when an association's
  // item is gone (it is skipped).
  [[nodiscard]] Result<TaggedItemsPage> ItemsWithTag(const Caller& caller, std::string_view tag,
                                                     int limit, std::string_view cursor) const;

  // Renames `from` to `to` on all the caller's items (merging into `to` where an item already
  // carries it), in transactions of up to 30 items; returns the number of items changed.
  // Re-runnable: a run stopped half way leaves every item consistent, and running again
  // finishes the job. from == to (after normalisation) changes nothing.
  [[nodiscard]] Result<std::size_t> RenameTag(const Caller& caller, std::string_view from,
                                              std::string_view to) const;

  // Removes the tag from all the caller's items; returns the number of items changed.
  // Re-runnable as RenameTag.
  [[nodiscard]] Result<std::size_t> DeleteTag(const Caller& caller, std::string_view tag) const;

 private:
  ServiceContext context_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_TAG_SERVICE_H_
