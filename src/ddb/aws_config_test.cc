// Tests for the shared config file parser and region/endpoint resolution. Every test uses
// a fake environment and files in a fresh temporary directory, never the real ones.
#include "ddb/aws_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A fresh directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "homeboard-aws-config-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
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

TEST(ConfigFile, ParsesSectionsCommentsAndNestedBlocks) {
  const ConfigFile file = ConfigFile::Parse(
      "# leading comment\n"
      "orphan = ignored\n"
      "[default]\r\n"
      "Region = eu-west-1 ; trailing comment\n"
      "  aws_access_key_id=AKID   \n"
      "; another comment\n"
      "\n"
      "[profile dev]  # comment after header\n"
      "output = json\n"
      "s3 =\n"
      "  max_concurrent_requests = 10\n"
      "  Addressing_Style = path\n"
      "region = us-west-2\n"
      "url = http://host/#anchor\n"
      "not a key value line\n"
      "[profile   spaced  ]\n"
      "region = ap-south-1\n"
      "[broken\n"
      "region = lost\n"
      "[default]\n"
      "output = text\n");
  EXPECT_TRUE(file.exists());
  const ConfigSection* defaults = file.FindSection("default");
  ASSERT_NE(defaults, nullptr);
  EXPECT_EQ(defaults->Get("region"), "eu-west-1");
  EXPECT_EQ(defaults->Get("REGION"), "eu-west-1");
  EXPECT_EQ(defaults->Get("aws_access_key_id"), "AKID");
  EXPECT_EQ(defaults->Get("output"), "text");  // duplicate section merged
  EXPECT_FALSE(defaults->Has("orphan"));

  const ConfigSection* dev = file.FindConfigProfile("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->Get("region"), "us-west-2");
  EXPECT_EQ(dev->Get("s3"), "");
  EXPECT_EQ(dev->GetNested("s3", "max_concurrent_requests"), "10");
  EXPECT_EQ(dev->GetNested("S3", "addressing_style"), "path");
  EXPECT_FALSE(dev->Has("max_concurrent_requests"));
  EXPECT_EQ(dev->Get("url"), "http://host/#anchor");
  EXPECT_EQ(file.FindCredentialsProfile("dev"), nullptr);  // that is "[dev]"

  const ConfigSection* spaced = file.FindConfigProfile("spaced");
  ASSERT_NE(spaced, nullptr);
  EXPECT_EQ(spaced->Get("region"), "ap-south-1");
  EXPECT_EQ(file.FindConfigProfile("broken"), nullptr);
  EXPECT_EQ(file.FindSection("broken"), nullptr);
}

TEST(ConfigFile, DefaultProfilePrefersPlainDefaultSection) {
  const ConfigFile only_profile = ConfigFile::Parse("[profile default]\nregion = a-1\n");
  ASSERT_NE(only_profile.FindConfigProfile("default"), nullptr);
  EXPECT_EQ(only_profile.FindConfigProfile("default")->Get("region"), "a-1");
  const ConfigFile both =
      ConfigFile::Parse("[profile default]\nregion = a-1\n[default]\nregion = b-2\n");
  EXPECT_EQ(both.FindConfigProfile("default")->Get("region"), "b-2");
}

TEST(ConfigFile, LoadMissingFileIsEmptyNotError) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(ConfigFile file, ConfigFile::Load((dir.path() / "nope").string()));
  EXPECT_FALSE(file.exists());
  EXPECT_EQ(file.FindSection("default"), nullptr);
}

TEST(ConfigFile, LoadUnreadableFileIsError) {
  TempDir dir;
  // A directory where the file should be: exists, but cannot be read as a file (even by root).
  const std::string path = (dir.path() / "config").string();
  fs::create_directories(path);
  Result<ConfigFile> file = ConfigFile::Load(path);
  ASSERT_FALSE(file.ok());
  EXPECT_TRUE(file.error().Is(errc::kConfiguration));
  EXPECT_THAT(file.error().message(), HasSubstr(path));
}

