// ValidationError, Result<T> and Status: how every fallible model call reports failure.
//
// Model errors are about data, never about I/O: a value that breaks a rule of
// docs/data-model.md, or an item read from a table that cannot be an entity ("corrupt").
// The service layer maps them to HTTP 400 (or 500 for "corrupt" items it read itself).
#ifndef HOMEBOARD_MODEL_ERROR_H_
#define HOMEBOARD_MODEL_ERROR_H_

#include <string>
#include <string_view>

#include "base/result.h"

namespace homeboard::model {

// Machine-readable rule ids carried in ValidationError::rule. API clients may switch on them.
namespace rule {
// Absent or empty.
inline constexpr std::string_view kRequired = "required";
// Too short.
inline constexpr std::string_view kMinLength = "min_length";
// Too long (chars or bytes).
inline constexpr std::string_view kMaxLength = "max_length";
// Encoded size too large.
inline constexpr std::string_view kMaxSize = "max_size";
// Too many elements.
inline constexpr std::string_view kMaxCount = "max_count";
// Number out of range.
inline constexpr std::string_view kRange = "range";
// Wrong shape or character set.
inline constexpr std::string_view kPattern = "pattern";
// Not one of the allowed words.
inline constexpr std::string_view kEnum = "enum";
// A value of the wrong type (e.g. a widget setting).
inline constexpr std::string_view kType = "type";
// Not valid UTF-8.
inline constexpr std::string_view kUtf8 = "utf8";
// A control character in text.
inline constexpr std::string_view kControlCharacter = "control_character";
// Stored text not in normal form (e.g. an untrimmed title).
inline constexpr std::string_view kNotNormalized = "not_normalized";
// Repeated element of a set.
inline constexpr std::string_view kDuplicate = "duplicate";
// A map key that is not allowed (e.g. an unknown widget setting).
inline constexpr std::string_view kUnknownKey = "unknown_key";
// Not http(s).
inline constexpr std::string_view kUrlScheme = "url_scheme";
// Missing or malformed host.
inline constexpr std::string_view kUrlHost = "url_host";
// Other URL syntax errors.
inline constexpr std::string_view kUrlSyntax = "url_syntax";
// Bounds in the wrong order (order keys).
inline constexpr std::string_view kOrder = "order";
// Fields contradict each other.
inline constexpr std::string_view kInconsistent = "inconsistent";
// An item read from a table lacks an attribute or has one of the wrong type or form.
inline constexpr std::string_view kCorrupt = "corrupt";
}  // namespace rule

struct ValidationError {
  // Attribute or field path: "title", "settings.feed_url", "tags[3]".
  std::string field;
  // One of the rule:: ids above.
  std::string rule;
  // Human text naming the field and the limit: "title: at most 200 characters (got 250)".
  std::string message;

  // "<message> [<rule>]", or "<field>: <rule>" when message is empty.
  std::string ToString() const;

  friend bool operator==(const ValidationError&, const ValidationError&) = default;
};

template <typename T>
using Result = base::Result<T, ValidationError>;
using Status = base::Result<void, ValidationError>;

// Builds an error whose message is "<field>: <detail>".
ValidationError Invalid(std::string_view field, std::string_view rule, std::string_view detail);

// "<prefix>.<field>" (or `field` alone when prefix is empty); for nested fields.
std::string FieldPath(std::string_view prefix, std::string_view field);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_ERROR_H_
