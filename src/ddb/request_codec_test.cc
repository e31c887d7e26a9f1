// Golden-body tests of the request encoders (internal::Encode*): the exact JSON each item
// operation sends, written out by hand from the DynamoDB API reference, including
// expression aliasing (one alias map per request, shared by its expressions; per action in
// transactions), the rule that ExpressionAttributeNames / ExpressionAttributeValues are
// never sent empty, and every optional parameter. The second half checks that every
// validation failure is errc::kInvalidArgument naming the offending field.
//
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html (and the
// pages of the other operations).
#include "ddb/internal/request_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ddb/internal/table_codec.h"
#include "ddb/internal/value_decoder.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Item Key(std::string id) { return {{"id", AttributeValue::S(std::move(id))}}; }

Item Bookmark() {
  return {{"id", AttributeValue::S("b1")},
          {"title", AttributeValue::S("Home")},
          {"rank", AttributeValue::N("1.5")},
          {"tags", AttributeValue::SS({"a", "b"})}};
}

constexpr char kBookmarkJson[] =
    R"j({"id":{"S":"b1"},"rank":{"N":"1.5"},"tags":{"SS":["a","b"]},"title":{"S":"Home"}})j";

// Asserts the encoding succeeded and equals `golden` byte for byte.
#define EXPECT_BODY(encoded, golden)        \
  do {                                      \
    auto body_ = (encoded);                 \
    ASSERT_OK(body_);                       \
    EXPECT_EQ(*body_, std::string(golden)); \
  } while (0)

// Asserts the encoding failed with kInvalidArgument and a message containing `needle`.
#define EXPECT_INVALID(encoded, needle)                      \
  do {                                                       \
    auto body_ = (encoded);                                  \
    ASSERT_FALSE(body_.ok()) << *body_;                      \
    EXPECT_EQ(body_.error().code(), errc::kInvalidArgument); \
    EXPECT_THAT(body_.error().message(), HasSubstr(needle)); \
  } while (0)

// --- PutItem ---------------------------------------------------------------------------

TEST(EncodePutItem, MinimalSendsNoOptionalParameters) {
  PutItemRequest request;
  request.table_name = "Bookmarks";
  request.item = Bookmark();
  EXPECT_BODY(EncodePutItem(request),
              std::string(R"j({"TableName":"Bookmarks","Item":)j") + kBookmarkJson + "}");
}

TEST(EncodePutItem, EveryParameter) {
  PutItemRequest request;
  request.table_name = "Bookmarks";
  request.item = Bookmark();
  request.condition = Condition::AttributeNotExists("id") ||
                      Condition::Equal(Path("version"), AttributeValue::N(7));
  request.return_values = ReturnValues::kAllOld;
  request.return_item_on_condition_failure = true;
  request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  EXPECT_BODY(EncodePutItem(request),
              std::string(R"j({"TableName":"Bookmarks","Item":)j") + kBookmarkJson +
                  R"j(,"ConditionExpression":"attribute_not_exists(#n0) OR #n1 = :v0",)j"
                  R"j("ExpressionAttributeNames":{"#n0":"id","#n1":"version"},)j"
                  R"j("ExpressionAttributeValues":{":v0":{"N":"7"}},)j"
                  R"j("ReturnValues":"ALL_OLD","ReturnValuesOnConditionCheckFailure":"ALL_OLD",)j"
                  R"j("ReturnConsumedCapacity":"TOTAL"})j");
}

TEST(EncodePutItem, ConditionWithoutValuesSendsNoValueMap) {
  PutItemRequest request;
  request.table_name = "Bookmarks";
  request.item = Key("b1");
  request.condition = Condition::AttributeNotExists("id");
  EXPECT_BODY(EncodePutItem(request), R"j({"TableName":"Bookmarks","Item":{"id":{"S":"b1"}},)j"
                                      R"j("ConditionExpression":"attribute_not_exists(#n0)",)j"
                                      R"j("ExpressionAttributeNames":{"#n0":"id"}})j");
}

TEST(EncodePutItem, ReservedWordsAndOddNamesAreAliased) {
  PutItemRequest request;
  request.table_name = "Bookmarks";
  request.item = Key("b1");
  request.condition = Condition::Equal(Path("status"), AttributeValue::S("new")) &&
                      Condition::AttributeExists(Path("a.b").Field("name with space")) &&
                      Condition::NotEqual(Path("status"), Path("name"));
  EXPECT_BODY(EncodePutItem(request),
              R"j({"TableName":"Bookmarks","Item":{"id":{"S":"b1"}},)j"
              R"j("ConditionExpression":"#n0 = :v0 AND attribute_exists(#n1.#n2) AND #n0 <> #n3",)j"
              R"j("ExpressionAttributeNames":{"#n0":"status","#n1":"a.b","#n2":"name with space",)j"
              R"j("#n3":"name"},)j"
              R"j("ExpressionAttributeValues":{":v0":{"S":"new"}}})j");
}

TEST(EncodePutItem, ReturnConsumedCapacityIndexes) {
  PutItemRequest request;
  request.table_name = "Bookmarks";
  request.item = Key("b1");
  request.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  EXPECT_BODY(EncodePutItem(request), R"j({"TableName":"Bookmarks","Item":{"id":{"S":"b1"}},)j"
                                      R"j("ReturnConsumedCapacity":"INDEXES"})j");
}

// --- GetItem ---------------------------------------------------------------------------

TEST(EncodeGetItem, Minimal) {
  GetItemRequest request;
  request.table_name = "Bookmarks";
  request.key = Key("b1");
  EXPECT_BODY(EncodeGetItem(request), R"j({"TableName":"Bookmarks","Key":{"id":{"S":"b1"}}})j");
}

TEST(EncodeGetItem, ProjectionAndConsistentRead) {
  GetItemRequest request;
  request.table_name = "Bookmarks";
  request.key = Key("b1");
  request.consistent_read = true;
  request.projection = Projection{"id", "title", Path("meta").Field("tags").Index(2)};
  request.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  EXPECT_BODY(
      EncodeGetItem(request),
      R"j({"TableName":"Bookmarks","Key":{"id":{"S":"b1"}},"ConsistentRead":true,)j"
      R"j("ProjectionExpression":"#n0, #n1, #n2.#n3[2]",)j"
      R"j("ExpressionAttributeNames":{"#n0":"id","#n1":"title","#n2":"meta","#n3":"tags"},)j"
      R"j("ReturnConsumedCapacity":"INDEXES"})j");
}

// --- UpdateItem ------------------------------------------------------------------------

TEST(EncodeUpdateItem, UpdateAndConditionShareOneAliasMap) {
  UpdateItemRequest request;
  request.table_name = "Bookmarks";
  request.key = Key("b1");
  request.update = Update()
                       .Set("title", AttributeValue::S("New"))
                       .Add("hits", AttributeValue::N(1))
                       .Remove("draft")
                       .Increment("version", AttributeValue::N(1));
  request.condition = Condition::Equal(Path("version"), AttributeValue::N(3));
  request.return_values = ReturnValues::kAllNew;
  EXPECT_BODY(EncodeUpdateItem(request),
              R"j({"TableName":"Bookmarks","Key":{"id":{"S":"b1"}},)j"
              R"j("UpdateExpression":"SET #n0 = :v0, #n1 = if_not_exists(#n1, :v1) + :v2 )j"
              R"j(REMOVE #n2 ADD #n3 :v3",)j"
              R"j("ConditionExpression":"#n1 = :v4",)j"
              R"j("ExpressionAttributeNames":{"#n0":"title","#n1":"version","#n2":"draft",)j"
              R"j("#n3":"hits"},)j"
              R"j("ExpressionAttributeValues":{":v0":{"S":"New"},":v1":{"N":"0"},":v2":{"N":"1"},)j"
              R"j(":v3":{"N":"1"},":v4":{"N":"3"}},)j"
              R"j("ReturnValues":"ALL_NEW"})j");
}

TEST(EncodeUpdateItem, RemoveOnlySendsNoValueMap) {
  UpdateItemRequest request;
  request.table_name = "Bookmarks";
  request.key = Key("b1");
  request.update = Update().Remove("draft");
  EXPECT_BODY(EncodeUpdateItem(request),
              R"j({"TableName":"Bookmarks","Key":{"id":{"S":"b1"}},)j"
              R"j("UpdateExpression":"REMOVE #n0","ExpressionAttributeNames":{"#n0":"draft"}})j");
}

TEST(EncodeUpdateItem, EveryReturnValues) {
  const std::pair<ReturnValues, const char*> cases[] = {{ReturnValues::kAllOld, "ALL_OLD"},
                                                        {ReturnValues::kUpdatedOld, "UPDATED_OLD"},
                                                        {ReturnValues::kAllNew, "ALL_NEW"},
                                                        {ReturnValues::kUpdatedNew, "UPDATED_NEW"}};
  for (const auto& [value, name] : cases) {
    UpdateItemRequest request;
    request.table_name = "Bookmarks";
    request.key = Key("b1");
    request.update = Update().Remove("draft");
    request.return_values = value;
    request.return_item_on_condition_failure = true;
    EXPECT_BODY(EncodeUpdateItem(request),
                std::string(R"j({"TableName":"Bookmarks","Key":{"id":{"S":"b1"}},)j"
                            R"j("UpdateExpression":"REMOVE #n0","ExpressionAttributeNames":)j"
                            R"j({"#n0":"draft"},"ReturnValues":")j") +
                    name + R"j(","ReturnValuesOnConditionCheckFailure":"ALL_OLD"})j");
  }
}

// --- DeleteItem ------------------------------------------------------------------------

TEST(EncodeDeleteItem, ConditionAndReturnValues) {
  DeleteItemRequest request;
  request.table_name = "Bookmarks";
  request.key = Key("b1");
  request.condition = Condition::BeginsWith("title", AttributeValue::S("Ho"));
  request.return_values = ReturnValues::kAllOld;
  request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  EXPECT_BODY(EncodeDeleteItem(request),
              R"j({"TableName":"Bookmarks","Key":{"id":{"S":"b1"}},)j"
              R"j("ConditionExpression":"begins_with(#n0, :v0)",)j"
              R"j("ExpressionAttributeNames":{"#n0":"title"},)j"
              R"j("ExpressionAttributeValues":{":v0":{"S":"Ho"}},)j"
              R"j("ReturnValues":"ALL_OLD","ReturnConsumedCapacity":"TOTAL"})j");
}

TEST(EncodeDeleteItem, Minimal) {
  DeleteItemRequest request;
  request.table_name = "Bookmarks";
  request.key = Key("b1");
  EXPECT_BODY(EncodeDeleteItem(request), R"j({"TableName":"Bookmarks","Key":{"id":{"S":"b1"}}})j");
}

// --- Query and Scan --------------------------------------------------------------------

TEST(EncodeQuery, KeyConditionOnly) {
  QueryRequest request;
  request.table_name = "Bookmarks";
  request.key_condition = KeyCondition::Partition("user_id", AttributeValue::S("u1"));
  EXPECT_BODY(EncodeQuery(request),
              R"j({"TableName":"Bookmarks","KeyConditionExpression":"#n0 = :v0",)j"
              R"j("ExpressionAttributeNames":{"#n0":"user_id"},)j"
              R"j("ExpressionAttributeValues":{":v0":{"S":"u1"}}})j");
}

TEST(EncodeQuery, EveryParameterSharesOneAliasMap) {
  QueryRequest request;
  request.table_name = "Bookmarks";
  request.index_name = "UserBookmarksIndex";
  request.key_condition = KeyCondition::Partition("user_id", AttributeValue::S("u1"))
                              .SortBeginsWith("order", AttributeValue::S("a"));
  request.filter = Condition::NotEqual(Path("user_id"), AttributeValue::S("u2"));
  request.projection = Projection{"user_id", "title"};
  request.limit = 25;
  request.scan_index_forward = false;
  request.consistent_read = true;
  request.select = Select::kSpecificAttributes;
  request.exclusive_start_key =
      Item{{"user_id", AttributeValue::S("u1")}, {"order", AttributeValue::S("a5")}};
  request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  EXPECT_BODY(
      EncodeQuery(request),
      R"j({"TableName":"Bookmarks",)j"
      R"j("KeyConditionExpression":"#n0 = :v0 AND begins_with(#n1, :v1)",)j"
      R"j("FilterExpression":"#n0 <> :v2","ProjectionExpression":"#n0, #n2",)j"
      R"j("ExpressionAttributeNames":{"#n0":"user_id","#n1":"order","#n2":"title"},)j"
      R"j("ExpressionAttributeValues":{":v0":{"S":"u1"},":v1":{"S":"a"},":v2":{"S":"u2"}},)j"
      R"j("IndexName":"UserBookmarksIndex","Limit":25,"ConsistentRead":true,)j"
      R"j("Select":"SPECIFIC_ATTRIBUTES",)j"
      R"j("ExclusiveStartKey":{"order":{"S":"a5"},"user_id":{"S":"u1"}},)j"
      R"j("ScanIndexForward":false,"ReturnConsumedCapacity":"TOTAL"})j");
}

TEST(EncodeQuery, SortKeyBetweenAndSelectCount) {
  QueryRequest request;
  request.table_name = "Notes";
  request.key_condition = KeyCondition::Partition("user_id", AttributeValue::S("u1"))
                              .SortBetween("created", AttributeValue::N(10), AttributeValue::N(20));
  request.select = Select::kCount;
  EXPECT_BODY(
      EncodeQuery(request),
      R"j({"TableName":"Notes","KeyConditionExpression":)j"
      R"j("#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2",)j"
      R"j("ExpressionAttributeNames":{"#n0":"user_id","#n1":"created"},)j"
      R"j("ExpressionAttributeValues":{":v0":{"S":"u1"},":v1":{"N":"10"},":v2":{"N":"20"}},)j"
      R"j("Select":"COUNT"})j");
}

TEST(EncodeQuery, EverySelect) {
  const std::pair<Select, const char*> cases[] = {
      {Select::kAllAttributes, "ALL_ATTRIBUTES"},
      {Select::kAllProjectedAttributes, "ALL_PROJECTED_ATTRIBUTES"},
      {Select::kSpecificAttributes, "SPECIFIC_ATTRIBUTES"},
      {Select::kCount, "COUNT"}};
  for (const auto& [select, name] : cases) {
    ScanRequest request;
    request.table_name = "Notes";
    request.select = select;
    EXPECT_BODY(EncodeScan(request),
                std::string(R"j({"TableName":"Notes","Select":")j") + name + "\"}");
  }
}

TEST(EncodeScan, Minimal) {
  ScanRequest request;
  request.table_name = "Notes";
  EXPECT_BODY(EncodeScan(request), R"j({"TableName":"Notes"})j");
}

TEST(EncodeScan, SegmentFilterLimitAndStartKey) {
  ScanRequest request;
  request.table_name = "Notes";
  request.index_name = "UserNotesIndex";
  request.filter = Condition::Contains("tags", AttributeValue::S("x")) &&
                   Condition::Between(Path("size"), AttributeValue::N(1), AttributeValue::N(9));
  request.limit = 100;
  request.segment = 3;
  request.total_segments = 8;
  request.exclusive_start_key = Key("n9");
  EXPECT_BODY(EncodeScan(request),
              R"j({"TableName":"Notes",)j"
              R"j("FilterExpression":"contains(#n0, :v0) AND #n1 BETWEEN :v1 AND :v2",)j"
              R"j("ExpressionAttributeNames":{"#n0":"tags","#n1":"size"},)j"
              R"j("ExpressionAttributeValues":{":v0":{"S":"x"},":v1":{"N":"1"},":v2":{"N":"9"}},)j"
              R"j("IndexName":"UserNotesIndex","Limit":100,"ExclusiveStartKey":{"id":{"S":"n9"}},)j"
              R"j("Segment":3,"TotalSegments":8})j");
}

TEST(EncodeScan, SegmentZeroIsSent) {
  ScanRequest request;
  request.table_name = "Notes";
  request.segment = 0;
  request.total_segments = 1;
  EXPECT_BODY(EncodeScan(request), R"j({"TableName":"Notes","Segment":0,"TotalSegments":1})j");
}

// --- Batches ---------------------------------------------------------------------------

TEST(EncodeBatchWriteItem, PutsAndDeletesPerTable) {
  BatchWriteItemRequest request;
  request.request_items["Bookmarks"] = {WriteRequest::Put(Bookmark()),
                                        WriteRequest::Delete(Key("b2"))};
  request.request_items["Notes"] = {WriteRequest::Delete(Key("n1"))};
  request.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  EXPECT_BODY(EncodeBatchWriteItem(request),
              std::string(R"j({"RequestItems":{"Bookmarks":[{"PutRequest":{"Item":)j") +
                  kBookmarkJson +
                  R"j(}},{"DeleteRequest":{"Key":{"id":{"S":"b2"}}}}],)j"
                  R"j("Notes":[{"DeleteRequest":{"Key":{"id":{"S":"n1"}}}}]},)j"
                  R"j("ReturnConsumedCapacity":"INDEXES"})j");
}

TEST(EncodeBatchWriteItem, EncodedWriteRequestSizeMatchesTheBody) {
  WriteRequest put = WriteRequest::Put(Bookmark());
  BatchWriteItemRequest request;
  request.request_items["Bookmarks"] = {put, WriteRequest::Put(Key("b2"))};
  ASSERT_OK_AND_ASSIGN(std::string two, EncodeBatchWriteItem(request));
  request.request_items["Bookmarks"] = {WriteRequest::Put(Key("b2"))};
  ASSERT_OK_AND_ASSIGN(std::string one, EncodeBatchWriteItem(request));
  EXPECT_EQ(two.size() - one.size(), EncodedWriteRequestSize(put));
}

TEST(EncodeBatchGetItem, KeysProjectionAndConsistency) {
  BatchGetItemRequest request;
  request.request_items["Bookmarks"].keys = {Key("b1"), Key("b2")};
  request.request_items["Bookmarks"].projection = Projection{"id", "title"};
  request.request_items["Bookmarks"].consistent_read = true;
  request.request_items["Notes"].keys = {Key("n1")};
  request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  // Each table's entry has its own alias map.
  EXPECT_BODY(EncodeBatchGetItem(request),
              R"j({"RequestItems":{"Bookmarks":{"Keys":[{"id":{"S":"b1"}},{"id":{"S":"b2"}}],)j"
              R"j("ProjectionExpression":"#n0, #n1",)j"
              R"j("ExpressionAttributeNames":{"#n0":"id","#n1":"title"},"ConsistentRead":true},)j"
              R"j("Notes":{"Keys":[{"id":{"S":"n1"}}]}},"ReturnConsumedCapacity":"TOTAL"})j");
}

// --- Transactions ----------------------------------------------------------------------

TEST(EncodeTransactWriteItems, EveryActionWithItsOwnAliases) {
  TransactWriteItemsRequest request;
  request.items.push_back(
      TransactPut{"Orders", Key("o1"), Condition::AttributeNotExists("id"), false});
  request.items.push_back(
      TransactUpdate{"Stock", Key("s1"), Update().Add("count", AttributeValue::N(-1)),
                     Condition::Greater(Path("count"), AttributeValue::N(0)), true});
  request.items.push_back(TransactDelete{"Carts", Key("c1"), Condition(), false});
  request.items.push_back(TransactConditionCheck{
      "Users", Key("u1"), Condition::Equal(Path("status"), AttributeValue::S("active")), false});
  request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  EXPECT_BODY(
      EncodeTransactWriteItems(request, "token-1"),
      R"j({"TransactItems":[)j"
      R"j({"Put":{"TableName":"Orders","Item":{"id":{"S":"o1"}},)j"
      R"j("ConditionExpression":"attribute_not_exists(#n0)","ExpressionAttributeNames":{"#n0":"id"}}},)j"
      R"j({"Update":{"TableName":"Stock","Key":{"id":{"S":"s1"}},"UpdateExpression":"ADD #n0 :v0",)j"
      R"j("ConditionExpression":"#n0 > :v1","ExpressionAttributeNames":{"#n0":"count"},)j"
      R"j("ExpressionAttributeValues":{":v0":{"N":"-1"},":v1":{"N":"0"}},)j"
      R"j("ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},)j"
      R"j({"Delete":{"TableName":"Carts","Key":{"id":{"S":"c1"}}}},)j"
      R"j({"ConditionCheck":{"TableName":"Users","Key":{"id":{"S":"u1"}},)j"
      R"j("ConditionExpression":"#n0 = :v0","ExpressionAttributeNames":{"#n0":"status"},)j"
      R"j("ExpressionAttributeValues":{":v0":{"S":"active"}}}}],)j"
      R"j("ClientRequestToken":"token-1","ReturnConsumedCapacity":"TOTAL"})j");
}

TEST(EncodeTransactGetItems, ItemsWithProjection) {
  TransactGetItemsRequest request;
  request.items.push_back({"Bookmarks", Key("b1"), Projection{"title"}});
  request.items.push_back({"Notes", Key("n1"), {}});
  EXPECT_BODY(EncodeTransactGetItems(request),
              R"j({"TransactItems":[{"Get":{"TableName":"Bookmarks","Key":{"id":{"S":"b1"}},)j"
              R"j("ProjectionExpression":"#n0","ExpressionAttributeNames":{"#n0":"title"}}},)j"
              R"j({"Get":{"TableName":"Notes","Key":{"id":{"S":"n1"}}}}]})j");
}

// --- Table operations (table_codec.h) ---------------------------------------------------

TEST(EncodeCreateTable, OnDemandWithIndexes) {
  CreateTableRequest request;
  request.table_name = "Bookmarks";
  request.attribute_definitions = {
      {"id", ScalarType::kS}, {"user_id", ScalarType::kS}, {"position", ScalarType::kN}};
  request.key_schema = {"id", ""};
  request.global_secondary_indexes.push_back(
      {"UserBookmarksIndex", {"user_id", "position"}, {IndexProjection::Type::kAll, {}}, {}});
  request.global_secondary_indexes.push_back(
      {"ByUser", {"user_id", ""}, {IndexProjection::Type::kInclude, {"title", "url"}}, {}});
  EXPECT_BODY(
      EncodeCreateTable(request),
      R"j({"TableName":"Bookmarks","AttributeDefinitions":[)j"
      R"j({"AttributeName":"id","AttributeType":"S"},)j"
      R"j({"AttributeName":"user_id","AttributeType":"S"},)j"
      R"j({"AttributeName":"position","AttributeType":"N"}],)j"
      R"j("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)j"
      R"j("GlobalSecondaryIndexes":[{"IndexName":"UserBookmarksIndex","KeySchema":[)j"
      R"j({"AttributeName":"user_id","KeyType":"HASH"},)j"
      R"j({"AttributeName":"position","KeyType":"RANGE"}],)j"
      R"j("Projection":{"ProjectionType":"ALL"}},)j"
      R"j({"IndexName":"ByUser","KeySchema":[{"AttributeName":"user_id","KeyType":"HASH"}],)j"
      R"j("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["title","url"]}}],)j"
      R"j("BillingMode":"PAY_PER_REQUEST"})j");
}

