// Tests of GroupService on a SQLite store: nesting and its depth limit, tree order, moves
// that would make cycles, depth rewrites of moved subtrees, sibling order, subtree deletes
// with their bookmarks, widget kinds and ownership.
#include "service/group_service.h"

#include <gtest/gtest.h>

#include "model/ids.h"
#include "model/limits.h"
#include "service/bookmark_service.h"
#include "service/page_service.h"
#include "service/testing_store.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;

class GroupServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    groups_ = std::make_unique<GroupService>(env_->context);
    PageService pages(env_->context);
    WidgetService widgets(env_->context);
    ASSERT_OK_AND_ASSIGN(page_, pages.Create(alice_, "Home"));
    ASSERT_OK_AND_ASSIGN(widget_, widgets.Add(alice_, page_.page_id, NewWidget{.title = "Links"}));
    ASSERT_OK_AND_ASSIGN(
        notes_, widgets.Add(alice_, page_.page_id,
                            NewWidget{.kind = model::WidgetKind::kNotes, .title = "Notes"}));
  }

  model::Group CreateOrDie(std::string name, std::optional<std::string> parent = std::nullopt,
                           Placement placement = {}) {
    auto group = groups_->Create(alice_, page_.page_id, widget_.widget_id,
                                 NewGroup{std::move(name), std::move(parent), placement});
    EXPECT_OK(group);
    return group.ok() ? *group : model::Group{};
  }

  // "name@depth" in tree order.
  std::vector<std::string> Tree() {
    auto groups = groups_->List(alice_, page_.page_id, widget_.widget_id);
    EXPECT_OK(groups);
    std::vector<std::string> tree;
    if (groups.ok()) {
      for (const model::Group& g : *groups) tree.push_back(g.name + "@" + std::to_string(g.depth));
    }
    return tree;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<GroupService> groups_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
  model::Page page_;
  model::Widget widget_;
  model::Widget notes_;
};

TEST_F(GroupServiceTest, CreatesNestedGroupsInTreeOrder) {
  model::Group a = CreateOrDie("a");
  model::Group b = CreateOrDie("b");
  CreateOrDie("a1", a.group_id);
  model::Group a2 = CreateOrDie("a2", a.group_id);
  CreateOrDie("a0", a.group_id, Placement{{}, {}});
  CreateOrDie("a2x", a2.group_id);
  CreateOrDie("b1", b.group_id);
  CreateOrDie("first", std::nullopt, Placement{a.group_id, {}});
  EXPECT_EQ(Tree(), (std::vector<std::string>{"first@1", "a@1", "a1@2", "a2@2", "a2x@3", "a0@2",
                                              "b@1", "b1@2"}));
  ASSERT_OK_AND_ASSIGN(model::Group read, groups_->Get(alice_, widget_.widget_id, a2.group_id));
  EXPECT_EQ(read, a2);
  EXPECT_EQ(a2.parent_group_id, a.group_id);
  EXPECT_EQ(a2.page_id, page_.page_id);
}

TEST_F(GroupServiceTest, NestingStopsAtDepthEight) {
  std::optional<std::string> parent;
  for (int depth = 1; depth <= model::kMaxGroupDepth; ++depth) {
    model::Group g = CreateOrDie("level" + std::to_string(depth), parent);
    EXPECT_EQ(g.depth, depth);
    parent = g.group_id;
  }
  Result<model::Group> ninth =
      groups_->Create(alice_, page_.page_id, widget_.widget_id, NewGroup{"level9", parent, {}});
  ASSERT_FALSE(ninth.ok());
  EXPECT_EQ(ninth.error().code, Code::kLimitExceeded);
  EXPECT_EQ(ninth.error().field, "parent_group_id");
  EXPECT_EQ(ninth.error().rule, "max_depth");
  EXPECT_EQ(Tree().size(), static_cast<std::size_t>(model::kMaxGroupDepth));
}

