// Integration tests of TransactWriteItems and TransactGetItems against a real DynamoDB (Local
// by default): all four action kinds commit together, a failing condition cancels everything
// with per-action reasons in request order, a ClientRequestToken makes a repeated transaction
// apply once, and reads come back in request order with gaps for missing items.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ddb/client.h"
#include "ddb/internal/crypto.h"
#include "ddb_test_util.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using V = AttributeValue;
using homeboard::testing::DdbIntegrationTest;
using homeboard::testing::Key;

class DdbTransactionsTest : public DdbIntegrationTest {
 protected:
  void SetUp() override {
    DdbIntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK_AND_ASSIGN(table_, CreateHashTable());
  }

  Status Put(Item item) {
    PutItemRequest request;
    request.table_name = table_;
    request.item = std::move(item);
    Result<PutItemResponse> response = client().PutItem(request);
    if (!response.ok()) return std::move(response).error();
    return OkStatus();
  }

  Result<std::optional<Item>> Get(std::string pk, const std::string& table = "") {
    GetItemRequest request;
    request.table_name = table.empty() ? table_ : table;
    request.key = Key(std::move(pk));
    request.consistent_read = true;
    Result<GetItemResponse> response = client().GetItem(request);
    if (!response.ok()) return std::move(response).error();
    return std::move(response->item);
  }

  TransactPut PutAction(Item item, Condition condition = {}) const {
    TransactPut action;
    action.table_name = table_;
    action.item = std::move(item);
    action.condition = std::move(condition);
    return action;
  }
  TransactUpdate UpdateAction(std::string pk, Update update, Condition condition = {}) const {
    TransactUpdate action;
    action.table_name = table_;
    action.key = Key(std::move(pk));
    action.update = std::move(update);
    action.condition = std::move(condition);
    return action;
  }
  TransactDelete DeleteAction(std::string pk, Condition condition = {}) const {
    TransactDelete action;
    action.table_name = table_;
    action.key = Key(std::move(pk));
    action.condition = std::move(condition);
    return action;
  }
  TransactConditionCheck CheckAction(std::string pk, Condition condition) const {
    TransactConditionCheck action;
    action.table_name = table_;
    action.key = Key(std::move(pk));
    action.condition = std::move(condition);
    return action;
  }
  TransactGet GetAction(std::string pk, const std::string& table = "") const {
    TransactGet action;
    action.table_name = table.empty() ? table_ : table;
    action.key = Key(std::move(pk));
    return action;
  }

  std::string table_;
};

TEST_F(DdbTransactionsTest, PutUpdateDeleteAndConditionCheckCommitTogether) {
  ASSERT_OK_AND_ASSIGN(std::string other, CreateHashTable("other"));
  ASSERT_OK(Put({{"pk", V::S("counter")}, {"count", V::N(1)}}));
  ASSERT_OK(Put({{"pk", V::S("doomed")}, {"status", V::S("old")}}));
  ASSERT_OK(Put({{"pk", V::S("guard")}, {"status", V::S("active")}}));

  TransactWriteItemsRequest request;
  request.items.push_back(PutAction({{"pk", V::S("fresh")}, {"name", V::S("new")}},
                                    Condition::AttributeNotExists("pk")));
  request.items.push_back(UpdateAction("counter", Update().Increment("count", V::N(41)),
                                       Condition::Equal(Path("count"), V::N(1))));
  request.items.push_back(DeleteAction("doomed", Condition::Equal(Path("status"), V::S("old"))));
  request.items.push_back(CheckAction("guard", Condition::Equal(Path("status"), V::S("active"))));
  TransactPut elsewhere;
  elsewhere.table_name = other;
  elsewhere.item = {{"pk", V::S("in-other-table")}};
  request.items.push_back(elsewhere);
  request.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  ASSERT_OK_AND_ASSIGN(TransactWriteItemsResponse response, client().TransactWriteItems(request));
  EXPECT_FALSE(response.consumed_capacity.empty());

  ASSERT_OK_AND_ASSIGN(std::optional<Item> fresh, Get("fresh"));
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(fresh->at("name"), V::S("new"));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> counter, Get("counter"));
  ASSERT_TRUE(counter.has_value());
  EXPECT_SAME_ITEMS(counter->at("count"), V::N(42));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> doomed, Get("doomed"));
  EXPECT_FALSE(doomed.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> guard, Get("guard"));
  EXPECT_TRUE(guard.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> in_other, Get("in-other-table", other));
  EXPECT_TRUE(in_other.has_value());
}

