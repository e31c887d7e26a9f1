// What a resource file (routes_<name>.cc) works with: Route (one operation: method, path
// pattern, documentation and handler — declared once, used for dispatch and for the OpenAPI
// document), RequestContext (what a handler is given), Reply (what it returns) and
// ApiBuilder (where it adds its routes and schemas).
//
// Adding a resource: create src/server/routes_widgets.cc defining
//
//   void AddWidgetsRoutes(ApiBuilder& api) {
//     auto widgets = std::make_shared<service::WidgetService>(api.services());
//     api.AddSchema("Widget", R"({"type":"object","properties":{...}})");
//     api.Add({.method = "GET", .path = "/api/v1/widgets/{id}", .operation_id = "getWidget",
//              .summary = "One widget", .tag = "widgets", .response_schema = "Widget",
//              .etag = true,
//              .handler = [widgets](RequestContext& context) -> Reply {
//                auto widget = widgets->Get(context.caller(), context.PathParam("id"));
//                if (!widget.ok()) return widget.error();
//                return JsonReply(200, WidgetJson(*widget), widget->version);
//              }});
//   }
//
// and nothing else: the build generates the call (see src/server/CMakeLists.txt). Helpers
// for bodies, ETags, pagination and entity JSON are in rest.h and entity_json.h.
#ifndef HOMEBOARD_SERVER_API_H_
#define HOMEBOARD_SERVER_API_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "server/http.h"
#include "server/problem.h"
#include "server/request_json.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::server {

class Authenticator;
class Metrics;
class PageViewCache;
struct Route;

// Limits the helpers in rest.h apply.
struct ApiLimits {
  JsonLimits json;
  // ?limit= default and ceiling (a larger limit is clamped, not refused).
  std::size_t default_page_limit = 50;
  std::size_t max_page_limit = 200;
  // The body limit of routes that take uploads (Route::upload: imports); every other route
  // has the transport's HttpServerOptions::max_body_bytes (1 MiB by default).
  std::size_t max_upload_bytes = std::size_t{64} << 20;
};

// A handler's answer: a response, or a problem the server renders (with the request id).
// Implicit from both and from service::Error, so handlers can `return result.error();`.
class Reply {
 public:
  Reply(HttpResponse response) : value_(std::move(response)) {}       // NOLINT: implicit
  Reply(Problem problem) : value_(std::move(problem)) {}              // NOLINT: implicit
  Reply(const service::Error& error) : value_(ProblemFrom(error)) {}  // NOLINT: implicit

  bool is_problem() const { return value_.index() == 1; }
  HttpResponse& response() { return std::get<0>(value_); }
  const Problem& problem() const { return std::get<1>(value_); }

 private:
  std::variant<HttpResponse, Problem> value_;
};

class RequestContext {
 public:
  RequestContext(const HttpRequest& request, const Route& route,
                 std::vector<std::pair<std::string, std::string>> path_params,
                 service::Caller caller, std::string request_id, const ApiLimits& limits)
      : request_(request),
        route_(route),
        path_params_(std::move(path_params)),
        caller_(std::move(caller)),
        request_id_(std::move(request_id)),
        limits_(limits) {}

  const HttpRequest& request() const { return request_; }
  const Route& route() const { return route_; }
  // The value of `{name}` in the route's path ("" if the pattern has no such parameter).
  std::string_view PathParam(std::string_view name) const;
  // The authenticated caller (user_id empty on public routes without credentials).
  const service::Caller& caller() const { return caller_; }
  const std::string& request_id() const { return request_id_; }
  const ApiLimits& limits() const { return limits_; }

 private:
  const HttpRequest& request_;
  const Route& route_;
  std::vector<std::pair<std::string, std::string>> path_params_;
  service::Caller caller_;
  std::string request_id_;
  const ApiLimits& limits_;
};

using RouteHandler = std::function<Reply(RequestContext& context)>;

enum class AuthPolicy {
  kRequired,  // 401 unless the Authenticator says kAuthenticated
  kPublic,    // no authentication (health, metrics, OpenAPI, login)
};

// A query parameter, for the OpenAPI document.
struct QueryParam {
  std::string name;
  std::string type = "string";  // JSON Schema type: "string", "integer", "boolean"
  std::string description;
  bool required = false;
};

struct Route {
  std::string method;        // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string path;          // "/api/v1/pages/{id}": literal segments and whole-segment {params}
  std::string operation_id;  // unique across the API: "getPage"
  std::string summary;
  std::string tag;  // groups operations in the document: "pages"
  AuthPolicy auth = AuthPolicy::kRequired;
  std::vector<QueryParam> query;
  // Names in components/schemas (added with ApiBuilder::AddSchema); empty: no JSON body.
  std::string request_schema;
  std::string response_schema;
  int success_status = 200;
  // The operation requires If-Match (documented; the handler calls RequireIfMatch).
  bool if_match = false;
  // The success response carries an ETag.
  bool etag = false;
  // Content type of a non-JSON success body ("text/plain; version=0.0.4" for /metrics).
  std::string response_content_type = "application/json";
  // The body may be up to ApiLimits::max_upload_bytes instead of the server-wide limit
  // (imports of whole bookmark files and backups).
  bool upload = false;
  RouteHandler handler;
};

// Handed to each AddXxxRoutes function.
class ApiBuilder {
 public:
  ApiBuilder(service::ServiceContext services, const ApiLimits& limits, Metrics* metrics,
             std::shared_ptr<const std::string> openapi_document,
             const Authenticator* authenticator = nullptr, PageViewCache* page_cache = nullptr)
      : services_(std::move(services)),
        limits_(limits),
        metrics_(metrics),
        openapi_document_(std::move(openapi_document)),
        authenticator_(authenticator),
        page_cache_(page_cache) {}

  // The context to build services from (its store is the server's metered store).
  const service::ServiceContext& services() const { return services_; }
  const ApiLimits& limits() const { return limits_; }
  Metrics& metrics() const { return *metrics_; }
  // The OpenAPI document, filled in once every route is added (read it in handlers only).
  std::shared_ptr<const std::string> openapi_document() const { return openapi_document_; }
  // The server's authenticator (null when it has none), for routes that manage credentials
  // themselves (login and logout need the accounts authenticator's limiter and cookies).
  const Authenticator* authenticator() const { return authenticator_; }
  // The cache of expanded pages (page_view_cache.h); null when the server keeps none.
  PageViewCache* page_cache() const { return page_cache_; }

  // Adds an operation. Duplicates and bad patterns are reported when the server is created.
  void Add(Route route) { routes_.push_back(std::move(route)); }
  // Adds (or replaces) a JSON Schema under components/schemas/<name>. `json_schema` must be
  // a JSON object (checked when the server is created).
  void AddSchema(std::string name, std::string json_schema) {
    schemas_[std::move(name)] = std::move(json_schema);
  }

  std::vector<Route>& routes() { return routes_; }
  const std::map<std::string, std::string>& schemas() const { return schemas_; }

 private:
  service::ServiceContext services_;
  const ApiLimits& limits_;
  Metrics* metrics_;
  std::shared_ptr<const std::string> openapi_document_;
  const Authenticator* authenticator_;
  PageViewCache* page_cache_;
  std::vector<Route> routes_;
  std::map<std::string, std::string> schemas_;
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_API_H_
