// Tests for the SigV4 signer: AWS's published signing test suite (every case folder under
// testdata/sigv4, compared byte for byte), plus DynamoDB-shaped requests whose expected
// signatures were computed independently with botocore's SigV4Auth.
#include "ddb/signer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace homeboard::ddb {
namespace {

namespace fs = std::filesystem;
using std::chrono::system_clock;

// The suite's folder, found next to this source file so the test needs no install step.
fs::path SuiteDir() { return fs::path(__FILE__).parent_path() / "testdata" / "sigv4"; }

std::vector<std::string> SuiteCases() {
  std::vector<std::string> cases;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(SuiteDir(), error)) {
    if (entry.is_directory() && fs::exists(entry.path() / "request.txt")) {
      cases.push_back(entry.path().filename().string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> FindHeader(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

int CountHeader(const HttpRequest& request, std::string_view name) {
  return static_cast<int>(
      std::count_if(request.headers.begin(), request.headers.end(),
                    [&](const auto& h) { return EqualsIgnoreCase(h.first, name); }));
}

// Parses the suite's raw HTTP request: "METHOD <path, may contain spaces> HTTP/1.1", then
// "Name:value" lines (a line starting with whitespace continues the previous value), a
// blank line and the body. The URL is https://<Host header><path>.
HttpRequest ParseSuiteRequest(std::string_view text) {
  HttpRequest request;
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  std::size_t body_start = text.size();
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    if (line.empty() && !lines.empty()) {
      body_start = std::min(start, text.size());
      break;
    }
    lines.push_back(line);
  }
  request.body = std::string(text.substr(body_start));
  const std::string_view request_line = lines.at(0);
  const auto method_end = request_line.find(' ');
  const auto version_start = request_line.rfind(" HTTP/");
  request.method = std::string(request_line.substr(0, method_end));
  const std::string path(request_line.substr(method_end + 1, version_start - method_end - 1));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.front() == ' ' || line.front() == '\t') {
      request.headers.back().second += "\n";
      request.headers.back().second += line;
      continue;
    }
    const auto colon = line.find(':');
    request.headers.emplace_back(std::string(line.substr(0, colon)),
                                 std::string(line.substr(colon + 1)));
  }
  request.url = "https://" + FindHeader(request, "host").value_or("") + path;
  return request;
}

// "2015-08-30T12:36:00Z"
system_clock::time_point ParseTimestamp(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  EXPECT_EQ(
      std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%dZ", &year, &month, &day, &hour, &minute, &second),
      6)
      << text;
  const std::chrono::sys_days days = std::chrono::year(year) / month / day;
  return days + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

struct SuiteContext {
  Credentials credentials;
  std::string region;
  std::string service;
  system_clock::time_point timestamp;
  SigningOptions options;
};

SuiteContext ParseContext(const fs::path& path) {
  SuiteContext context;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  const auto error = parser.load(path.string()).get(root);
  EXPECT_EQ(error, simdjson::SUCCESS) << path;
  if (error) return context;
  auto text = [&](simdjson::dom::element object, const char* key) {
    std::string_view value;
    return object[key].get(value) == simdjson::SUCCESS ? std::string(value) : std::string();
  };
  auto flag = [&](const char* key, bool fallback) {
    bool value = fallback;
    return root[key].get(value) == simdjson::SUCCESS ? value : fallback;
  };
  simdjson::dom::element credentials = root["credentials"];
  context.credentials.access_key_id = text(credentials, "access_key_id");
  context.credentials.secret_access_key = text(credentials, "secret_access_key");
  context.credentials.session_token = text(credentials, "token");
  context.region = text(root, "region");
  context.service = text(root, "service");
  context.timestamp = ParseTimestamp(text(root, "timestamp"));
  context.options.normalize_path = flag("normalize", true);
  context.options.sign_body = flag("sign_body", false);
  context.options.omit_session_token = flag("omit_session_token", false);
  return context;
}

TEST(SigV4Suite, FolderHoldsTheWholeSuite) {
  ASSERT_TRUE(fs::is_directory(SuiteDir())) << SuiteDir() << " is missing";
  const std::vector<std::string> cases = SuiteCases();
  // The 38 header-signing cases of aws-c-auth's v4 suite were copied; losing one is a bug.
  EXPECT_EQ(cases.size(), 38u);
  EXPECT_TRUE(fs::exists(SuiteDir() / "LICENSE"));
  EXPECT_TRUE(fs::exists(SuiteDir() / "NOTICE"));
}

class SigV4SuiteTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SigV4SuiteTest, MatchesAwsByteForByte) {
  const fs::path dir = SuiteDir() / GetParam();
  const SuiteContext context = ParseContext(dir / "context.json");
  HttpRequest request = ParseSuiteRequest(ReadFile(dir / "request.txt"));
  const std::size_t original_headers = request.headers.size();

  SignRequest(request, context.credentials, context.region, context.service, context.timestamp,
              context.options);

  const std::string canonical = CanonicalRequest(request, context.options);
  EXPECT_EQ(canonical, ReadFile(dir / "header-canonical-request.txt"));
  const std::string amz_date = FormatAmzDate(context.timestamp);
  const std::string scope = CredentialScope(amz_date.substr(0, 8), context.region, context.service);
  const std::string string_to_sign = StringToSign(amz_date, scope, canonical);
  EXPECT_EQ(string_to_sign, ReadFile(dir / "header-string-to-sign.txt"));
  std::string expected_signature = ReadFile(dir / "header-signature.txt");
  while (!expected_signature.empty() && std::isspace(expected_signature.back())) {
    expected_signature.pop_back();
  }
  const std::string signing_key =
      DeriveSigningKey(context.credentials.secret_access_key, amz_date.substr(0, 8), context.region,
                       context.service);
  EXPECT_EQ(ComputeSignature(signing_key, string_to_sign), expected_signature);

  // Every header of the expected signed request, with the same value, and nothing more.
  const HttpRequest expected = ParseSuiteRequest(ReadFile(dir / "header-signed-request.txt"));
  ASSERT_TRUE(FindHeader(expected, "authorization").has_value());
  EXPECT_EQ(FindHeader(request, "authorization"), FindHeader(expected, "authorization"));
  for (const auto& [name, value] : expected.headers) {
    const auto ours = FindHeader(request, name);
    ASSERT_TRUE(ours.has_value()) << "missing header " << name;
    if (CountHeader(expected, name) == 1) {
      EXPECT_EQ(*ours, value) << name;
    }
  }
  EXPECT_EQ(request.headers.size(), expected.headers.size());
  EXPECT_GT(request.headers.size(), original_headers);
  EXPECT_EQ(request.body, expected.body);
}

std::string CaseTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Aws, SigV4SuiteTest, ::testing::ValuesIn(SuiteCases()), CaseTestName);

const Credentials kExampleCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "",
                                      std::nullopt};

