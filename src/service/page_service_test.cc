// Tests of PageService on a SQLite store: creation order, renames, moves (many, against a
// model list), respacing exhausted gaps, limits, input errors, ownership (a page's grantees
// neither reorder nor delete it), racing writers, unknown write outcomes, and the delete
// cascade re-run after a simulated crash.
#include "service/page_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <random>
#include <thread>

#include "model/ids.h"
#include "model/limits.h"
#include "model/order_key.h"
#include "model/share.h"
#include "model/tables.h"
#include "model/user.h"
#include "service/bookmark_service.h"
#include "service/group_service.h"
#include "service/internal/tag_consistency.h"
#include "service/note_service.h"
#include "service/share_service.h"
#include "service/tag_service.h"
#include "service/testing_store.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;

class PageServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    pages_ = std::make_unique<PageService>(env_->context);
  }

  std::vector<std::string> ListIds(const Caller& caller) {
    Result<std::vector<model::Page>> pages = pages_->List(caller);
    EXPECT_OK(pages);
    std::vector<std::string> ids;
    if (pages.ok()) {
      for (const model::Page& p : *pages) ids.push_back(p.page_id);
    }
    return ids;
  }

  // Items in `table` whose partition `name` is `value` (read through the real store).
  std::size_t CountItems(std::string_view base_table, std::string_view name,
                         std::string_view value) {
    store::QueryRequest request;
    request.table = env_->db->tables().Of(base_table);
    request.key_condition =
        ddb::KeyCondition::Partition(std::string(name), ddb::AttributeValue::S(std::string(value)));
    request.limit = 1000;
    std::size_t count = 0;
    while (true) {
      auto page = env_->db->store()->Query(request);
      EXPECT_OK(page);
      if (!page.ok()) return count;
      count += page->items.size();
      if (page->next_cursor.empty()) return count;
      request.cursor = page->next_cursor;
    }
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<PageService> pages_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
};

TEST_F(PageServiceTest, CreateAppendsInOrder) {
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Page " + std::to_string(i)));
    EXPECT_EQ(page.user_id, alice_.user_id);
    EXPECT_EQ(page.version, 1);
    EXPECT_FALSE(page.deleting);
    created.push_back(page.page_id);
  }
  EXPECT_EQ(ListIds(alice_), created);
  ASSERT_OK_AND_ASSIGN(std::vector<model::Page> pages, pages_->List(alice_));
  for (std::size_t i = 1; i < pages.size(); ++i) {
    EXPECT_LT(pages[i - 1].order_key, pages[i].order_key);
  }
  EXPECT_TRUE(ListIds(bob_).empty());
}

TEST_F(PageServiceTest, CreateNormalisesTheTitleAndGetReadsItBack) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "  Home \t  base\n"));
  EXPECT_EQ(page.title, "Home base");
  ASSERT_OK_AND_ASSIGN(model::Page read, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(read, page);
}

