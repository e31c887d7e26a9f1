// NewTagServiceWriter: the import's TagWriter over the tag service.
//
// Interim: the tag service (tag_service.cc) is not in the tree yet, so this returns no
// writer and ImportService leaves tags unapplied (ImportReport::tagged stays 0). Replaced by
// the SetTagsMany adapter as soon as the tag service lands.
#include "service/import_service.h"

namespace homeboard::service {

std::unique_ptr<TagWriter> NewTagServiceWriter(ServiceContext /*context*/) { return nullptr; }

}  // namespace homeboard::service
