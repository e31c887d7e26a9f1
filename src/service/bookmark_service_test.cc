// Tests of BookmarkService on a SQLite store: adds and edits with their input rules, moves
// between groups (one write) and widgets (a transaction), many reorders against a model,
// ordered lists with cursors, newest-first lists, batch adds and their re-runs, ownership
// (moves stay among the owner's widgets, whoever makes them), races and unknown outcomes.
#include "service/bookmark_service.h"

#include <gtest/gtest.h>

#include <cctype>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "model/ids.h"
#include "model/tables.h"
#include "model/user.h"
#include "service/group_service.h"
#include "service/internal/tag_consistency.h"
#include "service/page_service.h"
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

// Stores `caller` as a user, so things can be shared with and by them.
void AddUser(ServiceTestEnv& env, const Caller& caller) {
  std::string name = "u" + caller.user_id.substr(16);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  model::User user{.user_id = caller.user_id,
                   .name = name,
                   .display_name = "User",
                   .password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
                   .created_at = "2026-01-01T00:00:00.000Z",
                   .updated_at = "2026-01-01T00:00:00.000Z"};
  ASSERT_OK(env.db->store()->Put({env.context.Table(model::kUsersTable), user.ToItem(), {}}));
}

class BookmarkServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    bookmarks_ = std::make_unique<BookmarkService>(env_->context);
    PageService pages(env_->context);
    WidgetService widgets(env_->context);
    GroupService groups(env_->context);
    ASSERT_OK_AND_ASSIGN(page_, pages.Create(alice_, "Home"));
    ASSERT_OK_AND_ASSIGN(other_page_, pages.Create(alice_, "Work"));
    ASSERT_OK_AND_ASSIGN(widget_, widgets.Add(alice_, page_.page_id, NewWidget{.title = "Links"}));
    ASSERT_OK_AND_ASSIGN(other_widget_,
                         widgets.Add(alice_, other_page_.page_id, NewWidget{.title = "More"}));
    ASSERT_OK_AND_ASSIGN(
        notes_, widgets.Add(alice_, page_.page_id,
                            NewWidget{.kind = model::WidgetKind::kNotes, .title = "Notes"}));
    ASSERT_OK_AND_ASSIGN(
        group_, groups.Create(alice_, page_.page_id, widget_.widget_id, NewGroup{.name = "Group"}));
  }

  model::Bookmark AddOrDie(std::string url, std::optional<std::string> group = std::nullopt,
                           Placement placement = {}) {
    auto bookmark = bookmarks_->Add(
        alice_, page_.page_id, widget_.widget_id,
        NewBookmark{.url = std::move(url), .group_id = std::move(group), .placement = placement});
    EXPECT_OK(bookmark);
    return bookmark.ok() ? *bookmark : model::Bookmark{};
  }

  // Ids of every bookmark of the list, following cursors with `limit`.
  std::vector<std::string> ListAll(const std::string& page_id, const std::string& widget_id,
                                   std::optional<std::string> group = std::nullopt,
                                   int limit = 1000) {
    std::vector<std::string> ids;
    BookmarkListOptions options{.group_id = group, .limit = limit, .cursor = ""};
    for (int pages = 0; pages < 1000; ++pages) {
      auto page = bookmarks_->List(alice_, page_id, widget_id, options);
      EXPECT_OK(page);
      if (!page.ok()) break;
      EXPECT_LE(page->bookmarks.size(), static_cast<std::size_t>(limit));
      for (const model::Bookmark& b : page->bookmarks) ids.push_back(b.bookmark_id);
      if (page->next_cursor.empty()) break;
      options.cursor = page->next_cursor;
    }
    return ids;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<BookmarkService> bookmarks_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
  model::Page page_;
  model::Page other_page_;
  model::Widget widget_;
  model::Widget other_widget_;
  model::Widget notes_;
  model::Group group_;
};

TEST_F(BookmarkServiceTest, AddStoresNormalisedFieldsAndGetReadsThem) {
  ASSERT_OK_AND_ASSIGN(model::Bookmark b,
                       bookmarks_->Add(alice_, page_.page_id, widget_.widget_id,
                                       NewBookmark{.url = "  https://example.com/a?b=c  ",
                                                   .title = " Example \n site ",
                                                   .description = "  kept\n as typed ",
                                                   .icon = "https://example.com/favicon.ico"}));
  EXPECT_EQ(b.url, "https://example.com/a?b=c");
  EXPECT_EQ(b.title, "Example site");
  EXPECT_EQ(b.description, "  kept\n as typed ");
  EXPECT_EQ(b.user_id, alice_.user_id);
  EXPECT_EQ(b.page_id, page_.page_id);
  EXPECT_EQ(b.version, 1);
  EXPECT_TRUE(b.tags.empty());
  ASSERT_OK_AND_ASSIGN(model::Bookmark read,
                       bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id));
  EXPECT_EQ(read, b);
}

