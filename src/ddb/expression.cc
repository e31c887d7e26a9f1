// Builders for DynamoDB expressions and the renderer that prints them with `#nN` / `:vN`
// placeholders. Rendering validates as it writes and undoes its alias registrations on
// failure, so a request never carries an unused name or value.
#include "ddb/expression.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace homeboard::ddb {
namespace {

// Returns the Error of a failed Status from the enclosing function.
#define HOMEBOARD_EXPR_RETURN_IF_ERROR(expr)      \
  do {                                            \
    if (Status status_ = (expr); !status_.ok()) { \
      return std::move(status_).error();          \
    }                                             \
  } while (0)

Error Invalid(std::string message) { return {errc::kInvalidArgument, std::move(message)}; }

void AppendNumber(std::size_t number, std::string& out) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), number);
  out.append(buffer, end);
}

std::string NumberedAlias(char prefix, std::size_t number) {
  std::string alias(1, prefix);
  alias += prefix == '#' ? 'n' : 'v';
  AppendNumber(number, alias);
  return alias;
}

bool IsSet(const AttributeValue& value) { return value.IsSS() || value.IsNS() || value.IsBS(); }

bool IsScalarKeyType(const AttributeValue& value) {
  return value.IsS() || value.IsN() || value.IsB();
}

std::string_view TypeNameOf(const AttributeValue& value) {
  return AttributeValue::TypeName(value.type());
}

Status CheckPath(const Path& path) {
  if (path.segments().empty()) return Invalid("empty document path");
  for (const Path::Segment& segment : path.segments()) {
    if (!segment.is_index && segment.name.empty()) {
      return Invalid("empty attribute name in document path " + path.ToString());
    }
  }
  return OkStatus();
}

// DynamoDB rejects empty sets anywhere in a value ("An AttributeValue may not contain an
// empty set").
Status CheckValue(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeValue::Type::kSS:
      if (value.AsSS().empty()) return Invalid("empty string set in expression value");
      break;
    case AttributeValue::Type::kNS:
      if (value.AsNS().empty()) return Invalid("empty number set in expression value");
      break;
    case AttributeValue::Type::kBS:
      if (value.AsBS().empty()) return Invalid("empty binary set in expression value");
      break;
    case AttributeValue::Type::kM:
      for (const auto& [name, element] : value.AsM()) {
        HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckValue(element));
      }
      break;
    case AttributeValue::Type::kL:
      for (const AttributeValue& element : value.AsL()) {
        HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckValue(element));
      }
      break;
    default:
      break;
  }
  return OkStatus();
}

Status CheckOperand(const Operand& operand) {
  if (const Path* path = operand.path()) return CheckPath(*path);
  if (const Size* size = operand.size()) return CheckPath(size->path());
  return CheckValue(*operand.value());
}

// Ordering operators (<, <=, >, >=, BETWEEN) compare only strings, numbers and binaries.
Status CheckOrderable(const Operand& operand, std::string_view op) {
  const AttributeValue* value = operand.value();
  if (value != nullptr && !IsScalarKeyType(*value)) {
    return Invalid(std::string(op) + " needs S, N or B values, got " +
                   std::string(TypeNameOf(*value)));
  }
  return OkStatus();
}

// DynamoDB: "The first operand must be distinct from the remaining operands".
Status CheckDistinct(const Operand& first, const Operand& other, std::string_view op) {
  if (first.path() != nullptr && other.path() != nullptr && *first.path() == *other.path()) {
    return Invalid(std::string(op) + " compares path " + first.path()->ToString() + " with itself");
  }
  return OkStatus();
}

// Bounds that are both values must share a type; S and B bounds must be in order
// (DynamoDB orders them bytewise, as std::string comparison does).
Status CheckBounds(const AttributeValue* low, const AttributeValue* high) {
  if (low == nullptr || high == nullptr) return OkStatus();
  if (low->type() != high->type()) {
    return Invalid("BETWEEN bounds have different types: " + std::string(TypeNameOf(*low)) +
                   " and " + std::string(TypeNameOf(*high)));
  }
  bool reversed =
      (low->IsS() && low->AsS() > high->AsS()) || (low->IsB() && low->AsB() > high->AsB());
  if (reversed) return Invalid("BETWEEN lower bound is greater than the upper bound");
  return OkStatus();
}

