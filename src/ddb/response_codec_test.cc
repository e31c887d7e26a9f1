// Tests of the response decoders (internal::Decode* for the item and table operations) and
// of the error path that carries cancelled transactions' reasons
// (internal::ParseErrorResponse): every 200 shape DynamoDB sends, ConsumedCapacity as an
// object (single-item operations) and as an array (batches, transactions), unknown fields
// ignored, and hostile bodies — wrong JSON types, truncation, trailing garbage, counts that
// disagree — all rejected as errc::kInvalidResponse without crashing.
//
// Shapes: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
// (and the pages of the other operations).
#include "ddb/internal/response_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ddb/internal/error_codec.h"
#include "ddb/internal/table_codec.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Decoders take the body by reference; tests pass a fresh copy each time.
template <typename Decode>
auto DecodeCopy(Decode decode, std::string body) {
  return decode(body);
}

#define EXPECT_INVALID_RESPONSE(result)                                                      \
  do {                                                                                       \
    const auto& result_ = (result);                                                          \
    ASSERT_FALSE(result_.ok());                                                              \
    EXPECT_EQ(result_.error().code(), errc::kInvalidResponse) << result_.error().ToString(); \
  } while (0)

// --- Put / Update / Delete -----------------------------------------------------------------

TEST(DecodeWriteResponses, EmptyBody) {
  std::string body = "{}";
  ASSERT_OK_AND_ASSIGN(PutItemResponse put, DecodePutItem(body));
  EXPECT_FALSE(put.attributes.has_value());
  EXPECT_FALSE(put.consumed_capacity.has_value());
  EXPECT_EQ(body, "{}");  // padded in place, contents unchanged
  body = " { } ";
  ASSERT_OK(DecodeUpdateItem(body));
  ASSERT_OK(DecodeDeleteItem(body));
}

TEST(DecodeWriteResponses, AttributesAndConsumedCapacityObject) {
  std::string body =
      R"({"Attributes":{"id":{"S":"b1"},"hits":{"N":"42"},"tags":{"SS":["a"]}},)"
      R"("ConsumedCapacity":{"TableName":"Bookmarks","CapacityUnits":2.5,)"
      R"("ReadCapacityUnits":0.5,"WriteCapacityUnits":2,"Table":{"CapacityUnits":1},)"
      R"("GlobalSecondaryIndexes":{"ByUser":{"CapacityUnits":1.5}},)"
      R"("LocalSecondaryIndexes":{"ByDate":{"CapacityUnits":0.5,"ReadCapacityUnits":0.5}}},)"
      R"("ItemCollectionMetrics":{"ItemCollectionKey":{"id":{"S":"b1"}},)"
      R"("SizeEstimateRangeGB":[0,1]},"SomethingNew":[1,{"x":null}]})";
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse update, DecodeUpdateItem(body));
  ASSERT_TRUE(update.attributes.has_value());
  EXPECT_EQ(*update.attributes, (Item{{"id", AttributeValue::S("b1")},
                                      {"hits", AttributeValue::N("42")},
                                      {"tags", AttributeValue::SS({"a"})}}));
  ASSERT_TRUE(update.consumed_capacity.has_value());
  const ConsumedCapacity& capacity = *update.consumed_capacity;
  EXPECT_EQ(capacity.table_name, "Bookmarks");
  EXPECT_EQ(capacity.capacity_units, 2.5);
  EXPECT_EQ(capacity.read_capacity_units, 0.5);
  EXPECT_EQ(capacity.write_capacity_units, 2);
  EXPECT_EQ(capacity.table_capacity_units, 1);
  EXPECT_EQ(capacity.global_secondary_indexes, (std::map<std::string, double>{{"ByUser", 1.5}}));
  EXPECT_EQ(capacity.local_secondary_indexes, (std::map<std::string, double>{{"ByDate", 0.5}}));
  ASSERT_OK_AND_ASSIGN(PutItemResponse put, DecodeCopy(DecodePutItem, body));
  EXPECT_EQ(put.attributes, update.attributes);
  ASSERT_OK_AND_ASSIGN(DeleteItemResponse del, DecodeCopy(DecodeDeleteItem, body));
  EXPECT_EQ(del.attributes, update.attributes);
}

