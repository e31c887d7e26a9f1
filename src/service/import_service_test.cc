// Tests of ImportService on a SQLite store: browser-shaped files (Chrome, Firefox, Safari,
// Edge), deep nesting, odd encodings, hostile links, duplicates, the page and widget limits,
// a generated 10,000-entry file, re-imports (nothing new, edits kept, deletions restored) and
// imports interrupted at every write and run again. Dashboards are compared through an
// outline that shows every stored field that matters.
#include "service/import_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "model/ids.h"
#include "model/limits.h"
#include "model/tables.h"
#include "service/bookmark_service.h"
#include "service/netscape_parser.h"
#include "service/page_loader.h"
#include "service/internal/tag_consistency.h"
#include "service/page_service.h"
#include "service/tag_service.h"
#include "service/testing_store.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

namespace fs = std::filesystem;
using Kind = ImportIssue::Kind;

// The fixtures folder. __FILE__ may be relative to the build folder (ccache's base_dir
// rewrites paths), while tests run from a subfolder of it: try the folders above.
fs::path FixtureDir() {
  fs::path here = fs::path(__FILE__).parent_path() / "testdata" / "import";
  if (here.is_absolute()) return here;
  std::error_code error;
  for (fs::path dir = fs::current_path(error); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / here, error)) return dir / here;
    if (dir == dir.parent_path()) break;
  }
  return here;
}

std::string ReadFixture(const std::string& name) {
  fs::path path = FixtureDir() / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A TagWriter that sets the bookmarks' tag lists directly (bumping their versions, as the
// tag service does) and records what it was asked. The real tag service is tested in
// tag_service_test.cc and through NewTagServiceWriter below.
class RecordingTagWriter final : public TagWriter {
 public:
  explicit RecordingTagWriter(ServiceContext context) : context_(std::move(context)) {}

  Result<std::size_t> Apply(const Caller& caller,
                            const std::vector<ImportedTags>& tags) const override {
    ++calls;
    std::size_t changed = 0;
    BookmarkService bookmarks(context_);
    std::vector<store::BatchWrite> writes;
    for (const ImportedTags& entry : tags) {
      Result<model::Bookmark> bookmark = bookmarks.Get(caller, entry.widget_id, entry.bookmark_id);
      if (!bookmark.ok()) return std::move(bookmark).error();
      if (bookmark->tags == entry.tags) continue;
      bookmark->tags = entry.tags;
      ++bookmark->version;
      writes.push_back({.table = context_.Table(model::kBookmarksTable),
                        .kind = store::BatchWrite::Kind::kPut,
                        .item = bookmark->ToItem()});
      ++changed;
    }
    // In small steps for small imports, so an interrupted import can stop half way through
    // the tags.
    std::size_t step = writes.size() < 100 ? 3 : 25;
    for (std::size_t begin = 0; begin < writes.size(); begin += step) {
      std::vector<store::BatchWrite> part(
          writes.begin() + static_cast<std::ptrdiff_t>(begin),
          writes.begin() + static_cast<std::ptrdiff_t>(std::min(writes.size(), begin + step)));
      if (auto s = context_.store->BatchWrite(part); !s.ok()) return FromStore(s.error());
    }
    return changed;
  }

  mutable int calls = 0;

 private:
  ServiceContext context_;
};

class ImportServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    auto writer = std::make_unique<RecordingTagWriter>(env_->context);
    tag_writer_ = writer.get();
    import_ = std::make_unique<ImportService>(env_->context, std::move(writer));
  }

  ImportReport ImportOrDie(const std::string& html, const Caller& caller,
                           const ImportOptions& options = {}) {
    auto report = import_->ImportNetscape(caller, ParseNetscape(html), options);
    EXPECT_OK(report);
    return report.ok() ? *report : ImportReport{};
  }
  ImportReport ImportOrDie(const std::string& html) { return ImportOrDie(html, alice_); }

  // The caller's dashboard as text: pages in order, widgets by (column, order), groups as a
  // tree, bookmarks in order under their group. `exact` adds order keys, timestamps and
  // versions, and with `ids` the ids too (which differ between users).
  std::string Outline(const Caller& caller, bool exact = false, bool ids = true) {
    auto id = [&](const std::string& value) { return ids ? value + " " : std::string(); };
    std::ostringstream out;
    PageService pages(env_->context);
    PageLoader loader(env_->context);
    auto list = pages.List(caller);
    EXPECT_OK(list);
    if (!list.ok()) return "";
    for (const model::Page& page : *list) {
      out << "page " << page.title;
      if (exact) out << " " << id(page.page_id) << page.order_key << " " << page.created_at;
      out << "\n";
      auto view = loader.Load(caller, page.page_id);
      EXPECT_OK(view);
      if (!view.ok()) continue;
      for (const WidgetView& widget : view->widgets) {
        out << "  widget " << widget.widget.title << " col=" << widget.widget.column;
        if (exact) {
          out << " " << id(widget.widget.widget_id) << widget.widget.order_key << " v"
              << widget.widget.version;
        }
        out << "\n";
        std::map<std::optional<std::string>, std::vector<const model::Bookmark*>> by_group;
        for (const model::Bookmark& b : widget.bookmarks) by_group[b.group_id].push_back(&b);
        auto print_bookmarks = [&](const std::optional<std::string>& group, int indent) {
          for (const model::Bookmark* b : by_group[group]) {
            out << std::string(static_cast<std::size_t>(indent), ' ') << "- " << b->title << " <"
                << b->url << ">";
            if (!b->description.empty()) out << " desc=\"" << b->description << "\"";
            if (b->icon) out << " icon";
            if (!b->tags.empty()) {
              out << " tags=";
              for (const std::string& t : b->tags) out << t << ";";
            }
            if (exact) {
              out << " " << id(b->bookmark_id) << b->order_key << " " << b->created_at << " v"
                  << b->version;
            }
            out << "\n";
          }
        };
        print_bookmarks(std::nullopt, 4);
        for (const model::Group& g : widget.groups) {
          out << std::string(static_cast<std::size_t>(2 + 2 * g.depth), ' ') << "group "
              << g.name << " depth=" << g.depth;
          if (exact) out << " " << id(g.group_id) << g.order_key;
          out << "\n";
          print_bookmarks(g.group_id, 4 + 2 * g.depth);
        }
      }
    }
    return out.str();
  }

  std::vector<ImportIssue> IssuesOf(const ImportReport& report, Kind kind) {
    std::vector<ImportIssue> out;
    for (const ImportIssue& issue : report.issues) {
      if (issue.kind == kind) out.push_back(issue);
    }
    return out;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<ImportService> import_;
  RecordingTagWriter* tag_writer_ = nullptr;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
};

