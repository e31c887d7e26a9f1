// Loading entities for a caller: input id checks, GetItem by key plus the access check
// (service/access.h, Can: the owner, or a live share of the object's page or widget), and the
// container queries of docs/data-model.md's access patterns (a page's widgets, a widget's groups,
// bookmarks and notes), drained and decoded.
//
// Every loader reports a missing object, an object the caller may not access (for the
// `access` asked: a view grantee asking to edit is refused too) and an object on a page being
// deleted the same way: kNotFound naming the id field the caller gave. Store calls: the
// object's GetItem, plus for a non-owner Can's one GetItem or BatchGetItem of share items.
#ifndef HOMEBOARD_SERVICE_INTERNAL_LOADERS_H_
#define HOMEBOARD_SERVICE_INTERNAL_LOADERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "ddb/expression.h"
#include "model/bookmark.h"
#include "model/group.h"
#include "model/note.h"
#include "model/page.h"
#include "model/widget.h"
#include "service/context.h"
#include "service/error.h"
#include "service/internal/store_ops.h"

namespace homeboard::service::internal {

// kInvalidArgument ("required" / "pattern" naming `field`) unless `id` is a ULID.
Status CheckId(std::string_view id, std::string_view field);
// kInvalidArgument naming "user_id" unless the caller's id is a ULID.
Status CheckCaller(const Caller& caller);
// kInvalidArgument naming "version" unless version >= 1.
Status CheckVersion(std::int64_t version);
// kInvalidArgument unless the anchors are ids and at most one is given.
Status CheckPlacement(const Placement& placement);

// A page the caller may access. The caller's own page is one GetItem (Pages are keyed by
// owner); someone else's page takes three: the miss in the caller's partition, the caller's
// share of the page (which names the owner; access.h FindUserShare) and the page in the
// owner's partition. A page with deleting=true is kNotFound unless `include_deleting`, which
// is the delete path: only the owner gets there (a grantee is kNotFound).
Result<model::Page> LoadPage(const ServiceContext& context, const Caller& caller,
                             std::string_view page_id, Access access,
                             std::string_view field = "page_id", bool include_deleting = false);

// The live page (owner_id, page_id) with no access check, for a caller whose access to
// something on the page was checked already (e.g. a widget shared on its own). kNotFound
// naming `field` if it is missing or being deleted. One GetItem.
Result<model::Page> LoadLivePage(const ServiceContext& context, std::string_view owner_id,
                                 std::string_view page_id, std::string_view field = "page_id");

// A widget the caller may access (its owner, or a share of the widget or of its page). The
// page itself is not read.
Result<model::Widget> LoadWidget(const ServiceContext& context, const Caller& caller,
                                 std::string_view page_id, std::string_view widget_id,
                                 Access access, std::string_view field = "widget_id");

// A widget new children go into: a widget of `kind` the caller may access (LoadWidget) on a
// page that is not being deleted (LoadLivePage of the widget's owner: a widget shared on its
// own is usable without access to the rest of its page). A widget of another kind is
// kInvalidArgument (rule "wrong_kind" naming `field`). Two GetItems, plus Can's read for a
// non-owner.
Result<model::Widget> LoadContainer(const ServiceContext& context, const Caller& caller,
                                    std::string_view page_id, std::string_view widget_id,
                                    model::WidgetKind kind, Access access = Access::kEdit,
                                    std::string_view page_field = "page_id",
                                    std::string_view widget_field = "widget_id");

Result<model::Group> LoadGroup(const ServiceContext& context, const Caller& caller,
                               std::string_view widget_id, std::string_view group_id, Access access,
                               std::string_view field = "group_id");
Result<model::Bookmark> LoadBookmark(const ServiceContext& context, const Caller& caller,
                                     std::string_view widget_id, std::string_view bookmark_id,
                                     Access access);
Result<model::Note> LoadNote(const ServiceContext& context, const Caller& caller,
                             std::string_view widget_id, std::string_view note_id, Access access);

// Container queries (one drained Query each), in sort-key order; not access-checked (the
// caller has checked the container).
Result<std::vector<model::Page>> QueryPages(const ServiceContext& context,
                                            std::string_view user_id);
Result<std::vector<model::Widget>> QueryWidgets(const ServiceContext& context,
                                                std::string_view page_id);
Result<std::vector<model::Group>> QueryGroups(const ServiceContext& context,
                                              std::string_view widget_id);
Result<std::vector<model::Bookmark>> QueryBookmarks(const ServiceContext& context,
                                                    std::string_view widget_id,
                                                    ddb::Condition filter = {});
Result<std::vector<model::Note>> QueryNotes(const ServiceContext& context,
                                            std::string_view widget_id);
// The same notes as summaries (NoteSummary::FromItem: the stored preview, no body), for a
// view that shows previews: bodies (up to 100 KiB each) are neither copied nor re-validated.
Result<std::vector<model::NoteSummary>> QueryNoteSummaries(const ServiceContext& context,
                                                           std::string_view widget_id);

// A transaction check that the page exists and is not being deleted (kNotFound naming
// `field` otherwise).
ConditionCheck PageIsLive(const ServiceContext& context, const model::Page& page,
                          std::string_view field);

// Transaction checks that the group / widget still exists (kNotFound naming `field`).
ConditionCheck GroupExists(const ServiceContext& context, const model::Group& group,
                           std::string_view field);
ConditionCheck WidgetExists(const ServiceContext& context, const model::Widget& widget,
                            std::string_view field);

// Sibling views for PlanPlacement.
std::vector<Sibling> SiblingsOf(const std::vector<model::Page>& pages);
std::vector<Sibling> SiblingsOf(const std::vector<model::Widget>& widgets);
std::vector<Sibling> SiblingsOf(const std::vector<model::Group>& groups);
std::vector<Sibling> SiblingsOf(const std::vector<model::Bookmark>& bookmarks);
std::vector<Sibling> SiblingsOf(const std::vector<model::Note>& notes);

// FormatTimestamp(context.now()).
std::string NowTimestamp(const ServiceContext& context);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_LOADERS_H_
