// Unit tests of the DynamoDB engine without a server: FromDdbError on hand-made ddb::Errors
// (every row of its table), and DynamoStore over a real ddb::Client whose transport is a
// fault-injecting fake. The fake produces what DynamoDB Local cannot be made to do on
// demand: a 5xx answer, a connection lost after sending, a write applied whose answer never
// came, throttled batches, and a partition served in pages cut short as if by the 1 MB
// limit. The same operations against DynamoDB Local are in tests/dynamo_store_test.cc.
#include "store/dynamo/dynamo_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "ddb/credentials.h"
#include "ddb/http.h"
#include "store/dynamo/error_mapping.h"
#include "testing/fake_runtime.h"
#include "testing/status_matchers.h"

namespace homeboard::store::dynamo {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Code = Error::Code;

// --- FromDdbError ---------------------------------------------------------------------------

ddb::Error DdbError(std::string_view code, std::string message = "text from DynamoDB",
                    int http_status = 400, int attempts = 1) {
  ddb::Error error(code, std::move(message));
  error.set_http_status(http_status)
      .set_attempts(attempts)
      .set_operation("PutItem")
      .set_table("t_Things");
  return error;
}

ddb::Error Cancelled(std::vector<std::pair<std::string, std::string>> reasons) {
  std::vector<ddb::CancellationReason> list;
  for (auto& [code, message] : reasons) list.push_back({code, message, std::nullopt});
  ddb::Error error = DdbError(ddb::errc::kTransactionCanceled, "Transaction cancelled");
  error.set_cancellation_reasons(std::move(list));
  return error;
}

TEST(FromDdbError, ConditionalCheckFailed) {
  Error error =
      FromDdbError(DdbError(ddb::errc::kConditionalCheckFailed), CallKind::kIdempotentWrite);
  EXPECT_EQ(error.code, Code::kConditionFailed);
  EXPECT_FALSE(error.failed_action.has_value());
  // A first-attempt failure of a conditional write is a plain condition failure.
  EXPECT_EQ(
      FromDdbError(DdbError(ddb::errc::kConditionalCheckFailed), CallKind::kNonIdempotentWrite)
          .code,
      Code::kConditionFailed);
}

TEST(FromDdbError, ConditionFailingOnARetryOfANonIdempotentWriteIsOutcomeUnknown) {
  ddb::Error retried = DdbError(ddb::errc::kConditionalCheckFailed,
                                "The conditional request failed", 400, /*attempts=*/2);
  Error error = FromDdbError(retried, CallKind::kNonIdempotentWrite);
  EXPECT_EQ(error.code, Code::kOutcomeUnknown);
  EXPECT_THAT(error.message, HasSubstr("The conditional request failed"));
  // An idempotent write re-sent is fine: its condition failing is real.
  EXPECT_EQ(FromDdbError(retried, CallKind::kIdempotentWrite).code, Code::kConditionFailed);
}

TEST(FromDdbError, MessageKeepsTheDdbErrorText) {
  Error error =
      FromDdbError(DdbError(ddb::errc::kResourceNotFound, "Requested resource not found"));
  EXPECT_EQ(error.code, Code::kNotFound);
  EXPECT_THAT(error.message, HasSubstr("ResourceNotFoundException"));
  EXPECT_THAT(error.message, HasSubstr("PutItem t_Things"));
  EXPECT_THAT(error.message, HasSubstr("Requested resource not found"));
}

TEST(FromDdbError, CancelledTransactionNamesTheFirstFailedCondition) {
  Error error =
      FromDdbError(Cancelled({{"None", ""},
                              {"ConditionalCheckFailed", "The conditional request failed"},
                              {"ConditionalCheckFailed", "The conditional request failed"}}),
                   CallKind::kIdempotentWrite);
  EXPECT_EQ(error.code, Code::kConditionFailed);
  ASSERT_TRUE(error.failed_action.has_value());
  EXPECT_EQ(*error.failed_action, 1u);
  EXPECT_THAT(error.message, HasSubstr("ConditionalCheckFailed"));
}

TEST(FromDdbError, CancelledTransactionByReason) {
  EXPECT_EQ(FromDdbError(Cancelled({{"TransactionConflict", "conflict"}, {"None", ""}})).code,
            Code::kConflict);
  EXPECT_EQ(FromDdbError(Cancelled({{"None", ""}, {"ThrottlingError", "slow down"}})).code,
            Code::kUnavailable);
  EXPECT_EQ(FromDdbError(Cancelled({{"ProvisionedThroughputExceeded", ""}})).code,
            Code::kUnavailable);
  EXPECT_EQ(FromDdbError(Cancelled({{"ItemCollectionSizeLimitExceeded", ""}})).code,
            Code::kTooLarge);
  Error too_large = FromDdbError(Cancelled(
      {{"None", ""},
       {"ValidationError", "Item size to update has exceeded the maximum allowed size"}}));
  EXPECT_EQ(too_large.code, Code::kTooLarge);
  EXPECT_THAT(too_large.message, HasSubstr("action 1"));
  EXPECT_EQ(
      FromDdbError(Cancelled({{"ValidationError", "One or more parameter values were invalid"}}))
          .code,
      Code::kInvalidArgument);
  EXPECT_EQ(FromDdbError(Cancelled({{"SomethingNew", ""}})).code, Code::kInternal);
  EXPECT_EQ(FromDdbError(Cancelled({})).code, Code::kInternal);
  // A failed condition wins over a conflict elsewhere: the caller must learn which action.
  Error both =
      FromDdbError(Cancelled({{"TransactionConflict", ""}, {"ConditionalCheckFailed", ""}}));
  EXPECT_EQ(both.code, Code::kConditionFailed);
  EXPECT_EQ(both.failed_action, std::optional<std::size_t>(1));
}

TEST(FromDdbError, ValidationAndTooLarge) {
  EXPECT_EQ(
      FromDdbError(DdbError(ddb::errc::kValidation, "One or more parameter values were invalid"))
          .code,
      Code::kInvalidArgument);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kInvalidArgument, "empty set")).code,
            Code::kInvalidArgument);
  EXPECT_EQ(FromDdbError(
                DdbError(ddb::errc::kValidation, "Item size has exceeded the maximum allowed size"))
                .code,
            Code::kTooLarge);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kValidation,
                                  "Item size to update has exceeded the maximum allowed size"))
                .code,
            Code::kTooLarge);
  EXPECT_EQ(FromDdbError(
                DdbError(ddb::errc::kValidation, "Transaction request cannot be larger than 4 MB"))
                .code,
            Code::kTooLarge);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kInvalidArgument,
                                  "item is 500000 bytes, over DynamoDB's 400 KB item limit"))
                .code,
            Code::kTooLarge);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kItemCollectionSizeLimitExceeded)).code,
            Code::kTooLarge);
}

