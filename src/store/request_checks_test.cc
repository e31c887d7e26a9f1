// Tests of the request checks both engines run before touching data: keys, items (key
// types, sparse index keys, value rules, the 400 KB limit), updates of key attributes,
// query shapes. Both engines return exactly these codes, so the conformance suite relies on
// them being right.
#include "store/request_checks.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/status_matchers.h"

namespace homeboard::store {
namespace {

using Code = Error::Code;
using ddb::Path;

TableSpec HashRangeSpec() {
  return TableSpec{.name = "t",
                   .partition_key = {"pk", KeyType::kString},
                   .sort_key = KeyAttribute{"sk", KeyType::kNumber},
                   .global_secondary_indexes = {
                       IndexSpec{.name = "ByOwner",
                                 .partition_key = {"owner", KeyType::kString},
                                 .sort_key = KeyAttribute{"rank", KeyType::kNumber}},
                       IndexSpec{.name = "ByBlob", .partition_key = {"blob", KeyType::kBinary}}}};
}

TableSpec HashSpec() { return TableSpec{.name = "h", .partition_key = {"id", KeyType::kBinary}}; }

void ExpectCode(const Status& status, Code code, const std::string& what) {
  ASSERT_FALSE(status.ok()) << what;
  EXPECT_EQ(status.error().code, code) << what << ": " << status.error().ToString();
}

// --- CheckKey --------------------------------------------------------------------------------

TEST(CheckKey, AcceptsExactlyTheKeyAttributes) {
  EXPECT_OK(CheckKey(HashRangeSpec(),
                     {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N("-1.5")}}));
  EXPECT_OK(CheckKey(HashSpec(), {{"id", AttributeValue::B(std::string("\x00\x01", 2))}}));
}

TEST(CheckKey, RefusesMissingExtraAndWronglyTypedAttributes) {
  TableSpec spec = HashRangeSpec();
  ExpectCode(CheckKey(spec, {}), Code::kInvalidArgument, "empty key");
  ExpectCode(CheckKey(spec, {{"pk", AttributeValue::S("a")}}), Code::kInvalidArgument,
             "sort key missing");
  ExpectCode(CheckKey(spec, {{"sk", AttributeValue::N(1)}}), Code::kInvalidArgument,
             "partition key missing");
  ExpectCode(CheckKey(spec, {{"pk", AttributeValue::S("a")},
                             {"sk", AttributeValue::N(1)},
                             {"x", AttributeValue::S("extra")}}),
             Code::kInvalidArgument, "extra attribute");
  ExpectCode(CheckKey(spec, {{"pk", AttributeValue::N(1)}, {"sk", AttributeValue::N(1)}}),
             Code::kInvalidArgument, "partition key of the wrong type");
  ExpectCode(CheckKey(spec, {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::S("1")}}),
             Code::kInvalidArgument, "sort key of the wrong type");
  ExpectCode(CheckKey(HashSpec(), {{"id", AttributeValue::S("x")}}), Code::kInvalidArgument,
             "binary key given as a string");
  ExpectCode(
      CheckKey(HashSpec(), {{"id", AttributeValue::B("x")}, {"id2", AttributeValue::B("y")}}),
      Code::kInvalidArgument, "extra attribute on a partition-only table");
}

TEST(CheckKey, RefusesEmptyStringAndBinaryKeyValues) {
  ExpectCode(
      CheckKey(HashRangeSpec(), {{"pk", AttributeValue::S("")}, {"sk", AttributeValue::N(1)}}),
      Code::kInvalidArgument, "empty string key");
  ExpectCode(CheckKey(HashSpec(), {{"id", AttributeValue::B("")}}), Code::kInvalidArgument,
             "empty binary key");
}