TEST(DecodeWriteResponses, ConsumedCapacityArrayIsTheWrongShapeHere) {
  EXPECT_INVALID_RESPONSE(
      DecodeCopy(DecodePutItem, R"({"ConsumedCapacity":[{"CapacityUnits":1}]})"));
}

// --- GetItem ---------------------------------------------------------------------------

TEST(DecodeGetItem, AbsentItemIsNotAnError) {
  ASSERT_OK_AND_ASSIGN(GetItemResponse response, DecodeCopy(DecodeGetItem, "{}"));
  EXPECT_FALSE(response.item.has_value());
}

TEST(DecodeGetItem, EveryValueType) {
  ASSERT_OK_AND_ASSIGN(
      GetItemResponse response,
      DecodeCopy(
          DecodeGetItem,
          R"({"Item":{"s":{"S":"x"},"n":{"N":"-1.5E3"},"b":{"B":"AP8="},)"
          R"("t":{"BOOL":true},"z":{"NULL":true},"m":{"M":{"k":{"S":"v"}}},)"
          R"("l":{"L":[{"N":"1"},{"S":"a"}]},"ss":{"SS":["a","b"]},"ns":{"NS":["1","2"]},)"
          R"("bs":{"BS":["AQ=="]}},"ConsumedCapacity":{"TableName":"T","CapacityUnits":0.5}})"));
  ASSERT_TRUE(response.item.has_value());
  const Item& item = *response.item;
  EXPECT_EQ(item.size(), 10u);
  EXPECT_EQ(item.at("n"), AttributeValue::N("-1.5E3"));
  EXPECT_EQ(item.at("b"), AttributeValue::B(std::string("\x00\xff", 2)));
  EXPECT_EQ(item.at("z"), AttributeValue::Null());
  EXPECT_EQ(item.at("m"), AttributeValue::M({{"k", AttributeValue::S("v")}}));
  EXPECT_EQ(item.at("l"), AttributeValue::L({AttributeValue::N("1"), AttributeValue::S("a")}));
  EXPECT_EQ(item.at("bs"), AttributeValue::BS({"\x01"}));
  ASSERT_TRUE(response.consumed_capacity.has_value());
  EXPECT_EQ(response.consumed_capacity->capacity_units, 0.5);
}

TEST(DecodeGetItem, EmptyItemObjectIsAnEmptyItem) {
  ASSERT_OK_AND_ASSIGN(GetItemResponse response, DecodeCopy(DecodeGetItem, R"({"Item":{}})"));
  ASSERT_TRUE(response.item.has_value());
  EXPECT_THAT(*response.item, IsEmpty());
}

// --- Query / Scan ----------------------------------------------------------------------

TEST(DecodeQuery, PageWithNextKey) {
  ASSERT_OK_AND_ASSIGN(
      QueryResponse page,
      DecodeCopy(DecodeQuery,
                 R"({"Items":[{"id":{"S":"a"}},{"id":{"S":"b"}}],"Count":2,"ScannedCount":7,)"
                 R"("LastEvaluatedKey":{"id":{"S":"b"},"user":{"S":"u1"}},)"
                 R"("ConsumedCapacity":{"TableName":"Bookmarks","CapacityUnits":1}})"));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[1].at("id"), AttributeValue::S("b"));
  EXPECT_EQ(page.count, 2);
  EXPECT_EQ(page.scanned_count, 7);
  ASSERT_TRUE(page.last_evaluated_key.has_value());
  EXPECT_EQ(page.last_evaluated_key->size(), 2u);
  ASSERT_TRUE(page.consumed_capacity.has_value());
  EXPECT_EQ(page.consumed_capacity->table_name, "Bookmarks");
}

TEST(DecodeQuery, LastPageAndEmptyPage) {
  ASSERT_OK_AND_ASSIGN(QueryResponse last,
                       DecodeCopy(DecodeQuery, R"({"Items":[],"Count":0,"ScannedCount":0})"));
  EXPECT_THAT(last.items, IsEmpty());
  EXPECT_FALSE(last.last_evaluated_key.has_value());
  // Filtered to nothing, yet more to read.
  ASSERT_OK_AND_ASSIGN(QueryResponse empty,
                       DecodeCopy(DecodeQuery, R"({"Items":[],"Count":0,"ScannedCount":100,)"
                                               R"("LastEvaluatedKey":{"id":{"S":"z"}}})"));
  EXPECT_THAT(empty.items, IsEmpty());
  EXPECT_TRUE(empty.last_evaluated_key.has_value());
}

