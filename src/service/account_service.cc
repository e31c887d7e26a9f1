// AccountService: users, their unique names, listing them, and passwords.
#include "service/account_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/preferences.h"
#include "model/tables.h"
#include "model/text.h"
#include "model/timestamp.h"
#include "service/internal/store_ops.h"
#include "service/page_service.h"
#include "service/token_service.h"

namespace homeboard::service {
namespace {

using StoreCode = store::Error::Code;

// The key prefix of user items (name claims are "name#...").
constexpr std::string_view kUserKeyPrefix = "u#";
// Attempts of the create and delete transactions when a concurrent transaction conflicts.
constexpr int kTransactAttempts = 4;

ddb::Path KeyPath() { return ddb::Path(std::string(model::attr::kUserId)); }

internal::ObjectRef UserRef(std::string_view user_id) {
  return internal::ObjectRef{"user", "user_id", user_id};
}

Error NameTaken(std::string_view name) {
  return Error{Error::Code::kConflict, "name", std::string(model::rule::kDuplicate),
               fmt::format("name: \"{}\" is already taken", name)};
}

bool Transient(const store::Error& error) {
  return error.Is(StoreCode::kConflict) || error.Is(StoreCode::kUnavailable);
}

}  // namespace

AccountService::AccountService(ServiceContext context, AccountOptions options)
    : context_(std::move(context)), options_(options), dummy_(std::make_shared<Dummy>()) {}

const std::string& AccountService::DummyHash() const {
  std::call_once(dummy_->once, [this] {
    Result<std::string> hash =
        internal::HashPassword("homeboard dummy password", options_.password_hash);
    // If even this fails, every real verification fails too; an empty dummy still costs
    // nothing to compare and the login answers "no" either way.
    dummy_->hash = hash.ok() ? *hash : std::string();
  });
  return dummy_->hash;
}

Status AccountService::CheckPasswordRules(std::string_view password, std::string_view name,
                                          std::string_view field) const {
  if (password.empty()) return InvalidArgument(field, model::rule::kRequired, "is required");
  if (password.size() > options_.max_password_bytes) {
    return InvalidArgument(field, model::rule::kMaxLength,
                           fmt::format("{}: at most {} bytes (got {})", field,
                                       options_.max_password_bytes, password.size()));
  }
  if (!model::IsValidUtf8(password)) {
    return InvalidArgument(field, model::rule::kUtf8, fmt::format("{}: is not valid UTF-8", field));
  }
  for (char c : password) {
    // UTF-8 continuation and lead bytes are >= 0x80; C0 controls and DEL are ASCII.
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return InvalidArgument(field, model::rule::kControlCharacter,
                             fmt::format("{}: must not contain control characters", field));
    }
  }
  std::size_t chars = model::CodePointCount(password);
  if (chars < options_.min_password_chars) {
    return InvalidArgument(field, model::rule::kMinLength,
                           fmt::format("{}: at least {} characters (got {})", field,
                                       options_.min_password_chars, chars));
  }
  if (!name.empty()) {
    std::string lowered(password);
    for (char& c : lowered) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (lowered.find(name) != std::string::npos) {
      return InvalidArgument(field, rule::kContainsUserName,
                             fmt::format("{}: must not contain the user name", field));
    }
  }
  return {};
}

Result<model::User> AccountService::CreateUser(std::string_view name, std::string_view display_name,
                                               std::string_view password) const {
  model::Result<std::string> normalized = model::NormalizeUserName(name, model::attr::kName);
  if (!normalized.ok()) return FromValidation(normalized.error());
  model::Time now = context_.now();
  model::User user;
  user.user_id = model::NewId(now);
  user.name = *normalized;
  user.display_name = model::NormalizeWhitespace(display_name);
  if (user.display_name.empty()) user.display_name = user.name;
  user.created_at = user.updated_at = model::FormatTimestamp(now);
  user.version = 1;
  user.password_hash = "$placeholder$";  // so Validate checks the caller's fields first
  if (Status s = internal::CheckValid(user.Validate()); !s.ok()) return std::move(s).error();
  if (Status s = CheckPasswordRules(password, user.name); !s.ok()) return std::move(s).error();
  Result<std::string> hash = internal::HashPassword(password, options_.password_hash);
  if (!hash.ok()) return std::move(hash).error();
  user.password_hash = std::move(hash).value();
  if (Status s = internal::CheckValid(user.Validate()); !s.ok()) return std::move(s).error();

  model::NameClaim claim{.name = user.name, .user_id = user.user_id, .created_at = user.created_at};
  std::string table = context_.Table(model::kUsersTable);
  std::vector<store::TransactAction> actions = {
      {.kind = store::TransactAction::Kind::kPut,
       .table = table,
       .item = claim.ToItem(),
       .condition = ddb::Condition::AttributeNotExists(KeyPath())},
      {.kind = store::TransactAction::Kind::kPut,
       .table = table,
       .item = user.ToItem(),
       .condition = ddb::Condition::AttributeNotExists(KeyPath())},
  };
  for (int attempt = 1;; ++attempt) {
    store::Status written = context_.store->Transact(actions);
    if (written.ok()) return user;
    const store::Error& error = written.error();
    if (error.Is(StoreCode::kConditionFailed)) {
      if (error.failed_action == 0) return NameTaken(user.name);
      return Internal("user create: a fresh user id was already taken");
    }
    if (error.Is(StoreCode::kOutcomeUnknown) || Transient(error)) {
      // Whose is the name now? Ours: the transaction was applied. Someone else's: taken.
      // Nobody's: not applied; try again (the conditions make a second apply impossible).
      Result<std::optional<ddb::Item>> item =
          internal::GetItem(context_, table, model::NameClaim::KeyOf(user.name));
      if (item.ok() && item->has_value()) {
        model::Result<model::NameClaim> stored = model::NameClaim::FromItem(**item);
        if (stored.ok() && stored->user_id == user.user_id) return user;
        return NameTaken(user.name);
      }
      if (attempt < kTransactAttempts) continue;
    }
    return FromStore(error);
  }
}