TEST_F(DdbTransactionsTest, FailingConditionCheckCancelsEverythingWithReasonsInOrder) {
  const Item guard = {{"pk", V::S("guard")}, {"status", V::S("active")}, {"type", V::S("g")}};
  ASSERT_OK(Put(guard));
  ASSERT_OK(Put({{"pk", V::S("counter")}, {"count", V::N(1)}}));

  TransactWriteItemsRequest request;
  request.items.push_back(PutAction({{"pk", V::S("never")}}));
  request.items.push_back(UpdateAction("counter", Update().Increment("count", V::N(1))));
  TransactConditionCheck check =
      CheckAction("guard", Condition::Equal(Path("status"), V::S("archived")));
  check.return_item_on_condition_failure = true;
  request.items.push_back(check);
  Result<TransactWriteItemsResponse> response = client().TransactWriteItems(request);
  ASSERT_FALSE(response.ok());
  const Error& error = response.error();
  EXPECT_EQ(error.code(), errc::kTransactionCanceled) << error.ToString();
  EXPECT_EQ(error.operation(), "TransactWriteItems");
  ASSERT_EQ(error.cancellation_reasons().size(), 3u) << error.ToString();
  EXPECT_EQ(error.cancellation_reasons()[0].code, "None");
  EXPECT_EQ(error.cancellation_reasons()[1].code, "None");
  EXPECT_EQ(error.cancellation_reasons()[2].code, "ConditionalCheckFailed");
  ASSERT_TRUE(error.cancellation_reasons()[2].item.has_value());
  EXPECT_SAME_ITEMS(*error.cancellation_reasons()[2].item, guard);
  EXPECT_FALSE(error.cancellation_reasons()[1].item.has_value());
  EXPECT_NE(error.ToString().find("None, None, ConditionalCheckFailed"), std::string::npos)
      << error.ToString();

  // Nothing was applied.
  ASSERT_OK_AND_ASSIGN(std::optional<Item> never, Get("never"));
  EXPECT_FALSE(never.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> counter, Get("counter"));
  ASSERT_TRUE(counter.has_value());
  EXPECT_SAME_ITEMS(counter->at("count"), V::N(1));
}

TEST_F(DdbTransactionsTest, FailingPutConditionIsReportedAtItsPosition) {
  ASSERT_OK(Put({{"pk", V::S("taken")}, {"name", V::S("first")}}));
  TransactWriteItemsRequest request;
  TransactPut put = PutAction({{"pk", V::S("taken")}, {"name", V::S("second")}},
                              Condition::AttributeNotExists("pk"));
  put.return_item_on_condition_failure = true;
  request.items.push_back(put);
  request.items.push_back(PutAction({{"pk", V::S("other")}}));
  Result<TransactWriteItemsResponse> response = client().TransactWriteItems(request);
  ASSERT_FALSE(response.ok());
  ASSERT_EQ(response.error().cancellation_reasons().size(), 2u) << response.error().ToString();
  EXPECT_EQ(response.error().cancellation_reasons()[0].code, "ConditionalCheckFailed");
  ASSERT_TRUE(response.error().cancellation_reasons()[0].item.has_value());
  EXPECT_EQ(response.error().cancellation_reasons()[0].item->at("name"), V::S("first"));
  EXPECT_EQ(response.error().cancellation_reasons()[1].code, "None");
  ASSERT_OK_AND_ASSIGN(std::optional<Item> other, Get("other"));
  EXPECT_FALSE(other.has_value());
}

TEST_F(DdbTransactionsTest, SameClientRequestTokenAppliesOnce) {
  ASSERT_OK(Put({{"pk", V::S("counter")}, {"count", V::N(0)}}));
  TransactWriteItemsRequest request;
  request.items.push_back(UpdateAction("counter", Update().Increment("count", V::N(1))));
  request.items.push_back(PutAction({{"pk", V::S("log")}, {"entry", V::S("incremented")}}));
  // Unique per run: the service remembers tokens for 10 minutes.
  request.client_request_token =
      "h8-" + homeboard::ddb::internal::HexEncode(homeboard::ddb::internal::RandomBytes(12));

  ASSERT_OK(client().TransactWriteItems(request));
  // The second call with the same token succeeds without applying the increment again.
  ASSERT_OK(client().TransactWriteItems(request));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> counter, Get("counter"));
  ASSERT_TRUE(counter.has_value());
  EXPECT_SAME_ITEMS(counter->at("count"), V::N(1));

  // Without a token the client generates a fresh one per call: both apply.
  TransactWriteItemsRequest untokened = request;
  untokened.client_request_token.clear();
  ASSERT_OK(client().TransactWriteItems(untokened));
  ASSERT_OK(client().TransactWriteItems(untokened));
  ASSERT_OK_AND_ASSIGN(counter, Get("counter"));
  ASSERT_TRUE(counter.has_value());
  EXPECT_SAME_ITEMS(counter->at("count"), V::N(3));

  // The same token with a different request is refused.
  TransactWriteItemsRequest changed = request;
  changed.items[0] = UpdateAction("counter", Update().Increment("count", V::N(100)));
  Result<TransactWriteItemsResponse> mismatch = client().TransactWriteItems(changed);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code(), errc::kIdempotentParameterMismatch)
      << mismatch.error().ToString();
  ASSERT_OK_AND_ASSIGN(counter, Get("counter"));
  ASSERT_TRUE(counter.has_value());
  EXPECT_SAME_ITEMS(counter->at("count"), V::N(3));
}

