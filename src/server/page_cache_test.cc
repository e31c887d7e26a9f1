// End-to-end tests of the expanded-page cache (page_view_cache.h) over real HTTP: after every
// kind of write that can change a page — through any route, by the owner or an edit grantee,
// moving things between pages, renaming and deleting tags — the cached answer is exactly what
// an uncached load renders, and the cache is really answering between the writes.
#include <gtest/gtest.h>

#include "server/content_test_support.h"
#include "server/entity_json.h"
#include "server/page_view_cache.h"
#include "server/sharing_json.h"
#include "server/testing_server.h"
#include "service/account_service.h"
#include "service/page_loader.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

using content_testing::Client;
using content_testing::Seed;

class PageCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start());
    ASSERT_NE(server_->api().page_cache(), nullptr) << "the cache is on by default";
    alice_id_ = server_->AddUser("alice");
    // Bob has a real account: shares need the grantee's user item.
    service::AccountOptions options;
    options.password_hash = {.memory_kib = 8, .iterations = 1, .parallelism = 1};
    auto bob = service::AccountService(server_->env().context, options)
                   .CreateUser("bob", "bob", "correct horse battery staple");
    ASSERT_OK(bob);
    bob_id_ = bob->user_id;
    server_->auth().AddToken("bob", bob_id_);
    alice_ = Client(server_.get(), "alice");
    bob_ = Client(server_.get(), "bob");
    seed_ = content_testing::MakeSeed(alice_);
  }

  // The page as an uncached load renders it now, read by its owner.
  std::string Fresh(const std::string& page_id) {
    service::PageLoader loader(server_->env().context);
    auto view = loader.Load(service::Caller{alice_id_}, page_id);
    EXPECT_OK(view);
    return view.ok() ? ToJson(*view, WritePageView) : "";
  }

  std::string Expanded(const Client& client, const std::string& page_id) {
    TestResponse response = client.Get("/api/v1/pages/" + page_id + "?expand=all");
    EXPECT_EQ(response.status, 200) << response.body;
    return response.body;
  }

  // Both pages, read twice so that the second read comes from the cache: both reads must
  // equal the uncached rendering, and the cache must have answered.
  void ExpectCoherent(const std::string& after) {
    SCOPED_TRACE("after " + after);
    for (const std::string& page_id : {seed_.page_id, seed_.other_page_id}) {
      const std::string fresh = Fresh(page_id);
      EXPECT_EQ(Expanded(alice_, page_id), fresh);
      const std::uint64_t hits = server_->api().page_cache()->stats().hits;
      EXPECT_EQ(Expanded(alice_, page_id), fresh);
      EXPECT_EQ(server_->api().page_cache()->stats().hits, hits + 1) << "not from the cache";
    }
  }

  std::string Created(const TestResponse& response) {
    EXPECT_EQ(response.status, 201) << response.body;
    return response.JsonString("id");
  }

  void ExpectStatus(const TestResponse& response, int status) {
    EXPECT_EQ(response.status, status) << response.body;
  }

  std::unique_ptr<TestServer> server_;
  std::string alice_id_, bob_id_;
  Client alice_{nullptr, "alice"};
  Client bob_{nullptr, "bob"};
  Seed seed_;
};