TEST(EncodeCreateTable, ProvisionedWithKeysOnlyIndex) {
  CreateTableRequest request;
  request.table_name = "Notes";
  request.attribute_definitions = {{"user_id", ScalarType::kS}, {"blob", ScalarType::kB}};
  request.key_schema = {"user_id", "blob"};
  request.global_secondary_indexes.push_back({"ByBlob",
                                              {"blob", ""},
                                              {IndexProjection::Type::kKeysOnly, {}},
                                              ProvisionedThroughput{2, 3}});
  request.billing_mode = BillingMode::kProvisioned;
  request.provisioned_throughput = ProvisionedThroughput{5, 10};
  EXPECT_BODY(
      EncodeCreateTable(request),
      R"j({"TableName":"Notes","AttributeDefinitions":[)j"
      R"j({"AttributeName":"user_id","AttributeType":"S"},)j"
      R"j({"AttributeName":"blob","AttributeType":"B"}],)j"
      R"j("KeySchema":[{"AttributeName":"user_id","KeyType":"HASH"},)j"
      R"j({"AttributeName":"blob","KeyType":"RANGE"}],)j"
      R"j("GlobalSecondaryIndexes":[{"IndexName":"ByBlob","KeySchema":[)j"
      R"j({"AttributeName":"blob","KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"},)j"
      R"j("ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":3}}],)j"
      R"j("BillingMode":"PROVISIONED",)j"
      R"j("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":10}})j");
}