TEST(ConfigFilePaths, UsesVariablesThenHome) {
  EXPECT_EQ(ResolveConfigFilePaths(FakeEnv({{"HOME", "/home/u"}})).credentials,
            "/home/u/.aws/credentials");
  EXPECT_EQ(ResolveConfigFilePaths(FakeEnv({{"HOME", "/home/u"}})).config, "/home/u/.aws/config");
  const ConfigFilePaths paths =
      ResolveConfigFilePaths(FakeEnv({{"HOME", "/home/u"},
                                      {"AWS_SHARED_CREDENTIALS_FILE", "/x/creds"},
                                      {"AWS_CONFIG_FILE", "~/c"}}));
  EXPECT_EQ(paths.credentials, "/x/creds");
  EXPECT_EQ(paths.config, "/home/u/c");
  const ConfigFilePaths no_home = ResolveConfigFilePaths(FakeEnv({}));
  EXPECT_EQ(no_home.credentials, "");
  EXPECT_EQ(no_home.config, "");
}

TEST(ActiveProfile, ExplicitThenEnvironmentThenDefault) {
  EXPECT_EQ(ActiveProfile(FakeEnv({})), "default");
  EXPECT_EQ(ActiveProfile(FakeEnv({{"AWS_DEFAULT_PROFILE", "old"}})), "old");
  EXPECT_EQ(ActiveProfile(FakeEnv({{"AWS_PROFILE", "dev"}, {"AWS_DEFAULT_PROFILE", "old"}})),
            "dev");
  EXPECT_EQ(ActiveProfile(FakeEnv({{"AWS_PROFILE", "dev"}}), "cli"), "cli");
  EXPECT_EQ(ActiveProfile(FakeEnv({{"AWS_PROFILE", ""}})), "default");
}

TEST(ResolveRegion, ExplicitWins) {
  ASSERT_OK_AND_ASSIGN(std::string region,
                       ResolveRegion(FakeEnv({{"AWS_REGION", "us-east-1"}}), "eu-central-1"));
  EXPECT_EQ(region, "eu-central-1");
}

TEST(ResolveRegion, EnvironmentOrder) {
  ASSERT_OK_AND_ASSIGN(
      std::string region,
      ResolveRegion(FakeEnv({{"AWS_REGION", "us-east-1"}, {"AWS_DEFAULT_REGION", "us-west-2"}}),
                    ""));
  EXPECT_EQ(region, "us-east-1");
  ASSERT_OK_AND_ASSIGN(region, ResolveRegion(FakeEnv({{"AWS_DEFAULT_REGION", "us-west-2"}}), ""));
  EXPECT_EQ(region, "us-west-2");
}

TEST(ResolveRegion, FromActiveProfileInConfigFile) {
  TempDir dir;
  dir.Write(".aws/config",
            "[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-northeast-1\n");
  ASSERT_OK_AND_ASSIGN(std::string region,
                       ResolveRegion(FakeEnv({{"HOME", dir.path().string()}}), ""));
  EXPECT_EQ(region, "eu-west-1");
  ASSERT_OK_AND_ASSIGN(
      region, ResolveRegion(FakeEnv({{"HOME", dir.path().string()}, {"AWS_PROFILE", "dev"}}), ""));
  EXPECT_EQ(region, "ap-northeast-1");
  ASSERT_OK_AND_ASSIGN(region, ResolveRegion(FakeEnv({{"HOME", dir.path().string()}}), "", "dev"));
  EXPECT_EQ(region, "ap-northeast-1");

  const std::string other = dir.Write("elsewhere.ini", "[profile x]\nregion=sa-east-1\n");
  ASSERT_OK_AND_ASSIGN(region, ResolveRegion(FakeEnv({{"HOME", dir.path().string()},
                                                      {"AWS_CONFIG_FILE", other},
                                                      {"AWS_PROFILE", "x"}}),
                                             ""));
  EXPECT_EQ(region, "sa-east-1");
}

