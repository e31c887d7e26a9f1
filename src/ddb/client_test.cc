// Fault-injection tests of Client's attempt loop: a real CurlTransport talks to a
// FakeHttpServer on loopback that answers with DynamoDB-shaped bodies, drops connections,
// corrupts checksums, answers late or not at all. The clock, sleeper and random source are
// fakes, so backoff costs no real time and every requested delay can be asserted exactly
// (FakeRandom::AlwaysMax makes each jittered wait its ceiling). Tests assert outcomes —
// codes, attempts, requests the server saw, delays asked for — never elapsed time.
#include "ddb/client.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "ddb/internal/crypto.h"
#include "ddb/signer.h"
#include "testing/fake_http_server.h"
#include "testing/fake_runtime.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using ::homeboard::testing::FakeClock;
using ::homeboard::testing::FakeHttpServer;
using ::homeboard::testing::FakeRandom;
using ::homeboard::testing::FakeResponse;
using ::homeboard::testing::FakeSleeper;
using ::homeboard::testing::ReceivedRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;
using Sleeps = std::vector<std::chrono::nanoseconds>;

constexpr char kAccessKey[] = "AKIDEXAMPLE";
constexpr char kSecretKey[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr char kTypePrefix[] = "com.amazonaws.dynamodb.v20120810#";

// --- DynamoDB-shaped answers -------------------------------------------------------------

// A 200 answer carrying the x-amz-crc32 DynamoDB computes over the body.
FakeResponse DdbOk(std::string body = "{}") {
  std::string crc = std::to_string(internal::Crc32(body));
  return FakeResponse::Ok(std::move(body), {{"Content-Type", "application/x-amz-json-1.0"},
                                            {"x-amzn-RequestId", "REQ-OK"},
                                            {"x-amz-crc32", crc}});
}

// An error answer: {"__type":"com.amazonaws.dynamodb.v20120810#<code>","message":...}
// plus `extra` members (e.g. "CancellationReasons":[...]).
FakeResponse DdbError(int status, std::string_view code, std::string_view message,
                      std::string_view extra = "") {
  std::string body = std::string("{\"__type\":\"") + kTypePrefix + std::string(code) +
                     "\",\"message\":\"" + std::string(message) + "\"";
  if (!extra.empty()) body += "," + std::string(extra);
  body += "}";
  std::string crc = std::to_string(internal::Crc32(body));
  return FakeResponse::WithStatus(status, std::move(body),
                                  {{"Content-Type", "application/x-amz-json-1.0"},
                                   {"x-amzn-RequestId", "REQ-" + std::string(code)},
                                   {"x-amz-crc32", crc}});
}

FakeResponse Throttled(std::string_view code = errc::kThrottling) {
  return DdbError(400, code, "Rate of requests exceeds the allowed throughput.");
}

constexpr char kItemBody[] = R"({"Item":{"id":{"S":"b1"},"title":{"S":"Home"}}})";

Item BookmarkKey() { return {{"id", AttributeValue::S("b1")}}; }

GetItemRequest GetBookmark() {
  GetItemRequest request;
  request.table_name = "Bookmarks";
  request.key = BookmarkKey();
  return request;
}

PutItemRequest PutBookmark() {
  PutItemRequest request;
  request.table_name = "Bookmarks";
  request.item = {{"id", AttributeValue::S("b1")}, {"title", AttributeValue::S("Home")}};
  return request;
}

// UpdateItem with ADD of a number: applying it twice counts twice, so it is not idempotent.
UpdateItemRequest AddToCounter() {
  UpdateItemRequest request;
  request.table_name = "Counters";
  request.key = {{"id", AttributeValue::S("c1")}};
  request.update = Update().Add("hits", AttributeValue::N(1));
  return request;
}

std::string Header(const ReceivedRequest& request, std::string_view name) {
  return std::string(request.Header(name).value_or(""));
}

// "Sun, 30 Aug 2015 12:51:00 GMT" (RFC 7231 IMF-fixdate).
std::string HttpDate(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

// Recomputes the SigV4 signature of a request as received, the way DynamoDB checks it,
// from the headers the Authorization header says were signed.
void ExpectValidSignature(const ReceivedRequest& request, const std::string& server_url,
                          std::string_view secret = kSecretKey) {
  static const std::regex kAuthorization(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/dynamodb/aws4_request, "
      "SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
  std::string authorization = Header(request, "authorization");
  std::smatch match;
  ASSERT_TRUE(std::regex_match(authorization, match, kAuthorization)) << authorization;
  const std::string date = match[2], region = match[3], signed_headers = match[4];
  HttpRequest rebuilt;
  rebuilt.method = request.method;
  rebuilt.url = server_url + request.target;
  rebuilt.body = request.body;
  for (std::size_t start = 0; start <= signed_headers.size();) {
    std::size_t end = signed_headers.find(';', start);
    if (end == std::string::npos) end = signed_headers.size();
    std::string name = signed_headers.substr(start, end - start);
    ASSERT_TRUE(request.Header(name).has_value()) << "signed header missing: " << name;
    rebuilt.headers.emplace_back(name, Header(request, name));
    start = end + 1;
  }
  const std::string amz_date = Header(request, "x-amz-date");
  ASSERT_THAT(amz_date, StartsWith(date));
  std::string canonical = CanonicalRequest(rebuilt);
  std::string string_to_sign =
      StringToSign(amz_date, CredentialScope(date, region, "dynamodb"), canonical);
  EXPECT_EQ(ComputeSignature(DeriveSigningKey(secret, date, region, "dynamodb"), string_to_sign),
            std::string(match[5]));
}

// Counts Get and Invalidate calls; hands out a new session token after each Invalidate.
class CountingCredentials final : public CredentialsProvider {
 public:
  Result<Credentials> Get() override {
    ++gets;
    Credentials credentials;
    credentials.access_key_id = "ASIAEXAMPLE";
    credentials.secret_access_key = kSecretKey;
    credentials.session_token = "token-" + std::to_string(invalidations.load());
    return credentials;
  }
  void Invalidate() override { ++invalidations; }

  std::atomic<int> gets{0};
  std::atomic<int> invalidations{0};
};

// A loopback port bound but never listening: connecting to it is refused at once. Held
// for the socket's lifetime so nothing else can take the port meanwhile.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length), 0);
    port_ = ntohs(address.sin_port);
  }
  ~RefusingPort() { close(fd_); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

struct RecordedAttempt {
  std::string operation;
  int attempt = 0;
  int http_status = 0;
  std::string error_code;
  std::chrono::nanoseconds retry_delay{0};
};

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = FakeHttpServer::Start(
        [](const ReceivedRequest&) { return FakeResponse::WithStatus(500, "no handler"); });
    ASSERT_OK(server);
    server_ = std::move(server).value();
  }

  // The n-th request is answered with responses[n]; the last one repeats.
  void Script(std::vector<FakeResponse> responses) {
    auto next = std::make_shared<std::atomic<std::size_t>>(0);
    auto script = std::make_shared<std::vector<FakeResponse>>(std::move(responses));
    server_->SetHandler([next, script](const ReceivedRequest&) {
      std::size_t n = next->fetch_add(1);
      return (*script)[std::min(n, script->size() - 1)];
    });
  }

  std::unique_ptr<Client> NewClient(const std::function<void(ClientOptions&)>& tweak = nullptr) {
    ClientOptions options;
    options.endpoint = server_->url();
    options.region = "us-east-1";
    Credentials credentials;
    credentials.access_key_id = kAccessKey;
    credentials.secret_access_key = kSecretKey;
    options.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    options.env = [](std::string_view) { return std::optional<std::string>(); };
    options.clock = clock_;
    options.sleeper = sleeper_;
    options.random = random_;
    options.attempt_observer = [this](const AttemptInfo& info) {
      std::lock_guard lock(mutex_);
      attempts_.push_back({std::string(info.operation), info.attempt, info.http_status,
                           std::string(info.error_code), info.retry_delay});
    };
    if (tweak) tweak(options);
    auto client = Client::Create(options);
    EXPECT_TRUE(client.ok()) << client.error().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  std::vector<RecordedAttempt> Attempts() {
    std::lock_guard lock(mutex_);
    return attempts_;
  }

  int Requests() const { return server_->requests_received(); }

  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<FakeSleeper> sleeper_ = std::make_shared<FakeSleeper>(clock_);
  std::shared_ptr<FakeRandom> random_ = FakeRandom::AlwaysMax();
  std::unique_ptr<FakeHttpServer> server_;
  std::mutex mutex_;
  std::vector<RecordedAttempt> attempts_;
};

// --- Server errors and throttling --------------------------------------------------------

TEST_F(ClientTest, ServerErrorsAreRetriedWithBaseBackoff) {
  Script({DdbError(500, errc::kInternalServerError, "Internal server error"),
          DdbError(503, errc::kServiceUnavailable, "Service unavailable"), DdbOk(kItemBody)});
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(GetItemResponse response, client->GetItem(GetBookmark()));
  ASSERT_TRUE(response.item.has_value());
  EXPECT_EQ(response.item->at("title"), AttributeValue::S("Home"));
  EXPECT_EQ(Requests(), 3);
  // Full jitter at its maximum: 25 ms, then 50 ms.
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms, 50ms}));
  std::vector<RecordedAttempt> attempts = Attempts();
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[0].error_code, "InternalServerError");
  EXPECT_EQ(attempts[0].http_status, 500);
  EXPECT_EQ(attempts[0].retry_delay, 25ms);
  EXPECT_EQ(attempts[1].error_code, "ServiceUnavailable");
  EXPECT_EQ(attempts[2].attempt, 3);
  EXPECT_EQ(attempts[2].http_status, 200);
  EXPECT_TRUE(attempts[2].error_code.empty());
}

