// What every domain service is built from and called with: the ServiceContext (the store,
// the deployment's table names and an injectable clock), the Caller on whose behalf a call
// runs, the actions an access check asks about (the check itself is service/access.h), and
// Placement, how a caller says where a hand-ordered object goes.
//
// Services are stateless: they hold a copy of the context and nothing else, so one service
// object may be used by any number of threads at once (the store is thread-safe).
#ifndef HOMEBOARD_SERVICE_CONTEXT_H_
#define HOMEBOARD_SERVICE_CONTEXT_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "model/tables.h"
#include "model/timestamp.h"
#include "store/item_store.h"

namespace homeboard::service {

struct ServiceContext {
  // Not owned; must outlive every service built from this context.
  store::ItemStore* store = nullptr;
  model::TableNames tables;
  // The clock for created_at / updated_at and new ids. Tests inject a fixed or stepping one.
  std::function<model::Time()> now = [] { return std::chrono::system_clock::now(); };

  std::string Table(std::string_view base_name) const { return tables.Of(base_name); }
};

// Who is calling. Every service call takes it first.
struct Caller {
  std::string user_id;  // the authenticated user's id (a ULID)
};

// What a call wants to do with an object it has loaded (docs/data-model.md, "Shares"):
//   kView    read it;
//   kEdit    change it or its contents (a bookmark added to a widget edits the widget);
//   kReshare share it with someone else or revoke a share of it;
//   kDelete  delete the object itself, the page or widget a share names.
// The owner may do everything. A user the object's page or widget is shared with may view
// it (permission "view") or view and edit it (permission "edit"); only the owner reshares
// or deletes.
enum class Access { kView, kEdit, kReshare, kDelete };

// The owner test alone, without a store call: true if the caller is the object's owner.
// Lists of the caller's own objects (PageService::List) use it. Any call that loads an
// object by id goes through the share-aware check instead, service/access.h Can, which the
// loaders of service/internal/loaders.h make; a refusal is reported exactly like a missing
// object (kNotFound), so ids of other people's objects reveal nothing.
inline bool MayAccess(const Caller& caller, Access /*access*/, std::string_view owner_id) {
  return !caller.user_id.empty() && caller.user_id == owner_id;
}

// Where a hand-ordered object (page, widget, group, bookmark, note) goes among its siblings:
// immediately before `before_id`, immediately after `after_id`, or (neither given) at the end.
// Giving both is kInvalidArgument (field "before_id", rule "inconsistent"). An anchor that is
// not a sibling (missing, another owner's, in another column/group/widget, or the moved
// object itself) is kNotFound naming "before_id" / "after_id".
struct Placement {
  std::optional<std::string> before_id;
  std::optional<std::string> after_id;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_CONTEXT_H_
