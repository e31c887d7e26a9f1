// The parts of cascading changes shared by the page, widget and group services: deleting a
// widget with everything in it, and re-pointing a moved widget's children at its new page.
//
// Every function here is idempotent and re-runnable: it finds its work by querying the
// container's partitions, so running it again after a crash (or a failed store call) finishes
// what the first run started, and running it after it finished does nothing.
//
// Not yet here (later sessions): tag associations and counts of the deleted items, shares of
// deleted widgets, and tag associations' container_id of moved items.
#ifndef HOMEBOARD_SERVICE_INTERNAL_CASCADE_H_
#define HOMEBOARD_SERVICE_INTERNAL_CASCADE_H_

#include <string_view>

#include "service/context.h"
#include "service/error.h"

namespace homeboard::service::internal {

// Deletes every bookmark and note of the widget, then every group (bottom-up: a crash never
// leaves a bookmark whose group is gone but the bookmark is not), with BatchWriteItem
// deletes of 25.
Status DeleteWidgetChildren(const ServiceContext& context, std::string_view widget_id);

// DeleteWidgetChildren, then the widget item itself.
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
