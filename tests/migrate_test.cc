// `homeboard migrate` end to end, through the real executable: a SQLite file with items in
// every homeboard table goes to DynamoDB Local and back into a second SQLite file, which
// then holds exactly the same items; a second run into the same target is refused (exit 3)
// until --resume or --force; bad locations are usage errors (exit 2), a missing source
// fails (exit 1) without creating it, and a source table that differs from the spec is
// exit 5. The report names every table with its counts.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ddb/internal/crypto.h"
#include "homeboard_process.h"
#include "ddb_test_util.h"
#include "model/tables.h"
#include "store/sqlite/sqlite_store.h"
#include "store_test_engines.h"
#include "testing/dynamodb_local.h"
#include "testing/status_matchers.h"

#ifndef HOMEBOARD_BINARY
#error "HOMEBOARD_BINARY must name the homeboard executable (tests/CMakeLists.txt sets it)"
#endif


namespace homeboard {
namespace {

using store::AttributeValue;
using store::Item;
using V = AttributeValue;

using testing::Describe;
using testing::RunResult;

RunResult RunHomeboard(const std::vector<std::string>& args) {
  return testing::RunHomeboard(HOMEBOARD_BINARY, args);
}

V KeyValue(store::KeyType type, const std::string& text) {
  switch (type) {
    case store::KeyType::kString:
      return V::S(text);
    case store::KeyType::kNumber:
      return V::N(static_cast<std::int64_t>(std::hash<std::string>()(text) % 1000000));
    case store::KeyType::kBinary:
      return V::B("\x01" + text);
  }
  return V::S(text);
}

// `count` items for `spec`, with its key (and, on every other item, its GSI keys) and a few
// attributes of every kind.
std::vector<Item> ItemsFor(const store::TableSpec& spec, int count) {
  std::vector<Item> items;
  for (int i = 0; i < count; ++i) {
    Item item;
    // Three items per partition where there is a sort key to tell them apart.
    int partition = spec.sort_key ? i / 3 : i;
    item[spec.partition_key.name] =
        KeyValue(spec.partition_key.type, "p" + std::to_string(partition));
    if (spec.sort_key)
      item[spec.sort_key->name] = KeyValue(spec.sort_key->type, "s" + std::to_string(i));
    if (i % 2 == 0) {
      for (const store::IndexSpec& index : spec.global_secondary_indexes) {
        if (!item.count(index.partition_key.name)) {
          item[index.partition_key.name] =
              KeyValue(index.partition_key.type, "g" + std::to_string(i % 4));
        }
        if (index.sort_key && !item.count(index.sort_key->name)) {
          item[index.sort_key->name] = KeyValue(index.sort_key->type, "h" + std::to_string(i));
        }
      }
    }
    item["payload_s"] = V::S("item " + std::to_string(i) + " of " + spec.name);
    item["payload_n"] = V::N("12.50");
    item["payload_m"] = V::M({{"l", V::L({V::Bool(true), V::Null()})}, {"ss", V::SS({"x", "y"})}});
    items.push_back(std::move(item));
  }
  return items;
}

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    endpoint_ = testing::DynamoDbLocalEndpoint();
    ASSERT_FALSE(endpoint_.empty());
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("homeboard_migrate_" + ddb::internal::HexEncode(ddb::internal::RandomBytes(6)));
    std::filesystem::create_directories(dir_);
    prefix_ = testing::UniqueTablePrefix();
    // Deletes the DynamoDB tables of prefix_ when the test ends.
    ASSERT_OK_AND_ASSIGN(
        dynamo_cleanup_,
        testing::MakeStore(testing::Engine::kDynamo,
                           {.tables = model::AllTableSpecs(model::TableNames(prefix_))}));
  }
  void TearDown() override {
    dynamo_cleanup_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::unique_ptr<store::ItemStore> OpenSqlite(const std::string& path) {
    auto opened = store::sqlite::SqliteStore::Open({.path = path});
    EXPECT_OK(opened);
    return opened.ok() ? std::unique_ptr<store::ItemStore>(std::move(opened).value()) : nullptr;
  }

  // Every item of every homeboard table (no prefix) in the SQLite file, as digests by table.
  std::map<std::string, std::vector<std::string>> Contents(const std::string& path) {
    std::map<std::string, std::vector<std::string>> contents;
    auto db = OpenSqlite(path);
    if (db == nullptr) return contents;
    for (const store::TableSpec& spec : model::AllTableSpecs(model::TableNames())) {
      store::ScanRequest request{.table = spec.name};
      std::vector<std::string>& items = contents[spec.name];
      for (;;) {
        auto page = db->Scan(request);
        EXPECT_OK(page);
        if (!page.ok()) break;
        for (const Item& item : page->items) items.push_back(testing::DebugString(item));
        if (page->next_cursor.empty()) break;
        request.cursor = page->next_cursor;
      }
      std::sort(items.begin(), items.end());
    }
    return contents;
  }

  std::string DynamoLocation() const {
    return "dynamodb:" + endpoint_ + "?prefix=" + prefix_ + "&region=us-east-1";
  }

  std::string endpoint_;
  std::filesystem::path dir_;
  std::string prefix_;
  std::unique_ptr<store::ItemStore> dynamo_cleanup_;
};

TEST_F(MigrateTest, SqliteToDynamoDbAndBackGivesIdenticalContents) {
  const std::string first = (dir_ / "first.db").string();
  const std::string second = (dir_ / "second.db").string();
  std::size_t total = 0;
  {
    auto db = OpenSqlite(first);
    ASSERT_NE(db, nullptr);
    std::vector<store::TableSpec> specs = model::AllTableSpecs(model::TableNames());
    ASSERT_OK(db->EnsureTables(specs, {}));
    int count = 7;
    for (const store::TableSpec& spec : specs) {
      std::vector<store::BatchWrite> writes;
      for (Item& item : ItemsFor(spec, count)) {
        writes.push_back({.table = spec.name, .item = std::move(item)});
      }
      total += writes.size();
      ASSERT_OK(db->BatchWrite(writes));
      count += 11;  // a different number per table, so a mixed-up table shows
    }
  }
  const auto original = Contents(first);

  RunResult out = RunHomeboard({"migrate", "--from", "sqlite:" + first, "--to", DynamoLocation(),
                                "--quiet", "--segments", "3", "--batch-size", "10"});
  ASSERT_EQ(out.exit_code, 0) << Describe(out);
  EXPECT_NE(out.out.find("every table verified"), std::string::npos) << Describe(out);
  EXPECT_NE(out.out.find("copied " + std::to_string(total) + " items"), std::string::npos)
      << Describe(out);
  for (const store::TableSpec& spec : model::AllTableSpecs(model::TableNames(prefix_))) {
    EXPECT_NE(out.out.find(spec.name), std::string::npos) << spec.name << "\n" << Describe(out);
  }

  // Into the same target again: refused, nothing written; --resume and --force go through.
  RunResult again =
      RunHomeboard({"migrate", "--from", "sqlite:" + first, "--to", DynamoLocation()});
  EXPECT_EQ(again.exit_code, 3) << Describe(again);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << Describe(again);
  RunResult resumed = RunHomeboard(
      {"migrate", "--from", "sqlite:" + first, "--to", DynamoLocation(), "--resume", "--quiet"});
  EXPECT_EQ(resumed.exit_code, 0) << Describe(resumed);
  RunResult forced = RunHomeboard(
      {"migrate", "--from", "sqlite:" + first, "--to", DynamoLocation(), "--force", "--quiet"});
  EXPECT_EQ(forced.exit_code, 0) << Describe(forced);

  RunResult back =
      RunHomeboard({"migrate", "--from", DynamoLocation(), "--to", "sqlite:" + second, "--quiet"});
  ASSERT_EQ(back.exit_code, 0) << Describe(back);
  EXPECT_EQ(Contents(second), original);
  std::size_t round_tripped = 0;
  for (const auto& [table, items] : Contents(second)) round_tripped += items.size();
  EXPECT_EQ(round_tripped, total);

  // SQLite to SQLite, under another prefix.
  const std::string third = (dir_ / "third.db").string();
  RunResult local = RunHomeboard({"migrate", "--from", "sqlite:" + second, "--to",
                                  "sqlite:" + third + "?prefix=copy_", "--quiet"});
  ASSERT_EQ(local.exit_code, 0) << Describe(local);
  EXPECT_NE(local.out.find("copy_Bookmarks"), std::string::npos) << Describe(local);
}

TEST_F(MigrateTest, BadLocationsAndMissingSourcesAreRefused) {
  const std::string missing = (dir_ / "missing.db").string();
  const std::string target = (dir_ / "target.db").string();
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"migrate", "--from", "nope:x", "--to", "sqlite:" + target},
           {"migrate", "--from", "sqlite:", "--to", "sqlite:" + target},
           {"migrate", "--from", "sqlite:" + target, "--to", "dynamodb:ftp://x"},
           {"migrate", "--from", "sqlite:" + target, "--to", "sqlite:" + target},
           {"migrate", "--from", "sqlite:" + target + "?colour=red", "--to", DynamoLocation()},
           {"migrate", "--from", "sqlite:" + target + "?prefix=bad/prefix", "--to",
            DynamoLocation()},
           {"migrate", "--from", "sqlite:" + target, "--to", DynamoLocation(), "--force",
            "--resume"},
           {"migrate", "--from", "sqlite:" + target, "--to", DynamoLocation(), "--segments", "0"},
           {"migrate", "--to", DynamoLocation()},
       }) {
    RunResult run = RunHomeboard(args);
    EXPECT_EQ(run.exit_code, 2) << args[2] << " " << args.back() << "\n" << Describe(run);
  }
  RunResult run =
      RunHomeboard({"migrate", "--from", "sqlite:" + missing, "--to", DynamoLocation()});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_FALSE(std::filesystem::exists(missing)) << "the missing source was created";

  // A source file without homeboard's tables: exit 5, and nothing created on the target.
  { ASSERT_NE(OpenSqlite(target), nullptr); }
  run = RunHomeboard({"migrate", "--from", "sqlite:" + target, "--to", DynamoLocation()});
  EXPECT_EQ(run.exit_code, 5) << Describe(run);
  EXPECT_NE(run.err.find("has no table"), std::string::npos) << Describe(run);
}

}  // namespace
}  // namespace homeboard
