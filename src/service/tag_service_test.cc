// Tests of TagService on a SQLite store: tagging bookmarks, notes and widgets, counts and
// their cleanup, lists with prefixes and cursors, items by tag, renames with merges, deletes,
// bulk assignment and its re-runs, bad input, races, and failures injected between and inside
// transactions. After every test, internal::FindTagProblems recomputes the counts from the
// items and associations and must find nothing wrong.
#include "service/tag_service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/share.h"
#include "model/tables.h"
#include "service/bookmark_service.h"
#include "service/group_service.h"
#include "service/internal/tag_consistency.h"
#include "service/note_service.h"
#include "service/page_service.h"
#include "service/testing_store.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;
using model::TaggedType;

class TagServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    tags_ = std::make_unique<TagService>(env_->context);
    bookmarks_ = std::make_unique<BookmarkService>(env_->context);
    PageService pages(env_->context);
    WidgetService widgets(env_->context);
    NoteService notes(env_->context);
    ASSERT_OK_AND_ASSIGN(page_, pages.Create(alice_, "Home"));
    ASSERT_OK_AND_ASSIGN(widget_, widgets.Add(alice_, page_.page_id, NewWidget{.title = "Links"}));
    ASSERT_OK_AND_ASSIGN(
        notes_widget_, widgets.Add(alice_, page_.page_id,
                                   NewWidget{.kind = model::WidgetKind::kNotes, .title = "Notes"}));
    ASSERT_OK_AND_ASSIGN(note_, notes.Create(alice_, page_.page_id, notes_widget_.widget_id,
                                             NewNote{.title = "N", .body = "full body"}));
  }

  // Every test ends with consistent tags for both users.
  void TearDown() override {
    if (env_ == nullptr) return;
    ExpectConsistent(alice_);
    ExpectConsistent(bob_);
  }

  void ExpectConsistent(const Caller& user,
                        const std::vector<std::pair<TaggedType, std::string>>& gone = {}) {
    ServiceContext plain{.store = env_->db->store(), .tables = env_->db->tables()};
    auto problems = internal::FindTagProblems(plain, user.user_id, gone);
    ASSERT_OK(problems);
    EXPECT_TRUE(problems->empty()) << ::testing::PrintToString(*problems);
  }

  model::Bookmark AddBookmark(std::string url = "https://example.com") {
    auto bookmark = bookmarks_->Add(alice_, page_.page_id, widget_.widget_id,
                                    NewBookmark{.url = std::move(url)});
    EXPECT_OK(bookmark);
    return bookmark.ok() ? *bookmark : model::Bookmark{};
  }

  // `n` bookmarks added in bulk to widget_ (chunks of 10,000).
  std::vector<model::Bookmark> AddMany(int n) {
    std::vector<BatchBookmark> batch;
    for (int i = 0; i < n; ++i) {
      batch.push_back(BatchBookmark{.bookmark_id = model::NewId(),
                                    .url = fmt::format("https://e{}.example/", i)});
    }
    auto added = bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, batch);
    EXPECT_OK(added);
    return added.ok() ? *added : std::vector<model::Bookmark>{};
  }

  static TaggedItemRef Ref(const model::Bookmark& b) {
    return TaggedItemRef{TaggedType::kBookmark, b.widget_id, b.bookmark_id};
  }
  static TaggedItemRef Ref(const model::Note& n) {
    return TaggedItemRef{TaggedType::kNote, n.widget_id, n.note_id};
  }
  static TaggedItemRef Ref(const model::Widget& w) {
    return TaggedItemRef{TaggedType::kWidget, w.page_id, w.widget_id};
  }

  // Every tag of `user` with its count, following cursors.
  std::map<std::string, std::int64_t> AllCounts(const Caller& user, std::string_view prefix = "",
                                                int limit = 1000) {
    std::map<std::string, std::int64_t> counts;
    std::string cursor;
    for (int i = 0; i < 1000; ++i) {
      auto page = tags_->ListTags(user, prefix, limit, cursor);
      EXPECT_OK(page);
      if (!page.ok()) break;
      for (const model::TagCount& c : page->tags) counts[c.tag] = c.count;
      if (page->next_cursor.empty()) break;
      cursor = page->next_cursor;
    }
    return counts;
  }

  std::vector<std::string> ItemIds(const Caller& user, std::string_view tag, int limit = 1000) {
    std::vector<std::string> ids;
    std::string cursor;
    for (int i = 0; i < 1000; ++i) {
      auto page = tags_->ItemsWithTag(user, tag, limit, cursor);
      EXPECT_OK(page);
      if (!page.ok()) break;
      for (const TaggedEntity& e : page->items) ids.push_back(e.ref.item_id);
      if (page->next_cursor.empty()) break;
      cursor = page->next_cursor;
    }
    return ids;
  }

  bool CountItemExists(const Caller& user, const std::string& tag) {
    auto item = env_->db->store()->Get(
        store::GetRequest{.table = env_->db->tables().Of(model::kTagAssociationsTable),
                          .key = model::TagCount::KeyOf(user.user_id, tag)});
    EXPECT_TRUE(item.ok());
    return item.ok() && item->has_value();
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<TagService> tags_;
  std::unique_ptr<BookmarkService> bookmarks_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
  model::Page page_;
  model::Widget widget_;
  model::Widget notes_widget_;
  model::Note note_;
};

TEST_F(TagServiceTest, SetTagsNormalisesAndWritesItemAssociationsAndCounts) {
  model::Bookmark b = AddBookmark();
  ASSERT_OK_AND_ASSIGN(ItemTags result,
                       tags_->SetTags(alice_, Ref(b), 1, {"  Rust  Lang ", "c++", "RUST lang"}));
  EXPECT_EQ(result.tags, (std::vector<std::string>{"c++", "rust lang"}));
  EXPECT_EQ(result.version, 2);
  ASSERT_OK_AND_ASSIGN(model::Bookmark read, bookmarks_->Get(alice_, b.widget_id, b.bookmark_id));
  EXPECT_EQ(read.tags, result.tags);
  EXPECT_EQ(read.version, 2);
  EXPECT_EQ(read.url, b.url);
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"c++", 1}, {"rust lang", 1}}));
  EXPECT_EQ(ItemIds(alice_, "Rust Lang"), std::vector<std::string>{b.bookmark_id});
  EXPECT_TRUE(AllCounts(bob_).empty());
}

