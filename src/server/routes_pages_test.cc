// End-to-end tests of /api/v1/pages over real HTTP: the lifecycle with ETags, If-Match
// (412/428), bodies refused by field (unknown, read-only, wrong type, invalid), other users'
// ids answering 404 without change, pagination and modified_since, and ?expand=all.
#include <gtest/gtest.h>

#include "server/testing_server.h"
#include "service/bookmark_service.h"
#include "service/page_service.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

class PagesApiTest : public ::testing::Test {
 protected:
  void SetUp() override { StartWith({}); }

  void StartWith(ApiServerOptions options) {
    server_.reset();
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start(std::move(options)));
    alice_ = server_->AddUser("alice");
    bob_ = server_->AddUser("bob");
  }

  // Creates a page as alice; returns its id.
  std::string Create(const std::string& title, const std::string& token = "alice") {
    TestResponse created =
        server_->Send("POST", "/api/v1/pages", token, R"({"title":")" + title + R"("})");
    EXPECT_EQ(created.status, 201) << created.body;
    return created.JsonString("id");
  }

  std::vector<model::Page> StoredPages(const std::string& user) {
    service::PageService pages(server_->env().context);
    auto listed = pages.List(service::Caller{user});
    EXPECT_OK(listed);
    return listed.ok() ? *listed : std::vector<model::Page>{};
  }

  void ExpectFieldError(const TestResponse& response, int status, std::string_view field,
                        std::string_view rule) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
    JsonValue json = response.Json();
    ASSERT_NE(json.Find("field"), nullptr) << response.body;
    EXPECT_EQ(json.Find("field")->string, field) << response.body;
    ASSERT_NE(json.Find("rule"), nullptr) << response.body;
    EXPECT_EQ(json.Find("rule")->string, rule) << response.body;
    if (status == 400) {
      const JsonValue* params = json.Find("invalid-params");
      ASSERT_NE(params, nullptr);
      ASSERT_EQ(params->items.size(), 1u);
      EXPECT_EQ(params->items[0].Find("name")->string, field);
    }
  }

  std::unique_ptr<TestServer> server_;
  std::string alice_;
  std::string bob_;
};