TEST_F(BookmarkServiceTest, BadInputNamesFieldAndRuleAndWritesNothing) {
  struct Case {
    NewBookmark bookmark;
    Code code;
    std::string field;
    std::string rule;
  } cases[] = {
      {{.url = ""}, Code::kInvalidArgument, "url", "required"},
      {{.url = "javascript:alert(1)"}, Code::kInvalidArgument, "url", "url_scheme"},
      {{.url = "https://"}, Code::kInvalidArgument, "url", "url_host"},
      {{.url = "https://example.com/" + std::string(2100, 'a')},
       Code::kInvalidArgument,
       "url",
       "max_length"},
      {{.url = "https://e.com", .title = std::string(501, 't')},
       Code::kInvalidArgument,
       "title",
       "max_length"},
      {{.url = "https://e.com", .description = std::string(4001, 'd')},
       Code::kInvalidArgument,
       "description",
       "max_length"},
      {{.url = "https://e.com", .icon = "data:image/svg+xml;base64,PHN2Zz4="},
       Code::kInvalidArgument,
       "icon",
       "pattern"},
      {{.url = "https://e.com", .group_id = "nope"}, Code::kInvalidArgument, "group_id", "pattern"},
      {{.url = "https://e.com", .group_id = model::NewId()},
       Code::kNotFound,
       "group_id",
       "not_found"},
      {{.url = "https://e.com", .placement = {model::NewId(), {}}},
       Code::kNotFound,
       "before_id",
       "not_found"},
  };
  for (const Case& c : cases) {
    Result<model::Bookmark> b =
        bookmarks_->Add(alice_, page_.page_id, widget_.widget_id, c.bookmark);
    ASSERT_FALSE(b.ok()) << c.field;
    EXPECT_EQ(b.error().code, c.code) << b.error().ToString();
    EXPECT_EQ(b.error().field, c.field) << b.error().ToString();
    EXPECT_EQ(b.error().rule, c.rule) << b.error().ToString();
  }
  Result<model::Bookmark> wrong_kind =
      bookmarks_->Add(alice_, page_.page_id, notes_.widget_id, NewBookmark{.url = "https://e.com"});
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_EQ(wrong_kind.error().field, "widget_id");
  EXPECT_EQ(wrong_kind.error().rule, "wrong_kind");
  Result<model::Bookmark> wrong_page = bookmarks_->Add(
      alice_, other_page_.page_id, widget_.widget_id, NewBookmark{.url = "https://e.com"});
  ASSERT_FALSE(wrong_page.ok());
  EXPECT_EQ(wrong_page.error().code, Code::kNotFound);
  EXPECT_TRUE(ListAll(page_.page_id, widget_.widget_id).empty());
  ASSERT_OK_AND_ASSIGN(BookmarkPage newest, bookmarks_->ListNewest(alice_, 10, ""));
  EXPECT_TRUE(newest.bookmarks.empty());
}

TEST_F(BookmarkServiceTest, UpdateChangesOnlyTheGivenFields) {
  ASSERT_OK_AND_ASSIGN(model::Bookmark b,
                       bookmarks_->Add(alice_, page_.page_id, widget_.widget_id,
                                       NewBookmark{.url = "https://a.example",
                                                   .title = "A",
                                                   .description = "about a",
                                                   .icon = "https://a.example/i.png"}));
  ASSERT_OK_AND_ASSIGN(model::Bookmark titled,
                       bookmarks_->Update(alice_, widget_.widget_id, b.bookmark_id, 1,
                                          BookmarkChanges{.title = "Alpha"}));
  EXPECT_EQ(titled.title, "Alpha");
  EXPECT_EQ(titled.url, b.url);
  EXPECT_EQ(titled.description, b.description);
  EXPECT_EQ(titled.icon, b.icon);
  EXPECT_EQ(titled.version, 2);
  ASSERT_OK_AND_ASSIGN(
      model::Bookmark cleared,
      bookmarks_->Update(
          alice_, widget_.widget_id, b.bookmark_id, 2,
          BookmarkChanges{.url = "https://b.example", .description = "", .icon = ""}));
  EXPECT_EQ(cleared.url, "https://b.example");
  EXPECT_EQ(cleared.description, "");
  EXPECT_FALSE(cleared.icon.has_value());
  ASSERT_OK_AND_ASSIGN(model::Bookmark read,
                       bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id));
  EXPECT_EQ(read, cleared);
  Result<model::Bookmark> bad = bookmarks_->Update(alice_, widget_.widget_id, b.bookmark_id, 3,
                                                   BookmarkChanges{.url = "ftp://x.org"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "url");
  Result<model::Bookmark> stale = bookmarks_->Update(alice_, widget_.widget_id, b.bookmark_id, 2,
                                                     BookmarkChanges{.title = "x"});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  ASSERT_OK_AND_ASSIGN(read, bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id));
  EXPECT_EQ(read, cleared);
}

