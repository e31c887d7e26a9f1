// Tests of WidgetService on a SQLite store: adds and column order, settings validation,
// moves within and between columns and pages (children re-pointed), limits, deletes with
// children and their re-run, ownership, sharing (what a widget's or page's grantee may do;
// shares following moves and deletes), races and unknown outcomes.
#include "service/widget_service.h"

#include <gtest/gtest.h>

#include <cctype>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/limits.h"
#include "model/tables.h"
#include "model/user.h"
#include "service/bookmark_service.h"
#include "service/group_service.h"
#include "service/note_service.h"
#include "service/page_loader.h"
#include "service/page_service.h"
#include "service/share_service.h"
#include "service/testing_store.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using ddb::AttributeValue;
using model::WidgetKind;
using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;

class WidgetServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    pages_ = std::make_unique<PageService>(env_->context);
    widgets_ = std::make_unique<WidgetService>(env_->context);
    ASSERT_OK_AND_ASSIGN(page_, pages_->Create(alice_, "Home"));
    ASSERT_OK_AND_ASSIGN(other_page_, pages_->Create(alice_, "Work"));
  }

  model::Widget AddOrDie(int column, std::string title = "W",
                         WidgetKind kind = WidgetKind::kBookmarks, Placement placement = {}) {
    auto widget = widgets_->Add(alice_, page_.page_id,
                                NewWidget{.kind = kind,
                                          .title = std::move(title),
                                          .column = column,
                                          .settings = {},
                                          .placement = std::move(placement)});
    EXPECT_OK(widget);
    return widget.ok() ? *widget : model::Widget{};
  }

  // The page's widgets as "column:title" in list order.
  std::vector<std::string> Layout(const std::string& page_id) {
    auto widgets = widgets_->List(alice_, page_id);
    EXPECT_OK(widgets);
    std::vector<std::string> layout;
    if (widgets.ok()) {
      for (const model::Widget& w : *widgets) {
        layout.push_back(std::to_string(w.column) + ":" + w.title);
      }
    }
    return layout;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<PageService> pages_;
  std::unique_ptr<WidgetService> widgets_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
  model::Page page_;
  model::Page other_page_;
};

TEST_F(WidgetServiceTest, AddPlacesWidgetsByColumnAndOrder) {
  model::Widget a = AddOrDie(0, "a");
  AddOrDie(1, "b");
  AddOrDie(0, "c");
  AddOrDie(0, "d", WidgetKind::kBookmarks, Placement{a.widget_id, {}});
  AddOrDie(5, "e");
  EXPECT_EQ(Layout(page_.page_id), (std::vector<std::string>{"0:d", "0:a", "0:c", "1:b", "5:e"}));
  ASSERT_OK_AND_ASSIGN(model::Widget read, widgets_->Get(alice_, page_.page_id, a.widget_id));
  EXPECT_EQ(read, a);
  EXPECT_EQ(a.user_id, alice_.user_id);
  EXPECT_EQ(a.page_id, page_.page_id);
}

TEST_F(WidgetServiceTest, AddValidatesKindSettingsColumnAndTitle) {
  struct Case {
    NewWidget widget;
    std::string field;
    std::string rule;
  } cases[] = {
      {NewWidget{.kind = WidgetKind::kRss, .title = "Feed"}, "settings.feed_url", "required"},
      {NewWidget{.kind = WidgetKind::kRss,
                 .title = "Feed",
                 .settings = {{"feed_url", AttributeValue::S("javascript:alert(1)")}}},
       "settings.feed_url", "url_scheme"},
      {NewWidget{.kind = WidgetKind::kClock,
                 .title = "Clock",
                 .settings = {{"colour", AttributeValue::S("red")}}},
       "settings.colour", "unknown_key"},
      {NewWidget{.kind = WidgetKind::kEmbed,
                 .title = "Embed",
                 .settings = {{"url", AttributeValue::S("https://example.com")},
                              {"height", AttributeValue::N(10)}}},
       "settings.height", "range"},
      {NewWidget{.kind = WidgetKind::kNotes, .title = "N", .column = 6}, "column", "range"},
      {NewWidget{.kind = WidgetKind::kNotes, .title = "N", .column = -1}, "column", "range"},
      {NewWidget{.kind = WidgetKind::kNotes, .title = " "}, "title", "required"},
      {NewWidget{.kind = WidgetKind::kNotes, .title = "N", .placement = Placement{"nope", {}}},
       "before_id", "pattern"},
  };
  for (const Case& c : cases) {
    Result<model::Widget> widget = widgets_->Add(alice_, page_.page_id, c.widget);
    ASSERT_FALSE(widget.ok()) << c.field;
    EXPECT_EQ(widget.error().code, Code::kInvalidArgument) << widget.error().ToString();
    EXPECT_EQ(widget.error().field, c.field) << widget.error().ToString();
    EXPECT_EQ(widget.error().rule, c.rule) << widget.error().ToString();
  }
  EXPECT_TRUE(Layout(page_.page_id).empty());
  Result<model::Widget> no_page = widgets_->Add(alice_, model::NewId(), NewWidget{.title = "x"});
  ASSERT_FALSE(no_page.ok());
  EXPECT_EQ(no_page.error().code, Code::kNotFound);
  EXPECT_EQ(no_page.error().field, "page_id");
  ASSERT_OK(widgets_->Add(alice_, page_.page_id,
                          NewWidget{.kind = WidgetKind::kRss,
                                    .title = "Feed",
                                    .settings = {{"feed_url", AttributeValue::S("https://x.org/f")},
                                                 {"max_items", AttributeValue::N(10)}}}));
}

