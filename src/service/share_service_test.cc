// Tests of ShareService on a SQLite store: sharing with a user (and again, which updates),
// public links (token shape, only the hash stored, opening, tampering, expiry, revoking),
// revoking by the owner only, the two lists with paging and expiry, bad input naming field
// and rule with nothing written, and a lost PutItem answer.
#include "service/share_service.h"

#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <string>
#include <vector>

#include "model/api_token.h"
#include "model/ids.h"
#include "model/tables.h"
#include "model/user.h"
#include "service/page_loader.h"
#include "service/page_service.h"
#include "service/testing_store.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;
using model::Permission;

class ShareServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    for (const Caller* caller : {&alice_, &bob_, &carol_}) AddUser(*caller);
    ASSERT_OK_AND_ASSIGN(page_, PageService(env_->context).Create(alice_, "Alice's page"));
    ASSERT_OK_AND_ASSIGN(
        widget_,
        WidgetService(env_->context).Add(alice_, page_.page_id, NewWidget{.title = "Links"}));
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
    ASSERT_OK(env_->db->store()->Put({env_->context.Table(model::kUsersTable), user.ToItem(), {}}));
  }

  std::int64_t NowSeconds() { return model::ToEpochSeconds(env_->clock->Now()); }

  // Every item of the Shares table for `resource_ref`.
  std::vector<store::Item> StoredShares(model::ResourceKind kind, const std::string& id) {
    store::QueryRequest request;
    request.table = env_->context.Table(model::kSharesTable);
    request.key_condition = ddb::KeyCondition::Partition(
        "resource_ref", ddb::AttributeValue::S(model::ResourceRef(kind, id)));
    request.limit = 1000;
    auto page = env_->db->store()->Query(request);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items : std::vector<store::Item>{};
  }

  ResourceId PageRef() const { return ResourceId::Page(page_.page_id); }
  ResourceId WidgetRef() const { return ResourceId::Widget(page_.page_id, widget_.widget_id); }

  std::unique_ptr<ServiceTestEnv> env_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
  Caller carol_{model::NewId()};
  model::Page page_;
  model::Widget widget_;
};

TEST_F(ShareServiceTest, SharesAPageAndListsItOnBothSides) {
  ShareService shares(env_->context);
  ASSERT_OK_AND_ASSIGN(ShareEntry entry, shares.ShareWithUser(alice_, PageRef(), bob_.user_id,
                                                              Permission::kView, std::nullopt));
  EXPECT_EQ(entry.page_id, page_.page_id);
  EXPECT_EQ(entry.share.resource_kind, model::ResourceKind::kPage);
  EXPECT_EQ(entry.share.resource_id, page_.page_id);
  EXPECT_EQ(entry.share.owner_id, alice_.user_id);
  EXPECT_EQ(entry.share.grantee_id, bob_.user_id);
  EXPECT_EQ(entry.share.resource_title, "Alice's page");
  EXPECT_TRUE(model::IsValidId(entry.share.share_id));

  ASSERT_OK_AND_ASSIGN(SharePage mine, shares.ListMine(alice_, 10, ""));
  ASSERT_EQ(mine.shares.size(), 1u);
  EXPECT_EQ(mine.shares[0], entry);
  ASSERT_OK_AND_ASSIGN(SharePage with_bob, shares.ListSharedWithMe(bob_, 10, ""));
  ASSERT_EQ(with_bob.shares.size(), 1u);
  EXPECT_EQ(with_bob.shares[0], entry);
  // Neither list shows it to anyone else.
  ASSERT_OK_AND_ASSIGN(SharePage carol_mine, shares.ListMine(carol_, 10, ""));
  EXPECT_TRUE(carol_mine.shares.empty());
  ASSERT_OK_AND_ASSIGN(SharePage with_alice, shares.ListSharedWithMe(alice_, 10, ""));
  EXPECT_TRUE(with_alice.shares.empty());
  // "Pages shared with me" are not Bob's pages.
  ASSERT_OK_AND_ASSIGN(std::vector<model::Page> bobs, PageService(env_->context).List(bob_));
  EXPECT_TRUE(bobs.empty());
}