TEST_F(ClientTest, EveryThrottlingCodeBacksOffFromTheThrottlingBase) {
  for (std::string_view code : {errc::kThrottling, errc::kProvisionedThroughputExceeded,
                                errc::kRequestLimitExceeded, errc::kTransactionInProgress}) {
    SCOPED_TRACE(code);
    auto clock = std::make_shared<FakeClock>();
    auto sleeper = std::make_shared<FakeSleeper>(clock);
    int before = Requests();
    Script({Throttled(code), Throttled(code), DdbOk()});
    auto client = NewClient([&](ClientOptions& options) {
      options.clock = clock;
      options.sleeper = sleeper;
    });
    ASSERT_OK(client->PutItem(PutBookmark()));
    EXPECT_EQ(Requests() - before, 3);
    EXPECT_EQ(sleeper->sleeps(), (Sleeps{1000ms, 2000ms}));
  }
}

TEST_F(ClientTest, ThrottlingThatNeverClearsStopsAfterFiveAttempts) {
  Script({Throttled(errc::kProvisionedThroughputExceeded)});
  auto client = NewClient();
  Result<PutItemResponse> result = client->PutItem(PutBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kProvisionedThroughputExceeded);
  EXPECT_EQ(result.error().attempts(), 5);
  EXPECT_TRUE(result.error().retryable());
  EXPECT_EQ(result.error().http_status(), 400);
  EXPECT_EQ(result.error().operation(), "PutItem");
  EXPECT_EQ(result.error().table(), "Bookmarks");
  EXPECT_EQ(Requests(), 5);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{1000ms, 2000ms, 4000ms, 8000ms}));
}

TEST_F(ClientTest, FiveAttemptsAtMostThenTheLastError) {
  Script({DdbError(503, errc::kServiceUnavailable, "Service unavailable")});
  auto client = NewClient();
  Result<GetItemResponse> result = client->GetItem(GetBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kServiceUnavailable);
  EXPECT_EQ(result.error().attempts(), 5);
  EXPECT_EQ(result.error().request_id(), "REQ-ServiceUnavailable");
  EXPECT_EQ(Requests(), 5);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms, 50ms, 100ms, 200ms}));
}

TEST_F(ClientTest, RetryAfterHeaderIsHonouredAndCapped) {
  Script(
      {DdbError(503, errc::kServiceUnavailable, "slow down").Header("x-amz-retry-after", "1500"),
       DdbError(503, errc::kServiceUnavailable, "slow down").Header("x-amz-retry-after", "600000"),
       DdbOk(kItemBody)});
  auto client = NewClient();
  ASSERT_OK(client->GetItem(GetBookmark()));
  EXPECT_EQ(Requests(), 3);
  // At least what the server asked for; never more than max_backoff (20 s).
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{1500ms, 20000ms}));
}

// --- Final errors ------------------------------------------------------------------------

