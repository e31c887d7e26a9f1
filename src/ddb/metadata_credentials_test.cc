// Tests for the container (ECS/EKS) and IMDSv2 credentials providers: first against an
// in-process scripted HttpTransport (request order, headers, refresh with the fake clock,
// Invalidate, errors, concurrency), then over real loopback HTTP through CurlTransport
// against testing::FakeHttpServer playing the two endpoints.
#include "ddb/metadata_credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ddb/curl_transport.h"
#include "testing/fake_http_server.h"
#include "testing/fake_runtime.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::optional<std::string> HeaderOf(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return std::nullopt;
}

HttpResponse Response(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// An in-process HttpTransport: a handler scripts the answers, every request is recorded.
class FakeTransport final : public HttpTransport {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
      handler = handler_;
    }
    return handler(request);
  }
  void SetHandler(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }
  std::vector<HttpRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // "METHOD url" of every request so far.
  std::vector<std::string> lines() {
    std::vector<std::string> out;
    for (const HttpRequest& request : requests()) out.push_back(request.method + " " + request.url);
    return out;
  }
  void Clear() {
    std::lock_guard lock(mutex_);
    requests_.clear();
  }

 private:
  std::mutex mutex_;
  Handler handler_;
  std::vector<HttpRequest> requests_;
};

std::string CredentialsJson(std::string_view key, std::string_view expiration) {
  return std::string(
             R"({"Code":"Success","LastUpdated":"2015-08-30T12:00:00Z","Type":"AWS-HMAC",)") +
         R"("AccessKeyId":")" + std::string(key) + R"(","SecretAccessKey":"SECRET-)" +
         std::string(key) + R"(","Token":"TOKEN-)" + std::string(key) + R"(","Expiration":")" +
         std::string(expiration) + R"("})";
}

// The fake clock starts at 2015-08-30T12:36:00Z.
constexpr char kInOneHour[] = "2015-08-30T13:36:00Z";

struct Fixture {
  std::shared_ptr<testing::FakeClock> clock = std::make_shared<testing::FakeClock>();
  MetadataCredentialsOptions Options() const {
    MetadataCredentialsOptions options;
    options.clock = clock;
    options.random = testing::FakeRandom::AlwaysZero();  // no jitter: exact refresh times
    return options;
  }
};

// ---------------------------------------------------------------------------------------
// ParseIso8601

TEST(ParseIso8601, AcceptsTheFormsMetadataEndpointsUse) {
  const auto expected = std::chrono::sys_days(std::chrono::year(2024) / 2 / 29) + hours(23) +
                        minutes(59) + seconds(58);
  EXPECT_EQ(ParseIso8601("2024-02-29T23:59:58Z"), expected);
  EXPECT_EQ(ParseIso8601("2024-02-29T23:59:58.123Z"), expected);
  EXPECT_EQ(ParseIso8601("2024-03-01T00:59:58+01:00"), expected);
  EXPECT_EQ(ParseIso8601("2024-02-29T22:29:58-01:30"), expected);
  EXPECT_EQ(ParseIso8601(" 2024-02-29T23:59:58Z\n"), expected);
}

TEST(ParseIso8601, RejectsEverythingElse) {
  for (const char* text :
       {"", "2024-02-29", "2024-02-29T23:59:58", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-02-29T24:00:00Z", "2024-02-29 23:59:58Z", "2024-02-29T23:59:58Zjunk",
        "2024-02-29T23:59:58.Z", "2024-02-29T23:59:58+0100", "1709251198"}) {
    EXPECT_EQ(ParseIso8601(text), std::nullopt) << text;
  }
}

// ---------------------------------------------------------------------------------------
// Container provider

TEST(ContainerCredentialsProvider, RelativeUriWithAuthorizationToken) {
  Fixture fixture;
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    return Response(200, CredentialsJson("A", kInOneHour));
  });
  ContainerCredentialsProvider provider(
      transport,
      FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"},
               {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic secret-token"}}),
      fixture.Options());
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "A");
  EXPECT_EQ(credentials.secret_access_key, "SECRET-A");
  EXPECT_EQ(credentials.session_token, "TOKEN-A");
  EXPECT_EQ(credentials.expiration, ParseIso8601(kInOneHour));

  const std::vector<HttpRequest> requests = transport->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].url, "http://169.254.170.2/v2/credentials/abc");
  EXPECT_EQ(HeaderOf(requests[0], "Authorization"), "Basic secret-token");
  EXPECT_EQ(requests[0].timeout, std::chrono::milliseconds(1000));
}

