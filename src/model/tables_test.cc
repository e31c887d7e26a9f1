// Tests of the ten table specs against docs/data-model.md: every table once, names prefixed,
// key schemas, the GSIs each access pattern needs (on the right table, with the documented
// keys and projection), TTL only where the doc puts it, and the table-prefix rule.
#include "model/tables.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace homeboard::model {
namespace {

using store::IndexSpec;
using store::KeyType;
using store::TableSpec;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

const TableSpec* FindTable(const std::vector<TableSpec>& specs, const std::string& name) {
  for (const TableSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string KeyName(const std::optional<store::KeyAttribute>& key) { return key ? key->name : ""; }

constexpr std::array<std::string_view, 10> kAllTables = {
    kUsersTable,     kApiTokensTable, kPagesTable,           kWidgetsTable, kGroupsTable,
    kBookmarksTable, kNotesTable,     kTagAssociationsTable, kSharesTable,  kPreferencesTable};

TEST(AllTableSpecs, EveryTableExactlyOnceWithThePrefix) {
  std::vector<TableSpec> specs = AllTableSpecs(TableNames("prod_"));
  ASSERT_EQ(specs.size(), 10u);
  std::multiset<std::string> names;
  for (const TableSpec& spec : specs) names.insert(spec.name);
  for (std::string_view base : kAllTables) {
    EXPECT_EQ(names.count("prod_" + std::string(base)), 1u) << base;
  }
  EXPECT_EQ(names.size(), kAllTables.size());
}

TEST(AllTableSpecs, EmptyPrefixGivesTheBaseNames) {
  std::set<std::string> names;
  for (const TableSpec& spec : AllTableSpecs(TableNames())) names.insert(spec.name);
  std::set<std::string> expected(kAllTables.begin(), kAllTables.end());
  EXPECT_EQ(names, expected);
}

TEST(AllTableSpecs, PrefixChangesOnlyTheNames) {
  std::vector<TableSpec> plain = AllTableSpecs(TableNames());
  std::vector<TableSpec> prefixed = AllTableSpecs(TableNames("test-1."));
  ASSERT_EQ(plain.size(), prefixed.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(prefixed[i].name, "test-1." + plain[i].name);
    TableSpec renamed = prefixed[i];
    renamed.name = plain[i].name;
    EXPECT_EQ(renamed, plain[i]) << plain[i].name;
  }
}

TEST(AllTableSpecs, OrderIsStable) {
  EXPECT_EQ(AllTableSpecs(TableNames("x_")), AllTableSpecs(TableNames("x_")));
}

TEST(AllTableSpecs, KeySchemasAreTheDocumentedOnes) {
  // docs/data-model.md, "Tables": key attributes in bold, all strings.
  const std::map<std::string_view, std::pair<std::string, std::string>> documented = {
      {kUsersTable, {"user_id", ""}},
      {kApiTokensTable, {"token_hash", ""}},
      {kPagesTable, {"user_id", "page_id"}},
      {kWidgetsTable, {"page_id", "widget_id"}},
      {kGroupsTable, {"widget_id", "group_id"}},
      {kBookmarksTable, {"widget_id", "bookmark_id"}},
      {kNotesTable, {"widget_id", "note_id"}},
      {kTagAssociationsTable, {"item_ref", "tag"}},
      {kSharesTable, {"resource_ref", "grantee"}},
      {kPreferencesTable, {"user_id", ""}},
  };
  std::vector<TableSpec> specs = AllTableSpecs(TableNames("p_"));
  for (const auto& [table, keys] : documented) {
    const TableSpec* spec = FindTable(specs, "p_" + std::string(table));
    ASSERT_NE(spec, nullptr) << table;
    EXPECT_EQ(spec->partition_key.name, keys.first) << table;
    EXPECT_EQ(KeyName(spec->sort_key), keys.second) << table;
  }
}

TEST(AllTableSpecs, EveryKeyAttributeIsAString) {
  for (const TableSpec& spec : AllTableSpecs(TableNames())) {
    EXPECT_EQ(spec.partition_key.type, KeyType::kString) << spec.name;
    if (spec.sort_key) {
      EXPECT_EQ(spec.sort_key->type, KeyType::kString) << spec.name;
    }
    for (const IndexSpec& index : spec.global_secondary_indexes) {
      EXPECT_EQ(index.partition_key.type, KeyType::kString) << index.name;
      if (index.sort_key) {
        EXPECT_EQ(index.sort_key->type, KeyType::kString) << index.name;
      }
    }
  }
}

struct DocumentedIndex {
  std::string_view index;
  std::string_view table;
  std::string partition_key;
  std::string sort_key;
  IndexSpec::Projection projection;
  std::vector<std::string> included;  // kInclude only
};

// Every GSI of docs/data-model.md, with the table it belongs to.
const std::vector<DocumentedIndex>& DocumentedIndexes() {
  static const auto* indexes = new std::vector<DocumentedIndex>{
      {kUserBookmarksIndex,
       kBookmarksTable,
       "user_id",
       "created_at",
       IndexSpec::Projection::kAll,
       {}},
      {kUserNotesIndex,
       kNotesTable,
       "user_id",
       "updated_at",
       IndexSpec::Projection::kInclude,
       {"title", "preview", "tags", "page_id", "created_at", "order_key"}},
      {kTagItemsIndex,
       kTagAssociationsTable,
       "user_tag",
       "item_ref",
       IndexSpec::Projection::kAll,
       {}},
      {kUserSharesIndex, kSharesTable, "owner_id", "created_at", IndexSpec::Projection::kAll, {}},
      {kSharedWithIndex, kSharesTable, "grantee_id", "created_at", IndexSpec::Projection::kAll, {}},
      {kUserTokensIndex, kApiTokensTable, "user_id", "created_at", IndexSpec::Projection::kAll, {}},
  };
  return *indexes;
}

TEST(AllTableSpecs, RequiredIndexesAreOnTheirTablesWithTheDocumentedKeys) {
  std::vector<TableSpec> specs = AllTableSpecs(TableNames("p_"));
  for (const DocumentedIndex& want : DocumentedIndexes()) {
    SCOPED_TRACE(want.index);
    const TableSpec* table = FindTable(specs, "p_" + std::string(want.table));
    ASSERT_NE(table, nullptr);
    const IndexSpec* index = table->FindIndex(want.index);
    ASSERT_NE(index, nullptr) << "not on " << table->name;
    EXPECT_EQ(index->name, want.index);
    EXPECT_EQ(index->partition_key.name, want.partition_key);
    EXPECT_EQ(KeyName(index->sort_key), want.sort_key);
    EXPECT_EQ(index->projection, want.projection);
    // The order of an INCLUDE list means nothing to DynamoDB.
    EXPECT_EQ(std::multiset<std::string>(index->included_attributes.begin(),
                                         index->included_attributes.end()),
              std::multiset<std::string>(want.included.begin(), want.included.end()));
  }
}

TEST(AllTableSpecs, NoIndexBeyondTheDocumentedOnes) {
  // Each GSI costs a write per base write: only those the access patterns need.
  std::multiset<std::string> found;
  for (const TableSpec& spec : AllTableSpecs(TableNames())) {
    for (const IndexSpec& index : spec.global_secondary_indexes) found.insert(index.name);
  }
  std::multiset<std::string> documented;
  for (const DocumentedIndex& index : DocumentedIndexes()) {
    documented.insert(std::string(index.index));
  }
  EXPECT_EQ(found, documented);
}

TEST(AllTableSpecs, IncludeListsNameOnlyNonKeyAttributesOnce) {
  // Key attributes of the table and the index are always projected; naming one in an INCLUDE
  // list is redundant (and counts against the 100-attribute projection limit).
  for (const TableSpec& spec : AllTableSpecs(TableNames())) {
    for (const IndexSpec& index : spec.global_secondary_indexes) {
      if (index.projection != IndexSpec::Projection::kInclude) {
        EXPECT_THAT(index.included_attributes, IsEmpty()) << index.name;
        continue;
      }
      std::set<std::string> keys = {spec.partition_key.name, KeyName(spec.sort_key),
                                    index.partition_key.name, KeyName(index.sort_key)};
      std::set<std::string> seen;
      EXPECT_FALSE(index.included_attributes.empty()) << index.name;
      for (const std::string& attribute : index.included_attributes) {
        EXPECT_EQ(keys.count(attribute), 0u) << index.name << " includes key " << attribute;
        EXPECT_TRUE(seen.insert(attribute).second) << index.name << " repeats " << attribute;
      }
    }
  }
}

TEST(AllTableSpecs, NotesIndexLeavesTheBodyOut) {
  std::vector<TableSpec> specs = AllTableSpecs(TableNames());
  const TableSpec* notes = FindTable(specs, std::string(kNotesTable));
  ASSERT_NE(notes, nullptr);
  const IndexSpec* index = notes->FindIndex(kUserNotesIndex);
  ASSERT_NE(index, nullptr);
  EXPECT_THAT(index->included_attributes, Not(Contains("body")));
}

TEST(AllTableSpecs, TtlOnlyOnSharesAndApiTokens) {
  std::map<std::string, std::string> ttl;
  for (const TableSpec& spec : AllTableSpecs(TableNames("p_"))) {
    if (!spec.ttl_attribute.empty()) ttl[spec.name] = spec.ttl_attribute;
  }
  EXPECT_EQ(ttl, (std::map<std::string, std::string>{{"p_Shares", "expires_at"},
                                                     {"p_ApiTokens", "expires_at"}}));
}

TEST(AllTableSpecs, TtlAttributeIsNotAKey) {
  // TTL needs a number attribute; every key here is a string.
  for (const TableSpec& spec : AllTableSpecs(TableNames())) {
    if (spec.ttl_attribute.empty()) continue;
    EXPECT_NE(spec.ttl_attribute, spec.partition_key.name);
    EXPECT_NE(spec.ttl_attribute, KeyName(spec.sort_key));
    for (const IndexSpec& index : spec.global_secondary_indexes) {
      EXPECT_NE(spec.ttl_attribute, index.partition_key.name);
      EXPECT_NE(spec.ttl_attribute, KeyName(index.sort_key));
    }
  }
}

TEST(AllTableSpecs, LongestPrefixKeepsNamesWithinDynamoDbLimits) {
  // Table names: 3..255 characters of [A-Za-z0-9_.-].
  for (const std::string& prefix : {std::string(), std::string(64, 'p')}) {
    ASSERT_TRUE(IsValidTablePrefix(prefix));
    for (const TableSpec& spec : AllTableSpecs(TableNames(prefix))) {
      EXPECT_GE(spec.name.size(), 3u) << spec.name;
      EXPECT_LE(spec.name.size(), 255u) << spec.name;
    }
  }
}

TEST(TableNames, OfPrependsThePrefix) {
  TableNames names("dev.");
  EXPECT_EQ(names.prefix(), "dev.");
  EXPECT_EQ(names.Of(kPagesTable), "dev.Pages");
  EXPECT_EQ(TableNames().Of(kPagesTable), "Pages");
}

TEST(IsValidTablePrefix, AcceptsAndRejects) {
  struct Case {
    std::string prefix;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"", true},
      {"prod_", true},
      {"Test-1.", true},
      {"a", true},
      {"-._", true},
      {"0123456789", true},
      {"ABCXYZabcxyz", true},
      {std::string(64, 'x'), true},
      {std::string(65, 'x'), false},
      {std::string(200, 'x'), false},
      {"prod ", false},
      {" prod", false},
      {"prod/", false},
      {"prod:", false},
      {"prod#", false},
      {"pr@d", false},
      {"a+b", false},
      {"tab\t", false},
      {"new\nline", false},
      {std::string("nul\0", 4), false},
      {"caf\xc3\xa9", false},  // é: letters means ASCII letters
      {"$(rm)", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsValidTablePrefix(c.prefix), c.valid) << "\"" << c.prefix << "\"";
  }
}

}  // namespace
}  // namespace homeboard::model
