// End-to-end tests of the content routes' lists over real HTTP and a real store: cursor
// pagination (over 250 bookmarks, through the tree of groups, through widgets by column),
// clamped limits, and modified_since on every list.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

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

class ContentPagingTest : public ::testing::Test {
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

TEST_F(ContentPagingTest, WidgetListPagesAndFiltersByModifiedSince) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string widgets = seed.PagePath() + "/widgets";
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(
        client
            .Post(widgets, fmt::format(R"({{"kind":"clock","title":"C{}","column":{}}})", i, i % 3))
            .status,
        201);
  }
  std::vector<std::string> all = Ids(Items(client.Get(widgets)));
  ASSERT_EQ(all.size(), 7u);
  std::vector<std::string> paged;
  std::string cursor;
  int pages = 0;
  do {
    TestResponse page =
        client.Get(widgets + "?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    for (const std::string& id : Ids(Items(page))) paged.push_back(id);
    cursor = NextCursor(page);
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(paged, all);
  EXPECT_EQ(pages, 3);

  // Only the widget edited at or after `since` is listed.
  std::string path = seed.BookmarksWidgetPath();
  TestResponse edited = client.Patch(path, R"({"title":"Edited"})", client.ETag(path));
  ASSERT_EQ(edited.status, 200);
  std::string since = edited.JsonString("updated_at");
  EXPECT_EQ(Ids(Items(client.Get(widgets + "?modified_since=" + since))),
            std::vector<std::string>{seed.bookmarks_widget_id});
  std::string created = client.Get(seed.NotesWidgetPath()).JsonString("created_at");
  EXPECT_EQ(Items(client.Get(widgets + "?modified_since=" + created)).size(), all.size());
  ExpectProblem(client.Get(widgets + "?modified_since=yesterday"), 400, "invalid_argument",
                "modified_since");
  ExpectProblem(client.Get(widgets + "?cursor=not-a-cursor"), 400, "invalid_argument", "cursor");
}

// Every page of the list at `path` (which has a query string), following next_cursor.
std::vector<std::string> AllIds(const Client& client, const std::string& path) {
  std::vector<std::string> ids;
  std::string cursor;
  for (int pages = 0; pages < 50; ++pages) {
    TestResponse page = client.Get(path + "&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    EXPECT_EQ(page.status, 200) << page.body;
    for (const std::string& id : Ids(Items(page))) ids.push_back(id);
    cursor = NextCursor(page);
    if (cursor.empty()) break;
  }
  return ids;
}

TEST_F(ContentPagingTest, EveryListFiltersByModifiedSince) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  // More of everything, so the filter has something to leave out on several pages.
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(client
                  .Post(seed.BookmarksWidgetPath() + "/bookmarks",
                        fmt::format(R"({{"url":"https://example.com/{}","group_id":"{}"}})", i,
                                    seed.group_id))
                  .status,
              201);
    ASSERT_EQ(
        client.Post(seed.BookmarksWidgetPath() + "/groups", fmt::format(R"({{"name":"G{}"}})", i))
            .status,
        201);
    ASSERT_EQ(client.Post(seed.NotesWidgetPath() + "/notes", fmt::format(R"({{"title":"N{}"}})", i))
                  .status,
              201);
    ASSERT_EQ(client
                  .Post(seed.PagePath() + "/widgets",
                        fmt::format(R"({{"kind":"clock","title":"C{}"}})", i))
                  .status,
              201);
  }
  TestResponse edited = client.Patch(seed.BookmarkPath(), R"({"title":"Changed"})", "\"1\"");
  ASSERT_EQ(edited.status, 200) << edited.body;
  std::string since = "?modified_since=" + edited.JsonString("updated_at");
  ASSERT_EQ(client.Patch(seed.GroupPath(), R"({"name":"Changed"})", "\"1\"").status, 200);
  ASSERT_EQ(client.Patch(seed.NotePath(), R"({"title":"Changed"})", "\"1\"").status, 200);
  ASSERT_EQ(client.Patch(seed.NotesWidgetPath(), R"({"title":"Changed"})", "\"1\"").status, 200);

  using IdList = std::vector<std::string>;
  EXPECT_EQ(AllIds(client, seed.PagePath() + "/widgets" + since), IdList{seed.notes_widget_id});
  EXPECT_EQ(AllIds(client, seed.BookmarksWidgetPath() + "/groups" + since), IdList{seed.group_id});
  EXPECT_EQ(AllIds(client, seed.BookmarksWidgetPath() + "/bookmarks" + since +
                               "&group_id=" + seed.group_id),
            IdList{seed.bookmark_id});
  EXPECT_EQ(AllIds(client, "/api/v1/bookmarks" + since), IdList{seed.bookmark_id});
  EXPECT_EQ(AllIds(client, seed.NotesWidgetPath() + "/notes" + since), IdList{seed.note_id});
  EXPECT_EQ(AllIds(client, "/api/v1/notes" + since), IdList{seed.note_id});
  // Without the filter, everything.
  EXPECT_EQ(AllIds(client, "/api/v1/bookmarks?order=newest").size(), 4u);
  EXPECT_EQ(AllIds(client, seed.NotesWidgetPath() + "/notes?x=1").size(), 4u);
}

