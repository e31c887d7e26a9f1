// Differential test of the two ItemStore engines: the same requests, applied to a SQLite
// store and a DynamoDB store (on DynamoDB Local) in lockstep, must give the same answers.
//
// RandomOperationsAgree draws thousands of operations from a seeded generator over a small
// vocabulary of keys, attributes, conditions and updates (so conditions often hold and
// often fail, keys collide, sets empty out, GSI keys come and go): puts, updates and deletes
// with random conditions, gets, queries on the table and its GSIs (projecting ALL, INCLUDE
// and KEYS_ONLY) with random sort-key conditions, filters, directions and limits (drained
// through their cursors), batch gets
// and writes (sometimes with duplicates), and transactions (sometimes with a failing
// condition or two actions on one item). Every answer is compared: items, error codes,
// failed_action, the drained item lists of queries. At the end, and after every
// divergence (which is recorded and then repaired by copying the SQLite contents over, so
// one run finds several), the whole contents of both stores are compared.
//
// What is compared, and what not:
//   - numbers by value (Normalized()): DynamoDB Local keeps a number's spelling ("1.50")
//     and answers 1.5 + 1.5 = "3.0", where DynamoDB and the SQLite engine say "1.5", "3";
//   - sets as sets (members sorted): neither engine keeps their order;
//   - items with equal GSI sort keys as a set: their order is the engine's (ItemStore::Query);
//   - error codes and failed_action, not messages;
//   - query results as drained item lists, not page boundaries or cursor strings.
// The generator leaves out one thing DynamoDB Local does differently from DynamoDB, where the
// engines cannot agree: SetIfNotExists of an absent GSI key with a value of another type
// (DynamoDB Local stores it; DynamoDB and the SQLite engine refuse it; the DynamoDB engine
// cannot know before sending that the attribute is absent). Where the SQLite engine follows
// DynamoDB Local rather than DynamoDB (an update of an absent item that only removes
// attributes creates it), EdgeCasesAgree pins the agreement.
//
// EdgeCasesAgree runs fixed requests the contract leaves to DynamoDB's rules (limits, error
// precedence, paths below missing parents, cursors used elsewhere) on both engines.
//
// HOMEBOARD_STORE_DIFF_SEED and HOMEBOARD_STORE_DIFF_OPS override the seed and the number of
// operations; a failure prints the seed and, per divergence, the operation, the items it
// touched as they were before, and both answers. HOMEBOARD_STORE_DIFF_VERBOSE=1 prints every
// comparison.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ddb_test_util.h"
#include "store/item_store.h"
#include "store/request_checks.h"
#include "store_test_engines.h"
#include "testing/status_matchers.h"

