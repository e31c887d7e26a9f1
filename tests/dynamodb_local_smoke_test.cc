// Proves the ddb_local ctest fixture works: DynamoDB Local runs at the endpoint the fixture
// published and answers a ListTables call with 200 and a TableNames list. It uses raw libcurl
// on purpose, so a failure here points at the fixture, not at the ddb client; the client's own
// integration tests take over from it.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "testing/dynamodb_local.h"

namespace homeboard::testing {
namespace {

size_t AppendToString(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

TEST(DynamoDbLocalSmoke, ListTablesAnswersWithTableNames) {
  const std::string endpoint = DynamoDbLocalEndpoint();
  ASSERT_FALSE(endpoint.empty());

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  ASSERT_NE(curl, nullptr);
  // DynamoDB Local wants a well-formed SigV4 Authorization header with an alphanumeric access
  // key, but does not verify the signature, so a fixed one will do for this smoke test.
  const std::string credential = std::string(kDynamoDbLocalAccessKeyId) + "/20240101/" +
                                 std::string(kDynamoDbLocalRegion) + "/dynamodb/aws4_request";
  const std::string authorization =
      "Authorization: AWS4-HMAC-SHA256 Credential=" + credential +
      ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" +
      std::string(64, '0');
  curl_slist* raw_headers = nullptr;
  for (const std::string& header : {std::string("Content-Type: application/x-amz-json-1.0"),
                                    std::string("X-Amz-Target: DynamoDB_20120810.ListTables"),
                                    std::string("X-Amz-Date: 20240101T000000Z"), authorization}) {
    curl_slist* appended = curl_slist_append(raw_headers, header.c_str());
    ASSERT_NE(appended, nullptr);
    raw_headers = appended;
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers(raw_headers);

  const std::string url = endpoint + "/";
  std::string body;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, "{}");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &AppendToString);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);

  const CURLcode code = curl_easy_perform(curl.get());
  ASSERT_EQ(code, CURLE_OK) << "POST " << url << ": " << curl_easy_strerror(code);
  long status = 0;  // NOLINT(google-runtime-int): CURLINFO_RESPONSE_CODE wants a long
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  EXPECT_EQ(status, 200) << body;
  EXPECT_NE(body.find("\"TableNames\""), std::string::npos) << body;
}

}  // namespace
}  // namespace homeboard::testing