TEST_F(PageServiceTest, BadInputNamesFieldAndRuleAndWritesNothing) {
  struct Case {
    std::string title;
    std::string rule;
  } cases[] = {
      {"", "required"},
      {"   ", "required"},
      {std::string(201, 'x'), "max_length"},
      {"bad\x01title", "control_character"},
      {"\xff\xfe", "utf8"},
  };
  for (const Case& c : cases) {
    Result<model::Page> page = pages_->Create(alice_, c.title);
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code, Code::kInvalidArgument);
    EXPECT_EQ(page.error().field, "title");
    EXPECT_EQ(page.error().rule, c.rule) << page.error().ToString();
    EXPECT_EQ(page.error().HttpStatus(), 400);
  }
  EXPECT_TRUE(ListIds(alice_).empty());
  EXPECT_EQ(env_->faulty.ForwardedWrites(), 0);

  Result<model::Page> no_user = pages_->Create(Caller{""}, "x");
  ASSERT_FALSE(no_user.ok());
  EXPECT_EQ(no_user.error().field, "user_id");

  Result<model::Page> bad_id = pages_->Get(alice_, "not-an-id");
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().code, Code::kInvalidArgument);
  EXPECT_EQ(bad_id.error().field, "page_id");
  EXPECT_EQ(bad_id.error().rule, "pattern");

  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "ok"));
  Result<model::Page> bad_version = pages_->Rename(alice_, page.page_id, 0, "x");
  ASSERT_FALSE(bad_version.ok());
  EXPECT_EQ(bad_version.error().field, "version");
  EXPECT_EQ(bad_version.error().rule, "range");
  Result<model::Page> bad_rename = pages_->Rename(alice_, page.page_id, 1, "");
  ASSERT_FALSE(bad_rename.ok());
  EXPECT_EQ(bad_rename.error().field, "title");
  Result<model::Page> both =
      pages_->Move(alice_, page.page_id, 1, Placement{page.page_id, page.page_id});
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().field, "before_id");
  EXPECT_EQ(both.error().rule, "inconsistent");
  ASSERT_OK_AND_ASSIGN(model::Page unchanged, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(unchanged, page);
}

TEST_F(PageServiceTest, RenameBumpsVersionAndRefusesStaleVersions) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Old"));
  ASSERT_OK_AND_ASSIGN(model::Page renamed, pages_->Rename(alice_, page.page_id, 1, " New "));
  EXPECT_EQ(renamed.title, "New");
  EXPECT_EQ(renamed.version, 2);
  EXPECT_GT(renamed.updated_at, page.updated_at);
  EXPECT_EQ(renamed.created_at, page.created_at);
  ASSERT_OK_AND_ASSIGN(model::Page read, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(read, renamed);

  Result<model::Page> stale = pages_->Rename(alice_, page.page_id, 1, "Lost");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  EXPECT_EQ(stale.error().field, "version");
  EXPECT_EQ(stale.error().rule, "stale_version");
  ASSERT_OK_AND_ASSIGN(read, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(read.title, "New");

  Result<model::Page> missing = pages_->Rename(alice_, model::NewId(), 1, "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  EXPECT_EQ(missing.error().field, "page_id");
}

TEST_F(PageServiceTest, MovesFollowAModelListThroughManyReorders) {
  std::vector<std::string> expected;
  std::map<std::string, std::int64_t> versions;
  for (int i = 0; i < 12; ++i) {
    ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "P" + std::to_string(i)));
    expected.push_back(page.page_id);
    versions[page.page_id] = page.version;
  }
  std::mt19937 random(42);
  for (int step = 0; step < 150; ++step) {
    std::size_t from = random() % expected.size();
    std::string id = expected[from];
    std::vector<std::string> rest = expected;
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(from));
    Placement placement;
    std::size_t to = random() % (rest.size() + 1);
    int mode = static_cast<int>(random() % 3);
    if (to == rest.size() || mode == 0) {
      to = rest.size();  // to the end
    } else if (mode == 1) {
      placement.before_id = rest[to];
    } else {
      placement.after_id = rest[to];
      ++to;
    }
    rest.insert(rest.begin() + static_cast<std::ptrdiff_t>(to), id);
    ASSERT_OK_AND_ASSIGN(model::Page moved, pages_->Move(alice_, id, versions[id], placement));
    versions[id] = moved.version;
    expected = rest;
    ASSERT_EQ(ListIds(alice_), expected) << "after step " << step;
  }
}

TEST_F(PageServiceTest, MoveToAnUnknownAnchorIsNotFound) {
  ASSERT_OK_AND_ASSIGN(model::Page a, pages_->Create(alice_, "A"));
  ASSERT_OK_AND_ASSIGN(model::Page b, pages_->Create(bob_, "B"));
  Result<model::Page> foreign = pages_->Move(alice_, a.page_id, 1, Placement{b.page_id, {}});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, Code::kNotFound);
  EXPECT_EQ(foreign.error().field, "before_id");
  Result<model::Page> self = pages_->Move(alice_, a.page_id, 1, Placement{{}, a.page_id});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().field, "after_id");
}

