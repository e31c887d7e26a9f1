// Application of ddb::Update actions to items; the rules are listed in the header.
//
// Actions are applied one by one to the item in place. What would move list elements
// (REMOVE of an element, SET past the end) is recorded per list and applied at the end, so
// that every index keeps naming the element it named before the update. The pending lists
// are applied deepest first: applying an outer list's changes moves its elements, and with
// them any inner list still waiting.
#include "store/sqlite/update_eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ddb/internal/value_codec.h"
#include "store/request_checks.h"
#include "store/sqlite/item_format.h"
#include "store/sqlite/number.h"

namespace homeboard::store::sqlite {
namespace {

using ActionKind = Update::ActionKind;
using List = std::vector<AttributeValue>;

constexpr std::string_view kInvalidPath =
    "The document path provided in the update expression is invalid for update";
constexpr std::string_view kWrongType =
    "An operand in the update expression has an incorrect data type";
constexpr std::string_view kMissingAttribute =
    "The provided expression refers to an attribute that does not exist in the item";

Error UpdateError(std::string_view message, const ddb::Path& path) {
  return InvalidArgument(fmt::format("{} (path {})", message, path.ToString()));
}

struct PendingList {
  std::size_t depth = 0;
  std::set<std::uint32_t> removals;
  std::map<std::uint32_t, AttributeValue> appends;  // by requested index: lands in that order
};

class Applier {
 public:
  explicit Applier(Item& item) : item_(item) {}

  Status Apply(const Update::Action& action) {
    if (Status s = Locate(action.path); !s.ok()) return s;
    AttributeValue* current = Current();
    const AttributeValue& value = action.value;
    switch (action.kind) {
      case ActionKind::kSet:
        Write(value);
        return {};
      case ActionKind::kSetIfNotExists:
        if (current == nullptr) Write(value);
        return {};
      case ActionKind::kIncrement:
      case ActionKind::kIncrementExisting: {
        if (current == nullptr && action.kind == ActionKind::kIncrementExisting) {
          return UpdateError(kMissingAttribute, action.path);
        }
        if (current != nullptr && !current->IsN()) return UpdateError(kWrongType, action.path);
        return WriteSum(current == nullptr ? "0" : current->AsN(), value.AsN());
      }
      case ActionKind::kAppendToList:
      case ActionKind::kPrependToList: {
        if (current != nullptr && !current->IsL()) return UpdateError(kWrongType, action.path);
        List base = current == nullptr ? List() : current->AsL();
        List joined = action.kind == ActionKind::kAppendToList ? base : value.AsL();
        const List& tail = action.kind == ActionKind::kAppendToList ? value.AsL() : base;
        joined.insert(joined.end(), tail.begin(), tail.end());
        Write(AttributeValue::L(std::move(joined)));
        return {};
      }
      case ActionKind::kAdd:
        if (current == nullptr) {
          Write(value);
          return {};
        }
        if (value.IsN()) {
          if (!current->IsN()) return UpdateError(kWrongType, action.path);
          return WriteSum(current->AsN(), value.AsN());
        }
        if (current->type() != value.type()) return UpdateError(kWrongType, action.path);
        Write(Union(*current, value));
        return {};
      case ActionKind::kRemove:
        Erase();
        return {};
      case ActionKind::kDeleteFromSet: {
        if (current == nullptr) return {};
        if (current->type() != value.type()) return UpdateError(kWrongType, action.path);
        AttributeValue rest = Difference(*current, value);
        if (rest.IsNull()) {
          Erase();
        } else {
          Write(std::move(rest));
        }
        return {};
      }
    }
    return InvalidArgument("unknown update action");
  }

  // Removals and appends, deepest lists first.
  void Finish() {
    std::vector<std::pair<List*, PendingList*>> lists;
    for (auto& [list, pending] : pending_) lists.emplace_back(list, &pending);
    std::stable_sort(lists.begin(), lists.end(), [](const auto& a, const auto& b) {
      return a.second->depth > b.second->depth;
    });
    for (auto& [list, pending] : lists) {
      for (auto it = pending->removals.rbegin(); it != pending->removals.rend(); ++it) {
        list->erase(list->begin() + *it);
      }
      for (auto& [index, value] : pending->appends) list->push_back(std::move(value));
    }
  }

 private:
  // Points map_/name_ or list_/index_ at the slot `path` names. The parent must exist.
  Status Locate(const ddb::Path& path) {
    const std::vector<ddb::Path::Segment>& segments = path.segments();
    map_ = &item_;
    list_ = nullptr;
    for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
      AttributeValue* child = Child(segments[i]);
      if (child == nullptr) return UpdateError(kInvalidPath, path);
      if (segments[i + 1].is_index) {
        if (!child->IsL()) return UpdateError(kInvalidPath, path);
        list_ = &child->MutableL();
        map_ = nullptr;
      } else {
        if (!child->IsM()) return UpdateError(kInvalidPath, path);
        map_ = &child->MutableM();
        list_ = nullptr;
      }
    }
    const ddb::Path::Segment& last = segments.back();
    if (last.is_index != (list_ != nullptr)) return UpdateError(kInvalidPath, path);
    name_ = last.name;
    index_ = last.index;
    depth_ = segments.size() - 1;
    return {};
  }

  AttributeValue* Child(const ddb::Path::Segment& segment) {
    if (segment.is_index) {
      if (list_ == nullptr || segment.index >= list_->size()) return nullptr;
      return &(*list_)[segment.index];
    }
    if (map_ == nullptr) return nullptr;
    auto it = map_->find(segment.name);
    return it == map_->end() ? nullptr : &it->second;
  }

