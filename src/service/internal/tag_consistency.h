// A checker for the tag invariant of docs/data-model.md ("TagAssociations"): for one user,
// every item's `tags` attribute, its TagAssociations and the user's TagCounts agree. Used by
// the tests after every scenario (including crashes injected half way), and meant for
// `homeboard doctor`.
//
// It reads everything of the user (their pages, widgets, bookmarks, notes, each item's
// association partition, the count partition and the TagItemsIndex partition of every tag), so
// it is for checks and repairs, not for request paths.
//
// Thread safety: stateless; the answer is only meaningful when nothing writes concurrently.
#ifndef HOMEBOARD_SERVICE_INTERNAL_TAG_CONSISTENCY_H_
#define HOMEBOARD_SERVICE_INTERNAL_TAG_CONSISTENCY_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/tag_association.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service::internal {

// Every disagreement found, one human-readable line each; empty when consistent:
//   - an item's associations differ from its `tags`, or name another container or owner;
//   - a count differs from the number of items carrying the tag (a count of 0 left by an
//     interrupted cleanup is fine), or from the associations in TagItemsIndex (which finds
//     associations whose item is gone);
//   - an item in `gone` (type, item id) still has associations.
// Store errors are returned as errors.
Result<std::vector<std::string>> FindTagProblems(
    const ServiceContext& context, std::string_view user_id,
    const std::vector<std::pair<model::TaggedType, std::string>>& gone = {});

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_TAG_CONSISTENCY_H_
