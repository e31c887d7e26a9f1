// ItemStore conformance, scans (ItemStore::Scan, the maintenance-only full-table read):
// empty tables, every item exactly once for every page size and across parallel segments,
// tables with number and binary keys, items over DynamoDB's 1 MB page, writes between pages,
// and bad limits, segments and cursors.
// (The shared fixture, its tables and conventions: store_conformance.h.)
#include <cstdio>

#include "store_conformance.h"

namespace homeboard::store {
namespace {

class StoreScan : public StoreConformance {
 protected:
  // Every page of the scan (at most 10,000, so a cursor loop cannot hang the test), each
  // checked to hold at most `limit` items.
  Result<std::vector<ScanPage>> ScanPages(ScanRequest request) {
    std::vector<ScanPage> pages;
    for (int i = 0; i < 10000; ++i) {
      Result<ScanPage> page = store().Scan(request);
      if (!page.ok()) return std::move(page).error();
      EXPECT_LE(page->items.size(), static_cast<std::size_t>(request.limit));
      pages.push_back(std::move(page).value());
      if (pages.back().next_cursor.empty()) return pages;
      request.cursor = pages.back().next_cursor;
    }
    ADD_FAILURE() << "scan did not end after 10000 pages";
    return pages;
  }
  Result<std::vector<Item>> ScanAll(ScanRequest request) {
    Result<std::vector<ScanPage>> pages = ScanPages(std::move(request));
    if (!pages.ok()) return std::move(pages).error();
    std::vector<Item> items;
    for (ScanPage& page : *pages) {
      for (Item& item : page.items) items.push_back(std::move(item));
    }
    return items;
  }
  ScanRequest Request(const TableSpec& spec, int limit = 1000) {
    return ScanRequest{.table = spec.name, .limit = limit};
  }

  // Puts `partitions` x `per_partition` items into items_ (some with GSI keys, so index rows
  // exist and must not show up as extra items) and returns them.
  std::vector<Item> Fill(int partitions, int per_partition) {
    std::vector<Item> written;
    for (int p = 0; p < partitions; ++p) {
      for (int s = 0; s < per_partition; ++s) {
        char pk[16], sk[16];
        std::snprintf(pk, sizeof pk, "part%02d", p);
        std::snprintf(sk, sizeof sk, "s%03d", s);
        Item item = With(Key(pk, sk), "n", V::N(p * 1000 + s));
        if (s % 2 == 0) {
          item["owner"] = V::S("o" + std::to_string(p % 3));
          item["rank"] = V::N(s);
        }
        if (s % 3 == 0) item["tag"] = V::S("t");
        EXPECT_OK(PutItem(items_, item));
        written.push_back(item);
      }
    }
    return written;
  }
};

// Items as "pk/sk" strings, sorted.
std::vector<std::string> SortedIds(const std::vector<Item>& items) {
  std::vector<std::string> ids;
  for (const Item& item : items) ids.push_back(item.at("pk").AsS() + "/" + item.at("sk").AsS());
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_P(StoreScan, EmptyTableScansToNothing) {
  ASSERT_OK_AND_ASSIGN(std::vector<Item> items, ScanAll(Request(items_)));
  EXPECT_TRUE(items.empty());
  ASSERT_OK_AND_ASSIGN(items, ScanAll(Request(simple_, 1)));
  EXPECT_TRUE(items.empty());
}

TEST_P(StoreScan, EveryItemExactlyOnceForEveryPageSize) {
  const std::vector<Item> written = Fill(7, 9);  // 63 items
  for (int limit : {1, 2, 7, 62, 63, 64, 1000}) {
    SCOPED_TRACE(limit);
    ASSERT_OK_AND_ASSIGN(std::vector<Item> found, ScanAll(Request(items_, limit)));
    EXPECT_EQ(SortedIds(found), SortedIds(written));
    EXPECT_EQ(Sorted(found), Sorted(written));  // whole items, not just keys
  }
  // Another table of the same store is not mixed in, and a table without a sort key scans.
  ASSERT_OK(PutItem(simple_, {{"id", V::S("only")}, {"x", V::N(1)}}));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> simple, ScanAll(Request(simple_, 1)));
  EXPECT_EQ(Sorted(simple), Sorted({{{"id", V::S("only")}, {"x", V::N(1)}}}));
}

TEST_P(StoreScan, PagesRepeatTheSameOrder) {
  Fill(4, 5);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> first, ScanAll(Request(items_, 3)));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> second, ScanAll(Request(items_, 6)));
  ASSERT_EQ(first.size(), 20u);
  EXPECT_EQ(Normalized(first), Normalized(second));
}

