// Tests for the static, environment, profile-file and chain credentials providers and the
// default chain. The environment is a fake and the files live in a fresh temporary
// directory, so nothing here depends on the machine's own AWS setup.
#include "ddb/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ddb/http.h"
#include "testing/fake_runtime.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "homeboard-credentials-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string path() const { return path_.string(); }
  std::string Write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    return file.string();
  }

 private:
  fs::path path_;
};

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Credentials Keys(std::string id, std::string secret, std::string token = "") {
  return Credentials{std::move(id), std::move(secret), std::move(token), std::nullopt};
}

// A provider that answers from a script and counts calls.
class ScriptedProvider final : public CredentialsProvider {
 public:
  ScriptedProvider(std::string name, std::deque<Result<Credentials>> answers)
      : name_(std::move(name)), answers_(std::move(answers)) {}
  Result<Credentials> Get() override {
    std::lock_guard lock(mutex_);
    ++gets_;
    Result<Credentials> answer = answers_.front();
    if (answers_.size() > 1) answers_.pop_front();
    return answer;
  }
  void Invalidate() override {
    std::lock_guard lock(mutex_);
    ++invalidations_;
  }
  std::string Name() const override { return name_; }
  int gets() {
    std::lock_guard lock(mutex_);
    return gets_;
  }
  int invalidations() {
    std::lock_guard lock(mutex_);
    return invalidations_;
  }

 private:
  const std::string name_;
  std::mutex mutex_;
  std::deque<Result<Credentials>> answers_;
  int gets_ = 0;
  int invalidations_ = 0;
};

Error Failure(std::string message) { return Error(errc::kCredentials, std::move(message)); }

TEST(StaticCredentialsProvider, ReturnsItsCredentials) {
  StaticCredentialsProvider provider(Keys("AKID", "SECRET", "TOKEN"));
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "AKID");
  EXPECT_EQ(credentials.secret_access_key, "SECRET");
  EXPECT_EQ(credentials.session_token, "TOKEN");
  StaticCredentialsProvider empty(Keys("AKID", ""));
  Result<Credentials> failed = empty.Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(failed.error().Is(errc::kCredentials));
}

TEST(EnvironmentCredentialsProvider, ReadsTheThreeVariables) {
  EnvironmentCredentialsProvider provider(FakeEnv({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                   {"AWS_SECRET_ACCESS_KEY", "SECRET"},
                                                   {"AWS_SESSION_TOKEN", "TOKEN"}}));
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "AKID");
  EXPECT_EQ(credentials.secret_access_key, "SECRET");
  EXPECT_EQ(credentials.session_token, "TOKEN");
  EXPECT_FALSE(credentials.expiration.has_value());

  EnvironmentCredentialsProvider no_token(
      FakeEnv({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "SECRET"}}));
  ASSERT_OK_AND_ASSIGN(credentials, no_token.Get());
  EXPECT_EQ(credentials.session_token, "");
}

TEST(EnvironmentCredentialsProvider, NamesTheMissingVariable) {
  Result<Credentials> none = EnvironmentCredentialsProvider(FakeEnv({})).Get();
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(none.error().Is(errc::kCredentials));
  EXPECT_EQ(none.error().message(), "AWS_ACCESS_KEY_ID unset");
  Result<Credentials> no_secret =
      EnvironmentCredentialsProvider(FakeEnv({{"AWS_ACCESS_KEY_ID", "AKID"}})).Get();
  ASSERT_FALSE(no_secret.ok());
  EXPECT_THAT(no_secret.error().message(), HasSubstr("AWS_SECRET_ACCESS_KEY unset"));
  Result<Credentials> empty =
      EnvironmentCredentialsProvider(
          FakeEnv({{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", "S"}}))
          .Get();
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message(), "AWS_ACCESS_KEY_ID empty");
}

TEST(ProfileCredentialsProvider, DefaultProfileFromCredentialsFileUnderHome) {
  TempDir home;
  home.Write(".aws/credentials",
             "[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\n"
             "[dev]\naws_access_key_id = DEV\naws_secret_access_key = DEVSECRET\n"
             "aws_session_token = DEVTOKEN\n");
  ProfileCredentialsProvider provider(FakeEnv({{"HOME", home.path()}}));
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "AKID");
  EXPECT_EQ(credentials.secret_access_key, "SECRET");
  EXPECT_EQ(credentials.session_token, "");

  ProfileCredentialsProvider dev(FakeEnv({{"HOME", home.path()}, {"AWS_PROFILE", "dev"}}));
  ASSERT_OK_AND_ASSIGN(credentials, dev.Get());
  EXPECT_EQ(credentials.access_key_id, "DEV");
  EXPECT_EQ(credentials.session_token, "DEVTOKEN");

  ProfileCredentialsProvider explicit_dev(FakeEnv({{"HOME", home.path()}}), "dev");
  ASSERT_OK_AND_ASSIGN(credentials, explicit_dev.Get());
  EXPECT_EQ(credentials.access_key_id, "DEV");
}

TEST(ProfileCredentialsProvider, FallsBackToConfigFileProfileSections) {
  TempDir dir;
  const std::string credentials_file = dir.Write("creds", "[other]\naws_access_key_id = X\n");
  const std::string config_file =
      dir.Write("config",
                "[dev]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n"
                "[profile dev]\nregion = eu-west-1\naws_access_key_id = CFG\n"
                "aws_secret_access_key = CFGSECRET\n");
  ProfileCredentialsProvider provider(FakeEnv({{"AWS_SHARED_CREDENTIALS_FILE", credentials_file},
                                               {"AWS_CONFIG_FILE", config_file},
                                               {"AWS_PROFILE", "dev"}}));
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "CFG");
  EXPECT_EQ(credentials.secret_access_key, "CFGSECRET");
}

TEST(ProfileCredentialsProvider, CredentialsFileWinsKeyByKey) {
  TempDir dir;
  const std::string credentials_file =
      dir.Write("creds", "[default]\naws_access_key_id = FROMCREDS\n");
  const std::string config_file = dir.Write(
      "config",
      "[default]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = CONFIGSECRET\n");
  ProfileCredentialsProvider provider(FakeEnv(
      {{"AWS_SHARED_CREDENTIALS_FILE", credentials_file}, {"AWS_CONFIG_FILE", config_file}}));
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "FROMCREDS");
  EXPECT_EQ(credentials.secret_access_key, "CONFIGSECRET");
}