TEST(FromDdbError, TransientFailuresAreUnavailable) {
  for (std::string_view code :
       {ddb::errc::kThrottling, ddb::errc::kProvisionedThroughputExceeded,
        ddb::errc::kRequestLimitExceeded, ddb::errc::kLimitExceeded,
        ddb::errc::kTransactionInProgress, ddb::errc::kConnectError, ddb::errc::kNetworkError,
        ddb::errc::kRequestTimeout, ddb::errc::kCrc32Mismatch, ddb::errc::kDeadlineExceeded,
        ddb::errc::kRetryQuotaExceeded, ddb::errc::kUnprocessed, ddb::errc::kResourceInUse}) {
    SCOPED_TRACE(code);
    EXPECT_EQ(FromDdbError(DdbError(code)).code, Code::kUnavailable);
    EXPECT_EQ(FromDdbError(DdbError(code), CallKind::kIdempotentWrite).code, Code::kUnavailable);
  }
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kInternalServerError, "boom", 500)).code,
            Code::kUnavailable);
  EXPECT_EQ(FromDdbError(DdbError("SomeFutureError", "gateway", 503)).code, Code::kUnavailable);
}

TEST(FromDdbError, OpenOutcomeOfANonIdempotentWriteIsOutcomeUnknown) {
  for (ddb::Error error : {DdbError(ddb::errc::kInternalServerError, "boom", 500),
                           DdbError(ddb::errc::kServiceUnavailable, "later", 503),
                           DdbError(ddb::errc::kNetworkError, "reset", 0),
                           DdbError(ddb::errc::kRequestTimeout, "slow", 0),
                           // The deadline ran out while retrying a 500: still may be applied.
                           DdbError(ddb::errc::kDeadlineExceeded, "InternalServerError", 500)}) {
    SCOPED_TRACE(error.ToString());
    EXPECT_EQ(FromDdbError(error, CallKind::kNonIdempotentWrite).code, Code::kOutcomeUnknown);
    EXPECT_EQ(FromDdbError(error, CallKind::kIdempotentWrite).code, Code::kUnavailable);
  }
  // Nothing was sent, or the service said no: the outcome is known.
  EXPECT_EQ(
      FromDdbError(DdbError(ddb::errc::kConnectError, "refused", 0), CallKind::kNonIdempotentWrite)
          .code,
      Code::kUnavailable);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kThrottling), CallKind::kNonIdempotentWrite).code,
            Code::kUnavailable);
}

TEST(FromDdbError, OtherCodes) {
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kOutcomeUnknown)).code, Code::kOutcomeUnknown);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kTransactionConflict)).code, Code::kConflict);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kInvalidResponse)).code, Code::kCorrupt);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kAccessDenied)).code, Code::kInternal);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kCredentials, "no credentials", 0)).code,
            Code::kInternal);
  EXPECT_EQ(FromDdbError(DdbError(ddb::errc::kIdempotentParameterMismatch)).code, Code::kInternal);
  ddb::Error retryable_unknown = DdbError("SomeFutureError");
  retryable_unknown.set_retryable(true);
  EXPECT_EQ(FromDdbError(retryable_unknown).code, Code::kUnavailable);
}

// --- A fault-injecting DynamoDB -----------------------------------------------------------

ddb::HttpResponse Answer(std::string body) {
  ddb::HttpResponse response;
  response.status = 200;
  response.headers = {{"content-type", "application/x-amz-json-1.0"}};
  response.body = std::move(body);
  return response;
}

ddb::HttpResponse Fail(std::string_view code, std::string_view message, int status = 400,
                       std::string extra = "") {
  ddb::HttpResponse response;
  response.status = status;
  response.headers = {{"content-type", "application/x-amz-json-1.0"}};
  response.body = R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + std::string(code) +
                  R"(","message":")" + std::string(message) + "\"" + extra + "}";
  return response;
}

struct Call {
  std::string operation;  // "PutItem"
  std::string body;
};

// Answers every request from a handler that sees the operation, the body and how many
// requests came before; records the requests.
class FakeDynamoDb final : public ddb::HttpTransport {
 public:
  using Handler = std::function<ddb::Result<ddb::HttpResponse>(const Call& call, int index)>;
  explicit FakeDynamoDb(Handler handler) : handler_(std::move(handler)) {}

  ddb::Result<ddb::HttpResponse> Send(const ddb::HttpRequest& request) override {
    Call call;
    for (const auto& [name, value] : request.headers) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == "x-amz-target") call.operation = value.substr(value.find('.') + 1);
    }
    call.body = request.body;
    int index;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      index = static_cast<int>(calls_.size());
      calls_.push_back(call);
    }
    return handler_(call, index);
  }

  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  std::vector<std::string> operations() const {
    std::vector<std::string> names;
    for (const Call& call : calls()) names.push_back(call.operation);
    return names;
  }

 private:
  Handler handler_;
  mutable std::mutex mutex_;
  std::vector<Call> calls_;
};

