// End-to-end tests of the content routes over real HTTP and a real SQLite store: every
// route and method of widgets, groups, bookmarks and notes on the happy path, If-Match
// (428 / 412), bad input (malformed JSON, wrong types, missing fields, invalid URLs,
// oversized values, bad settings, bad cursors) answered with a problem naming the field and
// changing nothing, and store outages. Lists and their paging: content_paging_test.cc.
#include <fmt/format.h>
#include <gtest/gtest.h>


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

class ContentRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start());
    server_->AddUser("alice");
  }

  Client alice() const { return Client(server_.get(), "alice"); }

  std::unique_ptr<TestServer> server_;
};

std::vector<std::string> Ids(const std::vector<JsonValue>& items) {
  std::vector<std::string> ids;
  for (const JsonValue& item : items) ids.push_back(Member(item, "id"));
  return ids;
}

TEST_F(ContentRoutesTest, WidgetsCreateListGetUpdateMoveDelete) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string widgets = seed.PagePath() + "/widgets";

  TestResponse created = client.Post(
      widgets,
      R"({"kind":"rss","title":"  News  ","column":2,"settings":{"feed_url":"https://example.com/feed","max_items":10}})");
  ASSERT_EQ(created.status, 201) << created.body;
  JsonValue widget = created.Json();
  std::string id = Member(widget, "id");
  EXPECT_EQ(created.Header("Location"), widgets + "/" + id);
  EXPECT_EQ(created.Header("ETag"), "\"1\"");
  EXPECT_EQ(Member(widget, "title"), "News");
  EXPECT_EQ(Member(widget, "kind"), "rss");
  EXPECT_EQ(Member(widget, "column"), "2");
  EXPECT_EQ(Member(*widget.Find("settings"), "max_items"), "10");
  EXPECT_EQ(Member(widget, "page_id"), seed.page_id);
  EXPECT_TRUE(Member(widget, "created_at").ends_with("Z")) << created.body;
  EXPECT_EQ(widget.Find("user_id"), nullptr);
  EXPECT_EQ(widget.Find("order_key"), nullptr);

  TestResponse got = client.Get(created.Header("Location"));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, created.body);
  EXPECT_EQ(got.Header("ETag"), "\"1\"");

  // Listed by column: the bookmarks widget (0), the notes widget (1), then the new one (2).
  TestResponse listed = client.Get(widgets);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Ids(Items(listed)),
            (std::vector<std::string>{seed.bookmarks_widget_id, seed.notes_widget_id, id}));
  EXPECT_EQ(NextCursor(listed), "");

  TestResponse updated = client.Patch(
      created.Header("Location"),
      R"({"title":"Headlines","settings":{"feed_url":"https://example.org/rss"}})", "\"1\"");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.Header("ETag"), "\"2\"");
  EXPECT_EQ(updated.JsonString("title"), "Headlines");
  EXPECT_EQ(Member(*updated.Json().Find("settings"), "max_items"), "");

  // Move to the front of column 0, then to the other page.
  TestResponse moved = client.Write(
      "POST", created.Header("Location") + "/move",
      fmt::format(R"({{"column":0,"before_id":"{}"}})", seed.bookmarks_widget_id), "\"2\"");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Member(moved.Json(), "column"), "0");
  EXPECT_EQ(Ids(Items(client.Get(widgets))).front(), id);
  std::string version = moved.Header("ETag");
  TestResponse elsewhere = client.Write(
      "POST", created.Header("Location") + "/move",
      fmt::format(R"({{"column":3,"target_page_id":"{}"}})", seed.other_page_id), version);
  ASSERT_EQ(elsewhere.status, 200) << elsewhere.body;
  std::string new_path = "/api/v1/pages/" + seed.other_page_id + "/widgets/" + id;
  EXPECT_EQ(elsewhere.Header("Content-Location"), new_path);
  EXPECT_EQ(client.Get(created.Header("Location")).status, 404);
  ASSERT_EQ(client.Get(new_path).status, 200);

  TestResponse deleted = client.Delete(new_path, elsewhere.Header("ETag"));
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(deleted.body, "");
  ExpectProblem(client.Get(new_path), 404, "not_found");
}

