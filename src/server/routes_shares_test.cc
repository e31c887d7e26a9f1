// End-to-end tests of /api/v1/shares and /api/v1/public/{token} over real HTTP and a real
// SQLite store: sharing with users by name and by id, the two lists, revoking, what view
// and edit grantees may do through the content routes (view: read only; edit: read and
// write, not delete or reshare), strangers' 404, public links that show exactly the shared
// page or widget and nothing else, revoked / expired / forged / malformed links as 404, and
// bad bodies answered with a problem naming the field and writing nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/content_test_support.h"
#include "service/account_service.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

using content_testing::Client;
using content_testing::ExpectProblem;
using content_testing::Items;
using content_testing::MakeSeed;
using content_testing::Member;
using content_testing::NextCursor;
using content_testing::Seed;

class SharesRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start());
    alice_id_ = AddAccount("alice");
    bob_id_ = AddAccount("bob");
    carol_id_ = AddAccount("carol");
  }

  // A real account named `name` (shares need the grantee's user item), whose bearer token
  // is `name`.
  std::string AddAccount(const std::string& name) {
    service::AccountOptions options;
    options.password_hash = {.memory_kib = 8, .iterations = 1, .parallelism = 1};
    service::AccountService accounts(server_->env().context, options);
    auto user = accounts.CreateUser(name, name, "correct horse battery staple");
    EXPECT_TRUE(user.ok()) << (user.ok() ? "" : user.error().ToString());
    if (!user.ok()) return "";
    server_->auth().AddToken(name, user->user_id);
    return user->user_id;
  }

  Client alice() const { return Client(server_.get(), "alice"); }
  Client bob() const { return Client(server_.get(), "bob"); }
  Client carol() const { return Client(server_.get(), "carol"); }

  TestResponse Public(const std::string& token) const {
    return server_->Send("GET", "/api/v1/public/" + token, "");
  }

  std::unique_ptr<TestServer> server_;
  std::string alice_id_, bob_id_, carol_id_;
};

TEST_F(SharesRoutesTest, SharesAPageByNameListsAndRevokes) {
  Seed seed = MakeSeed(alice());
  ExpectProblem(bob().Get(seed.PagePath()), 404, "not_found");

  TestResponse shared =
      alice().Post("/api/v1/shares", R"({"page_id":")" + seed.page_id +
                                         R"(","grantee_name":"  Bob ","permission":"view"})");
  ASSERT_EQ(shared.status, 201) << shared.body;
  JsonValue share = shared.Json();
  std::string share_id = Member(share, "id");
  EXPECT_EQ(shared.Header("Location"), "/api/v1/shares/" + share_id);
  EXPECT_EQ(Member(share, "resource_type"), "page");
  EXPECT_EQ(Member(share, "page_id"), seed.page_id);
  EXPECT_EQ(Member(share, "widget_id"), "null");
  EXPECT_EQ(Member(share, "resource_title"), "Home seed");
  EXPECT_EQ(Member(share, "grantee_type"), "user");
  EXPECT_EQ(Member(share, "grantee_id"), bob_id_);
  EXPECT_EQ(Member(share, "owner_id"), alice_id_);
  EXPECT_EQ(Member(share, "permission"), "view");
  EXPECT_EQ(Member(share, "expires_at"), "null");
  EXPECT_EQ(share.Find("token"), nullptr);

  TestResponse mine = alice().Get("/api/v1/shares");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(Items(mine).size(), 1u);
  EXPECT_EQ(Member(Items(mine)[0], "id"), share_id);
  EXPECT_TRUE(Items(alice().Get("/api/v1/shares/received")).empty());
  TestResponse received = bob().Get("/api/v1/shares/received");
  ASSERT_EQ(Items(received).size(), 1u) << received.body;
  EXPECT_EQ(Member(Items(received)[0], "page_id"), seed.page_id);
  EXPECT_TRUE(Items(bob().Get("/api/v1/shares")).empty());
  EXPECT_TRUE(Items(carol().Get("/api/v1/shares/received")).empty());

  EXPECT_EQ(bob().Get(seed.PagePath() + "?expand=all").status, 200);

  // Only the owner revokes.
  ExpectProblem(bob().Delete("/api/v1/shares/" + share_id, ""), 404, "not_found");
  ExpectProblem(carol().Delete("/api/v1/shares/" + share_id, ""), 404, "not_found");
  EXPECT_EQ(alice().Delete("/api/v1/shares/" + share_id, "").status, 204);
  ExpectProblem(bob().Get(seed.PagePath()), 404, "not_found");
  EXPECT_TRUE(Items(bob().Get("/api/v1/shares/received")).empty());
  ExpectProblem(alice().Delete("/api/v1/shares/" + share_id, ""), 404, "not_found");
}