// Two paths touched by one update (or listed in one projection) must be disjoint:
// DynamoDB rejects a prefix ("overlap": a, a.b) and a name used as both map and list
// ("conflict": a.b, a[0]). `path_at(i)` returns the i-th of `count` paths. Quadratic, but
// over the handful of paths one request touches, and without allocating.
template <typename PathAt>
Status CheckDisjoint(std::size_t count, PathAt path_at) {
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t j = i + 1; j < count; ++j) {
      const Path& a = path_at(i);
      const Path& b = path_at(j);
      std::size_t common = std::min(a.segments().size(), b.segments().size());
      bool disjoint = false;
      for (std::size_t k = 0; k < common && !disjoint; ++k) {
        const Path::Segment& sa = a.segments()[k];
        const Path::Segment& sb = b.segments()[k];
        if (sa.is_index != sb.is_index) {
          return Invalid("document paths conflict: " + a.ToString() + " and " + b.ToString());
        }
        disjoint = sa != sb;
      }
      if (!disjoint) {
        return Invalid("document paths overlap: " + a.ToString() + " and " + b.ToString());
      }
    }
  }
  return OkStatus();
}

std::string_view ComparatorText(Condition::Comparator comparator) {
  switch (comparator) {
    case Condition::Comparator::kEqual:
      return "=";
    case Condition::Comparator::kNotEqual:
      return "<>";
    case Condition::Comparator::kLess:
      return "<";
    case Condition::Comparator::kLessOrEqual:
      return "<=";
    case Condition::Comparator::kGreater:
      return ">";
    case Condition::Comparator::kGreaterOrEqual:
      return ">=";
  }
  return "=";
}

bool IsLogical(Condition::Kind kind) {
  return kind == Condition::Kind::kAnd || kind == Condition::Kind::kOr ||
         kind == Condition::Kind::kNot;
}

}  // namespace

// Appends expression text and placeholders for one Render call. Undoes the call's alias
// registrations unless Finish() succeeds.
class ExpressionWriter {
 public:
  ExpressionWriter(ExpressionAliases& aliases, std::string_view what)
      : aliases_(aliases),
        what_(what),
        first_name_(aliases.next_name_),
        first_value_(aliases.next_value_) {
    out_.reserve(96);
  }
  ~ExpressionWriter() {
    if (!committed_) aliases_.Truncate(first_name_, first_value_);
  }
  ExpressionWriter(const ExpressionWriter&) = delete;
  ExpressionWriter& operator=(const ExpressionWriter&) = delete;

  void Text(std::string_view text) { out_ += text; }
  void Value(const AttributeValue& value) { aliases_.AppendValue(value, out_); }
  void Name(std::string_view name) { aliases_.AppendName(name, out_); }

  void WritePath(const Path& path) {
    for (const Path::Segment& segment : path.segments()) {
      if (segment.is_index) {
        out_ += '[';
        AppendNumber(segment.index, out_);
        out_ += ']';
      } else {
        if (&segment != &path.segments().front()) out_ += '.';
        Name(segment.name);
      }
    }
  }

  void WriteOperand(const Operand& operand) {
    if (const Path* path = operand.path()) {
      WritePath(*path);
    } else if (const Size* size = operand.size()) {
      out_ += "size(";
      WritePath(size->path());
      out_ += ')';
    } else {
      Value(*operand.value());
    }
  }

  bool empty() const { return out_.empty(); }

  Result<std::string> Finish() {
    if (out_.size() > kMaxExpressionBytes) {
      std::string message(what_);
      message += " is ";
      AppendNumber(out_.size(), message);
      message += " bytes; DynamoDB allows at most ";
      AppendNumber(kMaxExpressionBytes, message);
      return Invalid(std::move(message));
    }
    committed_ = true;
    return std::move(out_);
  }

 private:
  ExpressionAliases& aliases_;
  std::string_view what_;
  std::size_t first_name_;
  std::size_t first_value_;
  std::string out_;
  bool committed_ = false;
};

// ---------------------------------------------------------------------------- Path

Path::Path(std::string name) { segments_.push_back(Segment{std::move(name), 0, false}); }
Path::Path(std::string_view name) : Path(std::string(name)) {}
Path::Path(const char* name) : Path(std::string(name)) {}