TEST(ResolveRegion, ErrorNamesEveryPlace) {
  TempDir dir;
  const std::string config = dir.Write("config", "[profile other]\nregion = eu-west-1\n");
  Result<std::string> region =
      ResolveRegion(FakeEnv({{"AWS_CONFIG_FILE", config}, {"AWS_DEFAULT_REGION", " "}}), "");
  ASSERT_FALSE(region.ok());
  EXPECT_TRUE(region.error().Is(errc::kConfiguration));
  EXPECT_THAT(region.error().message(), HasSubstr("AWS_REGION unset"));
  EXPECT_THAT(region.error().message(), HasSubstr("AWS_DEFAULT_REGION empty"));
  EXPECT_THAT(region.error().message(), HasSubstr("profile 'default' not found in " + config));

  region = ResolveRegion(FakeEnv({{"HOME", dir.path().string()}}), "");
  ASSERT_FALSE(region.ok());
  EXPECT_THAT(region.error().message(), HasSubstr("not found"));
  EXPECT_THAT(region.error().message(), HasSubstr(".aws/config"));

  region = ResolveRegion(FakeEnv({}), "");
  ASSERT_FALSE(region.ok());
  EXPECT_THAT(region.error().message(), HasSubstr("no config file"));

  dir.Write("noregion", "[default]\noutput = json\n");
  region = ResolveRegion(FakeEnv({{"AWS_CONFIG_FILE", (dir.path() / "noregion").string()}}), "");
  ASSERT_FALSE(region.ok());
  EXPECT_THAT(region.error().message(), HasSubstr("has no region"));
}

TEST(ResolveRegion, RejectsImplausibleRegion) {
  Result<std::string> region = ResolveRegion(FakeEnv({{"AWS_REGION", "us-east-1.evil.com/"}}), "");
  ASSERT_FALSE(region.ok());
  EXPECT_TRUE(region.error().Is(errc::kConfiguration));
  EXPECT_THAT(region.error().message(), HasSubstr("AWS_REGION"));
}

TEST(ResolveEndpoint, ExplicitThenServiceThenGlobalEnvironment) {
  const EnvLookup env = FakeEnv({{"AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000/"},
                                 {"AWS_ENDPOINT_URL", "http://localhost:9000"}});
  ASSERT_OK_AND_ASSIGN(std::string endpoint,
                       ResolveEndpoint(env, "https://ddb.example.com", "us-east-1"));
  EXPECT_EQ(endpoint, "https://ddb.example.com");
  ASSERT_OK_AND_ASSIGN(endpoint, ResolveEndpoint(env, "", "us-east-1"));
  EXPECT_EQ(endpoint, "http://localhost:8000");
  ASSERT_OK_AND_ASSIGN(
      endpoint,
      ResolveEndpoint(FakeEnv({{"AWS_ENDPOINT_URL", "http://localhost:9000"}}), "", "us-east-1"));
  EXPECT_EQ(endpoint, "http://localhost:9000");
}

