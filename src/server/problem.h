// RFC 9457 problem details (application/problem+json): the one shape every error of the API
// takes, and the one place service::Error is turned into an HTTP answer.
//
//   {"type":"urn:homeboard:problem:invalid_argument","title":"Invalid argument",
//    "status":400,"detail":"title: at most 200 characters (got 250)",
//    "code":"invalid_argument","field":"title","rule":"max_length",
//    "invalid-params":[{"name":"title","reason":"...","rule":"max_length"}],
//    "instance":"/api/v1/pages","request_id":"01J..."}
//
// `code` is the machine-readable class (one per `type`), `field` the offending input field
// path ("title", "settings.feed_url", "If-Match") and `rule` the broken rule (model::rule /
// service::rule ids, plus the server's own: "unknown_field", "read_only", "malformed_json",
// ...). `invalid-params` (RFC 9457 section 3's example extension) repeats field and rule for
// clients that look there. 5xx details never echo internal messages: they are logged with
// the request id instead.
#ifndef HOMEBOARD_SERVER_PROBLEM_H_
#define HOMEBOARD_SERVER_PROBLEM_H_

#include <string>
#include <string_view>

#include "server/http.h"
#include "service/error.h"

namespace homeboard::server {

// Rule ids the server adds (input it refuses before any service sees it).
namespace rule {
inline constexpr std::string_view kMalformedJson = "malformed_json";
inline constexpr std::string_view kUnknownField = "unknown_field";
inline constexpr std::string_view kReadOnly = "read_only";
inline constexpr std::string_view kMaxDepth = "max_depth";
}  // namespace rule

struct Problem {
  int status = 500;
  std::string code;    // "invalid_argument", "not_found", "unauthorized", ...
  std::string detail;  // human text
  std::string field;   // empty when no single field is to blame
  std::string rule;
  // Seconds for a Retry-After header (503, 429); 0: none.
  int retry_after_seconds = 0;
  // For 5xx: the message that goes to the log (never to the client).
  std::string internal_message;
};

// The problem for a service error: its HttpStatus(), code name in snake_case, field, rule
// and message (kInternal: a generic detail; the message is kept in internal_message).
// kUnavailable gets Retry-After: 1.
Problem ProblemFrom(const service::Error& error);

// A problem of the server's own making.
Problem MakeProblem(int status, std::string_view code, std::string detail,
                    std::string_view field = {}, std::string_view rule = {});

// 400 invalid_argument naming `field` and `rule`.
Problem BadRequest(std::string_view field, std::string_view rule, std::string detail);

// The standard title of a problem code ("Invalid argument" for "invalid_argument"), or of
// the HTTP status for codes it does not know.
std::string_view ProblemTitle(std::string_view code, int status);

// Writes `problem` into `response` (status, application/problem+json body, Retry-After).
// `instance` is the request path; `request_id` the request's id.
void RenderProblem(const Problem& problem, std::string_view instance, std::string_view request_id,
                   HttpResponse& response);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_PROBLEM_H_
