// Tests of BackupService on SQLite stores: a dashboard with every kind of object exported as
// JSON, restored into an empty account of another store and exported again byte for byte;
// restores refused for accounts that are not empty and for ids in use; interrupted restores
// finished by a re-run; and the bookmark HTML export read back by the importer.
#include "service/backup_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/ids.h"
#include "model/tables.h"
#include "model/tag_association.h"
#include "service/bookmark_service.h"
#include "service/group_service.h"
#include "service/import_service.h"
#include "service/internal/store_ops.h"
#include "service/internal/tag_consistency.h"
#include "service/netscape_parser.h"
#include "service/netscape_writer.h"
#include "service/note_service.h"
#include "service/page_service.h"
#include "service/preferences_service.h"
#include "service/testing_store.h"
#include "service/tag_service.h"
#include "service/widget_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

namespace fs = std::filesystem;

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

// A second store (its own tables under `prefix`, also on DynamoDB, where the stores of one
// process otherwise share tables), with a fault injector and a stepping clock.
struct OtherStore {
  static std::unique_ptr<OtherStore> Open(const std::string& prefix) {
    auto db = TestStore::Open(prefix);
    EXPECT_TRUE(db.ok());
    if (!db.ok()) return nullptr;
    auto other = std::make_unique<OtherStore>();
    other->db = std::move(db).value();
    other->faulty = std::make_unique<FaultInjectingStore>(other->db->store());
    other->context.store = other->faulty.get();
    other->context.tables = other->db->tables();
    other->context.now = [clock = other->clock] { return clock->Now(); };
    return other;
  }

  std::unique_ptr<TestStore> db;
  std::unique_ptr<FaultInjectingStore> faulty;
  std::shared_ptr<SteppingClock> clock = std::make_shared<SteppingClock>();
  ServiceContext context;
};

// Everything HTML carries, without ids, keys and versions.
std::string Summary(const Dashboard& dashboard) {
  std::ostringstream out;
  for (const PageBackup& page : dashboard.pages) {
    out << "page " << page.page.title << " " << page.page.created_at << "\n";
    for (const WidgetBackup& widget : page.widgets) {
      if (widget.widget.kind != model::WidgetKind::kBookmarks) continue;
      out << "  widget " << widget.widget.title << " col=" << widget.widget.column << "\n";
      std::map<std::string, std::string> group_names;
      for (const model::Group& g : widget.groups) {
        group_names[g.group_id] = g.name;
        out << "    group " << g.name << " depth=" << g.depth << " parent="
            << (g.parent_group_id ? group_names[*g.parent_group_id] : "-") << "\n";
      }
      // Per group (top level first, then groups in tree order), in order: the order of
      // bookmarks of different groups among each other means nothing.
      std::vector<std::optional<std::string>> lists{std::nullopt};
      for (const model::Group& g : widget.groups) lists.push_back(g.group_id);
      for (const std::optional<std::string>& list : lists) {
        for (const model::Bookmark& b : widget.bookmarks) {
          if (b.group_id != list) continue;
          out << "    - " << b.title << " <" << b.url << "> in="
              << (b.group_id ? group_names[*b.group_id] : "-") << " desc=" << b.description
              << " icon=" << b.icon.value_or("-") << " created=" << b.created_at << " tags=";
          for (const std::string& t : b.tags) out << t << ";";
          out << "\n";
        }
      }
    }
  }
  return out.str();
}

class BackupServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    other_ = OtherStore::Open("other_");
    ASSERT_NE(other_, nullptr);
  }

  // A dashboard with every kind of object, several versions, settings, tags, preferences.
  void BuildDashboard(const ServiceContext& context, const Caller& caller) {
    PageService pages(context);
    WidgetService widgets(context);
    GroupService groups(context);
    BookmarkService bookmarks(context);
    NoteService notes(context);
    PreferencesService preferences(context);
    ASSERT_OK_AND_ASSIGN(model::Page home, pages.Create(caller, "Home"));
    ASSERT_OK_AND_ASSIGN(model::Page work, pages.Create(caller, "Work"));
    ASSERT_OK(pages.Rename(caller, work.page_id, work.version, "Work stuff"));
    ddb::Item link_settings{{"show_icons", ddb::AttributeValue::Bool(true)},
                            {"columns", ddb::AttributeValue::N(2)}};
    ASSERT_OK_AND_ASSIGN(
        model::Widget links,
        widgets.Add(caller, home.page_id, NewWidget{.title = "Links", .settings = link_settings}));
    ASSERT_OK_AND_ASSIGN(model::Widget memo,
                         widgets.Add(caller, home.page_id,
                                     NewWidget{.kind = model::WidgetKind::kNotes,
                                               .title = "Notes",
                                               .column = 1}));
    ddb::Item clock_settings{{"time_zone", ddb::AttributeValue::S("Europe/Zurich")},
                             {"format", ddb::AttributeValue::S("24h")}};
    ASSERT_OK(widgets.Add(caller, work.page_id,
                          NewWidget{.kind = model::WidgetKind::kClock,
                                    .title = "Clock",
                                    .column = 2,
                                    .settings = clock_settings}));
    ASSERT_OK_AND_ASSIGN(model::Group dev, groups.Create(caller, home.page_id, links.widget_id,
                                                         NewGroup{.name = "Dev"}));
    ASSERT_OK_AND_ASSIGN(
        model::Group cpp,
        groups.Create(caller, home.page_id, links.widget_id,
                      NewGroup{.name = "C++", .parent_group_id = dev.group_id}));
    ASSERT_OK(bookmarks.Add(caller, home.page_id, links.widget_id,
                            NewBookmark{.url = "https://example.com/", .title = "Example"}));
    ASSERT_OK_AND_ASSIGN(
        model::Bookmark ref,
        bookmarks.Add(caller, home.page_id, links.widget_id,
                      NewBookmark{.url = "https://en.cppreference.com/",
                                  .title = "cppreference",
                                  .description = "line one\n\tline two \xC3\xA9",
                                  .icon = "https://en.cppreference.com/favicon.ico",
                                  .group_id = cpp.group_id}));
    ASSERT_OK_AND_ASSIGN(
        model::Bookmark edited,
        bookmarks.Update(caller, links.widget_id, ref.bookmark_id, ref.version,
                         BookmarkChanges{.title = "cppreference.com \"C++\""}));
    TagService tag_service(context);
    ASSERT_OK(tag_service.SetTags(caller, {model::TaggedType::kBookmark, links.widget_id,
                                           edited.bookmark_id},
                                  edited.version, {"c++", "reference"}));
    ASSERT_OK(bookmarks.Add(caller, home.page_id, links.widget_id,
                            NewBookmark{.url = "https://www.sqlite.org/", .group_id = dev.group_id}));
    ASSERT_OK_AND_ASSIGN(
        model::Note note,
        notes.Create(caller, home.page_id, memo.widget_id,
                     NewNote{.title = "Shopping", .body = "milk\r\neggs\n\xF0\x9F\x98\x80"}));
    ASSERT_OK(tag_service.SetTags(caller, {model::TaggedType::kNote, memo.widget_id, note.note_id},
                                  note.version, {"home", "reference"}));
    ASSERT_OK(tag_service.SetTags(caller, {model::TaggedType::kWidget, home.page_id,
                                           memo.widget_id},
                                  memo.version, {"home"}));
    ASSERT_OK(preferences.Update(
        caller, 0,
        PreferencesChanges{.theme = model::Theme::kDark, .default_page_id = work.page_id}));
  }

  std::string ExportJson(const ServiceContext& context, const Caller& caller) {
    auto dashboard = BackupService(context).Load(caller);
    EXPECT_OK(dashboard);
    return dashboard.ok() ? WriteBackupJson(*dashboard) : "";
  }

  std::vector<model::TagCount> Counts(const ServiceContext& context, const Caller& caller) {
    store::QueryRequest request;
    request.table = context.Table(model::kTagAssociationsTable);
    request.key_condition = ddb::KeyCondition::Partition(
        "item_ref", ddb::AttributeValue::S(model::TagCountRef(caller.user_id)));
    auto items = internal::QueryAll(context, request);
    EXPECT_OK(items);
    std::vector<model::TagCount> counts;
    if (!items.ok()) return counts;
    for (const ddb::Item& item : *items) {
      auto count = model::TagCount::FromItem(item);
      EXPECT_TRUE(count.ok());
      if (count.ok()) counts.push_back(*count);
    }
    return counts;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<OtherStore> other_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
};