KeyAttribute S(std::string name) { return {std::move(name), KeyType::kString}; }

TableSpec ThingsSpec() {
  return {.name = "t_Things", .partition_key = S("pk"), .sort_key = S("sk")};
}

TableSpec IndexedSpec() {
  return {.name = "t_Indexed",
          .partition_key = S("id"),
          .global_secondary_indexes = {{.name = "ByOwner",
                                        .partition_key = S("owner"),
                                        .sort_key = {{"rank", KeyType::kNumber}}}}};
}

TableSpec CountersSpec() {
  return {.name = "t_Counters", .partition_key = {"n", KeyType::kNumber}};
}

Item Key(std::string pk, std::string sk) {
  return {{"pk", AttributeValue::S(std::move(pk))}, {"sk", AttributeValue::S(std::move(sk))}};
}

class DynamoStoreFakeTest : public ::testing::Test {
 protected:
  // A store over a client whose transport is `handler`; retries are instant (fake sleeper).
  void Start(FakeDynamoDb::Handler handler) {
    dynamo_ = std::make_shared<FakeDynamoDb>(std::move(handler));
    ddb::ClientOptions options;
    options.endpoint = "http://dynamodb.invalid:8000";
    options.region = "us-east-1";
    options.credentials = std::make_shared<ddb::StaticCredentialsProvider>(
        ddb::Credentials{.access_key_id = "AKID", .secret_access_key = "secret"});
    options.transport = dynamo_;
    options.clock = clock_;
    options.sleeper = sleeper_;
    options.random = std::make_shared<testing::FakeRandom>();
    options.verify_crc32 = false;
    ddb::Result<std::unique_ptr<ddb::Client>> client = ddb::Client::Create(options);
    ASSERT_TRUE(client.ok()) << client.error().ToString();
    Result<std::unique_ptr<DynamoStore>> store =
        DynamoStore::Create({.client = std::move(*client),
                             .tables = {ThingsSpec(), CountersSpec(), IndexedSpec()},
                             .cursor_secret = std::string(kSecret)});
    ASSERT_OK(store);
    store_ = std::move(*store);
  }

  static constexpr std::string_view kSecret = "0123456789abcdef-unit-test";
  std::shared_ptr<testing::FakeClock> clock_ = std::make_shared<testing::FakeClock>();
  std::shared_ptr<testing::FakeSleeper> sleeper_ = std::make_shared<testing::FakeSleeper>(clock_);
  std::shared_ptr<FakeDynamoDb> dynamo_;
  std::unique_ptr<DynamoStore> store_;
};

FakeDynamoDb::Handler Unexpected() {
  return [](const Call& call, int) { return Fail("UnexpectedCall", call.operation); };
}

// --- Create and the checks before sending ----------------------------------------------------

TEST_F(DynamoStoreFakeTest, CreateValidatesItsOptions) {
  Start(Unexpected());
  std::shared_ptr<ddb::Client> none;
  EXPECT_EQ(DynamoStore::Create({.client = none}).error().code, Code::kInvalidArgument);
  ddb::ClientOptions options;
  options.endpoint = "http://dynamodb.invalid:8000";
  options.region = "us-east-1";
  options.credentials = std::make_shared<ddb::StaticCredentialsProvider>(
      ddb::Credentials{.access_key_id = "AKID", .secret_access_key = "secret"});
  options.transport = dynamo_;
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<ddb::Client> client, ddb::Client::Create(options));
  Result<std::unique_ptr<DynamoStore>> short_secret =
      DynamoStore::Create({.client = client, .cursor_secret = "fifteen bytes.."});
  ASSERT_FALSE(short_secret.ok());
  EXPECT_EQ(short_secret.error().code, Code::kInvalidArgument);
  EXPECT_THAT(short_secret.error().message, HasSubstr("16"));
  EXPECT_EQ(
      DynamoStore::Create({.client = client, .tables = {ThingsSpec(), ThingsSpec()}}).error().code,
      Code::kInvalidArgument);
  EXPECT_OK(DynamoStore::Create({.client = client, .cursor_secret = "sixteen bytes..."}));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<DynamoStore> random_secret,
                       DynamoStore::Create({.client = client}));
  EXPECT_EQ(random_secret->engine(), "dynamodb");
  EXPECT_THAT(dynamo_->calls(), IsEmpty());
}

TEST_F(DynamoStoreFakeTest, UnknownTablesAndBadKeysNeverReachTheNetwork) {
  Start(Unexpected());
  EXPECT_EQ(store_->Get({.table = "t_Other", .key = Key("a", "b")}).error().code, Code::kNotFound);
  EXPECT_EQ(store_->Put({.table = "t_Other", .item = Key("a", "b")}).error().code, Code::kNotFound);
  EXPECT_EQ(store_->DeleteTable("t_Other").error().code, Code::kNotFound);
  EXPECT_EQ(store_->Get({.table = "", .key = Key("a", "b")}).error().code, Code::kInvalidArgument);
  EXPECT_EQ(
      store_->Get({.table = "t_Things", .key = {{"pk", AttributeValue::S("a")}}}).error().code,
      Code::kInvalidArgument);
  EXPECT_EQ(store_->Delete({.table = "t_Things", .key = Key("a", "")}).error().code,
            Code::kInvalidArgument);
  EXPECT_EQ(store_
                ->Update({.table = "t_Things",
                          .key = Key("a", "b"),
                          .update = ddb::Update().Set("pk", AttributeValue::S("x"))})
                .error()
                .code,
            Code::kInvalidArgument);
  EXPECT_EQ(store_->BatchGet("t_Things", {Key("a", "b"), Key("a", "b")}).error().code,
            Code::kInvalidArgument);
  EXPECT_EQ(store_
                ->BatchWrite({{.table = "t_Things", .item = Key("a", "b")},
                              {.table = "t_Things",
                               .kind = store::BatchWrite::Kind::kDelete,
                               .item = Key("a", "b")}})
                .error()
                .code,
            Code::kInvalidArgument);
  EXPECT_EQ(store_
                ->Transact({{.table = "t_Things", .item = Key("a", "b")},
                            {.kind = TransactAction::Kind::kConditionCheck,
                             .table = "t_Things",
                             .item = Key("a", "b"),
                             .condition = Condition::AttributeExists("pk")}})
                .error()
                .code,
            Code::kInvalidArgument);
  EXPECT_THAT(dynamo_->calls(), IsEmpty());
}

