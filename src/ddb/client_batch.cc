// Client: BatchWriteItem / BatchGetItem on the wire, and BatchWriteAll / BatchGetAll, which
// take any number of items, check for duplicate keys, chunk, run chunks concurrently, and
// re-send unprocessed parts with backoff until the budget is spent. Nothing is dropped
// silently: whatever was not written or read is reported with its cause.
//
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
#include <fmt/format.h>

#include <set>

#include "ddb/client.h"
#include "ddb/internal/request_codec.h"
#include "ddb/internal/response_codec.h"
#include "ddb/internal/value_codec.h"

namespace homeboard::ddb {
namespace {

std::string_view FirstTable(const auto& request_items) {
  return request_items.empty() ? std::string_view() : std::string_view(request_items.begin()->first);
}

// The key of `item` under `schema`, encoded canonically, for duplicate detection. Without a
// schema the whole item stands for its key.
std::string KeyFingerprint(const Item& item, const KeySchema* schema) {
  if (schema == nullptr) return internal::EncodeItemJson(item);
  Item key;
  for (const std::string* name : {&schema->partition_key, &schema->sort_key}) {
    if (name->empty()) continue;
    if (auto it = item.find(*name); it != item.end()) key.emplace(it->first, it->second);
  }
  return internal::EncodeItemJson(key);
}

// A write with the table it belongs to, as chunks mix tables.
struct TableWrite {
  std::string_view table;
  const WriteRequest* request;
};

// Groups writes into requests of at most 25 writes and comfortably under 16 MB.
std::vector<std::vector<TableWrite>> ChunkWrites(
    const std::map<std::string, std::vector<WriteRequest>>& writes) {
  constexpr std::size_t kByteBudget = internal::kMaxRequestBytes - 64 * 1024;  // envelope slack
  std::vector<std::vector<TableWrite>> chunks;
  std::size_t chunk_bytes = 0;
  for (const auto& [table, requests] : writes) {
    for (const WriteRequest& request : requests) {
      std::size_t bytes = internal::EncodedWriteRequestSize(request) + table.size();
      if (chunks.empty() || chunks.back().size() == internal::kMaxBatchWrites ||
          chunk_bytes + bytes > kByteBudget) {
        chunks.emplace_back();
        chunk_bytes = 0;
      }
      chunks.back().push_back({table, &request});
      chunk_bytes += bytes;
    }
  }
  return chunks;
}

}  // namespace

Result<BatchWriteItemResponse> Client::BatchWriteItem(const BatchWriteItemRequest& request) {
  // Whole-item puts and deletes: re-sending leaves the same state.
  CallSpec spec{"BatchWriteItem", FirstTable(request.request_items), Idempotency::kIdempotent};
  return Run(spec, internal::EncodeBatchWriteItem(request), internal::DecodeBatchWriteItem);
}

Result<BatchGetItemResponse> Client::BatchGetItem(const BatchGetItemRequest& request) {
  CallSpec spec{"BatchGetItem", FirstTable(request.request_items), Idempotency::kIdempotent};
  return Run(spec, internal::EncodeBatchGetItem(request), internal::DecodeBatchGetItem);
}

Result<BatchWriteAllResult> Client::BatchWriteAll(
    const std::map<std::string, std::vector<WriteRequest>>& writes,
    const std::map<std::string, KeySchema>& key_schemas) {
  // DynamoDB rejects a batch with two writes to one key; catching it here names the item
  // and keeps chunk boundaries from hiding it.
  for (const auto& [table, requests] : writes) {
    auto schema_it = key_schemas.find(table);
    const KeySchema* schema = schema_it == key_schemas.end() ? nullptr : &schema_it->second;
    std::set<std::string, std::less<>> seen;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (!seen.insert(KeyFingerprint(requests[i].item, schema)).second) {
        return Error(errc::kInvalidArgument,
                     fmt::format("BatchWriteAll: write {} to table {} repeats the key of an "
                                 "earlier write (one batch may write each key once)",
                                 i, table))
            .set_operation("BatchWriteItem")
            .set_table(table);
      }
    }
  }

  std::vector<std::vector<TableWrite>> chunks = ChunkWrites(writes);
  std::vector<BatchWriteAllResult> partial(chunks.size());
  const int max_stalls = std::max(1, retry_policy_->options().max_attempts);

  ParallelFor(chunks.size(), [&](std::size_t c) {
    BatchWriteAllResult& out = partial[c];
    BatchWriteItemRequest pending;
    for (const TableWrite& write : chunks[c]) {
      pending.request_items[std::string(write.table)].push_back(*write.request);
    }
    // Rounds in a row that wrote nothing; progress resets it, so a slowly draining chunk
    // keeps going while a stuck one stops after max_attempts rounds.
    int stalls = 0;
    for (int round = 1;; ++round) {
      std::size_t sent = 0;
      for (const auto& [table, requests] : pending.request_items) sent += requests.size();
      Result<BatchWriteItemResponse> response = BatchWriteItem(pending);
      out.requests_sent++;
      if (!response.ok()) {
        for (auto& [table, requests] : pending.request_items) {
          for (WriteRequest& request : requests) {
            out.failed.push_back({table, std::move(request), response.error()});
          }
        }
        return;
      }
      for (ConsumedCapacity& capacity : response->consumed_capacity) {
        out.consumed_capacity.push_back(std::move(capacity));
      }
      std::size_t left = 0;
      for (const auto& [table, requests] : response->unprocessed_items) left += requests.size();
      if (left == 0) return;
      stalls = left < sent ? 0 : stalls + 1;
      if (stalls >= max_stalls) {
        Error error(errc::kUnprocessed,
                    fmt::format("still unprocessed after {} rounds of BatchWriteItem ({} in a "
                                "row without progress)",
                                round, stalls));
        error.set_operation("BatchWriteItem").set_attempts(round);
        for (auto& [table, requests] : response->unprocessed_items) {
          for (WriteRequest& request : requests) {
            out.failed.push_back({table, std::move(request), error});
          }
        }
        return;
      }
      // Unprocessed items mean the table is over its throughput: back off like throttling.
      sleeper_->Sleep(retry_policy_->Backoff(RetryClass::kThrottling, std::min(round, 16)));
      pending.request_items = std::move(response->unprocessed_items);
    }
  });

