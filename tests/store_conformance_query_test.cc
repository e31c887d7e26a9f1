// ItemStore conformance, queries: sort-key conditions and orders, GSIs (sparse, ties,
// projections), 1 MB pages, filters and limits, cursors (every limit, writes between pages,
// altered, foreign and misplaced ones) and bad queries.
// (The shared fixture, its tables and conventions: store_conformance.h.)
#include "store_conformance.h"

namespace homeboard::store {
namespace {

// =========================================================================================
// Queries
// =========================================================================================

TEST_P(StoreConformance, EverySortKeyConditionForwardAndBackward) {
  const std::vector<std::string> keys = {"a", "b", "ba", "bb", "c", "d"};
  for (const std::string& sk : keys) ASSERT_OK(PutItem(items_, Key("q", sk)));
  ASSERT_OK(PutItem(items_, Key("q2", "b")));  // another partition, never returned
  using KC = KeyCondition;
  auto base = [] { return KC::Partition("pk", V::S("q")); };
  struct Case {
    std::string name;
    KeyCondition condition;
    std::vector<std::string> expected;
  };
  std::vector<Case> cases = {
      {"all", base(), keys},
      {"= b", base().SortEqual("sk", V::S("b")), {"b"}},
      {"= zz", base().SortEqual("sk", V::S("zz")), {}},
      {"< b", base().SortLess("sk", V::S("b")), {"a"}},
      {"<= b", base().SortLessOrEqual("sk", V::S("b")), {"a", "b"}},
      {"> b", base().SortGreater("sk", V::S("b")), {"ba", "bb", "c", "d"}},
      {">= bb", base().SortGreaterOrEqual("sk", V::S("bb")), {"bb", "c", "d"}},
      {"between b and c", base().SortBetween("sk", V::S("b"), V::S("c")), {"b", "ba", "bb", "c"}},
      {"between ba and ba", base().SortBetween("sk", V::S("ba"), V::S("ba")), {"ba"}},
      {"begins_with b", base().SortBeginsWith("sk", V::S("b")), {"b", "ba", "bb"}},
      {"begins_with ba", base().SortBeginsWith("sk", V::S("ba")), {"ba"}},
      {"begins_with x", base().SortBeginsWith("sk", V::S("x")), {}},
  };
  for (const Case& c : cases) {
    for (bool forward : {true, false}) {
      SCOPED_TRACE(c.name + (forward ? " forward" : " backward"));
      std::vector<std::string> expected = c.expected;
      if (!forward) std::reverse(expected.begin(), expected.end());
      for (int limit : {1, 2, 100}) {
        QueryRequest request = ItemsQuery("q", limit);
        request.key_condition = c.condition;
        request.forward = forward;
        ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(request));
        EXPECT_EQ(SortKeys(found), expected) << "limit " << limit;
      }
    }
  }
}

TEST_P(StoreConformance, NumericSortKeysOrderByValue) {
  const std::vector<std::string> values = {
      "-1E+3", "-10", "-2.5", "-1", "-0.001", "0",    "0.5",
      "1",     "2",   "9",    "10", "100",    "1E+3", "12345678901234567890"};
  // Written in a scrambled order.
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& v = values[(i * 5) % values.size()];
    ASSERT_OK(PutItem(numbers_, {{"pk", V::S("n")}, {"sk", V::N(v)}, {"v", V::S(v)}}));
  }
  auto query = [&](KeyCondition condition, bool forward) -> std::vector<std::string> {
    Result<std::vector<Item>> found = Drain(QueryRequest{.table = numbers_.name,
                                                         .key_condition = std::move(condition),
                                                         .forward = forward,
                                                         .limit = 3});
    std::vector<std::string> out;
    if (!found.ok()) {
      ADD_FAILURE() << found.error().ToString();
      return out;
    }
    for (const Item& item : *found) out.push_back(item.at("v").AsS());
    return out;
  };
  auto partition = [] { return KeyCondition::Partition("pk", V::S("n")); };
  EXPECT_EQ(query(partition(), true), values);
  std::vector<std::string> reversed(values.rbegin(), values.rend());
  EXPECT_EQ(query(partition(), false), reversed);
  EXPECT_EQ(query(partition().SortBetween("sk", V::N("-2.5"), V::N("1.0")), true),
            (std::vector<std::string>{"-2.5", "-1", "-0.001", "0", "0.5", "1"}));
  EXPECT_EQ(query(partition().SortGreater("sk", V::N(9)), true),
            (std::vector<std::string>{"10", "100", "1E+3", "12345678901234567890"}));
  EXPECT_EQ(query(partition().SortLess("sk", V::N("-1")), false),
            (std::vector<std::string>{"-2.5", "-10", "-1E+3"}));
  EXPECT_EQ(query(partition().SortEqual("sk", V::N("1000.00")), true),
            (std::vector<std::string>{"1E+3"}));
  // A key written as 1.0 is the same key as 1: the put replaces, the get finds it.
  ASSERT_OK(PutItem(numbers_, {{"pk", V::S("n")}, {"sk", V::N("1.0")}, {"v", V::S("one")}}));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> one,
                       GetItem(numbers_, {{"pk", V::S("n")}, {"sk", V::N("1.00")}}));
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->at("v"), V::S("one"));
  EXPECT_EQ(query(partition(), true).size(), values.size());
}