TEST(DecodeQuery, SelectCountHasNoItems) {
  ASSERT_OK_AND_ASSIGN(QueryResponse page,
                       DecodeCopy(DecodeQuery, R"({"Count":42,"ScannedCount":50})"));
  EXPECT_THAT(page.items, IsEmpty());
  EXPECT_EQ(page.count, 42);
  EXPECT_EQ(page.scanned_count, 50);
}

TEST(DecodeQuery, CountThatDisagreesWithItemsIsInvalid) {
  EXPECT_INVALID_RESPONSE(
      DecodeCopy(DecodeQuery, R"({"Items":[{"id":{"S":"a"}}],"Count":2,"ScannedCount":2})"));
  EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeQuery, R"({"Count":0,"Items":[{"id":{"S":"a"}}]})"));
  // An Items array that is present but empty must come with Count 0.
  EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeQuery, R"({"Items":[],"Count":3,"ScannedCount":3})"));
  EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeQuery, R"({"Count":3,"Items":[]})"));
  // Items without Count is a disagreement too (Count 0 vs one item).
  EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeQuery, R"({"Items":[{"id":{"S":"a"}}]})"));
}

TEST(DecodeQuery, HostileCounts) {
  for (const char* body :
       {R"({"Count":-1})", R"({"Count":"2"})", R"({"Count":1.5})", R"({"Count":99999999999})",
        R"({"ScannedCount":null})", R"({"Count":18446744073709551616})"}) {
    SCOPED_TRACE(body);
    EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeQuery, body));
  }
}

TEST(DecodeQuery, WrongTypes) {
  for (const char* body :
       {R"({"Items":{}})", R"({"Items":[1]})", R"({"Items":[{"id":"a"}]})",
        R"({"Items":[{"id":{"S":1}}]})", R"({"LastEvaluatedKey":[]})",
        R"({"LastEvaluatedKey":{"id":{"X":"a"}}})", R"({"ConsumedCapacity":"x"})",
        R"({"ConsumedCapacity":{"CapacityUnits":"1"}})",
        R"({"ConsumedCapacity":{"GlobalSecondaryIndexes":{"I":{"CapacityUnits":true}}}})",
        R"({"ConsumedCapacity":{"Table":[]}})"}) {
    SCOPED_TRACE(body);
    EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeQuery, body));
  }
}

TEST(DecodeQuery, HostileValues) {
  for (const char* body :
       {R"({"Items":[{"b":{"B":"!!notbase64"}}],"Count":1})",
        R"({"Items":[{"n":{"N":"12abc"}}],"Count":1})",
        R"({"Items":[{"z":{"NULL":false}}],"Count":1})",
        R"({"Items":[{"a":{"S":"x"},"a":{"S":"y"}}],"Count":1})",
        R"({"Items":[{"a":{"S":"x","N":"1"}}],"Count":1})", R"({"Items":[{"a":{}}],"Count":1})"}) {
    SCOPED_TRACE(body);
    EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeQuery, body));
  }
  // Nesting beyond any depth DynamoDB can store.
  std::string deep = R"({"Items":[{"a":)";
  for (int i = 0; i < 200; ++i) deep += R"({"L":[)";
  deep += R"({"S":"x"})";
  for (int i = 0; i < 200; ++i) deep += "]}";
  deep += R"(}],"Count":1})";
  EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeQuery, deep));
}

// --- Malformed documents, for every decoder ---------------------------------------------

