// The authorization matrix of the content routes, generated from the server's route table:
// for every widgets / groups / bookmarks / notes route with ids in its path, user B sending a
// valid request with user A's ids gets 404 exactly like a missing object and A's data does
// not change, while A sending the same request succeeds (so the 404 is about ownership, not
// a bad request). Also: B's own objects pointed at A's (move targets, anchors, parents) are
// 404 too; B's cross-object lists show nothing of A's; and mass assignment — server-owned
// members (id, user_id, version, created_at, ...) in any write body — is 400 naming the
// member, with nothing written.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>

#include "model/share.h"
#include "model/tables.h"
#include "model/user.h"
#include "server/content_test_support.h"
#include "service/share_service.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

using content_testing::Client;
using content_testing::ExpectProblem;
using content_testing::Items;
using content_testing::MakeSeed;
using content_testing::Member;
using content_testing::Seed;

const std::set<std::string> kContentTags = {"widgets", "groups", "bookmarks", "notes"};

// A valid body for each write operation (valid for the owner's seed).
const std::map<std::string, std::string>& SampleBodies() {
  static const auto* bodies = new std::map<std::string, std::string>{
      {"createWidget", R"({"kind":"clock","title":"Time","settings":{"format":"24h"}})"},
      {"updateWidget", R"({"title":"Renamed"})"},
      {"moveWidget", R"({"column":2})"},
      {"createGroup", R"({"name":"New group"})"},
      {"renameGroup", R"({"name":"Renamed"})"},
      {"moveGroup", R"({})"},
      {"createBookmark", R"({"url":"https://example.com/new","title":"New"})"},
      {"createBookmarks",
       R"({"bookmarks":[{"url":"https://example.com/1"},{"url":"https://example.com/2"}]})"},
      {"updateBookmark", R"({"title":"Renamed"})"},
      {"moveBookmark", R"({})"},
      {"createNote", R"({"title":"New","body":"text"})"},
      {"updateNote", R"({"body":"changed"})"},
      {"moveNote", R"({})"},
  };
  return *bodies;
}

class ContentCrossUserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start());
    server_->AddUser("alice");
    server_->AddUser("bob");
  }

  Client alice() const { return Client(server_.get(), "alice"); }
  Client bob() const { return Client(server_.get(), "bob"); }

  // A stored user account (shares name existing users) whose bearer token is `token`.
  std::string AddAccount(const std::string& token) {
    std::string user_id = server_->AddUser(token);
    std::string name = "u" + user_id.substr(16);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    model::User user{.user_id = user_id,
                     .name = name,
                     .display_name = "User",
                     .password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
                     .created_at = "2026-01-01T00:00:00.000Z",
                     .updated_at = "2026-01-01T00:00:00.000Z"};
    EXPECT_OK(user.Validate());
    EXPECT_OK(server_->env().db->store()->Put(
        {server_->env().context.Table(model::kUsersTable), user.ToItem(), {}}));
    return user_id;
  }

  // The content routes of the table.
  std::vector<const Route*> ContentRoutes() const {
    std::vector<const Route*> routes;
    for (const Route& route : server_->api().routes().routes()) {
      if (kContentTags.count(route.tag) != 0) routes.push_back(&route);
    }
    return routes;
  }

  std::unique_ptr<TestServer> server_;
};

// `route.path` with the seed's ids in place of its parameters.
std::string Instantiate(const Route& route, const Seed& seed) {
  std::string widget_id = route.tag == "notes" ? seed.notes_widget_id : seed.bookmarks_widget_id;
  std::string id = route.tag == "widgets"  ? seed.bookmarks_widget_id
                   : route.tag == "groups" ? seed.group_id
                   : route.tag == "notes"  ? seed.note_id
                                           : seed.bookmark_id;
  std::string path = route.path;
  auto replace = [&path](std::string_view param, const std::string& value) {
    std::size_t at = path.find(param);
    if (at != std::string::npos) path.replace(at, param.size(), value);
  };
  replace("{page_id}", seed.page_id);
  replace("{widget_id}", widget_id);
  replace("{id}", id);
  EXPECT_EQ(path.find('{'), std::string::npos)
      << route.path << " has a parameter this test does not know";
  return path;
}

