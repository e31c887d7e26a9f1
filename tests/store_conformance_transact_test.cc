// ItemStore conformance, transactions: every action kind, failing conditions, two
// actions on one item, the 100-action limit and bad actions.
// (The shared fixture, its tables and conventions: store_conformance.h.)
#include "store_conformance.h"

namespace homeboard::store {
namespace {

// =========================================================================================
// Transactions
// =========================================================================================

TEST_P(StoreConformance, TransactCommitsEveryActionKind) {
  ASSERT_OK(PutItem(items_, With(Key("tx", "update"), "n", V::N(1))));
  ASSERT_OK(PutItem(items_, Key("tx", "delete")));
  ASSERT_OK(PutItem(simple_, {{"id", V::S("check")}, {"ok", V::Bool(true)}}));
  using K = TransactAction::Kind;
  ASSERT_OK(store().Transact({
      TransactAction{.kind = K::kPut,
                     .table = items_.name,
                     .item = With(Key("tx", "put"), "a", V::S("x")),
                     .condition = Condition::AttributeNotExists("pk")},
      TransactAction{.kind = K::kUpdate,
                     .table = items_.name,
                     .item = Key("tx", "update"),
                     .update = Update().Increment("n", V::N(1)).Set("b", V::S("y")),
                     .condition = Condition::Equal(Path("n"), V::N(1))},
      TransactAction{.kind = K::kDelete,
                     .table = items_.name,
                     .item = Key("tx", "delete"),
                     .condition = Condition::AttributeExists("pk")},
      TransactAction{.kind = K::kConditionCheck,
                     .table = simple_.name,
                     .item = {{"id", V::S("check")}},
                     .condition = Condition::Equal(Path("ok"), V::Bool(true))},
      TransactAction{.kind = K::kUpdate,
                     .table = items_.name,
                     .item = Key("tx", "upsert"),
                     .update = Update().Add("c", V::N(5))},
  }));
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "put")), With(Key("tx", "put"), "a", V::S("x")));
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "update")),
                    With(With(Key("tx", "update"), "n", V::N(2)), "b", V::S("y")));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> deleted, GetItem(items_, Key("tx", "delete")));
  EXPECT_FALSE(deleted.has_value());
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "upsert")), With(Key("tx", "upsert"), "c", V::N(5)));
  EXPECT_SAME_ITEMS(Read(simple_, {{"id", V::S("check")}}),
                    (Item{{"id", V::S("check")}, {"ok", V::Bool(true)}}));
}

TEST_P(StoreConformance, TransactWithAFailingConditionAppliesNothing) {
  ASSERT_OK(PutItem(items_, With(Key("tx", "a"), "n", V::N(1))));
  ASSERT_OK(PutItem(items_, Key("tx", "b")));
  ASSERT_OK(PutItem(simple_, {{"id", V::S("flag")}, {"ok", V::Bool(false)}}));
  using K = TransactAction::Kind;
  std::vector<TransactAction> actions = {
      TransactAction{.kind = K::kPut, .table = items_.name, .item = Key("tx", "new")},
      TransactAction{.kind = K::kUpdate,
                     .table = items_.name,
                     .item = Key("tx", "a"),
                     .update = Update().Increment("n", V::N(1))},
      TransactAction{.kind = K::kConditionCheck,
                     .table = simple_.name,
                     .item = {{"id", V::S("flag")}},
                     .condition = Condition::Equal(Path("ok"), V::Bool(true))},
      TransactAction{.kind = K::kDelete, .table = items_.name, .item = Key("tx", "b")},
  };
  Status status = store().Transact(actions);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(CodeName(status.error().code), CodeName(Code::kConditionFailed))
      << status.error().ToString();
  EXPECT_EQ(status.error().failed_action, std::optional<std::size_t>(2));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("tx", "new")));
  EXPECT_FALSE(none.has_value());
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "a")), With(Key("tx", "a"), "n", V::N(1)));
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "b")), Key("tx", "b"));

  // A failing put condition at index 0 and a condition check on an absent item.
  actions[2].condition = {};
  actions[2].kind = K::kConditionCheck;
  actions[2].condition = Condition::AttributeExists("id");
  actions[0].condition = Condition::AttributeExists("pk");
  status = store().Transact(actions);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(CodeName(status.error().code), CodeName(Code::kConditionFailed));
  EXPECT_EQ(status.error().failed_action, std::optional<std::size_t>(0));
  actions[0].condition = {};
  actions[3].condition = Condition::Equal(Path("n"), V::N(1));  // b has no n
  status = store().Transact(actions);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().failed_action, std::optional<std::size_t>(3));
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "a")), With(Key("tx", "a"), "n", V::N(1)));
}

TEST_P(StoreConformance, TransactRefusesTwoActionsOnOneItem) {
  using K = TransactAction::Kind;
  EXPECT_CODE(store().Transact({
                  TransactAction{.kind = K::kPut, .table = items_.name, .item = Key("tx", "same")},
                  TransactAction{.kind = K::kConditionCheck,
                                 .table = items_.name,
                                 .item = Key("tx", "same"),
                                 .condition = Condition::AttributeNotExists("pk")},
              }),
              Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("tx", "same")));
  EXPECT_FALSE(none.has_value());
  // The same key in two tables is two items.
  ASSERT_OK(store().Transact({
      TransactAction{.kind = K::kPut, .table = simple_.name, .item = {{"id", V::S("same")}}},
      TransactAction{.kind = K::kPut, .table = items_.name, .item = Key("same", "same")},
  }));
}

TEST_P(StoreConformance, TransactAllowsAHundredActionsAndNoMore) {
  std::vector<TransactAction> actions;
  for (std::size_t i = 0; i < kMaxTransactActions; ++i) {
    actions.push_back(
        TransactAction{.table = items_.name, .item = Key("tx100", std::to_string(i))});
  }
  ASSERT_OK(store().Transact(actions));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("tx100", 1000)));
  EXPECT_EQ(found.size(), kMaxTransactActions);
  actions.push_back(TransactAction{.table = items_.name, .item = Key("tx101", "extra")});
  EXPECT_CODE(store().Transact(actions), Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("tx101", "extra")));
  EXPECT_FALSE(none.has_value());
}

TEST_P(StoreConformance, TransactRefusesBadActions) {
  using K = TransactAction::Kind;
  std::vector<std::pair<std::string, TransactAction>> bad = {
      {"update of a key attribute", TransactAction{.kind = K::kUpdate,
                                                   .table = items_.name,
                                                   .item = Key("tx", "k"),
                                                   .update = Update().Set("sk", V::S("x"))}},
      {"put without its key", TransactAction{.table = items_.name, .item = {{"pk", V::S("tx")}}}},
      {"empty set",
       TransactAction{.table = items_.name, .item = With(Key("tx", "k"), "e", V::SS({}))}},
  };
  for (const auto& [name, action] : bad) {
    SCOPED_TRACE(name);
    EXPECT_CODE(
        store().Transact({TransactAction{.table = items_.name, .item = Key("tx", "ok")}, action}),
        Code::kInvalidArgument);
    ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("tx", "ok")));
    EXPECT_FALSE(none.has_value());
  }
}

HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE();

}  // namespace
}  // namespace homeboard::store