TEST(ResolveEndpoint, FromProfileServicesSectionThenEndpointUrl) {
  TempDir dir;
  const std::string config = dir.Write("config",
                                       "[profile local]\n"
                                       "services = local-services\n"
                                       "endpoint_url = http://global:1\n"
                                       "[services local-services]\n"
                                       "s3 =\n"
                                       "  endpoint_url = http://s3:2\n"
                                       "dynamodb =\n"
                                       "  endpoint_url = http://localhost:8000\n"
                                       "[profile plain]\n"
                                       "endpoint_url = http://global:1/\n");
  ASSERT_OK_AND_ASSIGN(
      std::string endpoint,
      ResolveEndpoint(FakeEnv({{"AWS_CONFIG_FILE", config}, {"AWS_PROFILE", "local"}}), "",
                      "us-east-1"));
  EXPECT_EQ(endpoint, "http://localhost:8000");
  ASSERT_OK_AND_ASSIGN(
      endpoint, ResolveEndpoint(FakeEnv({{"AWS_CONFIG_FILE", config}}), "", "us-east-1", "plain"));
  EXPECT_EQ(endpoint, "http://global:1");
  // The environment beats the file.
  ASSERT_OK_AND_ASSIGN(endpoint, ResolveEndpoint(FakeEnv({{"AWS_CONFIG_FILE", config},
                                                          {"AWS_PROFILE", "local"},
                                                          {"AWS_ENDPOINT_URL", "http://env:3"}}),
                                                 "", "us-east-1"));
  EXPECT_EQ(endpoint, "http://env:3");
}

TEST(ResolveEndpoint, IgnoreConfiguredEndpointUrls) {
  ASSERT_OK_AND_ASSIGN(std::string endpoint,
                       ResolveEndpoint(FakeEnv({{"AWS_ENDPOINT_URL", "http://env:3"},
                                                {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}}),
                                       "", "eu-west-1"));
  EXPECT_EQ(endpoint, "https://dynamodb.eu-west-1.amazonaws.com");
}

TEST(ResolveEndpoint, DefaultsFromRegion) {
  ASSERT_OK_AND_ASSIGN(std::string endpoint, ResolveEndpoint(FakeEnv({}), "", "eu-west-1"));
  EXPECT_EQ(endpoint, "https://dynamodb.eu-west-1.amazonaws.com");
  ASSERT_OK_AND_ASSIGN(endpoint, ResolveEndpoint(FakeEnv({}), "", "cn-north-1"));
  EXPECT_EQ(endpoint, "https://dynamodb.cn-north-1.amazonaws.com.cn");
  Result<std::string> missing = ResolveEndpoint(FakeEnv({}), "", "");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().Is(errc::kConfiguration));
  EXPECT_THAT(missing.error().message(), HasSubstr("no region"));
}

TEST(ResolveEndpoint, RejectsBadSchemesAndHosts) {
  Result<std::string> bad = ResolveEndpoint(FakeEnv({}), "ftp://example.com", "us-east-1");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().Is(errc::kConfiguration));
  EXPECT_THAT(bad.error().message(), HasSubstr("http:// or https://"));
  EXPECT_THAT(bad.error().message(), HasSubstr("client options"));

  bad =
      ResolveEndpoint(FakeEnv({{"AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000"}}), "", "us-east-1");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message(), HasSubstr("AWS_ENDPOINT_URL_DYNAMODB"));

  bad = ResolveEndpoint(FakeEnv({}), "http:///path", "us-east-1");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message(), HasSubstr("no host"));

  bad = ResolveEndpoint(FakeEnv({}), "http://a b", "us-east-1");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message(), HasSubstr("whitespace"));

  ASSERT_OK_AND_ASSIGN(std::string upper, ResolveEndpoint(FakeEnv({}), "HTTPS://Example.com/", ""));
  EXPECT_EQ(upper, "HTTPS://Example.com");
}

TEST(ProcessEnvironment, ReadsRealVariables) {
  // Uses a variable this test sets itself, so it does not depend on the caller's environment.
  ASSERT_EQ(setenv("HOMEBOARD_AWS_CONFIG_TEST_VAR", "value", 1), 0);
  EXPECT_EQ(ProcessEnvironment()("HOMEBOARD_AWS_CONFIG_TEST_VAR"), "value");
  unsetenv("HOMEBOARD_AWS_CONFIG_TEST_VAR");
  EXPECT_EQ(ProcessEnvironment()("HOMEBOARD_AWS_CONFIG_TEST_VAR"), std::nullopt);
}

}  // namespace
}  // namespace homeboard::ddb
