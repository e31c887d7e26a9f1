// Evaluation of ddb::Condition trees against items; the rules are listed in the header.
#include "store/sqlite/condition_eval.h"

#include <fmt/format.h>

#include <algorithm>

#include "ddb/internal/value_codec.h"
#include "store/request_checks.h"
#include "store/sqlite/number.h"

namespace homeboard::store::sqlite {
namespace {

using Kind = Condition::Kind;
using Comparator = Condition::Comparator;
using Type = AttributeValue::Type;

bool IsOrderable(const AttributeValue& value) { return value.IsS() || value.IsN() || value.IsB(); }

// Precondition: both S, both N or both B.
int CompareScalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.IsN()) return CompareNumbers(a.AsN(), b.AsN());
  int c = a.IsS() ? a.AsS().compare(b.AsS()) : a.AsB().compare(b.AsB());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Length of UTF-8 text in UTF-16 code units: one per code point, two for those outside the
// Basic Multilingual Plane (4-byte UTF-8 sequences).
std::size_t Utf16Length(std::string_view text) {
  std::size_t units = 0;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) ++units;  // not a continuation byte
    if (byte >= 0xF0) ++units;           // lead byte of a 4-byte sequence
  }
  return units;
}

// size(value), or false when the type has no size.
bool SizeOf(const AttributeValue& value, std::size_t& size) {
  switch (value.type()) {
    case Type::kS:
      size = Utf16Length(value.AsS());
      return true;
    case Type::kB:
      size = value.AsB().size();
      return true;
    case Type::kSS:
      size = value.AsSS().size();
      return true;
    case Type::kNS:
      size = value.AsNS().size();
      return true;
    case Type::kBS:
      size = value.AsBS().size();
      return true;
    case Type::kL:
      size = value.AsL().size();
      return true;
    case Type::kM:
      size = value.AsM().size();
      return true;
    default:
      return false;
  }
}

std::vector<std::string> SortedMembers(const std::vector<std::string>& members, bool numbers) {
  std::vector<std::string> sorted;
  sorted.reserve(members.size());
  for (const std::string& member : members) {
    sorted.push_back(numbers ? NormalizeNumber(member) : member);
  }
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

bool IsMember(const std::vector<std::string>& members, const std::string& candidate, bool numbers) {
  return std::any_of(members.begin(), members.end(), [&](const std::string& member) {
    return numbers ? CompareNumbers(member, candidate) == 0 : member == candidate;
  });
}

// The operand's value, or null when absent. size() results live in `scratch`.
const AttributeValue* EvaluateOperand(const ddb::Operand& operand, const Item& item,
                                      AttributeValue& scratch) {
  if (const ddb::Path* path = operand.path()) return ResolvePath(item, *path);
  if (const ddb::Size* size = operand.size()) {
    const AttributeValue* value = ResolvePath(item, size->path());
    std::size_t n = 0;
    if (value == nullptr || !SizeOf(*value, n)) return nullptr;
    scratch = AttributeValue::N(static_cast<std::int64_t>(n));
    return &scratch;
  }
  return operand.value();
}

bool Compare(Comparator comparator, const AttributeValue* a, const AttributeValue* b) {
  bool equal = a != nullptr && b != nullptr && SameValue(*a, *b);
  if (comparator == Comparator::kEqual) return equal;
  if (comparator == Comparator::kNotEqual) return !equal;
  if (a == nullptr || b == nullptr || a->type() != b->type() || !IsOrderable(*a)) return false;
  int c = CompareScalars(*a, *b);
  switch (comparator) {
    case Comparator::kLess:
      return c < 0;
    case Comparator::kLessOrEqual:
      return c <= 0;
    case Comparator::kGreater:
      return c > 0;
    case Comparator::kGreaterOrEqual:
      return c >= 0;
    default:
      return false;
  }
}

bool Contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type()) {
    case Type::kS:
      return needle.IsS() && haystack.AsS().find(needle.AsS()) != std::string::npos;
    case Type::kB:
      return needle.IsB() && haystack.AsB().find(needle.AsB()) != std::string::npos;
    case Type::kSS:
      return needle.IsS() && IsMember(haystack.AsSS(), needle.AsS(), false);
    case Type::kNS:
      return needle.IsN() && IsMember(haystack.AsNS(), needle.AsN(), true);
    case Type::kBS:
      return needle.IsB() && IsMember(haystack.AsBS(), needle.AsB(), false);
    case Type::kL:
      return std::any_of(haystack.AsL().begin(), haystack.AsL().end(),
                         [&](const AttributeValue& element) { return SameValue(element, needle); });
    default:
      return false;
  }
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

