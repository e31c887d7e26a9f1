// The one permission check of the service layer (docs/data-model.md, "Shares"): may this
// caller do this action on this loaded object? The owner may do anything; otherwise a share
// of the object's page, or of the widget it is or is in, decides, found by key (one GetItem,
// or one BatchGetItem of the widget's and the page's share items), never by a Query or Scan.
//
// Rules:
//   - owner (caller id == the object's user_id): every action, no store call;
//   - kReshare and kDelete: owner only, no store call. kDelete is deleting a page or a
//     widget itself (what a share names: deleting it ends its shares), whoever it is
//     shared with, so an edit grantee of a page does not delete its widgets either.
//     Deleting a group, bookmark or note is a write of its widget (kEdit), which an edit
//     grantee may do. Reordering pages (PageService::Move) is the owner's too: it orders
//     the owner's page list;
//   - a live share with permission "edit": kView and kEdit;
//   - a live share with permission "view": kView;
//   - an expired share (expires_at at or before context.now()) counts as no share, whether
//     or not DynamoDB's TTL has removed it yet; so does a share whose owner_id is not the
//     object's owner (a stale or forged item);
//   - a caller without an id (no user) may do nothing: public links go through
//     ShareService::OpenLink / PageLoader::LoadShared, never through Can.
//
// Thread safety: stateless functions over a thread-safe store.
#ifndef HOMEBOARD_SERVICE_ACCESS_H_
#define HOMEBOARD_SERVICE_ACCESS_H_

#include <optional>
#include <string_view>

#include "model/share.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

// The ownership facts of a loaded object that decide who may act on it. Views into the
// loaded object: it must outlive the call.
struct ResourceFacts {
  std::string_view owner_id;  // the object's user_id
  std::string_view page_id;   // the page it is, or is on
  // The widget it is, or is in (groups, bookmarks, notes); nullopt for a page.
  std::optional<std::string_view> widget_id;
};

// True if `permission` allows `action` to a grantee (never kReshare or kDelete).
bool Permits(model::Permission permission, Access action);

// Whether `caller` may do `action` on the object described by `resource`. At most one
// GetItem (a page) or one BatchGetItem of two keys (a widget or anything in one) on the
// Shares table; none for the owner, for kReshare / kDelete, or for a caller without an id.
// Errors: kUnavailable when the store is unavailable, kInternal for a corrupt share item or
// a missing table. A refusal is `false`, not an error: the caller reports it as kNotFound.
[[nodiscard]] Result<bool> Can(const ServiceContext& context, const Caller& caller, Access action,
                               const ResourceFacts& resource);

// The caller's live (unexpired) user share of one page or widget: one GetItem of
// (resource_ref, "user#<caller>"). nullopt if there is none or it has expired. Used where
// the owner is not known before the share is read (Pages are keyed by owner, so a grantee
// finds a page through its share's owner_id).
[[nodiscard]] Result<std::optional<model::Share>> FindUserShare(const ServiceContext& context,
                                                                const Caller& caller,
                                                                model::ResourceKind kind,
                                                                std::string_view resource_id);

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_ACCESS_H_
