// DynamoDB JSON encoding of values, request-side validation, and decimal-number analysis.
// Validation builds attribute paths only when it fails: the recursion carries a chain of
// stack-allocated path nodes that is rendered into text for the error message alone.
#include "ddb/internal/value_codec.h"

#include <algorithm>
#include <string>
#include <vector>

#include "ddb/internal/crypto.h"

namespace homeboard::ddb::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Exponents are accumulated up to this bound and then stop growing: far beyond any
// valid DynamoDB exponent, far below int64 overflow even after adding digit positions.
constexpr std::int64_t kExponentClamp = 1'000'000'000'000'000;  // 1e15

// Positions found while scanning a decimal string.
struct NumberScan {
  NumberInfo info;
  std::size_t int_begin = 0, int_end = 0;    // integer digits [int_begin, int_end)
  std::size_t frac_begin = 0, frac_end = 0;  // fraction digits [frac_begin, frac_end)
  std::size_t first = 0, last = 0;           // first and last non-zero digit (if !zero)
};

NumberScan ScanNumber(std::string_view text) {
  NumberScan scan;
  const std::size_t n = text.size();
  std::size_t i = 0;
  if (i < n && (text[i] == '+' || text[i] == '-')) {
    scan.info.negative = text[i] == '-';
    ++i;
  }
  scan.int_begin = i;
  while (i < n && IsDigit(text[i])) ++i;
  scan.int_end = i;
  scan.frac_begin = scan.frac_end = i;
  if (i < n && text[i] == '.') {
    ++i;
    scan.frac_begin = i;
    while (i < n && IsDigit(text[i])) ++i;
    scan.frac_end = i;
  }
  if (scan.int_begin == scan.int_end && scan.frac_begin == scan.frac_end) return scan;
  std::int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    const std::size_t exponent_begin = i;
    while (i < n && IsDigit(text[i])) {
      if (exponent < kExponentClamp) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exponent_begin) return scan;
    if (exponent_negative) exponent = -exponent;
  }
  if (i != n) return scan;
  scan.info.syntax_ok = true;

  // First and last non-zero digits, over the integer digits followed by the fraction.
  bool found = false;
  for (std::size_t j = scan.int_begin; j < scan.int_end && !found; ++j) {
    if (text[j] != '0') scan.first = j, found = true;
  }
  for (std::size_t j = scan.frac_begin; j < scan.frac_end && !found; ++j) {
    if (text[j] != '0') scan.first = j, found = true;
  }
  if (!found) {
    scan.info.zero = true;
    return scan;
  }
  found = false;
  for (std::size_t j = scan.frac_end; j > scan.frac_begin && !found; --j) {
    if (text[j - 1] != '0') scan.last = j - 1, found = true;
  }
  for (std::size_t j = scan.int_end; j > scan.int_begin && !found; --j) {
    if (text[j - 1] != '0') scan.last = j - 1, found = true;
  }

  const bool first_in_int = scan.first < scan.int_end;
  const bool last_in_int = scan.last < scan.int_end;
  if (first_in_int == last_in_int) {
    scan.info.significant_digits = static_cast<std::int64_t>(scan.last - scan.first + 1);
  } else {  // first in the integer part, last in the fraction: skip the '.'
    scan.info.significant_digits = static_cast<std::int64_t>(
        (scan.int_end - scan.first) + (scan.last - scan.frac_begin + 1));
  }
  std::int64_t adjusted;
  if (first_in_int) {
    adjusted = static_cast<std::int64_t>(scan.int_end - 1 - scan.first) + exponent;
  } else {
    adjusted = exponent - static_cast<std::int64_t>(scan.first - scan.frac_begin + 1);
  }
  // Saturate, so that the canonical form of an absurd exponent analyses to itself.
  scan.info.adjusted_exponent = std::clamp(adjusted, -kExponentClamp, kExponentClamp);
  return scan;
}

// ---------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------

// One step of an attribute path, linked towards the root; lives on the stack of the
// recursion that visits the value.
struct PathNode {
  const PathNode* parent;
  std::string_view key;  // map key, when !is_index
  std::size_t index;     // list index, when is_index
  bool is_index;
};

// Longest piece of a name quoted in messages.
constexpr std::size_t kMaxNameInMessage = 80;

std::string RenderPath(std::string_view root, const PathNode* node) {
  std::vector<const PathNode*> chain;
  for (; node != nullptr; node = node->parent) chain.push_back(node);
  std::string path = PrintableSnippet(root, kMaxNameInMessage);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if ((*it)->is_index) {
      path += '[';
      path += std::to_string((*it)->index);
      path += ']';
    } else {
      path += '.';
      path += PrintableSnippet((*it)->key, kMaxNameInMessage);
    }
  }
  return path;
}