TEST_F(DynamoStoreFakeTest, NumberKeysEqualByValueAreDuplicates) {
  Start(Unexpected());
  auto n = [](std::string value) { return Item{{"n", AttributeValue::N(std::move(value))}}; };
  Result<std::vector<Item>> read = store_->BatchGet("t_Counters", {n("1"), n("1.0")});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, Code::kInvalidArgument);
  EXPECT_EQ(store_
                ->BatchWrite({{.table = "t_Counters", .item = n("100")},
                              {.table = "t_Counters", .item = n("1E2")}})
                .error()
                .code,
            Code::kInvalidArgument);
  EXPECT_EQ(
      store_
          ->Transact(
              {{.table = "t_Counters", .item = n("-0.5")},
               {.kind = TransactAction::Kind::kDelete, .table = "t_Counters", .item = n("-5e-1")}})
          .error()
          .code,
      Code::kInvalidArgument);
  EXPECT_THAT(dynamo_->calls(), IsEmpty());
}

TEST_F(DynamoStoreFakeTest, UpdatesThatBreakAnIndexKeyTypeAreRefused) {
  Start([](const Call& call, int) -> ddb::Result<ddb::HttpResponse> {
    if (call.operation == "UpdateItem") return Answer(R"({"Attributes":{"id":{"S":"a"}}})");
    if (call.operation == "TransactWriteItems") return Answer("{}");
    return Fail("UnexpectedCall", call.operation);
  });
  auto update = [&](ddb::Update change) {
    return store_->Update({.table = "t_Indexed",
                           .key = {{"id", AttributeValue::S("a")}},
                           .update = std::move(change)});
  };
  for (ddb::Update wrong : {ddb::Update().Set("owner", AttributeValue::N(1)),
                            ddb::Update().Increment("owner", AttributeValue::N(1)),
                            ddb::Update().AppendToList("owner", AttributeValue::L({})),
                            ddb::Update().Set("rank", AttributeValue::S("high")),
                            ddb::Update().Add("rank", AttributeValue::NS({"1"})),
                            ddb::Update().Set("owner", AttributeValue::S(""))}) {
    Result<Item> refused = update(wrong);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Code::kInvalidArgument);
    Status in_transaction = store_->Transact({{.kind = TransactAction::Kind::kUpdate,
                                               .table = "t_Indexed",
                                               .item = {{"id", AttributeValue::S("a")}},
                                               .update = wrong}});
    ASSERT_FALSE(in_transaction.ok());
    EXPECT_EQ(in_transaction.error().code, Code::kInvalidArgument);
  }
  EXPECT_THAT(dynamo_->calls(), IsEmpty());
  // Right types, removal (the item leaves the sparse index), nested paths and other
  // attributes are DynamoDB's to judge.
  EXPECT_OK(update(ddb::Update().Set("owner", AttributeValue::S("u1"))));
  EXPECT_OK(update(ddb::Update().Increment("rank", AttributeValue::N(1))));
  EXPECT_OK(update(ddb::Update().Remove("owner")));
  EXPECT_OK(update(ddb::Update().SetIfNotExists("owner", AttributeValue::N(1))));
  EXPECT_OK(update(ddb::Update().Set("title", AttributeValue::N(1))));
  EXPECT_EQ(dynamo_->calls().size(), 5u);
}

// --- Ambiguous writes --------------------------------------------------------------------------

ddb::Result<ddb::HttpResponse> LostAnswer() {
  return ddb::Error(ddb::errc::kNetworkError, "connection reset after the request was sent");
}

constexpr std::string_view kConditionFailedText = "The conditional request failed";

TEST_F(DynamoStoreFakeTest, ConditionalPutWhoseAnswerWasLostIsNotResent) {
  Start([](const Call&, int) { return LostAnswer(); });
  Status put = store_->Put({.table = "t_Things",
                            .item = Key("a", "b"),
                            .condition = Condition::AttributeNotExists("pk")});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, Code::kOutcomeUnknown) << put.error().ToString();
  EXPECT_THAT(dynamo_->operations(), ElementsAre("PutItem"));
}

TEST_F(DynamoStoreFakeTest, UnconditionalPutIsResentAfterALostAnswer) {
  Start([](const Call&, int index) -> ddb::Result<ddb::HttpResponse> {
    if (index == 0) return LostAnswer();
    return Answer("{}");
  });
  EXPECT_OK(store_->Put({.table = "t_Things", .item = Key("a", "b")}));
  EXPECT_THAT(dynamo_->operations(), ElementsAre("PutItem", "PutItem"));
}

TEST_F(DynamoStoreFakeTest, ConditionFailingAfterAServerErrorIsOutcomeUnknown) {
  // The 500 attempt may have created the item; the retry then finds it and fails the
  // condition. Reporting kConditionFailed would say "someone else has it" about our own write.
  Start([](const Call&, int index) -> ddb::Result<ddb::HttpResponse> {
    if (index == 0) return Fail("InternalServerError", "Internal server error", 500);
    return Fail("ConditionalCheckFailedException", kConditionFailedText);
  });
  Status put = store_->Put({.table = "t_Things",
                            .item = Key("a", "b"),
                            .condition = Condition::AttributeNotExists("pk")});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, Code::kOutcomeUnknown) << put.error().ToString();
  EXPECT_THAT(put.error().message, HasSubstr(kConditionFailedText));
  EXPECT_EQ(dynamo_->calls().size(), 2u);
}

