// Container (ECS/EKS) and EC2 IMDSv2 credentials providers and their shared refresh logic.
// The JSON documents are tiny and rare (a few per hour), so a fresh simdjson DOM parser per
// document keeps this simple; the cost does not matter.
#include "ddb/metadata_credentials.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace homeboard::ddb {
namespace {

constexpr std::string_view kEcsHost = "http://169.254.170.2";
constexpr std::string_view kImdsDefaultEndpoint = "http://169.254.169.254";
constexpr std::string_view kImdsIpv6Endpoint = "http://[fd00:ec2::254]";
constexpr std::string_view kImdsTokenPath = "/latest/api/token";
constexpr std::string_view kImdsRolePath = "/latest/meta-data/iam/security-credentials/";
// A cached IMDS token is renewed this long before its TTL runs out.
constexpr std::chrono::seconds kTokenRenewMargin{60};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::optional<std::string> NonEmpty(const EnvLookup& env, std::string_view name) {
  std::optional<std::string> value = env(name);
  if (!value.has_value() || Trim(*value).empty()) return std::nullopt;
  return std::string(Trim(*value));
}

// At most 200 bytes of a response body, for error messages.
std::string Snippet(std::string_view body) {
  const std::string_view trimmed = Trim(body);
  if (trimmed.size() <= 200) return std::string(trimmed);
  return std::string(trimmed.substr(0, 200)) + "...";
}

Error CredentialsError(std::string message) {
  return Error(errc::kCredentials, std::move(message));
}

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

// scheme://[userinfo@]host[:port]/... -> host (without IPv6 brackets), lower-cased.
std::string UrlHost(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return "";
    return ToLower(authority.substr(1, close - 1));
  }
  return ToLower(authority.substr(0, authority.find(':')));
}

// Hosts an http:// AWS_CONTAINER_CREDENTIALS_FULL_URI may name: loopback, or the ECS/EKS
// container host addresses. Anything else could leak the authorization token.
bool IsAllowedContainerHost(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    const std::uint32_t address = ntohl(v4.s_addr);
    return (address >> 24) == 127 || host == "169.254.170.2" || host == "169.254.170.23";
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (std::memcmp(&v6, &in6addr_loopback, sizeof(v6)) == 0) return true;
    in6_addr eks{};
    inet_pton(AF_INET6, "fd00:ec2::23", &eks);
    return std::memcmp(&v6, &eks, sizeof(v6)) == 0;
  }
  return false;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ToLower(text.substr(0, prefix.size())) == prefix;
}

// IAM role names are [\w+=,.@-]+; anything else must not be pasted into a URL path.
bool IsValidRoleName(std::string_view role) {
  if (role.empty() || role.size() > 128) return false;
  return std::all_of(role.begin(), role.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::strchr("_+=,.@-", c) != nullptr;
  });
}

// Parses {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"[, "Code", "Message"]}.
Result<Credentials> ParseCredentialsDocument(std::string_view body, const std::string& source) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(body.data(), body.size()).get(root); error) {
    return CredentialsError(source + " returned malformed JSON (" + simdjson::error_message(error) +
                            "): " + Snippet(body));
  }
  simdjson::dom::object object;
  if (root.get(object) != simdjson::SUCCESS) {
    return CredentialsError(source + " returned JSON that is not an object: " + Snippet(body));
  }
  auto text = [&](const char* key) -> std::optional<std::string_view> {
    std::string_view value;
    if (object[key].get(value) != simdjson::SUCCESS) return std::nullopt;
    return value;
  };
  if (auto code = text("Code"); code.has_value() && *code != "Success") {
    return CredentialsError(source + " answered Code " + std::string(*code) + ": " +
                            std::string(text("Message").value_or("")));
  }
  Credentials credentials;
  for (const auto& [key, field] :
       {std::pair<const char*, std::string*>{"AccessKeyId", &credentials.access_key_id},
        {"SecretAccessKey", &credentials.secret_access_key}}) {
    const auto value = text(key);
    if (!value.has_value() || value->empty()) {
      return CredentialsError(source + " returned JSON without a string " + key);
    }
    *field = std::string(*value);
  }
  if (auto token = text("Token")) credentials.session_token = std::string(*token);
  if (object["Expiration"].error() != simdjson::NO_SUCH_FIELD) {
    const auto expiration_text = text("Expiration");
    const auto expiration =
        expiration_text.has_value() ? ParseIso8601(*expiration_text) : std::nullopt;
    if (!expiration.has_value()) {
      return CredentialsError(source + " returned an unreadable Expiration: " + Snippet(body));
    }
    credentials.expiration = expiration;
  }
  return credentials;
}