TEST_F(ContentRoutesTest, GroupsCreateListGetRenameMoveDelete) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string groups = seed.BookmarksWidgetPath() + "/groups";
  TestResponse child =
      client.Post(groups, fmt::format(R"({{"name":"Sub","parent_group_id":"{}"}})", seed.group_id));
  ASSERT_EQ(child.status, 201) << child.body;
  std::string child_id = child.JsonString("id");
  EXPECT_EQ(child.Header("Location"),
            "/api/v1/widgets/" + seed.bookmarks_widget_id + "/groups/" + child_id);
  EXPECT_EQ(Member(child.Json(), "depth"), "2");
  TestResponse second = client.Post(groups, R"({"name":"Home","parent_group_id":null})");
  ASSERT_EQ(second.status, 201) << second.body;
  std::string second_id = second.JsonString("id");

  // Tree order, also when read one at a time.
  std::vector<std::string> expected{seed.group_id, child_id, second_id};
  EXPECT_EQ(Ids(Items(client.Get(groups))), expected);
  std::vector<std::string> paged;
  std::string cursor;
  for (int i = 0; i < 5; ++i) {
    TestResponse page =
        client.Get(groups + "?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    for (const std::string& id : Ids(Items(page))) paged.push_back(id);
    cursor = NextCursor(page);
    if (cursor.empty()) break;
  }
  EXPECT_EQ(paged, expected);

  std::string child_path = child.Header("Location");
  EXPECT_EQ(client.Get(child_path).body, child.body);
  TestResponse renamed = client.Patch(child_path, R"({"name":"Renamed"})", "\"1\"");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.JsonString("name"), "Renamed");

  // To the top level before the first group.
  TestResponse moved =
      client.Write("POST", child_path + "/move",
                   fmt::format(R"({{"parent_group_id":null,"before_id":"{}"}})", seed.group_id),
                   renamed.Header("ETag"));
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Member(moved.Json(), "parent_group_id"), "null");
  EXPECT_EQ(Member(moved.Json(), "depth"), "1");
  EXPECT_EQ(Ids(Items(client.Get(groups))),
            (std::vector<std::string>{child_id, seed.group_id, second_id}));
  // Moving a group under itself is refused.
  TestResponse cycle = client.Write("POST", seed.GroupPath() + "/move",
                                    fmt::format(R"({{"parent_group_id":"{}"}})", seed.group_id),
                                    client.ETag(seed.GroupPath()));
  ExpectProblem(cycle, 400, "invalid_argument", "parent_group_id");
  EXPECT_EQ(Member(cycle.Json(), "rule"), "cycle");

  // Deleting the seed group deletes the bookmark in it.
  EXPECT_EQ(client.Delete(seed.GroupPath(), client.ETag(seed.GroupPath())).status, 204);
  EXPECT_EQ(client.Get(seed.GroupPath()).status, 404);
  EXPECT_EQ(client.Get(seed.BookmarkPath()).status, 404);
}