TEST_P(StoreConformance, StringSortKeysOrderByUtf8Bytes) {
  // Byte order: uppercase before lowercase, then multi-byte UTF-8 by lead byte.
  const std::vector<std::string> ordered = {"!",
                                            "0",
                                            "9",
                                            "B",
                                            "Z",
                                            "a",
                                            "aa",
                                            "b",
                                            "z",
                                            "\xC3\xA9" /* é U+00E9 */,
                                            "\xE2\x82\xAC" /* € U+20AC */,
                                            "\xEF\xBD\x9A" /* ｚ U+FF5A */,
                                            "\xF0\x9F\x98\x80" /* 😀 U+1F600 */};
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    ASSERT_OK(PutItem(items_, Key("utf8", ordered[(i * 7) % ordered.size()])));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("utf8", 4)));
  EXPECT_EQ(SortKeys(found), ordered);
  QueryRequest backward = ItemsQuery("utf8", 5);
  backward.forward = false;
  ASSERT_OK_AND_ASSIGN(found, Drain(backward));
  EXPECT_EQ(SortKeys(found), std::vector<std::string>(ordered.rbegin(), ordered.rend()));
}

TEST_P(StoreConformance, BinarySortKeysOrderByUnsignedBytes) {
  const std::vector<std::string> ordered = {
      Bytes({0x00}), Bytes({0x00, 0x00}), Bytes({0x01}), Bytes({0x7F}),      Bytes({0x7F, 0xFF}),
      Bytes({0x80}), Bytes({0xFE}),       Bytes({0xFF}), Bytes({0xFF, 0x00})};
  const V partition = V::B(Bytes({0xAB}));
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    ASSERT_OK(
        PutItem(blobs_, {{"pk", partition}, {"sk", V::B(ordered[(i * 4) % ordered.size()])}}));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found,
                       Drain(QueryRequest{.table = blobs_.name,
                                          .key_condition = KeyCondition::Partition("pk", partition),
                                          .limit = 2}));
  EXPECT_EQ(SortKeys(found), ordered);
  ASSERT_OK_AND_ASSIGN(
      found, Drain(QueryRequest{.table = blobs_.name,
                                .key_condition = KeyCondition::Partition("pk", partition)
                                                     .SortBeginsWith("sk", V::B(Bytes({0x7F}))),
                                .limit = 2}));
  EXPECT_EQ(SortKeys(found), (std::vector<std::string>{Bytes({0x7F}), Bytes({0x7F, 0xFF})}));
  ASSERT_OK_AND_ASSIGN(
      found, Drain(QueryRequest{.table = blobs_.name,
                                .key_condition = KeyCondition::Partition("pk", partition)
                                                     .SortGreater("sk", V::B(Bytes({0x7F, 0xFF}))),
                                .limit = 2}));
  EXPECT_EQ(SortKeys(found), (std::vector<std::string>{Bytes({0x80}), Bytes({0xFE}), Bytes({0xFF}),
                                                       Bytes({0xFF, 0x00})}));
}

// "pk/sk" of each item, in order.
std::vector<std::string> Ids(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& item : items) out.push_back(item.at("pk").AsS() + "/" + item.at("sk").AsS());
  return out;
}

// The items as groups of equal `attribute` values, in order; each group's ids sorted and
// joined by commas. Items with equal GSI sort keys come in an engine-defined order (see
// ItemStore::Query), so tests compare the groups, not the order within them.
std::vector<std::string> TieGroups(const std::vector<Item>& items, const std::string& attribute) {
  std::vector<std::string> groups;
  std::vector<std::string> group;
  auto flush = [&] {
    std::sort(group.begin(), group.end());
    std::string joined;
    for (const std::string& id : group) joined += (joined.empty() ? "" : ",") + id;
    if (!joined.empty()) groups.push_back(joined);
    group.clear();
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto value = [&](std::size_t j) {
      auto it = items[j].find(attribute);
      return it == items[j].end() ? V::Null() : Normalized(it->second);
    };
    if (i > 0 && !(value(i) == value(i - 1))) flush();
    group.push_back(items[i].at("pk").AsS() + "/" + items[i].at("sk").AsS());
  }
  flush();
  return groups;
}

