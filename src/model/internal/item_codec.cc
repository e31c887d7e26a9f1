// Typed attribute reading and writing for the entity mappings.
#include "model/internal/item_codec.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "model/limits.h"

namespace homeboard::model::internal {

using ddb::AttributeValue;

void PutString(ddb::Item& item, std::string_view name, std::string value) {
  item.insert_or_assign(std::string(name), AttributeValue::S(std::move(value)));
}

void PutStringIfNotEmpty(ddb::Item& item, std::string_view name, std::string value) {
  if (!value.empty()) PutString(item, name, std::move(value));
}

void PutOptionalString(ddb::Item& item, std::string_view name,
                       const std::optional<std::string>& value) {
  if (value) PutStringIfNotEmpty(item, name, *value);
}

void PutInteger(ddb::Item& item, std::string_view name, std::int64_t value) {
  item.insert_or_assign(std::string(name), AttributeValue::N(value));
}

void PutOptionalInteger(ddb::Item& item, std::string_view name,
                        const std::optional<std::int64_t>& value) {
  if (value) PutInteger(item, name, *value);
}

void PutBool(ddb::Item& item, std::string_view name, bool value) {
  item.insert_or_assign(std::string(name), AttributeValue::Bool(value));
}

void PutStringSet(ddb::Item& item, std::string_view name, std::vector<std::string> values) {
  if (values.empty()) return;
  std::sort(values.begin(), values.end());
  item.insert_or_assign(std::string(name), AttributeValue::SS(std::move(values)));
}

void PutMapIfNotEmpty(ddb::Item& item, std::string_view name, ddb::Item value) {
  if (value.empty()) return;
  item.insert_or_assign(std::string(name), AttributeValue::M(std::move(value)));
}

std::optional<std::int64_t> ParseCanonicalInteger(std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
  if (negative && digits == "0") return std::nullopt;
  std::uint64_t magnitude = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    magnitude = magnitude * 10 + static_cast<std::uint64_t>(c - '0');  // 19 digits fit
  }
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (magnitude > kMax + (negative ? 1 : 0)) return std::nullopt;
  if (negative) return static_cast<std::int64_t>(0 - magnitude);
  return static_cast<std::int64_t>(magnitude);
}

const AttributeValue* ItemReader::Find(std::string_view name, AttributeValue::Type type,
                                       bool required) {
  // The attribute after the last one found, when reads come in name order: one equality
  // test (a size comparison, usually) instead of a search of the tree.
  auto it = last_found_ == item_.end() ? item_.begin() : std::next(last_found_);
  if (it == item_.end() || it->first != name) it = item_.find(name);
  if (it == item_.end()) {
    if (required) Fail(name, "attribute is missing from the item");
    return nullptr;
  }
  if (it->second.type() != type) {
    Fail(name,
         fmt::format("attribute has type {}, expected {}",
                     AttributeValue::TypeName(it->second.type()), AttributeValue::TypeName(type)));
    return nullptr;
  }
  last_found_ = it;
  return &it->second;
}

void ItemReader::Fail(std::string_view name, std::string_view detail) {
  if (!error_) error_ = Invalid(name, rule::kCorrupt, detail);
}

std::string ItemReader::String(std::string_view name) {
  const AttributeValue* value = Find(name, AttributeValue::Type::kS, /*required=*/true);
  return value ? value->AsS() : std::string();
}

std::optional<std::string> ItemReader::OptionalString(std::string_view name) {
  const AttributeValue* value = Find(name, AttributeValue::Type::kS, /*required=*/false);
  if (!value || value->AsS().empty()) return std::nullopt;
  return value->AsS();
}

std::string ItemReader::StringOrEmpty(std::string_view name) {
  return OptionalString(name).value_or(std::string());
}

std::int64_t ItemReader::Integer(std::string_view name) {
  auto value = OptionalInteger(name);
  if (!value && ok()) Fail(name, "attribute is missing from the item");
  return value.value_or(0);
}

std::optional<std::int64_t> ItemReader::OptionalInteger(std::string_view name) {
  const AttributeValue* value = Find(name, AttributeValue::Type::kN, /*required=*/false);
  if (!value) return std::nullopt;
  auto parsed = ParseCanonicalInteger(value->AsN());
  if (!parsed) {
    Fail(name, fmt::format("number \"{}\" is not a 64-bit integer", value->AsN().substr(0, 50)));
  }
  return parsed;
}

bool ItemReader::BoolOr(std::string_view name, bool absent_value) {
  const AttributeValue* value = Find(name, AttributeValue::Type::kBool, /*required=*/false);
  return value ? value->AsBool() : absent_value;
}

std::vector<std::string> ItemReader::StringSet(std::string_view name) {
  const AttributeValue* value = Find(name, AttributeValue::Type::kSS, /*required=*/false);
  if (!value) return {};
  std::vector<std::string> values = value->AsSS();
  // SQLite keeps the order ToItem wrote (sorted); DynamoDB does not.
  if (!std::is_sorted(values.begin(), values.end())) std::sort(values.begin(), values.end());
  return values;
}

ddb::Item ItemReader::Map(std::string_view name) {
  const AttributeValue* value = Find(name, AttributeValue::Type::kM, /*required=*/false);
  return value ? value->AsM() : ddb::Item();
}

Status ValidateVersion(std::int64_t version) {
  if (version < 1 || version > kMaxVersion) {
    return Invalid("version", rule::kRange,
                   fmt::format("must be between 1 and {} (got {})", kMaxVersion, version));
  }
  return {};
}

Status ValidateEpochSeconds(std::int64_t seconds, std::string_view field) {
  if (seconds < 0 || seconds > kMaxEpochSeconds) {
    return Invalid(
        field, rule::kRange,
        fmt::format("must be epoch seconds between 0 and {} (got {})", kMaxEpochSeconds, seconds));
  }
  return {};
}

}  // namespace homeboard::model::internal
