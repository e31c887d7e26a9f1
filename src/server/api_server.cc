// ApiServer: building the route table and the per-request pipeline.
#include "server/api_server.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>

#include "ddb/internal/json_writer.h"
#include "model/ids.h"
#include "model/tables.h"
#include "server/gzip.h"
#include "server/openapi.h"
#include "server/route_files.inc"

namespace homeboard::server {
namespace {

using Clock = std::chrono::steady_clock;

bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string RequestIdOf(const HttpRequest& request) {
  std::optional<std::string_view> sent = request.Header("X-Request-Id");
  if (sent && IsSaneRequestId(*sent)) return std::string(*sent);
  return model::NewId();
}

std::string_view TransportProblemCode(int status) {
  switch (status) {
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 431:
      return "headers_too_large";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

// Bodies at least this large are gzipped for clients that accept it; below, the headers and
// the work cost more than they save.
constexpr std::size_t kCompressFromBytes = 1024;

// gzip (fast level) unless the handler already encoded the body (a cached page's stored gzip
// bytes) or the body is small or not text. Vary tells caches the answer depends on the header.
void Compress(const HttpRequest& request, HttpResponse& response) {
  if (!IsCompressible(response.content_type)) return;
  response.SetHeader("Vary", "Accept-Encoding");
  if (response.Header("Content-Encoding") || response.body.size() < kCompressFromBytes) return;
  std::optional<std::string_view> accepted = request.Header("Accept-Encoding");
  if (!accepted || !AcceptsGzip(*accepted)) return;
  std::optional<std::string> gzipped = Gzip(response.body, kGzipFast);
  if (!gzipped) return;  // out of memory: the plain body is still a right answer
  response.body = std::move(gzipped).value();
  response.SetHeader("Content-Encoding", "gzip");
}

}  // namespace

std::string FormatAccessLog(const AccessLogEntry& entry) {
  return fmt::format(
      "method={} route={} path={} status={} duration_ms={:.3f} bytes={} request_id={} "
      "remote={} user={}",
      ddb::internal::PrintableSnippet(entry.method, 16), entry.route,
      ddb::internal::PrintableSnippet(entry.path, 256), entry.status,
      std::chrono::duration<double, std::milli>(entry.duration).count(), entry.bytes,
      entry.request_id, entry.remote_address, entry.user_id.empty() ? "-" : entry.user_id);
}

service::Result<std::unique_ptr<ApiServer>> ApiServer::Create(service::ServiceContext services,
                                                              const Authenticator* authenticator,
                                                              ApiServerOptions options) {
  if (services.store == nullptr) return service::Internal("ApiServer: no store");
  std::unique_ptr<ApiServer> server(new ApiServer());
  server->options_ = std::move(options);
  server->authenticator_ = authenticator;
  server->metrics_ = std::make_unique<Metrics>();
  server->tracker_ = std::make_unique<store::WriteTracker>(model::AllTableSpecs(services.tables));
  server->tracking_store_ =
      std::make_unique<store::TrackingStore>(services.store, server->tracker_.get());
  server->store_ =
      std::make_unique<MeteredStore>(server->tracking_store_.get(), server->metrics_.get());
  server->openapi_ = std::make_shared<std::string>();
  services.store = server->store_.get();
  if (server->options_.page_cache_bytes > 0) {
    server->page_cache_ =
        std::make_unique<PageViewCache>(server->tracker_.get(), server->tracking_store_.get(),
                                        services, server->options_.page_cache_bytes);
  }

  if (server->options_.make_authenticator) {
    if (authenticator != nullptr) {
      return service::Internal("ApiServer: an authenticator and make_authenticator");
    }
    auto made = server->options_.make_authenticator(services);
    if (!made.ok()) return made.error();
    server->owned_authenticator_ = std::move(made).value();
    server->authenticator_ = authenticator = server->owned_authenticator_.get();
  }

  ApiBuilder builder(services, server->options_.limits, server->metrics_.get(), server->openapi_,
                     authenticator, server->page_cache_.get());
  AddAllRouteFiles(builder);
  if (server->options_.extra_routes) server->options_.extra_routes(builder);
  for (Route& route : builder.routes()) {
    server->has_upload_routes_ = server->has_upload_routes_ || route.upload;
    auto added = server->routes_.Add(std::move(route));
    if (!added.ok()) return added.error();
  }
  auto document = BuildOpenApi(server->routes_, builder.schemas());
  if (!document.ok()) return document.error();
  *server->openapi_ = std::move(document).value();
  return server;
}

ApiServer::~ApiServer() { Stop(); }

service::Status ApiServer::Start() {
  if (http_ != nullptr) return service::Internal("ApiServer: already started");
  // The transport refuses bodies over the largest limit of any route before reading them;
  // Handle applies each route's own limit (uploads may be larger than everything else).
  HttpServerOptions http = options_.http;
  if (has_upload_routes_) {
    http.max_body_bytes = std::max(http.max_body_bytes, options_.limits.max_upload_bytes);
  }
  auto started = StartHttpServer(
      http,
      [this](const HttpRequest& request, HttpResponse& response) { Handle(request, response); },
      [this](const HttpRequest& request, HttpResponse& response) {
        HandleTransportError(request, response);
      });
  if (!started.ok()) return started.error();
  http_ = std::move(started).value();
  return {};
}

int ApiServer::port() const { return http_ == nullptr ? -1 : http_->port(); }

void ApiServer::Stop() {
  if (http_ != nullptr) http_->Stop();
}

void ApiServer::Log(const AccessLogEntry& entry) const {
  if (options_.access_log) {
    options_.access_log(entry);
    return;
  }
  // One fwrite per line: stdio's lock keeps concurrent lines whole.
  std::string line = FormatAccessLog(entry);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void ApiServer::Handle(const HttpRequest& request, HttpResponse& response) const {
  const Clock::time_point start = Clock::now();
  metrics_->RequestStarted();
  const std::string request_id = RequestIdOf(request);
  std::string_view route_name = "unmatched";
  std::string user_id;

  auto answer = [&]() -> Reply {
    std::size_t header_bytes = 0;
    for (const auto& [name, value] : request.headers)
      header_bytes += name.size() + value.size() + 4;
    if (request.headers.size() > options_.max_header_count ||
        header_bytes > options_.max_header_bytes) {
      return MakeProblem(431, "headers_too_large",
                         fmt::format("at most {} headers of {} bytes in all",
                                     options_.max_header_count, options_.max_header_bytes));
    }
    RouteTable::Match match = routes_.Find(request.method, request.path);
    if (match.route == nullptr) {
      if (!match.allowed_methods.empty()) {
        Problem problem =
            MakeProblem(405, "method_not_allowed", request.method + " is not allowed here");
        std::string methods;
        for (const std::string& method : match.allowed_methods) {
          methods += methods.empty() ? method : ", " + method;
        }
        response.SetHeader("Allow", methods);
        return problem;
      }
      return MakeProblem(404, "not_found", "no such resource");
    }
    const Route& route = *match.route;
    route_name = route.path;
    const std::size_t body_limit =
        route.upload ? options_.limits.max_upload_bytes : options_.http.max_body_bytes;
    if (request.body.size() > body_limit) {
      Problem problem = MakeProblem(413, "payload_too_large",
                                    fmt::format("the body is larger than {} bytes", body_limit));
      problem.field = "body";
      problem.rule = "max_size";
      return problem;
    }
    const bool limited = options_.rate_limits != nullptr && request.path.starts_with("/api/");
    if (limited) {
      if (std::optional<Problem> refused = options_.rate_limits->CheckAddress(request)) {
        return *refused;
      }
    }
    service::Caller caller;
    if (route.auth == AuthPolicy::kRequired) {
      auto unauthorized = [&response](std::string detail) {
        response.SetHeader("WWW-Authenticate", "Bearer realm=\"homeboard\"");
        return MakeProblem(401, "unauthorized", std::move(detail));
      };
      if (authenticator_ == nullptr) return unauthorized("authentication is not configured");
      auto authentication = authenticator_->Authenticate(request);
      if (!authentication.ok()) return authentication.error();
      switch (authentication->outcome) {
        case Authentication::Outcome::kAnonymous:
          return unauthorized("credentials required: an Authorization: Bearer token or a session");
        case Authentication::Outcome::kRejected:
          return unauthorized(authentication->reason.empty() ? "invalid credentials"
                                                             : authentication->reason);
        case Authentication::Outcome::kAuthenticated:
          break;
      }
      if (authentication->caller.user_id.empty()) return unauthorized("invalid credentials");
      if (limited) {
        if (std::optional<Problem> refused =
                options_.rate_limits->CheckCredential(request, *authentication)) {
          return *refused;
        }
      }
      caller = authentication->caller;
      user_id = caller.user_id;
    }
    RequestContext context(request, route, std::move(match.params), std::move(caller), request_id,
                           options_.limits);
    try {
      return route.handler(context);
    } catch (const std::exception& error) {
      return service::Internal(std::string("handler threw: ") + error.what());
    } catch (...) {
      return service::Internal("handler threw");
    }
  };

  Reply reply = answer();
  if (reply.is_problem()) {
    const Problem& problem = reply.problem();
    if (!problem.internal_message.empty()) {
      std::string line =
          fmt::format("error request_id={} {}\n", request_id,
                      ddb::internal::PrintableSnippet(problem.internal_message, 2048));
      std::fwrite(line.data(), 1, line.size(), stderr);
    }
    std::vector<std::pair<std::string, std::string>> kept = std::move(response.headers);
    RenderProblem(problem, ddb::internal::PrintableSnippet(request.path, 512), request_id,
                  response);
    for (auto& [name, value] : kept) response.SetHeader(std::move(name), std::move(value));
  } else {
    std::vector<std::pair<std::string, std::string>> kept = std::move(response.headers);
    response = std::move(reply.response());
    for (auto& [name, value] : kept) response.SetHeader(std::move(name), std::move(value));
  }
  response.SetHeader("X-Request-Id", request_id);
  if (request.path.starts_with("/api/")) response.SetHeader("Cache-Control", "no-store");
  Compress(request, response);

  const auto duration = Clock::now() - start;
  metrics_->RequestFinished(request.method, route_name, response.status, duration,
                            response.body.size());
  Log({.method = request.method,
       .path = request.path,
       .route = route_name,
       .status = response.status,
       .duration = duration,
       .bytes = response.body.size(),
       .request_id = request_id,
       .remote_address = request.remote_address,
       .user_id = user_id});
}

void ApiServer::HandleTransportError(const HttpRequest& request, HttpResponse& response) const {
  metrics_->RequestStarted();
  const std::string request_id = RequestIdOf(request);
  std::string detail;
  switch (response.status) {
    case 413:
      detail = fmt::format("the body is larger than {} bytes",
                           has_upload_routes_ ? std::max(options_.http.max_body_bytes,
                                                         options_.limits.max_upload_bytes)
                                              : options_.http.max_body_bytes);
      break;
    case 414:
      detail = "the request URI is too long";
      break;
    default:
      detail = "the request could not be parsed";
      break;
  }
  Problem problem = MakeProblem(response.status, TransportProblemCode(response.status), detail);
  if (response.status == 413) {
    problem.field = "body";
    problem.rule = "max_size";
  }
  RenderProblem(problem, ddb::internal::PrintableSnippet(request.path, 512), request_id, response);
  response.SetHeader("X-Request-Id", request_id);
  metrics_->RequestFinished(request.method, "transport", response.status,
                            std::chrono::nanoseconds(0), response.body.size());
  Log({.method = request.method,
       .path = request.path,
       .route = "transport",
       .status = response.status,
       .bytes = response.body.size(),
       .request_id = request_id,
       .remote_address = request.remote_address});
}

}  // namespace homeboard::server