TEST_F(TagServiceTest, AddRemoveAndCountsReachingZeroAreDeleted) {
  model::Bookmark a = AddBookmark("https://a.example");
  model::Bookmark b = AddBookmark("https://b.example");
  ASSERT_OK_AND_ASSIGN(ItemTags ta, tags_->AddTag(alice_, Ref(a), 1, "rust"));
  ASSERT_OK_AND_ASSIGN(ItemTags tb, tags_->AddTag(alice_, Ref(b), 1, "Rust"));
  EXPECT_EQ(AllCounts(alice_)["rust"], 2);
  ASSERT_OK_AND_ASSIGN(ta, tags_->AddTag(alice_, Ref(a), ta.version, "go"));
  EXPECT_EQ(ta.tags, (std::vector<std::string>{"go", "rust"}));
  // Adding a tag the item carries writes nothing.
  int writes = env_->faulty.ForwardedWrites();
  ASSERT_OK_AND_ASSIGN(ItemTags same, tags_->AddTag(alice_, Ref(a), ta.version, "GO"));
  EXPECT_EQ(same.version, ta.version);
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);

  ASSERT_OK_AND_ASSIGN(ta, tags_->RemoveTag(alice_, Ref(a), ta.version, "rust"));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"go", 1}, {"rust", 1}}));
  ASSERT_OK_AND_ASSIGN(tb, tags_->RemoveTag(alice_, Ref(b), tb.version, "rust"));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"go", 1}}));
  EXPECT_FALSE(CountItemExists(alice_, "rust"));
  ASSERT_OK_AND_ASSIGN(ta, tags_->SetTags(alice_, Ref(a), ta.version, {}));
  EXPECT_TRUE(ta.tags.empty());
  EXPECT_FALSE(CountItemExists(alice_, "go"));
  ASSERT_OK_AND_ASSIGN(model::Bookmark read, bookmarks_->Get(alice_, a.widget_id, a.bookmark_id));
  EXPECT_TRUE(read.tags.empty());
  // Removing a tag the item does not carry writes nothing.
  writes = env_->faulty.ForwardedWrites();
  ASSERT_OK_AND_ASSIGN(same, tags_->RemoveTag(alice_, Ref(a), ta.version, "absent"));
  EXPECT_EQ(same.version, ta.version);
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
}

TEST_F(TagServiceTest, NotesAndWidgetsAreTaggedAndListedWithTheirItems) {
  model::Bookmark b = AddBookmark();
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), 1, {"work"}));
  ASSERT_OK_AND_ASSIGN(ItemTags tn, tags_->SetTags(alice_, Ref(note_), 1, {"work", "ideas"}));
  ASSERT_OK(tags_->SetTags(alice_, Ref(widget_), widget_.version, {"work"}));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"ideas", 1}, {"work", 3}}));
  ASSERT_OK_AND_ASSIGN(TaggedItemsPage page, tags_->ItemsWithTag(alice_, "work", 100, ""));
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_TRUE(page.next_cursor.empty());
  std::set<TaggedType> types;
  for (const TaggedEntity& e : page.items) {
    types.insert(e.ref.type);
    switch (e.ref.type) {
      case TaggedType::kBookmark:
        ASSERT_TRUE(e.bookmark.has_value());
        EXPECT_EQ(e.bookmark->bookmark_id, b.bookmark_id);
        EXPECT_FALSE(e.note || e.widget);
        break;
      case TaggedType::kNote:
        ASSERT_TRUE(e.note.has_value());
        EXPECT_EQ(e.note->body, "full body");
        EXPECT_EQ(e.note->tags, tn.tags);
        EXPECT_EQ(e.ref.container_id, notes_widget_.widget_id);
        break;
      case TaggedType::kWidget:
        ASSERT_TRUE(e.widget.has_value());
        EXPECT_EQ(e.widget->widget_id, widget_.widget_id);
        EXPECT_EQ(e.ref.container_id, page_.page_id);
        break;
    }
  }
  EXPECT_EQ(types.size(), 3u);
}

TEST_F(TagServiceTest, StaleVersionIsConflictAndWritesNothing) {
  model::Bookmark b = AddBookmark();
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), 1, {"one"}));
  int writes = env_->faulty.ForwardedWrites();
  auto stale = tags_->SetTags(alice_, Ref(b), 1, {"two"});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  EXPECT_EQ(stale.error().rule, "stale_version");
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"one", 1}}));
}

TEST_F(TagServiceTest, OtherUsersCannotTagOrSeeItems) {
  model::Bookmark b = AddBookmark();
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), 1, {"private"}));
  auto refused = tags_->SetTags(bob_, Ref(b), 2, {"mine"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kNotFound);
  EXPECT_EQ(refused.error().field, "item_id");
  EXPECT_TRUE(ItemIds(bob_, "private").empty());
  EXPECT_TRUE(AllCounts(bob_).empty());
  // A ref with the wrong container is not found either.
  auto wrong = tags_->AddTag(
      alice_, TaggedItemRef{TaggedType::kBookmark, notes_widget_.widget_id, b.bookmark_id}, 2, "x");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Code::kNotFound);
}