TEST_F(WidgetServiceTest, AtMost200WidgetsPerPage) {
  for (std::size_t i = 0; i < model::kMaxWidgetsPerPage; ++i) {
    ASSERT_OK(widgets_->Add(
        alice_, page_.page_id,
        NewWidget{.kind = WidgetKind::kClock, .title = "C", .column = static_cast<int>(i % 6)}));
  }
  Result<model::Widget> over =
      widgets_->Add(alice_, page_.page_id, NewWidget{.kind = WidgetKind::kClock, .title = "C"});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kLimitExceeded);
  EXPECT_EQ(over.error().field, "widgets");
  EXPECT_EQ(Layout(page_.page_id).size(), model::kMaxWidgetsPerPage);
  // Nor can one be moved in.
  ASSERT_OK_AND_ASSIGN(model::Widget elsewhere,
                       widgets_->Add(alice_, other_page_.page_id, NewWidget{.title = "X"}));
  Result<model::Widget> moved =
      widgets_->MoveToPage(alice_, other_page_.page_id, elsewhere.widget_id, 1, page_.page_id, {});
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, Code::kLimitExceeded);
}

TEST_F(WidgetServiceTest, UpdateChangesTitleAndSettingsAndKeepsTheRest) {
  ASSERT_OK_AND_ASSIGN(model::Widget widget,
                       widgets_->Add(alice_, page_.page_id,
                                     NewWidget{.kind = WidgetKind::kBookmarks,
                                               .title = "Links",
                                               .settings = {{"columns", AttributeValue::N(2)}}}));
  ASSERT_OK_AND_ASSIGN(model::Widget titled,
                       widgets_->Update(alice_, page_.page_id, widget.widget_id, 1,
                                        WidgetChanges{.title = "  Reading  list "}));
  EXPECT_EQ(titled.title, "Reading list");
  EXPECT_EQ(titled.settings, widget.settings);
  EXPECT_EQ(titled.version, 2);
  ddb::Item settings{{"show_icons", AttributeValue::Bool(true)}};
  ASSERT_OK_AND_ASSIGN(model::Widget configured,
                       widgets_->Update(alice_, page_.page_id, widget.widget_id, 2,
                                        WidgetChanges{.settings = settings}));
  EXPECT_EQ(configured.settings, settings);
  EXPECT_EQ(configured.title, "Reading list");
  ASSERT_OK_AND_ASSIGN(model::Widget cleared,
                       widgets_->Update(alice_, page_.page_id, widget.widget_id, 3,
                                        WidgetChanges{.settings = ddb::Item{}}));
  EXPECT_TRUE(cleared.settings.empty());
  ASSERT_OK_AND_ASSIGN(model::Widget read, widgets_->Get(alice_, page_.page_id, widget.widget_id));
  EXPECT_EQ(read, cleared);

  Result<model::Widget> bad = widgets_->Update(
      alice_, page_.page_id, widget.widget_id, 4,
      WidgetChanges{.settings = ddb::Item{{"feed_url", AttributeValue::S("https://x")}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "settings.feed_url");
  EXPECT_EQ(bad.error().rule, "unknown_key");
  Result<model::Widget> stale =
      widgets_->Update(alice_, page_.page_id, widget.widget_id, 3, WidgetChanges{.title = "x"});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  ASSERT_OK_AND_ASSIGN(read, widgets_->Get(alice_, page_.page_id, widget.widget_id));
  EXPECT_EQ(read, cleared);
}

TEST_F(WidgetServiceTest, MovesWithinAndBetweenColumnsFollowAModel) {
  std::vector<std::vector<std::string>> expected(model::kMaxColumns);
  std::map<std::string, model::Widget> by_id;
  for (int i = 0; i < 12; ++i) {
    model::Widget w = AddOrDie(i % 3, "w" + std::to_string(i));
    expected[w.column].push_back(w.widget_id);
    by_id[w.widget_id] = w;
  }
  std::mt19937 random(7);
  for (int step = 0; step < 120; ++step) {
    auto it = by_id.begin();
    std::advance(it, random() % by_id.size());
    model::Widget& widget = it->second;
    auto& from = expected[widget.column];
    from.erase(std::find(from.begin(), from.end(), widget.widget_id));
    int column = static_cast<int>(random() % model::kMaxColumns);
    auto& to = expected[column];
    WidgetPlacement placement{.column = column};
    std::size_t index = to.size();
    if (!to.empty() && random() % 2 == 0) {
      index = random() % to.size();
      if (random() % 2 == 0) {
        placement.placement.before_id = to[index];
      } else {
        placement.placement.after_id = to[index];
        ++index;
      }
    }
    to.insert(to.begin() + static_cast<std::ptrdiff_t>(index), widget.widget_id);
    int writes_before = env_->faulty.ForwardedWrites();
    ASSERT_OK_AND_ASSIGN(
        widget, widgets_->Move(alice_, page_.page_id, widget.widget_id, widget.version, placement));
    EXPECT_EQ(env_->faulty.ForwardedWrites(), writes_before + 1) << "a move is one write";
    ASSERT_OK_AND_ASSIGN(std::vector<model::Widget> listed, widgets_->List(alice_, page_.page_id));
    std::vector<std::vector<std::string>> actual(model::kMaxColumns);
    for (const model::Widget& w : listed) actual[w.column].push_back(w.widget_id);
    ASSERT_EQ(actual, expected) << "after step " << step;
  }
}

TEST_F(WidgetServiceTest, MoveToAnAnchorInAnotherColumnIsNotFound) {
  model::Widget a = AddOrDie(0, "a");
  model::Widget b = AddOrDie(1, "b");
  Result<model::Widget> moved = widgets_->Move(alice_, page_.page_id, a.widget_id, 1,
                                               WidgetPlacement{0, Placement{b.widget_id, {}}});
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, Code::kNotFound);
  EXPECT_EQ(moved.error().field, "before_id");
  Result<model::Widget> column =
      widgets_->Move(alice_, page_.page_id, a.widget_id, 1, WidgetPlacement{9, {}});
  ASSERT_FALSE(column.ok());
  EXPECT_EQ(column.error().field, "column");
}

class WidgetMoveToPageTest : public WidgetServiceTest {
 protected:
  // A bookmarks widget with a group, 10 bookmarks (4 in the group), and a notes widget with
  // 3 notes, both on page_.
  void Fill() {
    GroupService groups(env_->context);
    BookmarkService bookmarks(env_->context);
    NoteService notes(env_->context);
    links_ = AddOrDie(0, "links");
    notes_widget_ = AddOrDie(1, "notes", WidgetKind::kNotes);
    ASSERT_OK_AND_ASSIGN(model::Group group,
                         groups.Create(alice_, page_.page_id, links_.widget_id, {.name = "G"}));
    for (int i = 0; i < 10; ++i) {
      NewBookmark b{.url = "https://example.com/" + std::to_string(i)};
      if (i < 4) b.group_id = group.group_id;
      ASSERT_OK(bookmarks.Add(alice_, page_.page_id, links_.widget_id, b));
    }
    for (int i = 0; i < 3; ++i) {
      ASSERT_OK(notes.Create(alice_, page_.page_id, notes_widget_.widget_id, {.body = "hi"}));
    }
  }

  // The page_id of every child of `widget_id`.
  std::vector<std::string> ChildPages(const std::string& widget_id) {
    std::vector<std::string> pages;
    for (std::string_view table :
         {model::kGroupsTable, model::kBookmarksTable, model::kNotesTable}) {
      store::QueryRequest request;
      request.table = env_->db->tables().Of(table);
      request.key_condition =
          ddb::KeyCondition::Partition("widget_id", AttributeValue::S(widget_id));
      request.limit = 1000;
      auto page = env_->db->store()->Query(request);
      EXPECT_OK(page);
      if (!page.ok()) continue;
      for (const ddb::Item& item : page->items) pages.push_back(item.at("page_id").AsS());
    }
    return pages;
  }

  model::Widget links_;
  model::Widget notes_widget_;
};

TEST_F(WidgetMoveToPageTest, MovesTheWidgetAndRepointsItsChildren) {
  Fill();
  ASSERT_OK_AND_ASSIGN(model::Widget moved,
                       widgets_->MoveToPage(alice_, page_.page_id, links_.widget_id, 1,
                                            other_page_.page_id, WidgetPlacement{2, {}}));
  EXPECT_EQ(moved.page_id, other_page_.page_id);
  EXPECT_EQ(moved.column, 2);
  EXPECT_EQ(moved.version, 2);
  EXPECT_EQ(moved.created_at, links_.created_at);
  EXPECT_EQ(Layout(page_.page_id), (std::vector<std::string>{"1:notes"}));
  EXPECT_EQ(Layout(other_page_.page_id), (std::vector<std::string>{"2:links"}));
  std::vector<std::string> child_pages = ChildPages(links_.widget_id);
  EXPECT_EQ(child_pages.size(), 11u);
  for (const std::string& p : child_pages) EXPECT_EQ(p, other_page_.page_id);
  Result<model::Widget> old = widgets_->Get(alice_, page_.page_id, links_.widget_id);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, Code::kNotFound);
  // Children stay editable at their versions: page_id is not an edit.
  BookmarkService bookmarks(env_->context);
  ASSERT_OK_AND_ASSIGN(BookmarkPage listed,
                       bookmarks.List(alice_, other_page_.page_id, links_.widget_id, {}));
  ASSERT_FALSE(listed.bookmarks.empty());
  EXPECT_EQ(listed.bookmarks[0].version, 1);
  ASSERT_OK(bookmarks.Update(alice_, links_.widget_id, listed.bookmarks[0].bookmark_id, 1,
                             BookmarkChanges{.title = "still mine"}));
  // Moving to its own page is a plain move.
  ASSERT_OK(widgets_->MoveToPage(alice_, other_page_.page_id, links_.widget_id, 2,
                                 other_page_.page_id, WidgetPlacement{0, {}}));
}