TEST(ProfileCredentialsProvider, ErrorsSayWhatWasLookedAt) {
  TempDir dir;
  const std::string credentials_file = dir.Write("creds", "[default]\naws_access_key_id = A\n");
  const std::string missing_config = dir.path() + "/no-config";
  const EnvLookup env = FakeEnv(
      {{"AWS_SHARED_CREDENTIALS_FILE", credentials_file}, {"AWS_CONFIG_FILE", missing_config}});

  Result<Credentials> incomplete = ProfileCredentialsProvider(env).Get();
  ASSERT_FALSE(incomplete.ok());
  EXPECT_TRUE(incomplete.error().Is(errc::kCredentials));
  EXPECT_EQ(incomplete.error().message(),
            "profile 'default' in " + credentials_file + " has no aws_secret_access_key");

  Result<Credentials> unknown = ProfileCredentialsProvider(env, "nope").Get();
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message(), "profile 'nope' not found in " + credentials_file + " or " +
                                           missing_config + " (file not found)");

  Result<Credentials> no_home = ProfileCredentialsProvider(FakeEnv({})).Get();
  ASSERT_FALSE(no_home.ok());
  EXPECT_THAT(no_home.error().message(), HasSubstr("HOME unset"));
}

TEST(ProfileCredentialsProvider, NamesUnsupportedMechanisms) {
  TempDir dir;
  const std::string config = dir.Write(
      "config", "[profile assume]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n");
  Result<Credentials> result =
      ProfileCredentialsProvider(FakeEnv({{"AWS_CONFIG_FILE", config}}), "assume").Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), HasSubstr("uses role_arn"));
}

TEST(ProfileCredentialsProvider, CachesUntilInvalidated) {
  TempDir dir;
  const std::string file = dir.path() + "/creds";
  const EnvLookup env =
      FakeEnv({{"AWS_SHARED_CREDENTIALS_FILE", file}, {"AWS_CONFIG_FILE", dir.path() + "/none"}});
  ProfileCredentialsProvider provider(env);
  // A failure is not cached: the file may appear later.
  ASSERT_FALSE(provider.Get().ok());
  dir.Write("creds", "[default]\naws_access_key_id = ONE\naws_secret_access_key = S1\n");
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "ONE");

  dir.Write("creds", "[default]\naws_access_key_id = TWO\naws_secret_access_key = S2\n");
  ASSERT_OK_AND_ASSIGN(credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "ONE");
  provider.Invalidate();
  ASSERT_OK_AND_ASSIGN(credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "TWO");
}

TEST(ChainCredentialsProvider, FirstSuccessWinsAndIsRemembered) {
  auto first = std::make_shared<ScriptedProvider>(
      "first", std::deque<Result<Credentials>>{Failure("first is empty")});
  auto second = std::make_shared<ScriptedProvider>(
      "second", std::deque<Result<Credentials>>{Keys("SECOND", "S")});
  auto third = std::make_shared<ScriptedProvider>(
      "third", std::deque<Result<Credentials>>{Keys("THIRD", "S")});
  ChainCredentialsProvider chain({first, second, third});
  ASSERT_OK_AND_ASSIGN(Credentials credentials, chain.Get());
  EXPECT_EQ(credentials.access_key_id, "SECOND");
  ASSERT_OK_AND_ASSIGN(credentials, chain.Get());
  EXPECT_EQ(credentials.access_key_id, "SECOND");
  EXPECT_EQ(first->gets(), 1);  // not asked again once `second` is known to work
  EXPECT_EQ(second->gets(), 2);
  EXPECT_EQ(third->gets(), 0);
}