TEST(EncodeCreateTable, ValidationNamesTheField) {
  CreateTableRequest request;
  request.table_name = "Bookmarks";
  request.attribute_definitions = {{"id", ScalarType::kS}};
  EXPECT_INVALID(EncodeCreateTable(request), "partition key name is empty");
  request.key_schema = {"pk", ""};
  EXPECT_INVALID(EncodeCreateTable(request), "\"pk\" has no AttributeDefinition");
  request.key_schema = {"id", "sk"};
  EXPECT_INVALID(EncodeCreateTable(request), "\"sk\" has no AttributeDefinition");
  request.key_schema = {"id", ""};
  request.global_secondary_indexes.push_back({"ByX", {"x", ""}, {}, {}});
  EXPECT_INVALID(EncodeCreateTable(request), "GlobalSecondaryIndex ByX");
  request.global_secondary_indexes.clear();
  request.billing_mode = BillingMode::kProvisioned;
  EXPECT_INVALID(EncodeCreateTable(request), "ProvisionedThroughput");
  request.table_name.clear();
  EXPECT_INVALID(EncodeCreateTable(request), "TableName");
}

TEST(EncodeTableRequests, NameListAndTimeToLive) {
  EXPECT_BODY(EncodeTableName("Bookmarks"), R"j({"TableName":"Bookmarks"})j");
  EXPECT_INVALID(EncodeTableName(""), "TableName");
  EXPECT_BODY(EncodeListTables({}), "{}");
  EXPECT_BODY(EncodeListTables({"Bookmarks", 10}),
              R"j({"ExclusiveStartTableName":"Bookmarks","Limit":10})j");
  EXPECT_INVALID(EncodeListTables({"", 0}), "Limit");
  EXPECT_INVALID(EncodeListTables({"", 101}), "Limit");
  EXPECT_BODY(EncodeUpdateTimeToLive({"Bookmarks", "expires", true}),
              R"j({"TableName":"Bookmarks","TimeToLiveSpecification":)j"
              R"j({"AttributeName":"expires","Enabled":true}})j");
  EXPECT_INVALID(EncodeUpdateTimeToLive({"", "expires", true}), "TableName");
}