namespace homeboard::store {
namespace {

using ddb::Path;
using ddb::Size;
using ::homeboard::testing::DebugString;
using ::homeboard::testing::Engine;
using ::homeboard::testing::MakeStore;
using ::homeboard::testing::Normalized;
using ::homeboard::testing::UniqueTablePrefix;
using V = AttributeValue;

constexpr std::uint64_t kDefaultSeed = 20261125;
constexpr int kDefaultOperations = 3000;
// Divergences recorded in full before the run stops.
constexpr int kMaxDivergences = 12;

// --- Readable forms of requests, for divergence reports -------------------------------------

std::string Describe(const Path& path) {
  std::string out;
  for (const Path::Segment& segment : path.segments()) {
    if (segment.is_index) {
      out += "[" + std::to_string(segment.index) + "]";
    } else {
      out += (out.empty() ? "" : ".") + segment.name;
    }
  }
  return out;
}

std::string Describe(const ddb::Operand& operand) {
  if (const Path* path = operand.path()) return Describe(*path);
  if (const Size* size = operand.size()) return "size(" + Describe(size->path()) + ")";
  return DebugString(*operand.value());
}

std::string Describe(const Condition& condition) {
  using Kind = Condition::Kind;
  if (condition.empty()) return "<none>";
  const auto& ops = condition.operands();
  auto join = [&](const std::string& separator) {
    std::string out;
    for (const Condition& child : condition.children()) {
      out += (out.empty() ? "" : separator) + Describe(child);
    }
    return "(" + out + ")";
  };
  switch (condition.kind()) {
    case Kind::kEmpty:
      return "<none>";
    case Kind::kComparison: {
      static const char* const kNames[] = {"=", "<>", "<", "<=", ">", ">="};
      return Describe(ops[0]) + " " + kNames[static_cast<int>(condition.comparator())] + " " +
             Describe(ops[1]);
    }
    case Kind::kBetween:
      return Describe(ops[0]) + " BETWEEN " + Describe(ops[1]) + " AND " + Describe(ops[2]);
    case Kind::kIn: {
      std::string out = Describe(ops[0]) + " IN (";
      for (std::size_t i = 1; i < ops.size(); ++i) out += (i > 1 ? ", " : "") + Describe(ops[i]);
      return out + ")";
    }
    case Kind::kAttributeExists:
      return "attribute_exists(" + Describe(ops[0]) + ")";
    case Kind::kAttributeNotExists:
      return "attribute_not_exists(" + Describe(ops[0]) + ")";
    case Kind::kAttributeType:
      return "attribute_type(" + Describe(ops[0]) + ", " + Describe(ops[1]) + ")";
    case Kind::kBeginsWith:
      return "begins_with(" + Describe(ops[0]) + ", " + Describe(ops[1]) + ")";
    case Kind::kContains:
      return "contains(" + Describe(ops[0]) + ", " + Describe(ops[1]) + ")";
    case Kind::kAnd:
      return join(" AND ");
    case Kind::kOr:
      return join(" OR ");
    case Kind::kNot:
      return "NOT " + Describe(condition.children()[0]);
  }
  return "?";
}

std::string Describe(const Update& update) {
  static const char* const kNames[] = {
      "Set", "SetIfNotExists", "Increment",    "IncrementExisting", "AppendToList", "PrependToList",
      "Add", "Remove",         "DeleteFromSet"};
  std::string out;
  for (const Update::Action& action : update.actions()) {
    out += (out.empty() ? "" : ", ") + std::string(kNames[static_cast<int>(action.kind)]) + "(" +
           Describe(action.path);
    if (action.kind != Update::ActionKind::kRemove) out += ", " + DebugString(action.value);
    out += ")";
  }
  return out;
}

std::string Describe(const KeyCondition& key) {
  static const char* const kNames[] = {"", "=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"};
  std::string out = key.partition_name() + " = " + DebugString(key.partition_value());
  if (key.sort_op() != KeyCondition::SortOp::kNone) {
    out += " AND " + key.sort_name() + " " + kNames[static_cast<int>(key.sort_op())];
    for (const V& value : key.sort_values()) out += " " + DebugString(value);
  }
  return out;
}

// --- Comparable answers ---------------------------------------------------------------------

std::string ErrorText(const Error& error) {
  std::string text = "error " + std::string(CodeName(error.code));
  if (error.failed_action) text += " at action " + std::to_string(*error.failed_action);
  return text;
}

template <typename T>
std::string Outcome(const Result<T>& result, const std::function<std::string(const T&)>& show) {
  return result.ok() ? "ok " + show(*result) : ErrorText(result.error());
}

std::string Outcome(const Status& status) { return status.ok() ? "ok" : ErrorText(status.error()); }

// `value` with numbers respelled canonically (Normalized) and set members sorted, so that
// equal values print equally.
V Canonical(const V& value) {
  V normalized = Normalized(value);
  auto sorted = [](std::vector<std::string> members) {
    std::sort(members.begin(), members.end());
    return members;
  };
  switch (normalized.type()) {
    case V::Type::kSS:
      return V::SS(sorted(normalized.AsSS()));
    case V::Type::kNS:
      return V::NS(sorted(normalized.AsNS()));
    case V::Type::kBS:
      return V::BS(sorted(normalized.AsBS()));
    case V::Type::kL: {
      std::vector<V> elements;
      for (const V& element : normalized.AsL()) elements.push_back(Canonical(element));
      return V::L(std::move(elements));
    }
    case V::Type::kM: {
      Item fields;
      for (const auto& [name, field] : normalized.AsM()) fields.emplace(name, Canonical(field));
      return V::M(std::move(fields));
    }
    default:
      return normalized;
  }
}

Item Canonical(const Item& item) {
  Item out;
  for (const auto& [name, value] : item) out.emplace(name, Canonical(value));
  return out;
}

std::string Show(const Item& item) { return DebugString(Canonical(item)); }

std::string Show(const std::optional<Item>& item) { return item ? Show(*item) : "<none>"; }

// Items listed in order, except that runs of items with equal `tie_attribute` values (GSI
// sort keys, or the GSI partition when the index has no sort key) are sorted, because their
// order is the engine's choice.
std::string ShowList(std::vector<Item> items, const std::string& tie_attribute = "") {
  for (Item& item : items) item = Canonical(item);
  if (!tie_attribute.empty()) {
    auto value = [&](const Item& item) {
      auto it = item.find(tie_attribute);
      return it == item.end() ? std::string() : DebugString(it->second);
    };
    std::size_t start = 0;
    for (std::size_t i = 1; i <= items.size(); ++i) {
      if (i == items.size() || value(items[i]) != value(items[start])) {
        std::sort(items.begin() + start, items.begin() + i,
                  [](const Item& a, const Item& b) { return DebugString(a) < DebugString(b); });
        start = i;
      }
    }
  }
  std::string out = std::to_string(items.size()) + " [";
  for (const Item& item : items) out += DebugString(item) + " ";
  return out + "]";
}

// --- The two stores and their tables ------------------------------------------------------

class StoreDifferential : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string prefix = UniqueTablePrefix();
    rows_ = TableSpec{.name = prefix + "rows",
                      .partition_key = {"pk", KeyType::kString},
                      .sort_key = KeyAttribute{"sk", KeyType::kNumber},
                      .global_secondary_indexes = {
                          IndexSpec{.name = "ByG",
                                    .partition_key = {"g", KeyType::kString},
                                    .sort_key = KeyAttribute{"r", KeyType::kNumber}},
                          IndexSpec{.name = "ByH", .partition_key = {"h", KeyType::kString}},
                          // The same keys, projecting less: filters may name only what
                          // these hold.
                          IndexSpec{.name = "ByGSome",
                                    .partition_key = {"g", KeyType::kString},
                                    .sort_key = KeyAttribute{"r", KeyType::kNumber},
                                    .projection = IndexSpec::Projection::kInclude,
                                    .included_attributes = {"a", "s", "tags"}},
                          IndexSpec{.name = "ByHKeys",
                                    .partition_key = {"h", KeyType::kString},
                                    .projection = IndexSpec::Projection::kKeysOnly}}};
    docs_ = TableSpec{.name = prefix + "docs", .partition_key = {"id", KeyType::kString}};
    ASSERT_OK_AND_ASSIGN(sqlite_, MakeStore(Engine::kSqlite));
    ASSERT_OK_AND_ASSIGN(dynamo_, MakeStore(Engine::kDynamo));
    for (ItemStore* store : {sqlite_.get(), dynamo_.get()}) {
      ASSERT_OK(store->EnsureTables({rows_, docs_}, {}));
    }
  }

  // Runs `op` on both stores; records a divergence when the answers differ.
  bool Same(const std::string& what, const std::function<std::string(ItemStore&)>& op) {
    std::string on_sqlite = op(*sqlite_);
    std::string on_dynamo = op(*dynamo_);
    {
      // "Update ok", "Transact error ConditionFailed", ...
      std::size_t colon = what.find(": ");
      std::string kind =
          colon == std::string::npos
              ? what
              : what.substr(colon + 2, what.find_first_of(" \n", colon + 2) - colon - 2);
      std::size_t end = on_sqlite.find(' ', on_sqlite.rfind("error", 0) == 0 ? 6 : 0);
      ++outcomes_[kind + " " + on_sqlite.substr(0, end)];
    }
    if (verbose_)
      std::cout << what << "\n    sqlite:   " << on_sqlite << "\n    dynamodb: " << on_dynamo
                << "\n";
    if (on_sqlite == on_dynamo) return true;
    std::ostringstream report;
    report << what << before_ << "\n    sqlite:   " << on_sqlite << "\n    dynamodb: " << on_dynamo;
    divergences_.push_back(report.str());
    return false;
  }

  // Records, for a divergence report, the items under `keys` before the operation (as the
  // SQLite store has them; both stores hold the same until a divergence).
  void NoteBefore(const std::vector<std::pair<std::string, Item>>& keys) {
    before_.clear();
    for (const auto& [table, key] : keys) {
      Result<std::optional<Item>> item = sqlite_->Get(GetRequest{.table = table, .key = key});
      before_ += "\n    before: " + std::string(table == rows_.name ? "rows " : "docs ") +
                 Show(key) + " = " +
                 Outcome<std::optional<Item>>(item, [](const auto& i) { return Show(i); });
    }
  }

  // Every page of the query, as one list.
  static Result<std::vector<Item>> Drain(ItemStore& store, QueryRequest request) {
    std::vector<Item> items;
    for (int page = 0; page < 10000; ++page) {
      Result<QueryPage> answer = store.Query(request);
      if (!answer.ok()) return std::move(answer).error();
      if (answer->items.size() > static_cast<std::size_t>(request.limit)) {
        return Error{.code = Error::Code::kInternal, .message = "page larger than the limit"};
      }
      for (Item& item : answer->items) items.push_back(std::move(item));
      if (answer->next_cursor.empty()) return items;
      request.cursor = answer->next_cursor;
    }
    return Error{.code = Error::Code::kInternal, .message = "query did not end"};
  }