TEST_F(PagesApiTest, CreateReadRenameMoveDelete) {
  TestResponse created = server_->Send("POST", "/api/v1/pages", "alice", R"({"title":"  Home  "})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.JsonString("id");
  EXPECT_TRUE(model::IsValidId(id));
  EXPECT_EQ(created.Header("Location"), "/api/v1/pages/" + id);
  EXPECT_EQ(created.Header("ETag"), "\"1\"");
  EXPECT_EQ(created.JsonString("title"), "Home");
  EXPECT_EQ(created.JsonString("created_at").size(), 24u);
  EXPECT_EQ(created.JsonString("created_at").back(), 'Z');
  EXPECT_EQ(created.Json().Find("user_id"), nullptr);
  EXPECT_EQ(created.Json().Find("order_key"), nullptr);

  TestResponse read = server_->Send("GET", created.Header("Location"), "alice");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, created.body);
  EXPECT_EQ(read.Header("ETag"), "\"1\"");

  TestResponse renamed = server_->Send("PATCH", "/api/v1/pages/" + id, "alice",
                                       R"({"title":"Start"})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.JsonString("title"), "Start");
  EXPECT_EQ(renamed.Header("ETag"), "\"2\"");
  EXPECT_EQ(renamed.Json().Find("version")->integer, 2);

  std::string second = Create("Second");
  TestResponse moved = server_->Send("PATCH", "/api/v1/pages/" + second, "alice",
                                     R"({"before_id":")" + id + R"("})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  TestResponse listed = server_->Send("GET", "/api/v1/pages", "alice");
  ASSERT_EQ(listed.status, 200);
  JsonValue listed_json = listed.Json();
  const JsonValue* items = listed_json.Find("items");
  ASSERT_EQ(items->items.size(), 2u);
  EXPECT_EQ(items->items[0].Find("id")->string, second);
  EXPECT_EQ(items->items[1].Find("id")->string, id);
  EXPECT_EQ(listed_json.Find("next_cursor")->type, JsonValue::Type::kNull);

  TestResponse deleted =
      server_->Send("DELETE", "/api/v1/pages/" + id, "alice", "", {{"If-Match", "\"2\""}});
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  TestResponse gone = server_->Send("GET", "/api/v1/pages/" + id, "alice");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.Json().Find("code")->string, "not_found");
  EXPECT_EQ(StoredPages(alice_).size(), 1u);
}

TEST_F(PagesApiTest, WritesNeedTheCurrentVersion) {
  std::string id = Create("Home");
  std::string path = "/api/v1/pages/" + id;
  ExpectFieldError(server_->Send("PATCH", path, "alice", R"({"title":"X"})"), 428, "If-Match",
                   "required");
  ExpectFieldError(server_->Send("DELETE", path, "alice"), 428, "If-Match", "required");
  ExpectFieldError(server_->Send("PATCH", path, "alice", R"({"title":"X"})", {{"If-Match", "1"}}),
                   400, "If-Match", "pattern");
  ExpectFieldError(server_->Send("PATCH", path, "alice", R"({"title":"X"})", {{"If-Match", "*"}}),
                   400, "If-Match", "pattern");
  ASSERT_EQ(server_->Send("PATCH", path, "alice", R"({"title":"B"})", {{"If-Match", "\"1\""}}).status,
            200);
  // A second writer that read version 1 loses, and changes nothing.
  TestResponse stale =
      server_->Send("PATCH", path, "alice", R"({"title":"C"})", {{"If-Match", "\"1\""}});
  ExpectFieldError(stale, 412, "If-Match", "stale_version");
  EXPECT_EQ(stale.Json().Find("code")->string, "precondition_failed");
  ExpectFieldError(server_->Send("DELETE", path, "alice", "", {{"If-Match", "\"1\""}}), 412,
                   "If-Match", "stale_version");
  std::vector<model::Page> stored = StoredPages(alice_);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].title, "B");
  EXPECT_EQ(stored[0].version, 2);
}

TEST_F(PagesApiTest, RefusesBodiesNamingTheField) {
  ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice", R"({"title":"A","colour":1})"),
                   400, "colour", "unknown_field");
  for (std::string field : {"id", "user_id", "owner_id", "version", "created_at", "updated_at",
                            "order_key"}) {
    ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice",
                                   R"({"title":"A",")" + field + R"(":"01J00000000000000000000000"})"),
                     400, field, "read_only");
  }
  ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice", R"({"title":5})"), 400, "title",
                   "type");
  ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice", R"({})"), 400, "title",
                   "required");
  ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice", R"({"title":"A")"), 400, "body",
                   "malformed_json");
  ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice", ""), 400, "body", "required");
  ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice", R"(["A"])"), 400, "body", "type");
  ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice", R"({"title":"A","title":"B"})"),
                   400, "title", "duplicate");
  ExpectFieldError(
      server_->Send("POST", "/api/v1/pages", "alice", "title=A", {}, "application/x-www-form-urlencoded"),
      415, "Content-Type", "enum");
  // Rules of the entity itself come back from the service, naming the field.
  TestResponse long_title = server_->Send("POST", "/api/v1/pages", "alice",
                                          R"({"title":")" + std::string(201, 'x') + R"("})");
  EXPECT_EQ(long_title.status, 400);
  EXPECT_EQ(long_title.Json().Find("field")->string, "title");
  ExpectFieldError(server_->Send("POST", "/api/v1/pages", "alice", R"({"title":"   "})"), 400,
                   "title", "required");
  // PATCH: rename and move are separate; an empty change is refused.
  std::string id = Create("Home");
  ExpectFieldError(server_->Send("PATCH", "/api/v1/pages/" + id, "alice",
                                 R"({"title":"A","after_id":"x"})", {{"If-Match", "\"1\""}}),
                   400, "title", "inconsistent");
  ExpectFieldError(
      server_->Send("PATCH", "/api/v1/pages/" + id, "alice", "{}", {{"If-Match", "\"1\""}}), 400,
      "title", "required");
  ExpectFieldError(server_->Send("PATCH", "/api/v1/pages/" + id, "alice", R"({"version":7})",
                                 {{"If-Match", "\"1\""}}),
                   400, "version", "read_only");
  // Nothing above created or changed anything.
  std::vector<model::Page> stored = StoredPages(alice_);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].version, 1);
}