system_clock::time_point Utc(int year, unsigned month, unsigned day, int hour, int minute,
                             int second) {
  return std::chrono::sys_days(std::chrono::year(year) / month / day) + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + std::chrono::seconds(second);
}

HttpRequest GetItemRequest() {
  HttpRequest request;
  request.method = "POST";
  request.url = "https://dynamodb.eu-west-1.amazonaws.com/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810.GetItem"}};
  request.body =
      R"({"TableName":"Bookmarks","Key":{"pk":{"S":"user#1"},"sk":{"S":"bookmark#42"}}})";
  return request;
}

TEST(Signer, SignsDynamoDbPostLikeBotocore) {
  HttpRequest request = GetItemRequest();
  SignRequest(request, kExampleCredentials, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 58));
  EXPECT_EQ(FindHeader(request, "x-amz-date"), "20240229T235958Z");
  EXPECT_EQ(FindHeader(request, "host"), "dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(FindHeader(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/eu-west-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=4cd5a6cd72fd0ded9f077959b3b28d97f6cc076c41f2aef63feea431a592c232");
  EXPECT_FALSE(FindHeader(request, "x-amz-security-token").has_value());
}

TEST(Signer, SignsSessionToken) {
  HttpRequest request = GetItemRequest();
  Credentials credentials = kExampleCredentials;
  credentials.session_token = "FwoGZXIvYXdzEXAMPLETOKEN//";
  SignRequest(request, credentials, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 58));
  EXPECT_EQ(FindHeader(request, "x-amz-security-token"), "FwoGZXIvYXdzEXAMPLETOKEN//");
  EXPECT_EQ(FindHeader(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/eu-west-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
            "Signature=58bba8e4e12ec9a3c25b04e2cf34e71fba1dd56cb06697c9f038319129883286");
}