bool IsRetryableStatus(int status) { return status >= 500 || status == 429; }

bool ParseDigits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text) {
  text = Trim(text);
  // YYYY-MM-DDTHH:MM:SS
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 20 || !ParseDigits(text, 0, 4, year) || text[4] != '-' ||
      !ParseDigits(text, 5, 2, month) || text[7] != '-' || !ParseDigits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't') || !ParseDigits(text, 11, 2, hour) || text[13] != ':' ||
      !ParseDigits(text, 14, 2, minute) || text[16] != ':' || !ParseDigits(text, 17, 2, second)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t digits_start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == digits_start) return std::nullopt;
  }
  std::chrono::seconds offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int offset_hours = 0;
    int offset_minutes = 0;
    if (!ParseDigits(text, pos + 1, 2, offset_hours) || pos + 3 >= text.size() ||
        text[pos + 3] != ':' || !ParseDigits(text, pos + 4, 2, offset_minutes) ||
        offset_hours > 23 || offset_minutes > 59) {
      return std::nullopt;
    }
    offset = std::chrono::hours(offset_hours) + std::chrono::minutes(offset_minutes);
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second) - offset;
}

// ---------------------------------------------------------------------------------------
// RefreshingCredentialsProvider

RefreshingCredentialsProvider::RefreshingCredentialsProvider(
    const MetadataCredentialsOptions& options)
    : options_(options) {
  if (options_.clock == nullptr) options_.clock = SystemClock();
  if (options_.random == nullptr) options_.random = SystemRandom();
  if (options_.attempts < 1) options_.attempts = 1;
}

Result<Credentials> RefreshingCredentialsProvider::Get() {
  std::uint64_t generation = 0;
  bool have_valid = false;
  {
    const auto now = clock().WallNow();
    std::lock_guard lock(mutex_);
    if (cached_.has_value()) {
      if (now < refresh_at_) return *cached_;
      have_valid = !cached_->IsExpiredAt(now);
      // A refresh failed moments ago: keep serving what is still valid.
      if (have_valid && now < next_attempt_at_) return *cached_;
    }
    // Nothing valid to serve and the endpoint failed moments ago: repeat that answer
    // rather than make every caller wait for another round of timeouts.
    if (!have_valid && last_error_.has_value() && now < next_attempt_at_) return *last_error_;
    generation = fetch_generation_;
  }

  std::unique_lock fetch_lock(fetch_mutex_, std::defer_lock);
  if (have_valid && !fetch_lock.try_lock()) {
    // Another thread is refreshing; the cached credentials are still good meanwhile.
    std::lock_guard lock(mutex_);
    if (cached_.has_value()) return *cached_;
  }
  // Never wait for fetch_mutex_ while holding mutex_: Get() takes them in this order.
  if (!fetch_lock.owns_lock()) fetch_lock.lock();
  {
    // A fetch completed while this thread waited: share its outcome.
    std::lock_guard lock(mutex_);
    if (fetch_generation_ != generation) {
      if (cached_.has_value() && !cached_->IsExpiredAt(clock().WallNow())) return *cached_;
      if (last_error_.has_value()) return *last_error_;
    }
  }

  Result<Credentials> fetched = Fetch();
  const auto now = clock().WallNow();
  std::lock_guard lock(mutex_);
  ++fetch_generation_;
  if (fetched.ok()) {
    cached_ = *fetched;
    last_error_.reset();
    if (!fetched->expiration.has_value()) {
      refresh_at_ = std::chrono::system_clock::time_point::max();
    } else {
      const auto jitter = std::chrono::seconds(
          static_cast<std::int64_t>(options_.random->UniformUpTo(static_cast<std::uint64_t>(
              std::max<std::int64_t>(0, options_.refresh_jitter.count())))));
      // Never sooner than retry_after_failure, so short-lived (or already expired, when
      // clocks disagree) credentials do not make every Get() hit the endpoint.
      refresh_at_ = std::max(*fetched->expiration - options_.refresh_margin - jitter,
                             now + options_.retry_after_failure);
    }
    return fetched;
  }
  last_error_ = fetched.error();
  next_attempt_at_ = now + options_.retry_after_failure;
  if (cached_.has_value() && !cached_->IsExpiredAt(now)) return *cached_;
  return fetched;
}

