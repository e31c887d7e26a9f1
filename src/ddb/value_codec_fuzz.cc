// libFuzzer entry for the DynamoDB JSON codec. Each input is fed to the item and value
// decoders and to the error-response parser, which must never crash. Whatever decodes
// must survive encode -> decode unchanged and re-encode to the same bytes. The raw bytes
// also drive differential checks: our UTF-8 validator against simdjson's, the JSON
// writer's escaping (its output must always parse back), and number canonicalisation.
// Any violated invariant aborts, which libFuzzer reports as a crash.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "ddb/error.h"
#include "ddb/internal/error_codec.h"
#include "ddb/internal/json_writer.h"
#include "ddb/internal/value_codec.h"
#include "ddb/internal/value_decoder.h"

namespace {

using homeboard::ddb::AttributeValue;
using homeboard::ddb::Item;
using homeboard::ddb::Result;
namespace internal = homeboard::ddb::internal;

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckItemRoundTrip(const Item& item) {
  (void)homeboard::ddb::ItemSize(item);
  (void)internal::ValidateItemForWrite(item);
  const std::string json = internal::EncodeItemJson(item);
  Result<Item> again = internal::DecodeItemJson(json);
  Check(again.ok());
  Check(*again == item);
  Check(internal::EncodeItemJson(*again) == json);
}

void CheckValueRoundTrip(const AttributeValue& value) {
  (void)value.ApproximateSize();
  (void)internal::ValidateForWrite(value, "v");
  const std::string json = internal::EncodeValueJson(value);
  Result<AttributeValue> again = internal::DecodeValueJson(json);
  Check(again.ok());
  Check(*again == value);
  Check(internal::EncodeValueJson(*again) == json);
}

// Writing any bytes as a JSON string yields a document simdjson accepts, and valid UTF-8
// comes back unchanged.
void CheckWriterEscaping(std::string_view bytes) {
  const bool valid_utf8 = internal::IsValidUtf8(bytes);
  Check(valid_utf8 == simdjson::validate_utf8(bytes.data(), bytes.size()));
  internal::JsonWriter writer;
  writer.BeginArray();
  writer.String(bytes);
  writer.EndArray();
  const simdjson::padded_string json(writer.str());
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  Check(parser.iterate(json).get(doc) == simdjson::SUCCESS);
  simdjson::ondemand::array array;
  Check(doc.get_array().get(array) == simdjson::SUCCESS);
  std::size_t count = 0;
  for (auto element : array) {
    std::string_view text;
    Check(element.get_string().get(text) == simdjson::SUCCESS);
    if (valid_utf8) Check(text == bytes);
    ++count;
  }
  Check(count == 1);
}

void CheckNumber(std::string_view bytes) {
  const internal::NumberInfo info = internal::AnalyzeNumber(bytes);
  Check(homeboard::ddb::IsValidNumber(bytes) == info.InRange());
  if (!info.syntax_ok) return;
  // The canonical form is itself a number with the same value, so canonicalising it again
  // changes nothing.
  const std::string canonical = internal::CanonicalNumber(bytes);
  const internal::NumberInfo canonical_info = internal::AnalyzeNumber(canonical);
  Check(canonical_info.syntax_ok);
  Check(canonical_info.zero == info.zero);
  Check(internal::CanonicalNumber(canonical) == canonical);
  if (!info.zero) {
    Check(canonical_info.significant_digits == info.significant_digits);
    Check(canonical_info.adjusted_exponent == info.adjusted_exponent);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const homeboard::ddb::Error error = internal::ParseErrorResponse(400, input, "fuzz");
  Check(!error.code().empty());
  Check(internal::IsValidUtf8(error.ToString()));

  if (Result<Item> item = internal::DecodeItemJson(input); item.ok()) {
    CheckItemRoundTrip(*item);
  } else {
    Check(item.error().code() == homeboard::ddb::errc::kInvalidResponse);
    Check(internal::IsValidUtf8(item.error().message()));
  }
  if (Result<AttributeValue> value = internal::DecodeValueJson(input); value.ok()) {
    CheckValueRoundTrip(*value);
  }

  CheckWriterEscaping(input);
  if (size <= 4096) CheckNumber(input);
  return 0;
}