  static std::string TieAttribute(const QueryRequest& request) {
    if (request.index == "ByG" || request.index == "ByGSome") return "r";
    if (request.index == "ByH" || request.index == "ByHKeys") return "h";
    return "";
  }

  // Everything in one store, in a canonical order: every partition of rows (through the
  // table and every GSI) and every doc.
  std::string Contents(ItemStore& store) {
    std::string out;
    for (const std::string& pk : partitions_) {
      Result<std::vector<Item>> items =
          Drain(store, QueryRequest{.table = rows_.name,
                                    .key_condition = KeyCondition::Partition("pk", V::S(pk)),
                                    .limit = 1000,
                                    .consistent_read = true});
      out += "rows " + pk + ": " +
             Outcome<std::vector<Item>>(items, [](const auto& v) { return ShowList(v); }) + "\n";
    }
    for (const auto& [index, attribute, values] :
         std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>{
             {"ByG", "g", g_values_},
             {"ByH", "h", h_values_},
             {"ByGSome", "g", g_values_},
             {"ByHKeys", "h", h_values_}}) {
      for (const std::string& value : values) {
        QueryRequest request{.table = rows_.name,
                             .index = index,
                             .key_condition = KeyCondition::Partition(attribute, V::S(value)),
                             .limit = 1000};
        Result<std::vector<Item>> items = Drain(store, request);
        out += index + " " + value + ": " +
               Outcome<std::vector<Item>>(
                   items, [&](const auto& v) { return ShowList(v, TieAttribute(request)); }) +
               "\n";
      }
    }
    std::vector<Item> keys;
    for (const std::string& id : ids_) keys.push_back({{"id", V::S(id)}});
    Result<std::vector<Item>> docs = store.BatchGet(docs_.name, keys);
    out += "docs: " +
           Outcome<std::vector<Item>>(docs,
                                      [](const auto& v) {
                                        std::vector<Item> sorted = v;
                                        for (Item& item : sorted) item = Canonical(item);
                                        std::sort(sorted.begin(), sorted.end(),
                                                  [](const Item& a, const Item& b) {
                                                    return DebugString(a) < DebugString(b);
                                                  });
                                        return ShowList(sorted);
                                      }) +
           "\n";
    return out;
  }

  // After a divergence: make the DynamoDB store hold what the SQLite store holds, so the run
  // goes on from equal states.
  void Resynchronize() {
    for (const auto& [table, keys] : AllKeys()) {
      std::vector<BatchWrite> writes;
      for (const Item& key : keys) {
        Result<std::optional<Item>> item = sqlite_->Get(GetRequest{.table = table, .key = key});
        ASSERT_TRUE(item.ok()) << item.error().ToString();
        if (item->has_value()) {
          writes.push_back(BatchWrite{.table = table, .item = **item});
        } else {
          writes.push_back(
              BatchWrite{.table = table, .kind = BatchWrite::Kind::kDelete, .item = key});
        }
      }
      ASSERT_OK(dynamo_->BatchWrite(writes));
    }
  }

  std::vector<std::pair<std::string, std::vector<Item>>> AllKeys() const {
    std::vector<Item> rows, docs;
    for (const std::string& pk : partitions_) {
      for (const std::string& sk : sort_keys_) rows.push_back({{"pk", V::S(pk)}, {"sk", V::N(sk)}});
    }
    for (const std::string& id : ids_) docs.push_back({{"id", V::S(id)}});
    return {{rows_.name, rows}, {docs_.name, docs}};
  }

  std::string DivergenceReport(std::uint64_t seed) const {
    std::string out = "seed " + std::to_string(seed) +
                      " (HOMEBOARD_STORE_DIFF_SEED=" + std::to_string(seed) +
                      " reruns it): " + std::to_string(divergences_.size()) + " divergence(s)\n";
    for (const std::string& divergence : divergences_) out += divergence + "\n";
    return out;
  }

  const std::vector<std::string> partitions_ = {"p0", "p1", "p2"};
  // Canonical sort keys; the generator also writes them in other spellings.
  const std::vector<std::string> sort_keys_ = {"-1", "0", "0.5", "1", "2", "3", "10", "11"};
  const std::vector<std::string> ids_ = {"d0", "d1", "d2", "d3", "d4"};
  const std::vector<std::string> g_values_ = {"g0", "g1"};
  const std::vector<std::string> h_values_ = {"h0", "h1"};

  TableSpec rows_, docs_;
  std::unique_ptr<ItemStore> sqlite_, dynamo_;
  std::vector<std::string> divergences_;
  std::string before_;                   // NoteBefore's text for the operation under way
  std::map<std::string, int> outcomes_;  // "ok", "error ConditionFailed", ...: how often
  // HOMEBOARD_STORE_DIFF_VERBOSE=1 prints every comparison, not only divergences.
  const bool verbose_ = std::getenv("HOMEBOARD_STORE_DIFF_VERBOSE") != nullptr;
};

// --- The generator --------------------------------------------------------------------------

class Generator {
 public:
  Generator(std::uint64_t seed, const TableSpec& rows, const TableSpec& docs)
      : random_(seed), rows_(rows), docs_(docs) {}

  int Int(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[static_cast<std::size_t>(Int(0, static_cast<int>(values.size()) - 1))];
  }

  // Sort keys in several spellings of the same numbers.
  V SortKey() {
    static const std::vector<std::string> kSpellings = {
        "-1", "-1.0", "0", "0.5", "0.50", "1", "1.0", "2", "3", "10", "1E+1", "11", "11.00"};
    return V::N(Pick(kSpellings));
  }
  Item RowKey() { return {{"pk", V::S(Pick(partitions_))}, {"sk", SortKey()}}; }
  Item DocKey() { return {{"id", V::S(Pick(ids_))}}; }
  bool RowsTable() { return Chance(75); }