void RefreshingCredentialsProvider::Invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
  next_attempt_at_ = {};
}

Result<HttpResponse> RefreshingCredentialsProvider::SendWithRetry(HttpTransport& transport,
                                                                  HttpRequest request) const {
  request.timeout = options_.timeout;
  std::optional<Error> last_error;
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    Result<HttpResponse> response = transport.Send(request);
    if (response.ok()) {
      if (!IsRetryableStatus(response->status) || attempt == options_.attempts) return response;
      continue;
    }
    last_error = std::move(response).error();
  }
  return *last_error;
}

// ---------------------------------------------------------------------------------------
// ContainerCredentialsProvider

ContainerCredentialsProvider::ContainerCredentialsProvider(
    std::shared_ptr<HttpTransport> transport, EnvLookup env,
    const MetadataCredentialsOptions& options)
    : RefreshingCredentialsProvider(options),
      transport_(std::move(transport)),
      env_(std::move(env)) {}

Result<Credentials> ContainerCredentialsProvider::Fetch() {
  HttpRequest request;
  request.method = "GET";
  if (auto relative = NonEmpty(env_, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    request.url = std::string(kEcsHost) + (relative->front() == '/' ? "" : "/") + *relative;
  } else if (auto full = NonEmpty(env_, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    const std::string host = UrlHost(*full);
    const bool https = StartsWithIgnoreCase(*full, "https://");
    const bool http = StartsWithIgnoreCase(*full, "http://");
    if (host.empty() || !(https || http)) {
      return CredentialsError("AWS_CONTAINER_CREDENTIALS_FULL_URI '" + *full +
                              "' is not an http(s) URL with a host");
    }
    if (http && !IsAllowedContainerHost(host)) {
      return CredentialsError("AWS_CONTAINER_CREDENTIALS_FULL_URI '" + *full +
                              "' uses http:// with host '" + host +
                              "', which is neither loopback nor an ECS/EKS container host");
    }
    request.url = *full;
  } else {
    return CredentialsError(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI unset");
  }
  if (transport_ == nullptr) return CredentialsError("no HTTP transport for " + request.url);

  std::optional<std::string> token;
  if (auto token_file = NonEmpty(env_, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*token_file, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
      return CredentialsError("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *token_file);
    }
    token = std::string(Trim(text.str()));
  } else if (auto env_token = NonEmpty(env_, "AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *env_token;
  }
  if (token.has_value()) {
    if (HasLineBreak(*token)) {
      return CredentialsError("container authorization token contains a line break");
    }
    request.headers.emplace_back("Authorization", *token);
  }
  request.headers.emplace_back("Accept", "application/json");

  const std::string source = "container endpoint " + request.url;
  Result<HttpResponse> response = SendWithRetry(*transport_, request);
  if (!response.ok()) {
    return CredentialsError(source + " unreachable: " + response.error().ToString());
  }
  if (response->status != 200) {
    return CredentialsError(source + " answered HTTP " + std::to_string(response->status) + ": " +
                            Snippet(response->body));
  }
  return ParseCredentialsDocument(response->body, source);
}

// ---------------------------------------------------------------------------------------
// ImdsCredentialsProvider

ImdsCredentialsProvider::ImdsCredentialsProvider(std::shared_ptr<HttpTransport> transport,
                                                 EnvLookup env,
                                                 const MetadataCredentialsOptions& options)
    : RefreshingCredentialsProvider(options),
      transport_(std::move(transport)),
      env_(std::move(env)) {}

Result<std::string> ImdsCredentialsProvider::SessionToken(const std::string& endpoint,
                                                          bool force_new) {
  const auto now = clock().WallNow();
  if (!force_new && !token_.empty() && token_endpoint_ == endpoint && now < token_expires_at_) {
    return token_;
  }
  token_.clear();
  HttpRequest request;
  request.method = "PUT";
  request.url = endpoint + std::string(kImdsTokenPath);
  request.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds",
                               std::to_string(kTokenTtl.count()));
  Result<HttpResponse> response = SendWithRetry(*transport_, request);
  if (!response.ok()) {
    return CredentialsError("IMDS at " + endpoint +
                            " unreachable (token request): " + response.error().ToString());
  }
  if (response->status != 200) {
    return CredentialsError("IMDS token request to " + request.url + " answered HTTP " +
                            std::to_string(response->status) + ": " + Snippet(response->body));
  }
  const std::string_view token = Trim(response->body);
  if (token.empty() || HasLineBreak(token)) {
    return CredentialsError("IMDS token request to " + request.url + " returned no usable token");
  }
  token_ = std::string(token);
  token_endpoint_ = endpoint;
  token_expires_at_ = now + kTokenTtl - kTokenRenewMargin;
  return token_;
}

Result<HttpResponse> ImdsCredentialsProvider::GetWithToken(const std::string& endpoint,
                                                           const std::string& path) {
  for (int round = 0; round < 2; ++round) {
    Result<std::string> token = SessionToken(endpoint, /*force_new=*/round > 0);
    if (!token.ok()) return std::move(token).error();
    HttpRequest request;
    request.method = "GET";
    request.url = endpoint + path;
    request.headers.emplace_back("X-aws-ec2-metadata-token", *token);
    Result<HttpResponse> response = SendWithRetry(*transport_, request);
    if (!response.ok()) {
      return CredentialsError("IMDS request " + request.url +
                              " failed: " + response.error().ToString());
    }
    // 401: the session token expired or was revoked; get a new one once.
    if (response->status != 401 || round > 0) return response;
  }
  return CredentialsError("unreachable");  // the loop always returns
}

Result<Credentials> ImdsCredentialsProvider::Fetch() {
  if (auto disabled = env_("AWS_EC2_METADATA_DISABLED");
      disabled.has_value() && ToLower(Trim(*disabled)) == "true") {
    return CredentialsError("disabled by AWS_EC2_METADATA_DISABLED");
  }
  if (transport_ == nullptr) return CredentialsError("no HTTP transport");
  std::string endpoint;
  if (auto configured = NonEmpty(env_, "AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    if (!StartsWithIgnoreCase(*configured, "http://") &&
        !StartsWithIgnoreCase(*configured, "https://")) {
      return CredentialsError("AWS_EC2_METADATA_SERVICE_ENDPOINT '" + *configured +
                              "' is not an http(s) URL");
    }
    endpoint = *configured;
  } else if (auto mode = NonEmpty(env_, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
             mode.has_value() && ToLower(*mode) == "ipv6") {
    endpoint = std::string(kImdsIpv6Endpoint);
  } else {
    endpoint = std::string(kImdsDefaultEndpoint);
  }
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();

  Result<HttpResponse> role_response = GetWithToken(endpoint, std::string(kImdsRolePath));
  if (!role_response.ok()) return std::move(role_response).error();
  if (role_response->status == 404) {
    return CredentialsError("no IAM role is attached to this instance (IMDS at " + endpoint +
                            " answered 404)");
  }
  if (role_response->status != 200) {
    return CredentialsError("IMDS role request answered HTTP " +
                            std::to_string(role_response->status) + ": " +
                            Snippet(role_response->body));
  }
  const std::string_view listing = Trim(role_response->body);
  const std::string role(Trim(listing.substr(0, listing.find('\n'))));
  if (!IsValidRoleName(role)) {
    return CredentialsError("IMDS returned no usable IAM role name: " + Snippet(listing));
  }
  const std::string path = std::string(kImdsRolePath) + role;
  Result<HttpResponse> response = GetWithToken(endpoint, path);
  if (!response.ok()) return std::move(response).error();
  const std::string source = "IMDS " + endpoint + path;
  if (response->status != 200) {
    return CredentialsError(source + " answered HTTP " + std::to_string(response->status) + ": " +
                            Snippet(response->body));
  }
  return ParseCredentialsDocument(response->body, source);
}

}  // namespace homeboard::ddb
