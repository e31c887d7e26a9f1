// `homeboard export --user U --format html|json [-o FILE]`: the user's dashboard as a browser
// bookmark file (Netscape HTML: pages, bookmarks widgets, groups, bookmarks) or as a
// lossless homeboard JSON backup (docs/import-export.md). Written to stdout, or to FILE
// through a temporary file renamed into place, so FILE is never left half written.
//
// Exit codes: 0 done, 1 failed (store unavailable, file not writable), 2 usage.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "model/ids.h"
#include "model/tables.h"
#include "service/backup_json.h"
#include "service/backup_service.h"
#include "service/netscape_writer.h"

namespace homeboard::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct ExportOptions {
  StoreOptions store;
  std::string user;
  std::string format;
  std::string output;  // empty: stdout
};

bool WriteAtomically(const std::string& path, const std::string& content) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) return false;
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) std::filesystem::remove(temporary, error);
  return !error;
}

int RunExport(ExportOptions& options) {
  if (!model::IsValidId(options.user)) {
    std::fprintf(stderr, "homeboard export: --user must be a user id (a 26-character ULID)\n");
    return kExitUsage;
  }
  ResolveStoreOptions(options.store);
  model::TableNames tables(options.store.dynamo.table_prefix);
  auto opened = OpenStore(options.store, model::AllTableSpecs(tables));
  if (!opened.ok()) {
    std::fprintf(stderr, "homeboard export: %s\n", opened.error().ToString().c_str());
    return kExitFailed;
  }
  service::ServiceContext context{.store = opened->get(), .tables = tables};
  auto dashboard = service::BackupService(context).Load(service::Caller{options.user});
  if (!dashboard.ok()) {
    std::fprintf(stderr, "homeboard export: %s\n", dashboard.error().ToString().c_str());
    return kExitFailed;
  }
  std::string content = options.format == "json"
                            ? service::WriteBackupJson(*dashboard)
                            : service::WriteNetscape(service::DashboardToNetscape(*dashboard));
  if (options.output.empty() || options.output == "-") {
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() ||
        std::fflush(stdout) != 0) {
      std::fprintf(stderr, "homeboard export: cannot write to stdout\n");
      return kExitFailed;
    }
    return 0;
  }
  if (!WriteAtomically(options.output, content)) {
    std::fprintf(stderr, "homeboard export: cannot write %s\n", options.output.c_str());
    return kExitFailed;
  }
  std::size_t bookmarks = 0;
  for (const service::PageBackup& page : dashboard->pages) {
    for (const service::WidgetBackup& w : page.widgets) bookmarks += w.bookmarks.size();
  }
  std::fprintf(stderr, "export: %zu pages, %zu bookmarks written to %s\n",
               dashboard->pages.size(), bookmarks, options.output.c_str());
  return 0;
}

}  // namespace

void AddExportCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* command = app.add_subcommand(
      "export", "Export a dashboard as browser bookmark HTML or as a homeboard JSON backup");
  command->add_option("--user", options->user, "The user's id (ULID)")->required();
  command->add_option("--format", options->format, "html (bookmarks only) or json (everything)")
      ->required()
      ->check(CLI::IsMember({"html", "json"}));
  command->add_option("-o,--output", options->output, "The file to write (default: stdout)");
  AddStoreOptions(*command, options->store);
  command->footer("Exit codes: 0 done, 1 failed, 2 usage error. See docs/import-export.md.");
  command->callback([options, &exit_code] { exit_code = RunExport(*options); });
}

}  // namespace homeboard::cli