TEST_F(PageCacheTest, EveryKindOfWriteIsSeenByTheNextRead) {
  ExpectCoherent("seeding");

  // Bookmarks: one, a batch, an edit, tags, a move into a group, a move to another page.
  const std::string bookmarks = seed_.BookmarksWidgetPath() + "/bookmarks";
  std::string loose = Created(alice_.Post(bookmarks, R"({"url":"https://example.com/b"})"));
  ExpectCoherent("a new bookmark");
  ExpectStatus(
      alice_.Post(bookmarks + ":batch",
                  R"({"bookmarks":[{"url":"https://a.example/"},{"url":"https://b.example/"}]})"),
      201);
  ExpectCoherent("a batch of bookmarks");
  const std::string loose_path =
      "/api/v1/widgets/" + seed_.bookmarks_widget_id + "/bookmarks/" + loose;
  ExpectStatus(alice_.Patch(loose_path, R"({"title":"Renamed"})", alice_.ETag(loose_path)), 200);
  ExpectCoherent("a bookmark edit");
  ExpectStatus(alice_.Write("PUT", loose_path + "/tags", R"({"tags":["rust","Go"]})",
                            alice_.ETag(loose_path)),
               200);
  ExpectCoherent("bookmark tags");
  ExpectStatus(alice_.Post(loose_path + "/move", R"({"group_id":")" + seed_.group_id + "\"}"), 428);
  ExpectStatus(alice_.Write("POST", loose_path + "/move",
                            R"({"group_id":")" + seed_.group_id + "\"}", alice_.ETag(loose_path)),
               200);
  ExpectCoherent("a bookmark moved into a group");

  // Groups.
  ExpectStatus(
      alice_.Patch(seed_.GroupPath(), R"({"name":"Play"})", alice_.ETag(seed_.GroupPath())), 200);
  ExpectCoherent("a group renamed");

  // Notes.
  ExpectStatus(alice_.Patch(seed_.NotePath(), R"({"body":"bread"})", alice_.ETag(seed_.NotePath())),
               200);
  ExpectCoherent("a note edit");
  ExpectStatus(alice_.Write("PUT", seed_.NotePath() + "/tags", R"({"tags":["rust"]})",
                            alice_.ETag(seed_.NotePath())),
               200);
  ExpectCoherent("note tags");

  // Tags across items.
  ExpectStatus(alice_.Write("PUT", "/api/v1/tags/rust", R"({"name":"systems"})", ""), 200);
  ExpectCoherent("a tag renamed everywhere");
  ExpectStatus(alice_.Delete("/api/v1/tags/go", ""), 204);
  ExpectCoherent("a tag deleted everywhere");

  // Widgets: settings, tags, a move to the other page.
  const std::string widget = seed_.BookmarksWidgetPath();
  ExpectStatus(
      alice_.Patch(widget, R"({"title":"Links!","settings":{"columns":2}})", alice_.ETag(widget)),
      200);
  ExpectCoherent("a widget edit");
  ExpectStatus(alice_.Write("PUT", widget + "/tags", R"({"tags":["home"]})", alice_.ETag(widget)),
               200);
  ExpectCoherent("widget tags");

  // An edit grantee writes into alice's page: alice's cached view follows, and bob reads the
  // same answer.
  ExpectStatus(
      alice_.Post("/api/v1/shares", R"({"page_id":")" + seed_.page_id + R"(","grantee_id":")" +
                                        bob_id_ + R"(","permission":"edit"})"),
      201);
  ExpectStatus(bob_.Post(bookmarks, R"({"url":"https://bob.example/"})"), 201);
  ExpectCoherent("a grantee's bookmark");
  EXPECT_EQ(Expanded(bob_, seed_.page_id), Fresh(seed_.page_id));

  // Moves between pages change both.
  ExpectStatus(alice_.Write("POST", seed_.NotesWidgetPath() + "/move",
                            R"({"column":0,"target_page_id":")" + seed_.other_page_id + "\"}",
                            alice_.ETag(seed_.NotesWidgetPath())),
               200);
  ExpectCoherent("a widget moved to another page");

  // The page itself.
  const std::string page = seed_.PagePath();
  ExpectStatus(alice_.Patch(page, R"({"title":"Start"})", alice_.ETag(page)), 200);
  ExpectCoherent("a page renamed");

  // Deletes.
  ExpectStatus(alice_.Delete(loose_path, ""), 428);
  ExpectStatus(alice_.Delete(seed_.GroupPath(), alice_.ETag(seed_.GroupPath())), 204);
  ExpectCoherent("a group deleted with its bookmarks");
  ExpectStatus(alice_.Delete(widget, alice_.ETag(widget)), 204);
  ExpectCoherent("a widget deleted");
}

