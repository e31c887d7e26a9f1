#include "store/request_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ddb/item_json.h"

namespace homeboard::store {
namespace {

bool HasType(const AttributeValue& value, KeyType type) {
  switch (type) {
    case KeyType::kString:
      return value.IsS();
    case KeyType::kNumber:
      return value.IsN();
    case KeyType::kBinary:
      return value.IsB();
  }
  return false;
}

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html:
// partition key values up to 2048 bytes, sort key values up to 1024 bytes.
constexpr std::size_t kMaxPartitionKeyBytes = 2048;
constexpr std::size_t kMaxSortKeyBytes = 1024;

Status CheckKeyLength(const AttributeValue& value, const KeyAttribute& key, std::string_view where,
                      std::size_t max_bytes) {
  std::size_t size = value.IsS() ? value.AsS().size() : value.IsB() ? value.AsB().size() : 0;
  if (size > max_bytes) {
    return InvalidArgument(fmt::format("{}: key attribute \"{}\" is {} bytes, at most {}", where,
                                       key.name, size, max_bytes));
  }
  return {};
}

Status CheckKeyAttribute(const Item& item, const KeyAttribute& key, std::string_view where,
                         bool required, std::size_t max_bytes) {
  auto it = item.find(key.name);
  if (it == item.end()) {
    if (!required) return {};
    return InvalidArgument(fmt::format("{}: key attribute \"{}\" is missing", where, key.name));
  }
  if (!HasType(it->second, key.type)) {
    return InvalidArgument(fmt::format("{}: key attribute \"{}\" must be of type {}, got {}", where,
                                       key.name, KeyTypeName(key.type),
                                       AttributeValue::TypeName(it->second.type())));
  }
  if ((it->second.IsS() && it->second.AsS().empty()) ||
      (it->second.IsB() && it->second.AsB().empty())) {
    return InvalidArgument(fmt::format("{}: key attribute \"{}\" is empty", where, key.name));
  }
  return CheckKeyLength(it->second, key, where, max_bytes);
}

// The top-level attribute names a condition reads.
void CollectNames(const Condition& condition, std::vector<std::string>& names) {
  if (condition.empty()) return;
  for (const ddb::Operand& operand : condition.operands()) {
    const ddb::Path* path = operand.path();
    if (path == nullptr && operand.size() != nullptr) path = &operand.size()->path();
    if (path != nullptr && !path->segments().empty() && !path->segments().front().is_index) {
      names.push_back(path->segments().front().name);
    }
  }
  for (const Condition& child : condition.children()) CollectNames(child, names);
}

}  // namespace

Error InvalidArgument(std::string message) {
  return Error{.code = Error::Code::kInvalidArgument, .message = std::move(message)};
}

Status CheckKey(const TableSpec& spec, const Item& key) {
  if (Status s = CheckKeyAttribute(key, spec.partition_key, spec.name, true, kMaxPartitionKeyBytes); !s.ok()) return s;
  std::size_t expected = 1;
  if (spec.sort_key) {
    if (Status s = CheckKeyAttribute(key, *spec.sort_key, spec.name, true, kMaxSortKeyBytes); !s.ok()) return s;
    expected = 2;
  }
  if (key.size() != expected) {
    return InvalidArgument(fmt::format("{}: a key has exactly the key attributes ({} given, {} "
                                       "expected)",
                                       spec.name, key.size(), expected));
  }
  return {};
}

Status CheckItem(const TableSpec& spec, const Item& item) {
  if (Status s = CheckKeyAttribute(item, spec.partition_key, spec.name, true, kMaxPartitionKeyBytes); !s.ok()) return s;
  if (spec.sort_key) {
    if (Status s = CheckKeyAttribute(item, *spec.sort_key, spec.name, true, kMaxSortKeyBytes); !s.ok()) return s;
  }
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    std::string where = fmt::format("{} index {}", spec.name, index.name);
    if (Status s = CheckKeyAttribute(item, index.partition_key, where, false, kMaxPartitionKeyBytes); !s.ok()) return s;
    if (index.sort_key) {
      if (Status s = CheckKeyAttribute(item, *index.sort_key, where, false, kMaxSortKeyBytes); !s.ok()) return s;
    }
  }
  if (ddb::Status s = ddb::ValidateItem(item); !s.ok()) {
    return InvalidArgument(fmt::format("{}: {}", spec.name, s.error().message()));
  }
  if (std::size_t size = ddb::ItemSize(item); size > kMaxItemBytes) {
    return Error{.code = Error::Code::kTooLarge,
                 .message = fmt::format("{}: item is {} bytes, over the {} byte limit", spec.name,
                                        size, kMaxItemBytes)};
  }
  return {};
}