TEST_F(ImportServiceTest, ChromeFoldersBecomePagesWidgetsAndGroups) {
  ImportReport report = ImportOrDie(ReadFixture("chrome.html"));
  EXPECT_EQ(Outline(alice_),
            "page Bookmarks bar\n"
            "  widget Bookmarks bar col=0\n"
            "    - Example Domain <https://www.example.com/> icon\n"
            "    - Mail <https://mail.example.com/>\n"
            "  widget Dev col=1\n"
            "    - C++20 - cppreference.com <https://en.cppreference.com/w/cpp/20>\n"
            "    - GitHub - google/leveldb <https://github.com/google/leveldb>\n"
            "    - CMake Reference Documentation <https://cmake.org/cmake/help/latest/>\n"
            "    group Databases depth=1\n"
            "      - SQLite Documentation <https://www.sqlite.org/docs.html>\n"
            "      - Amazon DynamoDB <https://docs.aws.amazon.com/amazondynamodb/>\n"
            "  widget News col=2\n"
            "    - Hacker News <https://news.ycombinator.com/>\n"
            "    - LWN.net <https://lwn.net/>\n"
            "page Other bookmarks\n"
            "  widget Other bookmarks col=0\n"
            "    - Rust Programming Language <https://www.rust-lang.org/>\n"
            "    - Search \"c++\" & more <https://example.org/search?q=c%2B%2B&lang=en>\n"
            "page Mobile bookmarks\n");
  EXPECT_EQ(report.bookmarks_in_file, 11u);
  EXPECT_EQ(report.bookmarks_added, 11u);
  EXPECT_EQ(report.bookmarks_existing, 0u);
  EXPECT_EQ(report.pages_added, 3u);
  EXPECT_EQ(report.widgets_added, 4u);
  EXPECT_EQ(report.groups_added, 1u);
  EXPECT_TRUE(report.issues.empty());
  // created_at comes from ADD_DATE.
  auto newest = BookmarkService(env_->context).ListNewest(alice_, 1, "");
  ASSERT_OK(newest);
  ASSERT_EQ(newest->bookmarks.size(), 1u);
  EXPECT_EQ(newest->bookmarks[0].created_at, "2023-11-03T08:35:10.000Z");  // 1699000510
}

