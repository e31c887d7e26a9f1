// Tests of service::Error: HTTP statuses, retryability and the conversions from model and
// store errors.
#include <gtest/gtest.h>

#include "service/error.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using StoreCode = store::Error::Code;

TEST(ServiceError, HttpStatusPerCode) {
  EXPECT_EQ((Error{Code::kInvalidArgument}).HttpStatus(), 400);
  EXPECT_EQ((Error{Code::kNotFound}).HttpStatus(), 404);
  EXPECT_EQ((Error{Code::kConflict}).HttpStatus(), 409);
  EXPECT_EQ((Error{Code::kLimitExceeded}).HttpStatus(), 422);
  EXPECT_EQ((Error{Code::kUnavailable}).HttpStatus(), 503);
  EXPECT_EQ((Error{Code::kInternal}).HttpStatus(), 500);
}

TEST(ServiceError, OnlyUnavailableIsRetryable) {
  for (Code code : {Code::kInvalidArgument, Code::kNotFound, Code::kConflict, Code::kLimitExceeded,
                    Code::kInternal}) {
    EXPECT_FALSE((Error{code}).Retryable()) << CodeName(code);
  }
  EXPECT_TRUE((Error{Code::kUnavailable}).Retryable());
}

TEST(ServiceError, FromValidationKeepsFieldRuleAndMessage) {
  model::ValidationError invalid =
      model::Invalid("title", model::rule::kMaxLength, "at most 200 characters (got 201)");
  Error error = FromValidation(invalid);
  EXPECT_EQ(error.code, Code::kInvalidArgument);
  EXPECT_EQ(error.field, "title");
  EXPECT_EQ(error.rule, "max_length");
  EXPECT_EQ(error.message, invalid.message);
  EXPECT_EQ(error.HttpStatus(), 400);
}

TEST(ServiceError, CorruptItemIsInternal) {
  Error error = FromCorruptItem("Pages", model::Invalid("version", model::rule::kCorrupt, "bad"));
  EXPECT_EQ(error.code, Code::kInternal);
  EXPECT_EQ(error.field, "version");
  EXPECT_EQ(error.rule, "corrupt");
  EXPECT_NE(error.message.find("Pages"), std::string::npos);
}

TEST(ServiceError, FromStoreMapping) {
  struct Case {
    StoreCode from;
    Code to;
  } cases[] = {
      {StoreCode::kInvalidArgument, Code::kInternal},
      {StoreCode::kConditionFailed, Code::kConflict},
      {StoreCode::kNotFound, Code::kInternal},
      {StoreCode::kTooLarge, Code::kLimitExceeded},
      {StoreCode::kUnavailable, Code::kUnavailable},
      {StoreCode::kOutcomeUnknown, Code::kUnavailable},
      {StoreCode::kConflict, Code::kUnavailable},
      {StoreCode::kCorrupt, Code::kInternal},
      {StoreCode::kInternal, Code::kInternal},
  };
  for (const Case& c : cases) {
    Error error = FromStore(store::Error{c.from, "details", std::nullopt});
    EXPECT_EQ(error.code, c.to) << store::CodeName(c.from);
    EXPECT_NE(error.message.find("details"), std::string::npos) << error.message;
    EXPECT_FALSE(error.rule.empty());
  }
}

TEST(ServiceError, ConstructorsNameFieldAndRule) {
  Error not_found = NotFound("widget_id", "widget", "01ABC");
  EXPECT_EQ(not_found.code, Code::kNotFound);
  EXPECT_EQ(not_found.field, "widget_id");
  EXPECT_EQ(not_found.rule, "not_found");
  EXPECT_EQ(not_found.message, "widget_id: widget 01ABC not found");

  Error stale = StaleVersion("page", 3, 5);
  EXPECT_EQ(stale.code, Code::kConflict);
  EXPECT_EQ(stale.field, "version");
  EXPECT_EQ(stale.rule, "stale_version");
  EXPECT_NE(stale.message.find("version 5, not 3"), std::string::npos) << stale.message;

  EXPECT_EQ(Unavailable("x").code, Code::kUnavailable);
  EXPECT_EQ(Internal("x").code, Code::kInternal);
  EXPECT_EQ(LimitExceeded("pages", rule::kMaxCount, "x").HttpStatus(), 422);
}

TEST(ServiceError, ToStringNamesEverything) {
  Error error = InvalidArgument("url", "url_scheme", "url: must be http or https");
  EXPECT_EQ(error.ToString(),
            "InvalidArgument: url: must be http or https [field=url rule=url_scheme]");
  EXPECT_EQ(Internal("boom").ToString(), "Internal: boom [field= rule=internal]");
}

}  // namespace
}  // namespace homeboard::service
