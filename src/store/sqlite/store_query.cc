// SqliteStore: Query and BatchGet.
//
// A query is one SQL range scan: over the items table's (pk, sk) index for a table query,
// over the index table's (ipk, isk, pk, sk) primary key joined to the items for a GSI
// query. The sort-key condition and the cursor become range bounds on the sortable key
// columns; the filter is evaluated on each row until the page is full, and one more
// matching row is looked for to decide whether there is a next page at all.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ddb/internal/value_codec.h"
#include "store/request_checks.h"
#include "store/sqlite/condition_eval.h"
#include "store/sqlite/item_format.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/store_impl.h"

namespace homeboard::store::sqlite {
namespace {

using SortOp = KeyCondition::SortOp;

// The keys the query runs on: the table's, or the GSI's.
struct QueryKeys {
  const KeyAttribute* partition = nullptr;
  const KeyAttribute* sort = nullptr;  // null: no sort key
  const IndexSpec* index = nullptr;    // null: the table itself
  std::size_t index_position = 0;
};

Status ValidateKeyCondition(const KeyCondition& key_condition) {
  ddb::ExpressionAliases aliases;
  if (ddb::Result<std::string> rendered = ddb::Render(key_condition, aliases); !rendered.ok()) {
    return InvalidArgument("key condition: " + rendered.error().message());
  }
  auto check = [](const AttributeValue& value) -> Status {
    if (ddb::Status s = ddb::internal::ValidateForWrite(value, "key condition value"); !s.ok()) {
      return InvalidArgument("key condition: " + s.error().message());
    }
    return {};
  };
  if (Status s = check(key_condition.partition_value()); !s.ok()) return s;
  for (const AttributeValue& value : key_condition.sort_values()) {
    if (Status s = check(value); !s.ok()) return s;
  }
  if (key_condition.sort_op() == SortOp::kBetween &&
      EncodeKeyValue(key_condition.sort_values()[0]) >
          EncodeKeyValue(key_condition.sort_values()[1])) {
    return InvalidArgument(
        "key condition: the BETWEEN operator requires upper bound to be greater than or equal "
        "to lower bound");
  }
  return {};
}

// The smallest byte string greater than every string starting with `prefix`, if any.
std::optional<std::string> PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

// Whether the encoded sort key `key` satisfies the key condition's sort part.
bool InSortRange(const KeyCondition& condition, const std::string& key) {
  const std::vector<AttributeValue>& values = condition.sort_values();
  switch (condition.sort_op()) {
    case SortOp::kNone:
      return true;
    case SortOp::kEqual:
      return key == EncodeKeyValue(values[0]);
    case SortOp::kLess:
      return key < EncodeKeyValue(values[0]);
    case SortOp::kLessOrEqual:
      return key <= EncodeKeyValue(values[0]);
    case SortOp::kGreater:
      return key > EncodeKeyValue(values[0]);
    case SortOp::kGreaterOrEqual:
      return key >= EncodeKeyValue(values[0]);
    case SortOp::kBetween:
      return EncodeKeyValue(values[0]) <= key && key <= EncodeKeyValue(values[1]);
    case SortOp::kBeginsWith:
      return key.rfind(EncodeKeyValue(values[0]), 0) == 0;
  }
  return false;
}

bool HasKeyOfType(const Item& item, const KeyAttribute& key) {
  auto it = item.find(key.name);
  if (it == item.end()) return false;
  const AttributeValue& value = it->second;
  return (key.type == KeyType::kString && value.IsS() && !value.AsS().empty()) ||
         (key.type == KeyType::kNumber && value.IsN() &&
          ddb::internal::AnalyzeNumber(value.AsN()).InRange()) ||
         (key.type == KeyType::kBinary && value.IsB() && !value.AsB().empty());
}

// The attributes a KEYS_ONLY or INCLUDE index holds.
std::set<std::string, std::less<>> Projected(const TableSpec& spec, const IndexSpec& index) {
  std::set<std::string, std::less<>> kept = {spec.partition_key.name, index.partition_key.name};
  if (spec.sort_key) kept.insert(spec.sort_key->name);
  if (index.sort_key) kept.insert(index.sort_key->name);
  if (index.projection == IndexSpec::Projection::kInclude) {
    kept.insert(index.included_attributes.begin(), index.included_attributes.end());
  }
  return kept;
}

// Top-level attribute names a condition reads.
void CollectNames(const Condition& condition, std::set<std::string>& names) {
  for (const ddb::Operand& operand : condition.operands()) {
    const ddb::Path* path = operand.path();
    if (path == nullptr && operand.size() != nullptr) path = &operand.size()->path();
    if (path != nullptr && !path->segments().empty()) names.insert(path->segments()[0].name);
  }
  for (const Condition& child : condition.children()) CollectNames(child, names);
}

// DynamoDB: "Secondary index ... does not project one or more filter attributes".
Status CheckFilterIsProjected(const TableSpec& spec, const IndexSpec& index,
                              const Condition& filter) {
  if (index.projection == IndexSpec::Projection::kAll || filter.empty()) return {};
  std::set<std::string> names;
  CollectNames(filter, names);
  std::set<std::string, std::less<>> projected = Projected(spec, index);
  for (const std::string& name : names) {
    if (!projected.count(name)) {
      return InvalidArgument(
          fmt::format("Secondary index {} does not project one or more filter attributes (\"{}\")",
                      index.name, name));
    }
  }
  return {};
}

// Only the attributes a KEYS_ONLY or INCLUDE index holds.
Item Project(const TableSpec& spec, const IndexSpec& index, Item item) {
  if (index.projection == IndexSpec::Projection::kAll) return item;
  std::set<std::string, std::less<>> kept = Projected(spec, index);
  for (auto it = item.begin(); it != item.end();) {
    it = kept.count(it->first) ? std::next(it) : item.erase(it);
  }
  return item;
}

}  // namespace

Result<QueryPage> SqliteStore::Query(const QueryRequest& request) {
  auto table = impl_->FindTable(request.table);
  if (!table.ok()) return std::move(table).error();
  const TableInfo& info = **table;
  const TableSpec& spec = info.spec;
  if (Status s = CheckQuery(spec, request); !s.ok()) return std::move(s).error();
  if (Status s = ValidateKeyCondition(request.key_condition); !s.ok()) {
    return std::move(s).error();
  }
  // (CheckQuery refuses filters on the queried key attributes, as DynamoDB does.)
  if (Status s = ValidateCondition(request.filter, "filter"); !s.ok()) {
    return std::move(s).error();
  }

  QueryKeys keys{.partition = &spec.partition_key,
                 .sort = spec.sort_key ? &*spec.sort_key : nullptr};
  if (!request.index.empty()) {
    for (std::size_t i = 0; i < spec.global_secondary_indexes.size(); ++i) {
      const IndexSpec& index = spec.global_secondary_indexes[i];
      if (index.name != request.index) continue;
      keys = QueryKeys{.partition = &index.partition_key,
                       .sort = index.sort_key ? &*index.sort_key : nullptr,
                       .index = &index,
                       .index_position = i};
    }
  }
  if (keys.index != nullptr) {
    if (Status s = CheckFilterIsProjected(spec, *keys.index, request.filter); !s.ok()) {
      return std::move(s).error();
    }
  }

  const KeyCondition& condition = request.key_condition;
  const std::string partition = EncodeKeyValue(condition.partition_value());
  const char* direction = request.forward ? "ASC" : "DESC";
  const char* after = request.forward ? ">" : "<";
  std::string sort_column = keys.index == nullptr ? "sk" : "g.isk";
  std::string sql;
  std::vector<std::string> parameters = {partition};
  if (keys.index == nullptr) {
    sql = fmt::format("SELECT item FROM {} WHERE pk = ?", info.items_table);
  } else {
    // CROSS JOIN keeps the index table as the outer loop: scan it in order, look each item up.
    sql = fmt::format(
        "SELECT t.item FROM {} AS g CROSS JOIN {} AS t ON t.pk = g.pk AND t.sk = g.sk "
        "WHERE g.ipk = ?",
        info.index_tables[keys.index_position], info.items_table);
  }
  const std::vector<AttributeValue>& values = condition.sort_values();
  auto bound = [&](std::string_view op, const AttributeValue& value) {
    sql += fmt::format(" AND {} {} ?", sort_column, op);
    parameters.push_back(EncodeKeyValue(value));
  };
  switch (condition.sort_op()) {
    case SortOp::kNone:
      break;
    case SortOp::kEqual:
      bound("=", values[0]);
      break;
    case SortOp::kLess:
      bound("<", values[0]);
      break;
    case SortOp::kLessOrEqual:
      bound("<=", values[0]);
      break;
    case SortOp::kGreater:
      bound(">", values[0]);
      break;
    case SortOp::kGreaterOrEqual:
      bound(">=", values[0]);
      break;
    case SortOp::kBetween:
      bound(">=", values[0]);
      bound("<=", values[1]);
      break;
    case SortOp::kBeginsWith: {
      std::string prefix = EncodeKeyValue(values[0]);
      sql += fmt::format(" AND {} >= ?", sort_column);
      parameters.push_back(prefix);
      if (std::optional<std::string> end = PrefixSuccessor(prefix)) {
        sql += fmt::format(" AND {} < ?", sort_column);
        parameters.push_back(*end);
      }
      break;
    }
  }

  if (!request.cursor.empty()) {
    Result<Item> start = impl_->cursors_->Decode(request.cursor, request.table, request.index);
    if (!start.ok()) return std::move(start).error();
    std::size_t expected = 1 + (spec.sort_key ? 1 : 0);
    bool well_formed = HasKeyOfType(*start, spec.partition_key) &&
                       (!spec.sort_key || HasKeyOfType(*start, *spec.sort_key)) &&
                       HasKeyOfType(*start, *keys.partition) &&
                       (keys.sort == nullptr || HasKeyOfType(*start, *keys.sort));
    if (keys.index != nullptr) {
      expected = PagingKey(spec, request.index, *start).size();
    }
    if (!well_formed || start->size() != expected) {
      return InvalidArgument("cursor: does not hold a key of this table and index");
    }
    if (EncodeKeyValue(start->at(keys.partition->name)) != partition) {
      return InvalidArgument("cursor: belongs to another query (a different partition)");
    }
    std::string start_sort = keys.sort ? EncodeKeyValue(start->at(keys.sort->name)) : "";
    if (keys.sort != nullptr && !InSortRange(condition, start_sort)) {
      return InvalidArgument(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    EncodedKey start_key = EncodeTableKey(spec, *start);
    if (keys.index == nullptr) {
      sql += fmt::format(" AND sk {} ?", after);
      parameters.push_back(start_key.sk);
    } else {
      sql += fmt::format(" AND (g.isk, g.pk, g.sk) {} (?, ?, ?)", after);
      parameters.push_back(start_sort);
      parameters.push_back(start_key.pk);
      parameters.push_back(start_key.sk);
    }
  }
  if (keys.index == nullptr) {
    sql += fmt::format(" ORDER BY sk {}", direction);
  } else {
    sql += fmt::format(" ORDER BY g.isk {0}, g.pk {0}, g.sk {0}", direction);
  }

  QueryPage page;
  // Room for a typical container (a widget's bookmarks) at once, rather than growing the
  // vector in seven steps, each a larger allocation and a move of every item so far.
  page.items.reserve(std::min<std::size_t>(static_cast<std::size_t>(request.limit), 64));
  bool more = false;
  Status status = impl_->Read(false, [&](Connection& connection) -> Status {
    Result<Statement> select = connection.Prepare(sql, "querying");
    if (!select.ok()) return std::move(select).error();
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      select->BindBlob(static_cast<int>(i + 1), parameters[i]);
    }
    for (;;) {
      Result<bool> row = select->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) return {};
      Result<Item> item = DecodeItem(select->ColumnBlob(0));
      if (!item.ok()) return std::move(item).error();
      Item visible = keys.index == nullptr ? std::move(item).value()
                                           : Project(spec, *keys.index, std::move(item).value());
      if (!EvaluateCondition(request.filter, visible)) continue;
      if (page.items.size() == static_cast<std::size_t>(request.limit)) {
        more = true;
        return {};
      }
      page.items.push_back(std::move(visible));
    }
  });
  if (!status.ok()) return std::move(status).error();
  if (more) {
    page.next_cursor = impl_->cursors_->Encode(request.table, request.index,
                                               PagingKey(spec, request.index, page.items.back()));
  }
  return page;
}

Result<std::vector<Item>> SqliteStore::BatchGet(const std::string& table_name,
                                                const std::vector<Item>& keys) {
  auto table = impl_->FindTable(table_name);
  if (!table.ok()) return std::move(table).error();
  const TableInfo& info = **table;
  std::vector<EncodedKey> encoded;
  std::set<EncodedKey> seen;
  for (const Item& key : keys) {
    if (Status s = CheckKey(info.spec, key); !s.ok()) return std::move(s).error();
    encoded.push_back(EncodeTableKey(info.spec, key));
    if (!seen.insert(encoded.back()).second) {
      return InvalidArgument(
          fmt::format("{}: provided list of item keys contains duplicates", table_name));
    }
  }
  std::vector<Item> items;
  if (encoded.empty()) return items;
  // Point lookups on the (pk, sk) index inside one read transaction: one consistent
  // snapshot, any number of keys, and no SQL variable limit to chunk around.
  Status status = impl_->Read(true, [&](Connection& connection) -> Status {
    for (const EncodedKey& key : encoded) {
      Result<std::optional<Item>> item = impl_->LoadItem(connection, info, key);
      if (!item.ok()) return std::move(item).error();
      if (item->has_value()) items.push_back(std::move(**item));
    }
    return {};
  });
  if (!status.ok()) return std::move(status).error();
  return items;
}

}  // namespace homeboard::store::sqlite
