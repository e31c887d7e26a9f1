// Tests of SearchService on a SQLite store: the query syntax (table-driven), matching with
// AND, NOT, phrases, tags and ASCII case folding over bookmarks and notes, tag-led search
// through TagItemsIndex, other users' items never found, cursor pagination that returns
// every hit exactly once over a 2,000-item user with a bounded number of items examined
// per page, and bad input (query, limit, cursors from elsewhere).
#include "service/search_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "model/ids.h"
#include "service/bookmark_service.h"
#include "service/note_service.h"
#include "service/page_service.h"
#include "service/tag_service.h"
#include "service/testing_store.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;

struct ParseCase {
  std::string text;
  SearchQuery want;
};

TEST(ParseSearchQueryTest, Syntax) {
  const std::vector<ParseCase> cases = {
      {"rust", {.terms = {"rust"}}},
      {"  Rust   WEB ", {.terms = {"rust", "web"}}},
      {"#rust", {.tags = {"rust"}}},
      {"#Rust -#Old", {.tags = {"rust"}, .excluded_tags = {"old"}}},
      {"cargo -unsafe", {.terms = {"cargo"}, .excluded_terms = {"unsafe"}}},
      {"\"Hello   World\" x", {.terms = {"hello world", "x"}}},
      {"-\"bad idea\" good", {.terms = {"good"}, .excluded_terms = {"bad idea"}}},
      {"#\"Rust  Lang\" doc", {.terms = {"doc"}, .tags = {"rust lang"}}},
      {"\"unterminated phrase", {.terms = {"unterminated phrase"}}},
      {"a - b", {.terms = {"a", "-", "b"}}},
      {"\"\" word", {.terms = {"word"}}},
      {"url:https://x.y/a?b", {.terms = {"url:https://x.y/a?b"}}},
      {"café", {.terms = {"café"}}},
      {"a\tb\nc", {.terms = {"a", "b", "c"}}},
  };
  for (const ParseCase& c : cases) {
    auto parsed = ParseSearchQuery(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, c.want) << c.text;
  }
}

struct BadCase {
  std::string text;
  std::string rule;
};

TEST(ParseSearchQueryTest, Refusals) {
  const std::vector<BadCase> cases = {
      {"", "required"},
      {"    ", "required"},
      {"-word", "required"},
      {"-#tag -other", "required"},
      {"\"\"", "required"},
      {"#", "required"},
      {"#a,b", "pattern"},
      {"#" + std::string(65, 'x'), "max_length"},
      {std::string(513, 'a'), "max_length"},
      {"a b c d e f g h i j k l m n o p q r s t u", "max_count"},
  };
  for (const BadCase& c : cases) {
    auto parsed = ParseSearchQuery(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().code, Code::kInvalidArgument) << c.text;
    EXPECT_EQ(parsed.error().field, "q") << c.text;
    EXPECT_EQ(parsed.error().rule, c.rule) << c.text << ": " << parsed.error().ToString();
  }
  // Exactly the limits are fine.
  EXPECT_OK(ParseSearchQuery(std::string(512, 'a')));
  EXPECT_OK(ParseSearchQuery("a b c d e f g h i j k l m n o p q r s t"));
}

class SearchServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    PageService pages(env_->context);
    WidgetService widgets(env_->context);
    ASSERT_OK_AND_ASSIGN(page_, pages.Create(alice_, "Home"));
    ASSERT_OK_AND_ASSIGN(links_, widgets.Add(alice_, page_.page_id, NewWidget{.title = "Links"}));
    ASSERT_OK_AND_ASSIGN(notes_,
                         widgets.Add(alice_, page_.page_id,
                                     NewWidget{.kind = model::WidgetKind::kNotes, .title = "N"}));
  }

  model::Bookmark AddBookmark(const std::string& url, const std::string& title,
                              const std::string& description = "") {
    auto added = BookmarkService(env_->context)
                     .Add(alice_, page_.page_id, links_.widget_id,
                          NewBookmark{.url = url, .title = title, .description = description});
    EXPECT_OK(added);
    return added.ok() ? *added : model::Bookmark{};
  }
  model::Note AddNote(const std::string& title, const std::string& body) {
    auto added =
        NoteService(env_->context)
            .Create(alice_, page_.page_id, notes_.widget_id, NewNote{.title = title, .body = body});
    EXPECT_OK(added);
    return added.ok() ? *added : model::Note{};
  }
  void Tag(model::TaggedType type, const std::string& container, const std::string& id,
           std::int64_t version, std::vector<std::string> tags) {
    EXPECT_OK(TagService(env_->context)
                  .SetTags(alice_, TaggedItemRef{type, container, id}, version, tags));
  }

  // Titles of every hit, following cursors, sorted.
  std::vector<std::string> Titles(const std::string& query, const Caller& caller, int limit = 50,
                                  SearchOptions options = {}) {
    SearchService search(env_->context, options);
    std::vector<std::string> titles;
    std::string cursor;
    for (int round = 0; round < 10000; ++round) {
      auto page = search.Search(caller, query, limit, cursor);
      EXPECT_TRUE(page.ok()) << query;
      if (!page.ok()) break;
      for (const SearchHit& hit : page->hits) {
        titles.push_back(hit.bookmark ? "b:" + hit.bookmark->title : "n:" + hit.note->title);
      }
      cursor = page->next_cursor;
      if (cursor.empty()) break;
    }
    std::sort(titles.begin(), titles.end());
    return titles;
  }
  std::vector<std::string> Titles(const std::string& query) { return Titles(query, alice_); }

  std::unique_ptr<ServiceTestEnv> env_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
  model::Page page_;
  model::Widget links_, notes_;
};

