// ShareService: sharing a page or a widget with another user or by a public link, revoking,
// and the two lists, "shares I made" and "shared with me" (docs/data-model.md, "Shares").
// What a share allows is decided by service/access.h Can; this service only writes, reads
// and removes share items.
//
// Keys: a share is the item (resource_ref, grantee) = ("page#<id>" | "widget#<id>",
// "user#<user id>" | "link#<TokenHash(token)>"), so sharing the same resource with the same
// user again replaces that user's share (new permission and expiry, same share_id and
// created_at) instead of adding a second one. Besides model::Share's attributes every share
// item stores `page_id`, the page the resource is or is on: a widget is keyed by
// (page_id, widget_id), so a grantee needs it to open the widget.
//
// Link tokens: "<k>.<resource id>.<secret>", k = "p" (page) or "w" (widget), the secret 64
// lower-case hex digits of 256 bits from OpenSSL's CSPRNG. Only TokenHash(whole token) is
// stored (the grantee "link#<hash>"); the token is returned once, by CreateLink. The public
// part names the resource, so OpenLink finds the share with one GetItem of
// (resource_ref, "link#" + TokenHash(token)) without any index; knowing it without the
// secret gives nothing. Links are always view-only.
//
// Expiry: expires_at (epoch seconds) is DynamoDB's TTL attribute, but TTL deletes lazily,
// so every read compares it with context.now(): an expired share is not listed, not opened
// and grants nothing, before TTL removes it.
//
// Errors (every call): kInvalidArgument naming the field and rule ("page_id", "widget_id",
// "grantee_id", "grantee", "share_id", "permission", "expires_at", "limit", "cursor", "token",
// "user_id") with nothing written; kNotFound for a resource that is missing, not the
// caller's (only the owner shares and revokes: an edit grantee is refused like a stranger)
// or on a page being deleted, for an unknown grantee user, an unknown or foreign share, and
// an unknown, revoked or expired link; kUnavailable / kInternal from the store.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_SHARE_SERVICE_H_
#define HOMEBOARD_SERVICE_SHARE_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/share.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

// Names a shareable resource: a page (widget_id empty) or a widget (page_id is its page).
struct ResourceId {
  model::ResourceKind kind = model::ResourceKind::kPage;
  std::string page_id;
  std::string widget_id;  // widgets only

  static ResourceId Page(std::string_view page_id) {
    return {model::ResourceKind::kPage, std::string(page_id), {}};
  }
  static ResourceId Widget(std::string_view page_id, std::string_view widget_id) {
    return {model::ResourceKind::kWidget, std::string(page_id), std::string(widget_id)};
  }
};

// A share and where its resource lives.
struct ShareEntry {
  model::Share share;
  std::string page_id;  // the page shared, or the page the shared widget is on

  friend bool operator==(const ShareEntry&, const ShareEntry&) = default;
};

// A new public link: its share, and the token, which is never shown again.
struct NewLink {
  ShareEntry entry;
  std::string token;
};

struct SharePage {
  std::vector<ShareEntry> shares;  // newest first; expired shares left out
  std::string next_cursor;         // empty when there is nothing more
};

class ShareService {
 public:
  explicit ShareService(ServiceContext context) : context_(std::move(context)) {}

  // Shares the caller's page or widget with user `grantee_id` (a ULID naming an existing
  // user other than the caller) with `permission`, until `expires_at` (epoch seconds,
  // after context.now(); nullopt: no expiry). Sharing again with the same user replaces
  // permission and expiry. Reads: the resource (+ its page for a widget), the grantee's user
  // item, the existing share; one PutItem. Errors: "grantee_id" rule "inconsistent" for
  // sharing with yourself, "expires_at" rule "range" for an expiry not in the future.
  [[nodiscard]] Result<ShareEntry> ShareWithUser(const Caller& caller, const ResourceId& resource,
                                                 std::string_view grantee_id,
                                                 model::Permission permission,
                                                 std::optional<std::int64_t> expires_at) const;

  // A public, view-only link to the caller's page or widget. `permission` must be kView
  // ("permission" rule "inconsistent" otherwise; it is a parameter so an API request asking
  // for an edit link is refused, not silently downgraded). The token is in the answer only.
  [[nodiscard]] Result<NewLink> CreateLink(const Caller& caller, const ResourceId& resource,
                                           model::Permission permission,
                                           std::optional<std::int64_t> expires_at) const;

  // Deletes the share (resource, grantee); `grantee` is model::Share::grantee() of a listed
  // share: "user#<user id>" or "link#<hash>". Only the share's owner may revoke. One GetItem
  // and one DeleteItem; the resource itself is not read (shares of a deleted resource can be
  // revoked too).
  [[nodiscard]] Status Revoke(const Caller& caller, const ResourceId& resource,
                              std::string_view grantee) const;

  // Revoke by the share's public handle: the caller's share `share_id`, found with one
  // drained Query of the caller's UserSharesIndex partition filtered on share_id (a handful of
  // pages for an owner of thousands of shares), then deleted. kNotFound ("share_id") if the
  // caller made no such share.
  [[nodiscard]] Status RevokeById(const Caller& caller, std::string_view share_id) const;

  // The shares the caller made (UserSharesIndex), newest first, `limit` (1..1000) per page;
  // `cursor` is the previous page's next_cursor. Expired shares are left out, so a page may
  // hold fewer than `limit` shares and still have a next_cursor. One Query.
  [[nodiscard]] Result<SharePage> ListMine(const Caller& caller, int limit,
                                           std::string_view cursor) const;

  // The shares made to the caller (SharedWithIndex), as ListMine. This, not
  // PageService::List, is how "pages shared with me" are listed.
  [[nodiscard]] Result<SharePage> ListSharedWithMe(const Caller& caller, int limit,
                                                   std::string_view cursor) const;

  // The live share of a link token: one GetItem. kInvalidArgument ("token", "pattern") for
  // a string that is not a link token; kNotFound ("token") for an unknown, revoked or
  // expired one.
  [[nodiscard]] Result<ShareEntry> OpenLink(std::string_view token) const;

 private:
  ServiceContext context_;
};

// For the cascades (no caller: the cascade has checked its own caller). Both are idempotent
// and re-runnable after any failure; kUnavailable / kInternal from the store.

// Deletes every share of one page or widget, user shares and links alike: one drained Query
// of the resource's partition, then BatchWriteItem deletes. Deleting a page calls it for the
// page and for each of its widgets.
[[nodiscard]] Status DeleteSharesOf(const ServiceContext& context, model::ResourceKind kind,
                                    std::string_view resource_id);

// Rewrites the stored page_id of every share of widget `widget_id` to `page_id`, after the
// widget moved to that page (WidgetService::MoveToPage), so grantees and links find it
// there. Shares already naming `page_id` are not written.
[[nodiscard]] Status RepointWidgetShares(const ServiceContext& context, std::string_view widget_id,
                                         std::string_view page_id);

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_SHARE_SERVICE_H_
