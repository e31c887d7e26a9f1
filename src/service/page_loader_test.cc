// Tests of PageLoader on a SQLite store: a page of 20 widgets x 50 bookmarks (plus groups
// and notes) loads whole and in order, with at most 8 queries in flight on workers, and on
// the calling thread alone by default on SQLite; missing, foreign and deleting pages are not
// found; a failing query fails the load; grantees load shared pages and widgets, and a
// public link loads exactly what it shares, read-only.
#include "service/page_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "model/ids.h"
#include "model/tables.h"
#include "model/user.h"
#include "service/bookmark_service.h"
#include "service/group_service.h"
#include "service/note_service.h"
#include "service/page_service.h"
#include "service/share_service.h"
#include "service/testing_store.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;

class PageLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    PageService pages(env_->context);
    ASSERT_OK_AND_ASSIGN(page_, pages.Create(alice_, "Big page"));
  }

  std::unique_ptr<ServiceTestEnv> env_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
  model::Page page_;
};

TEST_F(PageLoaderTest, LoadsTwentyWidgetsOfFiftyBookmarksInOrder) {
  WidgetService widgets(env_->context);
  BookmarkService bookmarks(env_->context);
  GroupService groups(env_->context);
  NoteService notes(env_->context);

  // 20 bookmarks widgets spread over 4 columns, added in an order that differs from the
  // layout (each goes to the front of its column), plus one notes widget and one clock.
  std::vector<model::Widget> added;
  std::map<std::string, std::vector<std::string>> bookmark_order;  // widget -> ids in order
  std::map<std::string, std::vector<std::string>> group_names;
  for (int w = 0; w < 20; ++w) {
    int column = w % 4;
    Placement front;
    for (auto it = added.rbegin(); it != added.rend(); ++it) {
      if (it->column == column) {
        front.before_id = it->widget_id;
        break;
      }
    }
    // Keep the front of the column: the last widget added to it is first.
    ASSERT_OK_AND_ASSIGN(
        model::Widget widget,
        widgets.Add(
            alice_, page_.page_id,
            NewWidget{.title = "W" + std::to_string(w), .column = column, .placement = front}));
    added.push_back(widget);
    ASSERT_OK_AND_ASSIGN(model::Group g1, groups.Create(alice_, page_.page_id, widget.widget_id,
                                                        NewGroup{.name = "g1"}));
    ASSERT_OK_AND_ASSIGN(model::Group g0,
                         groups.Create(alice_, page_.page_id, widget.widget_id,
                                       NewGroup{.name = "g0", .placement = {g1.group_id, {}}}));
    ASSERT_OK(groups.Create(alice_, page_.page_id, widget.widget_id,
                            NewGroup{.name = "g0a", .parent_group_id = g0.group_id}));
    group_names[widget.widget_id] = {"g0", "g0a", "g1"};
    std::vector<BatchBookmark> batch;
    for (int b = 0; b < 50; ++b) {
      batch.push_back(
          {.bookmark_id = model::NewId(env_->clock->Now()),
           .url = "https://example.com/" + std::to_string(w) + "/" + std::to_string(b)});
    }
    ASSERT_OK_AND_ASSIGN(std::vector<model::Bookmark> stored,
                         bookmarks.AddMany(alice_, page_.page_id, widget.widget_id, batch));
    std::vector<std::string>& order = bookmark_order[widget.widget_id];
    for (const model::Bookmark& b : stored) order.push_back(b.bookmark_id);
    // Reorder a few so that id order and display order differ.
    ASSERT_OK(bookmarks.Move(alice_, widget.widget_id, order.back(), 1,
                             BookmarkMove{.placement = {order.front(), {}}}));
    std::rotate(order.rbegin(), order.rbegin() + 1, order.rend());
  }
  ASSERT_OK_AND_ASSIGN(
      model::Widget notes_widget,
      widgets.Add(alice_, page_.page_id,
                  NewWidget{.kind = model::WidgetKind::kNotes, .title = "Notes", .column = 5}));
  ASSERT_OK_AND_ASSIGN(model::Note second,
                       notes.Create(alice_, page_.page_id, notes_widget.widget_id,
                                    NewNote{.title = "second", .body = "b2"}));
  ASSERT_OK(
      notes.Create(alice_, page_.page_id, notes_widget.widget_id,
                   NewNote{.title = "first", .body = "b1", .placement = {second.note_id, {}}}));
  ASSERT_OK(
      widgets.Add(alice_, page_.page_id,
                  NewWidget{.kind = model::WidgetKind::kClock, .title = "Clock", .column = 5}));

  // At most 8 queries in flight during the load.
  std::atomic<int> in_flight{0};
  std::atomic<int> peak{0};
  env_->faulty.SetCallObserver([&](Op op, bool starting) {
    if (op != Op::kQuery) return;
    if (starting) {
      int now = ++in_flight;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
    } else {
      --in_flight;
    }
  });
  int queries_before = env_->faulty.Calls(Op::kQuery);
  PageLoader loader(env_->context, PageLoaderOptions{.wave = WaveThreads::kWorkers});
  ASSERT_OK_AND_ASSIGN(PageView view, loader.Load(alice_, page_.page_id));
  env_->faulty.SetCallObserver(nullptr);
  EXPECT_LE(peak.load(), 8);
  EXPECT_GE(peak.load(), 1);
  RecordProperty("peak_queries_in_flight", peak.load());
  // 1 widget query + 2 per bookmarks widget + 1 for the notes widget.
  EXPECT_EQ(env_->faulty.Calls(Op::kQuery) - queries_before, 1 + 2 * 20 + 1);

  EXPECT_EQ(view.page, page_);
  ASSERT_EQ(view.widgets.size(), 22u);
  // Widget order: by column, and within a column the reverse of adding.
  std::vector<std::string> expected_widgets;
  for (int column = 0; column < 4; ++column) {
    for (auto it = added.rbegin(); it != added.rend(); ++it) {
      if (it->column == column) expected_widgets.push_back(it->widget_id);
    }
  }
  std::vector<std::string> loaded_widgets;
  for (std::size_t i = 0; i < 20; ++i) loaded_widgets.push_back(view.widgets[i].widget.widget_id);
  EXPECT_EQ(loaded_widgets, expected_widgets);
  std::size_t total = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    const WidgetView& wv = view.widgets[i];
    std::vector<std::string> ids;
    for (const model::Bookmark& b : wv.bookmarks) ids.push_back(b.bookmark_id);
    EXPECT_EQ(ids, bookmark_order[wv.widget.widget_id]) << wv.widget.title;
    total += ids.size();
    std::vector<std::string> names;
    for (const model::Group& g : wv.groups) names.push_back(g.name);
    EXPECT_EQ(names, group_names[wv.widget.widget_id]);
    EXPECT_TRUE(wv.notes.empty());
  }
  EXPECT_EQ(total, 20u * 50u);
  const WidgetView& notes_view = view.widgets[20];
  EXPECT_EQ(notes_view.widget.widget_id, notes_widget.widget_id);
  ASSERT_EQ(notes_view.notes.size(), 2u);
  EXPECT_EQ(notes_view.notes[0].title, "first");
  EXPECT_EQ(notes_view.notes[0].preview, "b1");
  EXPECT_EQ(notes_view.notes[1].title, "second");
  EXPECT_EQ(view.widgets[21].widget.title, "Clock");
  EXPECT_TRUE(view.widgets[21].bookmarks.empty());

  auto expect_same_page = [&](const PageView& again) {
    EXPECT_EQ(again.page, view.page);
    ASSERT_EQ(again.widgets.size(), view.widgets.size());
    for (std::size_t i = 0; i < view.widgets.size(); ++i) {
      EXPECT_EQ(again.widgets[i].widget, view.widgets[i].widget);
      EXPECT_EQ(again.widgets[i].bookmarks, view.widgets[i].bookmarks);
      EXPECT_EQ(again.widgets[i].groups, view.widgets[i].groups);
      EXPECT_EQ(again.widgets[i].notes, view.widgets[i].notes);
    }
  };

  // A narrower pool gives the same page.
  PageLoader serial(env_->context,
                    PageLoaderOptions{.max_in_flight = 1, .wave = WaveThreads::kWorkers});
  ASSERT_OK_AND_ASSIGN(PageView again, serial.Load(alice_, page_.page_id));
  expect_same_page(again);

  // So does the wave on the calling thread; and by default it runs there on SQLite (an
  // in-process engine), on workers on DynamoDB.
  const std::thread::id self = std::this_thread::get_id();
  for (WaveThreads wave : {WaveThreads::kCallingThread, WaveThreads::kByEngine}) {
    SCOPED_TRACE(static_cast<int>(wave));
    std::atomic<int> elsewhere{0};
    in_flight = 0;
    peak = 0;
    env_->faulty.SetCallObserver([&](Op op, bool starting) {
      if (op != Op::kQuery) return;
      if (!starting) {
        --in_flight;
        return;
      }
      if (std::this_thread::get_id() != self) ++elsewhere;
      int now = ++in_flight;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
    });
    PageLoader inline_loader(env_->context, PageLoaderOptions{.wave = wave});
    ASSERT_OK_AND_ASSIGN(PageView inline_view, inline_loader.Load(alice_, page_.page_id));
    env_->faulty.SetCallObserver(nullptr);
    expect_same_page(inline_view);
    if (wave == WaveThreads::kCallingThread || env_->context.store->engine() == "sqlite") {
      EXPECT_EQ(elsewhere.load(), 0);
      EXPECT_EQ(peak.load(), 1);
    } else {
      EXPECT_LE(peak.load(), 8);
    }
  }
}

