// service::Error: codes, HTTP statuses and the conversions from the model and store errors.
#include "service/error.h"

#include <fmt/format.h>

namespace homeboard::service {

std::string_view CodeName(Error::Code code) {
  switch (code) {
    case Error::Code::kInvalidArgument:
      return "InvalidArgument";
    case Error::Code::kNotFound:
      return "NotFound";
    case Error::Code::kConflict:
      return "Conflict";
    case Error::Code::kLimitExceeded:
      return "LimitExceeded";
    case Error::Code::kUnavailable:
      return "Unavailable";
    case Error::Code::kInternal:
      return "Internal";
  }
  return "Unknown";
}

int Error::HttpStatus() const {
  switch (code) {
    case Code::kInvalidArgument:
      return 400;
    case Code::kNotFound:
      return 404;
    case Code::kConflict:
      return 409;
    case Code::kLimitExceeded:
      // 422 rather than 409: a client that answers 409 by re-reading and retrying would
      // loop, since a full page stays full.
      return 422;
    case Code::kUnavailable:
      return 503;
    case Code::kInternal:
      return 500;
  }
  return 500;
}

std::string Error::ToString() const {
  std::string text = fmt::format("{}: {}", CodeName(code), message);
  if (!field.empty() || !rule.empty()) {
    text += fmt::format(" [field={} rule={}]", field, rule);
  }
  return text;
}

namespace {

Error Make(Error::Code code, std::string_view field, std::string_view rule, std::string message) {
  return Error{code, std::string(field), std::string(rule), std::move(message)};
}

}  // namespace

Error InvalidArgument(std::string_view field, std::string_view rule, std::string_view message) {
  return Make(Error::Code::kInvalidArgument, field, rule, std::string(message));
}

Error NotFound(std::string_view field, std::string_view what, std::string_view id) {
  return Make(Error::Code::kNotFound, field, rule::kNotFound,
              fmt::format("{}: {} {} not found", field, what, id));
}

Error StaleVersion(std::string_view what, std::int64_t expected, std::int64_t actual) {
  return Make(Error::Code::kConflict, "version", rule::kStaleVersion,
              fmt::format("version: the {} is at version {}, not {}; re-read it and retry", what,
                          actual, expected));
}

Error LimitExceeded(std::string_view field, std::string_view rule, std::string_view message) {
  return Make(Error::Code::kLimitExceeded, field, rule, std::string(message));
}

Error Unavailable(std::string_view message) {
  return Make(Error::Code::kUnavailable, "", rule::kUnavailable, std::string(message));
}

Error Internal(std::string_view message) {
  return Make(Error::Code::kInternal, "", rule::kInternal, std::string(message));
}

Error FromValidation(const model::ValidationError& error) {
  return Make(Error::Code::kInvalidArgument, error.field, error.rule,
              error.message.empty() ? error.ToString() : error.message);
}

Error FromCorruptItem(std::string_view table, const model::ValidationError& error) {
  return Make(Error::Code::kInternal, error.field, model::rule::kCorrupt,
              fmt::format("corrupt item in {}: {}", table, error.ToString()));
}

Error FromStore(const store::Error& error) {
  using StoreCode = store::Error::Code;
  switch (error.code) {
    case StoreCode::kInvalidArgument:
      return Internal(fmt::format("the service built a bad store request: {}", error.ToString()));
    case StoreCode::kNotFound:
      return Internal(
          fmt::format("{} (is the database initialised? run homeboard init-db)", error.ToString()));
    case StoreCode::kTooLarge:
      return LimitExceeded("", rule::kMaxSize, error.ToString());
    case StoreCode::kUnavailable:
    case StoreCode::kConflict:
    case StoreCode::kOutcomeUnknown:
      return Unavailable(error.ToString());
    case StoreCode::kConditionFailed:
      return Make(Error::Code::kConflict, "", rule::kStaleVersion, error.ToString());
    case StoreCode::kCorrupt:
    case StoreCode::kInternal:
      return Internal(error.ToString());
  }
  return Internal(error.ToString());
}

}  // namespace homeboard::service