TEST_F(ImportServiceTest, FirefoxTagsPlaceLinksSeparatorsAndTopLevelLinks) {
  ImportReport report = ImportOrDie(ReadFixture("firefox.html"));
  EXPECT_EQ(Outline(alice_),
            "page Imported\n"
            "  widget Imported col=0\n"
            "    - Getting Started <https://www.mozilla.org/en-US/firefox/central/> icon\n"
            "page Reading\n"
            "  widget Reading col=0\n"
            "    - LWN.net <https://lwn.net/> desc=\"Linux Weekly News \xE2\x80\x94 kernel & "
            "community\" icon tags=kernel;linux;news;\n"
            "    - Project Gutenberg <https://www.gutenberg.org/> desc=\"Free eBooks\nover two "
            "lines\" tags=books;\n"
            "  widget Papers col=1\n"
            "    - Bigtable <https://research.google/pubs/bigtable/> tags=papers;storage;\n"
            "    - Dynamo <https://www.allthingsdistributed.com/files/amazon-dynamo-sosp2007.pdf> "
            "tags=dynamo;papers;storage;\n"
            "page Bookmarks Toolbar\n"
            "  widget Bookmarks Toolbar col=0\n"
            "    - Wikipedia <https://www.wikipedia.org/> tags=reference;\n"
            "  widget Tools col=1\n"
            "    - regex101 <https://regex101.com/> tags=regex;tools;\n"
            "page Other Bookmarks\n"
            "  widget Other Bookmarks col=0\n"
            "    - MDN Web Docs <https://developer.mozilla.org/> tags=reference;web;\n");
  std::vector<ImportIssue> skipped = IssuesOf(report, Kind::kSkipped);
  ASSERT_EQ(skipped.size(), 3u);
  for (const ImportIssue& issue : skipped) {
    EXPECT_EQ(issue.rule, "url_scheme") << issue.message;
    EXPECT_GT(issue.line, 0);
  }
  EXPECT_EQ(skipped[0].url, "place:sort=8&maxResults=10");
  EXPECT_EQ(skipped[2].url.substr(0, 11), "javascript:");
  EXPECT_EQ(report.skipped, 3u);
  EXPECT_EQ(report.bookmarks_in_file, 11u);
  EXPECT_EQ(report.bookmarks_added, 8u);
  EXPECT_EQ(report.tagged, 7u);
  EXPECT_EQ(tag_writer_->calls, 1);
}

TEST_F(ImportServiceTest, SafariReadingListAndNoDates) {
  ImportReport report = ImportOrDie(ReadFixture("safari.html"));
  EXPECT_EQ(Outline(alice_),
            "page Favorites\n"
            "  widget Favorites col=0\n"
            "    - Apple <https://www.apple.com/>\n"
            "    - iCloud <https://www.icloud.com/>\n"
            "  widget Travel col=1\n"
            "    - SBB <https://www.sbb.ch/en>\n"
            "page Bookmarks Menu\n"
            "page Reading List\n"
            "  widget Reading List col=0\n"
            "    - An article to read <https://www.nytimes.com/2026/01/01/technology/example.html>"
            " desc=\"Saved from the share sheet\"\n"
            "    - A blog post <https://blog.example.com/post>\n");
  EXPECT_TRUE(report.issues.empty());
  // Without ADD_DATE the ids take the import's clock; a re-run still recognises them.
  ImportReport again = ImportOrDie(ReadFixture("safari.html"));
  EXPECT_EQ(again.bookmarks_added, 0u);
  EXPECT_EQ(again.bookmarks_existing, 5u);
  EXPECT_EQ(again.pages_added, 0u);
}

