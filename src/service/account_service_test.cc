// Tests of AccountService on a SQLite store: unique names (also under a race and unknown
// outcomes), the name and password rules, login answers that do not reveal which names
// exist, password changes and rehashing, listing users, and deleting a user with
// everything that is theirs.
#include "service/account_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "model/ids.h"
#include "model/tables.h"
#include "service/page_service.h"
#include "service/preferences_service.h"
#include "service/testing_store.h"
#include "service/token_service.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;

constexpr internal::PasswordHashParams kCheap{.memory_kib = 8, .iterations = 1, .parallelism = 1};
constexpr std::string_view kPassword = "correct horse battery staple";

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    accounts_ = std::make_unique<AccountService>(env_->context, Options());
  }

  static AccountOptions Options(internal::PasswordHashParams params = kCheap) {
    AccountOptions options;
    options.password_hash = params;
    return options;
  }

  model::User CreateOrDie(std::string_view name, std::string_view password = kPassword) {
    auto user = accounts_->CreateUser(name, "", password);
    EXPECT_OK(user);
    return user.ok() ? *user : model::User{};
  }

  std::optional<Caller> Login(std::string_view name, std::string_view password) {
    auto caller = accounts_->VerifyPassword(name, password);
    EXPECT_OK(caller);
    return caller.ok() ? *caller : std::nullopt;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_F(AccountServiceTest, CreatedUserIsFoundByIdAndName) {
  ASSERT_OK_AND_ASSIGN(model::User user,
                       accounts_->CreateUser("  Alice ", "  Alice   Liddell ", kPassword));
  EXPECT_EQ(user.name, "alice");
  EXPECT_EQ(user.display_name, "Alice Liddell");
  EXPECT_TRUE(model::IsValidId(user.user_id));
  EXPECT_EQ(user.version, 1);
  EXPECT_EQ(user.password_hash.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u);
  EXPECT_TRUE(internal::VerifyPasswordHash(kPassword, user.password_hash));
  ASSERT_OK_AND_ASSIGN(model::User by_id, accounts_->GetUser(user.user_id));
  EXPECT_EQ(by_id, user);
  ASSERT_OK_AND_ASSIGN(model::User by_name, accounts_->FindByName("ALICE"));
  EXPECT_EQ(by_name, user);
}

TEST_F(AccountServiceTest, DisplayNameDefaultsToTheName) {
  model::User user = CreateOrDie("bob");
  EXPECT_EQ(user.display_name, "bob");
}

TEST_F(AccountServiceTest, MissingUsersAreNotFound) {
  auto by_id = accounts_->GetUser(model::NewId());
  ASSERT_FALSE(by_id.ok());
  EXPECT_EQ(by_id.error().code, Code::kNotFound);
  EXPECT_EQ(by_id.error().field, "user_id");
  auto by_name = accounts_->FindByName("nobody");
  ASSERT_FALSE(by_name.ok());
  EXPECT_EQ(by_name.error().code, Code::kNotFound);
  EXPECT_EQ(by_name.error().field, "name");
  auto bad_id = accounts_->GetUser("x");
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().code, Code::kInvalidArgument);
}

TEST_F(AccountServiceTest, NamesAreUnique) {
  CreateOrDie("carol");
  for (std::string_view again : {"carol", "CAROL", " Carol "}) {
    auto duplicate = accounts_->CreateUser(again, "", kPassword);
    ASSERT_FALSE(duplicate.ok()) << again;
    EXPECT_EQ(duplicate.error().code, Code::kConflict);
    EXPECT_EQ(duplicate.error().field, "name");
    EXPECT_EQ(duplicate.error().rule, "duplicate");
  }
  ASSERT_OK_AND_ASSIGN(auto users, accounts_->ListUsers());
  EXPECT_EQ(users.size(), 1u);
}