TEST_F(DynamoStoreFakeTest, ConditionFailingOnTheFirstAttemptIsConditionFailed) {
  Start([](const Call&, int) {
    return Fail("ConditionalCheckFailedException", kConditionFailedText);
  });
  Status put = store_->Put({.table = "t_Things",
                            .item = Key("a", "b"),
                            .condition = Condition::AttributeNotExists("pk")});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, Code::kConditionFailed);
  Result<std::optional<Item>> deleted = store_->Delete(
      {.table = "t_Things", .key = Key("a", "b"), .condition = Condition::AttributeExists("x")});
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, Code::kConditionFailed);
}

TEST_F(DynamoStoreFakeTest, ServerErrorsUntilRetriesRunOut) {
  Start([](const Call&, int) { return Fail("InternalServerError", "Internal server error", 500); });
  // Unconditional: safe to retry, so the store says "unavailable".
  Status plain = store_->Put({.table = "t_Things", .item = Key("a", "b")});
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().code, Code::kUnavailable);
  EXPECT_EQ(dynamo_->calls().size(), 5u);  // the client's default of 5 attempts
  // Conditional: every one of those 500s may have been applied.
  Status conditional = store_->Put({.table = "t_Things",
                                    .item = Key("a", "b"),
                                    .condition = Condition::AttributeNotExists("pk")});
  ASSERT_FALSE(conditional.ok());
  EXPECT_EQ(conditional.error().code, Code::kOutcomeUnknown);
  // Reads are never ambiguous.
  Result<std::optional<Item>> read = store_->Get({.table = "t_Things", .key = Key("a", "b")});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, Code::kUnavailable);
}

TEST_F(DynamoStoreFakeTest, CounterUpdateWhoseAnswerWasLostIsOutcomeUnknown) {
  Start([](const Call&, int) { return LostAnswer(); });
  Result<Item> counted =
      store_->Update({.table = "t_Things",
                      .key = Key("a", "b"),
                      .update = ddb::Update().Increment("n", AttributeValue::N(1))});
  ASSERT_FALSE(counted.ok());
  EXPECT_EQ(counted.error().code, Code::kOutcomeUnknown);
  EXPECT_EQ(dynamo_->calls().size(), 1u);
}

TEST_F(DynamoStoreFakeTest, IdempotentUpdateIsResentAfterALostAnswer) {
  Start([](const Call&, int index) -> ddb::Result<ddb::HttpResponse> {
    if (index == 0) return LostAnswer();
    return Answer(R"({"Attributes":{"pk":{"S":"a"},"sk":{"S":"b"},"title":{"S":"t"}}})");
  });
  ASSERT_OK_AND_ASSIGN(
      Item item, store_->Update({.table = "t_Things",
                                 .key = Key("a", "b"),
                                 .update = ddb::Update().Set("title", AttributeValue::S("t"))}));
  EXPECT_EQ(item.at("title"), AttributeValue::S("t"));
  EXPECT_EQ(dynamo_->calls().size(), 2u);
}

// --- What is sent, and other answers ------------------------------------------------------------

TEST_F(DynamoStoreFakeTest, RequestsCarryConsistencyAndReturnValues) {
  Start([](const Call& call, int) -> ddb::Result<ddb::HttpResponse> {
    if (call.operation == "GetItem") return Answer("{}");
    if (call.operation == "UpdateItem") {
      return Answer(R"({"Attributes":{"pk":{"S":"a"},"sk":{"S":"b"},"n":{"N":"1"}}})");
    }
    if (call.operation == "DeleteItem") {
      return Answer(R"({"Attributes":{"pk":{"S":"a"},"sk":{"S":"b"},"n":{"N":"1"}}})");
    }
    return Fail("UnexpectedCall", call.operation);
  });
  ASSERT_OK_AND_ASSIGN(std::optional<Item> missing,
                       store_->Get({.table = "t_Things", .key = Key("a", "b")}));
  EXPECT_FALSE(missing.has_value());
  ASSERT_OK(store_->Get({.table = "t_Things", .key = Key("a", "b"), .consistent_read = false}));
  ASSERT_OK_AND_ASSIGN(Item updated,
                       store_->Update({.table = "t_Things",
                                       .key = Key("a", "b"),
                                       .update = ddb::Update().Set("n", AttributeValue::N(1))}));
  EXPECT_EQ(updated.at("n"), AttributeValue::N("1"));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> deleted,
                       store_->Delete({.table = "t_Things", .key = Key("a", "b")}));
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->at("n"), AttributeValue::N("1"));

  std::vector<Call> calls = dynamo_->calls();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_THAT(calls[0].body, HasSubstr(R"("ConsistentRead":true)"));
  EXPECT_THAT(calls[1].body, ::testing::Not(HasSubstr(R"("ConsistentRead":true)")));
  EXPECT_THAT(calls[2].body, HasSubstr(R"("ReturnValues":"ALL_NEW")"));
  EXPECT_THAT(calls[3].body, HasSubstr(R"("ReturnValues":"ALL_OLD")"));
}