TEST_F(GroupServiceTest, BadInputIsRefusedAndNothingWritten) {
  auto expect = [](const Result<model::Group>& result, Code code, std::string_view field,
                   std::string_view rule) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, code) << result.error().ToString();
    EXPECT_EQ(result.error().field, field) << result.error().ToString();
    EXPECT_EQ(result.error().rule, rule) << result.error().ToString();
  };
  expect(groups_->Create(alice_, page_.page_id, widget_.widget_id, NewGroup{" "}),
         Code::kInvalidArgument, "name", "required");
  expect(groups_->Create(alice_, page_.page_id, widget_.widget_id, NewGroup{std::string(201, 'n')}),
         Code::kInvalidArgument, "name", "max_length");
  expect(groups_->Create(alice_, page_.page_id, widget_.widget_id, NewGroup{"x", "bad"}),
         Code::kInvalidArgument, "parent_group_id", "pattern");
  expect(groups_->Create(alice_, page_.page_id, widget_.widget_id, NewGroup{"x", model::NewId()}),
         Code::kNotFound, "parent_group_id", "not_found");
  expect(groups_->Create(alice_, page_.page_id, notes_.widget_id, NewGroup{"x"}),
         Code::kInvalidArgument, "widget_id", "wrong_kind");
  expect(groups_->Create(alice_, page_.page_id, model::NewId(), NewGroup{"x"}), Code::kNotFound,
         "widget_id", "not_found");
  EXPECT_TRUE(Tree().empty());
}

TEST_F(GroupServiceTest, RenameAndReorderAmongSiblings) {
  model::Group a = CreateOrDie("a");
  model::Group b = CreateOrDie("b");
  model::Group c = CreateOrDie("c");
  ASSERT_OK_AND_ASSIGN(model::Group renamed,
                       groups_->Rename(alice_, widget_.widget_id, b.group_id, 1, "  bee "));
  EXPECT_EQ(renamed.name, "bee");
  EXPECT_EQ(renamed.version, 2);
  ASSERT_OK(groups_->Move(alice_, widget_.widget_id, c.group_id, 1,
                          GroupMove{std::nullopt, Placement{a.group_id, {}}}));
  EXPECT_EQ(Tree(), (std::vector<std::string>{"c@1", "a@1", "bee@1"}));
  ASSERT_OK(groups_->Move(alice_, widget_.widget_id, a.group_id, 1, GroupMove{}));
  EXPECT_EQ(Tree(), (std::vector<std::string>{"c@1", "bee@1", "a@1"}));
  Result<model::Group> stale = groups_->Rename(alice_, widget_.widget_id, b.group_id, 1, "x");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
}

TEST_F(GroupServiceTest, MovesThatWouldMakeACycleAreRefused) {
  model::Group a = CreateOrDie("a");
  model::Group a1 = CreateOrDie("a1", a.group_id);
  model::Group a11 = CreateOrDie("a11", a1.group_id);
  for (const std::string& target : {a.group_id, a1.group_id, a11.group_id}) {
    Result<model::Group> moved =
        groups_->Move(alice_, widget_.widget_id, a.group_id, 1, GroupMove{target, {}});
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, Code::kInvalidArgument);
    EXPECT_EQ(moved.error().field, "parent_group_id");
    EXPECT_EQ(moved.error().rule, "cycle");
  }
  EXPECT_EQ(Tree(), (std::vector<std::string>{"a@1", "a1@2", "a11@3"}));
}

TEST_F(GroupServiceTest, MovingASubtreeRewritesItsDepths) {
  model::Group a = CreateOrDie("a");
  model::Group b = CreateOrDie("b");
  model::Group b1 = CreateOrDie("b1", b.group_id);
  CreateOrDie("b11", b1.group_id);
  CreateOrDie("b12", b1.group_id);
  ASSERT_OK_AND_ASSIGN(model::Group moved, groups_->Move(alice_, widget_.widget_id, b.group_id, 1,
                                                         GroupMove{a.group_id, {}}));
  EXPECT_EQ(moved.depth, 2);
  EXPECT_EQ(moved.parent_group_id, a.group_id);
  EXPECT_EQ(Tree(), (std::vector<std::string>{"a@1", "b@2", "b1@3", "b11@4", "b12@4"}));
  // Descendants' versions are unchanged (depth is derived), so their holders may still edit.
  ASSERT_OK(groups_->Rename(alice_, widget_.widget_id, b1.group_id, 1, "b-one"));
  // Back to the top level.
  ASSERT_OK(groups_->Move(alice_, widget_.widget_id, b.group_id, 2, GroupMove{}));
  EXPECT_EQ(Tree(), (std::vector<std::string>{"a@1", "b@1", "b-one@2", "b11@3", "b12@3"}));
}