TEST_F(AccountServiceTest, ExactlyOneOfConcurrentCreatesWins) {
  constexpr int kThreads = 8;
  std::atomic<int> won{0};
  std::atomic<int> duplicate{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      auto user = accounts_->CreateUser("dave", "", kPassword);
      if (user.ok()) {
        ++won;
      } else if (user.error().code == Code::kConflict && user.error().rule == "duplicate") {
        ++duplicate;
      } else {
        ++other;
        ADD_FAILURE() << user.error().ToString();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(duplicate.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  ASSERT_OK_AND_ASSIGN(auto users, accounts_->ListUsers());
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].name, "dave");
  ASSERT_OK_AND_ASSIGN(model::User found, accounts_->FindByName("dave"));
  EXPECT_EQ(found.user_id, users[0].user_id);
}

TEST_F(AccountServiceTest, BadNamesAndPasswordsNameFieldAndRule) {
  struct Case {
    std::string name;
    std::string display_name;
    std::string password;
    std::string field;
    std::string rule;
  };
  const std::string ok(kPassword);
  for (const Case& c : std::vector<Case>{
           {"", "", ok, "name", "required"},
           {"   ", "", ok, "name", "required"},
           {"ab", "", ok, "name", "min_length"},
           {std::string(33, 'a'), "", ok, "name", "max_length"},
           {"al ice", "", ok, "name", "pattern"},
           {"al!ce", "", ok, "name", "pattern"},
           {"ålice", "", ok, "name", "pattern"},
           {"erin", std::string(201, 'x'), ok, "display_name", "max_length"},
           {"erin", "bell\a", ok, "display_name", "control_character"},
           {"erin", "", "", "password", "required"},
           {"erin", "", "fourteen chars", "password", "min_length"},
           {"erin", "", std::string(1025, 'x'), "password", "max_length"},
           {"erin", "", "fifteen chars \xff!", "password", "utf8"},
           {"erin", "", "fifteen chars\n!!", "password", "control_character"},
           {"erin", "", "fifteen chars\x7f!!", "password", "control_character"},
           {"erin", "", "my name is ERIN, ok?", "password", "contains_user_name"},
       }) {
    auto user = accounts_->CreateUser(c.name, c.display_name, c.password);
    ASSERT_FALSE(user.ok()) << c.name << " / " << c.password.size();
    EXPECT_EQ(user.error().code, Code::kInvalidArgument);
    EXPECT_EQ(user.error().field, c.field) << user.error().ToString();
    EXPECT_EQ(user.error().rule, c.rule) << user.error().ToString();
  }
  EXPECT_EQ(env_->faulty.ForwardedWrites(), 0);
  ASSERT_OK_AND_ASSIGN(auto users, accounts_->ListUsers());
  EXPECT_TRUE(users.empty());
}

TEST_F(AccountServiceTest, PasswordLengthCountsCodePointsAndBytesAsDocumented) {
  // 15 two-byte characters: 15 characters, 30 bytes.
  std::string fifteen;
  for (int i = 0; i < 15; ++i) fifteen += "\xc3\xa9";
  EXPECT_OK(accounts_->CheckPasswordRules(fifteen, "frank"));
  auto fourteen = accounts_->CheckPasswordRules(fifteen.substr(2), "frank");
  ASSERT_FALSE(fourteen.ok());
  EXPECT_EQ(fourteen.error().rule, "min_length");
  EXPECT_OK(accounts_->CheckPasswordRules(std::string(1024, 'x'), "frank"));
  // Spaces and every printable character are allowed; no composition rules.
  EXPECT_OK(accounts_->CheckPasswordRules("all lower case words", "frank"));
  EXPECT_OK(accounts_->CheckPasswordRules("               ", "frank"));
  // Looser options for deployments that add a second factor.
  AccountOptions eight = Options();
  eight.min_password_chars = 8;
  AccountService relaxed(env_->context, eight);
  EXPECT_OK(relaxed.CheckPasswordRules("eightchr", "frank"));
}

TEST_F(AccountServiceTest, LoginAcceptsOnlyTheRightPassword) {
  model::User user = CreateOrDie("grace");
  std::optional<Caller> caller = Login("grace", kPassword);
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->user_id, user.user_id);
  EXPECT_TRUE(Login(" GRACE ", kPassword).has_value());  // names are normalised
  EXPECT_FALSE(Login("grace", "correct horse battery stapl").has_value());
  EXPECT_FALSE(Login("grace", "").has_value());
  EXPECT_FALSE(Login("grace", std::string(5000, 'x')).has_value());
}

TEST_F(AccountServiceTest, UnknownAndMalformedNamesAnswerLikeAWrongPassword) {
  CreateOrDie("heidi");
  std::optional<Caller> wrong_password = Login("heidi", "not the password at all");
  std::optional<Caller> unknown = Login("ivan", kPassword);
  std::optional<Caller> malformed = Login("x!", kPassword);
  std::optional<Caller> empty = Login("", kPassword);
  EXPECT_FALSE(wrong_password.has_value());
  EXPECT_FALSE(unknown.has_value());
  EXPECT_FALSE(malformed.has_value());
  EXPECT_FALSE(empty.has_value());
}

