// Integration tests of the single-item operations (PutItem, GetItem, UpdateItem, DeleteItem)
// against a real DynamoDB (Local by default): every attribute type round-trips exactly, every
// Condition form passes and fails as the service evaluates it, every Update form does what
// expression.h says, ReturnValues come back as asked, and failures read well.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ddb/client.h"
#include "ddb_test_util.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using V = AttributeValue;
using std::string_literals::operator""s;
using homeboard::testing::DdbIntegrationTest;
using homeboard::testing::DebugString;
using homeboard::testing::Key;

// DynamoDB's reserved words that a dashboard naturally uses as attribute names; every
// expression below refers to them unescaped, relying on the client's aliasing.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html
const std::vector<std::string> kReservedNames = {"name", "type",   "position", "url",
                                                 "user", "status", "ttl"};

std::string AllBytes() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  return bytes;
}

// A map nested `depth` levels deep ({"d": {"d": ... {"leaf": ...}}}) alternating with lists,
// so both container types are exercised near DynamoDB's 32-level limit.
V Nested(int depth) {
  V value = V::M({{"leaf", V::S("bottom")}, {"n", V::N("-0.5")}});
  for (int level = 0; level < depth; ++level) {
    value = level % 2 == 0 ? V::L({value, V::N(level)}) : V::M({{"d", value}});
  }
  return value;
}

class DdbItemsTest : public DdbIntegrationTest {
 protected:
  void SetUp() override {
    DdbIntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK_AND_ASSIGN(table_, CreateHashTable());
  }

  // Request skeletons for table_ (designated initializers would trip
  // -Wmissing-field-initializers on GCC 12 for every field left out).
  PutItemRequest PutRequest(Item item, Condition condition = {}) const {
    PutItemRequest request;
    request.table_name = table_;
    request.item = std::move(item);
    request.condition = std::move(condition);
    return request;
  }
  GetItemRequest GetRequest(std::string pk, bool consistent = true) const {
    GetItemRequest request;
    request.table_name = table_;
    request.key = Key(std::move(pk));
    request.consistent_read = consistent;
    return request;
  }
  UpdateItemRequest UpdateRequest(std::string pk, Update update,
                                  ReturnValues return_values = ReturnValues::kNone) const {
    UpdateItemRequest request;
    request.table_name = table_;
    request.key = Key(std::move(pk));
    request.update = std::move(update);
    request.return_values = return_values;
    return request;
  }
  DeleteItemRequest DeleteRequest(std::string pk, Condition condition = {}) const {
    DeleteItemRequest request;
    request.table_name = table_;
    request.key = Key(std::move(pk));
    request.condition = std::move(condition);
    return request;
  }

  Result<std::optional<Item>> Get(const std::string& pk, bool consistent = true) {
    Result<GetItemResponse> response = client().GetItem(GetRequest(pk, consistent));
    if (!response.ok()) return std::move(response).error();
    return std::move(response->item);
  }

  Status Put(Item item) {
    Result<PutItemResponse> response = client().PutItem(PutRequest(std::move(item)));
    if (!response.ok()) return std::move(response).error();
    return OkStatus();
  }

  std::string table_;
};

// ---------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------

TEST_F(DdbItemsTest, AllTenTypesRoundTripExactly) {
  const std::string unicode =
      "h\xC3\xA9llo \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x9A\x80 e\xCC\x81 \"quoted\" back\\slash "
      "tab\t newline\n ctrl\x01 nul\0inside \xE2\x80\xA8 end"s;
  Item item = {
      {"pk", V::S("all-types")},
      {"s", V::S(unicode)},
      {"s_nul", V::S(std::string("a\0b", 3))},
      {"s_empty", V::S("")},
      {"n_int", V::N("12345678901234567890123456789012345678")},
      {"n_neg", V::N("-12345678901234567890123456789012345678")},
      {"n_frac", V::N("0.12345678901234567890123456789012345678")},
      {"n_tiny", V::N("1E-130")},
      {"n_huge", V::N("9.9999999999999999999999999999999999999E+125")},
      {"n_neg_tiny", V::N("-1E-130")},
      {"n_zero", V::N("0")},
      {"b", V::B(AllBytes())},
      {"b_empty", V::B("")},
      {"bool_t", V::Bool(true)},
      {"bool_f", V::Bool(false)},
      {"null", V::Null()},
      {"m", V::M({{"a", V::S("x")},
                  {"weird key. with-dots", V::N(1)},
                  {"\xE2\x9C\x93", V::Bool(true)}})},
      {"m_empty", V::M({})},
      {"l", V::L({V::S("x"), V::N(1), V::B(std::string("\0\xFF", 2)), V::Null(), V::L({}),
                  V::M({}), V::SS({"a"})})},
      {"l_empty", V::L({})},
      {"deep", Nested(30)},
      {"ss", V::SS({"b", "a", unicode, "", "\xF0\x9F\x98\x80"})},
      {"ns", V::NS({"1", "-1E-130", "9.9999999999999999999999999999999999999E+125",
                    "12345678901234567890123456789012345678", "0.5"})},
      {"bs", V::BS({AllBytes(), std::string("\0", 1), "abc"})},
  };
  ASSERT_OK(Put(item));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, Get("all-types"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->size(), item.size());
  for (const auto& [name, value] : item) {
    auto it = got->find(name);
    ASSERT_NE(it, got->end()) << "attribute " << name << " missing";
    EXPECT_SAME_ITEMS(it->second, value) << "attribute " << name;
  }
  EXPECT_SAME_ITEMS(*got, item);
}

