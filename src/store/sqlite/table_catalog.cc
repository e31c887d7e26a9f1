// Table layout, spec validation, the spec codec and drift descriptions.
#include "store/sqlite/table_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ddb/item_json.h"
#include "store/request_checks.h"

namespace homeboard::store::sqlite {
namespace {

using V = AttributeValue;

std::string_view ProjectionName(IndexSpec::Projection projection) {
  switch (projection) {
    case IndexSpec::Projection::kAll:
      return "ALL";
    case IndexSpec::Projection::kKeysOnly:
      return "KEYS_ONLY";
    case IndexSpec::Projection::kInclude:
      return "INCLUDE";
  }
  return "ALL";
}

std::string DescribeProjection(const IndexSpec& index) {
  if (index.projection != IndexSpec::Projection::kInclude) {
    return std::string(ProjectionName(index.projection));
  }
  std::vector<std::string> sorted = index.included_attributes;
  std::sort(sorted.begin(), sorted.end());
  return fmt::format("INCLUDE [{}]", fmt::join(sorted, ", "));
}

// Attribute name -> type, first definition wins, in the order CreateTable defines them.
std::vector<KeyAttribute> AttributeDefinitions(const TableSpec& spec) {
  std::vector<KeyAttribute> definitions;
  std::set<std::string> seen;
  auto define = [&](const KeyAttribute& key) {
    if (seen.insert(key.name).second) definitions.push_back(key);
  };
  define(spec.partition_key);
  if (spec.sort_key) define(*spec.sort_key);
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    define(index.partition_key);
    if (index.sort_key) define(*index.sort_key);
  }
  return definitions;
}

V EncodeKey(const KeyAttribute& key) {
  return V::M({{"name", V::S(key.name)}, {"type", V::S(std::string(KeyTypeName(key.type)))}});
}

Error Corrupt(std::string_view problem) {
  return Error{.code = Error::Code::kCorrupt,
               .message = fmt::format("stored table spec is corrupt: {}", problem)};
}

const V* Field(const Item& map, std::string_view name, V::Type type) {
  auto it = map.find(name);
  return it != map.end() && it->second.type() == type ? &it->second : nullptr;
}

bool DecodeKey(const V* value, KeyAttribute& key) {
  if (value == nullptr) return false;
  const V* name = Field(value->AsM(), "name", V::Type::kS);
  const V* type = Field(value->AsM(), "type", V::Type::kS);
  if (name == nullptr || type == nullptr) return false;
  key.name = name->AsS();
  if (type->AsS() == "S") {
    key.type = KeyType::kString;
  } else if (type->AsS() == "N") {
    key.type = KeyType::kNumber;
  } else if (type->AsS() == "B") {
    key.type = KeyType::kBinary;
  } else {
    return false;
  }
  return true;
}

}  // namespace

TableInfo MakeTableInfo(std::int64_t id, TableSpec spec) {
  TableInfo info;
  info.id = id;
  info.items_table = fmt::format("t{}", id);
  for (std::size_t i = 0; i < spec.global_secondary_indexes.size(); ++i) {
    info.index_tables.push_back(fmt::format("t{}_i{}", id, i));
  }
  info.spec = std::move(spec);
  return info;
}

std::string CreateTableSql(const TableInfo& table) {
  // A rowid table with a unique (pk, sk) index rather than WITHOUT ROWID: items run to
  // kilobytes, and SQLite keeps large rows best in rowid tables.
  std::string sql = fmt::format(
      "CREATE TABLE {0}(id INTEGER PRIMARY KEY, pk BLOB NOT NULL, sk BLOB NOT NULL, "
      "item BLOB NOT NULL);"
      "CREATE UNIQUE INDEX {0}_key ON {0}(pk, sk);",
      table.items_table);
  for (const std::string& index : table.index_tables) {
    sql += fmt::format(
        "CREATE TABLE {}(ipk BLOB NOT NULL, isk BLOB NOT NULL, pk BLOB NOT NULL, "
        "sk BLOB NOT NULL, PRIMARY KEY (ipk, isk, pk, sk)) WITHOUT ROWID;",
        index);
  }
  return sql;
}

std::string DropTableSql(const TableInfo& table) {
  std::string sql = fmt::format("DROP TABLE IF EXISTS {};", table.items_table);
  for (const std::string& index : table.index_tables) {
    sql += fmt::format("DROP TABLE IF EXISTS {};", index);
  }
  return sql;
}

Status ValidateSpec(const TableSpec& spec) { return CheckTableSpec(spec); }

std::string EncodeSpec(const TableSpec& spec) {
  Item item;
  item["name"] = V::S(spec.name);
  item["partition_key"] = EncodeKey(spec.partition_key);
  if (spec.sort_key) item["sort_key"] = EncodeKey(*spec.sort_key);
  std::vector<V> indexes;
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    Item encoded;
    encoded["name"] = V::S(index.name);
    encoded["partition_key"] = EncodeKey(index.partition_key);
    if (index.sort_key) encoded["sort_key"] = EncodeKey(*index.sort_key);
    encoded["projection"] = V::S(std::string(ProjectionName(index.projection)));
    std::vector<V> included;
    for (const std::string& name : index.included_attributes) included.push_back(V::S(name));
    encoded["include"] = V::L(std::move(included));
    indexes.push_back(V::M(std::move(encoded)));
  }
  item["indexes"] = V::L(std::move(indexes));
  item["ttl"] = V::S(spec.ttl_attribute);
  return ddb::ItemToJson(item);
}

