// Seeded random fault schedules against the Client's retry logic. Each run draws a queue of
// faults (throttling, 500, connection dropped before or after the write was applied, reset,
// truncated answer, CRC mismatch on an applied write, plain success) and a few operations —
// idempotent PutItems and non-idempotent UpdateItem ADDs — and runs them one after another
// against a fake DynamoDB whose in-memory store applies writes exactly when the fault says
// the server did. An independent model of the retry rules predicts, from the same queue,
// every call's outcome, attempt count, requests and backoff; the test checks the client
// against it and against the invariants that matter whatever the rules are:
//   - no call makes more than 5 attempts;
//   - an ADD is never applied twice: the counter equals the ADDs that returned OK plus at
//     most those that returned OutcomeUnknown;
//   - every PutItem that returned OK is in the store;
//   - the total requested sleep is what the decisions imply.
// One server and one CurlTransport serve every run (the server is replaced every few
// hundred runs only to reap the threads of closed connections); the store is reset per
// run. Fake clock/sleeper and jitter at its maximum: no real waiting, nothing timed.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ddb/client.h"
#include "ddb/curl_transport.h"
#include "ddb/internal/crypto.h"
#include "ddb/internal/value_decoder.h"
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
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

constexpr int kRuns = 3000;
constexpr int kRunsPerServer = 250;
constexpr std::uint64_t kBaseSeed = 0x5eed2024;

enum class Fault {
  kSuccess,
  kThrottle,             // 400 ThrottlingException, not applied
  kThrottleRetryAfter,   // the same with an x-amz-retry-after header
  kServerError,          // 500 InternalServerError, not applied
  kDropBefore,           // connection closed without an answer, not applied
  kDropAfterApply,       // applied, then the connection closed without an answer
  kResetBefore,          // TCP reset without an answer, not applied
  kTruncatedAfterApply,  // applied, then half of the answer and a close
  kCrcMismatch,          // applied, answered 200 with a wrong x-amz-crc32
};

const char* Name(Fault fault) {
  switch (fault) {
    case Fault::kSuccess:
      return "success";
    case Fault::kThrottle:
      return "throttle";
    case Fault::kThrottleRetryAfter:
      return "throttle+retry-after";
    case Fault::kServerError:
      return "500";
    case Fault::kDropBefore:
      return "drop-before";
    case Fault::kDropAfterApply:
      return "drop-after-apply";
    case Fault::kResetBefore:
      return "reset-before";
    case Fault::kTruncatedAfterApply:
      return "truncated-after-apply";
    case Fault::kCrcMismatch:
      return "crc-mismatch";
  }
  return "?";
}

struct ScheduledFault {
  Fault fault = Fault::kSuccess;
  int retry_after_ms = 0;  // kThrottleRetryAfter only
};

bool Applies(Fault fault) {
  return fault == Fault::kSuccess || fault == Fault::kDropAfterApply ||
         fault == Fault::kTruncatedAfterApply || fault == Fault::kCrcMismatch;
}

// Faults that end the connection without a complete answer.
bool KillsConnection(Fault fault) {
  return fault == Fault::kDropBefore || fault == Fault::kDropAfterApply ||
         fault == Fault::kResetBefore || fault == Fault::kTruncatedAfterApply;
}

FakeResponse DdbError(int status, std::string_view code) {
  std::string body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + std::string(code) +
                     "\",\"message\":\"injected\"}";
  return FakeResponse::WithStatus(status, std::move(body),
                                  {{"Content-Type", "application/x-amz-json-1.0"}});
}

// The fake DynamoDB: a store of items by id and one counter, answering each request with
// the next fault of the run's queue (success once the queue is empty).
class FakeStore {
 public:
  void Reset(std::deque<ScheduledFault> faults) {
    std::lock_guard lock(mutex_);
    queue_ = std::move(faults);
    items_.clear();
    counter_ = 0;
    applications_.clear();
    current_op_ = -1;
    requests_ = 0;
  }

  // `last`: the run's last operation, whose answers all close their connection so the next
  // run starts on a fresh one.
  void BeginOp(int op, bool last) {
    std::lock_guard lock(mutex_);
    current_op_ = op;
    last_op_ = last;
    applications_[op] = 0;
  }