TEST(ChainCredentialsProvider, WalksAgainWhenTheRememberedOneFails) {
  auto first = std::make_shared<ScriptedProvider>(
      "first", std::deque<Result<Credentials>>{Failure("no"), Keys("FIRST", "S")});
  auto second = std::make_shared<ScriptedProvider>(
      "second", std::deque<Result<Credentials>>{Keys("SECOND", "S"), Failure("gone")});
  ChainCredentialsProvider chain({first, second});
  ASSERT_OK_AND_ASSIGN(Credentials credentials, chain.Get());
  EXPECT_EQ(credentials.access_key_id, "SECOND");
  ASSERT_OK_AND_ASSIGN(credentials, chain.Get());
  EXPECT_EQ(credentials.access_key_id, "FIRST");
  EXPECT_EQ(second->gets(), 2);  // the failed remembered provider is not asked twice
}

TEST(ChainCredentialsProvider, ErrorListsEveryProvider) {
  auto env = std::make_shared<EnvironmentCredentialsProvider>(FakeEnv({}));
  auto other = std::make_shared<ScriptedProvider>(
      "other", std::deque<Result<Credentials>>{Failure("nothing here")});
  ChainCredentialsProvider chain({env, other});
  Result<Credentials> result = chain.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().Is(errc::kCredentials));
  EXPECT_EQ(result.error().message(),
            "no credentials: env: AWS_ACCESS_KEY_ID unset; other: nothing here");
  Result<Credentials> empty = ChainCredentialsProvider({}).Get();
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.error().message(), HasSubstr("no providers"));
}

TEST(ChainCredentialsProvider, InvalidateReachesEveryProviderAndForgetsActive) {
  auto first = std::make_shared<ScriptedProvider>(
      "first", std::deque<Result<Credentials>>{Failure("no"), Keys("FIRST", "S")});
  auto second = std::make_shared<ScriptedProvider>(
      "second", std::deque<Result<Credentials>>{Keys("SECOND", "S")});
  ChainCredentialsProvider chain({first, second});
  ASSERT_OK_AND_ASSIGN(Credentials credentials, chain.Get());
  EXPECT_EQ(credentials.access_key_id, "SECOND");
  chain.Invalidate();
  EXPECT_EQ(first->invalidations(), 1);
  EXPECT_EQ(second->invalidations(), 1);
  ASSERT_OK_AND_ASSIGN(credentials, chain.Get());
  EXPECT_EQ(credentials.access_key_id, "FIRST");  // walked from the start again
}

// Answers every request with a connection failure and records what was asked.
class UnreachableTransport final : public HttpTransport {
 public:
  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    urls_.push_back(request.method + " " + request.url);
    return Error(errc::kConnectError, "connection refused");
  }
  std::vector<std::string> urls() {
    std::lock_guard lock(mutex_);
    return urls_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> urls_;
};

TEST(DefaultCredentialsChain, EnvironmentComesFirst) {
  TempDir home;
  home.Write(".aws/credentials",
             "[default]\naws_access_key_id = FILE\naws_secret_access_key = S\n");
  DefaultChainOptions options;
  options.env = FakeEnv(
      {{"HOME", home.path()}, {"AWS_ACCESS_KEY_ID", "ENV"}, {"AWS_SECRET_ACCESS_KEY", "S"}});
  ASSERT_OK_AND_ASSIGN(Credentials credentials, DefaultCredentialsChain(options)->Get());
  EXPECT_EQ(credentials.access_key_id, "ENV");

  options.env = FakeEnv({{"HOME", home.path()}});
  ASSERT_OK_AND_ASSIGN(credentials, DefaultCredentialsChain(options)->Get());
  EXPECT_EQ(credentials.access_key_id, "FILE");
}

TEST(DefaultCredentialsChain, TriesContainerThenImdsAndReportsAll) {
  TempDir home;
  auto transport = std::make_shared<UnreachableTransport>();
  DefaultChainOptions options;
  options.env = FakeEnv({{"HOME", home.path()}});
  options.transport = transport;
  options.clock = std::make_shared<testing::FakeClock>();
  Result<Credentials> result = DefaultCredentialsChain(options)->Get();
  ASSERT_FALSE(result.ok());
  const std::string& message = result.error().message();
  EXPECT_THAT(message, StartsWith("no credentials: env: AWS_ACCESS_KEY_ID unset; profile: "
                                  "profile 'default' not found in "));
  EXPECT_THAT(message, HasSubstr("; container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                                 "AWS_CONTAINER_CREDENTIALS_FULL_URI unset; imds: "));
  EXPECT_THAT(message, HasSubstr("connection refused"));
  // Only IMDS touched the network (the container provider had no URI): the token request,
  // tried twice.
  EXPECT_THAT(transport->urls(),
              ::testing::ElementsAre("PUT http://169.254.169.254/latest/api/token",
                                     "PUT http://169.254.169.254/latest/api/token"));
}

TEST(DefaultCredentialsChain, WithoutTransportSkipsMetadataProviders) {
  DefaultChainOptions options;
  options.env = FakeEnv({});
  Result<Credentials> result = DefaultCredentialsChain(options)->Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), ::testing::Not(HasSubstr("imds")));
}

}  // namespace
}  // namespace homeboard::ddb