TEST_F(ImportServiceTest, EdgeInternalLinksAreSkipped) {
  ImportReport report = ImportOrDie(ReadFixture("edge.html"));
  EXPECT_EQ(Outline(alice_),
            "page Favorites bar\n"
            "  widget Favorites bar col=0\n"
            "    - Bing <https://www.bing.com/> icon\n"
            "  widget Work col=1\n"
            "    - Outlook <https://outlook.office.com/mail/>\n"
            "    - Teams <https://teams.microsoft.com/>\n"
            "page Other favorites\n"
            "  widget Other favorites col=0\n"
            "    - Microsoft Learn <https://learn.microsoft.com/>\n");
  ASSERT_EQ(report.issues.size(), 1u);
  EXPECT_EQ(report.issues[0].url, "edge://settings/");
  EXPECT_EQ(report.issues[0].rule, "url_scheme");
}

TEST_F(ImportServiceTest, FoldersDeeperThanEightAreFlattenedIntoTheEighthLevel) {
  ImportReport report = ImportOrDie(ReadFixture("deep.html"));
  std::string outline = Outline(alice_);
  EXPECT_NE(outline.find("group L8 depth=8\n"
                         "                    - level 8 <https://level8.example/>\n"
                         "                    - level 9 <https://level9.example/>\n"
                         "                    - level 10 <https://level10.example/>\n"
                         "                    - level 11 <https://level11.example/>\n"
                         "                    - level 12 <https://level12.example/>\n"),
            std::string::npos)
      << outline;
  EXPECT_EQ(outline.find("L9"), std::string::npos) << outline;
  EXPECT_EQ(report.groups_added, 8u);
  EXPECT_EQ(report.bookmarks_added, 13u);
  std::vector<ImportIssue> adjusted = IssuesOf(report, Kind::kAdjusted);
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_EQ(adjusted[0].title, "L9");
  EXPECT_EQ(adjusted[0].rule, "max_depth");
  EXPECT_EQ(adjusted[0].path, "Deep page > Deep widget > L1 > L2 > L3 > L4 > L5 > L6 > L7 > L8");
}

TEST_F(ImportServiceTest, OddEncodingsBomCrlfEntitiesUnclosedTags) {
  ImportReport report = ImportOrDie(ReadFixture("odd.html"));
  EXPECT_EQ(Outline(alice_),
            "page Caf\xC3\xA9 & Cr\xC3\xA8me\n"
            "  widget M\xC3\xBCsli \xF0\x9F\x98\x80 col=0\n"
            "    - Entities <b> \xC2\xA9 <https://example.com/a?x=1&y=2>\n"
            "    - Unquoted <https://unquoted.example/path> desc=\"An unclosed link, then a "
            "description\"\n"
            "    - B\xC3\xBC" "cher <https://xn--bcher-kva.example/>\n");
  EXPECT_TRUE(report.issues.empty());
}