TEST_F(ClientTest, ValidationExceptionIsNotRetried) {
  Script({DdbError(400, errc::kValidation,
                   "One or more parameter values were invalid: Missing the key id in the item")});
  auto client = NewClient();
  Result<PutItemResponse> result = client->PutItem(PutBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kValidation);
  EXPECT_THAT(result.error().message(), HasSubstr("Missing the key id"));
  EXPECT_EQ(result.error().http_status(), 400);
  EXPECT_EQ(result.error().request_id(), "REQ-ValidationException");
  EXPECT_EQ(result.error().attempts(), 1);
  EXPECT_FALSE(result.error().retryable());
  EXPECT_EQ(Requests(), 1);
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

TEST_F(ClientTest, ConditionalCheckFailedIsNotRetriedAndCarriesTheOldItem) {
  server_->SetHandler([](const ReceivedRequest& request) {
    if (request.body.find(R"("ReturnValuesOnConditionCheckFailure":"ALL_OLD")") ==
        std::string::npos) {
      return DdbError(400, errc::kValidation, "expected ReturnValuesOnConditionCheckFailure");
    }
    return DdbError(400, errc::kConditionalCheckFailed, "The conditional request failed",
                    R"("Item":{"id":{"S":"b1"},"title":{"S":"Old"},"version":{"N":"7"}})");
  });
  auto client = NewClient();
  PutItemRequest put = PutBookmark();
  put.condition = Condition::AttributeNotExists("id");
  put.return_item_on_condition_failure = true;
  Result<PutItemResponse> result = client->PutItem(put);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kConditionalCheckFailed);
  EXPECT_EQ(result.error().attempts(), 1);
  ASSERT_TRUE(result.error().item().has_value());
  EXPECT_EQ(*result.error().item(), (Item{{"id", AttributeValue::S("b1")},
                                          {"title", AttributeValue::S("Old")},
                                          {"version", AttributeValue::N("7")}}));
  // A first attempt that failed its condition was answered: no word of ambiguity.
  EXPECT_THAT(result.error().message(), Not(HasSubstr("earlier attempt")));
  EXPECT_EQ(Requests(), 1);
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

TEST_F(ClientTest, ResourceNotFoundIsNotRetried) {
  Script({DdbError(400, errc::kResourceNotFound, "Requested resource not found")});
  auto client = NewClient();
  Result<GetItemResponse> result = client->GetItem(GetBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kResourceNotFound);
  EXPECT_EQ(result.error().attempts(), 1);
  EXPECT_EQ(Requests(), 1);
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

// --- CRC32 -------------------------------------------------------------------------------

TEST_F(ClientTest, Crc32MismatchIsRetriedForAnIdempotentRead) {
  FakeResponse corrupt = FakeResponse::Ok(kItemBody, {{"x-amz-crc32", "12345"}});
  Script({corrupt, DdbOk(kItemBody)});
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(GetItemResponse response, client->GetItem(GetBookmark()));
  EXPECT_TRUE(response.item.has_value());
  EXPECT_EQ(Requests(), 2);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms}));
  ASSERT_EQ(Attempts().size(), 2u);
  EXPECT_EQ(Attempts()[0].error_code, errc::kCrc32Mismatch);
}

TEST_F(ClientTest, Crc32MismatchMakesANonIdempotentUpdateOutcomeUnknown) {
  Script(
      {FakeResponse::Ok(R"({"Attributes":{"hits":{"N":"1"}}})", {{"x-amz-crc32", "1"}}), DdbOk()});
  auto client = NewClient();
  Result<UpdateItemResponse> result = client->UpdateItem(AddToCounter());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kOutcomeUnknown);
  EXPECT_THAT(result.error().message(), HasSubstr("CRC32"));
  EXPECT_EQ(result.error().attempts(), 1);
  EXPECT_EQ(Requests(), 1);
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

TEST_F(ClientTest, MissingCrc32HeaderIsAccepted) {
  Script({FakeResponse::Ok(kItemBody)});
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(GetItemResponse response, client->GetItem(GetBookmark()));
  EXPECT_TRUE(response.item.has_value());
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, Crc32IsNotCheckedWhenTurnedOff) {
  Script({FakeResponse::Ok(kItemBody, {{"x-amz-crc32", "12345"}})});
  auto client = NewClient([](ClientOptions& options) { options.verify_crc32 = false; });
  ASSERT_OK(client->GetItem(GetBookmark()));
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, MalformedCrc32HeaderIsAMismatch) {
  Script({FakeResponse::Ok(kItemBody, {{"x-amz-crc32", "99999999999999999999"}}),
          FakeResponse::Ok(kItemBody, {{"x-amz-crc32", "-1"}}), DdbOk(kItemBody)});
  auto client = NewClient();
  ASSERT_OK(client->GetItem(GetBookmark()));
  EXPECT_EQ(Requests(), 3);
}

// --- Hostile and broken bodies -----------------------------------------------------------

TEST_F(ClientTest, TruncatedSuccessBodyIsInvalidResponse) {
  // Complete HTTP framing, but the JSON stops half-way: the request did succeed, so it is
  // not re-sent; the answer just cannot be read.
  std::string truncated = R"({"Item":{"id":{"S":"b1"},"title":{"S":"Ho)";
  Script({FakeResponse::Ok(truncated)});
  auto client = NewClient();
  Result<GetItemResponse> result = client->GetItem(GetBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kInvalidResponse);
  EXPECT_EQ(result.error().operation(), "GetItem");
  EXPECT_EQ(result.error().table(), "Bookmarks");
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, NonJsonSuccessBodyIsInvalidResponse) {
  Script({FakeResponse::Ok("this is not json")});
  auto client = NewClient();
  Result<GetItemResponse> result = client->GetItem(GetBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kInvalidResponse);
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, NonJsonErrorBodyIsAnHttpErrorAndNotRetried) {
  Script({FakeResponse::WithStatus(400, "<<<garbage>>>")});
  auto client = NewClient();
  Result<GetItemResponse> result = client->GetItem(GetBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), "HttpError400");
  EXPECT_THAT(result.error().message(), HasSubstr("<<<garbage>>>"));
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, HtmlBadGatewayFromAProxyIsRetriedThenReported) {
  FakeResponse html = FakeResponse::WithStatus(
      502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      {{"Content-Type", "text/html"}});
  html.reason = "Bad Gateway";
  Script({html});
  auto client = NewClient();
  Result<GetItemResponse> result = client->GetItem(GetBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), "HttpError502");
  EXPECT_EQ(result.error().http_status(), 502);
  EXPECT_THAT(result.error().message(), HasSubstr("502 Bad Gateway"));
  EXPECT_EQ(result.error().attempts(), 5);
  EXPECT_EQ(Requests(), 5);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms, 50ms, 100ms, 200ms}));
}