TEST(ContainerCredentialsProvider, FullUriTokenFileWinsOverTokenVariable) {
  Fixture fixture;
  const std::filesystem::path token_file =
      std::filesystem::temp_directory_path() /
      ("homeboard-container-token-" + std::to_string(::getpid()));
  std::ofstream(token_file) << "file-token\n";
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    return Response(200, CredentialsJson("B", kInOneHour));
  });
  ContainerCredentialsProvider provider(
      transport,
      FakeEnv({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:8080/creds"},
               {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()},
               {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"}}),
      fixture.Options());
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  std::filesystem::remove(token_file);
  EXPECT_EQ(credentials.access_key_id, "B");
  ASSERT_EQ(transport->requests().size(), 1u);
  EXPECT_EQ(transport->requests()[0].url, "http://127.0.0.1:8080/creds");
  EXPECT_EQ(HeaderOf(transport->requests()[0], "Authorization"), "file-token");

  // The file is read on every fetch; once gone, the fetch fails clearly.
  provider.Invalidate();
  Result<Credentials> missing = provider.Get();
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message(), HasSubstr("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
}

TEST(ContainerCredentialsProvider, FullUriHostRules) {
  Fixture fixture;
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    return Response(200, CredentialsJson("C", kInOneHour));
  });
  for (const char* allowed : {"http://localhost:1/x", "http://127.1.2.3/x", "http://[::1]:80/x",
                              "http://169.254.170.23/v1", "http://[fd00:ec2::23]/v1",
                              "https://creds.example.com/x", "http://169.254.170.2/x"}) {
    ContainerCredentialsProvider provider(
        transport, FakeEnv({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", allowed}}), fixture.Options());
    EXPECT_OK(provider.Get());
  }
  transport->Clear();
  for (const char* refused : {"http://example.com/creds", "http://10.0.0.1/creds",
                              "http://127.0.0.1.evil.com/x", "ftp://127.0.0.1/x", "not a url"}) {
    ContainerCredentialsProvider provider(
        transport, FakeEnv({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", refused}}), fixture.Options());
    Result<Credentials> result = provider.Get();
    ASSERT_FALSE(result.ok()) << refused;
    EXPECT_TRUE(result.error().Is(errc::kCredentials));
    EXPECT_THAT(result.error().message(), HasSubstr("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
  }
  EXPECT_TRUE(transport->requests().empty());  // nothing was sent to a refused host
}

TEST(ContainerCredentialsProvider, UnsetVariablesFailWithoutTraffic) {
  Fixture fixture;
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Response(200, "{}"); });
  ContainerCredentialsProvider provider(transport, FakeEnv({}), fixture.Options());
  Result<Credentials> result = provider.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(),
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI unset");
  EXPECT_TRUE(transport->requests().empty());
}

TEST(ContainerCredentialsProvider, MalformedAnswersAreClearErrors) {
  Fixture fixture;
  const EnvLookup env = FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"}});
  struct Case {
    std::string body;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"{\"AccessKeyId\": \"A\", ", "malformed JSON"},
           {"[1, 2]", "not an object"},
           {R"({"SecretAccessKey":"S","Token":"T"})", "without a string AccessKeyId"},
           {R"({"AccessKeyId":"A","SecretAccessKey":7})", "without a string SecretAccessKey"},
           {R"({"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"tomorrow"})",
            "unreadable Expiration"},
           {R"({"AccessKeyId":"A","SecretAccessKey":"S","Expiration":12})",
            "unreadable Expiration"},
       }) {
    auto transport = std::make_shared<FakeTransport>(
        [&](const HttpRequest&) -> Result<HttpResponse> { return Response(200, c.body); });
    ContainerCredentialsProvider provider(transport, env, fixture.Options());
    Result<Credentials> result = provider.Get();
    ASSERT_FALSE(result.ok()) << c.body;
    EXPECT_TRUE(result.error().Is(errc::kCredentials));
    EXPECT_THAT(result.error().message(), HasSubstr(c.expected)) << c.body;
    EXPECT_THAT(result.error().message(), HasSubstr("http://169.254.170.2/creds"));
  }
}

TEST(ContainerCredentialsProvider, CredentialsWithoutExpirationAreKeptUntilInvalidate) {
  Fixture fixture;
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    return Response(200, R"({"AccessKeyId":"A","SecretAccessKey":"S"})");
  });
  ContainerCredentialsProvider provider(
      transport, FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}), fixture.Options());
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_FALSE(credentials.expiration.has_value());
  EXPECT_EQ(credentials.session_token, "");
  fixture.clock->Advance(hours(24 * 30));
  ASSERT_OK(provider.Get());
  EXPECT_EQ(transport->requests().size(), 1u);
  provider.Invalidate();
  ASSERT_OK(provider.Get());
  EXPECT_EQ(transport->requests().size(), 2u);
}

