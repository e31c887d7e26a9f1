// Exact decimal arithmetic on DynamoDB numbers for the SQLite engine: DynamoDB's own
// spelling of a stored number, numeric comparison, addition with DynamoDB's 38-digit and
// magnitude limits, and a byte encoding whose memcmp order is numeric order (for sort-key
// columns).
//
// Numbers are the decimal strings of ddb::AttributeValue. Every function here expects a
// number that ddb::IsValidNumber accepts (the engine validates values before using them);
// on anything else it behaves as if given zero and never crashes.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
#ifndef HOMEBOARD_STORE_SQLITE_NUMBER_H_
#define HOMEBOARD_STORE_SQLITE_NUMBER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "store/item_store.h"

namespace homeboard::store::sqlite {

// A decimal as sign, significant digits and exponent: value = ±0.d1d2...dn × 10^(exponent+1),
// i.e. `exponent` is the decimal exponent of the first digit ("150" -> digits "15",
// exponent 2). Zero has no digits. Leading and trailing zeros are never kept.
struct Decimal {
  bool negative = false;
  std::string digits;
  std::int64_t exponent = 0;

  bool zero() const { return digits.empty(); }
  static Decimal Parse(std::string_view number);
  // DynamoDB's spelling: plain notation, no exponent, no leading or trailing zeros, no
  // sign on zero ("1.5E2" -> "150", "-0.50" -> "-0.5", "-0" -> "0").
  std::string ToString() const;
};

// What DynamoDB stores and returns for `number` (see Decimal::ToString).
std::string NormalizeNumber(std::string_view number);

// -1, 0 or 1 as a is numerically less than, equal to or greater than b; exact.
int CompareNumbers(std::string_view a, std::string_view b);

// a + b, exactly. kInvalidArgument, as DynamoDB's ValidationException, when the exact sum
// needs more than 38 significant digits or is out of DynamoDB's range (overflow past
// 9.99...E+125, underflow below 1E-130).
Result<std::string> AddNumbers(std::string_view a, std::string_view b);

// A byte string whose memcmp order is the numeric order of the numbers it encodes, equal
// for numerically equal numbers ("5" and "5.0"). Not decodable; the stored item keeps the
// number itself.
std::string NumberSortKey(std::string_view number);

}  // namespace homeboard::store::sqlite

#endif  // HOMEBOARD_STORE_SQLITE_NUMBER_H_
