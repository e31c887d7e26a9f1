// Store calls with the service's error rules: reads, drained queries, and writes whose
// condition failures and unknown outcomes are resolved by reading back (see store_ops.h).
#include "service/internal/store_ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <thread>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/order_key.h"

namespace homeboard::service::internal {
namespace {

using ddb::AttributeValue;
using ddb::Condition;
using ddb::Item;
using ddb::Path;
using StoreCode = store::Error::Code;

// What a read-back says about a write.
enum class Outcome {
  kApplied,     // the store holds exactly what the write produces
  kNotApplied,  // the store holds what the write expected to find
  kStale,       // someone else changed the object (to the version right after ours)
  kGone,        // the object does not exist
  kUnknown,     // changed more than once since: ours may or may not be among the changes
};

struct Probe {
  Outcome outcome = Outcome::kUnknown;
  std::int64_t actual_version = 0;
};

struct WriteSpec {
  std::function<store::Status()> write;
  std::function<Result<Probe>()> probe;
  // Explains a kConditionFailed the probe cannot (a ConditionCheck's); nullopt: probe.
  std::function<std::optional<Error>(const store::Error&)> explain_condition;
  // The error for kStale (and kUnknown after a condition failure).
  std::function<Error(const Probe&)> stale_error;
  ObjectRef object;
  // Deletes: the object being gone after an unknown outcome means done.
  bool gone_is_success = false;
  // Creates: finding exactly our item after a condition failure means done (a re-run).
  bool applied_on_condition_failure_is_success = false;
};

// Writes at most twice: once, and again only when a read-back proved the first attempt was
// not applied (or the store reported a transaction conflict, which applies nothing).
Status ResolveWrite(const WriteSpec& spec) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    store::Status status = spec.write();
    if (status.ok()) return {};
    const store::Error& error = status.error();
    if (error.Is(StoreCode::kConflict)) {
      if (attempt == 0) continue;  // a concurrent transaction: nothing was applied
      return FromStore(error);
    }
    if (error.Is(StoreCode::kConditionFailed)) {
      if (spec.explain_condition) {
        if (std::optional<Error> explained = spec.explain_condition(error)) return *explained;
      }
      Result<Probe> probe = spec.probe();
      if (!probe.ok()) return std::move(probe).error();
      switch (probe->outcome) {
        case Outcome::kApplied:
          // On a second attempt, our first (unknown) write landed after the read-back.
          if (attempt > 0 || spec.applied_on_condition_failure_is_success) return {};
          return spec.stale_error(*probe);
        case Outcome::kGone:
          if (attempt > 0 && spec.gone_is_success) return {};
          return NotFoundError(spec.object);
        case Outcome::kNotApplied:
          return Error{Error::Code::kConflict, "", std::string(rule::kStaleVersion),
                       fmt::format("the {} {} changed while it was being written; retry",
                                   spec.object.what, spec.object.id)};
        case Outcome::kStale:
        case Outcome::kUnknown:
          return spec.stale_error(*probe);
      }
    }
    if (!error.Is(StoreCode::kOutcomeUnknown)) return FromStore(error);
    Result<Probe> probe = spec.probe();
    if (!probe.ok()) {
      return Unavailable(
          fmt::format("the outcome of a write to the {} {} is unknown and it "
                      "could not be read back: {}",
                      spec.object.what, spec.object.id, probe.error().message));
    }
    switch (probe->outcome) {
      case Outcome::kApplied:
        return {};
      case Outcome::kNotApplied:
        if (attempt == 0) continue;
        return Unavailable(fmt::format("a write to the {} {} was not confirmed twice; retry",
                                       spec.object.what, spec.object.id));
      case Outcome::kGone:
        if (spec.gone_is_success) return {};
        return NotFoundError(spec.object);
      case Outcome::kStale:
        return spec.stale_error(*probe);
      case Outcome::kUnknown:
        return Unavailable(fmt::format(
            "the outcome of a write to the {} {} is unknown: it has changed more than once "
            "since (now version {}); re-read it",
            spec.object.what, spec.object.id, probe->actual_version));
    }
  }
  return Internal("unreachable: write attempts exhausted");
}

std::int64_t VersionOf(const Item& item) {
  auto it = item.find(model::attr::kVersion);
  if (it == item.end() || !it->second.IsN()) return -1;
  const std::string& text = it->second.AsN();
  std::int64_t version = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size()) return -1;
  return version;
}