TEST_F(ImportServiceTest, HostileEntriesAreSkippedOrAdjustedAndReported) {
  ImportReport report = ImportOrDie(ReadFixture("hostile.html"));
  auto newest = BookmarkService(env_->context).ListNewest(alice_, 1000, "");
  ASSERT_OK(newest);
  for (const model::Bookmark& b : newest->bookmarks) {
    EXPECT_TRUE(b.url.starts_with("https://ok.example/")) << b.url;
    if (b.icon) {
      EXPECT_FALSE(b.icon->starts_with("data:image/svg")) << *b.icon;
    }
  }
  EXPECT_EQ(newest->bookmarks.size(), 6u);
  std::map<std::string, std::string> skipped_rules;
  for (const ImportIssue& issue : IssuesOf(report, Kind::kSkipped)) {
    skipped_rules[issue.title] = issue.rule;
  }
  EXPECT_EQ(skipped_rules["js"], "url_scheme");
  EXPECT_EQ(skipped_rules["js mixed case"], "url_scheme");
  EXPECT_EQ(skipped_rules["data"], "url_scheme");
  EXPECT_EQ(skipped_rules["file"], "url_scheme");
  EXPECT_EQ(skipped_rules["about"], "url_scheme");
  EXPECT_EQ(skipped_rules["vbscript"], "url_scheme");
  EXPECT_EQ(skipped_rules["place"], "url_scheme");
  EXPECT_EQ(skipped_rules["ftp"], "url_scheme");
  EXPECT_EQ(skipped_rules["relative"], "parse");
  EXPECT_EQ(skipped_rules["no href"], "parse");
  EXPECT_EQ(skipped_rules["too long"], "max_length");
  EXPECT_EQ(report.skipped, 11u);

  std::map<std::string, std::vector<std::string>> adjusted;
  for (const ImportIssue& issue : IssuesOf(report, Kind::kAdjusted)) {
    adjusted[issue.url].push_back(issue.rule);
    EXPECT_EQ(issue.path, "Hostile > Links");
  }
  EXPECT_EQ(adjusted["https://ok.example/svg"], std::vector<std::string>{"pattern"});
  EXPECT_EQ(adjusted["https://ok.example/title"], std::vector<std::string>{"max_length"});
  // 30 tags and a bad one: the bad one dropped ("pattern"), ten over the limit dropped.
  std::vector<std::string> tag_rules = adjusted["https://ok.example/tags"];
  EXPECT_EQ(std::count(tag_rules.begin(), tag_rules.end(), "pattern"), 1);
  EXPECT_EQ(std::count(tag_rules.begin(), tag_rules.end(), "max_count"), 11);

  std::map<std::string, model::Bookmark> by_url;
  for (const model::Bookmark& b : newest->bookmarks) by_url[b.url] = b;
  EXPECT_EQ(by_url["https://ok.example/title"].title, std::string(500, 'T'));
  EXPECT_EQ(by_url["https://ok.example/tags"].tags.size(), 20u);
  EXPECT_EQ(by_url["https://ok.example/control"].title, "Ctl char s");
  EXPECT_EQ(by_url["https://ok.example/plain"].title, "<img src=x onerror=alert(1)>");
}

TEST_F(ImportServiceTest, DuplicateUrlsFirstOccurrenceWinsWithinAWidget) {
  ImportReport report = ImportOrDie(ReadFixture("duplicates.html"));
  EXPECT_EQ(Outline(alice_),
            "page Imported\n"
            "  widget Imported col=0\n"
            "    - Top link <https://top.example/>\n"
            "page Page\n"
            "  widget Widget A col=0\n"
            "    - first <https://dup.example/>\n"
            "    group Group depth=1\n"
            "  widget Widget B col=1\n"
            "    - in another widget: kept <https://dup.example/>\n"
            "  widget Widget A col=2\n"
            "    - a second folder with the same name: another widget <https://dup.example/>\n");
  std::vector<ImportIssue> duplicates = IssuesOf(report, Kind::kDuplicate);
  ASSERT_EQ(duplicates.size(), 3u);
  EXPECT_EQ(duplicates[0].title, "Top link again");
  EXPECT_EQ(duplicates[1].title, "second, in a group of the same widget");
  EXPECT_EQ(duplicates[1].path, "Page > Widget A > Group");
  EXPECT_EQ(duplicates[1].rule, "duplicate");
  EXPECT_EQ(report.duplicates, 3u);
  EXPECT_EQ(report.bookmarks_added, 4u);
}

TEST_F(ImportServiceTest, ReimportingTheSameFileChangesNothing) {
  std::string html = ReadFixture("firefox.html") ;
  ImportOrDie(html);
  std::string before = Outline(alice_, /*exact=*/true);
  ImportReport again = ImportOrDie(html);
  EXPECT_EQ(Outline(alice_, true), before);
  EXPECT_EQ(again.bookmarks_added, 0u);
  EXPECT_EQ(again.bookmarks_existing, 8u);
  EXPECT_EQ(again.pages_added, 0u);
  EXPECT_EQ(again.widgets_added, 0u);
  EXPECT_EQ(again.groups_added, 0u);
  EXPECT_EQ(again.tagged, 0u);
  EXPECT_EQ(again.skipped, 3u);  // reported again: the file still holds them
}

