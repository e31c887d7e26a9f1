// Tests of the permission check (service/access.h Can) through the real services on a
// SQLite store: the matrix of who (owner, view grantee, edit grantee, stranger, expired
// share, revoked share, public link) may do what (read, write, reshare, delete) on a shared page
// and on a widget shared on its own, refusals being kNotFound exactly like missing objects; what a
// widget-only share does not open; what edit grantees add belonging to the owner; Can's
// store cost (at most one GetItem or BatchGetItem, never a Query); expiry honoured before
// TTL; and a failing share read failing the load.
#include "service/access.h"

#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "model/ids.h"
#include "model/tables.h"
#include "model/user.h"
#include "service/bookmark_service.h"
#include "service/page_loader.h"
#include "service/page_service.h"
#include "service/share_service.h"
#include "service/testing_store.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;

enum class Role { kOwner, kViewer, kEditor, kStranger, kExpired, kRevoked };
enum class Act { kRead, kWrite, kReshare, kDelete };

std::string RoleName(Role role) {
  switch (role) {
    case Role::kOwner:
      return "owner";
    case Role::kViewer:
      return "view grantee";
    case Role::kEditor:
      return "edit grantee";
    case Role::kStranger:
      return "stranger";
    case Role::kExpired:
      return "expired share";
    case Role::kRevoked:
      return "revoked share";
  }
  return "?";
}

std::string ActName(Act act) {
  switch (act) {
    case Act::kRead:
      return "read";
    case Act::kWrite:
      return "write";
    case Act::kReshare:
      return "reshare";
    case Act::kDelete:
      return "delete";
  }
  return "?";
}

// The expected answers, the same for a page share and a widget share.
bool Allowed(Role role, Act act) {
  switch (role) {
    case Role::kOwner:
      return true;
    case Role::kViewer:
      return act == Act::kRead;
    case Role::kEditor:
      return act == Act::kRead || act == Act::kWrite;
    default:
      return false;
  }
}

const std::vector<Role> kRoles = {Role::kOwner,    Role::kViewer,  Role::kEditor,
                                  Role::kStranger, Role::kExpired, Role::kRevoked};