  FakeResponse Handle(const ReceivedRequest& request) {
    std::lock_guard lock(mutex_);
    ++requests_;
    ScheduledFault scheduled;
    if (!queue_.empty()) {
      scheduled = queue_.front();
      queue_.pop_front();
    }
    std::string answer_body;
    if (Status applied = Apply(request, Applies(scheduled.fault), &answer_body); !applied.ok()) {
      ADD_FAILURE() << "fake store cannot serve the request: " << applied.error().ToString();
      return DdbError(400, errc::kValidation);
    }
    FakeResponse response;
    switch (scheduled.fault) {
      case Fault::kSuccess:
      case Fault::kCrcMismatch: {
        std::uint32_t crc = internal::Crc32(answer_body);
        if (scheduled.fault == Fault::kCrcMismatch) crc += 1;
        response = FakeResponse::Ok(answer_body, {{"x-amz-crc32", std::to_string(crc)}});
        break;
      }
      case Fault::kThrottle:
        response = DdbError(400, errc::kThrottling);
        break;
      case Fault::kThrottleRetryAfter:
        response = DdbError(400, errc::kThrottling)
                       .Header("x-amz-retry-after", std::to_string(scheduled.retry_after_ms));
        break;
      case Fault::kServerError:
        response = DdbError(500, errc::kInternalServerError);
        break;
      case Fault::kDropBefore:
      case Fault::kDropAfterApply:
        return FakeResponse::CloseWithoutAnswer();
      case Fault::kResetBefore:
        return FakeResponse::ResetBeforeAnswer();
      case Fault::kTruncatedAfterApply:
        return FakeResponse::TruncatedBody(answer_body, answer_body.size() / 2);
    }
    // libcurl transparently re-sends a request whose reused connection died before any
    // answer byte (the keep-alive race, see curl_transport.h), which would put a second
    // copy of a non-idempotent write on the wire behind the client's back. Closing the
    // connection after the answer that precedes a connection-killing fault, and during the
    // run's last operation (the next run's first request may be a fault), makes every such
    // fault land on a fresh connection, so this test sees exactly the copies the client
    // itself decided to send. "Connection: close" makes the client drop the connection
    // itself, so it never races the server's FIN.
    if (last_op_ || queue_.empty() || KillsConnection(queue_.front().fault)) {
      response = std::move(response).Header("Connection", "close").ThenClose();
    }
    return response;
  }

  std::mutex mutex_;
  std::map<std::string, std::string> items_;  // id -> item JSON
  long counter_ = 0;
  std::map<int, int> applications_;  // op -> times the server applied it
  int requests_ = 0;

 private:
  Status Apply(const ReceivedRequest& request, bool apply, std::string* answer_body) {
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    if (parser.parse(request.body).get(document)) {
      return Error(errc::kInvalidArgument, "body is not JSON");
    }
    std::string_view target = request.Header("x-amz-target").value_or("");
    if (target == "DynamoDB_20120810.PutItem") {
      simdjson::dom::element item;
      std::string_view id;
      if (document["Item"].get(item) || item["id"]["S"].get_string().get(id)) {
        return Error(errc::kInvalidArgument, "PutItem without Item.id.S");
      }
      if (apply) {
        items_[std::string(id)] = simdjson::minify(item);
        ++applications_[current_op_];
      }
      *answer_body = "{}";
      return OkStatus();
    }
    if (target == "DynamoDB_20120810.UpdateItem") {
      std::string_view expression, delta;
      if (document["UpdateExpression"].get_string().get(expression) ||
          expression != "ADD #n0 :v0" ||
          document["ExpressionAttributeValues"][":v0"]["N"].get_string().get(delta) ||
          delta != "1") {
        return Error(errc::kInvalidArgument, "UpdateItem is not ADD hits 1");
      }
      if (apply) {
        ++counter_;
        ++applications_[current_op_];
      }
      *answer_body = R"({"Attributes":{"hits":{"N":")" + std::to_string(counter_) + "\"}}}";
      return OkStatus();
    }
    return Error(errc::kInvalidArgument, "unexpected target " + std::string(target));
  }

  std::deque<ScheduledFault> queue_;
  int current_op_ = -1;
  bool last_op_ = false;
};

// What the retry rules say one call does with the faults at the front of `queue`.
struct Expected {
  std::string code;  // empty: success
  int attempts = 0;
  int applications = 0;
  nanoseconds sleep{0};
};

nanoseconds Ceiling(milliseconds base, int retry) {
  milliseconds ceiling = base;
  for (int i = 1; i < retry; ++i) ceiling = std::min(ceiling * 2, milliseconds(20000));
  return std::min(ceiling, milliseconds(20000));
}

