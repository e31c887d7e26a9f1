// Typed builders for DynamoDB expressions: conditions (ConditionExpression and
// FilterExpression), updates (UpdateExpression), projections (ProjectionExpression) and key
// conditions (KeyConditionExpression), and the renderer that turns them into expression
// strings plus the ExpressionAttributeNames / ExpressionAttributeValues maps.
//
// Callers never splice strings. Every attribute name and every value is replaced by a
// placeholder (`#n0`, `:v0`), so reserved words (NAME, STATUS, TTL, ...) and names with
// dots, dashes or spaces are always safe, and the maps never hold an unused or empty entry
// (DynamoDB rejects both with a ValidationException).
//
// Grammar: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html
// (OperatorsAndFunctions, UpdateExpressions, ExpressionAttributeNames, ProjectionExpressions,
// Query.KeyConditionExpressions). Limits:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
//
//   ExpressionAliases aliases;  // one per request: UpdateItem's update and condition share it
//   Update update = Update().Set("status", AttributeValue::S("done"))
//                        .Increment("version", AttributeValue::N(1));
//   Result<std::string> update_text = Render(update, aliases);
//       // "SET #n0 = :v0, #n1 = if_not_exists(#n1, :v1) + :v2"
//   Result<std::string> condition =
//       Render(Condition::Equal(Path("version"), AttributeValue::N(7)), aliases);  // "#n1 = :v3"
//   if (!update_text.ok()) return update_text.error();  // likewise condition
//   request.expression_attribute_names = aliases.TakeNames();    // omit if empty
//   request.expression_attribute_values = aliases.TakeValues();  // omit if empty
//
// Thread safety: Path, Size, Operand, Condition, Update, Projection and KeyCondition are
// values; const methods may be called from several threads at once. ExpressionAliases is
// not synchronised; use one per request on one thread.
#ifndef HOMEBOARD_DDB_EXPRESSION_H_
#define HOMEBOARD_DDB_EXPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ddb/attribute_value.h"
#include "ddb/error.h"

namespace homeboard::ddb {

// "The maximum length of any expression string is 4 KB" (ServiceQuotas, Expression
// parameters). Rendering a longer expression fails with errc::kInvalidArgument.
inline constexpr std::size_t kMaxExpressionBytes = 4096;
// "The maximum number of operands for the IN comparator is 100."
inline constexpr std::size_t kMaxInOperands = 100;

// A document path: a top-level attribute name followed by map fields and list indexes,
// e.g. Path("a").Field("b").Index(3) renders as `#n0.#n1[3]`. Each name segment is aliased
// on its own, so a name may contain any character: a dot is part of the name, never a
// separator. A path is a value; Field() and Index() return a new, longer path.
class Path {
 public:
  struct Segment {
    std::string name;         // map key / attribute name, when !is_index
    std::uint32_t index = 0;  // list index, when is_index
    bool is_index = false;
    friend bool operator==(const Segment&, const Segment&) = default;
  };

  // A top-level attribute. Implicit so that a name reads as a path wherever a Path is
  // expected (Update::Set("status", ...)); Operand does not accept bare strings, so a
  // string can never be mistaken for a value. An empty name fails at render time.
  Path(std::string name);       // NOLINT(google-explicit-constructor)
  Path(std::string_view name);  // NOLINT(google-explicit-constructor)
  Path(const char* name);       // NOLINT(google-explicit-constructor)

  // This path extended by the map key `name` / the list element `index`.
  Path Field(std::string name) const&;
  Path Field(std::string name) &&;
  Path Index(std::uint32_t index) const&;
  Path Index(std::uint32_t index) &&;

  const std::vector<Segment>& segments() const { return segments_; }
  // True if any segment is a list index.
  bool HasIndex() const;
  // Human-readable form for error messages, in DynamoDB's style: "[a, b, [3]]".
  std::string ToString() const;

  friend bool operator==(const Path&, const Path&) = default;

 private:
  std::vector<Segment> segments_;
};

// The operand size(path): the length of a string or binary, or the number of elements of a
// set, list or map. Usable wherever an Operand is, e.g.
// Condition::Greater(Size(Path("tags")), AttributeValue::N(0)).
class Size {
 public:
  explicit Size(Path path) : path_(std::move(path)) {}
  const Path& path() const { return path_; }
  friend bool operator==(const Size&, const Size&) = default;