TEST_F(DdbItemsTest, NumbersTheServiceAcceptsAreAcceptedAndTheRestRefused) {
  // Which spellings DynamoDB takes (observed against DynamoDB Local, matching the limits in
  // the developer guide: 38 significant digits, magnitude 1E-130 to under 1E+126). The client
  // must never refuse one the service takes; those the service refuses it may catch itself
  // (InvalidArgument) or pass on (ValidationException), but never store.
  const std::vector<std::string> accepted = {
      "1.50000000000000000000000000000000000000000000",  // trailing zeros are not precision
      "000000000000000000000000000000000000000000001",   // nor are leading ones
      "1.2345678901234567890123456789012345678E+20",
      "9.9999999999999999999999999999999999999E+125",
      "1E-130", "0.1E-129", "10E-131", "0E+500", "-0", "+5", ".5", "5.", "1e5", "1E0005",
      "1" + std::string(125, '0'),
  };
  const std::vector<std::string> refused = {
      "12345678901234567890123456789012345678.9",  // 39 significant digits
      "1E+126", "1" + std::string(126, '0'), "1E-131",
      "0x10", "", "  5", "1,5", "Infinity", "NaN",
  };
  for (const std::string& number : accepted) {
    SCOPED_TRACE("accepted: \"" + number + "\"");
    Status put = Put({{"pk", V::S("num")}, {"v", V::N(number)}});
    ASSERT_TRUE(put.ok()) << put.error().ToString();
    ASSERT_OK_AND_ASSIGN(std::optional<Item> got, Get("num"));
    ASSERT_TRUE(got.has_value());
    EXPECT_SAME_ITEMS(got->at("v"), V::N(number));
  }
  ASSERT_OK(Put({{"pk", V::S("num")}, {"v", V::S("unchanged")}}));
  for (const std::string& number : refused) {
    SCOPED_TRACE("refused: \"" + number + "\"");
    Status put = Put({{"pk", V::S("num")}, {"v", V::N(number)}});
    ASSERT_FALSE(put.ok());
    EXPECT_TRUE(put.error().Is(errc::kInvalidArgument) || put.error().Is(errc::kValidation))
        << put.error().ToString();
  }
  ASSERT_OK_AND_ASSIGN(std::optional<Item> unchanged, Get("num"));
  ASSERT_TRUE(unchanged.has_value());
  EXPECT_EQ(unchanged->at("v"), V::S("unchanged"));
}

TEST_F(DdbItemsTest, NestingAndSetRulesAgreeWithTheService) {
  // A value inside 31 nested maps is the deepest DynamoDB stores; one level more is refused.
  auto nested = [](int maps) {
    V value = V::S("x");
    for (int i = 0; i < maps; ++i) value = V::M({{"a", value}});
    return value;
  };
  ASSERT_OK(Put({{"pk", V::S("nest")}, {"v", nested(31)}}));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, Get("nest"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->at("v"), nested(31));

  // Refused by the client or the service, never stored.
  const std::vector<V> refused = {
      nested(32),
      V::NS({"1", "1.0"}),  // numerically equal members are duplicates
      V::NS({"1", "01"}),
      V::SS({"a", "a"}),
      V::BS({std::string("\0", 1), std::string("\0", 1)}),
      V::L({V::NS({"2", "2E0"})}),
      V::SS({}),
  };
  for (const V& value : refused) {
    SCOPED_TRACE(DebugString(value).substr(0, 80));
    Status put = Put({{"pk", V::S("refused")}, {"v", value}});
    ASSERT_FALSE(put.ok());
    EXPECT_TRUE(put.error().Is(errc::kInvalidArgument) || put.error().Is(errc::kValidation))
        << put.error().ToString();
  }
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, Get("refused"));
  EXPECT_FALSE(none.has_value());
}

TEST_F(DdbItemsTest, GetItemOfAMissingKeyIsAnEmptyOptional) {
  ASSERT_OK_AND_ASSIGN(std::optional<Item> consistent, Get("nobody", true));
  EXPECT_FALSE(consistent.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> eventual, Get("nobody", false));
  EXPECT_FALSE(eventual.has_value());
}

TEST_F(DdbItemsTest, ConsistentReadIsSentAndChargedAsSuch) {
  ASSERT_OK(Put({{"pk", V::S("cr")}, {"v", V::N(1)}}));
  GetItemRequest get = GetRequest("cr", /*consistent=*/true);
  get.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  ASSERT_OK_AND_ASSIGN(GetItemResponse strong, client().GetItem(get));
  get.consistent_read = false;
  ASSERT_OK_AND_ASSIGN(GetItemResponse eventual, client().GetItem(get));
  ASSERT_TRUE(strong.item.has_value());
  EXPECT_SAME_ITEMS(strong.item->at("v"), V::N(1));
  ASSERT_TRUE(eventual.item.has_value());
  // A strongly consistent read of an item under 4 KB costs one read unit, an eventually
  // consistent one half a unit: the only visible proof that ConsistentRead went out.
  ASSERT_TRUE(strong.consumed_capacity.has_value());
  ASSERT_TRUE(eventual.consumed_capacity.has_value());
  EXPECT_EQ(strong.consumed_capacity->table_name, table_);
  EXPECT_DOUBLE_EQ(strong.consumed_capacity->capacity_units, 1.0);
  EXPECT_DOUBLE_EQ(eventual.consumed_capacity->capacity_units, 0.5);
}

