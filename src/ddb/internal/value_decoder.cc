// DynamoDB JSON decoding with simdjson on-demand. The recursion reports success as a
// bool and keeps the failure (problem text plus the attribute path, collected while
// unwinding) in a Decoder, so the success path allocates nothing but the values
// themselves: each string is copied once from simdjson's buffer into its std::string and
// map nodes are built in place.
#include "ddb/internal/value_decoder.h"

#include <utility>

#include "ddb/internal/crypto.h"
#include "ddb/internal/json_writer.h"
#include "ddb/internal/value_codec.h"

namespace homeboard::ddb::internal {
namespace {

using simdjson::error_code;
namespace ondemand = simdjson::ondemand;

// Longest piece of response text quoted in messages.
constexpr std::size_t kMaxQuoted = 80;

class Decoder {
 public:
  // Reads an attribute value object into *out.
  bool Value(ondemand::value value, int depth, AttributeValue* out) {
    if (depth > kMaxReadNestingDepth) {
      return Fail("nested more than " + std::to_string(kMaxReadNestingDepth) +
                  " levels deep");
    }
    ondemand::object object;
    if (error_code error = value.get_object().get(object)) {
      return TypeFail(error, "attribute value is not a JSON object");
    }
    bool seen = false;
    for (auto field_result : object) {
      ondemand::field field;
      if (error_code error = std::move(field_result).get(field)) return JsonFail(error);
      if (seen) return Fail("attribute value has more than one type tag");
      std::string_view tag;
      if (error_code error = field.unescaped_key().get(tag)) return JsonFail(error);
      if (!Typed(tag, field.value(), depth, out)) return false;
      seen = true;
    }
    if (!seen) return Fail("attribute value object is empty (no type tag)");
    return true;
  }

  // Reads a JSON object of name -> attribute value into *out; `depth` is that of the
  // values.
  bool Map(ondemand::object object, int depth, Item* out) {
    for (auto field_result : object) {
      ondemand::field field;
      if (error_code error = std::move(field_result).get(field)) return JsonFail(error);
      std::string_view name;
      if (error_code error = field.unescaped_key().get(name)) return JsonFail(error);
      AttributeValue value;
      if (!Value(field.value(), depth, &value)) return PushKey(name);
      auto [it, inserted] = out->try_emplace(std::string(name), std::move(value));
      if (!inserted) {
        Fail("duplicate attribute name");
        return PushKey(name);
      }
    }
    return true;
  }

  bool MapValue(ondemand::value value, int depth, Item* out) {
    ondemand::object object;
    if (error_code error = value.get_object().get(object)) {
      return TypeFail(error, "expected a JSON object of attributes");
    }
    return Map(object, depth, out);
  }

  bool Fail(std::string problem) {
    problem_ = std::move(problem);
    return false;
  }

  bool JsonFail(error_code error) {
    return Fail(std::string("malformed JSON (") + simdjson::error_message(error) + ")");
  }

  // A type mismatch gets `problem`; any other simdjson error means broken JSON.
  bool TypeFail(error_code error, std::string_view problem) {
    if (error == simdjson::INCORRECT_TYPE) return Fail(std::string(problem));
    return JsonFail(error);
  }

  bool PushKey(std::string_view key) {
    reversed_path_.push_back("." + PrintableSnippet(key, kMaxQuoted));
    return false;
  }
  bool PushIndex(std::size_t index) {
    reversed_path_.push_back("[" + std::to_string(index) + "]");
    return false;
  }

  // The failure as an Error; `prefix` (may be empty) is prepended, e.g. "item 3: ".
  Error ToError(std::string_view prefix) const {
    std::string message(prefix);
    std::string path;
    for (auto it = reversed_path_.rbegin(); it != reversed_path_.rend(); ++it) path += *it;
    if (!path.empty() && path[0] == '.') path.erase(0, 1);
    if (!path.empty()) {
      message += "attribute \"";
      message += path;
      message += "\": ";
    } else {
      message += "invalid attribute value: ";
    }
    message += problem_;
    return InvalidResponse(std::move(message));
  }

