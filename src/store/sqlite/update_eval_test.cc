// Tests of update application: every action in one update (the case of
// tests/ddb_items_test.cc, which DynamoDB Local applies the same way), list indexes naming
// positions before the update, nested paths, the errors DynamoDB raises, exact arithmetic and
// set semantics.
#include "store/sqlite/update_eval.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace homeboard::store::sqlite {
namespace {

using V = AttributeValue;
using ddb::Path;

Item Apply(const Update& update, Item item) {
  EXPECT_TRUE(ValidateUpdate(update).ok());
  Result<Item> result = ApplyUpdate(update, std::move(item));
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  return result.ok() ? *result : Item();
}

// The message of the error applying `update` to `item` gives, or "" if it succeeds.
std::string ErrorOf(const Update& update, Item item) {
  EXPECT_TRUE(ValidateUpdate(update).ok());
  Result<Item> result = ApplyUpdate(update, std::move(item));
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, Error::Code::kInvalidArgument);
  return result.error().message;
}

bool Mentions(const std::string& message, std::string_view text) {
  return message.find(text) != std::string::npos;
}

TEST(ApplyUpdate, EveryFormInOneUpdate) {
  Item item = {
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
  };
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
  EXPECT_EQ(Apply(update, item), expected);
}

TEST(ApplyUpdate, DeepDocumentPaths) {
  Item item = {{"pk", V::S("doc")},
               {"doc", V::M({{"a", V::L({V::M({{"b.c", V::L({V::N(0), V::N(1), V::N(2)})}})})},
                             {"name", V::M({{"first", V::S("Ada")}})}})}};
  const Path list = Path("doc").Field("a").Index(0).Field("b.c");
  Item updated = Apply(Update()
                           .Set(list.Index(1), V::S("one"))
                           .Set(list.Index(99), V::S("appended"))  // past the end: appends
                           .Remove(list.Index(0))
                           .Set(Path("doc").Field("name").Field("last"), V::S("Lovelace"))
                           .Increment(Path("doc").Field("counter"), V::N(1)),
                       item);
  EXPECT_EQ(updated.at("doc"),
            V::M({{"a", V::L({V::M({{"b.c", V::L({V::S("one"), V::N(2), V::S("appended")})}})})},
                  {"name", V::M({{"first", V::S("Ada")}, {"last", V::S("Lovelace")}})},
                  {"counter", V::N(1)}}));
}

TEST(ApplyUpdate, ListIndexesNamePositionsBeforeTheUpdate) {
  Item item = {{"a", V::L({V::N(2), V::N(3), V::N(4), V::N(5), V::N(6), V::N(7)})}};
  Item expected = {{"a", V::L({V::N(2), V::N(4), V::N(17), V::N(6), V::N(7)})}};
  EXPECT_EQ(Apply(Update().Remove(Path("a").Index(1)).Set(Path("a").Index(3), V::N(17)), item),
            expected);
  EXPECT_EQ(Apply(Update().Set(Path("a").Index(3), V::N(17)).Remove(Path("a").Index(1)), item),
            expected);
  // Two removals remove the two elements they name.
  EXPECT_EQ(Apply(Update().Remove(Path("a").Index(1)).Remove(Path("a").Index(2)), item),
            (Item{{"a", V::L({V::N(2), V::N(5), V::N(6), V::N(7)})}}));
}

TEST(ApplyUpdate, SeveralAppendsLandInIndexOrder) {
  Item item = {{"a", V::L({V::S("one"), V::S("two"), V::S("three"), V::S("hello")})}};
  Item updated = Apply(Update()
                           .Set(Path("a").Index(84), V::S("a1"))
                           .Set(Path("a").Index(37), V::S("a2"))
                           .Set(Path("a").Index(17), V::S("a3"))
                           .Set(Path("a").Index(50), V::S("a4")),
                       item);
  EXPECT_EQ(updated.at("a"), V::L({V::S("one"), V::S("two"), V::S("three"), V::S("hello"),
                                   V::S("a3"), V::S("a2"), V::S("a4"), V::S("a1")}));
}

TEST(ApplyUpdate, RemovalsInsideListsThatAlsoShrink) {
  Item item = {{"a", V::L({V::S("x"), V::S("y"), V::M({{"b", V::L({V::N(1), V::N(2)})}})})},
               {"c", V::M({{"d", V::L({V::S("hi"), V::M({{"q", V::N(2)}, {"y", V::N(3)}})})}})}};
  Item updated = Apply(Update()
                           .Remove(Path("a").Index(0))
                           .Remove(Path("a").Index(2).Field("b").Index(0))
                           .Remove(Path("c").Field("d").Index(1).Field("q")),
                       item);
  EXPECT_EQ(updated.at("a"), V::L({V::S("y"), V::M({{"b", V::L({V::N(2)})}})}));
  EXPECT_EQ(updated.at("c"), V::M({{"d", V::L({V::S("hi"), V::M({{"y", V::N(3)}})})}}));
}