TEST_F(AccountServiceTest, LoginReportsStoreTroubleAsAnError) {
  CreateOrDie("judy");
  env_->faulty.Inject({.op = Op::kGet,
                       .code = store::Error::Code::kUnavailable,
                       .when = When::kBefore,
                       .count = 10});
  auto caller = accounts_->VerifyPassword("judy", kPassword);
  ASSERT_FALSE(caller.ok());
  EXPECT_EQ(caller.error().code, Code::kUnavailable);
}

TEST_F(AccountServiceTest, LoginRehashesWithStrongerParameters) {
  model::User user = CreateOrDie("kate");
  internal::PasswordHashParams stronger = kCheap;
  stronger.memory_kib = 16;
  stronger.iterations = 2;
  AccountService upgraded(env_->context, Options(stronger));
  ASSERT_OK_AND_ASSIGN(std::optional<Caller> caller, upgraded.VerifyPassword("kate", kPassword));
  ASSERT_TRUE(caller.has_value());
  ASSERT_OK_AND_ASSIGN(model::User after, accounts_->GetUser(user.user_id));
  EXPECT_EQ(after.version, 2);
  EXPECT_EQ(after.password_hash.rfind("$argon2id$v=19$m=16,t=2,p=1$", 0), 0u);
  EXPECT_TRUE(internal::VerifyPasswordHash(kPassword, after.password_hash));
  // Logging in again changes nothing more; a wrong password never rehashes.
  ASSERT_OK(upgraded.VerifyPassword("kate", kPassword));
  ASSERT_OK(upgraded.VerifyPassword("kate", "wrong password wrong"));
  ASSERT_OK_AND_ASSIGN(model::User again, accounts_->GetUser(user.user_id));
  EXPECT_EQ(again.version, 2);
}

TEST_F(AccountServiceTest, ChangePasswordNeedsTheCurrentOne) {
  model::User user = CreateOrDie("liam");
  Caller caller{user.user_id};
  auto wrong = accounts_->ChangePassword(caller, "not my password!", "a brand new passphrase");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().field, "current_password");
  EXPECT_EQ(wrong.error().rule, "wrong_password");
  auto weak = accounts_->ChangePassword(caller, kPassword, "short");
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().field, "new_password");
  EXPECT_EQ(weak.error().rule, "min_length");
  ASSERT_OK(accounts_->ChangePassword(caller, kPassword, "a brand new passphrase"));
  EXPECT_FALSE(Login("liam", kPassword).has_value());
  EXPECT_TRUE(Login("liam", "a brand new passphrase").has_value());
  ASSERT_OK_AND_ASSIGN(model::User after, accounts_->GetUser(user.user_id));
  EXPECT_EQ(after.version, 2);
}

TEST_F(AccountServiceTest, SetPasswordNeedsNoOldOne) {
  model::User user = CreateOrDie("mia");
  ASSERT_OK(accounts_->SetPassword(user.user_id, "set by the administrator"));
  EXPECT_TRUE(Login("mia", "set by the administrator").has_value());
  auto missing = accounts_->SetPassword(model::NewId(), "set by the administrator");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
}

TEST_F(AccountServiceTest, ListIsSortedByName) {
  CreateOrDie("zoe");
  CreateOrDie("adam");
  CreateOrDie("mike");
  ASSERT_OK_AND_ASSIGN(auto users, accounts_->ListUsers());
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].name, "adam");
  EXPECT_EQ(users[1].name, "mike");
  EXPECT_EQ(users[2].name, "zoe");
}

TEST_F(AccountServiceTest, ListFollowsScanPagesAndSkipsNameClaims) {
  // 520 users are 1040 items: more than one Scan page of 1000.
  for (int i = 0; i < 520; ++i) CreateOrDie("user" + std::to_string(1000 + i));
  ASSERT_OK_AND_ASSIGN(auto users, accounts_->ListUsers());
  ASSERT_EQ(users.size(), 520u);
  EXPECT_EQ(users.front().name, "user1000");
  EXPECT_EQ(users.back().name, "user1519");
  EXPECT_GE(env_->faulty.Calls(Op::kScan), 2);
}

TEST_F(AccountServiceTest, ListReportsStoreTroubleAndCorruptUsers) {
  CreateOrDie("sam");
  env_->faulty.Inject(
      {.op = Op::kScan, .code = store::Error::Code::kUnavailable, .when = When::kBefore});
  auto failed = accounts_->ListUsers();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Code::kUnavailable);
  // A user item that is not a valid user is an internal error, not silently skipped.
  ddb::Item broken = model::User::KeyOf(model::NewId());
  broken["name"] = ddb::AttributeValue::S("broken");
  ASSERT_OK(
      env_->db->store()->Put({.table = env_->context.Table(model::kUsersTable), .item = broken}));
  auto corrupt = accounts_->ListUsers();
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().code, Code::kInternal);
}

