// Tests of NoteService on a SQLite store: create/edit/move/delete, order within a widget,
// recent notes through UserNotesIndex, input rules, ownership (moves stay among the owner's
// widgets, whoever makes them) and unknown outcomes.
#include "service/note_service.h"

#include <gtest/gtest.h>

#include <cctype>

#include "model/ids.h"
#include "model/limits.h"
#include "model/tables.h"
#include "model/user.h"
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

class NoteServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    notes_ = std::make_unique<NoteService>(env_->context);
    PageService pages(env_->context);
    WidgetService widgets(env_->context);
    ASSERT_OK_AND_ASSIGN(page_, pages.Create(alice_, "Home"));
    ASSERT_OK_AND_ASSIGN(
        widget_, widgets.Add(alice_, page_.page_id,
                             NewWidget{.kind = model::WidgetKind::kNotes, .title = "Notes"}));
    ASSERT_OK_AND_ASSIGN(other_, widgets.Add(alice_, page_.page_id,
                                             NewWidget{.kind = model::WidgetKind::kNotes,
                                                       .title = "More notes",
                                                       .column = 1}));
    ASSERT_OK_AND_ASSIGN(links_, widgets.Add(alice_, page_.page_id, NewWidget{.title = "Links"}));
  }

  model::Note CreateOrDie(std::string title, std::string body = "body", Placement placement = {}) {
    auto note = notes_->Create(alice_, page_.page_id, widget_.widget_id,
                               NewNote{std::move(title), std::move(body), placement});
    EXPECT_OK(note);
    return note.ok() ? *note : model::Note{};
  }

  std::vector<std::string> Titles(const model::Widget& widget) {
    auto notes = notes_->List(alice_, page_.page_id, widget.widget_id);
    EXPECT_OK(notes);
    std::vector<std::string> titles;
    if (notes.ok()) {
      for (const model::NoteSummary& n : *notes) titles.push_back(n.title);
    }
    return titles;
  }

  std::vector<std::string> Recent(int limit) {
    std::vector<std::string> titles;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      auto page = notes_->Recent(alice_, limit, cursor);
      EXPECT_OK(page);
      if (!page.ok()) break;
      for (const model::NoteSummary& n : page->notes) titles.push_back(n.title);
      if (page->next_cursor.empty()) break;
      cursor = page->next_cursor;
    }
    return titles;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<NoteService> notes_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
  model::Page page_;
  model::Widget widget_;
  model::Widget other_;
  model::Widget links_;
};

TEST_F(NoteServiceTest, CreateGetAndListInOrder) {
  model::Note a = CreateOrDie(" First  note ", "Hello\n\nworld");
  CreateOrDie("second");
  CreateOrDie("zeroth", "", Placement{a.note_id, {}});
  EXPECT_EQ(a.title, "First note");
  EXPECT_EQ(a.body, "Hello\n\nworld");
  EXPECT_EQ(a.Preview(), "Hello world");
  ASSERT_OK_AND_ASSIGN(model::Note read, notes_->Get(alice_, widget_.widget_id, a.note_id));
  EXPECT_EQ(read, a);
  EXPECT_EQ(Titles(widget_), (std::vector<std::string>{"zeroth", "First note", "second"}));
  ASSERT_OK_AND_ASSIGN(std::vector<model::NoteSummary> listed,
                       notes_->List(alice_, page_.page_id, widget_.widget_id));
  EXPECT_EQ(listed[1], model::NoteSummary::Of(a));
}

TEST_F(NoteServiceTest, BadInputNamesFieldAndRule) {
  auto expect = [](const Result<model::Note>& result, Code code, std::string_view field,
                   std::string_view rule) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, code) << result.error().ToString();
    EXPECT_EQ(result.error().field, field) << result.error().ToString();
    EXPECT_EQ(result.error().rule, rule) << result.error().ToString();
  };
  expect(notes_->Create(alice_, page_.page_id, widget_.widget_id,
                        NewNote{.body = std::string(model::kMaxNoteBodyBytes + 1, 'b')}),
         Code::kInvalidArgument, "body", "max_length");
  expect(notes_->Create(alice_, page_.page_id, widget_.widget_id,
                        NewNote{.title = std::string(201, 't')}),
         Code::kInvalidArgument, "title", "max_length");
  expect(notes_->Create(alice_, page_.page_id, widget_.widget_id, NewNote{.body = "a\x07"}),
         Code::kInvalidArgument, "body", "control_character");
  expect(notes_->Create(alice_, page_.page_id, links_.widget_id, NewNote{.body = "x"}),
         Code::kInvalidArgument, "widget_id", "wrong_kind");
  expect(notes_->Create(alice_, page_.page_id, "bad", NewNote{}), Code::kInvalidArgument,
         "widget_id", "pattern");
  EXPECT_TRUE(Titles(widget_).empty());
  ASSERT_OK(notes_->Create(alice_, page_.page_id, widget_.widget_id,
                           NewNote{.body = std::string(model::kMaxNoteBodyBytes, 'b')}));
}

