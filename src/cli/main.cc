// homeboard: the command-line entry point. Each subcommand registers itself from its own
// file; this one only builds the CLI11 app and dispatches.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"homeboard: a personal start page / dashboard service"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every subcommand");
  int exit_code = 0;
  app.add_subcommand("version", "Print the version")->callback([] {
    std::puts("homeboard 0.1.0");
  });
  homeboard::cli::AddInitDbCommand(app, exit_code);
  homeboard::cli::AddDoctorCommand(app, exit_code);
  homeboard::cli::AddBenchCommand(app, exit_code);
  homeboard::cli::AddImportCommand(app, exit_code);
  homeboard::cli::AddExportCommand(app, exit_code);
  homeboard::cli::AddMigrateCommand(app, exit_code);
  homeboard::cli::AddUserCommand(app, exit_code);
  homeboard::cli::AddTokenCommand(app, exit_code);
  homeboard::cli::AddServeCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version exit 0; every usage error exits 2, as documented.
    return app.exit(error) == 0 ? 0 : 2;
  }
  return exit_code;
}