Result<model::User> AccountService::GetUser(std::string_view user_id) const {
  if (Status s = internal::CheckValid(model::ValidateId(user_id, "user_id")); !s.ok()) {
    return std::move(s).error();
  }
  Result<std::optional<ddb::Item>> item =
      internal::GetItem(context_, context_.Table(model::kUsersTable), model::User::KeyOf(user_id));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return internal::NotFoundError(UserRef(user_id));
  return internal::Decode<model::User>(model::kUsersTable, **item);
}

Result<model::User> AccountService::FindByName(std::string_view name) const {
  model::Result<std::string> normalized = model::NormalizeUserName(name, model::attr::kName);
  if (!normalized.ok()) return FromValidation(normalized.error());
  std::string table = context_.Table(model::kUsersTable);
  Result<std::optional<ddb::Item>> item =
      internal::GetItem(context_, table, model::NameClaim::KeyOf(*normalized));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return NotFound("name", "user", *normalized);
  Result<model::NameClaim> claim = internal::Decode<model::NameClaim>(model::kUsersTable, **item);
  if (!claim.ok()) return std::move(claim).error();
  Result<model::User> user = GetUser(claim->user_id);
  // A claim whose user is gone (never left by our transactions) reads as no user.
  if (!user.ok() && user.error().code == Error::Code::kNotFound) {
    return NotFound("name", "user", *normalized);
  }
  return user;
}

Result<std::vector<model::User>> AccountService::ListUsers() const {
  store::ScanRequest request;
  request.table = context_.Table(model::kUsersTable);
  request.limit = store::kMaxScanLimit;
  std::vector<model::User> users;
  do {
    store::Result<store::ScanPage> page = context_.store->Scan(request);
    if (!page.ok()) return FromStore(page.error());
    for (const ddb::Item& item : page->items) {
      auto key = item.find(std::string(model::attr::kUserId));
      bool is_user = key != item.end() && key->second.IsS() &&
                     key->second.AsS().substr(0, kUserKeyPrefix.size()) == kUserKeyPrefix;
      if (!is_user) continue;  // a name claim
      Result<model::User> user = internal::Decode<model::User>(model::kUsersTable, item);
      if (!user.ok()) return std::move(user).error();
      users.push_back(std::move(user).value());
    }
    request.cursor = std::move(page->next_cursor);
  } while (!request.cursor.empty());
  std::sort(users.begin(), users.end(),
            [](const model::User& a, const model::User& b) { return a.name < b.name; });
  return users;
}