 private:
  bool Typed(std::string_view tag, ondemand::value value, int depth, AttributeValue* out) {
    switch (tag.size()) {
      case 1:
        if (tag[0] == 'S') return ScalarString(value, "S", out);
        if (tag[0] == 'N') return ScalarString(value, "N", out);
        if (tag[0] == 'B') return ScalarString(value, "B", out);
        if (tag[0] == 'M') {
          Item map;
          if (!MapValue(value, depth + 1, &map)) return false;
          *out = AttributeValue::M(std::move(map));
          return true;
        }
        if (tag[0] == 'L') return List(value, depth, out);
        break;
      case 2:
        if (tag == "SS") return Set(value, AttributeValue::Type::kSS, out);
        if (tag == "NS") return Set(value, AttributeValue::Type::kNS, out);
        if (tag == "BS") return Set(value, AttributeValue::Type::kBS, out);
        break;
      case 4:
        if (tag == "BOOL" || tag == "NULL") {
          bool flag = false;
          if (error_code error = value.get_bool().get(flag)) {
            return TypeFail(error, std::string(tag) + " value is not true or false");
          }
          if (tag == "BOOL") {
            *out = AttributeValue::Bool(flag);
          } else {
            if (!flag) return Fail("NULL value must be true");
            *out = AttributeValue::Null();
          }
          return true;
        }
        break;
      default:
        break;
    }
    return Fail("unknown type tag \"" + PrintableSnippet(tag, kMaxQuoted) +
                "\" (expected S, N, B, BOOL, NULL, M, L, SS, NS or BS)");
  }

  // Checks one S/N/B text (or set member) and converts it to its stored form in *out.
  bool Member(std::string_view text, std::string_view tag, std::string* out) {
    if (tag == "B" || tag == "BS") {
      std::optional<std::string> bytes = Base64Decode(text);
      if (!bytes) return Fail(std::string(tag) + " value is not valid base64");
      *out = std::move(*bytes);
      return true;
    }
    if ((tag == "N" || tag == "NS") && !AnalyzeNumber(text).InRange()) {
      return Fail("invalid number \"" + PrintableSnippet(text, kMaxQuoted) + "\"");
    }
    out->assign(text);
    return true;
  }

  bool ScalarString(ondemand::value value, std::string_view tag, AttributeValue* out) {
    std::string_view text;
    if (error_code error = value.get_string().get(text)) {
      return TypeFail(error, std::string(tag) + " value is not a JSON string");
    }
    std::string stored;
    if (!Member(text, tag, &stored)) return false;
    if (tag == "S") {
      *out = AttributeValue::S(std::move(stored));
    } else if (tag == "N") {
      *out = AttributeValue::N(std::move(stored));
    } else {
      *out = AttributeValue::B(std::move(stored));
    }
    return true;
  }

  bool List(ondemand::value value, int depth, AttributeValue* out) {
    ondemand::array array;
    if (error_code error = value.get_array().get(array)) {
      return TypeFail(error, "L value is not a JSON array");
    }
    std::vector<AttributeValue> elements;
    std::size_t index = 0;
    for (auto element_result : array) {
      ondemand::value element;
      if (error_code error = std::move(element_result).get(element)) {
        JsonFail(error);
        return PushIndex(index);
      }
      AttributeValue decoded;
      if (!Value(element, depth + 1, &decoded)) return PushIndex(index);
      elements.push_back(std::move(decoded));
      ++index;
    }
    *out = AttributeValue::L(std::move(elements));
    return true;
  }

  bool Set(ondemand::value value, AttributeValue::Type type, AttributeValue* out) {
    const std::string_view tag = AttributeValue::TypeName(type);
    ondemand::array array;
    if (error_code error = value.get_array().get(array)) {
      return TypeFail(error, std::string(tag) + " value is not a JSON array");
    }
    std::vector<std::string> members;
    for (auto element_result : array) {
      std::string_view text;
      if (error_code error = std::move(element_result).get_string().get(text)) {
        TypeFail(error, std::string(tag) + " member is not a JSON string");
        return PushIndex(members.size());
      }
      std::string stored;
      if (!Member(text, tag, &stored)) return PushIndex(members.size());
      members.push_back(std::move(stored));
    }
    switch (type) {
      case AttributeValue::Type::kSS: *out = AttributeValue::SS(std::move(members)); break;
      case AttributeValue::Type::kNS: *out = AttributeValue::NS(std::move(members)); break;
      default: *out = AttributeValue::BS(std::move(members)); break;
    }
    return true;
  }