TEST_F(TagServiceTest, BadInputNamesFieldAndRuleAndWritesNothing) {
  model::Bookmark b = AddBookmark();
  std::vector<std::string> many;
  for (int i = 0; i < 21; ++i) many.push_back("t" + std::to_string(i));
  struct Case {
    std::string name;
    std::function<Error()> call;
    std::string field;
    std::string rule;
  };
  auto error_of = [](auto result) {
    EXPECT_FALSE(result.ok());
    return result.ok() ? Error{} : result.error();
  };
  std::vector<Case> cases = {
      {"empty tag", [&] { return error_of(tags_->AddTag(alice_, Ref(b), 1, "  ")); }, "tag",
       "required"},
      {"hash", [&] { return error_of(tags_->AddTag(alice_, Ref(b), 1, "a#b")); }, "tag", "pattern"},
      {"comma",
       [&] {
         return error_of(tags_->SetTags(alice_, Ref(b), 1, {"ok", "a,b"}));
       },
       "tags[1]", "pattern"},
      {"too long",
       [&] { return error_of(tags_->SetTags(alice_, Ref(b), 1, {std::string(65, 'x')})); },
       "tags[0]", "max_length"},
      {"21 tags", [&] { return error_of(tags_->SetTags(alice_, Ref(b), 1, many)); }, "tags",
       "max_count"},
      {"bad item id",
       [&] {
         return error_of(tags_->AddTag(
             alice_, TaggedItemRef{TaggedType::kBookmark, widget_.widget_id, "nope"}, 1, "x"));
       },
       "item_id", "pattern"},
      {"bad container",
       [&] {
         return error_of(tags_->AddTag(
             alice_, TaggedItemRef{TaggedType::kBookmark, "", b.bookmark_id}, 1, "x"));
       },
       "container_id", "required"},
      {"version 0", [&] { return error_of(tags_->AddTag(alice_, Ref(b), 0, "x")); }, "version",
       "range"},
      {"bad caller", [&] { return error_of(tags_->AddTag(Caller{"x"}, Ref(b), 1, "x")); },
       "user_id", "pattern"},
      {"limit 0", [&] { return error_of(tags_->ListTags(alice_, "", 0, "")); }, "limit", "range"},
      {"limit 1001", [&] { return error_of(tags_->ListTags(alice_, "", 1001, "")); }, "limit",
       "range"},
      {"bad cursor", [&] { return error_of(tags_->ListTags(alice_, "", 10, "garbage")); }, "cursor",
       "pattern"},
      {"bad prefix", [&] { return error_of(tags_->ListTags(alice_, "a#", 10, "")); }, "prefix",
       "pattern"},
      {"items bad tag", [&] { return error_of(tags_->ItemsWithTag(alice_, "", 10, "")); }, "tag",
       "required"},
      {"items bad cursor", [&] { return error_of(tags_->ItemsWithTag(alice_, "x", 10, "zzz")); },
       "cursor", "pattern"},
      {"items limit", [&] { return error_of(tags_->ItemsWithTag(alice_, "x", 0, "")); }, "limit",
       "range"},
      {"rename from", [&] { return error_of(tags_->RenameTag(alice_, "", "x")); }, "from",
       "required"},
      {"rename to", [&] { return error_of(tags_->RenameTag(alice_, "x", "y#")); }, "to", "pattern"},
      {"delete tag", [&] { return error_of(tags_->DeleteTag(alice_, std::string(65, 'z'))); },
       "tag", "max_length"},
  };
  int writes = env_->faulty.ForwardedWrites();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Error error = c.call();
    EXPECT_EQ(error.code, Code::kInvalidArgument) << error.ToString();
    EXPECT_EQ(error.field, c.field) << error.ToString();
    EXPECT_EQ(error.rule, c.rule) << error.ToString();
  }
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  // A cursor of another list (items by tag) is refused by the tag list.
  for (int i = 0; i < 3; ++i) {
    model::Bookmark x = AddBookmark("https://x" + std::to_string(i) + ".example");
    ASSERT_OK(tags_->SetTags(alice_, Ref(x), 1, {"x", "y"}));
  }
  ASSERT_OK_AND_ASSIGN(TaggedItemsPage items, tags_->ItemsWithTag(alice_, "x", 1, ""));
  ASSERT_FALSE(items.next_cursor.empty());
  auto foreign = tags_->ListTags(alice_, "", 1, items.next_cursor);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().field, "cursor");
}

TEST_F(TagServiceTest, AddingA21stTagIsRefused) {
  model::Bookmark b = AddBookmark();
  std::vector<std::string> twenty;
  for (int i = 0; i < 20; ++i) twenty.push_back("t" + std::to_string(i));
  ASSERT_OK_AND_ASSIGN(ItemTags t, tags_->SetTags(alice_, Ref(b), 1, twenty));
  EXPECT_EQ(t.tags.size(), 20u);
  auto more = tags_->AddTag(alice_, Ref(b), t.version, "one more");
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().field, "tag");
  EXPECT_EQ(more.error().rule, "max_count");
  // Replacing all twenty by twenty others fits in one transaction (81 actions).
  std::vector<std::string> others;
  for (int i = 0; i < 20; ++i) others.push_back("u" + std::to_string(i));
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), t.version, others));
  EXPECT_EQ(AllCounts(alice_).size(), 20u);
}

TEST_F(TagServiceTest, TwoWritersRacingOnOneItemExactlyOneWins) {
  model::Bookmark b = AddBookmark();
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  env_->faulty.SetBeforeWrite([&](Op op) {
    if (op != Op::kTransact) return;
    std::unique_lock lock(mu);
    if (arrived >= 2) return;
    ++arrived;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(5), [&] { return arrived >= 2; });
  });
  Result<ItemTags> first = Error{};
  Result<ItemTags> second = Error{};
  std::thread t1([&] { first = tags_->SetTags(alice_, Ref(b), 1, {"from one", "shared"}); });
  std::thread t2([&] { second = tags_->SetTags(alice_, Ref(b), 1, {"from two", "shared"}); });
  t1.join();
  t2.join();
  env_->faulty.SetBeforeWrite(nullptr);
  ASSERT_EQ(arrived, 2);
  ASSERT_NE(first.ok(), second.ok());
  const Result<ItemTags>& loser = first.ok() ? second : first;
  const Result<ItemTags>& winner = first.ok() ? first : second;
  EXPECT_EQ(loser.error().code, Code::kConflict);
  ASSERT_OK_AND_ASSIGN(model::Bookmark read, bookmarks_->Get(alice_, b.widget_id, b.bookmark_id));
  EXPECT_EQ(read.tags, winner->tags);
  EXPECT_EQ(AllCounts(alice_).size(), 2u);
}

TEST_F(TagServiceTest, UnknownOutcomesAndFailedTransactionsLeaveTagsConsistent) {
  model::Bookmark b = AddBookmark();
  // Applied, answer lost: read back, success.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK_AND_ASSIGN(ItemTags t, tags_->SetTags(alice_, Ref(b), 1, {"a", "b"}));
  EXPECT_EQ(t.version, 2);
  ExpectConsistent(alice_);
  // Not applied, outcome unknown: read back, sent again once.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK_AND_ASSIGN(t, tags_->SetTags(alice_, Ref(b), t.version, {"b", "c"}));
  EXPECT_EQ(t.version, 3);
  ExpectConsistent(alice_);
  // Store down before the transaction: an error, nothing written.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kUnavailable, .when = When::kBefore});
  auto failed = tags_->SetTags(alice_, Ref(b), t.version, {"d"});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Code::kUnavailable);
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"b", 1}, {"c", 1}}));
  // The zero-count cleanup failing leaves a zero count that lists skip and a later change
  // removes.
  env_->faulty.Inject(
      {.op = Op::kDelete, .code = store::Error::Code::kUnavailable, .when = When::kBefore});
  ASSERT_OK_AND_ASSIGN(t, tags_->SetTags(alice_, Ref(b), t.version, {"b"}));
  EXPECT_TRUE(CountItemExists(alice_, "c"));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"b", 1}}));
  ASSERT_OK_AND_ASSIGN(t, tags_->SetTags(alice_, Ref(b), t.version, {"b", "c"}));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"b", 1}, {"c", 1}}));
}