TEST_F(DdbTransactionsTest, FourMegabytesOfBinaryItemsFitOneTransaction) {
  // DynamoDB limits the aggregate size of a transaction's items to 4 MB; binary travels
  // base64-encoded, so the request body is a third larger than the items it carries. Ten
  // items of 380 KB (3.7 MB of items, ~5 MB of JSON) are within the limit.
  TransactWriteItemsRequest request;
  for (int i = 0; i < 10; ++i) {
    request.items.push_back(PutAction({{"pk", V::S(fmt::format("bin{}", i))},
                                       {"blob", V::B(std::string(380 * 1024, static_cast<char>(i)))}}));
  }
  ASSERT_OK(client().TransactWriteItems(request));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> last, Get("bin9"));
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->at("blob"), V::B(std::string(380 * 1024, '\x09')));
}

TEST_F(DdbTransactionsTest, TwoActionsOnOneItemAreRejected) {
  TransactWriteItemsRequest request;
  request.items.push_back(PutAction({{"pk", V::S("same")}}));
  request.items.push_back(UpdateAction("same", Update().Set("x", V::N(1))));
  Result<TransactWriteItemsResponse> response = client().TransactWriteItems(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kValidation) << response.error().ToString();
}

TEST_F(DdbTransactionsTest, TransactGetItemsInRequestOrderWithMissingItemsEmpty) {
  ASSERT_OK_AND_ASSIGN(std::string other, CreateHashTable("other"));
  ASSERT_OK(Put({{"pk", V::S("a")}, {"name", V::S("A")}, {"url", V::S("https://a")}}));
  ASSERT_OK(Put({{"pk", V::S("c")}, {"name", V::S("C")}}));
  PutItemRequest in_other;
  in_other.table_name = other;
  in_other.item = {{"pk", V::S("a")}, {"name", V::S("other A")}};
  ASSERT_OK(client().PutItem(in_other));

  TransactGetItemsRequest request;
  request.items.push_back(GetAction("c"));
  request.items.push_back(GetAction("missing"));
  TransactGet projected = GetAction("a");
  projected.projection = Projection{"url"};
  request.items.push_back(projected);
  request.items.push_back(GetAction("a", other));
  request.items.push_back(GetAction("also-missing", other));
  ASSERT_OK_AND_ASSIGN(TransactGetItemsResponse response, client().TransactGetItems(request));
  ASSERT_EQ(response.items.size(), 5u);
  ASSERT_TRUE(response.items[0].has_value());
  EXPECT_SAME_ITEMS(*response.items[0], (Item{{"pk", V::S("c")}, {"name", V::S("C")}}));
  EXPECT_FALSE(response.items[1].has_value());
  ASSERT_TRUE(response.items[2].has_value());
  EXPECT_SAME_ITEMS(*response.items[2], (Item{{"url", V::S("https://a")}}));
  ASSERT_TRUE(response.items[3].has_value());
  EXPECT_EQ(response.items[3]->at("name"), V::S("other A"));
  EXPECT_FALSE(response.items[4].has_value());
}

TEST_F(DdbTransactionsTest, TransactGetItemsTellsAnEmptyProjectionFromAMissingItem) {
  ASSERT_OK(Put({{"pk", V::S("a")}, {"x", V::S("1")}}));
  TransactGetItemsRequest request;
  TransactGet projected = GetAction("a");
  projected.projection = Projection{"not_there"};
  request.items.push_back(projected);
  request.items.push_back(GetAction("missing"));
  ASSERT_OK_AND_ASSIGN(TransactGetItemsResponse response, client().TransactGetItems(request));
  ASSERT_EQ(response.items.size(), 2u);
  ASSERT_TRUE(response.items[0].has_value()) << "the item exists";
  EXPECT_TRUE(response.items[0]->empty());
  EXPECT_FALSE(response.items[1].has_value());
}

TEST_F(DdbTransactionsTest, TransactGetItemsOfAMissingTableIsAnError) {
  TransactGetItemsRequest request;
  request.items.push_back(GetAction("a", UniqueTableName("missing")));
  Result<TransactGetItemsResponse> response = client().TransactGetItems(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kResourceNotFound) << response.error().ToString();
}

}  // namespace
}  // namespace homeboard::ddb
