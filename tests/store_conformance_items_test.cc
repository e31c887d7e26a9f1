// ItemStore conformance, single items: value round trips, Get/Put/Update/Delete, bad
// keys and items, key-length limits, 400 KB items and 4 MB transactions.
// (The shared fixture, its tables and conventions: store_conformance.h.)
#include "store_conformance.h"

namespace homeboard::store {
namespace {

// =========================================================================================
// Single items
// =========================================================================================

TEST_P(StoreConformance, RoundTripsEveryValueType) {
  Item item = Key("types", "all");
  item["s"] = V::S("h\xC3\xA9llo \xF0\x9F\x98\x80 \"quoted\" \\ \n\t");
  item["n"] = V::N("-12345678901234567890.123456789012345678");
  item["small"] = V::N("1E-130");
  item["big"] = V::N("9.9999999999999999999999999999999999999E+125");
  item["b"] = V::B(Bytes({0x00, 0xFF, 0x80, 0x7F, 0x0A}));
  item["t"] = V::Bool(true);
  item["f"] = V::Bool(false);
  item["null"] = V::Null();
  item["m"] = V::M({{"nested", V::M({{"deep", V::L({V::N(1), V::S("x")})}})},
                    {"empty_map", V::M({})},
                    {"empty_list", V::L({})},
                    {"dotted.name", V::S("dots are part of the name")}});
  item["l"] = V::L({V::S("a"), V::N(2), V::B("c"), V::Null(), V::Bool(false), V::SS({"x"}),
                    V::L({}), V::M({{"k", V::S("v")}})});
  item["ss"] = V::SS({"b", "a", "\xC3\xA9"});
  item["ns"] = V::NS({"3", "-1.5", "100"});
  item["bs"] = V::BS({Bytes({0x00}), Bytes({0xFF, 0x01})});
  item["empty_string"] = V::S("");
  item["empty_binary"] = V::B("");
  item["name with spaces & symbols #:"] = V::S("ok");
  ASSERT_OK(PutItem(items_, item));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, GetItem(items_, Key("types", "all")));
  ASSERT_TRUE(got.has_value());
  EXPECT_SAME_ITEMS(*got, item);
}

TEST_P(StoreConformance, GetOfAnAbsentItemIsEmpty) {
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, GetItem(items_, Key("nobody", "home")));
  EXPECT_FALSE(got.has_value());
  ASSERT_OK_AND_ASSIGN(
      got, store().Get(GetRequest{
               .table = items_.name, .key = Key("nobody", "home"), .consistent_read = false}));
  EXPECT_FALSE(got.has_value());
}

TEST_P(StoreConformance, PutReplacesTheWholeItem) {
  ASSERT_OK(PutItem(items_, With(With(Key("p", "1"), "a", V::S("old")), "b", V::N(1))));
  Item replacement = With(Key("p", "1"), "c", V::Bool(true));
  ASSERT_OK(PutItem(items_, replacement));
  EXPECT_SAME_ITEMS(Read(items_, Key("p", "1")), replacement);
}

TEST_P(StoreConformance, UpdateUpsertsAndReturnsTheNewItem) {
  ASSERT_OK_AND_ASSIGN(Item created,
                       store().Update(UpdateRequest{
                           .table = items_.name,
                           .key = Key("p", "u"),
                           .update = Update().Set("a", V::S("x")).Increment("count", V::N(1))}));
  Item expected = With(With(Key("p", "u"), "a", V::S("x")), "count", V::N(1));
  EXPECT_SAME_ITEMS(created, expected);
  EXPECT_SAME_ITEMS(Read(items_, Key("p", "u")), expected);

  ASSERT_OK_AND_ASSIGN(
      Item updated,
      store().Update(UpdateRequest{.table = items_.name,
                                   .key = Key("p", "u"),
                                   .update = Update().Increment("count", V::N(2)).Remove("a")}));
  EXPECT_SAME_ITEMS(updated, With(Key("p", "u"), "count", V::N(3)));
  EXPECT_SAME_ITEMS(Read(items_, Key("p", "u")), updated);
}