TEST_F(PageServiceTest, RepeatedInsertsIntoOneGapRespaceTheList) {
  // Always moving the last page to just after the first one halves the same gap every time:
  // keys grow until KeyBetween reports max_length and the neighbours are respaced.
  std::vector<std::string> expected;
  std::map<std::string, std::int64_t> versions;
  for (int i = 0; i < 4; ++i) {
    ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "P" + std::to_string(i)));
    expected.push_back(page.page_id);
    versions[page.page_id] = page.version;
  }
  std::size_t longest = 0;
  bool respaced = false;
  for (int step = 0; step < 420; ++step) {
    std::string id = expected.back();
    expected.pop_back();
    expected.insert(expected.begin() + 1, id);
    ASSERT_OK_AND_ASSIGN(model::Page moved,
                         pages_->Move(alice_, id, versions[id], Placement{{}, expected[0]}));
    versions[id] = moved.version;
    if (moved.order_key.size() < longest) respaced = true;
    longest = std::max(longest, moved.order_key.size());
    // Respacing bumps the neighbours' versions too.
    ASSERT_OK_AND_ASSIGN(std::vector<model::Page> pages, pages_->List(alice_));
    std::vector<std::string> ids;
    for (const model::Page& p : pages) {
      ids.push_back(p.page_id);
      versions[p.page_id] = p.version;
      ASSERT_LE(p.order_key.size(), model::kMaxOrderKeyLength);
    }
    ASSERT_EQ(ids, expected) << "after step " << step;
  }
  EXPECT_TRUE(respaced);
  EXPECT_GT(longest, model::kMaxOrderKeyLength / 2);
}

TEST_F(PageServiceTest, EqualOrderKeysAreRespacedOnTheNextMoveBetweenThem) {
  // Two pages created at the same moment by two processes can share an order key.
  ASSERT_OK_AND_ASSIGN(model::Page a, pages_->Create(alice_, "A"));
  ASSERT_OK_AND_ASSIGN(model::Page b, pages_->Create(alice_, "B"));
  ASSERT_OK_AND_ASSIGN(model::Page c, pages_->Create(alice_, "C"));
  model::Page twin = b;
  twin.order_key = a.order_key;
  ASSERT_OK(env_->db->store()->Put({env_->db->tables().Of(model::kPagesTable), twin.ToItem(), {}}));
  // List order breaks the tie by id: a (older id) then b.
  EXPECT_EQ(ListIds(alice_), (std::vector<std::string>{a.page_id, b.page_id, c.page_id}));
  ASSERT_OK(pages_->Move(alice_, c.page_id, 1, Placement{b.page_id, {}}));
  EXPECT_EQ(ListIds(alice_), (std::vector<std::string>{a.page_id, c.page_id, b.page_id}));
}

TEST_F(PageServiceTest, PageLimit) {
  for (std::size_t i = 0; i < model::kMaxPagesPerUser; ++i) {
    ASSERT_OK(pages_->Create(alice_, "P"));
  }
  Result<model::Page> over = pages_->Create(alice_, "one too many");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kLimitExceeded);
  EXPECT_EQ(over.error().field, "pages");
  EXPECT_EQ(over.error().rule, "max_count");
  EXPECT_EQ(ListIds(alice_).size(), model::kMaxPagesPerUser);
  EXPECT_OK(pages_->Create(bob_, "Bob's first"));
}

