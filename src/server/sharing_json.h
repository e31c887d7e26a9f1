// The JSON of the tags, shares, public-link, import and search responses (routes_tags.cc,
// routes_shares.cc, routes_transfer.cc, routes_search.cc). Entities inside them (bookmarks,
// notes, widgets, pages) are written by entity_json.h, so they look the same everywhere.
//
// Public-link views (WriteSharedView) show exactly the shared page or widget: no owner id,
// no grantee, no share id, no link hash (ids of the shared objects appear, as in any entity;
// an id alone opens nothing).
//
// Thread safety: all functions are reentrant.
#ifndef HOMEBOARD_SERVER_SHARING_JSON_H_
#define HOMEBOARD_SERVER_SHARING_JSON_H_

#include <optional>
#include <string>
#include <string_view>

#include "model/tag_association.h"
#include "server/json_writer.h"
#include "service/backup_service.h"
#include "service/import_service.h"
#include "service/page_loader.h"
#include "service/share_service.h"
#include "service/tag_service.h"

namespace homeboard::server {

// {"tag":"rust","count":3}
void WriteTagCount(JsonWriter& json, const model::TagCount& count);

// {"type":"bookmark"|"note"|"widget","bookmark"|"note"|"widget":{...}}
void WriteTaggedEntity(JsonWriter& json, const service::TaggedEntity& entity);

// {"tags":[...],"version":n}
void WriteItemTags(JsonWriter& json, const service::ItemTags& tags);

// A share as its owner or its grantee sees it:
// {"id","resource_type","page_id","widget_id"|null,"resource_title","grantee_type":"user"|"link",
//  "grantee_id"|null,"owner_id","permission","created_at","expires_at"|null}
void WriteShareEntry(JsonWriter& json, const service::ShareEntry& entry);

// What a public link shows: {"resource_type":"page","permission":"view","expires_at",
// "page":{...}} or the same with "widget".
void WriteSharedView(JsonWriter& json, const service::SharedView& view);
// WriteSharedView's opening: "{" and the members before the page or widget, left open for
// the caller to add "page" or "widget" and close.
void WriteSharedViewHead(JsonWriter& json, const model::Share& share);

// The report of a Netscape import: counts and {"issues":[{"kind","line","path","title","url",
// "rule","message"}]}.
void WriteImportReport(JsonWriter& json, const service::ImportReport& report);

// The report of a JSON restore: {"format":"json","pages",...,"tag_associations"}.
void WriteRestoreReport(JsonWriter& json, const service::RestoreReport& report);

// RFC 3339 of epoch seconds, or null.
void WriteEpochOrNull(JsonWriter& json, const std::optional<std::int64_t>& seconds);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_SHARING_JSON_H_