TEST_F(NoteServiceTest, UpdateEditsAndMovesTheNoteToTheTopOfRecent) {
  model::Note a = CreateOrDie("a");
  model::Note b = CreateOrDie("b");
  CreateOrDie("c");
  EXPECT_EQ(Recent(2), (std::vector<std::string>{"c", "b", "a"}));
  ASSERT_OK_AND_ASSIGN(model::Note edited, notes_->Update(alice_, widget_.widget_id, a.note_id, 1,
                                                          NoteChanges{.body = "new body"}));
  EXPECT_EQ(edited.title, "a");
  EXPECT_EQ(edited.body, "new body");
  EXPECT_EQ(edited.version, 2);
  EXPECT_GT(edited.updated_at, a.updated_at);
  EXPECT_EQ(Recent(10), (std::vector<std::string>{"a", "c", "b"}));
  ASSERT_OK_AND_ASSIGN(NoteSummaryPage first, notes_->Recent(alice_, 1, ""));
  ASSERT_EQ(first.notes.size(), 1u);
  EXPECT_EQ(first.notes[0].preview, "new body");
  EXPECT_FALSE(first.next_cursor.empty());
  ASSERT_OK_AND_ASSIGN(model::Note cleared, notes_->Update(alice_, widget_.widget_id, b.note_id, 1,
                                                           NoteChanges{.title = "", .body = ""}));
  EXPECT_EQ(cleared.title, "");
  EXPECT_EQ(cleared.body, "");
  ASSERT_OK_AND_ASSIGN(model::Note read, notes_->Get(alice_, widget_.widget_id, b.note_id));
  EXPECT_EQ(read, cleared);
  Result<model::Note> stale =
      notes_->Update(alice_, widget_.widget_id, a.note_id, 1, NoteChanges{.title = "x"});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  Result<NoteSummaryPage> bad = notes_->Recent(alice_, 10, "xyz");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "cursor");
  Result<NoteSummaryPage> bad_limit = notes_->Recent(alice_, 0, "");
  ASSERT_FALSE(bad_limit.ok());
  EXPECT_EQ(bad_limit.error().field, "limit");
}

TEST_F(NoteServiceTest, MoveWithinAndBetweenWidgets) {
  model::Note a = CreateOrDie("a");
  model::Note b = CreateOrDie("b");
  model::Note c = CreateOrDie("c");
  ASSERT_OK(notes_->Move(alice_, widget_.widget_id, c.note_id, 1,
                         NoteMove{.placement = {a.note_id, {}}}));
  EXPECT_EQ(Titles(widget_), (std::vector<std::string>{"c", "a", "b"}));
  ASSERT_OK_AND_ASSIGN(
      model::Note moved,
      notes_->Move(alice_, widget_.widget_id, a.note_id, 1,
                   NoteMove{.widget = WidgetRef{page_.page_id, other_.widget_id}}));
  EXPECT_EQ(moved.widget_id, other_.widget_id);
  EXPECT_EQ(moved.version, 2);
  EXPECT_EQ(moved.body, a.body);
  EXPECT_EQ(Titles(widget_), (std::vector<std::string>{"c", "b"}));
  EXPECT_EQ(Titles(other_), (std::vector<std::string>{"a"}));
  EXPECT_EQ(notes_->Get(alice_, widget_.widget_id, a.note_id).error().code, Code::kNotFound);
  Result<model::Note> to_links =
      notes_->Move(alice_, widget_.widget_id, b.note_id, 1,
                   NoteMove{.widget = WidgetRef{page_.page_id, links_.widget_id}});
  ASSERT_FALSE(to_links.ok());
  EXPECT_EQ(to_links.error().field, "target_widget_id");
  EXPECT_EQ(to_links.error().rule, "wrong_kind");
  // An unknown outcome that was not applied is re-sent.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK(notes_->Move(alice_, widget_.widget_id, b.note_id, 1,
                         NoteMove{.widget = WidgetRef{page_.page_id, other_.widget_id},
                                  .placement = {a.note_id, {}}}));
  EXPECT_EQ(Titles(other_), (std::vector<std::string>{"b", "a"}));
}