Condition VersionIs(std::int64_t version) {
  return Condition::Equal(Path(model::attr::kVersion), AttributeValue::N(version));
}

Condition KeyIsFree(const Item& key) {
  // Any key attribute is present in every item of the table.
  return Condition::AttributeNotExists(Path(key.begin()->first));
}

std::function<Error(const Probe&)> StaleErrorFor(const ObjectRef& object, std::int64_t expected) {
  std::string what(object.what);
  return [what, expected](const Probe& probe) {
    return StaleVersion(what, expected, probe.actual_version);
  };
}

// True if `item` holds what applying DiffUpdate(before, after) produces: every attribute of
// `after`, none that `before` had and `after` lacks. (Attributes neither mentions, written
// by a newer version of the service, are left alone by the update and ignored here.)
bool Holds(const Item& item, const Item& before, const Item& after) {
  for (const auto& [name, value] : after) {
    auto it = item.find(name);
    if (it == item.end() || !(it->second == value)) return false;
  }
  for (const auto& [name, value] : before) {
    if (!after.contains(name) && item.contains(name)) return false;
  }
  return true;
}

// The probe of an object expected at `expected_version` that a write turns into `after`.
Result<Probe> ProbeVersioned(const ServiceContext& context, const std::string& table,
                             const Item& key, const Item& before, const Item& after,
                             std::int64_t expected_version) {
  Result<std::optional<Item>> current = GetItem(context, table, key);
  if (!current.ok()) return std::move(current).error();
  if (!current->has_value()) {
    return Probe{expected_version == 0 ? Outcome::kNotApplied : Outcome::kGone, 0};
  }
  const Item& item = **current;
  std::int64_t version = VersionOf(item);
  if (Holds(item, before, after)) return Probe{Outcome::kApplied, version};
  if (version == expected_version) return Probe{Outcome::kNotApplied, version};
  if (version == expected_version + 1) return Probe{Outcome::kStale, version};
  return Probe{Outcome::kUnknown, version};
}

bool Retryable(const store::Error& error) {
  return error.Is(StoreCode::kUnavailable) || error.Is(StoreCode::kOutcomeUnknown) ||
         error.Is(StoreCode::kConflict);
}

}  // namespace

Error NotFoundError(const ObjectRef& object) {
  return NotFound(object.id_field, object.what, object.id);
}

Result<std::optional<Item>> GetItem(const ServiceContext& context, const std::string& table,
                                    Item key) {
  store::GetRequest request{.table = table, .key = std::move(key), .consistent_read = true};
  store::Result<std::optional<Item>> item = context.store->Get(request);
  if (!item.ok()) return FromStore(item.error());
  return std::move(item).value();
}

Result<std::vector<Item>> QueryAll(const ServiceContext& context, store::QueryRequest request) {
  std::vector<Item> items;
  request.limit = 1000;
  request.cursor.clear();
  while (true) {
    store::Result<store::QueryPage> page = context.store->Query(request);
    if (!page.ok()) return FromStore(page.error());
    if (items.empty()) {
      items = std::move(page->items);  // the common case: one page holds every item
    } else {
      items.reserve(items.size() + page->items.size());
      for (Item& item : page->items) items.push_back(std::move(item));
    }
    if (page->next_cursor.empty()) break;
    request.cursor = std::move(page->next_cursor);
  }
  return items;
}

ddb::Update DiffUpdate(const Item& before, const Item& after, const Item& key) {
  ddb::Update update;
  for (const auto& [name, value] : after) {
    if (key.contains(name)) continue;
    auto old = before.find(name);
    if (old == before.end() || !(old->second == value)) update.Set(Path(name), value);
  }
  for (const auto& [name, value] : before) {
    if (key.contains(name) || after.contains(name)) continue;
    update.Remove(Path(name));
  }
  return update;
}

