// Integration tests of the table operations against a real DynamoDB (Local by default):
// CreateTable/DescribeTable round-trip the schema (GSIs of every projection type, an LSI,
// both billing modes), ListTables pages, the waiters, DeleteTable, the table-level errors
// and Time to Live.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "ddb/client.h"
#include "ddb_test_util.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using homeboard::testing::DdbIntegrationTest;

class DdbTablesTest : public DdbIntegrationTest {};

std::vector<AttributeDefinition> SortedByName(std::vector<AttributeDefinition> definitions) {
  std::sort(definitions.begin(), definitions.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return definitions;
}

std::vector<SecondaryIndex> SortedIndexes(const std::vector<IndexDescription>& described) {
  std::vector<SecondaryIndex> indexes;
  for (const IndexDescription& d : described) indexes.push_back(d.index);
  std::sort(indexes.begin(), indexes.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return indexes;
}

std::vector<SecondaryIndex> SortedIndexes(std::vector<SecondaryIndex> indexes) {
  std::sort(indexes.begin(), indexes.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return indexes;
}

SecondaryIndex Index(std::string name, KeySchema key_schema, IndexProjection projection) {
  SecondaryIndex index;
  index.name = std::move(name);
  index.key_schema = std::move(key_schema);
  index.projection = std::move(projection);
  return index;
}

// A dashboard-like schema: bookmarks by id, with indexes by owner (every projection type)
// and a local index by position.
CreateTableRequest BookmarksSchema() {
  CreateTableRequest request;
  request.attribute_definitions = {{"pk", ScalarType::kS},
                                   {"sk", ScalarType::kN},
                                   {"user", ScalarType::kS},
                                   {"position", ScalarType::kN},
                                   {"url", ScalarType::kB}};
  request.key_schema = {"pk", "sk"};
  IndexProjection all;
  IndexProjection keys_only;
  keys_only.type = IndexProjection::Type::kKeysOnly;
  IndexProjection include;
  include.type = IndexProjection::Type::kInclude;
  include.non_key_attributes = {"title", "status"};
  request.global_secondary_indexes = {Index("by_user_all", {"user", "position"}, all),
                                      Index("by_user_keys", {"user", ""}, keys_only),
                                      Index("by_url_include", {"url", "sk"}, include)};
  request.local_secondary_indexes = {Index("by_position", {"pk", "position"}, include)};
  return request;
}

void ExpectDescribes(const TableDescription& description, const CreateTableRequest& request) {
  EXPECT_EQ(description.table_name, request.table_name);
  EXPECT_FALSE(description.table_arn.empty());
  EXPECT_NE(description.table_arn.find(request.table_name), std::string::npos)
      << description.table_arn;
  EXPECT_EQ(SortedByName(description.attribute_definitions),
            SortedByName(request.attribute_definitions));
  EXPECT_EQ(description.key_schema, request.key_schema);
  EXPECT_EQ(SortedIndexes(description.global_secondary_indexes),
            SortedIndexes(request.global_secondary_indexes));
  EXPECT_EQ(SortedIndexes(description.local_secondary_indexes),
            SortedIndexes(request.local_secondary_indexes));
  EXPECT_EQ(description.billing_mode, request.billing_mode);
  EXPECT_EQ(description.provisioned_throughput, request.provisioned_throughput);
  EXPECT_GT(description.creation_date_time, 1.5e9);  // after 2017: a real timestamp
}

TEST_F(DdbTablesTest, CreateTableWithIndexesIsDescribedAsRequested) {
  CreateTableRequest request = BookmarksSchema();
  request.table_name = UniqueTableName();
  ASSERT_OK_AND_ASSIGN(TableDescription created, client().CreateTable(request));
  DeleteTableAtTearDown(request.table_name);
  ExpectDescribes(created, request);
  EXPECT_FALSE(created.status.empty());

  ASSERT_OK_AND_ASSIGN(TableDescription active,
                       client().WaitUntilTableActive(request.table_name, std::chrono::minutes(5),
                                                     std::chrono::milliseconds(200)));
  EXPECT_EQ(active.status, "ACTIVE");
  for (const IndexDescription& index : active.global_secondary_indexes) {
    EXPECT_EQ(index.status, "ACTIVE") << index.index.name;
  }
  ExpectDescribes(active, request);

  ASSERT_OK_AND_ASSIGN(TableDescription described, client().DescribeTable(request.table_name));
  ExpectDescribes(described, request);
  EXPECT_EQ(described.item_count, 0);
}

TEST_F(DdbTablesTest, ProvisionedTableIsDescribedWithItsThroughput) {
  CreateTableRequest request;
  request.attribute_definitions = {{"pk", ScalarType::kS}, {"user", ScalarType::kS}};
  request.key_schema = {"pk", ""};
  request.billing_mode = BillingMode::kProvisioned;
  request.provisioned_throughput = ProvisionedThroughput{3, 4};
  SecondaryIndex by_user = Index("by_user", {"user", ""}, IndexProjection{});
  by_user.provisioned_throughput = ProvisionedThroughput{1, 2};
  request.global_secondary_indexes = {by_user};
  ASSERT_OK_AND_ASSIGN(std::string name, CreateTable(request));
  request.table_name = name;
  ASSERT_OK_AND_ASSIGN(TableDescription described, client().DescribeTable(name));
  ExpectDescribes(described, request);
}

TEST_F(DdbTablesTest, CreatingAnExistingTableIsResourceInUse) {
  ASSERT_OK_AND_ASSIGN(std::string name, CreateHashTable());
  CreateTableRequest again;
  again.table_name = name;
  again.attribute_definitions = {{"pk", ScalarType::kS}};
  again.key_schema = {"pk", ""};
  Result<TableDescription> created = client().CreateTable(again);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code(), errc::kResourceInUse) << created.error().ToString();
  EXPECT_EQ(created.error().operation(), "CreateTable");
  EXPECT_EQ(created.error().table(), name);
}

TEST_F(DdbTablesTest, MissingTableIsResourceNotFound) {
  const std::string missing = UniqueTableName("missing");
  Result<TableDescription> described = client().DescribeTable(missing);
  ASSERT_FALSE(described.ok());
  EXPECT_EQ(described.error().code(), errc::kResourceNotFound);
  const std::string text = described.error().ToString();
  EXPECT_NE(text.find("ResourceNotFoundException on DescribeTable " + missing), std::string::npos)
      << text;
  EXPECT_EQ(described.error().attempts(), 1) << "not retried";

  Result<TableDescription> deleted = client().DeleteTable(missing);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code(), errc::kResourceNotFound);

  Result<TimeToLiveDescription> ttl = client().DescribeTimeToLive(missing);
  ASSERT_FALSE(ttl.ok());
  EXPECT_EQ(ttl.error().code(), errc::kResourceNotFound);

  // The deleted-waiter is satisfied at once; the active-waiter keeps polling (a new table
  // may not be visible yet) until its deadline.
  EXPECT_OK(client().WaitUntilTableDeleted(missing));
  Result<TableDescription> waited = client().WaitUntilTableActive(
      missing, std::chrono::milliseconds(300), std::chrono::milliseconds(100));
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code(), errc::kDeadlineExceeded) << waited.error().ToString();
  EXPECT_NE(waited.error().ToString().find(missing), std::string::npos);
}

