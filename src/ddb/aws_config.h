// AWS-CLI-compatible configuration: the environment seam, the shared `config` and
// `credentials` INI files, and how the region and the DynamoDB endpoint are chosen.
//
// Nothing here reads the process environment directly: every function takes an EnvLookup,
// so tests (and embedders) decide what the "environment" is.
//
// File format: https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
// Settings:    https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html
// Endpoints:   https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
#ifndef HOMEBOARD_DDB_AWS_CONFIG_H_
#define HOMEBOARD_DDB_AWS_CONFIG_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ddb/error.h"

namespace homeboard::ddb {

// Looks up one environment variable; nullopt when it is unset. Must be thread-safe if the
// providers using it are shared between threads.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The real process environment (getenv). Thread-safe as long as nobody calls setenv.
EnvLookup ProcessEnvironment();

// One `[section]` of an INI file. Keys are lower-cased, as the AWS CLI's parser does;
// values are trimmed. An indented block under a key with an empty value is a nested
// section:
//   dynamodb =
//     endpoint_url = http://localhost:8000
class ConfigSection {
 public:
  using Values = std::map<std::string, std::string, std::less<>>;

  // The value of `key` (any case), if present.
  std::optional<std::string_view> Get(std::string_view key) const;
  // The value of `key` inside the nested section `section`, if both are present.
  std::optional<std::string_view> GetNested(std::string_view section, std::string_view key) const;
  bool Has(std::string_view key) const { return Get(key).has_value(); }

  const Values& values() const { return values_; }

 private:
  friend class ConfigFile;
  Values values_;
  std::map<std::string, Values, std::less<>> nested_;
};

// A parsed shared `config` or `credentials` file.
//
// Parsing is forgiving like the CLI's: blank lines and lines starting with '#' or ';' are
// comments, as is anything after " #" or " ;" on a line; lines that are neither a section
// header nor "key = value" are ignored; keys outside any section are ignored; a section that
// appears twice is merged (later keys win).
class ConfigFile {
 public:
  static ConfigFile Parse(std::string_view text);

  // Reads and parses the file at `path`. A missing file yields an empty ConfigFile with
  // exists() false (not an error); a file that exists but cannot be read is an
  // errc::kConfiguration error naming the path.
  [[nodiscard]] static Result<ConfigFile> Load(const std::string& path);

  bool exists() const { return exists_; }
  const std::string& path() const { return path_; }

  // The section whose header is exactly `[name]` (inner whitespace trimmed), if any.
  const ConfigSection* FindSection(std::string_view name) const;
  // A profile as the credentials file names it: `[name]`.
  const ConfigSection* FindCredentialsProfile(std::string_view profile) const;
  // A profile as the config file names it: `[profile name]`; for "default" also `[default]`
  // (which wins, as in the CLI).
  const ConfigSection* FindConfigProfile(std::string_view profile) const;
  // A `[services name]` section (service-specific endpoint settings).
  const ConfigSection* FindServices(std::string_view name) const;

 private:
  bool exists_ = false;
  std::string path_;
  std::map<std::string, ConfigSection, std::less<>> sections_;
};

// Where the shared files are: AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, else
// $HOME/.aws/credentials and $HOME/.aws/config. A leading "~/" in the variables is
// expanded with HOME. A path is empty when it cannot be determined (no HOME).
struct ConfigFilePaths {
  std::string credentials;
  std::string config;
};
ConfigFilePaths ResolveConfigFilePaths(const EnvLookup& env);

// The profile in use: `explicit_profile` if not empty, else AWS_PROFILE, else
// AWS_DEFAULT_PROFILE, else "default".
std::string ActiveProfile(const EnvLookup& env, std::string_view explicit_profile = {});

// The region to sign for: `explicit_region`, else AWS_REGION, else AWS_DEFAULT_REGION,
// else `region` of the active profile in the config file. Fails with
// errc::kConfiguration naming every place looked at, or when the value found is not a
// plausible region name (letters, digits and '-').
[[nodiscard]] Result<std::string> ResolveRegion(const EnvLookup& env,
                                                std::string_view explicit_region,
                                                std::string_view profile = {});

// The DynamoDB endpoint URL, without a trailing slash. In order:
//   `explicit_endpoint`; AWS_ENDPOINT_URL_DYNAMODB; AWS_ENDPOINT_URL; `endpoint_url` in the
//   `dynamodb` block of the profile's `services` section; `endpoint_url` of the profile;
//   else https://dynamodb.<region>.amazonaws.com (".amazonaws.com.cn" for cn-* regions).
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true skips the environment and file settings (not the
// explicit one). Fails with errc::kConfiguration when the chosen URL is not http:// or
// https:// with a host (the message names where it came from), or when the default is
// needed and `region` is empty or implausible.
[[nodiscard]] Result<std::string> ResolveEndpoint(const EnvLookup& env,
                                                  std::string_view explicit_endpoint,
                                                  std::string_view region,
                                                  std::string_view profile = {});

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_AWS_CONFIG_H_
