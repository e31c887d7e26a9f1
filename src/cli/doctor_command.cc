// `homeboard doctor`: checks the store. On SQLite: PRAGMA integrity_check, then whether every
// table exists and matches its spec (both engines), then each user's data: page deletes left
// half done by a crash (the `deleting` mark, docs/data-model.md) and the tag invariant (every
// item's tags, its associations and the counts agree). Changes nothing unless --repair, which
// finishes the pending page deletes. Exit codes: 0 healthy, 1 failed or corrupt, 3 tables
// missing or drifted, or data needing repair.
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "model/tables.h"
#include "service/account_service.h"
#include "service/internal/tag_consistency.h"
#include "service/page_service.h"
#include "store/sqlite/sqlite_store.h"

namespace homeboard::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitNeedsWork = 3;

struct DoctorOptions {
  StoreOptions store;
  bool repair = false;
};

// The per-user data checks; returns the number of problems left (after repairs), or -1 when
// the store failed.
int CheckUsers(store::ItemStore& store, const model::TableNames& tables, bool repair) {
  service::ServiceContext context{.store = &store, .tables = tables};
  auto users = service::AccountService(context).ListUsers();
  if (!users.ok()) {
    std::fprintf(stderr, "homeboard doctor: listing users: %s\n", users.error().ToString().c_str());
    return -1;
  }
  service::PageService pages(context);
  int problems = 0;
  for (const model::User& user : *users) {
    service::Caller caller{.user_id = user.user_id};
    auto listed = pages.List(caller);  // pages marked deleting are not listed
    if (!listed.ok()) {
      std::fprintf(stderr, "homeboard doctor: %s: %s\n", user.name.c_str(),
                   listed.error().ToString().c_str());
      return -1;
    }
    if (repair) {
      if (auto finished = pages.FinishPendingDeletes(caller); !finished.ok()) {
        std::printf("  user %-12s pending page deletes: %s\n", user.name.c_str(),
                    finished.error().ToString().c_str());
        ++problems;
      }
    }
    auto tag_problems = service::internal::FindTagProblems(context, user.user_id);
    if (!tag_problems.ok()) {
      std::fprintf(stderr, "homeboard doctor: %s: %s\n", user.name.c_str(),
                   tag_problems.error().ToString().c_str());
      return -1;
    }
    for (const std::string& line : *tag_problems) {
      std::printf("  user %-12s tags: %s\n", user.name.c_str(), line.c_str());
    }
    problems += static_cast<int>(tag_problems->size());
    if (tag_problems->empty()) {
      std::printf("  ok                user %s: %zu page(s), tags consistent\n", user.name.c_str(),
                  listed->size());
    }
  }
  return problems;
}

int RunDoctor(DoctorOptions& doctor) {
  StoreOptions& options = doctor.store;
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
  int data_problems = CheckUsers(**opened, model::TableNames(options.dynamo.table_prefix),
                                 doctor.repair);
  if (data_problems < 0) return kExitFailed;
  if (data_problems > 0) {
    std::printf("%d data problem(s)%s.\n", data_problems,
                doctor.repair ? " left after repair" : ": see above (--repair finishes page deletes)");
    return kExitNeedsWork;
  }
  std::printf("healthy.\n");
  return 0;
}

}  // namespace

void AddDoctorCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DoctorOptions>();
  CLI::App* command = app.add_subcommand(
      "doctor",
      "Check the store: SQLite integrity, tables matching their spec, each user's tags and "
      "pending page deletes");
  AddStoreOptions(*command, options->store);
  command->add_flag("--repair", options->repair,
                    "Finish page deletes a crash left half done (otherwise nothing is changed)");
  command->footer("Exit codes: 0 healthy, 1 failed or corrupt, 2 usage error, 3 tables missing "
                  "or different from the spec, or data needing repair.");
  command->callback([options, &exit_code] { exit_code = RunDoctor(*options); });
}

}  // namespace homeboard::cli