std::vector<std::pair<std::string, std::function<Status(std::string&)>>> AllDecoders() {
  auto wrap = [](auto decode) {
    return std::function<Status(std::string&)>([decode](std::string& body) -> Status {
      auto result = decode(body);
      if (!result.ok()) return std::move(result).error();
      return OkStatus();
    });
  };
  return {
      {"PutItem", wrap(DecodePutItem)},
      {"GetItem", wrap(DecodeGetItem)},
      {"UpdateItem", wrap(DecodeUpdateItem)},
      {"DeleteItem", wrap(DecodeDeleteItem)},
      {"Query", wrap(DecodeQuery)},
      {"BatchWriteItem", wrap(DecodeBatchWriteItem)},
      {"BatchGetItem", wrap(DecodeBatchGetItem)},
      {"TransactWriteItems", wrap(DecodeTransactWriteItems)},
      {"TransactGetItems", wrap([](std::string& body) { return DecodeTransactGetItems(body, 0); })},
      {"CreateTable",
       wrap([](std::string& body) { return DecodeTableDescription(body, "TableDescription"); })},
      {"DescribeTable",
       wrap([](std::string& body) { return DecodeTableDescription(body, "Table"); })},
      {"ListTables", wrap(DecodeListTables)},
      {"UpdateTimeToLive", wrap(DecodeUpdateTimeToLive)},
      {"DescribeTimeToLive", wrap(DecodeDescribeTimeToLive)},
  };
}

TEST(DecodeAll, MalformedDocumentsAreInvalidResponses) {
  const std::vector<std::string> bodies = {
      "",
      " ",
      "null",
      "[]",
      "\"text\"",
      "42",
      "{",
      R"({"Item":{"id":{"S":"b1"})",  // truncated
      R"({"Items":[{"id":{"S":"a"}}],"Cou)",
      "{}{}",  // trailing document
      "{} x",  // trailing garbage
      R"({"a":1,})",
      R"({"a" 1})",
      R"({'a':1})",
      "<html><body>502 Bad Gateway</body></html>",
      std::string("{\"a\":\"\xff\xfe\"}"),  // not UTF-8
      std::string("{\"a\":1}\0", 8),        // a NUL after the document
  };
  for (auto& [name, decode] : AllDecoders()) {
    for (const std::string& original : bodies) {
      SCOPED_TRACE(name + " <- " + original);
      std::string body = original;
      Status status = decode(body);
      ASSERT_FALSE(status.ok());
      EXPECT_EQ(status.error().code(), errc::kInvalidResponse) << status.error().ToString();
      EXPECT_EQ(body, original);
    }
  }
}

TEST(DecodeAll, EveryPrefixOfAValidBodyIsRejectedOrDecodedWithoutCrashing) {
  const std::string body =
      R"({"Items":[{"id":{"S":"a"},"n":{"N":"1"},"m":{"M":{"l":{"L":[{"BOOL":true}]}}}}],)"
      R"("Count":1,"ScannedCount":1,"LastEvaluatedKey":{"id":{"S":"a"}},)"
      R"("Responses":{"T":[{"id":{"S":"a"}}]},"UnprocessedKeys":{"T":{"Keys":[{"id":{"S":"b"}}]}},)"
      R"("UnprocessedItems":{"T":[{"PutRequest":{"Item":{"id":{"S":"c"}}}}]},)"
      R"("ConsumedCapacity":[{"TableName":"T","CapacityUnits":1}]})";
  for (auto& [name, decode] : AllDecoders()) {
    for (std::size_t length = 0; length < body.size(); ++length) {
      std::string prefix = body.substr(0, length);
      Status status = decode(prefix);
      ASSERT_FALSE(status.ok()) << name << " accepted a truncated body: " << prefix;
      EXPECT_EQ(status.error().code(), errc::kInvalidResponse);
    }
  }
}

// --- BatchWriteItem --------------------------------------------------------------------

TEST(DecodeBatchWriteItem, NothingUnprocessed) {
  ASSERT_OK_AND_ASSIGN(BatchWriteItemResponse response,
                       DecodeCopy(DecodeBatchWriteItem, R"({"UnprocessedItems":{}})"));
  EXPECT_THAT(response.unprocessed_items, IsEmpty());
  ASSERT_OK_AND_ASSIGN(response, DecodeCopy(DecodeBatchWriteItem, "{}"));
  EXPECT_THAT(response.unprocessed_items, IsEmpty());
  // A table named with an empty list is nothing unprocessed.
  ASSERT_OK_AND_ASSIGN(response,
                       DecodeCopy(DecodeBatchWriteItem, R"({"UnprocessedItems":{"T":[]}})"));
  EXPECT_THAT(response.unprocessed_items, IsEmpty());
}