TEST(ContainerCredentialsProvider, ServerErrorsAreRetriedOnceThenReported) {
  Fixture fixture;
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Response(500, "boom"); });
  ContainerCredentialsProvider provider(
      transport, FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}), fixture.Options());
  Result<Credentials> result = provider.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), HasSubstr("answered HTTP 500: boom"));
  EXPECT_EQ(transport->requests().size(), 2u);

  // A 4xx is an answer, not a hiccup: no retry.
  transport->Clear();
  transport->SetHandler(
      [](const HttpRequest&) -> Result<HttpResponse> { return Response(403, "denied"); });
  provider.Invalidate();
  result = provider.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), HasSubstr("answered HTTP 403: denied"));
  EXPECT_EQ(transport->requests().size(), 1u);
}

TEST(ContainerCredentialsProvider, EndpointDownIsAClearError) {
  Fixture fixture;
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    return Error(errc::kConnectError, "Couldn't connect to server (169.254.170.2)");
  });
  ContainerCredentialsProvider provider(
      transport, FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}), fixture.Options());
  Result<Credentials> result = provider.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().Is(errc::kCredentials));
  EXPECT_THAT(result.error().message(),
              HasSubstr("container endpoint http://169.254.170.2/c unreachable: ConnectError"));
  EXPECT_EQ(transport->requests().size(), 2u);  // one retry
}

// ---------------------------------------------------------------------------------------
// Refresh logic (exercised through the container provider)

class RefreshTest : public ::testing::Test {
 protected:
  void SetUp() override {
    transport_ =
        std::make_shared<FakeTransport>([this](const HttpRequest&) -> Result<HttpResponse> {
          const int n = ++fetches_;
          const auto expiration = fixture_.clock->WallNow() + hours(1);
          return Response(200, CredentialsJson("K" + std::to_string(n), FormatIso(expiration)));
        });
    provider_ = std::make_unique<ContainerCredentialsProvider>(
        transport_, FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}),
        fixture_.Options());
  }

  static std::string FormatIso(std::chrono::system_clock::time_point time) {
    const auto days = std::chrono::floor<std::chrono::days>(time);
    const std::chrono::year_month_day date(days);
    const std::chrono::hh_mm_ss clock(std::chrono::floor<seconds>(time - days));
    char text[32];
    std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return text;
  }

  std::string KeyNow() {
    Result<Credentials> credentials = provider_->Get();
    return credentials.ok() ? credentials->access_key_id : credentials.error().ToString();
  }

  Fixture fixture_;
  std::atomic<int> fetches_{0};
  std::shared_ptr<FakeTransport> transport_;
  std::unique_ptr<ContainerCredentialsProvider> provider_;
};

TEST_F(RefreshTest, RefreshesFiveMinutesBeforeExpiration) {
  EXPECT_EQ(KeyNow(), "K1");
  fixture_.clock->Advance(minutes(54));  // 6 minutes left
  EXPECT_EQ(KeyNow(), "K1");
  fixture_.clock->Advance(minutes(1) + seconds(1));  // inside the 5-minute margin
  EXPECT_EQ(KeyNow(), "K2");
  EXPECT_EQ(KeyNow(), "K2");
  EXPECT_EQ(fetches_.load(), 2);
}

TEST_F(RefreshTest, JitterRefreshesEarlier) {
  MetadataCredentialsOptions options = fixture_.Options();
  options.random = testing::FakeRandom::AlwaysMax();  // the whole 60 s of jitter
  provider_ = std::make_unique<ContainerCredentialsProvider>(
      transport_, FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}), options);
  EXPECT_EQ(KeyNow(), "K1");
  fixture_.clock->Advance(minutes(53) + seconds(59));
  EXPECT_EQ(KeyNow(), "K1");
  fixture_.clock->Advance(seconds(2));  // past expiration - 5 min margin - 60 s jitter
  EXPECT_EQ(KeyNow(), "K2");
}

