// `homeboard token create|list|revoke`: API tokens of a user, through service::TokenService
// (docs/accounts.md). `create` prints the token once, alone on standard output (so
// `TOKEN=$(homeboard token create --user alice)` works), with its details on standard error;
// only its hash is stored, so it cannot be shown again.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "model/tables.h"
#include "model/timestamp.h"
#include "service/account_service.h"
#include "service/context.h"
#include "service/token_service.h"

namespace homeboard::cli {
namespace {

constexpr int kExitFailed = 1;    // the store failed, or an internal error
constexpr int kExitUsage = 2;     // bad command line (also CLI11's parse errors)
constexpr int kExitInvalid = 3;   // a label or expiry breaks a rule
constexpr int kExitNotFound = 4;  // no such user, or no such token of that user

constexpr const char* kExitCodes =
    "Exit codes: 0 success, 1 store or internal failure, 2 usage error (including a malformed "
    "--expires), 3 invalid label or expiry, 4 no such user or no such token of that user.";

struct TokenCommandOptions {
  StoreOptions store;
  std::string user;
  std::string label = "api token";
  std::string expires = "90d";
  std::string token_id;
};

// "90d", "12h", "30m", "3600s", "2w" -> seconds; "never" -> nullopt. Anything else is
// `valid = false`.
std::optional<std::chrono::seconds> ParseExpiry(const std::string& text, bool& valid) {
  valid = true;
  if (text == "never") return std::nullopt;
  std::int64_t amount = 0;
  const char* end = text.data() + text.size();
  auto [unit, error] = std::from_chars(text.data(), end, amount);
  if (error != std::errc() || unit + 1 != end || amount <= 0 || amount > 100000) {
    valid = false;
    return std::nullopt;
  }
  switch (*unit) {
    case 's':
      return std::chrono::seconds(amount);
    case 'm':
      return std::chrono::seconds(amount * 60);
    case 'h':
      return std::chrono::seconds(amount * 3600);
    case 'd':
      return std::chrono::seconds(amount * 86400);
    case 'w':
      return std::chrono::seconds(amount * 7 * 86400);
    default:
      valid = false;
      return std::nullopt;
  }
}

int ExitCodeOf(const service::Error& error) {
  switch (error.code) {
    case service::Error::Code::kInvalidArgument:
      return kExitInvalid;
    case service::Error::Code::kNotFound:
      return kExitNotFound;
    default:
      return kExitFailed;
  }
}

int Fail(const service::Error& error) {
  std::fprintf(stderr, "homeboard token: %s\n", error.message.c_str());
  return ExitCodeOf(error);
}

std::string FormatExpiry(const std::optional<std::int64_t>& expires_at) {
  if (!expires_at) return "never";
  return model::FormatTimestamp(model::FromEpochSeconds(*expires_at));
}

// The store and the user named by the options; on failure prints why and sets `exit`.
struct Opened {
  std::unique_ptr<store::ItemStore> store;
  service::ServiceContext context;
  model::User user;
};

std::optional<Opened> OpenForUser(TokenCommandOptions& options, int& exit) {
  ResolveStoreOptions(options.store);
  model::TableNames tables(options.store.dynamo.table_prefix);
  if (options.store.engine == "sqlite" && !std::filesystem::exists(options.store.data_path)) {
    std::fprintf(stderr, "homeboard token: no database at %s (run `homeboard init-db` first)\n",
                 options.store.data_path.c_str());
    exit = kExitFailed;
    return std::nullopt;
  }
  auto store = OpenStore(options.store, model::AllTableSpecs(tables));
  if (!store.ok()) {
    std::fprintf(stderr, "homeboard token: %s\n", store.error().ToString().c_str());
    exit = kExitFailed;
    return std::nullopt;
  }
  Opened opened;
  opened.store = std::move(store).value();
  opened.context = service::ServiceContext{.store = opened.store.get(), .tables = tables};
  auto user = service::AccountService(opened.context).FindByName(options.user);
  if (!user.ok()) {
    exit = Fail(user.error());
    return std::nullopt;
  }
  opened.user = std::move(user).value();
  return opened;
}

int RunCreate(TokenCommandOptions& options) {
  bool valid = false;
  std::optional<std::chrono::seconds> expires_in = ParseExpiry(options.expires, valid);
  if (!valid) {
    std::fprintf(stderr,
                 "homeboard token: --expires: \"%s\" is not a duration like 90d, 12h, 30m, "
                 "3600s, 2w or \"never\"\n",
                 options.expires.c_str());
    return kExitUsage;
  }
  int exit = 0;
  std::optional<Opened> opened = OpenForUser(options, exit);
  if (!opened) return exit;
  service::TokenService tokens(opened->context);
  auto created =
      tokens.CreateApiToken(service::Caller{opened->user.user_id}, options.label, expires_in);
  if (!created.ok()) return Fail(created.error());
  std::printf("%s\n", created->token.c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "created token %s \"%s\" for %s, expires %s.\n"
               "Store it now: it is not shown again (only its hash is kept).\n",
               created->record.token_id.c_str(), created->record.name.c_str(),
               opened->user.name.c_str(), FormatExpiry(created->record.expires_at).c_str());
  return 0;
}

int RunList(TokenCommandOptions& options) {
  int exit = 0;
  std::optional<Opened> opened = OpenForUser(options, exit);
  if (!opened) return exit;
  service::TokenService tokens(opened->context);
  auto listed = tokens.ListTokens(service::Caller{opened->user.user_id});
  if (!listed.ok()) return Fail(listed.error());
  std::printf("%-26s  %-7s  %-24s  %-24s  %s\n", "TOKEN ID", "KIND", "CREATED", "EXPIRES", "NAME");
  for (const model::ApiToken& token : *listed) {
    std::printf("%-26s  %-7s  %-24s  %-24s  %s\n", token.token_id.c_str(),
                std::string(model::TokenKindName(token.kind)).c_str(), token.created_at.c_str(),
                FormatExpiry(token.expires_at).c_str(), token.name.c_str());
  }
  return 0;
}

int RunRevoke(TokenCommandOptions& options) {
  int exit = 0;
  std::optional<Opened> opened = OpenForUser(options, exit);
  if (!opened) return exit;
  service::TokenService tokens(opened->context);
  service::Status revoked =
      tokens.RevokeToken(service::Caller{opened->user.user_id}, options.token_id);
  if (!revoked.ok()) return Fail(revoked.error());
  std::printf("revoked token %s of %s\n", options.token_id.c_str(), opened->user.name.c_str());
  return 0;
}

}  // namespace

void AddTokenCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TokenCommandOptions>();
  CLI::App* token = app.add_subcommand("token", "Manage API tokens (Authorization: Bearer)");
  token->require_subcommand(1);
  token->footer(kExitCodes);

