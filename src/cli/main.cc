// homeboard: the command-line entry point. Each subcommand lives in its own file.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"homeboard: a personal start page / dashboard service"};
  app.require_subcommand(1);
  app.add_subcommand("version", "Print the version")->callback([] { std::puts("homeboard 0.1.0"); });
  CLI11_PARSE(app, argc, argv);
  return 0;
}