TEST_F(TagServiceTest, SetTagsHealsAnItemWhoseAssociationsDisagree) {
  model::Bookmark b = AddBookmark();
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), 1, {"kept", "stale"}));
  // A whole-item rewrite from outside the tag service drops the tag list.
  ASSERT_OK_AND_ASSIGN(model::Bookmark read, bookmarks_->Get(alice_, b.widget_id, b.bookmark_id));
  read.tags.clear();
  ASSERT_OK(env_->db->store()->Put(store::PutRequest{
      .table = env_->db->tables().Of(model::kBookmarksTable), .item = read.ToItem()}));
  ASSERT_OK_AND_ASSIGN(ItemTags t, tags_->SetTags(alice_, Ref(b), read.version, {"kept", "new"}));
  EXPECT_EQ(t.tags, (std::vector<std::string>{"kept", "new"}));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"kept", 1}, {"new", 1}}));
}

TEST_F(TagServiceTest, ListTagsPaginatesAndFiltersByPrefixOver1200Tags) {
  // 60 bookmarks x 20 distinct tags = 1,200 tags, set in bulk.
  std::vector<model::Bookmark> items = AddMany(60);
  std::vector<TagAssignment> assignments;
  std::set<std::string> expected;
  for (std::size_t i = 0; i < items.size(); ++i) {
    TagAssignment a{.item = Ref(items[i]), .tags = {}};
    for (int j = 0; j < 20; ++j) {
      std::string tag = fmt::format("t{:02}-{:02}", i, j);
      a.tags.push_back(tag);
      expected.insert(tag);
    }
    assignments.push_back(std::move(a));
  }
  ASSERT_OK_AND_ASSIGN(TagAssignmentReport report, tags_->SetTagsMany(alice_, assignments));
  EXPECT_EQ(report.items_changed, 60u);
  // Pages of 100 in tag order, each tag once.
  std::vector<std::string> listed;
  std::string cursor;
  int pages = 0;
  do {
    ASSERT_OK_AND_ASSIGN(TagCountPage page, tags_->ListTags(alice_, "", 100, cursor));
    ASSERT_LE(page.tags.size(), 100u);
    for (const model::TagCount& c : page.tags) {
      listed.push_back(c.tag);
      EXPECT_EQ(c.count, 1);
      EXPECT_EQ(c.user_id, alice_.user_id);
    }
    cursor = page.next_cursor;
    ++pages;
  } while (!cursor.empty() && pages < 100);
  EXPECT_GE(pages, 12);
  EXPECT_EQ(listed, std::vector<std::string>(expected.begin(), expected.end()));
  // A prefix reads only its tags: one page of the 20 tags of item 17.
  int queries = env_->faulty.Calls(Op::kQuery);
  ASSERT_OK_AND_ASSIGN(TagCountPage t17, tags_->ListTags(alice_, " T17", 100, ""));
  EXPECT_EQ(env_->faulty.Calls(Op::kQuery), queries + 1);
  ASSERT_EQ(t17.tags.size(), 20u);
  EXPECT_EQ(t17.tags.front().tag, "t17-00");
  EXPECT_EQ(t17.tags.back().tag, "t17-19");
  EXPECT_TRUE(t17.next_cursor.empty());
  EXPECT_EQ(AllCounts(alice_, "t5", 7).size(), 200u);  // t50..t59, pages of 7
  EXPECT_TRUE(AllCounts(alice_, "zz").empty());
}

TEST_F(TagServiceTest, ItemsWithTagPaginatesAndSkipsItemsThatAreGone) {
  std::vector<model::Bookmark> items = AddMany(25);
  std::vector<TagAssignment> assignments;
  for (const model::Bookmark& b : items) assignments.push_back({Ref(b), {"x"}});
  ASSERT_OK(tags_->SetTagsMany(alice_, assignments));
  std::vector<std::string> ids = ItemIds(alice_, "x", 10);
  std::vector<std::string> expected;
  for (const model::Bookmark& b : items) expected.push_back(b.bookmark_id);
  std::sort(ids.begin(), ids.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  // Deleting a bookmark removes its associations with it.
  ASSERT_OK(bookmarks_->Delete(alice_, items[3].widget_id, items[3].bookmark_id, 2));
  EXPECT_EQ(ItemIds(alice_, "x", 10).size(), 24u);
  EXPECT_EQ(AllCounts(alice_)["x"], 24);
  ExpectConsistent(alice_, {{TaggedType::kBookmark, items[3].bookmark_id}});
  // An association whose item is gone (written behind the service's back) is skipped.
  model::TagAssociation orphan{.item_type = TaggedType::kBookmark,
                               .item_id = model::NewId(),
                               .tag = "x",
                               .user_id = alice_.user_id,
                               .container_id = widget_.widget_id,
                               .created_at = "2026-01-01T00:00:00.000Z"};
  ASSERT_OK(env_->db->store()->Put(store::PutRequest{
      .table = env_->db->tables().Of(model::kTagAssociationsTable), .item = orphan.ToItem()}));
  EXPECT_EQ(ItemIds(alice_, "x", 5).size(), 24u);
  // DeleteTag removes it with the rest (healing the data).
  ASSERT_OK(env_->db->store()->Update(store::UpdateRequest{
      .table = env_->db->tables().Of(model::kTagAssociationsTable),
      .key = model::TagCount::KeyOf(alice_.user_id, "x"),
      .update = ddb::Update().Add(ddb::Path(model::attr::kCount), ddb::AttributeValue::N(1))}));
  ASSERT_OK_AND_ASSIGN(std::size_t changed, tags_->DeleteTag(alice_, "X"));
  EXPECT_EQ(changed, 24u);
  EXPECT_TRUE(ItemIds(alice_, "x").empty());
  EXPECT_FALSE(CountItemExists(alice_, "x"));
}

TEST_F(TagServiceTest, RenameMovesTagsAndMergesIntoAnExistingTag) {
  std::vector<model::Bookmark> items = AddMany(70);
  std::vector<TagAssignment> assignments;
  for (std::size_t i = 0; i < items.size(); ++i) {
    TagAssignment a{Ref(items[i]), {"old", "other"}};
    if (i % 3 == 0) a.tags.push_back("new");
    assignments.push_back(std::move(a));
  }
  ASSERT_OK(tags_->SetTags(alice_, Ref(note_), 1, {"old"}));
  ASSERT_OK(tags_->SetTagsMany(alice_, assignments));
  ASSERT_OK_AND_ASSIGN(std::size_t changed, tags_->RenameTag(alice_, " OLD ", "New"));
  EXPECT_EQ(changed, 71u);
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"new", 71}, {"other", 70}}));
  EXPECT_FALSE(CountItemExists(alice_, "old"));
  ASSERT_OK_AND_ASSIGN(model::Bookmark read,
                       bookmarks_->Get(alice_, items[0].widget_id, items[0].bookmark_id));
  EXPECT_EQ(read.tags, (std::vector<std::string>{"new", "other"}));
  EXPECT_EQ(read.version, 3);
  // Renaming to itself or a tag nobody carries changes nothing.
  ASSERT_OK_AND_ASSIGN(changed, tags_->RenameTag(alice_, "new", "NEW"));
  EXPECT_EQ(changed, 0u);
  ASSERT_OK_AND_ASSIGN(changed, tags_->RenameTag(alice_, "absent", "new"));
  EXPECT_EQ(changed, 0u);
  // Bob's tags are his own.
  ASSERT_OK_AND_ASSIGN(changed, tags_->RenameTag(bob_, "new", "bobs"));
  EXPECT_EQ(changed, 0u);
  ASSERT_OK_AND_ASSIGN(changed, tags_->DeleteTag(alice_, "other"));
  EXPECT_EQ(changed, 70u);
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"new", 71}}));
}