TEST_F(RefreshTest, InvalidateForcesAFetch) {
  EXPECT_EQ(KeyNow(), "K1");
  provider_->Invalidate();
  EXPECT_EQ(KeyNow(), "K2");
  EXPECT_EQ(KeyNow(), "K2");
}

TEST_F(RefreshTest, FailedRefreshKeepsServingValidCredentialsWithoutHammering) {
  EXPECT_EQ(KeyNow(), "K1");
  transport_->SetHandler([](const HttpRequest&) -> Result<HttpResponse> {
    return Error(errc::kConnectError, "refused");
  });
  fixture_.clock->Advance(minutes(56));  // 4 minutes left: time to refresh
  transport_->Clear();
  EXPECT_EQ(KeyNow(), "K1");                     // refresh failed, old ones still valid
  EXPECT_EQ(transport_->requests().size(), 2u);  // the fetch and its one retry
  EXPECT_EQ(KeyNow(), "K1");
  fixture_.clock->Advance(seconds(5));
  EXPECT_EQ(KeyNow(), "K1");
  EXPECT_EQ(transport_->requests().size(), 2u);  // not asked again within 10 s
  fixture_.clock->Advance(seconds(6));
  EXPECT_EQ(KeyNow(), "K1");
  EXPECT_EQ(transport_->requests().size(), 4u);  // asked again after 10 s

  // Once they have expired, the error comes through.
  fixture_.clock->Advance(minutes(5));
  Result<Credentials> expired = provider_->Get();
  ASSERT_FALSE(expired.ok());
  EXPECT_THAT(expired.error().message(), HasSubstr("unreachable"));
}

TEST_F(RefreshTest, ConcurrentCallersShareOneFetch) {
  std::mutex mutex;
  std::condition_variable released_cv;
  bool released = false;
  transport_->SetHandler([&](const HttpRequest&) -> Result<HttpResponse> {
    // Hold the first fetch until the main thread lets it go, so other callers pile up.
    std::unique_lock lock(mutex);
    released_cv.wait(lock, [&] { return released; });
    ++fetches_;
    return Response(200, CredentialsJson("SHARED", "2015-08-30T13:36:00Z"));
  });
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<std::string> keys(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { keys[i] = KeyNow(); });
  }
  // Let the fetch finish once at least one request is waiting in the handler.
  while (transport_->requests().empty()) std::this_thread::yield();
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  released_cv.notify_all();
  for (auto& thread : threads) thread.join();
  for (const std::string& key : keys) EXPECT_EQ(key, "SHARED");
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(RefreshTest, ConcurrentCallersShareAFailure) {
  std::atomic<int> calls{0};
  std::mutex mutex;
  std::condition_variable released_cv;
  bool released = false;
  transport_->SetHandler([&](const HttpRequest&) -> Result<HttpResponse> {
    ++calls;
    std::unique_lock lock(mutex);
    released_cv.wait(lock, [&] { return released; });
    return Error(errc::kConnectError, "refused");
  });
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      if (!provider_->Get().ok()) ++failures;
    });
  }
  while (calls.load() == 0) std::this_thread::yield();
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  released_cv.notify_all();
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 6);
  // One fetch (two attempts): callers that waited took its error, later ones the
  // remembered error.
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(RefreshTest, FailureIsRememberedBriefly) {
  transport_->SetHandler([](const HttpRequest&) -> Result<HttpResponse> {
    return Error(errc::kConnectError, "refused");
  });
  Result<Credentials> first = provider_->Get();
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(transport_->requests().size(), 2u);
  Result<Credentials> second = provider_->Get();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().message(), first.error().message());
  EXPECT_EQ(transport_->requests().size(), 2u);  // answered from memory
  fixture_.clock->Advance(seconds(11));
  EXPECT_FALSE(provider_->Get().ok());
  EXPECT_EQ(transport_->requests().size(), 4u);
  provider_->Invalidate();  // e.g. the client saw ExpiredToken: ask now, not in 10 s
  EXPECT_FALSE(provider_->Get().ok());
  EXPECT_EQ(transport_->requests().size(), 6u);
}