// Every body is valid JSON whatever the strings hold.
TEST(EncodeRequests, EscapesStringsInNamesAndValues) {
  PutItemRequest request;
  request.table_name = "Bookmarks";
  request.item = {{"id", AttributeValue::S("quote\" backslash\\ newline\n tab\t")},
                  {"we\"ird", AttributeValue::B(std::string("\x00\xff", 2))}};
  request.condition = Condition::AttributeNotExists("we\"ird");
  EXPECT_BODY(
      EncodePutItem(request),
      R"j({"TableName":"Bookmarks","Item":{"id":{"S":"quote\" backslash\\ newline\n tab\t"},)j"
      R"j("we\"ird":{"B":"AP8="}},"ConditionExpression":"attribute_not_exists(#n0)",)j"
      R"j("ExpressionAttributeNames":{"#n0":"we\"ird"}})j");
}

// --- Validation: every error names the field -------------------------------------------

PutItemRequest ValidPut() {
  PutItemRequest request;
  request.table_name = "Bookmarks";
  request.item = Key("b1");
  return request;
}

TEST(EncodeValidation, TableNames) {
  PutItemRequest put = ValidPut();
  put.table_name = "ab";
  EXPECT_INVALID(EncodePutItem(put), "PutItem.TableName");
  put.table_name = std::string(256, 'a');
  EXPECT_INVALID(EncodePutItem(put), "3 to 255 characters");
  put.table_name = "bad name";
  EXPECT_INVALID(EncodePutItem(put), "PutItem.TableName");
  GetItemRequest get;
  get.table_name = "no/slash";
  get.key = Key("b1");
  EXPECT_INVALID(EncodeGetItem(get), "TableName");
  QueryRequest query;
  query.table_name = "";
  query.key_condition = KeyCondition::Partition("id", AttributeValue::S("x"));
  EXPECT_INVALID(EncodeQuery(query), "TableName");
  ScanRequest scan;
  scan.table_name = "x";
  EXPECT_INVALID(EncodeScan(scan), "TableName");
  BatchWriteItemRequest batch;
  batch.request_items["t"] = {WriteRequest::Put(Key("b1"))};
  EXPECT_INVALID(EncodeBatchWriteItem(batch), "BatchWriteItem.RequestItems");
  BatchGetItemRequest batch_get;
  batch_get.request_items["t"].keys = {Key("b1")};
  EXPECT_INVALID(EncodeBatchGetItem(batch_get), "BatchGetItem.RequestItems");
  TransactGetItemsRequest transact_get;
  transact_get.items.push_back({"Bookmarks", Key("b1"), {}});
  transact_get.items.push_back({"x", Key("b1"), {}});
  EXPECT_INVALID(EncodeTransactGetItems(transact_get), "TransactItems[1].TableName");
  TransactWriteItemsRequest transact;
  transact.items.push_back(TransactDelete{"x!", Key("b1"), {}, false});
  EXPECT_INVALID(EncodeTransactWriteItems(transact, "t"), "TransactItems[0].TableName");
}