TEST_F(PageLoaderTest, DrainsWidgetsWithMoreThanOneQueryPage) {
  WidgetService widgets(env_->context);
  BookmarkService bookmarks(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Widget widget,
                       widgets.Add(alice_, page_.page_id, NewWidget{.title = "Many"}));
  std::vector<BatchBookmark> batch;
  for (int b = 0; b < 2500; ++b) {
    batch.push_back({.bookmark_id = model::NewId(env_->clock->Now()), .url = "https://e.com/"});
  }
  ASSERT_OK(bookmarks.AddMany(alice_, page_.page_id, widget.widget_id, batch));
  PageLoader loader(env_->context);
  ASSERT_OK_AND_ASSIGN(PageView view, loader.Load(alice_, page_.page_id));
  ASSERT_EQ(view.widgets.size(), 1u);
  ASSERT_EQ(view.widgets[0].bookmarks.size(), 2500u);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    ASSERT_EQ(view.widgets[0].bookmarks[i].bookmark_id, batch[i].bookmark_id);
  }
}

TEST_F(PageLoaderTest, MissingForeignAndDeletingPagesAreNotFound) {
  PageLoader loader(env_->context);
  Result<PageView> foreign = loader.Load(bob_, page_.page_id);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, Code::kNotFound);
  EXPECT_EQ(foreign.error().field, "page_id");
  Result<PageView> missing = loader.Load(alice_, model::NewId());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  Result<PageView> bad = loader.Load(alice_, "nope");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  PageService pages(env_->context);
  env_->faulty.FailWritesAfter(1);  // marked deleting, then stopped
  ASSERT_FALSE(pages.Delete(alice_, page_.page_id, 1).ok());
  env_->faulty.Heal();
  Result<PageView> deleting = loader.Load(alice_, page_.page_id);
  ASSERT_FALSE(deleting.ok());
  EXPECT_EQ(deleting.error().code, Code::kNotFound);
}