// ---------------------------------------------------------------------------------------
// IMDS provider

// Plays IMDSv2: a token endpoint and the two credential paths, checking the token.
class FakeImds {
 public:
  Result<HttpResponse> Handle(const HttpRequest& request) {
    std::lock_guard lock(mutex_);
    const std::string path = request.url.substr(request.url.find('/', request.url.find("//") + 2));
    if (path == "/latest/api/token") {
      if (request.method != "PUT") return Response(405, "");
      ++tokens_issued_;
      current_token_ = "token-" + std::to_string(tokens_issued_);
      return Response(200, current_token_);
    }
    if (HeaderOf(request, "X-aws-ec2-metadata-token") != current_token_ || revoked_) {
      revoked_ = false;
      return Response(401, "");
    }
    if (path == "/latest/meta-data/iam/security-credentials/") return Response(200, role_listing_);
    if (path == "/latest/meta-data/iam/security-credentials/" + role_) {
      return Response(200,
                      CredentialsJson("IMDS" + std::to_string(++credentials_served_), expiration_));
    }
    return Response(404, "not found");
  }

  std::mutex mutex_;
  std::string current_token_;
  int tokens_issued_ = 0;
  int credentials_served_ = 0;
  bool revoked_ = false;
  std::string role_ = "my-role";
  std::string role_listing_ = "my-role\n";
  std::string expiration_ = kInOneHour;
};

class ImdsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    transport_ = std::make_shared<FakeTransport>(
        [this](const HttpRequest& request) { return imds_.Handle(request); });
  }
  std::unique_ptr<ImdsCredentialsProvider> Provider(std::map<std::string, std::string> env = {}) {
    return std::make_unique<ImdsCredentialsProvider>(transport_, FakeEnv(std::move(env)),
                                                     fixture_.Options());
  }

  Fixture fixture_;
  FakeImds imds_;
  std::shared_ptr<FakeTransport> transport_;
};

TEST_F(ImdsTest, TokenFirstThenRoleThenCredentials) {
  auto provider = Provider();
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider->Get());
  EXPECT_EQ(credentials.access_key_id, "IMDS1");
  EXPECT_EQ(credentials.secret_access_key, "SECRET-IMDS1");
  EXPECT_EQ(credentials.session_token, "TOKEN-IMDS1");
  EXPECT_EQ(credentials.expiration, ParseIso8601(kInOneHour));
  EXPECT_THAT(
      transport_->lines(),
      ElementsAre("PUT http://169.254.169.254/latest/api/token",
                  "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                  "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/my-role"));
  const std::vector<HttpRequest> requests = transport_->requests();
  EXPECT_EQ(HeaderOf(requests[0], "X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(HeaderOf(requests[1], "X-aws-ec2-metadata-token"), "token-1");
  EXPECT_EQ(HeaderOf(requests[2], "X-aws-ec2-metadata-token"), "token-1");
  for (const HttpRequest& request : requests) {
    EXPECT_EQ(request.timeout, std::chrono::milliseconds(1000));
  }
}

TEST_F(ImdsTest, ReusesTokenUntilItsTtlEnds) {
  auto provider = Provider();
  ASSERT_OK(provider->Get());
  provider->Invalidate();
  ASSERT_OK(provider->Get());
  EXPECT_EQ(imds_.tokens_issued_, 1);
  EXPECT_EQ(transport_->requests().size(), 5u);
  // Six hours later the token is too old: a new one is requested first.
  fixture_.clock->Advance(hours(6));
  provider->Invalidate();
  transport_->Clear();
  ASSERT_OK(provider->Get());
  EXPECT_EQ(imds_.tokens_issued_, 2);
  EXPECT_EQ(transport_->lines().front(), "PUT http://169.254.169.254/latest/api/token");
}

TEST_F(ImdsTest, RevokedTokenIsReplacedOnce) {
  auto provider = Provider();
  ASSERT_OK(provider->Get());
  provider->Invalidate();
  imds_.revoked_ = true;
  transport_->Clear();
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider->Get());
  EXPECT_EQ(credentials.access_key_id, "IMDS2");
  EXPECT_THAT(
      transport_->lines(),
      ElementsAre("GET http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                  "PUT http://169.254.169.254/latest/api/token",
                  "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                  "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/my-role"));
}

TEST_F(ImdsTest, RefreshesBeforeExpiration) {
  auto provider = Provider();
  ASSERT_OK(provider->Get());
  fixture_.clock->Advance(minutes(50));
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider->Get());
  EXPECT_EQ(credentials.access_key_id, "IMDS1");
  imds_.expiration_ = "2015-08-30T14:36:00Z";
  fixture_.clock->Advance(minutes(6));
  ASSERT_OK_AND_ASSIGN(credentials, provider->Get());
  EXPECT_EQ(credentials.access_key_id, "IMDS2");
  EXPECT_EQ(credentials.expiration, ParseIso8601("2015-08-30T14:36:00Z"));
}

TEST_F(ImdsTest, DisabledMeansNoTraffic) {
  auto provider = Provider({{"AWS_EC2_METADATA_DISABLED", "TRUE"}});
  Result<Credentials> result = provider->Get();
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().Is(errc::kCredentials));
  EXPECT_THAT(result.error().message(), HasSubstr("AWS_EC2_METADATA_DISABLED"));
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(ImdsTest, EndpointFromEnvironment) {
  auto provider = Provider({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://imds.test:1234/"}});
  ASSERT_OK(provider->Get());
  EXPECT_EQ(transport_->lines().front(), "PUT http://imds.test:1234/latest/api/token");
  auto ipv6 = Provider({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}});
  transport_->Clear();
  ASSERT_OK(ipv6->Get());
  EXPECT_EQ(transport_->lines().front(), "PUT http://[fd00:ec2::254]/latest/api/token");
  Result<Credentials> bad =
      Provider({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254"}})->Get();
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message(), HasSubstr("not an http(s) URL"));
}

TEST_F(ImdsTest, NoRoleAndBadRoleNames) {
  transport_->SetHandler([](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.method == "PUT") return Response(200, "t");
    return Response(404, "");
  });
  Result<Credentials> result = Provider()->Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), HasSubstr("no IAM role"));

  transport_->SetHandler([this](const HttpRequest& request) { return imds_.Handle(request); });
  imds_.role_listing_ = "../../latest/user-data\n";
  result = Provider()->Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), HasSubstr("no usable IAM role name"));
}

