// Client: single-item operations, Query and Scan with their multi-page helpers, and
// transactions.
#include <fmt/format.h>

#include "ddb/client.h"
#include "ddb/internal/request_codec.h"
#include "ddb/internal/response_codec.h"

namespace homeboard::ddb {
namespace {

Idempotency Resolve(IdempotencyHint hint, bool derived) {
  switch (hint) {
    case IdempotencyHint::kIdempotent:
      return Idempotency::kIdempotent;
    case IdempotencyHint::kNotIdempotent:
      return Idempotency::kNotIdempotent;
    case IdempotencyHint::kAuto:
      break;
  }
  return derived ? Idempotency::kIdempotent : Idempotency::kNotIdempotent;
}

std::string_view FirstTable(const TransactWriteItemsRequest& request) {
  if (request.items.empty()) return {};
  return std::visit([](const auto& action) -> std::string_view { return action.table_name; },
                    request.items.front());
}

}  // namespace

Result<PutItemResponse> Client::PutItem(const PutItemRequest& request) {
  // Writing the same whole item twice leaves the same state: idempotent.
  CallSpec spec{"PutItem", request.table_name, Resolve(request.idempotency, true)};
  return Run(spec, internal::EncodePutItem(request), internal::DecodePutItem);
}

Result<GetItemResponse> Client::GetItem(const GetItemRequest& request) {
  CallSpec spec{"GetItem", request.table_name, Idempotency::kIdempotent};
  return Run(spec, internal::EncodeGetItem(request), internal::DecodeGetItem);
}

Result<UpdateItemResponse> Client::UpdateItem(const UpdateItemRequest& request) {
  CallSpec spec{"UpdateItem", request.table_name,
                Resolve(request.idempotency, request.update.IsIdempotent())};
  return Run(spec, internal::EncodeUpdateItem(request), internal::DecodeUpdateItem);
}

Result<DeleteItemResponse> Client::DeleteItem(const DeleteItemRequest& request) {
  CallSpec spec{"DeleteItem", request.table_name, Resolve(request.idempotency, true)};
  return Run(spec, internal::EncodeDeleteItem(request), internal::DecodeDeleteItem);
}

Result<QueryResponse> Client::Query(const QueryRequest& request) {
  CallSpec spec{"Query", request.table_name, Idempotency::kIdempotent};
  return Run(spec, internal::EncodeQuery(request), internal::DecodeQuery);
}

Result<ScanResponse> Client::Scan(const ScanRequest& request) {
  CallSpec spec{"Scan", request.table_name, Idempotency::kIdempotent};
  return Run(spec, internal::EncodeScan(request), internal::DecodeQuery);
}

namespace {

// Follows LastEvaluatedKey from page to page. A page may be empty (the filter removed
// everything, or Limit stopped early) and still have a next key; the last page may carry a
// key that leads to an empty page. Both are handled by looping until no key comes back.
template <typename Request, typename Fetch>
Result<std::vector<Item>> CollectPages(Request request, std::optional<std::size_t> max_items,
                                       Fetch&& fetch) {
  std::vector<Item> items;
  for (;;) {
    Result<QueryResponse> page = fetch(request);
    if (!page.ok()) return std::move(page).error();
    for (Item& item : page->items) {
      if (max_items.has_value() && items.size() >= *max_items) return items;
      items.push_back(std::move(item));
    }
    if (!page->last_evaluated_key.has_value()) return items;
    if (max_items.has_value() && items.size() >= *max_items) return items;
    // A server that hands back the key it was given would keep us here forever.
    if (request.exclusive_start_key == page->last_evaluated_key) {
      return Error(errc::kInvalidResponse,
                   "LastEvaluatedKey repeats the ExclusiveStartKey; pagination cannot advance");
    }
    request.exclusive_start_key = std::move(page->last_evaluated_key);
  }
}

}  // namespace

Result<std::vector<Item>> Client::QueryAll(QueryRequest request,
                                           std::optional<std::size_t> max_items) {
  return CollectPages(std::move(request), max_items,
                      [this](const QueryRequest& r) { return Query(r); });
}

std::vector<Result<std::vector<Item>>> Client::QueryMany(const std::vector<QueryRequest>& requests) {
  std::vector<std::optional<Result<std::vector<Item>>>> slots(requests.size());
  ParallelFor(requests.size(), [&](std::size_t i) { slots[i].emplace(QueryAll(requests[i])); });
  std::vector<Result<std::vector<Item>>> results;
  results.reserve(requests.size());
  for (auto& slot : slots) results.push_back(std::move(*slot));
  return results;
}

Result<std::vector<Item>> Client::ParallelScan(ScanRequest request, int total_segments) {
  if (total_segments < 1 || total_segments > 1000000) {
    return Error(errc::kInvalidArgument,
                 fmt::format("ParallelScan: total_segments must be 1 to 1000000, got {}",
                             total_segments))
        .set_operation("Scan")
        .set_table(request.table_name);
  }
  auto segments = static_cast<std::size_t>(total_segments);
  std::vector<std::optional<Result<std::vector<Item>>>> slots(segments);
  ParallelFor(segments, [&](std::size_t i) {
    ScanRequest segment = request;
    segment.segment = static_cast<int>(i);
    segment.total_segments = total_segments;
    slots[i].emplace(CollectPages(std::move(segment), std::nullopt,
                                  [this](const ScanRequest& r) { return Scan(r); }));
  });
  std::vector<Item> items;
  for (auto& slot : slots) {
    if (!slot->ok()) return std::move(*slot).error();
    for (Item& item : slot->value()) items.push_back(std::move(item));
  }
  return items;
}

Result<TransactWriteItemsResponse> Client::TransactWriteItems(
    const TransactWriteItemsRequest& request) {
  // The token is fixed before the first attempt, so every retry carries the same one and
  // the service applies the transaction at most once.
  std::string token = request.client_request_token.empty() ? NewClientRequestToken()
                                                           : request.client_request_token;
  CallSpec spec{"TransactWriteItems", FirstTable(request), Idempotency::kIdempotent};
  return Run(spec, internal::EncodeTransactWriteItems(request, token),
             internal::DecodeTransactWriteItems);
}

Result<TransactGetItemsResponse> Client::TransactGetItems(const TransactGetItemsRequest& request) {
  // Not `empty() ? "" : name`: that conditional is a temporary std::string, and the view
  // would dangle.
  std::string_view table;
  if (!request.items.empty()) table = request.items.front().table_name;
  CallSpec spec{"TransactGetItems", table, Idempotency::kIdempotent};
  std::size_t expected = request.items.size();
  return Run(spec, internal::EncodeTransactGetItems(request),
             [expected](std::string& body) {
               return internal::DecodeTransactGetItems(body, expected);
             });
}

}  // namespace homeboard::ddb