TEST_F(BookmarkServiceTest, ReordersFollowAModelAndEachIsOneWrite) {
  std::vector<std::string> expected;
  std::map<std::string, std::int64_t> versions;
  for (int i = 0; i < 15; ++i) {
    model::Bookmark b = AddOrDie("https://example.com/" + std::to_string(i));
    expected.push_back(b.bookmark_id);
    versions[b.bookmark_id] = b.version;
  }
  std::mt19937 random(3);
  for (int step = 0; step < 150; ++step) {
    std::size_t from = random() % expected.size();
    std::string id = expected[from];
    expected.erase(expected.begin() + static_cast<std::ptrdiff_t>(from));
    std::size_t to = random() % (expected.size() + 1);
    Placement placement;
    if (to < expected.size()) {
      placement.before_id = expected[to];
    }
    expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(to), id);
    int writes = env_->faulty.ForwardedWrites();
    ASSERT_OK_AND_ASSIGN(model::Bookmark moved,
                         bookmarks_->Move(alice_, widget_.widget_id, id, versions[id],
                                          BookmarkMove{.placement = placement}));
    EXPECT_EQ(env_->faulty.ForwardedWrites(), writes + 1);
    versions[id] = moved.version;
    ASSERT_EQ(ListAll(page_.page_id, widget_.widget_id), expected) << "step " << step;
  }
}

TEST_F(BookmarkServiceTest, MoveBetweenGroupsIsOneWrite) {
  model::Bookmark b = AddOrDie("https://example.com/");
  model::Bookmark in_group = AddOrDie("https://example.com/g", group_.group_id);
  int writes = env_->faulty.ForwardedWrites();
  ASSERT_OK_AND_ASSIGN(model::Bookmark moved,
                       bookmarks_->Move(alice_, widget_.widget_id, b.bookmark_id, 1,
                                        BookmarkMove{.group_id = group_.group_id,
                                                     .placement = {in_group.bookmark_id, {}}}));
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes + 1);
  EXPECT_EQ(moved.group_id, group_.group_id);
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id, group_.group_id),
            (std::vector<std::string>{b.bookmark_id, in_group.bookmark_id}));
  EXPECT_TRUE(ListAll(page_.page_id, widget_.widget_id).empty());
  // And out again, to the top level.
  ASSERT_OK(bookmarks_->Move(alice_, widget_.widget_id, b.bookmark_id, 2, BookmarkMove{}));
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id), std::vector<std::string>{b.bookmark_id});
  Result<model::Bookmark> no_group = bookmarks_->Move(alice_, widget_.widget_id, b.bookmark_id, 3,
                                                      BookmarkMove{.group_id = model::NewId()});
  ASSERT_FALSE(no_group.ok());
  EXPECT_EQ(no_group.error().field, "group_id");
}