Path Path::Field(std::string name) const& { return Path(*this).Field(std::move(name)); }
Path Path::Field(std::string name) && {
  segments_.push_back(Segment{std::move(name), 0, false});
  return std::move(*this);
}
Path Path::Index(std::uint32_t index) const& { return Path(*this).Index(index); }
Path Path::Index(std::uint32_t index) && {
  segments_.push_back(Segment{std::string(), index, true});
  return std::move(*this);
}

bool Path::HasIndex() const {
  return std::any_of(segments_.begin(), segments_.end(),
                     [](const Segment& segment) { return segment.is_index; });
}

std::string Path::ToString() const {
  std::string text = "[";
  for (const Segment& segment : segments_) {
    if (text.size() > 1) text += ", ";
    if (segment.is_index) {
      text += '[';
      AppendNumber(segment.index, text);
      text += ']';
    } else {
      text += segment.name;
    }
  }
  text += ']';
  return text;
}

// ---------------------------------------------------------------------------- Condition

struct Condition::Node {
  Kind kind = Kind::kEmpty;
  Comparator comparator = Comparator::kEqual;
  std::vector<Operand> operands;
  std::vector<Condition> children;
};

namespace {
template <typename... Args>
std::vector<Operand> Operands(Args&&... args) {
  std::vector<Operand> operands;
  operands.reserve(sizeof...(args));
  (operands.emplace_back(std::forward<Args>(args)), ...);
  return operands;
}
}  // namespace

Condition Condition::Make(Kind kind, std::vector<Operand> operands) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  node->operands = std::move(operands);
  return Condition(std::move(node));
}

Condition Condition::Compare(Comparator comparator, Operand left, Operand right) {
  auto node = std::make_shared<Node>();
  node->kind = Kind::kComparison;
  node->comparator = comparator;
  node->operands = Operands(std::move(left), std::move(right));
  return Condition(std::move(node));
}

Condition Condition::Equal(Operand left, Operand right) {
  return Compare(Comparator::kEqual, std::move(left), std::move(right));
}
Condition Condition::NotEqual(Operand left, Operand right) {
  return Compare(Comparator::kNotEqual, std::move(left), std::move(right));
}
Condition Condition::Less(Operand left, Operand right) {
  return Compare(Comparator::kLess, std::move(left), std::move(right));
}
Condition Condition::LessOrEqual(Operand left, Operand right) {
  return Compare(Comparator::kLessOrEqual, std::move(left), std::move(right));
}
Condition Condition::Greater(Operand left, Operand right) {
  return Compare(Comparator::kGreater, std::move(left), std::move(right));
}
Condition Condition::GreaterOrEqual(Operand left, Operand right) {
  return Compare(Comparator::kGreaterOrEqual, std::move(left), std::move(right));
}
Condition Condition::Between(Operand subject, Operand low, Operand high) {
  return Make(Kind::kBetween, Operands(std::move(subject), std::move(low), std::move(high)));
}
Condition Condition::In(Operand subject, std::vector<AttributeValue> candidates) {
  std::vector<Operand> operands;
  operands.reserve(1 + candidates.size());
  operands.push_back(std::move(subject));
  for (AttributeValue& candidate : candidates) operands.emplace_back(std::move(candidate));
  return Make(Kind::kIn, std::move(operands));
}
Condition Condition::AttributeExists(Path path) {
  return Make(Kind::kAttributeExists, Operands(std::move(path)));
}
Condition Condition::AttributeNotExists(Path path) {
  return Make(Kind::kAttributeNotExists, Operands(std::move(path)));
}
Condition Condition::AttributeType(Path path, AttributeValue::Type type) {
  return Make(
      Kind::kAttributeType,
      Operands(std::move(path), AttributeValue::S(std::string(AttributeValue::TypeName(type)))));
}
Condition Condition::BeginsWith(Path path, AttributeValue prefix) {
  return Make(Kind::kBeginsWith, Operands(std::move(path), std::move(prefix)));
}
Condition Condition::Contains(Path path, Operand operand) {
  return Make(Kind::kContains, Operands(std::move(path), std::move(operand)));
}