TEST_F(PageLoaderTest, AFailingQueryInTheWaveFailsTheLoad) {
  WidgetService widgets(env_->context);
  for (int w = 0; w < 6; ++w) {
    ASSERT_OK(widgets.Add(alice_, page_.page_id, NewWidget{.title = "W"}));
  }
  PageLoader probe(env_->context);
  int calls = env_->faulty.Calls(Op::kQuery);
  // The widgets query passes; the first query of the wave fails.
  env_->faulty.SetCallObserver([&](Op op, bool starting) {
    if (op == Op::kQuery && !starting && env_->faulty.Calls(Op::kQuery) == calls + 1) {
      env_->faulty.Inject(
          {.op = Op::kQuery, .code = store::Error::Code::kUnavailable, .when = When::kBefore});
    }
  });
  Result<PageView> view = probe.Load(alice_, page_.page_id);
  env_->faulty.SetCallObserver(nullptr);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error().code, Code::kUnavailable);
  // And the next load works.
  ASSERT_OK_AND_ASSIGN(PageView ok, probe.Load(alice_, page_.page_id));
  EXPECT_EQ(ok.widgets.size(), 6u);
}

// Alice's page with a bookmarks widget (two bookmarks), a notes widget (one note) and a
// clock, shared in various ways.
class SharedPageLoaderTest : public PageLoaderTest {
 protected:
  void SetUp() override {
    PageLoaderTest::SetUp();
    model::User user{.user_id = bob_.user_id,
                     .name = "bob",
                     .display_name = "Bob",
                     .password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
                     .created_at = "2026-01-01T00:00:00.000Z",
                     .updated_at = "2026-01-01T00:00:00.000Z"};
    ASSERT_OK(env_->db->store()->Put({env_->context.Table(model::kUsersTable), user.ToItem(), {}}));
    WidgetService widgets(env_->context);
    ASSERT_OK_AND_ASSIGN(links_, widgets.Add(alice_, page_.page_id, NewWidget{.title = "Links"}));
    ASSERT_OK_AND_ASSIGN(
        notes_,
        widgets.Add(alice_, page_.page_id,
                    NewWidget{.kind = model::WidgetKind::kNotes, .title = "Notes", .column = 1}));
    ASSERT_OK(widgets.Add(alice_, page_.page_id,
                          NewWidget{.kind = model::WidgetKind::kClock, .title = "Clock"}));
    BookmarkService bookmarks(env_->context);
    for (const char* url : {"https://a.example/", "https://b.example/"}) {
      ASSERT_OK(bookmarks.Add(alice_, page_.page_id, links_.widget_id, NewBookmark{.url = url}));
    }
    ASSERT_OK(NoteService(env_->context)
                  .Create(alice_, page_.page_id, notes_.widget_id, NewNote{.title = "n"}));
  }

