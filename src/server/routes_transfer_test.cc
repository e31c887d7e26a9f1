// End-to-end tests of /api/v1/imports, /api/v1/exports and /api/v1/search over real HTTP
// and a real SQLite store: a Netscape import with its per-entry report and a re-run that
// adds nothing, the JSON export restored into the emptied account and exported again byte
// for byte, the HTML export, search with words, tags, NOT and cursor pages, and bad input
// (media types, formats, invalid backups, oversized uploads, bad queries and cursors)
// answered with a precise problem and nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "server/content_test_support.h"
#include "server/rest.h"
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

constexpr std::string_view kBookmarkFile = R"html(<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000">Bookmarks bar</H3>
    <DL><p>
        <DT><H3>Dev</H3>
        <DL><p>
            <DT><A HREF="https://doc.rust-lang.org/" ADD_DATE="1700000000" TAGS="rust,docs">Rust docs</A>
            <DD>The Rust documentation
            <DT><A HREF="javascript:alert(1)">Bookmarklet</A>
            <DT><A HREF="https://go.dev/" TAGS="go">Go</A>
            <DT><A HREF="https://doc.rust-lang.org/">Rust docs again</A>
        </DL><p>
    </DL><p>
</DL><p>
)html";

class TransferRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start());
    server_->AddUser("alice");
    server_->AddUser("bob");
  }

  Client alice() const { return Client(server_.get(), "alice"); }
  Client bob() const { return Client(server_.get(), "bob"); }

  TestResponse Import(const std::string& token, const std::string& body,
                      const std::string& content_type, const std::string& query = "") const {
    return server_->Send("POST", "/api/v1/imports" + query, token, body, {}, content_type);
  }

  std::unique_ptr<TestServer> server_;
};

TEST_F(TransferRoutesTest, ImportsBookmarkHtmlWithAReport) {
  TestResponse imported = Import("alice", std::string(kBookmarkFile), "text/html; charset=utf-8");
  ASSERT_EQ(imported.status, 200) << imported.body;
  JsonValue report = imported.Json();
  EXPECT_EQ(Member(report, "format"), "html");
  EXPECT_EQ(Member(report, "bookmarks_in_file"), "4");
  EXPECT_EQ(Member(report, "bookmarks_added"), "2");
  EXPECT_EQ(Member(report, "duplicates"), "1");
  EXPECT_EQ(Member(report, "skipped"), "1");
  EXPECT_EQ(Member(report, "pages_added"), "1");
  EXPECT_EQ(Member(report, "widgets_added"), "1");
  EXPECT_EQ(Member(report, "tagged"), "2");
  const JsonValue* issues = report.Find("issues");
  ASSERT_NE(issues, nullptr);
  ASSERT_EQ(issues->items.size(), 2u) << imported.body;
  std::set<std::string> kinds;
  for (const JsonValue& issue : issues->items) {
    kinds.insert(Member(issue, "kind") + ":" + Member(issue, "rule"));
    EXPECT_NE(Member(issue, "line"), "0");
    if (Member(issue, "kind") == "duplicate") {
      EXPECT_EQ(Member(issue, "path"), "Bookmarks bar > Dev");
    }
    EXPECT_FALSE(Member(issue, "message").empty());
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"skipped:url_scheme", "duplicate:duplicate"}));

  TestResponse pages = alice().Get("/api/v1/pages");
  ASSERT_EQ(Items(pages).size(), 1u);
  EXPECT_EQ(Member(Items(pages)[0], "title"), "Bookmarks bar");
  EXPECT_EQ(Items(alice().Get("/api/v1/tags")).size(), 3u);

  // Re-running adds nothing; ?format= overrides a generic Content-Type.
  TestResponse again =
      Import("alice", std::string(kBookmarkFile), "application/octet-stream", "?format=html");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Member(again.Json(), "bookmarks_added"), "0");
  EXPECT_EQ(Member(again.Json(), "bookmarks_existing"), "2");
  EXPECT_EQ(Items(alice().Get("/api/v1/pages")).size(), 1u);
  // Bob's dashboard is untouched.
  EXPECT_TRUE(Items(bob().Get("/api/v1/pages")).empty());
}