TEST(CheckKey, EnforcesDynamoDbsKeyLengthsInBytes) {
  // Partition keys up to 2048 bytes, sort keys up to 1024; UTF-8 counts bytes, not letters.
  TableSpec spec{.name = "t",
                 .partition_key = {"pk", KeyType::kString},
                 .sort_key = KeyAttribute{"sk", KeyType::kBinary}};
  EXPECT_OK(CheckKey(spec, {{"pk", AttributeValue::S(std::string(2048, 'p'))},
                            {"sk", AttributeValue::B(std::string(1024, 's'))}}));
  ExpectCode(CheckKey(spec, {{"pk", AttributeValue::S(std::string(2049, 'p'))},
                             {"sk", AttributeValue::B("s")}}),
             Code::kInvalidArgument, "partition key of 2049 bytes");
  ExpectCode(CheckKey(spec, {{"pk", AttributeValue::S("p")},
                             {"sk", AttributeValue::B(std::string(1025, 's'))}}),
             Code::kInvalidArgument, "sort key of 1025 bytes");
  std::string e_acute_1025_bytes;
  for (int i = 0; i < 512; ++i) e_acute_1025_bytes += "\xC3\xA9";
  e_acute_1025_bytes += "x";
  TableSpec text_sort = spec;
  text_sort.sort_key->type = KeyType::kString;
  ExpectCode(CheckKey(text_sort, {{"pk", AttributeValue::S("p")},
                                  {"sk", AttributeValue::S(e_acute_1025_bytes)}}),
             Code::kInvalidArgument, "513 letters in 1025 bytes");
  // Numbers have no such limit (38 digits are far below it).
  TableSpec numeric{.name = "n", .partition_key = {"n", KeyType::kNumber}};
  EXPECT_OK(CheckKey(numeric,
                     {{"n", AttributeValue::N("-1.2345678901234567890123456789012345678E-100")}}));
}

// --- CheckItem -------------------------------------------------------------------------------

TEST(CheckItem, AcceptsAnItemWithItsKeyAndAnyOtherAttributes) {
  EXPECT_OK(CheckItem(HashRangeSpec(), {{"pk", AttributeValue::S("a")},
                                        {"sk", AttributeValue::N(1)},
                                        {"owner", AttributeValue::S("o")},
                                        {"rank", AttributeValue::N(3)},
                                        {"list", AttributeValue::L({AttributeValue::Null()})},
                                        {"map", AttributeValue::M({})}}));
}

TEST(CheckItem, RefusesAnItemWithoutItsKey) {
  ExpectCode(CheckItem(HashRangeSpec(), {{"pk", AttributeValue::S("a")}}), Code::kInvalidArgument,
             "no sort key");
  ExpectCode(
      CheckItem(HashRangeSpec(), {{"sk", AttributeValue::N(1)}, {"x", AttributeValue::S("")}}),
      Code::kInvalidArgument, "no partition key");
  ExpectCode(
      CheckItem(HashRangeSpec(), {{"pk", AttributeValue::B("a")}, {"sk", AttributeValue::N(1)}}),
      Code::kInvalidArgument, "key of the wrong type");
  ExpectCode(
      CheckItem(HashRangeSpec(), {{"pk", AttributeValue::S("")}, {"sk", AttributeValue::N(1)}}),
      Code::kInvalidArgument, "empty key value");
}

TEST(CheckItem, IndexKeysAreOptionalButMustHaveTheIndexType) {
  Item base = {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N(1)}};
  // Sparse: only one of the index's key attributes, or none.
  Item only_owner = base;
  only_owner["owner"] = AttributeValue::S("o");
  EXPECT_OK(CheckItem(HashRangeSpec(), only_owner));
  Item only_rank = base;
  only_rank["rank"] = AttributeValue::N(2);
  EXPECT_OK(CheckItem(HashRangeSpec(), only_rank));

  Item wrong_owner = base;
  wrong_owner["owner"] = AttributeValue::N(5);
  ExpectCode(CheckItem(HashRangeSpec(), wrong_owner), Code::kInvalidArgument,
             "index partition key of the wrong type");
  Item wrong_rank = base;
  wrong_rank["rank"] = AttributeValue::S("5");
  ExpectCode(CheckItem(HashRangeSpec(), wrong_rank), Code::kInvalidArgument,
             "index sort key of the wrong type");
  Item empty_owner = base;
  empty_owner["owner"] = AttributeValue::S("");
  ExpectCode(CheckItem(HashRangeSpec(), empty_owner), Code::kInvalidArgument,
             "empty index key value");
  Item wrong_blob = base;
  wrong_blob["blob"] = AttributeValue::S("not binary");
  ExpectCode(CheckItem(HashRangeSpec(), wrong_blob), Code::kInvalidArgument,
             "second index's key of the wrong type");
}

