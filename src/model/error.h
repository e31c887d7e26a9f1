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
inline constexpr std::string_view kRequired = "required";        // absent or empty
inline constexpr std::string_view kMinLength = "min_length";     // too short
inline constexpr std::string_view kMaxLength = "max_length";     // too long (chars or bytes)
inline constexpr std::string_view kMaxSize = "max_size";         // encoded size too large
inline constexpr std::string_view kMaxCount = "max_count";       // too many elements
inline constexpr std::string_view kRange = "range";              // number out of range
inline constexpr std::string_view kPattern = "pattern";          // wrong shape or character set
inline constexpr std::string_view kEnum = "enum";                // not one of the allowed words
inline constexpr std::string_view kType = "type";                // wrong attribute type
inline constexpr std::string_view kUtf8 = "utf8";                // not valid UTF-8
inline constexpr std::string_view kControlCharacter = "control_character";
inline constexpr std::string_view kNotNormalized = "not_normalized";  // e.g. untrimmed title
inline constexpr std::string_view kDuplicate = "duplicate";      // repeated element of a set
inline constexpr std::string_view kUnknownKey = "unknown_key";   // e.g. unknown widget setting
inline constexpr std::string_view kUrlScheme = "url_scheme";     // not http(s)
inline constexpr std::string_view kUrlHost = "url_host";         // missing or malformed host
inline constexpr std::string_view kUrlSyntax = "url_syntax";     // other URL syntax errors
inline constexpr std::string_view kOrder = "order";              // e.g. order keys not ascending
inline constexpr std::string_view kInconsistent = "inconsistent";  // fields contradict each other
inline constexpr std::string_view kCorrupt = "corrupt";          // item attribute missing/mistyped
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