  V Number() {
    static const std::vector<std::string> kNumbers = {"-3", "-1", "0",  "0.5", "1",    "1.25",
                                                      "2",  "3",  "10", "100", "-0.5", "2.50"};
    // Now and then a number at DynamoDB's limits, so that arithmetic overflows or needs a
    // 39th digit.
    static const std::vector<std::string> kExtremes = {"99999999999999999999999999999999999999",
                                                       "9.9E+125", "-9.9E+125", "1E-130",
                                                       "0.00000000000000000000000000000000000001"};
    return V::N(Chance(4) ? Pick(kExtremes) : Pick(kNumbers));
  }
  V Binary() {
    static const std::vector<std::string> kBytes = {
        std::string(1, '\0'), "\x01\x02", "\x01", "\xFF", "\x7F\x80", ""};
    return V::B(Pick(kBytes));
  }
  V BinarySet() {
    std::vector<std::string> members;
    for (const char* member : {"\x01", "\x02", "\xFF"}) {
      if (Chance(50)) members.emplace_back(member);
    }
    if (members.empty()) members.emplace_back("\x00", 1);
    return V::BS(members);
  }
  V String() {
    static const std::vector<std::string> kStrings = {"",      "x",         "xy",  "hello",
                                                      "Hello", "h\xC3\xA9", "red", "10"};
    return V::S(Pick(kStrings));
  }
  V StringSet() {
    static const std::vector<std::string> kMembers = {"red", "green", "blue"};
    std::vector<std::string> members;
    for (const std::string& m : kMembers) {
      if (Chance(50)) members.push_back(m);
    }
    if (members.empty()) members.push_back(Pick(kMembers));
    return V::SS(members);
  }
  V NumberSet() {
    static const std::vector<std::string> kMembers = {"1", "2", "3.5"};
    std::vector<std::string> members;
    for (const std::string& m : kMembers) {
      if (Chance(50)) members.push_back(m);
    }
    if (members.empty()) members.push_back(Pick(kMembers));
    return V::NS(members);
  }
  V List() {
    std::vector<V> elements;
    int n = Int(0, 3);
    for (int i = 0; i < n; ++i) elements.push_back(Chance(50) ? Number() : String());
    return V::L(elements);
  }
  V Map() {
    Item m;
    if (Chance(70)) m["x"] = Number();
    if (Chance(50)) m["y"] = String();
    return V::M(m);
  }
  // A value for attribute `name`, usually of its usual type.
  V ValueFor(const std::string& name) {
    if (name == "g") return V::S(Pick(g_values_));
    if (name == "r") return V::N(Int(0, 2));
    if (name == "h") return V::S(Pick(h_values_));
    if (Chance(10)) return AnyValue();
    if (name == "a") return Number();
    if (name == "s") return String();
    if (name == "tags") return StringSet();
    if (name == "nums") return NumberSet();
    if (name == "l") return List();
    if (name == "m") return Map();
    if (name == "f") return V::Bool(Chance(50));
    if (name == "b") return Chance(75) ? Binary() : BinarySet();
    return V::Null();
  }
  V AnyValue() {
    switch (Int(0, 7)) {
      case 0:
        return Number();
      case 1:
        return String();
      case 2:
        return StringSet();
      case 3:
        return NumberSet();
      case 4:
        return List();
      case 5:
        return Map();
      case 6:
        return V::Bool(Chance(50));
      default:
        return V::Null();
    }
  }

  const std::vector<std::string>& Attributes() const { return attributes_; }

  Item RowItem(Item key) {
    for (const std::string& name : attributes_) {
      if (Chance(45)) key[name] = ValueFor(name);
    }
    return key;
  }
  Item DocItem(Item key) {
    for (const char* name : {"a", "s", "tags", "l", "m"}) {
      if (Chance(50)) key[name] = ValueFor(name);
    }
    return key;
  }

  Path AnyPath() {
    switch (Int(0, 9)) {
      case 0:
        return Path("m").Field("x");
      case 1:
        return Path("l").Index(static_cast<std::uint32_t>(Int(0, 2)));
      case 2:
        return Path("zz");
      default:
        return Path(Pick(attributes_));
    }
  }

  V ComparableValue() {
    switch (Int(0, 4)) {
      case 0:
      case 1:
        return Number();
      case 2:
      case 3:
        return String();
      default:
        return Binary();
    }
  }

  Condition AnyCondition(int depth = 0) {
    using C = Condition;
    int kind = Int(0, depth < 2 ? 13 : 10);
    switch (kind) {
      case 0:
        return C::AttributeExists(AnyPath());
      case 1:
        return C::AttributeNotExists(AnyPath());
      case 2:
        return Compare(AnyPath(), ComparableValue());
      case 3: {
        // Number bounds in either order: DynamoDB refuses low > high.
        V low = Number(), high = Number();
        return C::Between(Path(Chance(80) ? "a" : "s"), low, high);
      }
      case 4: {
        std::vector<V> candidates;
        int n = Int(1, 3);
        for (int i = 0; i < n; ++i) candidates.push_back(Chance(70) ? Number() : String());
        return C::In(AnyPath(), candidates);
      }
      case 5:
        if (Chance(25)) return C::BeginsWith(Chance(80) ? Path("b") : AnyPath(), Binary());
        return C::BeginsWith(Chance(80) ? Path("s") : AnyPath(),
                             V::S(Pick(std::vector<std::string>{"h", "he", "x", "H", "r"})));
      case 6:
        return C::Contains(Pick(std::vector<std::string>{"tags", "s", "l", "nums", "a", "b"}),
                           Chance(40)   ? String()
                           : Chance(50) ? Number()
                                        : Binary());
      case 7: {
        static const std::vector<V::Type> kTypes = {V::Type::kS, V::Type::kN, V::Type::kSS,
                                                    V::Type::kL, V::Type::kM, V::Type::kNull};
        return C::AttributeType(AnyPath(), Pick(kTypes));
      }
      case 8:
      case 9:
        return Compare(
            Size(Path(Pick(std::vector<std::string>{"s", "tags", "l", "m", "nums", "a"}))),
            V::N(Int(0, 3)));
      case 10:
        return C::Equal(AnyPath(), ValueFor(Pick(attributes_)));
      case 11:
        return C::And(AnyCondition(depth + 1), AnyCondition(depth + 1));
      case 12:
        return C::Or(AnyCondition(depth + 1), AnyCondition(depth + 1));
      default:
        return C::Not(AnyCondition(depth + 1));
    }
  }
  // left <op> right with a random comparator.
  Condition Compare(ddb::Operand left, ddb::Operand right) {
    using C = Condition;
    switch (Int(0, 5)) {
      case 0:
        return C::Equal(std::move(left), std::move(right));
      case 1:
        return C::NotEqual(std::move(left), std::move(right));
      case 2:
        return C::Less(std::move(left), std::move(right));
      case 3:
        return C::LessOrEqual(std::move(left), std::move(right));
      case 4:
        return C::Greater(std::move(left), std::move(right));
      default:
        return C::GreaterOrEqual(std::move(left), std::move(right));
    }
  }
  Condition MaybeCondition(int percent) { return Chance(percent) ? AnyCondition() : Condition(); }

  // One to three actions on distinct attributes.
  Update AnyUpdate(bool docs) {
    std::vector<std::string> names =
        docs ? std::vector<std::string>{"a", "s", "tags", "l", "m"} : attributes_;
    std::shuffle(names.begin(), names.end(), random_);
    int n = Int(1, 3);
    Update update;
    for (int i = 0; i < n; ++i) {
      const std::string& name = names[static_cast<std::size_t>(i)];
      AddAction(update, name);
    }
    return update;
  }

