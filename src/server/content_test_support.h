// Test-only helpers (header-only) for the end-to-end tests of the content routes
// (widgets, groups, bookmarks, notes): a per-user client over TestServer, problem checks,
// JSON accessors, and Seed, which builds one user's page with a bookmarks widget (a group,
// a bookmark in it) and a notes widget (a note) through the API itself.
#ifndef HOMEBOARD_SERVER_CONTENT_TEST_SUPPORT_H_
#define HOMEBOARD_SERVER_CONTENT_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "server/testing_server.h"

namespace homeboard::server::content_testing {

// A member of a JSON object as text: strings as they are, integers in decimal, null as
// "null", "" when absent.
inline std::string Member(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  if (value == nullptr) return "";
  switch (value->type) {
    case JsonValue::Type::kString:
      return value->string;
    case JsonValue::Type::kNumber:
      return value->number;
    case JsonValue::Type::kNull:
      return "null";
    case JsonValue::Type::kBool:
      return value->boolean ? "true" : "false";
    default:
      return "<composite>";
  }
}

// The "items" of a list response (empty when there are none or the body is not a list).
inline std::vector<JsonValue> Items(const TestResponse& response) {
  JsonValue json = response.Json();
  const JsonValue* items = json.Find("items");
  return items == nullptr ? std::vector<JsonValue>{} : items->items;
}

// The "next_cursor" of a list response ("" when null or absent).
inline std::string NextCursor(const TestResponse& response) {
  JsonValue json = response.Json();
  const JsonValue* cursor = json.Find("next_cursor");
  return cursor != nullptr && cursor->type == JsonValue::Type::kString ? cursor->string : "";
}

// Checks a problem+json answer: status, code, and (when given) the field it names.
inline void ExpectProblem(const TestResponse& response, int status, std::string_view code,
                          std::string_view field = {}) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json") << response.body;
  JsonValue json = response.Json();
  EXPECT_EQ(Member(json, "code"), code) << response.body;
  if (!field.empty()) {
    EXPECT_EQ(Member(json, "field"), field) << response.body;
  }
}

// Requests as one user.
class Client {
 public:
  Client(const TestServer* server, std::string token) : server_(server), token_(std::move(token)) {}

  TestResponse Get(const std::string& path) const { return server_->Send("GET", path, token_); }
  TestResponse Post(const std::string& path, const std::string& body) const {
    return server_->Send("POST", path, token_, body);
  }
  // A write with If-Match: `etag` (omitted when empty).
  TestResponse Write(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& etag) const {
    httplib::Headers headers;
    if (!etag.empty()) headers.emplace("If-Match", etag);
    return server_->Send(method, path, token_, body, headers);
  }
  TestResponse Patch(const std::string& path, const std::string& body,
                     const std::string& etag) const {
    return Write("PATCH", path, body, etag);
  }
  TestResponse Delete(const std::string& path, const std::string& etag) const {
    return Write("DELETE", path, "", etag);
  }
  // The current ETag of the object at `path` (GET).
  std::string ETag(const std::string& path) const { return Get(path).Header("ETag"); }

  const std::string& token() const { return token_; }

 private:
  const TestServer* server_;
  std::string token_;
};

// One user's content, made through the API.
struct Seed {
  std::string page_id, other_page_id;
  std::string bookmarks_widget_id, notes_widget_id;
  std::string group_id, bookmark_id, note_id;

  std::string PagePath() const { return "/api/v1/pages/" + page_id; }
  std::string BookmarksWidgetPath() const { return PagePath() + "/widgets/" + bookmarks_widget_id; }
  std::string NotesWidgetPath() const { return PagePath() + "/widgets/" + notes_widget_id; }
  std::string GroupPath() const {
    return "/api/v1/widgets/" + bookmarks_widget_id + "/groups/" + group_id;
  }
  std::string BookmarkPath() const {
    return "/api/v1/widgets/" + bookmarks_widget_id + "/bookmarks/" + bookmark_id;
  }
  std::string NotePath() const {
    return "/api/v1/widgets/" + notes_widget_id + "/notes/" + note_id;
  }

  // Everything the user can read about this content, for "nothing changed" checks: both
  // pages expanded, the newest-bookmarks list and the recent-notes list.
  std::string Snapshot(const Client& client) const {
    return client.Get(PagePath() + "?expand=all").body + "\n" +
           client.Get("/api/v1/pages/" + other_page_id + "?expand=all").body + "\n" +
           client.Get("/api/v1/bookmarks?limit=200").body + "\n" +
           client.Get("/api/v1/notes?limit=200").body;
  }
};

// Creates a Seed for `client`; fails the test (and returns what it has) if a step fails.
inline Seed MakeSeed(const Client& client, std::string_view label = "seed") {
  Seed seed;
  auto created = [](const TestResponse& response) {
    EXPECT_EQ(response.status, 201) << response.body;
    return response.JsonString("id");
  };
  seed.page_id =
      created(client.Post("/api/v1/pages", R"({"title":"Home )" + std::string(label) + "\"}"));
  seed.other_page_id = created(client.Post("/api/v1/pages", R"({"title":"Other"})"));
  seed.bookmarks_widget_id = created(
      client.Post(seed.PagePath() + "/widgets",
                  R"({"kind":"bookmarks","title":"Links","settings":{"show_icons":true}})"));
  seed.notes_widget_id = created(
      client.Post(seed.PagePath() + "/widgets", R"({"kind":"notes","title":"Notes","column":1})"));
  seed.group_id =
      created(client.Post(seed.BookmarksWidgetPath() + "/groups", R"({"name":"Work"})"));
  seed.bookmark_id = created(client.Post(
      seed.BookmarksWidgetPath() + "/bookmarks",
      R"({"url":"https://example.com/a","title":"A","group_id":")" + seed.group_id + "\"}"));
  seed.note_id = created(
      client.Post(seed.NotesWidgetPath() + "/notes", R"({"title":"Todo","body":"milk and eggs"})"));
  return seed;
}

}  // namespace homeboard::server::content_testing

#endif  // HOMEBOARD_SERVER_CONTENT_TEST_SUPPORT_H_
