// The binary item format described in item_format.h.
#include "store/sqlite/item_format.h"

#include <fmt/format.h>

#include <cstdint>

#include "store/sqlite/number.h"

namespace homeboard::store::sqlite {
namespace {

constexpr char kFormatVersion = 0x01;
// DynamoDB allows 32 levels; a little slack so a valid item is never refused.
constexpr int kMaxDecodeDepth = 40;

void PutVarint(std::uint64_t n, std::string& out) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

void PutBytes(std::string_view bytes, std::string& out) {
  PutVarint(bytes.size(), out);
  out.append(bytes);
}

void PutValue(const AttributeValue& value, std::string& out) {
  using Type = AttributeValue::Type;
  out.push_back(static_cast<char>(value.type()));
  switch (value.type()) {
    case Type::kS:
      PutBytes(value.AsS(), out);
      break;
    case Type::kN:
      PutBytes(value.AsN(), out);
      break;
    case Type::kB:
      PutBytes(value.AsB(), out);
      break;
    case Type::kBool:
      out.push_back(value.AsBool() ? 1 : 0);
      break;
    case Type::kNull:
      break;
    case Type::kM:
      PutVarint(value.AsM().size(), out);
      for (const auto& [name, element] : value.AsM()) {
        PutBytes(name, out);
        PutValue(element, out);
      }
      break;
    case Type::kL:
      PutVarint(value.AsL().size(), out);
      for (const AttributeValue& element : value.AsL()) PutValue(element, out);
      break;
    case Type::kSS:
    case Type::kNS:
    case Type::kBS: {
      const std::vector<std::string>& members = value.IsSS()   ? value.AsSS()
                                                : value.IsNS() ? value.AsNS()
                                                               : value.AsBS();
      PutVarint(members.size(), out);
      for (const std::string& member : members) PutBytes(member, out);
      break;
    }
  }
}

// Reads from `bytes`, remembering the first problem.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool Varint(std::uint64_t& n) {
    n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) return Fail("truncated length");
      auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return Fail("overlong length");
  }

  bool Count(std::uint64_t& n) {
    // Every element takes at least one byte, which bounds counts by what is left.
    if (!Varint(n)) return false;
    if (n > bytes_.size() - pos_) return Fail("count past the end");
    return true;
  }

  bool Bytes(std::string& out) {
    std::uint64_t n = 0;
    if (!Varint(n)) return false;
    if (n > bytes_.size() - pos_) return Fail("truncated bytes");
    out.assign(bytes_.substr(pos_, n));
    pos_ += n;
    return true;
  }

  bool Byte(unsigned char& out) {
    if (pos_ >= bytes_.size()) return Fail("truncated value");
    out = static_cast<unsigned char>(bytes_[pos_++]);
    return true;
  }

  bool Value(AttributeValue& out, int depth) {
    using Type = AttributeValue::Type;
    if (depth > kMaxDecodeDepth) return Fail("nested too deeply");
    unsigned char tag = 0;
    if (!Byte(tag)) return false;
    switch (static_cast<Type>(tag)) {
      case Type::kS:
      case Type::kN:
      case Type::kB: {
        std::string text;
        if (!Bytes(text)) return false;
        out = tag == static_cast<unsigned char>(Type::kS)   ? AttributeValue::S(std::move(text))
              : tag == static_cast<unsigned char>(Type::kN) ? AttributeValue::N(std::move(text))
                                                            : AttributeValue::B(std::move(text));
        return true;
      }
      case Type::kBool: {
        unsigned char flag = 0;
        if (!Byte(flag)) return false;
        if (flag > 1) return Fail("bad boolean");
        out = AttributeValue::Bool(flag == 1);
        return true;
      }
      case Type::kNull:
        out = AttributeValue::Null();
        return true;
      case Type::kM: {
        Item map;
        if (!Map(map, depth + 1)) return false;
        out = AttributeValue::M(std::move(map));
        return true;
      }
      case Type::kL: {
        std::uint64_t count = 0;
        if (!Count(count)) return false;
        std::vector<AttributeValue> list(count);
        for (AttributeValue& element : list) {
          if (!Value(element, depth + 1)) return false;
        }
        out = AttributeValue::L(std::move(list));
        return true;
      }
      case Type::kSS:
      case Type::kNS:
      case Type::kBS: {
        std::uint64_t count = 0;
        if (!Count(count)) return false;
        std::vector<std::string> members(count);
        for (std::string& member : members) {
          if (!Bytes(member)) return false;
        }
        out = tag == static_cast<unsigned char>(Type::kSS) ? AttributeValue::SS(std::move(members))
              : tag == static_cast<unsigned char>(Type::kNS)
                  ? AttributeValue::NS(std::move(members))
                  : AttributeValue::BS(std::move(members));
        return true;
      }
    }
    return Fail(fmt::format("unknown value type {}", tag));
  }

  bool Map(Item& map, int depth) {
    std::uint64_t count = 0;
    if (!Count(count)) return false;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::string name;
      if (!Bytes(name)) return false;
      AttributeValue value;
      if (!Value(value, depth)) return false;
      // EncodeItem writes names in ascending order, so each one normally goes at the end:
      // with that hint the map compares the name with its last one and appends, without a
      // search of the tree. A name out of order (bytes not written by EncodeItem) makes it
      // search as usual; a repeated name inserts nothing.
      const std::size_t size = map.size();
      map.emplace_hint(map.end(), std::move(name), std::move(value));
      if (map.size() == size) return Fail("duplicate attribute name");
    }
    return true;
  }

  bool AtEnd() const { return pos_ == bytes_.size(); }
  const std::string& problem() const { return problem_; }

 private:
  bool Fail(std::string problem) {
    if (problem_.empty()) problem_ = fmt::format("{} at byte {}", problem, pos_);
    return false;
  }

  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::string problem_;
};