TEST_F(DdbTablesTest, TableNameOfTheMaximumLength) {
  CreateTableRequest request;
  request.table_name = UniqueTableName(std::string(300, 'L'));  // cut to 255 characters
  ASSERT_EQ(request.table_name.size(), 255u);
  request.attribute_definitions = {{"pk", ScalarType::kS}};
  request.key_schema = {"pk", ""};
  ASSERT_OK(client().CreateTable(request));
  DeleteTableAtTearDown(request.table_name);
  ASSERT_OK_AND_ASSIGN(TableDescription described, client().DescribeTable(request.table_name));
  EXPECT_EQ(described.table_name, request.table_name);
  ASSERT_OK(client().DeleteTable(request.table_name));
  EXPECT_OK(client().WaitUntilTableDeleted(request.table_name));
}

TEST_F(DdbTablesTest, DeleteTableAndWaitUntilDeleted) {
  ASSERT_OK_AND_ASSIGN(std::string name, CreateHashTable());
  ASSERT_OK_AND_ASSIGN(TableDescription deleting, client().DeleteTable(name));
  EXPECT_EQ(deleting.table_name, name);
  ASSERT_OK(client().WaitUntilTableDeleted(name, std::chrono::minutes(5),
                                           std::chrono::milliseconds(200)));
  Result<TableDescription> gone = client().DescribeTable(name);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code(), errc::kResourceNotFound);
}