Condition Condition::Logical(Kind kind, std::vector<Condition> operands) {
  std::vector<Condition> flat;
  flat.reserve(operands.size());
  for (Condition& operand : operands) {
    if (operand.empty()) continue;
    if (operand.kind() == kind) {
      flat.insert(flat.end(), operand.children().begin(), operand.children().end());
    } else {
      flat.push_back(std::move(operand));
    }
  }
  if (flat.empty()) return {};
  if (flat.size() == 1) return std::move(flat.front());
  auto node = std::make_shared<Node>();
  node->kind = kind;
  node->children = std::move(flat);
  return Condition(std::move(node));
}

Condition Condition::And(Condition a, Condition b) {
  return Logical(Kind::kAnd, {std::move(a), std::move(b)});
}
Condition Condition::And(std::vector<Condition> all) { return Logical(Kind::kAnd, std::move(all)); }
Condition Condition::Or(Condition a, Condition b) {
  return Logical(Kind::kOr, {std::move(a), std::move(b)});
}
Condition Condition::Or(std::vector<Condition> any) { return Logical(Kind::kOr, std::move(any)); }

Condition Condition::Not(Condition condition) {
  auto node = std::make_shared<Node>();
  node->kind = Kind::kNot;
  node->children.push_back(std::move(condition));
  return Condition(std::move(node));
}

Condition::Kind Condition::kind() const { return node_ ? node_->kind : Kind::kEmpty; }
Condition::Comparator Condition::comparator() const {
  return node_ ? node_->comparator : Comparator::kEqual;
}
const std::vector<Operand>& Condition::operands() const {
  static const std::vector<Operand> kNone;
  return node_ ? node_->operands : kNone;
}
const std::vector<Condition>& Condition::children() const {
  static const std::vector<Condition> kNone;
  return node_ ? node_->children : kNone;
}

namespace {

// Operator precedence, loosest first: OR, AND, NOT, then comparisons and functions.
// Parenthesise a logical child of a different logical operator (AND inside OR, OR inside
// AND, anything logical under NOT). Same-kind nesting never occurs (And/Or flatten), and
// this never produces `((...))`, which DynamoDB rejects as "redundant parentheses".
Status WriteCondition(const Condition& condition, ExpressionWriter& writer);

Status WriteChild(const Condition& child, bool parenthesise, ExpressionWriter& writer) {
  if (parenthesise) writer.Text("(");
  HOMEBOARD_EXPR_RETURN_IF_ERROR(WriteCondition(child, writer));
  if (parenthesise) writer.Text(")");
  return OkStatus();
}

Status WriteFunction(std::string_view name, const std::vector<Operand>& operands,
                     ExpressionWriter& writer) {
  writer.Text(name);
  writer.Text("(");
  for (std::size_t i = 0; i < operands.size(); ++i) {
    if (i > 0) writer.Text(", ");
    writer.WriteOperand(operands[i]);
  }
  writer.Text(")");
  return OkStatus();
}

Status WriteCondition(const Condition& condition, ExpressionWriter& writer) {
  using Kind = Condition::Kind;
  const std::vector<Operand>& operands = condition.operands();
  for (const Operand& operand : operands) HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckOperand(operand));