TEST_F(SharesRoutesTest, ViewGranteeReadsButCannotWrite) {
  Seed seed = MakeSeed(alice());
  ASSERT_EQ(alice()
                .Post("/api/v1/shares", R"({"page_id":")" + seed.page_id + R"(","grantee_id":")" +
                                            bob_id_ + R"(","permission":"view"})")
                .status,
            201);
  std::string before = seed.Snapshot(alice());
  EXPECT_EQ(bob().Get(seed.BookmarkPath()).status, 200);
  EXPECT_EQ(bob().Get(seed.NotePath()).status, 200);
  std::string etag = alice().ETag(seed.PagePath());
  ExpectProblem(bob().Patch(seed.PagePath(), R"({"title":"Mine now"})", etag), 404, "not_found");
  ExpectProblem(
      bob().Patch(seed.BookmarkPath(), R"({"title":"x"})", alice().ETag(seed.BookmarkPath())), 404,
      "not_found");
  ExpectProblem(bob().Write("PUT", seed.BookmarkPath() + "/tags", R"({"tags":["x"]})",
                            alice().ETag(seed.BookmarkPath())),
                404, "not_found");
  ExpectProblem(bob().Delete(seed.PagePath(), etag), 404, "not_found");
  // No resharing, no links to someone else's page.
  ExpectProblem(
      bob().Post("/api/v1/shares", R"({"page_id":")" + seed.page_id +
                                       R"(","grantee_name":"carol","permission":"view"})"),
      404, "not_found");
  ExpectProblem(bob().Post("/api/v1/shares/links", R"({"page_id":")" + seed.page_id + R"("})"), 404,
                "not_found");
  EXPECT_EQ(seed.Snapshot(alice()), before);
}

TEST_F(SharesRoutesTest, EditGranteeWritesButCannotDeleteOrReshare) {
  Seed seed = MakeSeed(alice());
  ASSERT_EQ(alice()
                .Post("/api/v1/shares", R"({"page_id":")" + seed.page_id +
                                            R"(","grantee_name":"bob","permission":"edit"})")
                .status,
            201);
  TestResponse edited = bob().Patch(seed.BookmarkPath(), R"({"title":"Edited by bob"})",
                                    bob().ETag(seed.BookmarkPath()));
  EXPECT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(alice().Get(seed.BookmarkPath()).JsonString("title"), "Edited by bob");
  TestResponse tagged = bob().Write("PUT", seed.BookmarkPath() + "/tags", R"({"tags":["shared"]})",
                                    bob().ETag(seed.BookmarkPath()));
  EXPECT_EQ(tagged.status, 200) << tagged.body;
  // The tag counts for the owner.
  EXPECT_EQ(Items(alice().Get("/api/v1/tags")).size(), 1u);

  ExpectProblem(bob().Delete(seed.PagePath(), bob().ETag(seed.PagePath())), 404, "not_found");
  ExpectProblem(
      bob().Post("/api/v1/shares", R"({"page_id":")" + seed.page_id +
                                       R"(","grantee_name":"carol","permission":"edit"})"),
      404, "not_found");
  EXPECT_EQ(carol().Get(seed.PagePath()).status, 404);
  TestResponse mine = alice().Get("/api/v1/shares");
  ASSERT_EQ(Items(mine).size(), 1u);
  ExpectProblem(bob().Delete("/api/v1/shares/" + Member(Items(mine)[0], "id"), ""), 404,
                "not_found");
  EXPECT_EQ(alice().Get(seed.PagePath()).status, 200);
}

