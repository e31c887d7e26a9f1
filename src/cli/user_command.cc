// `homeboard user add|list|delete|passwd`: user accounts on the configured store, through
// service::AccountService (docs/accounts.md).
//
// Passwords are never taken from the command line (it shows in `ps` and shell history):
// on a terminal they are prompted for twice with echo off; otherwise (or with
// --password-stdin) the first line of standard input is the password.
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "model/tables.h"
#include "service/account_service.h"
#include "service/context.h"
#include "service/token_service.h"

namespace homeboard::cli {
namespace {

constexpr int kExitFailed = 1;    // the store failed, or an internal error
constexpr int kExitUsage = 2;     // bad command line (also CLI11's parse errors)
constexpr int kExitInvalid = 3;   // a name, display name or password breaks a rule
constexpr int kExitConflict = 4;  // add: the name is taken; delete/passwd: no such user

constexpr const char* kExitCodes =
    "Exit codes: 0 success, 1 store or internal failure, 2 usage error, 3 invalid name, "
    "display name or password (the message names the rule), 4 name already taken (add) or "
    "no such user (delete, passwd).";

struct UserOptions {
  StoreOptions store;
  std::string name;
  std::string display_name;
  bool password_stdin = false;
  bool yes = false;
};

// Terminal state to restore if the user interrupts a prompt with echo off.
termios saved_terminal;
volatile std::sig_atomic_t terminal_saved = 0;

void RestoreTerminalAndExit(int signal_number) {
  if (terminal_saved) tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// One line from standard input, without its line ending; nullopt at end of input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Prompts on the terminal with echo off.
std::optional<std::string> Prompt(const char* prompt) {
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  termios quiet;
  bool echo_off = tcgetattr(STDIN_FILENO, &saved_terminal) == 0;
  if (echo_off) {
    terminal_saved = 1;
    std::signal(SIGINT, RestoreTerminalAndExit);
    std::signal(SIGTERM, RestoreTerminalAndExit);
    quiet = saved_terminal;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::optional<std::string> line = ReadLine();
  if (echo_off) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
    terminal_saved = 0;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
  std::fputc('\n', stderr);
  return line;
}

// The new password: prompted twice on a terminal, else the first line of stdin. nullopt
// (with a message printed) if it could not be read or the two entries differ.
std::optional<std::string> ReadNewPassword(bool from_stdin) {
  if (from_stdin || !isatty(STDIN_FILENO)) {
    std::optional<std::string> line = ReadLine();
    if (!line) std::fprintf(stderr, "homeboard user: no password on standard input\n");
    return line;
  }
  std::optional<std::string> first = Prompt("Password: ");
  if (!first) return std::nullopt;
  std::optional<std::string> second = Prompt("Repeat password: ");
  if (!second || *first != *second) {
    std::fprintf(stderr, "homeboard user: the passwords did not match\n");
    return std::nullopt;
  }
  return first;
}

int ExitCodeOf(const service::Error& error) {
  switch (error.code) {
    case service::Error::Code::kInvalidArgument:
      return kExitInvalid;
    case service::Error::Code::kConflict:
    case service::Error::Code::kNotFound:
      return kExitConflict;
    default:
      return kExitFailed;
  }
}

int Fail(const service::Error& error) {
  std::fprintf(stderr, "homeboard user: %s\n", error.message.c_str());
  return ExitCodeOf(error);
}

// Opens the store; on failure prints why and returns nullptr.
std::unique_ptr<store::ItemStore> Open(StoreOptions& options, model::TableNames& tables) {
  ResolveStoreOptions(options);
  tables = model::TableNames(options.dynamo.table_prefix);
  if (options.engine == "sqlite" && !std::filesystem::exists(options.data_path)) {
    std::fprintf(stderr, "homeboard user: no database at %s (run `homeboard init-db` first)\n",
                 options.data_path.c_str());
    return nullptr;
  }
  auto opened = OpenStore(options, model::AllTableSpecs(tables));
  if (!opened.ok()) {
    std::fprintf(stderr, "homeboard user: %s\n", opened.error().ToString().c_str());
    return nullptr;
  }
  return std::move(opened).value();
}

int RunAdd(UserOptions& options) {
  model::TableNames tables;
  std::unique_ptr<store::ItemStore> store = Open(options.store, tables);
  if (!store) return kExitFailed;
  service::AccountService accounts(service::ServiceContext{.store = store.get(), .tables = tables});
  // Check the name before asking for a password, so a typo costs no typing.
  model::Result<std::string> name = model::NormalizeUserName(options.name);
  if (!name.ok()) {
    std::fprintf(stderr, "homeboard user: %s\n", name.error().message.c_str());
    return kExitInvalid;
  }
  std::optional<std::string> password = ReadNewPassword(options.password_stdin);
  if (!password) return kExitInvalid;
  auto user = accounts.CreateUser(*name, options.display_name, *password);
  if (!user.ok()) return Fail(user.error());
  std::printf("created user %s (%s) id %s\n", user->name.c_str(), user->display_name.c_str(),
              user->user_id.c_str());
  return 0;
}

int RunList(UserOptions& options) {
  model::TableNames tables;
  std::unique_ptr<store::ItemStore> store = Open(options.store, tables);
  if (!store) return kExitFailed;
  service::AccountService accounts(service::ServiceContext{.store = store.get(), .tables = tables});
  auto users = accounts.ListUsers();
  if (!users.ok()) return Fail(users.error());
  std::printf("%-32s  %-26s  %-24s  %s\n", "NAME", "USER ID", "CREATED", "DISPLAY NAME");
  for (const model::User& user : *users) {
    std::printf("%-32s  %-26s  %-24s  %s\n", user.name.c_str(), user.user_id.c_str(),
                user.created_at.c_str(), user.display_name.c_str());
  }
  return 0;
}

int RunDelete(UserOptions& options) {
  if (!options.yes) {
    if (!isatty(STDIN_FILENO)) {
      std::fprintf(stderr,
                   "homeboard user delete: deletes %s and all their pages; pass --yes to "
                   "confirm\n",
                   options.name.c_str());
      return kExitUsage;
    }
    std::fprintf(stderr, "Delete user %s with all their pages, tokens and sessions? [y/N] ",
                 options.name.c_str());
    std::optional<std::string> answer = ReadLine();
    if (!answer || (*answer != "y" && *answer != "Y" && *answer != "yes")) {
      std::fprintf(stderr, "not deleted\n");
      return kExitUsage;
    }
  }
  model::TableNames tables;
  std::unique_ptr<store::ItemStore> store = Open(options.store, tables);
  if (!store) return kExitFailed;
  service::AccountService accounts(service::ServiceContext{.store = store.get(), .tables = tables});
  auto user = accounts.FindByName(options.name);
  if (!user.ok()) return Fail(user.error());
  if (service::Status deleted = accounts.DeleteUser(user->user_id); !deleted.ok()) {
    return Fail(deleted.error());
  }
  std::printf("deleted user %s (id %s)\n", user->name.c_str(), user->user_id.c_str());
  return 0;
}

int RunPasswd(UserOptions& options) {
  model::TableNames tables;
  std::unique_ptr<store::ItemStore> store = Open(options.store, tables);
  if (!store) return kExitFailed;
  service::ServiceContext context{.store = store.get(), .tables = tables};
  service::AccountService accounts(context);
  auto user = accounts.FindByName(options.name);
  if (!user.ok()) return Fail(user.error());
  std::optional<std::string> password = ReadNewPassword(options.password_stdin);
  if (!password) return kExitInvalid;
  if (service::Status set = accounts.SetPassword(user->user_id, *password); !set.ok()) {
    return Fail(set.error());
  }
  // Whoever knew the old password may be logged in: end every browser session. API tokens
  // are separate credentials and stay (revoke them with `homeboard token revoke`).
  auto ended =
      service::TokenService(context).RevokeAllTokens(user->user_id, model::TokenKind::kSession);
  if (!ended.ok()) return Fail(ended.error());
  std::printf("password of %s changed; %zu session(s) ended\n", user->name.c_str(), *ended);
  return 0;
}

}  // namespace

void AddUserCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<UserOptions>();
  CLI::App* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  user->footer(kExitCodes);

  CLI::App* add = user->add_subcommand(
      "add", "Create a user; the password is prompted for (echo off) or read from stdin");
  add->add_option("name", options->name, "User name: 3-32 characters of a-z 0-9 _ . -")->required();
  add->add_option("--display-name", options->display_name, "Name shown in the UI (default: NAME)");
  add->add_flag("--password-stdin", options->password_stdin,
                "Read the password from the first line of stdin (the default when stdin is not "
                "a terminal)");
  AddStoreOptions(*add, options->store);
  add->footer(std::string("Passwords: at least 15 characters, at most 1024 bytes, must not "
                          "contain the user name; no other composition rules.\n") +
              kExitCodes);
  add->callback([options, &exit_code] { exit_code = RunAdd(*options); });

  CLI::App* list = user->add_subcommand("list", "List users (name, id, created, display name)");
  AddStoreOptions(*list, options->store);
  list->footer(kExitCodes);
  list->callback([options, &exit_code] { exit_code = RunList(*options); });

  CLI::App* remove = user->add_subcommand(
      "delete", "Delete a user with all their pages, preferences, tokens and sessions");
  remove->add_option("name", options->name, "User name")->required();
  remove->add_flag("--yes,-y", options->yes, "Do not ask for confirmation");
  AddStoreOptions(*remove, options->store);
  remove->footer(kExitCodes);
  remove->callback([options, &exit_code] { exit_code = RunDelete(*options); });

  CLI::App* passwd = user->add_subcommand(
      "passwd", "Set a user's password (prompted for, or read from stdin) and end their sessions");
  passwd->add_option("name", options->name, "User name")->required();
  passwd->add_flag("--password-stdin", options->password_stdin,
                   "Read the password from the first line of stdin");
  AddStoreOptions(*passwd, options->store);
  passwd->footer(kExitCodes);
  passwd->callback([options, &exit_code] { exit_code = RunPasswd(*options); });
}

}  // namespace homeboard::cli
