// Order keys: fractional indexes that order what a person orders by hand (pages, widgets
// in a column, groups, bookmarks, notes). See docs/data-model.md, "Conventions".
//
// A key is a non-empty string of base-62 digits '0'-'9', 'A'-'Z', 'a'-'z' (in that order,
// which is also ASCII byte order) read as a fraction 0.d1d2d3... in (0, 1). Keys never end
// in '0', so no two keys have the same value, byte order equals numeric order, and a key
// strictly between any two keys always exists: moving an item rewrites only that item.
//
// Growth: a key between two neighbours is their midpoint, so inserting again and again into
// the same gap adds about one character every six insertions. Keys at an open end (before
// the first or after the last item) step by the square of the remaining gap instead, so
// ~1,900 appends after "V" stay within 2 characters and ~240,000 within 4. Keys are capped
// at kMaxOrderKeyLength; past that the service rebalances the sibling list (KeysBetween).
#ifndef HOMEBOARD_MODEL_ORDER_KEY_H_
#define HOMEBOARD_MODEL_ORDER_KEY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace homeboard::model {

inline constexpr std::size_t kMaxOrderKeyLength = 64;

// True if `key` is 1..kMaxOrderKeyLength base-62 digits not ending in '0'.
bool IsValidOrderKey(std::string_view key);

// OK if `key` is valid; otherwise "required", "max_length" or "pattern" naming `field`.
[[nodiscard]] Status ValidateOrderKey(std::string_view key, std::string_view field);

// A key strictly between `before` and `after`; nullopt is an open end (the start or the end
// of the list; both open gives the first key of an empty list, "V"). Deterministic.
// Errors: rule "pattern" (field "before"/"after") if a given key is not valid; "order"
// (field "order_key") unless before < after; "max_length" (field "order_key") if the key
// would be longer than kMaxOrderKeyLength, in which case the caller should rebalance.
[[nodiscard]] Result<std::string> KeyBetween(std::optional<std::string_view> before,
                                             std::optional<std::string_view> after);

// `count` ascending keys strictly between `before` and `after`, spread evenly over the gap
// (by bisection), so their length grows with log(count): 10,000 keys over an empty list are
// at most 4 characters. For imports and rebalancing. Errors as for KeyBetween.
[[nodiscard]] Result<std::vector<std::string>> KeysBetween(std::optional<std::string_view> before,
                                                           std::optional<std::string_view> after,
                                                           std::size_t count);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_ORDER_KEY_H_