TEST_F(ShareServiceTest, SharingAgainWithTheSameUserUpdatesTheShare) {
  ShareService shares(env_->context);
  ASSERT_OK_AND_ASSIGN(ShareEntry first, shares.ShareWithUser(alice_, WidgetRef(), bob_.user_id,
                                                              Permission::kView, std::nullopt));
  EXPECT_EQ(first.page_id, page_.page_id);
  std::int64_t expiry = NowSeconds() + 3600;
  ASSERT_OK_AND_ASSIGN(ShareEntry second, shares.ShareWithUser(alice_, WidgetRef(), bob_.user_id,
                                                               Permission::kEdit, expiry));
  EXPECT_EQ(second.share.share_id, first.share.share_id);
  EXPECT_EQ(second.share.created_at, first.share.created_at);
  EXPECT_EQ(second.share.permission, Permission::kEdit);
  EXPECT_EQ(second.share.expires_at, expiry);
  EXPECT_EQ(StoredShares(model::ResourceKind::kWidget, widget_.widget_id).size(), 1u);
  ASSERT_OK_AND_ASSIGN(SharePage with_bob,
                       ShareService(env_->context).ListSharedWithMe(bob_, 10, ""));
  ASSERT_EQ(with_bob.shares.size(), 1u);
  EXPECT_EQ(with_bob.shares[0], second);
}

TEST_F(ShareServiceTest, BadInputNamesFieldAndRuleAndWritesNothing) {
  ShareService shares(env_->context);
  std::int64_t past = NowSeconds() - 1;
  std::int64_t now = NowSeconds();
  struct Case {
    std::string name;
    std::function<Status()> call;
    std::string field;
    std::string_view rule;
  };
  auto share = [&](const Caller& caller, const ResourceId& resource, std::string grantee,
                   std::optional<std::int64_t> expires) {
    return [=, &shares]() -> Status {
      Result<ShareEntry> r =
          shares.ShareWithUser(caller, resource, grantee, Permission::kView, expires);
      if (!r.ok()) return r.error();
      return {};
    };
  };
  auto link = [&](const ResourceId& resource, Permission permission,
                  std::optional<std::int64_t> expires) {
    return [=, &shares, this]() -> Status {
      Result<NewLink> r = shares.CreateLink(alice_, resource, permission, expires);
      if (!r.ok()) return r.error();
      return {};
    };
  };
  auto list = [&](int limit, std::string cursor, bool mine) {
    return [=, &shares, this]() -> Status {
      Result<SharePage> r = mine ? shares.ListMine(alice_, limit, cursor)
                                 : shares.ListSharedWithMe(bob_, limit, cursor);
      if (!r.ok()) return r.error();
      return {};
    };
  };
  const std::vector<Case> cases = {
      {"bad page id", share(alice_, ResourceId::Page("nope"), bob_.user_id, {}), "page_id",
       model::rule::kPattern},
      {"lower-case page id",
       share(alice_, ResourceId::Page("01arz3ndektsv4rrffq69g5fav"), bob_.user_id, {}), "page_id",
       model::rule::kPattern},
      {"widget without id", share(alice_, ResourceId::Widget(page_.page_id, ""), bob_.user_id, {}),
       "widget_id", model::rule::kRequired},
      {"page with a widget id",
       share(alice_, ResourceId{model::ResourceKind::kPage, page_.page_id, widget_.widget_id},
             bob_.user_id, {}),
       "widget_id", model::rule::kInconsistent},
      {"no grantee", share(alice_, PageRef(), "", {}), "grantee_id", model::rule::kRequired},
      {"bad grantee", share(alice_, PageRef(), "bob", {}), "grantee_id", model::rule::kPattern},
      {"self share", share(alice_, PageRef(), alice_.user_id, {}), "grantee_id",
       model::rule::kInconsistent},
      {"expiry in the past", share(alice_, PageRef(), bob_.user_id, past), "expires_at",
       model::rule::kRange},
      {"expiry now", share(alice_, PageRef(), bob_.user_id, now), "expires_at",
       model::rule::kRange},
      {"expiry past year 9999", share(alice_, PageRef(), bob_.user_id, std::int64_t{1} << 40),
       "expires_at", model::rule::kRange},
      {"bad caller", share(Caller{"x"}, PageRef(), bob_.user_id, {}), "user_id",
       model::rule::kPattern},
      {"edit link", link(PageRef(), Permission::kEdit, {}), "permission",
       model::rule::kInconsistent},
      {"link expiry in the past", link(WidgetRef(), Permission::kView, past), "expires_at",
       model::rule::kRange},
      {"link to a bad widget id",
       link(ResourceId::Widget(page_.page_id, "w"), Permission::kView, {}), "widget_id",
       model::rule::kPattern},
      {"limit 0", list(0, "", true), "limit", model::rule::kRange},
      {"limit 1001", list(1001, "", false), "limit", model::rule::kRange},
      {"bad cursor (mine)", list(10, "garbage", true), "cursor", model::rule::kPattern},
      {"bad cursor (with me)", list(10, "garbage", false), "cursor", model::rule::kPattern},
      {"revoke bad grantee", [&]() { return shares.Revoke(alice_, PageRef(), "bob"); }, "grantee",
       model::rule::kPattern},
      {"revoke short link hash", [&]() { return shares.Revoke(alice_, PageRef(), "link#abc"); },
       "grantee", model::rule::kPattern},
      {"revoke bad page id",
       [&]() { return shares.Revoke(alice_, ResourceId::Page(""), "user#" + bob_.user_id); },
       "page_id", model::rule::kRequired},
      {"malformed token",
       [&]() -> Status {
         Result<ShareEntry> r = shares.OpenLink("p.nope.abc");
         if (!r.ok()) return r.error();
         return {};
       },
       "token", model::rule::kPattern},
  };
  int writes = env_->faulty.ForwardedWrites();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status status = c.call();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Code::kInvalidArgument) << status.error().ToString();
    EXPECT_EQ(status.error().field, c.field) << status.error().ToString();
    EXPECT_EQ(status.error().rule, c.rule) << status.error().ToString();
  }
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
}