TEST(EncodeValidation, ItemsAndKeys) {
  PutItemRequest put = ValidPut();
  put.item.clear();
  EXPECT_INVALID(EncodePutItem(put), "PutItem.Item is empty");
  put.item = {{"id", AttributeValue::S("b1")}, {"n", AttributeValue::N("12abc")}};
  EXPECT_INVALID(EncodePutItem(put), "PutItem.Item");
  EXPECT_INVALID(EncodePutItem(put), "\"n\"");
  put.item = {{"id", AttributeValue::S("b1")}, {"tags", AttributeValue::SS({})}};
  EXPECT_INVALID(EncodePutItem(put), "\"tags\"");
  put.item = {{"id", AttributeValue::S("b1")}, {"", AttributeValue::S("x")}};
  EXPECT_INVALID(EncodePutItem(put), "PutItem.Item");
  put.item = {{"id", AttributeValue::S("b1")},
              {"big", AttributeValue::S(std::string(kMaxItemBytes, 'x'))}};
  EXPECT_INVALID(EncodePutItem(put), "400 KB");
  GetItemRequest get;
  get.table_name = "Bookmarks";
  EXPECT_INVALID(EncodeGetItem(get), "GetItem.Key is empty");
  DeleteItemRequest del;
  del.table_name = "Bookmarks";
  EXPECT_INVALID(EncodeDeleteItem(del), "DeleteItem.Key");
  UpdateItemRequest update;
  update.table_name = "Bookmarks";
  update.update = Update().Remove("x");
  EXPECT_INVALID(EncodeUpdateItem(update), "UpdateItem.Key");
  BatchWriteItemRequest batch;
  batch.request_items["Bookmarks"] = {WriteRequest::Put(Key("b1")), WriteRequest::Delete({})};
  EXPECT_INVALID(EncodeBatchWriteItem(batch), "BatchWriteItem Bookmarks[1].Key");
  BatchGetItemRequest batch_get;
  batch_get.request_items["Bookmarks"].keys = {Key("b1"), {{"id", AttributeValue::N("x")}}};
  EXPECT_INVALID(EncodeBatchGetItem(batch_get), "BatchGetItem Bookmarks.Keys[1]");
}

