// HttpServer: the seam between homeboard and the HTTP library. The rest of the server sees
// only HttpRequest / HttpResponse (http.h) and this interface; the one implementation,
// StartHttpServer, is the only file that includes cpp-httplib (http_server_httplib.cc), so
// the library can be replaced by writing one file. docs/decisions.md ("HTTP server
// library") records why cpp-httplib and how its options below were chosen.
//
// Model (cpp-httplib's): a fixed pool of `workers` threads; an accepted connection occupies
// one worker for its whole life — all its keep-alive requests and the idle waits between
// them — so at most `workers` connections are served at once and further ones wait in the
// queue. Hence the bounded keep-alive: a connection is closed after
// `keep_alive_max_requests` requests or `keep_alive_timeout` idle, which hands the worker to
// a waiting connection.
#ifndef HOMEBOARD_SERVER_HTTP_SERVER_H_
#define HOMEBOARD_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "server/http.h"
#include "service/error.h"

namespace homeboard::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see HttpServer::port())
  // Worker threads, i.e. connections served at once (see above).
  std::size_t workers = 64;
  // Requests on one connection before the server closes it.
  std::size_t keep_alive_max_requests = 100;
  // An idle kept-alive connection is closed after this (whole seconds, at least 1).
  std::chrono::seconds keep_alive_timeout{2};
  // Each read (request line, headers, body) and write must make progress within these.
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  // Connections the kernel queues before accept (capped by net.core.somaxconn).
  int listen_backlog = 1024;
  // Larger bodies are refused with 413 before they are read into memory.
  std::size_t max_body_bytes = std::size_t{1} << 20;
};

// Handles one request: fills `response`. Called on a worker thread, concurrently with other
// calls; must not throw.
using HttpHandler = std::function<void(const HttpRequest& request, HttpResponse& response)>;
// Fills the body of a response the transport produced itself without calling the handler
// (malformed request line 400, body too large 413, URI too long 414, ...): `response.status`
// is set on entry. `request` holds whatever could be parsed (possibly only the method).
using TransportErrorHandler =
    std::function<void(const HttpRequest& request, HttpResponse& response)>;

class HttpServer {
 public:
  virtual ~HttpServer() = default;

  // The bound port (the chosen one when options.port was 0).
  virtual int port() const = 0;

  // Stops accepting connections, lets every request already being handled finish and be
  // answered, closes the connections, and returns when all workers have ended. Connections
  // accepted but not yet picked up by a worker are closed without an answer. Idempotent;
  // thread-safe; must not be called from a handler. The destructor calls it.
  virtual void Stop() = 0;
};

// Binds `options.host:port` and serves on a background thread until Stop(). Fails with
// kInvalidArgument for bad options, kUnavailable if the address cannot be bound.
[[nodiscard]] service::Result<std::unique_ptr<HttpServer>> StartHttpServer(
    const HttpServerOptions& options, HttpHandler handler, TransportErrorHandler on_error);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_HTTP_SERVER_H_
