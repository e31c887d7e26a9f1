// The parts of cascading changes shared by the page, widget and group services: deleting a
// widget with everything in it (bookmarks, notes, groups, their tag associations and counts,
// the widget's shares), deleting a resource's shares, and re-pointing a moved widget's
// children at its new page.
//
// Every function here is idempotent and re-runnable: it finds its work by querying the
// container's partitions, so running it again after a crash (or a failed store call) finishes
// what the first run started, and running it after it finished does nothing.
//
// Tags. A tagged item is deleted in the same transaction as its TagAssociations and the
// decrement of its owner's TagCounts (internal/tag_ops.h, DeleteTaggedItems), many items per
// transaction. So a crash at any point leaves every remaining item with all its associations
// and every deleted item with none, and counts equal to the associations: there is never an
// association whose item is gone, nor a count that was not lowered. Moved children keep
// their widget, so their associations' container_id (the widget id) stays right; a moved
// widget's own associations are re-pointed in the move's transaction (tag_ops.h).
#ifndef HOMEBOARD_SERVICE_INTERNAL_CASCADE_H_
#define HOMEBOARD_SERVICE_INTERNAL_CASCADE_H_

#include <string_view>

#include "model/share.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service::internal {

// Deletes every bookmark and note of the widget with their tag associations (counts lowered;
// transactions of up to 100 actions), then every group with BatchWriteItem deletes of 25
// (bottom-up: a crash never leaves a bookmark whose group is gone but the bookmark is not).
Status DeleteWidgetChildren(const ServiceContext& context, std::string_view widget_id);

// Deletes every Shares item of the resource ("page#<id>" / "widget#<id>" partition), with
// BatchWriteItem deletes of 25.
Status DeleteShares(const ServiceContext& context, model::ResourceKind kind,
                    std::string_view resource_id);

// The widget's shares, DeleteWidgetChildren, then the widget item itself with its own tag
// associations (one transaction). The shares go first because they are found through the
// widget's id, which is only known while the widget exists.
Status DeleteWidgetAndChildren(const ServiceContext& context, std::string_view page_id,
                               std::string_view widget_id);

// Sets page_id = `page_id` on every group, bookmark and note of the widget that holds another
// one, in transactions of up to 100 updates, each conditional on the child still existing
// (a child deleted meanwhile is skipped). The children's versions are not changed: page_id is
// a copy the service maintains, not an edit, so a client holding a child's version may still
// edit it.
Status RepointChildren(const ServiceContext& context, std::string_view widget_id,
                       std::string_view page_id);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_CASCADE_H_
