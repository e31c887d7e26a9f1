// Fractional indexing over base-62 digit strings. Internally keys are digit vectors (0..61);
// a missing lower bound is the fraction 0 (the empty digit list), a missing upper bound is 1.
#include "model/order_key.h"

#include <fmt/format.h>

namespace homeboard::model {
namespace {

constexpr std::string_view kDigits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kBase = 62;

using Digits = std::vector<int>;

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

Digits ToDigits(std::string_view key) {
  Digits digits;
  digits.reserve(key.size());
  for (char c : key) digits.push_back(DigitValue(c));
  return digits;
}

std::string ToKey(Digits digits) {
  while (!digits.empty() && digits.back() == 0) digits.pop_back();
  std::string key;
  key.reserve(digits.size());
  for (int d : digits) key.push_back(kDigits[d]);
  return key;
}

int DigitAt(const Digits& digits, std::size_t index) {
  return index < digits.size() ? digits[index] : 0;
}

// A key strictly between `a` and `b` (nullopt = 1): the midpoint of the first differing
// digit, or a one-digit extension when those digits are adjacent. Precondition: a < b.
Digits Midpoint(const Digits& a, const std::optional<Digits>& b) {
  Digits out;
  std::size_t n = 0;
  if (b) {
    while (n < b->size() && DigitAt(a, n) == (*b)[n]) ++n;
    out.assign(b->begin(), b->begin() + static_cast<std::ptrdiff_t>(n));
  }
  int low = DigitAt(a, n);
  int high = b ? (*b)[n] : kBase;  // n < b->size() because a < b
  if (high - low > 1) {
    out.push_back((low + high) / 2);
    return out;
  }
  if (b && b->size() > n + 1) {
    out.push_back(high);  // b truncated after its first differing digit: > a, < b
    return out;
  }
  out.push_back(low);
  Digits rest(a.size() > n + 1 ? a.begin() + static_cast<std::ptrdiff_t>(n + 1) : a.end(), a.end());
  Digits tail = Midpoint(rest, std::nullopt);
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

// A short key after `a` with nothing above it. With z leading 'z' digits the remaining gap
// is about 62^-(z+1); stepping by one unit at digit 2z+1 keeps the gap shrinking like the
// square of itself, so long runs of appends grow the key only logarithmically.
Digits After(const Digits& a) {
  std::size_t z = 0;
  while (z < a.size() && a[z] == kBase - 1) ++z;
  std::size_t p = 2 * z + 1;
  Digits t(a.begin(), a.size() > p + 1 ? a.begin() + static_cast<std::ptrdiff_t>(p + 1) : a.end());
  t.resize(p + 1, 0);
  // Add one unit at p; the carry stops at or before index z, whose digit is below 61.
  for (std::size_t i = p + 1; i-- > 0;) {
    if (++t[i] < kBase) break;
    t[i] = 0;
  }
  return t;
}

// A short key before `b` with nothing below it; mirror image of After with leading '0's.
Digits Before(const Digits& b) {
  std::size_t o = 0;
  while (o < b.size() && b[o] == 0) ++o;
  std::size_t p = 2 * o + 1;
  if (b.size() > p + 1) {
    // Dropping b's (non-zero) tail is already smaller than b and keeps b[o] != 0.
    return Digits(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(p + 1));
  }
  Digits t = b;
  t.resize(p + 1, 0);
  // Subtract one unit at p; b >= 62^-(o+1) > 62^-(p+1), so the result stays above zero.
  for (std::size_t i = p + 1; i-- > 0;) {
    if (--t[i] >= 0) break;
    t[i] = kBase - 1;
  }
  return t;
}

Status CheckBound(std::optional<std::string_view> key, std::string_view field) {
  if (!key || IsValidOrderKey(*key)) return {};
  return Invalid(field, rule::kPattern,
                 fmt::format("\"{}\" is not an order key (1-{} base-62 digits, not ending in '0')",
                             key->substr(0, kMaxOrderKeyLength + 1), kMaxOrderKeyLength));
}

Status CheckBounds(std::optional<std::string_view> before, std::optional<std::string_view> after) {
  if (auto s = CheckBound(before, "before"); !s.ok()) return s;
  if (auto s = CheckBound(after, "after"); !s.ok()) return s;
  if (before && after && !(*before < *after)) {
    return Invalid("order_key", rule::kOrder,
                   fmt::format("before (\"{}\") must sort before after (\"{}\")", *before, *after));
  }
  return {};
}

ValidationError TooLong(std::size_t length) {
  return Invalid("order_key", rule::kMaxLength,
                 fmt::format("at most {} characters (would be {}); rebalance the list",
                             kMaxOrderKeyLength, length));
}

void Spread(const Digits& low, const std::optional<Digits>& high, std::size_t count,
            std::vector<std::string>& out) {
  if (count == 0) return;
  Digits mid = Midpoint(low, high);
  std::size_t left = count / 2;
  Spread(low, mid, left, out);
  out.push_back(ToKey(mid));
  Spread(mid, high, count - left - 1, out);
}

}  // namespace

bool IsValidOrderKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxOrderKeyLength || key.back() == '0') return false;
  for (char c : key) {
    if (DigitValue(c) < 0) return false;
  }
  return true;
}

Status ValidateOrderKey(std::string_view key, std::string_view field) {
  if (key.empty()) return Invalid(field, rule::kRequired, "is required");
  if (key.size() > kMaxOrderKeyLength) {
    return Invalid(field, rule::kMaxLength,
                   fmt::format("at most {} characters (got {})", kMaxOrderKeyLength, key.size()));
  }
  if (!IsValidOrderKey(key)) {
    return Invalid(field, rule::kPattern, "must be base-62 digits [0-9A-Za-z] not ending in '0'");
  }
  return {};
}

Result<std::string> KeyBetween(std::optional<std::string_view> before,
                               std::optional<std::string_view> after) {
  if (auto s = CheckBounds(before, after); !s.ok()) return std::move(s).error();
  Digits key;
  if (before && after) {
    key = Midpoint(ToDigits(*before), ToDigits(*after));
  } else if (before) {
    key = After(ToDigits(*before));
  } else if (after) {
    key = Before(ToDigits(*after));
  } else {
    key = Midpoint({}, std::nullopt);
  }
  std::string text = ToKey(std::move(key));
  if (text.size() > kMaxOrderKeyLength) return TooLong(text.size());
  return text;
}

Result<std::vector<std::string>> KeysBetween(std::optional<std::string_view> before,
                                             std::optional<std::string_view> after,
                                             std::size_t count) {
  if (auto s = CheckBounds(before, after); !s.ok()) return std::move(s).error();
  std::vector<std::string> keys;
  keys.reserve(count);
  std::optional<Digits> high;
  if (after) high = ToDigits(*after);
  Spread(before ? ToDigits(*before) : Digits{}, high, count, keys);
  for (const std::string& key : keys) {
    if (key.size() > kMaxOrderKeyLength) return TooLong(key.size());
  }
  return keys;
}

}  // namespace homeboard::model