TEST_P(StoreConformance, IndexQueriesAreSparseAndOrdered) {
  // owner/rank on some items only; several items tie on rank 2.
  struct Row {
    std::string pk, sk;
    std::optional<std::string> owner;
    std::optional<std::string> rank;
  };
  const std::vector<Row> rows = {
      {"p1", "a", "alice", "2"},      {"p1", "b", "alice", "1"},
      {"p2", "a", "alice", "2"},      {"p0", "z", "alice", "2"},
      {"p1", "c", "alice", "-1.5"},   {"p1", "d", "alice", std::nullopt},
      {"p1", "e", std::nullopt, "1"}, {"p1", "f", "bob", "1"},
      {"p3", "a", "alice", "10"},     {"p1", "g", std::nullopt, std::nullopt}};
  for (const Row& row : rows) {
    Item item = Key(row.pk, row.sk);
    if (row.owner) item["owner"] = V::S(*row.owner);
    if (row.rank) item["rank"] = V::N(*row.rank);
    ASSERT_OK(PutItem(items_, item));
  }
  QueryRequest request{.table = items_.name,
                       .index = "ByOwner",
                       .key_condition = KeyCondition::Partition("owner", V::S("alice")),
                       .limit = 100};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(request));
  // p1/d has no rank and p1/e no owner: neither is in the index.
  EXPECT_EQ(TieGroups(found, "rank"),
            (std::vector<std::string>{"p1/c", "p1/b", "p0/z,p1/a,p2/a", "p3/a"}));
  // Index queries return whole items (projection ALL).
  for (const Item& item : found) EXPECT_SAME_ITEMS(item, Read(items_, KeyOf(items_, item)));
  // Ties come in the same order on every call, whatever the page size.
  for (int limit : {1, 2, 4}) {
    request.limit = limit;
    ASSERT_OK_AND_ASSIGN(std::vector<Item> paged, Drain(request));
    EXPECT_EQ(Ids(paged), Ids(found)) << "limit " << limit;
  }

  request.forward = false;
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(TieGroups(found, "rank"),
            (std::vector<std::string>{"p3/a", "p0/z,p1/a,p2/a", "p1/b", "p1/c"}));
  request.forward = true;
  request.key_condition =
      KeyCondition::Partition("owner", V::S("alice")).SortBetween("rank", V::N(1), V::N(2));
  request.limit = 1;
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(TieGroups(found, "rank"), (std::vector<std::string>{"p1/b", "p0/z,p1/a,p2/a"}));

  // Moving an item out of the index (removing its key) and back in.
  ASSERT_OK(store().Update(UpdateRequest{
      .table = items_.name, .key = Key("p0", "z"), .update = Update().Remove("owner")}));
  ASSERT_OK(store().Update(UpdateRequest{
      .table = items_.name, .key = Key("p1", "d"), .update = Update().Set("rank", V::N(0))}));
  request.key_condition = KeyCondition::Partition("owner", V::S("alice"));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(TieGroups(found, "rank"),
            (std::vector<std::string>{"p1/c", "p1/d", "p1/b", "p1/a,p2/a", "p3/a"}));
  // Deleting removes it from the index; so does changing its owner.
  ASSERT_OK(store().Delete(DeleteRequest{.table = items_.name, .key = Key("p1", "b")}));
  ASSERT_OK(store().Update(UpdateRequest{
      .table = items_.name, .key = Key("p2", "a"), .update = Update().Set("owner", V::S("bob"))}));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(Ids(found), (std::vector<std::string>{"p1/c", "p1/d", "p1/a", "p3/a"}));
  request.key_condition = KeyCondition::Partition("owner", V::S("bob"));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(TieGroups(found, "rank"), (std::vector<std::string>{"p1/f", "p2/a"}));
  // A partition nobody has.
  request.key_condition = KeyCondition::Partition("owner", V::S("carol"));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_TRUE(found.empty());
}