TEST_F(DdbItemsTest, ProjectionReturnsOnlyTheNamedPaths) {
  Item item = {{"pk", V::S("proj")},
               {"name", V::S("Ada")},
               {"type", V::S("person")},
               {"url", V::S("https://example.com")},
               {"doc", V::M({{"a", V::L({V::N(0), V::M({{"x", V::S("deep")}, {"y", V::N(2)}})})},
                             {"b", V::S("unwanted")}})},
               {"odd.name", V::S("dotted")}};
  ASSERT_OK(Put(item));
  GetItemRequest get = GetRequest("proj");
  get.projection = Projection{"name", "url", Path("doc").Field("a").Index(1).Field("x"),
                              "odd.name"};
  ASSERT_OK_AND_ASSIGN(GetItemResponse response, client().GetItem(get));
  ASSERT_TRUE(response.item.has_value());
  Item expected = {{"name", V::S("Ada")},
                   {"url", V::S("https://example.com")},
                   {"doc", V::M({{"a", V::L({V::M({{"x", V::S("deep")}})})}})},
                   {"odd.name", V::S("dotted")}};
  EXPECT_SAME_ITEMS(*response.item, expected);
}

TEST_F(DdbItemsTest, LargestItemTheClientAllowsIsAcceptedByTheServer) {
  // ItemSize counts names plus values; the client refuses anything over 400 KB before
  // sending, so its count must never be below the service's (or the service would reject
  // what the client let through) and should not be far above it.
  Item item = {{"pk", V::S("big")}, {"payload", V::S("")}};
  const std::size_t overhead = ItemSize(item);
  item["payload"] = V::S(std::string(400 * 1024 - overhead, 'x'));
  ASSERT_EQ(ItemSize(item), 400u * 1024);
  ASSERT_OK(Put(item));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, Get("big"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->at("payload").AsS().size(), 400 * 1024 - overhead);

  item["payload"] = V::S(std::string(400 * 1024 - overhead + 1, 'x'));
  Status over = Put(item);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code(), errc::kInvalidArgument) << over.error().ToString();
  EXPECT_EQ(over.error().operation(), "PutItem");
}

TEST_F(DdbItemsTest, ProjectionMatchingNothingIsAnEmptyItemNotAMissingOne) {
  ASSERT_OK(Put({{"pk", V::S("exists")}, {"x", V::S("1")}}));
  GetItemRequest get = GetRequest("exists");
  get.projection = Projection{"not_there"};
  ASSERT_OK_AND_ASSIGN(GetItemResponse present, client().GetItem(get));
  ASSERT_TRUE(present.item.has_value()) << "the item exists; none of its attributes was asked";
  EXPECT_TRUE(present.item->empty());

  get.key = Key("absent");
  ASSERT_OK_AND_ASSIGN(GetItemResponse absent, client().GetItem(get));
  EXPECT_FALSE(absent.item.has_value());

  // ReturnValues of an update that changed nothing it could return: no attributes.
  ASSERT_OK_AND_ASSIGN(
      UpdateItemResponse removed_nothing,
      client().UpdateItem(UpdateRequest("exists", Update().Remove("y"), ReturnValues::kUpdatedOld)));
  EXPECT_FALSE(removed_nothing.attributes.has_value() && !removed_nothing.attributes->empty());
}

TEST_F(DdbItemsTest, EmptyStringKeyIsRejected) {
  Result<PutItemResponse> put = client().PutItem(PutRequest({{"pk", V::S("")}}));
  ASSERT_FALSE(put.ok());
  // The client may catch it first; otherwise DynamoDB's ValidationException comes back.
  EXPECT_TRUE(put.error().Is(errc::kValidation) || put.error().Is(errc::kInvalidArgument))
      << put.error().ToString();
}

TEST_F(DdbItemsTest, ReservedWordAttributeNamesWorkEverywhere) {
  Item item = {{"pk", V::S("reserved")}};
  for (const std::string& name : kReservedNames) item[name] = V::S(name + "-value");
  // Put conditioned on every reserved name not existing yet.
  std::vector<Condition> absent;
  for (const std::string& name : kReservedNames) absent.push_back(Condition::AttributeNotExists(name));
  ASSERT_OK(client().PutItem(PutRequest(item, Condition::And(absent))));

  // Update every one of them, conditioned on each one's current value.
  Update update;
  std::vector<Condition> current;
  for (const std::string& name : kReservedNames) {
    update.Set(name, V::S(name + "-new"));
    current.push_back(Condition::Equal(Path(name), V::S(name + "-value")));
  }
  UpdateItemRequest request = UpdateRequest("reserved", update, ReturnValues::kUpdatedNew);
  request.condition = Condition::And(current);
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse updated, client().UpdateItem(request));
  ASSERT_TRUE(updated.attributes.has_value());
  EXPECT_EQ(updated.attributes->size(), kReservedNames.size());
  for (const std::string& name : kReservedNames) {
    EXPECT_EQ(updated.attributes->at(name), V::S(name + "-new")) << name;
  }

  // Project them back.
  GetItemRequest get = GetRequest("reserved");
  for (const std::string& name : kReservedNames) get.projection.Add(name);
  ASSERT_OK_AND_ASSIGN(GetItemResponse got, client().GetItem(get));
  ASSERT_TRUE(got.item.has_value());
  EXPECT_EQ(got.item->size(), kReservedNames.size());

  // Delete conditioned on them.
  std::vector<Condition> exists;
  for (const std::string& name : kReservedNames) exists.push_back(Condition::AttributeExists(name));
  ASSERT_OK(client().DeleteItem(DeleteRequest("reserved", Condition::And(exists))));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> gone, Get("reserved"));
  EXPECT_FALSE(gone.has_value());
}