TEST(CheckItem, AppliesDynamoDbValueRules) {
  Item base = {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N(1)}};
  Item empty_set = base;
  empty_set["tags"] = AttributeValue::SS({});
  ExpectCode(CheckItem(HashRangeSpec(), empty_set), Code::kInvalidArgument, "empty set");
  Item duplicate_set = base;
  duplicate_set["tags"] = AttributeValue::SS({"x", "x"});
  ExpectCode(CheckItem(HashRangeSpec(), duplicate_set), Code::kInvalidArgument,
             "set with a duplicate");
  Item bad_number = base;
  bad_number["n"] = AttributeValue::N("1e400");
  ExpectCode(CheckItem(HashRangeSpec(), bad_number), Code::kInvalidArgument, "number out of range");
  Item bad_utf8 = base;
  bad_utf8["s"] = AttributeValue::S("\xC3");
  ExpectCode(CheckItem(HashRangeSpec(), bad_utf8), Code::kInvalidArgument, "invalid UTF-8");
  Item nested_empty = base;
  nested_empty["m"] = AttributeValue::M({{"inner", AttributeValue::NS({})}});
  ExpectCode(CheckItem(HashRangeSpec(), nested_empty), Code::kInvalidArgument,
             "empty set inside a map");
}

TEST(CheckItem, EnforcesThe400KbLimitAtTheExactBoundary) {
  // ItemSize counts names plus values: "pk"(2) + "p"(1) + "sk"(2) + N(1) + "blob_"(5) + n.
  Item item = {{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N(1)}};
  std::size_t fixed = ddb::ItemSize(item) + std::string("pad").size();
  item["pad"] = AttributeValue::S(std::string(kMaxItemBytes - fixed, 'x'));
  ASSERT_EQ(ddb::ItemSize(item), kMaxItemBytes);
  EXPECT_OK(CheckItem(HashRangeSpec(), item));
  item["pad"] = AttributeValue::S(std::string(kMaxItemBytes - fixed + 1, 'x'));
  ExpectCode(CheckItem(HashRangeSpec(), item), Code::kTooLarge, "one byte over");
}

TEST(CheckItem, ChecksTheKeyBeforeTheSize) {
  // A huge item without its key is a malformed request, not an oversized one.
  Item item = {{"pad", AttributeValue::S(std::string(kMaxItemBytes + 10, 'x'))}};
  ExpectCode(CheckItem(HashRangeSpec(), item), Code::kInvalidArgument, "huge keyless item");
}

TEST(CheckItem, EnforcesKeyLengthsForTheTableAndItsIndexes) {
  Item base = {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N(1)}};
  Item long_owner = base;
  long_owner["owner"] = AttributeValue::S(std::string(2049, 'o'));
  ExpectCode(CheckItem(HashRangeSpec(), long_owner), Code::kInvalidArgument,
             "index partition key of 2049 bytes");
  long_owner["owner"] = AttributeValue::S(std::string(2048, 'o'));
  EXPECT_OK(CheckItem(HashRangeSpec(), long_owner));
  Item long_blob = base;
  long_blob["blob"] = AttributeValue::B(std::string(2049, 'b'));
  ExpectCode(CheckItem(HashRangeSpec(), long_blob), Code::kInvalidArgument,
             "binary index key of 2049 bytes");
  Item long_pk = base;
  long_pk["pk"] = AttributeValue::S(std::string(2049, 'p'));
  ExpectCode(CheckItem(HashRangeSpec(), long_pk), Code::kInvalidArgument,
             "table partition key of 2049 bytes");
}

