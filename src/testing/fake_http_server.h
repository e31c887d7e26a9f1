// FakeHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 for tests of real network clients
// (CurlTransport, metadata credential providers). Its handler decides per request what
// the client experiences, including the faults a real DynamoDB cannot be made to produce
// on demand: a dropped connection, a reset, a truncated body, a slow answer, a missing or
// lying Content-Length. One background thread accepts connections; each connection gets
// its own thread, which serves keep-alive requests one after another (no pipelining).
// Request bodies must be framed by Content-Length (chunked ones are answered 501 and the
// connection closed); `Expect: 100-continue` is answered with an interim 100 response
// that carries an `X-Interim: 1` header.
#ifndef HOMEBOARD_TESTING_FAKE_HTTP_SERVER_H_
#define HOMEBOARD_TESTING_FAKE_HTTP_SERVER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ddb/error.h"
#include "ddb/http.h"

namespace homeboard::testing {

// One request as the server parsed it.
struct ReceivedRequest {
  std::string method;
  std::string target;            // the request target as sent: "/path?query"
  std::string path;              // target without the query
  ddb::HttpHeaders headers;      // names lower-cased, values trimmed
  std::string body;              // exactly Content-Length bytes
  int connection_index = 0;      // 0 for the first accepted connection, then 1, 2, ...
  int request_index = 0;         // over the whole server: 0, 1, 2, ...
  int request_on_connection = 0; // 0 for a connection's first request

  // The first header with this name (case-insensitive), if any.
  std::optional<std::string_view> Header(std::string_view name) const;
};

// What the server does with one request. Build it with a factory and optional chained
// modifiers, e.g. FakeResponse::Ok("{}").Delay(50ms).ThenClose(); or set the fields.
struct FakeResponse {
  enum class Action {
    kAnswer,              // send the answer; keep the connection open (keep-alive)
    kAnswerThenClose,     // send the answer, then close the connection
    kTruncatedBody,       // announce the full body length, send `truncated_to` bytes, close
    kCloseWithoutAnswer,  // close the connection (FIN) without writing anything
    kResetBeforeAnswer,   // close with SO_LINGER 0, so the client sees a TCP RST
  };

  Action action = Action::kAnswer;
  int status = 200;
  std::string reason;      // empty: a standard phrase for the status
  ddb::HttpHeaders headers;
  std::string body;
  // Content-Length: set from body.size() unless omitted (the connection is then closed
  // after the body, as HTTP/1.1 requires) or overridden with a lie.
  bool omit_content_length = false;
  std::optional<std::size_t> content_length;
  std::size_t truncated_to = 0;          // kTruncatedBody only
  std::chrono::milliseconds delay{0};    // wait before acting; cut short by Stop()

  static FakeResponse Ok(std::string body = {}, ddb::HttpHeaders headers = {});
  static FakeResponse WithStatus(int status, std::string body = {},
                                 ddb::HttpHeaders headers = {});
  static FakeResponse AnswerThenClose(std::string body = {});
  static FakeResponse TruncatedBody(std::string full_body, std::size_t bytes_sent);
  static FakeResponse CloseWithoutAnswer();
  static FakeResponse ResetBeforeAnswer();

  FakeResponse Delay(std::chrono::milliseconds duration) &&;
  FakeResponse ThenClose() &&;
  FakeResponse Header(std::string name, std::string value) &&;
  FakeResponse OmitContentLength() &&;
  FakeResponse ContentLength(std::size_t announced) &&;
};

// Thread-safe. The handler runs on connection threads, possibly several at once, so it
// must be thread-safe itself. Tests typically capture state with atomics or a mutex.
class FakeHttpServer {
 public:
  using Handler = std::function<FakeResponse(const ReceivedRequest&)>;

  // Binds 127.0.0.1 on an ephemeral port and starts accepting. Fails with
  // errc::kConfiguration if a socket cannot be set up.
  [[nodiscard]] static ddb::Result<std::unique_ptr<FakeHttpServer>> Start(Handler handler);

  // Stop()s; safe at any moment, even while a handler's Delay is in progress.
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  // Closes the listening socket and every connection, cuts short any Delay, and joins all
  // threads. Requests being handled get no answer. Idempotent.
  void Stop();

  // Replaces the handler for requests that arrive from now on.
  void SetHandler(Handler handler);

  // "http://127.0.0.1:<port>"
  std::string url() const;
  int port() const { return port_; }

  int connections_accepted() const { return connections_accepted_.load(); }
  int requests_received() const { return requests_received_.load(); }
  // Requests between being parsed and their answer (or fault) being done, now and at most.
  int concurrent_requests() const { return concurrent_requests_.load(); }
  int peak_concurrent_requests() const { return peak_concurrent_requests_.load(); }
  // Connections open right now.
  int open_connections() const { return open_connections_.load(); }
  // A copy of every request received so far, in arrival order.
  std::vector<ReceivedRequest> requests() const;

 private:
  FakeHttpServer(int listen_fd, int stop_fd, int port, Handler handler);

  void AcceptLoop();
  void ServeConnection(int fd, int connection_index);
  // Waits until `fd` has `events` or Stop() is called; false on stop or error.
  bool WaitFor(int fd, short events) const;
  bool WriteAll(int fd, std::string_view data) const;
  // Sleeps for `duration` unless Stop() comes first; false if stopped.
  bool SleepUnlessStopped(std::chrono::milliseconds duration);

  int listen_fd_;       // closed (-1) by Stop()
  const int stop_fd_;   // eventfd, readable once Stop() was called
  const int port_;
  std::once_flag stop_once_;

  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;                      // GUARDED_BY(mutex_)
  Handler handler_;                            // GUARDED_BY(mutex_)
  std::vector<ReceivedRequest> log_;           // GUARDED_BY(mutex_)
  std::vector<std::thread> connection_threads_;  // GUARDED_BY(mutex_)
  std::thread accept_thread_;

  std::atomic<int> connections_accepted_{0};
  std::atomic<int> requests_received_{0};
  std::atomic<int> concurrent_requests_{0};
  std::atomic<int> peak_concurrent_requests_{0};
  std::atomic<int> open_connections_{0};
};

}  // namespace homeboard::testing

#endif  // HOMEBOARD_TESTING_FAKE_HTTP_SERVER_H_