TEST(Signer, IncludesNonDefaultPortInHost) {
  HttpRequest request;
  request.url = "http://localhost:8000/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810.ListTables"}};
  request.body = "{}";
  SignRequest(request, kExampleCredentials, "us-east-1", "dynamodb", Utc(2015, 8, 30, 12, 36, 0));
  EXPECT_EQ(FindHeader(request, "host"), "localhost:8000");
  EXPECT_EQ(FindHeader(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=2c15ed7ee8360be5191c4f7fa4c3786076090b77a41d66fafd26efa4f0cd0e21");
}

TEST(Signer, OmitsDefaultPortFromHost) {
  for (const char* url : {"https://example.com:443/", "http://example.com:80/"}) {
    HttpRequest request;
    request.url = url;
    SignRequest(request, kExampleCredentials, "us-east-1", "dynamodb", Utc(2015, 8, 30, 12, 36, 0));
    EXPECT_EQ(FindHeader(request, "host"), "example.com") << url;
  }
  HttpRequest ipv6;
  ipv6.url = "http://[::1]:8000/";
  SignRequest(ipv6, kExampleCredentials, "us-east-1", "dynamodb", Utc(2015, 8, 30, 12, 36, 0));
  EXPECT_EQ(FindHeader(ipv6, "host"), "[::1]:8000");
  HttpRequest ipv6_default;
  ipv6_default.url = "http://[::1]/";
  SignRequest(ipv6_default, kExampleCredentials, "us-east-1", "dynamodb",
              Utc(2015, 8, 30, 12, 36, 0));
  EXPECT_EQ(FindHeader(ipv6_default, "host"), "[::1]");
}

TEST(Signer, DoubleEncodesAlreadyEncodedPath) {
  HttpRequest request;
  request.url = "https://example.amazonaws.com/a%20b/c";
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810.ListTables"}};
  request.body = "{}";
  SignRequest(request, kExampleCredentials, "us-east-1", "dynamodb", Utc(2015, 8, 30, 12, 36, 0));
  const std::string canonical = CanonicalRequest(request);
  EXPECT_EQ(canonical.substr(0, canonical.find('\n', 5)), "POST\n/a%2520b/c");
  EXPECT_EQ(FindHeader(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=7ce60fdd1a74abc9e1d7b6f2e4ac0aadc426c8cc97c8b3036ef6795973c449da");
}

TEST(Signer, CanonicalQueryDecodesThenEncodesStrictly) {
  HttpRequest request;
  request.method = "GET";
  request.url = "https://h/?b=2&a=x%2Fy&a=1&plus=a+b&flag&&bad=%zz#fragment";
  std::string signed_headers;
  const std::string canonical = CanonicalRequest(request, {}, &signed_headers);
  EXPECT_EQ(canonical.substr(0, canonical.find('\n', 6)),
            "GET\n/\na=1&a=x%2Fy&b=2&bad=%25zz&flag=&plus=a%2Bb");
  EXPECT_EQ(signed_headers, "");
}

TEST(Signer, LeavesHopByHopHeadersUnsigned) {
  HttpRequest request = GetItemRequest();
  request.headers.emplace_back("User-Agent", "homeboard/0.1");
  request.headers.emplace_back("Expect", "100-continue");
  SignRequest(request, kExampleCredentials, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 58));
  // Same signature as without them.
  EXPECT_NE(FindHeader(request, "authorization")->find("Signature=4cd5a6cd72fd"),
            std::string::npos);
}

TEST(Signer, ResigningReplacesHeaders) {
  HttpRequest request = GetItemRequest();
  Credentials first = kExampleCredentials;
  first.session_token = "first-token";
  SignRequest(request, first, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 58));
  // Some callers set Host themselves, in another case.
  request.headers.emplace_back("Host", "stale.example.com");

  // Retry a second later with long-term keys: no token header may survive.
  SignRequest(request, kExampleCredentials, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 59));
  EXPECT_EQ(CountHeader(request, "authorization"), 1);
  EXPECT_EQ(CountHeader(request, "x-amz-date"), 1);
  EXPECT_EQ(CountHeader(request, "host"), 1);
  EXPECT_EQ(CountHeader(request, "x-amz-security-token"), 0);
  EXPECT_EQ(FindHeader(request, "x-amz-date"), "20240229T235959Z");
  EXPECT_EQ(FindHeader(request, "host"), "dynamodb.eu-west-1.amazonaws.com");

  HttpRequest fresh = GetItemRequest();
  SignRequest(fresh, kExampleCredentials, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 59));
  EXPECT_EQ(FindHeader(request, "authorization"), FindHeader(fresh, "authorization"));
  EXPECT_EQ(request.headers.size(), fresh.headers.size());
}