Error Invalid(std::string_view root, const PathNode* node, std::string_view problem) {
  std::string message = "attribute \"";
  message += RenderPath(root, node);
  message += "\": ";
  message += problem;
  return Error(errc::kInvalidArgument, std::move(message));
}

// Empty string if `text` is an acceptable number, else why not.
std::string NumberProblem(std::string_view text) {
  const NumberInfo info = AnalyzeNumber(text);
  if (info.InRange()) return "";
  std::string quoted = "\"" + PrintableSnippet(text, kMaxNameInMessage) + "\"";
  if (!info.syntax_ok) return "invalid number " + quoted;
  if (info.significant_digits > kMaxNumberDigits) {
    return "number " + quoted + " has more than 38 significant digits";
  }
  return "number " + quoted +
         " is out of DynamoDB's range (magnitude 1E-130 to 9.99...E+125, or zero)";
}

// Index of a duplicate in `members` (compared as given), or -1.
std::ptrdiff_t FindDuplicate(const std::vector<std::string_view>& members) {
  std::vector<std::size_t> order(members.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return members[a] < members[b]; });
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (members[order[i]] == members[order[i - 1]]) {
      return static_cast<std::ptrdiff_t>(std::max(order[i], order[i - 1]));
    }
  }
  return -1;
}

Status CheckSet(const std::vector<std::string>& members, AttributeValue::Type type,
                std::string_view root, const PathNode* node) {
  const std::string_view kind = type == AttributeValue::Type::kSS   ? "string set"
                                : type == AttributeValue::Type::kNS ? "number set"
                                                                    : "binary set";
  if (members.empty()) {
    return Invalid(root, node, std::string(kind) + " is empty (DynamoDB rejects empty sets)");
  }
  std::vector<std::string> canonical;  // NS only: duplicates are numeric duplicates
  std::vector<std::string_view> keys;
  keys.reserve(members.size());
  if (type == AttributeValue::Type::kNS) canonical.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::string& member = members[i];
    if (type == AttributeValue::Type::kSS && !IsValidUtf8(member)) {
      return Invalid(root, node,
                     "string set member " + std::to_string(i) + " is not valid UTF-8");
    }
    if (type == AttributeValue::Type::kNS) {
      if (std::string problem = NumberProblem(member); !problem.empty()) {
        return Invalid(root, node,
                       "number set member " + std::to_string(i) + ": " + problem);
      }
      canonical.push_back(CanonicalNumber(member));
    }
  }
  if (type == AttributeValue::Type::kNS) {
    keys.assign(canonical.begin(), canonical.end());
  } else {
    keys.assign(members.begin(), members.end());
  }
  if (const std::ptrdiff_t duplicate = FindDuplicate(keys); duplicate >= 0) {
    std::string problem = std::string(kind) + " has duplicate members (member " +
                          std::to_string(duplicate);
    if (type != AttributeValue::Type::kBS) {
      problem += ", \"" +
                 PrintableSnippet(members[static_cast<std::size_t>(duplicate)],
                                  kMaxNameInMessage) +
                 "\"";
    }
    problem += "); DynamoDB rejects sets with duplicates";
    return Invalid(root, node, problem);
  }
  return OkStatus();
}

Status Check(const AttributeValue& value, int level, std::string_view root,
             const PathNode* node) {
  if (level > kMaxWriteNestingLevel) {
    return Invalid(root, node,
                   "nested more than 32 levels deep (DynamoDB's limit for documents)");
  }
  switch (value.type()) {
    case AttributeValue::Type::kS:
      if (!IsValidUtf8(value.AsS())) return Invalid(root, node, "string is not valid UTF-8");
      return OkStatus();
    case AttributeValue::Type::kN:
      if (std::string problem = NumberProblem(value.AsN()); !problem.empty()) {
        return Invalid(root, node, problem);
      }
      return OkStatus();
    case AttributeValue::Type::kB:
    case AttributeValue::Type::kBool:
    case AttributeValue::Type::kNull:
      return OkStatus();
    case AttributeValue::Type::kM:
      for (const auto& [key, member] : value.AsM()) {
        const PathNode child{node, key, 0, false};
        if (!IsValidUtf8(key)) return Invalid(root, &child, "map key is not valid UTF-8");
        // DynamoDB rejects empty names at every level ("Empty attribute name").
        if (key.empty()) return Invalid(root, &child, "map key is empty");
        if (Status status = Check(member, level + 1, root, &child); !status.ok()) {
          return status;
        }
      }
      return OkStatus();
    case AttributeValue::Type::kL: {
      const auto& list = value.AsL();
      for (std::size_t i = 0; i < list.size(); ++i) {
        const PathNode child{node, {}, i, true};
        if (Status status = Check(list[i], level + 1, root, &child); !status.ok()) {
          return status;
        }
      }
      return OkStatus();
    }
    case AttributeValue::Type::kSS:
      return CheckSet(value.AsSS(), value.type(), root, node);
    case AttributeValue::Type::kNS:
      return CheckSet(value.AsNS(), value.type(), root, node);
    case AttributeValue::Type::kBS:
      return CheckSet(value.AsBS(), value.type(), root, node);
  }
  return Invalid(root, node, "unknown attribute value type");
}

