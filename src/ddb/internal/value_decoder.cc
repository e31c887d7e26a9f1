// DynamoDB JSON decoding with simdjson on-demand.
//
// Speed comes from constructing every value where it finally lives: the recursion returns
// AttributeValues by value (one named result per function, so the compiler elides the
// copies), and maps and lists construct their elements in place from a Deferred, whose
// conversion to AttributeValue runs the decoder. Each string is copied once, from
// simdjson's buffer (or, for names without escapes, the input itself) into its
// std::string. Failures set a flag and the problem text; the
// attribute path is collected only while unwinding after a failure.
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

// After a failure, functions return whatever partial value they hold; callers check
// failed() and stop touching the document.
class Decoder {
 public:
  bool failed() const { return failed_; }

  // Reads an attribute value object such as {"S":"x"}.
  AttributeValue Value(ondemand::value value, int depth) {
    ondemand::object_iterator it, end;
    std::string_view tag;
    ondemand::value inner;
    const bool opened = OpenTagged(value, depth, &it, &end, &tag, &inner);
    AttributeValue result = opened ? Typed(tag, inner, depth) : AttributeValue();
    if (opened && !failed_) {
      ++it;
      if (it != end) {  // another field follows the type tag, or broken JSON
        ondemand::field extra;
        if (error_code error = (*it).get(extra)) {
          JsonFail(error);
        } else {
          Fail("attribute value has more than one type tag");
        }
      }
    }
    return result;
  }