// Alice's page with two bookmarks widgets (one bookmark each), and a user per role; the
// resource under test (the page, or the first widget alone) is shared with the grantees.
class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    for (Role role : kRoles) {
      callers_[role] = role == Role::kOwner ? alice_ : Caller{model::NewId()};
      AddUser(callers_[role]);
    }
    AddUser(target_);
    PageService pages(env_->context);
    WidgetService widgets(env_->context);
    BookmarkService bookmarks(env_->context);
    ASSERT_OK_AND_ASSIGN(page_, pages.Create(alice_, "Shared page"));
    ASSERT_OK_AND_ASSIGN(widget_, widgets.Add(alice_, page_.page_id, NewWidget{.title = "Links"}));
    ASSERT_OK_AND_ASSIGN(other_widget_,
                         widgets.Add(alice_, page_.page_id, NewWidget{.title = "Private"}));
    ASSERT_OK_AND_ASSIGN(bookmark_, bookmarks.Add(alice_, page_.page_id, widget_.widget_id,
                                                  NewBookmark{.url = "https://a.example/"}));
    ASSERT_OK_AND_ASSIGN(other_bookmark_,
                         bookmarks.Add(alice_, page_.page_id, other_widget_.widget_id,
                                       NewBookmark{.url = "https://b.example/"}));
  }

  void AddUser(const Caller& caller) {
    std::string name = "u" + caller.user_id.substr(16);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    model::User user{.user_id = caller.user_id,
                     .name = name,
                     .display_name = "User",
                     .password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
                     .created_at = "2026-01-01T00:00:00.000Z",
                     .updated_at = "2026-01-01T00:00:00.000Z"};
    ASSERT_OK(user.Validate());
    ASSERT_OK(env_->db->store()->Put({env_->context.Table(model::kUsersTable), user.ToItem(), {}}));
  }

  // Shares `resource` with the grantee roles; the expired share is made to expire by
  // advancing the clock past it (TTL has not run: the item is still there).
  void ShareWithRoles(const ResourceId& resource) {
    ShareService shares(env_->context);
    std::int64_t soon = model::ToEpochSeconds(env_->clock->Now()) + 60;
    ASSERT_OK(shares.ShareWithUser(alice_, resource, callers_[Role::kViewer].user_id,
                                   model::Permission::kView, std::nullopt));
    ASSERT_OK(shares.ShareWithUser(alice_, resource, callers_[Role::kEditor].user_id,
                                   model::Permission::kEdit, std::nullopt));
    ASSERT_OK(shares.ShareWithUser(alice_, resource, callers_[Role::kExpired].user_id,
                                   model::Permission::kEdit, soon));
    ASSERT_OK(shares.ShareWithUser(alice_, resource, callers_[Role::kRevoked].user_id,
                                   model::Permission::kEdit, std::nullopt));
    // Before it expires, the expiring share works ...
    ASSERT_OK(BookmarkService(env_->context)
                  .Get(callers_[Role::kExpired], widget_.widget_id, bookmark_.bookmark_id));
    ASSERT_OK(
        shares.Revoke(alice_, resource, model::UserGrantee(callers_[Role::kRevoked].user_id)));
    env_->clock->Advance(61'000);  // ... and then it has expired.
  }

  // The stored page / widget / bookmark as their owner sees them (current versions).
  model::Page CurrentPage() {
    Result<model::Page> page = PageService(env_->context).Get(alice_, page_.page_id);
    EXPECT_TRUE(page.ok());
    return page.ok() ? *page : model::Page{};
  }
  std::int64_t BookmarkVersion() {
    Result<model::Bookmark> b =
        BookmarkService(env_->context).Get(alice_, widget_.widget_id, bookmark_.bookmark_id);
    EXPECT_TRUE(b.ok());
    return b.ok() ? b->version : 0;
  }

  // Runs `act` as `role` on the shared page; OK or the error.
  Status OnPage(Role role, Act act) {
    const Caller& caller = callers_[role];
    switch (act) {
      case Act::kRead: {
        Result<PageView> view = PageLoader(env_->context).Load(caller, page_.page_id);
        if (!view.ok()) return std::move(view).error();
        EXPECT_EQ(view->widgets.size(), 2u) << RoleName(role);
        return {};
      }
      case Act::kWrite: {
        Result<model::Page> renamed = PageService(env_->context)
                                          .Rename(caller, page_.page_id, CurrentPage().version,
                                                  "Renamed by " + RoleName(role));
        if (!renamed.ok()) return std::move(renamed).error();
        return {};
      }
      case Act::kReshare:
        return Reshare(caller, ResourceId::Page(page_.page_id));
      case Act::kDelete:
        return PageService(env_->context).Delete(caller, page_.page_id, CurrentPage().version);
    }
    return {};
  }

  // Runs `act` as `role` on the widget shared on its own.
  Status OnWidget(Role role, Act act) {
    const Caller& caller = callers_[role];
    switch (act) {
      case Act::kRead: {
        Result<WidgetView> view =
            PageLoader(env_->context).LoadWidget(caller, page_.page_id, widget_.widget_id);
        if (!view.ok()) return std::move(view).error();
        EXPECT_EQ(view->bookmarks.size(), 1u) << RoleName(role);
        return {};
      }
      case Act::kWrite: {
        Result<model::Bookmark> updated =
            BookmarkService(env_->context)
                .Update(caller, widget_.widget_id, bookmark_.bookmark_id, BookmarkVersion(),
                        BookmarkChanges{.title = "Edited by " + RoleName(role)});
        if (!updated.ok()) return std::move(updated).error();
        return {};
      }
      case Act::kReshare:
        return Reshare(caller, ResourceId::Widget(page_.page_id, widget_.widget_id));
      case Act::kDelete: {
        // WidgetService::Delete requires kDelete (owner only; exercised end to end by
        // widget_service_test's WidgetSharingTest); here the rule itself is checked with Can.
        Result<bool> can = Can(env_->context, caller, Access::kDelete,
                               {widget_.user_id, widget_.page_id, widget_.widget_id});
        if (!can.ok()) return std::move(can).error();
        if (!*can) return NotFound("widget_id", "widget", widget_.widget_id);
        return {};
      }
    }
    return {};
  }

  Status Reshare(const Caller& caller, const ResourceId& resource) {
    ShareService shares(env_->context);
    Result<ShareEntry> shared = shares.ShareWithUser(caller, resource, target_.user_id,
                                                     model::Permission::kView, std::nullopt);
    if (!shared.ok()) return std::move(shared).error();
    // Undo, so the next role starts from the same shares.
    return shares.Revoke(alice_, resource, model::UserGrantee(target_.user_id));
  }

  std::unique_ptr<ServiceTestEnv> env_;
  Caller alice_{model::NewId()};
  Caller target_{model::NewId()};  // whom a reshare would share with
  std::map<Role, Caller> callers_;
  model::Page page_;
  model::Widget widget_;
  model::Widget other_widget_;
  model::Bookmark bookmark_;
  model::Bookmark other_bookmark_;
};

