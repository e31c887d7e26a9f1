// ItemStore conformance, updates: every update form gives the exact item, decimal
// arithmetic, and arithmetic beyond DynamoDB's numbers.
// (The shared fixture, its tables and conventions: store_conformance.h.)
#include "store_conformance.h"

namespace homeboard::store {
namespace {

// --- Updates ---------------------------------------------------------------------------------

struct UpdateCase {
  std::string name;
  Update update;
  // The item after the update, from the base item; or the error code (item unchanged).
  std::function<void(Item&)> change;
  std::optional<Code> error;
};

std::vector<UpdateCase> UpdateCases() {
  auto list = [](Item& item) -> std::vector<V>& { return item["list"].MutableL(); };
  auto map = [](Item& item) -> Item& { return item["map"].MutableM(); };
  const Code kInvalid = Code::kInvalidArgument;
  std::
      vector<UpdateCase>
          cases =
              {
                  {"SET s",
                   Update().Set("s", V::S("new")),
                   [](Item& i) { i["s"] = V::S("new"); },
                   {}},
                  {"SET new attribute",
                   Update().Set("fresh", V::M({})),
                   [](Item& i) { i["fresh"] = V::M({}); },
                   {}},
                  {"SET replaces the type",
                   Update().Set("n", V::SS({"x"})),
                   [](Item& i) { i["n"] = V::SS({"x"}); },
                   {}},
                  {"SET map.inner.deep",
                   Update().Set(Path("map").Field("inner").Field("deep"), V::N(6)),
                   [&](Item& i) { map(i)["inner"].MutableM()["deep"] = V::N(6); },
                   {}},
                  {"SET map.added",
                   Update().Set(Path("map").Field("added"), V::S("x")),
                   [&](Item& i) { map(i)["added"] = V::S("x"); },
                   {}},
                  {"SET list[0]",
                   Update().Set(Path("list").Index(0), V::S("z")),
                   [&](Item& i) { list(i)[0] = V::S("z"); },
                   {}},
                  {"SET list[2].x",
                   Update().Set(Path("list").Index(2).Field("x"), V::N(1)),
                   [&](Item& i) { list(i)[2].MutableM()["x"] = V::N(1); },
                   {}},
                  {"SET list[10] appends",
                   Update().Set(Path("list").Index(10), V::S("end")),
                   [&](Item& i) { list(i).push_back(V::S("end")); },
                   {}},
                  {"SET zz.x (no parent)",
                   Update().Set(Path("zz").Field("x"), V::N(1)),
                   {},
                   kInvalid},
                  {"SET n.x (parent not a map)",
                   Update().Set(Path("n").Field("x"), V::N(1)),
                   {},
                   kInvalid},
                  {"SET s[0] (parent not a list)",
                   Update().Set(Path("s").Index(0), V::N(1)),
                   {},
                   kInvalid},
                  {"SET zz[0] (no list)", Update().Set(Path("zz").Index(0), V::N(1)), {}, kInvalid},
                  // if_not_exists.
                  {"SetIfNotExists present",
                   Update().SetIfNotExists("n", V::N(99)),
                   [](Item&) {},
                   {}},
                  {"SetIfNotExists absent",
                   Update().SetIfNotExists("zz", V::N(99)),
                   [](Item& i) { i["zz"] = V::N(99); },
                   {}},
                  {"SetIfNotExists nested absent",
                   Update().SetIfNotExists(Path("map").Field("new"), V::S("v")),
                   [&](Item& i) { map(i)["new"] = V::S("v"); },
                   {}},
                  // Arithmetic.
                  {"Increment present",
                   Update().Increment("n", V::N(5)),
                   [](Item& i) { i["n"] = V::N(15); },
                   {}},
                  {"Increment absent counts from 0",
                   Update().Increment("zz", V::N(5)),
                   [](Item& i) { i["zz"] = V::N(5); },
                   {}},
                  {"Increment to a negative result",
                   Update().Increment("n", V::N(-15)),
                   [](Item& i) { i["n"] = V::N(-5); },
                   {}},
                  {"Increment by a decimal",
                   Update().Increment("n", V::N("-10.5")),
                   [](Item& i) { i["n"] = V::N("-0.5"); },
                   {}},
                  {"Increment nested",
                   Update().Increment(Path("map").Field("inner").Field("deep"), V::N(1)),
                   [&](Item& i) { map(i)["inner"].MutableM()["deep"] = V::N(6); },
                   {}},
                  {"IncrementExisting present",
                   Update().IncrementExisting("n", V::N("0.25")),
                   [](Item& i) { i["n"] = V::N("10.25"); },
                   {}},
                  {"IncrementExisting absent",
                   Update().IncrementExisting("zz", V::N(1)),
                   {},
                   kInvalid},
                  {"Increment a string", Update().Increment("s", V::N(1)), {}, kInvalid},
                  {"Increment a list element",
                   Update().Increment(Path("list").Index(1), V::N(41)),
                   [&](Item& i) { list(i)[1] = V::N(42); },
                   {}},
                  // Lists.
                  {"AppendToList",
                   Update().AppendToList("list", V::L({V::S("d"), V::N(4)})),
                   [&](Item& i) {
                     list(i).push_back(V::S("d"));
                     list(i).push_back(V::N(4));
                   },
                   {}},
                  {"AppendToList absent",
                   Update().AppendToList("zz", V::L({V::N(1)})),
                   [](Item& i) { i["zz"] = V::L({V::N(1)}); },
                   {}},
                  {"PrependToList",
                   Update().PrependToList("list", V::L({V::S("first")})),
                   [&](Item& i) { list(i).insert(list(i).begin(), V::S("first")); },
                   {}},
                  {"PrependToList absent",
                   Update().PrependToList("zz", V::L({V::N(1), V::N(2)})),
                   [](Item& i) {
                     i["zz"] = V::L({V::N(1), V::N(2)});
                   },
                   {}},
                  {"AppendToList to a string",
                   Update().AppendToList("s", V::L({V::N(1)})),
                   {},
                   kInvalid},
                  {"AppendToList to a set",
                   Update().AppendToList("tags", V::L({V::S("x")})),
                   {},
                   kInvalid},
                  // ADD.
                  {"Add number",
                   Update().Add("n", V::N(3)),
                   [](Item& i) { i["n"] = V::N(13); },
                   {}},
                  {"Add negative number",
                   Update().Add("n", V::N(-13)),
                   [](Item& i) { i["n"] = V::N(-3); },
                   {}},
                  {"Add number to absent",
                   Update().Add("zz", V::N(2)),
                   [](Item& i) { i["zz"] = V::N(2); },
                   {}},
                  {"Add string set",
                   Update().Add("tags", V::SS({"blue", "red"})),
                   [](Item& i) { i["tags"] = V::SS({"red", "green", "blue"}); },
                   {}},
                  {"Add number set (by value)",
                   Update().Add("nums", V::NS({"4", "2.0"})),
                   [](Item& i) {
                     i["nums"] = V::NS({"1", "2", "3", "4"});
                   },
                   {}},
                  {"Add binary set",
                   Update().Add("bins", V::BS({Bytes({0x03}), Bytes({0x01})})),
                   [](Item& i) {
                     i["bins"] = V::BS({Bytes({0x01}), Bytes({0x02}), Bytes({0x03})});
                   },
                   {}},
                  {"Add set to absent",
                   Update().Add("zz", V::SS({"a"})),
                   [](Item& i) { i["zz"] = V::SS({"a"}); },
                   {}},
                  {"Add number to a string", Update().Add("s", V::N(1)), {}, kInvalid},
                  {"Add string set to a number set",
                   Update().Add("nums", V::SS({"x"})),
                   {},
                   kInvalid},
                  {"Add number to a set", Update().Add("tags", V::N(1)), {}, kInvalid},
                  {"Add set to a number", Update().Add("n", V::NS({"1"})), {}, kInvalid},
                  // REMOVE.
                  {"Remove attribute", Update().Remove("s"), [](Item& i) { i.erase("s"); }, {}},
                  {"Remove absent attribute", Update().Remove("zz"), [](Item&) {}, {}},
                  {"Remove list element shifts the rest",
                   Update().Remove(Path("list").Index(1)),
                   [&](Item& i) { list(i).erase(list(i).begin() + 1); },
                   {}},
                  {"Remove two list elements (indexes of the old list)",
                   Update().Remove(Path("list").Index(0)).Remove(Path("list").Index(2)),
                   [&](Item& i) { list(i) = {V::N(1)}; },
                   {}},
                  {"Remove list element past the end",
                   Update().Remove(Path("list").Index(9)),
                   [](Item&) {},
                   {}},
                  {"Remove map field",
                   Update().Remove(Path("map").Field("inner").Field("deep")),
                   [&](Item& i) { map(i)["inner"] = V::M({}); },
                   {}},
                  {"Remove map field of an absent map",
                   Update().Remove(Path("zz").Field("x")),
                   {},
                   kInvalid},
                  // DELETE from sets.
                  {"DeleteFromSet",
                   Update().DeleteFromSet("tags", V::SS({"red"})),
                   [](Item& i) { i["tags"] = V::SS({"green"}); },
                   {}},
                  {"DeleteFromSet of absent elements",
                   Update().DeleteFromSet("tags", V::SS({"blue"})),
                   [](Item&) {},
                   {}},
                  {"DeleteFromSet emptying removes the attribute",
                   Update().DeleteFromSet("tags", V::SS({"red", "green", "blue"})),
                   [](Item& i) { i.erase("tags"); },
                   {}},
                  {"DeleteFromSet numbers by value",
                   Update().DeleteFromSet("nums", V::NS({"2.0"})),
                   [](Item& i) {
                     i["nums"] = V::NS({"1", "3"});
                   },
                   {}},
                  {"DeleteFromSet binaries",
                   Update().DeleteFromSet("bins", V::BS({Bytes({0x01})})),
                   [](Item& i) { i["bins"] = V::BS({Bytes({0x02})}); },
                   {}},
                  {"DeleteFromSet of an absent attribute",
                   Update().DeleteFromSet("zz", V::SS({"a"})),
                   [](Item&) {},
                   {}},
                  // DELETE can never give an index key another type: on an absent index key
                  // it does nothing, as on any absent attribute.
                  {"DeleteFromSet of an absent index key",
                   Update().DeleteFromSet("owner", V::SS({"a"})),
                   [](Item&) {},
                   {}},
                  {"DeleteFromSet of another set type",
                   Update().DeleteFromSet("tags", V::NS({"1"})),
                   {},
                   kInvalid},
                  {"DeleteFromSet from a string",
                   Update().DeleteFromSet("s", V::SS({"x"})),
                   {},
                   kInvalid},
                  // Several actions at once.
                  {"SET, REMOVE, ADD and DELETE together",
                   Update()
                       .Set("s", V::S("multi"))
                       .Remove("flag")
                       .Add("n", V::N(1))
                       .DeleteFromSet("tags", V::SS({"red"}))
                       .AppendToList("list", V::L({V::Null()})),
                   [&](Item& i) {
                     i["s"] = V::S("multi");
                     i.erase("flag");
                     i["n"] = V::N(11);
                     i["tags"] = V::SS({"green"});
                     list(i).push_back(V::Null());
                   },
                   {}},
                  // Bad updates, refused whole.
                  {"SET a key attribute", Update().Set("pk", V::S("other")), {}, kInvalid},
                  {"REMOVE a key attribute",
                   Update().Set("ok", V::N(1)).Remove("sk"),
                   {},
                   kInvalid},
                  // An index key may not become another type than the index declares
                  // (DynamoDB: "Type mismatch for Index Key"). DynamoDB Local accepts such
                  // updates, so the DynamoDB engine checks them itself.
                  {"SET an index key of the wrong type",
                   Update().Set("owner", V::N(1)),
                   {},
                   kInvalid},
                  {"SET an index sort key of the wrong type",
                   Update().Set("rank", V::S("1")),
                   {},
                   kInvalid},
                  {"Increment an index string key",
                   Update().Increment("owner", V::N(1)),
                   {},
                   kInvalid},
                  // Not here: SetIfNotExists("owner", 1) on an item without an owner. DynamoDB
                  // and the SQLite engine refuse it, but DynamoDB Local stores it, and the
                  // DynamoDB engine cannot know before sending whether the attribute exists.
                  {"SET an index key of the right type",
                   Update().Set("rank", V::N(3)),
                   [](Item& i) { i["rank"] = V::N(3); },
                   {}},
                  {"SET an index key to an empty string",
                   Update().Set("tag", V::S("")),
                   {},
                   kInvalid},
                  {"SET an empty set", Update().Set("e", V::SS({})), {}, kInvalid},
                  {"Add an empty set", Update().Add("tags", V::SS({})), {}, kInvalid},
                  {"SET an invalid number", Update().Set("e", V::N("1e400")), {}, kInvalid},
                  {"overlapping paths",
                   Update().Set("map", V::M({})).Remove(Path("map").Field("word")),
                   {},
                   kInvalid},
              };
  return cases;
}

TEST_P(StoreConformance, EveryUpdateFormGivesTheExactItem) {
  const Item key = Key("upd", "1");
  const Item base = ConditionBase(key);
  for (const UpdateCase& c : UpdateCases()) {
    SCOPED_TRACE(c.name);
    ASSERT_OK(PutItem(items_, base));
    Result<Item> updated =
        store().Update(UpdateRequest{.table = items_.name, .key = key, .update = c.update});
    if (c.error) {
      EXPECT_CODE(updated, *c.error);
      EXPECT_SAME_ITEMS(Read(items_, key), base);
    } else {
      Item expected = base;
      c.change(expected);
      ASSERT_TRUE(updated.ok()) << updated.error().ToString();
      EXPECT_SAME_ITEMS(*updated, expected);
      EXPECT_SAME_ITEMS(Read(items_, key), expected);
    }
  }
}

TEST_P(StoreConformance, DecimalArithmeticIsExact) {
  const Item key = Key("math", "1");
  auto apply = [&](Update update) -> Result<Item> {
    return store().Update(
        UpdateRequest{.table = items_.name, .key = key, .update = std::move(update)});
  };
  ASSERT_OK(apply(Update().Set("n", V::N("0.1"))));
  ASSERT_OK_AND_ASSIGN(Item sum, apply(Update().Increment("n", V::N("0.2"))));
  EXPECT_EQ(Normalized(sum.at("n")), Normalized(V::N("0.3")));
  ASSERT_OK_AND_ASSIGN(sum, apply(Update().Add("n", V::N("-0.3"))));
  EXPECT_EQ(Normalized(sum.at("n")), Normalized(V::N("0")));
  // 38 significant digits are kept exactly.
  ASSERT_OK(apply(Update().Set("n", V::N("12345678901234567890123456789012345678"))));
  ASSERT_OK_AND_ASSIGN(sum, apply(Update().Increment("n", V::N(1))));
  EXPECT_EQ(Normalized(sum.at("n")), Normalized(V::N("12345678901234567890123456789012345679")));
  ASSERT_OK(apply(Update().Set("n", V::N("0.000000000000000000000000000000000001"))));
  ASSERT_OK_AND_ASSIGN(
      sum, apply(Update().Increment("n", V::N("-0.000000000000000000000000000000000002"))));
  EXPECT_EQ(Normalized(sum.at("n")), Normalized(V::N("-0.000000000000000000000000000000000001")));
}

TEST_P(StoreConformance, ArithmeticBeyondDynamoDbNumbersFails) {
  const Item key = Key("math", "2");
  auto apply = [&](Update update) -> Result<Item> {
    return store().Update(
        UpdateRequest{.table = items_.name, .key = key, .update = std::move(update)});
  };
  // 38 nines plus 1 is 1E+38: one significant digit, within range, so DynamoDB accepts it.
  ASSERT_OK(apply(Update().Set("n", V::N("99999999999999999999999999999999999999"))));
  ASSERT_OK_AND_ASSIGN(Item big, apply(Update().Increment("n", V::N(1))));
  EXPECT_EQ(Normalized(big.at("n")), Normalized(V::N("1E+38")));
  // A result needing 39 significant digits is refused, and nothing changes.
  ASSERT_OK(apply(Update().Set("n", V::N("99999999999999999999999999999999999999"))));
  EXPECT_CODE(apply(Update().Increment("n", V::N("0.1"))), Code::kInvalidArgument);
  EXPECT_EQ(Normalized(Read(items_, key).at("n")),
            Normalized(V::N("99999999999999999999999999999999999999")));
  // So is a result past the largest magnitude (9.99...E+125).
  ASSERT_OK(apply(Update().Set("n", V::N("9.9E+125"))));
  EXPECT_CODE(apply(Update().Add("n", V::N("1E+125"))), Code::kInvalidArgument);
  EXPECT_CODE(apply(Update().Increment("n", V::N("1E+125"))), Code::kInvalidArgument);
  EXPECT_EQ(Normalized(Read(items_, key).at("n")), Normalized(V::N("9.9E+125")));
  ASSERT_OK(apply(Update().Set("n", V::N("-9.9E+125"))));
  EXPECT_CODE(apply(Update().Increment("n", V::N("-1E+125"))), Code::kInvalidArgument);
}

HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE();

}  // namespace
}  // namespace homeboard::store
