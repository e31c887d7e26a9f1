// The server's own view of one HTTP exchange: HttpRequest and HttpResponse, independent of
// the HTTP library underneath (see http_server.h), so routing, handlers and tests never see
// cpp-httplib types.
#ifndef HOMEBOARD_SERVER_HTTP_H_
#define HOMEBOARD_SERVER_HTTP_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace homeboard::server {

// ASCII case-insensitive equality (header names, tokens like "Bearer" or "gzip").
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace, OWS).
std::string_view TrimOptionalWhitespace(std::string_view text);

// ASCII case-insensitive ordering for header names (RFC 9110 section 5.1).
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

using HeaderMap = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
  std::string method;  // "GET", "POST", ... as sent
  std::string path;    // decoded path without the query string: "/api/v1/pages/01J..."
  // Decoded query parameters; a name given twice keeps both values in order.
  std::multimap<std::string, std::string> query;
  HeaderMap headers;
  std::string body;
  std::string remote_address;  // peer IP address as text

  // The first value of header `name`, if present.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The first value of query parameter `name`, if present.
  std::optional<std::string_view> Query(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // empty: no body (and no Content-Type)
  std::string body;
  // Extra headers in order (Content-Type and Content-Length are the transport's job).
  std::vector<std::pair<std::string, std::string>> headers;

  void SetHeader(std::string name, std::string value);
  // The first value of header `name` set so far, if any (case-insensitive).
  std::optional<std::string_view> Header(std::string_view name) const;
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_HTTP_H_