TEST_F(GroupServiceTest, AMoveMayNotPushASubtreePastDepthEight) {
  std::optional<std::string> parent;
  std::vector<model::Group> chain;
  for (int depth = 1; depth <= 6; ++depth) {
    chain.push_back(CreateOrDie("c" + std::to_string(depth), parent));
    parent = chain.back().group_id;
  }
  model::Group x = CreateOrDie("x");
  model::Group x1 = CreateOrDie("x1", x.group_id);
  CreateOrDie("x11", x1.group_id);
  // x's subtree is 3 levels; under c6 (depth 6) it would reach 9.
  Result<model::Group> moved =
      groups_->Move(alice_, widget_.widget_id, x.group_id, 1, GroupMove{chain[5].group_id, {}});
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, Code::kLimitExceeded);
  EXPECT_EQ(moved.error().rule, "max_depth");
  // Under c5 it reaches exactly 8.
  ASSERT_OK(
      groups_->Move(alice_, widget_.widget_id, x.group_id, 1, GroupMove{chain[4].group_id, {}}));
  ASSERT_OK_AND_ASSIGN(std::vector<model::Group> groups,
                       groups_->List(alice_, page_.page_id, widget_.widget_id));
  int deepest = 0;
  for (const model::Group& g : groups) deepest = std::max(deepest, g.depth);
  EXPECT_EQ(deepest, 8);
}

TEST_F(GroupServiceTest, DeleteRemovesTheSubtreeAndItsBookmarksOnly) {
  BookmarkService bookmarks(env_->context);
  model::Group a = CreateOrDie("a");
  model::Group a1 = CreateOrDie("a1", a.group_id);
  model::Group b = CreateOrDie("b");
  for (const auto& group :
       {std::optional<std::string>(a.group_id), std::optional<std::string>(a1.group_id),
        std::optional<std::string>(b.group_id), std::optional<std::string>()}) {
    for (int i = 0; i < 3; ++i) {
      ASSERT_OK(bookmarks.Add(alice_, page_.page_id, widget_.widget_id,
                              NewBookmark{.url = "https://example.com/", .group_id = group}));
    }
  }
  Status stale = groups_->Delete(alice_, widget_.widget_id, a.group_id, 2);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  ASSERT_OK(groups_->Delete(alice_, widget_.widget_id, a.group_id, 1));
  EXPECT_EQ(Tree(), (std::vector<std::string>{"b@1"}));
  ASSERT_OK_AND_ASSIGN(BookmarkPage top,
                       bookmarks.List(alice_, page_.page_id, widget_.widget_id, {}));
  EXPECT_EQ(top.bookmarks.size(), 3u);
  ASSERT_OK_AND_ASSIGN(BookmarkPage in_b,
                       bookmarks.List(alice_, page_.page_id, widget_.widget_id,
                                      BookmarkListOptions{.group_id = b.group_id}));
  EXPECT_EQ(in_b.bookmarks.size(), 3u);
  ASSERT_OK_AND_ASSIGN(BookmarkPage newest, bookmarks.ListNewest(alice_, 100, ""));
  EXPECT_EQ(newest.bookmarks.size(), 6u);
  Result<model::Group> gone = groups_->Get(alice_, widget_.widget_id, a1.group_id);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, Code::kNotFound);
}

TEST_F(GroupServiceTest, AnotherUsersGroupIsNotFoundOnEveryCall) {
  model::Group a = CreateOrDie("a");
  auto expect_not_found = [](const auto& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Code::kNotFound) << result.error().ToString();
  };
  expect_not_found(groups_->Get(bob_, widget_.widget_id, a.group_id));
  expect_not_found(groups_->List(bob_, page_.page_id, widget_.widget_id));
  expect_not_found(groups_->Create(bob_, page_.page_id, widget_.widget_id, NewGroup{"x"}));
  expect_not_found(groups_->Rename(bob_, widget_.widget_id, a.group_id, 1, "x"));
  expect_not_found(groups_->Move(bob_, widget_.widget_id, a.group_id, 1, GroupMove{}));
  expect_not_found(groups_->Delete(bob_, widget_.widget_id, a.group_id, 1));
  ASSERT_OK_AND_ASSIGN(model::Group still, groups_->Get(alice_, widget_.widget_id, a.group_id));
  EXPECT_EQ(still, a);
}

TEST(TreeOrder, OrphansComeLastAndNothingRepeats) {
  auto group = [](std::string id, std::optional<std::string> parent, std::string key, int depth) {
    model::Group g;
    g.group_id = std::move(id);
    g.parent_group_id = std::move(parent);
    g.order_key = std::move(key);
    g.depth = depth;
    return g;
  };
  std::vector<model::Group> ordered = TreeOrder({
      group("C", "GONE", "a", 2),
      group("B", std::nullopt, "b", 1),
      group("A", std::nullopt, "c", 1),
      group("A1", "A", "a", 2),
  });
  std::vector<std::string> ids;
  for (const model::Group& g : ordered) ids.push_back(g.group_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"B", "A", "A1", "C"}));
}

}  // namespace
}  // namespace homeboard::service
