// `homeboard migrate`: registration placeholder while the command is being written (this
// session); it fails loudly instead of pretending to work.
#include <cstdio>

#include "cli/commands.h"

namespace homeboard::cli {

void AddMigrateCommand(CLI::App& app, int& exit_code) {
  app.add_subcommand("migrate", "Copy every table between stores (not available yet)")->callback([&exit_code] {
    std::fprintf(stderr, "homeboard migrate: not available in this build yet\n");
    exit_code = 1;
  });
}

}  // namespace homeboard::cli
