// TokenService: making, checking, listing and revoking API tokens and sessions.
#include "service/token_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "ddb/internal/crypto.h"
#include "model/attributes.h"
#include "model/ids.h"
#include "model/limits.h"
#include "model/tables.h"
#include "model/text.h"
#include "model/timestamp.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"

namespace homeboard::service {
namespace {

constexpr std::size_t kSecretBytes = 32;  // 256 bits
constexpr std::string_view kCsrfLabel = "homeboard-csrf-v1";

// Unpadded base64url (RFC 4648 section 5).
std::string Base64Url(std::string_view bytes) {
  std::string text = ddb::internal::Base64Encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

std::string NewSecret(std::string_view prefix) {
  return std::string(prefix) + Base64Url(ddb::internal::RandomBytes(kSecretBytes));
}

// True if `token` has the shape NewSecret(prefix) makes. Checked before any store call.
bool HasTokenShape(std::string_view token, std::string_view prefix) {
  if (token.size() != kTokenLength || token.substr(0, prefix.size()) != prefix) return false;
  for (char c : token.substr(prefix.size())) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

internal::ObjectRef TokenRef(std::string_view token_id) {
  return internal::ObjectRef{"token", "token_id", token_id};
}

}  // namespace

Result<CreatedToken> TokenService::CreateApiToken(
    const Caller& caller, std::string_view name,
    std::optional<std::chrono::seconds> expires_in) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (expires_in &&
      (*expires_in < std::chrono::seconds(1) || *expires_in > options_.max_api_token_lifetime)) {
    return InvalidArgument("expires_in", model::rule::kRange,
                           fmt::format("expires_in: between 1 second and {} days",
                                       options_.max_api_token_lifetime.count() / 86400));
  }
  model::Time now = context_.now();
  CreatedToken created;
  created.token = NewSecret(kApiTokenPrefix);
  model::ApiToken& record = created.record;
  record.token_hash = model::TokenHash(created.token);
  record.user_id = caller.user_id;
  record.token_id = model::NewId(now);
  record.name = model::NormalizeWhitespace(name);
  record.kind = model::TokenKind::kApi;
  record.created_at = model::FormatTimestamp(now);
  if (expires_in) record.expires_at = model::ToEpochSeconds(now) + expires_in->count();
  if (Status s = internal::CheckValid(record.Validate()); !s.ok()) return std::move(s).error();
  Result<std::vector<model::ApiToken>> live =
      Prune(caller.user_id, model::TokenKind::kApi, std::nullopt);
  if (!live.ok()) return std::move(live).error();
  std::size_t api_tokens = std::count_if(live->begin(), live->end(), [](const auto& token) {
    return token.kind == model::TokenKind::kApi;
  });
  if (api_tokens >= kMaxApiTokensPerUser) {
    return LimitExceeded("tokens", rule::kMaxCount,
                         fmt::format("tokens: at most {} API tokens per user; revoke some first",
                                     kMaxApiTokensPerUser));
  }
  if (Status s = internal::CreateItem(context_, context_.Table(model::kApiTokensTable),
                                      record.Key(), record.ToItem(), TokenRef(record.token_id));
      !s.ok()) {
    return std::move(s).error();
  }
  return created;
}

Result<std::vector<model::ApiToken>> TokenService::QueryTokens(std::string_view user_id) const {
  store::QueryRequest request;
  request.table = context_.Table(model::kApiTokensTable);
  request.index = std::string(model::kUserTokensIndex);
  request.key_condition = ddb::KeyCondition::Partition(
      std::string(model::attr::kUserId), ddb::AttributeValue::S(std::string(user_id)));
  request.forward = false;
  Result<std::vector<ddb::Item>> items = internal::QueryAll(context_, std::move(request));
  if (!items.ok()) return std::move(items).error();
  return internal::DecodeAll<model::ApiToken>(model::kApiTokensTable, *items);
}

Result<std::vector<model::ApiToken>> TokenService::ListTokens(const Caller& caller) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  Result<std::vector<model::ApiToken>> tokens = QueryTokens(caller.user_id);
  if (!tokens.ok()) return tokens;
  model::Time now = context_.now();
  std::erase_if(*tokens, [&](const model::ApiToken& token) { return token.IsExpiredAt(now); });
  return tokens;
}

Status TokenService::RevokeToken(const Caller& caller, std::string_view token_id) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckValid(model::ValidateId(token_id, model::attr::kTokenId));
      !s.ok()) {
    return s;
  }
  // The index is partitioned by owner, so another user's token id is simply not found here.
  Result<std::vector<model::ApiToken>> tokens = QueryTokens(caller.user_id);
  if (!tokens.ok()) return std::move(tokens).error();
  auto found = std::find_if(tokens->begin(), tokens->end(), [&](const model::ApiToken& token) {
    return token.token_id == token_id;
  });
  if (found == tokens->end()) return internal::NotFoundError(TokenRef(token_id));
  return internal::DeleteIfPresent(context_, context_.Table(model::kApiTokensTable), found->Key());
}