TEST_F(SearchServiceTest, WordsPhrasesTagsAndNegation) {
  model::Bookmark book =
      AddBookmark("https://doc.rust-lang.org/book/", "The Rust Book", "Learn RUST");
  model::Bookmark cargo = AddBookmark("https://crates.io/", "Crates", "cargo packages for rust");
  AddBookmark("https://go.dev/", "Go", "the go language");
  model::Note note = AddNote("Shopping", "Milk and eggs; rust remover");
  AddNote("Ideas", "Write a Go service");
  Tag(model::TaggedType::kBookmark, links_.widget_id, book.bookmark_id, book.version,
      {"rust", "docs"});
  Tag(model::TaggedType::kBookmark, links_.widget_id, cargo.bookmark_id, cargo.version, {"rust"});
  Tag(model::TaggedType::kNote, notes_.widget_id, note.note_id, note.version, {"home"});

  EXPECT_EQ(Titles("rust"),
            (std::vector<std::string>{"b:Crates", "b:The Rust Book", "n:Shopping"}));
  EXPECT_EQ(Titles("RUST book"), (std::vector<std::string>{"b:The Rust Book"}));
  EXPECT_EQ(Titles("rust -book"), (std::vector<std::string>{"b:Crates", "n:Shopping"}));
  EXPECT_EQ(Titles("crates.io"), (std::vector<std::string>{"b:Crates"}));  // URLs
  EXPECT_EQ(Titles("\"go language\""), (std::vector<std::string>{"b:Go"}));
  EXPECT_EQ(Titles("\"language go\""), (std::vector<std::string>{}));
  EXPECT_EQ(Titles("go"), (std::vector<std::string>{"b:Go", "n:Ideas"}));  // not "cargo"
  EXPECT_EQ(Titles("carg"), (std::vector<std::string>{"b:Crates"}));       // word prefixes
  EXPECT_EQ(Titles(".io"), (std::vector<std::string>{"b:Crates"}));
  EXPECT_EQ(Titles("#rust"), (std::vector<std::string>{"b:Crates", "b:The Rust Book"}));
  EXPECT_EQ(Titles("#rust -#docs"), (std::vector<std::string>{"b:Crates"}));
  EXPECT_EQ(Titles("#rust learn"), (std::vector<std::string>{"b:The Rust Book"}));
  EXPECT_EQ(Titles("#RUST #docs"), (std::vector<std::string>{"b:The Rust Book"}));
  EXPECT_EQ(Titles("rust -#rust"), (std::vector<std::string>{"n:Shopping"}));
  EXPECT_EQ(Titles("#home eggs"), (std::vector<std::string>{"n:Shopping"}));
  EXPECT_EQ(Titles("#nothing"), (std::vector<std::string>{}));
  EXPECT_EQ(Titles("zebra"), (std::vector<std::string>{}));
  // Note hits are summaries (no body), bookmarks whole.
  auto page = SearchService(env_->context).Search(alice_, "eggs", 10, "");
  ASSERT_OK(page);
  ASSERT_EQ(page->hits.size(), 1u);
  ASSERT_TRUE(page->hits[0].note.has_value());
  EXPECT_EQ(page->hits[0].note->note_id, note.note_id);
  EXPECT_EQ(page->hits[0].note->tags, std::vector<std::string>{"home"});
}