TEST_P(StoreConformance, DeleteReturnsTheOldItem) {
  Item item = With(Key("p", "d"), "a", V::L({V::N(1)}));
  ASSERT_OK(PutItem(items_, item));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> old,
                       store().Delete(DeleteRequest{.table = items_.name, .key = Key("p", "d")}));
  ASSERT_TRUE(old.has_value());
  EXPECT_SAME_ITEMS(*old, item);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> gone, GetItem(items_, Key("p", "d")));
  EXPECT_FALSE(gone.has_value());
  // Deleting an absent item succeeds and returns nothing.
  ASSERT_OK_AND_ASSIGN(old,
                       store().Delete(DeleteRequest{.table = items_.name, .key = Key("p", "d")}));
  EXPECT_FALSE(old.has_value());
}

TEST_P(StoreConformance, RequestsWithBadKeysAreInvalidArgument) {
  std::vector<std::pair<std::string, Item>> bad_keys = {
      {"empty", {}},
      {"sort key missing", {{"pk", V::S("a")}}},
      {"partition key missing", {{"sk", V::S("a")}}},
      {"extra attribute", With(Key("a", "b"), "x", V::S("y"))},
      {"wrong partition type", {{"pk", V::N(1)}, {"sk", V::S("b")}}},
      {"wrong sort type", {{"pk", V::S("a")}, {"sk", V::B("b")}}},
      {"empty partition value", Key("", "b")},
      {"empty sort value", Key("a", "")},
  };
  for (const auto& [name, key] : bad_keys) {
    SCOPED_TRACE(name);
    EXPECT_CODE(GetItem(items_, key), Code::kInvalidArgument);
    EXPECT_CODE(store().Update(UpdateRequest{
                    .table = items_.name, .key = key, .update = Update().Set("a", V::N(1))}),
                Code::kInvalidArgument);
    EXPECT_CODE(store().Delete(DeleteRequest{.table = items_.name, .key = key}),
                Code::kInvalidArgument);
    if (name != "extra attribute") EXPECT_CODE(PutItem(items_, key), Code::kInvalidArgument);
    EXPECT_CODE(store().BatchGet(items_.name, {key}), Code::kInvalidArgument);
    EXPECT_CODE(store().BatchWrite({BatchWrite{
                    .table = items_.name, .kind = BatchWrite::Kind::kDelete, .item = key}}),
                Code::kInvalidArgument);
    EXPECT_CODE(store().Transact({TransactAction{
                    .kind = TransactAction::Kind::kDelete, .table = items_.name, .item = key}}),
                Code::kInvalidArgument);
  }
  // A binary key given as a string, on the blobs table.
  EXPECT_CODE(GetItem(blobs_, {{"pk", V::S("a")}, {"sk", V::B("b")}}), Code::kInvalidArgument);
}

TEST_P(StoreConformance, BadItemsAreRefusedAndNothingIsWritten) {
  Item base = Key("bad", "1");
  std::vector<std::pair<std::string, Item>> bad_items = {
      {"empty string set", With(base, "e", V::SS({}))},
      {"empty number set", With(base, "e", V::NS({}))},
      {"empty set in a map", With(base, "m", V::M({{"e", V::BS({})}}))},
      {"duplicate set members", With(base, "e", V::SS({"a", "a"}))},
      {"invalid number", With(base, "e", V::N("1e400"))},
      {"too many digits", With(base, "e", V::N("123456789012345678901234567890123456789"))},
      {"invalid UTF-8", With(base, "e", V::S("\xC3"))},
      {"index key of the wrong type", With(base, "owner", V::B("x"))},
      {"index sort key of the wrong type", With(base, "rank", V::S("1"))},
      {"empty index key", With(base, "tag", V::S(""))},
  };
  for (const auto& [name, item] : bad_items) {
    SCOPED_TRACE(name);
    EXPECT_CODE(PutItem(items_, item), Code::kInvalidArgument);
  }
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, base));
  EXPECT_FALSE(none.has_value());
}