  // Reads a JSON object of name -> attribute value into *out; `depth` is that of the
  // values. Returns false on failure.
  bool Map(ondemand::object object, int depth, Item* out) {
    for (auto field_result : object) {
      ondemand::field field;
      if (error_code error = std::move(field_result).get(field)) return JsonFail(error);
      std::string_view name;
      if (error_code error = Key(field, &name)) return JsonFail(error);
      auto [it, inserted] =
          out->try_emplace(std::string(name), Deferred{this, field.value(), depth});
      if (!inserted) {
        Fail("duplicate attribute name");
        return PushKey(name);
      }
      if (failed_) return PushKey(name);
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
  using Type = AttributeValue::Type;

  // Converts to the decoded value, so containers can construct elements in place.
  struct Deferred {
    Decoder* decoder;
    ondemand::value value;
    int depth;
    operator AttributeValue() const {  // NOLINT(google-explicit-constructor)
      return decoder->Value(value, depth);
    }
  };

  bool Fail(std::string problem) {
    failed_ = true;
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

  // A field's name. Names without escapes (nearly all) are viewed in place in the input,
  // which saves a call into simdjson's string unescaper per field; others are unescaped
  // by simdjson. Scanning for the closing quote stays inside the input: stage 1 has
  // already checked that every string is closed.
  static error_code Key(ondemand::field& field, std::string_view* out) {
    const char* const begin = field.key().raw();
    for (const char* p = begin;; ++p) {
      if (*p == '"') {
        *out = std::string_view(begin, static_cast<std::size_t>(p - begin));
        return simdjson::SUCCESS;
      }
      if (*p == '\\') break;
    }
    return field.unescaped_key().get(*out);
  }

  // Opens a value object and reads its first field: the type tag and the value it tags.
  bool OpenTagged(ondemand::value value, int depth, ondemand::object_iterator* it,
                  ondemand::object_iterator* end, std::string_view* tag,
                  ondemand::value* inner) {
    if (depth > kMaxReadNestingDepth) {
      return Fail("nested more than " + std::to_string(kMaxReadNestingDepth) +
                  " levels deep");
    }
    ondemand::object object;
    if (error_code error = value.get_object().get(object)) {
      return TypeFail(error, "attribute value is not a JSON object");
    }
    if (error_code error = object.begin().get(*it)) return JsonFail(error);
    if (error_code error = object.end().get(*end)) return JsonFail(error);
    if (!(*it != *end)) return Fail("attribute value object is empty (no type tag)");
    ondemand::field field;
    if (error_code error = (**it).get(field)) return JsonFail(error);
    if (error_code error = Key(field, tag)) return JsonFail(error);
    *inner = field.value();
    return true;
  }

  // The type a tag names, or false. Compares characters directly: this runs once per
  // value, and string comparisons would cost a memcmp call each.
  static bool TagType(std::string_view tag, Type* type) {
    const char* t = tag.data();
    switch (tag.size()) {
      case 1:
        switch (t[0]) {
          case 'S': *type = Type::kS; return true;
          case 'N': *type = Type::kN; return true;
          case 'B': *type = Type::kB; return true;
          case 'M': *type = Type::kM; return true;
          case 'L': *type = Type::kL; return true;
          default: return false;
        }
      case 2:
        if (t[1] != 'S') return false;
        switch (t[0]) {
          case 'S': *type = Type::kSS; return true;
          case 'N': *type = Type::kNS; return true;
          case 'B': *type = Type::kBS; return true;
          default: return false;
        }
      case 4:
        if (t[0] == 'B' && t[1] == 'O' && t[2] == 'O' && t[3] == 'L') {
          *type = Type::kBool;
          return true;
        }
        if (t[0] == 'N' && t[1] == 'U' && t[2] == 'L' && t[3] == 'L') {
          *type = Type::kNull;
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  static std::string Name(Type type) { return std::string(AttributeValue::TypeName(type)); }

  AttributeValue Typed(std::string_view tag, ondemand::value value, int depth) {
    Type type = Type::kNull;
    if (!TagType(tag, &type)) {
      Fail("unknown type tag \"" + PrintableSnippet(tag, kMaxQuoted) +
           "\" (expected S, N, B, BOOL, NULL, M, L, SS, NS or BS)");
      return AttributeValue();
    }
    switch (type) {
      case Type::kS:
      case Type::kN:
      case Type::kB:
        return ScalarString(value, type);
      case Type::kM: {
        Item map;
        MapValue(value, depth + 1, &map);
        return AttributeValue::M(std::move(map));
      }
      case Type::kL:
        return List(value, depth);
      case Type::kSS:
      case Type::kNS:
      case Type::kBS:
        return Set(value, type);
      case Type::kBool:
      case Type::kNull:
        return BoolOrNull(value, type);
    }
    return AttributeValue();  // unreachable: every type is handled above
  }

  AttributeValue BoolOrNull(ondemand::value value, Type type) {
    bool flag = false;
    if (error_code error = value.get_bool().get(flag)) {
      TypeFail(error, Name(type) + " value is not true or false");
    } else if (type == Type::kNull && !flag) {
      Fail("NULL value must be true");
    }
    return type == Type::kBool ? AttributeValue::Bool(flag) : AttributeValue::Null();
  }

  // Checks one N/B text or NS/BS member (`type` is the value's type) and converts it to
  // its stored form in *out; S and SS text is stored as is.
  bool Member(std::string_view text, Type type, std::string* out) {
    if (type == Type::kB || type == Type::kBS) {
      std::optional<std::string> bytes = Base64Decode(text);
      if (!bytes) return Fail(Name(type) + " value is not valid base64");
      *out = std::move(*bytes);
      return true;
    }
    if ((type == Type::kN || type == Type::kNS) && !AnalyzeNumber(text).InRange()) {
      return Fail("invalid number \"" + PrintableSnippet(text, kMaxQuoted) + "\"");
    }
    out->assign(text);
    return true;
  }

  AttributeValue ScalarString(ondemand::value value, Type type) {
    std::string_view text;
    if (error_code error = value.get_string().get(text)) {
      TypeFail(error, Name(type) + " value is not a JSON string");
      return AttributeValue();
    }
    if (type == Type::kS) return AttributeValue::S(std::string(text));  // nothing to check
    std::string stored;
    Member(text, type, &stored);
    return type == Type::kN ? AttributeValue::N(std::move(stored))
                            : AttributeValue::B(std::move(stored));
  }

  AttributeValue List(ondemand::value value, int depth) {
    std::vector<AttributeValue> elements;
    ondemand::array array;
    if (error_code error = value.get_array().get(array)) {
      TypeFail(error, "L value is not a JSON array");
      return AttributeValue::L(std::move(elements));
    }
    for (auto element_result : array) {
      ondemand::value element;
      if (error_code error = std::move(element_result).get(element)) {
        JsonFail(error);
        PushIndex(elements.size());
        break;
      }
      elements.emplace_back(Deferred{this, element, depth + 1});
      if (failed_) {
        PushIndex(elements.size() - 1);
        break;
      }
    }
    return AttributeValue::L(std::move(elements));
  }

  AttributeValue Set(ondemand::value value, Type type) {
    std::vector<std::string> members;
    ondemand::array array;
    if (error_code error = value.get_array().get(array)) {
      TypeFail(error, Name(type) + " value is not a JSON array");
    } else {
      for (auto element_result : array) {
        std::string_view text;
        if (error_code error = std::move(element_result).get_string().get(text)) {
          TypeFail(error, Name(type) + " member is not a JSON string");
          PushIndex(members.size());
          break;
        }
        if (!Member(text, type, &members.emplace_back())) {
          PushIndex(members.size() - 1);
          break;
        }
      }
    }
    switch (type) {
      case Type::kSS: return AttributeValue::SS(std::move(members));
      case Type::kNS: return AttributeValue::NS(std::move(members));
      default: return AttributeValue::BS(std::move(members));
    }
  }

  bool failed_ = false;
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
  AttributeValue out = decoder.Value(value, depth);
  if (decoder.failed()) return decoder.ToError("");
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
    if (!decoder.MapValue(element, 0, &items.emplace_back())) {
      return decoder.ToError("item " + std::to_string(items.size() - 1) + ": ");
    }
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
  AttributeValue value = decoder.Value(root, 0);
  if (decoder.failed()) return decoder.ToError("");
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
