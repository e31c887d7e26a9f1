// Preferences mapping, defaults and validation.
#include "model/preferences.h"

#include "model/attributes.h"
#include "model/i18n.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/timestamp.h"

namespace homeboard::model {

std::string_view ThemeName(Theme theme) {
  switch (theme) {
    case Theme::kLight:
      return "light";
    case Theme::kDark:
      return "dark";
    case Theme::kSystem:
      return "system";
  }
  return "";
}

Result<Theme> ParseTheme(std::string_view name, std::string_view field) {
  for (Theme theme : {Theme::kLight, Theme::kDark, Theme::kSystem}) {
    if (ThemeName(theme) == name) return theme;
  }
  return Invalid(field, rule::kEnum, "must be \"light\", \"dark\" or \"system\"");
}

Preferences Preferences::Defaults(std::string user_id) {
  Preferences preferences;
  preferences.user_id = std::move(user_id);
  return preferences;
}

Status Preferences::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  if (default_page_id) {
    HOMEBOARD_RETURN_IF_INVALID(ValidateId(*default_page_id, attr::kDefaultPageId));
  }
  if (time_zone) HOMEBOARD_RETURN_IF_INVALID(ValidateTimeZoneName(*time_zone, attr::kTimeZone));
  if (locale) HOMEBOARD_RETURN_IF_INVALID(ValidateLanguageTag(*locale, attr::kLocale));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTimestamp(updated_at, attr::kUpdatedAt));
  return internal::ValidateVersion(version);
}

ddb::Item Preferences::ToItem() const {
  ddb::Item item;
  internal::PutString(item, attr::kUserId, user_id);
  internal::PutString(item, attr::kTheme, std::string(ThemeName(theme)));
  internal::PutOptionalString(item, attr::kDefaultPageId, default_page_id);
  internal::PutOptionalString(item, attr::kTimeZone, time_zone);
  internal::PutOptionalString(item, attr::kLocale, locale);
  internal::PutBool(item, attr::kOpenLinksInNewTab, open_links_in_new_tab);
  internal::PutString(item, attr::kUpdatedAt, updated_at);
  internal::PutInteger(item, attr::kVersion, version);
  return item;
}

Result<Preferences> Preferences::FromItem(const ddb::Item& item) {
  internal::ItemReader reader(item);
  Preferences preferences = Defaults(reader.String(attr::kUserId));
  std::optional<std::string> theme = reader.OptionalString(attr::kTheme);
  preferences.default_page_id = reader.OptionalString(attr::kDefaultPageId);
  preferences.time_zone = reader.OptionalString(attr::kTimeZone);
  preferences.locale = reader.OptionalString(attr::kLocale);
  preferences.open_links_in_new_tab = reader.BoolOr(attr::kOpenLinksInNewTab, false);
  preferences.updated_at = reader.String(attr::kUpdatedAt);
  preferences.version = reader.Integer(attr::kVersion);
  if (!reader.ok()) return reader.error();
  if (theme) {
    auto parsed = ParseTheme(*theme);
    if (!parsed.ok()) return Invalid(attr::kTheme, rule::kCorrupt, "unknown theme");
    preferences.theme = *parsed;
  }
  if (auto status = preferences.Validate(); !status.ok()) return std::move(status).error();
  return preferences;
}

ddb::Item Preferences::KeyOf(std::string_view user_id) {
  ddb::Item key;
  internal::PutString(key, attr::kUserId, std::string(user_id));
  return key;
}

}  // namespace homeboard::model