TEST_F(ShareServiceTest, OnlyTheOwnerSharesAndRevokes) {
  ShareService shares(env_->context);
  ASSERT_OK(shares.ShareWithUser(alice_, PageRef(), bob_.user_id, Permission::kEdit, {}));
  int writes = env_->faulty.ForwardedWrites();
  // An edit grantee may neither reshare nor revoke; a stranger may not share; all of it
  // looks like a missing object.
  Result<ShareEntry> reshare =
      shares.ShareWithUser(bob_, PageRef(), carol_.user_id, Permission::kView, {});
  ASSERT_FALSE(reshare.ok());
  EXPECT_EQ(reshare.error().code, Code::kNotFound);
  EXPECT_EQ(reshare.error().field, "page_id");
  Result<NewLink> link = shares.CreateLink(bob_, PageRef(), Permission::kView, {});
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, Code::kNotFound);
  Result<ShareEntry> widget =
      shares.ShareWithUser(carol_, WidgetRef(), bob_.user_id, Permission::kView, {});
  ASSERT_FALSE(widget.ok());
  EXPECT_EQ(widget.error().code, Code::kNotFound);
  EXPECT_EQ(widget.error().field, "widget_id");
  for (const Caller* caller : {&bob_, &carol_}) {
    Status revoke = shares.Revoke(*caller, PageRef(), model::UserGrantee(bob_.user_id));
    ASSERT_FALSE(revoke.ok());
    EXPECT_EQ(revoke.error().code, Code::kNotFound);
    EXPECT_EQ(revoke.error().field, "grantee");
  }
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  // Unknown grantee users and missing resources.
  Result<ShareEntry> nobody =
      shares.ShareWithUser(alice_, PageRef(), model::NewId(), Permission::kView, {});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, Code::kNotFound);
  EXPECT_EQ(nobody.error().field, "grantee_id");
  Result<ShareEntry> missing = shares.ShareWithUser(alice_, ResourceId::Page(model::NewId()),
                                                    bob_.user_id, Permission::kView, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);

  // The owner revokes; the grantee loses access at once, and revoking again is kNotFound.
  ASSERT_OK(PageLoader(env_->context).Load(bob_, page_.page_id));
  ASSERT_OK(shares.Revoke(alice_, PageRef(), model::UserGrantee(bob_.user_id)));
  EXPECT_EQ(PageLoader(env_->context).Load(bob_, page_.page_id).error().code, Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(SharePage with_bob, shares.ListSharedWithMe(bob_, 10, ""));
  EXPECT_TRUE(with_bob.shares.empty());
  Status again = shares.Revoke(alice_, PageRef(), model::UserGrantee(bob_.user_id));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Code::kNotFound);
}