TEST(DecodeBatchWriteItem, UnprocessedPutsAndDeletesAndCapacityArray) {
  ASSERT_OK_AND_ASSIGN(
      BatchWriteItemResponse response,
      DecodeCopy(DecodeBatchWriteItem,
                 R"({"UnprocessedItems":{"Bookmarks":[{"PutRequest":{"Item":{"id":{"S":"b1"},)"
                 R"("title":{"S":"x"}}}},{"DeleteRequest":{"Key":{"id":{"S":"b2"}}}}],)"
                 R"("Notes":[{"DeleteRequest":{"Key":{"id":{"S":"n1"}}}}]},)"
                 R"("ItemCollectionMetrics":{},)"
                 R"("ConsumedCapacity":[{"TableName":"Bookmarks","CapacityUnits":3},)"
                 R"({"TableName":"Notes","CapacityUnits":1}]})"));
  ASSERT_EQ(response.unprocessed_items.size(), 2u);
  EXPECT_THAT(response.unprocessed_items.at("Bookmarks"),
              ElementsAre(WriteRequest::Put(
                              {{"id", AttributeValue::S("b1")}, {"title", AttributeValue::S("x")}}),
                          WriteRequest::Delete({{"id", AttributeValue::S("b2")}})));
  EXPECT_THAT(response.unprocessed_items.at("Notes"),
              ElementsAre(WriteRequest::Delete({{"id", AttributeValue::S("n1")}})));
  ASSERT_EQ(response.consumed_capacity.size(), 2u);
  EXPECT_EQ(response.consumed_capacity[0].table_name, "Bookmarks");
  EXPECT_EQ(response.consumed_capacity[0].capacity_units, 3);
  EXPECT_EQ(response.consumed_capacity[1].table_name, "Notes");
}

TEST(DecodeBatchWriteItem, HostileShapes) {
  for (const char* body :
       {R"({"UnprocessedItems":[]})", R"({"UnprocessedItems":{"T":{}}})",
        R"({"UnprocessedItems":{"T":[1]}})", R"({"UnprocessedItems":{"T":[{}]}})",
        R"({"UnprocessedItems":{"T":[{"PutRequest":{}}]}})",
        R"({"UnprocessedItems":{"T":[{"PutRequest":{"Key":{"id":{"S":"a"}}}}]}})",
        R"({"UnprocessedItems":{"T":[{"DeleteRequest":[]}]}})",
        R"({"UnprocessedItems":{"T":[{"PutRequest":{"Item":{"id":{"N":"x"}}}}]}})",
        R"({"ConsumedCapacity":{"TableName":"T"}})", R"({"ConsumedCapacity":[1]})"}) {
    SCOPED_TRACE(body);
    EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeBatchWriteItem, body));
  }
}

// --- BatchGetItem ----------------------------------------------------------------------

TEST(DecodeBatchGetItem, ResponsesAndUnprocessedKeys) {
  ASSERT_OK_AND_ASSIGN(
      BatchGetItemResponse response,
      DecodeCopy(DecodeBatchGetItem,
                 R"({"Responses":{"Bookmarks":[{"id":{"S":"b1"}},{"id":{"S":"b2"}}],"Notes":[]},)"
                 R"("UnprocessedKeys":{"Bookmarks":{"Keys":[{"id":{"S":"b3"}}],)"
                 R"("ProjectionExpression":"#n0","ExpressionAttributeNames":{"#n0":"id"},)"
                 R"("ConsistentRead":true},"Notes":{"Keys":[]}},)"
                 R"("ConsumedCapacity":[{"TableName":"Bookmarks","CapacityUnits":1.5}]})"));
  ASSERT_EQ(response.responses.at("Bookmarks").size(), 2u);
  EXPECT_THAT(response.responses.at("Notes"), IsEmpty());
  ASSERT_EQ(response.unprocessed_keys.size(), 1u);  // an empty Keys list is nothing
  const KeysAndAttributes& unprocessed = response.unprocessed_keys.at("Bookmarks");
  EXPECT_THAT(unprocessed.keys, ElementsAre(Item{{"id", AttributeValue::S("b3")}}));
  EXPECT_TRUE(unprocessed.consistent_read);
  ASSERT_EQ(response.consumed_capacity.size(), 1u);
  EXPECT_EQ(response.consumed_capacity[0].capacity_units, 1.5);
}

