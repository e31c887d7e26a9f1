// The DynamoDB client workloads. W1..W7 run against a real endpoint (DynamoDB Local or AWS)
// on one table of bookmark-shaped items; W8 measures the client's own CPU per Query call
// against a stub in another process.
#include "cli/bench_ddb.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>

#include "cli/bench_report.h"
#include "cli/stub_server.h"
#include "ddb/client.h"

namespace homeboard::cli {
namespace {

using ddb::AttributeValue;
using ddb::Item;
using Clock = std::chrono::steady_clock;

constexpr const char* kUser = "bench-user";

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// A ~300-byte bookmark like the service stores.
Item BookmarkItem(int i) {
  return Item{
      {"user_id", AttributeValue::S(kUser)},
      {"bookmark_id", AttributeValue::S(fmt::format("bm-{:010d}", i))},
      {"url", AttributeValue::S(fmt::format("https://example.com/articles/{}/some-page", i))},
      {"title", AttributeValue::S(fmt::format("Bookmark {}: an interesting page", i))},
      {"description",
       AttributeValue::S("Why this page matters, in a sentence or two that a person wrote.")},
      {"tags", AttributeValue::L({AttributeValue::S("reading"),
                                  AttributeValue::S(fmt::format("tag-{}", i % 500)),
                                  AttributeValue::S("dev")})},
      {"created_at",
       AttributeValue::S(fmt::format("2026-11-25T08:{:02d}:{:02d}.{:03d}Z", (i / 60000) % 60,
                                     (i / 1000) % 60, i % 1000))},
      {"position", AttributeValue::N(static_cast<std::int64_t>(i) * 1024)},
  };
}

Item BookmarkKey(int i) {
  return Item{{"user_id", AttributeValue::S(kUser)},
              {"bookmark_id", AttributeValue::S(fmt::format("bm-{:010d}", i))}};
}

class Bench {
 public:
  Bench(const BenchDdbOptions& options, std::unique_ptr<ddb::Client> client)
      : options_(options), client_(std::move(client)) {
    std::random_device seed;
    table_ = fmt::format("{}_{:08x}", options.table, seed());
  }

  bool Run() {
    bool ok = true;
    auto wants = [&](std::string_view w) {
      return options_.workloads.empty() ||
             std::find(options_.workloads.begin(), options_.workloads.end(), w) !=
                 options_.workloads.end();
    };
    bool needs_table = false;
    for (std::string_view w : {"W1", "W2", "W3", "W4", "W5", "W6", "W7"}) {
      needs_table = needs_table || wants(w);
    }
    if (needs_table) {
      ok = Report(W1()) && ok;
      if (table_ready_) {
        // W3..W5 read what W2 wrote, so W2 runs whenever any of them is asked for.
        if (wants("W2") || wants("W3") || wants("W4") || wants("W5")) ok = Report(W2()) && ok;
        if (wants("W3")) ok = Report(W3()) && ok;
        if (wants("W4")) ok = Report(W4()) && ok;
        if (wants("W5")) ok = Report(W5()) && ok;
        if (wants("W6")) ok = Report(W6()) && ok;
        if (wants("W7")) ok = Report(W7()) && ok;
        if (!options_.keep_table) (void)client_->DeleteTable(table_);
      }
    }
    if (wants("W8")) ok = Report(W8()) && ok;
    return ok;
  }

 private:
  static bool Report(const WorkloadReport& report) {
    std::puts(ToJsonLine(report).c_str());
    std::fflush(stdout);
    return report.error.empty();
  }

  WorkloadReport W1() {
    WorkloadReport r{.workload = "W1"};
    ddb::CreateTableRequest create;
    create.table_name = table_;
    create.attribute_definitions = {{"user_id", ddb::ScalarType::kS},
                                    {"bookmark_id", ddb::ScalarType::kS},
                                    {"created_at", ddb::ScalarType::kS}};
    create.key_schema = {"user_id", "bookmark_id"};
    create.global_secondary_indexes = {
        {"UserBookmarksIndex", {"user_id", "created_at"}, {}, std::nullopt}};
    auto start = Clock::now();
    auto created = client_->CreateTable(create);
    if (!created.ok()) {
      r.error = created.error().ToString();
      return r;
    }
    auto active = client_->WaitUntilTableActive(table_, std::chrono::minutes(2),
                                                std::chrono::milliseconds(50));
    if (!active.ok()) {
      r.error = active.error().ToString();
      return r;
    }
    r.wall_s = Seconds(Clock::now() - start);
    r.note = table_;
    table_ready_ = true;
    return r;
  }