TEST_F(ShareServiceTest, ALinkTokenIsReturnedOnceAndOnlyItsHashIsStored) {
  ShareService shares(env_->context);
  ASSERT_OK_AND_ASSIGN(NewLink link,
                       shares.CreateLink(alice_, PageRef(), Permission::kView, std::nullopt));
  // "p.<page id>.<64 hex>": 256 random bits.
  ASSERT_EQ(link.token.size(), 2 + 26 + 1 + 64) << link.token;
  EXPECT_EQ(link.token.substr(0, 2), "p.");
  EXPECT_EQ(link.token.substr(2, 26), page_.page_id);
  EXPECT_TRUE(link.entry.share.is_link());
  EXPECT_EQ(link.entry.share.link_hash, model::TokenHash(link.token));
  EXPECT_EQ(link.entry.share.permission, Permission::kView);
  std::string secret = link.token.substr(29);
  for (const store::Item& item : StoredShares(model::ResourceKind::kPage, page_.page_id)) {
    for (const auto& [name, value] : item) {
      if (value.IsS()) {
        EXPECT_EQ(value.AsS().find(secret), std::string::npos) << name;
      }
    }
  }
  // Two links differ.
  ASSERT_OK_AND_ASSIGN(NewLink other,
                       shares.CreateLink(alice_, PageRef(), Permission::kView, std::nullopt));
  EXPECT_NE(other.token, link.token);

  // Opening costs one GetItem.
  int gets = env_->faulty.Calls(Op::kGet);
  int queries = env_->faulty.Calls(Op::kQuery);
  int scans = env_->faulty.Calls(Op::kScan);
  ASSERT_OK_AND_ASSIGN(ShareEntry opened, shares.OpenLink(link.token));
  EXPECT_EQ(env_->faulty.Calls(Op::kGet) - gets, 1);
  EXPECT_EQ(env_->faulty.Calls(Op::kQuery) - queries, 0);
  EXPECT_EQ(env_->faulty.Calls(Op::kScan) - scans, 0);
  EXPECT_EQ(opened, link.entry);

  // A changed secret, or the secret moved to another resource, opens nothing.
  std::string tampered = link.token;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  std::string moved = "p." + model::NewId() + "." + secret;
  std::string as_widget = "w." + link.token.substr(2);
  for (const std::string& token : {tampered, moved, as_widget}) {
    Result<ShareEntry> r = shares.OpenLink(token);
    ASSERT_FALSE(r.ok()) << token;
    EXPECT_EQ(r.error().code, Code::kNotFound);
    EXPECT_EQ(r.error().field, "token");
  }
  // Links are listed for their owner (with the hash, which revokes them), never for others.
  ASSERT_OK_AND_ASSIGN(SharePage mine, shares.ListMine(alice_, 10, ""));
  EXPECT_EQ(mine.shares.size(), 2u);
  ASSERT_OK(shares.Revoke(alice_, PageRef(), link.entry.share.grantee()));
  Result<ShareEntry> revoked = shares.OpenLink(link.token);
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, Code::kNotFound);
  ASSERT_OK(shares.OpenLink(other.token));
}