  switch (condition.kind()) {
    case Kind::kEmpty:
      // Only reachable under NOT: Render handles a top-level empty condition, And/Or drop
      // empty operands.
      return Invalid("NOT of an empty condition");
    case Kind::kComparison: {
      std::string_view op = ComparatorText(condition.comparator());
      HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckDistinct(operands[0], operands[1], op));
      if (condition.comparator() != Condition::Comparator::kEqual &&
          condition.comparator() != Condition::Comparator::kNotEqual) {
        HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckOrderable(operands[0], op));
        HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckOrderable(operands[1], op));
      }
      writer.WriteOperand(operands[0]);
      writer.Text(" ");
      writer.Text(op);
      writer.Text(" ");
      writer.WriteOperand(operands[1]);
      return OkStatus();
    }
    case Kind::kBetween:
      for (const Operand& operand : operands) {
        HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckOrderable(operand, "BETWEEN"));
      }
      HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckDistinct(operands[0], operands[1], "BETWEEN"));
      HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckDistinct(operands[0], operands[2], "BETWEEN"));
      HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckBounds(operands[1].value(), operands[2].value()));
      writer.WriteOperand(operands[0]);
      writer.Text(" BETWEEN ");
      writer.WriteOperand(operands[1]);
      writer.Text(" AND ");
      writer.WriteOperand(operands[2]);
      return OkStatus();
    case Kind::kIn: {
      std::size_t candidates = operands.size() - 1;
      if (candidates == 0 || candidates > kMaxInOperands) {
        std::string message = "IN needs 1 to 100 candidates, got ";
        AppendNumber(candidates, message);
        return Invalid(std::move(message));
      }
      writer.WriteOperand(operands[0]);
      writer.Text(" IN (");
      for (std::size_t i = 1; i < operands.size(); ++i) {
        if (i > 1) writer.Text(", ");
        writer.WriteOperand(operands[i]);
      }
      writer.Text(")");
      return OkStatus();
    }
    case Kind::kAttributeExists:
      return WriteFunction("attribute_exists", operands, writer);
    case Kind::kAttributeNotExists:
      return WriteFunction("attribute_not_exists", operands, writer);
    case Kind::kAttributeType:
      return WriteFunction("attribute_type", operands, writer);
    case Kind::kBeginsWith: {
      const AttributeValue& prefix = *operands[1].value();
      if (!prefix.IsS() && !prefix.IsB()) {
        return Invalid("begins_with needs an S or B prefix, got " +
                       std::string(TypeNameOf(prefix)));
      }
      return WriteFunction("begins_with", operands, writer);
    }
    case Kind::kContains:
      return WriteFunction("contains", operands, writer);
    case Kind::kAnd:
    case Kind::kOr: {
      bool is_and = condition.kind() == Kind::kAnd;
      Kind other = is_and ? Kind::kOr : Kind::kAnd;
      const std::vector<Condition>& children = condition.children();
      for (std::size_t i = 0; i < children.size(); ++i) {
        if (i > 0) writer.Text(is_and ? " AND " : " OR ");
        HOMEBOARD_EXPR_RETURN_IF_ERROR(
            WriteChild(children[i], children[i].kind() == other, writer));
      }
      return OkStatus();
    }
    case Kind::kNot: {
      const Condition& child = condition.children().front();
      writer.Text("NOT ");
      return WriteChild(child, IsLogical(child.kind()), writer);
    }
  }
  return Invalid("unknown condition kind");
}

}  // namespace

// ---------------------------------------------------------------------------- Update

Update& Update::Push(ActionKind kind, Path path, AttributeValue value) {
  actions_.push_back(Action{kind, std::move(path), std::move(value)});
  return *this;
}

Update& Update::Set(Path path, AttributeValue value) & {
  return Push(ActionKind::kSet, std::move(path), std::move(value));
}
Update& Update::SetIfNotExists(Path path, AttributeValue value) & {
  return Push(ActionKind::kSetIfNotExists, std::move(path), std::move(value));
}
Update& Update::Increment(Path path, AttributeValue delta) & {
  return Push(ActionKind::kIncrement, std::move(path), std::move(delta));
}
Update& Update::IncrementExisting(Path path, AttributeValue delta) & {
  return Push(ActionKind::kIncrementExisting, std::move(path), std::move(delta));
}
Update& Update::AppendToList(Path path, AttributeValue list) & {
  return Push(ActionKind::kAppendToList, std::move(path), std::move(list));
}
Update& Update::PrependToList(Path path, AttributeValue list) & {
  return Push(ActionKind::kPrependToList, std::move(path), std::move(list));
}
Update& Update::Add(Path path, AttributeValue value) & {
  return Push(ActionKind::kAdd, std::move(path), std::move(value));
}
Update& Update::Remove(Path path) & {
  return Push(ActionKind::kRemove, std::move(path), AttributeValue::Null());
}
Update& Update::DeleteFromSet(Path path, AttributeValue set) & {
  return Push(ActionKind::kDeleteFromSet, std::move(path), std::move(set));
}