 private:
  Path path_;
};

// One side of a comparison: a document path, size(path), or a value (rendered as a `:vN`
// placeholder). Implicit from each, so Condition::Equal(Path("a"), AttributeValue::S("x"))
// and Condition::Equal(Path("a"), Path("b")) both read naturally.
class Operand {
 public:
  Operand(Path path) : operand_(std::move(path)) {}              // NOLINT
  Operand(Size size) : operand_(std::move(size)) {}              // NOLINT
  Operand(AttributeValue value) : operand_(std::move(value)) {}  // NOLINT

  // Exactly one of these is non-null.
  const Path* path() const { return std::get_if<Path>(&operand_); }
  const Size* size() const { return std::get_if<Size>(&operand_); }
  const AttributeValue* value() const { return std::get_if<AttributeValue>(&operand_); }

 private:
  std::variant<Path, Size, AttributeValue> operand_;
};

// A condition for ConditionExpression (conditional writes) and FilterExpression
// (Query/Scan). Immutable; copies are cheap (shared tree). A default-constructed Condition
// is empty and means "no condition": it renders as "" and the request should omit the
// parameter. And/Or skip empty operands, so a filter can be built up from an empty start.
//
// Values are checked when rendering (not here), so building never fails; see Render.
class Condition {
 public:
  enum class Kind : std::uint8_t {
    kEmpty,
    kComparison,          // operands: left, right
    kBetween,             // operands: subject, low, high
    kIn,                  // operands: subject, candidates...
    kAttributeExists,     // operands: path
    kAttributeNotExists,  // operands: path
    kAttributeType,       // operands: path, S value holding the type name ("S", "BOOL", ...)
    kBeginsWith,          // operands: path, prefix value
    kContains,            // operands: path, operand
    kAnd,                 // children
    kOr,                  // children
    kNot,                 // children: exactly one
  };
  enum class Comparator : std::uint8_t {
    kEqual,
    kNotEqual,
    kLess,
    kLessOrEqual,
    kGreater,
    kGreaterOrEqual
  };

  Condition() = default;

  // left <op> right. Ordering comparators need S, N or B values; a path may not be
  // compared with itself (DynamoDB: "The first operand must be distinct").
  static Condition Equal(Operand left, Operand right);           // =
  static Condition NotEqual(Operand left, Operand right);        // <>
  static Condition Less(Operand left, Operand right);            // <
  static Condition LessOrEqual(Operand left, Operand right);     // <=
  static Condition Greater(Operand left, Operand right);         // >
  static Condition GreaterOrEqual(Operand left, Operand right);  // >=
  // subject BETWEEN low AND high (inclusive). When both bounds are values they must have
  // the same type (S, N or B); for S and B, low <= high is checked (bytewise, as DynamoDB
  // orders them). N bounds are not ordered here: DynamoDB reports that itself.
  static Condition Between(Operand subject, Operand low, Operand high);
  // subject IN (candidates...): 1 to kMaxInOperands values.
  static Condition In(Operand subject, std::vector<AttributeValue> candidates);
  // attribute_exists(path) / attribute_not_exists(path).
  static Condition AttributeExists(Path path);
  static Condition AttributeNotExists(Path path);
  // attribute_type(path, :type), e.g. AttributeType(Path("a"), AttributeValue::Type::kSS).
  static Condition AttributeType(Path path, AttributeValue::Type type);
  // begins_with(path, prefix): prefix must be S or B.
  static Condition BeginsWith(Path path, AttributeValue prefix);
  // contains(path, operand): substring of a string, element of a set or list.
  static Condition Contains(Path path, Operand operand);

  // Conjunction / disjunction of the non-empty operands: none gives an empty Condition, one
  // gives that operand itself. Nested And(And(a, b), c) flattens to a AND b AND c.
  static Condition And(Condition a, Condition b);
  static Condition And(std::vector<Condition> all);
  static Condition Or(Condition a, Condition b);
  static Condition Or(std::vector<Condition> any);
  // NOT condition. Negating an empty condition fails at render time (there is no "false").
  static Condition Not(Condition condition);