TEST_F(PageServiceTest, AnotherUsersPageIsNotFoundOnEveryCallAndUnchanged) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Alice's"));
  auto expect_not_found = [](const auto& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Code::kNotFound);
    EXPECT_EQ(result.error().field, "page_id");
  };
  expect_not_found(pages_->Get(bob_, page.page_id));
  expect_not_found(pages_->Rename(bob_, page.page_id, 1, "Bob's now"));
  expect_not_found(pages_->Move(bob_, page.page_id, 1, Placement{}));
  expect_not_found(pages_->Delete(bob_, page.page_id, 1));
  EXPECT_OK(pages_->FinishDelete(bob_, page.page_id));  // nothing of Bob's to finish
  ASSERT_OK_AND_ASSIGN(model::Page still, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(still, page);
  EXPECT_TRUE(ListIds(bob_).empty());
}

// Reordering is the owner's: a page's position is among its owner's pages, so a grantee
// (even with "edit") moving it would order it among pages that are not its siblings.
TEST_F(PageServiceTest, AnEditGranteeNeitherReordersNorDeletesTheSharedPage) {
  for (const Caller* caller : {&alice_, &bob_}) {
    std::string name = "u" + caller->user_id.substr(16);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    model::User user{.user_id = caller->user_id,
                     .name = name,
                     .display_name = "User",
                     .password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
                     .created_at = "2026-01-01T00:00:00.000Z",
                     .updated_at = "2026-01-01T00:00:00.000Z"};
    ASSERT_OK(env_->db->store()->Put({env_->context.Table(model::kUsersTable), user.ToItem(), {}}));
  }
  ASSERT_OK_AND_ASSIGN(model::Page first, pages_->Create(alice_, "First"));
  ASSERT_OK_AND_ASSIGN(model::Page shared, pages_->Create(alice_, "Shared"));
  ASSERT_OK_AND_ASSIGN(model::Page bobs, pages_->Create(bob_, "Bob's"));
  ASSERT_OK(ShareService(env_->context)
                .ShareWithUser(alice_, ResourceId::Page(shared.page_id), bob_.user_id,
                               model::Permission::kEdit, std::nullopt));
  // Bob may edit it ...
  ASSERT_OK_AND_ASSIGN(shared, pages_->Rename(bob_, shared.page_id, 1, "Renamed by Bob"));
  // ... but not move it, to the front of Alice's list or next to his own page.
  int writes = env_->faulty.ForwardedWrites();
  for (const Placement& placement :
       {Placement{}, Placement{.before_id = first.page_id}, Placement{.after_id = bobs.page_id}}) {
    Result<model::Page> moved = pages_->Move(bob_, shared.page_id, shared.version, placement);
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, Code::kNotFound);
    EXPECT_EQ(moved.error().field, "page_id");
  }
  Status deleted = pages_->Delete(bob_, shared.page_id, shared.version);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, Code::kNotFound);
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  EXPECT_EQ(ListIds(alice_), (std::vector<std::string>{first.page_id, shared.page_id}));
  EXPECT_EQ(ListIds(bob_), (std::vector<std::string>{bobs.page_id}));
  ASSERT_OK_AND_ASSIGN(model::Page still, pages_->Get(alice_, shared.page_id));
  EXPECT_EQ(still, shared);
  // The owner still moves it.
  ASSERT_OK(
      pages_->Move(alice_, shared.page_id, shared.version, Placement{.before_id = first.page_id}));
  EXPECT_EQ(ListIds(alice_), (std::vector<std::string>{shared.page_id, first.page_id}));
}