TEST_F(DdbTablesTest, ListTablesPagesAndListAllTablesSeesEveryTable) {
  std::set<std::string> mine;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string name, CreateHashTable(fmt::format("list{}", i)));
    mine.insert(name);
  }

  // Pages of 2: each page at most 2 names, names ascending across pages, ours all seen.
  // (Other tests create and delete tables concurrently, so only ours are predictable.)
  ListTablesRequest request;
  request.limit = 2;
  std::vector<std::string> paged;
  int pages = 0;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(ListTablesResponse page, client().ListTables(request));
    ++pages;
    EXPECT_LE(page.table_names.size(), 2u);
    for (std::string& name : page.table_names) paged.push_back(std::move(name));
    if (page.last_evaluated_table_name.empty()) break;
    EXPECT_EQ(page.last_evaluated_table_name, paged.back());
    request.exclusive_start_table_name = page.last_evaluated_table_name;
    ASSERT_LT(pages, 10000) << "ListTables does not end";
  }
  EXPECT_GE(pages, 3);
  EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end()));
  EXPECT_EQ(std::adjacent_find(paged.begin(), paged.end()), paged.end()) << "a name repeated";
  for (const std::string& name : mine) {
    EXPECT_TRUE(std::binary_search(paged.begin(), paged.end(), name)) << name;
  }

  ASSERT_OK_AND_ASSIGN(std::vector<std::string> all, client().ListAllTables());
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a name repeated";
  for (const std::string& name : mine) {
    EXPECT_TRUE(std::binary_search(all.begin(), all.end(), name)) << name;
  }
}

TEST_F(DdbTablesTest, ListAllTablesFollowsMoreThanOneHundredNamesPage) {
  // ListTables answers at most 100 names per page, so 101 tables of our own guarantee that
  // ListAllTables has to follow LastEvaluatedTableName at least once. Cheap on DynamoDB
  // Local; against AWS this test creates 101 tables (the waits make it slow there).
  constexpr int kTables = 101;
  std::vector<std::string> names(kTables);
  for (int i = 0; i < kTables; ++i) {
    CreateTableRequest request;
    request.table_name = UniqueTableName(fmt::format("many{:03}", i));
    request.attribute_definitions = {{"pk", ScalarType::kS}};
    request.key_schema = {"pk", ""};
    names[i] = request.table_name;
    Result<TableDescription> created = client().CreateTable(request);
    ASSERT_OK(created);
    DeleteTableAtTearDown(request.table_name);
  }
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> all, client().ListAllTables());
  EXPECT_GT(all.size(), 100u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a name repeated";
  for (const std::string& name : names) {
    EXPECT_TRUE(std::binary_search(all.begin(), all.end(), name)) << name;
  }
}

TEST_F(DdbTablesTest, TimeToLiveIsDisabledThenEnabled) {
  ASSERT_OK_AND_ASSIGN(std::string name, CreateHashTable());
  ASSERT_OK_AND_ASSIGN(TimeToLiveDescription before, client().DescribeTimeToLive(name));
  EXPECT_EQ(before.status, "DISABLED");
  EXPECT_TRUE(before.attribute_name.empty());

  UpdateTimeToLiveRequest enable;
  enable.table_name = name;
  enable.attribute_name = "ttl";  // a reserved word, as a plain attribute name here
  enable.enabled = true;
  ASSERT_OK_AND_ASSIGN(TimeToLiveDescription updated, client().UpdateTimeToLive(enable));
  EXPECT_EQ(updated.status, "ENABLED");
  EXPECT_EQ(updated.attribute_name, "ttl");

  ASSERT_OK_AND_ASSIGN(TimeToLiveDescription after, client().DescribeTimeToLive(name));
  // AWS reports ENABLING for up to an hour; DynamoDB Local switches at once.
  EXPECT_TRUE(after.status == "ENABLED" || after.status == "ENABLING") << after.status;
  EXPECT_EQ(after.attribute_name, "ttl");

  // Enabling it again is a ValidationException ("TimeToLive is already enabled").
  Result<TimeToLiveDescription> again = client().UpdateTimeToLive(enable);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), errc::kValidation) << again.error().ToString();
}

TEST_F(DdbTablesTest, InvalidTableRequestsFailBeforeSending) {
  CreateTableRequest request;
  request.table_name = UniqueTableName();
  request.attribute_definitions = {{"pk", ScalarType::kS}};
  request.key_schema = {"pk", "sk"};  // "sk" has no definition
  Result<TableDescription> created = client().CreateTable(request);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code(), errc::kInvalidArgument) << created.error().ToString();
  EXPECT_EQ(created.error().operation(), "CreateTable");
  Result<TableDescription> described = client().DescribeTable(request.table_name);
  ASSERT_FALSE(described.ok());
  EXPECT_EQ(described.error().code(), errc::kResourceNotFound);

  ListTablesRequest list;
  list.limit = 0;
  Result<ListTablesResponse> listed = client().ListTables(list);
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().code(), errc::kInvalidArgument);
}

}  // namespace
}  // namespace homeboard::ddb