  WorkloadReport W2() {
    WorkloadReport r{.workload = "W2", .items = options_.items};
    std::map<std::string, std::vector<ddb::WriteRequest>> writes;
    auto& list = writes[table_];
    list.reserve(static_cast<std::size_t>(options_.items));
    for (int i = 0; i < options_.items; ++i) list.push_back(ddb::WriteRequest::Put(BookmarkItem(i)));
    auto cpu = ProcessCpuTime();
    auto start = Clock::now();
    auto result = client_->BatchWriteAll(writes);
    auto wall = Seconds(Clock::now() - start);
    if (!result.ok()) {
      r.error = result.error().ToString();
      return r;
    }
    if (Status status = result->AllWritten(); !status.ok()) r.error = status.error().ToString();
    r.wall_s = wall;
    r.items_per_s = options_.items / wall;
    r.requests = result->requests_sent;
    r.cpu_us_per_call = CpuPerCall(cpu, result->requests_sent);
    return r;
  }

  WorkloadReport ReadAll(std::string_view name, std::string index) {
    WorkloadReport r{.workload = std::string(name), .items = options_.items};
    ddb::QueryRequest query;
    query.table_name = table_;
    query.index_name = std::move(index);
    query.key_condition = ddb::KeyCondition::Partition("user_id", AttributeValue::S(kUser));
    int pages = 0;
    std::int64_t items = 0;
    auto cpu = ProcessCpuTime();
    auto start = Clock::now();
    for (;;) {
      auto page = client_->Query(query);
      if (!page.ok()) {
        r.error = page.error().ToString();
        return r;
      }
      ++pages;
      items += static_cast<std::int64_t>(page->items.size());
      if (!page->last_evaluated_key) break;
      query.exclusive_start_key = std::move(page->last_evaluated_key);
    }
    auto wall = Seconds(Clock::now() - start);
    r.wall_s = wall;
    r.items_per_s = static_cast<double>(items) / wall;
    r.requests = pages;
    r.cpu_us_per_call = CpuPerCall(cpu, pages);
    if (items != options_.items) {
      r.error = fmt::format("read {} items, expected {}", items, options_.items);
    }
    return r;
  }

  WorkloadReport W3() { return ReadAll("W3", ""); }
  WorkloadReport W4() { return ReadAll("W4", "UserBookmarksIndex"); }

  // Runs `call(i)` `calls` times in sequence, recording latency percentiles.
  WorkloadReport Sequential(std::string_view name, int calls,
                            const std::function<ddb::Status(int)>& call, int items_per_call = 1) {
    WorkloadReport r{.workload = std::string(name), .items = calls * items_per_call};
    LatencySamples samples;
    auto cpu = ProcessCpuTime();
    auto start = Clock::now();
    for (int i = 0; i < calls; ++i) {
      auto call_start = Clock::now();
      ddb::Status status = call(i);
      samples.Add(Clock::now() - call_start);
      if (!status.ok()) {
        r.error = status.error().ToString();
        return r;
      }
    }
    auto wall = Seconds(Clock::now() - start);
    r.wall_s = wall;
    r.items_per_s = calls * items_per_call / wall;
    r.p50_us = samples.PercentileUs(0.50);
    r.p99_us = samples.PercentileUs(0.99);
    r.cpu_us_per_call = CpuPerCall(cpu, calls);
    return r;
  }

  WorkloadReport W5() {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> pick(0, std::max(0, options_.items - 1));
    return Sequential("W5", 1000, [&](int) -> ddb::Status {
      ddb::GetItemRequest get{.table_name = table_, .key = BookmarkKey(pick(random))};
      auto got = client_->GetItem(get);
      if (!got.ok()) return std::move(got).error();
      if (!got->item) return ddb::Error(ddb::errc::kInvalidResponse, "item missing");
      return ddb::OkStatus();
    });
  }

  WorkloadReport W6() {
    return Sequential("W6", 1000, [&](int i) -> ddb::Status {
      ddb::PutItemRequest put{.table_name = table_, .item = BookmarkItem(options_.items + i)};
      put.condition = ddb::Condition::AttributeNotExists("bookmark_id");
      auto put_result = client_->PutItem(put);
      if (!put_result.ok()) return std::move(put_result).error();
      return ddb::OkStatus();
    });
  }

