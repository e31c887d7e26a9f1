// `homeboard token`: registration placeholder while the command is being written (this
// session); it fails loudly instead of pretending to work.
#include <cstdio>

#include "cli/commands.h"

namespace homeboard::cli {

void AddTokenCommand(CLI::App& app, int& exit_code) {
  app.add_subcommand("token", "Manage API tokens (not available yet)")->callback([&exit_code] {
    std::fprintf(stderr, "homeboard token: not available in this build yet\n");
    exit_code = 1;
  });
}

}  // namespace homeboard::cli