TEST_F(ClientTest, HtmlBadGatewayThenSuccess) {
  Script({FakeResponse::WithStatus(502, "<html>Bad Gateway</html>"), DdbOk(kItemBody)});
  auto client = NewClient();
  ASSERT_OK(client->GetItem(GetBookmark()));
  EXPECT_EQ(Requests(), 2);
}

// --- Dropped connections and ambiguity ---------------------------------------------------

TEST_F(ClientTest, ReadIsRetriedAfterTheConnectionDropsBeforeAnswering) {
  Script({FakeResponse::CloseWithoutAnswer(), FakeResponse::ResetBeforeAnswer(), DdbOk(kItemBody)});
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(GetItemResponse response, client->GetItem(GetBookmark()));
  EXPECT_TRUE(response.item.has_value());
  EXPECT_EQ(Requests(), 3);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms, 50ms}));
  EXPECT_EQ(Attempts()[0].error_code, errc::kNetworkError);
  EXPECT_EQ(Attempts()[0].http_status, 0);
}

TEST_F(ClientTest, ReadIsRetriedAfterAPartialAnswer) {
  Script({FakeResponse::TruncatedBody(kItemBody, 10), DdbOk(kItemBody)});
  auto client = NewClient();
  ASSERT_OK(client->GetItem(GetBookmark()));
  EXPECT_EQ(Requests(), 2);
}

TEST_F(ClientTest, PutItemIsIdempotentByDefaultAndRetried) {
  Script({FakeResponse::CloseWithoutAnswer(), FakeResponse::TruncatedBody("{}", 1), DdbOk()});
  auto client = NewClient();
  ASSERT_OK(client->PutItem(PutBookmark()));
  std::vector<ReceivedRequest> seen = server_->requests();
  ASSERT_EQ(seen.size(), 3u);
  // The same write each time.
  EXPECT_EQ(seen[0].body, seen[1].body);
  EXPECT_EQ(seen[1].body, seen[2].body);
}

TEST_F(ClientTest, AddUpdateWithNoAnswerIsOutcomeUnknownAfterOneRequest) {
  Script({FakeResponse::CloseWithoutAnswer(), DdbOk()});
  auto client = NewClient();
  Result<UpdateItemResponse> result = client->UpdateItem(AddToCounter());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kOutcomeUnknown);
  EXPECT_THAT(result.error().message(), HasSubstr(errc::kNetworkError));
  EXPECT_EQ(result.error().attempts(), 1);
  EXPECT_EQ(result.error().operation(), "UpdateItem");
  EXPECT_EQ(result.error().table(), "Counters");
  EXPECT_EQ(Requests(), 1);
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

TEST_F(ClientTest, AddUpdateOnAReusedConnectionThatDiesIsNotResentByTheTransport) {
  // A GetItem leaves a kept-alive connection in the pool; the server then takes the ADD
  // update and drops that connection without answering. HTTP clients re-send on a fresh
  // connection in this case; for a non-idempotent write that would apply it twice.
  Script({DdbOk("{}"), FakeResponse::CloseWithoutAnswer(), DdbOk()});
  auto client = NewClient();
  GetItemRequest get;
  get.table_name = "Counters";
  get.key = {{"id", AttributeValue::S("c1")}};
  ASSERT_OK(client->GetItem(get));
  Result<UpdateItemResponse> result = client->UpdateItem(AddToCounter());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kOutcomeUnknown);
  EXPECT_EQ(Requests(), 2);  // the GetItem and one copy of the update, never a second
}

TEST_F(ClientTest, AddUpdateWithAPartialAnswerIsOutcomeUnknown) {
  Script({FakeResponse::TruncatedBody(R"({"Attributes":{"hits":{"N":"5"}}})", 12), DdbOk()});
  auto client = NewClient();
  Result<UpdateItemResponse> result = client->UpdateItem(AddToCounter());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kOutcomeUnknown);
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, AddUpdateDeclaredIdempotentIsRetried) {
  Script({FakeResponse::ResetBeforeAnswer(), DdbOk(R"({"Attributes":{"hits":{"N":"1"}}})")});
  auto client = NewClient();
  UpdateItemRequest update = AddToCounter();
  update.idempotency = IdempotencyHint::kIdempotent;
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse response, client->UpdateItem(update));
  ASSERT_TRUE(response.attributes.has_value());
  EXPECT_EQ(response.attributes->at("hits"), AttributeValue::N("1"));
  EXPECT_EQ(Requests(), 2);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms}));
}

TEST_F(ClientTest, SetOnlyUpdateIsIdempotentAndRetried) {
  Script({FakeResponse::CloseWithoutAnswer(), DdbOk()});
  auto client = NewClient();
  UpdateItemRequest update = AddToCounter();
  update.update = Update().Set("title", AttributeValue::S("x"));
  ASSERT_OK(client->UpdateItem(update));
  EXPECT_EQ(Requests(), 2);
}

TEST_F(ClientTest, PutDeclaredNotIdempotentIsNotRetriedAfterADrop) {
  Script({FakeResponse::CloseWithoutAnswer(), DdbOk()});
  auto client = NewClient();
  PutItemRequest put = PutBookmark();
  put.idempotency = IdempotencyHint::kNotIdempotent;
  Result<PutItemResponse> result = client->PutItem(put);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kOutcomeUnknown);
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, ConditionFailureAfterAnAmbiguousAttemptSaysSo) {
  Script({FakeResponse::CloseWithoutAnswer(),
          DdbError(400, errc::kConditionalCheckFailed, "The conditional request failed")});
  auto client = NewClient();
  PutItemRequest put = PutBookmark();
  put.condition = Condition::AttributeNotExists("id");
  Result<PutItemResponse> result = client->PutItem(put);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kConditionalCheckFailed);
  EXPECT_THAT(result.error().message(), HasSubstr("The conditional request failed"));
  EXPECT_THAT(result.error().message(), HasSubstr("earlier attempt got no answer"));
  EXPECT_EQ(result.error().attempts(), 2);
  EXPECT_EQ(Requests(), 2);
}