TEST_F(PagesApiTest, OtherUsersPagesAreNotFoundAndUnchanged) {
  std::string id = Create("Alice's");
  std::string path = "/api/v1/pages/" + id;
  TestResponse missing = server_->Send("GET", "/api/v1/pages/01J0000000000000000000000Z", "bob");
  for (const TestResponse& response :
       {server_->Send("GET", path, "bob"), server_->Send("GET", path + "?expand=all", "bob"),
        server_->Send("PATCH", path, "bob", R"({"title":"Mine"})", {{"If-Match", "\"1\""}}),
        server_->Send("DELETE", path, "bob", "", {{"If-Match", "\"1\""}})}) {
    EXPECT_EQ(response.status, 404) << response.body;
    EXPECT_EQ(response.Json().Find("code")->string, "not_found");
  }
  // Bob cannot use Alice's page as a move anchor either.
  std::string bobs = Create("Bob's", "bob");
  EXPECT_EQ(server_->Send("PATCH", "/api/v1/pages/" + bobs, "bob",
                          R"({"after_id":")" + id + R"("})", {{"If-Match", "\"1\""}})
                .status,
            404);
  EXPECT_EQ(server_->Send("GET", "/api/v1/pages", "bob").Json().Find("items")->items.size(), 1u);
  std::vector<model::Page> stored = StoredPages(alice_);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].title, "Alice's");
  EXPECT_EQ(stored[0].version, 1);
  // Malformed ids are refused as input, not looked up.
  EXPECT_EQ(server_->Send("GET", "/api/v1/pages/not-an-id", "alice").status, 400);
}

TEST_F(PagesApiTest, ListsInPagesFollowingTheCursor) {
  ApiServerOptions options;
  options.limits.default_page_limit = 2;
  options.limits.max_page_limit = 3;
  StartWith(options);
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(Create("Page " + std::to_string(i)));
  auto collect = [&](const std::string& query) {
    std::vector<std::string> seen;
    std::string cursor;
    int requests = 0;
    do {
      std::string path = "/api/v1/pages?" + query + (cursor.empty() ? "" : "&cursor=" + cursor);
      TestResponse page = server_->Send("GET", path, "alice");
      EXPECT_EQ(page.status, 200) << page.body;
      JsonValue json = page.Json();
      for (const JsonValue& item : json.Find("items")->items) seen.push_back(item.Find("id")->string);
      const JsonValue* next = json.Find("next_cursor");
      cursor = next->type == JsonValue::Type::kString ? next->string : "";
      ++requests;
    } while (!cursor.empty() && requests < 20);
    return std::make_pair(seen, requests);
  };
  auto [by_default, default_requests] = collect("");
  EXPECT_EQ(by_default, ids);
  EXPECT_EQ(default_requests, 4);  // 2 + 2 + 2 + 1
  auto [clamped, clamped_requests] = collect("limit=1000");
  EXPECT_EQ(clamped, ids);
  EXPECT_EQ(clamped_requests, 3);  // clamped to 3: 3 + 3 + 1

  ExpectFieldError(server_->Send("GET", "/api/v1/pages?limit=0", "alice"), 400, "limit", "range");
  ExpectFieldError(server_->Send("GET", "/api/v1/pages?limit=-1", "alice"), 400, "limit", "range");
  ExpectFieldError(server_->Send("GET", "/api/v1/pages?limit=two", "alice"), 400, "limit", "type");
  ExpectFieldError(server_->Send("GET", "/api/v1/pages?cursor=%2F%2F", "alice"), 400, "cursor",
                   "pattern");
  ExpectFieldError(server_->Send("GET", "/api/v1/pages?cursor=abc", "alice"), 400, "cursor",
                   "pattern");
}

