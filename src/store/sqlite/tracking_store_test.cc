// Tests of TrackingStore over the SQLite engine: every kind of write is recorded (also a
// failed one), reads and condition checks are not, and the outside-writer mark is forwarded.
#include "store/tracking_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "store/sqlite/sqlite_store.h"
#include "testing/status_matchers.h"

namespace homeboard::store {
namespace {

using V = AttributeValue;

TableSpec Spec() {
  return TableSpec{.name = "items",
                   .partition_key = {"pk", KeyType::kString},
                   .sort_key = KeyAttribute{"sk", KeyType::kString}};
}

Item Key(std::string pk, std::string sk) {
  return {{"pk", V::S(std::move(pk))}, {"sk", V::S(std::move(sk))}};
}

class TrackingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hb_tracking_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    ASSERT_OK_AND_ASSIGN(
        base_, sqlite::SqliteStore::Open({.path = (dir_ / "store.db").string(),
                                          .cursor_secret = "tracking-store-test-secret-0123"}));
    ASSERT_OK(base_->EnsureTables({Spec()}, {}));
    store_ = std::make_unique<TrackingStore>(base_.get(), &tracker_);
  }
  void TearDown() override {
    base_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Whether partition `pk` changed while `action` ran.
  template <typename F>
  bool Changes(const std::string& pk, F action) {
    const WriteTracker::Sequence before = tracker_.Now();
    action();
    return !tracker_.UnchangedSince(tracker_.SlotOf("items", V::S(pk)), before);
  }

  std::filesystem::path dir_;
  std::unique_ptr<sqlite::SqliteStore> base_;
  WriteTracker tracker_{{Spec()}};
  std::unique_ptr<TrackingStore> store_;
};

TEST_F(TrackingStoreTest, EveryWriteIsRecordedAgainstItsPartition) {
  TrackingStore& s = *store_;
  EXPECT_TRUE(Changes("a", [&] { ASSERT_OK(s.Put({.table = "items", .item = Key("a", "1")})); }));
  EXPECT_TRUE(Changes("a", [&] {
    ASSERT_OK(
        s.Update({.table = "items", .key = Key("a", "1"), .update = Update().Set("n", V::N(1))}));
  }));
  EXPECT_TRUE(Changes("a", [&] { ASSERT_OK(s.Delete({.table = "items", .key = Key("a", "1")})); }));
  EXPECT_TRUE(Changes("b", [&] {
    ASSERT_OK(s.BatchWrite(
        {{.table = "items", .item = Key("a", "2")}, {.table = "items", .item = Key("b", "1")}}));
  }));
  EXPECT_TRUE(Changes("c", [&] {
    ASSERT_OK(s.Transact(
        {{.kind = TransactAction::Kind::kPut, .table = "items", .item = Key("c", "1")},
         {.kind = TransactAction::Kind::kDelete, .table = "items", .item = Key("a", "2")}}));
  }));
}

TEST_F(TrackingStoreTest, FailedWritesCountReadsAndConditionChecksDoNot) {
  TrackingStore& s = *store_;
  ASSERT_OK(s.Put({.table = "items", .item = Key("a", "1")}));
  // A write that failed may still have been applied elsewhere (a timeout): it counts.
  EXPECT_TRUE(Changes("a", [&] {
    EXPECT_FALSE(s.Put({.table = "items",
                        .item = Key("a", "1"),
                        .condition = Condition::AttributeNotExists("pk")})
                     .ok());
  }));
  EXPECT_FALSE(Changes("a", [&] {
    ASSERT_OK(s.Get({.table = "items", .key = Key("a", "1")}));
    ASSERT_OK(
        s.Query({.table = "items", .key_condition = KeyCondition::Partition("pk", V::S("a"))}));
    ASSERT_OK(s.BatchGet("items", {Key("a", "1")}));
  }));
  EXPECT_FALSE(Changes("a", [&] {
    ASSERT_OK(s.Transact(
        {{.kind = TransactAction::Kind::kConditionCheck,
          .table = "items",
          .item = Key("a", "1"),
          .condition = Condition::AttributeExists("pk")},
         {.kind = TransactAction::Kind::kPut, .table = "items", .item = Key("z", "1")}}));
  }));
  EXPECT_TRUE(Changes("a", [&] { ASSERT_OK(s.EnsureTables({Spec()}, {})); }));
}

TEST_F(TrackingStoreTest, ForwardsTheOutsideWriteMark) {
  TrackingStore& s = *store_;
  std::optional<std::uint64_t> mark = s.OutsideWriteMark();
  ASSERT_TRUE(mark.has_value());
  EXPECT_EQ(s.OutsideWriteMark(), base_->OutsideWriteMark());
}

}  // namespace
}  // namespace homeboard::store