TEST(DecodeBatchGetItem, HostileShapes) {
  for (const char* body :
       {R"({"Responses":[]})", R"({"Responses":{"T":{}}})", R"({"Responses":{"T":[[]]}})",
        R"({"UnprocessedKeys":{"T":[]}})", R"({"UnprocessedKeys":{"T":{"Keys":{}}}})",
        R"({"UnprocessedKeys":{"T":{"Keys":[{"id":{"S":"a"}}],"ConsistentRead":"yes"}}})",
        R"({"ConsumedCapacity":{}})"}) {
    SCOPED_TRACE(body);
    EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeBatchGetItem, body));
  }
}

// --- Transactions ----------------------------------------------------------------------

TEST(DecodeTransactWriteItems, CapacityArray) {
  ASSERT_OK_AND_ASSIGN(TransactWriteItemsResponse response,
                       DecodeCopy(DecodeTransactWriteItems, "{}"));
  EXPECT_THAT(response.consumed_capacity, IsEmpty());
  ASSERT_OK_AND_ASSIGN(response,
                       DecodeCopy(DecodeTransactWriteItems,
                                  R"({"ConsumedCapacity":[{"TableName":"A","CapacityUnits":4,)"
                                  R"("WriteCapacityUnits":4},{"TableName":"B","CapacityUnits":2}],)"
                                  R"("ItemCollectionMetrics":{}})"));
  ASSERT_EQ(response.consumed_capacity.size(), 2u);
  EXPECT_EQ(response.consumed_capacity[0].write_capacity_units, 4);
  EXPECT_EQ(response.consumed_capacity[1].table_name, "B");
  EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeTransactWriteItems, R"({"ConsumedCapacity":{}})"));
}

TEST(DecodeTransactGetItems, ResponsesInOrderWithGaps) {
  std::string body = R"({"Responses":[{"Item":{"id":{"S":"a"}}},{},{"Item":{"id":{"S":"c"}}}],)"
                     R"("ConsumedCapacity":[{"TableName":"T","CapacityUnits":6}]})";
  ASSERT_OK_AND_ASSIGN(TransactGetItemsResponse response, DecodeTransactGetItems(body, 3));
  ASSERT_EQ(response.items.size(), 3u);
  EXPECT_EQ(response.items[0], (Item{{"id", AttributeValue::S("a")}}));
  EXPECT_FALSE(response.items[1].has_value());
  EXPECT_EQ(response.items[2], (Item{{"id", AttributeValue::S("c")}}));
  ASSERT_EQ(response.consumed_capacity.size(), 1u);
}

TEST(DecodeTransactGetItems, WrongNumberOfResponsesIsInvalid) {
  std::string body = R"({"Responses":[{},{}]})";
  EXPECT_INVALID_RESPONSE(DecodeTransactGetItems(body, 3));
  body = R"({"Responses":[{},{}]})";
  EXPECT_INVALID_RESPONSE(DecodeTransactGetItems(body, 1));
  body = "{}";
  EXPECT_INVALID_RESPONSE(DecodeTransactGetItems(body, 1));
  for (const char* hostile : {R"({"Responses":{}})", R"({"Responses":[[]]})",
                              R"({"Responses":[{"Item":[]}]})", R"({"Responses":[1]})"}) {
    SCOPED_TRACE(hostile);
    std::string copy = hostile;
    EXPECT_INVALID_RESPONSE(DecodeTransactGetItems(copy, 1));
  }
}

// --- Errors: cancellation reasons and old items ---------------------------------------

