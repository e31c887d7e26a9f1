// MeteredStore: forwards each call and counts its outcome.
#include "server/metered_store.h"

namespace homeboard::server {

store::Result<store::EnsureReport> MeteredStore::EnsureTables(
    const std::vector<store::TableSpec>& specs, const store::EnsureOptions& options) {
  return Count("EnsureTables", base_->EnsureTables(specs, options));
}
store::Status MeteredStore::DeleteTable(const std::string& table) {
  return Count("DeleteTable", base_->DeleteTable(table));
}
store::Result<std::optional<store::Item>> MeteredStore::Get(const store::GetRequest& request) {
  return Count("Get", base_->Get(request));
}
store::Status MeteredStore::Put(const store::PutRequest& request) {
  return Count("Put", base_->Put(request));
}
store::Result<store::Item> MeteredStore::Update(const store::UpdateRequest& request) {
  return Count("Update", base_->Update(request));
}
store::Result<std::optional<store::Item>> MeteredStore::Delete(const store::DeleteRequest& request) {
  return Count("Delete", base_->Delete(request));
}
store::Result<store::QueryPage> MeteredStore::Query(const store::QueryRequest& request) {
  return Count("Query", base_->Query(request));
}
store::Result<store::ScanPage> MeteredStore::Scan(const store::ScanRequest& request) {
  return Count("Scan", base_->Scan(request));
}
store::Result<std::vector<store::Item>> MeteredStore::BatchGet(
    const std::string& table, const std::vector<store::Item>& keys) {
  return Count("BatchGet", base_->BatchGet(table, keys));
}
store::Status MeteredStore::BatchWrite(const std::vector<store::BatchWrite>& writes) {
  return Count("BatchWrite", base_->BatchWrite(writes));
}
store::Status MeteredStore::Transact(const std::vector<store::TransactAction>& actions) {
  return Count("Transact", base_->Transact(actions));
}

}  // namespace homeboard::server