TEST_F(WidgetMoveToPageTest, AnInterruptedRepointIsFinishedByRepairChildren) {
  Fill();
  // The move transaction is write 1; re-pointing stops right after it.
  env_->faulty.FailWritesAfter(1);
  Result<model::Widget> moved =
      widgets_->MoveToPage(alice_, page_.page_id, links_.widget_id, 1, other_page_.page_id, {});
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, Code::kUnavailable);
  EXPECT_NE(moved.error().message.find("RepairChildren"), std::string::npos);
  env_->faulty.Heal();
  ASSERT_OK_AND_ASSIGN(model::Widget there,
                       widgets_->Get(alice_, other_page_.page_id, links_.widget_id));
  EXPECT_EQ(there.version, 2);
  std::vector<std::string> before = ChildPages(links_.widget_id);
  EXPECT_NE(std::count(before.begin(), before.end(), page_.page_id), 0);
  ASSERT_OK(widgets_->RepairChildren(alice_, other_page_.page_id, links_.widget_id));
  ASSERT_OK(widgets_->RepairChildren(alice_, other_page_.page_id, links_.widget_id));
  for (const std::string& p : ChildPages(links_.widget_id)) EXPECT_EQ(p, other_page_.page_id);
}

TEST_F(WidgetMoveToPageTest, TargetPageMustBeTheCallersAndLive) {
  Fill();
  PageService pages(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Page bobs, pages.Create(bob_, "Bob's"));
  Result<model::Widget> foreign =
      widgets_->MoveToPage(alice_, page_.page_id, links_.widget_id, 1, bobs.page_id, {});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, Code::kNotFound);
  EXPECT_EQ(foreign.error().field, "target_page_id");
  // A page whose delete has started is gone for moves.
  env_->faulty.FailWritesAfter(1);
  ASSERT_FALSE(pages.Delete(alice_, other_page_.page_id, 1).ok());
  env_->faulty.Heal();
  Result<model::Widget> deleting =
      widgets_->MoveToPage(alice_, page_.page_id, links_.widget_id, 1, other_page_.page_id, {});
  ASSERT_FALSE(deleting.ok());
  EXPECT_EQ(deleting.error().field, "target_page_id");
  ASSERT_OK_AND_ASSIGN(model::Widget still, widgets_->Get(alice_, page_.page_id, links_.widget_id));
  EXPECT_EQ(still, links_);
  Result<model::Widget> add = widgets_->Add(alice_, other_page_.page_id, NewWidget{.title = "x"});
  ASSERT_FALSE(add.ok());
  EXPECT_EQ(add.error().code, Code::kNotFound);
}