Result<TableSpec> DecodeSpec(std::string_view text) {
  ddb::Result<Item> parsed = ddb::ItemFromJson(text);
  if (!parsed.ok()) return Corrupt(parsed.error().message());
  const Item& item = *parsed;
  TableSpec spec;
  const V* name = Field(item, "name", V::Type::kS);
  const V* ttl = Field(item, "ttl", V::Type::kS);
  const V* indexes = Field(item, "indexes", V::Type::kL);
  if (name == nullptr || ttl == nullptr || indexes == nullptr ||
      !DecodeKey(Field(item, "partition_key", V::Type::kM), spec.partition_key)) {
    return Corrupt("missing fields");
  }
  spec.name = name->AsS();
  spec.ttl_attribute = ttl->AsS();
  if (const V* sort = Field(item, "sort_key", V::Type::kM)) {
    spec.sort_key.emplace();
    if (!DecodeKey(sort, *spec.sort_key)) return Corrupt("bad sort key");
  }
  for (const V& encoded : indexes->AsL()) {
    if (!encoded.IsM()) return Corrupt("bad index");
    const Item& fields = encoded.AsM();
    IndexSpec& index = spec.global_secondary_indexes.emplace_back();
    const V* index_name = Field(fields, "name", V::Type::kS);
    const V* projection = Field(fields, "projection", V::Type::kS);
    const V* include = Field(fields, "include", V::Type::kL);
    if (index_name == nullptr || projection == nullptr || include == nullptr ||
        !DecodeKey(Field(fields, "partition_key", V::Type::kM), index.partition_key)) {
      return Corrupt("bad index");
    }
    index.name = index_name->AsS();
    if (const V* sort = Field(fields, "sort_key", V::Type::kM)) {
      index.sort_key.emplace();
      if (!DecodeKey(sort, *index.sort_key)) return Corrupt("bad index sort key");
    }
    if (projection->AsS() == "ALL") {
      index.projection = IndexSpec::Projection::kAll;
    } else if (projection->AsS() == "KEYS_ONLY") {
      index.projection = IndexSpec::Projection::kKeysOnly;
    } else if (projection->AsS() == "INCLUDE") {
      index.projection = IndexSpec::Projection::kInclude;
    } else {
      return Corrupt("bad projection");
    }
    for (const V& attribute : include->AsL()) {
      if (!attribute.IsS()) return Corrupt("bad included attribute");
      index.included_attributes.push_back(attribute.AsS());
    }
  }
  return spec;
}

std::string DescribeKeys(const KeyAttribute& partition, const std::optional<KeyAttribute>& sort) {
  return sort ? fmt::format("HASH {}, RANGE {}", partition.name, sort->name)
              : fmt::format("HASH {}", partition.name);
}

std::vector<std::string> DescribeDrift(const TableSpec& wanted, const TableSpec& stored) {
  std::vector<std::string> drift;
  auto key_names = [](const KeyAttribute& partition, const std::optional<KeyAttribute>& sort) {
    return std::make_pair(partition.name, sort ? sort->name : std::string());
  };
  if (key_names(wanted.partition_key, wanted.sort_key) !=
      key_names(stored.partition_key, stored.sort_key)) {
    drift.push_back(fmt::format("key schema is ({}), spec wants ({})",
                                DescribeKeys(stored.partition_key, stored.sort_key),
                                DescribeKeys(wanted.partition_key, wanted.sort_key)));
  }
  std::vector<KeyAttribute> have = AttributeDefinitions(stored);
  for (const KeyAttribute& want : AttributeDefinitions(wanted)) {
    auto it = std::find_if(have.begin(), have.end(),
                           [&](const KeyAttribute& d) { return d.name == want.name; });
    if (it != have.end() && it->type != want.type) {
      drift.push_back(fmt::format("attribute {} has type {}, spec wants {}", want.name,
                                  KeyTypeName(it->type), KeyTypeName(want.type)));
    }
  }
  for (const IndexSpec& want : wanted.global_secondary_indexes) {
    const IndexSpec* existing = stored.FindIndex(want.name);
    if (existing == nullptr) {
      drift.push_back(fmt::format("GSI {} is missing (spec: {}, projection {})", want.name,
                                  DescribeKeys(want.partition_key, want.sort_key),
                                  DescribeProjection(want)));
      continue;
    }
    if (key_names(existing->partition_key, existing->sort_key) !=
        key_names(want.partition_key, want.sort_key)) {
      drift.push_back(fmt::format("GSI {} has keys ({}), spec wants ({})", want.name,
                                  DescribeKeys(existing->partition_key, existing->sort_key),
                                  DescribeKeys(want.partition_key, want.sort_key)));
    }
    if (DescribeProjection(*existing) != DescribeProjection(want)) {
      drift.push_back(fmt::format("GSI {} has projection {}, spec wants {}", want.name,
                                  DescribeProjection(*existing), DescribeProjection(want)));
    }
  }
  for (const IndexSpec& existing : stored.global_secondary_indexes) {
    if (wanted.FindIndex(existing.name) == nullptr) {
      drift.push_back(fmt::format("GSI {} exists but is not in the spec", existing.name));
    }
  }
  if (!stored.ttl_attribute.empty() && stored.ttl_attribute != wanted.ttl_attribute) {
    drift.push_back(wanted.ttl_attribute.empty()
                        ? fmt::format("TTL is on ({}), the spec has none", stored.ttl_attribute)
                        : fmt::format("TTL is on attribute {}, spec wants {}", stored.ttl_attribute,
                                      wanted.ttl_attribute));
  }
  return drift;
}

}  // namespace homeboard::store::sqlite
