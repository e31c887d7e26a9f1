// The HTTP transport seam. The client speaks to DynamoDB (and to credential metadata
// endpoints) only through HttpTransport, so tests can replace the network with a
// fault-injecting fake and production uses the pooled libcurl transport (curl_transport.h).
#ifndef HOMEBOARD_DDB_HTTP_H_
#define HOMEBOARD_DDB_HTTP_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ddb/error.h"

namespace homeboard::ddb {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;          // absolute: scheme://host[:port]/path[?query]
  HttpHeaders headers;      // sent as given; Host and Content-Length are added by the transport
  std::string body;
  // Whole-request timeout (connect + send + receive); zero means the transport default.
  std::chrono::milliseconds timeout{0};
  // False for a request that must reach the server at most once (a write that is not
  // idempotent). HTTP clients transparently re-send a request whose kept-alive connection
  // died before any answer arrived; that copy could apply the write twice. With this false
  // the transport fails instead (errc::kNetworkError: the first copy may have been applied).
  bool may_resend = true;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;      // names lower-cased
  std::string body;

  // The first header with this (lower-case) name, if any.
  std::optional<std::string_view> Header(std::string_view lower_name) const;
};

// Sends one request and waits for its complete response. Implementations are thread-safe:
// many threads may call Send at once, up to the transport's concurrency bound (extra
// callers wait for a free slot).
//
// Failures are Errors with one of these codes:
//   errc::kConnectError   - no connection was made; the request was certainly not sent.
//   errc::kNetworkError   - the connection failed after (part of) the request was sent,
//                           or the response was cut short; the server may have acted on it.
//   errc::kRequestTimeout - no complete response within the timeout; may have been acted on.
// Any HTTP status, including 4xx/5xx, is a successful Send.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_HTTP_H_