 private:
  void AddAction(Update& update, const std::string& name) {
    if ((name == "g" || name == "r" || name == "h") && Chance(60)) {
      AddIndexKeyAction(update, name);
      return;
    }
    int kind = Int(0, 10);
    switch (kind) {
      case 0:
      case 1:
        if (name == "m" && Chance(40)) {
          update.Set(Path("m").Field("x"), Number());
        } else if (name == "l" && Chance(40)) {
          update.Set(Path("l").Index(static_cast<std::uint32_t>(Int(0, 3))), Number());
        } else {
          update.Set(name, ValueFor(name));
        }
        return;
      case 2:
        // ValueFor gives index keys values of their own type: SetIfNotExists of an absent
        // index key with a value of another type is stored by DynamoDB Local (DynamoDB and
        // the SQLite engine refuse it), and the DynamoDB engine cannot know beforehand
        // whether the attribute is absent.
        update.SetIfNotExists(name, ValueFor(name));
        return;
      case 3:
        update.Increment(name == "m" ? Path("m").Field("x") : Path(name), Number());
        return;
      case 4:
        if (Chance(50)) {
          update.Add(name, Number());
        } else {
          update.Add(name, Chance(70) ? StringSet() : NumberSet());
        }
        return;
      case 5:
        update.AppendToList(name, List());
        return;
      case 6:
        update.PrependToList(name, List());
        return;
      case 7:
        update.IncrementExisting(name, Number());
        return;
      case 8:
        if (name == "l" && Chance(50)) {
          update.Remove(Path("l").Index(static_cast<std::uint32_t>(Int(0, 3))));
        } else if (name == "m" && Chance(50)) {
          update.Remove(Path("m").Field("x"));
        } else {
          update.Remove(name);
        }
        return;
      default:
        update.DeleteFromSet(name, Chance(70) ? StringSet() : NumberSet());
        return;
    }
  }

  // Actions that keep an index key of its declared type (or remove it). The other actions
  // on index keys (AddAction) make them another type, which both engines refuse before
  // reading the item.
  void AddIndexKeyAction(Update& update, const std::string& name) {
    const bool number = name == "r";
    switch (Int(0, 3)) {
      case 0:
        update.Set(name, ValueFor(name));
        return;
      case 1:
        update.SetIfNotExists(name, ValueFor(name));
        return;
      case 2:
        if (number) {
          update.Increment(name, V::N(Int(-1, 1)));
        } else {
          update.Set(name, ValueFor(name));
        }
        return;
      default:
        update.Remove(name);
        return;
    }
  }

  std::mt19937_64 random_;
  const TableSpec& rows_;
  const TableSpec& docs_;
  const std::vector<std::string> partitions_ = {"p0", "p1", "p2"};
  const std::vector<std::string> ids_ = {"d0", "d1", "d2", "d3", "d4"};
  const std::vector<std::string> g_values_ = {"g0", "g1"};
  const std::vector<std::string> h_values_ = {"h0", "h1"};
  const std::vector<std::string> attributes_ = {"a", "s", "tags", "nums", "l", "m",
                                                "f", "z", "g",    "r",    "h", "b"};
};

std::uint64_t SeedFromEnvironment() {
  const char* text = std::getenv("HOMEBOARD_STORE_DIFF_SEED");
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : kDefaultSeed;
}

int OperationsFromEnvironment() {
  const char* text = std::getenv("HOMEBOARD_STORE_DIFF_OPS");
  return text != nullptr && *text != '\0' ? std::atoi(text) : kDefaultOperations;
}