TEST_F(WidgetMoveToPageTest, UnknownOutcomeOfTheMoveTransactionIsResolved) {
  Fill();
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK(
      widgets_->MoveToPage(alice_, page_.page_id, links_.widget_id, 1, other_page_.page_id, {}));
  ASSERT_OK_AND_ASSIGN(model::Widget there,
                       widgets_->Get(alice_, other_page_.page_id, links_.widget_id));
  EXPECT_EQ(there.version, 2);
  // Not applied the first time: re-sent.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK(
      widgets_->MoveToPage(alice_, other_page_.page_id, links_.widget_id, 2, page_.page_id, {}));
  ASSERT_OK_AND_ASSIGN(model::Widget back, widgets_->Get(alice_, page_.page_id, links_.widget_id));
  EXPECT_EQ(back.version, 3);
  for (const std::string& p : ChildPages(links_.widget_id)) EXPECT_EQ(p, page_.page_id);
}

TEST_F(WidgetMoveToPageTest, StaleVersionMovesNothing) {
  Fill();
  ASSERT_OK(widgets_->Update(alice_, page_.page_id, links_.widget_id, 1, {.title = "renamed"}));
  Result<model::Widget> moved =
      widgets_->MoveToPage(alice_, page_.page_id, links_.widget_id, 1, other_page_.page_id, {});
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, Code::kConflict);
  EXPECT_EQ(Layout(other_page_.page_id).size(), 0u);
  for (const std::string& p : ChildPages(links_.widget_id)) EXPECT_EQ(p, page_.page_id);
}