TEST_F(BackupServiceTest, JsonExportRestoreExportIsByteIdentical) {
  BuildDashboard(env_->context, alice_);
  std::string exported = ExportJson(env_->context, alice_);
  EXPECT_NE(exported.find("\"kind\": \"clock\""), std::string::npos);
  EXPECT_NE(exported.find("\"body\": \"milk\\r\\neggs\\n"), std::string::npos);
  EXPECT_EQ(exported.find(alice_.user_id), std::string::npos) << "the document names no user";

  ASSERT_OK_AND_ASSIGN(Dashboard parsed, ParseBackupJson(exported, bob_.user_id));
  ASSERT_OK_AND_ASSIGN(RestoreReport report, BackupService(other_->context).Restore(bob_, parsed));
  EXPECT_EQ(report.pages, 2u);
  EXPECT_EQ(report.widgets, 3u);
  EXPECT_EQ(report.groups, 2u);
  EXPECT_EQ(report.bookmarks, 3u);
  EXPECT_EQ(report.notes, 1u);
  EXPECT_EQ(report.tag_associations, 5u);
  EXPECT_EQ(ExportJson(other_->context, bob_), exported);
  ASSERT_OK_AND_ASSIGN(auto source_problems,
                       internal::FindTagProblems(env_->context, alice_.user_id));
  EXPECT_TRUE(source_problems.empty()) << source_problems.front();
  ASSERT_OK_AND_ASSIGN(auto problems, internal::FindTagProblems(other_->context, bob_.user_id));
  EXPECT_TRUE(problems.empty()) << problems.front();

  // Derived data: the tag counts, and the restored objects work with the services.
  std::vector<model::TagCount> counts = Counts(other_->context, bob_);
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0].tag, "c++");
  EXPECT_EQ(counts[0].count, 1);
  EXPECT_EQ(counts[1].tag, "home");
  EXPECT_EQ(counts[1].count, 2);
  EXPECT_EQ(counts[2].tag, "reference");
  EXPECT_EQ(counts[2].count, 2);
  ASSERT_OK_AND_ASSIGN(auto recent, NoteService(other_->context).Recent(bob_, 10, ""));
  ASSERT_EQ(recent.notes.size(), 1u);
  EXPECT_EQ(recent.notes[0].preview, "milk eggs \xF0\x9F\x98\x80");
  ASSERT_OK_AND_ASSIGN(auto prefs, PreferencesService(other_->context).Get(bob_));
  EXPECT_EQ(prefs.theme, model::Theme::kDark);
}

TEST_F(BackupServiceTest, RestoreRunTwiceChangesNothing) {
  BuildDashboard(env_->context, alice_);
  std::string exported = ExportJson(env_->context, alice_);
  ASSERT_OK_AND_ASSIGN(Dashboard parsed, ParseBackupJson(exported, bob_.user_id));
  BackupService backup(other_->context);
  ASSERT_OK(backup.Restore(bob_, parsed));
  ASSERT_OK(backup.Restore(bob_, parsed));
  EXPECT_EQ(ExportJson(other_->context, bob_), exported);
  EXPECT_EQ(Counts(other_->context, bob_).size(), 3u);
}

TEST_F(BackupServiceTest, RestoreRefusesAnAccountThatIsNotEmpty) {
  BuildDashboard(env_->context, alice_);
  std::string exported = ExportJson(env_->context, alice_);
  ASSERT_OK_AND_ASSIGN(Dashboard parsed, ParseBackupJson(exported, bob_.user_id));
  ASSERT_OK(PageService(other_->context).Create(bob_, "Mine"));
  int writes = other_->faulty->ForwardedWrites();
  auto restored = BackupService(other_->context).Restore(bob_, parsed);
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().code, Error::Code::kConflict);
  EXPECT_EQ(restored.error().rule, "not_empty");
  EXPECT_EQ(other_->faulty->ForwardedWrites(), writes) << "nothing written";

  // Preferences alone also make an account not empty.
  Caller carol{model::NewId()};
  ASSERT_OK(PreferencesService(other_->context)
                .Update(carol, 0, PreferencesChanges{.theme = model::Theme::kLight}));
  ASSERT_OK_AND_ASSIGN(Dashboard for_carol, ParseBackupJson(exported, carol.user_id));
  auto refused = BackupService(other_->context).Restore(carol, for_carol);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "not_empty");
}

