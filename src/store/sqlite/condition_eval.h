// DynamoDB condition semantics in C++, for the SQLite engine: it evaluates the same
// ddb::Condition trees (ConditionExpression, FilterExpression) that the DynamoDB engine
// renders to expression strings.
//
// Rules, as DynamoDB applies them
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html):
//   - A path that does not resolve (missing attribute, missing map key, list index past the
//     end, a field of a non-map) is "absent". `=` with an absent operand is false, `<>` is
//     true, even between two absent operands.
//   - Values of different types are never equal and never ordered: `<`, `<=`, `>`, `>=` and
//     BETWEEN are false unless every operand is present and all are S, all N or all B.
//     S and B order by bytes (UTF-8 bytes for S), N numerically and exactly.
//   - Equality is deep: N numerically, sets as sets (NS numerically), lists in order, maps
//     by key.
//   - size(): S -> length in UTF-16 code units (what DynamoDB counts), B -> bytes, sets,
//     lists and maps -> elements; N, BOOL and NULL have no size, which makes any
//     comparison with it false.
//   - begins_with: S with an S prefix, B with a B prefix; anything else is false.
//   - contains: substring of an S (S operand) or B (B operand), member of a set (operand of
//     the set's element type), element of a list (deep equality).
//   - attribute_type: the value's wire type name.
//
// Thread safety: stateless functions.
#ifndef HOMEBOARD_STORE_SQLITE_CONDITION_EVAL_H_
#define HOMEBOARD_STORE_SQLITE_CONDITION_EVAL_H_

#include <string_view>

#include "store/item_store.h"

namespace homeboard::store::sqlite {

// Checks that DynamoDB would accept `condition`, so the SQLite engine refuses what the
// DynamoDB engine's request would be refused for: whatever ddb::Render refuses, plus the
// checks the service makes itself (values that are not valid DynamoDB values, BETWEEN with
// number bounds out of order, contains() of a path in itself). kInvalidArgument whose
// message starts with `what` ("condition", "filter"). An empty condition is valid.
Status ValidateCondition(const Condition& condition, std::string_view what);

// True if `condition` holds for `item` (an absent item is an empty one). An empty
// condition is true. Precondition: ValidateCondition accepted it.
bool EvaluateCondition(const Condition& condition, const Item& item);

// The value at `path` in `item`, or null when the path does not resolve.
const AttributeValue* ResolvePath(const Item& item, const ddb::Path& path);

// DynamoDB equality (see above).
bool SameValue(const AttributeValue& a, const AttributeValue& b);

}  // namespace homeboard::store::sqlite

#endif  // HOMEBOARD_STORE_SQLITE_CONDITION_EVAL_H_