TEST(EncodeValidation, ReturnValuesPerOperation) {
  PutItemRequest put = ValidPut();
  put.return_values = ReturnValues::kAllNew;
  EXPECT_INVALID(EncodePutItem(put), "ReturnValues");
  put.return_values = ReturnValues::kUpdatedOld;
  EXPECT_INVALID(EncodePutItem(put), "ReturnValues");
  DeleteItemRequest del;
  del.table_name = "Bookmarks";
  del.key = Key("b1");
  del.return_values = ReturnValues::kUpdatedNew;
  EXPECT_INVALID(EncodeDeleteItem(del), "ReturnValues");
}

TEST(EncodeValidation, Expressions) {
  PutItemRequest put = ValidPut();
  put.condition = Condition::In(Path("a"), {});
  EXPECT_INVALID(EncodePutItem(put), "ConditionExpression");
  put.condition = Condition::Equal(Path("a"), AttributeValue::SS({}));
  EXPECT_INVALID(EncodePutItem(put), "ConditionExpression");
  UpdateItemRequest update;
  update.table_name = "Bookmarks";
  update.key = Key("b1");
  EXPECT_INVALID(EncodeUpdateItem(update), "update has no actions");
  update.update =
      Update().Set("a", AttributeValue::S("x")).Set(Path("a").Field("b"), AttributeValue::S("y"));
  EXPECT_INVALID(EncodeUpdateItem(update), "UpdateExpression");
  QueryRequest query;
  query.table_name = "Bookmarks";
  EXPECT_INVALID(EncodeQuery(query), "key condition");
  query.key_condition = KeyCondition::Partition("id", AttributeValue::Bool(true));
  EXPECT_INVALID(EncodeQuery(query), "KeyConditionExpression");
  query.key_condition = KeyCondition::Partition("id", AttributeValue::S("x"));
  query.projection = Projection{"a", Path("a").Field("b")};
  EXPECT_INVALID(EncodeQuery(query), "ProjectionExpression");
  query.projection = {};
  query.filter = Condition::Not(Condition());
  EXPECT_INVALID(EncodeQuery(query), "FilterExpression");
}

