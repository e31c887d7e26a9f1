// `homeboard serve`: the REST API (server::ApiServer) on the configured store, with the
// accounts layer's authenticator (tokens, sessions, optional trusted-proxy header; see
// docs/accounts.md) and per-address / per-credential rate limits, until SIGTERM or SIGINT,
// then a graceful stop: the listening socket closes at once, requests being
// handled finish and are answered, and the process exits 0.
//
// Signals are blocked in every thread (the mask is set before any thread starts, so the
// workers inherit it) and taken synchronously by sigwait on the main thread: nothing runs in
// signal-handler context.
#include <signal.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "model/tables.h"
#include "server/account_authenticator.h"
#include "server/api_rate_limits.h"
#include "server/api_server.h"
#include "server/metrics.h"

namespace homeboard::cli {
namespace {

struct ServeOptions {
  StoreOptions store;
  std::string listen = "127.0.0.1:8080";
  server::ApiServerOptions api;
  long long keep_alive_timeout_seconds = 2;
  long long read_timeout_ms = 5000;
  long long write_timeout_ms = 5000;
  server::AccountAuthOptions auth;
  std::string cookie_secure = "auto";
  bool no_rate_limits = false;
  // MiB of rendered expanded pages to keep; unset: 64 on SQLite, none on DynamoDB (see
  // server/page_view_cache.h: other servers' writes are invisible there).
  std::optional<std::size_t> page_cache_mb;
};

// "host:port", "[v6]:port". False if malformed.
bool ParseListen(const std::string& text, std::string& host, int& port) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string_view digits(text.data() + colon + 1, text.size() - colon - 1);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  return error == std::errc() && end == digits.data() + digits.size() && port >= 0 &&
         port <= 65535 && !host.empty();
}

int Run(ServeOptions& options) {
  std::string host;
  int port = 0;
  if (!ParseListen(options.listen, host, port)) {
    std::fprintf(stderr, "homeboard serve: --listen must be HOST:PORT (got %s)\n",
                 options.listen.c_str());
    return 2;
  }
  options.api.http.host = host;
  options.api.http.port = port;
  options.api.http.keep_alive_timeout = std::chrono::seconds(options.keep_alive_timeout_seconds);
  options.api.http.read_timeout = std::chrono::milliseconds(options.read_timeout_ms);
  options.api.http.write_timeout = std::chrono::milliseconds(options.write_timeout_ms);

  ResolveStoreOptions(options.store);
  model::TableNames tables(options.store.dynamo.table_prefix);
  if (options.store.engine == "sqlite" && !std::filesystem::exists(options.store.data_path)) {
    std::fprintf(stderr, "homeboard serve: no database at %s (run `homeboard init-db` first)\n",
                 options.store.data_path.c_str());
    return 1;
  }
  // DynamoDB retries feed /metrics; the metrics exist only once the server does, so the
  // client's observer reaches them through this (set below, cleared before they go).
  auto metrics_sink = std::make_shared<std::atomic<server::Metrics*>>(nullptr);
  options.store.dynamo.on_attempt = [metrics_sink](const ddb::AttemptInfo& info) {
    if (info.retry_delay.count() == 0) return;  // not followed by a retry
    if (server::Metrics* metrics = metrics_sink->load()) metrics->StoreRetry();
  };
  auto opened = OpenStore(options.store, model::AllTableSpecs(tables));
  if (!opened.ok()) {
    std::fprintf(stderr, "homeboard serve: %s\n", opened.error().ToString().c_str());
    return 1;
  }
  std::unique_ptr<store::ItemStore> store = std::move(opened).value();

  const std::size_t page_cache_mb =
      options.page_cache_mb.value_or(options.store.engine == "sqlite" ? 64 : 0);
  options.api.page_cache_bytes = page_cache_mb << 20;

  service::ServiceContext services{.store = store.get(), .tables = tables};
  options.auth.cookie_secure = options.cookie_secure == "always"  ? server::CookieSecure::kAlways
                               : options.cookie_secure == "never" ? server::CookieSecure::kNever
                                                                  : server::CookieSecure::kAuto;
  // The authenticator is built by the server over its metered store (its token and session
  // reads show in /metrics); the rate limits ask it for client addresses once it exists.
  const server::AccountAuthenticator* auth = nullptr;
  options.api.make_authenticator = [&options, &auth](const service::ServiceContext& context)
      -> service::Result<std::unique_ptr<server::Authenticator>> {
    auto made = server::AccountAuthenticator::Create(context, options.auth);
    if (!made.ok()) return made.error();
    auth = made->get();
    return std::unique_ptr<server::Authenticator>(std::move(made).value());
  };
  std::unique_ptr<server::ApiRateLimits> rate_limits;
  if (!options.no_rate_limits) {
    rate_limits = std::make_unique<server::ApiRateLimits>(
        server::ApiRateLimitOptions{.client_address = [&auth](const server::HttpRequest& request) {
          return auth->ClientAddress(request);
        }});
    options.api.rate_limits = rate_limits.get();
  }

  auto api = server::ApiServer::Create(services, nullptr, options.api);
  if (!api.ok()) {
    std::fprintf(stderr, "homeboard serve: %s\n", api.error().ToString().c_str());
    return api.error().code == service::Error::Code::kInvalidArgument ? 2 : 1;
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  metrics_sink->store(&(*api)->metrics());
  auto started = (*api)->Start();
  if (!started.ok()) {
    metrics_sink->store(nullptr);
    std::fprintf(stderr, "homeboard serve: %s\n", started.error().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr,
               "homeboard serve: listening on %s:%d (%s, %zu workers, page cache %zu MiB)\n",
               host.c_str(), (*api)->port(), DescribeStore(options.store).c_str(),
               options.api.http.workers, page_cache_mb);

  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "homeboard serve: %s received, finishing requests in flight\n",
               received == SIGTERM ? "SIGTERM" : "SIGINT");
  (*api)->Stop();
  metrics_sink->store(nullptr);
  std::fprintf(stderr, "homeboard serve: stopped\n");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command = app.add_subcommand("serve", "Serve the REST API until SIGTERM/SIGINT");
  command->add_option("--listen", options->listen, "HOST:PORT to listen on")->capture_default_str();
  command
      ->add_option("--workers", options->api.http.workers,
                   "Worker threads = connections served at once (see docs/decisions.md)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  command
      ->add_option("--keep-alive-requests", options->api.http.keep_alive_max_requests,
                   "Requests per connection before it is closed")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  command
      ->add_option("--keep-alive-timeout", options->keep_alive_timeout_seconds,
                   "Seconds an idle kept-alive connection may hold a worker")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  command
      ->add_option("--read-timeout-ms", options->read_timeout_ms,
                   "Each read of a request must make progress within this")
      ->capture_default_str()
      ->check(CLI::Range(1, 600000));
  command
      ->add_option("--write-timeout-ms", options->write_timeout_ms,
                   "Each write of a response must make progress within this")
      ->capture_default_str()
      ->check(CLI::Range(1, 600000));
  command
      ->add_option("--max-body-bytes", options->api.http.max_body_bytes,
                   "Larger request bodies are refused with 413")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  command
      ->add_option("--max-upload-bytes", options->api.limits.max_upload_bytes,
                   "Body limit of uploads (POST /api/v1/imports): bookmark files and backups")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32));
  command->add_option("--trusted-proxy", options->auth.trusted_proxies,
                      "Reverse proxy address or CIDR block whose X-Forwarded-* headers are "
                      "believed (repeatable)");
  command->add_option("--proxy-user-header", options->auth.proxy_user_header,
                      "Header a trusted proxy names the user in (e.g. X-Forwarded-User); off "
                      "by default");
  command
      ->add_option("--cookie-secure", options->cookie_secure,
                   "Session cookie Secure attribute: auto (when the request came over "
                   "HTTPS), always, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "always", "never"}));
  command
      ->add_option("--max-json-depth", options->api.limits.json.max_depth,
                   "Request bodies nesting objects and arrays deeper are refused")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{2}, std::size_t{1000}));
  command
      ->add_option("--max-json-string-bytes", options->api.limits.json.max_string_bytes,
                   "Request bodies with a longer string (or member name) are refused")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  command
      ->add_option("--page-cache-mb", options->page_cache_mb,
                   "MiB of rendered expanded pages to keep; 0: none. Default 64 on SQLite, 0 "
                   "on DynamoDB, where it is right only if this is the only server writing")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 20));
  command->add_flag("--no-rate-limits", options->no_rate_limits,
                    "Do not limit requests per address and per credential (benchmarks)");
  AddStoreOptions(*command, options->store);
  command->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace homeboard::cli