TEST_F(BookmarkServiceTest, MoveBetweenWidgetsIsATransaction) {
  model::Bookmark b = AddOrDie("https://example.com/");
  int transactions = env_->faulty.Calls(Op::kTransact);
  ASSERT_OK_AND_ASSIGN(
      model::Bookmark moved,
      bookmarks_->Move(
          alice_, widget_.widget_id, b.bookmark_id, 1,
          BookmarkMove{.widget = WidgetRef{other_page_.page_id, other_widget_.widget_id}}));
  EXPECT_EQ(moved.widget_id, other_widget_.widget_id);
  EXPECT_EQ(moved.page_id, other_page_.page_id);
  EXPECT_EQ(moved.bookmark_id, b.bookmark_id);
  EXPECT_EQ(moved.created_at, b.created_at);
  EXPECT_EQ(moved.version, 2);
  EXPECT_EQ(env_->faulty.Calls(Op::kTransact), transactions + 1);
  EXPECT_EQ(bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id).error().code,
            Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(model::Bookmark read,
                       bookmarks_->Get(alice_, other_widget_.widget_id, b.bookmark_id));
  EXPECT_EQ(read, moved);
  Result<model::Bookmark> to_notes =
      bookmarks_->Move(alice_, other_widget_.widget_id, b.bookmark_id, 2,
                       BookmarkMove{.widget = WidgetRef{page_.page_id, notes_.widget_id}});
  ASSERT_FALSE(to_notes.ok());
  EXPECT_EQ(to_notes.error().field, "target_widget_id");
  EXPECT_EQ(to_notes.error().rule, "wrong_kind");
  // A group of the source widget is not a group of the target widget.
  Result<model::Bookmark> foreign_group =
      bookmarks_->Move(alice_, other_widget_.widget_id, b.bookmark_id, 2,
                       BookmarkMove{.widget = WidgetRef{page_.page_id, widget_.widget_id},
                                    .group_id = model::NewId()});
  ASSERT_FALSE(foreign_group.ok());
  EXPECT_EQ(foreign_group.error().code, Code::kNotFound);
  EXPECT_EQ(foreign_group.error().field, "group_id");
  // Back, into the group, with an unknown outcome that was in fact applied.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK_AND_ASSIGN(
      model::Bookmark back,
      bookmarks_->Move(alice_, other_widget_.widget_id, b.bookmark_id, 2,
                       BookmarkMove{.widget = WidgetRef{page_.page_id, widget_.widget_id},
                                    .group_id = group_.group_id}));
  ASSERT_OK_AND_ASSIGN(read, bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id));
  EXPECT_EQ(read, back);
  EXPECT_EQ(read.group_id, group_.group_id);
  EXPECT_EQ(read.version, 3);
}

// A bookmark belongs to its widget's owner: it moves only into widgets of that owner, even
// when the mover may edit a widget of someone else.
TEST_F(BookmarkServiceTest, MovesBetweenWidgetsStayAmongTheOwnersWidgets) {
  AddUser(*env_, alice_);
  AddUser(*env_, bob_);
  model::Bookmark b = AddOrDie("https://example.com/");
  ASSERT_OK_AND_ASSIGN(model::Page bobs_page, PageService(env_->context).Create(bob_, "Bob's"));
  ASSERT_OK_AND_ASSIGN(
      model::Widget bobs_widget,
      WidgetService(env_->context).Add(bob_, bobs_page.page_id, NewWidget{.title = "Bob's links"}));
  ShareService shares(env_->context);
  ASSERT_OK(shares.ShareWithUser(alice_, ResourceId::Widget(page_.page_id, widget_.widget_id),
                                 bob_.user_id, model::Permission::kEdit, std::nullopt));
  ASSERT_OK(shares.ShareWithUser(bob_, ResourceId::Widget(bobs_page.page_id, bobs_widget.widget_id),
                                 alice_.user_id, model::Permission::kEdit, std::nullopt));
  int writes = env_->faulty.ForwardedWrites();
  // Neither Alice (who may edit Bob's widget) nor Bob (who may edit hers) moves her bookmark
  // into his widget.
  for (const Caller* caller : {&alice_, &bob_}) {
    Result<model::Bookmark> moved = bookmarks_->Move(
        *caller, widget_.widget_id, b.bookmark_id, 1,
        BookmarkMove{.widget = WidgetRef{bobs_page.page_id, bobs_widget.widget_id}});
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, Code::kNotFound) << moved.error().ToString();
    EXPECT_EQ(moved.error().field, "target_widget_id");
  }
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  ASSERT_OK_AND_ASSIGN(BookmarkPage in_bobs,
                       bookmarks_->List(bob_, bobs_page.page_id, bobs_widget.widget_id, {}));
  EXPECT_TRUE(in_bobs.bookmarks.empty());
  ASSERT_OK_AND_ASSIGN(model::Bookmark still,
                       bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id));
  EXPECT_EQ(still, b);
  // An edit grantee of both of Alice's widgets moves it between them; it stays hers.
  ASSERT_OK(shares.ShareWithUser(alice_,
                                 ResourceId::Widget(other_page_.page_id, other_widget_.widget_id),
                                 bob_.user_id, model::Permission::kEdit, std::nullopt));
  ASSERT_OK_AND_ASSIGN(
      model::Bookmark moved,
      bookmarks_->Move(
          bob_, widget_.widget_id, b.bookmark_id, 1,
          BookmarkMove{.widget = WidgetRef{other_page_.page_id, other_widget_.widget_id}}));
  EXPECT_EQ(moved.widget_id, other_widget_.widget_id);
  EXPECT_EQ(moved.user_id, alice_.user_id);
  ASSERT_OK(bookmarks_->Get(alice_, other_widget_.widget_id, b.bookmark_id));
}

