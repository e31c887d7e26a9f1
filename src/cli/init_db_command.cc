// `homeboard init-db`: create every missing table and GSI, wait until ACTIVE, enable TTL;
// report drift without touching data. Exit codes: 0 done (or nothing to do), 1 failed
// (unreachable, credentials, permissions, region), 2 usage, 3 drift found.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/dynamo_options.h"
#include "cli/store_options.h"
#include "model/tables.h"
#include "store/dynamo/schema.h"

namespace homeboard::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitDrift = 3;

struct InitDbOptions {
  StoreOptions store;
  bool dry_run = false;
  bool json = false;
};

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void PrintJson(const InitDbOptions& options, const std::string& endpoint, const std::string& region,
               const store::dynamo::EnsureReport* report, const std::string& error) {
  std::string out = fmt::format(
      "{{\"endpoint\":{},\"region\":{},\"table_prefix\":{},\"dry_run\":{}", JsonString(endpoint),
      JsonString(region), JsonString(options.store.dynamo.table_prefix), options.dry_run);
  if (report != nullptr) {
    out += ",\"tables\":[";
    for (std::size_t i = 0; i < report->tables.size(); ++i) {
      const auto& table = report->tables[i];
      if (i > 0) out += ',';
      out += fmt::format("{{\"table\":{},\"action\":\"{}\",\"details\":[", JsonString(table.table),
                         store::dynamo::ActionName(table.action));
      for (std::size_t d = 0; d < table.details.size(); ++d) {
        if (d > 0) out += ',';
        out += JsonString(table.details[d]);
      }
      out += "]}";
    }
    out += fmt::format("],\"changed\":{},\"drift\":{}", report->Changed(), report->HasDrift());
  }
  if (!error.empty()) out += fmt::format(",\"error\":{}", JsonString(error));
  out += "}";
  std::puts(out.c_str());
}

// `where`: the store, e.g. "http://127.0.0.1:8000/, region us-east-1" or "sqlite ./data/x.db".
void PrintText(const InitDbOptions& options, const std::string& where,
               const store::dynamo::EnsureReport& report) {
  std::printf("init-db: %s, table prefix \"%s\"%s\n", where.c_str(),
              options.store.dynamo.table_prefix.c_str(), options.dry_run ? " (dry run)" : "");
  int counts[6] = {};
  for (const auto& table : report.tables) {
    counts[static_cast<int>(table.action)]++;
    std::string details;
    if (table.action != store::dynamo::TableOutcome::Action::kDrift && !table.details.empty()) {
      details = fmt::format("  {}", fmt::join(table.details, "; "));
    }
    std::printf("  %-17s %s%s\n", std::string(store::dynamo::ActionName(table.action)).c_str(),
                table.table.c_str(), details.c_str());
    if (table.action == store::dynamo::TableOutcome::Action::kDrift) {
      for (const std::string& line : table.details) std::printf("      - %s\n", line.c_str());
    }
  }
  using Action = store::dynamo::TableOutcome::Action;
  if (report.HasDrift()) {
    std::printf("%d table(s) differ from the spec and were left untouched; fix or migrate them "
                "by hand (no data was changed).\n",
                counts[static_cast<int>(Action::kDrift)]);
  } else if (options.dry_run) {
    std::printf("dry run: %d table(s) would be created, %d would get TTL, %d already match.\n",
                counts[static_cast<int>(Action::kWouldCreate)],
                counts[static_cast<int>(Action::kWouldEnableTtl)],
                counts[static_cast<int>(Action::kUnchanged)]);
  } else if (!report.Changed()) {
    std::printf("nothing to do: all %zu tables exist and match the spec.\n", report.tables.size());
  } else {
    std::printf("done: %d table(s) created (with TTL where the spec has one), TTL enabled on %d "
                "existing table(s), %d already matched.\n",
                counts[static_cast<int>(Action::kCreated)],
                counts[static_cast<int>(Action::kTtlEnabled)],
                counts[static_cast<int>(Action::kUnchanged)]);
  }
}

// The embedded engine: the same report, for one SQLite file.
int RunInitDbSqlite(const InitDbOptions& options) {
  std::vector<store::TableSpec> specs =
      model::AllTableSpecs(model::TableNames(options.store.dynamo.table_prefix));
  std::string where = "sqlite:" + options.store.data_path;
  auto opened = OpenStore(options.store, specs);
  if (!opened.ok()) {
    std::string message = opened.error().ToString();
    if (options.json) {
      PrintJson(options, where, "", nullptr, message);
    } else {
      std::fprintf(stderr, "homeboard init-db: %s\n", message.c_str());
    }
    return kExitFailed;
  }
  store::EnsureOptions ensure;
  ensure.dry_run = options.dry_run;
  auto report = (*opened)->EnsureTables(specs, ensure);
  if (!report.ok()) {
    std::string message = report.error().ToString();
    if (options.json) {
      PrintJson(options, where, "", nullptr, message);
    } else {
      std::fprintf(stderr, "homeboard init-db: %s\n", message.c_str());
    }
    return kExitFailed;
  }
  if (options.json) {
    PrintJson(options, where, "", &*report, "");
  } else {
    PrintText(options, DescribeStore(options.store), *report);
  }
  return report->HasDrift() ? kExitDrift : 0;
}

int RunInitDb(InitDbOptions& options) {
  ResolveStoreOptions(options.store);
  if (options.store.engine == "sqlite") return RunInitDbSqlite(options);
  auto client = MakeClient(options.store.dynamo);
  std::string endpoint = options.store.dynamo.endpoint.empty() ? "AWS" : options.store.dynamo.endpoint;
  if (!client.ok()) {
    std::string message = ExplainError(client.error(), endpoint);
    if (options.json) {
      PrintJson(options, endpoint, options.store.dynamo.region, nullptr, message);
    } else {
      std::fprintf(stderr, "homeboard init-db: %s\n", message.c_str());
    }
    return kExitFailed;
  }
  endpoint = (*client)->endpoint();
  std::vector<store::TableSpec> specs =
      model::AllTableSpecs(model::TableNames(options.store.dynamo.table_prefix));
  store::dynamo::EnsureOptions ensure;
  ensure.dry_run = options.dry_run;
  auto report = store::dynamo::EnsureTables(**client, specs, ensure);
  if (!report.ok()) {
    std::string message = ExplainError(report.error(), endpoint);
    if (options.json) {
      PrintJson(options, endpoint, (*client)->region(), nullptr, message);
    } else {
      std::fprintf(stderr, "homeboard init-db: %s\n", message.c_str());
    }
    return kExitFailed;
  }
  if (options.json) {
    PrintJson(options, endpoint, (*client)->region(), &*report, "");
  } else {
    PrintText(options, fmt::format("{}, region {}", endpoint, (*client)->region()), *report);
  }
  return report->HasDrift() ? kExitDrift : 0;
}

}  // namespace

void AddInitDbCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<InitDbOptions>();
  CLI::App* command = app.add_subcommand(
      "init-db", "Create every missing table, GSI and TTL setting; report drift");
  AddStoreOptions(*command, options->store);
  command->add_flag("--dry-run", options->dry_run, "Print what would be done; change nothing");
  command->add_flag("--json", options->json, "Print a machine-readable report");
  command->footer(
      "Exit codes: 0 done or nothing to do, 1 failed (endpoint unreachable, credentials, "
      "permissions, region), 2 usage error, 3 an existing table differs from the spec.");
  command->callback([options, &exit_code] { exit_code = RunInitDb(*options); });
}

}  // namespace homeboard::cli
