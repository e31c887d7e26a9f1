// PreferencesService: a user's settings (docs/data-model.md, "Preferences"). One item per
// user; no item means every default.
//
// Get returns model::Preferences::Defaults (version 0) when the caller has no item. Update is
// a partial update: only the given fields change (the UpdateItem SETs or REMOVEs only the
// attributes that differ), conditional on the version the caller read — version 0 meaning
// "no item yet", in which case the write creates the item (at version 1) only if there still
// is none. Two first writes racing: one creates, the other gets kConflict.
//
// Errors: kInvalidArgument naming field and rule (user_id, version, time_zone, locale,
// default_page_id), kNotFound naming "default_page_id" for a page that is not the caller's
// (or is being deleted), kConflict for a stale version, kUnavailable, kInternal.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_PREFERENCES_SERVICE_H_
#define HOMEBOARD_SERVICE_PREFERENCES_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "model/preferences.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

// Fields to change; absent ones are kept. For the optional strings an empty value removes
// the setting (back to its default).
struct PreferencesChanges {
  std::optional<model::Theme> theme;
  std::optional<std::string> default_page_id;  // one of the caller's pages
  std::optional<std::string> time_zone;        // IANA name
  std::optional<std::string> locale;           // BCP 47 tag
  std::optional<bool> open_links_in_new_tab;
};

class PreferencesService {
 public:
  explicit PreferencesService(ServiceContext context) : context_(std::move(context)) {}

  // The caller's preferences, or the defaults (version 0) when none are stored. One GetItem.
  [[nodiscard]] Result<model::Preferences> Get(const Caller& caller) const;

  // Applies `changes` if the stored version is `expected_version` (0: none stored yet) and
  // returns the preferences at their new version.
  [[nodiscard]] Result<model::Preferences> Update(const Caller& caller,
                                                  std::int64_t expected_version,
                                                  const PreferencesChanges& changes) const;

 private:
  ServiceContext context_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_PREFERENCES_SERVICE_H_