  friend Condition operator&&(Condition a, Condition b) { return And(std::move(a), std::move(b)); }
  friend Condition operator||(Condition a, Condition b) { return Or(std::move(a), std::move(b)); }
  friend Condition operator!(Condition c) { return Not(std::move(c)); }

  bool empty() const { return node_ == nullptr; }

  // Inspection (for engines that evaluate conditions themselves, and for tests).
  Kind kind() const;
  Comparator comparator() const;  // kComparison only
  const std::vector<Operand>& operands() const;
  const std::vector<Condition>& children() const;

 private:
  struct Node;
  explicit Condition(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
  static Condition Compare(Comparator comparator, Operand left, Operand right);
  static Condition Logical(Kind kind, std::vector<Condition> operands);
  static Condition Make(Kind kind, std::vector<Operand> operands);

  std::shared_ptr<const Node> node_;
};

// An UpdateExpression built from actions. Actions render grouped by clause, each clause in
// the order its actions were added: `SET a = :v0, b = :v1 REMOVE c ADD d :v2 DELETE e :v3`.
// Two actions may not touch the same or overlapping paths (`a` and `a.b`), nor use one name
// as both map and list (`a.b` and `a[0]`); DynamoDB rejects that ("Two document paths
// overlap/conflict"), and so does Render.
//
// Chain on a temporary (Update().Set(...).Remove(...)) or on a variable (u.Set(...)).
class Update {
 public:
  enum class ActionKind : std::uint8_t {
    kSet,                // SET p = :v
    kSetIfNotExists,     // SET p = if_not_exists(p, :v)
    kIncrement,          // SET p = if_not_exists(p, :zero) + :v
    kIncrementExisting,  // SET p = p + :v
    kAppendToList,       // SET p = list_append(if_not_exists(p, :empty), :v)
    kPrependToList,      // SET p = list_append(:v, if_not_exists(p, :empty))
    kAdd,                // ADD p :v
    kRemove,             // REMOVE p
    kDeleteFromSet,      // DELETE p :v
  };
  struct Action {
    ActionKind kind;
    Path path;
    AttributeValue value;  // NULL for kRemove
  };

  Update() = default;

  // Sets `path` to `value`, creating or replacing it.
  Update& Set(Path path, AttributeValue value) &;
  // Sets `path` to `value` only if the attribute does not exist yet.
  Update& SetIfNotExists(Path path, AttributeValue value) &;
  // Adds the number `delta` (may be negative) to `path`; a missing attribute counts as 0.
  Update& Increment(Path path, AttributeValue delta) &;
  // Adds `delta` to `path`, which must exist (else DynamoDB fails the request with a
  // ValidationException: "The provided expression refers to an attribute that does not
  // exist in the item").
  Update& IncrementExisting(Path path, AttributeValue delta) &;
  // Appends / prepends the elements of the list `list` to the list at `path`; a missing
  // attribute counts as an empty list.
  Update& AppendToList(Path path, AttributeValue list) &;
  Update& PrependToList(Path path, AttributeValue list) &;
  // ADD: `value` is a number (added, a missing attribute counts as 0) or a non-empty set
  // (union).
  Update& Add(Path path, AttributeValue value) &;
  // Removes the attribute, map entry or list element (later elements shift down).
  Update& Remove(Path path) &;
  // Removes the elements of the non-empty set `set` from the set at `path`.
  Update& DeleteFromSet(Path path, AttributeValue set) &;

  Update&& Set(Path p, AttributeValue v) && { return std::move(Set(std::move(p), std::move(v))); }
  Update&& SetIfNotExists(Path p, AttributeValue v) && {
    return std::move(SetIfNotExists(std::move(p), std::move(v)));
  }
  Update&& Increment(Path p, AttributeValue v) && {
    return std::move(Increment(std::move(p), std::move(v)));
  }
  Update&& IncrementExisting(Path p, AttributeValue v) && {
    return std::move(IncrementExisting(std::move(p), std::move(v)));
  }
  Update&& AppendToList(Path p, AttributeValue v) && {
    return std::move(AppendToList(std::move(p), std::move(v)));
  }
  Update&& PrependToList(Path p, AttributeValue v) && {
    return std::move(PrependToList(std::move(p), std::move(v)));
  }
  Update&& Add(Path p, AttributeValue v) && { return std::move(Add(std::move(p), std::move(v))); }
  Update&& Remove(Path p) && { return std::move(Remove(std::move(p))); }
  Update&& DeleteFromSet(Path p, AttributeValue v) && {
    return std::move(DeleteFromSet(std::move(p), std::move(v)));
  }