TEST_F(ContentRoutesTest, BookmarksCreateBatchGetUpdateMoveDelete) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string bookmarks = seed.BookmarksWidgetPath() + "/bookmarks";
  TestResponse created = client.Post(
      bookmarks,
      R"({"url":" https://example.com/b ","title":"B","description":"about b","icon":"https://example.com/favicon.ico"})");
  ASSERT_EQ(created.status, 201) << created.body;
  JsonValue bookmark = created.Json();
  std::string id = Member(bookmark, "id");
  EXPECT_EQ(created.Header("Location"),
            "/api/v1/widgets/" + seed.bookmarks_widget_id + "/bookmarks/" + id);
  EXPECT_EQ(Member(bookmark, "url"), "https://example.com/b");
  EXPECT_EQ(Member(bookmark, "group_id"), "null");
  EXPECT_EQ(client.Get(created.Header("Location")).body, created.body);

  TestResponse batch =
      client.Post(bookmarks + ":batch",
                  fmt::format(R"({{"bookmarks":[{{"url":"https://example.com/c","title":"C"}},
                                   {{"url":"https://example.com/d","group_id":"{}"}}]}})",
                              seed.group_id));
  ASSERT_EQ(batch.status, 201) << batch.body;
  std::vector<JsonValue> added = Items(batch);
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(Member(added[1], "group_id"), seed.group_id);

  // Top level in order; the group separately.
  EXPECT_EQ(Ids(Items(client.Get(bookmarks))),
            (std::vector<std::string>{id, Member(added[0], "id")}));
  EXPECT_EQ(Ids(Items(client.Get(bookmarks + "?group_id=" + seed.group_id))),
            (std::vector<std::string>{seed.bookmark_id, Member(added[1], "id")}));

  TestResponse updated =
      client.Patch(created.Header("Location"), R"({"title":"Bee","icon":null})", "\"1\"");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.JsonString("title"), "Bee");
  EXPECT_EQ(Member(updated.Json(), "icon"), "null");
  EXPECT_EQ(updated.JsonString("description"), "about b");

  // Into the group, first.
  TestResponse moved = client.Write(
      "POST", created.Header("Location") + "/move",
      fmt::format(R"({{"group_id":"{}","before_id":"{}"}})", seed.group_id, seed.bookmark_id),
      updated.Header("ETag"));
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Ids(Items(client.Get(bookmarks + "?group_id=" + seed.group_id))).front(), id);

  // To a bookmarks widget on the other page.
  TestResponse other = client.Post("/api/v1/pages/" + seed.other_page_id + "/widgets",
                                   R"({"kind":"bookmarks","title":"Elsewhere"})");
  ASSERT_EQ(other.status, 201);
  std::string other_widget = other.JsonString("id");
  TestResponse away =
      client.Write("POST", created.Header("Location") + "/move",
                   fmt::format(R"({{"target_page_id":"{}","target_widget_id":"{}"}})",
                               seed.other_page_id, other_widget),
                   moved.Header("ETag"));
  ASSERT_EQ(away.status, 200) << away.body;
  std::string new_path = "/api/v1/widgets/" + other_widget + "/bookmarks/" + id;
  EXPECT_EQ(away.Header("Content-Location"), new_path);
  EXPECT_EQ(away.JsonString("page_id"), seed.other_page_id);
  EXPECT_EQ(client.Get(created.Header("Location")).status, 404);
  ExpectProblem(
      client.Write("POST", new_path + "/move",
                   fmt::format(R"({{"target_page_id":"{}"}})", seed.page_id), away.Header("ETag")),
      400, "invalid_argument", "target_widget_id");

  EXPECT_EQ(client.Delete(new_path, away.Header("ETag")).status, 204);
  EXPECT_EQ(client.Get(new_path).status, 404);
}