TEST_F(ShareServiceTest, ExpiredSharesAreNeitherListedNorOpened) {
  ShareService shares(env_->context);
  std::int64_t soon = NowSeconds() + 30;
  ASSERT_OK(shares.ShareWithUser(alice_, PageRef(), bob_.user_id, Permission::kView, soon));
  ASSERT_OK(shares.ShareWithUser(alice_, WidgetRef(), carol_.user_id, Permission::kView, {}));
  ASSERT_OK_AND_ASSIGN(NewLink link,
                       shares.CreateLink(alice_, WidgetRef(), Permission::kView, soon));
  ASSERT_OK_AND_ASSIGN(SharePage before, shares.ListMine(alice_, 10, ""));
  EXPECT_EQ(before.shares.size(), 3u);
  ASSERT_OK(shares.OpenLink(link.token));
  env_->clock->Advance(30'000);
  ASSERT_OK_AND_ASSIGN(SharePage after, shares.ListMine(alice_, 10, ""));
  ASSERT_EQ(after.shares.size(), 1u);
  EXPECT_EQ(after.shares[0].share.grantee_id, carol_.user_id);
  ASSERT_OK_AND_ASSIGN(SharePage with_bob, shares.ListSharedWithMe(bob_, 10, ""));
  EXPECT_TRUE(with_bob.shares.empty());
  Result<ShareEntry> opened = shares.OpenLink(link.token);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, Code::kNotFound);
  // Sharing again after expiry makes a fresh share.
  ASSERT_OK_AND_ASSIGN(ShareEntry renewed, shares.ShareWithUser(alice_, PageRef(), bob_.user_id,
                                                                Permission::kView, {}));
  ASSERT_OK_AND_ASSIGN(SharePage again, shares.ListSharedWithMe(bob_, 10, ""));
  ASSERT_EQ(again.shares.size(), 1u);
  EXPECT_EQ(again.shares[0], renewed);
}

TEST_F(ShareServiceTest, ListsPageNewestFirst) {
  ShareService shares(env_->context);
  std::vector<std::string> pages;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(model::Page page,
                         PageService(env_->context).Create(alice_, "P" + std::to_string(i)));
    ASSERT_OK(shares.ShareWithUser(alice_, ResourceId::Page(page.page_id), bob_.user_id,
                                   Permission::kView, {}));
    pages.push_back(page.page_id);
  }
  for (bool mine : {true, false}) {
    SCOPED_TRACE(mine ? "mine" : "with me");
    std::vector<std::string> seen;
    std::string cursor;
    int calls = 0;
    do {
      ASSERT_OK_AND_ASSIGN(SharePage page, mine ? shares.ListMine(alice_, 2, cursor)
                                                : shares.ListSharedWithMe(bob_, 2, cursor));
      EXPECT_LE(page.shares.size(), 2u);
      for (const ShareEntry& e : page.shares) seen.push_back(e.share.resource_id);
      cursor = page.next_cursor;
      ASSERT_LT(++calls, 10);
    } while (!cursor.empty());
    EXPECT_EQ(seen, std::vector<std::string>(pages.rbegin(), pages.rend()));
  }
}

TEST_F(ShareServiceTest, ALostPutAnswerIsRetriedAndLeavesOneShare) {
  ShareService shares(env_->context);
  env_->faulty.Inject(
      {.op = Op::kPut, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK(shares.ShareWithUser(alice_, PageRef(), bob_.user_id, Permission::kView, {}));
  EXPECT_EQ(StoredShares(model::ResourceKind::kPage, page_.page_id).size(), 1u);
  // A store that stays down is kUnavailable, and nothing is stored.
  env_->faulty.Inject({.op = Op::kPut,
                       .code = store::Error::Code::kUnavailable,
                       .when = When::kBefore,
                       .count = 2});
  Result<NewLink> link = shares.CreateLink(alice_, PageRef(), Permission::kView, {});
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, Code::kUnavailable);
  EXPECT_EQ(StoredShares(model::ResourceKind::kPage, page_.page_id).size(), 1u);
}

TEST_F(ShareServiceTest, RevokesByShareId) {
  ShareService shares(env_->context);
  ASSERT_OK_AND_ASSIGN(ShareEntry to_bob, shares.ShareWithUser(alice_, PageRef(), bob_.user_id,
                                                               Permission::kEdit, {}));
  ASSERT_OK_AND_ASSIGN(NewLink link, shares.CreateLink(alice_, WidgetRef(), Permission::kView, {}));
  // Only the owner: the grantee and strangers are told it does not exist.
  for (const Caller* caller : {&bob_, &carol_}) {
    Status refused = shares.RevokeById(*caller, to_bob.share.share_id);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Code::kNotFound);
    EXPECT_EQ(refused.error().field, "share_id");
  }
  Status bad = shares.RevokeById(alice_, "share");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "share_id");
  ASSERT_OK(shares.RevokeById(alice_, link.entry.share.share_id));
  EXPECT_EQ(shares.OpenLink(link.token).error().code, Code::kNotFound);
  ASSERT_OK(PageLoader(env_->context).Load(bob_, page_.page_id));
  ASSERT_OK(shares.RevokeById(alice_, to_bob.share.share_id));
  EXPECT_EQ(PageLoader(env_->context).Load(bob_, page_.page_id).error().code, Code::kNotFound);
  EXPECT_EQ(shares.RevokeById(alice_, to_bob.share.share_id).error().code, Code::kNotFound);
}

