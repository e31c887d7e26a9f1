// `homeboard export`: registration placeholder while the command is being written (this
// session); it fails loudly instead of pretending to work.
#include <cstdio>

#include "cli/commands.h"

namespace homeboard::cli {

void AddExportCommand(CLI::App& app, int& exit_code) {
  app.add_subcommand("export", "Export a dashboard (not available yet)")->callback([&exit_code] {
    std::fprintf(stderr, "homeboard export: not available in this build yet\n");
    exit_code = 1;
  });
}

}  // namespace homeboard::cli