TEST_F(TagServiceTest, RenameStoppedHalfWayIsConsistentAndARerunFinishesIt) {
  std::vector<model::Bookmark> items = AddMany(150);
  std::vector<TagAssignment> assignments;
  for (std::size_t i = 0; i < items.size(); ++i) {
    assignments.push_back({Ref(items[i]), i % 2 ? std::vector<std::string>{"from", "to"}
                                                : std::vector<std::string>{"from"}});
  }
  ASSERT_OK(tags_->SetTagsMany(alice_, assignments));
  for (int steps : {1, 2, 3}) {
    SCOPED_TRACE(steps);
    env_->faulty.FailWritesAfter(steps);
    auto stopped = tags_->RenameTag(alice_, "from", "to");
    env_->faulty.Heal();
    EXPECT_FALSE(stopped.ok());
    ExpectConsistent(alice_);
  }
  // An unknown outcome in the middle: re-read on the next pass.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK(tags_->RenameTag(alice_, "from", "to"));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"to", 150}}));
  ASSERT_OK_AND_ASSIGN(std::size_t again, tags_->RenameTag(alice_, "from", "to"));
  EXPECT_EQ(again, 0u);
}

TEST_F(TagServiceTest, RenameSkipsAnItemChangedConcurrentlyAndPicksItUpOnTheNextPass) {
  std::vector<model::Bookmark> items = AddMany(5);
  std::vector<TagAssignment> assignments;
  for (const model::Bookmark& b : items) assignments.push_back({Ref(b), {"a"}});
  ASSERT_OK(tags_->SetTagsMany(alice_, assignments));
  // Before the rename's first transaction, someone edits one of the items.
  bool done = false;
  env_->faulty.SetBeforeWrite([&](Op op) {
    if (op != Op::kTransact || done) return;
    done = true;
    ServiceContext plain{
        .store = env_->db->store(), .tables = env_->db->tables(), .now = env_->context.now};
    ASSERT_OK(BookmarkService(plain).Update(alice_, items[2].widget_id, items[2].bookmark_id, 2,
                                            BookmarkChanges{.title = "edited"}));
  });
  ASSERT_OK_AND_ASSIGN(std::size_t changed, tags_->RenameTag(alice_, "a", "b"));
  env_->faulty.SetBeforeWrite(nullptr);
  EXPECT_EQ(changed, 5u);
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"b", 5}}));
  ASSERT_OK_AND_ASSIGN(model::Bookmark edited,
                       bookmarks_->Get(alice_, items[2].widget_id, items[2].bookmark_id));
  EXPECT_EQ(edited.title, "edited");
  EXPECT_EQ(edited.tags, std::vector<std::string>{"b"});
}

TEST_F(TagServiceTest, SetTagsManyPacksTransactionsAndRerunsChangeNothing) {
  // 1,000 items here to keep the test fast; homeboard bench measures 10,000.
  constexpr int kItems = 1000;
  std::vector<model::Bookmark> items = AddMany(kItems);
  std::vector<TagAssignment> assignments;
  assignments.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    assignments.push_back({Ref(items[i]),
                           {fmt::format("tag{}", i % 10), fmt::format("tag{}", (i + 3) % 10),
                            fmt::format("Tag{}", (i + 6) % 10)}});
  }
  int transactions = env_->faulty.Calls(Op::kTransact);
  ASSERT_OK_AND_ASSIGN(TagAssignmentReport report, tags_->SetTagsMany(alice_, assignments));
  EXPECT_EQ(report.items_changed, std::size_t{kItems});
  EXPECT_EQ(report.items_unchanged, 0u);
  // Four actions per item plus at most ten merged counts: at least 22 items per transaction.
  EXPECT_LE(env_->faulty.Calls(Op::kTransact) - transactions, kItems / 22 + 1);
  std::map<std::string, std::int64_t> expected;
  for (int t = 0; t < 10; ++t) expected[fmt::format("tag{}", t)] = kItems / 10 * 3;
  EXPECT_EQ(AllCounts(alice_), expected);
  // Re-running writes nothing.
  transactions = env_->faulty.Calls(Op::kTransact);
  ASSERT_OK_AND_ASSIGN(report, tags_->SetTagsMany(alice_, assignments));
  EXPECT_EQ(report.items_changed, 0u);
  EXPECT_EQ(report.items_unchanged, std::size_t{kItems});
  EXPECT_EQ(env_->faulty.Calls(Op::kTransact), transactions);
}