TEST_F(TransferRoutesTest, JsonExportRestoresByteForByte) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  ASSERT_EQ(client
                .Write("PUT", seed.BookmarkPath() + "/tags", R"({"tags":["keep"]})",
                       client.ETag(seed.BookmarkPath()))
                .status,
            200);
  TestResponse exported = client.Get("/api/v1/exports?format=json");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("Content-Type"), "application/json");
  EXPECT_NE(exported.Header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(exported.body, client.Get("/api/v1/exports").body);  // json is the default
  EXPECT_NE(exported.body.find("milk and eggs"), std::string::npos);

  // A JSON restore needs an account without other pages: empty alice's (ids are global
  // keys, so the backup goes back into the account it came from), then restore.
  for (const std::string& page_id : {seed.page_id, seed.other_page_id}) {
    std::string path = "/api/v1/pages/" + page_id;
    ASSERT_EQ(client.Delete(path, client.ETag(path)).status, 204);
  }
  ASSERT_TRUE(Items(client.Get("/api/v1/tags")).empty());
  TestResponse restored = Import("alice", exported.body, "application/json");
  ASSERT_EQ(restored.status, 200) << restored.body;
  JsonValue report = restored.Json();
  EXPECT_EQ(Member(report, "format"), "json");
  EXPECT_EQ(Member(report, "pages"), "2");
  EXPECT_EQ(Member(report, "widgets"), "2");
  EXPECT_EQ(Member(report, "bookmarks"), "1");
  EXPECT_EQ(Member(report, "notes"), "1");
  EXPECT_EQ(Member(report, "tag_associations"), "1");
  EXPECT_EQ(client.Get("/api/v1/exports?format=json").body, exported.body);
  EXPECT_EQ(Items(client.Get("/api/v1/tags")).size(), 1u);
  EXPECT_EQ(client.Get(seed.BookmarkPath()).status, 200);

  // A second restore into the now non-empty account is refused, and changes nothing.
  ExpectProblem(Import("alice", R"({"format":"homeboard-backup","version":1,"pages":[]})",
                       "application/json"),
                409, "conflict", "user_id");
  // Bob restoring alice's backup would take over her ids: refused.
  ExpectProblem(Import("bob", exported.body, "application/json"), 409, "conflict");
  EXPECT_TRUE(Items(bob().Get("/api/v1/pages")).empty());
  EXPECT_EQ(client.Get("/api/v1/exports").body, exported.body);
}

TEST_F(TransferRoutesTest, HtmlExportRoundTrips) {
  ASSERT_EQ(Import("alice", std::string(kBookmarkFile), "text/html").status, 200);
  TestResponse html = alice().Get("/api/v1/exports?format=html");
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_EQ(html.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(html.body.find("https://go.dev/"), std::string::npos);
  EXPECT_EQ(html.body.find("javascript:"), std::string::npos);
  // Into bob's account, and out again: the same file.
  TestResponse imported = Import("bob", html.body, "text/html");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(Member(imported.Json(), "bookmarks_added"), "2");
  EXPECT_EQ(bob().Get("/api/v1/exports?format=html").body, html.body);
}

TEST_F(TransferRoutesTest, BadUploadsWriteNothing) {
  Client client = alice();
  Seed seed = MakeSeed(client);
  std::string before = client.Get("/api/v1/exports").body;
  ExpectProblem(Import("alice", std::string(kBookmarkFile), "text/plain"), 415,
                "unsupported_media_type", "Content-Type");
  ExpectProblem(Import("alice", std::string(kBookmarkFile), ""), 415, "unsupported_media_type");
  ExpectProblem(Import("alice", std::string(kBookmarkFile), "text/html", "?format=xml"), 400,
                "invalid_argument", "format");
  ExpectProblem(Import("alice", "", "text/html"), 400, "invalid_argument", "body");
  ExpectProblem(Import("alice", "{not json", "application/json"), 400, "invalid_argument");
  ExpectProblem(
      Import("alice", R"({"format":"homeboard-backup","version":1,"pages":[{"page_id":"x"}]})",
             "application/json"),
      400, "invalid_argument");
  TestResponse unknown =
      Import("alice", R"({"format":"homeboard-backup","version":1,"pages":[],"owner":"x"})",
             "application/json");
  ExpectProblem(unknown, 400, "invalid_argument", "owner");
  ExpectProblem(Import("alice", R"({"format":"other","version":1,"pages":[]})", "application/json"),
                400, "invalid_argument", "format");
  // Oversized uploads: UploadsHaveTheirOwnBodyLimit below.
  ExpectProblem(client.Get("/api/v1/exports?format=pdf"), 400, "invalid_argument", "format");
  EXPECT_EQ(
      server_->Send("POST", "/api/v1/imports", "", std::string(kBookmarkFile), {}, "text/html")
          .status,
      401);
  EXPECT_EQ(server_->Send("GET", "/api/v1/exports", "").status, 401);
  EXPECT_EQ(client.Get("/api/v1/exports").body, before);
  // Bob's export shows nothing of alice's.
  EXPECT_EQ(bob().Get("/api/v1/exports").body.find(seed.page_id), std::string::npos);
}

// --- Search ------------------------------------------------------------------------------

std::vector<std::string> HitTitles(const TestResponse& response) {
  std::vector<std::string> titles;
  for (const JsonValue& item : Items(response)) {
    std::string type = Member(item, "type");
    titles.push_back(type + ":" + Member(*item.Find(type), "title"));
  }
  std::sort(titles.begin(), titles.end());
  return titles;
}

// Imports are an upload route: their body limit (ApiLimits::max_upload_bytes) is their own,
// while every other route keeps the server-wide one.
TEST(TransferUploadLimitTest, UploadsHaveTheirOwnBodyLimit) {
  ApiServerOptions options;
  options.http.max_body_bytes = 4096;
  options.limits.max_upload_bytes = 64 * 1024;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TestServer> server, TestServer::Start(options));
  server->AddUser("alice");
  std::string padding(6000, ' ');

  // A page with a 6,000-byte body: over the server-wide limit, refused once routed.
  TestResponse page = server->Send("POST", "/api/v1/pages", "alice",
                                   R"({"title":"A")" + padding + "}");
  ExpectProblem(page, 413, "payload_too_large", "body");
  // The same size is a fine import.
  TestResponse imported = server->Send("POST", "/api/v1/imports", "alice",
                                       std::string(kBookmarkFile) + padding, {}, "text/html");
  EXPECT_EQ(imported.status, 200) << imported.body;
  // Over the upload limit: refused by the transport before the body is read.
  std::string huge(70 * 1024, ' ');
  ExpectProblem(server->Send("POST", "/api/v1/imports", "alice", std::string(kBookmarkFile) + huge,
                             {}, "text/html"),
                413, "payload_too_large");
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "alice").status, 200);
}