  CLI::App* create =
      token->add_subcommand("create", "Create an API token for a user and print it once on stdout");
  create->add_option("--user", options->user, "User name")->required();
  create->add_option("--name", options->label, "Label shown in `token list` (default: api token)");
  create->add_option("--expires", options->expires,
                     "Lifetime: N followed by s, m, h, d or w (e.g. 90d), or \"never\" "
                     "(default: 90d)");
  AddStoreOptions(*create, options->store);
  create->footer(kExitCodes);
  create->callback([options, &exit_code] { exit_code = RunCreate(*options); });

  CLI::App* list = token->add_subcommand(
      "list", "List a user's unexpired API tokens and sessions, newest first");
  list->add_option("--user", options->user, "User name")->required();
  AddStoreOptions(*list, options->store);
  list->footer(kExitCodes);
  list->callback([options, &exit_code] { exit_code = RunList(*options); });

  CLI::App* revoke = token->add_subcommand(
      "revoke", "Revoke (delete) one of a user's tokens or sessions by its id");
  revoke->add_option("--user", options->user, "User name")->required();
  revoke->add_option("token_id", options->token_id, "Token id, as `token list` shows it")
      ->required();
  AddStoreOptions(*revoke, options->store);
  revoke->footer(kExitCodes);
  revoke->callback([options, &exit_code] { exit_code = RunRevoke(*options); });
}

}  // namespace homeboard::cli
