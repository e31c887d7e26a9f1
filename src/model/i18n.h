// Shape checks for IANA time zone names and BCP 47 language tags (preferences and clock
// widgets). Shape only: the tz database and the language subtag registry are not consulted
// (GCC 12's libstdc++ has no std::chrono::tzdb), so "Mars/Olympus" passes and is simply
// rendered in UTC by whoever cannot resolve it.
#ifndef HOMEBOARD_MODEL_I18N_H_
#define HOMEBOARD_MODEL_I18N_H_

#include <string_view>

#include "model/error.h"

namespace homeboard::model {

// An IANA name like "UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5":
// at most 64 characters; one or more '/'-separated parts, each starting with an ASCII
// letter and made of ASCII letters, digits, '_', '+' and '-'. Rules "required", "max_length",
// "pattern", naming `field`.
[[nodiscard]] Status ValidateTimeZoneName(std::string_view name, std::string_view field);

// A BCP 47 tag like "en", "en-US", "zh-Hant-TW", "es-419", "de-CH-1996": at most 35
// characters; a language of 2-8 ASCII letters, then '-'-separated subtags of 1-8 ASCII
// letters or digits. Rules "required", "max_length", "pattern", naming `field`.
[[nodiscard]] Status ValidateLanguageTag(std::string_view tag, std::string_view field);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_I18N_H_