TEST_F(SharesRoutesTest, WidgetShareOpensOnlyThatWidget) {
  Seed seed = MakeSeed(alice());
  TestResponse shared =
      alice().Post("/api/v1/shares", R"({"page_id":")" + seed.page_id + R"(","widget_id":")" +
                                         seed.notes_widget_id +
                                         R"(","grantee_name":"bob","permission":"view"})");
  ASSERT_EQ(shared.status, 201) << shared.body;
  EXPECT_EQ(Member(shared.Json(), "resource_type"), "widget");
  EXPECT_EQ(Member(shared.Json(), "widget_id"), seed.notes_widget_id);
  EXPECT_EQ(bob().Get(seed.NotePath()).status, 200);
  ExpectProblem(bob().Get(seed.PagePath()), 404, "not_found");
  ExpectProblem(bob().Get(seed.BookmarksWidgetPath()), 404, "not_found");
  ExpectProblem(bob().Get(seed.BookmarkPath()), 404, "not_found");
}

TEST_F(SharesRoutesTest, PublicPageLinkShowsExactlyThePage) {
  Seed seed = MakeSeed(alice());
  TestResponse link =
      alice().Post("/api/v1/shares/links", R"({"page_id":")" + seed.page_id + R"("})");
  ASSERT_EQ(link.status, 201) << link.body;
  std::string token = link.JsonString("token");
  ASSERT_FALSE(token.empty()) << link.body;
  EXPECT_EQ(link.JsonString("url"), "/api/v1/public/" + token);
  EXPECT_EQ(link.JsonString("grantee_type"), "link");
  EXPECT_EQ(link.JsonString("permission"), "view");
  // The token is shown once: the list does not carry it.
  TestResponse mine = alice().Get("/api/v1/shares");
  EXPECT_EQ(mine.body.find(token), std::string::npos);
  ASSERT_EQ(Items(mine).size(), 1u);

  TestResponse opened = Public(token);
  ASSERT_EQ(opened.status, 200) << opened.body;
  JsonValue view = opened.Json();
  EXPECT_EQ(Member(view, "resource_type"), "page");
  EXPECT_EQ(Member(view, "permission"), "view");
  const JsonValue* page = view.Find("page");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(Member(*page, "id"), seed.page_id);
  EXPECT_EQ(page->Find("widgets")->items.size(), 2u);
  EXPECT_EQ(view.Find("widget"), nullptr);
  // Nothing about the owner, the share or the other page.
  EXPECT_EQ(opened.body.find(alice_id_), std::string::npos);
  EXPECT_EQ(opened.body.find(seed.other_page_id), std::string::npos);
  EXPECT_EQ(opened.body.find(link.JsonString("id")), std::string::npos);

  // Read only: the public path has no other method, and the token is no credential.
  EXPECT_EQ(server_->Send("PATCH", "/api/v1/public/" + token, "", R"({"title":"x"})").status, 405);
  EXPECT_EQ(server_->Send("DELETE", "/api/v1/public/" + token, "").status, 405);
  EXPECT_EQ(server_->Send("GET", seed.PagePath(), token).status, 401);
  // An authenticated stranger opening it sees the same, and still nothing else.
  EXPECT_EQ(server_->Send("GET", "/api/v1/public/" + token, "carol").body, opened.body);
  ExpectProblem(carol().Get(seed.PagePath()), 404, "not_found");
}

TEST_F(SharesRoutesTest, PublicWidgetLinkShowsOnlyTheWidget) {
  Seed seed = MakeSeed(alice());
  TestResponse link =
      alice().Post("/api/v1/shares/links", R"({"page_id":")" + seed.page_id + R"(","widget_id":")" +
                                               seed.bookmarks_widget_id + R"("})");
  ASSERT_EQ(link.status, 201) << link.body;
  TestResponse opened = Public(link.JsonString("token"));
  ASSERT_EQ(opened.status, 200) << opened.body;
  JsonValue view = opened.Json();
  EXPECT_EQ(Member(view, "resource_type"), "widget");
  EXPECT_EQ(view.Find("page"), nullptr);
  const JsonValue* widget = view.Find("widget");
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(Member(*widget, "id"), seed.bookmarks_widget_id);
  EXPECT_EQ(widget->Find("bookmarks")->items.size(), 1u);
  EXPECT_EQ(opened.body.find(seed.notes_widget_id), std::string::npos);
  EXPECT_EQ(opened.body.find("milk and eggs"), std::string::npos);
  EXPECT_EQ(opened.body.find("Home seed"), std::string::npos);
}