// ---------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------

// The item every condition case is evaluated against.
Item ConditionSubject() {
  return {
      {"pk", V::S("cond")},
      {"n", V::N(5)},
      {"m10", V::N(10)},
      {"s", V::S("hello world")},
      {"b", V::B(std::string("\x01\x02\x03\xFF", 4))},
      {"flag", V::Bool(true)},
      {"nothing", V::Null()},
      {"map", V::M({{"inner", V::S("v")}, {"count", V::N(3)}})},
      {"list", V::L({V::N(1), V::S("x"), V::M({{"deep", V::S("y")}})})},
      {"tags", V::SS({"a", "b", "c"})},
      {"nums", V::NS({"1", "2"})},
      {"bins", V::BS({std::string("\x00", 1), "z"})},
      {"status", V::S("active")},
      {"name", V::S("Ada")},
  };
}

struct ConditionCase {
  std::string label;
  Condition condition;
  bool passes;
};

std::vector<ConditionCase> ConditionCases() {
  const V five = V::N(5);
  std::vector<ConditionCase> cases = {
      // Comparisons: value and path operands.
      {"n = 5", Condition::Equal(Path("n"), five), true},
      {"n = 6", Condition::Equal(Path("n"), V::N(6)), false},
      {"n = 5.0 (numeric equality)", Condition::Equal(Path("n"), V::N("5.0")), true},
      {"n <> 6", Condition::NotEqual(Path("n"), V::N(6)), true},
      {"n <> 5", Condition::NotEqual(Path("n"), five), false},
      {"n < 6", Condition::Less(Path("n"), V::N(6)), true},
      {"n < 5", Condition::Less(Path("n"), five), false},
      {"n <= 5", Condition::LessOrEqual(Path("n"), five), true},
      {"n <= 4", Condition::LessOrEqual(Path("n"), V::N(4)), false},
      {"n > 4", Condition::Greater(Path("n"), V::N(4)), true},
      {"n > 5", Condition::Greater(Path("n"), five), false},
      {"n >= 5", Condition::GreaterOrEqual(Path("n"), five), true},
      {"n >= 6", Condition::GreaterOrEqual(Path("n"), V::N(6)), false},
      {"n < m10 (two paths)", Condition::Less(Path("n"), Path("m10")), true},
      {"m10 < n (two paths)", Condition::Less(Path("m10"), Path("n")), false},
      {"value on the left", Condition::Greater(V::N(6), Path("n")), true},
      {"s > \"hello\" (strings)", Condition::Greater(Path("s"), V::S("hello")), true},
      {"b < 0x02 (binary)", Condition::Less(Path("b"), V::B("\x02")), true},
      {"n = \"5\" (type mismatch)", Condition::Equal(Path("n"), V::S("5")), false},
      {"missing = 5", Condition::Equal(Path("missing"), five), false},
      {"missing <> 5", Condition::NotEqual(Path("missing"), five), true},
      {"map.count = 3", Condition::Equal(Path("map").Field("count"), V::N(3)), true},
      {"list[2].deep = y", Condition::Equal(Path("list").Index(2).Field("deep"), V::S("y")),
       true},
      {"list[1] = y", Condition::Equal(Path("list").Index(1), V::S("y")), false},
      {"map = whole map", Condition::Equal(Path("map"), ConditionSubject().at("map")), true},
      // BETWEEN.
      {"n between 1 and 5", Condition::Between(Path("n"), V::N(1), five), true},
      {"n between 5 and 5", Condition::Between(Path("n"), five, five), true},
      {"n between 6 and 9", Condition::Between(Path("n"), V::N(6), V::N(9)), false},
      {"s between a and i", Condition::Between(Path("s"), V::S("a"), V::S("i")), true},
      {"s between i and z", Condition::Between(Path("s"), V::S("i"), V::S("z")), false},
      {"n between paths", Condition::Between(Path("n"), V::N(0), Path("m10")), true},
      // IN.
      {"status in (active, x)", Condition::In(Path("status"), {V::S("x"), V::S("active")}), true},
      {"status in (x, y)", Condition::In(Path("status"), {V::S("x"), V::S("y")}), false},
      {"n in (1..100)",
       Condition::In(Path("n"),
                     [] {
                       std::vector<V> all;
                       for (int i = 1; i <= 100; ++i) all.push_back(V::N(i));
                       return all;
                     }()),
       true},
      // attribute_exists / attribute_not_exists, top level and nested.
      {"exists(status)", Condition::AttributeExists("status"), true},
      {"exists(missing)", Condition::AttributeExists("missing"), false},
      {"exists(map.inner)", Condition::AttributeExists(Path("map").Field("inner")), true},
      {"exists(list[5])", Condition::AttributeExists(Path("list").Index(5)), false},
      {"exists(nothing) (NULL value)", Condition::AttributeExists("nothing"), true},
      {"not_exists(missing)", Condition::AttributeNotExists("missing"), true},
      {"not_exists(status)", Condition::AttributeNotExists("status"), false},
      {"not_exists(map.other)", Condition::AttributeNotExists(Path("map").Field("other")), true},
      // attribute_type for all ten types, and a mismatch.
      {"type(s, S)", Condition::AttributeType("s", V::Type::kS), true},
      {"type(n, N)", Condition::AttributeType("n", V::Type::kN), true},
      {"type(b, B)", Condition::AttributeType("b", V::Type::kB), true},
      {"type(flag, BOOL)", Condition::AttributeType("flag", V::Type::kBool), true},
      {"type(nothing, NULL)", Condition::AttributeType("nothing", V::Type::kNull), true},
      {"type(map, M)", Condition::AttributeType("map", V::Type::kM), true},
      {"type(list, L)", Condition::AttributeType("list", V::Type::kL), true},
      {"type(tags, SS)", Condition::AttributeType("tags", V::Type::kSS), true},
      {"type(nums, NS)", Condition::AttributeType("nums", V::Type::kNS), true},
      {"type(bins, BS)", Condition::AttributeType("bins", V::Type::kBS), true},
      {"type(tags, NS)", Condition::AttributeType("tags", V::Type::kNS), false},
      {"type(n, S)", Condition::AttributeType("n", V::Type::kS), false},
      {"type(missing, S)", Condition::AttributeType("missing", V::Type::kS), false},
      // begins_with.
      {"begins_with(s, hello)", Condition::BeginsWith("s", V::S("hello")), true},
      {"begins_with(s, world)", Condition::BeginsWith("s", V::S("world")), false},
      {"begins_with(b, 0x0102)", Condition::BeginsWith("b", V::B("\x01\x02")), true},
      {"begins_with(b, 0x02)", Condition::BeginsWith("b", V::B("\x02")), false},
      // contains: substring, set element, list element.
      {"contains(s, lo wo)", Condition::Contains("s", V::S("lo wo")), true},
      {"contains(s, xyz)", Condition::Contains("s", V::S("xyz")), false},
      {"contains(tags, b)", Condition::Contains("tags", V::S("b")), true},
      {"contains(tags, z)", Condition::Contains("tags", V::S("z")), false},
      {"contains(nums, 2)", Condition::Contains("nums", V::N(2)), true},
      {"contains(bins, z)", Condition::Contains("bins", V::B("z")), true},
      {"contains(list, x)", Condition::Contains("list", V::S("x")), true},
      {"contains(list, 1)", Condition::Contains("list", V::N(1)), true},
      {"contains(list, 2)", Condition::Contains("list", V::N(2)), false},
      {"contains(s, path)", Condition::Contains("s", Path("map").Field("inner")), false},
      {"contains(tags, path status)", Condition::Contains("tags", Path("status")), false},
      // size().
      {"size(s) = 11", Condition::Equal(Size(Path("s")), V::N(11)), true},
      {"size(b) = 4", Condition::Equal(Size(Path("b")), V::N(4)), true},
      {"size(tags) = 3", Condition::Equal(Size(Path("tags")), V::N(3)), true},
      {"size(tags) > 3", Condition::Greater(Size(Path("tags")), V::N(3)), false},
      {"size(list) between 2 and 3", Condition::Between(Size(Path("list")), V::N(2), V::N(3)),
       true},
      {"size(map) = 2", Condition::Equal(Size(Path("map")), V::N(2)), true},
      {"size(name) < size(s)", Condition::Less(Size(Path("name")), Size(Path("s"))), true},
      {"size(missing) = 0", Condition::Equal(Size(Path("missing")), V::N(0)), false},
      // AND / OR / NOT and the operators.
      {"true AND true", Condition::And(Condition::Equal(Path("n"), five),
                                       Condition::AttributeExists("s")),
       true},
      {"true AND false", Condition::And(Condition::Equal(Path("n"), five),
                                        Condition::AttributeExists("missing")),
       false},
      {"false OR true", Condition::Or(Condition::Equal(Path("n"), V::N(6)),
                                      Condition::AttributeExists("s")),
       true},
      {"false OR false", Condition::Or(Condition::Equal(Path("n"), V::N(6)),
                                       Condition::AttributeExists("missing")),
       false},
      {"NOT false", Condition::Not(Condition::Equal(Path("n"), V::N(6))), true},
      {"NOT true", Condition::Not(Condition::Equal(Path("n"), five)), false},
      {"(a || b) && !c  (operators)",
       (Condition::Equal(Path("n"), V::N(6)) || Condition::BeginsWith("s", V::S("he"))) &&
           !Condition::AttributeExists("missing"),
       true},
      {"a && (b || !c)",
       Condition::Equal(Path("n"), five) &&
           (Condition::Equal(Path("n"), V::N(6)) || !Condition::Contains("s", V::S("hello"))),
       false},
      {"NOT (a AND b)",
       !(Condition::Equal(Path("n"), five) && Condition::Equal(Path("status"), V::S("active"))),
       false},
      {"NOT NOT a", !!Condition::Equal(Path("n"), five), true},
      {"vector And of many",
       Condition::And({Condition::AttributeExists("n"), Condition::AttributeExists("s"),
                       Condition::AttributeExists("tags"), Condition(),
                       Condition::AttributeExists("list")}),
       true},
      {"vector Or of many",
       Condition::Or({Condition::AttributeExists("x1"), Condition::AttributeExists("x2"),
                      Condition::AttributeExists("x3")}),
       false},
  };
  return cases;
}