TEST_F(PageCacheTest, DeletedPagesAndStrangersAreNeverServedFromTheCache) {
  const std::string path = seed_.PagePath() + "?expand=all";
  ExpectStatus(alice_.Get(path), 200);
  ExpectStatus(alice_.Get(path), 200);  // cached now
  // Access is checked on every request, before the cache.
  content_testing::ExpectProblem(bob_.Get(path), 404, "not_found");
  ExpectStatus(alice_.Delete(seed_.PagePath(), alice_.ETag(seed_.PagePath())), 204);
  content_testing::ExpectProblem(alice_.Get(path), 404, "not_found");
}

TEST_F(PageCacheTest, GzipClientsGetTheCachedPagesStoredGzipBytes) {
  const std::string path = seed_.PagePath() + "?expand=all";
  httplib::Headers gzip = {{"Accept-Encoding", "gzip, deflate, br"}};
  const std::string plain = Expanded(alice_, seed_.page_id);
  for (int i = 0; i < 2; ++i) {  // the fill's request, then one from the cache
    TestResponse response = server_->Send("GET", path, "alice", "", gzip);
    ASSERT_EQ(response.status, 200);
    // The client library inflates what it is sent; the header says it was gzip.
    EXPECT_EQ(response.Header("Content-Encoding"), "gzip");
    EXPECT_EQ(response.body, plain);
  }
  EXPECT_EQ(server_->Send("GET", path, "alice").body, plain);
  EXPECT_GE(server_->api().page_cache()->stats().hits, 2u);
}

TEST_F(PageCacheTest, PublicPageLinksShareTheCacheAndFollowChanges) {
  TestResponse link =
      alice_.Post("/api/v1/shares/links", R"({"page_id":")" + seed_.page_id + "\"}");
  ASSERT_EQ(link.status, 201) << link.body;
  const std::string path = "/api/v1/public/" + link.JsonString("token");
  // What an uncached load of the link renders now.
  auto fresh = [&] {
    auto view = service::PageLoader(server_->env().context).LoadShared(link.JsonString("token"));
    EXPECT_OK(view);
    return view.ok() ? ToJson(*view, WriteSharedView) : "";
  };
  EXPECT_EQ(Expanded(alice_, seed_.page_id), Fresh(seed_.page_id));  // fills the cache
  const std::uint64_t hits = server_->api().page_cache()->stats().hits;
  TestResponse first = server_->Send("GET", path, "");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.body, fresh());
  EXPECT_EQ(server_->api().page_cache()->stats().hits, hits + 1) << "the owner's rendering";

  ExpectStatus(alice_.Post(seed_.BookmarksWidgetPath() + "/bookmarks",
                           R"({"url":"https://public.example/"})"),
               201);
  TestResponse after = server_->Send("GET", path, "");
  EXPECT_EQ(after.body, fresh());
  EXPECT_NE(after.body.find("https://public.example/"), std::string::npos);

  // The link is checked on every request: revoked, it is gone though the page is cached.
  ExpectStatus(alice_.Delete("/api/v1/shares/" + link.JsonString("id"), ""), 204);
  content_testing::ExpectProblem(server_->Send("GET", path, ""), 404, "not_found");
}

TEST(PageCacheOffTest, ZeroBytesMeansNoCacheAndTheSameAnswers) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start(ApiServerOptions{.page_cache_bytes = 0}));
  EXPECT_EQ(server->api().page_cache(), nullptr);
  server->AddUser("alice");
  Client alice(server.get(), "alice");
  Seed seed = content_testing::MakeSeed(alice);
  TestResponse first = alice.Get(seed.PagePath() + "?expand=all");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(alice.Get(seed.PagePath() + "?expand=all").body, first.body);
  EXPECT_NE(first.body.find(seed.bookmark_id), std::string::npos);
}

}  // namespace
}  // namespace homeboard::server
