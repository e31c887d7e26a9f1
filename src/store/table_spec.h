// TableSpec: what a table looks like, independent of the engine — its key attributes, its
// global secondary indexes and its TTL attribute. The model layer declares one per entity
// (src/model/tables.cc); each store engine creates tables from them and checks existing
// tables against them.
#ifndef HOMEBOARD_STORE_TABLE_SPEC_H_
#define HOMEBOARD_STORE_TABLE_SPEC_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace homeboard::store {

// Key attributes are strings, numbers or binary, as in DynamoDB.
enum class KeyType { kString, kNumber, kBinary };

// "S", "N" or "B".
std::string_view KeyTypeName(KeyType type);

struct KeyAttribute {
  std::string name;
  KeyType type = KeyType::kString;
  friend bool operator==(const KeyAttribute&, const KeyAttribute&) = default;
};

struct IndexSpec {
  enum class Projection { kAll, kKeysOnly, kInclude };
  std::string name;
  KeyAttribute partition_key;
  std::optional<KeyAttribute> sort_key;
  Projection projection = Projection::kAll;
  std::vector<std::string> included_attributes;  // kInclude only
  friend bool operator==(const IndexSpec&, const IndexSpec&) = default;
};

struct TableSpec {
  std::string name;  // full name, prefix included
  KeyAttribute partition_key;
  std::optional<KeyAttribute> sort_key;
  std::vector<IndexSpec> global_secondary_indexes;
  std::string ttl_attribute;  // empty: no TTL
  friend bool operator==(const TableSpec&, const TableSpec&) = default;

  const IndexSpec* FindIndex(std::string_view index_name) const {
    for (const IndexSpec& index : global_secondary_indexes) {
      if (index.name == index_name) return &index;
    }
    return nullptr;
  }
};

}  // namespace homeboard::store

#endif  // HOMEBOARD_STORE_TABLE_SPEC_H_