TEST_F(ContentPagingTest, PaginatesTwoHundredFiftyBookmarks) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string bookmarks = seed.BookmarksWidgetPath() + "/bookmarks";
  std::string batch = R"({"bookmarks":[)";
  for (int i = 0; i < 250; ++i) {
    batch += fmt::format(R"({}{{"url":"https://example.com/{}","title":"B{:03d}"}})",
                         i == 0 ? "" : ",", i, i);
  }
  batch += "]}";
  TestResponse added = client.Post(bookmarks + ":batch", batch);
  ASSERT_EQ(added.status, 201) << added.body.substr(0, 500);
  std::vector<std::string> expected = Ids(Items(added));
  ASSERT_EQ(expected.size(), 250u);

  // The widget's list in pages of 100, then of the default size.
  for (std::string limit : {"&limit=100", ""}) {
    std::vector<std::string> seen;
    std::string cursor;
    int pages = 0;
    do {
      TestResponse page =
          client.Get(bookmarks + "?x=1" + limit + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(page.status, 200) << page.body;
      std::vector<JsonValue> items = Items(page);
      EXPECT_LE(items.size(), limit.empty() ? 50u : 100u);
      for (const JsonValue& item : items) {
        seen.push_back(Member(item, "id"));
        EXPECT_EQ(Member(item, "title"), fmt::format("B{:03d}", seen.size() - 1));
      }
      cursor = NextCursor(page);
      ++pages;
    } while (!cursor.empty() && pages < 20);
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(pages, limit.empty() ? 5 : 3);
  }

  // Newest first over everything (250 + the seed's), limit clamped to 200.
  TestResponse clamped = client.Get("/api/v1/bookmarks?limit=100000");
  ASSERT_EQ(clamped.status, 200) << clamped.body.substr(0, 300);
  EXPECT_EQ(Items(clamped).size(), 200u);
  std::vector<std::string> newest;
  std::set<std::string> distinct;
  std::string cursor;
  int pages = 0;
  do {
    TestResponse page = client.Get("/api/v1/bookmarks?order=newest&limit=120" +
                                   (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
    for (const JsonValue& item : Items(page)) {
      newest.push_back(Member(item, "created_at"));
      distinct.insert(Member(item, "id"));
    }
    cursor = NextCursor(page);
    ++pages;
  } while (!cursor.empty() && pages < 20);
  EXPECT_EQ(distinct.size(), 251u);
  EXPECT_EQ(newest.size(), 251u);
  EXPECT_TRUE(std::is_sorted(newest.rbegin(), newest.rend())) << "not newest first";
  EXPECT_EQ(pages, 3);
}

}  // namespace
}  // namespace homeboard::server