TEST_F(ImportServiceTest, ReimportKeepsEditsAndRestoresDeletedBookmarks) {
  std::string html = ReadFixture("chrome.html");
  ImportOrDie(html);
  BookmarkService bookmarks(env_->context);
  auto newest = bookmarks.ListNewest(alice_, 1000, "");
  ASSERT_OK(newest);
  std::map<std::string, model::Bookmark> by_url;
  for (const model::Bookmark& b : newest->bookmarks) by_url[b.url] = b;
  const model::Bookmark& hn = by_url["https://news.ycombinator.com/"];
  ASSERT_OK(bookmarks.Update(alice_, hn.widget_id, hn.bookmark_id, hn.version,
                             BookmarkChanges{.title = "HN (renamed)"}));
  const model::Bookmark& lwn = by_url["https://lwn.net/"];
  ASSERT_OK(bookmarks.Delete(alice_, lwn.widget_id, lwn.bookmark_id, lwn.version));

  ImportReport again = ImportOrDie(html);
  EXPECT_EQ(again.bookmarks_added, 1u);
  EXPECT_EQ(again.bookmarks_existing, 10u);
  std::string outline = Outline(alice_);
  EXPECT_NE(outline.find("  widget News col=2\n"
                         "    - HN (renamed) <https://news.ycombinator.com/>\n"
                         "    - LWN.net <https://lwn.net/>\n"),
            std::string::npos)
      << outline;
}

TEST_F(ImportServiceTest, InterruptedImportFinishesWhenRunAgain) {
  // Entries without ADD_DATE take the import's clock as their ids' time, so every run here
  // reads the same fixed clock; InterruptedImportWithoutDates covers a moving one. Each cut
  // imports for another user of the same store (ids differ per user, so the runs do not
  // meet), and the result is compared without ids: order keys, timestamps, versions, tags.
  auto fixed = [] { return model::Time(std::chrono::milliseconds(1767225600000)); };
  env_->context.now = fixed;
  import_ = std::make_unique<ImportService>(env_->context,
                                            std::make_unique<RecordingTagWriter>(env_->context));
  std::string html = ReadFixture("firefox.html") + ReadFixture("chrome.html");
  int before = env_->faulty.ForwardedWrites();
  ImportReport full = ImportOrDie(html);
  std::string expected = Outline(alice_, true, false);
  int writes = env_->faulty.ForwardedWrites() - before;
  ASSERT_GT(writes, 5);

  for (int cut = 0; cut < writes; ++cut) {
    SCOPED_TRACE("cut after " + std::to_string(cut) + " writes");
    Caller carol{model::NewId()};
    env_->faulty.FailWritesAfter(cut);
    auto failed = import_->ImportNetscape(carol, ParseNetscape(html));
    env_->faulty.Heal();
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, Error::Code::kUnavailable);
    ASSERT_OK_AND_ASSIGN(ImportReport second, import_->ImportNetscape(carol, ParseNetscape(html)));
    EXPECT_EQ(Outline(carol, true, false), expected);
    EXPECT_EQ(second.bookmarks_added + second.bookmarks_existing, full.bookmarks_added);
  }
}

TEST_F(ImportServiceTest, InterruptedImportWithoutDates) {
  // Safari writes no ADD_DATE: ids take the clock, which moves between the two runs; the
  // re-run still recognises what the first one wrote, so nothing is doubled.
  std::string html = ReadFixture("safari.html");
  int before = env_->faulty.ForwardedWrites();
  ImportOrDie(html);
  std::string expected = Outline(alice_);
  int writes = env_->faulty.ForwardedWrites() - before;
  for (int cut = 0; cut < writes; ++cut) {
    SCOPED_TRACE("cut after " + std::to_string(cut) + " writes");
    Caller carol{model::NewId()};
    env_->faulty.FailWritesAfter(cut);
    auto failed = import_->ImportNetscape(carol, ParseNetscape(html));
    env_->faulty.Heal();
    ASSERT_FALSE(failed.ok());
    env_->clock->Advance(60000);
    ASSERT_OK(import_->ImportNetscape(carol, ParseNetscape(html)));
    EXPECT_EQ(Outline(carol), expected);
  }
}

