// `homeboard migrate --from STORE --to STORE`: copies every homeboard table from one store
// to another (SQLite to DynamoDB, DynamoDB to SQLite, SQLite to SQLite, DynamoDB to
// DynamoDB) and verifies the copy: per table, the item counts and an order-independent
// checksum of every item's keys and contents must match. The copy logic is
// store::CopyTables (store/table_copy.h); this file parses the locations, prepares the
// tables and prints the report.
//
// Locations:
//   sqlite:PATH[?prefix=P]                       a SQLite file (the source must exist)
//   dynamodb:[ENDPOINT][?prefix=P&region=R]      DynamoDB; no ENDPOINT: AWS itself.
//                                                Credentials as for every command (the AWS
//                                                chain: AWS_ACCESS_KEY_ID, profiles, ...)
// Order of work: the source tables must all exist and match the spec (checked without
// changing anything); the target gets init-db (missing tables created, drift refused); a
// target table that holds items stops the migration before anything is written, unless
//   --resume  copies over what is there (after an interrupted run: every put is idempotent;
//             an item in the target that the source lacks fails the verification), or
//   --force   deletes every item of the target tables first, then copies.
// Stop the server (every writer of the source) first: writes during the copy make the
// verification fail.
//
// Exit codes: 0 copied and verified; 1 failed (a store unreachable, a missing source file or
// table, an I/O error; a rerun with --resume finishes a copy that stopped half-way); 2 usage;
// 3 a target table is not empty (nothing written); 4 copied, but the verification found a
// difference; 5 a source or target table differs from the spec (nothing written).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "model/tables.h"
#include "store/table_copy.h"

namespace homeboard::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitNotEmpty = 3;
constexpr int kExitMismatch = 4;
constexpr int kExitDrift = 5;

struct MigrateOptions {
  std::string from;
  std::string to;
  bool force = false;
  bool resume = false;
  int segments = 4;
  int batch_size = 100;
  bool quiet = false;
};

struct Location {
  StoreOptions store;
  std::string text;  // as given, for messages
};

