// AttributeValue: one DynamoDB attribute value of any of the ten wire types, and Item,
// a map from attribute name to value.
//
// Numbers (N, NS) are kept as the decimal strings DynamoDB sends, so a 38-digit number
// survives a round trip exactly. Binary values (B, BS) hold raw bytes; base64 happens only
// in the JSON codec. Values are immutable after construction apart from assignment.
//
// See https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
#ifndef HOMEBOARD_DDB_ATTRIBUTE_VALUE_H_
#define HOMEBOARD_DDB_ATTRIBUTE_VALUE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace homeboard::ddb {

class AttributeValue;

// An item: attribute name -> value. Ordered so that encoding is deterministic.
using Item = std::map<std::string, AttributeValue, std::less<>>;

class AttributeValue {
 public:
  enum class Type : std::uint8_t { kS, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS };

  // A NULL value. Prefer the named factories below.
  AttributeValue() = default;

  static AttributeValue S(std::string value);
  // `decimal` must be a DynamoDB number; IsValidNumber() checks that. The codec
  // validates numbers it receives; callers building requests are trusted.
  static AttributeValue N(std::string decimal);
  static AttributeValue N(std::int64_t value);
  static AttributeValue B(std::string bytes);
  static AttributeValue Bool(bool value);
  static AttributeValue Null();
  static AttributeValue M(Item value);
  static AttributeValue L(std::vector<AttributeValue> value);
  // Sets must not be empty on the wire; the request encoder rejects empty sets.
  static AttributeValue SS(std::vector<std::string> value);
  static AttributeValue NS(std::vector<std::string> decimals);
  static AttributeValue BS(std::vector<std::string> bytes);

  Type type() const { return type_; }
  bool IsS() const { return type_ == Type::kS; }
  bool IsN() const { return type_ == Type::kN; }
  bool IsB() const { return type_ == Type::kB; }
  bool IsBool() const { return type_ == Type::kBool; }
  bool IsNull() const { return type_ == Type::kNull; }
  bool IsM() const { return type_ == Type::kM; }
  bool IsL() const { return type_ == Type::kL; }
  bool IsSS() const { return type_ == Type::kSS; }
  bool IsNS() const { return type_ == Type::kNS; }
  bool IsBS() const { return type_ == Type::kBS; }

  // Accessors. Precondition: the value has the matching type (checked by assert in
  // debug builds; std::get throws std::bad_variant_access otherwise).
  const std::string& AsS() const;   // S
  const std::string& AsN() const;   // N, decimal string
  const std::string& AsB() const;   // B, raw bytes
  bool AsBool() const;
  const Item& AsM() const;
  Item& MutableM();
  const std::vector<AttributeValue>& AsL() const;
  std::vector<AttributeValue>& MutableL();
  const std::vector<std::string>& AsSS() const;
  const std::vector<std::string>& AsNS() const;
  const std::vector<std::string>& AsBS() const;

  // Size in bytes as DynamoDB accounts it toward the 400 KB item limit (names excluded;
  // see ItemSize for whole items).
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
  std::size_t ApproximateSize() const;

  // Same type and content. Sets (SS, NS, BS) compare as multisets, ignoring order, since
  // DynamoDB does not keep set order; N and NS members compare as decimal strings, so
  // N("1") != N("1.0"). Lists are ordered; maps compare by name.
  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

  // "S", "N", ..., "BS": the wire name of a type.
  static std::string_view TypeName(Type type);

 private:
  using Storage = std::variant<std::monostate,             // NULL
                               bool,                       // BOOL
                               std::string,                // S, N, B
                               std::vector<std::string>,   // SS, NS, BS
                               std::vector<AttributeValue>,  // L
                               Item>;                      // M
  AttributeValue(Type type, Storage storage) : type_(type), storage_(std::move(storage)) {}

  Type type_ = Type::kNull;
  Storage storage_;
};

// True if `text` is a number DynamoDB accepts: optional sign, digits with optional
// fraction and exponent, at most 38 significant digits, magnitude within 1E-130..1E+126.
bool IsValidNumber(std::string_view text);

// Approximate stored size of an item: attribute names plus values.
std::size_t ItemSize(const Item& item);

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_ATTRIBUTE_VALUE_H_
