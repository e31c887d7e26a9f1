// `homeboard doctor`: checks the store. On SQLite: PRAGMA integrity_check, then whether every
// table exists and matches its spec. On DynamoDB: whether every table exists and matches.
// Changes nothing. Exit codes: 0 healthy, 1 failed or corrupt, 3 tables missing or drifted.
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "model/tables.h"
#include "store/sqlite/sqlite_store.h"

namespace homeboard::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitNeedsWork = 3;

int RunDoctor(StoreOptions& options) {
  ResolveStoreOptions(options);
  std::printf("doctor: %s\n", DescribeStore(options).c_str());
  if (options.engine == "sqlite" && !std::filesystem::exists(options.data_path)) {
    // Opening would create an empty database; the doctor only looks.
    std::fprintf(stderr, "homeboard doctor: no database at %s (run `homeboard init-db`)\n",
                 options.data_path.c_str());
    return kExitFailed;
  }
  std::vector<store::TableSpec> specs =
      model::AllTableSpecs(model::TableNames(options.dynamo.table_prefix));
  auto opened = OpenStore(options, specs);
  if (!opened.ok()) {
    std::fprintf(stderr, "homeboard doctor: %s\n", opened.error().ToString().c_str());
    return kExitFailed;
  }
  if (auto* sqlite = dynamic_cast<store::sqlite::SqliteStore*>(opened->get())) {
    store::Status integrity = sqlite->IntegrityCheck();
    if (!integrity.ok()) {
      std::printf("  integrity_check: FAILED\n%s\n", integrity.error().message.c_str());
      return kExitFailed;
    }
    std::printf("  integrity_check: ok\n");
  }
  store::EnsureOptions dry_run;
  dry_run.dry_run = true;
  auto report = (*opened)->EnsureTables(specs, dry_run);
  if (!report.ok()) {
    std::fprintf(stderr, "homeboard doctor: %s\n", report.error().ToString().c_str());
    return kExitFailed;
  }
  int problems = 0;
  for (const store::TableOutcome& table : report->tables) {
    bool ok = table.action == store::TableOutcome::Action::kUnchanged;
    problems += ok ? 0 : 1;
    std::printf("  %-17s %s\n", ok ? "ok" : std::string(store::ActionName(table.action)).c_str(),
                table.table.c_str());
    if (table.action == store::TableOutcome::Action::kDrift) {
      for (const std::string& line : table.details) std::printf("      - %s\n", line.c_str());
    }
  }
  if (problems > 0) {
    std::printf("%d table(s) missing or different from the spec: run `homeboard init-db`%s.\n",
                problems, report->HasDrift() ? " and fix the drifted tables by hand" : "");
    return kExitNeedsWork;
  }
  std::printf("healthy.\n");
  return 0;
}

}  // namespace

void AddDoctorCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<StoreOptions>();
  CLI::App* command = app.add_subcommand(
      "doctor", "Check the store: SQLite integrity, tables present and matching their spec");
  AddStoreOptions(*command, *options);
  command->footer("Exit codes: 0 healthy, 1 failed or corrupt, 2 usage error, 3 tables missing "
                  "or different from the spec.");
  command->callback([options, &exit_code] { exit_code = RunDoctor(*options); });
}

}  // namespace homeboard::cli