TEST(ApplyUpdate, RemovingWhatIsNotThereDoesNothing) {
  Item item = {{"a", V::M({{"x", V::N(3)}})}, {"b", V::L({V::S("hi")})}};
  EXPECT_EQ(
      Apply(Update().Remove(Path("a").Field("y")).Remove(Path("b").Index(7)).Remove("c"), item),
      item);
  // Removing the last member of a map or list leaves it empty.
  EXPECT_EQ(Apply(Update().Remove(Path("a").Field("x")).Remove(Path("b").Index(0)), item),
            (Item{{"a", V::M({})}, {"b", V::L({})}}));
}

TEST(ApplyUpdate, InvalidDocumentPaths) {
  Item item = {{"a", V::S("hello")}, {"b", V::L({V::S("hi")})}, {"m", V::M({})}};
  for (const Update& update :
       {Update().Set(Path("a").Field("c"), V::N(7)), Update().Set(Path("b").Field("c"), V::N(7)),
        Update().Set(Path("c").Field("c"), V::N(7)), Update().Set(Path("a").Index(0), V::N(7)),
        Update().Set(Path("m").Index(0), V::N(7)), Update().Set(Path("c").Index(0), V::N(7)),
        Update().Set(Path("b").Index(3).Field("x"), V::N(7)), Update().Remove(Path("a").Field("c")),
        Update().Remove(Path("c").Field("c")), Update().Remove(Path("a").Index(0)),
        Update().Increment(Path("c").Field("n"), V::N(1)),
        Update().Add(Path("c").Field("n"), V::N(1))}) {
    EXPECT_TRUE(Mentions(ErrorOf(update, item),
                         "document path provided in the update expression "
                         "is invalid for update"));
  }
  // An item that does not exist (just its key) is no different, for REMOVE too (as on
  // DynamoDB Local).
  Item key = {{"pk", V::S("k")}};
  EXPECT_TRUE(
      Mentions(ErrorOf(Update().Set(Path("c").Field("c"), V::N(7)), key), "invalid for update"));
  EXPECT_TRUE(Mentions(ErrorOf(Update().Remove(Path("c").Field("c")), key), "invalid for update"));
  EXPECT_EQ(Apply(Update().Remove("c"), key), key);
}

TEST(ApplyUpdate, TypeErrors) {
  Item item = {{"s", V::S("x")}, {"ss", V::SS({"a"})}, {"l", V::L({})}, {"n", V::N(1)}};
  constexpr std::string_view kWrongType = "incorrect data type";
  EXPECT_TRUE(Mentions(ErrorOf(Update().Increment("s", V::N(1)), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().IncrementExisting("s", V::N(1)), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().Add("s", V::N(1)), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().Add("ss", V::NS({"1"})), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().Add("n", V::SS({"1"})), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().Add("l", V::SS({"1"})), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().DeleteFromSet("s", V::SS({"x"})), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().DeleteFromSet("ss", V::BS({"a"})), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().AppendToList("s", V::L({})), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().PrependToList("ss", V::L({})), item), kWrongType));
  EXPECT_TRUE(Mentions(ErrorOf(Update().IncrementExisting("missing", V::N(1)), item),
                       "refers to an attribute that does not exist"));
  EXPECT_TRUE(Mentions(ErrorOf(Update().IncrementExisting("missing", V::N(1)), {}),
                       "refers to an attribute that does not exist"));
}

TEST(ApplyUpdate, ArithmeticIsExactAndBounded) {
  Item item = {{"n", V::N("12345678901234567890123456789012345670")},
               {"f", V::N("0.1")},
               {"huge", V::N("9.9E+125")}};
  Item updated = Apply(Update().Increment("n", V::N(8)).Add("f", V::N("0.2")), item);
  EXPECT_EQ(updated.at("n"), V::N("12345678901234567890123456789012345678"));
  EXPECT_EQ(updated.at("f"), V::N("0.3"));
  EXPECT_EQ(Apply(Update().Increment("f", V::N("-0.6")), item).at("f"), V::N("-0.5"));
  EXPECT_TRUE(Mentions(ErrorOf(Update().Increment("n", V::N("0.5")), item), "38"));
  EXPECT_TRUE(Mentions(ErrorOf(Update().Add("huge", V::N("1E+125")), item), "overflow"));
}