void ExpectMatrix(const std::function<Status(Role, Act)>& run) {
  // Deletes last, owner's delete very last: it removes the resource.
  for (Act act : {Act::kRead, Act::kWrite, Act::kReshare, Act::kDelete}) {
    for (Role role : {Role::kViewer, Role::kEditor, Role::kStranger, Role::kExpired, Role::kRevoked,
                      Role::kOwner}) {
      SCOPED_TRACE(RoleName(role) + " " + ActName(act));
      Status status = run(role, act);
      if (Allowed(role, act)) {
        EXPECT_TRUE(status.ok()) << status.error().ToString();
      } else {
        ASSERT_FALSE(status.ok());
        // 404, never 403: a refusal looks exactly like a missing object.
        EXPECT_EQ(status.error().code, Code::kNotFound) << status.error().ToString();
        EXPECT_EQ(status.error().rule, rule::kNotFound);
      }
    }
  }
}

TEST_F(AccessTest, PageShareMatrix) {
  ShareWithRoles(ResourceId::Page(page_.page_id));
  ExpectMatrix([&](Role role, Act act) { return OnPage(role, act); });
  // The owner's delete went through: the page is gone for everyone.
  EXPECT_EQ(PageLoader(env_->context).Load(alice_, page_.page_id).error().code, Code::kNotFound);
}

TEST_F(AccessTest, WidgetShareMatrix) {
  ShareWithRoles(ResourceId::Widget(page_.page_id, widget_.widget_id));
  ExpectMatrix([&](Role role, Act act) { return OnWidget(role, act); });
}

