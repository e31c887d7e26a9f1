// /api/v1/imports and /api/v1/exports: a browser's bookmark file (Netscape HTML) or a
// homeboard JSON backup into the caller's dashboard, and the dashboard out in either format
// (docs/import-export.md; service::ImportService, service::BackupService).
//
//   POST /api/v1/imports     body: Netscape HTML (Content-Type text/html) or a homeboard
//                            backup (application/json); ?format=html|json overrides the
//                            Content-Type. HTML: merged into the dashboard, re-runnable,
//                            200 with the per-entry report (counts and "issues"). JSON: a
//                            restore into an account that holds no other pages (else 409
//                            not_empty); the document is checked whole before anything is
//                            written (400 naming the JSON path). 200 with counts.
//   GET  /api/v1/exports     ?format=json (default: the lossless backup) or html (bookmarks
//                            only, the browsers' format), as an attachment.
//
// Size: imports are an upload route (Route::upload): their body may be up to
// ApiLimits::max_upload_bytes (64 MiB by default, `homeboard serve --max-upload-bytes`),
// while every other route keeps the server-wide 1 MiB.
#include <memory>
#include <string>
#include <string_view>

#include "server/api.h"
#include "server/rest.h"
#include "server/sharing_json.h"
#include "service/backup_json.h"
#include "service/backup_service.h"
#include "service/import_service.h"
#include "service/netscape_parser.h"
#include "service/netscape_writer.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kImportReportSchema = R"({"type":"object","required":["format"],
"properties":{"format":{"enum":["html","json"]},
"bookmarks_in_file":{"type":"integer"},"bookmarks_added":{"type":"integer"},
"bookmarks_existing":{"type":"integer"},"duplicates":{"type":"integer"},
"skipped":{"type":"integer"},"adjusted":{"type":"integer"},"pages_added":{"type":"integer"},
"widgets_added":{"type":"integer"},"groups_added":{"type":"integer"},"tagged":{"type":"integer"},
"issues":{"type":"array","items":{"type":"object",
"required":["kind","line","path","title","url","rule","message"],
"properties":{"kind":{"enum":["skipped","duplicate","adjusted"]},"line":{"type":"integer"},
"path":{"type":"string"},"title":{"type":"string"},"url":{"type":"string"},
"rule":{"type":"string"},"message":{"type":"string"}}}},
"pages":{"type":"integer"},"widgets":{"type":"integer"},"groups":{"type":"integer"},
"bookmarks":{"type":"integer"},"notes":{"type":"integer"},
"tag_associations":{"type":"integer"}}})";

constexpr std::string_view kBackupSchema =
    R"({"type":"object","required":["format","version","pages"],
"description":"The homeboard JSON backup, see docs/import-export.md",
"properties":{"format":{"const":"homeboard-backup"},"version":{"type":"integer"},
"preferences":{"type":"object"},"pages":{"type":"array","items":{"type":"object"}}}})";

// The media type of a Content-Type header value, lower-cased, parameters dropped.
std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  std::string out(type);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "html" or "json": ?format= if given, else from the Content-Type.
ProblemOr<std::string> ImportFormat(const HttpRequest& request) {
  if (std::optional<std::string_view> format = request.Query("format")) {
    if (*format == "html" || *format == "json") return std::string(*format);
    return BadRequest("format", "enum", "format: \"html\" or \"json\"");
  }
  std::string type = MediaType(request.Header("Content-Type").value_or(""));
  if (type == "text/html") return std::string("html");
  if (type == "application/json") return std::string("json");
  return MakeProblem(415, "unsupported_media_type",
                     "Content-Type: text/html (a bookmark file) or application/json (a backup)",
                     "Content-Type", "enum");
}

Reply Import(const service::ImportService& importer, const service::BackupService& backups,
             RequestContext& context) {
  auto format = ImportFormat(context.request());
  if (!format.ok()) return format.error();
  const std::string& body = context.request().body;
  if (body.empty()) return BadRequest("body", "required", "body: the file to import");
  std::string out;
  JsonWriter json(&out);
  if (*format == "html") {
    service::NetscapeDocument document = service::ParseNetscape(body);
    auto report = importer.ImportNetscape(context.caller(), document);
    if (!report.ok()) return report.error();
    WriteImportReport(json, *report);
  } else {
    auto dashboard = service::ParseBackupJson(body, context.caller().user_id);
    if (!dashboard.ok()) return dashboard.error();
    auto report = backups.Restore(context.caller(), *dashboard);
    if (!report.ok()) return report.error();
    WriteRestoreReport(json, *report);
  }
  return JsonReply(200, std::move(out));
}

Reply Export(const service::BackupService& backups, RequestContext& context) {
  std::string_view format = context.request().Query("format").value_or("json");
  if (format != "html" && format != "json") {
    return BadRequest("format", "enum", "format: \"html\" or \"json\"");
  }
  auto dashboard = backups.Load(context.caller());
  if (!dashboard.ok()) return dashboard.error();
  HttpResponse response;
  response.status = 200;
  if (format == "json") {
    response.content_type = "application/json";
    response.body = service::WriteBackupJson(*dashboard);
    response.SetHeader("Content-Disposition", "attachment; filename=\"homeboard-backup.json\"");
  } else {
    response.content_type = "text/html; charset=utf-8";
    response.body = service::WriteNetscape(service::DashboardToNetscape(*dashboard));
    response.SetHeader("Content-Disposition", "attachment; filename=\"bookmarks.html\"");
  }
  return response;
}

}  // namespace

void AddTransferRoutes(ApiBuilder& api) {
  api.AddSchema("ImportReport", std::string(kImportReportSchema));
  api.AddSchema("Backup", std::string(kBackupSchema));
  auto importer = std::make_shared<service::ImportService>(api.services());
  auto backups = std::make_shared<service::BackupService>(api.services());

  api.Add({.method = "POST",
           .path = "/api/v1/imports",
           .operation_id = "importDashboard",
           .summary = "Import a Netscape bookmark file (merge) or restore a homeboard backup",
           .tag = "import-export",
           .query = {{.name = "format",
                      .description = "\"html\" or \"json\" (default: by Content-Type)"}},
           .response_schema = "ImportReport",
           .upload = true,
           .handler = [importer, backups](RequestContext& context) {
             return Import(*importer, *backups, context);
           }});

  api.Add({.method = "GET",
           .path = "/api/v1/exports",
           .operation_id = "exportDashboard",
           .summary = "The caller's dashboard as a homeboard backup (json) or bookmark file (html)",
           .tag = "import-export",
           .query = {{.name = "format", .description = "\"json\" (default) or \"html\""}},
           .response_schema = "Backup",
           .handler = [backups](RequestContext& context) { return Export(*backups, context); }});
}

}  // namespace homeboard::server