TEST_F(BookmarkServiceTest, ListPagesWithStableCursors) {
  std::vector<std::string> expected;
  for (int i = 0; i < 25; ++i)
    expected.push_back(AddOrDie("https://e.com/" + std::to_string(i)).bookmark_id);
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id, std::nullopt, 7), expected);
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id, std::nullopt, 25), expected);
  // A bookmark added between pages appears at the end, none is skipped or repeated.
  ASSERT_OK_AND_ASSIGN(
      BookmarkPage first,
      bookmarks_->List(alice_, page_.page_id, widget_.widget_id, BookmarkListOptions{.limit = 10}));
  ASSERT_EQ(first.bookmarks.size(), 10u);
  expected.push_back(AddOrDie("https://e.com/late").bookmark_id);
  ASSERT_OK_AND_ASSIGN(
      BookmarkPage rest,
      bookmarks_->List(alice_, page_.page_id, widget_.widget_id,
                       BookmarkListOptions{.limit = 1000, .cursor = first.next_cursor}));
  EXPECT_TRUE(rest.next_cursor.empty());
  std::vector<std::string> all;
  for (const auto& b : first.bookmarks) all.push_back(b.bookmark_id);
  for (const auto& b : rest.bookmarks) all.push_back(b.bookmark_id);
  EXPECT_EQ(all, expected);

  for (std::string cursor : {"garbage", "V.", ".01ARZ3NDEKTSV4RRFFQ69G5FAV", "V0.x"}) {
    Result<BookmarkPage> bad = bookmarks_->List(alice_, page_.page_id, widget_.widget_id,
                                                BookmarkListOptions{.cursor = cursor});
    ASSERT_FALSE(bad.ok()) << cursor;
    EXPECT_EQ(bad.error().field, "cursor");
  }
  for (int limit : {0, 1001}) {
    Result<BookmarkPage> bad = bookmarks_->List(alice_, page_.page_id, widget_.widget_id,
                                                BookmarkListOptions{.limit = limit});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "limit");
  }
}

TEST_F(BookmarkServiceTest, ListNewestFirstAcrossWidgets) {
  std::vector<std::string> created;
  for (int i = 0; i < 12; ++i) {
    const model::Widget& w = i % 2 == 0 ? widget_ : other_widget_;
    const model::Page& p = i % 2 == 0 ? page_ : other_page_;
    ASSERT_OK_AND_ASSIGN(model::Bookmark b,
                         bookmarks_->Add(alice_, p.page_id, w.widget_id,
                                         NewBookmark{.url = "https://e.com/" + std::to_string(i)}));
    created.push_back(b.bookmark_id);
  }
  std::reverse(created.begin(), created.end());
  std::vector<std::string> listed;
  std::string cursor;
  for (int pages = 0; pages < 10; ++pages) {
    ASSERT_OK_AND_ASSIGN(BookmarkPage page, bookmarks_->ListNewest(alice_, 5, cursor));
    for (const auto& b : page.bookmarks) listed.push_back(b.bookmark_id);
    if (page.next_cursor.empty()) break;
    cursor = page.next_cursor;
  }
  EXPECT_EQ(listed, created);
  ASSERT_OK_AND_ASSIGN(BookmarkPage bobs, bookmarks_->ListNewest(bob_, 100, ""));
  EXPECT_TRUE(bobs.bookmarks.empty());
  Result<BookmarkPage> bad = bookmarks_->ListNewest(alice_, 5, "not-a-cursor");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "cursor");
}

TEST_F(BookmarkServiceTest, AddManyAppendsThousandsInOrderAndIsIdempotent) {
  model::Bookmark first = AddOrDie("https://e.com/existing");
  model::Bookmark grouped = AddOrDie("https://e.com/existing-g", group_.group_id);
  std::vector<BatchBookmark> batch;
  std::vector<std::string> top = {first.bookmark_id};
  std::vector<std::string> in_group = {grouped.bookmark_id};
  for (int i = 0; i < 3000; ++i) {
    BatchBookmark b{.bookmark_id = model::NewId(env_->clock->Now()),
                    .url = "https://e.com/" + std::to_string(i),
                    .title = "Bookmark " + std::to_string(i)};
    if (i % 10 == 0) {
      b.group_id = group_.group_id;
      in_group.push_back(b.bookmark_id);
    } else {
      top.push_back(b.bookmark_id);
    }
    batch.push_back(std::move(b));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<model::Bookmark> stored,
                       bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, batch));
  ASSERT_EQ(stored.size(), batch.size());
  EXPECT_EQ(stored[0].created_at, model::FormatTimestamp(*model::IdTime(batch[0].bookmark_id)));
  std::size_t longest = 0;
  for (const model::Bookmark& b : stored) longest = std::max(longest, b.order_key.size());
  EXPECT_LE(longest, 6u);
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id), top);
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id, group_.group_id), in_group);

  // Re-running the same batch (as after a failure half way) changes nothing.
  ASSERT_OK_AND_ASSIGN(std::vector<model::Bookmark> again,
                       bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, batch));
  EXPECT_EQ(again, stored);
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id), top);
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id, group_.group_id), in_group);
}

