// Tests of table specs in the SQLite engine: validation, the stored codec, and drift lines
// worded like the DynamoDB engine's.
#include "store/sqlite/table_catalog.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace homeboard::store::sqlite {
namespace {

TableSpec FullSpec() {
  return TableSpec{
      .name = "hb_bookmarks",
      .partition_key = {"user_id", KeyType::kString},
      .sort_key = KeyAttribute{"sk", KeyType::kString},
      .global_secondary_indexes = {IndexSpec{.name = "UserBookmarksIndex",
                                             .partition_key = {"user_id", KeyType::kString},
                                             .sort_key = KeyAttribute{"order", KeyType::kNumber}},
                                   IndexSpec{.name = "TagItemsIndex",
                                             .partition_key = {"tag", KeyType::kBinary},
                                             .projection = IndexSpec::Projection::kInclude,
                                             .included_attributes = {"title", "url"}},
                                   IndexSpec{.name = "KeysIndex",
                                             .partition_key = {"k", KeyType::kString},
                                             .projection = IndexSpec::Projection::kKeysOnly}},
      .ttl_attribute = "expires_at"};
}

TEST(SpecCodec, RoundTrips) {
  ASSERT_OK_AND_ASSIGN(TableSpec decoded, DecodeSpec(EncodeSpec(FullSpec())));
  EXPECT_EQ(decoded, FullSpec());
  TableSpec minimal{.name = "abc", .partition_key = {"id", KeyType::kNumber}};
  ASSERT_OK_AND_ASSIGN(decoded, DecodeSpec(EncodeSpec(minimal)));
  EXPECT_EQ(decoded, minimal);
}

TEST(SpecCodec, RefusesWhatItDidNotWrite) {
  for (std::string_view text : {"", "{}", "not json", R"({"name":{"S":"x"}})",
                                R"({"name":{"S":"x"},"ttl":{"S":""},"indexes":{"L":[]},)"
                                R"("partition_key":{"M":{"name":{"S":"a"},"type":{"S":"Q"}}}})"}) {
    Result<TableSpec> decoded = DecodeSpec(text);
    ASSERT_FALSE(decoded.ok()) << text;
    EXPECT_EQ(decoded.error().code, Error::Code::kCorrupt);
  }
}

TEST(ValidateSpec, RefusesSpecsDynamoDbWouldRefuse) {
  EXPECT_OK(ValidateSpec(FullSpec()));
  auto refused = [](TableSpec spec) {
    Status status = ValidateSpec(spec);
    return !status.ok() && status.error().code == Error::Code::kInvalidArgument;
  };
  TableSpec spec = FullSpec();
  spec.name = "ab";
  EXPECT_TRUE(refused(spec));
  spec.name = "has space";
  EXPECT_TRUE(refused(spec));
  spec = FullSpec();
  spec.sort_key->name = "user_id";
  EXPECT_TRUE(refused(spec));
  spec = FullSpec();
  spec.global_secondary_indexes[1].name = "UserBookmarksIndex";
  EXPECT_TRUE(refused(spec));
  spec = FullSpec();
  spec.global_secondary_indexes[0].partition_key.type = KeyType::kNumber;  // user_id is S
  EXPECT_TRUE(refused(spec));
  spec = FullSpec();
  spec.partition_key.name = "";
  EXPECT_TRUE(refused(spec));
  spec = FullSpec();
  spec.global_secondary_indexes[0].name = "x";
  EXPECT_TRUE(refused(spec));
}

TEST(DescribeDrift, NoneForTheSameSpec) {
  EXPECT_TRUE(DescribeDrift(FullSpec(), FullSpec()).empty());
  // A stored spec without TTL is not drift: EnsureTables turns TTL on.
  TableSpec stored = FullSpec();
  stored.ttl_attribute.clear();
  EXPECT_TRUE(DescribeDrift(FullSpec(), stored).empty());
  // Index order does not matter.
  stored = FullSpec();
  std::swap(stored.global_secondary_indexes[0], stored.global_secondary_indexes[2]);
  EXPECT_TRUE(DescribeDrift(FullSpec(), stored).empty());
}

TEST(DescribeDrift, OneLinePerDifference) {
  TableSpec stored = FullSpec();
  stored.sort_key.reset();
  stored.global_secondary_indexes[0].sort_key->name = "position";
  stored.global_secondary_indexes[1].included_attributes = {"url"};
  stored.global_secondary_indexes.pop_back();
  stored.global_secondary_indexes.push_back(
      IndexSpec{.name = "OldIndex", .partition_key = {"old", KeyType::kString}});
  stored.ttl_attribute = "ttl";
  EXPECT_EQ(DescribeDrift(FullSpec(), stored),
            (std::vector<std::string>{
                "key schema is (HASH user_id), spec wants (HASH user_id, RANGE sk)",
                "GSI UserBookmarksIndex has keys (HASH user_id, RANGE position), spec wants "
                "(HASH user_id, RANGE order)",
                "GSI TagItemsIndex has projection INCLUDE [url], spec wants INCLUDE [title, url]",
                "GSI KeysIndex is missing (spec: HASH k, projection KEYS_ONLY)",
                "GSI OldIndex exists but is not in the spec",
                "TTL is on attribute ttl, spec wants expires_at",
            }));
  TableSpec wanted = FullSpec();
  wanted.ttl_attribute.clear();
  wanted.partition_key.type = KeyType::kNumber;
  wanted.global_secondary_indexes[0].partition_key.type = KeyType::kNumber;
  EXPECT_EQ(DescribeDrift(wanted, FullSpec()),
            (std::vector<std::string>{"attribute user_id has type S, spec wants N",
                                      "TTL is on (expires_at), the spec has none"}));
}

TEST(TableLayout, NamesTablesByNumber) {
  TableInfo info = MakeTableInfo(7, FullSpec());
  EXPECT_EQ(info.items_table, "t7");
  EXPECT_EQ(info.index_tables, (std::vector<std::string>{"t7_i0", "t7_i1", "t7_i2"}));
  EXPECT_NE(CreateTableSql(info).find("CREATE TABLE t7_i2"), std::string::npos);
  EXPECT_NE(DropTableSql(info).find("DROP TABLE IF EXISTS t7_i1"), std::string::npos);
  EXPECT_TRUE(IsValidTableName("hb.prod-Bookmarks_2"));
  EXPECT_FALSE(IsValidTableName("no/slash"));
  EXPECT_FALSE(IsValidTableName(std::string(256, 'a')));
}

}  // namespace
}  // namespace homeboard::store::sqlite