Status CheckUpdate(const TableSpec& spec, const Update& update) {
  if (update.empty()) return InvalidArgument(fmt::format("{}: update has no actions", spec.name));
  for (const Update::Action& action : update.actions()) {
    const auto& first = action.path.segments().front();
    if (first.is_index) continue;
    if (action.path.segments().size() == 1) {
      // A value written to an index key attribute must fit that key's length limit.
      for (const IndexSpec& index : spec.global_secondary_indexes) {
        std::string where = fmt::format("{} index {}", spec.name, index.name);
        if (first.name == index.partition_key.name) {
          if (Status s = CheckKeyLength(action.value, index.partition_key, where,
                                        kMaxPartitionKeyBytes);
              !s.ok()) {
            return s;
          }
        }
        if (index.sort_key && first.name == index.sort_key->name) {
          if (Status s = CheckKeyLength(action.value, *index.sort_key, where, kMaxSortKeyBytes);
              !s.ok()) {
            return s;
          }
        }
      }
    }
    if (first.name == spec.partition_key.name ||
        (spec.sort_key && first.name == spec.sort_key->name)) {
      return InvalidArgument(
          fmt::format("{}: an update may not change key attribute \"{}\"", spec.name, first.name));
    }
  }
  return {};
}

Status CheckScan(const ScanRequest& request) {
  if (request.limit < 1 || request.limit > kMaxScanLimit) {
    return InvalidArgument(
        fmt::format("scan limit must be 1 to {}, got {}", kMaxScanLimit, request.limit));
  }
  if (request.total_segments < 1 || request.total_segments > kMaxScanSegments) {
    return InvalidArgument(fmt::format("scan total_segments must be 1 to {}, got {}",
                                       kMaxScanSegments, request.total_segments));
  }
  if (request.segment < 0 || request.segment >= request.total_segments) {
    return InvalidArgument(fmt::format("scan segment must be 0 to {}, got {}",
                                       request.total_segments - 1, request.segment));
  }
  return {};
}

std::string ScanCursorScope(const ScanRequest& request) {
  return fmt::format("#scan:{}/{}", request.segment, request.total_segments);
}

Status CheckQuery(const TableSpec& spec, const QueryRequest& request) {
  if (request.limit < 1 || request.limit > kMaxQueryLimit) {
    return InvalidArgument(fmt::format("query limit must be 1 to {}, got {}", kMaxQueryLimit,
                                       request.limit));
  }
  const KeyAttribute* partition = &spec.partition_key;
  const std::optional<KeyAttribute>* sort = &spec.sort_key;
  if (!request.index.empty()) {
    const IndexSpec* index = spec.FindIndex(request.index);
    if (index == nullptr) {
      return Error{.code = Error::Code::kNotFound,
                   .message = fmt::format("{} has no index {}", spec.name, request.index)};
    }
    if (request.consistent_read) {
      return InvalidArgument("consistent reads are not supported on a global secondary index");
    }
    partition = &index->partition_key;
    sort = &index->sort_key;
  }
  // DynamoDB: "Filter Expression can only contain non-primary key attributes" (of the table
  // or index queried). Checked here so both engines refuse the same queries.
  std::vector<std::string> filtered;
  CollectNames(request.filter, filtered);
  for (const std::string& name : filtered) {
    if (name == partition->name || (sort->has_value() && name == (*sort)->name)) {
      return InvalidArgument(fmt::format(
          "the filter may not use key attribute \"{}\"; use the key condition instead", name));
    }
  }
  const KeyCondition& condition = request.key_condition;
  if (condition.empty() || condition.partition_name() != partition->name) {
    return InvalidArgument(fmt::format("the key condition must name partition key \"{}\"",
                                       partition->name));
  }
  if (!HasType(condition.partition_value(), partition->type)) {
    return InvalidArgument(fmt::format("partition key \"{}\" must be of type {}", partition->name,
                                       KeyTypeName(partition->type)));
  }
  if (condition.sort_op() != KeyCondition::SortOp::kNone) {
    if (!sort->has_value() || condition.sort_name() != (*sort)->name) {
      return InvalidArgument(fmt::format("the sort condition must name the sort key{}",
                                         sort->has_value() ? " \"" + (*sort)->name + "\"" : ""));
    }
    for (const AttributeValue& value : condition.sort_values()) {
      if (!HasType(value, (*sort)->type)) {
        return InvalidArgument(fmt::format("sort key \"{}\" must be compared with type {}",
                                           (*sort)->name, KeyTypeName((*sort)->type)));
      }
    }
  }
  return {};
}

