// StartHttpServer on cpp-httplib 0.11 (Debian's libcpp-httplib-dev): the only file that
// includes httplib.h. Every method and path goes to one catch-all handler; routing is ours
// (router.h), so cpp-httplib's std::regex routing runs one trivial pattern only.
#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "server/http_server.h"

namespace homeboard::server {
namespace {

HttpRequest Convert(const httplib::Request& from) {
  HttpRequest to;
  to.method = from.method;
  to.path = from.path;
  for (const auto& [name, value] : from.params) to.query.emplace(name, value);
  for (const auto& [name, value] : from.headers) to.headers.emplace(name, value);
  to.body = from.body;
  to.remote_address = from.remote_addr;
  return to;
}

// cpp-httplib 0.11 compresses JSON and text responses itself after the handler returns,
// choosing Brotli at its slowest quality whenever the client offers "br" (~0.8 s of CPU for a
// 340 KB page); it has no switch for that. Our server does its own gzip (server/gzip.h), so
// the library must see no Accept-Encoding. The request it hands the handler is its own
// non-const object (a local of its request loop) passed by const reference, so removing
// the header there is well defined; our copy of the request (Convert) keeps it.
void HideAcceptEncoding(const httplib::Request& request) {
  const_cast<httplib::Request&>(request).headers.erase("Accept-Encoding");
}

void Apply(HttpResponse&& from, httplib::Response& to) {
  to.status = from.status;
  for (auto& [name, value] : from.headers) to.set_header(name, value);
  if (!from.content_type.empty()) {
    to.set_content(std::move(from.body), from.content_type.c_str());
  }
}

class HttplibServer final : public HttpServer {
 public:
  HttplibServer(const HttpServerOptions& options, HttpHandler handler,
                TransportErrorHandler on_error)
      : handler_(std::move(handler)), on_error_(std::move(on_error)) {
    const std::size_t workers = options.workers;
    server_.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus the
    // client's delayed ACK add ~40 ms to responses.
    server_.set_tcp_nodelay(true);
    // Replaces cpp-httplib's default options (SO_REUSEADDR) and remembers the listening
    // socket, whose backlog Start() raises (see there).
    server_.set_socket_options([this](int fd) {
      int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
      listen_fd_ = fd;
    });
    server_.set_keep_alive_max_count(options.keep_alive_max_requests);
    server_.set_keep_alive_timeout(std::max<long>(1, options.keep_alive_timeout.count()));
    server_.set_read_timeout(options.read_timeout);
    server_.set_write_timeout(options.write_timeout);
    server_.set_payload_max_length(options.max_body_bytes);

    auto dispatch = [this](const httplib::Request& request, httplib::Response& response) {
      HttpResponse ours;
      handler_(Convert(request), ours);
      HideAcceptEncoding(request);
      Apply(std::move(ours), response);
    };
    // RFC 9112 section 6.3: a request with neither Content-Length nor Transfer-Encoding has
    // no body. cpp-httplib 0.11 instead reads a POST, PUT or PATCH without them until the
    // connection ends (so `curl -X POST` without -d waited for the read timeout, then got
    // 400). The pre-routing hook runs before it reads: such requests are answered there,
    // with an empty body.
    server_.set_pre_routing_handler(
        [dispatch](const httplib::Request& request, httplib::Response& response) {
          const bool reads_body =
              request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
          if (!reads_body || request.has_header("Content-Length") ||
              request.has_header("Transfer-Encoding")) {
            return httplib::Server::HandlerResponse::Unhandled;
          }
          dispatch(request, response);
          return httplib::Server::HandlerResponse::Handled;
        });
    // One catch-all per method; cpp-httplib answers HEAD from the GET handler.
    const char* kAll = "/.*";
    server_.Get(kAll, dispatch);
    server_.Post(kAll, dispatch);
    server_.Put(kAll, dispatch);
    server_.Patch(kAll, dispatch);
    server_.Delete(kAll, dispatch);
    server_.Options(kAll, dispatch);
    // Called for every response with status >= 400; ours already carry a body, the
    // transport's own (400, 413, 414, ...) do not.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& request, httplib::Response& response) {
          if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          HttpResponse ours;
          ours.status = response.status;
          on_error_(Convert(request), ours);
          Apply(std::move(ours), response);
          return httplib::Server::HandlerResponse::Handled;
        }));
  }

  ~HttplibServer() override { Stop(); }

  service::Status Start(const std::string& host, int port, int backlog) {
    if (port == 0) {
      port_ = server_.bind_to_any_port(host);
    } else if (server_.bind_to_port(host, port)) {
      port_ = port;
    }
    if (port_ <= 0) {
      return service::Unavailable("cannot listen on " + host + ":" + std::to_string(port));
    }
    // Debian's library is compiled with a listen backlog of 5: a burst of new connections
    // (a client pool opening, or many connections closed at keep_alive_max_requests at
    // once) overflows it and the kernel drops SYNs, which clients retry only after 1 s, 3 s,
    // ... Calling listen() again on a listening socket sets a new backlog (Linux).
    if (listen_fd_ >= 0 && ::listen(listen_fd_, backlog) != 0) {
      return service::Unavailable("cannot set the listen backlog");
    }
    thread_ = std::thread([this] {
      server_.listen_after_bind();
      listen_returned_ = true;
    });
    // stop() is a no-op until listen has started; wait for it so Stop() cannot be lost.
    while (!server_.is_running() && !listen_returned_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (listen_returned_) {
      thread_.join();
      return service::Unavailable("cannot serve on " + host + ":" + std::to_string(port_));
    }
    return {};
  }

  int port() const override { return port_; }

  void Stop() override {
    std::lock_guard<std::mutex> lock(stop_mu_);
    if (!thread_.joinable()) return;
    server_.stop();  // closes the listening socket; listen returns once the pool has drained
    thread_.join();
  }

 private:
  HttpHandler handler_;
  TransportErrorHandler on_error_;
  httplib::Server server_;
  std::thread thread_;
  std::mutex stop_mu_;
  int port_ = -1;
  int listen_fd_ = -1;
  std::atomic<bool> listen_returned_{false};
};

}  // namespace

service::Result<std::unique_ptr<HttpServer>> StartHttpServer(const HttpServerOptions& options,
                                                             HttpHandler handler,
                                                             TransportErrorHandler on_error) {
  if (options.workers == 0) {
    return service::InvalidArgument("workers", "range", "workers: at least 1");
  }
  if (options.keep_alive_max_requests == 0) {
    return service::InvalidArgument("keep_alive_max_requests", "range",
                                    "keep_alive_max_requests: at least 1");
  }
  if (options.port < 0 || options.port > 65535) {
    return service::InvalidArgument("port", "range", "port: 0..65535");
  }
  auto server = std::make_unique<HttplibServer>(options, std::move(handler), std::move(on_error));
  auto started = server->Start(options.host, options.port, options.listen_backlog);
  if (!started.ok()) return started.error();
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace homeboard::server