TEST_F(ClientTest, SlowAnswerPastTheTimeoutIsRetriedForAnIdempotentCall) {
  Script({DdbOk(kItemBody).Delay(2s), DdbOk(kItemBody)});
  auto client =
      NewClient([](ClientOptions& options) { options.transport_options.request_timeout = 300ms; });
  ASSERT_OK_AND_ASSIGN(GetItemResponse response, client->GetItem(GetBookmark()));
  EXPECT_TRUE(response.item.has_value());
  EXPECT_EQ(Requests(), 2);
  ASSERT_EQ(Attempts().size(), 2u);
  EXPECT_EQ(Attempts()[0].error_code, errc::kRequestTimeout);
}

TEST_F(ClientTest, SlowAnswerPastTheTimeoutMakesAnAddUpdateOutcomeUnknown) {
  Script({DdbOk().Delay(2s), DdbOk()});
  auto client =
      NewClient([](ClientOptions& options) { options.transport_options.request_timeout = 300ms; });
  Result<UpdateItemResponse> result = client->UpdateItem(AddToCounter());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kOutcomeUnknown);
  EXPECT_THAT(result.error().message(), HasSubstr(errc::kRequestTimeout));
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, ConnectErrorIsRetriedEvenForANonIdempotentWrite) {
  RefusingPort refusing;
  auto client = NewClient([&](ClientOptions& options) { options.endpoint = refusing.url(); });
  Result<UpdateItemResponse> result = client->UpdateItem(AddToCounter());
  ASSERT_FALSE(result.ok());
  // Nothing was sent, so retrying was safe; the last cause is reported as it is.
  EXPECT_EQ(result.error().code(), errc::kConnectError);
  EXPECT_EQ(result.error().attempts(), 5);
  EXPECT_TRUE(result.error().retryable());
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms, 50ms, 100ms, 200ms}));
}

// --- Corrections: credentials and clock --------------------------------------------------

TEST_F(ClientTest, ExpiredTokenRefreshesCredentialsOnceAndRetriesAtOnce) {
  Script(
      {DdbError(400, errc::kExpiredToken, "The security token included in the request is expired"),
       DdbOk()});
  auto credentials = std::make_shared<CountingCredentials>();
  auto client = NewClient([&](ClientOptions& options) { options.credentials = credentials; });
  ASSERT_OK(client->PutItem(PutBookmark()));
  EXPECT_EQ(credentials->invalidations.load(), 1);
  EXPECT_EQ(credentials->gets.load(), 2);
  std::vector<ReceivedRequest> seen = server_->requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(Header(seen[0], "x-amz-security-token"), "token-0");
  EXPECT_EQ(Header(seen[1], "x-amz-security-token"), "token-1");
  ExpectValidSignature(seen[1], server_->url());
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

TEST_F(ClientTest, ExpiredTokenTwiceInOneCallIsFinal) {
  Script({DdbError(400, errc::kExpiredToken,
                   "The security token included in the request is expired")});
  auto credentials = std::make_shared<CountingCredentials>();
  auto client = NewClient([&](ClientOptions& options) { options.credentials = credentials; });
  Result<PutItemResponse> result = client->PutItem(PutBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kExpiredToken);
  EXPECT_EQ(result.error().attempts(), 2);
  EXPECT_EQ(credentials->invalidations.load(), 1);
  EXPECT_EQ(Requests(), 2);
}

TEST_F(ClientTest, SignatureExpiredCorrectsTheClockFromTheDateHeader) {
  const auto local = clock_->WallNow();
  const auto server_time = local + 15min;
  Script({DdbError(400, errc::kInvalidSignature,
                   "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z "
                   "(20150830T125100Z - 5 min.)")
              .Header("Date", HttpDate(server_time)),
          DdbOk()});
  auto client = NewClient();
  ASSERT_OK(client->PutItem(PutBookmark()));
  std::vector<ReceivedRequest> seen = server_->requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(Header(seen[0], "x-amz-date"), FormatAmzDate(local));
  EXPECT_EQ(Header(seen[0], "x-amz-date"), "20150830T123600Z");
  EXPECT_EQ(Header(seen[1], "x-amz-date"), "20150830T125100Z");
  ExpectValidSignature(seen[1], server_->url());
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());

  // The offset is kept for later calls.
  Script({DdbOk(kItemBody)});
  clock_->Advance(10s);
  ASSERT_OK(client->GetItem(GetBookmark()));
  seen = server_->requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(Header(seen[2], "x-amz-date"), "20150830T125110Z");
}

TEST_F(ClientTest, OtherInvalidSignatureIsNotRetried) {
  Script({DdbError(400, errc::kInvalidSignature,
                   "The request signature we calculated does not match the signature you "
                   "provided.")});
  auto client = NewClient();
  Result<GetItemResponse> result = client->GetItem(GetBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kInvalidSignature);
  EXPECT_EQ(Requests(), 1);
}

// --- Signing and wire headers ------------------------------------------------------------

TEST_F(ClientTest, EveryAttemptIsSignedAfresh) {
  Script({Throttled(), Throttled(), DdbOk()});
  auto client = NewClient();
  const auto start = clock_->WallNow();
  ASSERT_OK(client->PutItem(PutBookmark()));
  std::vector<ReceivedRequest> seen = server_->requests();
  ASSERT_EQ(seen.size(), 3u);
  // Each attempt is dated when it is sent: after 1 s and then 2 s more of (fake) backoff.
  EXPECT_EQ(Header(seen[0], "x-amz-date"), FormatAmzDate(start));
  EXPECT_EQ(Header(seen[1], "x-amz-date"), FormatAmzDate(start + 1s));
  EXPECT_EQ(Header(seen[2], "x-amz-date"), FormatAmzDate(start + 3s));
  EXPECT_NE(Header(seen[0], "authorization"), Header(seen[1], "authorization"));
  EXPECT_NE(Header(seen[1], "authorization"), Header(seen[2], "authorization"));
  for (const ReceivedRequest& request : seen) {
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/");
    EXPECT_EQ(Header(request, "x-amz-target"), "DynamoDB_20120810.PutItem");
    EXPECT_EQ(Header(request, "content-type"), "application/x-amz-json-1.0");
    EXPECT_THAT(Header(request, "authorization"),
                StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
                           "dynamodb/aws4_request, SignedHeaders="));
    EXPECT_FALSE(request.Header("x-amz-security-token").has_value());
    EXPECT_EQ(request.body, seen[0].body);
    ExpectValidSignature(request, server_->url());
  }
}

