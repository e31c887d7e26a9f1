// `homeboard import FILE --user U [--format html|json]`: a browser's bookmark file (Netscape
// HTML) merged into the user's dashboard, or a homeboard JSON backup restored into an empty
// account (docs/import-export.md). The format is sniffed when not given: a document whose
// first non-blank character is '{' is JSON, anything else HTML.
//
// Progress goes to stderr: a bar redrawn in place (counts and rate) on a terminal, a plain
// line per step otherwise. The report goes to stdout: counts, then every skipped, duplicate
// and adjusted entry with its line, folders, rule and reason.
//
// Exit codes: 0 done, every entry imported as written; 1 failed (file unreadable, store
// unavailable, JSON invalid: nothing written for JSON); 2 usage (bad option or user id);
// 4 done, but some entries were skipped, de-duplicated or adjusted.
//
// The user is given by id (a ULID); lookup by user name comes with the accounts commands.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "model/ids.h"
#include "model/tables.h"
#include "service/backup_json.h"
#include "service/backup_service.h"
#include "service/import_service.h"
#include "service/netscape_parser.h"

namespace homeboard::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitWithIssues = 4;

struct ImportOptions {
  StoreOptions store;
  std::string file;
  std::string user;
  std::string format;  // "", "html" or "json"
  bool quiet = false;
};

// Progress on stderr: redrawn in place on a terminal, one line per phase otherwise.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet)
      : quiet_(quiet), tty_(isatty(fileno(stderr)) == 1),
        started_(std::chrono::steady_clock::now()) {}

  void Update(std::string_view phase, std::size_t done, std::size_t total) {
    if (quiet_) return;
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    if (tty_) {
      constexpr int kWidth = 30;
      int filled = total == 0 ? kWidth
                              : static_cast<int>(static_cast<double>(kWidth) *
                                                 static_cast<double>(done) /
                                                 static_cast<double>(total));
      std::fprintf(stderr, "\r%-9s [%s%s] %zu/%zu (%.0f/s)  ", std::string(phase).c_str(),
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(kWidth - filled), ' ').c_str(), done,
                   total, rate);
      drawn_ = true;
    } else if (phase != last_phase_ || (done == total && last_done_ != total)) {
      std::fprintf(stderr, "import: %s %zu/%zu\n", std::string(phase).c_str(), done, total);
    }
    last_phase_ = std::string(phase);
    last_done_ = done;
  }

  void Finish() {
    if (drawn_) std::fputc('\n', stderr);
    drawn_ = false;
  }

 private:
  bool quiet_;
  bool tty_;
  bool drawn_ = false;
  std::string last_phase_;
  std::size_t last_done_ = 0;
  std::chrono::steady_clock::time_point started_;
};

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return buffer.str();
}