TEST_F(DdbItemsTest, EveryConditionFormPassesAndFailsOnPut) {
  const Item subject = ConditionSubject();
  ASSERT_OK(Put(subject));
  for (const ConditionCase& c : ConditionCases()) {
    SCOPED_TRACE(c.label);
    // Rewriting the same item keeps the subject unchanged whatever the outcome.
    PutItemRequest request = PutRequest(subject, c.condition);
    request.return_item_on_condition_failure = true;
    Result<PutItemResponse> put = client().PutItem(request);
    if (c.passes) {
      EXPECT_TRUE(put.ok()) << put.error().ToString();
    } else {
      ASSERT_FALSE(put.ok());
      EXPECT_EQ(put.error().code(), errc::kConditionalCheckFailed) << put.error().ToString();
      ASSERT_TRUE(put.error().item().has_value()) << put.error().ToString();
      EXPECT_SAME_ITEMS(*put.error().item(), subject);
    }
  }
}

TEST_F(DdbItemsTest, FailedConditionsOnUpdateAndDeleteLeaveTheItemAndReturnItWhenAsked) {
  const Item subject = ConditionSubject();
  ASSERT_OK(Put(subject));
  const Condition failing = Condition::Equal(Path("status"), V::S("archived"));

  UpdateItemRequest update_request =
      UpdateRequest("cond", Update().Set("status", V::S("archived")), ReturnValues::kAllNew);
  update_request.condition = failing;
  update_request.return_item_on_condition_failure = true;
  Result<UpdateItemResponse> update = client().UpdateItem(update_request);
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.error().code(), errc::kConditionalCheckFailed);
  ASSERT_TRUE(update.error().item().has_value());
  EXPECT_SAME_ITEMS(*update.error().item(), subject);

  // Not asked for: no item.
  Result<DeleteItemResponse> del = client().DeleteItem(DeleteRequest("cond", failing));
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().code(), errc::kConditionalCheckFailed);
  EXPECT_FALSE(del.error().item().has_value());
  EXPECT_EQ(del.error().attempts(), 1) << "a failed condition is never retried";

  // A condition on a missing item: the old item is absent, so none comes back.
  UpdateItemRequest missing_request = UpdateRequest("no-such-item", Update().Set("x", V::N(1)));
  missing_request.condition = Condition::AttributeExists("pk");
  missing_request.return_item_on_condition_failure = true;
  Result<UpdateItemResponse> missing = client().UpdateItem(missing_request);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), errc::kConditionalCheckFailed);
  EXPECT_FALSE(missing.error().item().has_value());

  ASSERT_OK_AND_ASSIGN(std::optional<Item> after, Get("cond"));
  ASSERT_TRUE(after.has_value());
  EXPECT_SAME_ITEMS(*after, subject);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, Get("no-such-item"));
  EXPECT_FALSE(none.has_value());
}

