// ShareService: share items written by key, listed through the two share indexes.
#include "service/share_service.h"

#include <fmt/format.h>

#include <utility>

#include "ddb/internal/crypto.h"
#include "model/api_token.h"
#include "model/attributes.h"
#include "model/ids.h"
#include "model/tables.h"
#include "model/timestamp.h"
#include "model/user.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"

namespace homeboard::service {
namespace {

using ddb::AttributeValue;

constexpr std::size_t kSecretBytes = 32;  // 256 bits
constexpr std::size_t kSecretHexLength = 2 * kSecretBytes;

// "p" / "w": the first part of a link token.
std::string_view TokenKindLetter(model::ResourceKind kind) {
  return kind == model::ResourceKind::kWidget ? "w" : "p";
}

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The resource a link token names, or nullopt if `token` is not "<p|w>.<ulid>.<64 hex>".
std::optional<std::pair<model::ResourceKind, std::string>> ParseLinkToken(std::string_view token) {
  if (token.size() != 2 + model::kIdLength + 1 + kSecretHexLength) return std::nullopt;
  if (token[1] != '.' || token[2 + model::kIdLength] != '.') return std::nullopt;
  model::ResourceKind kind;
  if (token[0] == 'p') {
    kind = model::ResourceKind::kPage;
  } else if (token[0] == 'w') {
    kind = model::ResourceKind::kWidget;
  } else {
    return std::nullopt;
  }
  std::string_view id = token.substr(2, model::kIdLength);
  if (!model::IsValidId(id) || !IsLowerHex(token.substr(3 + model::kIdLength))) {
    return std::nullopt;
  }
  return std::make_pair(kind, std::string(id));
}

Status CheckResource(const ResourceId& resource) {
  if (Status s = internal::CheckId(resource.page_id, model::attr::kPageId); !s.ok()) return s;
  if (resource.kind == model::ResourceKind::kWidget) {
    return internal::CheckId(resource.widget_id, model::attr::kWidgetId);
  }
  if (!resource.widget_id.empty()) {
    return InvalidArgument(model::attr::kWidgetId, model::rule::kInconsistent,
                           "widget_id: must be empty when sharing a page");
  }
  return {};
}

Status CheckExpiry(const ServiceContext& context, std::optional<std::int64_t> expires_at) {
  if (!expires_at) return {};
  std::int64_t now = model::ToEpochSeconds(context.now());
  if (*expires_at <= now) {
    return InvalidArgument(
        model::attr::kExpiresAt, model::rule::kRange,
        fmt::format("expires_at: must be in the future (got {}, now is {})", *expires_at, now));
  }
  return {};
}

std::string_view ResourceIdOf(const ResourceId& resource) {
  return resource.kind == model::ResourceKind::kWidget ? resource.widget_id : resource.page_id;
}

// The caller's own live resource (only the owner shares) and its title.
Result<std::string> LoadOwnedTitle(const ServiceContext& context, const Caller& caller,
                                   const ResourceId& resource) {
  if (resource.kind == model::ResourceKind::kPage) {
    Result<model::Page> page =
        internal::LoadPage(context, caller, resource.page_id, Access::kReshare);
    if (!page.ok()) return std::move(page).error();
    return std::move(page->title);
  }
  Result<model::Widget> widget =
      internal::LoadWidget(context, caller, resource.page_id, resource.widget_id, Access::kReshare);
  if (!widget.ok()) return std::move(widget).error();
  Result<model::Page> page =
      internal::LoadLivePage(context, widget->user_id, resource.page_id, model::attr::kPageId);
  if (!page.ok()) {
    if (page.error().code == Error::Code::kNotFound) {
      return NotFound(model::attr::kWidgetId, "widget", resource.widget_id);
    }
    return std::move(page).error();
  }
  return std::move(widget->title);
}

ddb::Item ToStoredItem(const ShareEntry& entry) {
  ddb::Item item = entry.share.ToItem();
  item[std::string(model::attr::kPageId)] = AttributeValue::S(entry.page_id);
  return item;
}

Result<ShareEntry> FromStoredItem(std::string_view table, const ddb::Item& item) {
  Result<model::Share> share = internal::Decode<model::Share>(table, item);
  if (!share.ok()) return std::move(share).error();
  ShareEntry entry{std::move(share).value(), {}};
  auto page = item.find(std::string(model::attr::kPageId));
  if (page != item.end() && page->second.IsS()) entry.page_id = page->second.AsS();
  if (!model::IsValidId(entry.page_id)) {
    return Internal(fmt::format("{}: share {} has no valid page_id", table, entry.share.share_id));
  }
  return entry;
}

// An unconditional PutItem (a share is replaced whole), sent once more after an unknown
// outcome or an unavailable store: putting the same item twice is the same as once.
Status PutShare(const ServiceContext& context, const std::string& table, const ddb::Item& item) {
  store::PutRequest request{table, item, {}};
  store::Status put = context.store->Put(request);
  if (!put.ok() && (put.error().Is(store::Error::Code::kOutcomeUnknown) ||
                    put.error().Is(store::Error::Code::kUnavailable))) {
    put = context.store->Put(request);
  }
  if (!put.ok()) return FromStore(put.error());
  return {};
}

Result<SharePage> ListByIndex(const ServiceContext& context, const Caller& caller,
                              std::string_view index, std::string_view partition_attribute,
                              int limit, std::string_view cursor) {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckLimit(limit); !s.ok()) return std::move(s).error();
  std::string table = context.Table(model::kSharesTable);
  store::QueryRequest request;
  request.table = table;
  request.index = std::string(index);
  request.key_condition = ddb::KeyCondition::Partition(std::string(partition_attribute),
                                                       AttributeValue::S(caller.user_id));
  request.forward = false;
  request.limit = limit;
  request.cursor = std::string(cursor);
  store::Result<store::QueryPage> result = context.store->Query(request);
  if (!result.ok()) {
    if (result.error().Is(store::Error::Code::kInvalidArgument) && !cursor.empty()) {
      return InvalidArgument("cursor", model::rule::kPattern,
                             "cursor: not a cursor this list returned");
    }
    return FromStore(result.error());
  }
  model::Time now = context.now();
  SharePage page;
  for (const ddb::Item& item : result->items) {
    Result<ShareEntry> entry = FromStoredItem(table, item);
    if (!entry.ok()) return std::move(entry).error();
    if (entry->share.IsExpiredAt(now)) continue;
    page.shares.push_back(std::move(entry).value());
  }
  page.next_cursor = std::move(result->next_cursor);
  return page;
}

}  // namespace