TEST_F(DynamoStoreFakeTest, ServiceErrorsMapped) {
  Start([](const Call& call, int) -> ddb::Result<ddb::HttpResponse> {
    if (call.operation == "PutItem")
      return Fail("ResourceNotFoundException", "Requested resource not found");
    if (call.operation == "GetItem") return Answer("this is not JSON");
    if (call.operation == "UpdateItem") {
      return Fail("ValidationException",
                  "Item size to update has exceeded the maximum allowed size");
    }
    return Fail("ValidationException", "One or more parameter values were invalid");
  });
  Status put = store_->Put({.table = "t_Things", .item = Key("a", "b")});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, Code::kNotFound);
  EXPECT_THAT(put.error().message, HasSubstr("Requested resource not found"));
  Result<std::optional<Item>> got = store_->Get({.table = "t_Things", .key = Key("a", "b")});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Code::kCorrupt);
  Result<Item> grown = store_->Update({.table = "t_Things",
                                       .key = Key("a", "b"),
                                       .update = ddb::Update().Set("x", AttributeValue::S("y"))});
  ASSERT_FALSE(grown.ok());
  EXPECT_EQ(grown.error().code, Code::kTooLarge);
  Result<std::optional<Item>> deleted = store_->Delete({.table = "t_Things", .key = Key("a", "b")});
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, Code::kInvalidArgument);
}

// --- Transactions and batches --------------------------------------------------------------------

std::vector<TransactAction> ThreeActions() {
  return {{.table = "t_Things", .item = Key("a", "1")},
          {.kind = TransactAction::Kind::kConditionCheck,
           .table = "t_Things",
           .item = Key("a", "2"),
           .condition = Condition::AttributeExists("pk")},
          {.kind = TransactAction::Kind::kUpdate,
           .table = "t_Things",
           .item = Key("a", "3"),
           .update = ddb::Update().Increment("n", AttributeValue::N(1))}};
}

TEST_F(DynamoStoreFakeTest, CancelledTransactionNamesTheFailedAction) {
  Start([](const Call&, int) {
    return Fail("TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                "[None, ConditionalCheckFailed, None]",
                400,
                R"(,"CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed",)"
                R"("Message":"The conditional request failed"},{"Code":"None"}])");
  });
  Status done = store_->Transact(ThreeActions());
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, Code::kConditionFailed);
  EXPECT_EQ(done.error().failed_action, std::optional<std::size_t>(1));
  std::vector<Call> calls = dynamo_->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].operation, "TransactWriteItems");
  EXPECT_THAT(calls[0].body, HasSubstr("ClientRequestToken"));
  EXPECT_THAT(calls[0].body, HasSubstr("ConditionCheck"));
}

TEST_F(DynamoStoreFakeTest, TransactionConflictAfterRetriesIsConflict) {
  Start([](const Call&, int) {
    return Fail("TransactionCanceledException",
                "Transaction cancelled [None, TransactionConflict, None]", 400,
                R"(,"CancellationReasons":[{"Code":"None"},{"Code":"TransactionConflict"},)"
                R"({"Code":"None"}])");
  });
  Status done = store_->Transact(ThreeActions());
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, Code::kConflict);
  EXPECT_FALSE(done.error().failed_action.has_value());
  EXPECT_EQ(dynamo_->calls().size(), 5u);  // conflicts are retried by the client
}

TEST_F(DynamoStoreFakeTest, TransactionLimits) {
  Start(Unexpected());
  std::vector<TransactAction> many;
  for (int i = 0; i <= static_cast<int>(kMaxTransactActions); ++i) {
    many.push_back({.table = "t_Things", .item = Key("a", std::to_string(i))});
  }
  EXPECT_EQ(store_->Transact(many).error().code, Code::kInvalidArgument);
  EXPECT_OK(store_->Transact({}));
  EXPECT_EQ(store_
                ->Transact({{.kind = TransactAction::Kind::kConditionCheck,
                             .table = "t_Things",
                             .item = Key("a", "b")}})
                .error()
                .code,
            Code::kInvalidArgument);
  EXPECT_THAT(dynamo_->calls(), IsEmpty());
}

TEST_F(DynamoStoreFakeTest, BatchWriteSaysHowManyWritesWereApplied) {
  // DynamoDB keeps handing back the write of "b" as unprocessed.
  Start([](const Call& call, int) -> ddb::Result<ddb::HttpResponse> {
    if (call.operation != "BatchWriteItem") return Fail("UnexpectedCall", call.operation);
    return Answer(R"({"UnprocessedItems":{"t_Things":[{"PutRequest":{"Item":)"
                  R"({"pk":{"S":"b"},"sk":{"S":"1"}}}}]}})");
  });
  Status written = store_->BatchWrite(
      {{.table = "t_Things", .item = Key("a", "1")}, {.table = "t_Things", .item = Key("b", "1")}});
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, Code::kUnavailable);
  EXPECT_THAT(written.error().message, HasSubstr("1 of 2 writes were applied"));
  EXPECT_GE(dynamo_->calls().size(), 2u);
}

TEST_F(DynamoStoreFakeTest, BatchGetReportsKeysNotRead) {
  Start([](const Call& call, int) -> ddb::Result<ddb::HttpResponse> {
    if (call.operation != "BatchGetItem") return Fail("UnexpectedCall", call.operation);
    return Answer(R"({"Responses":{"t_Things":[{"pk":{"S":"a"},"sk":{"S":"1"}}]},)"
                  R"("UnprocessedKeys":{"t_Things":{"Keys":[{"pk":{"S":"b"},"sk":{"S":"1"}}],)"
                  R"("ConsistentRead":true}}})");
  });
  Result<std::vector<Item>> read = store_->BatchGet("t_Things", {Key("a", "1"), Key("b", "1")});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, Code::kUnavailable);
  EXPECT_THAT(read.error().message, HasSubstr("1 of 2 keys could not be read"));
  ASSERT_FALSE(dynamo_->calls().empty());
  EXPECT_THAT(dynamo_->calls()[0].body, HasSubstr(R"("ConsistentRead":true)"));
}

TEST_F(DynamoStoreFakeTest, EmptyBatchesSendNothing) {
  Start(Unexpected());
  ASSERT_OK_AND_ASSIGN(std::vector<Item> none, store_->BatchGet("t_Things", {}));
  EXPECT_THAT(none, IsEmpty());
  EXPECT_OK(store_->BatchWrite({}));
  EXPECT_EQ(store_->BatchGet("t_Unknown", {}).error().code, Code::kNotFound);
  EXPECT_THAT(dynamo_->calls(), IsEmpty());
}