// --- CheckUpdate -----------------------------------------------------------------------------

TEST(CheckUpdate, AcceptsUpdatesOfOtherAttributesIncludingIndexKeys) {
  EXPECT_OK(CheckUpdate(HashRangeSpec(), Update().Set("owner", AttributeValue::S("o"))));
  EXPECT_OK(
      CheckUpdate(HashRangeSpec(), Update().Increment("rank", AttributeValue::N(1)).Remove("x")));
  // A nested field named like a key is not the key.
  EXPECT_OK(
      CheckUpdate(HashRangeSpec(), Update().Set(Path("m").Field("pk"), AttributeValue::S("v"))));
}

TEST(CheckUpdate, RefusesAnUpdateTouchingAKeyAttributeInAnyForm) {
  TableSpec spec = HashRangeSpec();
  ExpectCode(CheckUpdate(spec, Update().Set("pk", AttributeValue::S("b"))), Code::kInvalidArgument,
             "set partition key");
  ExpectCode(CheckUpdate(spec, Update().Increment("sk", AttributeValue::N(1))),
             Code::kInvalidArgument, "increment sort key");
  ExpectCode(CheckUpdate(spec, Update().Remove("sk")), Code::kInvalidArgument, "remove sort key");
  ExpectCode(CheckUpdate(spec, Update().Add("sk", AttributeValue::N(1))), Code::kInvalidArgument,
             "add to sort key");
  ExpectCode(CheckUpdate(spec, Update().SetIfNotExists("pk", AttributeValue::S("x"))),
             Code::kInvalidArgument, "set-if-not-exists partition key");
  ExpectCode(CheckUpdate(spec, Update().Set("ok", AttributeValue::S("x")).Remove("pk")),
             Code::kInvalidArgument, "key action after a valid one");
  ExpectCode(CheckUpdate(spec, Update().Set(Path("pk").Field("x"), AttributeValue::S("x"))),
             Code::kInvalidArgument, "nested path under the partition key");
}

TEST(CheckUpdate, RefusesValuesTooLongForTheIndexKeyTheyAreWrittenTo) {
  TableSpec spec = HashRangeSpec();
  spec.global_secondary_indexes.push_back(
      IndexSpec{.name = "ByLabel",
                .partition_key = {"owner", KeyType::kString},
                .sort_key = KeyAttribute{"label", KeyType::kString}});
  ExpectCode(CheckUpdate(spec, Update().Set("owner", AttributeValue::S(std::string(2049, 'o')))),
             Code::kInvalidArgument, "index partition key of 2049 bytes");
  ExpectCode(CheckUpdate(spec, Update().Set("label", AttributeValue::S(std::string(1025, 'l')))),
             Code::kInvalidArgument, "index sort key of 1025 bytes");
  EXPECT_OK(CheckUpdate(spec, Update().Set("label", AttributeValue::S(std::string(1024, 'l')))));
  // Only the attribute itself is an index key, not a field of a map named like it.
  EXPECT_OK(CheckUpdate(
      spec, Update().Set(Path("label").Field("x"), AttributeValue::S(std::string(5000, 'l')))));
  EXPECT_OK(CheckUpdate(spec, Update().Set("other", AttributeValue::S(std::string(5000, 'x')))));
}

TEST(CheckUpdate, RefusesAnEmptyUpdate) {
  ExpectCode(CheckUpdate(HashRangeSpec(), Update()), Code::kInvalidArgument, "empty update");
}

// --- CheckQuery ------------------------------------------------------------------------------

QueryRequest TableQuery() {
  QueryRequest request;
  request.table = "t";
  request.key_condition = KeyCondition::Partition("pk", AttributeValue::S("a"));
  return request;
}