TEST_F(ClientTest, SignatureCheckOfTheseTestsRejectsATamperedRequest) {
  // The server-side check above must be able to fail: a changed body or a wrong secret
  // no longer matches the signature.
  Script({DdbOk()});
  auto client = NewClient();
  ASSERT_OK(client->PutItem(PutBookmark()));
  std::vector<ReceivedRequest> seen = server_->requests();
  ASSERT_EQ(seen.size(), 1u);
  ExpectValidSignature(seen[0], server_->url());
  ReceivedRequest tampered = seen[0];
  tampered.body += " ";
  EXPECT_NONFATAL_FAILURE(ExpectValidSignature(tampered, server_->url()), "Signature");
  EXPECT_NONFATAL_FAILURE(ExpectValidSignature(seen[0], server_->url(), "not-the-secret"),
                          "Signature");
}

TEST_F(ClientTest, EachOperationNamesItselfInTheTargetHeader) {
  server_->SetHandler([](const ReceivedRequest& request) {
    std::string target = Header(request, "x-amz-target");
    if (target.ends_with(".Query") || target.ends_with(".Scan")) {
      return DdbOk(R"({"Items":[],"Count":0,"ScannedCount":0})");
    }
    if (target.ends_with(".TransactGetItems")) return DdbOk(R"({"Responses":[{}]})");
    return DdbOk();
  });
  auto client = NewClient();
  ASSERT_OK(client->GetItem(GetBookmark()));
  ASSERT_OK(client->PutItem(PutBookmark()));
  ASSERT_OK(client->UpdateItem(AddToCounter()));
  DeleteItemRequest del;
  del.table_name = "Bookmarks";
  del.key = BookmarkKey();
  ASSERT_OK(client->DeleteItem(del));
  QueryRequest query;
  query.table_name = "Bookmarks";
  query.key_condition = KeyCondition::Partition("id", AttributeValue::S("b1"));
  ASSERT_OK(client->Query(query));
  ScanRequest scan;
  scan.table_name = "Bookmarks";
  ASSERT_OK(client->Scan(scan));
  TransactGetItemsRequest transact_get;
  transact_get.items.push_back({"Bookmarks", BookmarkKey(), {}});
  ASSERT_OK(client->TransactGetItems(transact_get));
  std::vector<std::string> targets;
  for (const ReceivedRequest& request : server_->requests()) {
    targets.push_back(Header(request, "x-amz-target"));
    EXPECT_EQ(Header(request, "content-type"), "application/x-amz-json-1.0");
  }
  EXPECT_THAT(targets, ElementsAre("DynamoDB_20120810.GetItem", "DynamoDB_20120810.PutItem",
                                   "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.DeleteItem",
                                   "DynamoDB_20120810.Query", "DynamoDB_20120810.Scan",
                                   "DynamoDB_20120810.TransactGetItems"));
}

TEST_F(ClientTest, InvalidRequestIsRejectedBeforeSending) {
  auto client = NewClient();
  PutItemRequest put = PutBookmark();
  put.table_name = "x";
  Result<PutItemResponse> result = client->PutItem(put);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kInvalidArgument);
  EXPECT_THAT(result.error().message(), HasSubstr("TableName"));
  EXPECT_EQ(result.error().operation(), "PutItem");
  EXPECT_EQ(Requests(), 0);
}

// --- Transactions ------------------------------------------------------------------------

std::string TokenOf(const std::string& body) {
  static const std::regex kToken("\"ClientRequestToken\":\"([^\"]*)\"");
  std::smatch match;
  return std::regex_search(body, match, kToken) ? std::string(match[1]) : std::string();
}

TransactWriteItemsRequest PlaceOrder() {
  TransactWriteItemsRequest request;
  request.items.push_back(
      TransactPut{"Orders",
                  {{"id", AttributeValue::S("o1")}, {"sku", AttributeValue::S("s1")}},
                  Condition::AttributeNotExists("id"),
                  false});
  request.items.push_back(TransactUpdate{"Stock",
                                         {{"sku", AttributeValue::S("s1")}},
                                         Update().Add("count", AttributeValue::N(-1)),
                                         Condition::Greater(Path("count"), AttributeValue::N(0)),
                                         true});
  return request;
}

TEST_F(ClientTest, ConflictedTransactionIsRetriedWithTheSameToken) {
  Script({DdbError(400, errc::kTransactionCanceled,
                   "Transaction cancelled, please refer cancellation reasons for specific "
                   "reasons [None, TransactionConflict]",
                   R"("CancellationReasons":[{"Code":"None"},{"Code":"TransactionConflict",)"
                   R"("Message":"Transaction is ongoing for the item"}])"),
          DdbError(400, errc::kTransactionCanceled, "[TransactionConflict, None]",
                   R"("CancellationReasons":[{"Code":"TransactionConflict"},{"Code":"None"}])"),
          DdbOk()});
  auto client = NewClient();
  ASSERT_OK(client->TransactWriteItems(PlaceOrder()));
  std::vector<ReceivedRequest> seen = server_->requests();
  ASSERT_EQ(seen.size(), 3u);
  const std::string token = TokenOf(seen[0].body);
  EXPECT_THAT(token, ::testing::MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                             "[0-9a-f]{12}"));
  for (const ReceivedRequest& request : seen) {
    EXPECT_EQ(TokenOf(request.body), token);
    EXPECT_EQ(request.body, seen[0].body);
    EXPECT_EQ(Header(request, "x-amz-target"), "DynamoDB_20120810.TransactWriteItems");
  }
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms, 50ms}));

  // A second transaction gets a token of its own.
  Script({DdbOk()});
  ASSERT_OK(client->TransactWriteItems(PlaceOrder()));
  seen = server_->requests();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_NE(TokenOf(seen[3].body), token);
}

TEST_F(ClientTest, CallersTokenIsSentOnEveryAttempt) {
  Script({FakeResponse::CloseWithoutAnswer(), DdbError(500, errc::kInternalServerError, "oops"),
          DdbOk()});
  auto client = NewClient();
  TransactWriteItemsRequest request = PlaceOrder();
  request.client_request_token = "order-o1-attempt";
  ASSERT_OK(client->TransactWriteItems(request));
  std::vector<ReceivedRequest> seen = server_->requests();
  ASSERT_EQ(seen.size(), 3u);
  for (const ReceivedRequest& r : seen) EXPECT_EQ(TokenOf(r.body), "order-o1-attempt");
}