Result<Item> ReplaceVersioned(const ServiceContext& context, const std::string& table,
                              const Item& key, const Item& before, const Item& after,
                              std::int64_t expected_version, const ObjectRef& object) {
  store::UpdateRequest request{
      .table = table,
      .key = key,
      .update = DiffUpdate(before, after, key),
      .condition = expected_version == 0 ? KeyIsFree(key) : VersionIs(expected_version),
  };
  WriteSpec spec{
      .write = [&]() -> store::Status {
        store::Result<Item> updated = context.store->Update(request);
        if (!updated.ok()) return std::move(updated).error();
        return {};
      },
      .probe = [&] { return ProbeVersioned(context, table, key, before, after, expected_version); },
      .explain_condition = nullptr,
      .stale_error = StaleErrorFor(object, expected_version),
      .object = object,
  };
  if (Status status = ResolveWrite(spec); !status.ok()) return std::move(status).error();
  return after;
}

Result<Item> ReplaceVersionedWith(const ServiceContext& context, const std::string& table,
                                  const Item& key, const Item& before, const Item& after,
                                  std::int64_t expected_version, const ObjectRef& object,
                                  std::vector<store::TransactAction> extra,
                                  const Error& extra_failed) {
  if (extra.empty()) {
    return ReplaceVersioned(context, table, key, before, after, expected_version, object);
  }
  std::vector<store::TransactAction> actions;
  actions.push_back(store::TransactAction{
      .kind = store::TransactAction::Kind::kUpdate,
      .table = table,
      .item = key,
      .update = DiffUpdate(before, after, key),
      .condition = expected_version == 0 ? KeyIsFree(key) : VersionIs(expected_version),
  });
  for (store::TransactAction& action : extra) actions.push_back(std::move(action));
  WriteSpec spec{
      .write = [&] { return context.store->Transact(actions); },
      .probe = [&] { return ProbeVersioned(context, table, key, before, after, expected_version); },
      .explain_condition = [&](const store::Error& error) -> std::optional<Error> {
        if (error.failed_action && *error.failed_action >= 1) return extra_failed;
        return std::nullopt;
      },
      .stale_error = StaleErrorFor(object, expected_version),
      .object = object,
  };
  if (Status status = ResolveWrite(spec); !status.ok()) return std::move(status).error();
  return after;
}

namespace {

Result<Probe> ProbeCreated(const ServiceContext& context, const std::string& table, const Item& key,
                           const Item& item) {
  Result<std::optional<Item>> current = GetItem(context, table, key);
  if (!current.ok()) return std::move(current).error();
  if (!current->has_value()) return Probe{Outcome::kNotApplied, 0};
  if (**current == item) return Probe{Outcome::kApplied, VersionOf(**current)};
  return Probe{Outcome::kStale, VersionOf(**current)};
}

std::function<Error(const Probe&)> DuplicateError(const ObjectRef& object) {
  std::string what(object.what), field(object.id_field), id(object.id);
  return [what, field, id](const Probe&) {
    return Error{Error::Code::kConflict, field, std::string(model::rule::kDuplicate),
                 fmt::format("{}: a different {} with id {} already exists", field, what, id)};
  };
}

std::function<std::optional<Error>(const store::Error&)> ExplainChecks(
    const std::vector<ConditionCheck>& checks, std::size_t first_check_action) {
  return [&checks, first_check_action](const store::Error& error) -> std::optional<Error> {
    if (!error.failed_action || *error.failed_action < first_check_action) return std::nullopt;
    std::size_t index = *error.failed_action - first_check_action;
    if (index >= checks.size()) return std::nullopt;
    return checks[index].error;
  };
}

void AppendChecks(const std::vector<ConditionCheck>& checks,
                  std::vector<store::TransactAction>& actions) {
  for (const ConditionCheck& check : checks) actions.push_back(ToAction(check));
}

}  // namespace

store::TransactAction ToAction(const ConditionCheck& check) {
  return store::TransactAction{.kind = store::TransactAction::Kind::kConditionCheck,
                               .table = check.table,
                               .item = check.key,
                               .update = {},
                               .condition = check.condition};
}

Status CreateItem(const ServiceContext& context, const std::string& table, const Item& key,
                  const Item& item, const ObjectRef& object) {
  store::PutRequest request{.table = table, .item = item, .condition = KeyIsFree(key)};
  WriteSpec spec{
      .write = [&] { return context.store->Put(request); },
      .probe = [&] { return ProbeCreated(context, table, key, item); },
      .explain_condition = nullptr,
      .stale_error = DuplicateError(object),
      .object = object,
      .gone_is_success = false,
      .applied_on_condition_failure_is_success = true,
  };
  return ResolveWrite(spec);
}