TEST(ParseErrorResponse, CancellationReasonsInOrderWithItems) {
  Error error = ParseErrorResponse(
      400,
      R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
      R"("Message":"Transaction cancelled, please refer cancellation reasons for specific )"
      R"(reasons [None, ConditionalCheckFailed, TransactionConflict]",)"
      R"("CancellationReasons":[{"Code":"None"},)"
      R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed",)"
      R"("Item":{"id":{"S":"b"},"v":{"N":"3"}}},)"
      R"({"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}]})",
      "RID");
  EXPECT_EQ(error.code(), errc::kTransactionCanceled);
  EXPECT_THAT(error.message(), HasSubstr("ConditionalCheckFailed"));
  EXPECT_EQ(error.http_status(), 400);
  EXPECT_EQ(error.request_id(), "RID");
  ASSERT_EQ(error.cancellation_reasons().size(), 3u);
  EXPECT_EQ(error.cancellation_reasons()[0].code, "None");
  EXPECT_EQ(error.cancellation_reasons()[0].message, "");
  EXPECT_FALSE(error.cancellation_reasons()[0].item.has_value());
  EXPECT_EQ(error.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(error.cancellation_reasons()[1].item,
            (Item{{"id", AttributeValue::S("b")}, {"v", AttributeValue::N("3")}}));
  EXPECT_EQ(error.cancellation_reasons()[2].code, "TransactionConflict");
  EXPECT_EQ(error.cancellation_reasons()[2].message, "Transaction is ongoing for the item");
}

TEST(ParseErrorResponse, ConditionalCheckFailedWithItem) {
  Error error = ParseErrorResponse(
      400,
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
      R"("message":"The conditional request failed","Item":{"id":{"S":"b1"}}})",
      "");
  EXPECT_EQ(error.code(), errc::kConditionalCheckFailed);
  EXPECT_EQ(error.message(), "The conditional request failed");
  EXPECT_EQ(error.item(), (Item{{"id", AttributeValue::S("b1")}}));
}

TEST(ParseErrorResponse, DamagedReasonsNeverCrash) {
  for (
      const char* body :
      {R"({"__type":"x#TransactionCanceledException","CancellationReasons":[{}]})",
       R"({"__type":"x#TransactionCanceledException","CancellationReasons":[1,"a",null]})",
       R"({"__type":"x#TransactionCanceledException","CancellationReasons":{}})",
       R"({"__type":"x#TransactionCanceledException","CancellationReasons":[{"Code":1}]})",
       R"({"__type":"x#TransactionCanceledException","CancellationReasons":[{"Code":"None","Item":{"a":{"N":"x"}}}]})",
       R"({"__type":"x#TransactionCanceledException","CancellationReasons":[{"Code":"None"})",
       R"({"__type":"x#TransactionCanceledException","CancellationReasons":[)"}) {
    SCOPED_TRACE(body);
    Error error = ParseErrorResponse(400, body, "");
    EXPECT_FALSE(error.code().empty());
    for (const CancellationReason& reason : error.cancellation_reasons()) {
      EXPECT_FALSE(reason.code.empty());
      EXPECT_FALSE(reason.item.has_value());
    }
  }
  // A reason without a Code is "Unknown", and stays in its place.
  Error error = ParseErrorResponse(
      400,
      R"({"__type":"x#TransactionCanceledException","CancellationReasons":[{},{"Code":"None"}]})",
      "");
  ASSERT_EQ(error.cancellation_reasons().size(), 2u);
  EXPECT_EQ(error.cancellation_reasons()[0].code, "Unknown");
  EXPECT_EQ(error.cancellation_reasons()[1].code, "None");
}

// --- Table operations ------------------------------------------------------------------

TEST(DecodeTableDescription, DescribeTableShape) {
  std::string body =
      R"({"Table":{"TableName":"Bookmarks","TableArn":"arn:aws:dynamodb:us-east-1:1:table/Bookmarks",)"
      R"("TableStatus":"ACTIVE","ItemCount":12,"TableSizeBytes":3456,)"
      R"("CreationDateTime":1.7e9,)"
      R"("AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},)"
      R"({"AttributeName":"user_id","AttributeType":"S"},{"AttributeName":"rank","AttributeType":"N"}],)"
      R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
      R"("BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},)"
      R"("ProvisionedThroughput":{"ReadCapacityUnits":0,"WriteCapacityUnits":0},)"
      R"("GlobalSecondaryIndexes":[{"IndexName":"UserBookmarksIndex","IndexStatus":"CREATING",)"
      R"("KeySchema":[{"AttributeName":"user_id","KeyType":"HASH"},{"AttributeName":"rank","KeyType":"RANGE"}],)"
      R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["title"]},)"
      R"("ItemCount":3,"IndexSizeBytes":99}]}})";
  ASSERT_OK_AND_ASSIGN(TableDescription table, DecodeTableDescription(body, "Table"));
  EXPECT_EQ(table.table_name, "Bookmarks");
  EXPECT_EQ(table.status, "ACTIVE");
  EXPECT_EQ(table.item_count, 12);
  EXPECT_EQ(table.size_bytes, 3456);
  EXPECT_EQ(table.creation_date_time, 1.7e9);
  EXPECT_EQ(table.billing_mode, BillingMode::kPayPerRequest);
  EXPECT_FALSE(table.provisioned_throughput.has_value());
  EXPECT_EQ(table.key_schema, (KeySchema{"id", ""}));
  ASSERT_EQ(table.attribute_definitions.size(), 3u);
  EXPECT_EQ(table.attribute_definitions[2], (AttributeDefinition{"rank", ScalarType::kN}));
  ASSERT_EQ(table.global_secondary_indexes.size(), 1u);
  const IndexDescription& index = table.global_secondary_indexes[0];
  EXPECT_EQ(index.index.name, "UserBookmarksIndex");
  EXPECT_EQ(index.status, "CREATING");
  EXPECT_EQ(index.index.key_schema, (KeySchema{"user_id", "rank"}));
  EXPECT_EQ(index.index.projection.type, IndexProjection::Type::kInclude);
  EXPECT_EQ(index.index.projection.non_key_attributes, std::vector<std::string>{"title"});
  EXPECT_EQ(index.item_count, 3);
}