Result<std::vector<model::ApiToken>> TokenService::Prune(std::string_view user_id,
                                                         model::TokenKind kind,
                                                         std::optional<std::size_t> keep) const {
  Result<std::vector<model::ApiToken>> tokens = QueryTokens(user_id);
  if (!tokens.ok()) return tokens;
  model::Time now = context_.now();
  std::vector<model::ApiToken> live;
  std::vector<store::BatchWrite> deletes;
  std::size_t kept_of_kind = 0;
  for (model::ApiToken& token : *tokens) {  // newest first
    bool expired = token.IsExpiredAt(now);
    bool surplus = !expired && keep && token.kind == kind && kept_of_kind++ >= *keep;
    if (expired || surplus) {
      deletes.push_back({.table = context_.Table(model::kApiTokensTable),
                         .kind = store::BatchWrite::Kind::kDelete,
                         .item = token.Key()});
    } else {
      live.push_back(std::move(token));
    }
  }
  if (!deletes.empty()) {
    if (Status s = internal::BatchWriteAll(context_, deletes); !s.ok()) return std::move(s).error();
  }
  return live;
}

Result<std::size_t> TokenService::RevokeAllTokens(std::string_view user_id,
                                                  std::optional<model::TokenKind> only) const {
  if (Status s = internal::CheckValid(model::ValidateId(user_id, model::attr::kUserId)); !s.ok()) {
    return std::move(s).error();
  }
  Result<std::vector<model::ApiToken>> tokens = QueryTokens(user_id);
  if (!tokens.ok()) return std::move(tokens).error();
  std::vector<store::BatchWrite> deletes;
  for (const model::ApiToken& token : *tokens) {
    if (only && token.kind != *only) continue;
    deletes.push_back({.table = context_.Table(model::kApiTokensTable),
                       .kind = store::BatchWrite::Kind::kDelete,
                       .item = token.Key()});
  }
  if (Status s = internal::BatchWriteAll(context_, deletes); !s.ok()) return std::move(s).error();
  return deletes.size();
}

Result<std::optional<model::ApiToken>> TokenService::LoadValid(std::string_view token,
                                                               std::string_view prefix,
                                                               model::TokenKind kind) const {
  if (!HasTokenShape(token, prefix)) return std::optional<model::ApiToken>();
  Result<std::optional<ddb::Item>> item =
      internal::GetItem(context_, context_.Table(model::kApiTokensTable),
                        model::ApiToken::KeyOf(model::TokenHash(token)));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return std::optional<model::ApiToken>();
  Result<model::ApiToken> record =
      internal::Decode<model::ApiToken>(model::kApiTokensTable, **item);
  if (!record.ok()) return std::move(record).error();
  if (record->kind != kind || record->IsExpiredAt(context_.now())) {
    return std::optional<model::ApiToken>();
  }
  return std::optional<model::ApiToken>(std::move(record).value());
}

Result<std::optional<Authenticated>> TokenService::Authenticate(std::string_view token) const {
  Result<std::optional<model::ApiToken>> record =
      LoadValid(token, kApiTokenPrefix, model::TokenKind::kApi);
  if (!record.ok()) return std::move(record).error();
  if (!record->has_value()) return std::optional<Authenticated>();
  const model::ApiToken& valid = **record;
  return std::optional<Authenticated>(Authenticated{.caller = Caller{valid.user_id},
                                                    .token_id = valid.token_id,
                                                    .kind = valid.kind,
                                                    .expires_at = valid.expires_at});
}

Result<CreatedSession> TokenService::CreateSession(const Caller& caller,
                                                   std::string_view name) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  // Room for the new session: keep the newest kMaxSessionsPerUser - 1.
  Result<std::vector<model::ApiToken>> live =
      Prune(caller.user_id, model::TokenKind::kSession, kMaxSessionsPerUser - 1);
  if (!live.ok()) return std::move(live).error();
  model::Time now = context_.now();
  CreatedSession created;
  created.token = NewSecret(kSessionTokenPrefix);
  created.csrf_token = CsrfTokenFor(created.token);
  model::ApiToken& record = created.record;
  record.token_hash = model::TokenHash(created.token);
  record.user_id = caller.user_id;
  record.token_id = model::NewId(now);
  record.name =
      model::TruncateCodePoints(model::NormalizeWhitespace(name), model::kMaxTokenNameChars);
  // Truncation may leave trailing whitespace; normalise once more.
  record.name = model::NormalizeWhitespace(record.name);
  if (record.name.empty() || !model::IsValidUtf8(record.name)) record.name = "session";
  record.kind = model::TokenKind::kSession;
  record.created_at = model::FormatTimestamp(now);
  std::int64_t now_seconds = model::ToEpochSeconds(now);
  record.expires_at =
      now_seconds +
      std::min(options_.session_idle_timeout, options_.session_absolute_lifetime).count();
  if (Status s = internal::CheckValid(record.Validate()); !s.ok()) return std::move(s).error();
  if (Status s = internal::CreateItem(context_, context_.Table(model::kApiTokensTable),
                                      record.Key(), record.ToItem(), TokenRef(record.token_id));
      !s.ok()) {
    return std::move(s).error();
  }
  return created;
}