TEST_P(StoreConformance, IndexWithoutSortKeyPagesInAStableOrder) {
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"b", "2"}, {"a", "9"}, {"b", "1"}, {"c", "0"}, {"a", "10"}};
  for (const auto& [pk, sk] : keys) {
    ASSERT_OK(PutItem(items_, With(Key(pk, sk), "tag", V::S("t"))));
  }
  ASSERT_OK(PutItem(items_, With(Key("a", "0"), "tag", V::S("other"))));
  ASSERT_OK(PutItem(items_, Key("a", "1")));
  QueryRequest request{.table = items_.name,
                       .index = "ByTag",
                       .key_condition = KeyCondition::Partition("tag", V::S("t")),
                       .limit = 10};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> all, Drain(request));
  // Every item tagged t, once; their order is the engine's, but the same on every call.
  EXPECT_EQ(TieGroups(all, "tag"), (std::vector<std::string>{"a/10,a/9,b/1,b/2,c/0"}));
  for (int limit : {1, 2, 3}) {
    request.limit = limit;
    ASSERT_OK_AND_ASSIGN(std::vector<Item> paged, Drain(request));
    EXPECT_EQ(Ids(paged), Ids(all)) << "limit " << limit;
  }
}

TEST_P(StoreConformance, KeysOnlyAndIncludeIndexesProjectTheirAttributes) {
  TableSpec spec{
      .name = UniqueTablePrefix() + "projected",
      .partition_key = {"pk", KeyType::kString},
      .sort_key = KeyAttribute{"sk", KeyType::kString},
      .global_secondary_indexes = {IndexSpec{.name = "Keys",
                                             .partition_key = {"k", KeyType::kNumber},
                                             .sort_key = KeyAttribute{"ks", KeyType::kBinary},
                                             .projection = IndexSpec::Projection::kKeysOnly},
                                   IndexSpec{.name = "Some",
                                             .partition_key = {"i", KeyType::kString},
                                             .projection = IndexSpec::Projection::kInclude,
                                             .included_attributes = {"kept", "also"}}}};
  ASSERT_OK(store().EnsureTables({spec}, {}));
  Item item = {{"pk", V::S("p")},    {"sk", V::S("s")},
               {"k", V::N(7)},       {"ks", V::B("\x01")},
               {"i", V::S("x")},     {"kept", V::S("yes")},
               {"dropped", V::N(1)}, {"m", V::M({{"a", V::N(1)}})}};
  ASSERT_OK(store().Put(PutRequest{.table = spec.name, .item = item}));

  ASSERT_OK_AND_ASSIGN(std::vector<Item> keys,
                       Drain(QueryRequest{.table = spec.name,
                                          .index = "Keys",
                                          .key_condition = KeyCondition::Partition("k", V::N(7))}));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_SAME_ITEMS(
      keys[0], (Item{{"pk", V::S("p")}, {"sk", V::S("s")}, {"k", V::N(7)}, {"ks", V::B("\x01")}}));
  QueryRequest some{.table = spec.name,
                    .index = "Some",
                    .key_condition = KeyCondition::Partition("i", V::S("x"))};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> included, Drain(some));
  ASSERT_EQ(included.size(), 1u);
  EXPECT_SAME_ITEMS(
      included[0],
      (Item{{"pk", V::S("p")}, {"sk", V::S("s")}, {"i", V::S("x")}, {"kept", V::S("yes")}}));
  // A filter may name only what the index holds (DynamoDB: "Secondary index Some does not
  // project one or more filter attributes").
  some.filter = Condition::AttributeExists("dropped");
  EXPECT_CODE(store().Query(some), Code::kInvalidArgument);
  some.filter = Condition::Equal(Path("m").Field("a"), V::N(1));
  EXPECT_CODE(store().Query(some), Code::kInvalidArgument);
  some.filter = Condition::Equal(Path("kept"), V::S("yes"));
  ASSERT_OK_AND_ASSIGN(included, Drain(some));
  EXPECT_EQ(included.size(), 1u);
}

TEST_P(StoreConformance, PagesOfLargeItemsCrossDynamoDbsOneMegabytePages) {
  // 30 items of 120 KB: DynamoDB answers a query at most 1 MB at a time, so one store page
  // of 30 spans several DynamoDB pages; the store still fills the page (or says where to go
  // on) and never skips or repeats an item.
  constexpr int kItems = 30;
  for (int i = 0; i < kItems; ++i) {
    char sk[8];
    std::snprintf(sk, sizeof sk, "%02d", i);
    Item item = With(Key("large", sk), "pad", V::S(std::string(120 * 1024, 'a' + i % 26)));
    item["odd"] = V::Bool(i % 2 == 1);
    ASSERT_OK(PutItem(items_, item));
  }
  for (int limit : {kItems, 7}) {
    SCOPED_TRACE(limit);
    ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("large", limit)));
    ASSERT_EQ(found.size(), static_cast<std::size_t>(kItems));
    for (int i = 0; i < kItems; ++i) {
      EXPECT_EQ(std::stoi(found[static_cast<std::size_t>(i)].at("sk").AsS()), i);
      EXPECT_EQ(found[static_cast<std::size_t>(i)].at("pad").AsS().size(), 120u * 1024u);
    }
    QueryRequest odd = ItemsQuery("large", limit);
    odd.filter = Condition::Equal(Path("odd"), V::Bool(true));
    odd.forward = false;
    ASSERT_OK_AND_ASSIGN(found, Drain(odd));
    ASSERT_EQ(found.size(), static_cast<std::size_t>(kItems / 2));
    EXPECT_EQ(found.front().at("sk").AsS(), "29");
    EXPECT_EQ(found.back().at("sk").AsS(), "01");
  }
}