// The path of the object a write with If-Match is about (a move's object is its parent path).
std::string ObjectPath(const std::string& path) {
  return path.ends_with("/move") ? path.substr(0, path.size() - 5) : path;
}

// `body` (a JSON object) with `member` added first.
std::string WithMember(const std::string& body, std::string_view member, std::string_view value) {
  std::string inner = body.substr(1);
  return fmt::format("{{\"{}\":{}{}{}", member, value, inner.starts_with("}") ? "" : ",", inner);
}

TEST_F(ContentCrossUserTest, TheRouteTableHasEveryContentOperation) {
  std::set<std::string> ids;
  for (const Route* route : ContentRoutes()) ids.insert(route->operation_id);
  for (const auto& [operation, body] : SampleBodies())
    EXPECT_EQ(ids.count(operation), 1u) << operation;
  for (std::string_view read :
       {"listWidgets", "getWidget", "deleteWidget", "listGroups", "getGroup", "deleteGroup",
        "listWidgetBookmarks", "listBookmarks", "getBookmark", "deleteBookmark", "listWidgetNotes",
        "listRecentNotes", "getNote", "deleteNote"}) {
    EXPECT_EQ(ids.count(std::string(read)), 1u) << read;
  }
}

TEST_F(ContentCrossUserTest, AnotherUsersIdsAreNotFoundOnEveryRouteAndChangeNothing) {
  Client owner = alice();
  Client intruder = bob();
  MakeSeed(intruder, "bob");  // Bob has content of his own.
  int checked = 0;
  for (const Route* route : ContentRoutes()) {
    if (route->path.find('{') == std::string::npos) continue;
    SCOPED_TRACE(route->method + " " + route->path);
    Seed seed = MakeSeed(owner, route->operation_id);
    std::string path = Instantiate(*route, seed);
    std::string body;
    if (route->method == "POST" || route->method == "PATCH") {
      auto sample = SampleBodies().find(route->operation_id);
      ASSERT_NE(sample, SampleBodies().end()) << "no sample body for " << route->operation_id;
      body = sample->second;
    }
    std::string etag = route->if_match ? owner.ETag(ObjectPath(path)) : "";
    ASSERT_TRUE(!route->if_match || !etag.empty());
    std::string before = seed.Snapshot(owner);

    TestResponse refused = intruder.Write(route->method, path, body, etag);
    ExpectProblem(refused, 404, "not_found");
    EXPECT_EQ(seed.Snapshot(owner), before);
    // The same request from the owner is fine.
    TestResponse allowed = owner.Write(route->method, path, body, etag);
    EXPECT_EQ(allowed.status, route->success_status) << allowed.body;
    ++checked;
  }
  EXPECT_GE(checked, 24);
}