  model::Widget links_;
  model::Widget notes_;
};

TEST_F(SharedPageLoaderTest, AGranteeLoadsTheWholeSharedPage) {
  PageLoader loader(env_->context);
  ASSERT_OK_AND_ASSIGN(PageView owner_view, loader.Load(alice_, page_.page_id));
  EXPECT_FALSE(loader.Load(bob_, page_.page_id).ok());
  ASSERT_OK(ShareService(env_->context)
                .ShareWithUser(alice_, ResourceId::Page(page_.page_id), bob_.user_id,
                               model::Permission::kView, std::nullopt));
  ASSERT_OK_AND_ASSIGN(PageView bob_view, loader.Load(bob_, page_.page_id));
  EXPECT_EQ(bob_view.page, owner_view.page);
  ASSERT_EQ(bob_view.widgets.size(), 3u);
  for (std::size_t i = 0; i < bob_view.widgets.size(); ++i) {
    EXPECT_EQ(bob_view.widgets[i].widget, owner_view.widgets[i].widget);
    EXPECT_EQ(bob_view.widgets[i].bookmarks, owner_view.widgets[i].bookmarks);
    EXPECT_EQ(bob_view.widgets[i].notes.size(), owner_view.widgets[i].notes.size());
  }
  // And any widget of it alone.
  ASSERT_OK_AND_ASSIGN(WidgetView links, loader.LoadWidget(bob_, page_.page_id, links_.widget_id));
  EXPECT_EQ(links.bookmarks.size(), 2u);
}

