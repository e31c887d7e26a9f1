// CopyTables: parallel scans of the source written to the target in batches, then a digest of
// both sides. See table_copy.h.
#include "store/table_copy.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "ddb/internal/crypto.h"
#include "ddb/internal/value_codec.h"
#include "store/request_checks.h"

namespace homeboard::store {
namespace {

using Type = AttributeValue::Type;

void AppendLength(std::string& out, std::size_t n) {
  // Fixed width, so an encoding never reads as another's prefix.
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  out.append(bytes, 8);
}

void AppendBytes(std::string& out, std::string_view bytes) {
  AppendLength(out, bytes.size());
  out.append(bytes);
}

void Encode(const AttributeValue& value, std::string& out);

void EncodeSet(char tag, std::vector<std::string> elements, std::string& out) {
  std::sort(elements.begin(), elements.end());
  out += tag;
  AppendLength(out, elements.size());
  for (const std::string& element : elements) AppendBytes(out, element);
}

void EncodeMap(const Item& map, std::string& out) {
  AppendLength(out, map.size());
  for (const auto& [name, value] : map) {  // std::map: ordered by name
    AppendBytes(out, name);
    Encode(value, out);
  }
}

void Encode(const AttributeValue& value, std::string& out) {
  switch (value.type()) {
    case Type::kS:
      out += 'S';
      AppendBytes(out, value.AsS());
      return;
    case Type::kN:
      out += 'N';
      AppendBytes(out, ddb::internal::CanonicalNumber(value.AsN()));
      return;
    case Type::kB:
      out += 'B';
      AppendBytes(out, value.AsB());
      return;
    case Type::kBool:
      out += value.AsBool() ? 'T' : 'F';
      return;
    case Type::kNull:
      out += '0';
      return;
    case Type::kM:
      out += 'M';
      EncodeMap(value.AsM(), out);
      return;
    case Type::kL:
      out += 'L';
      AppendLength(out, value.AsL().size());
      for (const AttributeValue& element : value.AsL()) Encode(element, out);
      return;
    case Type::kSS:
      EncodeSet('s', value.AsSS(), out);
      return;
    case Type::kNS: {
      std::vector<std::string> numbers;
      for (const std::string& n : value.AsNS())
        numbers.push_back(ddb::internal::CanonicalNumber(n));
      EncodeSet('n', std::move(numbers), out);
      return;
    }
    case Type::kBS:
      EncodeSet('b', value.AsBS(), out);
      return;
  }
}

Error Invalid(std::string message) {
  return Error{.code = Error::Code::kInvalidArgument, .message = std::move(message)};
}

// Runs `on_page` for every page of every segment of a scan of `table`, one thread per
// segment; `on_page` may be called from several threads at once. Stops at the first error
// (of a scan or of `on_page`) and returns it.
Status ForEachPage(ItemStore& store, const std::string& table, int segments,
                   const std::function<Status(std::vector<Item>& items)>& on_page) {
  std::mutex mu;
  std::optional<Error> first_error;  // GUARDED_BY(mu)
  std::atomic<bool> stop{false};
  auto run = [&](int segment) {
    ScanRequest request{
        .table = table, .limit = kMaxScanLimit, .segment = segment, .total_segments = segments};
    while (!stop.load()) {
      Result<ScanPage> page = store.Scan(request);
      Status status;
      if (!page.ok()) {
        status = page.error();
      } else {
        status = on_page(page->items);
      }
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (!first_error) first_error = status.error();
        stop = true;
        return;
      }
      if (page->next_cursor.empty()) return;
      request.cursor = std::move(page->next_cursor);
    }
  };
  if (segments == 1) {
    run(0);
  } else {
    std::vector<std::thread> threads;
    for (int segment = 0; segment < segments; ++segment) threads.emplace_back(run, segment);
    for (std::thread& thread : threads) thread.join();
  }
  if (first_error) return *first_error;
  return {};
}

// True if `table` holds at least one item.
Result<bool> HasItems(ItemStore& store, const std::string& table) {
  ScanRequest request{.table = table, .limit = 1};
  for (;;) {
    Result<ScanPage> page = store.Scan(request);
    if (!page.ok()) return page.error();
    if (!page->items.empty()) return true;
    if (page->next_cursor.empty()) return false;
    request.cursor = std::move(page->next_cursor);
  }
}

// Writes `writes` in chunks of `batch_size`.
Status WriteInChunks(ItemStore& store, std::vector<BatchWrite>& writes, int batch_size) {
  for (std::size_t at = 0; at < writes.size(); at += static_cast<std::size_t>(batch_size)) {
    std::size_t end = std::min(writes.size(), at + static_cast<std::size_t>(batch_size));
    std::vector<BatchWrite> chunk(std::make_move_iterator(writes.begin() + at),
                                  std::make_move_iterator(writes.begin() + end));
    if (Status s = store.BatchWrite(chunk); !s.ok()) return s;
  }
  return {};
}

bool SameKey(const KeyAttribute& a, const KeyAttribute& b) {
  return a.name == b.name && a.type == b.type;
}

Status CheckPairs(const std::vector<TablePair>& pairs, const CopyOptions& options) {
  if (options.segments < 1 || options.segments > 64) {
    return Invalid(fmt::format("segments must be 1 to 64, got {}", options.segments));
  }
  if (options.batch_size < 1 || options.batch_size > 1000) {
    return Invalid(fmt::format("batch_size must be 1 to 1000, got {}", options.batch_size));
  }
  for (const TablePair& pair : pairs) {
    const TableSpec& s = pair.source;
    const TableSpec& t = pair.target;
    bool same = SameKey(s.partition_key, t.partition_key) &&
                s.sort_key.has_value() == t.sort_key.has_value() &&
                (!s.sort_key || SameKey(*s.sort_key, *t.sort_key));
    if (!same) {
      return Invalid(fmt::format("tables {} and {} have different key schemas", s.name, t.name));
    }
  }
  return {};
}

}  // namespace