TEST_F(BookmarkServiceTest, AddManyInterruptedHalfWayIsFinishedByARerun) {
  std::vector<BatchBookmark> batch;
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    batch.push_back({.bookmark_id = model::NewId(env_->clock->Now()),
                     .url = "https://e.com/" + std::to_string(i)});
    ids.push_back(batch.back().bookmark_id);
  }
  env_->faulty.FailWritesAfter(3);  // three chunks of 25 land, then the "crash"
  Result<std::vector<model::Bookmark>> crashed =
      bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, batch);
  ASSERT_FALSE(crashed.ok());
  EXPECT_EQ(crashed.error().code, Code::kUnavailable);
  env_->faulty.Heal();
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id).size(), 75u);
  ASSERT_OK(bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, batch));
  EXPECT_EQ(ListAll(page_.page_id, widget_.widget_id), ids);
}

TEST_F(BookmarkServiceTest, AddManyRerunKeepsTagsGivenSinceTheFirstRun) {
  std::vector<BatchBookmark> batch;
  for (int i = 0; i < 3; ++i) {
    batch.push_back({.bookmark_id = model::NewId(env_->clock->Now()),
                     .url = "https://e.com/" + std::to_string(i)});
  }
  ASSERT_OK_AND_ASSIGN(std::vector<model::Bookmark> added,
                       bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, batch));
  TagService tags(env_->context);
  TaggedItemRef ref{model::TaggedType::kBookmark, widget_.widget_id, added[1].bookmark_id};
  ASSERT_OK(tags.SetTags(alice_, ref, 1, {"imported"}));
  // The import runs again: the bookmark's tag list must not be dropped, or it would disagree
  // with its associations and the count.
  ASSERT_OK_AND_ASSIGN(std::vector<model::Bookmark> again,
                       bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, batch));
  EXPECT_EQ(again[1].tags, std::vector<std::string>{"imported"});
  ASSERT_OK_AND_ASSIGN(model::Bookmark read,
                       bookmarks_->Get(alice_, widget_.widget_id, added[1].bookmark_id));
  EXPECT_EQ(read.tags, std::vector<std::string>{"imported"});
  ServiceContext plain{.store = env_->db->store(), .tables = env_->db->tables()};
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> problems,
                       internal::FindTagProblems(plain, alice_.user_id));
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_F(BookmarkServiceTest, MovingATaggedBookmarkKeepsItsTagsAndRepointsThem) {
  model::Bookmark b = AddOrDie("https://tagged.example");
  TagService tags(env_->context);
  ASSERT_OK(tags.SetTags(alice_,
                         TaggedItemRef{model::TaggedType::kBookmark, b.widget_id, b.bookmark_id}, 1,
                         {"a", "b"}));
  ASSERT_OK_AND_ASSIGN(
      model::Bookmark moved,
      bookmarks_->Move(
          alice_, b.widget_id, b.bookmark_id, 2,
          BookmarkMove{.widget = WidgetRef{other_page_.page_id, other_widget_.widget_id}}));
  EXPECT_EQ(moved.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(moved.version, 3);
  ASSERT_OK_AND_ASSIGN(TaggedItemsPage page, tags.ItemsWithTag(alice_, "a", 10, ""));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].ref.container_id, other_widget_.widget_id);
  ASSERT_OK(bookmarks_->Delete(alice_, other_widget_.widget_id, b.bookmark_id, 3));
  ServiceContext plain{.store = env_->db->store(), .tables = env_->db->tables()};
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> problems,
                       internal::FindTagProblems(plain, alice_.user_id,
                                                 {{model::TaggedType::kBookmark, b.bookmark_id}}));
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_F(BookmarkServiceTest, AddManyValidatesEverythingBeforeWriting) {
  auto make = [&](int n) {
    std::vector<BatchBookmark> batch;
    for (int i = 0; i < n; ++i) {
      batch.push_back({.bookmark_id = model::NewId(env_->clock->Now()),
                       .url = "https://e.com/" + std::to_string(i)});
    }
    return batch;
  };
  struct Case {
    std::function<void(std::vector<BatchBookmark>&)> spoil;
    Code code;
    std::string field;
    std::string rule;
  } cases[] = {
      {[](auto& b) { b[5].url = "javascript:x"; }, Code::kInvalidArgument, "bookmarks[5].url",
       "url_scheme"},
      {[](auto& b) { b[7].bookmark_id = b[2].bookmark_id; }, Code::kInvalidArgument,
       "bookmarks[7].bookmark_id", "duplicate"},
      {[](auto& b) { b[1].bookmark_id = "x"; }, Code::kInvalidArgument, "bookmarks[1].bookmark_id",
       "pattern"},
      {[](auto& b) { b[9].title = std::string(600, 't'); }, Code::kInvalidArgument,
       "bookmarks[9].title", "max_length"},
      {[](auto& b) { b[3].group_id = model::NewId(); }, Code::kNotFound, "bookmarks[3].group_id",
       "not_found"},
  };
  for (const Case& c : cases) {
    std::vector<BatchBookmark> batch = make(10);
    c.spoil(batch);
    Result<std::vector<model::Bookmark>> result =
        bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, batch);
    ASSERT_FALSE(result.ok()) << c.field;
    EXPECT_EQ(result.error().code, c.code) << result.error().ToString();
    EXPECT_EQ(result.error().field, c.field) << result.error().ToString();
    EXPECT_EQ(result.error().rule, c.rule) << result.error().ToString();
    EXPECT_TRUE(result.error().message.starts_with(c.field.substr(0, 12)))
        << result.error().message;
  }
  EXPECT_TRUE(ListAll(page_.page_id, widget_.widget_id).empty());
  Result<std::vector<model::Bookmark>> too_many = bookmarks_->AddMany(
      alice_, page_.page_id, widget_.widget_id, std::vector<BatchBookmark>(kMaxBatchBookmarks + 1));
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, Code::kLimitExceeded);
  EXPECT_EQ(too_many.error().field, "bookmarks");
  ASSERT_OK_AND_ASSIGN(std::vector<model::Bookmark> none,
                       bookmarks_->AddMany(alice_, page_.page_id, widget_.widget_id, {}));
  EXPECT_TRUE(none.empty());
}