TEST_F(TagServiceTest, SetTagsManyStoppedHalfWayIsConsistentAndARerunFinishesIt) {
  std::vector<model::Bookmark> items = AddMany(300);
  std::vector<TagAssignment> assignments;
  for (std::size_t i = 0; i < items.size(); ++i) {
    assignments.push_back({Ref(items[i]), {fmt::format("k{}", i % 7), "all"}});
  }
  env_->faulty.FailWritesAfter(4);
  EXPECT_FALSE(tags_->SetTagsMany(alice_, assignments).ok());
  env_->faulty.Heal();
  ExpectConsistent(alice_);
  // Unknown outcomes (applied and not) are re-read and finished item by item.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK_AND_ASSIGN(TagAssignmentReport report, tags_->SetTagsMany(alice_, assignments));
  EXPECT_EQ(report.items_changed + report.items_unchanged, 300u);
  EXPECT_GT(report.items_unchanged, 0u);
  EXPECT_EQ(AllCounts(alice_)["all"], 300);
  ASSERT_OK_AND_ASSIGN(report, tags_->SetTagsMany(alice_, assignments));
  EXPECT_EQ(report.items_unchanged, 300u);
}

TEST_F(TagServiceTest, SetTagsManyValidatesEverythingFirst) {
  std::vector<model::Bookmark> items = AddMany(3);
  struct Case {
    std::vector<TagAssignment> assignments;
    Code code;
    std::string field;
    std::string rule;
  };
  std::vector<Case> cases = {
      {{{Ref(items[0]), {"ok"}}, {Ref(items[1]), {"fine", "b#d"}}},
       Code::kInvalidArgument,
       "assignments[1].tags[1]",
       "pattern"},
      {{{Ref(items[0]), {"ok"}}, {Ref(items[0]), {"again"}}},
       Code::kInvalidArgument,
       "assignments[1].item_id",
       "duplicate"},
      {{{TaggedItemRef{TaggedType::kNote, "bad", note_.note_id}, {"x"}}},
       Code::kInvalidArgument,
       "assignments[0].container_id",
       "pattern"},
      {{{Ref(items[0]), {"ok"}},
        {TaggedItemRef{TaggedType::kBookmark, widget_.widget_id, model::NewId()}, {"x"}}},
       Code::kNotFound,
       "assignments[1].item_id",
       "not_found"},
  };
  int writes = env_->faulty.ForwardedWrites();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    auto result = tags_->SetTagsMany(alice_, cases[i].assignments);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, cases[i].code) << result.error().ToString();
    EXPECT_EQ(result.error().field, cases[i].field) << result.error().ToString();
    EXPECT_EQ(result.error().rule, cases[i].rule) << result.error().ToString();
  }
  // Bob may not tag Alice's items in bulk either.
  auto refused = tags_->SetTagsMany(bob_, {{Ref(items[0]), {"x"}}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kNotFound);
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  ASSERT_OK_AND_ASSIGN(TagAssignmentReport empty, tags_->SetTagsMany(alice_, {}));
  EXPECT_EQ(empty.items_changed, 0u);
}

// --- Moves and cascades --------------------------------------------------------------------

TEST_F(TagServiceTest, MovesToAnotherContainerRepointAssociationsAndEditsKeepTags) {
  WidgetService widgets(env_->context);
  PageService pages(env_->context);
  NoteService notes(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Widget other,
                       widgets.Add(alice_, page_.page_id, NewWidget{.title = "Other"}));
  ASSERT_OK_AND_ASSIGN(
      model::Widget other_notes,
      widgets.Add(alice_, page_.page_id,
                  NewWidget{.kind = model::WidgetKind::kNotes, .title = "More notes"}));
  model::Bookmark b = AddBookmark();
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), 1, {"moved", "kept"}));
  ASSERT_OK_AND_ASSIGN(model::Bookmark edited,
                       bookmarks_->Update(alice_, b.widget_id, b.bookmark_id, 2,
                                          BookmarkChanges{.title = "Edited"}));
  EXPECT_EQ(edited.tags, (std::vector<std::string>{"kept", "moved"}));
  ASSERT_OK_AND_ASSIGN(
      model::Bookmark moved,
      bookmarks_->Move(alice_, b.widget_id, b.bookmark_id, 3,
                       BookmarkMove{.widget = WidgetRef{page_.page_id, other.widget_id}}));
  EXPECT_EQ(moved.tags, edited.tags);
  ASSERT_OK_AND_ASSIGN(TaggedItemsPage found, tags_->ItemsWithTag(alice_, "moved", 10, ""));
  ASSERT_EQ(found.items.size(), 1u);
  EXPECT_EQ(found.items[0].ref.container_id, other.widget_id);
  ASSERT_TRUE(found.items[0].bookmark.has_value());
  EXPECT_EQ(found.items[0].bookmark->title, "Edited");
  // Tagging works at the new place.
  ASSERT_OK(tags_->AddTag(alice_, Ref(moved), moved.version, "third"));

  ASSERT_OK(tags_->SetTags(alice_, Ref(note_), 1, {"moved"}));
  ASSERT_OK_AND_ASSIGN(
      model::Note moved_note,
      notes.Move(alice_, note_.widget_id, note_.note_id, 2,
                 NoteMove{.widget = WidgetRef{page_.page_id, other_notes.widget_id}}));
  EXPECT_EQ(moved_note.tags, std::vector<std::string>{"moved"});

  ASSERT_OK_AND_ASSIGN(model::Page work, pages.Create(alice_, "Work"));
  ASSERT_OK_AND_ASSIGN(ItemTags wt, tags_->SetTags(alice_, Ref(other), other.version, {"moved"}));
  // The move's transaction has an unknown outcome (applied): read back, success.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK_AND_ASSIGN(model::Widget moved_widget,
                       widgets.MoveToPage(alice_, page_.page_id, other.widget_id, wt.version,
                                          work.page_id, WidgetPlacement{}));
  EXPECT_EQ(moved_widget.tags, std::vector<std::string>{"moved"});
  ASSERT_OK_AND_ASSIGN(found, tags_->ItemsWithTag(alice_, "moved", 10, ""));
  ASSERT_EQ(found.items.size(), 3u);
  for (const TaggedEntity& e : found.items) {
    std::string expected = e.ref.type == TaggedType::kWidget ? work.page_id
                           : e.ref.type == TaggedType::kNote ? other_notes.widget_id
                                                             : other.widget_id;
    EXPECT_EQ(e.ref.container_id, expected);
  }
  EXPECT_EQ(AllCounts(alice_),
            (std::map<std::string, std::int64_t>{{"kept", 1}, {"moved", 3}, {"third", 1}}));
}