Status CreateItemChecked(const ServiceContext& context, const std::string& table, const Item& key,
                         const Item& item, const std::vector<ConditionCheck>& checks,
                         const ObjectRef& object) {
  if (checks.empty()) return CreateItem(context, table, key, item, object);
  std::vector<store::TransactAction> actions;
  actions.push_back(store::TransactAction{.kind = store::TransactAction::Kind::kPut,
                                          .table = table,
                                          .item = item,
                                          .update = {},
                                          .condition = KeyIsFree(key)});
  AppendChecks(checks, actions);
  WriteSpec spec{
      .write = [&] { return context.store->Transact(actions); },
      .probe = [&] { return ProbeCreated(context, table, key, item); },
      .explain_condition = ExplainChecks(checks, 1),
      .stale_error = DuplicateError(object),
      .object = object,
      .gone_is_success = false,
      .applied_on_condition_failure_is_success = true,
  };
  return ResolveWrite(spec);
}

Status DeleteVersioned(const ServiceContext& context, const std::string& table, const Item& key,
                       std::int64_t expected_version, const ObjectRef& object) {
  store::DeleteRequest request{
      .table = table, .key = key, .condition = VersionIs(expected_version)};
  WriteSpec spec{
      .write = [&]() -> store::Status {
        store::Result<std::optional<Item>> deleted = context.store->Delete(request);
        if (!deleted.ok()) return std::move(deleted).error();
        return {};
      },
      .probe = [&]() -> Result<Probe> {
        Result<std::optional<Item>> current = GetItem(context, table, key);
        if (!current.ok()) return std::move(current).error();
        if (!current->has_value()) return Probe{Outcome::kGone, 0};
        std::int64_t version = VersionOf(**current);
        if (version == expected_version) return Probe{Outcome::kNotApplied, version};
        // Changed by someone else: a delete conditional on the old version cannot have
        // been applied before it (ids are never reused, so nothing re-creates the key).
        return Probe{Outcome::kStale, version};
      },
      .explain_condition = nullptr,
      .stale_error = StaleErrorFor(object, expected_version),
      .object = object,
      .gone_is_success = true,
  };
  return ResolveWrite(spec);
}

Status DeleteIfPresent(const ServiceContext& context, const std::string& table, const Item& key) {
  store::DeleteRequest request{.table = table, .key = key, .condition = {}};
  store::Result<std::optional<Item>> deleted = context.store->Delete(request);
  if (deleted.ok()) return {};
  if (!Retryable(deleted.error())) return FromStore(deleted.error());
  deleted = context.store->Delete(request);  // idempotent
  if (!deleted.ok()) return FromStore(deleted.error());
  return {};
}

Status MoveVersioned(const ServiceContext& context, const std::string& table, const Item& old_key,
                     std::int64_t expected_version, const Item& new_key, const Item& new_item,
                     const std::vector<ConditionCheck>& checks, const ObjectRef& object) {
  std::vector<store::TransactAction> actions;
  actions.push_back(store::TransactAction{.kind = store::TransactAction::Kind::kDelete,
                                          .table = table,
                                          .item = old_key,
                                          .update = {},
                                          .condition = VersionIs(expected_version)});
  actions.push_back(store::TransactAction{.kind = store::TransactAction::Kind::kPut,
                                          .table = table,
                                          .item = new_item,
                                          .update = {},
                                          .condition = KeyIsFree(new_key)});
  AppendChecks(checks, actions);
  WriteSpec spec{
      .write = [&] { return context.store->Transact(actions); },
      .probe = [&]() -> Result<Probe> {
        Result<std::optional<Item>> moved = GetItem(context, table, new_key);
        if (!moved.ok()) return std::move(moved).error();
        if (moved->has_value() && **moved == new_item) {
          return Probe{Outcome::kApplied, VersionOf(**moved)};
        }
        Result<std::optional<Item>> old = GetItem(context, table, old_key);
        if (!old.ok()) return std::move(old).error();
        if (!old->has_value()) {
          // Moved and then changed again at the new place, or deleted: either way not
          // something a retry can fix.
          return Probe{moved->has_value() ? Outcome::kUnknown : Outcome::kGone, 0};
        }
        std::int64_t version = VersionOf(**old);
        if (version == expected_version && !moved->has_value()) {
          return Probe{Outcome::kNotApplied, version};
        }
        return Probe{Outcome::kStale, version};
      },
      .explain_condition = ExplainChecks(checks, 2),
      .stale_error = StaleErrorFor(object, expected_version),
      .object = object,
  };
  return ResolveWrite(spec);
}