Result<ShareEntry> ShareService::ShareWithUser(const Caller& caller, const ResourceId& resource,
                                               std::string_view grantee_id,
                                               model::Permission permission,
                                               std::optional<std::int64_t> expires_at) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = CheckResource(resource); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(grantee_id, model::attr::kGranteeId); !s.ok()) {
    return std::move(s).error();
  }
  if (grantee_id == caller.user_id) {
    return InvalidArgument(model::attr::kGranteeId, model::rule::kInconsistent,
                           "grantee_id: you cannot share with yourself");
  }
  if (Status s = CheckExpiry(context_, expires_at); !s.ok()) return std::move(s).error();

  Result<std::string> title = LoadOwnedTitle(context_, caller, resource);
  if (!title.ok()) return std::move(title).error();
  Result<std::optional<ddb::Item>> user = internal::GetItem(
      context_, context_.Table(model::kUsersTable), model::User::KeyOf(grantee_id));
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return NotFound(model::attr::kGranteeId, "user", grantee_id);

  std::string table = context_.Table(model::kSharesTable);
  std::string_view resource_id = ResourceIdOf(resource);
  Result<std::optional<ddb::Item>> existing = internal::GetItem(
      context_, table,
      model::Share::KeyOf(resource.kind, resource_id, model::UserGrantee(grantee_id)));
  if (!existing.ok()) return std::move(existing).error();

  model::Time now = context_.now();
  ShareEntry entry;
  entry.page_id = resource.page_id;
  model::Share& share = entry.share;
  share.resource_kind = resource.kind;
  share.resource_id = std::string(resource_id);
  share.grantee_id = std::string(grantee_id);
  share.owner_id = caller.user_id;
  share.permission = permission;
  share.resource_title = std::move(title).value();
  share.expires_at = expires_at;
  share.share_id = model::NewId(now);
  share.created_at = model::FormatTimestamp(now);
  if (existing->has_value()) {
    // The same user again: the same share, with the new permission and expiry. An expired
    // one is as good as gone and is replaced by a new share.
    Result<ShareEntry> old = FromStoredItem(table, **existing);
    if (old.ok() && !old->share.IsExpiredAt(now) && old->share.owner_id == caller.user_id) {
      share.share_id = old->share.share_id;
      share.created_at = old->share.created_at;
    }
  }
  if (Status s = internal::CheckValid(share.Validate()); !s.ok()) return std::move(s).error();
  if (Status s = PutShare(context_, table, ToStoredItem(entry)); !s.ok()) {
    return std::move(s).error();
  }
  return entry;
}