TEST_F(TagServiceTest, DeletingTaggedItemsRemovesTheirAssociationsAndCounts) {
  model::Bookmark a = AddBookmark("https://a.example");
  model::Bookmark b = AddBookmark("https://b.example");
  ASSERT_OK(tags_->SetTags(alice_, Ref(a), 1, {"x", "y"}));
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), 1, {"x"}));
  // Stale delete: conflict, nothing removed.
  auto stale = bookmarks_->Delete(alice_, a.widget_id, a.bookmark_id, 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  // Applied but the answer lost: success.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK(bookmarks_->Delete(alice_, a.widget_id, a.bookmark_id, 2));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"x", 1}}));
  EXPECT_FALSE(CountItemExists(alice_, "y"));
  NoteService notes(env_->context);
  ASSERT_OK(tags_->SetTags(alice_, Ref(note_), 1, {"x"}));
  ASSERT_OK(notes.Delete(alice_, note_.widget_id, note_.note_id, 2));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"x", 1}}));
  ExpectConsistent(alice_,
                   {{TaggedType::kBookmark, a.bookmark_id}, {TaggedType::kNote, note_.note_id}});
}

TEST_F(TagServiceTest, DeletingAGroupRemovesTheTagsOfItsBookmarks) {
  GroupService groups(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Group group, groups.Create(alice_, page_.page_id, widget_.widget_id,
                                                         NewGroup{.name = "G"}));
  ASSERT_OK_AND_ASSIGN(
      model::Bookmark in_group,
      bookmarks_->Add(alice_, page_.page_id, widget_.widget_id,
                      NewBookmark{.url = "https://g.example", .group_id = group.group_id}));
  model::Bookmark outside = AddBookmark();
  ASSERT_OK(tags_->SetTags(alice_, Ref(in_group), 1, {"g", "both"}));
  ASSERT_OK(tags_->SetTags(alice_, Ref(outside), 1, {"both"}));
  ASSERT_OK(groups.Delete(alice_, widget_.widget_id, group.group_id, group.version));
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"both", 1}}));
  ExpectConsistent(alice_, {{TaggedType::kBookmark, in_group.bookmark_id}});
}

// A page with tagged widgets, bookmarks and notes, shared (page and widget) with Bob: its
// items and share partitions, to check they are all gone after the delete.
struct TaggedPage {
  model::Page page;
  std::vector<std::pair<TaggedType, std::string>> items;
  std::vector<std::string> share_refs;
};

TEST_F(TagServiceTest, DeletingAPageOrWidgetRemovesTagsAndSharesEvenAfterACrash) {
  PageService pages(env_->context);
  WidgetService widgets(env_->context);
  NoteService notes(env_->context);
  auto share = [&](model::ResourceKind kind, const std::string& id) {
    model::Share s{.resource_kind = kind,
                   .resource_id = id,
                   .grantee_id = bob_.user_id,
                   .link_hash = "",
                   .share_id = model::NewId(),
                   .owner_id = alice_.user_id,
                   .permission = model::Permission::kView,
                   .resource_title = "Shared",
                   .created_at = "2026-01-01T00:00:00.000Z",
                   .expires_at = std::nullopt};
    EXPECT_OK(env_->db->store()->Put(store::PutRequest{
        .table = env_->db->tables().Of(model::kSharesTable), .item = s.ToItem()}));
    return s.resource_ref();
  };
  auto shares_left = [&](const std::string& ref) {
    auto page = env_->db->store()->Query(store::QueryRequest{
        .table = env_->db->tables().Of(model::kSharesTable),
        .key_condition = ddb::KeyCondition::Partition(std::string(model::attr::kResourceRef),
                                                      ddb::AttributeValue::S(ref)),
        .consistent_read = true});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items.size() : 0u;
  };
  auto build = [&]() {
    TaggedPage built;
    auto page = pages.Create(alice_, "Doomed");
    EXPECT_OK(page);
    built.page = *page;
    built.share_refs.push_back(share(model::ResourceKind::kPage, page->page_id));
    for (int w = 0; w < 2; ++w) {
      auto widget = widgets.Add(alice_, page->page_id, NewWidget{.title = "W"});
      EXPECT_OK(widget);
      built.share_refs.push_back(share(model::ResourceKind::kWidget, widget->widget_id));
      EXPECT_OK(tags_->SetTags(alice_, Ref(*widget), widget->version, {"widget", "doomed"}));
      built.items.push_back({TaggedType::kWidget, widget->widget_id});
      std::vector<BatchBookmark> batch;
      for (int i = 0; i < 30; ++i) {
        batch.push_back({.bookmark_id = model::NewId(), .url = "https://d.example/"});
      }
      auto added = bookmarks_->AddMany(alice_, page->page_id, widget->widget_id, batch);
      EXPECT_OK(added);
      std::vector<TagAssignment> assignments;
      for (const model::Bookmark& b : *added) {
        assignments.push_back({Ref(b), {"doomed", fmt::format("b{}", b.bookmark_id.back() % 4)}});
        built.items.push_back({TaggedType::kBookmark, b.bookmark_id});
      }
      EXPECT_OK(tags_->SetTagsMany(alice_, assignments));
    }
    auto notes_widget = widgets.Add(alice_, page->page_id,
                                    NewWidget{.kind = model::WidgetKind::kNotes, .title = "N"});
    EXPECT_OK(notes_widget);
    built.items.push_back({TaggedType::kWidget, notes_widget->widget_id});
    for (int i = 0; i < 3; ++i) {
      auto note =
          notes.Create(alice_, page->page_id, notes_widget->widget_id, NewNote{.body = "b"});
      EXPECT_OK(note);
      EXPECT_OK(tags_->SetTags(alice_, Ref(*note), 1, {"doomed", "note"}));
      built.items.push_back({TaggedType::kNote, note->note_id});
    }
    return built;
  };

  // Untouched: the other page's tags stay.
  ASSERT_OK(tags_->SetTags(alice_, Ref(note_), 1, {"doomed"}));
  for (int steps : {0, 1, 2, 3, 5, 8}) {
    SCOPED_TRACE(steps);
    TaggedPage doomed = build();
    ASSERT_OK_AND_ASSIGN(model::Page current, pages.Get(alice_, doomed.page.page_id));
    if (steps > 0) {
      env_->faulty.FailWritesAfter(steps);
      EXPECT_FALSE(pages.Delete(alice_, current.page_id, current.version).ok());
      env_->faulty.Heal();
      ExpectConsistent(alice_);
      ASSERT_OK(pages.FinishPendingDeletes(alice_));
    } else {
      ASSERT_OK(pages.Delete(alice_, current.page_id, current.version));
    }
    ExpectConsistent(alice_, doomed.items);
    for (const std::string& ref : doomed.share_refs) EXPECT_EQ(shares_left(ref), 0u) << ref;
    EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"doomed", 1}}));
  }

  // A widget alone.
  ASSERT_OK_AND_ASSIGN(model::Widget w,
                       widgets.Add(alice_, page_.page_id, NewWidget{.title = "W"}));
  std::string ref = share(model::ResourceKind::kWidget, w.widget_id);
  ASSERT_OK_AND_ASSIGN(ItemTags wt, tags_->SetTags(alice_, Ref(w), w.version, {"doomed"}));
  model::Bookmark b = AddBookmark();
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), 1, {"kept"}));
  ASSERT_OK(widgets.Delete(alice_, page_.page_id, w.widget_id, wt.version));
  EXPECT_EQ(shares_left(ref), 0u);
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"doomed", 1}, {"kept", 1}}));
  ExpectConsistent(alice_, {{TaggedType::kWidget, w.widget_id}});
}