std::string Sniff(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{' ? "json" : "html";
}

void PrintReport(const service::ImportReport& report) {
  std::printf(
      "imported %zu bookmarks (%zu pages, %zu widgets, %zu groups added, %zu bookmarks tagged); "
      "%zu already there\n",
      report.bookmarks_added, report.pages_added, report.widgets_added, report.groups_added,
      report.tagged, report.bookmarks_existing);
  std::printf("%zu links in the file; skipped %zu, duplicates %zu, adjusted %zu\n",
              report.bookmarks_in_file, report.skipped, report.duplicates, report.adjusted);
  for (const service::ImportIssue& issue : report.issues) {
    std::string where = issue.path.empty() ? "" : issue.path + " > ";
    std::string url = issue.url.empty() ? "" : " <" + issue.url + ">";
    std::printf("  line %-5d %-9s %-18s %s\"%s\"%s: %s\n", issue.line,
                std::string(service::ImportIssueKindName(issue.kind)).c_str(), issue.rule.c_str(),
                where.c_str(), issue.title.c_str(), url.c_str(), issue.message.c_str());
  }
}

int RunImport(ImportOptions& options) {
  if (!model::IsValidId(options.user)) {
    std::fprintf(stderr, "homeboard import: --user must be a user id (a 26-character ULID)\n");
    return kExitUsage;
  }
  std::optional<std::string> text = ReadFile(options.file);
  if (!text) {
    std::fprintf(stderr, "homeboard import: cannot read %s\n", options.file.c_str());
    return kExitFailed;
  }
  std::string format = options.format.empty() ? Sniff(*text) : options.format;

  ResolveStoreOptions(options.store);
  model::TableNames tables(options.store.dynamo.table_prefix);
  auto opened = OpenStore(options.store, model::AllTableSpecs(tables));
  if (!opened.ok()) {
    std::fprintf(stderr, "homeboard import: %s\n", opened.error().ToString().c_str());
    return kExitFailed;
  }
  service::ServiceContext context{.store = opened->get(), .tables = tables};
  service::Caller caller{options.user};
  ProgressPrinter progress(options.quiet);

  if (format == "json") {
    // Everything is validated before anything is written.
    auto dashboard = service::ParseBackupJson(*text, caller.user_id);
    if (!dashboard.ok()) {
      std::fprintf(stderr, "homeboard import: %s: %s [rule %s]; nothing was written\n",
                   options.file.c_str(), dashboard.error().message.c_str(),
                   dashboard.error().rule.c_str());
      return kExitFailed;
    }
    std::size_t total = 0;
    for (const service::PageBackup& page : dashboard->pages) {
      total += 1 + page.widgets.size();
      for (const service::WidgetBackup& w : page.widgets) {
        total += w.groups.size() + w.bookmarks.size() + w.notes.size();
      }
    }
    auto restored = service::BackupService(context).Restore(
        caller, *dashboard,
        [&](std::size_t written) { progress.Update("restore", std::min(written, total), total); });
    progress.Finish();
    if (!restored.ok()) {
      std::fprintf(stderr, "homeboard import: %s\n", restored.error().ToString().c_str());
      return kExitFailed;
    }
    std::printf("restored %zu pages, %zu widgets, %zu groups, %zu bookmarks, %zu notes, %zu tag "
                "assignments\n",
                restored->pages, restored->widgets, restored->groups, restored->bookmarks,
                restored->notes, restored->tag_associations);
    return 0;
  }

  service::NetscapeDocument document = service::ParseNetscape(*text);
  service::ImportOptions import_options;
  import_options.progress = [&](const service::ImportProgress& p) {
    progress.Update(p.phase, p.bookmarks_done, p.bookmarks_total);
  };
  auto report =
      service::ImportService(context).ImportNetscape(caller, document, import_options);
  progress.Finish();
  if (!report.ok()) {
    std::fprintf(stderr, "homeboard import: %s\n(what was written stays; run the same import "
                 "again to finish it)\n", report.error().ToString().c_str());
    return kExitFailed;
  }
  PrintReport(*report);
  return report->issues.empty() ? 0 : kExitWithIssues;
}

}  // namespace

void AddImportCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* command = app.add_subcommand(
      "import", "Import a browser bookmark file (HTML) or restore a homeboard JSON backup");
  command->add_option("file", options->file, "The file to import")->required();
  command->add_option("--user", options->user, "The user's id (ULID)")->required();
  command->add_option("--format", options->format, "html or json (default: from the content)")
      ->check(CLI::IsMember({"html", "json"}));
  command->add_flag("--quiet", options->quiet, "No progress on stderr");
  AddStoreOptions(*command, options->store);
  command->footer(
      "Exit codes: 0 done, 1 failed (nothing written for an invalid JSON backup), 2 usage error, "
      "4 done but some entries were skipped, de-duplicated or adjusted (listed in the report). "
      "Re-running an import is safe: nothing is imported twice. See docs/import-export.md.");
  command->callback([options, &exit_code] { exit_code = RunImport(*options); });
}

}  // namespace homeboard::cli
