// Preferences: a user's settings, one item of the Preferences table (docs/data-model.md,
// "Preferences"). An absent item means defaults (Preferences::Defaults); partial updates SET
// only the given attributes, so a stored item may lack any of the optional ones, and
// FromItem fills the gaps with defaults.
#ifndef HOMEBOARD_MODEL_PREFERENCES_H_
#define HOMEBOARD_MODEL_PREFERENCES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "model/error.h"

namespace homeboard::model {

enum class Theme { kLight, kDark, kSystem };

std::string_view ThemeName(Theme theme);  // "light" / "dark" / "system"
[[nodiscard]] Result<Theme> ParseTheme(std::string_view name, std::string_view field = "theme");

struct Preferences {
  std::string user_id;                         // partition key
  Theme theme = Theme::kSystem;                // default: follow the browser
  std::optional<std::string> default_page_id;  // absent: the first page in order
  std::optional<std::string> time_zone;        // IANA name; absent: the browser's
  std::optional<std::string> locale;           // BCP 47 tag; absent: the browser's
  bool open_links_in_new_tab = false;
  std::string updated_at;  // empty and version 0 only in Defaults() (never stored)
  std::int64_t version = 0;

  // What a read returns when `user_id` has no item: every default, version 0 and no
  // updated_at. Not storable as is (Validate() requires version >= 1 and a timestamp): the
  // first write sets both.
  static Preferences Defaults(std::string user_id);

  [[nodiscard]] Status Validate() const;
  // theme and open_links_in_new_tab are always written; absent optionals are omitted.
  ddb::Item ToItem() const;
  // Missing theme / open_links_in_new_tab / optionals read as their defaults; user_id,
  // updated_at and version are required.
  [[nodiscard]] static Result<Preferences> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(user_id); }
  static ddb::Item KeyOf(std::string_view user_id);

  friend bool operator==(const Preferences&, const Preferences&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_PREFERENCES_H_