  bool empty() const { return actions_.empty(); }
  const std::vector<Action>& actions() const { return actions_; }

  // True if applying this update twice leaves the item as applying it once, so a retry
  // after an unknown outcome is safe. (A condition on the request can change that; this
  // looks at the update alone.)
  //   Set, SetIfNotExists, Remove, DeleteFromSet (set difference): idempotent.
  //   Add of a set (set union): idempotent.  Add of a number: not.
  //   Increment, IncrementExisting, AppendToList, PrependToList: not.
  //   Any action whose path holds a list index: not, because REMOVE a[i] shifts the later
  //   elements and SET a[i] past the end of the list appends.
  // An empty update is idempotent.
  bool IsIdempotent() const;

 private:
  Update& Push(ActionKind kind, Path path, AttributeValue value);
  std::vector<Action> actions_;
};

// A ProjectionExpression: the attributes (or nested elements) to return. Empty means all
// attributes: it renders as "" and the request should omit the parameter. Paths may not
// overlap or conflict (DynamoDB rejects `a, a.b`).
class Projection {
 public:
  Projection() = default;
  Projection(std::initializer_list<Path> paths) : paths_(paths) {}
  explicit Projection(std::vector<Path> paths) : paths_(std::move(paths)) {}

  Projection& Add(Path path) & {
    paths_.push_back(std::move(path));
    return *this;
  }
  Projection&& Add(Path path) && { return std::move(Add(std::move(path))); }

  bool empty() const { return paths_.empty(); }
  const std::vector<Path>& paths() const { return paths_; }

 private:
  std::vector<Path> paths_;
};

// A KeyConditionExpression for Query: equality on the partition key plus at most one
// condition on the sort key:
//   KeyCondition::Partition("user_id", AttributeValue::S("u1"))
//       .SortBeginsWith("sk", AttributeValue::S("bookmark#"))
// Key values must be S, N or B (key attribute types), and S/B key values non-empty;
// begins_with needs S or B. A later Sort* call replaces an earlier one.
// A default-constructed KeyCondition is empty and fails to render: Query needs one.
class KeyCondition {
 public:
  enum class SortOp : std::uint8_t {
    kNone,
    kEqual,
    kLess,
    kLessOrEqual,
    kGreater,
    kGreaterOrEqual,
    kBetween,
    kBeginsWith
  };

  KeyCondition() = default;
  static KeyCondition Partition(std::string name, AttributeValue value);

  KeyCondition& SortEqual(std::string name, AttributeValue value) &;
  KeyCondition& SortLess(std::string name, AttributeValue value) &;
  KeyCondition& SortLessOrEqual(std::string name, AttributeValue value) &;
  KeyCondition& SortGreater(std::string name, AttributeValue value) &;
  KeyCondition& SortGreaterOrEqual(std::string name, AttributeValue value) &;
  KeyCondition& SortBetween(std::string name, AttributeValue low, AttributeValue high) &;
  KeyCondition& SortBeginsWith(std::string name, AttributeValue prefix) &;

  KeyCondition&& SortEqual(std::string n, AttributeValue v) && {
    return std::move(SortEqual(std::move(n), std::move(v)));
  }
  KeyCondition&& SortLess(std::string n, AttributeValue v) && {
    return std::move(SortLess(std::move(n), std::move(v)));
  }
  KeyCondition&& SortLessOrEqual(std::string n, AttributeValue v) && {
    return std::move(SortLessOrEqual(std::move(n), std::move(v)));
  }
  KeyCondition&& SortGreater(std::string n, AttributeValue v) && {
    return std::move(SortGreater(std::move(n), std::move(v)));
  }
  KeyCondition&& SortGreaterOrEqual(std::string n, AttributeValue v) && {
    return std::move(SortGreaterOrEqual(std::move(n), std::move(v)));
  }
  KeyCondition&& SortBetween(std::string n, AttributeValue low, AttributeValue high) && {
    return std::move(SortBetween(std::move(n), std::move(low), std::move(high)));
  }
  KeyCondition&& SortBeginsWith(std::string n, AttributeValue v) && {
    return std::move(SortBeginsWith(std::move(n), std::move(v)));
  }