TEST_F(ImdsTest, UnsuccessfulCodeIsAnError) {
  transport_->SetHandler([](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.method == "PUT") return Response(200, "t");
    if (request.url.ends_with("/")) return Response(200, "role");
    return Response(200, R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"denied"})");
  });
  Result<Credentials> result = Provider()->Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), HasSubstr("Code AssumeRoleUnauthorizedAccess: denied"));
}

TEST_F(ImdsTest, MalformedJsonIsAClearError) {
  transport_->SetHandler([](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.method == "PUT") return Response(200, "t");
    if (request.url.ends_with("/")) return Response(200, "role");
    return Response(200, "<html>captive portal</html>");
  });
  Result<Credentials> result = Provider()->Get();
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().Is(errc::kCredentials));
  EXPECT_THAT(result.error().message(), HasSubstr("malformed JSON"));
  EXPECT_THAT(result.error().message(), HasSubstr("captive portal"));
}

TEST_F(ImdsTest, EndpointDownIsAClearError) {
  transport_->SetHandler([](const HttpRequest&) -> Result<HttpResponse> {
    return Error(errc::kRequestTimeout, "Timeout was reached (169.254.169.254)");
  });
  Result<Credentials> result = Provider()->Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(
      result.error().message(),
      HasSubstr("IMDS at http://169.254.169.254 unreachable (token request): RequestTimeout"));
  EXPECT_EQ(transport_->requests().size(), 2u);  // token request and its one retry
}

TEST_F(ImdsTest, TokenRefusedIsAnError) {
  transport_->SetHandler(
      [](const HttpRequest&) -> Result<HttpResponse> { return Response(403, "Forbidden"); });
  Result<Credentials> result = Provider()->Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), HasSubstr("answered HTTP 403: Forbidden"));
}

// ---------------------------------------------------------------------------------------
// Real loopback HTTP: CurlTransport against FakeHttpServer.

std::shared_ptr<HttpTransport> RealTransport() {
  Result<std::unique_ptr<CurlTransport>> transport = CurlTransport::Create({});
  EXPECT_TRUE(transport.ok()) << transport.error().ToString();
  return transport.ok() ? std::shared_ptr<HttpTransport>(std::move(transport).value()) : nullptr;
}