TEST_F(ContentRoutesTest, NotesCreateListRecentGetUpdateMoveDelete) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string notes = seed.NotesWidgetPath() + "/notes";
  TestResponse created = client.Post(notes, R"({"title":"Ideas","body":"one\ntwo"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.JsonString("id");
  std::string path = created.Header("Location");
  EXPECT_EQ(path, "/api/v1/widgets/" + seed.notes_widget_id + "/notes/" + id);
  EXPECT_EQ(created.JsonString("body"), "one\ntwo");
  EXPECT_EQ(client.Get(path).body, created.body);

  std::vector<JsonValue> listed = Items(client.Get(notes));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(Member(listed[1], "id"), id);
  EXPECT_EQ(Member(listed[1], "preview"), "one two");
  EXPECT_EQ(listed[1].Find("body"), nullptr);

  // Editing the seed note puts it first in the recent list.
  std::string since = created.JsonString("updated_at");
  TestResponse updated = client.Patch(seed.NotePath(), R"({"body":"milk, eggs, bread"})", "\"1\"");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.JsonString("title"), "Todo");
  EXPECT_EQ(Ids(Items(client.Get("/api/v1/notes"))), (std::vector<std::string>{seed.note_id, id}));
  TestResponse first = client.Get("/api/v1/notes?limit=1");
  EXPECT_EQ(Ids(Items(first)), std::vector<std::string>{seed.note_id});
  ASSERT_NE(NextCursor(first), "");
  EXPECT_EQ(Ids(Items(client.Get("/api/v1/notes?limit=1&cursor=" + NextCursor(first)))),
            std::vector<std::string>{id});
  // modified_since after the new note's creation: only the edited one.
  TestResponse recent =
      client.Get("/api/v1/notes?modified_since=" + updated.JsonString("updated_at"));
  EXPECT_EQ(Ids(Items(recent)), std::vector<std::string>{seed.note_id});
  EXPECT_EQ(NextCursor(recent), "");
  EXPECT_EQ(Ids(Items(client.Get("/api/v1/notes?modified_since=" + since))).size(), 2u);

  TestResponse moved = client.Write("POST", path + "/move",
                                    fmt::format(R"({{"before_id":"{}"}})", seed.note_id), "\"1\"");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Ids(Items(client.Get(notes))), (std::vector<std::string>{id, seed.note_id}));

  TestResponse other = client.Post("/api/v1/pages/" + seed.other_page_id + "/widgets",
                                   R"({"kind":"notes","title":"More notes"})");
  std::string other_widget = other.JsonString("id");
  TestResponse away =
      client.Write("POST", path + "/move",
                   fmt::format(R"({{"target_page_id":"{}","target_widget_id":"{}"}})",
                               seed.other_page_id, other_widget),
                   moved.Header("ETag"));
  ASSERT_EQ(away.status, 200) << away.body;
  std::string new_path = away.Header("Content-Location");
  EXPECT_EQ(new_path, "/api/v1/widgets/" + other_widget + "/notes/" + id);
  EXPECT_EQ(client.Get(new_path).JsonString("body"), "one\ntwo");
  EXPECT_EQ(client.Delete(new_path, away.Header("ETag")).status, 204);
  EXPECT_EQ(client.Get(new_path).status, 404);
}

TEST_F(ContentRoutesTest, WritesNeedTheCurrentVersion) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  struct Write {
    std::string method, path, body;
  };
  std::vector<Write> writes = {
      {"PATCH", seed.BookmarksWidgetPath(), R"({"title":"x"})"},
      {"POST", seed.BookmarksWidgetPath() + "/move", R"({"column":2})"},
      {"DELETE", seed.NotesWidgetPath(), ""},
      {"PATCH", seed.GroupPath(), R"({"name":"x"})"},
      {"POST", seed.GroupPath() + "/move", "{}"},
      {"DELETE", seed.GroupPath(), ""},
      {"PATCH", seed.BookmarkPath(), R"({"title":"x"})"},
      {"POST", seed.BookmarkPath() + "/move", "{}"},
      {"DELETE", seed.BookmarkPath(), ""},
      {"PATCH", seed.NotePath(), R"({"title":"x"})"},
      {"POST", seed.NotePath() + "/move", "{}"},
      {"DELETE", seed.NotePath(), ""},
  };
  std::string before = seed.Snapshot(client);
  for (const Write& write : writes) {
    SCOPED_TRACE(write.method + " " + write.path);
    ExpectProblem(client.Write(write.method, write.path, write.body, ""), 428,
                  "precondition_required", "If-Match");
    ExpectProblem(client.Write(write.method, write.path, write.body, "\"7\""), 412,
                  "precondition_failed", "If-Match");
    ExpectProblem(client.Write(write.method, write.path, write.body, "W/\"1\""), 400,
                  "invalid_argument", "If-Match");
  }
  EXPECT_EQ(seed.Snapshot(client), before);
}

