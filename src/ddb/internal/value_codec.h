// Encoding AttributeValues and Items as DynamoDB JSON ({"S":"x"}, {"N":"1"}, ...), the
// checks a value must pass before it is sent, and the decimal-number analysis that both
// the codec and AttributeValue (IsValidNumber, ApproximateSize) rely on.
//
// Decoding lives in value_decoder.h, which is the only codec header that includes
// simdjson.
//
// Wire format: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
// Limits:      https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
#ifndef HOMEBOARD_DDB_INTERNAL_VALUE_CODEC_H_
#define HOMEBOARD_DDB_INTERNAL_VALUE_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "ddb/error.h"
#include "ddb/internal/json_writer.h"

namespace homeboard::ddb::internal {

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

// DynamoDB keeps at most 38 significant digits.
inline constexpr int kMaxNumberDigits = 38;
// Range of the decimal exponent of the leading significant digit of a non-zero number:
// 1E-130 up to 9.9999999999999999999999999999999999999E+125.
inline constexpr std::int64_t kMinNumberExponent = -130;
inline constexpr std::int64_t kMaxNumberExponent = 125;

// What AnalyzeNumber learns about a decimal string, without allocating.
struct NumberInfo {
  // The text matches [+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?. DynamoDB accepts
  // exactly this syntax ("+3", ".5", "5.", "0001.23", "1e+5", "0e1000"), and rejects
  // anything else ("NaN", "Infinity", " 1", "1 ", "0x10", "", ".", "1e").
  bool syntax_ok = false;
  bool negative = false;  // a '-' sign was present (also for "-0")
  bool zero = false;      // every digit is 0
  // Digits between the first and the last non-zero digit (leading and trailing zeros
  // are trimmed, as DynamoDB does); 0 for zero.
  std::int64_t significant_digits = 0;
  // Decimal exponent of the first significant digit (1.5E3 -> 3, 0.05 -> -2); 0 for
  // zero. Saturates at +-1E15, so "1e99999999999999999999" yields a huge value instead
  // of overflowing.
  std::int64_t adjusted_exponent = 0;

  // Syntax, precision and magnitude are all within DynamoDB's limits.
  bool InRange() const {
    return syntax_ok && (zero || (significant_digits <= kMaxNumberDigits &&
                                  adjusted_exponent >= kMinNumberExponent &&
                                  adjusted_exponent <= kMaxNumberExponent));
  }
};

// Never fails or crashes; any byte string may be passed.
NumberInfo AnalyzeNumber(std::string_view text);

// A canonical spelling, itself a valid number of the same value, that is equal for
// numerically equal numbers: "0" for zero, else scientific notation with the significant
// digits only ("-0012.50e1" -> "-1.25E2", "100" -> "1E2"). Returns "0" for text that is
// not a number (AnalyzeNumber(text).syntax_ok is false).
std::string CanonicalNumber(std::string_view text);

// ---------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------

// Writes `value` as one DynamoDB JSON attribute value, e.g. {"S":"x"} or
// {"M":{"a":{"N":"1"}}}. B and BS members are base64-encoded; N and NS members are
// written verbatim as JSON strings. Does not validate (call ValidateForWrite first);
// whatever the value holds, the output is valid JSON.
void WriteValue(JsonWriter& writer, const AttributeValue& value);

// Writes `item` as a JSON object of name -> attribute value, in name order.
void WriteItem(JsonWriter& writer, const Item& item);

// Convenience for tests and callers that need one value or item as a string.
std::string EncodeValueJson(const AttributeValue& value);
std::string EncodeItemJson(const Item& item);

// ---------------------------------------------------------------------------------------
// Validation before sending
// ---------------------------------------------------------------------------------------

// DynamoDB accepts documents nested up to 32 levels, counting the top-level attribute as
// level 1: a value inside 31 nested maps/lists is the deepest allowed.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes
inline constexpr int kMaxWriteNestingLevel = 32;

// Checks that DynamoDB would accept `value` as an attribute value:
//   - every N and NS member is a valid number (syntax, 38 digits, exponent range);
//   - sets (SS, NS, BS) are not empty and have no duplicate members (NS members are
//     compared numerically, so "1" and "1.0" are duplicates);
//   - strings (S, SS members) and map keys are valid UTF-8; empty strings are allowed
//     (DynamoDB has accepted them for non-key attributes since 2020), and so are empty
//     maps and lists;
//   - nesting does not go past kMaxWriteNestingLevel, `value` itself being level 1.
// On failure returns errc::kInvalidArgument with a message naming the attribute path,
// e.g. `attribute "tags": string set is empty (DynamoDB rejects empty sets)` or
// `attribute "meta.list[2]": invalid number "1e999"`. `path` names `value` in messages.
// Key attributes and size limits are checked elsewhere (they depend on the table).
[[nodiscard]] Status ValidateForWrite(const AttributeValue& value, std::string_view path);

// ValidateForWrite for every attribute of `item` (named by its attribute name); also
// rejects empty and non-UTF-8 attribute names.
[[nodiscard]] Status ValidateItemForWrite(const Item& item);

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_VALUE_CODEC_H_
