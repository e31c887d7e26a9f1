// Can: the owner test, then at most one keyed read of the Shares table.
#include "service/access.h"

#include <string>
#include <utility>
#include <vector>

#include "model/tables.h"
#include "service/internal/store_ops.h"

namespace homeboard::service {
namespace {

// A decoded share that still grants something: not expired, made by the object's owner.
bool IsLiveGrant(const ServiceContext& context, const model::Share& share,
                 std::string_view owner_id) {
  return !share.IsExpiredAt(context.now()) && share.owner_id == owner_id;
}

}  // namespace

bool Permits(model::Permission permission, Access action) {
  switch (action) {
    case Access::kView:
      return true;
    case Access::kEdit:
      return permission == model::Permission::kEdit;
    case Access::kReshare:
    case Access::kDelete:
      return false;
  }
  return false;
}

Result<bool> Can(const ServiceContext& context, const Caller& caller, Access action,
                 const ResourceFacts& resource) {
  if (caller.user_id.empty()) return false;
  if (caller.user_id == resource.owner_id) return true;
  // Only owners reshare or delete: no share can say otherwise, so nothing to read.
  if (action == Access::kReshare || action == Access::kDelete) return false;

  std::string table = context.Table(model::kSharesTable);
  std::string grantee = model::UserGrantee(caller.user_id);
  std::vector<ddb::Item> items;
  if (!resource.widget_id) {
    Result<std::optional<ddb::Item>> item = internal::GetItem(
        context, table, model::Share::KeyOf(model::ResourceKind::kPage, resource.page_id, grantee));
    if (!item.ok()) return std::move(item).error();
    if (item->has_value()) items.push_back(std::move(**item));
  } else {
    // The widget's own share or its page's: both keys in one round trip.
    std::vector<ddb::Item> keys = {
        model::Share::KeyOf(model::ResourceKind::kWidget, *resource.widget_id, grantee),
        model::Share::KeyOf(model::ResourceKind::kPage, resource.page_id, grantee)};
    store::Result<std::vector<ddb::Item>> found = context.store->BatchGet(table, keys);
    if (!found.ok()) return FromStore(found.error());
    items = std::move(found).value();
  }
  for (const ddb::Item& item : items) {
    Result<model::Share> share = internal::Decode<model::Share>(table, item);
    if (!share.ok()) return std::move(share).error();
    if (IsLiveGrant(context, *share, resource.owner_id) && Permits(share->permission, action)) {
      return true;
    }
  }
  return false;
}

Result<std::optional<model::Share>> FindUserShare(const ServiceContext& context,
                                                  const Caller& caller, model::ResourceKind kind,
                                                  std::string_view resource_id) {
  if (caller.user_id.empty()) return std::optional<model::Share>();
  std::string table = context.Table(model::kSharesTable);
  Result<std::optional<ddb::Item>> item = internal::GetItem(
      context, table, model::Share::KeyOf(kind, resource_id, model::UserGrantee(caller.user_id)));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return std::optional<model::Share>();
  Result<model::Share> share = internal::Decode<model::Share>(table, **item);
  if (!share.ok()) return std::move(share).error();
  if (share->IsExpiredAt(context.now())) return std::optional<model::Share>();
  return std::optional<model::Share>(std::move(share).value());
}

}  // namespace homeboard::service
