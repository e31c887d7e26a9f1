// The ten table specs. Every GSI here serves an access pattern listed in
// docs/data-model.md; none exists "just in case" (each one costs a write per base write).
#include "model/tables.h"

namespace homeboard::model {
namespace {

using store::IndexSpec;
using store::KeyAttribute;
using store::TableSpec;

KeyAttribute S(std::string name) { return {std::move(name), store::KeyType::kString}; }

}  // namespace

bool IsValidTablePrefix(std::string_view prefix) {
  if (prefix.size() > 64) return false;
  for (char c : prefix) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::vector<TableSpec> AllTableSpecs(const TableNames& names) {
  std::vector<TableSpec> specs;

  specs.push_back({.name = names.Of(kUsersTable), .partition_key = S("user_id")});

  specs.push_back({
      .name = names.Of(kApiTokensTable),
      .partition_key = S("token_hash"),
      .global_secondary_indexes = {{.name = std::string(kUserTokensIndex),
                                    .partition_key = S("user_id"),
                                    .sort_key = S("created_at")}},
      .ttl_attribute = "expires_at",
  });

  specs.push_back(
      {.name = names.Of(kPagesTable), .partition_key = S("user_id"), .sort_key = S("page_id")});

  specs.push_back(
      {.name = names.Of(kWidgetsTable), .partition_key = S("page_id"), .sort_key = S("widget_id")});

  specs.push_back(
      {.name = names.Of(kGroupsTable), .partition_key = S("widget_id"), .sort_key = S("group_id")});

  specs.push_back({
      .name = names.Of(kBookmarksTable),
      .partition_key = S("widget_id"),
      .sort_key = S("bookmark_id"),
      .global_secondary_indexes = {{.name = std::string(kUserBookmarksIndex),
                                    .partition_key = S("user_id"),
                                    .sort_key = S("created_at")}},
  });

  specs.push_back({
      .name = names.Of(kNotesTable),
      .partition_key = S("widget_id"),
      .sort_key = S("note_id"),
      .global_secondary_indexes = {{.name = std::string(kUserNotesIndex),
                                    .partition_key = S("user_id"),
                                    .sort_key = S("updated_at"),
                                    .projection = IndexSpec::Projection::kInclude,
                                    .included_attributes = {"title", "preview", "tags", "page_id",
                                                            "created_at", "order_key"}}},
  });

  specs.push_back({
      .name = names.Of(kTagAssociationsTable),
      .partition_key = S("item_ref"),
      .sort_key = S("tag"),
      .global_secondary_indexes = {{.name = std::string(kTagItemsIndex),
                                    .partition_key = S("user_tag"),
                                    .sort_key = S("item_ref")}},
  });

  specs.push_back({
      .name = names.Of(kSharesTable),
      .partition_key = S("resource_ref"),
      .sort_key = S("grantee"),
      .global_secondary_indexes = {{.name = std::string(kUserSharesIndex),
                                    .partition_key = S("owner_id"),
                                    .sort_key = S("created_at")},
                                   {.name = std::string(kSharedWithIndex),
                                    .partition_key = S("grantee_id"),
                                    .sort_key = S("created_at")}},
      .ttl_attribute = "expires_at",
  });

  specs.push_back({.name = names.Of(kPreferencesTable), .partition_key = S("user_id")});
  return specs;
}

}  // namespace homeboard::model