Status CheckValue(const AttributeValue& value, std::string_view what) {
  if (ddb::Status s = ddb::internal::ValidateForWrite(value, "expression value"); !s.ok()) {
    return InvalidArgument(fmt::format("{}: {}", what, s.error().message()));
  }
  return {};
}

// The checks DynamoDB makes on a condition that ddb::Render leaves to the service.
Status CheckTree(const Condition& condition, std::string_view what) {
  const std::vector<ddb::Operand>& operands = condition.operands();
  for (const ddb::Operand& operand : operands) {
    if (const AttributeValue* value = operand.value()) {
      if (Status s = CheckValue(*value, what); !s.ok()) return s;
    }
  }
  switch (condition.kind()) {
    case Kind::kBetween: {
      const AttributeValue* low = operands[1].value();
      const AttributeValue* high = operands[2].value();
      if (low != nullptr && high != nullptr && low->IsN() && high->IsN() &&
          CompareNumbers(low->AsN(), high->AsN()) > 0) {
        return InvalidArgument(fmt::format(
            "{}: the BETWEEN operator requires upper bound to be greater than or equal to "
            "lower bound ({} > {})",
            what, low->AsN(), high->AsN()));
      }
      break;
    }
    case Kind::kContains:
      // DynamoDB: "The first operand must be distinct from the remaining operands".
      if (operands[1].path() != nullptr && *operands[1].path() == *operands[0].path()) {
        return InvalidArgument(fmt::format("{}: contains() looks for path {} in itself", what,
                                           operands[0].path()->ToString()));
      }
      break;
    default:
      break;
  }
  for (const Condition& child : condition.children()) {
    if (Status s = CheckTree(child, what); !s.ok()) return s;
  }
  return {};
}

}  // namespace

Status ValidateCondition(const Condition& condition, std::string_view what) {
  if (condition.empty()) return {};
  ddb::ExpressionAliases aliases;
  ddb::Result<std::string> rendered = ddb::Render(condition, aliases);
  if (!rendered.ok()) {
    return InvalidArgument(fmt::format("{}: {}", what, rendered.error().message()));
  }
  return CheckTree(condition, what);
}

const AttributeValue* ResolvePath(const Item& item, const ddb::Path& path) {
  const std::vector<ddb::Path::Segment>& segments = path.segments();
  if (segments.empty() || segments[0].is_index) return nullptr;
  auto top = item.find(segments[0].name);
  if (top == item.end()) return nullptr;
  const AttributeValue* value = &top->second;
  for (std::size_t i = 1; i < segments.size(); ++i) {
    const ddb::Path::Segment& segment = segments[i];
    if (segment.is_index) {
      if (!value->IsL() || segment.index >= value->AsL().size()) return nullptr;
      value = &value->AsL()[segment.index];
    } else {
      if (!value->IsM()) return nullptr;
      auto it = value->AsM().find(segment.name);
      if (it == value->AsM().end()) return nullptr;
      value = &it->second;
    }
  }
  return value;
}