  AttributeValue* Current() { return Child(ddb::Path::Segment{name_, index_, list_ != nullptr}); }

  void Write(AttributeValue value) {
    if (map_ != nullptr) {
      (*map_)[name_] = std::move(value);
    } else if (index_ < list_->size()) {
      (*list_)[index_] = std::move(value);
    } else {
      Pending().appends[index_] = std::move(value);
    }
  }

  void Erase() {
    if (map_ != nullptr) {
      map_->erase(name_);
    } else if (index_ < list_->size()) {
      Pending().removals.insert(index_);
    }
  }

  Status WriteSum(std::string_view a, std::string_view b) {
    Result<std::string> sum = AddNumbers(a, b);
    if (!sum.ok()) return std::move(sum).error();
    Write(AttributeValue::N(std::move(sum).value()));
    return {};
  }

  PendingList& Pending() {
    PendingList& pending = pending_[list_];
    pending.depth = depth_;
    return pending;
  }

  static const std::vector<std::string>& Members(const AttributeValue& set) {
    return set.IsSS() ? set.AsSS() : set.IsNS() ? set.AsNS() : set.AsBS();
  }

  static bool Has(const std::vector<std::string>& members, const std::string& candidate,
                  bool numbers) {
    return std::any_of(members.begin(), members.end(), [&](const std::string& member) {
      return numbers ? CompareNumbers(member, candidate) == 0 : member == candidate;
    });
  }

  static AttributeValue MakeSet(AttributeValue::Type type, std::vector<std::string> members) {
    if (type == AttributeValue::Type::kSS) return AttributeValue::SS(std::move(members));
    if (type == AttributeValue::Type::kNS) return AttributeValue::NS(std::move(members));
    return AttributeValue::BS(std::move(members));
  }

  static AttributeValue Union(const AttributeValue& set, const AttributeValue& more) {
    std::vector<std::string> members = Members(set);
    for (const std::string& member : Members(more)) {
      if (!Has(members, member, set.IsNS())) members.push_back(member);
    }
    return MakeSet(set.type(), std::move(members));
  }

  // NULL when nothing is left.
  static AttributeValue Difference(const AttributeValue& set, const AttributeValue& less) {
    std::vector<std::string> members;
    for (const std::string& member : Members(set)) {
      if (!Has(Members(less), member, set.IsNS())) members.push_back(member);
    }
    if (members.empty()) return AttributeValue::Null();
    return MakeSet(set.type(), std::move(members));
  }

  Item& item_;
  Item* map_ = nullptr;
  List* list_ = nullptr;
  std::string name_;
  std::uint32_t index_ = 0;
  std::size_t depth_ = 0;
  std::map<List*, PendingList> pending_;
};

}  // namespace

Status ValidateUpdate(const Update& update) {
  if (update.empty()) return InvalidArgument("update: no actions");
  ddb::ExpressionAliases aliases;
  ddb::Result<std::string> rendered = ddb::Render(update, aliases);
  if (!rendered.ok()) return InvalidArgument("update: " + rendered.error().message());
  for (const Update::Action& action : update.actions()) {
    if (action.kind == ActionKind::kRemove) continue;
    if (ddb::Status s = ddb::internal::ValidateForWrite(action.value, "update value"); !s.ok()) {
      return InvalidArgument("update: " + s.error().message());
    }
  }
  return {};
}

Result<Item> ApplyUpdate(const Update& update, Item item) {
  Applier applier(item);
  for (const Update::Action& action : update.actions()) {
    if (Status s = applier.Apply(action); !s.ok()) return std::move(s).error();
  }
  applier.Finish();
  NormalizeNumbers(item);
  return item;
}

Status CheckIndexKeyUpdates(const TableSpec& spec, const Update& update) {
  using Type = AttributeValue::Type;
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    for (const KeyAttribute* key :
         {&index.partition_key, index.sort_key ? &*index.sort_key : nullptr}) {
      if (key == nullptr) continue;
      for (const Update::Action& action : update.actions()) {
        const std::vector<ddb::Path::Segment>& segments = action.path.segments();
        if (segments.size() != 1 || segments[0].is_index || segments[0].name != key->name) {
          continue;
        }
        Type result;  // the attribute's type after the action
        switch (action.kind) {
          case ActionKind::kSet:
          case ActionKind::kAdd:
            result = action.value.type();
            break;
          case ActionKind::kIncrement:
          case ActionKind::kIncrementExisting:
            result = Type::kN;
            break;
          case ActionKind::kAppendToList:
          case ActionKind::kPrependToList:
            result = Type::kL;
            break;
          default:  // SetIfNotExists depends on the item (CheckItem on the result catches
                    // it); Remove takes the item out of the sparse index; DeleteFromSet only
                    // ever shrinks or removes a set, and does nothing to an absent attribute
            continue;
        }
        const Type wanted = key->type == KeyType::kString   ? Type::kS
                            : key->type == KeyType::kNumber ? Type::kN
                                                            : Type::kB;
        if (result != wanted) {
          return InvalidArgument(fmt::format(
              "{} index {}: key attribute \"{}\" must be of type {}, the update makes it {}",
              spec.name, index.name, key->name, KeyTypeName(key->type),
              AttributeValue::TypeName(result)));
        }
        if ((action.value.IsS() && action.value.AsS().empty()) ||
            (action.value.IsB() && action.value.AsB().empty())) {
          return InvalidArgument(fmt::format("{} index {}: key attribute \"{}\" would be empty",
                                             spec.name, index.name, key->name));
        }
      }
    }
  }
  return {};
}

}  // namespace homeboard::store::sqlite