TEST_P(StoreConformance, ExtremeNumbersSortByValue) {
  const std::vector<std::string> ordered = {"-9.9999999999999999999999999999999999999E+125",
                                            "-1E+125",
                                            "-12345678901234567890123456789012345678",
                                            "-1",
                                            "-1E-130",
                                            "0",
                                            "1E-130",
                                            "1.0000000000000000000000000000000000001E-129",
                                            "0.00000000000000000000000000000000000001",
                                            "0.1",
                                            "0.10000000000000000000000000000000000001",
                                            "1",
                                            "12345678901234567890123456789012345678",
                                            "1E+125",
                                            "9.9999999999999999999999999999999999999E+125"};
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const std::string& v = ordered[(i * 4) % ordered.size()];
    ASSERT_OK(PutItem(numbers_, {{"pk", V::S("x")}, {"sk", V::N(v)}, {"v", V::S(v)}}));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found,
                       Drain(QueryRequest{.table = numbers_.name,
                                          .key_condition = KeyCondition::Partition("pk", V::S("x")),
                                          .limit = 4}));
  std::vector<std::string> values;
  for (const Item& item : found) values.push_back(item.at("v").AsS());
  EXPECT_EQ(values, ordered);
  ASSERT_OK_AND_ASSIGN(
      found, Drain(QueryRequest{
                 .table = numbers_.name,
                 .key_condition = KeyCondition::Partition("pk", V::S("x"))
                                      .SortBetween("sk", V::N("-1E-130"), V::N("1E-130"))}));
  values.clear();
  for (const Item& item : found) values.push_back(item.at("v").AsS());
  EXPECT_EQ(values, (std::vector<std::string>{"-1E-130", "0", "1E-130"}));
}

TEST_P(StoreConformance, BeginsWithPrefixesAtTheTopOfTheByteRange) {
  // A prefix of 0xFF bytes has no successor of the same length: a range scan must not
  // compute one by carrying.
  const V partition = V::B(Bytes({0x01}));
  const std::vector<std::string> keys = {Bytes({0xFE}),       Bytes({0xFE, 0xFF}),
                                         Bytes({0xFF}),       Bytes({0xFF, 0x00}),
                                         Bytes({0xFF, 0xFF}), Bytes({0xFF, 0xFF, 0xFF})};
  for (const std::string& sk : keys)
    ASSERT_OK(PutItem(blobs_, {{"pk", partition}, {"sk", V::B(sk)}}));
  auto prefixed = [&](std::string prefix) -> std::vector<std::string> {
    Result<std::vector<Item>> found = Drain(QueryRequest{
        .table = blobs_.name,
        .key_condition =
            KeyCondition::Partition("pk", partition).SortBeginsWith("sk", V::B(prefix)),
        .limit = 2});
    if (!found.ok()) {
      ADD_FAILURE() << found.error().ToString();
      return {};
    }
    return SortKeys(*found);
  };
  EXPECT_EQ(prefixed(Bytes({0xFF})),
            (std::vector<std::string>{Bytes({0xFF}), Bytes({0xFF, 0x00}), Bytes({0xFF, 0xFF}),
                                      Bytes({0xFF, 0xFF, 0xFF})}));
  EXPECT_EQ(prefixed(Bytes({0xFF, 0xFF})),
            (std::vector<std::string>{Bytes({0xFF, 0xFF}), Bytes({0xFF, 0xFF, 0xFF})}));
  EXPECT_EQ(prefixed(Bytes({0xFE})),
            (std::vector<std::string>{Bytes({0xFE}), Bytes({0xFE, 0xFF})}));
  // Strings: the largest code point, U+10FFFF (F4 8F BF BF), and a prefix ending in 0x7F.
  for (const std::string sk :
       {"\x7F", "\x7F\x7F", "\xC2\x80", "\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF!"}) {
    ASSERT_OK(PutItem(items_, Key("top", sk)));
  }
  QueryRequest request = ItemsQuery("top", 1);
  request.key_condition =
      KeyCondition::Partition("pk", V::S("top")).SortBeginsWith("sk", V::S("\xF4\x8F\xBF\xBF"));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(request));
  EXPECT_EQ(SortKeys(found), (std::vector<std::string>{"\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF!"}));
  request.key_condition =
      KeyCondition::Partition("pk", V::S("top")).SortBeginsWith("sk", V::S("\x7F"));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(SortKeys(found), (std::vector<std::string>{"\x7F", "\x7F\x7F"}));
}

