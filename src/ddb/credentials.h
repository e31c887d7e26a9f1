// AWS credentials and the providers that find them, in the order the AWS CLI uses:
// environment variables, the shared credentials/config files, the ECS container endpoint
// and the EC2 instance metadata service (the last two live in metadata_credentials.h).
//
// See https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html and
// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
#ifndef HOMEBOARD_DDB_CREDENTIALS_H_
#define HOMEBOARD_DDB_CREDENTIALS_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/aws_config.h"
#include "ddb/error.h"

namespace homeboard::ddb {

class HttpTransport;
class Clock;

// One set of credentials. Temporary credentials carry a session token and usually an
// expiration; long-term keys have neither.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;

  // True when the credentials expire at or before `now + margin`. Credentials without an
  // expiration never expire.
  bool IsExpiredAt(std::chrono::system_clock::time_point now,
                   std::chrono::seconds margin = std::chrono::seconds(0)) const {
    return expiration.has_value() && now + margin >= *expiration;
  }
};

// The seam through which the client obtains credentials for every request attempt.
//
// Implementations are thread-safe: Get() and Invalidate() may be called from many threads
// at once. Get() is called for every attempt, so implementations cache and return quickly.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;

  // Current credentials, or an errc::kCredentials error whose message says what was tried
  // and why it failed.
  [[nodiscard]] virtual Result<Credentials> Get() = 0;

  // Forgets any cached credentials so the next Get() fetches fresh ones. The client calls
  // this after DynamoDB answers ExpiredTokenException. Providers with nothing to refresh
  // ignore it.
  virtual void Invalidate() {}

  // A short name for error messages and logs ("env", "profile", "container", "imds", ...).
  virtual std::string Name() const { return "custom"; }
};

// Always returns the credentials it was built with. Fails with errc::kCredentials if the
// access key id or the secret key is empty.
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  Result<Credentials> Get() override;
  std::string Name() const override { return "static"; }

 private:
  const Credentials credentials_;
};

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, optionally, AWS_SESSION_TOKEN, read through
// `env` on every Get() (cheap, and picks up changes). Fails when either key variable is
// unset or empty, naming the variable.
class EnvironmentCredentialsProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentCredentialsProvider(EnvLookup env) : env_(std::move(env)) {}
  Result<Credentials> Get() override;
  std::string Name() const override { return "env"; }

 private:
  EnvLookup env_;
};

// aws_access_key_id / aws_secret_access_key / aws_session_token of one profile, looked up
// first in the shared credentials file (section `[name]`) and then in the config file
// (section `[profile name]`, or `[default]`). The profile is `profile` if given, else
// AWS_PROFILE, else "default"; the files are AWS_SHARED_CREDENTIALS_FILE and
// AWS_CONFIG_FILE, else ~/.aws/credentials and ~/.aws/config (see ConfigFilePaths()).
//
// The files are read on the first successful Get() and again after Invalidate(); the
// credentials are cached in between (a failure is not cached: the next Get() reads the
// files again). A missing file is not an error by itself; a profile found in neither
// file, found without both keys, or relying on a mechanism this client does not implement
// (role_arn, sso_session, credential_process, ...) is.
class ProfileCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ProfileCredentialsProvider(EnvLookup env, std::string profile = "");
  Result<Credentials> Get() override;
  void Invalidate() override;
  std::string Name() const override { return "profile"; }

 private:
  Result<Credentials> Load() const;

  const EnvLookup env_;
  const std::string profile_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;  // guarded by mutex_
};

// Asks its providers in order and returns the first success. It remembers which provider
// succeeded and asks that one directly afterwards; if the remembered provider later fails,
// the whole chain is walked again. When every provider fails, the error (errc::kCredentials)
// lists each provider's failure: "no credentials: env: AWS_ACCESS_KEY_ID unset; profile:
// ...". Invalidate() is passed to every provider and forgets the remembered one.
class ChainCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ChainCredentialsProvider(std::vector<std::shared_ptr<CredentialsProvider>> providers)
      : providers_(std::move(providers)) {}
  Result<Credentials> Get() override;
  void Invalidate() override;
  std::string Name() const override { return "chain"; }

 private:
  const std::vector<std::shared_ptr<CredentialsProvider>> providers_;
  std::mutex mutex_;
  std::shared_ptr<CredentialsProvider> active_;  // guarded by mutex_
};

// What DefaultCredentialsChain needs from the outside world.
struct DefaultChainOptions {
  // Process environment unless replaced (tests pass a fake).
  EnvLookup env;
  // Profile name; empty means AWS_PROFILE or "default".
  std::string profile;
  // Transport for the container and IMDS endpoints; without one those two providers are
  // left out of the chain.
  std::shared_ptr<HttpTransport> transport;
  // Clock for credential expiry; SystemClock() when null.
  std::shared_ptr<Clock> clock;
};

// The AWS CLI's order: environment, shared credentials/config files, ECS container
// endpoint, EC2 instance metadata (IMDSv2).
std::shared_ptr<CredentialsProvider> DefaultCredentialsChain(DefaultChainOptions options);

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_CREDENTIALS_H_