TEST(Signer, KeyCacheDerivesOncePerDay) {
  SigningKeyCache cache;
  SigningOptions options;
  options.key_cache = &cache;
  HttpRequest cached = GetItemRequest();
  SignRequest(cached, kExampleCredentials, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 58),
              options);
  SignRequest(cached, kExampleCredentials, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 58),
              options);
  EXPECT_EQ(cache.derivations(), 1u);
  HttpRequest uncached = GetItemRequest();
  SignRequest(uncached, kExampleCredentials, "eu-west-1", "dynamodb", Utc(2024, 2, 29, 23, 59, 58));
  EXPECT_EQ(FindHeader(cached, "authorization"), FindHeader(uncached, "authorization"));

  // Next day, another region, another secret: each is a new key.
  SignRequest(cached, kExampleCredentials, "eu-west-1", "dynamodb", Utc(2024, 3, 1, 0, 0, 1),
              options);
  SignRequest(cached, kExampleCredentials, "us-east-1", "dynamodb", Utc(2024, 3, 1, 0, 0, 1),
              options);
  Credentials other = kExampleCredentials;
  other.secret_access_key = "another-secret";
  SignRequest(cached, other, "us-east-1", "dynamodb", Utc(2024, 3, 1, 0, 0, 1), options);
  EXPECT_EQ(cache.derivations(), 4u);
  EXPECT_EQ(cache.Get("another-secret", "20240301", "us-east-1", "dynamodb"),
            DeriveSigningKey("another-secret", "20240301", "us-east-1", "dynamodb"));
  EXPECT_EQ(cache.derivations(), 4u);
}

TEST(Signer, KeyCacheIsThreadSafe) {
  SigningKeyCache cache;
  const std::string expected = DeriveSigningKey("secret", "20240229", "eu-west-1", "dynamodb");
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string region = (i + t) % 2 == 0 ? "eu-west-1" : "us-east-1";
        const std::string key = cache.Get("secret", "20240229", region, "dynamodb");
        if (region == "eu-west-1" && key != expected) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Signer, FormatsAmzDate) {
  EXPECT_EQ(FormatAmzDate(Utc(2015, 8, 30, 12, 36, 0)), "20150830T123600Z");
  EXPECT_EQ(FormatAmzDate(Utc(2009, 1, 2, 3, 4, 5) + std::chrono::milliseconds(999)),
            "20090102T030405Z");
}

TEST(Credentials, ExpiryUsesMargin) {
  Credentials credentials = kExampleCredentials;
  const auto now = Utc(2024, 1, 1, 0, 0, 0);
  EXPECT_FALSE(credentials.IsExpiredAt(now, std::chrono::hours(24 * 365)));
  credentials.expiration = now + std::chrono::minutes(10);
  EXPECT_FALSE(credentials.IsExpiredAt(now, std::chrono::minutes(5)));
  EXPECT_TRUE(credentials.IsExpiredAt(now, std::chrono::minutes(10)));
  EXPECT_TRUE(credentials.IsExpiredAt(now + std::chrono::minutes(11)));
}

}  // namespace
}  // namespace homeboard::ddb