TEST_P(StoreConformance, NamesWithDotsAndSpecialCharactersAreOneName) {
  Item item = Key("names", "1");
  item["a.b"] = V::N(1);
  item["a"] = V::M({{"b", V::N(2)}});
  item["#x :y"] = V::S("odd");
  item["\xC3\xA9t\xC3\xA9"] = V::L({V::N(3)});
  ASSERT_OK(PutItem(items_, item));
  // "a.b" is the top-level attribute named a.b, not field b of a.
  ASSERT_OK_AND_ASSIGN(
      Item updated,
      store().Update(UpdateRequest{
          .table = items_.name,
          .key = Key("names", "1"),
          .update = Update()
                        .Increment("a.b", V::N(10))
                        .Set(Path("a").Field("b.c"), V::S("field with a dot"))
                        .Set("#x :y", V::S("still odd"))
                        .AppendToList("\xC3\xA9t\xC3\xA9", V::L({V::N(4)})),
          .condition = Condition::And({Condition::Equal(Path("a.b"), V::N(1)),
                                       Condition::Equal(Path("a").Field("b"), V::N(2)),
                                       Condition::BeginsWith("#x :y", V::S("od"))})}));
  Item expected = item;
  expected["a.b"] = V::N(11);
  expected["a"] = V::M({{"b", V::N(2)}, {"b.c", V::S("field with a dot")}});
  expected["#x :y"] = V::S("still odd");
  expected["\xC3\xA9t\xC3\xA9"] = V::L({V::N(3), V::N(4)});
  EXPECT_SAME_ITEMS(updated, expected);
  QueryRequest request = ItemsQuery("names");
  request.filter = Condition::Equal(Path("a").Field("b.c"), V::S("field with a dot"));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(request));
  EXPECT_EQ(found.size(), 1u);
}

TEST_P(StoreConformance, LimitCountsItemsAfterTheFilter) {
  for (int i = 0; i < 20; ++i) {
    char sk[8];
    std::snprintf(sk, sizeof sk, "%02d", i);
    ASSERT_OK(PutItem(items_, With(Key("f", sk), "even", V::Bool(i % 2 == 0))));
  }
  QueryRequest request = ItemsQuery("f", 3);
  request.filter = Condition::Equal(Path("even"), V::Bool(true));
  ASSERT_OK_AND_ASSIGN(std::vector<QueryPage> pages, Pages(request));
  // 10 matching items in pages of 3: 3, 3, 3, 1, and the last one says it is the last.
  ASSERT_EQ(pages.size(), 4u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(pages[i].items.size(), 3u);
  EXPECT_EQ(pages[3].items.size(), 1u);
  std::vector<std::string> found;
  for (const QueryPage& page : pages) {
    for (const std::string& sk : SortKeys(page.items)) found.push_back(sk);
  }
  EXPECT_EQ(found,
            (std::vector<std::string>{"00", "02", "04", "06", "08", "10", "12", "14", "16", "18"}));
  // A filter nothing passes: one empty page without a cursor.
  request.filter = Condition::AttributeExists("nope");
  ASSERT_OK_AND_ASSIGN(pages, Pages(request));
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_TRUE(pages[0].items.empty());
  EXPECT_TRUE(pages[0].next_cursor.empty());
}

TEST_P(StoreConformance, NoCursorAfterTheLastItem) {
  for (const std::string sk : {"a", "b", "c", "d"}) {
    ASSERT_OK(PutItem(items_, With(Key("last", sk), "hidden", V::Bool(sk == "d"))));
  }
  // A page that ends exactly at the last item has no cursor ("empty when there are no more
  // items"), for the table and with a filter.
  for (int limit : {1, 2, 4}) {
    SCOPED_TRACE(limit);
    ASSERT_OK_AND_ASSIGN(std::vector<QueryPage> pages, Pages(ItemsQuery("last", limit)));
    EXPECT_EQ(pages.size(), static_cast<std::size_t>(4 / limit));
    for (const QueryPage& page : pages)
      EXPECT_EQ(page.items.size(), static_cast<std::size_t>(limit));
  }
  QueryRequest filtered = ItemsQuery("last", 2);
  filtered.filter = Condition::Equal(Path("hidden"), V::Bool(false));
  ASSERT_OK_AND_ASSIGN(std::vector<QueryPage> pages, Pages(filtered));
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[1].items.size(), 1u);
}