TEST_F(PagesApiTest, ModifiedSinceFiltersByUpdateTime) {
  std::string first = Create("First");
  std::string second = Create("Second");
  TestResponse renamed = server_->Send("PATCH", "/api/v1/pages/" + first, "alice",
                                       R"({"title":"Renamed"})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200);
  std::string since = renamed.JsonString("updated_at");
  TestResponse changed = server_->Send("GET", "/api/v1/pages?modified_since=" + since, "alice");
  ASSERT_EQ(changed.status, 200) << changed.body;
  JsonValue changed_json = changed.Json();
  const JsonValue* items = changed_json.Find("items");
  ASSERT_EQ(items->items.size(), 1u);
  EXPECT_EQ(items->items[0].Find("id")->string, first);
  EXPECT_EQ(server_->Send("GET", "/api/v1/pages?modified_since=2000-01-01T00:00:00Z", "alice")
                .Json()
                .Find("items")
                ->items.size(),
            2u);
  ExpectFieldError(server_->Send("GET", "/api/v1/pages?modified_since=yesterday", "alice"), 400,
                   "modified_since", "pattern");
}

TEST_F(PagesApiTest, ExpandAllReturnsTheWholePage) {
  std::string id = Create("Home");
  service::WidgetService widgets(server_->env().context);
  service::BookmarkService bookmarks(server_->env().context);
  service::Caller alice{alice_};
  ASSERT_OK_AND_ASSIGN(model::Widget links,
                       widgets.Add(alice, id, service::NewWidget{.title = "Links"}));
  ASSERT_OK_AND_ASSIGN(model::Widget notes,
                       widgets.Add(alice, id,
                                   service::NewWidget{.kind = model::WidgetKind::kNotes,
                                                      .title = "Notes",
                                                      .column = 1}));
  ASSERT_OK(bookmarks.Add(alice, id, links.widget_id,
                          service::NewBookmark{.url = "https://example.com/a", .title = "A"}));
  ASSERT_OK(bookmarks.Add(alice, id, links.widget_id,
                          service::NewBookmark{.url = "https://example.com/b", .title = "B"}));

  TestResponse expanded = server_->Send("GET", "/api/v1/pages/" + id + "?expand=all", "alice");
  ASSERT_EQ(expanded.status, 200) << expanded.body;
  EXPECT_EQ(expanded.Header("ETag"), "\"1\"");
  JsonValue json = expanded.Json();
  EXPECT_EQ(json.Find("id")->string, id);
  const JsonValue* widget_list = json.Find("widgets");
  ASSERT_NE(widget_list, nullptr);
  ASSERT_EQ(widget_list->items.size(), 2u);
  const JsonValue& first = widget_list->items[0];
  EXPECT_EQ(first.Find("id")->string, links.widget_id);
  EXPECT_EQ(first.Find("kind")->string, "bookmarks");
  ASSERT_EQ(first.Find("bookmarks")->items.size(), 2u);
  EXPECT_EQ(first.Find("bookmarks")->items[0].Find("url")->string, "https://example.com/a");
  EXPECT_EQ(first.Find("bookmarks")->items[1].Find("title")->string, "B");
  EXPECT_EQ(first.Find("groups")->items.size(), 0u);
  const JsonValue& second = widget_list->items[1];
  EXPECT_EQ(second.Find("id")->string, notes.widget_id);
  EXPECT_EQ(second.Find("kind")->string, "notes");
  EXPECT_EQ(second.Find("notes")->items.size(), 0u);
  EXPECT_EQ(second.Find("bookmarks"), nullptr);
  // Without expand: the page alone.
  EXPECT_EQ(server_->Send("GET", "/api/v1/pages/" + id, "alice").Json().Find("widgets"), nullptr);
  ExpectFieldError(server_->Send("GET", "/api/v1/pages/" + id + "?expand=some", "alice"), 400,
                   "expand", "enum");
}

}  // namespace
}  // namespace homeboard::server