TEST(ApplyUpdate, SetSemantics) {
  Item item = {{"ns", V::NS({"1", "2"})}, {"ss", V::SS({"a", "b"})}};
  // Numerically equal members are one member.
  EXPECT_EQ(Apply(Update().Add("ns", V::NS({"1.0", "3"})), item).at("ns"), V::NS({"1", "2", "3"}));
  EXPECT_EQ(Apply(Update().DeleteFromSet("ns", V::NS({"2.00"})), item).at("ns"), V::NS({"1"}));
  // Deleting every member removes the attribute; deleting from nothing does nothing.
  Item emptied = Apply(Update().DeleteFromSet("ss", V::SS({"a", "b", "z"})), item);
  EXPECT_EQ(emptied.count("ss"), 0u);
  EXPECT_EQ(Apply(Update().DeleteFromSet("missing", V::SS({"a"})), item), item);
  EXPECT_EQ(Apply(Update().Add("new", V::BS({"x"})), item).at("new"), V::BS({"x"}));
}

TEST(ApplyUpdate, SetIfNotExistsKeepsWhatIsThere) {
  Item item = {{"a", V::N(1)}, {"m", V::M({{"x", V::S("old")}})}};
  Item updated = Apply(Update()
                           .SetIfNotExists("a", V::N(2))
                           .SetIfNotExists("b", V::N(3))
                           .SetIfNotExists(Path("m").Field("x"), V::S("new"))
                           .SetIfNotExists(Path("m").Field("y"), V::S("new")),
                       item);
  EXPECT_EQ(updated, (Item{{"a", V::N(1)},
                           {"b", V::N(3)},
                           {"m", V::M({{"x", V::S("old")}, {"y", V::S("new")}})}}));
}

TEST(ApplyUpdate, NumbersComeOutInDynamoDbSpelling) {
  Item updated =
      Apply(Update().Set("n", V::N("1.50")).Set("l", V::L({V::N("0.10")})), {{"k", V::N("007")}});
  EXPECT_EQ(updated.at("n").AsN(), "1.5");
  EXPECT_EQ(updated.at("l").AsL()[0].AsN(), "0.1");
  EXPECT_EQ(updated.at("k").AsN(), "7");
}

TEST(ValidateUpdate, RefusesWhatDynamoDbRefuses) {
  for (const Update& update :
       {Update(), Update().Set("a", V::N(1)).Set(Path("a").Field("b"), V::N(2)),
        Update().Set(Path("a").Field("b"), V::N(1)).Remove(Path("a").Index(0)),
        Update().Set("a", V::SS({})), Update().Set("a", V::N("1e999")),
        Update().Set("a", V::NS({"1", "1.0"})), Update().Increment("a", V::S("1")),
        Update().AppendToList("a", V::N(1)), Update().Add("a", V::S("x")),
        Update().DeleteFromSet("a", V::L({}))}) {
    Status status = ValidateUpdate(update);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Error::Code::kInvalidArgument);
  }
}

TEST(CheckIndexKeyUpdates, RefusesUpdatesThatGiveAnIndexKeyTheWrongType) {
  TableSpec spec{
      .name = "t",
      .partition_key = {"pk", KeyType::kString},
      .global_secondary_indexes = {IndexSpec{.name = "ByOwner",
                                             .partition_key = {"owner", KeyType::kString},
                                             .sort_key = KeyAttribute{"rank", KeyType::kNumber}}}};
  EXPECT_OK(
      CheckIndexKeyUpdates(spec, Update().Set("owner", V::S("ada")).Increment("rank", V::N(1))));
  EXPECT_OK(CheckIndexKeyUpdates(spec, Update().Remove("owner").SetIfNotExists("rank", V::S("x"))));
  EXPECT_OK(CheckIndexKeyUpdates(spec, Update().Set(Path("owner").Index(0), V::N(1))));
  EXPECT_OK(CheckIndexKeyUpdates(spec, Update().DeleteFromSet("owner", V::SS({"x"}))));
  for (const Update& update :
       {Update().Set("owner", V::N(1)), Update().Set("owner", V::S("")),
        Update().Increment("owner", V::N(1)), Update().Set("rank", V::S("1")),
        Update().AppendToList("rank", V::L({})), Update().Add("rank", V::NS({"1"}))}) {
    Status status = CheckIndexKeyUpdates(spec, update);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Error::Code::kInvalidArgument);
  }
}

}  // namespace
}  // namespace homeboard::store::sqlite