TEST(DecodeTableDescription, HostileShapes) {
  for (const char* body :
       {R"({})", R"({"Table":[]})", R"({"Table":{"KeySchema":{}}})",
        R"({"Table":{"KeySchema":[{"AttributeName":"id","KeyType":"SIDEWAYS"}]}})",
        R"({"Table":{"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"X"}]}})",
        R"({"Table":{"AttributeDefinitions":[1]}})",
        R"({"Table":{"GlobalSecondaryIndexes":[[]]}})"}) {
    SCOPED_TRACE(body);
    std::string copy = body;
    EXPECT_INVALID_RESPONSE(DecodeTableDescription(copy, "Table"));
  }
}

TEST(DecodeListTables, NamesAndNextPage) {
  ASSERT_OK_AND_ASSIGN(
      ListTablesResponse page,
      DecodeCopy(DecodeListTables, R"({"TableNames":["A","B"],"LastEvaluatedTableName":"B"})"));
  EXPECT_THAT(page.table_names, ElementsAre("A", "B"));
  EXPECT_EQ(page.last_evaluated_table_name, "B");
  EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeListTables, R"({"TableNames":[1]})"));
  EXPECT_INVALID_RESPONSE(DecodeCopy(DecodeListTables, R"({"TableNames":"A"})"));
}

TEST(DecodeTimeToLive, BothShapes) {
  ASSERT_OK_AND_ASSIGN(
      TimeToLiveDescription updated,
      DecodeCopy(DecodeUpdateTimeToLive,
                 R"({"TimeToLiveSpecification":{"AttributeName":"expires","Enabled":true}})"));
  EXPECT_EQ(updated.status, "ENABLED");
  EXPECT_EQ(updated.attribute_name, "expires");
  ASSERT_OK_AND_ASSIGN(
      TimeToLiveDescription described,
      DecodeCopy(
          DecodeDescribeTimeToLive,
          R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLING","AttributeName":"expires"}})"));
  EXPECT_EQ(described.status, "ENABLING");
  ASSERT_OK_AND_ASSIGN(described,
                       DecodeCopy(DecodeDescribeTimeToLive, R"({"TimeToLiveDescription":{}})"));
  EXPECT_EQ(described.status, "DISABLED");
  EXPECT_INVALID_RESPONSE(
      DecodeCopy(DecodeUpdateTimeToLive, R"({"TimeToLiveSpecification":{"Enabled":"yes"}})"));
}

}  // namespace
}  // namespace homeboard::ddb::internal