TEST_P(StoreConformance, CursorsYieldEveryItemExactlyOnceForEveryLimit) {
  constexpr int kItems = 13;
  std::vector<std::string> all;
  for (int i = 0; i < kItems; ++i) {
    char sk[8];
    std::snprintf(sk, sizeof sk, "k%02d", i);
    all.push_back(sk);
    Item item = With(Key("page", sk), "owner", V::S("o"));
    item["rank"] = V::N(i % 4);  // ties in the index
    item["keep"] = V::Bool(i % 3 != 0);
    ASSERT_OK(PutItem(items_, item));
  }
  for (int limit = 1; limit <= kItems + 1; ++limit) {
    SCOPED_TRACE(::testing::Message() << "limit " << limit);
    for (bool forward : {true, false}) {
      QueryRequest request = ItemsQuery("page", limit);
      request.forward = forward;
      ASSERT_OK_AND_ASSIGN(std::vector<QueryPage> pages, Pages(request));
      std::vector<std::string> found;
      for (const QueryPage& page : pages) {
        for (const std::string& sk : SortKeys(page.items)) found.push_back(sk);
      }
      std::vector<std::string> expected = all;
      if (!forward) std::reverse(expected.begin(), expected.end());
      EXPECT_EQ(found, expected);
      // Every page but the last is full.
      for (std::size_t i = 0; i + 1 < pages.size(); ++i) {
        EXPECT_EQ(pages[i].items.size(), static_cast<std::size_t>(limit));
      }
      // With a filter.
      request.filter = Condition::Equal(Path("keep"), V::Bool(true));
      ASSERT_OK_AND_ASSIGN(std::vector<Item> kept, Drain(request));
      std::vector<std::string> expected_kept;
      for (const std::string& sk : expected) {
        if (std::stoi(sk.substr(1)) % 3 != 0) expected_kept.push_back(sk);
      }
      EXPECT_EQ(SortKeys(kept), expected_kept);
    }
    // On the index, where ranks tie.
    QueryRequest index{.table = items_.name,
                       .index = "ByOwner",
                       .key_condition = KeyCondition::Partition("owner", V::S("o")),
                       .limit = limit};
    ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(index));
    std::vector<std::string> keys = SortKeys(found);
    ASSERT_EQ(keys.size(), all.size());
    EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()),
              std::set<std::string>(all.begin(), all.end()));
    for (std::size_t i = 1; i < found.size(); ++i) {
      EXPECT_LE(std::stoi(found[i - 1].at("rank").AsN()), std::stoi(found[i].at("rank").AsN()));
    }
  }
}

TEST_P(StoreConformance, CursorsSurviveWritesBetweenPages) {
  for (const std::string sk : {"a", "c", "e", "g"}) ASSERT_OK(PutItem(items_, Key("live", sk)));
  ASSERT_OK_AND_ASSIGN(QueryPage first, store().Query(ItemsQuery("live", 2)));
  ASSERT_EQ(SortKeys(first.items), (std::vector<std::string>{"a", "c"}));
  ASSERT_FALSE(first.next_cursor.empty());
  // The cursor names a position, not an item: deleting the last item returned and adding
  // items before and after it changes nothing already read.
  ASSERT_OK(store().Delete(DeleteRequest{.table = items_.name, .key = Key("live", "c")}));
  ASSERT_OK(PutItem(items_, Key("live", "b")));
  ASSERT_OK(PutItem(items_, Key("live", "d")));
  QueryRequest next = ItemsQuery("live", 10);
  next.cursor = first.next_cursor;
  ASSERT_OK_AND_ASSIGN(QueryPage rest, store().Query(next));
  EXPECT_EQ(SortKeys(rest.items), (std::vector<std::string>{"d", "e", "g"}));
  EXPECT_TRUE(rest.next_cursor.empty());
}

TEST_P(StoreConformance, EmptyPartitionIsOneEmptyPage) {
  ASSERT_OK(PutItem(items_, Key("someone", "else")));
  ASSERT_OK_AND_ASSIGN(QueryPage page, store().Query(ItemsQuery("nobody")));
  EXPECT_TRUE(page.items.empty());
  EXPECT_TRUE(page.next_cursor.empty());
}