TEST_F(AccessTest, PageGranteesReachEverythingOnThePage) {
  ShareWithRoles(ResourceId::Page(page_.page_id));
  BookmarkService bookmarks(env_->context);
  WidgetService widgets(env_->context);
  const Caller& viewer = callers_[Role::kViewer];
  const Caller& editor = callers_[Role::kEditor];
  ASSERT_OK(bookmarks.Get(viewer, other_widget_.widget_id, other_bookmark_.bookmark_id));
  ASSERT_OK_AND_ASSIGN(std::vector<model::Widget> listed, widgets.List(viewer, page_.page_id));
  EXPECT_EQ(listed.size(), 2u);
  ASSERT_OK(widgets.Get(viewer, page_.page_id, other_widget_.widget_id));
  // View grantees read but do not write, even inside the page.
  Result<model::Widget> refused =
      widgets.Update(viewer, page_.page_id, other_widget_.widget_id, other_widget_.version,
                     WidgetChanges{.title = "No"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(model::Widget renamed,
                       widgets.Update(editor, page_.page_id, other_widget_.widget_id,
                                      other_widget_.version, WidgetChanges{.title = "Yes"}));
  EXPECT_EQ(renamed.user_id, alice_.user_id);  // still Alice's widget
  ASSERT_OK_AND_ASSIGN(model::Page page, PageService(env_->context).Get(viewer, page_.page_id));
  EXPECT_EQ(page.user_id, alice_.user_id);
}

TEST_F(AccessTest, AWidgetShareOpensThatWidgetOnly) {
  ShareWithRoles(ResourceId::Widget(page_.page_id, widget_.widget_id));
  PageLoader loader(env_->context);
  BookmarkService bookmarks(env_->context);
  for (Role role : {Role::kViewer, Role::kEditor}) {
    SCOPED_TRACE(RoleName(role));
    const Caller& caller = callers_[role];
    ASSERT_OK(loader.LoadWidget(caller, page_.page_id, widget_.widget_id));
    ASSERT_OK(bookmarks.Get(caller, widget_.widget_id, bookmark_.bookmark_id));
    // Adding to the widget needs its page live, not access to the page.
    Result<model::Bookmark> added = bookmarks.Add(caller, page_.page_id, widget_.widget_id,
                                                  NewBookmark{.url = "https://c.example/"});
    if (role == Role::kEditor) {
      ASSERT_OK(added);
      EXPECT_EQ(added->user_id, alice_.user_id);
    } else {
      ASSERT_FALSE(added.ok());
      EXPECT_EQ(added.error().code, Code::kNotFound);
    }
    Result<PageView> page = loader.Load(caller, page_.page_id);
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code, Code::kNotFound);
    EXPECT_EQ(page.error().field, "page_id");
    Result<WidgetView> other = loader.LoadWidget(caller, page_.page_id, other_widget_.widget_id);
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, Code::kNotFound);
    EXPECT_EQ(other.error().field, "widget_id");
    Result<model::Bookmark> other_bookmark =
        bookmarks.Get(caller, other_widget_.widget_id, other_bookmark_.bookmark_id);
    ASSERT_FALSE(other_bookmark.ok());
    EXPECT_EQ(other_bookmark.error().code, Code::kNotFound);
  }
}