TEST(CheckQuery, AcceptsTableAndIndexQueries) {
  TableSpec spec = HashRangeSpec();
  QueryRequest request = TableQuery();
  EXPECT_OK(CheckQuery(spec, request));
  request.key_condition = KeyCondition::Partition("pk", AttributeValue::S("a"))
                              .SortBetween("sk", AttributeValue::N(1), AttributeValue::N(2));
  request.consistent_read = true;
  EXPECT_OK(CheckQuery(spec, request));

  QueryRequest index = TableQuery();
  index.index = "ByOwner";
  index.key_condition = KeyCondition::Partition("owner", AttributeValue::S("o"))
                            .SortGreater("rank", AttributeValue::N(0));
  EXPECT_OK(CheckQuery(spec, index));
  QueryRequest blob = TableQuery();
  blob.index = "ByBlob";
  blob.key_condition = KeyCondition::Partition("blob", AttributeValue::B("\x01"));
  EXPECT_OK(CheckQuery(spec, blob));
}

TEST(CheckQuery, TheFilterMayNotUseTheQueriedKeyAttributes) {
  TableSpec spec = HashRangeSpec();
  QueryRequest request = TableQuery();
  request.filter = Condition::Equal(ddb::Path("title"), AttributeValue::S("x")) &&
                   !Condition::Greater(ddb::Size(ddb::Path("sk")), AttributeValue::N(3));
  ExpectCode(CheckQuery(spec, request), Code::kInvalidArgument, "key attribute \"sk\"");
  request.filter = Condition::AttributeExists("pk");
  ExpectCode(CheckQuery(spec, request), Code::kInvalidArgument, "key attribute \"pk\"");
  // On an index, its own keys are the forbidden ones; the table's keys may be filtered.
  QueryRequest index = TableQuery();
  index.index = "ByOwner";
  index.key_condition = KeyCondition::Partition("owner", AttributeValue::S("o"));
  index.filter = Condition::Equal(ddb::Path("sk"), AttributeValue::N(1));
  EXPECT_OK(CheckQuery(spec, index));
  index.filter = Condition::Greater(ddb::Path("rank"), AttributeValue::N(1));
  ExpectCode(CheckQuery(spec, index), Code::kInvalidArgument, "key attribute \"rank\"");
}

TEST(CheckQuery, LimitMustBeWithinOneToAThousand) {
  QueryRequest request = TableQuery();
  for (int limit : {1, 2, 999, kMaxQueryLimit}) {
    request.limit = limit;
    EXPECT_OK(CheckQuery(HashRangeSpec(), request));
  }
  for (int limit : {0, -1, kMaxQueryLimit + 1, 1 << 30}) {
    request.limit = limit;
    ExpectCode(CheckQuery(HashRangeSpec(), request), Code::kInvalidArgument,
               "limit " + std::to_string(limit));
  }
}

TEST(CheckQuery, AnUnknownIndexIsNotFound) {
  QueryRequest request = TableQuery();
  request.index = "NoSuchIndex";
  ExpectCode(CheckQuery(HashRangeSpec(), request), Code::kNotFound, "unknown index");
}

TEST(CheckQuery, ConsistentReadsOnlyOnTheTable) {
  QueryRequest request = TableQuery();
  request.index = "ByOwner";
  request.key_condition = KeyCondition::Partition("owner", AttributeValue::S("o"));
  request.consistent_read = true;
  ExpectCode(CheckQuery(HashRangeSpec(), request), Code::kInvalidArgument,
             "consistent read on a GSI");
}

