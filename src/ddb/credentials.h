// AWS credentials and the providers that find them, in the order the AWS CLI uses:
// environment variables, the shared credentials/config files, the ECS container endpoint
// and the EC2 instance metadata service (the last two live in metadata_credentials.h).
//
// See https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html and
// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
#ifndef HOMEBOARD_DDB_CREDENTIALS_H_
#define HOMEBOARD_DDB_CREDENTIALS_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "ddb/error.h"

namespace homeboard::ddb {

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

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_CREDENTIALS_H_
