// End-to-end tests of /api/v1/tags and the item tag routes over real HTTP and a real SQLite
// store: tagging bookmarks, notes and widgets with If-Match (428 / 412), the tag list with
// counts, prefix autocomplete and pagination, the items of a tag, rename (merge) and
// delete, bad input answered with a problem naming the field and changing nothing, and
// another user's items answering 404.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/content_test_support.h"
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

class TagsRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start());
    server_->AddUser("alice");
    server_->AddUser("bob");
  }

  Client alice() const { return Client(server_.get(), "alice"); }
  Client bob() const { return Client(server_.get(), "bob"); }

  // PUT `tags_json` as the complete tag list of the item at `item_path`.
  TestResponse SetTags(const Client& client, const std::string& item_path,
                       const std::string& tags_json) const {
    return client.Write("PUT", item_path + "/tags", R"({"tags":)" + tags_json + "}",
                        client.ETag(item_path));
  }

  std::unique_ptr<TestServer> server_;
};

std::vector<std::string> Strings(const JsonValue& value, std::string_view name) {
  std::vector<std::string> out;
  const JsonValue* array = value.Find(name);
  if (array == nullptr) return out;
  for (const JsonValue& item : array->items) out.push_back(item.string);
  return out;
}

// "tag=count" of every item of a tag list.
std::vector<std::string> TagCounts(const TestResponse& response) {
  std::vector<std::string> out;
  for (const JsonValue& item : Items(response)) {
    out.push_back(Member(item, "tag") + "=" + Member(item, "count"));
  }
  return out;
}

TEST_F(TagsRoutesTest, TagsABookmarkWithIfMatch) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string path = seed.BookmarkPath();
  ASSERT_EQ(client.ETag(path), "\"1\"");

  TestResponse tagged =
      client.Write("PUT", path + "/tags", R"({"tags":["  Rust ","Web","rust"]})", "\"1\"");
  ASSERT_EQ(tagged.status, 200) << tagged.body;
  EXPECT_EQ(Strings(tagged.Json(), "tags"), (std::vector<std::string>{"rust", "web"}));
  EXPECT_EQ(Member(tagged.Json(), "version"), "2");
  EXPECT_EQ(tagged.Header("ETag"), "\"2\"");
  // The bookmark itself shows the tags, at the new version.
  TestResponse bookmark = client.Get(path);
  EXPECT_EQ(Strings(bookmark.Json(), "tags"), (std::vector<std::string>{"rust", "web"}));
  EXPECT_EQ(bookmark.Header("ETag"), "\"2\"");

  // The same tags again change nothing.
  TestResponse again = client.Write("PUT", path + "/tags", R"({"tags":["web","rust"]})", "\"2\"");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Header("ETag"), "\"2\"");

  ExpectProblem(client.Write("PUT", path + "/tags", R"({"tags":[]})", ""), 428,
                "precondition_required");
  ExpectProblem(client.Write("PUT", path + "/tags", R"({"tags":[]})", "\"1\""), 412,
                "precondition_failed");
  EXPECT_EQ(Strings(client.Get(path).Json(), "tags"), (std::vector<std::string>{"rust", "web"}));

  // An empty list clears them.
  TestResponse cleared = client.Write("PUT", path + "/tags", R"({"tags":[]})", "\"2\"");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(Strings(cleared.Json(), "tags").empty());
  EXPECT_TRUE(Items(client.Get("/api/v1/tags")).empty());
}

TEST_F(TagsRoutesTest, TagsNotesAndWidgets) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  TestResponse note = SetTags(client, seed.NotePath(), R"(["todo"])");
  ASSERT_EQ(note.status, 200) << note.body;
  TestResponse widget = SetTags(client, seed.BookmarksWidgetPath(), R"(["todo","links"])");
  ASSERT_EQ(widget.status, 200) << widget.body;
  EXPECT_EQ(Strings(client.Get(seed.BookmarksWidgetPath()).Json(), "tags"),
            (std::vector<std::string>{"links", "todo"}));

  TestResponse items = client.Get("/api/v1/tags/todo/items");
  ASSERT_EQ(items.status, 200) << items.body;
  std::vector<std::string> seen;
  for (const JsonValue& item : Items(items)) {
    std::string type = Member(item, "type");
    const JsonValue* entity = item.Find(type);
    ASSERT_NE(entity, nullptr) << items.body;
    seen.push_back(type + ":" + Member(*entity, "id"));
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"note:" + seed.note_id,
                                            "widget:" + seed.bookmarks_widget_id}));
  // The note comes whole, with its body.
  for (const JsonValue& item : Items(items)) {
    if (Member(item, "type") == "note") {
      EXPECT_EQ(Member(*item.Find("note"), "body"), "milk and eggs");
    }
  }
}