TEST_F(BookmarkServiceTest, DeleteIsVersionCheckedAndResolvesUnknownOutcomes) {
  model::Bookmark a = AddOrDie("https://e.com/a");
  model::Bookmark b = AddOrDie("https://e.com/b");
  Status stale = bookmarks_->Delete(alice_, widget_.widget_id, a.bookmark_id, 2);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  ASSERT_OK(bookmarks_->Delete(alice_, widget_.widget_id, a.bookmark_id, 1));
  EXPECT_EQ(bookmarks_->Delete(alice_, widget_.widget_id, a.bookmark_id, 1).error().code,
            Code::kNotFound);
  env_->faulty.Inject(
      {.op = Op::kDelete, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK(bookmarks_->Delete(alice_, widget_.widget_id, b.bookmark_id, 1));
  EXPECT_TRUE(ListAll(page_.page_id, widget_.widget_id).empty());
}

TEST_F(BookmarkServiceTest, AnotherUsersBookmarkIsNotFoundOnEveryCallAndUnchanged) {
  model::Bookmark b = AddOrDie("https://e.com/mine");
  PageService pages(env_->context);
  WidgetService widgets(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Page bob_page, pages.Create(bob_, "Bob"));
  ASSERT_OK_AND_ASSIGN(model::Widget bob_widget,
                       widgets.Add(bob_, bob_page.page_id, NewWidget{.title = "Bob's"}));
  auto expect_not_found = [](const auto& result, std::string_view field) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Code::kNotFound) << result.error().ToString();
    EXPECT_EQ(result.error().field, field) << result.error().ToString();
  };
  expect_not_found(bookmarks_->Get(bob_, widget_.widget_id, b.bookmark_id), "bookmark_id");
  expect_not_found(bookmarks_->Update(bob_, widget_.widget_id, b.bookmark_id, 1, {.title = "x"}),
                   "bookmark_id");
  expect_not_found(bookmarks_->Move(bob_, widget_.widget_id, b.bookmark_id, 1, {}), "bookmark_id");
  expect_not_found(
      bookmarks_->Move(bob_, widget_.widget_id, b.bookmark_id, 1,
                       BookmarkMove{.widget = WidgetRef{bob_page.page_id, bob_widget.widget_id}}),
      "bookmark_id");
  expect_not_found(bookmarks_->Delete(bob_, widget_.widget_id, b.bookmark_id, 1), "bookmark_id");
  expect_not_found(bookmarks_->Add(bob_, page_.page_id, widget_.widget_id, {.url = "https://x.y"}),
                   "widget_id");
  expect_not_found(bookmarks_->AddMany(bob_, page_.page_id, widget_.widget_id,
                                       {{.bookmark_id = model::NewId(), .url = "https://x.y"}}),
                   "widget_id");
  expect_not_found(bookmarks_->List(bob_, page_.page_id, widget_.widget_id, {}), "widget_id");
  // Nor can Alice move hers into Bob's widget.
  expect_not_found(
      bookmarks_->Move(alice_, widget_.widget_id, b.bookmark_id, 1,
                       BookmarkMove{.widget = WidgetRef{bob_page.page_id, bob_widget.widget_id}}),
      "target_widget_id");
  ASSERT_OK_AND_ASSIGN(model::Bookmark still,
                       bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id));
  EXPECT_EQ(still, b);
  ASSERT_OK_AND_ASSIGN(BookmarkPage bobs, bookmarks_->ListNewest(bob_, 100, ""));
  EXPECT_TRUE(bobs.bookmarks.empty());
}