TEST_P(StoreScan, ParallelSegmentsPartitionTheTable) {
  const std::vector<Item> written = Fill(16, 3);
  for (int total : {1, 2, 5}) {
    SCOPED_TRACE(total);
    std::vector<Item> all;
    std::map<std::string, int> segment_of_partition;
    for (int segment = 0; segment < total; ++segment) {
      ScanRequest request = Request(items_, 4);
      request.segment = segment;
      request.total_segments = total;
      ASSERT_OK_AND_ASSIGN(std::vector<Item> found, ScanAll(request));
      for (const Item& item : found) {
        // A partition lives in one segment.
        auto [it, inserted] = segment_of_partition.emplace(item.at("pk").AsS(), segment);
        EXPECT_EQ(it->second, segment) << item.at("pk").AsS();
        all.push_back(item);
      }
    }
    EXPECT_EQ(SortedIds(all), SortedIds(written));  // together: every item, once
  }
}

TEST_P(StoreScan, NumberAndBinaryKeysScan) {
  std::vector<Item> numbers;
  for (const char* n : {"-1.5", "0", "7", "1E+10"}) {
    numbers.push_back({{"pk", V::S("p")}, {"sk", V::N(n)}, {"v", V::S(n)}});
    ASSERT_OK(PutItem(numbers_, numbers.back()));
  }
  std::vector<Item> blobs;
  for (const std::string& b : {Bytes({0x00}), Bytes({0xFF, 0x00}), Bytes({0x7F})}) {
    blobs.push_back({{"pk", V::B(b)}, {"sk", V::B(b + b)}});
    ASSERT_OK(PutItem(blobs_, blobs.back()));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, ScanAll(Request(numbers_, 1)));
  EXPECT_EQ(Sorted(found), Sorted(numbers));
  ASSERT_OK_AND_ASSIGN(found, ScanAll(Request(blobs_, 2)));
  EXPECT_EQ(Sorted(found), Sorted(blobs));
}

TEST_P(StoreScan, LargeItemsCrossDynamoDbsOneMegabytePages) {
  // 12 items of 200 KB: DynamoDB stops a scan page at 1 MB, so a page may hold fewer than
  // `limit` items, but the scan still returns each item once.
  std::vector<Item> written;
  for (int i = 0; i < 12; ++i) {
    written.push_back(With(Key("big" + std::to_string(i), "x"), "pad",
                           V::S(std::string(200 * 1024, static_cast<char>('a' + i)))));
    ASSERT_OK(PutItem(items_, written.back()));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, ScanAll(Request(items_, 1000)));
  EXPECT_EQ(SortedIds(found), SortedIds(written));
  for (const Item& item : found) EXPECT_EQ(item.at("pad").AsS().size(), 200u * 1024u);
}

TEST_P(StoreScan, ItemsUnchangedDuringTheScanComeExactlyOnce) {
  const std::vector<Item> written = Fill(6, 6);  // 36 items
  ScanRequest request = Request(items_, 5);
  ASSERT_OK_AND_ASSIGN(ScanPage page, store().Scan(request));
  std::vector<Item> found = page.items;
  // Between pages: delete two items, add two, rewrite one; none of them is checked.
  std::set<std::string> touched = {"part01/s001", "part04/s005", "part09/s000", "part10/s000",
                                   "part02/s002"};
  ASSERT_OK(store().Delete(DeleteRequest{.table = items_.name, .key = Key("part01", "s001")}));
  ASSERT_OK(store().Delete(DeleteRequest{.table = items_.name, .key = Key("part04", "s005")}));
  ASSERT_OK(PutItem(items_, Key("part09", "s000")));
  ASSERT_OK(PutItem(items_, Key("part10", "s000")));
  ASSERT_OK(PutItem(items_, With(Key("part02", "s002"), "n", V::N(-1))));
  while (!page.next_cursor.empty()) {
    request.cursor = page.next_cursor;
    ASSERT_OK_AND_ASSIGN(page, store().Scan(request));
    found.insert(found.end(), page.items.begin(), page.items.end());
  }
  std::vector<std::string> ids = SortedIds(found);
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "an item came twice";
  std::vector<std::string> expected;
  for (const std::string& id : SortedIds(written)) {
    if (!touched.count(id)) expected.push_back(id);
  }
  std::vector<std::string> untouched_found;
  for (const std::string& id : ids) {
    if (!touched.count(id)) untouched_found.push_back(id);
  }
  EXPECT_EQ(untouched_found, expected);
}

