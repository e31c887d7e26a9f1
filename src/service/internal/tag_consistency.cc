// The tag invariant checker: walks a user's items and compares tags, associations and counts.
#include "service/internal/tag_consistency.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "model/attributes.h"
#include "model/tables.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"
#include "service/internal/tag_ops.h"

namespace homeboard::service::internal {
namespace {

using ddb::AttributeValue;
using ddb::Item;

Result<std::vector<Item>> QueryPartition(const ServiceContext& context, std::string_view index,
                                         std::string_view name, std::string value) {
  store::QueryRequest request;
  request.table = context.Table(model::kTagAssociationsTable);
  request.index = std::string(index);
  request.key_condition =
      ddb::KeyCondition::Partition(std::string(name), AttributeValue::S(std::move(value)));
  request.consistent_read = index.empty();
  return QueryAll(context, std::move(request));
}

}  // namespace

Result<std::vector<std::string>> FindTagProblems(
    const ServiceContext& context, std::string_view user_id,
    const std::vector<std::pair<model::TaggedType, std::string>>& gone) {
  std::vector<std::string> problems;
  std::string table = context.Table(model::kTagAssociationsTable);

  // The user's items.
  std::vector<TaggedRecord> records;
  Result<std::vector<model::Page>> pages = QueryPages(context, user_id);
  if (!pages.ok()) return std::move(pages).error();
  for (const model::Page& page : *pages) {
    Result<std::vector<model::Widget>> widgets = QueryWidgets(context, page.page_id);
    if (!widgets.ok()) return std::move(widgets).error();
    for (const model::Widget& widget : *widgets) {
      records.push_back(RecordOf(widget));
      Result<std::vector<model::Bookmark>> bookmarks = QueryBookmarks(context, widget.widget_id);
      if (!bookmarks.ok()) return std::move(bookmarks).error();
      for (const model::Bookmark& b : *bookmarks) records.push_back(RecordOf(b));
      Result<std::vector<model::Note>> notes = QueryNotes(context, widget.widget_id);
      if (!notes.ok()) return std::move(notes).error();
      for (const model::Note& n : *notes) records.push_back(RecordOf(n));
    }
  }

  // Each item against its associations.
  std::map<std::string, std::int64_t> carried;
  for (const TaggedRecord& record : records) {
    if (record.user_id != user_id) continue;
    std::string name = fmt::format("{} {}", model::TaggedTypeName(record.type), record.item_id);
    Result<std::vector<Item>> items = QueryPartition(context, "", model::attr::kItemRef,
                                                     model::ItemRef(record.type, record.item_id));
    if (!items.ok()) return std::move(items).error();
    std::set<std::string> associated;
    for (const Item& item : *items) {
      Result<model::TagAssociation> a = Decode<model::TagAssociation>(table, item);
      if (!a.ok()) return std::move(a).error();
      associated.insert(a->tag);
      if (a->container_id != record.container_id) {
        problems.push_back(fmt::format("{}: association \"{}\" names container {}, not {}", name,
                                       a->tag, a->container_id, record.container_id));
      }
      if (a->user_id != record.user_id) {
        problems.push_back(fmt::format("{}: association \"{}\" belongs to {}, not the owner {}",
                                       name, a->tag, a->user_id, record.user_id));
      }
    }
    std::set<std::string> tags(record.tags.begin(), record.tags.end());
    if (tags != associated) {
      problems.push_back(fmt::format("{}: tags [{}] but associations [{}]", name,
                                     fmt::join(tags, ", "), fmt::join(associated, ", ")));
    }
    for (const std::string& tag : record.tags) ++carried[tag];
  }

  // Counts against items and against the index.
  std::map<std::string, std::int64_t> counts;
  Result<std::vector<Item>> count_items =
      QueryPartition(context, "", model::attr::kItemRef, model::TagCountRef(user_id));
  if (!count_items.ok()) return std::move(count_items).error();
  for (const Item& item : *count_items) {
    Result<model::TagCount> count = Decode<model::TagCount>(table, item);
    if (!count.ok()) return std::move(count).error();
    counts[count->tag] = count->count;
  }
  std::set<std::string> all_tags;
  for (const auto& [tag, n] : counts) all_tags.insert(tag);
  for (const auto& [tag, n] : carried) all_tags.insert(tag);
  for (const std::string& tag : all_tags) {
    std::int64_t count = counts.contains(tag) ? counts[tag] : 0;
    std::int64_t items = carried.contains(tag) ? carried[tag] : 0;
    if (count != items) {
      problems.push_back(
          fmt::format("tag \"{}\": count {} but {} items carry it", tag, count, items));
    }
    Result<std::vector<Item>> indexed = QueryPartition(
        context, model::kTagItemsIndex, model::attr::kUserTag, model::UserTag(user_id, tag));
    if (!indexed.ok()) return std::move(indexed).error();
    if (static_cast<std::int64_t>(indexed->size()) != count) {
      problems.push_back(
          fmt::format("tag \"{}\": count {} but {} associations", tag, count, indexed->size()));
    }
  }

  for (const auto& [type, item_id] : gone) {
    Result<std::vector<Item>> items =
        QueryPartition(context, "", model::attr::kItemRef, model::ItemRef(type, item_id));
    if (!items.ok()) return std::move(items).error();
    if (!items->empty()) {
      problems.push_back(fmt::format("deleted {} {} still has {} associations",
                                     model::TaggedTypeName(type), item_id, items->size()));
    }
  }
  return problems;
}

}  // namespace homeboard::service::internal