// Runs `first` and `second` on two threads, both held at their first write until both got
// there (so both read the same version).
template <typename A, typename B>
void Race(FaultInjectingStore& store, A first, B second) {
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  store.SetBeforeWrite([&](Op) {
    std::unique_lock<std::mutex> lock(mu);
    ++arrived;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(5), [&] { return arrived >= 2; });
  });
  std::thread a(first);
  std::thread b(second);
  a.join();
  b.join();
  store.SetBeforeWrite(nullptr);
}

TEST_F(BookmarkServiceTest, TwoEditorsRacingOnOneVersionExactlyOneWins) {
  model::Bookmark b = AddOrDie("https://e.com/race");
  Result<model::Bookmark> first = Error{};
  Result<model::Bookmark> second = Error{};
  Race(
      env_->faulty,
      [&] {
        first = bookmarks_->Update(alice_, widget_.widget_id, b.bookmark_id, 1, {.title = "A"});
      },
      [&] {
        second = bookmarks_->Update(alice_, widget_.widget_id, b.bookmark_id, 1, {.title = "B"});
      });
  ASSERT_NE(first.ok(), second.ok());
  EXPECT_EQ((first.ok() ? second : first).error().code, Code::kConflict);
  ASSERT_OK_AND_ASSIGN(model::Bookmark stored,
                       bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id));
  EXPECT_EQ(stored, first.ok() ? *first : *second);
}

// An edit racing a move to another widget: if the edit wins, the move is a conflict; if the
// move wins, the edit finds its key gone (kNotFound). Never both, never a lost update.
TEST_F(BookmarkServiceTest, AnEditRacingAMoveToAnotherWidgetExactlyOneWins) {
  for (int round = 0; round < 4; ++round) {
    model::Bookmark b = AddOrDie("https://e.com/race");
    Result<model::Bookmark> edit = Error{};
    Result<model::Bookmark> move = Error{};
    Race(
        env_->faulty,
        [&] {
          edit =
              bookmarks_->Update(alice_, widget_.widget_id, b.bookmark_id, 1, {.title = "edited"});
        },
        [&] {
          move = bookmarks_->Move(
              alice_, widget_.widget_id, b.bookmark_id, 1,
              BookmarkMove{.widget = WidgetRef{other_page_.page_id, other_widget_.widget_id}});
        });
    ASSERT_NE(edit.ok(), move.ok());
    if (edit.ok()) {
      EXPECT_EQ(move.error().code, Code::kConflict) << move.error().ToString();
    } else {
      EXPECT_EQ(edit.error().code, Code::kNotFound) << edit.error().ToString();
    }
    Result<model::Bookmark> here = bookmarks_->Get(alice_, widget_.widget_id, b.bookmark_id);
    Result<model::Bookmark> there = bookmarks_->Get(alice_, other_widget_.widget_id, b.bookmark_id);
    ASSERT_NE(here.ok(), there.ok());
    EXPECT_EQ(here.ok() ? *here : *there, edit.ok() ? *edit : *move);
  }
}

}  // namespace
}  // namespace homeboard::service