void WriteStrings(JsonWriter& writer, const std::vector<std::string>& members) {
  writer.BeginArray();
  for (const std::string& member : members) writer.String(member);
  writer.EndArray();
}

}  // namespace

NumberInfo AnalyzeNumber(std::string_view text) { return ScanNumber(text).info; }

std::string CanonicalNumber(std::string_view text) {
  const NumberScan scan = ScanNumber(text);
  if (!scan.info.syntax_ok || scan.info.zero) return "0";
  std::string out;
  out.reserve(static_cast<std::size_t>(scan.info.significant_digits) + 8);
  if (scan.info.negative) out.push_back('-');
  out.push_back(text[scan.first]);
  if (scan.last > scan.first) {
    out.push_back('.');
    for (std::size_t j = scan.first + 1; j <= scan.last; ++j) {
      if (IsDigit(text[j])) out.push_back(text[j]);  // skips the input's '.'
    }
  }
  out.push_back('E');
  out += std::to_string(scan.info.adjusted_exponent);
  return out;
}

void WriteValue(JsonWriter& writer, const AttributeValue& value) {
  writer.BeginObject();
  switch (value.type()) {
    case AttributeValue::Type::kS:
      writer.Key("S");
      writer.String(value.AsS());
      break;
    case AttributeValue::Type::kN:
      writer.Key("N");
      writer.String(value.AsN());
      break;
    case AttributeValue::Type::kB:
      writer.Key("B");
      writer.String(Base64Encode(value.AsB()));
      break;
    case AttributeValue::Type::kBool:
      writer.Key("BOOL");
      writer.Bool(value.AsBool());
      break;
    case AttributeValue::Type::kNull:
      writer.Key("NULL");
      writer.Bool(true);
      break;
    case AttributeValue::Type::kM:
      writer.Key("M");
      WriteItem(writer, value.AsM());
      break;
    case AttributeValue::Type::kL:
      writer.Key("L");
      writer.BeginArray();
      for (const AttributeValue& element : value.AsL()) WriteValue(writer, element);
      writer.EndArray();
      break;
    case AttributeValue::Type::kSS:
      writer.Key("SS");
      WriteStrings(writer, value.AsSS());
      break;
    case AttributeValue::Type::kNS:
      writer.Key("NS");
      WriteStrings(writer, value.AsNS());
      break;
    case AttributeValue::Type::kBS:
      writer.Key("BS");
      writer.BeginArray();
      for (const std::string& member : value.AsBS()) writer.String(Base64Encode(member));
      writer.EndArray();
      break;
  }
  writer.EndObject();
}

void WriteItem(JsonWriter& writer, const Item& item) {
  writer.BeginObject();
  for (const auto& [name, value] : item) {
    writer.Key(name);
    WriteValue(writer, value);
  }
  writer.EndObject();
}

std::string EncodeValueJson(const AttributeValue& value) {
  JsonWriter writer;
  WriteValue(writer, value);
  return writer.Release();
}

std::string EncodeItemJson(const Item& item) {
  JsonWriter writer;
  WriteItem(writer, item);
  return writer.Release();
}

Status ValidateForWrite(const AttributeValue& value, std::string_view path) {
  return Check(value, 1, path, nullptr);
}

Status ValidateItemForWrite(const Item& item) {
  for (const auto& [name, value] : item) {
    if (name.empty()) {
      return Error(errc::kInvalidArgument,
                   "attribute name is empty (DynamoDB requires at least one character)");
    }
    if (!IsValidUtf8(name)) {
      return Error(errc::kInvalidArgument,
                   "attribute \"" + PrintableSnippet(name, kMaxNameInMessage) +
                       "\": name is not valid UTF-8");
    }
    if (Status status = ValidateForWrite(value, name); !status.ok()) return status;
  }
  return OkStatus();
}

}  // namespace homeboard::ddb::internal
