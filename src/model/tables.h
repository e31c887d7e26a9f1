// The table specs of homeboard's ten tables (see docs/data-model.md): key schemas, the GSIs
// each access pattern needs, and TTL attributes. Entity code refers to tables and indexes
// through these names only.
#ifndef HOMEBOARD_MODEL_TABLES_H_
#define HOMEBOARD_MODEL_TABLES_H_

#include <string>
#include <string_view>
#include <vector>

#include "store/table_spec.h"

namespace homeboard::model {

// Table base names (without prefix).
inline constexpr std::string_view kUsersTable = "Users";
inline constexpr std::string_view kApiTokensTable = "ApiTokens";
inline constexpr std::string_view kPagesTable = "Pages";
inline constexpr std::string_view kWidgetsTable = "Widgets";
inline constexpr std::string_view kGroupsTable = "Groups";
inline constexpr std::string_view kBookmarksTable = "Bookmarks";
inline constexpr std::string_view kNotesTable = "Notes";
inline constexpr std::string_view kTagAssociationsTable = "TagAssociations";
inline constexpr std::string_view kSharesTable = "Shares";
inline constexpr std::string_view kPreferencesTable = "Preferences";

// GSI names.
inline constexpr std::string_view kUserTokensIndex = "UserTokensIndex";
inline constexpr std::string_view kUserBookmarksIndex = "UserBookmarksIndex";
inline constexpr std::string_view kUserNotesIndex = "UserNotesIndex";
inline constexpr std::string_view kTagItemsIndex = "TagItemsIndex";
inline constexpr std::string_view kUserSharesIndex = "UserSharesIndex";
inline constexpr std::string_view kSharedWithIndex = "SharedWithIndex";

// Full table names for one deployment: prefix + base name.
class TableNames {
 public:
  explicit TableNames(std::string prefix = "") : prefix_(std::move(prefix)) {}
  std::string Of(std::string_view base_name) const { return prefix_ + std::string(base_name); }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

// True if `prefix` may prefix DynamoDB table names: at most 64 characters of
// [A-Za-z0-9_.-] (so every prefixed name stays within the 3..255 limit).
bool IsValidTablePrefix(std::string_view prefix);

// The spec of every table, names prefixed, in a stable order.
std::vector<store::TableSpec> AllTableSpecs(const TableNames& names);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_TABLES_H_