TEST_F(TagsRoutesTest, ListsTagsWithCountsPrefixAndPages) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  ASSERT_EQ(SetTags(client, seed.BookmarkPath(), R"(["rust","ruby","go"])").status, 200);
  ASSERT_EQ(SetTags(client, seed.NotePath(), R"(["rust"])").status, 200);

  TestResponse all = client.Get("/api/v1/tags");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(TagCounts(all), (std::vector<std::string>{"go=1", "ruby=1", "rust=2"}));
  EXPECT_EQ(NextCursor(all), "");

  EXPECT_EQ(TagCounts(client.Get("/api/v1/tags?prefix=RU")),
            (std::vector<std::string>{"ruby=1", "rust=2"}));
  EXPECT_TRUE(Items(client.Get("/api/v1/tags?prefix=x")).empty());

  std::vector<std::string> paged;
  std::string cursor;
  for (int i = 0; i < 5; ++i) {
    TestResponse page =
        client.Get("/api/v1/tags?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    for (const std::string& tag : TagCounts(page)) paged.push_back(tag);
    cursor = NextCursor(page);
    if (cursor.empty()) break;
  }
  EXPECT_EQ(paged, (std::vector<std::string>{"go=1", "ruby=1", "rust=2"}));

  ExpectProblem(client.Get("/api/v1/tags?cursor=garbage!"), 400, "invalid_argument", "cursor");
  ExpectProblem(client.Get("/api/v1/tags?cursor=Zm9v"), 400, "invalid_argument", "cursor");
  ExpectProblem(client.Get("/api/v1/tags?limit=0"), 400, "invalid_argument", "limit");
  ExpectProblem(client.Get("/api/v1/tags?prefix=a%23b"), 400, "invalid_argument", "prefix");

  // Another user has no tags, and cannot list alice's.
  EXPECT_TRUE(Items(bob().Get("/api/v1/tags")).empty());
  EXPECT_TRUE(Items(bob().Get("/api/v1/tags/rust/items")).empty());
}

TEST_F(TagsRoutesTest, RenamesMergingAndDeletes) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  ASSERT_EQ(SetTags(client, seed.BookmarkPath(), R"(["rust","systems"])").status, 200);
  ASSERT_EQ(SetTags(client, seed.NotePath(), R"(["rust lang"])").status, 200);

  TestResponse renamed =
      client.Write("PUT", "/api/v1/tags/rust", R"({"name":"  Rust   Lang "})", "");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Member(renamed.Json(), "tag"), "rust lang");
  EXPECT_EQ(Member(renamed.Json(), "items_changed"), "1");
  EXPECT_EQ(TagCounts(client.Get("/api/v1/tags")),
            (std::vector<std::string>{"rust lang=2", "systems=1"}));
  EXPECT_EQ(Strings(client.Get(seed.BookmarkPath()).Json(), "tags"),
            (std::vector<std::string>{"rust lang", "systems"}));

  // A percent-encoded tag in the path.
  TestResponse deleted = client.Delete("/api/v1/tags/rust%20lang", "");
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(TagCounts(client.Get("/api/v1/tags")), (std::vector<std::string>{"systems=1"}));
  EXPECT_TRUE(Strings(client.Get(seed.NotePath()).Json(), "tags").empty());

  // Deleting or renaming a tag nobody carries changes nothing.
  EXPECT_EQ(client.Delete("/api/v1/tags/none", "").status, 204);
  TestResponse none = client.Write("PUT", "/api/v1/tags/none", R"({"name":"other"})", "");
  EXPECT_EQ(Member(none.Json(), "items_changed"), "0") << none.body;
}