bool IsValidTableName(std::string_view name) {
  if (name.size() < 3 || name.size() > 255) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

Status CheckTableSpec(const TableSpec& spec) {
  if (!IsValidTableName(spec.name)) {
    return InvalidArgument(fmt::format(
        "table name \"{}\" must be 3 to 255 characters of a-z, A-Z, 0-9, _, - and .", spec.name));
  }
  std::map<std::string, KeyType> types;
  auto define = [&](const KeyAttribute& key, std::string_view where) -> Status {
    if (key.name.empty() || key.name.size() > 255) {
      return InvalidArgument(
          fmt::format("{} {}: key attribute names are 1 to 255 bytes", spec.name, where));
    }
    auto [it, inserted] = types.emplace(key.name, key.type);
    if (!inserted && it->second != key.type) {
      return InvalidArgument(fmt::format("{}: attribute {} is a key of type {} and of type {}",
                                         spec.name, key.name, KeyTypeName(it->second),
                                         KeyTypeName(key.type)));
    }
    return {};
  };
  auto check_keys = [&](const KeyAttribute& partition, const std::optional<KeyAttribute>& sort,
                        std::string_view where) -> Status {
    if (Status s = define(partition, where); !s.ok()) return s;
    if (sort) {
      if (sort->name == partition.name) {
        return InvalidArgument(fmt::format("{} {}: the sort key {} is also the partition key",
                                           spec.name, where, sort->name));
      }
      if (Status s = define(*sort, where); !s.ok()) return s;
    }
    return {};
  };
  if (Status s = check_keys(spec.partition_key, spec.sort_key, "key"); !s.ok()) return s;
  std::set<std::string> index_names;
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    if (!IsValidTableName(index.name)) {
      return InvalidArgument(fmt::format(
          "{}: index name \"{}\" must be 3 to 255 characters of a-z, A-Z, 0-9, _, - and .",
          spec.name, index.name));
    }
    if (!index_names.insert(index.name).second) {
      return InvalidArgument(fmt::format("{}: two indexes are named {}", spec.name, index.name));
    }
    if (Status s = check_keys(index.partition_key, index.sort_key, "index " + index.name);
        !s.ok()) {
      return s;
    }
  }
  return {};
}

Status CheckTransactionSize(const std::vector<TransactAction>& actions) {
  std::size_t total = 0;
  for (const TransactAction& action : actions) {
    total += ddb::ItemSize(action.item);
    for (const Update::Action& update : action.update.actions()) {
      total += update.value.ApproximateSize();
    }
  }
  if (total > kMaxTransactionBytes) {
    return Error{.code = Error::Code::kTooLarge,
                 .message = fmt::format("the transaction's items come to {} bytes, over the {} "
                                        "byte limit",
                                        total, kMaxTransactionBytes)};
  }
  return {};
}

Item KeyOf(const TableSpec& spec, const Item& item) {
  Item key;
  if (auto it = item.find(spec.partition_key.name); it != item.end()) key.insert(*it);
  if (spec.sort_key) {
    if (auto it = item.find(spec.sort_key->name); it != item.end()) key.insert(*it);
  }
  return key;
}

}  // namespace homeboard::store
