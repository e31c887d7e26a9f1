// Tests of PreferencesService on a SQLite store: defaults for absent items, first writes,
// partial version-checked updates, input rules, racing first writes and unknown outcomes.
#include "service/preferences_service.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "model/attributes.h"
#include "model/ids.h"
#include "service/page_service.h"
#include "service/testing_store.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;

class PreferencesServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    preferences_ = std::make_unique<PreferencesService>(env_->context);
  }

  // The stored item, read straight from the store.
  std::optional<ddb::Item> Stored(const Caller& caller) {
    auto item = env_->db->store()->Get({env_->db->tables().Of(model::kPreferencesTable),
                                        model::Preferences::KeyOf(caller.user_id), true});
    EXPECT_OK(item);
    return item.ok() ? *item : std::nullopt;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<PreferencesService> preferences_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
};

TEST_F(PreferencesServiceTest, AbsentItemReadsAsDefaults) {
  ASSERT_OK_AND_ASSIGN(model::Preferences prefs, preferences_->Get(alice_));
  EXPECT_EQ(prefs, model::Preferences::Defaults(alice_.user_id));
  EXPECT_EQ(prefs.version, 0);
  EXPECT_FALSE(Stored(alice_).has_value());
}

TEST_F(PreferencesServiceTest, FirstWriteCreatesAndLaterWritesChangeOnlyTheGivenFields) {
  ASSERT_OK_AND_ASSIGN(
      model::Preferences created,
      preferences_->Update(alice_, 0, PreferencesChanges{.theme = model::Theme::kDark}));
  EXPECT_EQ(created.version, 1);
  EXPECT_EQ(created.theme, model::Theme::kDark);
  EXPECT_FALSE(created.time_zone.has_value());
  ASSERT_OK_AND_ASSIGN(model::Preferences read, preferences_->Get(alice_));
  EXPECT_EQ(read, created);

  ASSERT_OK_AND_ASSIGN(model::Preferences zoned,
                       preferences_->Update(alice_, 1,
                                            PreferencesChanges{.time_zone = "Europe/Berlin",
                                                               .locale = "de-DE",
                                                               .open_links_in_new_tab = true}));
  EXPECT_EQ(zoned.theme, model::Theme::kDark);
  EXPECT_EQ(zoned.time_zone, "Europe/Berlin");
  EXPECT_EQ(zoned.locale, "de-DE");
  EXPECT_TRUE(zoned.open_links_in_new_tab);
  EXPECT_EQ(zoned.version, 2);

  // An empty value removes the setting.
  ASSERT_OK_AND_ASSIGN(model::Preferences cleared,
                       preferences_->Update(alice_, 2, PreferencesChanges{.time_zone = ""}));
  EXPECT_FALSE(cleared.time_zone.has_value());
  EXPECT_EQ(cleared.locale, "de-DE");
  std::optional<ddb::Item> item = Stored(alice_);
  ASSERT_TRUE(item.has_value());
  EXPECT_FALSE(item->contains(model::attr::kTimeZone));
  ASSERT_OK_AND_ASSIGN(read, preferences_->Get(alice_));
  EXPECT_EQ(read, cleared);
  // Bob still has defaults.
  ASSERT_OK_AND_ASSIGN(model::Preferences bobs, preferences_->Get(bob_));
  EXPECT_EQ(bobs.version, 0);
}

TEST_F(PreferencesServiceTest, PartialUpdateWritesOnlyChangedAttributes) {
  ASSERT_OK(preferences_->Update(alice_, 0, PreferencesChanges{.locale = "en-GB"}));
  // Someone writes an attribute this version does not know: a partial update leaves it.
  ASSERT_OK(env_->db->store()->Update(
      {env_->db->tables().Of(model::kPreferencesTable),
       model::Preferences::KeyOf(alice_.user_id),
       ddb::Update().Set("future_setting", ddb::AttributeValue::S("kept")),
       {}}));
  ASSERT_OK(preferences_->Update(alice_, 1, PreferencesChanges{.theme = model::Theme::kLight}));
  std::optional<ddb::Item> item = Stored(alice_);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->at("future_setting").AsS(), "kept");
  EXPECT_EQ(item->at("locale").AsS(), "en-GB");
  EXPECT_EQ(item->at("theme").AsS(), "light");
}

