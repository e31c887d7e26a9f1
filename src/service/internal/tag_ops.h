// The store writes that keep a taggable item (bookmark, note, widget), its TagAssociations and
// its owner's TagCounts in step (docs/data-model.md, "TagAssociations"). Shared by the tag
// service, the item services (moves and deletes of tagged items) and the cascades.
//
// The invariant every function here keeps: a TagCount's `count` is changed only in the same
// transaction as a conditional association put (`attribute_not_exists`, +1) or delete
// (`attribute_exists`, -1). So whatever fails, races or is retried, a count equals the number
// of associations carrying it. The item's `tags` attribute changes in the same transaction,
// conditional on the item's version, so it agrees with the associations too. Counts that
// reach 0 are removed afterwards by DeleteZeroCounts (conditional on count = 0).
//
// Thread safety: stateless functions over a thread-safe store.
#ifndef HOMEBOARD_SERVICE_INTERNAL_TAG_OPS_H_
#define HOMEBOARD_SERVICE_INTERNAL_TAG_OPS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/bookmark.h"
#include "model/note.h"
#include "model/tag_association.h"
#include "model/widget.h"
#include "service/context.h"
#include "service/error.h"
#include "service/internal/store_ops.h"
#include "store/item_store.h"

namespace homeboard::service::internal {

// A taggable item as stored, whatever its type.
struct TaggedRecord {
  model::TaggedType type = model::TaggedType::kBookmark;
  std::string container_id;  // widget id (bookmark, note) or page id (widget)
  std::string item_id;
  std::string user_id;            // the owner: associations and counts are theirs
  std::vector<std::string> tags;  // sorted
  std::int64_t version = 0;
  ddb::Item item;  // the entity's ToItem()
};

TaggedRecord RecordOf(const model::Bookmark& bookmark);
TaggedRecord RecordOf(const model::Note& note);
TaggedRecord RecordOf(const model::Widget& widget);

// The table holding items of `type`, and an item's key there.
std::string TaggedTable(const ServiceContext& context, model::TaggedType type);
ddb::Item TaggedKey(model::TaggedType type, std::string_view container_id,
                    std::string_view item_id);
// "bookmark" / "note" / "widget" with field "item_id", for error messages.
ObjectRef TaggedObject(const TaggedRecord& record);

// `record.item` with its tags (removed when empty), version and updated_at replaced.
ddb::Item TaggedItemWith(const TaggedRecord& record, const std::vector<std::string>& tags,
                         std::int64_t version, const std::string& updated_at);

// Decodes a stored item of `type` (kInternal "corrupt" if it is not a valid entity).
Result<TaggedRecord> DecodeRecord(const ServiceContext& context, model::TaggedType type,
                                  const ddb::Item& item);
// The item (consistent read), or nullopt when it is gone.
Result<std::optional<TaggedRecord>> ReadRecord(const ServiceContext& context,
                                               model::TaggedType type,
                                               std::string_view container_id,
                                               std::string_view item_id);

// The tags of the item's associations as stored (one consistent Query of its item_ref
// partition), sorted. Normally equal to the item's `tags`; used to heal when they are not.
Result<std::vector<std::string>> QueryAssociationTags(const ServiceContext& context,
                                                      model::TaggedType type,
                                                      std::string_view item_id);

// Builds one transaction of item writes, association puts/deletes and merged count deltas.
// Every action remembers which "owner" (an index the caller chooses, e.g. the item's
// position in a batch) it belongs to, so a failed condition can be traced to its item.
class TagTransaction {
 public:
  explicit TagTransaction(const ServiceContext& context) : context_(&context) {}

  // The number of actions the transaction would have after adding an item write plus
  // `puts` and `deletes` association changes of `user_id`'s tags (counts not yet in the
  // transaction need one action each).
  std::size_t SizeWith(std::string_view user_id, const std::vector<std::string>& puts,
                       const std::vector<std::string>& deletes, bool item_action) const;
  std::size_t size() const { return actions_.size() + deltas_.size(); }
  // Actions added so far (not counting count updates): the index the next one will have.
  std::size_t action_count() const { return actions_.size(); }
  bool empty() const { return actions_.empty(); }

  void AddAction(store::TransactAction action, std::size_t owner);
  // Puts the association (conditional on it being absent) and adds +1 to its count.
  void PutAssociation(const model::TagAssociation& association, std::size_t owner);
  // Deletes the association (conditional on it being present) and adds -1 to its count.
  void DeleteAssociation(model::TaggedType type, std::string_view item_id, std::string_view tag,
                         std::string_view user_id, std::size_t owner);
  // Sets container_id on the association (conditional on it being present).
  void RepointAssociation(model::TaggedType type, std::string_view item_id, std::string_view tag,
                          std::string_view container_id, std::size_t owner);

  // The actions, followed by one count update (ADD count :delta, SET user_id) per non-zero
  // merged delta.
  std::vector<store::TransactAction> Build() const;
  // The owner of action `index` of Build(), or nullopt for a count update.
  std::optional<std::size_t> OwnerOf(std::size_t index) const;
  // (user_id, tag) of every count this transaction lowers.
  std::vector<std::pair<std::string, std::string>> Lowered() const;

 private:
  const ServiceContext* context_;
  std::vector<store::TransactAction> actions_;
  std::vector<std::size_t> owners_;
  std::map<std::pair<std::string, std::string>, std::int64_t> deltas_;
};

// Deletes each count item that is at 0 (DeleteItem conditional on count = 0). Best effort:
// a count raised meanwhile stays, and a failure leaves a zero count, which readers skip and
// a later call removes.
void DeleteZeroCounts(const ServiceContext& context,
                      const std::vector<std::pair<std::string, std::string>>& counts);

// Replaces `record`'s tags with `tags` (normalised, sorted) in one transaction with its
// associations and counts, conditional on `expected_version`; the associations are read
// first (QueryAssociationTags), so an item whose associations disagree with its `tags` is
// healed. Errors as ReplaceVersioned; a concurrent change of the associations alone is
// kConflict. Returns the item's version afterwards (unchanged when nothing differed).
Result<std::int64_t> WriteTags(const ServiceContext& context, const TaggedRecord& record,
                               std::int64_t expected_version, const std::vector<std::string>& tags);

// Deletes the items with their associations, lowering their owners' counts: as many items per
// transaction as fit (each item delete conditional on the version in its record). An item
// whose transaction fails is retried alone (re-read, associations queried) a few times; an
// item already gone has its remaining associations (if any) removed. Idempotent.
Status DeleteTaggedItems(const ServiceContext& context, const std::vector<TaggedRecord>& records);

// Deletes one item at `expected_version` with its associations (DeleteVersioned's contract:
// kNotFound if gone, kConflict if changed; an unknown outcome reading back as gone is done).
// `object` names the item in errors.
Status DeleteTaggedVersioned(const ServiceContext& context, const TaggedRecord& record,
                             std::int64_t expected_version, const ObjectRef& object);

// MoveVersioned for a taggable item whose move changes its container: the same transaction
// also sets container_id = `new_record.container_id` on each of its associations. Items with
// no associations are moved by MoveVersioned itself. `record` is the item as read (at
// `expected_version`), `new_record` the item at its new key.
Status MoveTaggedVersioned(const ServiceContext& context, const TaggedRecord& record,
                           std::int64_t expected_version, const TaggedRecord& new_record,
                           const std::vector<ConditionCheck>& checks, const ObjectRef& object);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_TAG_OPS_H_
