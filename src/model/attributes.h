// Attribute names of the ten tables (docs/data-model.md, "Tables"), for code that builds
// conditions, updates and projections on entity items. The entities' ToItem/FromItem use
// the same constants, so a rename happens in one place.
#ifndef HOMEBOARD_MODEL_ATTRIBUTES_H_
#define HOMEBOARD_MODEL_ATTRIBUTES_H_

#include <string_view>

namespace homeboard::model::attr {

// Shared by several tables.
inline constexpr std::string_view kUserId = "user_id";
inline constexpr std::string_view kPageId = "page_id";
inline constexpr std::string_view kWidgetId = "widget_id";
inline constexpr std::string_view kGroupId = "group_id";
inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kOrderKey = "order_key";
inline constexpr std::string_view kTags = "tags";
inline constexpr std::string_view kCreatedAt = "created_at";
inline constexpr std::string_view kUpdatedAt = "updated_at";
inline constexpr std::string_view kExpiresAt = "expires_at";
inline constexpr std::string_view kVersion = "version";

// Users.
inline constexpr std::string_view kDisplayName = "display_name";
inline constexpr std::string_view kPasswordHash = "password_hash";
inline constexpr std::string_view kClaimedBy = "claimed_by";  // name claim item: the user id

// ApiTokens.
inline constexpr std::string_view kTokenHash = "token_hash";
inline constexpr std::string_view kTokenId = "token_id";
inline constexpr std::string_view kKind = "kind";  // also Widgets

// Pages.
inline constexpr std::string_view kDeleting = "deleting";

// Widgets.
inline constexpr std::string_view kColumn = "column";
inline constexpr std::string_view kSettings = "settings";

// Groups.
inline constexpr std::string_view kParentGroupId = "parent_group_id";
inline constexpr std::string_view kDepth = "depth";

// Bookmarks.
inline constexpr std::string_view kBookmarkId = "bookmark_id";
inline constexpr std::string_view kUrl = "url";
inline constexpr std::string_view kDescription = "description";
inline constexpr std::string_view kIcon = "icon";

// Notes.
inline constexpr std::string_view kNoteId = "note_id";
inline constexpr std::string_view kBody = "body";
inline constexpr std::string_view kPreview = "preview";

// TagAssociations.
inline constexpr std::string_view kItemRef = "item_ref";
inline constexpr std::string_view kTag = "tag";
inline constexpr std::string_view kUserTag = "user_tag";
inline constexpr std::string_view kContainerId = "container_id";
inline constexpr std::string_view kCount = "count";

// Shares.
inline constexpr std::string_view kResourceRef = "resource_ref";
inline constexpr std::string_view kGrantee = "grantee";
inline constexpr std::string_view kShareId = "share_id";
inline constexpr std::string_view kOwnerId = "owner_id";
inline constexpr std::string_view kGranteeId = "grantee_id";
inline constexpr std::string_view kPermission = "permission";
inline constexpr std::string_view kResourceTitle = "resource_title";

// Preferences.
inline constexpr std::string_view kTheme = "theme";
inline constexpr std::string_view kDefaultPageId = "default_page_id";
inline constexpr std::string_view kTimeZone = "time_zone";
inline constexpr std::string_view kLocale = "locale";
inline constexpr std::string_view kOpenLinksInNewTab = "open_links_in_new_tab";

}  // namespace homeboard::model::attr

#endif  // HOMEBOARD_MODEL_ATTRIBUTES_H_
