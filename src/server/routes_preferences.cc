// /api/v1/preferences: the caller's settings (service::PreferencesService). Version 0 (ETag
// "0") means "nothing stored yet": a PATCH with If-Match: "0" creates them.
//
//   GET   /api/v1/preferences   the preferences, or the defaults
//   PATCH /api/v1/preferences   If-Match; any of theme, default_page_id, time_zone, locale,
//                               open_links_in_new_tab; null clears an optional setting
#include <memory>

#include "model/preferences.h"
#include "service/preferences_service.h"
#include "server/api.h"
#include "server/entity_json.h"
#include "server/rest.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kPreferencesSchema = R"({"type":"object",
"required":["theme","default_page_id","time_zone","locale","open_links_in_new_tab","updated_at","version"],
"properties":{"theme":{"enum":["light","dark","system"]},
"default_page_id":{"type":["string","null"]},"time_zone":{"type":["string","null"]},
"locale":{"type":["string","null"]},"open_links_in_new_tab":{"type":"boolean"},
"updated_at":{"type":["string","null"],"format":"date-time"},"version":{"type":"integer"}}})";

constexpr std::string_view kPreferencesUpdateSchema = R"({"type":"object",
"additionalProperties":false,"minProperties":1,
"properties":{"theme":{"enum":["light","dark","system"]},
"default_page_id":{"type":["string","null"]},"time_zone":{"type":["string","null"]},
"locale":{"type":["string","null"]},"open_links_in_new_tab":{"type":"boolean"}}})";

// A nullable string member: absent -> nullopt (keep), null -> "" (clear), else the text.
std::optional<std::string> Setting(const JsonBody& body, std::string_view name) {
  if (!body.Has(name)) return std::nullopt;
  if (body.IsNull(name)) return std::string();
  return body.String(name);
}

}  // namespace

void AddPreferencesRoutes(ApiBuilder& api) {
  api.AddSchema("Preferences", std::string(kPreferencesSchema));
  api.AddSchema("PreferencesUpdate", std::string(kPreferencesUpdateSchema));
  auto preferences = std::make_shared<service::PreferencesService>(api.services());

  api.Add({.method = "GET",
           .path = "/api/v1/preferences",
           .operation_id = "getPreferences",
           .summary = "The caller's preferences (defaults at version 0 when none are stored)",
           .tag = "preferences",
           .response_schema = "Preferences",
           .etag = true,
           .handler = [preferences](RequestContext& context) -> Reply {
             auto current = preferences->Get(context.caller());
             if (!current.ok()) return current.error();
             return JsonReply(200, ToJson(*current, WritePreferences), current->version);
           }});

  static const BodySpec kUpdate{
      .fields = {{.name = "theme"},
                 {.name = "default_page_id", .nullable = true},
                 {.name = "time_zone", .nullable = true},
                 {.name = "locale", .nullable = true},
                 {.name = "open_links_in_new_tab", .type = FieldType::kBoolean}}};
  api.Add({.method = "PATCH",
           .path = "/api/v1/preferences",
           .operation_id = "updatePreferences",
           .summary = "Change some preferences",
           .tag = "preferences",
           .request_schema = "PreferencesUpdate",
           .response_schema = "Preferences",
           .if_match = true,
           .etag = true,
           .handler = [preferences](RequestContext& context) -> Reply {
             auto version = RequireIfMatch(context.request());
             if (!version.ok()) return version.error();
             auto body = ReadJsonBody(context, kUpdate);
             if (!body.ok()) return body.error();
             if (body->root().members.empty()) {
               return BadRequest("body", "required", "body: at least one setting to change");
             }
             service::PreferencesChanges changes;
             if (std::optional<std::string> theme = body->String("theme")) {
               auto parsed = model::ParseTheme(*theme);
               if (!parsed.ok()) return service::FromValidation(parsed.error());
               changes.theme = *parsed;
             }
             changes.default_page_id = Setting(*body, "default_page_id");
             changes.time_zone = Setting(*body, "time_zone");
             changes.locale = Setting(*body, "locale");
             changes.open_links_in_new_tab = body->Boolean("open_links_in_new_tab");
             auto updated = preferences->Update(context.caller(), *version, changes);
             if (!updated.ok()) return WriteProblem(updated.error());
             return JsonReply(200, ToJson(*updated, WritePreferences), updated->version);
           }});
}

}  // namespace homeboard::server