TEST_F(DdbItemsTest, ConditionalCheckFailedReadsWell) {
  ASSERT_OK(Put({{"pk", V::S("readable")}}));
  Result<PutItemResponse> put = client().PutItem(
      PutRequest({{"pk", V::S("readable")}}, Condition::AttributeNotExists("pk")));
  ASSERT_FALSE(put.ok());
  const std::string text = put.error().ToString();
  EXPECT_EQ(put.error().operation(), "PutItem");
  EXPECT_EQ(put.error().table(), table_);
  EXPECT_EQ(put.error().http_status(), 400);
  EXPECT_FALSE(put.error().request_id().empty());
  EXPECT_NE(text.find(put.error().request_id()), std::string::npos) << text;
  EXPECT_NE(text.find("ConditionalCheckFailedException"), std::string::npos) << text;
  EXPECT_NE(text.find("PutItem " + table_), std::string::npos) << text;
  EXPECT_NE(text.find("conditional request failed"), std::string::npos) << text;
}

TEST_F(DdbItemsTest, MissingTableIsResourceNotFoundNamingOperationAndTable) {
  const std::string missing = UniqueTableName("never_created");
  GetItemRequest request = GetRequest("x");
  request.table_name = missing;
  Result<GetItemResponse> get = client().GetItem(request);
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.error().code(), errc::kResourceNotFound);
  const std::string text = get.error().ToString();
  EXPECT_NE(text.find("ResourceNotFoundException on GetItem " + missing), std::string::npos)
      << text;
}