TEST_F(BackupServiceTest, RestoreRefusesIdsInUseByAnotherAccount) {
  // Widget, group, bookmark and note keys do not include the owner: restoring alice's
  // backup for bob in the same store would overwrite alice's widgets.
  BuildDashboard(env_->context, alice_);
  std::string exported = ExportJson(env_->context, alice_);
  ASSERT_OK_AND_ASSIGN(Dashboard parsed, ParseBackupJson(exported, bob_.user_id));
  int writes = env_->faulty.ForwardedWrites();
  auto restored = BackupService(env_->context).Restore(bob_, parsed);
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().code, Error::Code::kConflict);
  EXPECT_EQ(restored.error().rule, "duplicate");
  EXPECT_TRUE(restored.error().field.starts_with("pages[0].widgets[")) << restored.error().field;
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  EXPECT_EQ(ExportJson(env_->context, alice_), exported);
}

TEST_F(BackupServiceTest, InterruptedRestoreFinishesWhenRunAgain) {
  BuildDashboard(env_->context, alice_);
  std::string exported = ExportJson(env_->context, alice_);
  ASSERT_OK_AND_ASSIGN(Dashboard parsed, ParseBackupJson(exported, bob_.user_id));
  int before = other_->faulty->ForwardedWrites();
  ASSERT_OK(BackupService(other_->context).Restore(bob_, parsed));
  int writes = other_->faulty->ForwardedWrites() - before;
  ASSERT_GE(writes, 4);  // pages, children, tags, preferences
  for (int cut = 0; cut < writes; ++cut) {
    SCOPED_TRACE("cut after " + std::to_string(cut) + " writes");
    std::unique_ptr<OtherStore> env = OtherStore::Open("cut" + std::to_string(cut) + "_");
    ASSERT_NE(env, nullptr);
    BackupService backup(env->context);
    env->faulty->FailWritesAfter(cut);
    ASSERT_FALSE(backup.Restore(bob_, parsed).ok());
    env->faulty->Heal();
    ASSERT_OK(backup.Restore(bob_, parsed));
    EXPECT_EQ(ExportJson(env->context, bob_), exported);
    EXPECT_EQ(Counts(env->context, bob_).size(), 3u);
    ASSERT_OK_AND_ASSIGN(auto problems, internal::FindTagProblems(env->context, bob_.user_id));
    EXPECT_TRUE(problems.empty()) << problems.front();
  }
}

TEST_F(BackupServiceTest, EmptyAccountExportsAnEmptyDocument) {
  std::string exported = ExportJson(env_->context, alice_);
  EXPECT_EQ(exported,
            "{\n  \"format\": \"homeboard-backup\",\n  \"version\": 1,\n  \"pages\": []\n}\n");
}

TEST_F(BackupServiceTest, HtmlExportImportsBackEqualUpToWhatHtmlCarries) {
  ImportService import(env_->context);
  std::string html = ReadFixture("firefox.html") + ReadFixture("chrome.html");
  ASSERT_OK(import.ImportNetscape(alice_, ParseNetscape(html)));
  BuildDashboard(env_->context, alice_);  // plus notes, a clock, groups made by hand
  ASSERT_OK_AND_ASSIGN(Dashboard original, BackupService(env_->context).Load(alice_));

  std::string exported = WriteNetscape(DashboardToNetscape(original));
  NetscapeDocument reparsed = ParseNetscape(exported);
  EXPECT_TRUE(reparsed.skipped.empty());
  ImportService import_other(other_->context);
  ASSERT_OK_AND_ASSIGN(ImportReport report, import_other.ImportNetscape(bob_, reparsed));
  EXPECT_TRUE(report.issues.empty());
  ASSERT_OK_AND_ASSIGN(Dashboard copy, BackupService(other_->context).Load(bob_));

  // Bookmarks made by hand have millisecond timestamps; HTML carries seconds.
  auto seconds = [](Dashboard d) {
    for (PageBackup& p : d.pages) {
      p.page.created_at.replace(19, 4, ".000");
      for (WidgetBackup& w : p.widgets) {
        for (model::Bookmark& b : w.bookmarks) b.created_at.replace(19, 4, ".000");
      }
    }
    return d;
  };
  EXPECT_EQ(Summary(seconds(copy)), Summary(seconds(original)));
  ASSERT_OK_AND_ASSIGN(auto problems, internal::FindTagProblems(other_->context, bob_.user_id));
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NE(Summary(original).find("c++;reference;"), std::string::npos);
}

}  // namespace
}  // namespace homeboard::service
