// ParseJson on simdjson's DOM parser (3.0.1), and the BodySpec checks. simdjson validates
// the syntax and UTF-8 in one pass; the conversion to JsonValue then enforces our own limits
// (depth, string length, value count, duplicate names), so a hostile body costs at most one
// bounded parse.
#include "server/request_json.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <unordered_set>

namespace homeboard::server {
namespace {

constexpr std::string_view kBody = "body";

// How a member name appears in a field path: an empty name is shown as "" so that every
// refusal names something.
std::string ShownName(std::string_view name) {
  return name.empty() ? std::string("\"\"") : std::string(name);
}

std::string MemberPath(std::string_view parent, std::string_view name) {
  if (parent.empty()) return ShownName(name);
  return fmt::format("{}.{}", parent, name);
}

class Converter {
 public:
  explicit Converter(const JsonLimits& limits) : limits_(limits) {}

  ProblemOr<JsonValue> Convert(simdjson::dom::element element, std::size_t depth,
                               const std::string& path) {
    if (++values_ > limits_.max_values) {
      return BadRequest(path.empty() ? std::string(kBody) : path, "max_count",
                        fmt::format("body: more than {} JSON values", limits_.max_values));
    }
    JsonValue value;
    switch (element.type()) {
      case simdjson::dom::element_type::NULL_VALUE:
        value.type = JsonValue::Type::kNull;
        return value;
      case simdjson::dom::element_type::BOOL:
        value.type = JsonValue::Type::kBool;
        value.boolean = element.get_bool().value_unsafe();
        return value;
      case simdjson::dom::element_type::INT64: {
        value.type = JsonValue::Type::kNumber;
        std::int64_t n = element.get_int64().value_unsafe();
        value.integer = n;
        value.number = std::to_string(n);
        return value;
      }
      case simdjson::dom::element_type::UINT64:
        value.type = JsonValue::Type::kNumber;
        value.number = std::to_string(element.get_uint64().value_unsafe());
        return value;
      case simdjson::dom::element_type::DOUBLE:
        value.type = JsonValue::Type::kNumber;
        value.number = fmt::format("{}", element.get_double().value_unsafe());
        return value;
      case simdjson::dom::element_type::STRING: {
        std::string_view text = element.get_string().value_unsafe();
        if (text.size() > limits_.max_string_bytes) return TooLong(path, text.size());
        value.type = JsonValue::Type::kString;
        value.string = std::string(text);
        return value;
      }
      case simdjson::dom::element_type::ARRAY: {
        if (depth > limits_.max_depth) return TooDeep(path);
        value.type = JsonValue::Type::kArray;
        std::size_t index = 0;
        // A named copy: ranging over get_array().value_unsafe() would range over a
        // reference into a temporary that dies before the loop runs (found by the fuzzer).
        simdjson::dom::array array = element.get_array().value_unsafe();
        for (simdjson::dom::element item : array) {
          auto converted = Convert(item, depth + 1, fmt::format("{}[{}]", path, index++));
          if (!converted.ok()) return std::move(converted).error();
          value.items.push_back(std::move(converted).value());
        }
        return value;
      }
      case simdjson::dom::element_type::OBJECT: {
        if (depth > limits_.max_depth) return TooDeep(path);
        value.type = JsonValue::Type::kObject;
        std::unordered_set<std::string_view> seen;
        simdjson::dom::object object = element.get_object().value_unsafe();
        for (simdjson::dom::key_value_pair member : object) {
          std::string member_path = MemberPath(path, member.key);
          if (member.key.size() > limits_.max_string_bytes) {
            return TooLong(member_path, member.key.size());
          }
          if (!seen.insert(member.key).second) {
            return BadRequest(member_path, "duplicate",
                              fmt::format("{}: member given more than once", member_path));
          }
          auto converted = Convert(member.value, depth + 1, member_path);
          if (!converted.ok()) return std::move(converted).error();
          value.members.emplace_back(std::string(member.key), std::move(converted).value());
        }
        return value;
      }
    }
    return BadRequest(kBody, rule::kMalformedJson, "body: unsupported JSON value");
  }

 private:
  Problem TooLong(const std::string& path, std::size_t size) const {
    std::string field = path.empty() ? std::string(kBody) : path;
    return BadRequest(field, "max_length",
                      fmt::format("{}: string of {} bytes, at most {} allowed", field, size,
                                  limits_.max_string_bytes));
  }
  Problem TooDeep(const std::string& path) const {
    std::string field = path.empty() ? std::string(kBody) : path;
    return BadRequest(field, rule::kMaxDepth,
                      fmt::format("{}: JSON nested deeper than {} levels", field,
                                  limits_.max_depth));
  }

  const JsonLimits& limits_;
  std::size_t values_ = 0;
};

}  // namespace

bool TypeMatches(const JsonValue& value, FieldType type) {
  switch (type) {
    case FieldType::kString:
      return value.type == JsonValue::Type::kString;
    case FieldType::kInteger:
      return value.type == JsonValue::Type::kNumber && value.integer.has_value();
    case FieldType::kBoolean:
      return value.type == JsonValue::Type::kBool;
    case FieldType::kObject:
      return value.type == JsonValue::Type::kObject;
    case FieldType::kArray:
      return value.type == JsonValue::Type::kArray;
    case FieldType::kAny:
      return true;
  }
  return false;
}

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "a string";
    case FieldType::kInteger:
      return "an integer";
    case FieldType::kBoolean:
      return "true or false";
    case FieldType::kObject:
      return "an object";
    case FieldType::kArray:
      return "an array";
    case FieldType::kAny:
      return "any value";
  }
  return "?";
}