TEST_F(SharesRoutesTest, RevokedExpiredForgedAndMalformedLinksAre404) {
  Seed seed = MakeSeed(alice());
  TestResponse link =
      alice().Post("/api/v1/shares/links",
                   R"({"page_id":")" + seed.page_id + R"(","expires_at":"2026-01-01T01:00:00Z"})");
  ASSERT_EQ(link.status, 201) << link.body;
  std::string token = link.JsonString("token");
  EXPECT_EQ(link.JsonString("expires_at"), "2026-01-01T01:00:00.000Z");
  ASSERT_EQ(Public(token).status, 200);

  // A forged secret, a malformed token, an unknown resource: all alike.
  std::string forged = token.substr(0, token.size() - 1) + (token.back() == '0' ? "1" : "0");
  for (const std::string& bad : {forged, std::string("nonsense"), std::string("p.x.y"),
                                 "p.01ARZ3NDEKTSV4RRFFQ69G5FAV." + std::string(64, 'a')}) {
    ExpectProblem(Public(bad), 404, "not_found", "token");
  }

  server_->env().clock->Advance(2 * 3600 * 1000);
  ExpectProblem(Public(token), 404, "not_found", "token");
  EXPECT_TRUE(Items(alice().Get("/api/v1/shares")).empty());

  TestResponse second =
      alice().Post("/api/v1/shares/links", R"({"page_id":")" + seed.page_id + R"("})");
  ASSERT_EQ(second.status, 201);
  ASSERT_EQ(Public(second.JsonString("token")).status, 200);
  EXPECT_EQ(alice().Delete("/api/v1/shares/" + second.JsonString("id"), "").status, 204);
  ExpectProblem(Public(second.JsonString("token")), 404, "not_found", "token");
}

TEST_F(SharesRoutesTest, ExpiredUserShareGrantsNothing) {
  Seed seed = MakeSeed(alice());
  ASSERT_EQ(alice()
                .Post("/api/v1/shares", R"({"page_id":")" + seed.page_id +
                                            R"(","grantee_name":"bob","permission":"view",)"
                                            R"("expires_at":"2026-01-01T02:00:00+01:00"})")
                .status,
            201);
  EXPECT_EQ(bob().Get(seed.PagePath()).status, 200);
  server_->env().clock->Advance(2 * 3600 * 1000);
  ExpectProblem(bob().Get(seed.PagePath()), 404, "not_found");
  EXPECT_TRUE(Items(bob().Get("/api/v1/shares/received")).empty());
}