bool Update::IsIdempotent() const {
  for (const Action& action : actions_) {
    if (action.path.HasIndex()) return false;
    switch (action.kind) {
      case ActionKind::kSet:
      case ActionKind::kSetIfNotExists:
      case ActionKind::kRemove:
      case ActionKind::kDeleteFromSet:
        break;
      case ActionKind::kAdd:
        if (!IsSet(action.value)) return false;
        break;
      case ActionKind::kIncrement:
      case ActionKind::kIncrementExisting:
      case ActionKind::kAppendToList:
      case ActionKind::kPrependToList:
        return false;
    }
  }
  return true;
}

namespace {

enum class Clause { kSet, kRemove, kAdd, kDelete };

Clause ClauseOf(Update::ActionKind kind) {
  switch (kind) {
    case Update::ActionKind::kRemove:
      return Clause::kRemove;
    case Update::ActionKind::kAdd:
      return Clause::kAdd;
    case Update::ActionKind::kDeleteFromSet:
      return Clause::kDelete;
    default:
      return Clause::kSet;
  }
}

// Checks one action's path and value.
Status CheckAction(const Update::Action& action) {
  using Kind = Update::ActionKind;
  HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckPath(action.path));
  HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckValue(action.value));
  const AttributeValue& value = action.value;
  auto wrong_type = [&](std::string_view what, std::string_view needs) {
    return Invalid(std::string(what) + action.path.ToString() + " needs " + std::string(needs) +
                   ", got " + std::string(TypeNameOf(value)));
  };
  switch (action.kind) {
    case Kind::kSet:
    case Kind::kSetIfNotExists:
    case Kind::kRemove:
      break;
    case Kind::kIncrement:
    case Kind::kIncrementExisting:
      if (!value.IsN()) return wrong_type("increment of ", "an N value");
      break;
    case Kind::kAppendToList:
    case Kind::kPrependToList:
      if (!value.IsL()) return wrong_type("list_append to ", "an L value");
      break;
    case Kind::kAdd:
      if (!value.IsN() && !IsSet(value)) return wrong_type("ADD to ", "an N or set value");
      break;
    case Kind::kDeleteFromSet:
      if (!IsSet(value)) return wrong_type("DELETE from ", "a set value");
      break;
  }
  return OkStatus();
}

void WriteAction(const Update::Action& action, ExpressionWriter& writer) {
  using Kind = Update::ActionKind;
  writer.WritePath(action.path);
  switch (action.kind) {
    case Kind::kSet:
      writer.Text(" = ");
      writer.Value(action.value);
      return;
    case Kind::kSetIfNotExists:
      writer.Text(" = if_not_exists(");
      writer.WritePath(action.path);
      writer.Text(", ");
      writer.Value(action.value);
      writer.Text(")");
      return;
    case Kind::kIncrement:
      writer.Text(" = if_not_exists(");
      writer.WritePath(action.path);
      writer.Text(", ");
      writer.Value(AttributeValue::N("0"));
      writer.Text(") + ");
      writer.Value(action.value);
      return;
    case Kind::kIncrementExisting:
      writer.Text(" = ");
      writer.WritePath(action.path);
      writer.Text(" + ");
      writer.Value(action.value);
      return;
    case Kind::kAppendToList:
      writer.Text(" = list_append(if_not_exists(");
      writer.WritePath(action.path);
      writer.Text(", ");
      writer.Value(AttributeValue::L({}));
      writer.Text("), ");
      writer.Value(action.value);
      writer.Text(")");
      return;
    case Kind::kPrependToList:
      writer.Text(" = list_append(");
      writer.Value(action.value);
      writer.Text(", if_not_exists(");
      writer.WritePath(action.path);
      writer.Text(", ");
      writer.Value(AttributeValue::L({}));
      writer.Text("))");
      return;
    case Kind::kAdd:
    case Kind::kDeleteFromSet:
      writer.Text(" ");
      writer.Value(action.value);
      return;
    case Kind::kRemove:
      return;
  }
}

}  // namespace

// ---------------------------------------------------------------------------- KeyCondition

KeyCondition KeyCondition::Partition(std::string name, AttributeValue value) {
  KeyCondition condition;
  condition.partition_name_ = std::move(name);
  condition.partition_value_ = std::move(value);
  return condition;
}

KeyCondition& KeyCondition::Sort(SortOp op, std::string name, std::vector<AttributeValue> values) {
  sort_op_ = op;
  sort_name_ = std::move(name);
  sort_values_ = std::move(values);
  return *this;
}