Status BatchWriteAll(const ServiceContext& context, const std::vector<store::BatchWrite>& writes,
                     std::size_t chunk) {
  chunk = std::max<std::size_t>(chunk, 1);
  for (std::size_t begin = 0; begin < writes.size(); begin += chunk) {
    std::size_t end = std::min(writes.size(), begin + chunk);
    std::vector<store::BatchWrite> part(writes.begin() + static_cast<std::ptrdiff_t>(begin),
                                        writes.begin() + static_cast<std::ptrdiff_t>(end));
    store::Status status = context.store->BatchWrite(part);
    if (!status.ok() && Retryable(status.error())) status = context.store->BatchWrite(part);
    if (!status.ok()) return FromStore(status.error());
  }
  return {};
}

Status ApplyRekeys(const ServiceContext& context, const std::string& table,
                   const std::vector<Rekey>& rekeys, std::string_view updated_at) {
  for (std::size_t begin = 0; begin < rekeys.size(); begin += store::kMaxTransactActions) {
    std::size_t end = std::min(rekeys.size(), begin + store::kMaxTransactActions);
    std::vector<store::TransactAction> actions;
    for (std::size_t i = begin; i < end; ++i) {
      const Rekey& rekey = rekeys[i];
      ddb::Update update;
      update.Set(Path(model::attr::kOrderKey), AttributeValue::S(rekey.order_key))
          .Set(Path(model::attr::kUpdatedAt), AttributeValue::S(std::string(updated_at)))
          .Set(Path(model::attr::kVersion), AttributeValue::N(rekey.version + 1));
      actions.push_back(store::TransactAction{.kind = store::TransactAction::Kind::kUpdate,
                                              .table = table,
                                              .item = rekey.key,
                                              .update = std::move(update),
                                              .condition = VersionIs(rekey.version)});
    }
    store::Status status = context.store->Transact(actions);
    if (!status.ok() && (status.error().Is(StoreCode::kConflict) ||
                         status.error().Is(StoreCode::kOutcomeUnknown))) {
      // Not applied (conflict), or unknown: a re-send either applies it or fails its
      // version conditions, which the read-back below sorts out.
      status = context.store->Transact(actions);
    }
    if (!status.ok()) {
      if (!status.error().Is(StoreCode::kConditionFailed)) return FromStore(status.error());
      // Applied already by the first of two sends? Then every key reads back rewritten.
      bool all_applied = true;
      for (std::size_t i = begin; i < end && all_applied; ++i) {
        Result<std::optional<Item>> item = GetItem(context, table, rekeys[i].key);
        if (!item.ok()) return std::move(item).error();
        if (!item->has_value() || VersionOf(**item) != rekeys[i].version + 1) {
          all_applied = false;
          break;
        }
        auto order_key = (*item)->find(model::attr::kOrderKey);
        all_applied = order_key != (*item)->end() &&
                      order_key->second == AttributeValue::S(rekeys[i].order_key);
      }
      if (!all_applied) {
        return Error{Error::Code::kConflict, "", std::string(rule::kStaleVersion),
                     "the list changed while it was being reordered; re-read it and retry"};
      }
    }
  }
  return {};
}

