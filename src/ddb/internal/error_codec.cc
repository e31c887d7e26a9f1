// Parsing DynamoDB error bodies. Error responses are rare and small, so this copies the
// body into a padded buffer and uses a parser of its own rather than the thread's.
#include "ddb/internal/error_codec.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ddb/internal/json_writer.h"
#include "ddb/internal/value_decoder.h"

namespace homeboard::ddb::internal {
namespace {

using simdjson::error_code;
namespace ondemand = simdjson::ondemand;

// How much of a non-DynamoDB body is quoted in the message.
constexpr std::size_t kMaxBodySnippet = 200;

struct ParsedBody {
  bool is_object = false;  // the body starts as a JSON object
  bool damaged = false;    // JSON errors after that
  std::optional<std::string> type;
  std::optional<std::string> message;
  std::vector<CancellationReason> reasons;
  std::optional<Item> item;
};

// Reads a string field; a value of another type is ignored (and skipped by the caller's
// iteration). Returns false only for errors that leave the JSON unreadable.
bool ReadOptionalString(ondemand::value value, std::optional<std::string>* out) {
  std::string_view text;
  const error_code error = value.get_string().get(text);
  if (error == simdjson::SUCCESS) {
    *out = std::string(text);
    return true;
  }
  return error == simdjson::INCORRECT_TYPE;
}

CancellationReason ReadReason(ondemand::value value, bool* damaged) {
  CancellationReason reason;
  ondemand::object object;
  if (error_code error = value.get_object().get(object)) {
    if (error != simdjson::INCORRECT_TYPE) *damaged = true;
    reason.code = "Unknown";
    return reason;
  }
  std::optional<std::string> code, message;
  for (auto field_result : object) {
    ondemand::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || field.unescaped_key().get(key)) {
      *damaged = true;
      break;
    }
    if (key == "Code") {
      if (!ReadOptionalString(field.value(), &code)) *damaged = true;
    } else if (key == "Message" || key == "message") {
      if (!ReadOptionalString(field.value(), &message)) *damaged = true;
    } else if (key == "Item") {
      Result<Item> item = ReadItem(field.value());
      if (item.ok()) reason.item = std::move(item).value();
    }
    if (*damaged) break;
  }
  reason.code = code.value_or("Unknown");
  reason.message = message.value_or("");
  return reason;
}

ParsedBody ParseBody(std::string_view body) {
  ParsedBody parsed;
  const simdjson::padded_string padded(body);
  ondemand::parser parser;
  ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return parsed;
  ondemand::object root;
  if (doc.get_object().get(root)) return parsed;
  parsed.is_object = true;
  for (auto field_result : root) {
    ondemand::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || field.unescaped_key().get(key)) {
      parsed.damaged = true;
      break;
    }
    if (key == "__type") {
      if (!ReadOptionalString(field.value(), &parsed.type)) parsed.damaged = true;
    } else if (key == "message" || key == "Message") {
      if (!ReadOptionalString(field.value(), &parsed.message)) parsed.damaged = true;
    } else if (key == "CancellationReasons") {
      ondemand::array reasons;
      if (error_code error = field.value().get_array().get(reasons)) {
        if (error != simdjson::INCORRECT_TYPE) parsed.damaged = true;
      } else {
        for (auto reason_result : reasons) {
          ondemand::value reason;
          if (std::move(reason_result).get(reason)) {
            parsed.damaged = true;
            break;
          }
          parsed.reasons.push_back(ReadReason(reason, &parsed.damaged));
          if (parsed.damaged) break;
        }
      }
    } else if (key == "Item") {
      Result<Item> item = ReadItem(field.value());
      if (item.ok()) parsed.item = std::move(item).value();
    }
    if (parsed.damaged) break;
  }
  return parsed;
}

std::string FallbackCode(int http_status) {
  if (http_status == 500) return std::string(errc::kInternalServerError);
  if (http_status == 503) return std::string(errc::kServiceUnavailable);
  return "HttpError" + std::to_string(http_status);
}

}  // namespace

std::string_view ErrorCodeFromType(std::string_view type) {
  // AWS JSON protocol: drop anything from the first ':', keep what follows the last '#'.
  if (const std::size_t colon = type.find(':'); colon != std::string_view::npos) {
    type = type.substr(0, colon);
  }
  if (const std::size_t hash = type.rfind('#'); hash != std::string_view::npos) {
    type = type.substr(hash + 1);
  }
  return type;
}

Error ParseErrorResponse(int http_status, std::string_view body, std::string_view request_id) {
  ParsedBody parsed = ParseBody(body);
  const std::string_view code = parsed.type ? ErrorCodeFromType(*parsed.type) : "";
  Error error;
  if (!code.empty()) {
    error = Error(PrintableSnippet(code, kMaxBodySnippet), parsed.message.value_or(""));
    if (!parsed.reasons.empty()) error.set_cancellation_reasons(std::move(parsed.reasons));
    if (parsed.item) error.set_item(std::move(*parsed.item));
  } else {
    std::string message = "HTTP " + std::to_string(http_status) + " response ";
    if (body.empty()) {
      message += "with an empty body";
    } else if (parsed.is_object && parsed.message && !parsed.damaged) {
      message += "without an error type: " + *parsed.message;
    } else {
      message += "that is not a DynamoDB error: " + PrintableSnippet(body, kMaxBodySnippet);
    }
    error = Error(FallbackCode(http_status), std::move(message));
  }
  error.set_http_status(http_status);
  error.set_request_id(std::string(request_id));
  return error;
}

}  // namespace homeboard::ddb::internal