Result<NewLink> ShareService::CreateLink(const Caller& caller, const ResourceId& resource,
                                         model::Permission permission,
                                         std::optional<std::int64_t> expires_at) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = CheckResource(resource); !s.ok()) return std::move(s).error();
  if (permission != model::Permission::kView) {
    return InvalidArgument(model::attr::kPermission, model::rule::kInconsistent,
                           "permission: links are view-only");
  }
  if (Status s = CheckExpiry(context_, expires_at); !s.ok()) return std::move(s).error();
  Result<std::string> title = LoadOwnedTitle(context_, caller, resource);
  if (!title.ok()) return std::move(title).error();

  std::string_view resource_id = ResourceIdOf(resource);
  NewLink link;
  link.token = fmt::format("{}.{}.{}", TokenKindLetter(resource.kind), resource_id,
                           ddb::internal::HexEncode(ddb::internal::RandomBytes(kSecretBytes)));
  model::Time now = context_.now();
  link.entry.page_id = resource.page_id;
  model::Share& share = link.entry.share;
  share.resource_kind = resource.kind;
  share.resource_id = std::string(resource_id);
  share.link_hash = model::TokenHash(link.token);
  share.share_id = model::NewId(now);
  share.owner_id = caller.user_id;
  share.permission = model::Permission::kView;
  share.resource_title = std::move(title).value();
  share.created_at = model::FormatTimestamp(now);
  share.expires_at = expires_at;
  if (Status s = internal::CheckValid(share.Validate()); !s.ok()) return std::move(s).error();
  if (Status s = PutShare(context_, context_.Table(model::kSharesTable), ToStoredItem(link.entry));
      !s.ok()) {
    return std::move(s).error();
  }
  return link;
}

Status ShareService::Revoke(const Caller& caller, const ResourceId& resource,
                            std::string_view grantee) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return s;
  if (Status s = CheckResource(resource); !s.ok()) return s;
  std::string_view rest = grantee;
  bool valid = false;
  if (rest.substr(0, 5) == "user#") {
    valid = model::IsValidId(rest.substr(5));
  } else if (rest.substr(0, 5) == "link#") {
    valid = model::ValidateTokenHash(rest.substr(5), model::attr::kGrantee).ok();
  }
  if (!valid) {
    return InvalidArgument(model::attr::kGrantee, model::rule::kPattern,
                           "grantee: must be user#<user id> or link#<hash>");
  }
  std::string table = context_.Table(model::kSharesTable);
  ddb::Item key = model::Share::KeyOf(resource.kind, ResourceIdOf(resource), grantee);
  Result<std::optional<ddb::Item>> item = internal::GetItem(context_, table, key);
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return NotFound(model::attr::kGrantee, "share", grantee);
  Result<ShareEntry> entry = FromStoredItem(table, **item);
  if (!entry.ok()) return std::move(entry).error();
  // Only the owner revokes; to anyone else the share does not exist.
  if (entry->share.owner_id != caller.user_id) {
    return NotFound(model::attr::kGrantee, "share", grantee);
  }
  return internal::DeleteIfPresent(context_, table, key);
}

