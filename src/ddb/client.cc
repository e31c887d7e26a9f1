// Client construction and the attempt loop every operation goes through: sign, send,
// check, classify, back off, re-sign. Operation wrappers live in client_items.cc,
// client_batch.cc and client_tables.cc.
#include "ddb/client.h"

#include <fmt/format.h>

#include <ctime>

#include "ddb/internal/crypto.h"
#include "ddb/internal/error_codec.h"
#include "ddb/internal/task_pool.h"

namespace homeboard::ddb {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kContentType = "application/x-amz-json-1.0";

// Parses an RFC 7231 IMF-fixdate ("Wed, 25 Nov 2026 08:40:17 GMT").
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
  std::string copy(text);
  std::tm tm{};
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr) return std::nullopt;
  std::time_t seconds = timegm(&tm);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds);
}

bool CrcMatches(const HttpResponse& response) {
  std::optional<std::string_view> header = response.Header("x-amz-crc32");
  if (!header.has_value()) return true;  // a missing header is not an error
  std::uint64_t expected = 0;
  for (char c : *header) {
    if (c < '0' || c > '9' || expected > UINT32_MAX) return false;
    expected = expected * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return expected == internal::Crc32(response.body);
}

}  // namespace

std::string FormatAttempt(const AttemptInfo& info) {
  std::string line = fmt::format("{}{}{} attempt {}: ", info.operation, info.table.empty() ? "" : " ",
                                 info.table, info.attempt);
  if (info.http_status != 0) line += fmt::format("HTTP {} ", info.http_status);
  line += info.error_code.empty() ? std::string("OK") : std::string(info.error_code);
  line += fmt::format(" in {}us", info.latency.count());
  if (info.retry_delay.count() > 0) {
    line += fmt::format(
        ", retrying in {}ms",
        std::chrono::duration_cast<std::chrono::milliseconds>(info.retry_delay).count());
  }
  return line;
}

Status BatchWriteAllResult::AllWritten() const {
  if (failed.empty()) return OkStatus();
  return Error(errc::kUnprocessed,
               fmt::format("{} write(s) not applied; first: {} in {}", failed.size(),
                           failed.front().error.ToString(), failed.front().table_name));
}

Status BatchGetAllResult::AllRead() const {
  if (failed.empty()) return OkStatus();
  return Error(errc::kUnprocessed,
               fmt::format("{} key(s) not read; first: {} in {}", failed.size(),
                           failed.front().error.ToString(), failed.front().table_name));
}

Result<std::unique_ptr<Client>> Client::Create(const ClientOptions& options) {
  std::unique_ptr<Client> client(new Client());
  client->options_ = options;
  EnvLookup env = options.env ? options.env : ProcessEnvironment();
  client->clock_ = options.clock ? options.clock : SystemClock();
  client->sleeper_ = options.sleeper ? options.sleeper : SystemSleeper();
  client->random_ = options.random ? options.random : SystemRandom();

  Result<std::string> region = ResolveRegion(env, options.region);
  if (region.ok()) {
    client->region_ = std::move(region).value();
  } else if (!options.endpoint.empty()) {
    client->region_ = "us-east-1";  // a custom endpoint (DynamoDB Local) ignores the region
  } else {
    return std::move(region).error();
  }
  Result<std::string> endpoint = ResolveEndpoint(env, options.endpoint, client->region_);
  if (!endpoint.ok()) return std::move(endpoint).error();
  client->endpoint_ = std::move(endpoint).value();
  // DynamoDB answers on "/"; an endpoint given without a path gets one.
  std::string_view after_scheme = std::string_view(client->endpoint_).substr(
      client->endpoint_.find("://") == std::string::npos ? 0 : client->endpoint_.find("://") + 3);
  if (after_scheme.find('/') == std::string_view::npos) client->endpoint_ += '/';

  if (options.transport) {
    client->transport_ = options.transport;
  } else {
    CurlTransportOptions transport_options = options.transport_options;
    transport_options.max_in_flight =
        std::max(transport_options.max_in_flight, options.max_parallel_requests);
    Result<std::unique_ptr<CurlTransport>> transport = CurlTransport::Create(transport_options);
    if (!transport.ok()) return std::move(transport).error();
    client->transport_ = std::move(transport).value();
  }
  if (options.credentials) {
    client->credentials_ = options.credentials;
  } else {
    DefaultChainOptions chain;
    chain.env = env;
    chain.transport = client->transport_;
    chain.clock = client->clock_;
    client->credentials_ = DefaultCredentialsChain(std::move(chain));
  }
  client->retry_policy_ = std::make_unique<RetryPolicy>(options.retry, client->clock_,
                                                        client->sleeper_, client->random_);
  client->signing_keys_ = std::make_unique<SigningKeyCache>();
  client->pool_ = std::make_unique<internal::TaskPool>(std::max(1, options.max_parallel_requests));
  return client;
}

Client::~Client() {
  if (pool_) pool_->Stop();
}

