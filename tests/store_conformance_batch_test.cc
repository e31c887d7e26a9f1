// ItemStore conformance, batches: BatchGet of zero, one and many keys and duplicate keys;
// BatchWrite across tables, with duplicate keys and with bad items.
// (The shared fixture, its tables and conventions: store_conformance.h.)
#include "store_conformance.h"

namespace homeboard::store {
namespace {

// =========================================================================================
// Batches
// =========================================================================================

TEST_P(StoreConformance, BatchGetOfZeroOneAndManyKeys) {
  ASSERT_OK_AND_ASSIGN(std::vector<Item> none, store().BatchGet(items_.name, {}));
  EXPECT_TRUE(none.empty());

  std::vector<Item> written;
  for (int i = 0; i < 100; ++i) {
    Item item = With(Key("bg", std::to_string(i)), "i", V::N(i));
    written.push_back(item);
    ASSERT_OK(PutItem(items_, item));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> one, store().BatchGet(items_.name, {Key("bg", "7")}));
  EXPECT_EQ(Sorted(one), Sorted({written[7]}));
  ASSERT_OK_AND_ASSIGN(one, store().BatchGet(items_.name, {Key("bg", "missing")}));
  EXPECT_TRUE(one.empty());

  // 150 keys: the 100 items and 50 missing ones, interleaved.
  std::vector<Item> keys;
  for (int i = 0; i < 150; ++i) {
    keys.push_back(i % 3 == 2 ? Key("bg", "missing" + std::to_string(i))
                              : Key("bg", std::to_string(i - i / 3)));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> many, store().BatchGet(items_.name, keys));
  EXPECT_EQ(Sorted(many), Sorted(written));
}

TEST_P(StoreConformance, BatchGetRefusesDuplicateKeys) {
  ASSERT_OK(PutItem(items_, Key("bg", "dup")));
  EXPECT_CODE(store().BatchGet(items_.name, {Key("bg", "dup"), Key("bg", "x"), Key("bg", "dup")}),
              Code::kInvalidArgument);
  // Numerically equal number keys are the same key.
  EXPECT_CODE(store().BatchGet(numbers_.name, {{{"pk", V::S("a")}, {"sk", V::N("1")}},
                                               {{"pk", V::S("a")}, {"sk", V::N("1.0")}}}),
              Code::kInvalidArgument);
}

TEST_P(StoreConformance, BatchWriteOfZeroAndSixtyMixedWritesAcrossTables) {
  ASSERT_OK(store().BatchWrite({}));
  // Items to delete later in the batch.
  for (int i = 0; i < 10; ++i) {
    ASSERT_OK(PutItem(items_, Key("bw", "old" + std::to_string(i))));
    ASSERT_OK(PutItem(simple_, {{"id", V::S("old" + std::to_string(i))}}));
  }
  std::vector<BatchWrite> writes;
  for (int i = 0; i < 20; ++i) {
    writes.push_back(BatchWrite{.table = items_.name,
                                .item = With(Key("bw", "new" + std::to_string(i)), "i", V::N(i))});
    writes.push_back(BatchWrite{.table = simple_.name,
                                .item = {{"id", V::S("new" + std::to_string(i))}, {"i", V::N(i)}}});
  }
  for (int i = 0; i < 10; ++i) {
    writes.push_back(BatchWrite{.table = items_.name,
                                .kind = BatchWrite::Kind::kDelete,
                                .item = Key("bw", "old" + std::to_string(i))});
    writes.push_back(BatchWrite{.table = simple_.name,
                                .kind = BatchWrite::Kind::kDelete,
                                .item = {{"id", V::S("old" + std::to_string(i))}}});
  }
  ASSERT_EQ(writes.size(), 60u);
  ASSERT_OK(store().BatchWrite(writes));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> in_items, Drain(ItemsQuery("bw")));
  EXPECT_EQ(in_items.size(), 20u);
  for (const Item& item : in_items) EXPECT_EQ(item.at("sk").AsS().substr(0, 3), "new");
  for (int i = 0; i < 10; ++i) {
    ASSERT_OK_AND_ASSIGN(std::optional<Item> gone,
                         GetItem(simple_, {{"id", V::S("old" + std::to_string(i))}}));
    EXPECT_FALSE(gone.has_value());
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_SAME_ITEMS(Read(simple_, {{"id", V::S("new" + std::to_string(i))}}),
                      (Item{{"id", V::S("new" + std::to_string(i))}, {"i", V::N(i)}}));
  }
  // Deleting absent items in a batch is fine.
  ASSERT_OK(store().BatchWrite({BatchWrite{
      .table = simple_.name, .kind = BatchWrite::Kind::kDelete, .item = {{"id", V::S("never")}}}}));
}

TEST_P(StoreConformance, BatchWriteWithADuplicateKeyWritesNothing) {
  std::vector<BatchWrite> writes;
  for (int i = 0; i < 40; ++i) {
    writes.push_back(BatchWrite{.table = items_.name, .item = Key("dup", std::to_string(i))});
  }
  // The same key twice, far apart (in different 25-write chunks): put then delete.
  writes.push_back(
      BatchWrite{.table = items_.name, .kind = BatchWrite::Kind::kDelete, .item = Key("dup", "3")});
  EXPECT_CODE(store().BatchWrite(writes), Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("dup")));
  EXPECT_TRUE(found.empty()) << found.size() << " items written";
  // The same key in two different tables is not a duplicate.
  ASSERT_OK(store().BatchWrite(
      {BatchWrite{.table = simple_.name, .item = {{"id", V::S("k")}}},
       BatchWrite{.table = items_.name, .item = {{"pk", V::S("k")}, {"sk", V::S("k")}}}}));
  // Numerically equal number keys are one key.
  EXPECT_CODE(
      store().BatchWrite(
          {BatchWrite{.table = numbers_.name, .item = {{"pk", V::S("a")}, {"sk", V::N("1")}}},
           BatchWrite{.table = numbers_.name, .item = {{"pk", V::S("a")}, {"sk", V::N("1.00")}}}}),
      Code::kInvalidArgument);
}

TEST_P(StoreConformance, BatchWriteWithABadItemWritesNothing) {
  std::vector<BatchWrite> writes;
  for (int i = 0; i < 30; ++i) {
    writes.push_back(BatchWrite{.table = items_.name, .item = Key("big", std::to_string(i))});
  }
  writes.push_back(
      BatchWrite{.table = items_.name,
                 .item = With(Key("big", "huge"), "pad", V::S(std::string(400 * 1024, 'x')))});
  EXPECT_CODE(store().BatchWrite(writes), Code::kTooLarge);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("big")));
  EXPECT_TRUE(found.empty()) << found.size() << " items written";

  writes.back() = BatchWrite{.table = items_.name, .item = With(Key("big", "x"), "e", V::SS({}))};
  EXPECT_CODE(store().BatchWrite(writes), Code::kInvalidArgument);
  writes.back() = BatchWrite{.table = items_.name, .item = {{"pk", V::S("big")}}};
  EXPECT_CODE(store().BatchWrite(writes), Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(found, Drain(ItemsQuery("big")));
  EXPECT_TRUE(found.empty()) << found.size() << " items written";
}

HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE();

}  // namespace
}  // namespace homeboard::store