TEST_F(DdbItemsTest, AttemptObserverSeesEachRealAttempt) {
  struct Seen {
    std::string operation;
    std::string table;
    int attempt;
    int http_status;
    std::string error_code;
  };
  std::mutex mutex;
  std::vector<Seen> seen;
  ClientOptions options = BaseOptions();
  options.endpoint += "/";  // a trailing slash is the same endpoint
  options.attempt_observer = [&](const AttemptInfo& info) {
    std::lock_guard lock(mutex);
    seen.push_back({std::string(info.operation), std::string(info.table), info.attempt,
                    info.http_status, std::string(info.error_code)});
  };
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Client> observed, Client::Create(options));
  ASSERT_OK(observed->PutItem(PutRequest({{"pk", V::S("seen")}})));
  Result<PutItemResponse> failed =
      observed->PutItem(PutRequest({{"pk", V::S("seen")}}, Condition::AttributeNotExists("pk")));
  ASSERT_FALSE(failed.ok());

  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].operation, "PutItem");
  EXPECT_EQ(seen[0].table, table_);
  EXPECT_EQ(seen[0].attempt, 1);
  EXPECT_EQ(seen[0].http_status, 200);
  EXPECT_EQ(seen[0].error_code, "");
  EXPECT_EQ(seen[1].attempt, 1);
  EXPECT_EQ(seen[1].http_status, 400);
  EXPECT_EQ(seen[1].error_code, errc::kConditionalCheckFailed);
}

// ---------------------------------------------------------------------------------------
// Updates
// ---------------------------------------------------------------------------------------

TEST_F(DdbItemsTest, EveryUpdateFormInOneRequestWithAllNew) {
  ASSERT_OK(Put({
      {"pk", V::S("upd")},
      {"name", V::S("old")},
      {"type", V::S("kept")},
      {"count", V::N(10)},
      {"position", V::N(7)},
      {"list", V::L({V::N(1), V::N(2)})},
      {"url", V::L({V::S("b")})},
      {"tags", V::SS({"a", "b"})},
      {"nums", V::NS({"1", "2", "3"})},
      {"bins", V::BS({"x"})},
      {"gone", V::S("bye")},
      {"user", V::M({{"keep", V::N(1)}, {"drop", V::N(2)}})},
      {"l2", V::L({V::S("a"), V::S("b"), V::S("c")})},
      {"ttl", V::N(100)},
  }));
  Update update = Update()
                      .Set("name", V::S("new"))
                      .Set(Path("user").Field("added"), V::M({{"z", V::Bool(false)}}))
                      .SetIfNotExists("created", V::N(1))
                      .SetIfNotExists("type", V::S("overwritten?"))
                      .Increment("count", V::N(5))
                      .Increment("fresh_counter", V::N(-3))
                      .IncrementExisting("position", V::N("-2.5"))
                      .AppendToList("list", V::L({V::N(3), V::S("four")}))
                      .PrependToList("url", V::L({V::S("a")}))
                      .PrependToList("new_list", V::L({V::N(0)}))
                      .Add("adds", V::N(4))
                      .Add("tags", V::SS({"c", "a"}))
                      .Add("bins", V::BS({"y"}))
                      .Add("ttl", V::N("0.5"))
                      .Remove("gone")
                      .Remove(Path("user").Field("drop"))
                      .Remove(Path("l2").Index(1))
                      .DeleteFromSet("nums", V::NS({"1", "3", "99"}));
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse response,
                       client().UpdateItem(UpdateRequest("upd", update, ReturnValues::kAllNew)));
  Item expected = {
      {"pk", V::S("upd")},
      {"name", V::S("new")},
      {"type", V::S("kept")},
      {"created", V::N(1)},
      {"count", V::N(15)},
      {"fresh_counter", V::N(-3)},
      {"position", V::N("4.5")},
      {"list", V::L({V::N(1), V::N(2), V::N(3), V::S("four")})},
      {"url", V::L({V::S("a"), V::S("b")})},
      {"new_list", V::L({V::N(0)})},
      {"adds", V::N(4)},
      {"tags", V::SS({"a", "b", "c"})},
      {"bins", V::BS({"x", "y"})},
      {"ttl", V::N("100.5")},
      {"user", V::M({{"keep", V::N(1)}, {"added", V::M({{"z", V::Bool(false)}})}})},
      {"l2", V::L({V::S("a"), V::S("c")})},
      {"nums", V::NS({"2"})},
  };
  ASSERT_TRUE(response.attributes.has_value());
  EXPECT_SAME_ITEMS(*response.attributes, expected);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> stored, Get("upd"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_SAME_ITEMS(*stored, expected);
}

TEST_F(DdbItemsTest, UpdateCreatesAMissingItem) {
  ASSERT_OK_AND_ASSIGN(
      UpdateItemResponse response,
      client().UpdateItem(UpdateRequest(
          "upsert",
          Update().Increment("visits", V::N(1)).AppendToList("log", V::L({V::S("first")})),
          ReturnValues::kAllNew)));
  ASSERT_TRUE(response.attributes.has_value());
  EXPECT_SAME_ITEMS(*response.attributes, (Item{{"pk", V::S("upsert")},
                                        {"visits", V::N(1)},
                                        {"log", V::L({V::S("first")})}}));
}

