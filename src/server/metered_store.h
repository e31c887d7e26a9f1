// MeteredStore: an ItemStore decorator that counts every call, by operation and outcome, in
// Metrics (homeboard_store_calls_total). The server wraps the configured store in one, so
// every service call made for a request is counted, whatever the engine.
//
// Thread safety: as thread-safe as the wrapped store (Metrics is thread-safe).
#ifndef HOMEBOARD_SERVER_METERED_STORE_H_
#define HOMEBOARD_SERVER_METERED_STORE_H_

#include <string>
#include <vector>

#include "server/metrics.h"
#include "store/item_store.h"

namespace homeboard::server {

class MeteredStore final : public store::ItemStore {
 public:
  // Neither is owned; both must outlive this store.
  MeteredStore(store::ItemStore* base, Metrics* metrics) : base_(base), metrics_(metrics) {}

  std::string_view engine() const override { return base_->engine(); }
  store::Result<store::EnsureReport> EnsureTables(const std::vector<store::TableSpec>& specs,
                                                  const store::EnsureOptions& options) override;
  store::Status DeleteTable(const std::string& table) override;
  store::Result<std::optional<store::Item>> Get(const store::GetRequest& request) override;
  store::Status Put(const store::PutRequest& request) override;
  store::Result<store::Item> Update(const store::UpdateRequest& request) override;
  store::Result<std::optional<store::Item>> Delete(const store::DeleteRequest& request) override;
  store::Result<store::QueryPage> Query(const store::QueryRequest& request) override;
  store::Result<store::ScanPage> Scan(const store::ScanRequest& request) override;
  store::Result<std::vector<store::Item>> BatchGet(const std::string& table,
                                                   const std::vector<store::Item>& keys) override;
  store::Status BatchWrite(const std::vector<store::BatchWrite>& writes) override;
  store::Status Transact(const std::vector<store::TransactAction>& actions) override;
  std::optional<std::uint64_t> OutsideWriteMark() override { return base_->OutsideWriteMark(); }

 private:
  template <typename R>
  R Count(std::string_view op, R result) {
    metrics_->StoreCall(op, result.ok() ? std::string_view("ok")
                                        : store::CodeName(result.error().code));
    return result;
  }

  store::ItemStore* base_;
  Metrics* metrics_;
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_METERED_STORE_H_