TEST_F(WidgetMoveToPageTest, DeleteRemovesChildrenAndReRunsAfterACrash) {
  Fill();
  model::Widget keep = AddOrDie(2, "keep");
  env_->faulty.FailWritesAfter(1);  // bookmarks and notes deleted, then "crash"
  Status crashed = widgets_->Delete(alice_, page_.page_id, links_.widget_id, 1);
  ASSERT_FALSE(crashed.ok());
  env_->faulty.Heal();
  ASSERT_OK_AND_ASSIGN(model::Widget still, widgets_->Get(alice_, page_.page_id, links_.widget_id));
  EXPECT_EQ(still.version, 1);
  ASSERT_OK(widgets_->Delete(alice_, page_.page_id, links_.widget_id, 1));
  EXPECT_TRUE(ChildPages(links_.widget_id).empty());
  ASSERT_OK(widgets_->Delete(alice_, page_.page_id, notes_widget_.widget_id, 1));
  EXPECT_TRUE(ChildPages(notes_widget_.widget_id).empty());
  EXPECT_EQ(Layout(page_.page_id), (std::vector<std::string>{"2:keep"}));
  Status again = widgets_->Delete(alice_, page_.page_id, links_.widget_id, 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Code::kNotFound);
  Status stale = widgets_->Delete(alice_, page_.page_id, keep.widget_id, 7);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
}

TEST_F(WidgetServiceTest, AnotherUsersWidgetIsNotFoundOnEveryCallAndUnchanged) {
  model::Widget widget = AddOrDie(0, "mine");
  ASSERT_OK_AND_ASSIGN(model::Page bobs, pages_->Create(bob_, "Bob's"));
  auto expect_not_found = [](const auto& result, std::string_view field) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Code::kNotFound) << result.error().ToString();
    EXPECT_EQ(result.error().field, field) << result.error().ToString();
  };
  expect_not_found(widgets_->Get(bob_, page_.page_id, widget.widget_id), "widget_id");
  expect_not_found(widgets_->List(bob_, page_.page_id), "page_id");
  expect_not_found(widgets_->Add(bob_, page_.page_id, NewWidget{.title = "x"}), "page_id");
  expect_not_found(widgets_->Update(bob_, page_.page_id, widget.widget_id, 1, {.title = "x"}),
                   "widget_id");
  expect_not_found(widgets_->Move(bob_, page_.page_id, widget.widget_id, 1, {}), "widget_id");
  expect_not_found(widgets_->MoveToPage(bob_, page_.page_id, widget.widget_id, 1, bobs.page_id, {}),
                   "widget_id");
  expect_not_found(widgets_->RepairChildren(bob_, page_.page_id, widget.widget_id), "widget_id");
  expect_not_found(widgets_->Delete(bob_, page_.page_id, widget.widget_id, 1), "widget_id");
  // Alice cannot move hers onto Bob's page either.
  expect_not_found(
      widgets_->MoveToPage(alice_, page_.page_id, widget.widget_id, 1, bobs.page_id, {}),
      "target_page_id");
  ASSERT_OK_AND_ASSIGN(model::Widget still, widgets_->Get(alice_, page_.page_id, widget.widget_id));
  EXPECT_EQ(still, widget);
  ASSERT_OK_AND_ASSIGN(std::vector<model::Widget> bob_widgets, widgets_->List(bob_, bobs.page_id));
  EXPECT_TRUE(bob_widgets.empty());
}