// A note belongs to its widget's owner: it moves only into widgets of that owner, even when
// the mover may edit a widget of someone else.
TEST_F(NoteServiceTest, MovesBetweenWidgetsStayAmongTheOwnersWidgets) {
  AddUser(*env_, alice_);
  AddUser(*env_, bob_);
  model::Note note = CreateOrDie("mine");
  ASSERT_OK_AND_ASSIGN(model::Page bobs_page, PageService(env_->context).Create(bob_, "Bob's"));
  ASSERT_OK_AND_ASSIGN(
      model::Widget bobs_widget,
      WidgetService(env_->context)
          .Add(bob_, bobs_page.page_id,
               NewWidget{.kind = model::WidgetKind::kNotes, .title = "Bob's notes"}));
  ShareService shares(env_->context);
  ASSERT_OK(shares.ShareWithUser(alice_, ResourceId::Widget(page_.page_id, widget_.widget_id),
                                 bob_.user_id, model::Permission::kEdit, std::nullopt));
  ASSERT_OK(shares.ShareWithUser(bob_, ResourceId::Widget(bobs_page.page_id, bobs_widget.widget_id),
                                 alice_.user_id, model::Permission::kEdit, std::nullopt));
  int writes = env_->faulty.ForwardedWrites();
  for (const Caller* caller : {&alice_, &bob_}) {
    Result<model::Note> moved =
        notes_->Move(*caller, widget_.widget_id, note.note_id, 1,
                     NoteMove{.widget = WidgetRef{bobs_page.page_id, bobs_widget.widget_id}});
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, Code::kNotFound) << moved.error().ToString();
    EXPECT_EQ(moved.error().field, "target_widget_id");
  }
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  ASSERT_OK_AND_ASSIGN(std::vector<model::NoteSummary> in_bobs,
                       notes_->List(bob_, bobs_page.page_id, bobs_widget.widget_id));
  EXPECT_TRUE(in_bobs.empty());
  // An edit grantee of both of Alice's widgets moves it between them; it stays hers.
  ASSERT_OK(shares.ShareWithUser(alice_, ResourceId::Widget(page_.page_id, other_.widget_id),
                                 bob_.user_id, model::Permission::kEdit, std::nullopt));
  ASSERT_OK_AND_ASSIGN(
      model::Note moved,
      notes_->Move(bob_, widget_.widget_id, note.note_id, 1,
                   NoteMove{.widget = WidgetRef{page_.page_id, other_.widget_id}}));
  EXPECT_EQ(moved.widget_id, other_.widget_id);
  EXPECT_EQ(moved.user_id, alice_.user_id);
  EXPECT_EQ(Titles(other_), (std::vector<std::string>{"mine"}));
}

TEST_F(NoteServiceTest, DeleteIsVersionChecked) {
  model::Note a = CreateOrDie("a");
  ASSERT_OK(notes_->Update(alice_, widget_.widget_id, a.note_id, 1, NoteChanges{.title = "a2"}));
  Status stale = notes_->Delete(alice_, widget_.widget_id, a.note_id, 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConflict);
  ASSERT_OK(notes_->Delete(alice_, widget_.widget_id, a.note_id, 2));
  EXPECT_TRUE(Titles(widget_).empty());
  EXPECT_TRUE(Recent(10).empty());
}

TEST_F(NoteServiceTest, AnotherUsersNoteIsNotFoundOnEveryCallAndUnchanged) {
  model::Note a = CreateOrDie("mine");
  auto expect_not_found = [](const auto& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Code::kNotFound) << result.error().ToString();
  };
  expect_not_found(notes_->Get(bob_, widget_.widget_id, a.note_id));
  expect_not_found(
      notes_->Update(bob_, widget_.widget_id, a.note_id, 1, NoteChanges{.title = "x"}));
  expect_not_found(notes_->Move(bob_, widget_.widget_id, a.note_id, 1, NoteMove{}));
  expect_not_found(notes_->Delete(bob_, widget_.widget_id, a.note_id, 1));
  expect_not_found(notes_->Create(bob_, page_.page_id, widget_.widget_id, NewNote{}));
  expect_not_found(notes_->List(bob_, page_.page_id, widget_.widget_id));
  ASSERT_OK_AND_ASSIGN(NoteSummaryPage bobs, notes_->Recent(bob_, 10, ""));
  EXPECT_TRUE(bobs.notes.empty());
  ASSERT_OK_AND_ASSIGN(model::Note still, notes_->Get(alice_, widget_.widget_id, a.note_id));
  EXPECT_EQ(still, a);
}

}  // namespace
}  // namespace homeboard::service