TEST_F(SearchServiceTest, PageFilledByTheLastBookmarkContinuesWithNotes) {
  AddBookmark("https://example.com/1", "alpha one");
  AddBookmark("https://example.com/2", "alpha two");
  AddNote("alpha note", "body");
  SearchService search(env_->context);
  ASSERT_OK_AND_ASSIGN(SearchPage first, search.Search(alice_, "alpha", 2, ""));
  EXPECT_EQ(first.hits.size(), 2u);
  ASSERT_FALSE(first.next_cursor.empty());
  ASSERT_OK_AND_ASSIGN(SearchPage second, search.Search(alice_, "alpha", 2, first.next_cursor));
  ASSERT_EQ(second.hits.size(), 1u);
  ASSERT_TRUE(second.hits[0].note.has_value());
  EXPECT_EQ(second.hits[0].note->title, "alpha note");
  EXPECT_EQ(second.next_cursor, "");
  // The same with the note filling a page exactly: no further page.
  ASSERT_OK_AND_ASSIGN(SearchPage all, search.Search(alice_, "alpha", 3, ""));
  EXPECT_EQ(all.hits.size(), 3u);
  EXPECT_EQ(all.next_cursor, "");
}

TEST_F(SearchServiceTest, OnlyTheCallersItems) {
  AddBookmark("https://example.com/secret", "Alice secret");
  PageService pages(env_->context);
  WidgetService widgets(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Page bob_page, pages.Create(bob_, "Bob"));
  ASSERT_OK_AND_ASSIGN(model::Widget bob_links,
                       widgets.Add(bob_, bob_page.page_id, NewWidget{.title = "L"}));
  ASSERT_OK(BookmarkService(env_->context)
                .Add(bob_, bob_page.page_id, bob_links.widget_id,
                     NewBookmark{.url = "https://example.com/bob", .title = "Bob secret"}));
  EXPECT_EQ(Titles("secret", alice_), (std::vector<std::string>{"b:Alice secret"}));
  EXPECT_EQ(Titles("secret", bob_), (std::vector<std::string>{"b:Bob secret"}));
  EXPECT_EQ(Titles("secret", Caller{model::NewId()}), (std::vector<std::string>{}));
}

TEST_F(SearchServiceTest, SkipsPagesBeingDeleted) {
  AddBookmark("https://example.com/a", "kept alpha");
  PageService pages(env_->context);
  WidgetService widgets(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Page doomed, pages.Create(alice_, "Doomed"));
  ASSERT_OK_AND_ASSIGN(model::Widget w,
                       widgets.Add(alice_, doomed.page_id, NewWidget{.title = "L"}));
  ASSERT_OK(BookmarkService(env_->context)
                .Add(alice_, doomed.page_id, w.widget_id,
                     NewBookmark{.url = "https://example.com/b", .title = "gone alpha"}));
  ASSERT_OK_AND_ASSIGN(model::Page current, pages.Get(alice_, doomed.page_id));
  ASSERT_OK(pages.Delete(alice_, doomed.page_id, current.version));
  EXPECT_EQ(Titles("alpha"), (std::vector<std::string>{"b:kept alpha"}));
}

TEST_F(SearchServiceTest, BadInput) {
  SearchService search(env_->context);
  auto expect = [](const auto& result, std::string_view field) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Code::kInvalidArgument);
    EXPECT_EQ(result.error().field, field) << result.error().ToString();
  };
  expect(search.Search(alice_, "x", 0, ""), "limit");
  expect(search.Search(alice_, "x", 1001, ""), "limit");
  expect(search.Search(Caller{"nobody"}, "x", 10, ""), "user_id");
  expect(search.Search(alice_, "-x", 10, ""), "q");
  expect(search.Search(alice_, "x", 10, "garbage"), "cursor");
  expect(search.Search(alice_, "x", 10, "b|1|"), "cursor");
  expect(search.Search(alice_, "x", 10, "b|x||0000000000000000|"), "cursor");

  // A cursor continues only its own query, in its own mode.
  for (int i = 0; i < 5; ++i)
    AddBookmark("https://example.com/" + std::to_string(i), "word " + std::to_string(i));
  ASSERT_OK_AND_ASSIGN(SearchPage first, search.Search(alice_, "word", 2, ""));
  ASSERT_FALSE(first.next_cursor.empty());
  expect(search.Search(alice_, "other", 2, first.next_cursor), "cursor");
  expect(search.Search(alice_, "#word", 2, first.next_cursor), "cursor");
  EXPECT_OK(search.Search(alice_, "  WORD ", 2, first.next_cursor));
  // A tampered store cursor inside a well-formed position.
  std::string tampered = first.next_cursor + "x";
  auto bad = search.Search(alice_, "word", 2, tampered);
  if (!bad.ok()) {
    EXPECT_EQ(bad.error().field, "cursor");
  }
}