TEST_F(StoreDifferential, RandomOperationsAgree) {
  const std::uint64_t seed = SeedFromEnvironment();
  const int operations = OperationsFromEnvironment();
  Generator gen(seed, rows_, docs_);
  std::map<std::string, int> counts;

  for (int op = 0; op < operations && divergences_.size() < kMaxDivergences; ++op) {
    const bool rows = gen.RowsTable();
    const std::string& table = rows ? rows_.name : docs_.name;
    auto key = [&] { return rows ? gen.RowKey() : gen.DocKey(); };
    auto item = [&](Item k) {
      return rows ? gen.RowItem(std::move(k)) : gen.DocItem(std::move(k));
    };
    const std::string where = "op " + std::to_string(op) + " on " + (rows ? "rows" : "docs");
    bool same = true;
    int pick = gen.Int(1, 100);

    if (pick <= 24) {  // Put
      PutRequest request{.table = table, .item = item(key()), .condition = gen.MaybeCondition(40)};
      NoteBefore({{table, KeyOf(rows ? rows_ : docs_, request.item)}});
      ++counts["put"];
      same = Same(where + ": Put " + Show(request.item) + " if " + Describe(request.condition),
                  [&](ItemStore& s) { return Outcome(s.Put(request)); });
    } else if (pick <= 48) {  // Update
      UpdateRequest request{.table = table,
                            .key = key(),
                            .update = gen.AnyUpdate(!rows),
                            .condition = gen.MaybeCondition(40)};
      NoteBefore({{table, request.key}});
      ++counts["update"];
      same = Same(where + ": Update " + Show(request.key) + " " + Describe(request.update) +
                      " if " + Describe(request.condition),
                  [&](ItemStore& s) {
                    return Outcome<Item>(s.Update(request), [](const Item& i) { return Show(i); });
                  });
    } else if (pick <= 57) {  // Delete
      DeleteRequest request{.table = table, .key = key(), .condition = gen.MaybeCondition(40)};
      NoteBefore({{table, request.key}});
      ++counts["delete"];
      same = Same(where + ": Delete " + Show(request.key) + " if " + Describe(request.condition),
                  [&](ItemStore& s) {
                    return Outcome<std::optional<Item>>(
                        s.Delete(request), [](const std::optional<Item>& i) { return Show(i); });
                  });
    } else if (pick <= 62) {  // Get
      GetRequest request{.table = table, .key = key()};
      NoteBefore({});
      ++counts["get"];
      same = Same(where + ": Get " + Show(request.key), [&](ItemStore& s) {
        return Outcome<std::optional<Item>>(s.Get(request),
                                            [](const std::optional<Item>& i) { return Show(i); });
      });
    } else if (pick <= 78) {  // Query
      QueryRequest request{.table = rows_.name, .limit = gen.Int(1, 5)};
      request.forward = gen.Chance(60);
      int on = gen.Int(0, 6);
      if (on <= 2) {
        KeyCondition kc = KeyCondition::Partition(
            "pk", V::S(gen.Pick(std::vector<std::string>{"p0", "p1", "p2"})));
        V a = gen.SortKey(), b = gen.SortKey();
        switch (gen.Int(0, 7)) {
          case 0:
            kc.SortEqual("sk", a);
            break;
          case 1:
            kc.SortLess("sk", a);
            break;
          case 2:
            kc.SortLessOrEqual("sk", a);
            break;
          case 3:
            kc.SortGreater("sk", a);
            break;
          case 4:
            kc.SortGreaterOrEqual("sk", a);
            break;
          case 5:
            kc.SortBetween("sk", a, b);  // possibly low > high
            break;
          default:
            break;
        }
        request.key_condition = kc;
        request.consistent_read = gen.Chance(50);
      } else if (on == 3 || on == 5) {
        request.index = on == 3 ? "ByG" : "ByGSome";
        KeyCondition kc =
            KeyCondition::Partition("g", V::S(gen.Pick(std::vector<std::string>{"g0", "g1"})));
        switch (gen.Int(0, 3)) {
          case 0:
            kc.SortGreaterOrEqual("r", V::N(gen.Int(0, 2)));
            break;
          case 1:
            kc.SortLess("r", V::N(gen.Int(0, 2)));
            break;
          case 2:
            kc.SortBetween("r", V::N(gen.Int(0, 1)), V::N(gen.Int(1, 2)));
            break;
          default:
            break;
        }
        request.key_condition = kc;
      } else {
        request.index = on == 4 ? "ByH" : "ByHKeys";
        request.key_condition =
            KeyCondition::Partition("h", V::S(gen.Pick(std::vector<std::string>{"h0", "h1"})));
      }
      if (gen.Chance(35)) request.filter = gen.AnyCondition();
      NoteBefore({});
      ++counts["query"];
      same =
          Same(where + ": Query " + (request.index.empty() ? "" : "index " + request.index + " ") +
                   Describe(request.key_condition) + " filter " + Describe(request.filter) +
                   (request.forward ? " forward" : " backward") + " limit " +
                   std::to_string(request.limit),
               [&](ItemStore& s) {
                 return Outcome<std::vector<Item>>(Drain(s, request), [&](const auto& items) {
                   return ShowList(items, TieAttribute(request));
                 });
               });
    } else if (pick <= 84) {  // BatchWrite
      std::vector<BatchWrite> writes;
      int n = gen.Int(1, 8);
      std::string text;
      for (int i = 0; i < n; ++i) {
        bool on_rows = gen.RowsTable();
        Item k = on_rows ? gen.RowKey() : gen.DocKey();
        BatchWrite write{.table = on_rows ? rows_.name : docs_.name};
        if (gen.Chance(70)) {
          write.item = on_rows ? gen.RowItem(k) : gen.DocItem(k);
        } else {
          write.kind = BatchWrite::Kind::kDelete;
          write.item = k;
        }
        text += std::string(write.kind == BatchWrite::Kind::kPut ? " put " : " delete ") +
                (on_rows ? "rows " : "docs ") + Show(write.item);
        writes.push_back(std::move(write));
      }
      std::vector<std::pair<std::string, Item>> keys;
      for (const BatchWrite& write : writes) {
        keys.emplace_back(write.table,
                          KeyOf(write.table == rows_.name ? rows_ : docs_, write.item));
      }
      NoteBefore(keys);
      ++counts["batch_write"];
      same = Same(where + ": BatchWrite" + text,
                  [&](ItemStore& s) { return Outcome(s.BatchWrite(writes)); });
    } else if (pick <= 90) {  // BatchGet
      std::vector<Item> keys;
      int n = gen.Int(0, 6);
      std::string text;
      for (int i = 0; i < n; ++i) {
        keys.push_back(key());
        text += " " + Show(keys.back());
      }
      NoteBefore({});
      ++counts["batch_get"];
      same = Same(where + ": BatchGet" + text, [&](ItemStore& s) {
        return Outcome<std::vector<Item>>(s.BatchGet(table, keys), [](const auto& items) {
          std::vector<Item> sorted = items;
          for (Item& item : sorted) item = Canonical(item);
          std::sort(sorted.begin(), sorted.end(),
                    [](const Item& a, const Item& b) { return DebugString(a) < DebugString(b); });
          return ShowList(sorted);
        });
      });
    } else {  // Transact
      std::vector<TransactAction> actions;
      int n = gen.Int(1, 4);
      std::string text;
      for (int i = 0; i < n; ++i) {
        bool on_rows = gen.RowsTable();
        Item k = on_rows ? gen.RowKey() : gen.DocKey();
        TransactAction action{.table = on_rows ? rows_.name : docs_.name};
        switch (gen.Int(0, 3)) {
          case 0:
            action.kind = TransactAction::Kind::kPut;
            action.item = on_rows ? gen.RowItem(k) : gen.DocItem(k);
            action.condition = gen.MaybeCondition(25);
            break;
          case 1:
            action.kind = TransactAction::Kind::kUpdate;
            action.item = k;
            action.update = gen.AnyUpdate(!on_rows);
            action.condition = gen.MaybeCondition(25);
            break;
          case 2:
            action.kind = TransactAction::Kind::kDelete;
            action.item = k;
            action.condition = gen.MaybeCondition(25);
            break;
          default:
            action.kind = TransactAction::Kind::kConditionCheck;
            action.item = k;
            action.condition = gen.AnyCondition();
            break;
        }
        static const char* const kKinds[] = {"put", "update", "delete", "check"};
        text += std::string("\n      ") + kKinds[static_cast<int>(action.kind)] + " " +
                (on_rows ? "rows " : "docs ") + Show(action.item) +
                (action.update.empty() ? "" : " " + Describe(action.update)) + " if " +
                Describe(action.condition);
        actions.push_back(std::move(action));
      }
      std::vector<std::pair<std::string, Item>> keys;
      for (const TransactAction& action : actions) {
        keys.emplace_back(action.table,
                          KeyOf(action.table == rows_.name ? rows_ : docs_, action.item));
      }
      NoteBefore(keys);
      ++counts["transact"];
      same = Same(where + ": Transact" + text,
                  [&](ItemStore& s) { return Outcome(s.Transact(actions)); });
    }

    if (!same) {
      // Was the write itself different, or only its answer? Compare the contents too.
      if (Contents(*sqlite_) != Contents(*dynamo_)) {
        divergences_.back() += "\n    (contents differ afterwards; resynchronized)";
        Resynchronize();
      }
    }
  }
  // The whole contents at the end.
  Same("final contents", [&](ItemStore& s) { return Contents(s); });

  std::string summary;
  for (const auto& [name, count] : counts) summary += " " + name + "=" + std::to_string(count);
  summary += "\noutcomes (SQLite's answers):";
  for (const auto& [outcome, count] : outcomes_) {
    summary += "\n  " + outcome + ": " + std::to_string(count);
  }
  RecordProperty("operations", summary);
  std::cout << "seed " << seed << ":" << summary << "\n";
  EXPECT_TRUE(divergences_.empty()) << DivergenceReport(seed);
}

// --- Deterministic edge cases ------------------------------------------------------------

// One request (or a few) the ItemStore contract leaves to DynamoDB's rules, on items set up
// first; both engines must answer alike and leave the same items behind.
struct EdgeCase {
  std::string name;
  std::vector<Item> rows;  // put into rows first (partition "e" + the case's number)
  std::function<std::string(ItemStore&, const TableSpec& rows)> run;
};

