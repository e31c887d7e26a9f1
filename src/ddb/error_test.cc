// Tests for Error::ToString and for parsing DynamoDB error responses (error_codec).
#include "ddb/error.h"

#include <gtest/gtest.h>

#include <string>

#include "ddb/internal/error_codec.h"

namespace homeboard::ddb {
namespace {

using internal::ErrorCodeFromType;
using internal::ParseErrorResponse;

TEST(ErrorToString, CodeOperationTableMessageAttempts) {
  Error error(errc::kConditionalCheckFailed, "The conditional request failed");
  error.set_operation("PutItem").set_table("Bookmarks").set_attempts(1);
  EXPECT_EQ(error.ToString(),
            "ConditionalCheckFailedException on PutItem Bookmarks: The conditional request "
            "failed (1 attempt)");
}

TEST(ErrorToString, AllDetails) {
  Error error(errc::kThrottling, "Rate exceeded");
  error.set_operation("Query").set_table("Notes").set_http_status(400).set_request_id("ABC")
      .set_attempts(5);
  EXPECT_EQ(error.ToString(),
            "ThrottlingException on Query Notes: Rate exceeded (HTTP 400, request id ABC, 5 "
            "attempts)");
}

TEST(ErrorToString, OmitsUnknownParts) {
  EXPECT_EQ(Error(errc::kConnectError, "connection refused").ToString(),
            "ConnectError: connection refused");
  EXPECT_EQ(Error(errc::kNetworkError, "").ToString(), "NetworkError");
  EXPECT_EQ(Error().ToString(), "UnknownError");
  Error no_operation(errc::kResourceNotFound, "Requested resource not found");
  no_operation.set_table("Pages");
  EXPECT_EQ(no_operation.ToString(),
            "ResourceNotFoundException on table Pages: Requested resource not found");
  Error only_operation(errc::kValidation, "bad");
  only_operation.set_operation("Scan").set_request_id("R1");
  EXPECT_EQ(only_operation.ToString(), "ValidationException on Scan: bad (request id R1)");
}

TEST(ErrorToString, CancellationReasonsListedCompactly) {
  Error error(errc::kTransactionCanceled, "Transaction cancelled");
  error.set_operation("TransactWriteItems").set_http_status(400);
  error.set_cancellation_reasons({{"None", "", std::nullopt},
                                  {"ConditionalCheckFailed", "The conditional request failed",
                                   std::nullopt},
                                  {"", "", std::nullopt}});
  EXPECT_EQ(error.ToString(),
            "TransactionCanceledException on TransactWriteItems: Transaction cancelled "
            "[None, ConditionalCheckFailed, None] (HTTP 400)");
}

TEST(ErrorToString, CancellationReasonsNotRepeatedWhenTheMessageHasThem) {
  Error error(errc::kTransactionCanceled,
              "Transaction cancelled, please refer cancellation reasons for specific reasons "
              "[None, ConditionalCheckFailed]");
  error.set_cancellation_reasons(
      {{"None", "", std::nullopt}, {"ConditionalCheckFailed", "", std::nullopt}});
  EXPECT_EQ(error.ToString(),
            "TransactionCanceledException: Transaction cancelled, please refer cancellation "
            "reasons for specific reasons [None, ConditionalCheckFailed]");
}

TEST(ErrorCodeFromType, TakesThePartAfterTheHash) {
  EXPECT_EQ(ErrorCodeFromType("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorCodeFromType("com.amazon.coral.validate#ValidationException"),
            "ValidationException");
  EXPECT_EQ(ErrorCodeFromType("ThrottlingException"), "ThrottlingException");
  EXPECT_EQ(ErrorCodeFromType("ValidationException:http://internal.amazon.com/coral/x/"),
            "ValidationException");
  EXPECT_EQ(ErrorCodeFromType("a#b#c"), "c");
  EXPECT_EQ(ErrorCodeFromType(""), "");
}

TEST(ParseErrorResponse, ConditionalCheckFailed) {
  const Error error = ParseErrorResponse(
      400,
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
      R"("message":"The conditional request failed"})",
      "REQ1");
  EXPECT_EQ(error.code(), errc::kConditionalCheckFailed);
  EXPECT_TRUE(error.Is(errc::kConditionalCheckFailed));
  EXPECT_EQ(error.message(), "The conditional request failed");
  EXPECT_EQ(error.http_status(), 400);
  EXPECT_EQ(error.request_id(), "REQ1");
  EXPECT_FALSE(error.retryable());
  EXPECT_FALSE(error.item().has_value());
  EXPECT_TRUE(error.cancellation_reasons().empty());
}

TEST(ParseErrorResponse, CapitalisedMessageKey) {
  const Error error = ParseErrorResponse(
      400, R"({"Message":"Requested resource not found","__type":"x#ResourceNotFoundException"})",
      "");
  EXPECT_EQ(error.code(), errc::kResourceNotFound);
  EXPECT_EQ(error.message(), "Requested resource not found");
}

TEST(ParseErrorResponse, ConditionalCheckFailedWithOldItem) {
  const Error error = ParseErrorResponse(
      400,
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
      R"("message":"The conditional request failed",)"
      R"("Item":{"pk":{"S":"u1"},"version":{"N":"7"}}})",
      "R");
  ASSERT_TRUE(error.item().has_value());
  EXPECT_EQ(*error.item(),
            (Item{{"pk", AttributeValue::S("u1")}, {"version", AttributeValue::N("7")}}));
}

TEST(ParseErrorResponse, TransactionCanceledWithReasons) {
  const Error error = ParseErrorResponse(
      400,
      R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
      R"("Message":"Transaction cancelled, please refer cancellation reasons for specific )"
      R"(reasons [None, ConditionalCheckFailed, TransactionConflict]",)"
      R"("CancellationReasons":[{"Code":"None"},)"
      R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed",)"
      R"("Item":{"id":{"S":"b1"}}},)"
      R"({"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}]})",
      "TX");
  EXPECT_EQ(error.code(), errc::kTransactionCanceled);
  ASSERT_EQ(error.cancellation_reasons().size(), 3u);
  EXPECT_EQ(error.cancellation_reasons()[0].code, "None");
  EXPECT_EQ(error.cancellation_reasons()[0].message, "");
  EXPECT_FALSE(error.cancellation_reasons()[0].item.has_value());
  EXPECT_EQ(error.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(error.cancellation_reasons()[1].message, "The conditional request failed");
  ASSERT_TRUE(error.cancellation_reasons()[1].item.has_value());
  EXPECT_EQ(*error.cancellation_reasons()[1].item, (Item{{"id", AttributeValue::S("b1")}}));
  EXPECT_EQ(error.cancellation_reasons()[2].code, "TransactionConflict");
  EXPECT_EQ(error.ToString(),
            "TransactionCanceledException: Transaction cancelled, please refer cancellation "
            "reasons for specific reasons [None, ConditionalCheckFailed, TransactionConflict] "
            "(HTTP 400, request id TX)");
}