// Two threads rename one page from the same version: exactly one wins.
TEST_F(PageServiceTest, TwoWritersRacingOnOneVersionExactlyOneWins) {
  for (int round = 0; round < 5; ++round) {
    ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Race"));
    // Hold both writers at their write until both have read the page.
    std::mutex mu;
    std::condition_variable cv;
    int arrived = 0;
    env_->faulty.SetBeforeWrite([&](Op) {
      std::unique_lock<std::mutex> lock(mu);
      ++arrived;
      cv.notify_all();
      cv.wait_for(lock, std::chrono::seconds(5), [&] { return arrived >= 2; });
    });
    Result<model::Page> first = Error{};
    Result<model::Page> second = Error{};
    std::thread a([&] { first = pages_->Rename(alice_, page.page_id, 1, "From A"); });
    std::thread b([&] { second = pages_->Rename(alice_, page.page_id, 1, "From B"); });
    a.join();
    b.join();
    env_->faulty.SetBeforeWrite(nullptr);
    ASSERT_NE(first.ok(), second.ok()) << (first.ok() ? "both won" : "both lost");
    const Result<model::Page>& loser = first.ok() ? second : first;
    const Result<model::Page>& winner = first.ok() ? first : second;
    EXPECT_EQ(loser.error().code, Code::kConflict) << loser.error().ToString();
    EXPECT_EQ(loser.error().field, "version");
    ASSERT_OK_AND_ASSIGN(model::Page stored, pages_->Get(alice_, page.page_id));
    EXPECT_EQ(stored, *winner);
    EXPECT_EQ(stored.version, 2);
  }
}

