// WriteTracker: which partitions were written since a given moment, so that a cache of data
// derived from them (server/page_view_cache.h) can tell whether an entry is still current
// without reading the store. TrackingStore (tracking_store.h) records every write made
// through it.
//
//   WriteTracker tracker(model::AllTableSpecs(names));
//   WriteTracker::Sequence since = tracker.Now();          // before reading
//   ... read partitions P1..Pn, derive a value ...
//   std::vector<WriteTracker::Slot> slots = {tracker.SlotOf(table, key), ...};
//   later: current while tracker.UnchangedSince(slot, since) for every slot.
//
// Bookkeeping: a global sequence numbers the writes; each partition (table name and
// partition key value) hashes to one of kSlots slots, which holds the sequence of the last
// write to any partition hashing there. Partitions sharing a slot only cause spurious
// misses. Nothing is missed: a write is recorded after its store call returns, succeeded or
// not (a failed or timed-out call may still have been applied), so a reader whose Now()
// came after the record reads committed data, and one whose Now() came before sees the slot
// move past it.
//
// Writes to tables the tracker was not given (partition key unknown), table creation and
// deletion are writes to everything.
//
// Only writes made through this process's TrackingStore are seen; ItemStore::
// OutsideWriteMark tells a cache about the others where the engine can.
//
// Thread safety: thread-safe and lock-free.
#ifndef HOMEBOARD_STORE_WRITE_TRACKER_H_
#define HOMEBOARD_STORE_WRITE_TRACKER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/item_store.h"
#include "store/table_spec.h"

namespace homeboard::store {

class WriteTracker {
 public:
  using Sequence = std::uint64_t;
  using Slot = std::size_t;
  static constexpr std::size_t kSlots = 4096;

  // `tables`: the specs (full names) whose partition keys writes are recorded by.
  explicit WriteTracker(const std::vector<TableSpec>& tables);

  // The sequence of the last write recorded; take it before reading.
  Sequence Now() const { return sequence_.load(); }

  // The slot of the partition whose key value is `partition_key` in `table`.
  Slot SlotOf(std::string_view table, const ddb::AttributeValue& partition_key) const;

  // True when no write recorded after `since` may have touched a partition of `slot`.
  bool UnchangedSince(Slot slot, Sequence since) const;

  // Records a write to the item of `table` with this key (or whole item).
  void RecordWrite(std::string_view table, const Item& key_or_item);
  // Records a write that may have touched anything.
  void RecordWriteToEverything();

 private:
  void Advance(std::atomic<Sequence>& slot, Sequence to);

  std::map<std::string, std::string, std::less<>> partition_key_of_;  // table -> attribute
  std::atomic<Sequence> sequence_{0};
  std::atomic<Sequence> everything_{0};
  std::unique_ptr<std::atomic<Sequence>[]> slots_;
};

}  // namespace homeboard::store

#endif  // HOMEBOARD_STORE_WRITE_TRACKER_H_