TEST(ParseErrorResponse, MalformedReasonsAndItemsAreLeftOut) {
  const Error error = ParseErrorResponse(
      400,
      R"({"__type":"#TransactionCanceledException","CancellationReasons":[)"
      R"(7,{"Message":"no code"},{"Code":"ConditionalCheckFailed","Item":{"a":{"X":"1"}}}],)"
      R"("Item":{"b":{"N":"not a number"}}})",
      "");
  EXPECT_EQ(error.code(), errc::kTransactionCanceled);
  ASSERT_EQ(error.cancellation_reasons().size(), 3u);
  EXPECT_EQ(error.cancellation_reasons()[0].code, "Unknown");
  EXPECT_EQ(error.cancellation_reasons()[1].code, "Unknown");
  EXPECT_EQ(error.cancellation_reasons()[1].message, "no code");
  EXPECT_EQ(error.cancellation_reasons()[2].code, "ConditionalCheckFailed");
  EXPECT_FALSE(error.cancellation_reasons()[2].item.has_value());
  EXPECT_FALSE(error.item().has_value());
}

TEST(ParseErrorResponse, WrongFieldTypesAreIgnored) {
  const Error error = ParseErrorResponse(
      400, R"({"message":42,"__type":"x#ValidationException","CancellationReasons":{}})", "");
  EXPECT_EQ(error.code(), errc::kValidation);
  EXPECT_EQ(error.message(), "");
  EXPECT_TRUE(error.cancellation_reasons().empty());
}

TEST(ParseErrorResponse, HtmlFromAProxy) {
  const Error error = ParseErrorResponse(
      502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\n</html>", "");
  EXPECT_EQ(error.code(), "HttpError502");
  EXPECT_EQ(error.http_status(), 502);
  EXPECT_EQ(error.message(),
            "HTTP 502 response that is not a DynamoDB error: <html>  <head><title>502 Bad "
            "Gateway</title></head> </html>");
}

TEST(ParseErrorResponse, StatusDecidesTheCodeWithoutAType) {
  EXPECT_EQ(ParseErrorResponse(500, "oops", "").code(), errc::kInternalServerError);
  EXPECT_EQ(ParseErrorResponse(503, "", "").code(), errc::kServiceUnavailable);
  EXPECT_EQ(ParseErrorResponse(503, "", "").message(), "HTTP 503 response with an empty body");
  EXPECT_EQ(ParseErrorResponse(413, "{}", "").code(), "HttpError413");
  EXPECT_EQ(ParseErrorResponse(400, R"({"__type":""})", "").code(), "HttpError400");
  EXPECT_EQ(ParseErrorResponse(400, R"({"__type":7})", "").code(), "HttpError400");
}

TEST(ParseErrorResponse, JsonWithoutTypeUsesItsMessage) {
  const Error error =
      ParseErrorResponse(403, R"({"message":"Missing Authentication Token"})", "R9");
  EXPECT_EQ(error.code(), "HttpError403");
  EXPECT_EQ(error.message(),
            "HTTP 403 response without an error type: Missing Authentication Token");
  EXPECT_EQ(error.request_id(), "R9");
}

TEST(ParseErrorResponse, LongBodiesAreTruncatedAndMadePrintable) {
  std::string body(1000, 'x');
  body[3] = '\x01';
  body[5] = '\xff';
  const Error error = ParseErrorResponse(504, body, "");
  EXPECT_EQ(error.code(), "HttpError504");
  EXPECT_LT(error.message().size(), 300u);
  EXPECT_NE(error.message().find("xxx\\x01x\\xff"), std::string::npos) << error.message();
  EXPECT_EQ(error.message().substr(error.message().size() - 3), "...");
}

TEST(ParseErrorResponse, DamageAfterTheCodeKeepsTheCode) {
  const Error error = ParseErrorResponse(
      400, R"({"__type":"com.amazon.coral.availability#ThrottlingException","message":"\q"})",
      "");
  EXPECT_EQ(error.code(), errc::kThrottling);
}

TEST(ParseErrorResponse, TruncatedJsonFallsBackAndQuotesTheBody) {
  // simdjson refuses unbalanced documents before any field is read.
  const Error error = ParseErrorResponse(
      400, R"({"__type":"com.amazon.coral.availability#ThrottlingException","message":"Rate ex)",
      "");
  EXPECT_EQ(error.code(), "HttpError400");
  EXPECT_NE(error.message().find("#ThrottlingException"), std::string::npos);
}

TEST(ParseErrorResponse, TruncatedBeforeTheCodeFallsBack) {
  const Error error = ParseErrorResponse(400, R"({"__ty)", "");
  EXPECT_EQ(error.code(), "HttpError400");
  EXPECT_NE(error.message().find(R"({"__ty)"), std::string::npos);
}

TEST(ParseErrorResponse, NeverCrashesOnPrefixesOfARealBody) {
  const std::string body =
      R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
      R"("Message":"Transaction cancelled","CancellationReasons":[{"Code":"None"},)"
      R"({"Code":"ConditionalCheckFailed","Message":"m","Item":{"a":{"L":[{"S":"x"}]}}}]})";
  for (std::size_t length = 0; length <= body.size(); ++length) {
    const Error error = ParseErrorResponse(400, std::string_view(body).substr(0, length), "");
    EXPECT_FALSE(error.code().empty());
    EXPECT_EQ(error.http_status(), 400);
  }
  const Error whole = ParseErrorResponse(400, body, "");
  EXPECT_EQ(whole.cancellation_reasons().size(), 2u);
}

}  // namespace
}  // namespace homeboard::ddb