bool SameValue(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Type::kN:
      return CompareNumbers(a.AsN(), b.AsN()) == 0;
    case Type::kNS:
      return a.AsNS().size() == b.AsNS().size() &&
             SortedMembers(a.AsNS(), true) == SortedMembers(b.AsNS(), true);
    case Type::kM: {
      const Item& x = a.AsM();
      const Item& y = b.AsM();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first || !SameValue(i->second, j->second)) return false;
      }
      return true;
    }
    case Type::kL: {
      const std::vector<AttributeValue>& x = a.AsL();
      const std::vector<AttributeValue>& y = b.AsL();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!SameValue(x[i], y[i])) return false;
      }
      return true;
    }
    default:
      // S, B, BOOL, NULL compare by content; SS and BS as multisets (operator==).
      return a == b;
  }
}

bool EvaluateCondition(const Condition& condition, const Item& item) {
  const std::vector<ddb::Operand>& operands = condition.operands();
  switch (condition.kind()) {
    case Kind::kEmpty:
      return true;
    case Kind::kComparison: {
      AttributeValue left_scratch, right_scratch;
      return Compare(condition.comparator(), EvaluateOperand(operands[0], item, left_scratch),
                     EvaluateOperand(operands[1], item, right_scratch));
    }
    case Kind::kBetween: {
      AttributeValue scratch[3];
      const AttributeValue* subject = EvaluateOperand(operands[0], item, scratch[0]);
      const AttributeValue* low = EvaluateOperand(operands[1], item, scratch[1]);
      const AttributeValue* high = EvaluateOperand(operands[2], item, scratch[2]);
      if (subject == nullptr || low == nullptr || high == nullptr) return false;
      if (!IsOrderable(*subject) || subject->type() != low->type() ||
          subject->type() != high->type()) {
        return false;
      }
      return CompareScalars(*low, *subject) <= 0 && CompareScalars(*subject, *high) <= 0;
    }
    case Kind::kIn: {
      AttributeValue scratch;
      const AttributeValue* subject = EvaluateOperand(operands[0], item, scratch);
      if (subject == nullptr) return false;
      for (std::size_t i = 1; i < operands.size(); ++i) {
        AttributeValue candidate_scratch;
        const AttributeValue* candidate = EvaluateOperand(operands[i], item, candidate_scratch);
        if (candidate != nullptr && SameValue(*subject, *candidate)) return true;
      }
      return false;
    }
    case Kind::kAttributeExists:
      return ResolvePath(item, *operands[0].path()) != nullptr;
    case Kind::kAttributeNotExists:
      return ResolvePath(item, *operands[0].path()) == nullptr;
    case Kind::kAttributeType: {
      const AttributeValue* value = ResolvePath(item, *operands[0].path());
      const AttributeValue* type = operands[1].value();
      return value != nullptr && type != nullptr && type->IsS() &&
             AttributeValue::TypeName(value->type()) == type->AsS();
    }
    case Kind::kBeginsWith: {
      const AttributeValue* value = ResolvePath(item, *operands[0].path());
      const AttributeValue* prefix = operands[1].value();
      if (value == nullptr || prefix == nullptr) return false;
      if (value->IsS() && prefix->IsS()) return StartsWith(value->AsS(), prefix->AsS());
      if (value->IsB() && prefix->IsB()) return StartsWith(value->AsB(), prefix->AsB());
      return false;
    }
    case Kind::kContains: {
      const AttributeValue* haystack = ResolvePath(item, *operands[0].path());
      AttributeValue scratch;
      const AttributeValue* needle = EvaluateOperand(operands[1], item, scratch);
      return haystack != nullptr && needle != nullptr && Contains(*haystack, *needle);
    }
    case Kind::kAnd:
      for (const Condition& child : condition.children()) {
        if (!EvaluateCondition(child, item)) return false;
      }
      return true;
    case Kind::kOr:
      for (const Condition& child : condition.children()) {
        if (EvaluateCondition(child, item)) return true;
      }
      return false;
    case Kind::kNot:
      return !EvaluateCondition(condition.children().front(), item);
  }
  return false;
}

}  // namespace homeboard::store::sqlite