// Alice's widget on page_ shared on its own, and the users it is shared with.
class WidgetSharingTest : public WidgetServiceTest {
 protected:
  void SetUp() override {
    WidgetServiceTest::SetUp();
    for (const Caller* caller : {&alice_, &bob_, &viewer_}) AddUser(*caller);
    widget_ = AddOrDie(0, "shared");
  }

  void AddUser(const Caller& caller) {
    std::string name = "u" + caller.user_id.substr(16);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    model::User user{.user_id = caller.user_id,
                     .name = name,
                     .display_name = "User",
                     .password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
                     .created_at = "2026-01-01T00:00:00.000Z",
                     .updated_at = "2026-01-01T00:00:00.000Z"};
    ASSERT_OK(env_->db->store()->Put({env_->context.Table(model::kUsersTable), user.ToItem(), {}}));
  }

  // Shares `resource` of `owner` with `grantee`.
  void Share(const Caller& owner, const ResourceId& resource, const Caller& grantee,
             model::Permission permission) {
    ASSERT_OK(ShareService(env_->context)
                  .ShareWithUser(owner, resource, grantee.user_id, permission, std::nullopt));
  }

  // Bob may edit the widget, the viewer may view it; neither may see the rest of page_.
  void ShareTheWidget() {
    ResourceId resource = ResourceId::Widget(page_.page_id, widget_.widget_id);
    Share(alice_, resource, bob_, model::Permission::kEdit);
    Share(alice_, resource, viewer_, model::Permission::kView);
  }

  // The page_id stored on each of the widget's share items.
  std::vector<std::string> SharePages(const std::string& widget_id) {
    store::QueryRequest request;
    request.table = env_->context.Table(model::kSharesTable);
    request.key_condition = ddb::KeyCondition::Partition(
        std::string(model::attr::kResourceRef),
        AttributeValue::S(model::ResourceRef(model::ResourceKind::kWidget, widget_id)));
    request.consistent_read = true;
    auto page = env_->db->store()->Query(request);
    EXPECT_OK(page);
    std::vector<std::string> pages;
    if (page.ok()) {
      for (const ddb::Item& item : page->items) pages.push_back(item.at("page_id").AsS());
    }
    return pages;
  }

  Caller viewer_{model::NewId()};
  model::Widget widget_;
};

TEST_F(WidgetSharingTest, AWidgetOnlyGranteeGetsUpdatesAndMovesTheWidget) {
  ShareTheWidget();
  ASSERT_OK_AND_ASSIGN(model::Widget seen,
                       widgets_->Get(viewer_, page_.page_id, widget_.widget_id));
  EXPECT_EQ(seen, widget_);
  ASSERT_OK(widgets_->Get(bob_, page_.page_id, widget_.widget_id));
  ASSERT_OK_AND_ASSIGN(model::Widget updated,
                       widgets_->Update(bob_, page_.page_id, widget_.widget_id, 1,
                                        WidgetChanges{.title = "by Bob"}));
  EXPECT_EQ(updated.title, "by Bob");
  EXPECT_EQ(updated.user_id, alice_.user_id);
  ASSERT_OK_AND_ASSIGN(model::Widget moved, widgets_->Move(bob_, page_.page_id, widget_.widget_id,
                                                           2, WidgetPlacement{3, {}}));
  EXPECT_EQ(moved.column, 3);
  // The view grantee reads but does not write.
  Result<model::Widget> refused =
      widgets_->Update(viewer_, page_.page_id, widget_.widget_id, 3, WidgetChanges{.title = "no"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kNotFound);
  EXPECT_EQ(refused.error().field, "widget_id");
  // The share opens the widget, not its page.
  Result<std::vector<model::Widget>> listed = widgets_->List(bob_, page_.page_id);
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().code, Code::kNotFound);
}

TEST_F(WidgetSharingTest, AWidgetOnAPageBeingDeletedIsGoneForItsGrantee) {
  ShareTheWidget();
  env_->faulty.FailWritesAfter(1);  // the page is marked deleting, then "crash"
  ASSERT_FALSE(pages_->Delete(alice_, page_.page_id, 1).ok());
  env_->faulty.Heal();
  Result<model::Widget> gone = widgets_->Get(bob_, page_.page_id, widget_.widget_id);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, Code::kNotFound);
  EXPECT_EQ(gone.error().field, "widget_id");
}