// The real tag service behind the import (NewTagServiceWriter, the default): items, their
// associations and the tag counts agree after an import, a re-import and an interrupted one.
TEST_F(ImportServiceTest, TagsThroughTheTagServiceStayConsistent) {
  ImportService import(env_->context);
  std::string html = ReadFixture("firefox.html");
  ASSERT_OK_AND_ASSIGN(ImportReport report, import.ImportNetscape(alice_, ParseNetscape(html)));
  EXPECT_EQ(report.tagged, 7u);
  ASSERT_OK_AND_ASSIGN(auto problems, internal::FindTagProblems(env_->context, alice_.user_id));
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_OK_AND_ASSIGN(auto tags, TagService(env_->context).ListTags(alice_, "", 100, ""));
  std::string listed;
  for (const model::TagCount& t : tags.tags) listed += t.tag + "=" + std::to_string(t.count) + " ";
  EXPECT_EQ(listed,
            "books=1 dynamo=1 kernel=1 linux=1 news=1 papers=2 reference=2 regex=1 storage=2 "
            "tools=1 web=1 ");
  std::string stored = Outline(alice_, true);
  ASSERT_OK_AND_ASSIGN(ImportReport again, import.ImportNetscape(alice_, ParseNetscape(html)));
  EXPECT_EQ(again.tagged, 0u);
  EXPECT_EQ(Outline(alice_, true), stored);

  // Cut within the last writes of an import (the tag transactions) and re-run, for other
  // users of the same store.
  std::string expected = Outline(alice_);
  Caller probe{model::NewId()};
  int before = env_->faulty.ForwardedWrites();
  ASSERT_OK(import.ImportNetscape(probe, ParseNetscape(html)));
  int writes = env_->faulty.ForwardedWrites() - before;
  for (int cut = writes - 4; cut < writes; ++cut) {
    SCOPED_TRACE("cut after " + std::to_string(cut) + " writes");
    Caller carol{model::NewId()};
    env_->faulty.FailWritesAfter(cut);
    EXPECT_FALSE(import.ImportNetscape(carol, ParseNetscape(html)).ok());
    env_->faulty.Heal();
    ASSERT_OK(import.ImportNetscape(carol, ParseNetscape(html)));
    ASSERT_OK_AND_ASSIGN(auto found, internal::FindTagProblems(env_->context, carol.user_id));
    EXPECT_TRUE(found.empty()) << found.front();
    EXPECT_EQ(Outline(carol), expected);
  }
}

TEST_F(ImportServiceTest, PagesPastTheUserLimitAreSkippedAndReported) {
  PageService pages(env_->context);
  for (std::size_t i = 0; i + 1 < model::kMaxPagesPerUser; ++i) {
    ASSERT_OK(pages.Create(alice_, "Page " + std::to_string(i)));
  }
  ImportReport report = ImportOrDie(ReadFixture("chrome.html"));
  EXPECT_EQ(report.pages_added, 1u);
  std::vector<ImportIssue> skipped = IssuesOf(report, Kind::kSkipped);
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_EQ(skipped[0].title, "Other bookmarks");
  EXPECT_EQ(skipped[0].rule, "max_count");
  EXPECT_NE(skipped[0].message.find("2 bookmarks"), std::string::npos) << skipped[0].message;
  ASSERT_OK_AND_ASSIGN(auto list, pages.List(alice_));
  EXPECT_EQ(list.size(), model::kMaxPagesPerUser);
  EXPECT_EQ(list.back().title, "Bookmarks bar");
}

