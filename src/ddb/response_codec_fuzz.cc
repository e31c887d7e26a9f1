// libFuzzer entry for the response decoders. Every input is fed, as a response body, to
// each internal::Decode* function (item, batch, transaction and table operations) and to
// internal::ParseErrorResponse, none of which may crash, read out of bounds or change the
// body. Beyond not crashing, the decoders must keep their contracts: a failure is always
// errc::kInvalidResponse; a decoded Query page has exactly Count items when it has Items;
// TransactGetItems succeeds only with the expected number of responses; batch answers never
// list a table with nothing unprocessed; every decoded item survives encode -> decode
// unchanged; and an error response always yields a non-empty code, valid UTF-8 code and
// message, and the HTTP status and request id it was given. Any violated invariant aborts, which
// libFuzzer reports.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/error.h"
#include "ddb/internal/error_codec.h"
#include "ddb/internal/json_writer.h"
#include "ddb/internal/response_codec.h"
#include "ddb/internal/table_codec.h"
#include "ddb/internal/value_codec.h"
#include "ddb/internal/value_decoder.h"

namespace {

namespace ddb = homeboard::ddb;
namespace internal = homeboard::ddb::internal;

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckItem(const ddb::Item& item) {
  const std::string json = internal::EncodeItemJson(item);
  ddb::Result<ddb::Item> again = internal::DecodeItemJson(json);
  Check(again.ok());
  Check(*again == item);
}

void CheckItems(const std::vector<ddb::Item>& items) {
  for (const ddb::Item& item : items) CheckItem(item);
}

// Runs `decode` on a copy of the input and checks the failure contract and that the
// body's contents were left alone. Returns the decoder's result.
template <typename Decode>
auto Run(std::string_view input, Decode&& decode) {
  std::string body(input);
  auto result = decode(body);
  Check(body == input);
  if (!result.ok()) Check(result.error().code() == ddb::errc::kInvalidResponse);
  return result;
}

template <typename Response>
void CheckWriteResponse(const ddb::Result<Response>& result) {
  if (result.ok() && result->attributes.has_value()) CheckItem(*result->attributes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  CheckWriteResponse(Run(input, internal::DecodePutItem));
  CheckWriteResponse(Run(input, internal::DecodeUpdateItem));
  CheckWriteResponse(Run(input, internal::DecodeDeleteItem));

  if (auto get = Run(input, internal::DecodeGetItem); get.ok() && get->item.has_value()) {
    CheckItem(*get->item);
  }

  if (auto query = Run(input, internal::DecodeQuery); query.ok()) {
    Check(query->count >= 0 && query->scanned_count >= 0);
    Check(query->items.empty() || static_cast<std::size_t>(query->count) == query->items.size());
    CheckItems(query->items);
    if (query->last_evaluated_key.has_value()) CheckItem(*query->last_evaluated_key);
  }

  if (auto batch_write = Run(input, internal::DecodeBatchWriteItem); batch_write.ok()) {
    for (const auto& [table, writes] : batch_write->unprocessed_items) {
      Check(!writes.empty());
      for (const ddb::WriteRequest& write : writes) CheckItem(write.item);
    }
  }

  if (auto batch_get = Run(input, internal::DecodeBatchGetItem); batch_get.ok()) {
    for (const auto& [table, items] : batch_get->responses) CheckItems(items);
    for (const auto& [table, keys] : batch_get->unprocessed_keys) {
      Check(!keys.keys.empty());
      CheckItems(keys.keys);
    }
  }

  (void)Run(input, internal::DecodeTransactWriteItems);

  for (std::size_t expected = 0; expected < 4; ++expected) {
    auto transact_get = Run(input, [expected](std::string& body) {
      return internal::DecodeTransactGetItems(body, expected);
    });
    if (!transact_get.ok()) continue;
    Check(transact_get->items.size() == expected);
    for (const auto& item : transact_get->items) {
      if (item.has_value()) CheckItem(*item);
    }
  }

  for (std::string_view member : {"Table", "TableDescription"}) {
    (void)Run(input, [member](std::string& body) {
      return internal::DecodeTableDescription(body, member);
    });
  }
  (void)Run(input, internal::DecodeListTables);
  (void)Run(input, internal::DecodeUpdateTimeToLive);
  (void)Run(input, internal::DecodeDescribeTimeToLive);

  for (int status : {400, 500, 502, 503}) {
    ddb::Error error = internal::ParseErrorResponse(status, input, "fuzz-request-id");
    Check(!error.code().empty());
    Check(internal::IsValidUtf8(error.code()));
    Check(internal::IsValidUtf8(error.message()));
    Check(error.http_status() == status);
    Check(error.request_id() == "fuzz-request-id");
    Check(!error.retryable());
    // A reason's code is whatever string the body held, even "" (only a missing Code
    // becomes "Unknown"); the retry policy treats anything unexpected as final.
    for (const ddb::CancellationReason& reason : error.cancellation_reasons()) {
      if (reason.item.has_value()) CheckItem(*reason.item);
    }
    if (error.item().has_value()) CheckItem(*error.item());
  }
  return 0;
}