Error Client::Annotate(Error error, const CallSpec& spec) {
  if (error.operation().empty()) error.set_operation(std::string(spec.operation));
  if (error.table().empty()) error.set_table(std::string(spec.table));
  return error;
}

void Client::ParallelFor(std::size_t n, const std::function<void(std::size_t)>& fn) {
  pool_->ParallelFor(n, static_cast<std::size_t>(std::max(1, options_.max_parallel_requests)), fn);
}

std::string Client::NewClientRequestToken() {
  // 128 random bits as a UUID-shaped string (the token may be at most 36 characters).
  std::string hex = internal::HexEncode(internal::RandomBytes(16));
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20));
}

Result<HttpResponse> Client::Invoke(const CallSpec& spec, std::string body) {
  HttpRequest request;
  request.url = endpoint_;
  request.body = std::move(body);
  request.headers.reserve(8);
  request.headers.emplace_back("content-type", kContentType);
  request.headers.emplace_back("x-amz-target", fmt::format("{}{}", kTargetPrefix, spec.operation));
  // The retry policy decides about re-sending; the transport must not do it on its own.
  request.may_resend = spec.idempotency == Idempotency::kIdempotent;

  RetryCall call = retry_policy_->Begin(spec.idempotency);
  bool outcome_was_ambiguous = false;
  for (;;) {
    Result<Credentials> credentials = credentials_->Get();
    if (!credentials.ok()) {
      Error error = std::move(credentials).error();
      error.set_operation(std::string(spec.operation)).set_table(std::string(spec.table));
      return error;
    }
    auto now = clock_->WallNow() + std::chrono::milliseconds(clock_skew_ms_.load());
    SigningOptions signing;
    signing.key_cache = signing_keys_.get();
    SignRequest(request, *credentials, region_, "dynamodb", now, signing);
    if (std::optional<std::chrono::nanoseconds> remaining = call.RemainingTime()) {
      auto budget = std::chrono::ceil<std::chrono::milliseconds>(*remaining);
      request.timeout = std::max(budget, std::chrono::milliseconds(1));
    }

    auto started = clock_->MonotonicNow();
    Result<HttpResponse> response = transport_->Send(request);
    auto latency =
        std::chrono::duration_cast<std::chrono::microseconds>(clock_->MonotonicNow() - started);

    Error error;
    std::optional<std::chrono::milliseconds> retry_after;
    if (response.ok() && response->status == 200) {
      if (!options_.verify_crc32 || CrcMatches(*response)) {
        call.OnSuccess();
        if (options_.attempt_observer) {
          AttemptInfo info;
          info.operation = spec.operation;
          info.table = spec.table;
          info.attempt = call.attempts();
          info.http_status = 200;
          info.latency = latency;
          options_.attempt_observer(info);
        }
        return response;
      }
      error = Error(errc::kCrc32Mismatch,
                    "the response body does not match its x-amz-crc32 checksum");
      error.set_http_status(200);
    } else if (response.ok()) {
      std::string request_id(response->Header("x-amzn-requestid").value_or(""));
      error = internal::ParseErrorResponse(response->status, response->body, request_id);
      if (auto header = response->Header("x-amz-retry-after")) retry_after = ParseRetryAfter(*header);
    } else {
      error = std::move(response).error();
    }
    error.set_operation(std::string(spec.operation)).set_table(std::string(spec.table));
    std::string failed_code = error.code();
    if (ClassifyFailure(error) == RetryClass::kAmbiguous ||
        ClassifyFailure(error) == RetryClass::kCorruptResponse) {
      outcome_was_ambiguous = true;
    }

    RetryDecision decision = call.OnFailure(std::move(error), retry_after);
    if (options_.attempt_observer) {
      AttemptInfo info;
      info.operation = spec.operation;
      info.table = spec.table;
      info.attempt = decision.attempt;
      info.http_status = response.ok() ? response->status : 0;
      info.error_code = failed_code;
      info.latency = latency;
      info.retry_delay = decision.delay;
      options_.attempt_observer(info);
    }
    if (!decision.retry) {
      Error final_error = std::move(decision.final_error);
      // A conditional write re-sent after an ambiguous failure may fail its condition
      // because the first attempt was applied: say so instead of leaving a misleading error.
      if (outcome_was_ambiguous && final_error.Is(errc::kConditionalCheckFailed)) {
        final_error.set_message(final_error.message() +
                                " (an earlier attempt got no answer and may have applied this "
                                "write, which would make the condition fail now)");
      }
      return final_error;
    }
    if (decision.refresh_credentials) credentials_->Invalidate();
    if (decision.correct_clock_skew && response.ok()) {
      if (auto date = response->Header("date")) {
        if (auto server_time = ParseHttpDate(*date)) {
          auto skew = std::chrono::duration_cast<std::chrono::milliseconds>(*server_time -
                                                                            clock_->WallNow());
          clock_skew_ms_.store(skew.count());
        }
      }
    }
  }
}

}  // namespace homeboard::ddb