TEST(EncodeValidation, InvalidValuesInExpressionsNameTheField) {
  // Render checks value types; number syntax and range are checked afterwards, and the
  // error still says which expression of which action holds the value.
  PutItemRequest put = ValidPut();
  put.condition = Condition::Equal(Path("a"), AttributeValue::N("not-a-number"));
  EXPECT_INVALID(EncodePutItem(put),
                 "PutItem.ConditionExpression: attribute \":v0\": invalid number");
  UpdateItemRequest update;
  update.table_name = "Bookmarks";
  update.key = Key("b1");
  update.update = Update().Set("a", AttributeValue::N("1e999"));
  EXPECT_INVALID(EncodeUpdateItem(update), "UpdateItem.UpdateExpression");
  // The update is fine; the condition's value (the second one) is not.
  update.update = Update().Set("a", AttributeValue::N("1"));
  update.condition = Condition::Equal(Path("b"), AttributeValue::N("1.2.3"));
  EXPECT_INVALID(EncodeUpdateItem(update), "UpdateItem.ConditionExpression: attribute \":v1\"");
  QueryRequest query;
  query.table_name = "Bookmarks";
  query.key_condition = KeyCondition::Partition("id", AttributeValue::S("x"));
  query.filter = Condition::Equal(Path("n"), AttributeValue::N("--1"));
  EXPECT_INVALID(EncodeQuery(query), "Query.FilterExpression");
  ScanRequest scan;
  scan.table_name = "Notes";
  scan.filter = Condition::In(Path("n"), {AttributeValue::N("1"), AttributeValue::N("x")});
  EXPECT_INVALID(EncodeScan(scan), "Scan.FilterExpression");
  TransactWriteItemsRequest transact;
  transact.items.push_back(TransactDelete{"Stock", Key("s0"), Condition(), false});
  transact.items.push_back(TransactUpdate{
      "Stock", Key("s1"), Update().Add("count", AttributeValue::N("x")), Condition(), false});
  EXPECT_INVALID(EncodeTransactWriteItems(transact, "t"), "TransactItems[1].UpdateExpression");
  transact.items[1] = TransactPut{"Stock", Key("s1"), Condition::In(Path("a"), {}), false};
  EXPECT_INVALID(EncodeTransactWriteItems(transact, "t"), "TransactItems[1].ConditionExpression");
}

