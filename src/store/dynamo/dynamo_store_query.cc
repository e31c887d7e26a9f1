// DynamoStore::Query: the store's page (`limit` items after the filter) assembled from as
// many DynamoDB Query pages as it takes, with a signed cursor naming where the next page
// starts. See dynamo_store.h for the rules and the one difference from the SQLite engine.
//
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html
#include <fmt/format.h>

#include <algorithm>

#include "ddb/internal/value_codec.h"
#include "store/dynamo/dynamo_store.h"
#include "store/dynamo/error_mapping.h"
#include "store/request_checks.h"

namespace homeboard::store::dynamo {
namespace {

// Key values compare as DynamoDB compares them: numbers by value ("1" and "1.0" are one
// key; DynamoDB answers with its own spelling, the caller may use another).
bool SameKeyValue(const AttributeValue& a, const AttributeValue& b) {
  if (a.IsN() && b.IsN()) {
    return ddb::internal::CanonicalNumber(a.AsN()) == ddb::internal::CanonicalNumber(b.AsN());
  }
  return a == b;
}

// A decoded cursor is the signed key of an item this store returned for this table and
// index. It must also lie in the partition this query reads: a cursor of another partition
// (say, another user's) is refused here rather than left to DynamoDB's validation.
Status CheckStartKey(const TableSpec& spec, const QueryRequest& request, const Item& start) {
  auto refuse = [] { return InvalidArgument("cursor: belongs to another query"); };
  if (start != PagingKey(spec, request.index, start)) return refuse();
  if (Status s = CheckKey(spec, KeyOf(spec, start)); !s.ok()) return refuse();
  auto partition = start.find(request.key_condition.partition_name());
  if (partition == start.end() ||
      !SameKeyValue(partition->second, request.key_condition.partition_value())) {
    return refuse();
  }
  return {};
}

}  // namespace

Result<QueryPage> DynamoStore::Query(const QueryRequest& request) {
  Result<std::shared_ptr<const TableSpec>> found = FindTable(request.table);
  if (!found.ok()) return found.error();
  const TableSpec& spec = **found;
  if (Status s = CheckQuery(spec, request); !s.ok()) return s.error();

  ddb::QueryRequest query{.table_name = request.table,
                          .index_name = request.index,
                          .key_condition = request.key_condition,
                          .filter = request.filter,
                          .scan_index_forward = request.forward,
                          .consistent_read = request.consistent_read};
  if (!request.cursor.empty()) {
    Result<Item> start = cursors_.Decode(request.cursor, request.table, request.index);
    if (!start.ok()) return start.error();
    if (Status s = CheckStartKey(spec, request, *start); !s.ok()) return s.error();
    query.exclusive_start_key = std::move(start).value();
  }

  const std::size_t limit = static_cast<std::size_t>(request.limit);
  QueryPage page;
  // Where the next page starts: the key of the last item returned, or the LastEvaluatedKey
  // of a DynamoDB page whose remaining items the filter dropped. Unset before any progress.
  std::optional<Item> resume;
  auto cursor_at = [&](const Item& key) {
    return cursors_.Encode(request.table, request.index, key);
  };
  int filtered_page = kMinFilteredPageSize;

  for (int round = 1;; ++round) {
    // One item more than the page needs: finding it tells that the partition goes on.
    const int wanted = static_cast<int>(limit + 1 - page.items.size());
    if (request.filter.empty()) {
      query.limit = wanted;
    } else {
      query.limit = std::max(wanted, filtered_page);
      filtered_page = std::min(2 * filtered_page, kMaxEvaluatedPageSize);
    }
    ddb::Result<ddb::QueryResponse> response = client_->Query(query);
    if (!response.ok()) return FromDdbError(response.error());

    for (Item& item : response->items) {
      if (page.items.size() == limit) {
        page.next_cursor = cursor_at(*resume);  // `item` proves there is more
        return page;
      }
      resume = PagingKey(spec, request.index, item);
      page.items.push_back(std::move(item));
    }
    if (!response->last_evaluated_key) return page;  // the partition is exhausted
    resume = PagingKey(spec, request.index, *response->last_evaluated_key);
    if (round >= kMaxPagesPerQuery) {
      page.next_cursor = cursor_at(*resume);
      return page;
    }
    query.exclusive_start_key = std::move(response->last_evaluated_key);
  }
}

}  // namespace homeboard::store::dynamo
