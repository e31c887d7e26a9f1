// The static, environment, profile-file and chain credentials providers, and the default
// chain in the AWS CLI's order.
#include "ddb/credentials.h"

#include <utility>

#include "ddb/http.h"
#include "ddb/metadata_credentials.h"
#include "ddb/runtime.h"

namespace homeboard::ddb {
namespace {

std::string_view TrimBlank(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

// Settings that point at credential mechanisms this client does not implement; naming
// them in the error saves the user a confused search.
constexpr std::string_view kUnsupportedSettings[] = {
    "role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file",
};

std::string DescribeFile(const ConfigFile& file, std::string_view kind) {
  if (file.path().empty()) return "no " + std::string(kind) + " file (HOME unset)";
  if (!file.exists()) return file.path() + " (file not found)";
  return file.path();
}

}  // namespace

Result<Credentials> StaticCredentialsProvider::Get() {
  if (credentials_.access_key_id.empty() || credentials_.secret_access_key.empty()) {
    return Error(errc::kCredentials, "static credentials have an empty access key id or secret");
  }
  return credentials_;
}

Result<Credentials> EnvironmentCredentialsProvider::Get() {
  const std::optional<std::string> access_key_id = env_("AWS_ACCESS_KEY_ID");
  const std::optional<std::string> secret = env_("AWS_SECRET_ACCESS_KEY");
  if (!access_key_id.has_value() || TrimBlank(*access_key_id).empty()) {
    return Error(errc::kCredentials, std::string("AWS_ACCESS_KEY_ID ") +
                                         (access_key_id.has_value() ? "empty" : "unset"));
  }
  if (!secret.has_value() || TrimBlank(*secret).empty()) {
    return Error(errc::kCredentials,
                 std::string("AWS_ACCESS_KEY_ID set but AWS_SECRET_ACCESS_KEY ") +
                     (secret.has_value() ? "empty" : "unset"));
  }
  Credentials credentials;
  credentials.access_key_id = std::string(TrimBlank(*access_key_id));
  credentials.secret_access_key = std::string(TrimBlank(*secret));
  if (auto token = env_("AWS_SESSION_TOKEN")) {
    credentials.session_token = std::string(TrimBlank(*token));
  }
  return credentials;
}

ProfileCredentialsProvider::ProfileCredentialsProvider(EnvLookup env, std::string profile)
    : env_(std::move(env)), profile_(std::move(profile)) {}

Result<Credentials> ProfileCredentialsProvider::Get() {
  std::lock_guard lock(mutex_);
  if (cached_.has_value()) return *cached_;
  Result<Credentials> loaded = Load();
  if (loaded.ok()) cached_ = *loaded;
  return loaded;
}

void ProfileCredentialsProvider::Invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

Result<Credentials> ProfileCredentialsProvider::Load() const {
  const ConfigFilePaths paths = ResolveConfigFilePaths(env_);
  const std::string profile = ActiveProfile(env_, profile_);
  ConfigFile credentials_file;
  ConfigFile config_file;
  if (!paths.credentials.empty()) {
    Result<ConfigFile> loaded = ConfigFile::Load(paths.credentials);
    if (!loaded.ok()) return Error(errc::kCredentials, loaded.error().message());
    credentials_file = std::move(loaded).value();
  }
  if (!paths.config.empty()) {
    Result<ConfigFile> loaded = ConfigFile::Load(paths.config);
    if (!loaded.ok()) return Error(errc::kCredentials, loaded.error().message());
    config_file = std::move(loaded).value();
  }
  const ConfigSection* from_credentials = credentials_file.FindCredentialsProfile(profile);
  const ConfigSection* from_config = config_file.FindConfigProfile(profile);
  const std::string quoted = "profile '" + profile + "'";
  if (from_credentials == nullptr && from_config == nullptr) {
    return Error(errc::kCredentials, quoted + " not found in " +
                                         DescribeFile(credentials_file, "credentials") + " or " +
                                         DescribeFile(config_file, "config"));
  }
  // Like the CLI, the credentials file wins key by key over the config file.
  auto lookup = [&](std::string_view key) -> std::optional<std::string_view> {
    for (const ConfigSection* section : {from_credentials, from_config}) {
      if (section == nullptr) continue;
      if (auto value = section->Get(key); value.has_value() && !value->empty()) return value;
    }
    return std::nullopt;
  };
  std::string where = from_credentials != nullptr ? credentials_file.path() : config_file.path();
  if (from_credentials != nullptr && from_config != nullptr) where += " and " + config_file.path();
  const auto access_key_id = lookup("aws_access_key_id");
  const auto secret = lookup("aws_secret_access_key");
  if (!access_key_id.has_value() || !secret.has_value()) {
    for (std::string_view setting : kUnsupportedSettings) {
      if (lookup(setting).has_value()) {
        return Error(errc::kCredentials, quoted + " in " + where + " uses " + std::string(setting) +
                                             ", which this client does not support; give it "
                                             "aws_access_key_id and aws_secret_access_key");
      }
    }
    return Error(errc::kCredentials,
                 quoted + " in " + where + " has no " +
                     (access_key_id.has_value() ? "aws_secret_access_key" : "aws_access_key_id"));
  }
  Credentials credentials;
  credentials.access_key_id = std::string(*access_key_id);
  credentials.secret_access_key = std::string(*secret);
  if (auto token = lookup("aws_session_token")) {
    credentials.session_token = std::string(*token);
  } else if (auto legacy = lookup("aws_security_token")) {
    credentials.session_token = std::string(*legacy);
  }
  return credentials;
}

Result<Credentials> ChainCredentialsProvider::Get() {
  std::shared_ptr<CredentialsProvider> active;
  {
    std::lock_guard lock(mutex_);
    active = active_;
  }
  std::optional<Error> active_error;
  if (active != nullptr) {
    Result<Credentials> credentials = active->Get();
    if (credentials.ok()) return credentials;
    active_error = std::move(credentials).error();
  }
  std::string message = "no credentials";
  if (providers_.empty()) message += ": no providers configured";
  for (std::size_t i = 0; i < providers_.size(); ++i) {
    const std::shared_ptr<CredentialsProvider>& provider = providers_[i];
    Result<Credentials> credentials = (provider == active && active_error.has_value())
                                          ? Result<Credentials>(*active_error)
                                          : provider->Get();
    if (credentials.ok()) {
      std::lock_guard lock(mutex_);
      active_ = provider;
      return credentials;
    }
    message += i == 0 ? ": " : "; ";
    message += provider->Name();
    message += ": ";
    message += credentials.error().message();
  }
  return Error(errc::kCredentials, std::move(message));
}

void ChainCredentialsProvider::Invalidate() {
  {
    std::lock_guard lock(mutex_);
    active_.reset();
  }
  for (const auto& provider : providers_) provider->Invalidate();
}

std::shared_ptr<CredentialsProvider> DefaultCredentialsChain(DefaultChainOptions options) {
  EnvLookup env = options.env ? std::move(options.env) : ProcessEnvironment();
  std::vector<std::shared_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_shared<EnvironmentCredentialsProvider>(env));
  providers.push_back(std::make_shared<ProfileCredentialsProvider>(env, options.profile));
  if (options.transport != nullptr) {
    MetadataCredentialsOptions metadata;
    metadata.clock = options.clock;
    providers.push_back(
        std::make_shared<ContainerCredentialsProvider>(options.transport, env, metadata));
    providers.push_back(
        std::make_shared<ImdsCredentialsProvider>(options.transport, env, metadata));
  }
  return std::make_shared<ChainCredentialsProvider>(std::move(providers));
}

}  // namespace homeboard::ddb
