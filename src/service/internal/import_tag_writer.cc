// NewTagServiceWriter: the import's TagWriter over TagService::SetTagsMany, which keeps each
// bookmark's tag list, its TagAssociations and the owner's TagCounts in step and is
// idempotent on re-runs.
#include "service/import_service.h"
#include "service/tag_service.h"

namespace homeboard::service {
namespace {

class TagServiceWriter final : public TagWriter {
 public:
  explicit TagServiceWriter(ServiceContext context) : tags_(std::move(context)) {}

  Result<std::size_t> Apply(const Caller& caller,
                            const std::vector<ImportedTags>& tags) const override {
    std::size_t changed = 0;
    for (std::size_t begin = 0; begin < tags.size(); begin += kMaxTagAssignments) {
      std::size_t end = std::min(tags.size(), begin + kMaxTagAssignments);
      std::vector<TagAssignment> assignments;
      assignments.reserve(end - begin);
      for (std::size_t i = begin; i < end; ++i) {
        assignments.push_back(TagAssignment{
            .item = TaggedItemRef{.type = model::TaggedType::kBookmark,
                                  .container_id = tags[i].widget_id,
                                  .item_id = tags[i].bookmark_id},
            .tags = tags[i].tags});
      }
      Result<TagAssignmentReport> report = tags_.SetTagsMany(caller, assignments);
      if (!report.ok()) return std::move(report).error();
      changed += report->items_changed;
    }
    return changed;
  }

 private:
  TagService tags_;
};

}  // namespace

std::unique_ptr<TagWriter> NewTagServiceWriter(ServiceContext context) {
  return std::make_unique<TagServiceWriter>(std::move(context));
}

}  // namespace homeboard::service