// --- Query paging over a simulated partition -----------------------------------------------------

// One partition "p" of t_Things with sort keys "000", "001", ...; item i matches the test's
// filter when matches(i). Serves Query like DynamoDB: evaluates from after ExclusiveStartKey,
// at most Limit items and at most `page_cut` (standing in for the 1 MB limit), applies the
// filter to the evaluated items, and returns LastEvaluatedKey whenever it stopped before the
// end for Limit or size. (The filter is not parsed: any FilterExpression means `matches`.)
class Partition {
 public:
  Partition(int size, std::function<bool(int)> matches, int page_cut = 1 << 30)
      : size_(size), matches_(std::move(matches)), page_cut_(page_cut) {}

  static std::string SortKey(int i) {
    std::string text = std::to_string(i);
    return std::string(3 - std::min<std::size_t>(3, text.size()), '0') + text;
  }

  ddb::Result<ddb::HttpResponse> Serve(const Call& call) const {
    if (call.operation != "Query") return Fail("UnexpectedCall", call.operation);
    std::smatch match;
    int limit = 1 << 30;
    if (std::regex_search(call.body, match, std::regex(R"("Limit":(\d+))"))) {
      limit = std::stoi(match[1]);
    }
    int next = 0;
    std::size_t start = call.body.find("\"ExclusiveStartKey\"");
    if (start != std::string::npos) {
      std::string rest = call.body.substr(start);
      if (!std::regex_search(rest, match, std::regex(R"re("sk":\{"S":"(\d+)"\})re"))) {
        return Fail("ValidationException", "bad start key");
      }
      next = std::stoi(match[1]) + 1;
    }
    const bool filtered = call.body.find("FilterExpression") != std::string::npos;
    std::string items;
    int evaluated = 0, count = 0;
    for (; next < size_ && evaluated < std::min(limit, page_cut_); ++next, ++evaluated) {
      if (filtered && !matches_(next)) continue;
      if (count++ > 0) items += ",";
      items += ItemJson(next);
    }
    std::string body = "{\"Items\":[" + items + "],\"Count\":" + std::to_string(count) +
                       ",\"ScannedCount\":" + std::to_string(evaluated);
    if (evaluated == std::min(limit, page_cut_)) {
      body += R"(,"LastEvaluatedKey":{"pk":{"S":"p"},"sk":{"S":")" + SortKey(next - 1) + "\"}}";
    }
    return Answer(body + "}");
  }

 private:
  static std::string ItemJson(int i) {
    return R"({"pk":{"S":"p"},"sk":{"S":")" + SortKey(i) + R"("},"n":{"N":")" + std::to_string(i) +
           "\"}}";
  }

  int size_;
  std::function<bool(int)> matches_;
  int page_cut_;
};

QueryRequest PartitionQuery(int limit, bool filtered = false) {
  QueryRequest request{.table = "t_Things",
                       .key_condition = ddb::KeyCondition::Partition("pk", AttributeValue::S("p")),
                       .limit = limit};
  if (filtered) request.filter = Condition::Equal(ddb::Path("match"), AttributeValue::Bool(true));
  return request;
}

std::vector<int> Numbers(const std::vector<Item>& items) {
  std::vector<int> numbers;
  for (const Item& item : items) numbers.push_back(std::stoi(item.at("n").AsN()));
  return numbers;
}

std::vector<int> Limits(const std::vector<Call>& calls) {
  std::vector<int> limits;
  std::smatch match;
  for (const Call& call : calls) {
    limits.push_back(std::regex_search(call.body, match, std::regex(R"("Limit":(\d+))"))
                         ? std::stoi(match[1])
                         : -1);
  }
  return limits;
}

// Every page of `request`, following cursors.
std::vector<std::vector<int>> AllPages(ItemStore& store, QueryRequest request) {
  std::vector<std::vector<int>> pages;
  for (int guard = 0; guard < 1000; ++guard) {
    Result<QueryPage> page = store.Query(request);
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    if (!page.ok()) break;
    pages.push_back(Numbers(page->items));
    if (page->next_cursor.empty()) break;
    request.cursor = page->next_cursor;
  }
  return pages;
}

TEST_F(DynamoStoreFakeTest, QueryAsksForOneItemMoreThanTheLimitToKnowWhereTheEndIs) {
  Partition partition(6, [](int) { return true; });
  Start([&](const Call& call, int) { return partition.Serve(call); });
  // 6 items in pages of 3: the second page is the last, and says so (no empty third page).
  EXPECT_THAT(AllPages(*store_, PartitionQuery(3)),
              ElementsAre(ElementsAre(0, 1, 2), ElementsAre(3, 4, 5)));
  EXPECT_THAT(Limits(dynamo_->calls()), ElementsAre(4, 4));
}

TEST_F(DynamoStoreFakeTest, QueryFollowsShortPagesUntilTheLimit) {
  // Pages cut at 4 items, as the 1 MB limit would: the store goes on until it has 20 + 1.
  Partition partition(
      50, [](int) { return true; }, /*page_cut=*/4);
  Start([&](const Call& call, int) { return partition.Serve(call); });
  ASSERT_OK_AND_ASSIGN(QueryPage page, store_->Query(PartitionQuery(20)));
  std::vector<int> expected(20);
  for (int i = 0; i < 20; ++i) expected[i] = i;
  EXPECT_EQ(Numbers(page.items), expected);
  EXPECT_FALSE(page.next_cursor.empty());
  EXPECT_THAT(Limits(dynamo_->calls()), ElementsAre(21, 17, 13, 9, 5, 1));
}