TEST_F(AccessTest, EditGranteesAddThingsThatBelongToTheOwner) {
  ShareWithRoles(ResourceId::Page(page_.page_id));
  const Caller& editor = callers_[Role::kEditor];
  const Caller& viewer = callers_[Role::kViewer];
  BookmarkService bookmarks(env_->context);
  WidgetService widgets(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Bookmark added,
                       bookmarks.Add(editor, page_.page_id, widget_.widget_id,
                                     NewBookmark{.url = "https://c.example/"}));
  EXPECT_EQ(added.user_id, alice_.user_id);
  ASSERT_OK_AND_ASSIGN(model::Widget widget,
                       widgets.Add(editor, page_.page_id, NewWidget{.title = "Editor's"}));
  EXPECT_EQ(widget.user_id, alice_.user_id);
  // The owner sees and controls them like her own.
  ASSERT_OK_AND_ASSIGN(PageView view, PageLoader(env_->context).Load(alice_, page_.page_id));
  EXPECT_EQ(view.widgets.size(), 3u);
  ASSERT_OK(bookmarks.Delete(alice_, widget_.widget_id, added.bookmark_id, added.version));
  // A view grantee adds nothing.
  int writes = env_->faulty.ForwardedWrites();
  Result<model::Bookmark> refused = bookmarks.Add(viewer, page_.page_id, widget_.widget_id,
                                                  NewBookmark{.url = "https://d.example/"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kNotFound);
  Result<model::Widget> no_widget = widgets.Add(viewer, page_.page_id, NewWidget{.title = "No"});
  ASSERT_FALSE(no_widget.ok());
  EXPECT_EQ(no_widget.error().code, Code::kNotFound);
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
}

TEST_F(AccessTest, APublicLinkReadsItsResourceAndDoesNothingElse) {
  ShareService shares(env_->context);
  for (const ResourceId& resource :
       {ResourceId::Page(page_.page_id), ResourceId::Widget(page_.page_id, widget_.widget_id)}) {
    SCOPED_TRACE(resource.widget_id.empty() ? "page link" : "widget link");
    ASSERT_OK_AND_ASSIGN(NewLink link,
                         shares.CreateLink(alice_, resource, model::Permission::kView, {}));
    // Read: exactly the shared resource.
    ASSERT_OK_AND_ASSIGN(SharedView shared, PageLoader(env_->context).LoadShared(link.token));
    if (resource.widget_id.empty()) {
      ASSERT_TRUE(shared.page.has_value());
      EXPECT_EQ(shared.page->widgets.size(), 2u);
    } else {
      ASSERT_TRUE(shared.widget.has_value());
      EXPECT_FALSE(shared.page.has_value());
      EXPECT_EQ(shared.widget->widget.widget_id, widget_.widget_id);
    }
    // Write, reshare, delete: a token is not a user, so every service refuses it before
    // reading anything.
    Caller as_link{link.token};
    int writes = env_->faulty.ForwardedWrites();
    std::vector<Status> attempts;
    attempts.push_back(PageService(env_->context)
                           .Rename(as_link, page_.page_id, CurrentPage().version, "x")
                           .error());
    attempts.push_back(BookmarkService(env_->context)
                           .Update(as_link, widget_.widget_id, bookmark_.bookmark_id,
                                   BookmarkVersion(), BookmarkChanges{.title = "x"})
                           .error());
    attempts.push_back(
        shares.ShareWithUser(as_link, resource, target_.user_id, model::Permission::kView, {})
            .error());
    attempts.push_back(
        PageService(env_->context).Delete(as_link, page_.page_id, CurrentPage().version));
    ASSERT_OK_AND_ASSIGN(bool can_view, Can(env_->context, as_link, Access::kView,
                                            {alice_.user_id, page_.page_id, widget_.widget_id}));
    EXPECT_FALSE(can_view);
    for (const Status& attempt : attempts) {
      ASSERT_FALSE(attempt.ok());
      EXPECT_EQ(attempt.error().code, Code::kInvalidArgument);
      EXPECT_EQ(attempt.error().field, "user_id");
    }
    EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  }
}

TEST_F(AccessTest, CanCostsAtMostOneKeyedReadAndNeverAQuery) {
  ShareWithRoles(ResourceId::Page(page_.page_id));
  struct Case {
    std::string name;
    Role role;
    Access action;
    bool on_widget;
    bool allowed;
    int gets;
    int batch_gets;
  };
  const std::vector<Case> cases = {
      {"owner page", Role::kOwner, Access::kEdit, false, true, 0, 0},
      {"owner widget delete", Role::kOwner, Access::kDelete, true, true, 0, 0},
      {"viewer page view", Role::kViewer, Access::kView, false, true, 1, 0},
      {"viewer page edit", Role::kViewer, Access::kEdit, false, false, 1, 0},
      {"editor widget edit", Role::kEditor, Access::kEdit, true, true, 0, 1},
      {"editor widget reshare", Role::kEditor, Access::kReshare, true, false, 0, 0},
      {"editor page delete", Role::kEditor, Access::kDelete, false, false, 0, 0},
      {"editor widget delete", Role::kEditor, Access::kDelete, true, false, 0, 0},
      {"viewer widget delete", Role::kViewer, Access::kDelete, true, false, 0, 0},
      {"stranger widget view", Role::kStranger, Access::kView, true, false, 0, 1},
      {"expired page view", Role::kExpired, Access::kView, false, false, 1, 0},
      {"revoked widget view", Role::kRevoked, Access::kView, true, false, 0, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    int gets = env_->faulty.Calls(Op::kGet);
    int batch_gets = env_->faulty.Calls(Op::kBatchGet);
    int queries = env_->faulty.Calls(Op::kQuery);
    int scans = env_->faulty.Calls(Op::kScan);
    ResourceFacts facts{alice_.user_id, page_.page_id, std::nullopt};
    if (c.on_widget) facts.widget_id = widget_.widget_id;
    ASSERT_OK_AND_ASSIGN(bool allowed, Can(env_->context, callers_[c.role], c.action, facts));
    EXPECT_EQ(allowed, c.allowed);
    EXPECT_EQ(env_->faulty.Calls(Op::kGet) - gets, c.gets);
    EXPECT_EQ(env_->faulty.Calls(Op::kBatchGet) - batch_gets, c.batch_gets);
    EXPECT_EQ(env_->faulty.Calls(Op::kQuery) - queries, 0);
    EXPECT_EQ(env_->faulty.Calls(Op::kScan) - scans, 0);
  }
}

TEST_F(AccessTest, LoadingASharedObjectCostsTheObjectReadPlusOne) {
  ShareWithRoles(ResourceId::Page(page_.page_id));
  const Caller& viewer = callers_[Role::kViewer];
  int gets = env_->faulty.Calls(Op::kGet);
  int batch_gets = env_->faulty.Calls(Op::kBatchGet);
  int queries = env_->faulty.Calls(Op::kQuery);
  int scans = env_->faulty.Calls(Op::kScan);
  ASSERT_OK(BookmarkService(env_->context).Get(viewer, widget_.widget_id, bookmark_.bookmark_id));
  EXPECT_EQ(env_->faulty.Calls(Op::kGet) - gets, 1);             // the bookmark
  EXPECT_EQ(env_->faulty.Calls(Op::kBatchGet) - batch_gets, 1);  // its widget + page shares
  EXPECT_EQ(env_->faulty.Calls(Op::kQuery) - queries, 0);
  // A page: the miss in the viewer's own partition, the share, the page.
  gets = env_->faulty.Calls(Op::kGet);
  ASSERT_OK(PageService(env_->context).Get(viewer, page_.page_id));
  EXPECT_EQ(env_->faulty.Calls(Op::kGet) - gets, 3);
  EXPECT_EQ(env_->faulty.Calls(Op::kQuery) - queries, 0);
  EXPECT_EQ(env_->faulty.Calls(Op::kScan) - scans, 0);
  // The owner pays nothing for the check.
  gets = env_->faulty.Calls(Op::kGet);
  batch_gets = env_->faulty.Calls(Op::kBatchGet);
  ASSERT_OK(BookmarkService(env_->context).Get(alice_, widget_.widget_id, bookmark_.bookmark_id));
  EXPECT_EQ(env_->faulty.Calls(Op::kGet) - gets, 1);
  EXPECT_EQ(env_->faulty.Calls(Op::kBatchGet) - batch_gets, 0);
}

TEST_F(AccessTest, ExpiryIsHonouredBeforeTtlDeletesTheItem) {
  ShareService shares(env_->context);
  const Caller& viewer = callers_[Role::kViewer];
  std::int64_t expires = model::ToEpochSeconds(env_->clock->Now()) + 10;
  ASSERT_OK(shares.ShareWithUser(alice_, ResourceId::Page(page_.page_id), viewer.user_id,
                                 model::Permission::kView, expires));
  ASSERT_OK(PageLoader(env_->context).Load(viewer, page_.page_id));
  env_->clock->Advance(10'000);  // exactly at expires_at: expired
  Result<PageView> late = PageLoader(env_->context).Load(viewer, page_.page_id);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, Code::kNotFound);
  // The item is still stored (TTL has not run), yet grants nothing.
  ASSERT_OK_AND_ASSIGN(
      std::optional<store::Item> item,
      env_->db->store()->Get({env_->context.Table(model::kSharesTable),
                              model::Share::KeyOf(model::ResourceKind::kPage, page_.page_id,
                                                  model::UserGrantee(viewer.user_id))}));
  EXPECT_TRUE(item.has_value());
  Result<model::Bookmark> bookmark =
      BookmarkService(env_->context).Get(viewer, widget_.widget_id, bookmark_.bookmark_id);
  ASSERT_FALSE(bookmark.ok());
  EXPECT_EQ(bookmark.error().code, Code::kNotFound);
}

TEST_F(AccessTest, AShareMadeByAnotherOwnerGrantsNothing) {
  // A share item naming someone other than the page's owner (stale or forged) is ignored.
  const Caller& stranger = callers_[Role::kStranger];
  model::Share forged{.resource_kind = model::ResourceKind::kPage,
                      .resource_id = page_.page_id,
                      .grantee_id = stranger.user_id,
                      .share_id = model::NewId(),
                      .owner_id = callers_[Role::kViewer].user_id,
                      .permission = model::Permission::kEdit,
                      .resource_title = "x",
                      .created_at = "2026-01-01T00:00:00.000Z"};
  ASSERT_OK(forged.Validate());
  store::Item item = forged.ToItem();
  item["page_id"] = ddb::AttributeValue::S(page_.page_id);
  ASSERT_OK(env_->db->store()->Put({env_->context.Table(model::kSharesTable), item, {}}));
  ASSERT_OK_AND_ASSIGN(bool allowed, Can(env_->context, stranger, Access::kView,
                                         {alice_.user_id, page_.page_id, widget_.widget_id}));
  EXPECT_FALSE(allowed);
  // LoadPage finds the forged share's "owner", whose partition has no such page.
  Result<model::Page> page = PageService(env_->context).Get(stranger, page_.page_id);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code, Code::kNotFound);
}

TEST_F(AccessTest, ACallerWithoutAnIdMayDoNothing) {
  ASSERT_OK_AND_ASSIGN(bool allowed, Can(env_->context, Caller{}, Access::kView,
                                         {alice_.user_id, page_.page_id, std::nullopt}));
  EXPECT_FALSE(allowed);
  Result<PageView> view = PageLoader(env_->context).Load(Caller{}, page_.page_id);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error().code, Code::kInvalidArgument);
  EXPECT_EQ(view.error().field, "user_id");
}