Expected Model(std::deque<ScheduledFault>& queue, bool idempotent) {
  Expected expected;
  for (int attempt = 1;; ++attempt) {
    ScheduledFault scheduled;
    if (!queue.empty()) {
      scheduled = queue.front();
      queue.pop_front();
    }
    expected.attempts = attempt;
    if (Applies(scheduled.fault)) ++expected.applications;
    std::string code;
    bool ambiguous = false;
    nanoseconds delay{0};
    switch (scheduled.fault) {
      case Fault::kSuccess:
        expected.code.clear();
        return expected;
      case Fault::kThrottle:
      case Fault::kThrottleRetryAfter:
        code = std::string(errc::kThrottling);
        delay = Ceiling(milliseconds(1000), attempt);
        if (scheduled.fault == Fault::kThrottleRetryAfter) {
          delay = std::min<nanoseconds>(
              std::max<nanoseconds>(delay, milliseconds(scheduled.retry_after_ms)),
              milliseconds(20000));
        }
        break;
      case Fault::kServerError:
        code = std::string(errc::kInternalServerError);
        delay = Ceiling(milliseconds(25), attempt);
        break;
      case Fault::kDropBefore:
      case Fault::kDropAfterApply:
      case Fault::kResetBefore:
      case Fault::kTruncatedAfterApply:
        code = std::string(errc::kNetworkError);
        ambiguous = true;
        delay = Ceiling(milliseconds(25), attempt);
        break;
      case Fault::kCrcMismatch:
        code = std::string(errc::kCrc32Mismatch);
        ambiguous = true;
        delay = Ceiling(milliseconds(25), attempt);
        break;
    }
    if (ambiguous && !idempotent) {
      expected.code = std::string(errc::kOutcomeUnknown);
      return expected;
    }
    if (attempt == 5) {
      expected.code = code;
      return expected;
    }
    expected.sleep += delay;
  }
}

std::deque<ScheduledFault> DrawFaults(std::mt19937_64& random, int count) {
  // Weights in percent, in Fault order.
  static const std::discrete_distribution<int> kWeights({20, 14, 4, 14, 12, 12, 6, 6, 12});
  std::discrete_distribution<int> pick = kWeights;
  std::deque<ScheduledFault> faults;
  for (int i = 0; i < count; ++i) {
    ScheduledFault scheduled;
    scheduled.fault = static_cast<Fault>(pick(random));
    if (scheduled.fault == Fault::kThrottleRetryAfter) {
      scheduled.retry_after_ms = std::uniform_int_distribution<int>(0, 30000)(random);
    }
    faults.push_back(scheduled);
  }
  return faults;
}

std::string Describe(const std::deque<ScheduledFault>& faults) {
  std::ostringstream out;
  for (const ScheduledFault& scheduled : faults) {
    out << Name(scheduled.fault);
    if (scheduled.fault == Fault::kThrottleRetryAfter)
      out << "(" << scheduled.retry_after_ms << ")";
    out << " ";
  }
  return out.str();
}

struct Op {
  bool add = false;  // UpdateItem ADD (not idempotent); else PutItem (idempotent)
  std::string id;
  Item item;
};