KeyCondition& KeyCondition::SortEqual(std::string name, AttributeValue value) & {
  return Sort(SortOp::kEqual, std::move(name), {std::move(value)});
}
KeyCondition& KeyCondition::SortLess(std::string name, AttributeValue value) & {
  return Sort(SortOp::kLess, std::move(name), {std::move(value)});
}
KeyCondition& KeyCondition::SortLessOrEqual(std::string name, AttributeValue value) & {
  return Sort(SortOp::kLessOrEqual, std::move(name), {std::move(value)});
}
KeyCondition& KeyCondition::SortGreater(std::string name, AttributeValue value) & {
  return Sort(SortOp::kGreater, std::move(name), {std::move(value)});
}
KeyCondition& KeyCondition::SortGreaterOrEqual(std::string name, AttributeValue value) & {
  return Sort(SortOp::kGreaterOrEqual, std::move(name), {std::move(value)});
}
KeyCondition& KeyCondition::SortBetween(std::string name, AttributeValue low,
                                        AttributeValue high) & {
  return Sort(SortOp::kBetween, std::move(name), {std::move(low), std::move(high)});
}
KeyCondition& KeyCondition::SortBeginsWith(std::string name, AttributeValue prefix) & {
  return Sort(SortOp::kBeginsWith, std::move(name), {std::move(prefix)});
}

namespace {

// Key attributes are S, N or B, and S/B key values may not be empty.
Status CheckKeyValue(const std::string& name, const AttributeValue& value) {
  if (!IsScalarKeyType(value)) {
    return Invalid("key condition on " + name + " needs an S, N or B value, got " +
                   std::string(TypeNameOf(value)));
  }
  if ((value.IsS() && value.AsS().empty()) || (value.IsB() && value.AsB().empty())) {
    return Invalid("key condition on " + name + " has an empty value");
  }
  return OkStatus();
}

}  // namespace

// ---------------------------------------------------------------------------- Aliases

void ExpressionAliases::AppendName(std::string_view name, std::string& out) {
  // Linear search: a request names a handful of attributes, and a scan of a few map
  // nodes beats keeping a second (reverse) map in sync.
  for (const auto& [alias, existing] : names_) {
    if (existing == name) {
      out += alias;
      return;
    }
  }
  std::string alias = NumberedAlias('#', next_name_++);
  out += alias;
  names_.emplace(std::move(alias), std::string(name));
}

void ExpressionAliases::AppendValue(const AttributeValue& value, std::string& out) {
  std::string alias = NumberedAlias(':', next_value_++);
  out += alias;
  values_.emplace(std::move(alias), value);
}

std::string ExpressionAliases::Name(std::string_view name) {
  std::string alias;
  AppendName(name, alias);
  return alias;
}

std::string ExpressionAliases::Value(AttributeValue value) {
  std::string alias = NumberedAlias(':', next_value_++);
  values_.emplace(alias, std::move(value));
  return alias;
}

std::map<std::string, std::string> ExpressionAliases::TakeNames() {
  std::map<std::string, std::string> names = std::move(names_);
  names_.clear();
  return names;
}

Item ExpressionAliases::TakeValues() {
  Item values = std::move(values_);
  values_.clear();
  return values;
}

void ExpressionAliases::Truncate(std::size_t name_count, std::size_t value_count) {
  for (std::size_t i = name_count; i < next_name_; ++i) names_.erase(NumberedAlias('#', i));
  for (std::size_t i = value_count; i < next_value_; ++i) values_.erase(NumberedAlias(':', i));
  next_name_ = name_count;
  next_value_ = value_count;
}

// ---------------------------------------------------------------------------- Render

Result<std::string> Render(const Condition& condition, ExpressionAliases& aliases) {
  if (condition.empty()) return std::string();
  ExpressionWriter writer(aliases, "condition expression");
  HOMEBOARD_EXPR_RETURN_IF_ERROR(WriteCondition(condition, writer));
  return writer.Finish();
}

