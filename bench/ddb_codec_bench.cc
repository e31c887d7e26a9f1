// Micro-benchmarks of the DynamoDB client's per-call CPU work, piece by piece: decoding a
// 100-item Query response (the W8 body), encoding a PutItem, signing a request, and the
// x-amz-crc32 check. Together they explain `homeboard bench ddb`'s W8 figure.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "ddb/http.h"
#include "ddb/internal/crypto.h"
#include "ddb/internal/request_codec.h"
#include "ddb/internal/response_codec.h"
#include "ddb/signer.h"

namespace homeboard::ddb {
namespace {

// The same shape as the W8 stub's response: 100 items of 8 attributes, one a list.
std::string QueryResponseBody(int items) {
  std::string body = "{\"Items\":[";
  for (int i = 0; i < items; ++i) {
    if (i > 0) body += ',';
    body += fmt::format(
        R"({{"user_id":{{"S":"user-0001"}},"bookmark_id":{{"S":"01JD8Z{:020d}"}},)"
        R"("url":{{"S":"https://example.com/articles/{}/a-reasonably-long-path-segment?ref=homeboard"}},)"
        R"("title":{{"S":"Bookmark number {} \u2014 an interesting page about things"}},)"
        R"("description":{{"S":"Why bookmark {} matters, as a person wrote it: caf\u00e9."}},)"
        R"("tags":{{"L":[{{"S":"reading"}},{{"S":"tag-{}"}},{{"S":"dev"}}]}},)"
        R"("created_at":{{"S":"2026-11-25T08:{:02d}:{:02d}.123Z"}},"position":{{"N":"{}"}}}})",
        i, i, i, i, i % 50, (i / 60) % 60, i % 60, i * 1024);
  }
  body += fmt::format("],\"Count\":{},\"ScannedCount\":{}}}", items, items);
  return body;
}

void BM_DecodeQuery100Items(benchmark::State& state) {
  const std::string original = QueryResponseBody(100);
  for (auto _ : state) {
    std::string body = original;
    Result<QueryResponse> response = internal::DecodeQuery(body);
    benchmark::DoNotOptimize(response);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * original.size()));
}
BENCHMARK(BM_DecodeQuery100Items);

void BM_EncodePutItem(benchmark::State& state) {
  PutItemRequest put;
  put.table_name = "Bookmarks";
  put.item = {{"user_id", AttributeValue::S("user-0001")},
              {"bookmark_id", AttributeValue::S("01JD8Z00000000000000000042")},
              {"url", AttributeValue::S("https://example.com/articles/42/some-page")},
              {"title", AttributeValue::S("Bookmark 42: an interesting page")},
              {"tags", AttributeValue::L({AttributeValue::S("reading"), AttributeValue::S("dev")})},
              {"position", AttributeValue::N(43008)}};
  put.condition = Condition::AttributeNotExists("bookmark_id");
  for (auto _ : state) {
    Result<std::string> body = internal::EncodePutItem(put);
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_EncodePutItem);

void BM_SignRequest(benchmark::State& state) {
  Credentials credentials{.access_key_id = "AKIDEXAMPLE",
                          .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
  SigningKeyCache cache;
  SigningOptions options;
  options.key_cache = &cache;
  HttpRequest request;
  request.url = "https://dynamodb.us-east-1.amazonaws.com/";
  request.headers = {{"content-type", "application/x-amz-json-1.0"},
                     {"x-amz-target", "DynamoDB_20120810.Query"}};
  request.body = std::string(300, 'x');
  auto now = std::chrono::system_clock::now();
  for (auto _ : state) {
    SignRequest(request, credentials, "us-east-1", "dynamodb", now, options);
    benchmark::DoNotOptimize(request.headers);
  }
}
BENCHMARK(BM_SignRequest);

void BM_Crc32Of45KB(benchmark::State& state) {
  const std::string body = QueryResponseBody(100);
  for (auto _ : state) benchmark::DoNotOptimize(internal::Crc32(body));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_Crc32Of45KB);

}  // namespace
}  // namespace homeboard::ddb

BENCHMARK_MAIN();