  WorkloadReport W7() {
    const int base = options_.items + 1000;
    return Sequential(
        "W7", 200,
        [&](int t) -> ddb::Status {
          ddb::TransactWriteItemsRequest transaction;
          for (int k = 0; k < 10; ++k) {
            transaction.items.push_back(
                ddb::TransactPut{.table_name = table_, .item = BookmarkItem(base + t * 10 + k)});
          }
          auto written = client_->TransactWriteItems(transaction);
          if (!written.ok()) return std::move(written).error();
          return ddb::OkStatus();
        },
        10);
  }

  WorkloadReport W8() {
    constexpr int kCalls = 2000;
    constexpr int kWarmup = 100;
    WorkloadReport r{.workload = "W8", .items = kCalls};
    StubProcess stub;
    std::string endpoint = options_.stub_endpoint;
    if (endpoint.empty()) {
      stub = StartStubProcess(100);
      endpoint = stub.endpoint;
      if (endpoint.empty()) {
        r.error = "could not start the stub server";
        return r;
      }
    }
    ddb::ClientOptions client_options;
    client_options.endpoint = endpoint;
    client_options.region = "us-east-1";
    client_options.credentials = std::make_shared<ddb::StaticCredentialsProvider>(
        ddb::Credentials{.access_key_id = "benchkey", .secret_access_key = "benchsecret"});
    auto client = ddb::Client::Create(client_options);
    if (!client.ok()) {
      r.error = client.error().ToString();
      StopStubProcess(stub);
      return r;
    }
    ddb::QueryRequest query;
    query.table_name = "Bookmarks";
    query.key_condition = ddb::KeyCondition::Partition("user_id", AttributeValue::S(kUser));
    std::size_t parsed = 0;
    for (int i = 0; i < kWarmup; ++i) (void)(*client)->Query(query);
    LatencySamples samples;
    auto cpu = ProcessCpuTime();
    auto start = Clock::now();
    for (int i = 0; i < kCalls; ++i) {
      auto call_start = Clock::now();
      auto page = (*client)->Query(query);
      samples.Add(Clock::now() - call_start);
      if (!page.ok()) {
        r.error = page.error().ToString();
        break;
      }
      parsed += page->items.size();
    }
    auto wall = Seconds(Clock::now() - start);
    StopStubProcess(stub);
    r.wall_s = wall;
    r.calls_per_s = kCalls / wall;
    r.items_per_s = static_cast<double>(parsed) / wall;
    r.p50_us = samples.PercentileUs(0.50);
    r.p99_us = samples.PercentileUs(0.99);
    r.cpu_us_per_call = CpuPerCall(cpu, kCalls);
    r.note = fmt::format("{} items parsed per call, body {} bytes", parsed / kCalls,
                         StubQueryResponse(100).size());
    return r;
  }

  static double CpuPerCall(std::chrono::microseconds cpu_before, std::int64_t calls) {
    if (calls <= 0) return 0;
    return static_cast<double>((ProcessCpuTime() - cpu_before).count()) /
           static_cast<double>(calls);
  }

  using Status = ddb::Status;
  const BenchDdbOptions& options_;
  std::unique_ptr<ddb::Client> client_;
  std::string table_;
  bool table_ready_ = false;
};

}  // namespace

int RunBenchDdb(const BenchDdbOptions& options) {
  ddb::ClientOptions client_options;
  client_options.endpoint = options.endpoint;
  client_options.region = options.region;
  client_options.max_parallel_requests = options.parallel;
  bool needs_server = options.workloads.empty() ||
                      std::any_of(options.workloads.begin(), options.workloads.end(),
                                  [](const std::string& w) { return w != "W8"; });
  std::unique_ptr<ddb::Client> client;
  if (needs_server) {
    auto created = ddb::Client::Create(client_options);
    if (!created.ok()) {
      std::fprintf(stderr, "homeboard bench ddb: %s\n", created.error().ToString().c_str());
      return 1;
    }
    client = std::move(created).value();
  }
  Bench bench(options, std::move(client));
  return bench.Run() ? 0 : 1;
}

}  // namespace homeboard::cli