TEST_F(ClientTest, ThrottledTransactionBacksOffAsThrottling) {
  Script({DdbError(400, errc::kTransactionCanceled, "[None, ThrottlingError]",
                   R"("CancellationReasons":[{"Code":"None"},{"Code":"ThrottlingError"}])"),
          DdbOk()});
  auto client = NewClient();
  ASSERT_OK(client->TransactWriteItems(PlaceOrder()));
  EXPECT_EQ(Requests(), 2);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{1000ms}));
}

TEST_F(ClientTest, FailedConditionInATransactionIsFinalWithReasonsInOrder) {
  Script({DdbError(400, errc::kTransactionCanceled,
                   "Transaction cancelled, please refer cancellation reasons for specific "
                   "reasons [None, ConditionalCheckFailed]",
                   R"("CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed",)"
                   R"("Message":"The conditional request failed",)"
                   R"("Item":{"sku":{"S":"s1"},"count":{"N":"0"}}}])")});
  auto client = NewClient();
  TransactWriteItemsRequest request = PlaceOrder();
  Result<TransactWriteItemsResponse> result = client->TransactWriteItems(request);
  ASSERT_FALSE(result.ok());
  const Error& error = result.error();
  EXPECT_EQ(error.code(), errc::kTransactionCanceled);
  EXPECT_EQ(error.attempts(), 1);
  EXPECT_FALSE(error.retryable());
  EXPECT_EQ(error.operation(), "TransactWriteItems");
  EXPECT_EQ(error.table(), "Orders");
  ASSERT_EQ(error.cancellation_reasons().size(), 2u);
  EXPECT_EQ(error.cancellation_reasons()[0].code, "None");
  EXPECT_FALSE(error.cancellation_reasons()[0].item.has_value());
  EXPECT_EQ(error.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(error.cancellation_reasons()[1].message, "The conditional request failed");
  ASSERT_TRUE(error.cancellation_reasons()[1].item.has_value());
  EXPECT_EQ(*error.cancellation_reasons()[1].item,
            (Item{{"sku", AttributeValue::S("s1")}, {"count", AttributeValue::N("0")}}));
  EXPECT_EQ(Requests(), 1);
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
  // ALL_OLD was asked for the second action only.
  std::vector<ReceivedRequest> seen = server_->requests();
  EXPECT_THAT(seen[0].body, HasSubstr(R"("ReturnValuesOnConditionCheckFailure":"ALL_OLD")"));
  EXPECT_EQ(seen[0].body.find("ReturnValuesOnConditionCheckFailure"),
            seen[0].body.rfind("ReturnValuesOnConditionCheckFailure"));
}

TEST_F(ClientTest, IdempotentParameterMismatchIsFinal) {
  Script({DdbError(400, errc::kIdempotentParameterMismatch,
                   "The request uses the same client token as a previous, but non-identical "
                   "request.")});
  auto client = NewClient();
  Result<TransactWriteItemsResponse> result = client->TransactWriteItems(PlaceOrder());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kIdempotentParameterMismatch);
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, TransactGetItemsErrorsNameTheFirstTable) {
  // Long enough that a temporary copy of the name would live on the heap.
  const std::string table(120, 'T');
  Script({DdbError(400, errc::kValidation,
                   "Transaction request cannot include multiple "
                   "operations on one item")});
  std::vector<std::string> observed_tables;
  auto client = NewClient([&](ClientOptions& options) {
    options.attempt_observer = [&](const AttemptInfo& info) {
      observed_tables.emplace_back(info.table);
    };
  });
  TransactGetItemsRequest request;
  request.items.push_back({table, BookmarkKey(), {}});
  request.items.push_back({"Notes", BookmarkKey(), {}});
  Result<TransactGetItemsResponse> result = client->TransactGetItems(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().operation(), "TransactGetItems");
  EXPECT_EQ(result.error().table(), table);
  EXPECT_THAT(result.error().ToString(), HasSubstr(table));
  ASSERT_EQ(observed_tables.size(), 1u);
  EXPECT_EQ(observed_tables[0], table);
}

// --- Budget and configuration failures --------------------------------------------------

TEST_F(ClientTest, RetryQuotaIsSharedByTheCallsOfOneClient) {
  // Room for two retries (5 tokens each); the third retry is refused, and calls keep
  // failing fast until successes refill the bucket.
  Script({DdbError(500, errc::kInternalServerError, "oops")});
  auto client = NewClient([](ClientOptions& options) { options.retry.retry_quota_capacity = 10; });
  Result<GetItemResponse> first = client->GetItem(GetBookmark());
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code(), errc::kInternalServerError);
  EXPECT_THAT(first.error().message(), HasSubstr("retry quota exhausted"));
  EXPECT_EQ(first.error().attempts(), 3);
  Result<GetItemResponse> second = client->GetItem(GetBookmark());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().attempts(), 1);
  EXPECT_EQ(Requests(), 4);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{25ms, 50ms}));
}

TEST_F(ClientTest, CallDeadlineStopsRetryingBeforeAWaitWouldCrossIt) {
  Script({Throttled()});
  auto client = NewClient([](ClientOptions& options) {
    options.retry.call_deadline = std::chrono::milliseconds(2500);
  });
  Result<PutItemResponse> result = client->PutItem(PutBookmark());
  ASSERT_FALSE(result.ok());
  // Waits of 1 s and 2 s: the second would end past 2.5 s.
  EXPECT_EQ(result.error().code(), errc::kDeadlineExceeded);
  EXPECT_THAT(result.error().message(), HasSubstr(errc::kThrottling));
  EXPECT_EQ(result.error().attempts(), 2);
  EXPECT_EQ(Requests(), 2);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{1000ms}));
}

class FailingCredentials final : public CredentialsProvider {
 public:
  Result<Credentials> Get() override {
    return Error(errc::kCredentials, "no credentials: env: AWS_ACCESS_KEY_ID unset");
  }
};