Result<std::string> Render(const Update& update, ExpressionAliases& aliases) {
  if (update.empty()) return std::string();
  const std::vector<Update::Action>& actions = update.actions();
  // DynamoDB also caps an UpdateExpression at 300 operators and functions, but each one
  // we render costs at least 18 bytes of text, so the 4 KB length check always fires first.
  for (const Update::Action& action : actions) HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckAction(action));
  HOMEBOARD_EXPR_RETURN_IF_ERROR(
      CheckDisjoint(actions.size(), [&](std::size_t i) -> const Path& { return actions[i].path; }));

  ExpressionWriter writer(aliases, "update expression");
  static constexpr std::pair<Clause, std::string_view> kClauses[] = {{Clause::kSet, "SET "},
                                                                     {Clause::kRemove, "REMOVE "},
                                                                     {Clause::kAdd, "ADD "},
                                                                     {Clause::kDelete, "DELETE "}};
  for (const auto& [clause, keyword] : kClauses) {
    bool first = true;
    for (const Update::Action& action : actions) {
      if (ClauseOf(action.kind) != clause) continue;
      if (first) {
        if (!writer.empty()) writer.Text(" ");
        writer.Text(keyword);
        first = false;
      } else {
        writer.Text(", ");
      }
      WriteAction(action, writer);
    }
  }
  return writer.Finish();
}

Result<std::string> Render(const Projection& projection, ExpressionAliases& aliases) {
  if (projection.empty()) return std::string();
  const std::vector<Path>& paths = projection.paths();
  for (const Path& path : paths) HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckPath(path));
  HOMEBOARD_EXPR_RETURN_IF_ERROR(
      CheckDisjoint(paths.size(), [&](std::size_t i) -> const Path& { return paths[i]; }));
  ExpressionWriter writer(aliases, "projection expression");
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (i > 0) writer.Text(", ");
    writer.WritePath(paths[i]);
  }
  return writer.Finish();
}

Result<std::string> Render(const KeyCondition& key_condition, ExpressionAliases& aliases) {
  using SortOp = KeyCondition::SortOp;
  if (key_condition.empty()) {
    return Invalid("key condition needs a partition key name and value");
  }
  const std::string& partition = key_condition.partition_name();
  HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckKeyValue(partition, key_condition.partition_value()));
  SortOp op = key_condition.sort_op();
  const std::string& sort = key_condition.sort_name();
  const std::vector<AttributeValue>& values = key_condition.sort_values();
  if (op != SortOp::kNone) {
    if (sort.empty()) return Invalid("key condition has an empty sort key name");
    if (sort == partition) {
      return Invalid("key condition names " + sort + " as both partition and sort key");
    }
    for (const AttributeValue& value : values) {
      HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckKeyValue(sort, value));
    }
    if (op == SortOp::kBeginsWith && values[0].IsN()) {
      return Invalid("begins_with on sort key " + sort + " needs an S or B prefix, got N");
    }
    if (op == SortOp::kBetween) {
      HOMEBOARD_EXPR_RETURN_IF_ERROR(CheckBounds(values.data(), values.data() + 1));
    }
  }

  ExpressionWriter writer(aliases, "key condition expression");
  writer.Name(partition);
  writer.Text(" = ");
  writer.Value(key_condition.partition_value());
  switch (op) {
    case SortOp::kNone:
      break;
    case SortOp::kEqual:
    case SortOp::kLess:
    case SortOp::kLessOrEqual:
    case SortOp::kGreater:
    case SortOp::kGreaterOrEqual: {
      static constexpr std::string_view kText[] = {"", " = ", " < ", " <= ", " > ", " >= "};
      writer.Text(" AND ");
      writer.Name(sort);
      writer.Text(kText[static_cast<int>(op)]);
      writer.Value(values[0]);
      break;
    }
    case SortOp::kBetween:
      writer.Text(" AND ");
      writer.Name(sort);
      writer.Text(" BETWEEN ");
      writer.Value(values[0]);
      writer.Text(" AND ");
      writer.Value(values[1]);
      break;
    case SortOp::kBeginsWith:
      writer.Text(" AND begins_with(");
      writer.Name(sort);
      writer.Text(", ");
      writer.Value(values[0]);
      writer.Text(")");
      break;
  }
  return writer.Finish();
}

#undef HOMEBOARD_EXPR_RETURN_IF_ERROR

}  // namespace homeboard::ddb