  bool empty() const { return partition_name_.empty(); }
  const std::string& partition_name() const { return partition_name_; }
  const AttributeValue& partition_value() const { return partition_value_; }
  SortOp sort_op() const { return sort_op_; }
  const std::string& sort_name() const { return sort_name_; }
  // One value, or two (low, high) for kBetween; none for kNone.
  const std::vector<AttributeValue>& sort_values() const { return sort_values_; }

 private:
  KeyCondition& Sort(SortOp op, std::string name, std::vector<AttributeValue> values);

  std::string partition_name_;
  AttributeValue partition_value_;
  SortOp sort_op_ = SortOp::kNone;
  std::string sort_name_;
  std::vector<AttributeValue> sort_values_;
};

// The placeholder maps of one request, shared by all of its expressions (UpdateItem's
// update and condition; Query's key condition, filter and projection).
//
// Names: the same attribute name always gets the same alias (`#n0`, `#n1`, ...), across
// all expressions rendered into this object. Values: every Value() call gets a fresh
// placeholder (`:v0`, `:v1`, ...); equal values are not merged, because comparing values
// costs more than the few bytes a repeat adds, and a fresh placeholder per use is what
// guarantees no value is ever unused. A failed Render leaves the maps as they were.
class ExpressionAliases {
 public:
  ExpressionAliases() = default;

  // The alias of `name`, registering it on first use. Names are arbitrary non-empty
  // strings. Call only if the alias will appear in an expression of the request.
  std::string Name(std::string_view name);
  // A new placeholder bound to `value`. Call only if it will appear in an expression.
  std::string Value(AttributeValue value);

  // ExpressionAttributeNames (alias -> name) and ExpressionAttributeValues (alias -> value).
  // Omit a parameter from the request when its map is empty: DynamoDB rejects empty maps.
  const std::map<std::string, std::string>& names() const { return names_; }
  const Item& values() const { return values_; }
  // Move the maps out (for the request), leaving them empty. Aliases are not reused
  // afterwards, so take only after rendering every expression of the request.
  std::map<std::string, std::string> TakeNames();
  Item TakeValues();

  bool empty() const { return names_.empty() && values_.empty(); }

 private:
  friend class ExpressionWriter;
  void AppendName(std::string_view name, std::string& out);
  void AppendValue(const AttributeValue& value, std::string& out);
  // Forgets every alias numbered >= the given counts (undoes a failed render).
  void Truncate(std::size_t name_count, std::size_t value_count);

  std::map<std::string, std::string> names_;  // "#n3" -> name
  Item values_;                               // ":v3" -> value
  std::size_t next_name_ = 0;
  std::size_t next_value_ = 0;
};

// Render an expression, registering its names and values in `aliases`.
//
// Success: the expression string, or "" when the expression is empty (a default Condition,
// Update or Projection), in which case nothing was registered and the request should omit
// the parameter.
// Failure: errc::kInvalidArgument, and `aliases` is unchanged, when the expression is
// invalid: an empty name segment or path; a value holding an empty set (at any depth);
// IN with 0 or more than kMaxInOperands candidates; an ordering comparison or BETWEEN on a
// value that is not S, N or B; BETWEEN bounds of different types or S/B bounds out of
// order; begins_with on a value that is not S or B; NOT of an empty condition; a path
// compared with itself; an Update with overlapping or conflicting paths, a non-number
// increment, a non-list append, ADD of a value that is neither number nor set, or DELETE
// of a non-set; a Projection with overlapping or conflicting paths; an empty KeyCondition,
// key values of the wrong type, or a sort key named like the partition key; or a result
// longer than kMaxExpressionBytes.
[[nodiscard]] Result<std::string> Render(const Condition& condition, ExpressionAliases& aliases);
[[nodiscard]] Result<std::string> Render(const Update& update, ExpressionAliases& aliases);
[[nodiscard]] Result<std::string> Render(const Projection& projection, ExpressionAliases& aliases);
[[nodiscard]] Result<std::string> Render(const KeyCondition& key_condition,
                                         ExpressionAliases& aliases);

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_EXPRESSION_H_