Item Row(const std::string& pk, const std::string& sk, Item attributes = {}) {
  attributes["pk"] = V::S(pk);
  attributes["sk"] = V::N(sk);
  return attributes;
}

std::string UpdateOutcome(ItemStore& store, const TableSpec& rows, Item key, Update update,
                          Condition condition = {}) {
  return Outcome<Item>(store.Update(UpdateRequest{.table = rows.name,
                                                  .key = std::move(key),
                                                  .update = std::move(update),
                                                  .condition = std::move(condition)}),
                       [](const Item& item) { return Show(item); });
}

std::vector<EdgeCase> EdgeCases() {
  using K = TransactAction::Kind;
  const std::string p = "edge";
  std::vector<EdgeCase> cases = {
      {"empty transaction",
       {},
       [](ItemStore& s, const TableSpec&) { return Outcome(s.Transact({})); }},
      {"condition check without a condition",
       {Row(p, "1")},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome(s.Transact({TransactAction{
             .kind = K::kConditionCheck, .table = rows.name, .item = Row(p, "1")}}));
       }},
      {"REMOVE of a list element of an absent attribute",
       {Row(p, "1")},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().Set("a", V::N(1)).Remove(Path("l").Index(0)));
       }},
      {"REMOVE of a list element of an absent item",
       {},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().Set("a", V::N(1)).Remove(Path("l").Index(0)));
       }},
      {"REMOVE of a map field of an absent item",
       {},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().Set("a", V::N(1)).Remove(Path("m").Field("x")));
       }},
      {"REMOVE of a list element of a string",
       {Row(p, "1", {{"l", V::S("x")}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Remove(Path("l").Index(0)));
       }},
      {"DELETE from a string",
       {Row(p, "1", {{"s", V::S("red")}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().DeleteFromSet("s", V::SS({"red"})));
       }},
      {"DELETE from a set of an absent item, with a SET",
       {},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().Set("a", V::N(1)).DeleteFromSet("s", V::SS({"red"})));
       }},
      {"SET of a list element past the end of an absent list",
       {Row(p, "1")},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Set(Path("l").Index(3), V::N(1)));
       }},
      {"Increment of a list element past the end",
       {Row(p, "1", {{"l", V::L({V::N(1)})}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().Increment(Path("l").Index(4), V::N(2)));
       }},
      {"SetIfNotExists of a field of an absent map",
       {Row(p, "1")},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().SetIfNotExists(Path("m").Field("x"), V::N(1)));
       }},
      {"SET of a field of a NULL",
       {Row(p, "1", {{"m", V::Null()}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Set(Path("m").Field("x"), V::N(1)));
       }},
      {"ADD of a present member",
       {Row(p, "1", {{"t", V::SS({"red"})}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Add("t", V::SS({"red"})));
       }},
      {"DELETE of every number in another spelling",
       {Row(p, "1", {{"t", V::NS({"1", "2"})}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().DeleteFromSet("t", V::NS({"1.0", "2E0"})));
       }},
      {"arithmetic underflow",
       {Row(p, "1", {{"n", V::N("1.5E-130")}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Increment("n", V::N("-1E-130")));
       }},
      {"arithmetic to exactly zero from tiny numbers",
       {Row(p, "1", {{"n", V::N("1E-130")}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Increment("n", V::N("-1E-130")));
       }},
      {"negative zero key is zero",
       {Row(p, "0", {{"v", V::S("zero")}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome<std::optional<Item>>(
             s.Get(GetRequest{.table = rows.name, .key = Row(p, "-0")}),
             [](const auto& i) { return Show(i); });
       }},
      {"BETWEEN with bounds out of order in a condition",
       {Row(p, "1", {{"a", V::N(5)}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Set("b", V::N(1)),
                              Condition::Between(Path("a"), V::N(10), V::N(1)));
       }},
      {"BETWEEN with bounds out of order on the sort key",
       {Row(p, "1"), Row(p, "5")},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome<QueryPage>(
             s.Query(QueryRequest{
                 .table = rows.name,
                 .key_condition =
                     KeyCondition::Partition("pk", V::S(p)).SortBetween("sk", V::N(5), V::N(1))}),
             [](const QueryPage& page) { return ShowList(page.items); });
       }},
      {"IN with 100 candidates",
       {Row(p, "1", {{"a", V::N(99)}})},
       [p](ItemStore& s, const TableSpec& rows) {
         std::vector<V> candidates;
         for (int i = 0; i < 100; ++i) candidates.push_back(V::N(i));
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Set("b", V::N(1)),
                              Condition::In(Path("a"), candidates));
       }},
      {"a cursor outside the sort-key condition",
       {Row(p, "1"), Row(p, "2"), Row(p, "3"), Row(p, "4")},
       [p](ItemStore& s, const TableSpec& rows) {
         QueryRequest request{.table = rows.name,
                              .key_condition = KeyCondition::Partition("pk", V::S(p)),
                              .limit = 1};
         Result<QueryPage> first = s.Query(request);
         if (!first.ok()) return ErrorText(first.error());
         request.cursor = first->next_cursor;
         request.key_condition = KeyCondition::Partition("pk", V::S(p)).SortGreater("sk", V::N(2));
         request.limit = 10;
         return Outcome<QueryPage>(s.Query(request),
                                   [](const QueryPage& page) { return ShowList(page.items); });
       }},
      {"a forward cursor used backward",
       {Row(p, "1"), Row(p, "2"), Row(p, "3"), Row(p, "4")},
       [p](ItemStore& s, const TableSpec& rows) {
         QueryRequest request{.table = rows.name,
                              .key_condition = KeyCondition::Partition("pk", V::S(p)),
                              .limit = 2};
         Result<QueryPage> first = s.Query(request);
         if (!first.ok()) return ErrorText(first.error());
         request.cursor = first->next_cursor;
         request.forward = false;
         request.limit = 10;
         return Outcome<QueryPage>(s.Query(request),
                                   [](const QueryPage& page) { return ShowList(page.items); });
       }},
      {"an update to exactly 400 KB and one byte more",
       {Row(p, "1", {{"pad", V::S(std::string(400 * 1024 - 40, 'x'))}, {"n", V::N("123.45")}})},
       [p](ItemStore& s, const TableSpec& rows) {
         Item current =
             Row(p, "1", {{"pad", V::S(std::string(400 * 1024 - 40, 'x'))}, {"n", V::N("123.45")}});
         std::size_t room = 400 * 1024 - ddb::ItemSize(current) - 1;  // "x" is the name
         std::string first =
             UpdateOutcome(s, rows, Row(p, "1"), Update().Set("x", V::S(std::string(room, 'y'))));
         std::string second = UpdateOutcome(s, rows, Row(p, "1"),
                                            Update().Set("x", V::S(std::string(room + 1, 'y'))));
         return first.substr(0, 2) + " / " + second.substr(0, 40);
       }},
      {"a transaction whose condition fails where another action's update is invalid",
       {Row(p, "1", {{"s", V::S("x")}}), Row(p, "2")},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome(s.Transact({
             TransactAction{.kind = K::kConditionCheck,
                            .table = rows.name,
                            .item = Row(p, "2"),
                            .condition = Condition::AttributeExists("zz")},
             TransactAction{.kind = K::kUpdate,
                            .table = rows.name,
                            .item = Row(p, "1"),
                            .update = Update().AppendToList("s", V::L({}))},
         }));
       }},
      {"an update of an absent item that only removes",
       {},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Remove("a"));
       }},
      {"an update that changes a GSI key's type, with a false condition",
       {Row(p, "1", {{"h", V::S("h0")}})},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Add("h", V::N(1)),
                              Condition::AttributeExists("zz"));
       }},
      {"DELETE from an absent GSI key",
       {Row(p, "1")},
       [p](ItemStore& s, const TableSpec& rows) {
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().Set("a", V::N(1)).DeleteFromSet("g", V::SS({"x"})));
       }},
      {"a transaction over 4 MB", {},
       [p](ItemStore& s, const TableSpec& rows) {
         std::vector<TransactAction> actions;
         for (int i = 0; i < 12; ++i) {
           actions.push_back(TransactAction{
               .table = rows.name,
               .item = Row(p, std::to_string(i), {{"pad", V::S(std::string(390 * 1024, 'x'))}})});
         }
         return Outcome(s.Transact(actions));
       }},
      {"a partition key of 2049 bytes", {},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome(s.Put(PutRequest{
             .table = rows.name,
             .item = {{"pk", V::S(std::string(2049, 'k'))}, {"sk", V::N(1)}}}));
       }},
      {"a partition key of 2048 bytes", {},
       [p](ItemStore& s, const TableSpec& rows) {
         std::string answer = Outcome(s.Put(PutRequest{
             .table = rows.name,
             .item = {{"pk", V::S(std::string(2048, 'k'))}, {"sk", V::N(1)}}}));
         (void)s.Delete(DeleteRequest{.table = rows.name,
                                      .key = {{"pk", V::S(std::string(2048, 'k'))}, {"sk", V::N(1)}}});
         return answer;
       }},
      {"a GSI partition key of 2049 bytes", {},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome(s.Put(PutRequest{
             .table = rows.name, .item = Row(p, "1", {{"h", V::S(std::string(2049, 'h'))}})}));
       }},
      {"a GSI string sort key... (numbers have no length limit) on a 1025-byte GSI hash", {},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome(s.Put(PutRequest{
             .table = rows.name, .item = Row(p, "1", {{"g", V::S(std::string(1025, 'g'))}})}));
       }},
      {"a query for a partition key of 2049 bytes", {},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome<QueryPage>(
             s.Query(QueryRequest{.table = rows.name,
                                  .key_condition = KeyCondition::Partition(
                                      "pk", V::S(std::string(2049, 'k')))}),
             [](const QueryPage& page) { return ShowList(page.items); });
       }},
      {"a query on an index for a key of 2049 bytes", {},
       [p](ItemStore& s, const TableSpec& rows) {
         return Outcome<QueryPage>(
             s.Query(QueryRequest{.table = rows.name,
                                  .index = "ByH",
                                  .key_condition = KeyCondition::Partition(
                                      "h", V::S(std::string(2049, 'h')))}),
             [](const QueryPage& page) { return ShowList(page.items); });
       }},
      {"a condition over 4 KB", {Row(p, "1")},
       [p](ItemStore& s, const TableSpec& rows) {
         std::vector<Condition> all;
         for (int i = 0; i < 250; ++i) all.push_back(Condition::AttributeNotExists("a" + std::to_string(i)));
         return UpdateOutcome(s, rows, Row(p, "1"), Update().Set("b", V::N(1)),
                              Condition::And(all));
       }},
      {"an update over 4 KB", {Row(p, "1")},
       [p](ItemStore& s, const TableSpec& rows) {
         Update update;
         for (int i = 0; i < 300; ++i) update.Set("a" + std::to_string(i), V::N(i));
         return UpdateOutcome(s, rows, Row(p, "1"), update);
       }},
      {"a filter over 4 KB", {Row(p, "1")},
       [p](ItemStore& s, const TableSpec& rows) {
         std::vector<Condition> any;
         for (int i = 0; i < 250; ++i) any.push_back(Condition::AttributeExists("a" + std::to_string(i)));
         any.push_back(Condition::AttributeExists("pk2"));
         return Outcome<QueryPage>(
             s.Query(QueryRequest{.table = rows.name,
                                  .key_condition = KeyCondition::Partition("pk", V::S(p)),
                                  .filter = Condition::Not(Condition::Or(any))}),
             [](const QueryPage& page) { return ShowList(page.items); });
       }},
      {"an update nesting past 32 levels",
       {Row(p, "1", {{"m", [] {
                        V value = V::N(1);
                        for (int i = 0; i < 30; ++i) value = V::M({{"x", value}});
                        return value;
                      }()}})},
       [p](ItemStore& s, const TableSpec& rows) {
         Path path("m");
         for (int i = 0; i < 30; ++i) path = path.Field("x");
         return UpdateOutcome(s, rows, Row(p, "1"),
                              Update().Set(path, V::M({{"y", V::M({{"z", V::N(2)}})}})));
       }},
  };
  return cases;
}