Result<OrderPlan> PlanPlacement(std::vector<Sibling> siblings, const Placement& placement) {
  if (placement.before_id && placement.after_id) {
    return InvalidArgument("before_id", model::rule::kInconsistent,
                           "before_id: give before_id or after_id, not both");
  }
  std::sort(siblings.begin(), siblings.end(), [](const Sibling& a, const Sibling& b) {
    if (a.order_key != b.order_key) return a.order_key < b.order_key;
    return a.id < b.id;
  });
  const std::size_t n = siblings.size();
  std::size_t index = n;  // the gap: the new object goes before siblings[index]
  if (placement.before_id || placement.after_id) {
    const std::string& anchor = placement.before_id ? *placement.before_id : *placement.after_id;
    auto it = std::find_if(siblings.begin(), siblings.end(),
                           [&](const Sibling& s) { return s.id == anchor; });
    if (it == siblings.end()) {
      std::string_view field = placement.before_id ? "before_id" : "after_id";
      return NotFound(field, "sibling", anchor);
    }
    index = static_cast<std::size_t>(it - siblings.begin()) + (placement.after_id ? 1 : 0);
  }
  auto key_at = [&](std::size_t i) -> std::optional<std::string_view> {
    return std::string_view(siblings[i].order_key);
  };
  std::optional<std::string_view> before = index > 0 ? key_at(index - 1) : std::nullopt;
  std::optional<std::string_view> after = index < n ? key_at(index) : std::nullopt;
  model::Result<std::string> key = model::KeyBetween(before, after);
  if (key.ok()) return OrderPlan{std::move(key).value(), {}};
  const std::string& rule = key.error().rule;
  if (rule != model::rule::kMaxLength && rule != model::rule::kOrder) {
    return Internal(fmt::format("stored order keys are invalid: {}", key.error().ToString()));
  }
  // The gap is exhausted (or two siblings share a key): respace a window of siblings
  // around it, doubling the window until the new keys are short again.
  constexpr std::size_t kTargetLength = model::kMaxOrderKeyLength / 2;
  for (std::size_t radius = 1;; radius *= 2) {
    std::size_t low = index > radius ? index - radius : 0;
    std::size_t high = std::min(n, index + radius);
    std::optional<std::string_view> left = low > 0 ? key_at(low - 1) : std::nullopt;
    std::optional<std::string_view> right = high < n ? key_at(high) : std::nullopt;
    bool whole_list = low == 0 && high == n;
    if (!left || !right || *left < *right) {
      model::Result<std::vector<std::string>> keys =
          model::KeysBetween(left, right, high - low + 1);
      if (keys.ok()) {
        bool short_enough = std::all_of(keys->begin(), keys->end(), [&](const std::string& k) {
          return k.size() <= kTargetLength;
        });
        if (short_enough || whole_list) {
          OrderPlan plan;
          std::size_t next = 0;
          for (std::size_t i = low; i <= high; ++i) {
            if (i == index) plan.order_key = (*keys)[next++];
            if (i < high) {
              plan.rekeys.push_back(Rekey{siblings[i].key, siblings[i].version, (*keys)[next++]});
            }
          }
          return plan;
        }
      }
    }
    if (whole_list) {
      return Internal("could not respace the order keys of a list of " + std::to_string(n));
    }
  }
}

Result<std::vector<std::string>> PlanAppend(const std::vector<Sibling>& siblings,
                                            std::size_t count) {
  std::optional<std::string_view> last;
  for (const Sibling& sibling : siblings) {
    if (!last || sibling.order_key > *last) last = sibling.order_key;
  }
  model::Result<std::vector<std::string>> keys = model::KeysBetween(last, std::nullopt, count);
  if (!keys.ok()) {
    return Internal(fmt::format("cannot append {} order keys: {}", count, keys.error().ToString()));
  }
  return std::move(keys).value();
}

std::string EncodePositionCursor(std::string_view order_key, std::string_view id) {
  return fmt::format("{}.{}", order_key, id);
}

Result<std::pair<std::string, std::string>> DecodePositionCursor(std::string_view cursor) {
  std::size_t dot = cursor.find('.');
  if (dot != std::string_view::npos) {
    std::string_view order_key = cursor.substr(0, dot);
    std::string_view id = cursor.substr(dot + 1);
    if (model::IsValidOrderKey(order_key) && model::IsValidId(id)) {
      return std::pair<std::string, std::string>(order_key, id);
    }
  }
  return InvalidArgument("cursor", model::rule::kPattern,
                         "cursor: not a cursor this list returned");
}

Status CheckLimit(int limit) {
  if (limit < 1 || limit > 1000) {
    return InvalidArgument("limit", model::rule::kRange,
                           fmt::format("limit: must be between 1 and 1000 (got {})", limit));
  }
  return {};
}

void RunBounded(std::size_t count, std::size_t max_in_flight,
                const std::function<void(std::size_t)>& task) {
  if (count == 0) return;
  std::size_t threads = std::clamp<std::size_t>(max_in_flight, 1, count);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) task(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();  // the calling thread is one of the workers
  for (std::thread& thread : pool) thread.join();
}

}  // namespace homeboard::service::internal