Status ShareService::RevokeById(const Caller& caller, std::string_view share_id) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return s;
  if (Status s = internal::CheckId(share_id, model::attr::kShareId); !s.ok()) return s;
  std::string table = context_.Table(model::kSharesTable);
  store::QueryRequest request;
  request.table = table;
  request.index = std::string(model::kUserSharesIndex);
  request.key_condition = ddb::KeyCondition::Partition(std::string(model::attr::kOwnerId),
                                                       AttributeValue::S(caller.user_id));
  request.filter = ddb::Condition::Equal(ddb::Path(model::attr::kShareId),
                                         AttributeValue::S(std::string(share_id)));
  Result<std::vector<ddb::Item>> items = internal::QueryAll(context_, std::move(request));
  if (!items.ok()) return std::move(items).error();
  if (items->empty()) return NotFound(model::attr::kShareId, "share", share_id);
  Result<ShareEntry> entry = FromStoredItem(table, items->front());
  if (!entry.ok()) return std::move(entry).error();
  return internal::DeleteIfPresent(context_, table, entry->share.Key());
}

Result<SharePage> ShareService::ListMine(const Caller& caller, int limit,
                                         std::string_view cursor) const {
  return ListByIndex(context_, caller, model::kUserSharesIndex, model::attr::kOwnerId, limit,
                     cursor);
}

Result<SharePage> ShareService::ListSharedWithMe(const Caller& caller, int limit,
                                                 std::string_view cursor) const {
  return ListByIndex(context_, caller, model::kSharedWithIndex, model::attr::kGranteeId, limit,
                     cursor);
}

Result<ShareEntry> ShareService::OpenLink(std::string_view token) const {
  std::optional<std::pair<model::ResourceKind, std::string>> resource = ParseLinkToken(token);
  if (!resource) {
    return InvalidArgument("token", model::rule::kPattern, "token: not a share link token");
  }
  std::string table = context_.Table(model::kSharesTable);
  std::string hash = model::TokenHash(token);
  Result<std::optional<ddb::Item>> item = internal::GetItem(
      context_, table,
      model::Share::KeyOf(resource->first, resource->second, model::LinkGrantee(hash)));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return NotFound("token", "link", "");
  Result<ShareEntry> entry = FromStoredItem(table, **item);
  if (!entry.ok()) return std::move(entry).error();
  if (entry->share.link_hash != hash || entry->share.IsExpiredAt(context_.now())) {
    return NotFound("token", "link", "");
  }
  return entry;
}

namespace {

Result<std::vector<ddb::Item>> SharesOf(const ServiceContext& context, model::ResourceKind kind,
                                        std::string_view resource_id) {
  store::QueryRequest request;
  request.table = context.Table(model::kSharesTable);
  request.key_condition =
      ddb::KeyCondition::Partition(std::string(model::attr::kResourceRef),
                                   AttributeValue::S(model::ResourceRef(kind, resource_id)));
  request.consistent_read = true;
  return internal::QueryAll(context, std::move(request));
}

}  // namespace

Status DeleteSharesOf(const ServiceContext& context, model::ResourceKind kind,
                      std::string_view resource_id) {
  Result<std::vector<ddb::Item>> items = SharesOf(context, kind, resource_id);
  if (!items.ok()) return std::move(items).error();
  std::string table = context.Table(model::kSharesTable);
  std::vector<store::BatchWrite> deletes;
  for (const ddb::Item& item : *items) {
    ddb::Item key;
    for (std::string_view name : {model::attr::kResourceRef, model::attr::kGrantee}) {
      auto it = item.find(name);
      if (it == item.end()) return Internal(fmt::format("{}: share item without {}", table, name));
      key.emplace(it->first, it->second);
    }
    deletes.push_back({table, store::BatchWrite::Kind::kDelete, std::move(key)});
  }
  return internal::BatchWriteAll(context, deletes);
}

Status RepointWidgetShares(const ServiceContext& context, std::string_view widget_id,
                           std::string_view page_id) {
  Result<std::vector<ddb::Item>> items = SharesOf(context, model::ResourceKind::kWidget, widget_id);
  if (!items.ok()) return std::move(items).error();
  std::string table = context.Table(model::kSharesTable);
  std::vector<store::BatchWrite> puts;
  for (ddb::Item& item : *items) {
    Result<ShareEntry> entry = FromStoredItem(table, item);
    if (!entry.ok()) return std::move(entry).error();
    if (entry->page_id == page_id) continue;
    entry->page_id = std::string(page_id);
    puts.push_back({table, store::BatchWrite::Kind::kPut, ToStoredItem(*entry)});
  }
  return internal::BatchWriteAll(context, puts);
}

}  // namespace homeboard::service