TEST_F(StoreDifferential, EdgeCasesAgree) {
  const std::vector<EdgeCase> cases = EdgeCases();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const EdgeCase& c = cases[i];
    Same("edge case: " + c.name, [&](ItemStore& s) {
      // A clean partition per case.
      QueryRequest all{.table = rows_.name,
                       .key_condition = KeyCondition::Partition("pk", V::S("edge")),
                       .limit = 1000,
                       .consistent_read = true};
      std::vector<BatchWrite> clear;
      if (Result<std::vector<Item>> old = Drain(s, all); old.ok()) {
        for (const Item& item : *old) {
          clear.push_back(BatchWrite{
              .table = rows_.name, .kind = BatchWrite::Kind::kDelete, .item = KeyOf(rows_, item)});
        }
      }
      std::string setup = Outcome(s.BatchWrite(clear));
      for (const Item& item : c.rows) {
        setup += " " + Outcome(s.Put(PutRequest{.table = rows_.name, .item = item}));
      }
      std::string answer = c.run(s, rows_);
      return "setup " + setup + "; answer " + answer + "; then " +
             Outcome<std::vector<Item>>(Drain(s, all),
                                        [](const auto& items) { return ShowList(items); });
    });
  }
  EXPECT_TRUE(divergences_.empty()) << DivergenceReport(0);
}

}  // namespace
}  // namespace homeboard::store
