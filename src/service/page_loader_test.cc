// Tests of PageLoader on a SQLite store: a page of 20 widgets x 50 bookmarks (plus groups
// and notes) loads whole and in order, with at most 8 queries in flight; missing, foreign and
// deleting pages are not found; a failing query fails the load.
#include "service/page_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "model/ids.h"
#include "service/bookmark_service.h"
#include "service/group_service.h"
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
  PageLoader loader(env_->context);
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

  // A narrower pool gives the same page.
  PageLoader serial(env_->context, PageLoaderOptions{.max_in_flight = 1});
  ASSERT_OK_AND_ASSIGN(PageView again, serial.Load(alice_, page_.page_id));
  ASSERT_EQ(again.widgets.size(), view.widgets.size());
  for (std::size_t i = 0; i < view.widgets.size(); ++i) {
    EXPECT_EQ(again.widgets[i].widget, view.widgets[i].widget);
    EXPECT_EQ(again.widgets[i].bookmarks, view.widgets[i].bookmarks);
    EXPECT_EQ(again.widgets[i].groups, view.widgets[i].groups);
    EXPECT_EQ(again.widgets[i].notes, view.widgets[i].notes);
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

}  // namespace
}  // namespace homeboard::service