TEST_F(PreferencesServiceTest, StaleVersionsAreConflicts) {
  ASSERT_OK(preferences_->Update(alice_, 0, PreferencesChanges{.theme = model::Theme::kDark}));
  for (std::int64_t stale : {0, 2, 5}) {
    Result<model::Preferences> result =
        preferences_->Update(alice_, stale, PreferencesChanges{.theme = model::Theme::kLight});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Code::kConflict);
    EXPECT_EQ(result.error().field, "version");
  }
  ASSERT_OK_AND_ASSIGN(model::Preferences read, preferences_->Get(alice_));
  EXPECT_EQ(read.theme, model::Theme::kDark);
}

TEST_F(PreferencesServiceTest, BadInputNamesFieldAndRule) {
  PageService pages(env_->context);
  ASSERT_OK_AND_ASSIGN(model::Page bobs_page, pages.Create(bob_, "Bob's"));
  struct Case {
    std::int64_t version;
    PreferencesChanges changes;
    Code code;
    std::string field;
    std::string rule;
  } cases[] = {
      {0, {.time_zone = "Not a zone!"}, Code::kInvalidArgument, "time_zone", "pattern"},
      {0, {.locale = "x"}, Code::kInvalidArgument, "locale", "pattern"},
      {0, {.default_page_id = "nope"}, Code::kInvalidArgument, "default_page_id", "pattern"},
      {0, {.default_page_id = model::NewId()}, Code::kNotFound, "default_page_id", "not_found"},
      {0, {.default_page_id = bobs_page.page_id}, Code::kNotFound, "default_page_id", "not_found"},
      {-1, {}, Code::kInvalidArgument, "version", "range"},
  };
  for (const Case& c : cases) {
    Result<model::Preferences> result = preferences_->Update(alice_, c.version, c.changes);
    ASSERT_FALSE(result.ok()) << c.field;
    EXPECT_EQ(result.error().code, c.code) << result.error().ToString();
    EXPECT_EQ(result.error().field, c.field) << result.error().ToString();
    EXPECT_EQ(result.error().rule, c.rule) << result.error().ToString();
  }
  EXPECT_FALSE(Stored(alice_).has_value());
  Result<model::Preferences> no_user = preferences_->Get(Caller{"x"});
  ASSERT_FALSE(no_user.ok());
  EXPECT_EQ(no_user.error().field, "user_id");

  ASSERT_OK_AND_ASSIGN(model::Page mine, pages.Create(alice_, "Mine"));
  ASSERT_OK_AND_ASSIGN(model::Preferences set,
                       preferences_->Update(alice_, 0, {.default_page_id = mine.page_id}));
  EXPECT_EQ(set.default_page_id, mine.page_id);
}

TEST_F(PreferencesServiceTest, TwoFirstWritesRacingExactlyOneCreates) {
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  env_->faulty.SetBeforeWrite([&](Op) {
    std::unique_lock<std::mutex> lock(mu);
    ++arrived;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(5), [&] { return arrived >= 2; });
  });
  Result<model::Preferences> dark = Error{};
  Result<model::Preferences> light = Error{};
  std::thread a([&] { dark = preferences_->Update(alice_, 0, {.theme = model::Theme::kDark}); });
  std::thread b([&] { light = preferences_->Update(alice_, 0, {.theme = model::Theme::kLight}); });
  a.join();
  b.join();
  env_->faulty.SetBeforeWrite(nullptr);
  ASSERT_NE(dark.ok(), light.ok());
  EXPECT_EQ((dark.ok() ? light : dark).error().code, Code::kConflict);
  ASSERT_OK_AND_ASSIGN(model::Preferences stored, preferences_->Get(alice_));
  EXPECT_EQ(stored, dark.ok() ? *dark : *light);
  EXPECT_EQ(stored.version, 1);
}

TEST_F(PreferencesServiceTest, UnknownOutcomesAreResolved) {
  env_->faulty.Inject(
      {.op = Op::kUpdate, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK_AND_ASSIGN(model::Preferences created,
                       preferences_->Update(alice_, 0, {.theme = model::Theme::kDark}));
  env_->faulty.Inject(
      {.op = Op::kUpdate, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK_AND_ASSIGN(model::Preferences updated,
                       preferences_->Update(alice_, 1, {.locale = "fr"}));
  EXPECT_EQ(env_->faulty.Calls(Op::kUpdate), 3);
  ASSERT_OK_AND_ASSIGN(model::Preferences read, preferences_->Get(alice_));
  EXPECT_EQ(read, updated);
  EXPECT_EQ(read.version, 2);
  EXPECT_EQ(read.theme, model::Theme::kDark);
}

}  // namespace
}  // namespace homeboard::service