TEST_F(DynamoStoreFakeTest, FilteredQueryCountsReturnedItemsAndGrowsItsPages) {
  Partition partition(300, [](int i) { return i % 10 == 0; });
  Start([&](const Call& call, int) { return partition.Serve(call); });
  ASSERT_OK_AND_ASSIGN(QueryPage page, store_->Query(PartitionQuery(4, /*filtered=*/true)));
  EXPECT_THAT(Numbers(page.items), ElementsAre(0, 10, 20, 30));
  EXPECT_FALSE(page.next_cursor.empty());
  // 25 evaluated give 3 matches, 50 more give the 4th and the one that proves there is more.
  EXPECT_THAT(Limits(dynamo_->calls()), ElementsAre(25, 50));

  std::vector<std::vector<int>> pages = AllPages(*store_, PartitionQuery(4, /*filtered=*/true));
  std::vector<int> all;
  for (const std::vector<int>& p : pages) all.insert(all.end(), p.begin(), p.end());
  std::vector<int> expected;
  for (int i = 0; i < 300; i += 10) expected.push_back(i);
  EXPECT_EQ(all, expected);
  for (std::size_t i = 0; i + 1 < pages.size(); ++i) EXPECT_EQ(pages[i].size(), 4u);
  EXPECT_EQ(pages.back().size(), 2u);  // 30 matches: 7 pages of 4, then 2
}

TEST_F(DynamoStoreFakeTest, CursorSkipsWhatTheFilterAlreadyDropped) {
  // Matches at 0 and 60 only; pages cut at 25. The page [0] ends when 60 proves more
  // exists; the cursor then points after 49 (the last whole page read), not after 0.
  Partition partition(
      100, [](int i) { return i == 0 || i == 60; }, /*page_cut=*/25);
  Start([&](const Call& call, int) { return partition.Serve(call); });
  ASSERT_OK_AND_ASSIGN(QueryPage first, store_->Query(PartitionQuery(1, /*filtered=*/true)));
  EXPECT_THAT(Numbers(first.items), ElementsAre(0));
  ASSERT_FALSE(first.next_cursor.empty());
  std::size_t calls_before = dynamo_->calls().size();
  QueryRequest next = PartitionQuery(1, /*filtered=*/true);
  next.cursor = first.next_cursor;
  ASSERT_OK_AND_ASSIGN(QueryPage second, store_->Query(next));
  EXPECT_THAT(Numbers(second.items), ElementsAre(60));
  EXPECT_TRUE(second.next_cursor.empty());
  EXPECT_THAT(dynamo_->calls()[calls_before].body,
              HasSubstr(R"("ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"S":"049"}})"));
}

TEST_F(DynamoStoreFakeTest, QueryStopsAfterItsPageBudget) {
  // Nothing matches; every DynamoDB page is cut at 10 items.
  Partition partition(
      1000, [](int) { return false; }, /*page_cut=*/10);
  Start([&](const Call& call, int) { return partition.Serve(call); });
  ASSERT_OK_AND_ASSIGN(QueryPage page, store_->Query(PartitionQuery(5, /*filtered=*/true)));
  EXPECT_THAT(page.items, IsEmpty());
  ASSERT_FALSE(page.next_cursor.empty());
  EXPECT_EQ(dynamo_->calls().size(), static_cast<std::size_t>(kMaxPagesPerQuery));
  QueryRequest next = PartitionQuery(5, /*filtered=*/true);
  next.cursor = page.next_cursor;
  ASSERT_OK(store_->Query(next));
  std::string resumed = "\"sk\":{\"S\":\"" + Partition::SortKey(10 * kMaxPagesPerQuery - 1) + "\"}";
  EXPECT_THAT(dynamo_->calls()[kMaxPagesPerQuery].body, HasSubstr(resumed));
}

TEST_F(DynamoStoreFakeTest, ForeignAndTamperedCursorsAreRefusedBeforeSending) {
  Partition partition(10, [](int) { return true; });
  Start([&](const Call& call, int) { return partition.Serve(call); });
  ASSERT_OK_AND_ASSIGN(QueryPage page, store_->Query(PartitionQuery(2)));
  ASSERT_FALSE(page.next_cursor.empty());
  const std::size_t sent = dynamo_->calls().size();

  QueryRequest other_partition = PartitionQuery(2);
  other_partition.key_condition = ddb::KeyCondition::Partition("pk", AttributeValue::S("q"));
  other_partition.cursor = page.next_cursor;
  Result<QueryPage> refused = store_->Query(other_partition);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kInvalidArgument);

  QueryRequest tampered = PartitionQuery(2);
  tampered.cursor = page.next_cursor;
  tampered.cursor[tampered.cursor.size() / 3] ^= 1;
  EXPECT_EQ(store_->Query(tampered).error().code, Code::kInvalidArgument);

  // Signed with another secret: as good as forged.
  CursorCodec other("another secret of 16+ bytes");
  QueryRequest forged = PartitionQuery(2);
  forged.cursor = other.Encode("t_Things", "", Key("p", "005"));
  EXPECT_EQ(store_->Query(forged).error().code, Code::kInvalidArgument);

  // Signed right, but not a key of this table: refused too.
  CursorCodec same(std::string{kSecret});
  QueryRequest not_a_key = PartitionQuery(2);
  not_a_key.cursor = same.Encode("t_Things", "", {{"pk", AttributeValue::S("p")}});
  EXPECT_EQ(store_->Query(not_a_key).error().code, Code::kInvalidArgument);
  QueryRequest right = PartitionQuery(2);
  right.cursor = same.Encode("t_Things", "", Key("p", "005"));
  ASSERT_OK_AND_ASSIGN(QueryPage resumed, store_->Query(right));
  EXPECT_THAT(Numbers(resumed.items), ElementsAre(6, 7));

  EXPECT_EQ(dynamo_->calls().size(), sent + 1);
}

}  // namespace
}  // namespace homeboard::store::dynamo