TEST_F(TagServiceTest, TaggingRacingWithACascadeLeavesNoOrphans) {
  PageService pages(env_->context);
  WidgetService widgets(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Page doomed, pages.Create(alice_, "Doomed"));
  ASSERT_OK_AND_ASSIGN(model::Widget w,
                       widgets.Add(alice_, doomed.page_id, NewWidget{.title = "W"}));
  std::vector<BatchBookmark> batch;
  for (int i = 0; i < 10; ++i)
    batch.push_back({.bookmark_id = model::NewId(), .url = "https://r.example/"});
  ASSERT_OK_AND_ASSIGN(std::vector<model::Bookmark> added,
                       bookmarks_->AddMany(alice_, doomed.page_id, w.widget_id, batch));
  std::vector<TagAssignment> assignments;
  std::vector<std::pair<TaggedType, std::string>> gone;
  for (const model::Bookmark& b : added) {
    assignments.push_back({Ref(b), {"race"}});
    gone.push_back({TaggedType::kBookmark, b.bookmark_id});
  }
  ASSERT_OK(tags_->SetTagsMany(alice_, assignments));
  // Just before the cascade's first transaction, another request tags one of the bookmarks:
  // the cascade's chunk fails its version condition and is redone item by item.
  bool done = false;
  env_->faulty.SetBeforeWrite([&](Op op) {
    if (op != Op::kTransact || done) return;
    done = true;
    ServiceContext plain{
        .store = env_->db->store(), .tables = env_->db->tables(), .now = env_->context.now};
    EXPECT_OK(TagService(plain).AddTag(alice_, Ref(added[4]), 2, "late"));
  });
  ASSERT_OK(widgets.Delete(alice_, doomed.page_id, w.widget_id, w.version));
  env_->faulty.SetBeforeWrite(nullptr);
  EXPECT_TRUE(done);
  EXPECT_TRUE(AllCounts(alice_).empty());
  ExpectConsistent(alice_, gone);
}

TEST_F(TagServiceTest, MovesResolveUnknownOutcomesAndStaleVersions) {
  WidgetService widgets(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Widget other,
                       widgets.Add(alice_, page_.page_id, NewWidget{.title = "Other"}));
  model::Bookmark b = AddBookmark();
  ASSERT_OK(tags_->SetTags(alice_, Ref(b), 1, {"m"}));
  // Not applied, outcome unknown: read back and sent again.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK_AND_ASSIGN(
      model::Bookmark moved,
      bookmarks_->Move(alice_, b.widget_id, b.bookmark_id, 2,
                       BookmarkMove{.widget = WidgetRef{page_.page_id, other.widget_id}}));
  EXPECT_EQ(moved.version, 3);
  // A stale version: conflict, nothing moved.
  auto stale =
      bookmarks_->Move(alice_, other.widget_id, b.bookmark_id, 2,
                       BookmarkMove{.widget = WidgetRef{page_.page_id, widget_.widget_id}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  // The store down: unavailable, nothing moved.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kUnavailable, .when = When::kBefore});
  auto down = bookmarks_->Move(alice_, other.widget_id, b.bookmark_id, 3,
                               BookmarkMove{.widget = WidgetRef{page_.page_id, widget_.widget_id}});
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, Code::kUnavailable);
  ASSERT_OK_AND_ASSIGN(TaggedItemsPage found, tags_->ItemsWithTag(alice_, "m", 10, ""));
  ASSERT_EQ(found.items.size(), 1u);
  EXPECT_EQ(found.items[0].ref.container_id, other.widget_id);
}

TEST_F(TagServiceTest, RenameSkipsAnItemUntaggedConcurrently) {
  std::vector<model::Bookmark> items = AddMany(5);
  std::vector<TagAssignment> assignments;
  for (const model::Bookmark& b : items) assignments.push_back({Ref(b), {"a"}});
  ASSERT_OK(tags_->SetTagsMany(alice_, assignments));
  // Between the rename's read and its first transaction, one item loses the tag: its
  // association delete fails, and there is nothing left to do for it.
  bool done = false;
  env_->faulty.SetBeforeWrite([&](Op op) {
    if (op != Op::kTransact || done) return;
    done = true;
    ServiceContext plain{
        .store = env_->db->store(), .tables = env_->db->tables(), .now = env_->context.now};
    EXPECT_OK(TagService(plain).RemoveTag(alice_, Ref(items[1]), 2, "a"));
  });
  int queries = env_->faulty.Calls(Op::kQuery);
  ASSERT_OK_AND_ASSIGN(std::size_t changed, tags_->RenameTag(alice_, "a", "b"));
  env_->faulty.SetBeforeWrite(nullptr);
  EXPECT_EQ(changed, 4u);
  EXPECT_EQ(env_->faulty.Calls(Op::kQuery) - queries, 1);  // one pass, one page
  EXPECT_EQ(AllCounts(alice_), (std::map<std::string, std::int64_t>{{"b", 4}}));
}

}  // namespace
}  // namespace homeboard::service
