// TrackingStore: forwards each call; records writes once the call has returned.
#include "store/tracking_store.h"

namespace homeboard::store {

Result<EnsureReport> TrackingStore::EnsureTables(const std::vector<TableSpec>& specs,
                                                 const EnsureOptions& options) {
  Result<EnsureReport> report = base_->EnsureTables(specs, options);
  tracker_->RecordWriteToEverything();
  return report;
}

Status TrackingStore::DeleteTable(const std::string& table) {
  Status status = base_->DeleteTable(table);
  tracker_->RecordWriteToEverything();
  return status;
}

Status TrackingStore::Put(const PutRequest& request) {
  Status status = base_->Put(request);
  tracker_->RecordWrite(request.table, request.item);
  return status;
}

Result<Item> TrackingStore::Update(const UpdateRequest& request) {
  Result<Item> item = base_->Update(request);
  tracker_->RecordWrite(request.table, request.key);
  return item;
}

Result<std::optional<Item>> TrackingStore::Delete(const DeleteRequest& request) {
  Result<std::optional<Item>> item = base_->Delete(request);
  tracker_->RecordWrite(request.table, request.key);
  return item;
}

Status TrackingStore::BatchWrite(const std::vector<store::BatchWrite>& writes) {
  Status status = base_->BatchWrite(writes);
  for (const store::BatchWrite& write : writes) tracker_->RecordWrite(write.table, write.item);
  return status;
}

Status TrackingStore::Transact(const std::vector<TransactAction>& actions) {
  Status status = base_->Transact(actions);
  for (const TransactAction& action : actions) {
    if (action.kind != TransactAction::Kind::kConditionCheck) {
      tracker_->RecordWrite(action.table, action.item);
    }
  }
  return status;
}

}  // namespace homeboard::store