TEST_F(ImportServiceTest, WidgetsPastThePageLimitAreSkippedAndReported) {
  std::string html = "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><H3>Big</H3>\n<DL><p>\n";
  for (int i = 0; i < 202; ++i) {
    html += "<DT><H3>W" + std::to_string(i) + "</H3>\n<DL><p>\n<DT><A HREF=\"https://w" +
            std::to_string(i) + ".example/\">w</A>\n</DL><p>\n";
  }
  html += "</DL><p>\n</DL><p>\n";
  ImportReport report = ImportOrDie(html);
  EXPECT_EQ(report.widgets_added, model::kMaxWidgetsPerPage);
  std::vector<ImportIssue> skipped = IssuesOf(report, Kind::kSkipped);
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_EQ(skipped[0].title, "W200");
  EXPECT_EQ(skipped[0].path, "Big");
  EXPECT_EQ(skipped[0].rule, "max_count");
  EXPECT_EQ(report.bookmarks_added, 200u);
}

TEST_F(ImportServiceTest, TenThousandEntriesWithProgress) {
  std::string html = "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n";
  int n = 0;
  for (int page = 0; page < 4; ++page) {
    html += "<DT><H3 ADD_DATE=\"1700000000\">Page " + std::to_string(page) + "</H3>\n<DL><p>\n";
    for (int widget = 0; widget < 5; ++widget) {
      html += "<DT><H3>Widget " + std::to_string(widget) + "</H3>\n<DL><p>\n";
      for (int i = 0; i < 500; ++i, ++n) {
        html += "<DT><A HREF=\"https://site" + std::to_string(n) + ".example/path?i=" +
                std::to_string(i) + "\" ADD_DATE=\"" + std::to_string(1700000000 + n) +
                "\"" + (n % 10 == 0 ? " TAGS=\"t" + std::to_string(n % 50) + "\"" : "") +
                ">Entry " + std::to_string(n) + "</A>\n";
      }
      html += "</DL><p>\n";
    }
    html += "</DL><p>\n";
  }
  html += "</DL><p>\n";
  ASSERT_EQ(n, 10000);
  std::vector<ImportProgress> seen;
  ImportOptions options{.progress = [&](const ImportProgress& p) { seen.push_back(p); }};
  auto started = std::chrono::steady_clock::now();
  ImportReport report = ImportOrDie(html, alice_, options);
  auto first = std::chrono::steady_clock::now();
  std::printf("10,000-entry import: %.1f s\n",
              std::chrono::duration<double>(first - started).count());
  EXPECT_EQ(report.bookmarks_added, 10000u);
  EXPECT_EQ(report.tagged, 1000u);
  EXPECT_TRUE(report.issues.empty());
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].bookmarks_done, seen[i - 1].bookmarks_done);
    EXPECT_EQ(seen[i].bookmarks_total, 10000u);
  }
  EXPECT_EQ(seen.back().bookmarks_done, 10000u);
  auto newest = BookmarkService(env_->context).ListNewest(alice_, 1, "");
  ASSERT_OK(newest);
  EXPECT_EQ(newest->bookmarks[0].title, "Entry 9999");
  started = std::chrono::steady_clock::now();
  ImportReport again = ImportOrDie(html);
  std::printf("10,000-entry re-import: %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  EXPECT_EQ(again.bookmarks_existing, 10000u);
  EXPECT_EQ(again.bookmarks_added, 0u);
}

TEST_F(ImportServiceTest, UsersAreKeptApart) {
  std::string html = ReadFixture("chrome.html");
  ImportOrDie(html, alice_);
  ImportReport bob = ImportOrDie(html, bob_);
  EXPECT_EQ(bob.bookmarks_added, 11u);
  EXPECT_EQ(Outline(bob_), Outline(alice_));
  EXPECT_NE(Outline(bob_, true), Outline(alice_, true));
}

TEST_F(ImportServiceTest, NotABookmarkFileImportsNothingAndSaysWhy) {
  ImportReport report = ImportOrDie("{\"pages\": []}");
  EXPECT_EQ(Outline(alice_), "");
  ASSERT_EQ(report.issues.size(), 1u);
  EXPECT_EQ(report.issues[0].rule, "parse");
}

TEST_F(ImportServiceTest, BadCallerIsRefused) {
  auto report = import_->ImportNetscape(Caller{"nope"}, ParseNetscape(ReadFixture("chrome.html")));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, Error::Code::kInvalidArgument);
  EXPECT_EQ(report.error().field, "user_id");
}

}  // namespace
}  // namespace homeboard::service