TEST_F(PageServiceTest, UnknownOutcomeOfAnAppliedWriteIsResolvedAsSuccess) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Before"));
  env_->faulty.Inject(
      {.op = Op::kUpdate, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK_AND_ASSIGN(model::Page renamed, pages_->Rename(alice_, page.page_id, 1, "After"));
  EXPECT_EQ(renamed.version, 2);
  EXPECT_EQ(env_->faulty.Calls(Op::kUpdate), 1);  // read back, not re-sent
  ASSERT_OK_AND_ASSIGN(model::Page stored, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(stored, renamed);
}

TEST_F(PageServiceTest, UnknownOutcomeOfAWriteNotAppliedIsRetriedOnce) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Before"));
  env_->faulty.Inject(
      {.op = Op::kUpdate, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK_AND_ASSIGN(model::Page renamed, pages_->Rename(alice_, page.page_id, 1, "After"));
  EXPECT_EQ(env_->faulty.Calls(Op::kUpdate), 2);
  ASSERT_OK_AND_ASSIGN(model::Page stored, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(stored, renamed);
  EXPECT_EQ(stored.version, 2);
}

TEST_F(PageServiceTest, TwoUnknownOutcomesNotAppliedAreUnavailable) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Before"));
  env_->faulty.Inject({.op = Op::kUpdate,
                       .code = store::Error::Code::kOutcomeUnknown,
                       .when = When::kBefore,
                       .count = 2});
  Result<model::Page> renamed = pages_->Rename(alice_, page.page_id, 1, "After");
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.error().code, Code::kUnavailable);
  EXPECT_TRUE(renamed.error().Retryable());
  EXPECT_EQ(env_->faulty.Calls(Op::kUpdate), 2);
  ASSERT_OK_AND_ASSIGN(model::Page stored, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(stored, page);
}

TEST_F(PageServiceTest, UnknownOutcomeWhileAnotherWriterWonIsAConflict) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Before"));
  // Another writer (straight to the real store) renames the page just before our write,
  // which is then lost without being applied.
  PageService other(ServiceContext{env_->db->store(), env_->db->tables(), env_->context.now});
  bool once = false;
  env_->faulty.SetBeforeWrite([&](Op) {
    if (once) return;
    once = true;
    ASSERT_OK(other.Rename(alice_, page.page_id, 1, "Theirs"));
  });
  env_->faulty.Inject(
      {.op = Op::kUpdate, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  Result<model::Page> ours = pages_->Rename(alice_, page.page_id, 1, "Ours");
  env_->faulty.SetBeforeWrite(nullptr);
  ASSERT_FALSE(ours.ok());
  EXPECT_EQ(ours.error().code, Code::kConflict) << ours.error().ToString();
  ASSERT_OK_AND_ASSIGN(model::Page stored, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(stored.title, "Theirs");
}

TEST_F(PageServiceTest, UnknownOutcomeOfACreateIsResolved) {
  env_->faulty.Inject(
      {.op = Op::kPut, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK_AND_ASSIGN(model::Page applied, pages_->Create(alice_, "Applied"));
  env_->faulty.Inject(
      {.op = Op::kPut, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK_AND_ASSIGN(model::Page retried, pages_->Create(alice_, "Retried"));
  EXPECT_EQ(ListIds(alice_), (std::vector<std::string>{applied.page_id, retried.page_id}));
  EXPECT_EQ(env_->faulty.Calls(Op::kPut), 3);
}

TEST_F(PageServiceTest, StoreUnavailableIsReportedAndNothingChanges) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Before"));
  env_->faulty.Inject(
      {.op = Op::kUpdate, .code = store::Error::Code::kUnavailable, .when = When::kBefore});
  Result<model::Page> renamed = pages_->Rename(alice_, page.page_id, 1, "After");
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.error().code, Code::kUnavailable);
  EXPECT_EQ(renamed.error().HttpStatus(), 503);
  env_->faulty.Inject(
      {.op = Op::kGet, .code = store::Error::Code::kUnavailable, .when = When::kBefore});
  Result<model::Page> read = pages_->Get(alice_, page.page_id);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, Code::kUnavailable);
  ASSERT_OK_AND_ASSIGN(model::Page stored, pages_->Get(alice_, page.page_id));
  EXPECT_EQ(stored, page);
}

// A page with two bookmarks widgets (groups, bookmarks) and a notes widget.
struct FilledPage {
  model::Page page;
  std::vector<model::Widget> widgets;
};

class PageDeleteTest : public PageServiceTest {
 protected:
  FilledPage Fill(const Caller& caller, std::string title) {
    FilledPage filled;
    WidgetService widgets(env_->context);
    GroupService groups(env_->context);
    BookmarkService bookmarks(env_->context);
    NoteService notes(env_->context);
    auto page = pages_->Create(caller, title);
    EXPECT_OK(page);
    filled.page = *page;
    for (int w = 0; w < 2; ++w) {
      auto widget = widgets.Add(caller, page->page_id,
                                NewWidget{.kind = model::WidgetKind::kBookmarks, .title = "Links"});
      EXPECT_OK(widget);
      filled.widgets.push_back(*widget);
      auto group = groups.Create(caller, page->page_id, widget->widget_id, NewGroup{.name = "G"});
      EXPECT_OK(group);
      auto sub = groups.Create(caller, page->page_id, widget->widget_id,
                               NewGroup{.name = "Sub", .parent_group_id = group->group_id});
      EXPECT_OK(sub);
      std::vector<BatchBookmark> batch;
      for (int b = 0; b < 30; ++b) {
        BatchBookmark bookmark{.bookmark_id = model::NewId(env_->clock->Now()),
                               .url = "https://example.com/" + std::to_string(b)};
        if (b % 3 == 1) bookmark.group_id = group->group_id;
        if (b % 3 == 2) bookmark.group_id = sub->group_id;
        batch.push_back(bookmark);
      }
      EXPECT_OK(bookmarks.AddMany(caller, page->page_id, widget->widget_id, batch));
    }
    auto widget = widgets.Add(caller, page->page_id,
                              NewWidget{.kind = model::WidgetKind::kNotes, .title = "Notes"});
    EXPECT_OK(widget);
    filled.widgets.push_back(*widget);
    for (int n = 0; n < 4; ++n) {
      EXPECT_OK(notes.Create(caller, page->page_id, widget->widget_id,
                             NewNote{.title = "N", .body = "body"}));
    }
    return filled;
  }

  // Items left of the page: the page, widgets and every child.
  std::size_t Remains(const FilledPage& filled) {
    std::size_t count = CountItems(model::kWidgetsTable, "page_id", filled.page.page_id);
    for (const model::Widget& w : filled.widgets) {
      count += CountItems(model::kGroupsTable, "widget_id", w.widget_id);
      count += CountItems(model::kBookmarksTable, "widget_id", w.widget_id);
      count += CountItems(model::kNotesTable, "widget_id", w.widget_id);
    }
    auto page = env_->db->store()->Get(
        {env_->db->tables().Of(model::kPagesTable), filled.page.Key(), true});
    EXPECT_OK(page);
    if (page.ok() && page->has_value()) ++count;
    return count;
  }
};

TEST_F(PageDeleteTest, DeleteRemovesThePageAndEverythingOnIt) {
  FilledPage doomed = Fill(alice_, "Doomed");
  FilledPage kept = Fill(alice_, "Kept");
  std::size_t kept_items = Remains(kept);
  EXPECT_EQ(kept_items, 1 + 3 + 2 * (2 + 30) + 4);
  ASSERT_OK(pages_->Delete(alice_, doomed.page.page_id, 1));
  EXPECT_EQ(Remains(doomed), 0u);
  EXPECT_EQ(Remains(kept), kept_items);
  EXPECT_EQ(ListIds(alice_), std::vector<std::string>{kept.page.page_id});
  Result<model::Page> gone = pages_->Get(alice_, doomed.page.page_id);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, Code::kNotFound);
  // Deleting again: it is gone.
  EXPECT_EQ(pages_->Delete(alice_, doomed.page.page_id, 1).error().code, Code::kNotFound);
}

TEST_F(PageDeleteTest, DeleteWithAStaleVersionDeletesNothing) {
  FilledPage page = Fill(alice_, "P");
  ASSERT_OK(pages_->Rename(alice_, page.page.page_id, 1, "Q"));
  std::size_t before = Remains(page);
  Status stale = pages_->Delete(alice_, page.page.page_id, 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  EXPECT_EQ(Remains(page), before);
}

// The process "dies" after N writes of the cascade; whatever N, the page is hidden from
// then on and a re-run finishes the job.
TEST_F(PageDeleteTest, CascadeReRunAfterASimulatedCrashCompletesIt) {
  for (int steps : {0, 1, 2, 3, 5, 8}) {
    SCOPED_TRACE("crash after " + std::to_string(steps) + " writes");
    FilledPage doomed = Fill(alice_, "Doomed");
    FilledPage kept = Fill(alice_, "Kept");
    std::size_t kept_items = Remains(kept);
    env_->faulty.FailWritesAfter(steps);
    Status crashed = pages_->Delete(alice_, doomed.page.page_id, 1);
    ASSERT_FALSE(crashed.ok());
    EXPECT_EQ(crashed.error().code, Code::kUnavailable);
    env_->faulty.Heal();
    if (steps > 0) {
      // The mark is the first write: the page is hidden at once.
      EXPECT_EQ(pages_->Get(alice_, doomed.page.page_id).error().code, Code::kNotFound);
      std::vector<std::string> listed = ListIds(alice_);
      EXPECT_EQ(std::count(listed.begin(), listed.end(), doomed.page.page_id), 0);
      EXPECT_GT(Remains(doomed), 0u);
      ASSERT_OK(pages_->FinishPendingDeletes(alice_));
      ASSERT_OK(pages_->FinishPendingDeletes(alice_));  // idempotent
    } else {
      ASSERT_OK(pages_->Delete(alice_, doomed.page.page_id, 1));  // never started: do it now
    }
    EXPECT_EQ(Remains(doomed), 0u);
    EXPECT_EQ(Remains(kept), kept_items);
    ASSERT_OK(pages_->Delete(alice_, kept.page.page_id, 1));
  }
}

// Tags and shares go with the page: every association of a deleted item, the counts they
// made, and the Shares items of the page and its widgets.
TEST_F(PageDeleteTest, DeleteRemovesTagsAndSharesOfEverythingOnThePage) {
  FilledPage doomed = Fill(alice_, "Doomed");
  FilledPage kept = Fill(alice_, "Kept");
  TagService tags(env_->context);
  BookmarkService bookmarks(env_->context);
  std::vector<std::pair<model::TaggedType, std::string>> gone;
  for (const FilledPage* filled : {&doomed, &kept}) {
    const model::Widget& w = filled->widgets[0];
    ASSERT_OK_AND_ASSIGN(BookmarkPage listed,
                         bookmarks.List(alice_, filled->page.page_id, w.widget_id, {}));
    std::vector<TagAssignment> assignments{
        {TaggedItemRef{model::TaggedType::kWidget, w.page_id, w.widget_id}, {"shared"}}};
    for (const model::Bookmark& b : listed.bookmarks) {
      assignments.push_back(
          {TaggedItemRef{model::TaggedType::kBookmark, b.widget_id, b.bookmark_id}, {"shared"}});
      if (filled == &doomed) gone.push_back({model::TaggedType::kBookmark, b.bookmark_id});
    }
    ASSERT_OK(tags.SetTagsMany(alice_, assignments));
  }
  gone.push_back({model::TaggedType::kWidget, doomed.widgets[0].widget_id});
  // The page and every widget on it shared.
  std::vector<std::string> refs = {
      model::ResourceRef(model::ResourceKind::kPage, doomed.page.page_id)};
  ASSERT_GE(doomed.widgets.size(), 2u);
  for (const model::Widget& w : doomed.widgets) {
    refs.push_back(model::ResourceRef(model::ResourceKind::kWidget, w.widget_id));
  }
  std::string shares_table = env_->db->tables().Of(model::kSharesTable);
  for (const std::string& ref : refs) {
    ASSERT_OK(env_->db->store()->Put(
        store::PutRequest{.table = shares_table,
                          .item = {{"resource_ref", ddb::AttributeValue::S(ref)},
                                   {"grantee", ddb::AttributeValue::S("user#" + bob_.user_id)}}}));
  }
  ASSERT_OK(pages_->Delete(alice_, doomed.page.page_id, 1));
  for (const std::string& ref : refs) {
    auto left = env_->db->store()->Query(store::QueryRequest{
        .table = shares_table,
        .key_condition = ddb::KeyCondition::Partition("resource_ref", ddb::AttributeValue::S(ref)),
        .consistent_read = true});
    ASSERT_OK(left);
    EXPECT_TRUE(left->items.empty()) << ref;
  }
  ASSERT_OK_AND_ASSIGN(TagCountPage counts, tags.ListTags(alice_, "", 10, ""));
  ASSERT_EQ(counts.tags.size(), 1u);
  EXPECT_EQ(counts.tags[0].count, 1 + 10);  // the kept page's widget and its 10 top-level bookmarks
  ServiceContext plain{.store = env_->db->store(), .tables = env_->db->tables()};
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> problems,
                       internal::FindTagProblems(plain, alice_.user_id, gone));
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_F(PageDeleteTest, DeleteOfAMarkedPageFinishesItWhateverTheVersion) {
  FilledPage doomed = Fill(alice_, "Doomed");
  env_->faulty.FailWritesAfter(3);
  ASSERT_FALSE(pages_->Delete(alice_, doomed.page.page_id, 1).ok());
  env_->faulty.Heal();
  ASSERT_OK(pages_->Delete(alice_, doomed.page.page_id, 1));
  EXPECT_EQ(Remains(doomed), 0u);
  EXPECT_OK(pages_->FinishDelete(alice_, doomed.page.page_id));  // gone: nothing to do
}

TEST_F(PageDeleteTest, FinishDeleteOfAPageNotBeingDeletedIsRefused) {
  ASSERT_OK_AND_ASSIGN(model::Page page, pages_->Create(alice_, "Live"));
  Status status = pages_->FinishDelete(alice_, page.page_id);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Code::kConflict);
  EXPECT_OK(pages_->Get(alice_, page.page_id));
}

}  // namespace
}  // namespace homeboard::service
