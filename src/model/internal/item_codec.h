// Helpers for the entities' explicit item mapping: writing typed attributes (omitting empty
// optional ones, as docs/data-model.md requires) and reading them back with errors of rule
// "corrupt" that name the attribute. Also the shared field checks (version, epoch seconds).
#ifndef HOMEBOARD_MODEL_INTERNAL_ITEM_CODEC_H_
#define HOMEBOARD_MODEL_INTERNAL_ITEM_CODEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/error.h"

// Returns the Status of `expr` from the enclosing Status-returning function if it failed.
#define HOMEBOARD_RETURN_IF_INVALID(expr)                     \
  do {                                                        \
    if (auto status_ = (expr); !status_.ok()) return status_; \
  } while (0)

namespace homeboard::model::internal {

// Writers. Names are copied into the item.
void PutString(ddb::Item& item, std::string_view name, std::string value);
// Omitted when empty.
void PutStringIfNotEmpty(ddb::Item& item, std::string_view name, std::string value);
void PutOptionalString(ddb::Item& item, std::string_view name,
                       const std::optional<std::string>& value);
void PutInteger(ddb::Item& item, std::string_view name, std::int64_t value);
void PutOptionalInteger(ddb::Item& item, std::string_view name,
                        const std::optional<std::int64_t>& value);
void PutBool(ddb::Item& item, std::string_view name, bool value);
// Sorted; omitted when empty (DynamoDB rejects empty sets).
void PutStringSet(ddb::Item& item, std::string_view name, std::vector<std::string> values);
// Omitted when empty.
void PutMapIfNotEmpty(ddb::Item& item, std::string_view name, ddb::Item value);

// The value of a canonical decimal integer as DynamoDB returns numbers: optional '-', no
// leading zeros, no '+', fraction or exponent, within int64. nullopt otherwise.
std::optional<std::int64_t> ParseCanonicalInteger(std::string_view text);

// Reads attributes of one item, remembering the first problem; every getter returns a
// harmless default after a problem, so FromItem can read everything and check ok() once.
// Attributes the reader is not asked about are ignored (items written by a newer version
// stay readable). Any order of reads works; reading in name order (the item's order) is
// cheapest, since the reader tries the attribute after the last one found before it
// searches, so a hot FromItem reads its attributes alphabetically.
class ItemReader {
 public:
  explicit ItemReader(const ddb::Item& item) : item_(item) {}

  // Required S ("corrupt" if absent or not S).
  std::string String(std::string_view name);
  // Optional S: nullopt if absent or empty.
  std::optional<std::string> OptionalString(std::string_view name);
  // Optional S: "" if absent.
  std::string StringOrEmpty(std::string_view name);
  // Required N holding a canonical integer.
  std::int64_t Integer(std::string_view name);
  std::optional<std::int64_t> OptionalInteger(std::string_view name);
  // Optional BOOL.
  bool BoolOr(std::string_view name, bool absent_value);
  // Optional SS, sorted (DynamoDB does not keep set order); empty if absent.
  std::vector<std::string> StringSet(std::string_view name);
  // Optional M; empty if absent.
  ddb::Item Map(std::string_view name);

  // Records a problem found by the caller (e.g. a malformed key prefix).
  void Fail(std::string_view name, std::string_view detail);

  bool ok() const { return !error_.has_value(); }
  // Precondition: !ok().
  const ValidationError& error() const { return *error_; }

 private:
  // The attribute if present with `type`; records a problem if present with another type,
  // or if absent and `required`.
  const ddb::AttributeValue* Find(std::string_view name, ddb::AttributeValue::Type type,
                                  bool required);

  const ddb::Item& item_;
  // The attribute found last (end() before the first): where the next search starts.
  ddb::Item::const_iterator last_found_ = item_.end();
  std::optional<ValidationError> error_;
};

// Shared field rules.
[[nodiscard]] Status ValidateVersion(std::int64_t version);  // 1..kMaxVersion
[[nodiscard]] Status ValidateEpochSeconds(std::int64_t seconds, std::string_view field);

}  // namespace homeboard::model::internal

#endif  // HOMEBOARD_MODEL_INTERNAL_ITEM_CODEC_H_
