// AttributeValue factories, accessors, equality and DynamoDB's size accounting.
//
// Equality is exact for scalars (N compares the decimal strings, so "1" != "1.0") and
// order-insensitive for sets: SS, NS and BS are equal when they hold the same members as
// strings (a multiset comparison), because DynamoDB does not preserve set order.
#include "ddb/attribute_value.h"

#include <algorithm>
#include <cassert>
#include <string>
#include <utility>

#include "ddb/internal/value_codec.h"

namespace homeboard::ddb {
namespace {

// Same members, any order.
bool SameMembers(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;  // the common case: same order
  std::vector<std::string_view> sorted_a(a.begin(), a.end());
  std::vector<std::string_view> sorted_b(b.begin(), b.end());
  std::sort(sorted_a.begin(), sorted_a.end());
  std::sort(sorted_b.begin(), sorted_b.end());
  return sorted_a == sorted_b;
}

// (1 byte per two significant digits) + 1, per the developer guide. Strings that are not
// numbers at all are charged as if every character were a digit.
std::size_t NumberSize(std::string_view decimal) {
  const internal::NumberInfo info = internal::AnalyzeNumber(decimal);
  const std::size_t digits =
      info.syntax_ok ? static_cast<std::size_t>(info.significant_digits) : decimal.size();
  return (digits + 1) / 2 + 1;
}

}  // namespace

AttributeValue AttributeValue::S(std::string value) {
  return AttributeValue(Type::kS, Storage(std::in_place_type<std::string>, std::move(value)));
}

AttributeValue AttributeValue::N(std::string decimal) {
  return AttributeValue(Type::kN, Storage(std::in_place_type<std::string>, std::move(decimal)));
}

AttributeValue AttributeValue::N(std::int64_t value) { return N(std::to_string(value)); }

AttributeValue AttributeValue::B(std::string bytes) {
  return AttributeValue(Type::kB, Storage(std::in_place_type<std::string>, std::move(bytes)));
}

AttributeValue AttributeValue::Bool(bool value) {
  return AttributeValue(Type::kBool, Storage(std::in_place_type<bool>, value));
}

AttributeValue AttributeValue::Null() { return AttributeValue(); }

AttributeValue AttributeValue::M(Item value) {
  return AttributeValue(Type::kM, Storage(std::in_place_type<Item>, std::move(value)));
}

AttributeValue AttributeValue::L(std::vector<AttributeValue> value) {
  return AttributeValue(
      Type::kL, Storage(std::in_place_type<std::vector<AttributeValue>>, std::move(value)));
}

AttributeValue AttributeValue::SS(std::vector<std::string> value) {
  return AttributeValue(
      Type::kSS, Storage(std::in_place_type<std::vector<std::string>>, std::move(value)));
}

AttributeValue AttributeValue::NS(std::vector<std::string> decimals) {
  return AttributeValue(
      Type::kNS, Storage(std::in_place_type<std::vector<std::string>>, std::move(decimals)));
}

AttributeValue AttributeValue::BS(std::vector<std::string> bytes) {
  return AttributeValue(
      Type::kBS, Storage(std::in_place_type<std::vector<std::string>>, std::move(bytes)));
}

const std::string& AttributeValue::AsS() const {
  assert(type_ == Type::kS);
  return std::get<std::string>(storage_);
}

const std::string& AttributeValue::AsN() const {
  assert(type_ == Type::kN);
  return std::get<std::string>(storage_);
}

const std::string& AttributeValue::AsB() const {
  assert(type_ == Type::kB);
  return std::get<std::string>(storage_);
}

bool AttributeValue::AsBool() const {
  assert(type_ == Type::kBool);
  return std::get<bool>(storage_);
}

const Item& AttributeValue::AsM() const {
  assert(type_ == Type::kM);
  return std::get<Item>(storage_);
}

Item& AttributeValue::MutableM() {
  assert(type_ == Type::kM);
  return std::get<Item>(storage_);
}

const std::vector<AttributeValue>& AttributeValue::AsL() const {
  assert(type_ == Type::kL);
  return std::get<std::vector<AttributeValue>>(storage_);
}

std::vector<AttributeValue>& AttributeValue::MutableL() {
  assert(type_ == Type::kL);
  return std::get<std::vector<AttributeValue>>(storage_);
}

const std::vector<std::string>& AttributeValue::AsSS() const {
  assert(type_ == Type::kSS);
  return std::get<std::vector<std::string>>(storage_);
}

const std::vector<std::string>& AttributeValue::AsNS() const {
  assert(type_ == Type::kNS);
  return std::get<std::vector<std::string>>(storage_);
}

const std::vector<std::string>& AttributeValue::AsBS() const {
  assert(type_ == Type::kBS);
  return std::get<std::vector<std::string>>(storage_);
}

std::size_t AttributeValue::ApproximateSize() const {
  switch (type_) {
    case Type::kS:
    case Type::kB:
      return std::get<std::string>(storage_).size();
    case Type::kN:
      return NumberSize(std::get<std::string>(storage_));
    case Type::kBool:
    case Type::kNull:
      return 1;
    case Type::kM: {
      // 3 bytes for the map, then per member its name, its value and 1 byte.
      std::size_t size = 3;
      for (const auto& [name, value] : std::get<Item>(storage_)) {
        size += name.size() + value.ApproximateSize() + 1;
      }
      return size;
    }
    case Type::kL: {
      std::size_t size = 3;
      for (const AttributeValue& element : std::get<std::vector<AttributeValue>>(storage_)) {
        size += element.ApproximateSize() + 1;
      }
      return size;
    }
    case Type::kSS:
    case Type::kBS: {
      std::size_t size = 0;
      for (const std::string& member : std::get<std::vector<std::string>>(storage_)) {
        size += member.size();
      }
      return size;
    }
    case Type::kNS: {
      std::size_t size = 0;
      for (const std::string& member : std::get<std::vector<std::string>>(storage_)) {
        size += NumberSize(member);
      }
      return size;
    }
  }
  return 0;
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case AttributeValue::Type::kS:
    case AttributeValue::Type::kN:
    case AttributeValue::Type::kB:
      return std::get<std::string>(a.storage_) == std::get<std::string>(b.storage_);
    case AttributeValue::Type::kBool:
      return std::get<bool>(a.storage_) == std::get<bool>(b.storage_);
    case AttributeValue::Type::kNull:
      return true;
    case AttributeValue::Type::kM:
      return std::get<Item>(a.storage_) == std::get<Item>(b.storage_);
    case AttributeValue::Type::kL:
      return std::get<std::vector<AttributeValue>>(a.storage_) ==
             std::get<std::vector<AttributeValue>>(b.storage_);
    case AttributeValue::Type::kSS:
    case AttributeValue::Type::kNS:
    case AttributeValue::Type::kBS:
      return SameMembers(std::get<std::vector<std::string>>(a.storage_),
                         std::get<std::vector<std::string>>(b.storage_));
  }
  return false;
}

std::string_view AttributeValue::TypeName(Type type) {
  switch (type) {
    case Type::kS: return "S";
    case Type::kN: return "N";
    case Type::kB: return "B";
    case Type::kBool: return "BOOL";
    case Type::kNull: return "NULL";
    case Type::kM: return "M";
    case Type::kL: return "L";
    case Type::kSS: return "SS";
    case Type::kNS: return "NS";
    case Type::kBS: return "BS";
  }
  return "?";
}

bool IsValidNumber(std::string_view text) { return internal::AnalyzeNumber(text).InRange(); }

std::size_t ItemSize(const Item& item) {
  std::size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + value.ApproximateSize();
  return size;
}

}  // namespace homeboard::ddb