TEST_F(SharesRoutesTest, BadBodiesNameTheFieldAndWriteNothing) {
  Seed seed = MakeSeed(alice());
  const std::string page = R"("page_id":")" + seed.page_id + R"(")";
  auto share = [&](const std::string& members) {
    return alice().Post("/api/v1/shares", "{" + members + "}");
  };
  ExpectProblem(share(page + R"(,"grantee_name":"bob","permission":"view","color":1)"), 400,
                "invalid_argument", "color");
  ExpectProblem(share(page + R"(,"grantee_name":"bob","permission":"view","owner_id":"x")"), 400,
                "invalid_argument", "owner_id");
  ExpectProblem(share(page + R"(,"grantee_name":"bob","permission":"view","share_id":"x")"), 400,
                "invalid_argument", "share_id");
  ExpectProblem(share(R"("grantee_name":"bob","permission":"view")"), 400, "invalid_argument",
                "page_id");
  ExpectProblem(share(page + R"(,"permission":"view")"), 400, "invalid_argument", "grantee_name");
  ExpectProblem(share(page + R"(,"grantee_name":"bob","grantee_id":")" + bob_id_ +
                      R"(","permission":"view")"),
                400, "invalid_argument", "grantee_id");
  ExpectProblem(share(page + R"(,"grantee_name":"bob")"), 400, "invalid_argument", "permission");
  ExpectProblem(share(page + R"(,"grantee_name":"bob","permission":"admin")"), 400,
                "invalid_argument", "permission");
  ExpectProblem(share(page + R"(,"grantee_name":"bob","permission":7)"), 400, "invalid_argument",
                "permission");
  ExpectProblem(
      share(page + R"(,"grantee_name":"bob","permission":"view","expires_at":"tomorrow")"), 400,
      "invalid_argument", "expires_at");
  ExpectProblem(
      share(page +
            R"(,"grantee_name":"bob","permission":"view","expires_at":"2025-01-01T00:00:00Z")"),
      400, "invalid_argument", "expires_at");
  ExpectProblem(share(page + R"(,"grantee_id":")" + alice_id_ + R"(","permission":"view")"), 400,
                "invalid_argument", "grantee_id");
  ExpectProblem(share(page + R"(,"grantee_id":"not-an-id","permission":"view")"), 400,
                "invalid_argument", "grantee_id");
  ExpectProblem(share(page + R"(,"grantee_name":"nobody","permission":"view")"), 404, "not_found",
                "grantee_name");
  ExpectProblem(share(R"("page_id":"bad","grantee_name":"bob","permission":"view")"), 400,
                "invalid_argument", "page_id");
  ExpectProblem(alice().Post("/api/v1/shares", "{"), 400, "invalid_argument", "body");
  ExpectProblem(alice().Post("/api/v1/shares/links", "{" + page + R"(,"permission":"edit"})"), 400,
                "invalid_argument", "permission");
  ExpectProblem(alice().Post("/api/v1/shares/links", "{" + page + R"(,"grantee_name":"bob"})"), 400,
                "invalid_argument", "grantee_name");
  ExpectProblem(alice().Post("/api/v1/shares/links", "{" + page + R"(,"token":"x"})"), 400,
                "invalid_argument", "token");
  ExpectProblem(alice().Get("/api/v1/shares?cursor=!!"), 400, "invalid_argument", "cursor");
  ExpectProblem(alice().Get("/api/v1/shares/received?cursor=Zm9v"), 400, "invalid_argument",
                "cursor");
  ExpectProblem(alice().Get("/api/v1/shares?limit=-1"), 400, "invalid_argument", "limit");
  ExpectProblem(alice().Delete("/api/v1/shares/not-an-id", ""), 400, "invalid_argument",
                "share_id");
  EXPECT_TRUE(Items(alice().Get("/api/v1/shares")).empty());
  EXPECT_TRUE(Items(bob().Get("/api/v1/shares/received")).empty());
  EXPECT_EQ(bob().Get(seed.PagePath()).status, 404);
  EXPECT_EQ(server_->Send("POST", "/api/v1/shares", "", "{" + page + "}").status, 401);
}

TEST_F(SharesRoutesTest, ListsPageNewestFirst) {
  Client owner = alice();
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) {
    TestResponse page = owner.Post("/api/v1/pages", R"({"title":"P)" + std::to_string(i) + "\"}");
    TestResponse link =
        owner.Post("/api/v1/shares/links", R"({"page_id":")" + page.JsonString("id") + R"("})");
    ASSERT_EQ(link.status, 201) << link.body;
    created.insert(created.begin(), link.JsonString("id"));
  }
  std::vector<std::string> listed;
  std::string cursor;
  for (int round = 0; round < 10; ++round) {
    TestResponse page =
        owner.Get("/api/v1/shares?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    for (const JsonValue& item : Items(page)) listed.push_back(Member(item, "id"));
    cursor = NextCursor(page);
    if (cursor.empty()) break;
  }
  EXPECT_EQ(listed, created);
}