TEST_F(ContentRoutesTest, BadInputIsAProblemNamingTheFieldAndWritesNothing) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string widgets = seed.PagePath() + "/widgets";
  std::string bookmarks = seed.BookmarksWidgetPath() + "/bookmarks";
  std::string notes = seed.NotesWidgetPath() + "/notes";
  std::string groups = seed.BookmarksWidgetPath() + "/groups";
  std::string before = seed.Snapshot(client);

  struct Case {
    std::string method, path, body, field, rule;
    int status = 400;
  };
  std::string long_title(600, 't');
  std::vector<Case> cases = {
      {"POST", bookmarks, R"({"url":"https://example.com",)", "body", "malformed_json"},
      {"POST", bookmarks, R"([1,2])", "body", "type"},
      {"POST", bookmarks, R"({"title":"no url"})", "url", "required"},
      {"POST", bookmarks, R"({"url":42})", "url", "type"},
      {"POST", bookmarks, R"j({"url":"javascript:alert(1)"})j", "url", ""},
      {"POST", bookmarks, R"({"url":"not a url"})", "url", ""},
      {"POST", bookmarks, R"({"url":"https://example.com","title":")" + long_title + "\"}", "title",
       "max_length"},
      {"POST", bookmarks, R"({"url":"https://example.com","colour":"red"})", "colour",
       "unknown_field"},
      {"POST", bookmarks, R"({"url":"https://example.com","group_id":"nope"})", "group_id", ""},
      {"POST", bookmarks + ":batch",
       R"({"bookmarks":[{"url":"https://example.com/1"},{"url":"ftp://x"}]})", "bookmarks[1].url",
       ""},
      {"POST", bookmarks + ":batch", R"({"bookmarks":[{"url":"https://example.com/1","id":"x"}]})",
       "bookmarks[0].id", "read_only"},
      {"POST", bookmarks + ":batch", R"({"bookmarks":[{"url":"https://example.com/1","x":1}]})",
       "bookmarks[0].x", "unknown_field"},
      {"POST", bookmarks + ":batch", R"({"bookmarks":["https://example.com/1"]})", "bookmarks[0]",
       "type"},
      {"POST", bookmarks + ":batch", R"({"bookmarks":[]})", "bookmarks", "required"},
      {"POST", widgets, R"({"kind":"toaster","title":"x"})", "kind", "enum"},
      {"POST", widgets, R"({"kind":"notes"})", "title", "required"},
      {"POST", widgets, R"({"kind":"notes","title":"x","column":99})", "column", ""},
      {"POST", widgets, R"({"kind":"notes","title":"x","column":99999999999})", "column", "range"},
      {"POST", widgets, R"({"kind":"notes","title":"x","column":1.5})", "column", "type"},
      {"POST", widgets, R"({"kind":"rss","title":"x","settings":{}})", "settings.feed_url",
       "required"},
      {"POST", widgets,
       R"({"kind":"rss","title":"x","settings":{"feed_url":"https://e.com","colour":1}})",
       "settings.colour", "unknown_key"},
      {"POST", widgets, R"({"kind":"notes","title":"x","settings":[]})", "settings", "type"},
      {"POST", groups, R"({"name":""})", "name", ""},
      {"POST", groups, R"({"name":"x","parent_group_id":7})", "parent_group_id", "type"},
      {"POST", notes, R"({"body":)" + fmt::format("\"{}\"}}", std::string(110 * 1024, 'b')), "body",
       ""},
      {"POST", notes, R"({"title":null})", "title", "type"},
      {"GET", bookmarks + "?limit=0", "", "limit", "range"},
      {"GET", bookmarks + "?limit=ten", "", "limit", "type"},
      {"GET", bookmarks + "?cursor=AAAA", "", "cursor", "pattern"},
      {"GET", "/api/v1/bookmarks?order=oldest", "", "order", "enum"},
      {"GET", "/api/v1/notes?cursor=%21%21", "", "cursor", "pattern"},
      {"GET", "/api/v1/widgets/not-an-id/bookmarks/" + seed.bookmark_id, "", "widget_id", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path + " " + c.body.substr(0, 200));
    TestResponse response = client.Write(c.method, c.path, c.body, "");
    ExpectProblem(response, c.status, "invalid_argument", c.field);
    if (!c.rule.empty()) {
      EXPECT_EQ(Member(response.Json(), "rule"), c.rule);
    }
  }
  // Updates with bad bodies (a valid If-Match, so only the body is wrong).
  std::vector<Case> updates = {
      {"PATCH", seed.BookmarkPath(), "{}", "body", "required"},
      {"PATCH", seed.BookmarkPath(), R"({"url":"mailto:x@example.com"})", "url", ""},
      {"PATCH", seed.BookmarkPath(), R"({"group_id":"x"})", "group_id", "read_only"},
      {"PATCH", seed.BookmarksWidgetPath(), R"({"kind":"notes"})", "kind", "read_only"},
      {"PATCH", seed.BookmarksWidgetPath(), R"({"settings":{"columns":9}})", "settings.columns",
       ""},
      {"PATCH", seed.NotePath(), R"({"title":["x"]})", "title", "type"},
      {"PATCH", seed.GroupPath(), R"({"name":"x","parent_group_id":null})", "parent_group_id",
       "read_only"},
      {"POST", seed.BookmarksWidgetPath() + "/move", R"({"column":"1"})", "column", "type"},
      {"POST", seed.BookmarksWidgetPath() + "/move", R"({})", "column", "required"},
      {"POST", seed.NotePath() + "/move", R"({"before_id":"a","after_id":"b"})", "", ""},
  };
  for (const Case& c : updates) {
    SCOPED_TRACE(c.method + " " + c.path + " " + c.body);
    TestResponse response = client.Write(
        c.method, c.path, c.body,
        client.ETag(c.path.ends_with("/move") ? c.path.substr(0, c.path.size() - 5) : c.path));
    ExpectProblem(response, c.status, "invalid_argument", c.field);
    if (!c.rule.empty()) {
      EXPECT_EQ(Member(response.Json(), "rule"), c.rule);
    }
  }
  // A body that is not JSON at all.
  ExpectProblem(server_->Send("POST", bookmarks, "alice", "url=https://example.com", {},
                              "application/x-www-form-urlencoded"),
                415, "unsupported_media_type", "Content-Type");
  // A bookmark in a notes widget.
  ExpectProblem(
      client.Post(seed.NotesWidgetPath() + "/bookmarks", R"({"url":"https://example.com"})"), 400,
      "invalid_argument", "widget_id");
  EXPECT_EQ(seed.Snapshot(client), before);
}

TEST_F(ContentRoutesTest, StoreOutagesAre503AndWriteNothing) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string before = seed.Snapshot(client);
  std::string etag = client.ETag(seed.BookmarkPath());
  // Every write fails unapplied (the widget check's reads still work).
  server_->env().faulty.FailWritesAfter(0);
  TestResponse created =
      client.Post(seed.BookmarksWidgetPath() + "/bookmarks", R"({"url":"https://example.com/z"})");
  ExpectProblem(created, 503, "unavailable");
  EXPECT_EQ(created.Header("Retry-After"), "1");
  ExpectProblem(client.Patch(seed.BookmarkPath(), R"({"title":"later"})", etag), 503,
                "unavailable");
  ExpectProblem(client.Delete(seed.GroupPath(), client.ETag(seed.GroupPath())), 503, "unavailable");
  server_->env().faulty.Heal();
  EXPECT_EQ(seed.Snapshot(client), before);
  // After the outage the same request works.
  EXPECT_EQ(client.Patch(seed.BookmarkPath(), R"({"title":"later"})", etag).status, 200);
}

}  // namespace
}  // namespace homeboard::server
