// Decimal numbers as digit strings. DynamoDB numbers have at most 38 significant digits and
// exponents within -130..125, so aligning two of them for addition needs at most a few
// hundred digits; schoolbook arithmetic on strings is exact and plenty fast.
#include "store/sqlite/number.h"

#include <fmt/format.h>

#include <algorithm>

#include "ddb/internal/value_codec.h"
#include "store/request_checks.h"

namespace homeboard::store::sqlite {
namespace {

using ddb::internal::kMaxNumberDigits;
using ddb::internal::kMaxNumberExponent;
using ddb::internal::kMinNumberExponent;

// Digits of |x| aligned so that the last one has decimal weight 10^low.
std::string Coefficient(const Decimal& x, std::int64_t low) {
  std::int64_t x_low = x.exponent - static_cast<std::int64_t>(x.digits.size()) + 1;
  return x.digits + std::string(static_cast<std::size_t>(x_low - low), '0');
}

// Compares two digit strings without leading zeros as unsigned integers.
int CompareMagnitude(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string AddMagnitudes(const std::string& a, const std::string& b) {
  std::string sum;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int d = carry;
    if (i < a.size()) d += a[a.size() - 1 - i] - '0';
    if (i < b.size()) d += b[b.size() - 1 - i] - '0';
    sum.push_back(static_cast<char>('0' + d % 10));
    carry = d / 10;
  }
  std::reverse(sum.begin(), sum.end());
  return sum;
}

// a - b for a >= b.
std::string SubtractMagnitudes(const std::string& a, const std::string& b) {
  std::string difference;
  int borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int d = a[a.size() - 1 - i] - '0' - borrow;
    if (i < b.size()) d -= b[b.size() - 1 - i] - '0';
    borrow = d < 0 ? 1 : 0;
    difference.push_back(static_cast<char>('0' + (d + 10) % 10));
  }
  std::reverse(difference.begin(), difference.end());
  return difference;
}

// The Decimal whose last coefficient digit has weight 10^low.
Decimal FromCoefficient(bool negative, std::string coefficient, std::int64_t low) {
  Decimal x;
  std::size_t first = coefficient.find_first_not_of('0');
  if (first == std::string::npos) return x;
  std::size_t last = coefficient.find_last_not_of('0');
  x.negative = negative;
  x.exponent = low + static_cast<std::int64_t>(coefficient.size() - 1 - first);
  x.digits = coefficient.substr(first, last - first + 1);
  return x;
}

int CompareDecimals(const Decimal& a, const Decimal& b) {
  auto sign = [](const Decimal& x) { return x.zero() ? 0 : (x.negative ? -1 : 1); };
  if (sign(a) != sign(b)) return sign(a) < sign(b) ? -1 : 1;
  if (a.zero()) return 0;
  int magnitude = 0;
  if (a.exponent != b.exponent) {
    magnitude = a.exponent < b.exponent ? -1 : 1;
  } else {
    // Same leading exponent: the digit strings compare lexicographically, and a proper
    // prefix (fewer digits, no trailing zeros) is the smaller magnitude.
    int c = a.digits.compare(b.digits);
    magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return a.negative ? -magnitude : magnitude;
}

}  // namespace

Decimal Decimal::Parse(std::string_view number) {
  // CanonicalNumber gives "0" or "[-]d[.ddd]E<exponent>" with only significant digits.
  std::string canonical = ddb::internal::CanonicalNumber(number);
  Decimal x;
  if (canonical == "0") return x;
  std::size_t i = 0;
  if (canonical[0] == '-') {
    x.negative = true;
    i = 1;
  }
  std::size_t e = canonical.find('E');
  for (; i < e; ++i) {
    if (canonical[i] != '.') x.digits.push_back(canonical[i]);
  }
  x.exponent = std::stoll(canonical.substr(e + 1));
  return x;
}

std::string Decimal::ToString() const {
  if (zero()) return "0";
  std::string text = negative ? "-" : "";
  const auto length = static_cast<std::int64_t>(digits.size());
  if (exponent >= length - 1) {
    text += digits;
    text.append(static_cast<std::size_t>(exponent - (length - 1)), '0');
  } else if (exponent >= 0) {
    text += digits.substr(0, static_cast<std::size_t>(exponent + 1));
    text += '.';
    text += digits.substr(static_cast<std::size_t>(exponent + 1));
  } else {
    text += "0.";
    text.append(static_cast<std::size_t>(-exponent - 1), '0');
    text += digits;
  }
  return text;
}

std::string NormalizeNumber(std::string_view number) { return Decimal::Parse(number).ToString(); }

int CompareNumbers(std::string_view a, std::string_view b) {
  return CompareDecimals(Decimal::Parse(a), Decimal::Parse(b));
}

Result<std::string> AddNumbers(std::string_view a, std::string_view b) {
  Decimal x = Decimal::Parse(a);
  Decimal y = Decimal::Parse(b);
  if (x.zero()) return y.ToString();
  if (y.zero()) return x.ToString();
  auto low_of = [](const Decimal& d) {
    return d.exponent - static_cast<std::int64_t>(d.digits.size()) + 1;
  };
  std::int64_t low = std::min(low_of(x), low_of(y));
  // Valid numbers never need more than ~300 aligned digits; refuse absurd inputs rather
  // than allocate for them.
  if (std::max(x.exponent, y.exponent) - low > 4096) {
    return InvalidArgument("number is out of DynamoDB's range");
  }
  std::string cx = Coefficient(x, low);
  std::string cy = Coefficient(y, low);
  Decimal sum;
  if (x.negative == y.negative) {
    sum = FromCoefficient(x.negative, AddMagnitudes(cx, cy), low);
  } else {
    int c = CompareMagnitude(cx, cy);
    if (c == 0) return std::string("0");
    sum = c > 0 ? FromCoefficient(x.negative, SubtractMagnitudes(cx, cy), low)
                : FromCoefficient(y.negative, SubtractMagnitudes(cy, cx), low);
  }
  if (static_cast<int>(sum.digits.size()) > kMaxNumberDigits) {
    return InvalidArgument(fmt::format(
        "Number overflow. Attempting to store a number with more than {} significant digits "
        "({} + {} needs {})",
        kMaxNumberDigits, a, b, sum.digits.size()));
  }
  if (sum.exponent > kMaxNumberExponent) {
    return InvalidArgument(
        "Number overflow. Attempting to store a number with magnitude larger than supported "
        "range");
  }
  if (sum.exponent < kMinNumberExponent) {
    return InvalidArgument(
        "Number underflow. Attempting to store a number with magnitude smaller than supported "
        "range");
  }
  return sum.ToString();
}

std::string NumberSortKey(std::string_view number) {
  Decimal x = Decimal::Parse(number);
  if (x.zero()) return std::string(1, '\x02');
  // Valid exponents are -130..125, which maps onto one byte exactly.
  std::int64_t biased = std::clamp<std::int64_t>(x.exponent - kMinNumberExponent, 0, 255);
  std::string key;
  key.reserve(x.digits.size() + 3);
  if (!x.negative) {
    key.push_back('\x03');
    key.push_back(static_cast<char>(biased));
    key += x.digits;  // a prefix sorts first: 1.2 < 1.23
    return key;
  }
  // Negative: everything inverted so larger magnitudes sort first, and a terminator above
  // every digit so that a prefix sorts last: -1.2 > -1.23.
  key.push_back('\x01');
  key.push_back(static_cast<char>(255 - biased));
  for (char digit : x.digits) key.push_back(static_cast<char>('9' - (digit - '0')));
  key.push_back('\xff');
  return key;
}

}  // namespace homeboard::store::sqlite
