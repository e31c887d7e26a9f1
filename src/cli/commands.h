// Registration of the homeboard subcommands. Each Add*Command adds one subcommand (with its
// own subcommands and options) to the app; its callback stores the process exit code in
// `exit_code` (0 success, 1 failure, 2 usage).
#ifndef HOMEBOARD_CLI_COMMANDS_H_
#define HOMEBOARD_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace homeboard::cli {

// `homeboard bench ddb ...` and the hidden `homeboard bench stub-server`.
void AddBenchCommand(CLI::App& app, int& exit_code);

// `homeboard init-db`: create the tables (see docs/data-model.md).
void AddInitDbCommand(CLI::App& app, int& exit_code);

// `homeboard doctor`: integrity and schema check of the store.
void AddDoctorCommand(CLI::App& app, int& exit_code);

// `homeboard import FILE --user U`: Netscape bookmark HTML or homeboard JSON into a dashboard.
void AddImportCommand(CLI::App& app, int& exit_code);

// `homeboard export --user U --format html|json`.
void AddExportCommand(CLI::App& app, int& exit_code);

// `homeboard migrate --from ENGINE:... --to ENGINE:...`: copies every table between stores.
void AddMigrateCommand(CLI::App& app, int& exit_code);

// `homeboard user add|list|delete`.
void AddUserCommand(CLI::App& app, int& exit_code);

// `homeboard token create|list|revoke`.
void AddTokenCommand(CLI::App& app, int& exit_code);

// `homeboard serve`: the REST API.
void AddServeCommand(CLI::App& app, int& exit_code);

}  // namespace homeboard::cli

#endif  // HOMEBOARD_CLI_COMMANDS_H_