TEST(CheckQuery, TheKeyConditionMustNameTheRightKeysWithTheRightTypes) {
  TableSpec spec = HashRangeSpec();
  QueryRequest request = TableQuery();
  request.key_condition = KeyCondition();
  ExpectCode(CheckQuery(spec, request), Code::kInvalidArgument, "no key condition");
  request.key_condition = KeyCondition::Partition("owner", AttributeValue::S("o"));
  ExpectCode(CheckQuery(spec, request), Code::kInvalidArgument, "index partition key on the table");
  request.key_condition = KeyCondition::Partition("pk", AttributeValue::N(1));
  ExpectCode(CheckQuery(spec, request), Code::kInvalidArgument, "partition value type");
  request.key_condition =
      KeyCondition::Partition("pk", AttributeValue::S("a")).SortEqual("rank", AttributeValue::N(1));
  ExpectCode(CheckQuery(spec, request), Code::kInvalidArgument, "sort condition on another name");
  request.key_condition =
      KeyCondition::Partition("pk", AttributeValue::S("a")).SortEqual("sk", AttributeValue::S("1"));
  ExpectCode(CheckQuery(spec, request), Code::kInvalidArgument, "sort value type");
  request.key_condition = KeyCondition::Partition("pk", AttributeValue::S("a"))
                              .SortBetween("sk", AttributeValue::N(1), AttributeValue::S("2"));
  ExpectCode(CheckQuery(spec, request), Code::kInvalidArgument, "between bound type");

  // On an index: its own key names; a sort condition on an index without a sort key fails.
  QueryRequest index = TableQuery();
  index.index = "ByOwner";
  ExpectCode(CheckQuery(spec, index), Code::kInvalidArgument, "table key on an index");
  index.index = "ByBlob";
  index.key_condition = KeyCondition::Partition("blob", AttributeValue::B("\x01"))
                            .SortEqual("sk", AttributeValue::N(1));
  ExpectCode(CheckQuery(spec, index), Code::kInvalidArgument, "sort condition, no sort key");
  QueryRequest hash = TableQuery();
  hash.key_condition = KeyCondition::Partition("id", AttributeValue::B("\x01"))
                           .SortEqual("sk", AttributeValue::N(1));
  ExpectCode(CheckQuery(HashSpec(), hash), Code::kInvalidArgument,
             "sort condition on a partition-only table");
}

// --- Table specs and transaction sizes -------------------------------------------------------

TEST(IsValidTableName, FollowsDynamoDbsNamingRule) {
  for (const char* name : {"abc", "a_b", "A.b-c", "x23", "___"}) {
    EXPECT_TRUE(IsValidTableName(name)) << name;
  }
  EXPECT_TRUE(IsValidTableName(std::string(255, 'a')));
  for (const char* name : {"", "ab", "a b", "a/b", "t\xC3\xA9s", "a:b", "tab\t"}) {
    EXPECT_FALSE(IsValidTableName(name)) << name;
  }
  EXPECT_FALSE(IsValidTableName(std::string(256, 'a')));
}

// The test specs above are named "t" and "h", too short for DynamoDB; these get real names.
TableSpec Named(TableSpec spec) {
  spec.name = "things_" + spec.name;
  return spec;
}

TEST(CheckTableSpec, AcceptsWellFormedSpecs) {
  EXPECT_OK(CheckTableSpec(Named(HashRangeSpec())));
  EXPECT_OK(CheckTableSpec(Named(HashSpec())));
  // An attribute may be a key of the table and of an index, with one type.
  TableSpec shared = Named(HashRangeSpec());
  shared.global_secondary_indexes.push_back(
      IndexSpec{.name = "BySk",
                .partition_key = {"sk", KeyType::kNumber},
                .sort_key = KeyAttribute{"pk", KeyType::kString}});
  EXPECT_OK(CheckTableSpec(shared));
}