Status TokenService::EndSession(std::string_view token) const {
  if (!HasTokenShape(token, kSessionTokenPrefix)) return {};
  // Only a session item may be deleted through this call: an API token presented as a cookie
  // must not be revocable by whoever holds the cookie jar.
  store::DeleteRequest request;
  request.table = context_.Table(model::kApiTokensTable);
  request.key = model::ApiToken::KeyOf(model::TokenHash(token));
  request.condition = ddb::Condition::Equal(
      ddb::Path(std::string(model::attr::kKind)),
      ddb::AttributeValue::S(std::string(model::TokenKindName(model::TokenKind::kSession))));
  store::Result<std::optional<ddb::Item>> deleted = context_.store->Delete(request);
  if (deleted.ok() || deleted.error().Is(store::Error::Code::kConditionFailed)) return {};
  // Unknown outcome or a busy store: a delete is idempotent, so once more.
  deleted = context_.store->Delete(request);
  if (deleted.ok() || deleted.error().Is(store::Error::Code::kConditionFailed)) return {};
  return FromStore(deleted.error());
}

Result<std::optional<SessionAuth>> TokenService::AuthenticateSession(std::string_view token) const {
  Result<std::optional<model::ApiToken>> record =
      LoadValid(token, kSessionTokenPrefix, model::TokenKind::kSession);
  if (!record.ok()) return std::move(record).error();
  if (!record->has_value()) return std::optional<SessionAuth>();
  model::ApiToken& valid = **record;

  // Slide the idle window, at most once per refresh interval, never past the absolute end.
  std::int64_t now = model::ToEpochSeconds(context_.now());
  Result<model::Time> created = [&]() -> Result<model::Time> {
    model::Result<model::Time> parsed = model::ParseTimestamp(valid.created_at);
    if (!parsed.ok()) return FromCorruptItem(model::kApiTokensTable, parsed.error());
    return *parsed;
  }();
  if (!created.ok()) return std::move(created).error();
  std::int64_t absolute_end =
      model::ToEpochSeconds(*created) + options_.session_absolute_lifetime.count();
  if (now >= absolute_end) return std::optional<SessionAuth>();
  std::int64_t wanted = std::min(now + options_.session_idle_timeout.count(), absolute_end);
  std::int64_t current = valid.expires_at.value_or(0);
  if (wanted - current >= options_.session_refresh_interval.count()) {
    store::UpdateRequest request;
    request.table = context_.Table(model::kApiTokensTable);
    request.key = valid.Key();
    request.update = ddb::Update().Set(ddb::Path(std::string(model::attr::kExpiresAt)),
                                       ddb::AttributeValue::N(std::to_string(wanted)));
    // Never resurrect a session ended meanwhile.
    request.condition =
        ddb::Condition::AttributeExists(ddb::Path(std::string(model::attr::kTokenHash)));
    store::Result<ddb::Item> updated = context_.store->Update(request);
    if (updated.ok()) {
      valid.expires_at = wanted;
    } else if (updated.error().Is(store::Error::Code::kConditionFailed)) {
      return std::optional<SessionAuth>();  // ended between our read and this write
    }
    // Any other failure leaves the old expiry: the session stays valid until then, and the
    // next request tries again. Failing the request would punish the user for a store hiccup
    // that the read already survived.
  }
  SessionAuth session;
  session.auth = Authenticated{.caller = Caller{valid.user_id},
                               .token_id = valid.token_id,
                               .kind = valid.kind,
                               .expires_at = valid.expires_at};
  session.csrf_token = CsrfTokenFor(token);
  return std::optional<SessionAuth>(std::move(session));
}

std::string TokenService::CsrfTokenFor(std::string_view session_token) {
  return Base64Url(ddb::internal::HmacSha256(session_token, kCsrfLabel));
}

bool TokenService::CsrfTokenMatches(std::string_view expected, std::string_view presented) {
  if (presented.empty() || expected.size() != presented.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    difference |= static_cast<unsigned char>(expected[i] ^ presented[i]);
  }
  return difference == 0;
}

}  // namespace homeboard::service