Status AccountService::DeleteUser(std::string_view user_id) const {
  Result<model::User> user = GetUser(user_id);
  if (!user.ok()) return std::move(user).error();
  TokenService tokens(context_);
  if (Result<std::size_t> revoked = tokens.RevokeAllTokens(user->user_id); !revoked.ok()) {
    return std::move(revoked).error();
  }
  Caller owner{user->user_id};
  PageService pages(context_);
  if (Status s = pages.FinishPendingDeletes(owner); !s.ok()) return s;
  Result<std::vector<model::Page>> owned = pages.List(owner);
  if (!owned.ok()) return std::move(owned).error();
  for (const model::Page& page : *owned) {
    if (Status s = pages.Delete(owner, page.page_id, page.version); !s.ok()) return s;
  }
  if (Status s = internal::DeleteIfPresent(context_, context_.Table(model::kPreferencesTable),
                                           model::Preferences::KeyOf(user->user_id));
      !s.ok()) {
    return s;
  }

  std::string table = context_.Table(model::kUsersTable);
  ddb::Condition claim_is_ours = ddb::Condition::Equal(
      ddb::Path(std::string(model::attr::kClaimedBy)), ddb::AttributeValue::S(user->user_id));
  std::vector<store::TransactAction> actions = {
      {.kind = store::TransactAction::Kind::kDelete,
       .table = table,
       .item = user->Key(),
       .condition = ddb::Condition::AttributeExists(KeyPath())},
      {.kind = store::TransactAction::Kind::kDelete,
       .table = table,
       .item = model::NameClaim::KeyOf(user->name),
       .condition = claim_is_ours},
  };
  for (int attempt = 1;; ++attempt) {
    store::Status deleted = context_.store->Transact(actions);
    if (deleted.ok()) break;
    const store::Error& error = deleted.error();
    if (error.Is(StoreCode::kConditionFailed) && error.failed_action == 1) {
      // The name claim is missing or names someone else (never left so by our writes):
      // delete the user anyway and leave the claim alone.
      actions.pop_back();
      continue;
    }
    if (error.Is(StoreCode::kConditionFailed) && error.failed_action == 0) {
      return internal::NotFoundError(UserRef(user->user_id));  // deleted concurrently
    }
    if ((error.Is(StoreCode::kOutcomeUnknown) || Transient(error)) && attempt < kTransactAttempts) {
      Result<std::optional<ddb::Item>> still = internal::GetItem(context_, table, user->Key());
      if (still.ok() && !still->has_value()) break;  // applied
      continue;
    }
    return FromStore(error);
  }
  // A login that raced the delete may have started a session after the first revocation.
  if (Result<std::size_t> revoked = tokens.RevokeAllTokens(user->user_id); !revoked.ok()) {
    return std::move(revoked).error();
  }
  return {};
}

Status AccountService::StorePassword(const model::User& user, std::string_view new_password) const {
  Result<std::string> hash = internal::HashPassword(new_password, options_.password_hash);
  if (!hash.ok()) return std::move(hash).error();
  model::User updated = user;
  updated.password_hash = std::move(hash).value();
  updated.updated_at = model::FormatTimestamp(context_.now());
  updated.version = user.version + 1;
  Result<ddb::Item> stored = internal::ReplaceVersioned(
      context_, context_.Table(model::kUsersTable), user.Key(), user.ToItem(), updated.ToItem(),
      user.version, UserRef(user.user_id));
  if (!stored.ok()) return std::move(stored).error();
  return {};
}

Status AccountService::ChangePassword(const Caller& caller, std::string_view current_password,
                                      std::string_view new_password) const {
  Result<model::User> user = GetUser(caller.user_id);
  if (!user.ok()) return std::move(user).error();
  if (current_password.size() > options_.max_password_bytes ||
      !internal::VerifyPasswordHash(current_password, user->password_hash)) {
    return InvalidArgument("current_password", rule::kWrongPassword,
                           "current_password: is not the account's password");
  }
  if (Status s = CheckPasswordRules(new_password, user->name, "new_password"); !s.ok()) return s;
  return StorePassword(*user, new_password);
}

Status AccountService::SetPassword(std::string_view user_id, std::string_view new_password) const {
  Result<model::User> user = GetUser(user_id);
  if (!user.ok()) return std::move(user).error();
  if (Status s = CheckPasswordRules(new_password, user->name); !s.ok()) return s;
  return StorePassword(*user, new_password);
}

Result<std::optional<Caller>> AccountService::VerifyPassword(std::string_view name,
                                                             std::string_view password) const {
  // Over-long passwords are refused before any work; the length is the caller's own input,
  // so answering fast reveals nothing about the account.
  if (password.size() > options_.max_password_bytes) return std::optional<Caller>();
  Result<model::User> user = FindByName(name);
  if (!user.ok()) {
    Error::Code code = user.error().code;
    if (code != Error::Code::kNotFound && code != Error::Code::kInvalidArgument) {
      return std::move(user).error();
    }
    (void)internal::VerifyPasswordHash(password, DummyHash());
    return std::optional<Caller>();
  }
  if (!internal::VerifyPasswordHash(password, user->password_hash)) {
    return std::optional<Caller>();
  }
  if (internal::NeedsRehash(user->password_hash, options_.password_hash)) {
    // Best effort: the login succeeds whether or not the stronger hash could be stored.
    (void)StorePassword(*user, password);
  }
  return std::optional<Caller>(Caller{user->user_id});
}

}  // namespace homeboard::service