std::vector<std::string> NormalizedMembers(const std::vector<std::string>& members) {
  std::vector<std::string> normalized;
  normalized.reserve(members.size());
  for (const std::string& member : members) normalized.push_back(NormalizeNumber(member));
  return normalized;
}

}  // namespace

std::string EncodeItem(const Item& item) {
  std::string out;
  out.push_back(kFormatVersion);
  PutVarint(item.size(), out);
  for (const auto& [name, value] : item) {
    PutBytes(name, out);
    PutValue(value, out);
  }
  return out;
}

Result<Item> DecodeItem(std::string_view bytes) {
  if (bytes.empty() || bytes[0] != kFormatVersion) {
    return Error{.code = Error::Code::kCorrupt,
                 .message = "stored item has an unknown format version"};
  }
  Reader reader(bytes.substr(1));
  Item item;
  if (!reader.Map(item, 1) || !reader.AtEnd()) {
    return Error{
        .code = Error::Code::kCorrupt,
        .message = "stored item is corrupt: " +
                   (reader.problem().empty() ? std::string("trailing bytes") : reader.problem())};
  }
  return item;
}

std::string EncodeKeyValue(const AttributeValue& value) {
  if (value.IsS()) return value.AsS();
  if (value.IsB()) return value.AsB();
  if (value.IsN()) return NumberSortKey(value.AsN());
  return std::string();
}

AttributeValue NormalizeNumbers(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeValue::Type::kN:
      return AttributeValue::N(NormalizeNumber(value.AsN()));
    case AttributeValue::Type::kNS:
      return AttributeValue::NS(NormalizedMembers(value.AsNS()));
    case AttributeValue::Type::kM: {
      Item map = value.AsM();
      NormalizeNumbers(map);
      return AttributeValue::M(std::move(map));
    }
    case AttributeValue::Type::kL: {
      std::vector<AttributeValue> list;
      list.reserve(value.AsL().size());
      for (const AttributeValue& element : value.AsL()) list.push_back(NormalizeNumbers(element));
      return AttributeValue::L(std::move(list));
    }
    default:
      return value;
  }
}

void NormalizeNumbers(Item& item) {
  for (auto& [name, value] : item) {
    using Type = AttributeValue::Type;
    if (value.type() == Type::kN || value.type() == Type::kNS || value.type() == Type::kM ||
        value.type() == Type::kL) {
      value = NormalizeNumbers(value);
    }
  }
}

}  // namespace homeboard::store::sqlite
