// TrackingStore: an ItemStore decorator that records in a WriteTracker every write made
// through it (write_tracker.h), after the wrapped call returns and whatever its outcome.
// Reads pass straight through. The server puts one under its stack so that its caches see
// every write a request makes, whichever service makes it.
//
// Thread safety: as thread-safe as the wrapped store.
#ifndef HOMEBOARD_STORE_TRACKING_STORE_H_
#define HOMEBOARD_STORE_TRACKING_STORE_H_

#include <string>
#include <vector>

#include "store/item_store.h"
#include "store/write_tracker.h"

namespace homeboard::store {

class TrackingStore final : public ItemStore {
 public:
  // Neither is owned; both must outlive this store.
  TrackingStore(ItemStore* base, WriteTracker* tracker) : base_(base), tracker_(tracker) {}

  std::string_view engine() const override { return base_->engine(); }
  Result<EnsureReport> EnsureTables(const std::vector<TableSpec>& specs,
                                    const EnsureOptions& options) override;
  Status DeleteTable(const std::string& table) override;
  Result<std::optional<Item>> Get(const GetRequest& request) override {
    return base_->Get(request);
  }
  Status Put(const PutRequest& request) override;
  Result<Item> Update(const UpdateRequest& request) override;
  Result<std::optional<Item>> Delete(const DeleteRequest& request) override;
  Result<QueryPage> Query(const QueryRequest& request) override { return base_->Query(request); }
  Result<ScanPage> Scan(const ScanRequest& request) override { return base_->Scan(request); }
  Result<std::vector<Item>> BatchGet(const std::string& table,
                                     const std::vector<Item>& keys) override {
    return base_->BatchGet(table, keys);
  }
  Status BatchWrite(const std::vector<store::BatchWrite>& writes) override;
  Status Transact(const std::vector<TransactAction>& actions) override;
  std::optional<std::uint64_t> OutsideWriteMark() override { return base_->OutsideWriteMark(); }

 private:
  ItemStore* base_;
  WriteTracker* tracker_;
};

}  // namespace homeboard::store

#endif  // HOMEBOARD_STORE_TRACKING_STORE_H_