std::string TableDigest::Checksum() const { return fmt::format("{:016x}:{:016x}", sum, xored); }

std::uint64_t ItemHash(const Item& item, std::uint64_t* encoded_bytes) {
  std::string encoded;
  EncodeMap(item, encoded);
  if (encoded_bytes != nullptr) *encoded_bytes = encoded.size();
  std::string digest = ddb::internal::Sha256(encoded);
  std::uint64_t hash = 0;
  std::memcpy(&hash, digest.data(), sizeof hash);
  return hash;
}

Result<TableDigest> DigestTable(ItemStore& store, const std::string& table, int segments) {
  std::mutex mu;
  TableDigest digest;  // GUARDED_BY(mu)
  Status status = ForEachPage(store, table, segments, [&](std::vector<Item>& items) -> Status {
    TableDigest page;
    for (const Item& item : items) {
      std::uint64_t bytes = 0;
      std::uint64_t hash = ItemHash(item, &bytes);
      page.items += 1;
      page.bytes += bytes;
      page.sum += hash;
      page.xored ^= hash;
    }
    std::lock_guard<std::mutex> lock(mu);
    digest.items += page.items;
    digest.bytes += page.bytes;
    digest.sum += page.sum;
    digest.xored ^= page.xored;
    return {};
  });
  if (!status.ok()) return status.error();
  return digest;
}

Result<CopyReport> CopyTables(ItemStore& source, ItemStore& target,
                              const std::vector<TablePair>& pairs, const CopyOptions& options) {
  if (Status s = CheckPairs(pairs, options); !s.ok()) return s.error();
  CopyReport report;
  for (const TablePair& pair : pairs) {
    report.tables.push_back(
        TableCopyReport{.source_table = pair.source.name, .target_table = pair.target.name});
  }

  // Every table must exist on both sides before anything is written.
  for (const TablePair& pair : pairs) {
    Result<bool> source_has = HasItems(source, pair.source.name);
    if (!source_has.ok()) {
      Error error = source_has.error();
      error.message = "source table " + pair.source.name + ": " + error.message;
      return error;
    }
  }
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    Result<bool> has = HasItems(target, pairs[i].target.name);
    if (!has.ok()) {
      Error error = has.error();
      error.message = "target table " + pairs[i].target.name + ": " + error.message;
      return error;
    }
    if (*has) report.non_empty_tables.push_back(pairs[i].target.name);
  }
  if (!report.non_empty_tables.empty() && options.existing == CopyOptions::Existing::kRefuse) {
    report.outcome = CopyReport::Outcome::kRefusedNotEmpty;
    return report;
  }

  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const TablePair& pair = pairs[i];
    TableCopyReport& table = report.tables[i];
    std::mutex mu;  // guards `table` counters and serializes progress calls

    if (options.existing == CopyOptions::Existing::kResume) {
      Result<TableDigest> before = DigestTable(target, pair.target.name, options.segments);
      if (!before.ok()) return before.error();
      table.target_items_before = before->items;
    } else if (options.existing == CopyOptions::Existing::kReplace) {
      Status cleared = ForEachPage(
          target, pair.target.name, options.segments, [&](std::vector<Item>& items) -> Status {
            std::vector<BatchWrite> deletes;
            for (const Item& item : items) {
              deletes.push_back(BatchWrite{.table = pair.target.name,
                                           .kind = BatchWrite::Kind::kDelete,
                                           .item = KeyOf(pair.target, item)});
            }
            if (Status s = WriteInChunks(target, deletes, options.batch_size); !s.ok()) return s;
            std::lock_guard<std::mutex> lock(mu);
            table.deleted += items.size();
            return {};
          });
      if (!cleared.ok()) return cleared.error();
    }

    Status copied = ForEachPage(
        source, pair.source.name, options.segments, [&](std::vector<Item>& items) -> Status {
          std::vector<BatchWrite> puts;
          puts.reserve(items.size());
          for (Item& item : items) {
            puts.push_back(BatchWrite{.table = pair.target.name,
                                      .kind = BatchWrite::Kind::kPut,
                                      .item = std::move(item)});
          }
          for (std::size_t at = 0; at < puts.size();
               at += static_cast<std::size_t>(options.batch_size)) {
            std::size_t end =
                std::min(puts.size(), at + static_cast<std::size_t>(options.batch_size));
            std::vector<BatchWrite> chunk(std::make_move_iterator(puts.begin() + at),
                                          std::make_move_iterator(puts.begin() + end));
            if (Status s = target.BatchWrite(chunk); !s.ok()) {
              Error error = s.error();
              error.message = fmt::format("copying {} to {}: {}", pair.source.name,
                                          pair.target.name, error.message);
              return error;
            }
            std::lock_guard<std::mutex> lock(mu);
            table.copied += chunk.size();
            if (options.progress) options.progress(pair.target.name, table.copied);
          }
          return {};
        });
    if (!copied.ok()) return copied.error();
  }

  // Verification: both sides read afresh.
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    Result<TableDigest> from = DigestTable(source, pairs[i].source.name, options.segments);
    if (!from.ok()) return from.error();
    Result<TableDigest> to = DigestTable(target, pairs[i].target.name, options.segments);
    if (!to.ok()) return to.error();
    report.tables[i].source = *from;
    report.tables[i].target = *to;
    if (!report.tables[i].verified()) report.outcome = CopyReport::Outcome::kMismatch;
  }
  return report;
}

}  // namespace homeboard::store