  std::string problem_;
  std::vector<std::string> reversed_path_;
};

// Fails unless the document has been consumed to its end.
Status CheckNothingFollows(ondemand::document& doc) {
  auto location = doc.current_location();
  if (location.error() == simdjson::OUT_OF_BOUNDS) return OkStatus();
  if (location.error() != simdjson::SUCCESS) return JsonError(location.error());
  return InvalidResponse("unexpected content after the JSON document");
}

}  // namespace

Result<AttributeValue> ReadValue(ondemand::value value, int depth) {
  Decoder decoder;
  AttributeValue out;
  if (!decoder.Value(value, depth, &out)) return decoder.ToError("");
  return out;
}

Result<Item> ReadItem(ondemand::value value) {
  Decoder decoder;
  Item item;
  if (!decoder.MapValue(value, 0, &item)) return decoder.ToError("");
  return item;
}

Result<std::vector<Item>> ReadItems(ondemand::value array_value) {
  ondemand::array array;
  if (error_code error = array_value.get_array().get(array)) {
    if (error == simdjson::INCORRECT_TYPE) return InvalidResponse("items are not a JSON array");
    return JsonError(error);
  }
  std::vector<Item> items;
  Decoder decoder;
  for (auto element_result : array) {
    ondemand::value element;
    if (error_code error = std::move(element_result).get(element)) {
      return JsonError(error, "item " + std::to_string(items.size()));
    }
    Item item;
    if (!decoder.MapValue(element, 0, &item)) {
      return decoder.ToError("item " + std::to_string(items.size()) + ": ");
    }
    items.push_back(std::move(item));
  }
  return items;
}

Result<Item> DecodeItemJson(std::string_view json) {
  const simdjson::padded_string padded(json);
  ondemand::parser parser;
  ondemand::document doc;
  if (error_code error = parser.iterate(padded).get(doc)) return JsonError(error);
  ondemand::object object;
  if (error_code error = doc.get_object().get(object)) {
    if (error == simdjson::INCORRECT_TYPE) return InvalidResponse("item is not a JSON object");
    return JsonError(error);
  }
  Decoder decoder;
  Item item;
  if (!decoder.Map(object, 0, &item)) return decoder.ToError("");
  if (Status status = CheckNothingFollows(doc); !status.ok()) return std::move(status).error();
  return item;
}

Result<AttributeValue> DecodeValueJson(std::string_view json) {
  const simdjson::padded_string padded(json);
  ondemand::parser parser;
  ondemand::document doc;
  if (error_code error = parser.iterate(padded).get(doc)) return JsonError(error);
  ondemand::value root;
  if (error_code error = doc.get_value().get(root)) return JsonError(error);
  Decoder decoder;
  AttributeValue value;
  if (!decoder.Value(root, 0, &value)) return decoder.ToError("");
  if (Status status = CheckNothingFollows(doc); !status.ok()) return std::move(status).error();
  return value;
}

simdjson::padded_string_view PadForParsing(std::string& body) {
  // Appending grows the allocation when needed and initialises the spare bytes (simdjson
  // reads them, though it ignores their values); resizing back keeps the allocation.
  const std::size_t size = body.size();
  body.append(simdjson::SIMDJSON_PADDING, ' ');
  body.resize(size);
  return simdjson::padded_string_view(body.data(), body.size(), body.capacity());
}

ondemand::parser& ThreadLocalParser() {
  thread_local ondemand::parser parser;
  return parser;
}

Error JsonError(error_code error, std::string_view context) {
  std::string message = "malformed JSON in response: ";
  message += simdjson::error_message(error);
  if (!context.empty()) {
    message += " (";
    message += context;
    message += ')';
  }
  return InvalidResponse(std::move(message));
}

Error InvalidResponse(std::string message) {
  return Error(errc::kInvalidResponse, std::move(message));
}

}  // namespace homeboard::ddb::internal