TEST(ClientFaultSchedule, RandomFaultsNeverBreakTheRetryInvariants) {
  auto transport_or = CurlTransport::Create({});
  ASSERT_OK(transport_or);
  std::shared_ptr<CurlTransport> transport = std::move(transport_or).value();
  auto store = std::make_shared<FakeStore>();
  std::unique_ptr<FakeHttpServer> server;

  int calls = 0, ok_calls = 0, unknown_calls = 0, exhausted_calls = 0;
  for (int run = 0; run < kRuns && !::testing::Test::HasFailure(); ++run) {
    if (run % kRunsPerServer == 0) {
      server.reset();
      auto started = FakeHttpServer::Start(
          [store](const ReceivedRequest& request) { return store->Handle(request); });
      ASSERT_OK(started);
      server = std::move(started).value();
    }
    const std::uint64_t seed = kBaseSeed + static_cast<std::uint64_t>(run);
    std::mt19937_64 random(seed);
    const int op_count = std::uniform_int_distribution<int>(1, 4)(random);
    std::vector<Op> ops;
    for (int i = 0; i < op_count; ++i) {
      Op op;
      op.add = std::bernoulli_distribution(0.5)(random);
      op.id = op.add ? "c" : "p" + std::to_string(i);
      op.item = {{"id", AttributeValue::S(op.id)},
                 {"v", AttributeValue::N(static_cast<std::int64_t>(seed % 100000) * 10 + i)}};
      ops.push_back(std::move(op));
    }
    std::deque<ScheduledFault> faults =
        DrawFaults(random, std::uniform_int_distribution<int>(0, 6 * op_count)(random));
    SCOPED_TRACE("run " + std::to_string(run) + " seed " + std::to_string(seed) +
                 " faults: " + Describe(faults));
    store->Reset(faults);

    auto clock = std::make_shared<FakeClock>();
    auto sleeper = std::make_shared<FakeSleeper>(clock);
    ClientOptions options;
    options.endpoint = server->url();
    options.region = "us-east-1";
    Credentials credentials;
    credentials.access_key_id = "AKIDEXAMPLE";
    credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    options.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    options.env = [](std::string_view) { return std::optional<std::string>(); };
    options.transport = transport;
    options.clock = clock;
    options.sleeper = sleeper;
    options.random = FakeRandom::AlwaysMax();
    options.max_parallel_requests = 1;
    int last_attempt = 0;
    options.attempt_observer = [&last_attempt](const AttemptInfo& info) {
      last_attempt = info.attempt;
    };
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Client> client, Client::Create(options));

    std::deque<ScheduledFault> model_queue = faults;
    nanoseconds expected_sleep{0};
    int expected_requests = 0;
    long ok_adds = 0, unknown_adds = 0;
    std::map<std::string, Item> ok_puts;
    for (int i = 0; i < op_count; ++i) {
      const Op& op = ops[i];
      SCOPED_TRACE("op " + std::to_string(i) + (op.add ? " ADD" : " PUT"));
      Expected expected = Model(model_queue, /*idempotent=*/!op.add);
      expected_sleep += expected.sleep;
      expected_requests += expected.attempts;
      store->BeginOp(i, i + 1 == op_count);
      last_attempt = 0;
      Status status;
      if (op.add) {
        UpdateItemRequest update;
        update.table_name = "Counters";
        update.key = {{"id", AttributeValue::S("c")}};
        update.update = Update().Add("hits", AttributeValue::N(1));
        Result<UpdateItemResponse> result = client->UpdateItem(update);
        if (!result.ok()) status = std::move(result).error();
      } else {
        PutItemRequest put;
        put.table_name = "Store";
        put.item = op.item;
        Result<PutItemResponse> result = client->PutItem(put);
        if (!result.ok()) status = std::move(result).error();
      }
      ++calls;
      const int attempts = status.ok() ? last_attempt : status.error().attempts();
      EXPECT_GE(attempts, 1);
      EXPECT_LE(attempts, 5);
      EXPECT_EQ(last_attempt, attempts);
      EXPECT_EQ(attempts, expected.attempts);
      EXPECT_EQ(status.ok() ? std::string() : status.error().code(), expected.code)
          << (status.ok() ? "" : status.error().ToString());
      {
        std::lock_guard lock(store->mutex_);
        EXPECT_EQ(store->applications_[i], expected.applications);
        if (op.add) {
          EXPECT_LE(store->applications_[i], 1) << "an ADD was applied twice";
        }
      }
      if (status.ok()) {
        ++ok_calls;
        if (op.add) ++ok_adds;
        if (!op.add) ok_puts[op.id] = op.item;
      } else if (status.error().Is(errc::kOutcomeUnknown)) {
        ++unknown_calls;
        if (op.add) ++unknown_adds;
      } else {
        ++exhausted_calls;
        EXPECT_EQ(status.error().attempts(), 5) << status.error().ToString();
      }
    }

    std::lock_guard lock(store->mutex_);
    EXPECT_GE(store->counter_, ok_adds);
    EXPECT_LE(store->counter_, ok_adds + unknown_adds);
    for (const auto& [id, item] : ok_puts) {
      ASSERT_TRUE(store->items_.contains(id)) << "an acknowledged PutItem is missing: " << id;
      Item sent = item;
      Result<Item> stored = internal::DecodeItemJson(store->items_.at(id));
      ASSERT_OK(stored);
      EXPECT_EQ(*stored, sent);
    }
    EXPECT_EQ(sleeper->total(), expected_sleep);
    EXPECT_EQ(store->requests_, expected_requests);
  }
  // Every fault landed on a fresh connection: libcurl never re-sent a request by itself.
  EXPECT_EQ(transport->stats().resends, 0u);
  // The schedules exercised every kind of ending.
  EXPECT_GT(ok_calls, calls / 4);
  EXPECT_GT(unknown_calls, 0);
  EXPECT_GT(exhausted_calls, 0);
  std::printf("%d runs, %d calls: %d OK, %d OutcomeUnknown, %d gave up after 5 attempts\n", kRuns,
              calls, ok_calls, unknown_calls, exhausted_calls);
}

}  // namespace
}  // namespace homeboard::ddb