  BatchWriteAllResult result;
  for (BatchWriteAllResult& part : partial) {
    result.requests_sent += part.requests_sent;
    for (FailedWrite& failed : part.failed) result.failed.push_back(std::move(failed));
    for (ConsumedCapacity& capacity : part.consumed_capacity) {
      result.consumed_capacity.push_back(std::move(capacity));
    }
  }
  return result;
}

Result<BatchGetAllResult> Client::BatchGetAll(const std::map<std::string, KeysAndAttributes>& reads) {
  for (const auto& [table, keys] : reads) {
    std::set<std::string, std::less<>> seen;
    for (std::size_t i = 0; i < keys.keys.size(); ++i) {
      if (!seen.insert(internal::EncodeItemJson(keys.keys[i])).second) {
        return Error(errc::kInvalidArgument,
                     fmt::format("BatchGetAll: key {} for table {} repeats an earlier key", i,
                                 table))
            .set_operation("BatchGetItem")
            .set_table(table);
      }
    }
  }

  // Chunks of at most 100 keys; each keeps its table's projection and read consistency.
  std::vector<BatchGetItemRequest> chunks;
  std::size_t in_chunk = internal::kMaxBatchGetKeys;
  for (const auto& [table, keys] : reads) {
    for (const Item& key : keys.keys) {
      if (in_chunk == internal::kMaxBatchGetKeys) {
        chunks.emplace_back();
        in_chunk = 0;
      }
      KeysAndAttributes& entry = chunks.back().request_items[table];
      if (entry.keys.empty()) {
        entry.projection = keys.projection;
        entry.consistent_read = keys.consistent_read;
      }
      entry.keys.push_back(key);
      ++in_chunk;
    }
  }

  std::vector<BatchGetAllResult> partial(chunks.size());
  const int max_stalls = std::max(1, retry_policy_->options().max_attempts);
  ParallelFor(chunks.size(), [&](std::size_t c) {
    BatchGetAllResult& out = partial[c];
    BatchGetItemRequest pending = std::move(chunks[c]);
    int stalls = 0;
    for (int round = 1;; ++round) {
      std::size_t sent = 0;
      for (const auto& [table, keys] : pending.request_items) sent += keys.keys.size();
      Result<BatchGetItemResponse> response = BatchGetItem(pending);
      out.requests_sent++;
      if (!response.ok()) {
        for (auto& [table, keys] : pending.request_items) {
          for (Item& key : keys.keys) out.failed.push_back({table, std::move(key), response.error()});
        }
        return;
      }
      for (auto& [table, items] : response->responses) {
        auto& found = out.items[table];
        for (Item& item : items) found.push_back(std::move(item));
      }
      for (ConsumedCapacity& capacity : response->consumed_capacity) {
        out.consumed_capacity.push_back(std::move(capacity));
      }
      std::size_t left = 0;
      for (const auto& [table, keys] : response->unprocessed_keys) left += keys.keys.size();
      if (left == 0) return;
      stalls = left < sent ? 0 : stalls + 1;
      if (stalls >= max_stalls) {
        Error error(errc::kUnprocessed,
                    fmt::format("still unprocessed after {} rounds of BatchGetItem ({} in a "
                                "row without progress)",
                                round, stalls));
        error.set_operation("BatchGetItem").set_attempts(round);
        for (auto& [table, keys] : response->unprocessed_keys) {
          for (Item& key : keys.keys) out.failed.push_back({table, std::move(key), error});
        }
        return;
      }
      sleeper_->Sleep(retry_policy_->Backoff(RetryClass::kThrottling, std::min(round, 16)));
      // Re-send the unprocessed keys with the projection and consistency the caller asked
      // for (the answer's own copy of them is not decoded).
      BatchGetItemRequest next;
      for (auto& [table, keys] : response->unprocessed_keys) {
        KeysAndAttributes& entry = next.request_items[table];
        entry = std::move(keys);
        entry.projection = pending.request_items[table].projection;
        entry.consistent_read = pending.request_items[table].consistent_read;
      }
      pending = std::move(next);
    }
  });

  BatchGetAllResult result;
  for (BatchGetAllResult& part : partial) {
    result.requests_sent += part.requests_sent;
    for (auto& [table, items] : part.items) {
      auto& found = result.items[table];
      for (Item& item : items) found.push_back(std::move(item));
    }
    for (FailedRead& failed : part.failed) result.failed.push_back(std::move(failed));
    for (ConsumedCapacity& capacity : part.consumed_capacity) {
      result.consumed_capacity.push_back(std::move(capacity));
    }
  }
  return result;
}

}  // namespace homeboard::ddb