TEST_F(AccountServiceTest, CreateSurvivesALostAnswer) {
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kAfter});
  ASSERT_OK_AND_ASSIGN(model::User user, accounts_->CreateUser("nina", "", kPassword));
  ASSERT_OK_AND_ASSIGN(model::User found, accounts_->FindByName("nina"));
  EXPECT_EQ(found, user);
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kOutcomeUnknown, .when = When::kBefore});
  ASSERT_OK_AND_ASSIGN(model::User other, accounts_->CreateUser("oscar", "", kPassword));
  ASSERT_OK_AND_ASSIGN(auto users, accounts_->ListUsers());
  EXPECT_EQ(users.size(), 2u);
  EXPECT_EQ(accounts_->FindByName("oscar")->user_id, other.user_id);
}

TEST_F(AccountServiceTest, DeleteRemovesTheUserAndEverythingTheirs) {
  model::User user = CreateOrDie("paul");
  model::User keep = CreateOrDie("quinn");
  Caller paul{user.user_id};
  Caller quinn{keep.user_id};
  TokenService tokens(env_->context);
  PageService pages(env_->context);
  PreferencesService preferences(env_->context);
  ASSERT_OK_AND_ASSIGN(CreatedToken api, tokens.CreateApiToken(paul, "script"));
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens.CreateSession(paul));
  ASSERT_OK_AND_ASSIGN(CreatedToken quinns, tokens.CreateApiToken(quinn, "script"));
  ASSERT_OK(pages.Create(paul, "Home"));
  ASSERT_OK(pages.Create(paul, "Work"));
  ASSERT_OK(pages.Create(quinn, "Quinn's"));
  ASSERT_OK(preferences.Update(paul, 0, PreferencesChanges{.theme = model::Theme::kDark}));

  ASSERT_OK(accounts_->DeleteUser(user.user_id));

  EXPECT_EQ(accounts_->GetUser(user.user_id).error().code, Code::kNotFound);
  EXPECT_EQ(accounts_->FindByName("paul").error().code, Code::kNotFound);
  EXPECT_FALSE(Login("paul", kPassword).has_value());
  ASSERT_OK_AND_ASSIGN(auto api_auth, tokens.Authenticate(api.token));
  EXPECT_FALSE(api_auth.has_value());
  ASSERT_OK_AND_ASSIGN(auto session_auth, tokens.AuthenticateSession(session.token));
  EXPECT_FALSE(session_auth.has_value());
  ASSERT_OK_AND_ASSIGN(auto paul_pages, pages.List(paul));
  EXPECT_TRUE(paul_pages.empty());
  ASSERT_OK_AND_ASSIGN(model::Preferences prefs, preferences.Get(paul));
  EXPECT_EQ(prefs.version, 0);
  ASSERT_OK_AND_ASSIGN(auto users, accounts_->ListUsers());
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].name, "quinn");

  // Quinn is untouched.
  ASSERT_OK_AND_ASSIGN(auto quinn_auth, tokens.Authenticate(quinns.token));
  EXPECT_TRUE(quinn_auth.has_value());
  ASSERT_OK_AND_ASSIGN(auto quinn_pages, pages.List(quinn));
  EXPECT_EQ(quinn_pages.size(), 1u);

  // The name is free again, for a new id.
  model::User reborn = CreateOrDie("paul");
  EXPECT_NE(reborn.user_id, user.user_id);
  auto twice = accounts_->DeleteUser(user.user_id);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, Code::kNotFound);
}

TEST_F(AccountServiceTest, DeleteCanBeRerunAfterAFailure) {
  model::User user = CreateOrDie("rita");
  Caller rita{user.user_id};
  PageService pages(env_->context);
  ASSERT_OK(pages.Create(rita, "Home"));
  // Fail the final transaction, as if the process died just before it.
  env_->faulty.Inject(
      {.op = Op::kTransact, .code = store::Error::Code::kInternal, .when = When::kBefore});
  auto failed = accounts_->DeleteUser(user.user_id);
  ASSERT_FALSE(failed.ok());
  ASSERT_OK_AND_ASSIGN(model::User still, accounts_->FindByName("rita"));
  EXPECT_EQ(still.user_id, user.user_id);
  ASSERT_OK(accounts_->DeleteUser(user.user_id));
  EXPECT_EQ(accounts_->FindByName("rita").error().code, Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto users, accounts_->ListUsers());
  EXPECT_TRUE(users.empty());
}

}  // namespace
}  // namespace homeboard::service
