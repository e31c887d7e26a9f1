// FaultInjectingStore: forwards to the wrapped store, failing the calls it was told to.
// (TestStore is header-only; see testing_store.h.)
#include "service/testing_store.h"

namespace homeboard::service {
namespace {

store::Error Injected(store::Error::Code code, std::string_view op_name) {
  return store::Error{code, "injected fault on " + std::string(op_name), std::nullopt};
}

}  // namespace

void FaultInjectingStore::Inject(const Fault& fault) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.push_back(fault);
}

void FaultInjectingStore::FailWritesAfter(int writes) {
  std::lock_guard<std::mutex> lock(mu_);
  writes_left_ = writes;
}

void FaultInjectingStore::Heal() {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.clear();
  writes_left_.reset();
}

void FaultInjectingStore::SetBeforeWrite(std::function<void(Op)> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  before_write_ = std::move(hook);
}

void FaultInjectingStore::SetCallObserver(std::function<void(Op, bool)> observer) {
  std::lock_guard<std::mutex> lock(mu_);
  observer_ = std::move(observer);
}

template <typename Call>
auto FaultInjectingStore::Forward(Op op, Call call) -> decltype(call()) {
  std::function<void(Op, bool)> observer;
  {
    std::lock_guard<std::mutex> lock(mu_);
    observer = observer_;
  }
  if (observer) observer(op, true);
  auto result = call();
  if (observer) observer(op, false);
  return result;
}

int FaultInjectingStore::Calls(Op op) const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_[static_cast<int>(op)];
}

int FaultInjectingStore::ForwardedWrites() const {
  std::lock_guard<std::mutex> lock(mu_);
  return forwarded_writes_;
}

std::optional<FaultInjectingStore::Fault> FaultInjectingStore::Take(Op op, bool is_write) {
  std::function<void(Op)> hook;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (is_write) hook = before_write_;
  }
  if (hook) hook(op);
  std::lock_guard<std::mutex> lock(mu_);
  ++calls_[static_cast<int>(op)];
  if (is_write && writes_left_) {
    if (*writes_left_ <= 0) {
      return Fault{op, store::Error::Code::kUnavailable, When::kBefore, 1};
    }
    --*writes_left_;
  }
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->op != op) continue;
    Fault fault = *it;
    if (--it->count <= 0) faults_.erase(it);
    if (is_write && fault.when == When::kAfter) ++forwarded_writes_;
    return fault;
  }
  if (is_write) ++forwarded_writes_;
  return std::nullopt;
}

store::Result<std::optional<store::Item>> FaultInjectingStore::Get(
    const store::GetRequest& request) {
  std::optional<Fault> fault = Take(Op::kGet, false);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "Get");
  auto result = Forward(Op::kGet, [&] { return base_->Get(request); });
  if (fault && result.ok()) return Injected(fault->code, "Get");
  return result;
}

store::Status FaultInjectingStore::Put(const store::PutRequest& request) {
  std::optional<Fault> fault = Take(Op::kPut, true);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "Put");
  store::Status result = Forward(Op::kPut, [&] { return base_->Put(request); });
  if (fault && result.ok()) return Injected(fault->code, "Put");
  return result;
}

store::Result<store::Item> FaultInjectingStore::Update(const store::UpdateRequest& request) {
  std::optional<Fault> fault = Take(Op::kUpdate, true);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "Update");
  auto result = Forward(Op::kUpdate, [&] { return base_->Update(request); });
  if (fault && result.ok()) return Injected(fault->code, "Update");
  return result;
}

store::Result<std::optional<store::Item>> FaultInjectingStore::Delete(
    const store::DeleteRequest& request) {
  std::optional<Fault> fault = Take(Op::kDelete, true);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "Delete");
  auto result = Forward(Op::kDelete, [&] { return base_->Delete(request); });
  if (fault && result.ok()) return Injected(fault->code, "Delete");
  return result;
}

store::Result<store::QueryPage> FaultInjectingStore::Query(const store::QueryRequest& request) {
  std::optional<Fault> fault = Take(Op::kQuery, false);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "Query");
  auto result = Forward(Op::kQuery, [&] { return base_->Query(request); });
  if (fault && result.ok()) return Injected(fault->code, "Query");
  return result;
}

store::Result<store::ScanPage> FaultInjectingStore::Scan(const store::ScanRequest& request) {
  std::optional<Fault> fault = Take(Op::kScan, false);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "Scan");
  auto result = Forward(Op::kScan, [&] { return base_->Scan(request); });
  if (fault && result.ok()) return Injected(fault->code, "Scan");
  return result;
}

store::Result<std::vector<store::Item>> FaultInjectingStore::BatchGet(
    const std::string& table, const std::vector<store::Item>& keys) {
  std::optional<Fault> fault = Take(Op::kBatchGet, false);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "BatchGet");
  auto result = Forward(Op::kBatchGet, [&] { return base_->BatchGet(table, keys); });
  if (fault && result.ok()) return Injected(fault->code, "BatchGet");
  return result;
}

store::Status FaultInjectingStore::BatchWrite(const std::vector<store::BatchWrite>& writes) {
  std::optional<Fault> fault = Take(Op::kBatchWrite, true);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "BatchWrite");
  store::Status result = Forward(Op::kBatchWrite, [&] { return base_->BatchWrite(writes); });
  if (fault && result.ok()) return Injected(fault->code, "BatchWrite");
  return result;
}

store::Status FaultInjectingStore::Transact(const std::vector<store::TransactAction>& actions) {
  std::optional<Fault> fault = Take(Op::kTransact, true);
  if (fault && fault->when == When::kBefore) return Injected(fault->code, "Transact");
  store::Status result = Forward(Op::kTransact, [&] { return base_->Transact(actions); });
  if (fault && result.ok()) return Injected(fault->code, "Transact");
  return result;
}

}  // namespace homeboard::service