TEST_F(TagsRoutesTest, BadInputChangesNothing) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string path = seed.BookmarkPath();
  ASSERT_EQ(SetTags(client, path, R"(["keep"])").status, 200);
  std::string before = seed.Snapshot(client) + client.Get("/api/v1/tags").body;
  std::string etag = client.ETag(path);

  auto put = [&](const std::string& body) {
    return client.Write("PUT", path + "/tags", body, etag);
  };
  ExpectProblem(put(R"({"tags":["a#b"]})"), 400, "invalid_argument", "tags[0]");
  ExpectProblem(put(R"({"tags":["ok",""]})"), 400, "invalid_argument", "tags[1]");
  ExpectProblem(put(R"({"tags":["ok",3]})"), 400, "invalid_argument", "tags[1]");
  ExpectProblem(put(R"({"tags":[")" + std::string(65, 'x') + R"("]})"), 400, "invalid_argument",
                "tags[0]");
  std::string many = "[";
  for (int i = 0; i < 21; ++i) many += (i ? ",\"t" : "\"t") + std::to_string(i) + "\"";
  ExpectProblem(put(R"({"tags":)" + many + "]}"), 400, "invalid_argument", "tags");
  ExpectProblem(put(R"({"tags":"rust"})"), 400, "invalid_argument", "tags");
  ExpectProblem(put(R"({})"), 400, "invalid_argument", "tags");
  ExpectProblem(put(R"({"tags":[],"color":"red"})"), 400, "invalid_argument", "color");
  ExpectProblem(put(R"({"tags":[],"version":9})"), 400, "invalid_argument", "version");
  ExpectProblem(put(R"({"tags":[)"), 400, "invalid_argument", "body");
  ExpectProblem(client.Write("PUT", "/api/v1/tags/keep", R"({"name":"a,b"})", ""), 400,
                "invalid_argument", "name");
  ExpectProblem(client.Write("PUT", "/api/v1/tags/keep", R"({})", ""), 400, "invalid_argument",
                "name");
  ExpectProblem(client.Write("PUT", "/api/v1/tags/a%23b", R"({"name":"x"})", ""), 400,
                "invalid_argument", "from");
  ExpectProblem(client.Get("/api/v1/tags/a%23b/items"), 400, "invalid_argument", "tag");
  ExpectProblem(client.Delete("/api/v1/tags/a%23b", ""), 400, "invalid_argument", "tag");
  // Unknown items.
  ExpectProblem(client.Write("PUT",
                             "/api/v1/widgets/" + seed.bookmarks_widget_id +
                                 "/bookmarks/01ARZ3NDEKTSV4RRFFQ69G5FAV/tags",
                             R"({"tags":[]})", "\"1\""),
                404, "not_found");
  EXPECT_EQ(seed.Snapshot(client) + client.Get("/api/v1/tags").body, before);
}

TEST_F(TagsRoutesTest, StrangersGet404AndChangeNothing) {
  Client owner = alice();
  Seed seed = MakeSeed(owner);
  ASSERT_EQ(SetTags(owner, seed.BookmarkPath(), R"(["mine"])").status, 200);
  std::string before = seed.Snapshot(owner) + owner.Get("/api/v1/tags").body;
  std::string etag = owner.ETag(seed.BookmarkPath());
  for (const std::string& path :
       {seed.BookmarkPath(), seed.NotePath(), seed.BookmarksWidgetPath()}) {
    ExpectProblem(bob().Write("PUT", path + "/tags", R"({"tags":["theirs"]})", etag), 404,
                  "not_found");
  }
  // Bob's tag operations work on bob's own tags only.
  EXPECT_EQ(bob().Delete("/api/v1/tags/mine", "").status, 204);
  EXPECT_EQ(bob().Write("PUT", "/api/v1/tags/mine", R"({"name":"x"})", "").status, 200);
  EXPECT_EQ(seed.Snapshot(owner) + owner.Get("/api/v1/tags").body, before);
  // No credentials: 401.
  EXPECT_EQ(server_->Send("GET", "/api/v1/tags", "").status, 401);
}

}  // namespace
}  // namespace homeboard::server