TEST_P(StoreConformance, AlteredForeignAndMisplacedCursorsAreInvalidArgument) {
  for (const std::string sk : {"a", "b", "c"}) {
    ASSERT_OK(PutItem(items_, With(With(Key("cur", sk), "owner", V::S("o")), "rank", V::N(1))));
    ASSERT_OK(PutItem(items_, Key("cur2", sk)));
  }
  ASSERT_OK_AND_ASSIGN(QueryPage first, store().Query(ItemsQuery("cur", 1)));
  ASSERT_FALSE(first.next_cursor.empty());
  const std::string cursor = first.next_cursor;
  auto with_cursor = [&](QueryRequest request, std::string c) {
    request.cursor = std::move(c);
    return store().Query(request);
  };
  // The cursor works where it came from.
  ASSERT_OK(with_cursor(ItemsQuery("cur", 1), cursor));
  // Altered: every single-character change of the first half and a truncation.
  for (std::size_t i = 0; i < cursor.size(); i += 3) {
    std::string altered = cursor;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    Result<QueryPage> page = with_cursor(ItemsQuery("cur", 1), altered);
    // A change that only flips unused padding bits decodes to the same cursor.
    if (!page.ok()) {
      EXPECT_EQ(CodeName(page.error().code), CodeName(Code::kInvalidArgument));
    }
  }
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), cursor.substr(0, cursor.size() / 2)),
              Code::kInvalidArgument);
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), "not a cursor"), Code::kInvalidArgument);
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), cursor + "x"), Code::kInvalidArgument);
  // Signed with another secret.
  CursorCodec foreign("a-different-secret-of-enough-bytes");
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1),
                          foreign.Encode(items_.name, "", KeyOf(items_, first.items[0]))),
              Code::kInvalidArgument);
  // Made by this store for another table, or for an index of this table.
  ASSERT_OK(PutItem(simple_, {{"id", V::S("x")}}));
  ASSERT_OK(PutItem(simple_, {{"id", V::S("y")}}));
  QueryRequest index{.table = items_.name,
                     .index = "ByOwner",
                     .key_condition = KeyCondition::Partition("owner", V::S("o")),
                     .limit = 1};
  ASSERT_OK_AND_ASSIGN(QueryPage index_page, store().Query(index));
  ASSERT_FALSE(index_page.next_cursor.empty());
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), index_page.next_cursor), Code::kInvalidArgument);
  QueryRequest other_index = index;
  other_index.index = "ByTag";
  other_index.key_condition = KeyCondition::Partition("tag", V::S("t"));
  EXPECT_CODE(with_cursor(other_index, index_page.next_cursor), Code::kInvalidArgument);
  EXPECT_CODE(with_cursor(index, cursor), Code::kInvalidArgument);
  QueryRequest on_numbers{.table = numbers_.name,
                          .key_condition = KeyCondition::Partition("pk", V::S("cur")),
                          .limit = 1};
  EXPECT_CODE(with_cursor(on_numbers, cursor), Code::kInvalidArgument);
  // A cursor of another store over the same data, signed with another secret.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ItemStore> sibling,
                       testing::MakeSiblingStore(store(), "sibling-secret-0123456789abcdef"));
  ASSERT_OK_AND_ASSIGN(QueryPage sibling_page, sibling->Query(ItemsQuery("cur", 1)));
  ASSERT_FALSE(sibling_page.next_cursor.empty());
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), sibling_page.next_cursor), Code::kInvalidArgument);
}

TEST_P(StoreConformance, ACursorOfAnotherPartitionIsRefused) {
  for (const std::string sk : {"a", "b", "c"}) {
    ASSERT_OK(PutItem(items_, Key("mine", sk)));
    ASSERT_OK(PutItem(items_, Key("yours", sk)));
  }
  ASSERT_OK_AND_ASSIGN(QueryPage page, store().Query(ItemsQuery("yours", 1)));
  ASSERT_FALSE(page.next_cursor.empty());
  QueryRequest mine = ItemsQuery("mine", 1);
  mine.cursor = page.next_cursor;
  EXPECT_CODE(store().Query(mine), Code::kInvalidArgument);
}

TEST_P(StoreConformance, BadQueriesAreRefused) {
  QueryRequest request = ItemsQuery("q");
  request.limit = 0;
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request.limit = 1001;
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request = ItemsQuery("q");
  request.index = "NoSuchIndex";
  EXPECT_CODE(store().Query(request), Code::kNotFound);
  request = ItemsQuery("q");
  request.key_condition = KeyCondition::Partition("sk", V::S("q"));
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request.key_condition = KeyCondition::Partition("pk", V::N(1));
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request.key_condition = KeyCondition::Partition("pk", V::S("q")).SortEqual("sk", V::N(1));
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request = QueryRequest{.table = items_.name,
                         .index = "ByOwner",
                         .key_condition = KeyCondition::Partition("owner", V::S("o")),
                         .consistent_read = true};
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request = ItemsQuery("q");
  request.filter = Condition::In(Path("a"), {});
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
}

HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE();

}  // namespace
}  // namespace homeboard::store
