// Concurrency through If-Match on the content routes, over real HTTP: writers racing with
// the same version see exactly one winner, the others 412 (or 404 when the winner moved the
// object to another widget, which changes its key), and the object is never duplicated or
// lost.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "server/content_test_support.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

using content_testing::Client;
using content_testing::Items;
using content_testing::MakeSeed;
using content_testing::Member;
using content_testing::Seed;

constexpr int kWriters = 8;

struct Attempt {
  std::string method, path, body;
};

// Sends every attempt at once (one thread each, released together) with If-Match `etag`.
std::vector<TestResponse> Race(const Client& client, const std::vector<Attempt>& attempts,
                               const std::string& etag) {
  std::vector<TestResponse> responses(attempts.size());
  std::latch start(static_cast<std::ptrdiff_t>(attempts.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      responses[i] = client.Write(attempts[i].method, attempts[i].path, attempts[i].body, etag);
    });
  }
  for (std::thread& thread : threads) thread.join();
  return responses;
}

class ContentConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start());
    server_->AddUser("alice");
  }
  std::unique_ptr<TestServer> server_;
};

TEST_F(ContentConcurrencyTest, OneOfManyEditsWithTheSameVersionWins) {
  Client client(server_.get(), "alice");
  Seed seed = MakeSeed(client);
  struct Target {
    std::string path, body_format, member;
  };
  std::vector<Target> targets = {
      {seed.BookmarkPath(), R"({{"title":"writer {}"}})", "title"},
      {seed.NotePath(), R"({{"body":"writer {}"}})", "body"},
      {seed.GroupPath(), R"({{"name":"writer {}"}})", "name"},
      {seed.BookmarksWidgetPath(), R"({{"title":"writer {}"}})", "title"},
  };
  for (const Target& target : targets) {
    SCOPED_TRACE(target.path);
    std::vector<Attempt> attempts;
    for (int i = 0; i < kWriters; ++i) {
      attempts.push_back({"PATCH", target.path, fmt::format(fmt::runtime(target.body_format), i)});
    }
    std::vector<TestResponse> responses = Race(client, attempts, "\"1\"");
    int won = 0;
    std::string winner;
    for (const TestResponse& response : responses) {
      if (response.status == 200) {
        ++won;
        winner = response.JsonString(target.member);
        EXPECT_EQ(response.Header("ETag"), "\"2\"");
      } else {
        EXPECT_EQ(response.status, 412) << response.body;
        EXPECT_EQ(response.JsonString("code"), "precondition_failed");
      }
    }
    EXPECT_EQ(won, 1);
    TestResponse stored = client.Get(target.path);
    EXPECT_EQ(stored.JsonString(target.member), winner);
    EXPECT_EQ(stored.Header("ETag"), "\"2\"");
  }
}

TEST_F(ContentConcurrencyTest, RacingMovesToOtherWidgetsNeverDuplicateABookmark) {
  Client client(server_.get(), "alice");
  Seed seed = MakeSeed(client);
  std::vector<std::string> widgets;
  for (int i = 0; i < 4; ++i) {
    TestResponse widget = client.Post(seed.PagePath() + "/widgets",
                                      fmt::format(R"({{"kind":"bookmarks","title":"W{}"}})", i));
    ASSERT_EQ(widget.status, 201) << widget.body;
    widgets.push_back(widget.JsonString("id"));
  }
  std::vector<Attempt> attempts;
  for (const std::string& widget : widgets) {
    attempts.push_back({"POST", seed.BookmarkPath() + "/move",
                        fmt::format(R"({{"target_page_id":"{}","target_widget_id":"{}"}})",
                                    seed.page_id, widget)});
  }
  attempts.push_back({"PATCH", seed.BookmarkPath(), R"({"title":"edited"})"});
  attempts.push_back({"DELETE", seed.BookmarkPath(), ""});
  std::vector<TestResponse> responses = Race(client, attempts, "\"1\"");
  int won = 0;
  for (const TestResponse& response : responses) {
    if (response.status / 100 == 2) {
      ++won;
    } else {
      EXPECT_TRUE(response.status == 412 || response.status == 404) << response.body;
    }
  }
  EXPECT_EQ(won, 1);

  // The bookmark is in at most one place (none if the delete won), and exactly one if not.
  int copies = 0;
  std::vector<std::string> lists = {seed.BookmarksWidgetPath() +
                                    "/bookmarks?group_id=" + seed.group_id};
  for (const std::string& widget : widgets)
    lists.push_back(seed.PagePath() + "/widgets/" + widget + "/bookmarks");
  for (const std::string& list : lists) {
    for (const JsonValue& item : Items(client.Get(list)))
      copies += Member(item, "id") == seed.bookmark_id;
  }
  bool deleted = responses.back().status == 204;
  EXPECT_EQ(copies, deleted ? 0 : 1);
  EXPECT_EQ(Items(client.Get("/api/v1/bookmarks")).size(), deleted ? 0u : 1u);
}

}  // namespace
}  // namespace homeboard::server
