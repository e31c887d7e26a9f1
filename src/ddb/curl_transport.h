// CurlTransport: the production HttpTransport, built on libcurl. One object is shared by
// every thread of the process that talks to DynamoDB (and to credential metadata
// endpoints). It keeps a small pool of libcurl easy handles; each handle owns a cache of
// kept-alive connections, so back-to-back requests reuse one TCP (and TLS) connection
// instead of paying a handshake per call. DNS answers and TLS sessions are shared between
// the handles. At most `max_in_flight` requests run at once; further callers wait.
#ifndef HOMEBOARD_DDB_CURL_TRANSPORT_H_
#define HOMEBOARD_DDB_CURL_TRANSPORT_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ddb/error.h"
#include "ddb/http.h"

namespace homeboard::ddb {

struct CurlTransportOptions {
  // Upper bound on requests in flight at once, and so on pooled handles and on open
  // connections per host. Send() blocks while this many requests are running.
  // Values below 1 are treated as 1.
  int max_in_flight = 16;

  // Limit on establishing a connection (DNS + TCP + TLS handshake).
  std::chrono::milliseconds connect_timeout{3000};

  // Whole-request limit (waiting for a slot + connect + send + receive) used when
  // HttpRequest::timeout is zero.
  std::chrono::milliseconds request_timeout{30000};

  // A pooled connection idle for longer than this is closed instead of reused. Kept
  // below the 60 s idle timeout common to AWS load balancers, so the pool rarely picks a
  // connection the server side is about to close (see "Keep-alive race" below).
  std::chrono::seconds idle_connection_timeout{50};

  // Enables TCP keep-alive probes on pooled connections so dead peers are noticed.
  bool tcp_keepalive = true;

  std::string user_agent = "homeboard-ddb/0.1";

  // Verify the server's certificate chain and host name. Only turn off for local tests.
  bool verify_tls = true;

  // PEM bundle of trusted CAs; empty means libcurl's built-in default.
  std::string ca_file;
};

// Thread-safe: one CurlTransport may be used by any number of threads at once. The object
// must outlive every Send() call on it (destroy it only when no Send is running).
//
// Requests are sent as HTTP/1.1 with TCP_NODELAY, without `Expect: 100-continue`, without
// asking for compression and without following redirects. The request's headers are sent
// as given; libcurl adds Host (the URL's host, with the port only when it is not the
// scheme's default, even if the URL spells it out) and Content-Length. libcurl's default
// `Accept: */*` and, for requests with a body, `Content-Type:
// application/x-www-form-urlencoded` are suppressed unless the request names those
// headers itself. A body is sent for every method except GET and HEAD (an empty body is
// sent as `Content-Length: 0`).
//
// On success the response's header names are lower-cased (values as received, without
// surrounding white space; only the final response's headers after any 1xx interim
// responses are kept), and:
//
//   Padding guarantee: response.body.capacity() >= response.body.size() + kBodyPadding,
//   so a JSON parser may read kBodyPadding bytes past the end of the body, e.g.
//   simdjson::padded_string_view(body.data(), body.size(), body.capacity()). The body is
//   received straight into its final buffer, sized once from Content-Length when the
//   server sends one (as DynamoDB does). Moving the string keeps the guarantee; copying
//   it does not.
//
// Failures (see HttpTransport in http.h):
//   errc::kConnectError   - DNS failure, connection refused, connect timeout, TLS
//                           handshake or certificate failure, or no free slot before the
//                           request's timeout: the request was certainly not sent.
//   errc::kRequestTimeout - the request started to be sent but no complete response
//                           arrived within the timeout.
//   errc::kNetworkError   - the connection failed after the request started to be sent:
//                           reset, closed without (complete) answer, malformed response.
//   errc::kInvalidArgument - the request cannot be expressed (malformed URL, unsupported
//                           scheme, a header name or value with CR/LF/NUL, an empty or
//                           colon-bearing name); nothing was sent and retrying cannot help.
// Messages carry libcurl's error text and the target host (never the path or query).
// Any HTTP status, 4xx and 5xx included, is a successful Send.
//
// Keep-alive race: when a reused connection turns out to be dead before any byte of the
// response arrived (the server closed it while idle, at the same moment we started to
// send), libcurl transparently resends the request once on a fresh connection. A server
// that received the first copy and dropped the connection without answering would then
// see the request twice. That is harmless for idempotent requests (Stats::resends counts
// them); for a request with HttpRequest::may_resend = false the resend is refused and Send
// fails with errc::kNetworkError, so the caller learns the outcome is unknown.
// A connection the server closed while it sat idle in the pool is detected before it is
// used and simply replaced; that costs nothing but a new handshake.
class CurlTransport final : public HttpTransport {
 public:
  // Bytes of spare capacity guaranteed after every successful response body
  // (simdjson::SIMDJSON_PADDING).
  static constexpr std::size_t kBodyPadding = 64;

  // Counters since creation, for tests and metrics. A consistent-enough snapshot: each
  // field is read atomically, the set is not.
  struct Stats {
    std::uint64_t requests = 0;            // Send() calls handed to libcurl
    std::uint64_t failures = 0;            // of those, how many returned an Error
    std::uint64_t connections_opened = 0;  // new connections made (CURLINFO_NUM_CONNECTS)
    std::uint64_t resends = 0;             // keep-alive race resends (see above)
    int handles = 0;                       // pooled easy handles created so far
    int in_flight = 0;                     // requests running now
    int peak_in_flight = 0;                // most requests ever running at once
  };

  // Initialises libcurl's global state on first use (once per process, thread-safe) and
  // returns a transport with an empty pool; handles and connections are made on demand.
  // Fails with errc::kConfiguration if libcurl cannot be initialised.
  [[nodiscard]] static Result<std::unique_ptr<CurlTransport>> Create(
      const CurlTransportOptions& options);

  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Sends `request` and waits for the complete response, as described above. Blocks
  // while max_in_flight requests are already running; that wait counts against the
  // request's timeout.
  [[nodiscard]] Result<HttpResponse> Send(const HttpRequest& request) override;

  Stats stats() const;

  const CurlTransportOptions& options() const { return options_; }

 private:
  struct Handle;
  struct Share;

  CurlTransport(const CurlTransportOptions& options, std::unique_ptr<Share> share);

  // Waits until a slot is free or `deadline` passes; returns a pooled or new handle,
  // or nullptr on timeout (or if a handle cannot be created).
  std::unique_ptr<Handle> Acquire(std::chrono::steady_clock::time_point deadline,
                                  bool* timed_out);
  void Release(std::unique_ptr<Handle> handle);
  std::unique_ptr<Handle> NewHandle();

  const CurlTransportOptions options_;
  const int max_in_flight_;
  std::unique_ptr<Share> share_;

  mutable std::mutex mutex_;
  std::condition_variable slot_freed_;
  // Most recently used last, so a lone caller keeps getting the handle (and connection)
  // it used before.
  std::vector<std::unique_ptr<Handle>> idle_;  // GUARDED_BY(mutex_)
  int in_flight_ = 0;                          // GUARDED_BY(mutex_)
  int handles_ = 0;                            // GUARDED_BY(mutex_)
  int peak_in_flight_ = 0;                     // GUARDED_BY(mutex_)

  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> failures_{0};
  std::atomic<std::uint64_t> connections_opened_{0};
  std::atomic<std::uint64_t> resends_{0};
};

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_CURL_TRANSPORT_H_