TEST_F(DdbItemsTest, EachReturnValuesOption) {
  ASSERT_OK(Put({{"pk", V::S("rv")}, {"name", V::S("a")}, {"count", V::N(1)},
                 {"other", V::S("untouched")}}));
  auto update = [&](ReturnValues rv, std::string name) {
    return client().UpdateItem(UpdateRequest(
        "rv", Update().Set("name", V::S(std::move(name))).Increment("count", V::N(1)), rv));
  };
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse none, update(ReturnValues::kNone, "b"));
  EXPECT_FALSE(none.attributes.has_value());

  ASSERT_OK_AND_ASSIGN(UpdateItemResponse updated_old, update(ReturnValues::kUpdatedOld, "c"));
  ASSERT_TRUE(updated_old.attributes.has_value());
  EXPECT_SAME_ITEMS(*updated_old.attributes, (Item{{"name", V::S("b")}, {"count", V::N(2)}}));

  ASSERT_OK_AND_ASSIGN(UpdateItemResponse updated_new, update(ReturnValues::kUpdatedNew, "d"));
  ASSERT_TRUE(updated_new.attributes.has_value());
  EXPECT_SAME_ITEMS(*updated_new.attributes, (Item{{"name", V::S("d")}, {"count", V::N(4)}}));

  ASSERT_OK_AND_ASSIGN(UpdateItemResponse all_old, update(ReturnValues::kAllOld, "e"));
  ASSERT_TRUE(all_old.attributes.has_value());
  EXPECT_SAME_ITEMS(*all_old.attributes, (Item{{"pk", V::S("rv")}, {"name", V::S("d")},
                                       {"count", V::N(4)}, {"other", V::S("untouched")}}));

  ASSERT_OK_AND_ASSIGN(UpdateItemResponse all_new, update(ReturnValues::kAllNew, "f"));
  ASSERT_TRUE(all_new.attributes.has_value());
  EXPECT_SAME_ITEMS(*all_new.attributes, (Item{{"pk", V::S("rv")}, {"name", V::S("f")},
                                       {"count", V::N(6)}, {"other", V::S("untouched")}}));

  // PutItem and DeleteItem: ALL_OLD, present only when an old item existed.
  PutItemRequest put_request = PutRequest({{"pk", V::S("rv2")}, {"v", V::N(1)}});
  put_request.return_values = ReturnValues::kAllOld;
  ASSERT_OK_AND_ASSIGN(PutItemResponse put_new, client().PutItem(put_request));
  EXPECT_FALSE(put_new.attributes.has_value());
  put_request.item["v"] = V::N(2);
  ASSERT_OK_AND_ASSIGN(PutItemResponse put_over, client().PutItem(put_request));
  ASSERT_TRUE(put_over.attributes.has_value());
  EXPECT_SAME_ITEMS(*put_over.attributes, (Item{{"pk", V::S("rv2")}, {"v", V::N(1)}}));
  DeleteItemRequest delete_request = DeleteRequest("rv2");
  delete_request.return_values = ReturnValues::kAllOld;
  ASSERT_OK_AND_ASSIGN(DeleteItemResponse deleted, client().DeleteItem(delete_request));
  ASSERT_TRUE(deleted.attributes.has_value());
  EXPECT_SAME_ITEMS(*deleted.attributes, (Item{{"pk", V::S("rv2")}, {"v", V::N(2)}}));
  ASSERT_OK_AND_ASSIGN(DeleteItemResponse deleted_again, client().DeleteItem(delete_request));
  EXPECT_FALSE(deleted_again.attributes.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> gone, Get("rv2"));
  EXPECT_FALSE(gone.has_value());
}

TEST_F(DdbItemsTest, IncrementExistingOnAMissingAttributeIsAValidationError) {
  ASSERT_OK(Put({{"pk", V::S("ie")}}));
  Result<UpdateItemResponse> response =
      client().UpdateItem(UpdateRequest("ie", Update().IncrementExisting("n", V::N(1))));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kValidation) << response.error().ToString();
  EXPECT_EQ(response.error().operation(), "UpdateItem");
}

TEST_F(DdbItemsTest, DeletingEverySetMemberRemovesTheAttribute) {
  ASSERT_OK(Put({{"pk", V::S("sets")}, {"tags", V::SS({"a", "b"})}, {"ns", V::NS({"1"})}}));
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse response,
                       client().UpdateItem(UpdateRequest(
                           "sets",
                           Update().DeleteFromSet("tags", V::SS({"a", "b"})).Add(
                               "ns", V::NS({"2", "1E-130"})),
                           ReturnValues::kAllNew)));
  ASSERT_TRUE(response.attributes.has_value());
  EXPECT_SAME_ITEMS(*response.attributes,
            (Item{{"pk", V::S("sets")}, {"ns", V::NS({"1", "2", "1E-130"})}}));
}

TEST_F(DdbItemsTest, ArithmeticOnExtremeNumbersIsExact) {
  ASSERT_OK(Put({{"pk", V::S("big")},
                 {"n", V::N("12345678901234567890123456789012345670")},
                 {"f", V::N("0.1")}}));
  ASSERT_OK_AND_ASSIGN(
      UpdateItemResponse response,
      client().UpdateItem(UpdateRequest(
          "big", Update().Increment("n", V::N(8)).Add("f", V::N("0.2")),
          ReturnValues::kUpdatedNew)));
  ASSERT_TRUE(response.attributes.has_value());
  EXPECT_SAME_ITEMS(*response.attributes, (Item{{"n", V::N("12345678901234567890123456789012345678")},
                                        {"f", V::N("0.3")}}));
}

}  // namespace
}  // namespace homeboard::ddb