TEST_P(StoreConformance, KeyValuesHaveDynamoDbsLengthLimits) {
  // Partition keys up to 2048 bytes, sort keys up to 1024, for the table and its indexes.
  TableSpec spec{
      .name = UniqueTablePrefix() + "long",
      .partition_key = {"pk", KeyType::kString},
      .sort_key = KeyAttribute{"sk", KeyType::kBinary},
      .global_secondary_indexes = {IndexSpec{.name = "ByOwner",
                                             .partition_key = {"owner", KeyType::kBinary},
                                             .sort_key = KeyAttribute{"label", KeyType::kString}}}};
  ASSERT_OK(store().EnsureTables({spec}, {}));
  auto put = [&](Item item) { return store().Put(PutRequest{.table = spec.name, .item = item}); };
  const std::string pk2048(2048, 'p'), sk1024(1024, 's');
  ASSERT_OK(put({{"pk", V::S(pk2048)}, {"sk", V::B(sk1024)}}));
  ASSERT_OK_AND_ASSIGN(
      std::optional<Item> got,
      store().Get(
          GetRequest{.table = spec.name, .key = {{"pk", V::S(pk2048)}, {"sk", V::B(sk1024)}}}));
  EXPECT_TRUE(got.has_value());
  EXPECT_CODE(put({{"pk", V::S(pk2048 + "p")}, {"sk", V::B("s")}}), Code::kInvalidArgument);
  EXPECT_CODE(put({{"pk", V::S("p")}, {"sk", V::B(sk1024 + "s")}}), Code::kInvalidArgument);
  EXPECT_CODE(store().Get(GetRequest{.table = spec.name,
                                     .key = {{"pk", V::S(pk2048 + "p")}, {"sk", V::B("s")}}}),
              Code::kInvalidArgument);
  // Index keys: the same limits.
  ASSERT_OK(put({{"pk", V::S("p")},
                 {"sk", V::B("1")},
                 {"owner", V::B(std::string(2048, 'o'))},
                 {"label", V::S(std::string(1024, 'l'))}}));
  EXPECT_CODE(put({{"pk", V::S("p")}, {"sk", V::B("2")}, {"owner", V::B(std::string(2049, 'o'))}}),
              Code::kInvalidArgument);
  EXPECT_CODE(put({{"pk", V::S("p")}, {"sk", V::B("3")}, {"label", V::S(std::string(1025, 'l'))}}),
              Code::kInvalidArgument);
  EXPECT_CODE(
      store().Update(UpdateRequest{.table = spec.name,
                                   .key = {{"pk", V::S("p")}, {"sk", V::B("1")}},
                                   .update = Update().Set("label", V::S(std::string(1025, 'l')))}),
      Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(
      std::vector<Item> found,
      Drain(QueryRequest{.table = spec.name,
                         .key_condition = KeyCondition::Partition("pk", V::S("p"))}));
  EXPECT_EQ(found.size(), 1u);
}

TEST_P(StoreConformance, TransactionsOverFourMegabytesAreTooLarge) {
  std::vector<TransactAction> actions;
  for (int i = 0; i < 12; ++i) {
    actions.push_back(TransactAction{
        .table = items_.name,
        .item = With(Key("tx4mb", std::to_string(i)), "pad", V::S(std::string(390 * 1024, 'x')))});
  }
  EXPECT_CODE(store().Transact(actions), Code::kTooLarge);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("tx4mb")));
  EXPECT_TRUE(found.empty());
  // Eight such items (3.1 MB) are fine.
  actions.resize(8);
  ASSERT_OK(store().Transact(actions));
}

TEST_P(StoreConformance, ItemsOver400KbAreTooLarge) {
  Item item = Key("big", "1");
  // ddb::ItemSize counts names and values, as DynamoDB does: exactly 400 KB is accepted.
  std::size_t fixed = ddb::ItemSize(item) + std::string("pad").size();
  item["pad"] = V::S(std::string(400 * 1024 - fixed, 'x'));
  ASSERT_EQ(ddb::ItemSize(item), 400u * 1024u);
  ASSERT_OK(PutItem(items_, item));
  EXPECT_SAME_ITEMS(Read(items_, Key("big", "1")), item);

  Item over = Key("big", "2");
  over["pad"] = V::S(std::string(400 * 1024, 'x'));
  EXPECT_CODE(PutItem(items_, over), Code::kTooLarge);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("big", "2")));
  EXPECT_FALSE(none.has_value());

  // An update that makes the item too large fails the same way and changes nothing.
  EXPECT_CODE(store().Update(UpdateRequest{.table = items_.name,
                                           .key = Key("big", "1"),
                                           .update = Update().Set("more", V::S("0123456789"))}),
              Code::kTooLarge);
  EXPECT_SAME_ITEMS(Read(items_, Key("big", "1")), item);
  EXPECT_CODE(store().Transact({TransactAction{.table = items_.name, .item = over}}),
              Code::kTooLarge);
}

HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE();

}  // namespace
}  // namespace homeboard::store