TEST_F(ShareServiceTest, CascadesDeleteAndRepointShares) {
  ShareService shares(env_->context);
  ASSERT_OK(shares.ShareWithUser(alice_, PageRef(), bob_.user_id, Permission::kView, {}));
  ASSERT_OK(shares.CreateLink(alice_, PageRef(), Permission::kView, {}));
  ASSERT_OK(shares.ShareWithUser(alice_, WidgetRef(), carol_.user_id, Permission::kEdit, {}));
  ASSERT_OK_AND_ASSIGN(NewLink widget_link,
                       shares.CreateLink(alice_, WidgetRef(), Permission::kView, {}));

  // The widget moves to another page: its shares follow.
  ASSERT_OK_AND_ASSIGN(model::Page other, PageService(env_->context).Create(alice_, "Other"));
  ASSERT_OK(WidgetService(env_->context)
                .MoveToPage(alice_, page_.page_id, widget_.widget_id, widget_.version,
                            other.page_id, WidgetPlacement{}));
  // MoveToPage re-points them (so re-pointing again writes nothing, below).
  ASSERT_OK_AND_ASSIGN(ShareEntry opened, shares.OpenLink(widget_link.token));
  EXPECT_EQ(opened.page_id, other.page_id);
  ASSERT_OK_AND_ASSIGN(SharedView shared, PageLoader(env_->context).LoadShared(widget_link.token));
  ASSERT_TRUE(shared.widget.has_value());
  ASSERT_OK_AND_ASSIGN(SharePage with_carol, shares.ListSharedWithMe(carol_, 10, ""));
  ASSERT_EQ(with_carol.shares.size(), 1u);
  EXPECT_EQ(with_carol.shares[0].page_id, other.page_id);
  // Nothing left to repoint: no writes.
  int writes = env_->faulty.ForwardedWrites();
  ASSERT_OK(RepointWidgetShares(env_->context, widget_.widget_id, other.page_id));
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);

  // Deleting removes every share of the resource, links included, and only those.
  ASSERT_OK(DeleteSharesOf(env_->context, model::ResourceKind::kPage, page_.page_id));
  EXPECT_TRUE(StoredShares(model::ResourceKind::kPage, page_.page_id).empty());
  EXPECT_EQ(StoredShares(model::ResourceKind::kWidget, widget_.widget_id).size(), 2u);
  ASSERT_OK(DeleteSharesOf(env_->context, model::ResourceKind::kWidget, widget_.widget_id));
  EXPECT_TRUE(StoredShares(model::ResourceKind::kWidget, widget_.widget_id).empty());
  ASSERT_OK(DeleteSharesOf(env_->context, model::ResourceKind::kWidget, widget_.widget_id));
  ASSERT_OK_AND_ASSIGN(SharePage mine, shares.ListMine(alice_, 10, ""));
  EXPECT_TRUE(mine.shares.empty());
}

}  // namespace
}  // namespace homeboard::service
