// Reading request bodies: ParseJson turns untrusted bytes into a small JsonValue tree with
// bounded depth, string length and size (simdjson underneath, in request_json.cc only), and
// ReadBody checks a parsed object against a BodySpec — the fields a route accepts, their
// types, which are required, which are read-only — so handlers only ever see well-typed,
// known fields. Every refusal is a 400 Problem naming the field path and the rule:
//
//   malformed_json  not JSON, not UTF-8, trailing garbage, empty body (field "body")
//   max_depth       nesting deeper than JsonLimits::max_depth
//   max_length      a string longer than JsonLimits::max_string_bytes (field: its path)
//   duplicate       an object member given twice (ambiguous, so refused)
//   type            a field (or the body itself) of the wrong JSON type
//   unknown_field   a member the route does not accept
//   read_only       a member the server owns (id, user_id, version, created_at, ...)
//   required        a required member missing
//
// Thread safety: all functions are reentrant.
#ifndef HOMEBOARD_SERVER_REQUEST_JSON_H_
#define HOMEBOARD_SERVER_REQUEST_JSON_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "server/problem.h"

namespace homeboard::server {

struct JsonLimits {
  // Objects and arrays nested deeper than this are refused (the top-level value is depth 1).
  std::size_t max_depth = 16;
  // Per string (member names included), in bytes. Above a note body (100 KiB).
  std::size_t max_string_bytes = std::size_t{128} * 1024;
  // Values in the whole document (every scalar, array and object counts one).
  std::size_t max_values = 100000;
};

class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  // Defined out of line, where JsonValue is complete: the members below hold JsonValues, and
  // clang (with libstdc++ 12) refuses to instantiate their destructors inside the class.
  JsonValue();
  ~JsonValue();
  JsonValue(const JsonValue&);
  JsonValue(JsonValue&&) noexcept;
  JsonValue& operator=(const JsonValue&);
  JsonValue& operator=(JsonValue&&) noexcept;

  Type type = Type::kNull;
  bool boolean = false;
  // kNumber: the value as a decimal literal ("42", "-1.5", "1e+300"); integer when it is one
  // that fits int64.
  std::string number;
  std::optional<std::int64_t> integer;
  std::string string;  // kString
  std::vector<JsonValue> items;                             // kArray
  std::vector<std::pair<std::string, JsonValue>> members;  // kObject, in document order

  // The member named `name` of an object, or nullptr.
  const JsonValue* Find(std::string_view name) const;
};

// "string", "number", "object", ... for messages.
std::string_view JsonTypeName(JsonValue::Type type);

template <typename T>
using ProblemOr = base::Result<T, Problem>;

// Parses a whole JSON document. Fails (400, see above) on anything but exactly one valid
// JSON value within `limits`. Never crashes or reads past `text`, whatever it holds.
[[nodiscard]] ProblemOr<JsonValue> ParseJson(std::string_view text, const JsonLimits& limits = {});

// The JSON types a body field may have.
enum class FieldType {
  kString,
  kInteger,  // a number that is an integer within int64
  kBoolean,
  kObject,
  kArray,
  kAny,
};

// True if `value` has the JSON type `type` asks for (kInteger: a number that is an int64).
bool TypeMatches(const JsonValue& value, FieldType type);
// "a string", "an integer", ... for error messages ("title: must be a string (got 7)").
std::string_view FieldTypeName(FieldType type);

struct FieldSpec {
  std::string_view name;
  FieldType type = FieldType::kString;
  bool required = false;
  // null is accepted too (and means "clear" to the route).
  bool nullable = false;
};

struct BodySpec {
  std::vector<FieldSpec> fields;
  // Members refused as read-only, in addition to kServerOwnedFields.
  std::vector<std::string_view> read_only;
};

// Members no request body may set: the server assigns them.
inline constexpr std::string_view kServerOwnedFields[] = {
    "id",         "user_id",    "owner_id",  "owner",    "version", "created_at",
    "updated_at", "order_key",  "deleting",  "etag",
};

// A body that passed ReadBody: typed access to its members. Getters return nullopt for a
// member that is absent or null (Has / IsNull tell them apart).
class JsonBody {
 public:
  explicit JsonBody(JsonValue root) : root_(std::move(root)) {}

  bool Has(std::string_view name) const { return root_.Find(name) != nullptr; }
  bool IsNull(std::string_view name) const;
  std::optional<std::string> String(std::string_view name) const;
  std::optional<std::int64_t> Integer(std::string_view name) const;
  std::optional<bool> Boolean(std::string_view name) const;
  const JsonValue* Get(std::string_view name) const { return root_.Find(name); }
  const JsonValue& root() const { return root_; }

 private:
  JsonValue root_;
};

// ParseJson, then checks the document is an object whose members all appear in `spec` with
// the right types and that every required member is there. Read-only members are reported
// before unknown ones, and both before type errors, each naming the member.
[[nodiscard]] ProblemOr<JsonBody> ReadBody(std::string_view text, const BodySpec& spec,
                                           const JsonLimits& limits = {});

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_REQUEST_JSON_H_