TEST(EncodeValidation, QueryAndScanOptions) {
  QueryRequest query;
  query.table_name = "Bookmarks";
  query.key_condition = KeyCondition::Partition("id", AttributeValue::S("x"));
  query.limit = 0;
  EXPECT_INVALID(EncodeQuery(query), "Limit");
  ScanRequest scan;
  scan.table_name = "Notes";
  scan.limit = -5;
  EXPECT_INVALID(EncodeScan(scan), "Limit");
  scan.limit.reset();
  scan.segment = 1;
  EXPECT_INVALID(EncodeScan(scan), "Segment and TotalSegments");
  scan.segment.reset();
  scan.total_segments = 4;
  EXPECT_INVALID(EncodeScan(scan), "Segment and TotalSegments");
  scan.segment = 4;
  EXPECT_INVALID(EncodeScan(scan), "Segment");
  scan.segment = -1;
  EXPECT_INVALID(EncodeScan(scan), "Segment");
  scan.segment = 0;
  scan.total_segments = 1000001;
  EXPECT_INVALID(EncodeScan(scan), "TotalSegments");
}

TEST(EncodeValidation, BatchLimits) {
  BatchWriteItemRequest batch;
  EXPECT_INVALID(EncodeBatchWriteItem(batch), "no writes");
  batch.request_items["Bookmarks"] = {};
  EXPECT_INVALID(EncodeBatchWriteItem(batch), "no writes for table Bookmarks");
  for (int i = 0; i < 26; ++i) {
    batch.request_items[i < 13 ? "Bookmarks" : "Notes"].push_back(
        WriteRequest::Put(Key("k" + std::to_string(i))));
  }
  EXPECT_INVALID(EncodeBatchWriteItem(batch), "26 writes, at most 25");
  BatchGetItemRequest get;
  EXPECT_INVALID(EncodeBatchGetItem(get), "no keys");
  get.request_items["Bookmarks"].keys = {};
  EXPECT_INVALID(EncodeBatchGetItem(get), "no keys for table Bookmarks");
  for (int i = 0; i < 101; ++i)
    get.request_items["Bookmarks"].keys.push_back(Key(std::to_string(i)));
  EXPECT_INVALID(EncodeBatchGetItem(get), "101 keys, at most 100");
}

TEST(EncodeValidation, TransactionLimits) {
  TransactWriteItemsRequest transact;
  EXPECT_INVALID(EncodeTransactWriteItems(transact, "t"), "no actions");
  for (int i = 0; i < 101; ++i) {
    transact.items.push_back(TransactDelete{"Bookmarks", Key(std::to_string(i)), {}, false});
  }
  EXPECT_INVALID(EncodeTransactWriteItems(transact, "t"), "101 actions, at most 100");
  transact.items.resize(1);
  EXPECT_INVALID(EncodeTransactWriteItems(transact, ""), "ClientRequestToken");
  EXPECT_INVALID(EncodeTransactWriteItems(transact, std::string(37, 'x')), "ClientRequestToken");
  EXPECT_BODY(EncodeTransactWriteItems(transact, std::string(36, 'x')),
              R"j({"TransactItems":[{"Delete":{"TableName":"Bookmarks","Key":{"id":{"S":"0"}}}}],)j"
              R"j("ClientRequestToken":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})j");
  transact.items = {TransactConditionCheck{"Bookmarks", Key("b1"), Condition(), false}};
  EXPECT_INVALID(EncodeTransactWriteItems(transact, "t"),
                 "TransactItems[0]: a condition check needs a condition");
  transact.items = {TransactUpdate{"Bookmarks", Key("b1"), Update(), Condition(), false}};
  EXPECT_INVALID(EncodeTransactWriteItems(transact, "t"),
                 "TransactItems[0]: update has no actions");
  TransactGetItemsRequest get;
  EXPECT_INVALID(EncodeTransactGetItems(get), "no items");
  for (int i = 0; i < 101; ++i) get.items.push_back({"Bookmarks", Key(std::to_string(i)), {}});
  EXPECT_INVALID(EncodeTransactGetItems(get), "101 items, at most 100");
  get.items.resize(1);
  get.items[0].key.clear();
  EXPECT_INVALID(EncodeTransactGetItems(get), "TransactItems[0].Key");
}

TEST(EncodeValidation, TransactionOverFourMegabytes) {
  TransactWriteItemsRequest transact;
  for (int i = 0; i < 12; ++i) {
    transact.items.push_back(
        TransactPut{"Bookmarks",
                    {{"id", AttributeValue::S(std::to_string(i))},
                     {"blob", AttributeValue::S(std::string(380 * 1024, 'x'))}},
                    {},
                    false});
  }
  EXPECT_INVALID(EncodeTransactWriteItems(transact, "t"), "4 MB");
}

}  // namespace
}  // namespace homeboard::ddb::internal