TEST_F(ClientTest, MissingCredentialsSendNothing) {
  auto client = NewClient(
      [](ClientOptions& options) { options.credentials = std::make_shared<FailingCredentials>(); });
  Result<PutItemResponse> result = client->PutItem(PutBookmark());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kCredentials);
  EXPECT_EQ(result.error().operation(), "PutItem");
  EXPECT_EQ(result.error().table(), "Bookmarks");
  EXPECT_EQ(Requests(), 0);
}

// --- Tables ------------------------------------------------------------------------------

TEST_F(ClientTest, WaitUntilTableActivePollsOnTheSleeper) {
  Script({DdbError(400, errc::kResourceNotFound, "Requested resource not found"),
          DdbOk(R"({"Table":{"TableName":"Bookmarks","TableStatus":"CREATING"}})"),
          DdbOk(R"({"Table":{"TableName":"Bookmarks","TableStatus":"ACTIVE",)"
                R"("GlobalSecondaryIndexes":[{"IndexName":"I","IndexStatus":"CREATING"}]}})"),
          DdbOk(R"({"Table":{"TableName":"Bookmarks","TableStatus":"ACTIVE",)"
                R"("GlobalSecondaryIndexes":[{"IndexName":"I","IndexStatus":"ACTIVE"}]}})")});
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(TableDescription table,
                       client->WaitUntilTableActive("Bookmarks", 10s, 200ms));
  EXPECT_EQ(table.status, "ACTIVE");
  EXPECT_EQ(Requests(), 4);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{200ms, 200ms, 200ms}));
  for (const ReceivedRequest& request : server_->requests()) {
    EXPECT_EQ(Header(request, "x-amz-target"), "DynamoDB_20120810.DescribeTable");
    EXPECT_EQ(request.body, R"({"TableName":"Bookmarks"})");
  }
}

TEST_F(ClientTest, WaitUntilTableActiveGivesUpAtItsDeadline) {
  Script({DdbOk(R"({"Table":{"TableName":"Bookmarks","TableStatus":"CREATING"}})")});
  auto client = NewClient();
  Result<TableDescription> result = client->WaitUntilTableActive("Bookmarks", 1s, 300ms);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kDeadlineExceeded);
  EXPECT_THAT(result.error().message(), HasSubstr("CREATING"));
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{300ms, 300ms, 300ms}));
  EXPECT_EQ(Requests(), 4);
}

TEST_F(ClientTest, WaitUntilTableDeletedEndsOnResourceNotFound) {
  Script({DdbOk(R"({"Table":{"TableName":"Bookmarks","TableStatus":"DELETING"}})"),
          DdbError(400, errc::kResourceNotFound, "Requested resource not found")});
  auto client = NewClient();
  ASSERT_OK(client->WaitUntilTableDeleted("Bookmarks", 10s, 100ms));
  EXPECT_EQ(Requests(), 2);
}

TEST_F(ClientTest, CreateTableWithNoAnswerIsOutcomeUnknown) {
  Script({FakeResponse::CloseWithoutAnswer(),
          DdbOk(R"({"TableDescription":{"TableName":"Bookmarks","TableStatus":"CREATING"}})")});
  auto client = NewClient();
  CreateTableRequest request;
  request.table_name = "Bookmarks";
  request.attribute_definitions = {{"id", ScalarType::kS}};
  request.key_schema = {"id", ""};
  Result<TableDescription> result = client->CreateTable(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kOutcomeUnknown);
  EXPECT_EQ(Requests(), 1);
}

TEST_F(ClientTest, ListAllTablesFollowsPagesThroughFaults) {
  Script({DdbOk(R"({"TableNames":["A","B"],"LastEvaluatedTableName":"B"})"),
          FakeResponse::ResetBeforeAnswer(), DdbOk(R"({"TableNames":["C"]})")});
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> names, client->ListAllTables());
  EXPECT_THAT(names, ElementsAre("A", "B", "C"));
  std::vector<ReceivedRequest> seen = server_->requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].body, "{}");
  EXPECT_EQ(seen[1].body, R"({"ExclusiveStartTableName":"B"})");
  EXPECT_EQ(seen[2].body, seen[1].body);
}

// --- Query pagination over faults ---------------------------------------------------------

TEST_F(ClientTest, QueryAllFollowsPagesThroughRetries) {
  std::atomic<int> calls{0};
  server_->SetHandler([&calls](const ReceivedRequest& request) {
    int n = calls.fetch_add(1);
    if (n == 1) return Throttled();  // the second page's first attempt
    if (request.body.find("ExclusiveStartKey") == std::string::npos) {
      return DdbOk(R"({"Items":[{"id":{"S":"a"}}],"Count":1,"ScannedCount":1,)"
                   R"("LastEvaluatedKey":{"id":{"S":"a"}}})");
    }
    if (request.body.find(R"("ExclusiveStartKey":{"id":{"S":"a"}})") != std::string::npos) {
      // An empty page that still carries a key.
      return DdbOk(
          R"({"Items":[],"Count":0,"ScannedCount":3,"LastEvaluatedKey":{"id":{"S":"d"}}})");
    }
    return DdbOk(R"({"Items":[{"id":{"S":"e"}},{"id":{"S":"f"}}],"Count":2,"ScannedCount":2})");
  });
  auto client = NewClient();
  QueryRequest query;
  query.table_name = "Bookmarks";
  query.key_condition = KeyCondition::Partition("id", AttributeValue::S("b1"));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> items, client->QueryAll(query));
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("id"), AttributeValue::S("a"));
  EXPECT_EQ(items[2].at("id"), AttributeValue::S("f"));
  EXPECT_EQ(Requests(), 4);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{1000ms}));
}

}  // namespace
TEST_F(ClientTest, QueryAllStopsWhenTheServerRepeatsTheStartKey) {
  // A hostile or broken server answering every page with the key it was given.
  server_->SetHandler([](const ReceivedRequest&) {
    return DdbOk(R"({"Items":[],"Count":0,"ScannedCount":0,"LastEvaluatedKey":{"id":{"S":"k"}}})");
  });
  auto client = NewClient();
  QueryRequest query;
  query.table_name = "Bookmarks";
  query.key_condition = KeyCondition::Partition("id", AttributeValue::S("b1"));
  Result<std::vector<Item>> items = client->QueryAll(query);
  ASSERT_FALSE(items.ok());
  EXPECT_EQ(items.error().code(), errc::kInvalidResponse);
  EXPECT_EQ(Requests(), 2);
}

}  // namespace homeboard::ddb