TEST_F(SharedPageLoaderTest, LoadWidgetChecksIdsAccessAndThePage) {
  PageLoader loader(env_->context);
  Result<WidgetView> bad = loader.LoadWidget(alice_, page_.page_id, "w");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "widget_id");
  Result<WidgetView> foreign = loader.LoadWidget(bob_, page_.page_id, links_.widget_id);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(WidgetView notes,
                       loader.LoadWidget(alice_, page_.page_id, notes_.widget_id));
  EXPECT_EQ(notes.notes.size(), 1u);
  // A widget on a page being deleted is gone.
  env_->faulty.FailWritesAfter(1);
  ASSERT_FALSE(PageService(env_->context).Delete(alice_, page_.page_id, 1).ok());
  env_->faulty.Heal();
  Result<WidgetView> deleting = loader.LoadWidget(alice_, page_.page_id, links_.widget_id);
  ASSERT_FALSE(deleting.ok());
  EXPECT_EQ(deleting.error().code, Code::kNotFound);
  EXPECT_EQ(deleting.error().field, "widget_id");
}

TEST_F(SharedPageLoaderTest, APageLinkLoadsThePageReadOnly) {
  ShareService shares(env_->context);
  ASSERT_OK_AND_ASSIGN(NewLink link, shares.CreateLink(alice_, ResourceId::Page(page_.page_id),
                                                       model::Permission::kView, std::nullopt));
  PageLoader loader(env_->context);
  ASSERT_OK_AND_ASSIGN(SharedView shared, loader.LoadShared(link.token));
  EXPECT_EQ(shared.share, link.entry.share);
  ASSERT_TRUE(shared.page.has_value());
  EXPECT_FALSE(shared.widget.has_value());
  EXPECT_EQ(shared.page->page.page_id, page_.page_id);
  ASSERT_EQ(shared.page->widgets.size(), 3u);
  ASSERT_OK_AND_ASSIGN(PageView owner_view, loader.Load(alice_, page_.page_id));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(shared.page->widgets[i].bookmarks, owner_view.widgets[i].bookmarks);
  }
  // The token is no user: it opens nothing through the services.
  Result<PageView> as_caller = loader.Load(Caller{link.token}, page_.page_id);
  ASSERT_FALSE(as_caller.ok());
  EXPECT_EQ(as_caller.error().code, Code::kInvalidArgument);
  // A page being deleted takes its links with it.
  env_->faulty.FailWritesAfter(1);
  ASSERT_FALSE(PageService(env_->context).Delete(alice_, page_.page_id, 1).ok());
  env_->faulty.Heal();
  Result<SharedView> gone = loader.LoadShared(link.token);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, Code::kNotFound);
  EXPECT_EQ(gone.error().field, "token");
}

TEST_F(SharedPageLoaderTest, AWidgetLinkLoadsThatWidgetAndNothingElse) {
  ShareService shares(env_->context);
  ASSERT_OK_AND_ASSIGN(
      NewLink link, shares.CreateLink(alice_, ResourceId::Widget(page_.page_id, links_.widget_id),
                                      model::Permission::kView, std::nullopt));
  PageLoader loader(env_->context);
  int gets = env_->faulty.Calls(Op::kGet);
  int queries = env_->faulty.Calls(Op::kQuery);
  ASSERT_OK_AND_ASSIGN(SharedView shared, loader.LoadShared(link.token));
  // The link, the page (live?), the widget; the widget's groups and bookmarks.
  EXPECT_EQ(env_->faulty.Calls(Op::kGet) - gets, 3);
  EXPECT_EQ(env_->faulty.Calls(Op::kQuery) - queries, 2);
  EXPECT_FALSE(shared.page.has_value());
  ASSERT_TRUE(shared.widget.has_value());
  EXPECT_EQ(shared.widget->widget.widget_id, links_.widget_id);
  EXPECT_EQ(shared.widget->bookmarks.size(), 2u);
  // Deleting the widget ends the link, even though the share item is still there.
  ASSERT_OK(WidgetService(env_->context).Delete(alice_, page_.page_id, links_.widget_id, 1));
  Result<SharedView> gone = loader.LoadShared(link.token);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, Code::kNotFound);
  Result<SharedView> malformed = loader.LoadShared("x");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, Code::kInvalidArgument);
  EXPECT_EQ(malformed.error().field, "token");
}

}  // namespace
}  // namespace homeboard::service
