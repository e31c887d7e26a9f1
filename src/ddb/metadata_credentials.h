// Credentials from metadata endpoints: the ECS/EKS container credentials endpoint and the
// EC2 instance metadata service (IMDSv2). Both fetch temporary credentials over HTTP through
// the HttpTransport seam, cache them, and refresh them shortly before they expire.
//
// Container: https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
// IMDS:      https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
//            https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-credentials.html
#ifndef HOMEBOARD_DDB_METADATA_CREDENTIALS_H_
#define HOMEBOARD_DDB_METADATA_CREDENTIALS_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "ddb/aws_config.h"
#include "ddb/credentials.h"
#include "ddb/error.h"
#include "ddb/http.h"
#include "ddb/runtime.h"

namespace homeboard::ddb {

struct MetadataCredentialsOptions {
  // Wall clock for expiry decisions; SystemClock() when null.
  std::shared_ptr<Clock> clock;
  // Source of refresh jitter; SystemRandom() when null.
  std::shared_ptr<Random> random;
  // Credentials are refreshed this long before their Expiration...
  std::chrono::seconds refresh_margin{300};
  // ...plus a random extra of up to this much, so a fleet does not refresh in lock step.
  std::chrono::seconds refresh_jitter{60};
  // After a failed fetch the endpoint is not asked again before this much time has passed
  // (or Invalidate() is called): meanwhile Get() returns the cached credentials while they
  // are still valid, else the error of that fetch. Also the shortest time between two
  // fetches when the endpoint hands out credentials that are (nearly) expired.
  std::chrono::seconds retry_after_failure{10};
  // Per-HTTP-request timeout. Metadata endpoints are local; a slow one means "not here".
  std::chrono::milliseconds timeout{1000};
  // Tries per HTTP request (1 = no retry). Retried: connection/network errors, timeouts and
  // HTTP 5xx/429.
  int attempts = 2;
};

// The caching and refresh logic both metadata providers share.
//
// Get() returns the cached credentials while they are not within the refresh window
// (Expiration - refresh_margin - jitter); credentials without an Expiration are kept until
// Invalidate(). Only one thread fetches at a time: while a refresh is running, callers
// holding still-valid cached credentials get those at once, and callers that have none wait
// for the running fetch and share its outcome instead of starting their own. A failed
// refresh keeps serving the cached credentials until they actually expire. Thread-safe.
//
// Errors are errc::kCredentials, from Fetch().
class RefreshingCredentialsProvider : public CredentialsProvider {
 public:
  Result<Credentials> Get() final;
  void Invalidate() final;

 protected:
  explicit RefreshingCredentialsProvider(const MetadataCredentialsOptions& options);

  // Fetches fresh credentials from the endpoint. Called with the fetch lock held (never
  // concurrently with itself).
  [[nodiscard]] virtual Result<Credentials> Fetch() = 0;

  // Sends `request`, retrying per options().attempts. Returns the response for any HTTP
  // status that is not retried; failures are transport errors from the last attempt.
  [[nodiscard]] Result<HttpResponse> SendWithRetry(HttpTransport& transport,
                                                   HttpRequest request) const;

  const MetadataCredentialsOptions& options() const { return options_; }
  Clock& clock() const { return *options_.clock; }

 private:
  MetadataCredentialsOptions options_;

  std::mutex fetch_mutex_;  // held while fetching; serialises Fetch()
  mutable std::mutex mutex_;
  // All guarded by mutex_:
  std::optional<Credentials> cached_;
  std::chrono::system_clock::time_point refresh_at_;       // when cached_ becomes stale
  std::chrono::system_clock::time_point next_attempt_at_;  // after a failed refresh
  std::uint64_t fetch_generation_ = 0;                     // completed fetches
  std::optional<Error> last_error_;                        // outcome of the last fetch
};

// ECS/EKS container credentials.
//
// The endpoint is http://169.254.170.2 + AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, else
// AWS_CONTAINER_CREDENTIALS_FULL_URI, which must be https:// or an http:// URL whose host is
// a loopback address (127.0.0.0/8, ::1, localhost) or an ECS/EKS container host address
// (169.254.170.2, 169.254.170.23, fd00:ec2::23). The Authorization header is the content of
// the file named by AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read on every fetch, since EKS
// rotates it), else AWS_CONTAINER_AUTHORIZATION_TOKEN. The answer is JSON with AccessKeyId,
// SecretAccessKey, Token and Expiration (ISO 8601).
//
// Errors (errc::kCredentials) say which step failed: variables unset, URL not allowed,
// token file unreadable, endpoint unreachable, HTTP status, malformed JSON.
class ContainerCredentialsProvider final : public RefreshingCredentialsProvider {
 public:
  ContainerCredentialsProvider(std::shared_ptr<HttpTransport> transport, EnvLookup env,
                               const MetadataCredentialsOptions& options = {});
  std::string Name() const override { return "container"; }

 private:
  Result<Credentials> Fetch() override;

  const std::shared_ptr<HttpTransport> transport_;
  const EnvLookup env_;
};

// EC2 instance metadata credentials, IMDSv2 only (session token first; IMDSv1 is not used).
//
// Each fetch: PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds (the token is
// reused until shortly before its TTL ends, and fetched again after a 401), then
// GET /latest/meta-data/iam/security-credentials/ for the role name and
// GET /latest/meta-data/iam/security-credentials/<role> for the credentials JSON, both with
// X-aws-ec2-metadata-token. The endpoint is AWS_EC2_METADATA_SERVICE_ENDPOINT, else
// http://[fd00:ec2::254] when AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is IPv6, else
// http://169.254.169.254. AWS_EC2_METADATA_DISABLED=true turns the provider off (Get()
// fails at once without network traffic).
class ImdsCredentialsProvider final : public RefreshingCredentialsProvider {
 public:
  // Lifetime requested for IMDS session tokens (the maximum IMDS allows).
  static constexpr std::chrono::seconds kTokenTtl{21600};

  ImdsCredentialsProvider(std::shared_ptr<HttpTransport> transport, EnvLookup env,
                          const MetadataCredentialsOptions& options = {});
  std::string Name() const override { return "imds"; }

 private:
  Result<Credentials> Fetch() override;
  Result<std::string> SessionToken(const std::string& endpoint, bool force_new);
  Result<HttpResponse> GetWithToken(const std::string& endpoint, const std::string& path);

  const std::shared_ptr<HttpTransport> transport_;
  const EnvLookup env_;
  // Only touched from Fetch(), which RefreshingCredentialsProvider serialises.
  std::string token_;
  std::string token_endpoint_;
  std::chrono::system_clock::time_point token_expires_at_;
};

// Parses the ISO 8601 UTC timestamps metadata endpoints use: "2024-02-29T23:59:58Z",
// optionally with fractional seconds (dropped) and/or a numeric offset ("+01:00") instead
// of "Z". Returns nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text);

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_METADATA_CREDENTIALS_H_