TEST_F(ContentCrossUserTest, AnotherUsersIdsInBodiesAreNotFound) {
  Client owner = alice();
  Client intruder = bob();
  Seed theirs = MakeSeed(owner, "alice");
  Seed mine = MakeSeed(intruder, "bob");
  struct Case {
    std::string method, path, object, body;
  };
  std::vector<Case> cases = {
      {"POST", mine.BookmarksWidgetPath() + "/move", mine.BookmarksWidgetPath(),
       fmt::format(R"({{"column":0,"target_page_id":"{}"}})", theirs.page_id)},
      {"POST", mine.NotesWidgetPath() + "/move", mine.NotesWidgetPath(),
       fmt::format(R"({{"column":0,"before_id":"{}"}})", theirs.bookmarks_widget_id)},
      {"POST", mine.BookmarksWidgetPath() + "/groups", "",
       fmt::format(R"({{"name":"x","parent_group_id":"{}"}})", theirs.group_id)},
      {"POST", mine.GroupPath() + "/move", mine.GroupPath(),
       fmt::format(R"({{"parent_group_id":"{}"}})", theirs.group_id)},
      {"POST", mine.BookmarksWidgetPath() + "/bookmarks", "",
       fmt::format(R"({{"url":"https://example.com","group_id":"{}"}})", theirs.group_id)},
      {"POST", mine.BookmarksWidgetPath() + "/bookmarks", "",
       fmt::format(R"({{"url":"https://example.com","group_id":"{}","before_id":"{}"}})",
                   mine.group_id, theirs.bookmark_id)},
      {"POST", mine.BookmarksWidgetPath() + "/bookmarks:batch", "",
       fmt::format(R"({{"bookmarks":[{{"url":"https://example.com","group_id":"{}"}}]}})",
                   theirs.group_id)},
      {"POST", mine.BookmarkPath() + "/move", mine.BookmarkPath(),
       fmt::format(R"({{"target_page_id":"{}","target_widget_id":"{}"}})", theirs.page_id,
                   theirs.bookmarks_widget_id)},
      {"POST", mine.BookmarkPath() + "/move", mine.BookmarkPath(),
       fmt::format(R"({{"group_id":"{}"}})", theirs.group_id)},
      {"POST", mine.NotePath() + "/move", mine.NotePath(),
       fmt::format(R"({{"target_page_id":"{}","target_widget_id":"{}"}})", theirs.page_id,
                   theirs.notes_widget_id)},
      {"POST", mine.NotePath() + "/move", mine.NotePath(),
       fmt::format(R"({{"before_id":"{}"}})", theirs.note_id)},
      {"POST", mine.NotesWidgetPath() + "/notes", "",
       fmt::format(R"({{"title":"x","after_id":"{}"}})", theirs.note_id)},
  };
  std::string theirs_before = theirs.Snapshot(owner);
  std::string mine_before = mine.Snapshot(intruder);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path + " " + c.body);
    std::string etag = c.object.empty() ? "" : intruder.ETag(c.object);
    ExpectProblem(intruder.Write(c.method, c.path, c.body, etag), 404, "not_found");
  }
  EXPECT_EQ(theirs.Snapshot(owner), theirs_before);
  EXPECT_EQ(mine.Snapshot(intruder), mine_before);
}

TEST_F(ContentCrossUserTest, ListsAcrossObjectsShowOnlyTheCallersOwn) {
  Seed theirs = MakeSeed(alice(), "alice");
  Client intruder = bob();
  EXPECT_TRUE(Items(intruder.Get("/api/v1/bookmarks")).empty());
  EXPECT_TRUE(Items(intruder.Get("/api/v1/notes")).empty());
  Seed mine = MakeSeed(intruder, "bob");
  std::vector<JsonValue> bookmarks = Items(intruder.Get("/api/v1/bookmarks"));
  ASSERT_EQ(bookmarks.size(), 1u);
  EXPECT_EQ(Member(bookmarks[0], "id"), mine.bookmark_id);
  std::vector<JsonValue> notes = Items(intruder.Get("/api/v1/notes"));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(Member(notes[0], "id"), mine.note_id);
}

