// PreferencesService: defaults for absent items, version-checked partial updates.
#include "service/preferences_service.h"

#include <fmt/format.h>

#include "model/attributes.h"
#include "model/tables.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"

namespace homeboard::service {
namespace {

std::optional<std::string> NonEmpty(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<model::Preferences> PreferencesService::Get(const Caller& caller) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  std::string table = context_.Table(model::kPreferencesTable);
  Result<std::optional<ddb::Item>> item =
      internal::GetItem(context_, table, model::Preferences::KeyOf(caller.user_id));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return model::Preferences::Defaults(caller.user_id);
  return internal::Decode<model::Preferences>(table, **item);
}

Result<model::Preferences> PreferencesService::Update(const Caller& caller,
                                                      std::int64_t expected_version,
                                                      const PreferencesChanges& changes) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (expected_version < 0) {
    return InvalidArgument(model::attr::kVersion, model::rule::kRange,
                           fmt::format("version: must be at least 0 (got {})", expected_version));
  }
  // Input first, so that nothing is read for a request that cannot succeed.
  model::Preferences check = model::Preferences::Defaults(caller.user_id);
  if (changes.default_page_id && !changes.default_page_id->empty()) {
    if (Status s = internal::CheckId(*changes.default_page_id, model::attr::kDefaultPageId);
        !s.ok()) {
      return std::move(s).error();
    }
  }
  if (changes.time_zone) check.time_zone = NonEmpty(*changes.time_zone);
  if (changes.locale) check.locale = NonEmpty(*changes.locale);
  check.updated_at = internal::NowTimestamp(context_);
  check.version = 1;
  if (Status s = internal::CheckValid(check.Validate()); !s.ok()) return std::move(s).error();

  std::string table = context_.Table(model::kPreferencesTable);
  ddb::Item key = model::Preferences::KeyOf(caller.user_id);
  Result<std::optional<ddb::Item>> stored = internal::GetItem(context_, table, key);
  if (!stored.ok()) return std::move(stored).error();
  model::Preferences current = model::Preferences::Defaults(caller.user_id);
  ddb::Item before;
  if (stored->has_value()) {
    Result<model::Preferences> decoded = internal::Decode<model::Preferences>(table, **stored);
    if (!decoded.ok()) return decoded;
    current = std::move(decoded).value();
    // The attributes this version knows, as stored: the diff then SETs what is missing,
    // REMOVEs only known attributes, and leaves any it does not know alone.
    for (const auto& [name, value] : current.ToItem()) {
      auto it = (*stored)->find(name);
      if (it != (*stored)->end()) before.emplace(name, it->second);
    }
  }
  if (current.version != expected_version) {
    return StaleVersion("preferences", expected_version, current.version);
  }
  if (changes.default_page_id && !changes.default_page_id->empty()) {
    Result<model::Page> page = internal::LoadPage(context_, caller, *changes.default_page_id,
                                                  Access::kView, model::attr::kDefaultPageId);
    if (!page.ok()) return std::move(page).error();
  }

  model::Preferences changed = current;
  if (changes.theme) changed.theme = *changes.theme;
  if (changes.default_page_id) changed.default_page_id = NonEmpty(*changes.default_page_id);
  if (changes.time_zone) changed.time_zone = NonEmpty(*changes.time_zone);
  if (changes.locale) changed.locale = NonEmpty(*changes.locale);
  if (changes.open_links_in_new_tab) changed.open_links_in_new_tab = *changes.open_links_in_new_tab;
  changed.version = expected_version + 1;
  changed.updated_at = check.updated_at;
  if (Status s = internal::CheckValid(changed.Validate()); !s.ok()) return std::move(s).error();
  Result<ddb::Item> written =
      internal::ReplaceVersioned(context_, table, key, before, changed.ToItem(), expected_version,
                                 internal::ObjectRef{"preferences", "user_id", caller.user_id});
  if (!written.ok()) return std::move(written).error();
  return changed;
}

}  // namespace homeboard::service