TEST_F(AccessTest, AFailingShareReadFailsTheLoadInsteadOfRefusing) {
  ShareWithRoles(ResourceId::Page(page_.page_id));
  const Caller& viewer = callers_[Role::kViewer];
  env_->faulty.Inject(
      {.op = Op::kBatchGet, .code = store::Error::Code::kUnavailable, .when = When::kBefore});
  Result<model::Bookmark> bookmark =
      BookmarkService(env_->context).Get(viewer, widget_.widget_id, bookmark_.bookmark_id);
  ASSERT_FALSE(bookmark.ok());
  EXPECT_EQ(bookmark.error().code, Code::kUnavailable);
  ASSERT_OK(BookmarkService(env_->context).Get(viewer, widget_.widget_id, bookmark_.bookmark_id));
}

TEST(Permits, EditIncludesViewAndNothingGrantsResharingOrDeleting) {
  using model::Permission;
  EXPECT_TRUE(Permits(Permission::kView, Access::kView));
  EXPECT_FALSE(Permits(Permission::kView, Access::kEdit));
  EXPECT_TRUE(Permits(Permission::kEdit, Access::kView));
  EXPECT_TRUE(Permits(Permission::kEdit, Access::kEdit));
  for (Permission p : {Permission::kView, Permission::kEdit}) {
    EXPECT_FALSE(Permits(p, Access::kReshare));
    EXPECT_FALSE(Permits(p, Access::kDelete));
  }
}

}  // namespace
}  // namespace homeboard::service
