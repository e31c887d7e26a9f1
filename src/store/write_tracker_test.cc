// Tests of WriteTracker: which writes make which partitions look changed, and when.
#include "store/write_tracker.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace homeboard::store {
namespace {

using V = AttributeValue;

std::vector<TableSpec> Specs() {
  return {TableSpec{.name = "Bookmarks",
                    .partition_key = {"widget_id", KeyType::kString},
                    .sort_key = KeyAttribute{"bookmark_id", KeyType::kString}},
          TableSpec{.name = "Counters", .partition_key = {"id", KeyType::kNumber}}};
}

Item Bookmark(std::string widget, std::string bookmark) {
  return {{"widget_id", V::S(std::move(widget))}, {"bookmark_id", V::S(std::move(bookmark))}};
}

// A widget id whose slot differs from `other`'s (slots are hashes: find one).
std::string WidgetInAnotherSlot(const WriteTracker& tracker, const std::string& other) {
  const WriteTracker::Slot taken = tracker.SlotOf("Bookmarks", V::S(other));
  for (int i = 0;; ++i) {
    std::string candidate = "w" + std::to_string(i);
    if (tracker.SlotOf("Bookmarks", V::S(candidate)) != taken) return candidate;
  }
}

TEST(WriteTrackerTest, NothingChangedBeforeAnyWrite) {
  WriteTracker tracker(Specs());
  EXPECT_EQ(tracker.Now(), 0u);
  EXPECT_TRUE(tracker.UnchangedSince(tracker.SlotOf("Bookmarks", V::S("w")), tracker.Now()));
}

TEST(WriteTrackerTest, AWriteChangesItsPartitionOnlyForReadersThatStartedBefore) {
  WriteTracker tracker(Specs());
  const std::string other = WidgetInAnotherSlot(tracker, "w1");
  const WriteTracker::Slot written = tracker.SlotOf("Bookmarks", V::S("w1"));
  const WriteTracker::Slot untouched = tracker.SlotOf("Bookmarks", V::S(other));
  const WriteTracker::Sequence before = tracker.Now();

  tracker.RecordWrite("Bookmarks", Bookmark("w1", "b1"));

  EXPECT_FALSE(tracker.UnchangedSince(written, before));
  EXPECT_TRUE(tracker.UnchangedSince(untouched, before));
  EXPECT_TRUE(tracker.UnchangedSince(written, tracker.Now())) << "read after the write";
  EXPECT_GT(tracker.Now(), before);
}

TEST(WriteTrackerTest, ThePartitionIsTheTableAndThePartitionKeyValueOnly) {
  WriteTracker tracker(Specs());
  // Any sort key, key or whole item: one partition.
  Item whole = Bookmark("w1", "b2");
  whole["url"] = V::S("https://example.com/");
  EXPECT_EQ(tracker.SlotOf("Bookmarks", V::S("w1")),
            tracker.SlotOf("Bookmarks", whole.at("widget_id")));
  const WriteTracker::Sequence before = tracker.Now();
  tracker.RecordWrite("Bookmarks", whole);
  EXPECT_FALSE(tracker.UnchangedSince(tracker.SlotOf("Bookmarks", V::S("w1")), before));
  // Numbers are keys too.
  const WriteTracker::Sequence later = tracker.Now();
  tracker.RecordWrite("Counters", {{"id", V::N(7)}});
  EXPECT_FALSE(tracker.UnchangedSince(tracker.SlotOf("Counters", V::N(7)), later));
}

TEST(WriteTrackerTest, UnknownTablesAndKeylessItemsChangeEverything) {
  WriteTracker tracker(Specs());
  const WriteTracker::Slot slot = tracker.SlotOf("Bookmarks", V::S("w1"));

  WriteTracker::Sequence before = tracker.Now();
  tracker.RecordWrite("Elsewhere", {{"id", V::S("x")}});
  EXPECT_FALSE(tracker.UnchangedSince(slot, before));

  before = tracker.Now();
  tracker.RecordWrite("Bookmarks", {{"bookmark_id", V::S("b1")}});  // no partition key
  EXPECT_FALSE(tracker.UnchangedSince(slot, before));

  before = tracker.Now();
  tracker.RecordWriteToEverything();
  EXPECT_FALSE(tracker.UnchangedSince(slot, before));
  EXPECT_TRUE(tracker.UnchangedSince(slot, tracker.Now()));
}

TEST(WriteTrackerTest, ConcurrentWritersNeverLeaveASlotBehindTheirWrites) {
  WriteTracker tracker(Specs());
  const WriteTracker::Slot slot = tracker.SlotOf("Bookmarks", V::S("hot"));
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) tracker.RecordWrite("Bookmarks", Bookmark("hot", "b"));
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(tracker.Now(), 8000u);
  // The slot holds the last sequence: nothing after it, everything before it.
  EXPECT_TRUE(tracker.UnchangedSince(slot, tracker.Now()));
  EXPECT_FALSE(tracker.UnchangedSince(slot, tracker.Now() - 1));
}

}  // namespace
}  // namespace homeboard::store
