// ApiServer: the homeboard HTTP API. It builds the route table from every routes_*.cc
// (api.h explains how to add one), wraps the store in a MeteredStore, and handles each
// request the same way:
//
//   1. request id: X-Request-Id if the client sent a sane one ([A-Za-z0-9._:-], at most 128
//      bytes), else a new ULID; echoed in the response.
//   2. header limits: more than max_header_count headers or max_header_bytes bytes -> 431.
//   3. routing: no path -> 404, path but not method -> 405 with Allow.
//   4. rate limits (when ApiServerOptions::rate_limits is set) on everything under /api/:
//      per client address before authentication, per credential after it -> 429 with
//      Retry-After. /healthz, /readyz and /metrics are never limited (monitoring).
//   5. authentication for AuthPolicy::kRequired routes through the Authenticator: no or bad
//      credentials -> 401 with WWW-Authenticate.
//   6. the handler; a Problem becomes application/problem+json (problem.h).
//   7. Cache-Control: no-store on everything under /api/; metrics; one access log line.
//
// The transport (http_server.h) enforces the largest body limit of any route (413; each
// route's own limit, Route::upload, is applied once the route is known), read/write/idle timeouts
// and the worker pool; its own refusals are rendered as problems too.
//
// Thread safety: Handle may be called concurrently; Start/Stop from one controlling thread.
#ifndef HOMEBOARD_SERVER_API_SERVER_H_
#define HOMEBOARD_SERVER_API_SERVER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "server/api.h"
#include "server/api_rate_limits.h"
#include "server/authenticator.h"
#include "server/http.h"
#include "server/http_server.h"
#include "server/metered_store.h"
#include "server/metrics.h"
#include "server/page_view_cache.h"
#include "server/router.h"
#include "service/context.h"
#include "service/error.h"
#include "store/tracking_store.h"
#include "store/write_tracker.h"

namespace homeboard::server {

struct AccessLogEntry {
  std::string_view method;
  std::string_view path;
  std::string_view route;  // the pattern, "unmatched" or "transport"
  int status = 0;
  std::chrono::nanoseconds duration{0};
  std::size_t bytes = 0;  // response body
  std::string_view request_id;
  std::string_view remote_address;
  std::string_view user_id;  // empty when unauthenticated
};

// "method=GET route=/api/v1/pages/{id} path=/api/v1/pages/01J... status=200
// duration_ms=0.412 bytes=123 request_id=... remote=127.0.0.1 user=01J...", with the
// path made printable and cut at 256 bytes.
std::string FormatAccessLog(const AccessLogEntry& entry);

struct ApiServerOptions {
  HttpServerOptions http;
  ApiLimits limits;
  std::size_t max_header_count = 100;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  // Called once per request with its log entry; empty: FormatAccessLog to stderr.
  std::function<void(const AccessLogEntry&)> access_log;
  // Request rate limits (not owned; must outlive the server); null: none.
  ApiRateLimits* rate_limits = nullptr;
  // Bytes of rendered expanded pages to keep (page_view_cache.h); 0: no cache. Right only
  // while writes go through this server or the engine reports the others (SQLite does).
  std::size_t page_cache_bytes = std::size_t{64} << 20;
  // Builds the authenticator over the server's own store stack (so that its store calls are
  // counted in /metrics like every other), instead of the one passed to Create, which must
  // then be null. Its error fails Create.
  std::function<service::Result<std::unique_ptr<Authenticator>>(const service::ServiceContext&)>
      make_authenticator;
  // Extra routes (tests, embedding), added after the routes_*.cc files.
  std::function<void(ApiBuilder&)> extra_routes;
};

class ApiServer {
 public:
  // Builds the API over `services` (its store must outlive the server). `authenticator`
  // (not owned, may be null: then every authenticated route answers 401) must outlive it.
  // kInvalidArgument if the routes or schemas are inconsistent (a bug).
  [[nodiscard]] static service::Result<std::unique_ptr<ApiServer>> Create(
      service::ServiceContext services, const Authenticator* authenticator,
      ApiServerOptions options);

  ~ApiServer();

  // Answers one request (what the transport calls; usable directly in tests).
  void Handle(const HttpRequest& request, HttpResponse& response) const;

  // Listens on options.http; see StartHttpServer for failures.
  [[nodiscard]] service::Status Start();
  // The bound port after Start().
  int port() const;
  // Graceful stop (HttpServer::Stop). Idempotent.
  void Stop();

  const RouteTable& routes() const { return routes_; }
  const std::string& openapi_json() const { return *openapi_; }
  Metrics& metrics() const { return *metrics_; }
  // Null when the server keeps no page cache.
  PageViewCache* page_cache() const { return page_cache_.get(); }

 private:
  ApiServer() = default;
  void HandleTransportError(const HttpRequest& request, HttpResponse& response) const;
  void Log(const AccessLogEntry& entry) const;

  ApiServerOptions options_;
  std::unique_ptr<Authenticator> owned_authenticator_;  // from options.make_authenticator
  const Authenticator* authenticator_ = nullptr;
  std::unique_ptr<Metrics> metrics_;
  // The store stack: the engine, then the write tracker the page cache relies on, then the
  // metered store every service uses.
  std::unique_ptr<store::WriteTracker> tracker_;
  std::unique_ptr<store::TrackingStore> tracking_store_;
  std::unique_ptr<MeteredStore> store_;
  std::unique_ptr<PageViewCache> page_cache_;  // null when options.page_cache_bytes is 0
  RouteTable routes_;
  // Some route takes uploads larger than the server-wide body limit (Route::upload).
  bool has_upload_routes_ = false;
  std::shared_ptr<std::string> openapi_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_API_SERVER_H_