TEST_F(SearchServiceTest, PaginatesTwoThousandItemsExactlyOnce) {
  // 1,900 bookmarks in four widgets and 100 notes in two; every third item says "common",
  // every fifth is tagged "five".
  PageService pages(env_->context);
  WidgetService widgets(env_->context);
  BookmarkService bookmarks(env_->context);
  std::set<std::string> want_common, want_five_common;
  std::vector<TagAssignment> tags;
  int n = 0;
  for (int w = 0; w < 4; ++w) {
    ASSERT_OK_AND_ASSIGN(
        model::Widget widget,
        widgets.Add(alice_, page_.page_id, NewWidget{.title = "W" + std::to_string(w)}));
    std::vector<BatchBookmark> batch;
    for (int i = 0; i < 475; ++i, ++n) {
      std::string title = "item " + std::to_string(n) + (n % 3 == 0 ? " Common" : " rare");
      batch.push_back(BatchBookmark{.bookmark_id = model::NewId(),
                                    .url = "https://example.com/" + std::to_string(n),
                                    .title = title});
      if (n % 3 == 0) want_common.insert("b:" + title);
      if (n % 5 == 0) {
        tags.push_back(TagAssignment{
            {model::TaggedType::kBookmark, widget.widget_id, batch.back().bookmark_id}, {"five"}});
        if (n % 3 == 0) want_five_common.insert("b:" + title);
      }
    }
    ASSERT_OK(bookmarks.AddMany(alice_, page_.page_id, widget.widget_id, batch));
  }
  NoteService notes(env_->context);
  for (int w = 0; w < 2; ++w) {
    ASSERT_OK_AND_ASSIGN(model::Widget widget,
                         widgets.Add(alice_, page_.page_id,
                                     NewWidget{.kind = model::WidgetKind::kNotes, .title = "N"}));
    for (int i = 0; i < 50; ++i, ++n) {
      std::string title = "note " + std::to_string(n);
      ASSERT_OK_AND_ASSIGN(
          model::Note note,
          notes.Create(alice_, page_.page_id, widget.widget_id,
                       NewNote{.title = title, .body = n % 3 == 0 ? "the COMMON body" : "x"}));
      if (n % 3 == 0) want_common.insert("n:" + title);
      if (n % 5 == 0) {
        tags.push_back(
            TagAssignment{{model::TaggedType::kNote, widget.widget_id, note.note_id}, {"five"}});
        if (n % 3 == 0) want_five_common.insert("n:" + title);
      }
    }
  }
  ASSERT_EQ(n, 2000);
  ASSERT_OK(TagService(env_->context).SetTagsMany(alice_, tags));

  const int scans = env_->faulty.Calls(Op::kScan);
  SearchOptions small{.max_examined = 300, .store_page = 64};
  for (int limit : {1000, 37}) {
    std::vector<std::string> got = Titles("common", alice_, limit, small);
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), want_common) << limit;
    EXPECT_EQ(got.size(), want_common.size()) << "duplicates with limit " << limit;
  }
  std::vector<std::string> tagged = Titles("#five common", alice_, 11, small);
  EXPECT_EQ(std::set<std::string>(tagged.begin(), tagged.end()), want_five_common);
  EXPECT_EQ(tagged.size(), want_five_common.size());
  EXPECT_EQ(Titles("#five -common", alice_, 50, small).size(), 400u - want_five_common.size());
  EXPECT_EQ(env_->faulty.Calls(Op::kScan), scans);

  // Each page looks at no more than the budget, and a page of hits stops reading early.
  SearchService search(env_->context, small);
  ASSERT_OK_AND_ASSIGN(SearchPage page, search.Search(alice_, "item", 10, ""));
  EXPECT_EQ(page.hits.size(), 10u);
  EXPECT_EQ(page.examined, 10u);
  ASSERT_OK_AND_ASSIGN(SearchPage rare, search.Search(alice_, "zebra", 100, ""));
  EXPECT_TRUE(rare.hits.empty());
  EXPECT_EQ(rare.examined, 300u);
  EXPECT_FALSE(rare.next_cursor.empty());
  const int queries = env_->faulty.Calls(Op::kQuery);
  ASSERT_OK(search.Search(alice_, "zebra", 100, rare.next_cursor));
  // Pages + at most ceil(300 / 64) + 1 item pages (bookmarks only at this point).
  EXPECT_LE(env_->faulty.Calls(Op::kQuery) - queries, 1 + 6);
  // The whole walk for a word nobody has finishes with no hits and covers all 2,000 items.
  std::size_t examined = 0;
  std::string cursor;
  for (int round = 0; round < 100; ++round) {
    ASSERT_OK_AND_ASSIGN(SearchPage p, search.Search(alice_, "zebra", 100, cursor));
    EXPECT_TRUE(p.hits.empty());
    EXPECT_LE(p.examined, 300u);
    examined += p.examined;
    cursor = p.next_cursor;
    if (cursor.empty()) break;
  }
  EXPECT_EQ(cursor, "");
  EXPECT_EQ(examined, 2000u);
}

}  // namespace
}  // namespace homeboard::service