TEST(CheckTableSpec, RefusesWhatCreateTableWouldRefuse) {
  auto expect_refused = [](TableSpec spec, const std::string& what) {
    ExpectCode(CheckTableSpec(spec), Code::kInvalidArgument, what);
  };
  TableSpec spec = Named(HashRangeSpec());
  spec.name = "bad name";
  expect_refused(spec, "table name with a space");
  spec = Named(HashRangeSpec());
  spec.name = "ab";
  expect_refused(spec, "table name of two characters");
  spec = Named(HashRangeSpec());
  spec.partition_key.name = "";
  expect_refused(spec, "empty key name");
  spec = Named(HashRangeSpec());
  spec.sort_key->name = std::string(256, 'k');
  expect_refused(spec, "key name of 256 bytes");
  spec = Named(HashRangeSpec());
  spec.sort_key->name = "pk";
  expect_refused(spec, "sort key equal to the partition key");
  spec = Named(HashRangeSpec());
  spec.global_secondary_indexes[0].partition_key.type = KeyType::kNumber;  // owner S elsewhere?
  spec.global_secondary_indexes[0].partition_key.name = "pk";              // pk is S
  expect_refused(spec, "one attribute with two key types");
  spec = Named(HashRangeSpec());
  spec.global_secondary_indexes[1].name = spec.global_secondary_indexes[0].name;
  expect_refused(spec, "two indexes with one name");
  spec = Named(HashRangeSpec());
  spec.global_secondary_indexes[0].name = "B y";
  expect_refused(spec, "index name with a space");
  spec = Named(HashRangeSpec());
  spec.global_secondary_indexes[0].sort_key->name = "owner";
  spec.global_secondary_indexes[0].sort_key->type = KeyType::kString;
  expect_refused(spec, "index sort key equal to its partition key");
}

TEST(CheckTransactionSize, CapsTheItemsOfATransactionAtFourMegabytes) {
  // Ten puts of just under 400 KB each come to about 3.9 MB: fine; an eleventh is over.
  std::vector<TransactAction> actions;
  for (int i = 0; i < 10; ++i) {
    actions.push_back(
        TransactAction{.table = "t",
                       .item = {{"pk", AttributeValue::S(std::to_string(i))},
                                {"pad", AttributeValue::S(std::string(400 * 1024 - 16, 'x'))}}});
  }
  EXPECT_OK(CheckTransactionSize(actions));
  actions.push_back(actions.front());
  ExpectCode(CheckTransactionSize(actions), Code::kTooLarge, "eleven puts of 400 KB");
  // Update values count too.
  std::vector<TransactAction> updates;
  for (int i = 0; i < 11; ++i) {
    updates.push_back(TransactAction{
        .kind = TransactAction::Kind::kUpdate,
        .table = "t",
        .item = {{"pk", AttributeValue::S(std::to_string(i))}},
        .update = Update().Set("pad", AttributeValue::S(std::string(400 * 1024, 'x')))});
  }
  ExpectCode(CheckTransactionSize(updates), Code::kTooLarge, "eleven updates writing 400 KB");
  EXPECT_OK(CheckTransactionSize({}));
}

// --- KeyOf, InvalidArgument ------------------------------------------------------------------

TEST(KeyOf, ExtractsTheTableKeyOnly) {
  Item item = {{"pk", AttributeValue::S("a")},
               {"sk", AttributeValue::N(1)},
               {"owner", AttributeValue::S("o")}};
  EXPECT_EQ(KeyOf(HashRangeSpec(), item),
            (Item{{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N(1)}}));
  EXPECT_EQ(KeyOf(HashSpec(), {{"id", AttributeValue::B("x")}, {"y", AttributeValue::Null()}}),
            (Item{{"id", AttributeValue::B("x")}}));
  EXPECT_EQ(KeyOf(HashRangeSpec(), {{"x", AttributeValue::Null()}}), Item{});
}

TEST(InvalidArgument, CarriesCodeAndMessage) {
  Error error = InvalidArgument("bad thing");
  EXPECT_EQ(error.code, Code::kInvalidArgument);
  EXPECT_EQ(error.message, "bad thing");
  EXPECT_FALSE(error.failed_action.has_value());
  EXPECT_EQ(error.ToString(), "InvalidArgument: bad thing");
}

}  // namespace
}  // namespace homeboard::store