TEST_P(StoreScan, BadScansAreRefused) {
  Fill(3, 3);
  auto with = [&](std::function<void(ScanRequest&)> change) {
    ScanRequest request = Request(items_, 2);
    change(request);
    return store().Scan(request);
  };
  EXPECT_CODE(with([](ScanRequest& r) { r.limit = 0; }), Code::kInvalidArgument);
  EXPECT_CODE(with([](ScanRequest& r) { r.limit = kMaxScanLimit + 1; }), Code::kInvalidArgument);
  EXPECT_CODE(with([](ScanRequest& r) { r.total_segments = 0; }), Code::kInvalidArgument);
  EXPECT_CODE(with([](ScanRequest& r) { r.total_segments = kMaxScanSegments + 1; }),
              Code::kInvalidArgument);
  EXPECT_CODE(with([](ScanRequest& r) { r.segment = -1; }), Code::kInvalidArgument);
  EXPECT_CODE(with([](ScanRequest& r) { r.segment = 1; }), Code::kInvalidArgument);
  EXPECT_CODE(with([](ScanRequest& r) {
                r.total_segments = 3;
                r.segment = 3;
              }),
              Code::kInvalidArgument);
  EXPECT_CODE(store().Scan(ScanRequest{.table = items_.name + "_missing"}), Code::kNotFound);
  EXPECT_CODE(store().Scan(ScanRequest{.table = ""}), Code::kInvalidArgument);
  EXPECT_OK(with([](ScanRequest& r) { r.limit = kMaxScanLimit; }));

  // Cursors: altered, garbage, of a query, of another segment, of another table.
  ASSERT_OK_AND_ASSIGN(ScanPage first, store().Scan(Request(items_, 2)));
  ASSERT_FALSE(first.next_cursor.empty());
  std::string altered = first.next_cursor;
  altered[altered.size() / 3] = altered[altered.size() / 3] == 'A' ? 'B' : 'A';
  EXPECT_CODE(with([&](ScanRequest& r) { r.cursor = altered; }), Code::kInvalidArgument);
  EXPECT_CODE(with([&](ScanRequest& r) { r.cursor = "not a cursor"; }), Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(QueryPage query_page, store().Query(ItemsQuery("part00", 1)));
  ASSERT_FALSE(query_page.next_cursor.empty());
  EXPECT_CODE(with([&](ScanRequest& r) { r.cursor = query_page.next_cursor; }),
              Code::kInvalidArgument);
  EXPECT_CODE(with([&](ScanRequest& r) {
                r.cursor = first.next_cursor;
                r.total_segments = 2;
              }),
              Code::kInvalidArgument);
  EXPECT_CODE(store().Scan(ScanRequest{.table = numbers_.name, .cursor = first.next_cursor}),
              Code::kInvalidArgument);
  // The scan cursor is no query cursor either.
  QueryRequest query = ItemsQuery("part00", 1);
  query.cursor = first.next_cursor;
  EXPECT_CODE(store().Query(query), Code::kInvalidArgument);
}

// Named after the engine, so `--gtest_filter='Sqlite/*'` runs one engine.
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreScan, ::testing::Values(testing::Engine::kSqlite));
INSTANTIATE_TEST_SUITE_P(DynamoDb, StoreScan, ::testing::Values(testing::Engine::kDynamo));

}  // namespace
}  // namespace homeboard::store