TEST(MetadataLoopback, ContainerEndpointOverRealHttp) {
  ASSERT_OK_AND_ASSIGN(
      auto server, testing::FakeHttpServer::Start([](const testing::ReceivedRequest& request) {
        if (request.path != "/v2/credentials/task" ||
            request.Header("authorization") != std::optional<std::string_view>("Bearer abc")) {
          return testing::FakeResponse::WithStatus(403, "wrong request");
        }
        return testing::FakeResponse::Ok(CredentialsJson("ECS", kInOneHour),
                                         {{"Content-Type", "application/json"}});
      }));
  auto transport = RealTransport();
  ASSERT_NE(transport, nullptr);
  Fixture fixture;
  ContainerCredentialsProvider provider(
      transport,
      FakeEnv({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server->url() + "/v2/credentials/task"},
               {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer abc"}}),
      fixture.Options());
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "ECS");
  EXPECT_EQ(credentials.session_token, "TOKEN-ECS");
  ASSERT_EQ(server->requests().size(), 1u);
  EXPECT_EQ(server->requests()[0].method, "GET");
}

TEST(MetadataLoopback, ImdsV2OverRealHttp) {
  FakeImds imds;
  ASSERT_OK_AND_ASSIGN(auto server,
                       testing::FakeHttpServer::Start([&](const testing::ReceivedRequest& request) {
                         // Translate to the HttpRequest shape the fake IMDS understands.
                         HttpRequest translated;
                         translated.method = request.method;
                         translated.url = "http://imds" + request.target;
                         translated.headers = request.headers;
                         Result<HttpResponse> answer = imds.Handle(translated);
                         return testing::FakeResponse::WithStatus(answer->status, answer->body);
                       }));
  auto transport = RealTransport();
  ASSERT_NE(transport, nullptr);
  Fixture fixture;
  ImdsCredentialsProvider provider(transport,
                                   FakeEnv({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", server->url()}}),
                                   fixture.Options());
  ASSERT_OK_AND_ASSIGN(Credentials credentials, provider.Get());
  EXPECT_EQ(credentials.access_key_id, "IMDS1");
  const std::vector<testing::ReceivedRequest> requests = server->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].path, "/latest/api/token");
  EXPECT_EQ(requests[0].Header("x-aws-ec2-metadata-token-ttl-seconds"),
            std::optional<std::string_view>("21600"));
  EXPECT_EQ(requests[1].path, "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(requests[2].path, "/latest/meta-data/iam/security-credentials/my-role");
  EXPECT_EQ(requests[2].Header("x-aws-ec2-metadata-token"),
            std::optional<std::string_view>("token-1"));
}

TEST(MetadataLoopback, EndpointDownOverRealHttp) {
  std::string url;
  {
    ASSERT_OK_AND_ASSIGN(auto server, testing::FakeHttpServer::Start(
                                          [](const auto&) { return testing::FakeResponse::Ok(); }));
    url = server->url();
  }  // stopped: nothing listens on the port any more
  auto transport = RealTransport();
  ASSERT_NE(transport, nullptr);
  Fixture fixture;
  ImdsCredentialsProvider provider(transport, FakeEnv({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", url}}),
                                   fixture.Options());
  Result<Credentials> result = provider.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().Is(errc::kCredentials));
  EXPECT_THAT(result.error().message(), HasSubstr("unreachable"));
  EXPECT_THAT(result.error().message(), HasSubstr("ConnectError"));
}

TEST(MetadataLoopback, SlowEndpointTimesOut) {
  ASSERT_OK_AND_ASSIGN(auto server, testing::FakeHttpServer::Start([](const auto&) {
                         return testing::FakeResponse::Ok("t").Delay(std::chrono::seconds(10));
                       }));
  auto transport = RealTransport();
  ASSERT_NE(transport, nullptr);
  Fixture fixture;
  MetadataCredentialsOptions options = fixture.Options();
  options.timeout = std::chrono::milliseconds(200);
  ImdsCredentialsProvider provider(
      transport, FakeEnv({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", server->url()}}), options);
  Result<Credentials> result = provider.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message(), HasSubstr("RequestTimeout"));
  EXPECT_EQ(server->requests_received(), 2);  // one retry
}

}  // namespace
}  // namespace homeboard::ddb