JsonValue::JsonValue() = default;
JsonValue::~JsonValue() = default;
JsonValue::JsonValue(const JsonValue&) = default;
JsonValue::JsonValue(JsonValue&&) noexcept = default;
JsonValue& JsonValue::operator=(const JsonValue&) = default;
JsonValue& JsonValue::operator=(JsonValue&&) noexcept = default;

const JsonValue* JsonValue::Find(std::string_view name) const {
  for (const auto& [member_name, value] : members) {
    if (member_name == name) return &value;
  }
  return nullptr;
}

std::string_view JsonTypeName(JsonValue::Type type) {
  switch (type) {
    case JsonValue::Type::kNull:
      return "null";
    case JsonValue::Type::kBool:
      return "boolean";
    case JsonValue::Type::kNumber:
      return "number";
    case JsonValue::Type::kString:
      return "string";
    case JsonValue::Type::kArray:
      return "array";
    case JsonValue::Type::kObject:
      return "object";
  }
  return "?";
}

ProblemOr<JsonValue> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return BadRequest(kBody, "required", "body: a JSON document is required");
  }
  // One parser per thread: it keeps its buffers between requests.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::error_code error = parser.parse(text.data(), text.size()).get(root);
  if (error == simdjson::DEPTH_ERROR) {
    return BadRequest(kBody, rule::kMaxDepth, "body: JSON nested too deeply");
  }
  if (error != simdjson::SUCCESS) {
    return BadRequest(kBody, rule::kMalformedJson,
                      fmt::format("body: not valid JSON ({})", simdjson::error_message(error)));
  }
  Converter converter(limits);
  return converter.Convert(root, 1, "");
}

bool JsonBody::IsNull(std::string_view name) const {
  const JsonValue* value = root_.Find(name);
  return value != nullptr && value->type == JsonValue::Type::kNull;
}

std::optional<std::string> JsonBody::String(std::string_view name) const {
  const JsonValue* value = root_.Find(name);
  if (value == nullptr || value->type != JsonValue::Type::kString) return std::nullopt;
  return value->string;
}

std::optional<std::int64_t> JsonBody::Integer(std::string_view name) const {
  const JsonValue* value = root_.Find(name);
  if (value == nullptr || value->type != JsonValue::Type::kNumber) return std::nullopt;
  return value->integer;
}

std::optional<bool> JsonBody::Boolean(std::string_view name) const {
  const JsonValue* value = root_.Find(name);
  if (value == nullptr || value->type != JsonValue::Type::kBool) return std::nullopt;
  return value->boolean;
}

ProblemOr<JsonBody> ReadBody(std::string_view text, const BodySpec& spec,
                             const JsonLimits& limits) {
  auto parsed = ParseJson(text, limits);
  if (!parsed.ok()) return std::move(parsed).error();
  JsonValue root = std::move(parsed).value();
  if (root.type != JsonValue::Type::kObject) {
    return BadRequest(kBody, "type",
                      fmt::format("body: must be a JSON object (got {})", JsonTypeName(root.type)));
  }
  auto is_read_only = [&spec](std::string_view name) {
    for (std::string_view owned : kServerOwnedFields) {
      if (owned == name) return true;
    }
    for (std::string_view owned : spec.read_only) {
      if (owned == name) return true;
    }
    return false;
  };
  auto find_spec = [&spec](std::string_view name) -> const FieldSpec* {
    for (const FieldSpec& field : spec.fields) {
      if (field.name == name) return &field;
    }
    return nullptr;
  };
  for (const auto& [name, value] : root.members) {
    if (is_read_only(name)) {
      return BadRequest(name, rule::kReadOnly,
                        fmt::format("{}: read-only, set by the server", name));
    }
  }
  for (const auto& [name, value] : root.members) {
    if (find_spec(name) == nullptr) {
      std::string shown = ShownName(name);
      return BadRequest(shown, rule::kUnknownField, fmt::format("{}: unknown field", shown));
    }
  }
  for (const auto& [name, value] : root.members) {
    const FieldSpec& field = *find_spec(name);
    if (value.type == JsonValue::Type::kNull && field.nullable) continue;
    if (!TypeMatches(value, field.type)) {
      return BadRequest(name, "type",
                        fmt::format("{}: must be {} (got {})", name, FieldTypeName(field.type),
                                    value.type == JsonValue::Type::kNumber
                                        ? std::string_view("a non-integer or too large number")
                                        : JsonTypeName(value.type)));
    }
  }
  for (const FieldSpec& field : spec.fields) {
    if (field.required && root.Find(field.name) == nullptr) {
      return BadRequest(field.name, "required", fmt::format("{}: required", field.name));
    }
  }
  return JsonBody(std::move(root));
}

}  // namespace homeboard::server