// Deleting the shared widget is the owner's (it would end everyone's share of it); deleting
// what is in it is a write an edit grantee may make.
TEST_F(WidgetSharingTest, AnEditGranteeDeletesInsideTheWidgetButNotTheWidget) {
  ShareTheWidget();
  // A widget on a page shared for editing is not the grantee's to delete either.
  Caller carol{model::NewId()};
  AddUser(carol);
  Share(alice_, ResourceId::Page(page_.page_id), carol, model::Permission::kEdit);
  int writes = env_->faulty.ForwardedWrites();
  for (const Caller* grantee : {&bob_, &viewer_, &carol}) {
    Status deleted = widgets_->Delete(*grantee, page_.page_id, widget_.widget_id, 1);
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().code, Code::kNotFound) << deleted.error().ToString();
    EXPECT_EQ(deleted.error().field, "widget_id");
  }
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  ASSERT_OK(widgets_->Get(alice_, page_.page_id, widget_.widget_id));
  EXPECT_EQ(SharePages(widget_.widget_id).size(), 2u);

  BookmarkService bookmarks(env_->context);
  GroupService groups(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Group group,
                       groups.Create(alice_, page_.page_id, widget_.widget_id, {.name = "G"}));
  ASSERT_OK_AND_ASSIGN(model::Bookmark bookmark,
                       bookmarks.Add(alice_, page_.page_id, widget_.widget_id,
                                     NewBookmark{.url = "https://a.example/"}));
  Status view_delete = bookmarks.Delete(viewer_, widget_.widget_id, bookmark.bookmark_id, 1);
  ASSERT_FALSE(view_delete.ok());
  EXPECT_EQ(view_delete.error().code, Code::kNotFound);
  Status view_group = groups.Delete(viewer_, widget_.widget_id, group.group_id, 1);
  ASSERT_FALSE(view_group.ok());
  EXPECT_EQ(view_group.error().code, Code::kNotFound);
  ASSERT_OK(bookmarks.Delete(bob_, widget_.widget_id, bookmark.bookmark_id, 1));
  ASSERT_OK(groups.Delete(bob_, widget_.widget_id, group.group_id, 1));

  NoteService notes(env_->context);
  model::Widget notes_widget = AddOrDie(1, "notes", WidgetKind::kNotes);
  Share(alice_, ResourceId::Widget(page_.page_id, notes_widget.widget_id), bob_,
        model::Permission::kEdit);
  ASSERT_OK_AND_ASSIGN(model::Note note,
                       notes.Create(alice_, page_.page_id, notes_widget.widget_id, {.body = "hi"}));
  ASSERT_OK(notes.Delete(bob_, notes_widget.widget_id, note.note_id, 1));

  // The owner deletes the widget, and its shares go with it.
  ASSERT_OK(widgets_->Delete(alice_, page_.page_id, widget_.widget_id, 1));
  EXPECT_TRUE(SharePages(widget_.widget_id).empty());
  Result<model::Widget> gone = widgets_->Get(bob_, page_.page_id, widget_.widget_id);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, Code::kNotFound);
}

// A widget belongs to its page's owner: it moves only among its owner's pages, whoever moves it.
TEST_F(WidgetSharingTest, AWidgetMovesOnlyToItsOwnersPages) {
  ShareTheWidget();
  ASSERT_OK_AND_ASSIGN(model::Page bobs, pages_->Create(bob_, "Bob's"));
  // Bob's page, shared with Alice for editing, is still not a page of hers.
  Share(bob_, ResourceId::Page(bobs.page_id), alice_, model::Permission::kEdit);
  int writes = env_->faulty.ForwardedWrites();
  for (const Caller* caller : {&alice_, &bob_}) {
    Result<model::Widget> moved =
        widgets_->MoveToPage(*caller, page_.page_id, widget_.widget_id, 1, bobs.page_id, {});
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, Code::kNotFound) << moved.error().ToString();
    EXPECT_EQ(moved.error().field, "target_page_id");
  }
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  ASSERT_OK_AND_ASSIGN(std::vector<model::Widget> on_bobs, widgets_->List(bob_, bobs.page_id));
  EXPECT_TRUE(on_bobs.empty());

  // Within the owner's pages an edit grantee of the widget and of the target page may move it.
  Share(alice_, ResourceId::Page(other_page_.page_id), bob_, model::Permission::kEdit);
  ASSERT_OK_AND_ASSIGN(model::Widget moved,
                       widgets_->MoveToPage(bob_, page_.page_id, widget_.widget_id, 1,
                                            other_page_.page_id, WidgetPlacement{1, {}}));
  EXPECT_EQ(moved.page_id, other_page_.page_id);
  EXPECT_EQ(moved.user_id, alice_.user_id);
  ASSERT_OK(widgets_->Get(alice_, other_page_.page_id, widget_.widget_id));
}