TEST_F(ContentCrossUserTest, SharedPagesAreReadableByViewersAndWritableByEditors) {
  std::string owner_id = AddAccount("owner");
  std::string viewer_id = AddAccount("viewer");
  std::string editor_id = AddAccount("editor");
  Client owner(server_.get(), "owner");
  Client viewer(server_.get(), "viewer");
  Client editor(server_.get(), "editor");
  Client stranger = bob();
  Seed seed = MakeSeed(owner);
  service::ShareService shares(server_->env().context);
  service::Caller owner_caller{owner_id};
  ASSERT_OK(shares.ShareWithUser(owner_caller, service::ResourceId::Page(seed.page_id), viewer_id,
                                 model::Permission::kView, std::nullopt));
  ASSERT_OK(shares.ShareWithUser(owner_caller, service::ResourceId::Page(seed.page_id), editor_id,
                                 model::Permission::kEdit, std::nullopt));

  std::vector<std::string> reads = {
      seed.PagePath() + "/widgets",
      seed.BookmarksWidgetPath(),
      seed.BookmarksWidgetPath() + "/groups",
      seed.BookmarksWidgetPath() + "/bookmarks",
      seed.NotesWidgetPath() + "/notes",
      seed.GroupPath(),
      seed.BookmarkPath(),
      seed.NotePath(),
  };
  for (const std::string& path : reads) {
    SCOPED_TRACE(path);
    TestResponse mine = owner.Get(path);
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(viewer.Get(path).body, mine.body);
    EXPECT_EQ(editor.Get(path).body, mine.body);
    ExpectProblem(stranger.Get(path), 404, "not_found");
  }
  // The cross-object lists stay the caller's own.
  EXPECT_TRUE(Items(viewer.Get("/api/v1/bookmarks")).empty());
  EXPECT_TRUE(Items(viewer.Get("/api/v1/notes")).empty());

  // A viewer may not write: 404, as if the objects were not there.
  std::string before = seed.Snapshot(owner);
  ExpectProblem(
      viewer.Patch(seed.BookmarkPath(), R"({"title":"x"})", owner.ETag(seed.BookmarkPath())), 404,
      "not_found");
  ExpectProblem(
      viewer.Post(seed.BookmarksWidgetPath() + "/bookmarks", R"({"url":"https://example.com/v"})"),
      404, "not_found");
  ExpectProblem(viewer.Write("POST", seed.NotePath() + "/move", "{}", owner.ETag(seed.NotePath())),
                404, "not_found");
  ExpectProblem(viewer.Delete(seed.NotePath(), owner.ETag(seed.NotePath())), 404, "not_found");
  ExpectProblem(viewer.Patch(seed.BookmarksWidgetPath(), R"({"title":"x"})",
                             owner.ETag(seed.BookmarksWidgetPath())),
                404, "not_found");
  EXPECT_EQ(seed.Snapshot(owner), before);

  // An editor may.
  TestResponse edited =
      editor.Patch(seed.BookmarkPath(), R"({"title":"Edited"})", owner.ETag(seed.BookmarkPath()));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(owner.Get(seed.BookmarkPath()).JsonString("title"), "Edited");
  TestResponse added =
      editor.Post(seed.NotesWidgetPath() + "/notes", R"({"title":"From the editor"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(owner.Get(added.Header("Location")).JsonString("title"), "From the editor");
}

TEST_F(ContentCrossUserTest, ServerOwnedMembersInBodiesAreRefused) {
  Client owner = alice();
  int checked = 0;
  Seed seed = MakeSeed(owner);
  std::string before = seed.Snapshot(owner);
  for (const Route* route : ContentRoutes()) {
    auto sample = SampleBodies().find(route->operation_id);
    if (sample == SampleBodies().end()) continue;
    std::string path = Instantiate(*route, seed);
    std::string etag = route->if_match ? owner.ETag(ObjectPath(path)) : "";
    for (std::string_view member : {"id", "user_id", "owner_id", "version", "created_at",
                                    "updated_at", "order_key", "page_id", "widget_id"}) {
      SCOPED_TRACE(route->method + " " + route->path + " with " + std::string(member));
      std::string body = WithMember(sample->second, member, R"("01JAAAAAAAAAAAAAAAAAAAAAAA")");
      TestResponse response = owner.Write(route->method, path, body, etag);
      ExpectProblem(response, 400, "invalid_argument", member);
      EXPECT_EQ(Member(response.Json(), "rule"), "read_only");
      ++checked;
    }
    // A version as a number is refused the same way.
    TestResponse numeric =
        owner.Write(route->method, path, WithMember(sample->second, "version", "99"), etag);
    ExpectProblem(numeric, 400, "invalid_argument", "version");
  }
  // Inside a batch entry too.
  TestResponse nested =
      owner.Post(seed.BookmarksWidgetPath() + "/bookmarks:batch",
                 R"({"bookmarks":[{"url":"https://example.com","user_id":"x"}]})");
  ExpectProblem(nested, 400, "invalid_argument", "bookmarks[0].user_id");
  EXPECT_EQ(seed.Snapshot(owner), before);
  EXPECT_GE(checked, 13 * 9);
}

}  // namespace
}  // namespace homeboard::server