// Parses "sqlite:PATH[?prefix=P]" or "dynamodb:[ENDPOINT][?prefix=P&region=R]"; on failure
// returns false with `error` set.
bool ParseLocation(const std::string& text, Location& location, std::string& error) {
  location.text = text;
  std::size_t colon = text.find(':');
  if (colon == std::string::npos) {
    error = fmt::format("\"{}\": expected sqlite:PATH or dynamodb:[ENDPOINT]", text);
    return false;
  }
  std::string scheme = text.substr(0, colon);
  std::string rest = text.substr(colon + 1);
  std::string query;
  if (std::size_t question = rest.find('?'); question != std::string::npos) {
    query = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  if (scheme == "sqlite") {
    if (rest.empty()) {
      error = fmt::format("\"{}\": sqlite: needs a file path", text);
      return false;
    }
    location.store.engine = "sqlite";
    location.store.data_path = rest;
  } else if (scheme == "dynamodb") {
    location.store.engine = "dynamodb";
    location.store.dynamo.endpoint = rest;
    if (!rest.empty() && rest.rfind("http://", 0) != 0 && rest.rfind("https://", 0) != 0) {
      error = fmt::format("\"{}\": the endpoint must start with http:// or https://", text);
      return false;
    }
  } else {
    error = fmt::format("\"{}\": unknown store \"{}\" (sqlite or dynamodb)", text, scheme);
    return false;
  }
  std::size_t at = 0;
  while (at < query.size()) {
    std::size_t amp = query.find('&', at);
    std::string pair = query.substr(at, amp == std::string::npos ? std::string::npos : amp - at);
    at = amp == std::string::npos ? query.size() : amp + 1;
    std::size_t eq = pair.find('=');
    std::string name = pair.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (name == "prefix") {
      if (!value.empty() && !model::IsValidTablePrefix(value)) {
        error =
            fmt::format("\"{}\": prefix \"{}\" must be at most 64 of [A-Za-z0-9_.-]", text, value);
        return false;
      }
      location.store.dynamo.table_prefix = value;
    } else if (name == "region" && scheme == "dynamodb") {
      location.store.dynamo.region = value;
    } else {
      error = fmt::format("\"{}\": unknown parameter \"{}\" (prefix{})", text, name,
                          scheme == "dynamodb" ? ", region" : "");
      return false;
    }
  }
  return true;
}

bool SameStore(const Location& a, const Location& b) {
  if (a.store.engine != b.store.engine ||
      a.store.dynamo.table_prefix != b.store.dynamo.table_prefix) {
    return false;
  }
  if (a.store.engine == "dynamodb") return a.store.dynamo.endpoint == b.store.dynamo.endpoint;
  std::error_code ignored;
  return std::filesystem::weakly_canonical(a.store.data_path, ignored) ==
         std::filesystem::weakly_canonical(b.store.data_path, ignored);
}

// Prints drifted (or, for the source, missing) tables; true if there were any.
bool ReportSchemaProblems(const char* side, const store::EnsureReport& report, bool source) {
  bool problems = false;
  for (const store::TableOutcome& table : report.tables) {
    using Action = store::TableOutcome::Action;
    if (table.action == Action::kDrift) {
      std::fprintf(stderr, "homeboard migrate: %s table %s differs from the spec:\n", side,
                   table.table.c_str());
      for (const std::string& line : table.details)
        std::fprintf(stderr, "    - %s\n", line.c_str());
      problems = true;
    } else if (source && table.action == Action::kWouldCreate) {
      std::fprintf(stderr, "homeboard migrate: the source has no table %s\n", table.table.c_str());
      problems = true;
    }
  }
  return problems;
}

int RunMigrate(const MigrateOptions& options) {
  Location from, to;
  std::string error;
  if (!ParseLocation(options.from, from, error) || !ParseLocation(options.to, to, error)) {
    std::fprintf(stderr, "homeboard migrate: %s\n", error.c_str());
    return kExitUsage;
  }
  if (SameStore(from, to)) {
    std::fprintf(stderr, "homeboard migrate: --from and --to name the same store\n");
    return kExitUsage;
  }
  if (from.store.engine == "sqlite" && !std::filesystem::exists(from.store.data_path)) {
    std::fprintf(stderr, "homeboard migrate: the source %s does not exist\n",
                 from.store.data_path.c_str());
    return kExitFailed;
  }
  std::vector<store::TableSpec> source_specs =
      model::AllTableSpecs(model::TableNames(from.store.dynamo.table_prefix));
  std::vector<store::TableSpec> target_specs =
      model::AllTableSpecs(model::TableNames(to.store.dynamo.table_prefix));

  auto source = OpenStore(from.store, source_specs);
  if (!source.ok()) {
    std::fprintf(stderr, "homeboard migrate: opening the source %s: %s\n", from.text.c_str(),
                 source.error().ToString().c_str());
    return kExitFailed;
  }
  auto target = OpenStore(to.store, target_specs);
  if (!target.ok()) {
    std::fprintf(stderr, "homeboard migrate: opening the target %s: %s\n", to.text.c_str(),
                 target.error().ToString().c_str());
    return kExitFailed;
  }

  // The source is only looked at (dry run); the target gets init-db.
  store::EnsureOptions look;
  look.dry_run = true;
  auto source_schema = (*source)->EnsureTables(source_specs, look);
  if (!source_schema.ok()) {
    std::fprintf(stderr, "homeboard migrate: checking the source tables: %s\n",
                 source_schema.error().ToString().c_str());
    return kExitFailed;
  }
  if (ReportSchemaProblems("source", *source_schema, /*source=*/true)) return kExitDrift;
  auto target_schema = (*target)->EnsureTables(target_specs, {});
  if (!target_schema.ok()) {
    std::fprintf(stderr, "homeboard migrate: creating the target tables: %s\n",
                 target_schema.error().ToString().c_str());
    return kExitFailed;
  }
  if (ReportSchemaProblems("target", *target_schema, /*source=*/false)) return kExitDrift;

  std::vector<store::TablePair> pairs;
  for (std::size_t i = 0; i < source_specs.size(); ++i) {
    pairs.push_back({source_specs[i], target_specs[i]});
  }
  store::CopyOptions copy;
  copy.existing = options.force    ? store::CopyOptions::Existing::kReplace
                  : options.resume ? store::CopyOptions::Existing::kResume
                                   : store::CopyOptions::Existing::kRefuse;
  copy.segments = options.segments;
  copy.batch_size = options.batch_size;
  if (!options.quiet) {
    copy.progress = [last = std::chrono::steady_clock::time_point()](const std::string& table,
                                                                     std::uint64_t copied) mutable {
      auto now = std::chrono::steady_clock::now();
      if (now - last < std::chrono::seconds(2)) return;
      last = now;
      std::fprintf(stderr, "  ... %s: %llu items\n", table.c_str(),
                   static_cast<unsigned long long>(copied));
    };
  }
  std::printf("migrate: %s -> %s\n", DescribeStore(from.store).c_str(),
              DescribeStore(to.store).c_str());
  std::fflush(stdout);
  auto started = std::chrono::steady_clock::now();
  auto report = store::CopyTables(**source, **target, pairs, copy);
  if (!report.ok()) {
    std::fprintf(stderr,
                 "homeboard migrate: %s\n(what was copied stays; rerun with --resume "
                 "to finish)\n",
                 report.error().ToString().c_str());
    return kExitFailed;
  }
  if (report->outcome == store::CopyReport::Outcome::kRefusedNotEmpty) {
    std::fprintf(stderr,
                 "homeboard migrate: the target is not empty (%s); nothing was written. Use "
                 "--resume to copy over it or --force to empty it first.\n",
                 fmt::format("{}", fmt::join(report->non_empty_tables, ", ")).c_str());
    return kExitNotEmpty;
  }
  std::printf("  %-28s %10s %10s %10s  %-33s %s\n", "table", "copied", "source", "target",
              "checksum (source)", "check");
  std::uint64_t total = 0;
  for (const store::TableCopyReport& table : report->tables) {
    total += table.copied;
    std::printf("  %-28s %10llu %10llu %10llu  %-33s %s\n", table.target_table.c_str(),
                static_cast<unsigned long long>(table.copied),
                static_cast<unsigned long long>(table.source.items),
                static_cast<unsigned long long>(table.target.items),
                table.source.Checksum().c_str(), table.verified() ? "ok" : "MISMATCH");
    if (table.deleted > 0 || table.target_items_before > 0) {
      std::printf("  %-28s (%llu items deleted first, %llu were there before)\n", "",
                  static_cast<unsigned long long>(table.deleted),
                  static_cast<unsigned long long>(table.target_items_before));
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (report->outcome == store::CopyReport::Outcome::kMismatch) {
    std::printf(
        "copied %llu items in %.1f s, but the target differs from the source (was "
        "the source written to meanwhile, or did the target hold other items?)\n",
        static_cast<unsigned long long>(total), seconds);
    return kExitMismatch;
  }
  std::printf("copied %llu items in %.1f s; every table verified (counts and checksums).\n",
              static_cast<unsigned long long>(total), seconds);
  return 0;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<MigrateOptions>();
  CLI::App* command = app.add_subcommand(
      "migrate", "Copy every table from one store to another and verify the copy");
  command
      ->add_option("--from", options->from,
                   "Source: sqlite:PATH[?prefix=P] or "
                   "dynamodb:[ENDPOINT][?prefix=P&region=R]")
      ->required();
  command->add_option("--to", options->to, "Target, in the same form")->required();
  CLI::Option* force = command->add_flag("--force", options->force,
                                         "Delete every item of the target tables first, then copy");
  command
      ->add_flag("--resume", options->resume,
                 "Copy over items already in the target (after an interrupted run)")
      ->excludes(force);
  command->add_option("--segments", options->segments, "Parallel scan segments per table")
      ->check(CLI::Range(1, 64));
  command->add_option("--batch-size", options->batch_size, "Items per batch write")
      ->check(CLI::Range(1, 1000));
  command->add_flag("--quiet", options->quiet, "No progress lines on stderr");
  command->footer(
      "Stop every writer of the source first. Exit codes: 0 copied and verified, 1 failed "
      "(rerun with --resume to finish), 2 usage, 3 target not empty (nothing written), 4 "
      "verification found a difference, 5 a table differs from the spec (nothing written).");
  command->callback([options, &exit_code] { exit_code = RunMigrate(*options); });
}

}  // namespace homeboard::cli