// A widget's shares name its page (so its grantees and links find it there): they follow
// the widget to its new page, and RepairChildren finishes an interrupted re-point.
TEST_F(WidgetSharingTest, MovingAWidgetToAnotherPageRepointsItsShares) {
  ShareTheWidget();
  ASSERT_OK(ShareService(env_->context)
                .CreateLink(alice_, ResourceId::Widget(page_.page_id, widget_.widget_id),
                            model::Permission::kView, std::nullopt));
  EXPECT_EQ(SharePages(widget_.widget_id), std::vector<std::string>(3, page_.page_id));
  ASSERT_OK_AND_ASSIGN(model::Widget moved,
                       widgets_->MoveToPage(alice_, page_.page_id, widget_.widget_id, 1,
                                            other_page_.page_id, WidgetPlacement{1, {}}));
  EXPECT_EQ(SharePages(widget_.widget_id), std::vector<std::string>(3, other_page_.page_id));
  for (const Caller* grantee : {&bob_, &viewer_}) {
    ASSERT_OK(widgets_->Get(*grantee, other_page_.page_id, widget_.widget_id));
    ASSERT_OK(
        PageLoader(env_->context).LoadWidget(*grantee, other_page_.page_id, widget_.widget_id));
  }
  // Back to page_, the shares' re-point failing after the widget moved: RepairChildren
  // finishes it.
  int writes = env_->faulty.ForwardedWrites();
  ASSERT_OK(widgets_->MoveToPage(alice_, other_page_.page_id, widget_.widget_id, moved.version,
                                 page_.page_id, WidgetPlacement{0, {}}));
  int writes_per_move = env_->faulty.ForwardedWrites() - writes;
  ASSERT_GE(writes_per_move, 2);  // the move's transaction, then the shares' batch
  ASSERT_OK_AND_ASSIGN(moved, widgets_->Get(alice_, page_.page_id, widget_.widget_id));
  for (int allowed = 1; allowed < writes_per_move; ++allowed) {
    SCOPED_TRACE(allowed);
    std::string from = moved.page_id;
    std::string to = from == page_.page_id ? other_page_.page_id : page_.page_id;
    env_->faulty.FailWritesAfter(allowed);
    Result<model::Widget> interrupted =
        widgets_->MoveToPage(alice_, from, widget_.widget_id, moved.version, to, {});
    env_->faulty.Heal();
    ASSERT_FALSE(interrupted.ok());
    Result<model::Widget> at_to = widgets_->Get(alice_, to, widget_.widget_id);
    if (at_to.ok()) {
      moved = *at_to;
      ASSERT_OK(widgets_->RepairChildren(alice_, to, widget_.widget_id));
    } else {
      ASSERT_OK_AND_ASSIGN(moved, widgets_->Get(alice_, from, widget_.widget_id));
    }
    EXPECT_EQ(SharePages(widget_.widget_id), std::vector<std::string>(3, moved.page_id));
  }
}

TEST_F(WidgetServiceTest, TwoWritersRacingOnOneVersionExactlyOneWins) {
  model::Widget widget = AddOrDie(0, "race");
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  env_->faulty.SetBeforeWrite([&](Op) {
    std::unique_lock<std::mutex> lock(mu);
    ++arrived;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(5), [&] { return arrived >= 2; });
  });
  Result<model::Widget> first = Error{};
  Result<model::Widget> second = Error{};
  std::thread a([&] {
    first = widgets_->Update(alice_, page_.page_id, widget.widget_id, 1, {.title = "A"});
  });
  std::thread b([&] {
    second = widgets_->Move(alice_, page_.page_id, widget.widget_id, 1, WidgetPlacement{3, {}});
  });
  a.join();
  b.join();
  env_->faulty.SetBeforeWrite(nullptr);
  ASSERT_NE(first.ok(), second.ok());
  const Error& lost = first.ok() ? second.error() : first.error();
  EXPECT_EQ(lost.code, Code::kConflict);
  ASSERT_OK_AND_ASSIGN(model::Widget stored,
                       widgets_->Get(alice_, page_.page_id, widget.widget_id));
  EXPECT_EQ(stored.version, 2);
  EXPECT_EQ(stored, first.ok() ? *first : *second);
}

}  // namespace
}  // namespace homeboard::service