TEST_F(TransferRoutesTest, SearchesWordsTagsAndNot) {
  ASSERT_EQ(Import("alice", std::string(kBookmarkFile), "text/html").status, 200);
  Seed seed = MakeSeed(alice());  // a bookmark "A" (example.com) and a note "Todo" (milk and eggs)
  EXPECT_EQ(HitTitles(alice().Get("/api/v1/search?q=rust")),
            (std::vector<std::string>{"bookmark:Rust docs"}));
  EXPECT_EQ(HitTitles(alice().Get("/api/v1/search?q=documentation")),
            (std::vector<std::string>{"bookmark:Rust docs"}));
  EXPECT_EQ(HitTitles(alice().Get("/api/v1/search?q=%23go")),
            (std::vector<std::string>{"bookmark:Go"}));
  EXPECT_EQ(HitTitles(alice().Get("/api/v1/search?q=EGGS")),
            (std::vector<std::string>{"note:Todo"}));
  EXPECT_EQ(HitTitles(alice().Get("/api/v1/search?q=https%20-%23rust")),
            (std::vector<std::string>{"bookmark:A", "bookmark:Go"}));
  EXPECT_EQ(HitTitles(alice().Get("/api/v1/search?q=%22milk%20and%22")),
            (std::vector<std::string>{"note:Todo"}));
  TestResponse note = alice().Get("/api/v1/search?q=milk");
  ASSERT_EQ(Items(note).size(), 1u);
  EXPECT_EQ(Member(*Items(note)[0].Find("note"), "id"), seed.note_id);
  // Bob finds nothing of alice's.
  EXPECT_TRUE(Items(bob().Get("/api/v1/search?q=rust")).empty());
  EXPECT_TRUE(Items(bob().Get("/api/v1/search?q=%23rust")).empty());

  // Pages of one, each hit once.
  std::vector<std::string> paged;
  std::string cursor;
  for (int round = 0; round < 10; ++round) {
    TestResponse page =
        alice().Get("/api/v1/search?q=https&limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body << " round " << round << " cursor "
                                << DecodeCursorText(cursor).value_or("?");
    for (const std::string& title : HitTitles(page)) paged.push_back(title);
    cursor = NextCursor(page);
    if (cursor.empty()) break;
  }
  std::sort(paged.begin(), paged.end());
  EXPECT_EQ(paged, (std::vector<std::string>{"bookmark:A", "bookmark:Go", "bookmark:Rust docs"}));

  TestResponse first = alice().Get("/api/v1/search?q=https&limit=1");
  ASSERT_FALSE(NextCursor(first).empty());
  ExpectProblem(alice().Get("/api/v1/search?q=other&cursor=" + NextCursor(first)), 400,
                "invalid_argument", "cursor");
  ExpectProblem(alice().Get("/api/v1/search?q=x&cursor=Zm9v"), 400, "invalid_argument", "cursor");
  ExpectProblem(alice().Get("/api/v1/search"), 400, "invalid_argument", "q");
  ExpectProblem(alice().Get("/api/v1/search?q=-rust"), 400, "invalid_argument", "q");
  ExpectProblem(alice().Get("/api/v1/search?q=%23a%2Cb"), 400, "invalid_argument", "q");
  ExpectProblem(alice().Get("/api/v1/search?q=" + std::string(600, 'a')), 400, "invalid_argument",
                "q");
  ExpectProblem(alice().Get("/api/v1/search?q=x&limit=0"), 400, "invalid_argument", "limit");
  EXPECT_EQ(server_->Send("GET", "/api/v1/search?q=rust", "").status, 401);
}

}  // namespace
}  // namespace homeboard::server
