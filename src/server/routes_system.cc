// Operational routes, all public: /healthz (the process answers), /readyz (the store
// answers a cheap GetItem), /metrics (Prometheus text) and /api/v1/openapi.json. Also the
// Problem schema every operation's error response refers to.
#include "model/preferences.h"
#include "model/tables.h"
#include "server/api.h"
#include "server/metrics.h"
#include "server/rest.h"

namespace homeboard::server {

void AddSystemRoutes(ApiBuilder& api) {
  api.AddSchema("Problem", R"({"type":"object","required":["type","title","status","code"],
"properties":{"type":{"type":"string"},"title":{"type":"string"},"status":{"type":"integer"},
"detail":{"type":"string"},"code":{"type":"string"},"field":{"type":"string"},
"rule":{"type":"string"},"instance":{"type":"string"},"request_id":{"type":"string"},
"invalid-params":{"type":"array","items":{"type":"object","properties":{
"name":{"type":"string"},"reason":{"type":"string"},"rule":{"type":"string"}}}}}})");
  api.AddSchema("Status", R"({"type":"object","required":["status"],
"properties":{"status":{"type":"string"}}})");

  api.Add({.method = "GET",
           .path = "/healthz",
           .operation_id = "health",
           .summary = "Liveness: the process answers",
           .tag = "system",
           .auth = AuthPolicy::kPublic,
           .response_schema = "Status",
           .handler = [](RequestContext&) -> Reply {
             return JsonReply(200, R"({"status":"ok"})");
           }});

  service::ServiceContext services = api.services();
  api.Add({.method = "GET",
           .path = "/readyz",
           .operation_id = "ready",
           .summary = "Readiness: the store answers a read",
           .tag = "system",
           .auth = AuthPolicy::kPublic,
           .response_schema = "Status",
           .handler = [services](RequestContext&) -> Reply {
             // A GetItem of a key that never exists: cheap on both engines, and it proves
             // the store is reachable and the table is there.
             store::GetRequest request{
                 .table = services.Table(model::kPreferencesTable),
                 .key = model::Preferences::KeyOf("readiness-probe"),
                 .consistent_read = false};
             auto probe = services.store->Get(request);
             if (!probe.ok()) {
               Problem problem = ProblemFrom(service::FromStore(probe.error()));
               problem.status = 503;
               problem.code = "unavailable";
               problem.retry_after_seconds = 1;
               return problem;
             }
             return JsonReply(200, R"({"status":"ready"})");
           }});

  Metrics* metrics = &api.metrics();
  api.Add({.method = "GET",
           .path = "/metrics",
           .operation_id = "metrics",
           .summary = "Prometheus metrics (text exposition format 0.0.4)",
           .tag = "system",
           .auth = AuthPolicy::kPublic,
           .response_content_type = "text/plain; version=0.0.4",
           .handler = [metrics](RequestContext&) -> Reply {
             HttpResponse response;
             response.content_type = "text/plain; version=0.0.4; charset=utf-8";
             response.body = metrics->RenderPrometheus();
             return response;
           }});

  std::shared_ptr<const std::string> document = api.openapi_document();
  api.Add({.method = "GET",
           .path = "/api/v1/openapi.json",
           .operation_id = "openapi",
           .summary = "This API's OpenAPI 3.1 document",
           .tag = "system",
           .auth = AuthPolicy::kPublic,
           .response_content_type = "application/json",
           .handler = [document](RequestContext&) -> Reply { return JsonReply(200, *document); }});
}

}  // namespace homeboard::server