// The authorization matrix of the tags and shares routes, generated from the route table:
// user B sends every such route and method with user A's ids (in the path, or in the body
// of the creating routes) and gets 404 — or, on the routes that act on the caller's own
// tags by name, an answer about B's tags only — and A's data does not change. A new route
// with a path parameter this test does not know fails it, so it must be added here.
TEST_F(SharesRoutesTest, OtherUsersIdsOnEveryTagsAndSharesRoute) {
  Client owner = alice();
  Seed seed = MakeSeed(owner);
  ASSERT_EQ(owner
                .Write("PUT", seed.BookmarkPath() + "/tags", R"({"tags":["mine"]})",
                       owner.ETag(seed.BookmarkPath()))
                .status,
            200);
  TestResponse share =
      owner.Post("/api/v1/shares", R"({"page_id":")" + seed.other_page_id +
                                       R"(","grantee_name":"carol","permission":"edit"})");
  ASSERT_EQ(share.status, 201);
  const std::string share_id = share.JsonString("id");
  auto snapshot = [&] {
    return seed.Snapshot(owner) + owner.Get("/api/v1/tags").body +
           owner.Get("/api/v1/tags/mine/items").body + owner.Get("/api/v1/shares").body +
           carol().Get("/api/v1/shares/received").body;
  };
  const std::string before = snapshot();

  int checked = 0;
  for (const Route& route : server_->api().routes().routes()) {
    if (route.tag != "tags" && route.tag != "shares") continue;
    if (route.auth == AuthPolicy::kPublic) continue;  // /api/v1/public/{token}: tested above
    SCOPED_TRACE(route.method + " " + route.path);
    std::string path = route.path;
    auto replace = [&path](const std::string& name, const std::string& value) {
      std::string key = "{" + name + "}";
      for (std::size_t at = path.find(key); at != std::string::npos; at = path.find(key)) {
        path.replace(at, key.size(), value);
      }
    };
    const bool on_bookmark = path.find("/bookmarks/") != std::string::npos;
    const bool on_note = path.find("/notes/") != std::string::npos;
    replace("widget_id", on_note ? seed.notes_widget_id : seed.bookmarks_widget_id);
    replace("page_id", seed.page_id);
    replace("tag", "mine");
    replace("id", path.starts_with("/api/v1/shares/") ? share_id
                  : on_bookmark                       ? seed.bookmark_id
                  : on_note                           ? seed.note_id
                                                      : seed.bookmarks_widget_id);
    ASSERT_EQ(path.find('{'), std::string::npos) << "a parameter this test does not know";

    std::string body;
    if (route.request_schema == "ItemTagsUpdate") body = R"({"tags":["stolen"]})";
    if (route.request_schema == "TagRename") body = R"({"name":"stolen"})";
    if (route.request_schema == "ShareCreate") {
      body = R"({"page_id":")" + seed.page_id + R"(","grantee_name":"carol","permission":"edit"})";
    }
    if (route.request_schema == "ShareLinkCreate")
      body = R"({"page_id":")" + seed.page_id + R"("})";
    ASSERT_TRUE(route.request_schema.empty() || !body.empty()) << "no sample body";
    httplib::Headers headers;
    if (route.if_match) headers.emplace("If-Match", owner.ETag(seed.BookmarkPath()));
    TestResponse response = server_->Send(route.method, path, "bob", body, headers);

    const bool by_tag_name = route.path.starts_with("/api/v1/tags/{tag}");
    if (by_tag_name) {
      // Bob's own (absent) tag: nothing found, nothing changed.
      EXPECT_TRUE(response.status == 200 || response.status == 204) << response.body;
      EXPECT_EQ(response.body.find(seed.bookmark_id), std::string::npos);
      if (response.status == 200 && route.method == "PUT") {
        EXPECT_EQ(Member(response.Json(), "items_changed"), "0");
      }
    } else if (route.path.find('{') != std::string::npos || route.method == "POST") {
      ExpectProblem(response, 404, "not_found");
    } else {
      // The lists: bob's own, which hold nothing of alice's.
      EXPECT_EQ(response.status, 200) << response.body;
      EXPECT_EQ(response.body.find(share_id), std::string::npos);
      EXPECT_EQ(response.body.find("\"mine\""), std::string::npos);
    }
    EXPECT_EQ(snapshot(), before);
    ++checked;
  }
  EXPECT_GE(checked, 12);
}

}  // namespace
}  // namespace homeboard::server
