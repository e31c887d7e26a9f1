// Conventions of the REST API as helpers for route handlers: JSON replies, ETag / If-Match
// carrying entity versions, request bodies, cursor pagination, `modified_since` filters.
//
// ETags are strong and are the entity's version in quotes: `ETag: "3"`. A write that needs
// one takes `If-Match: "3"`: a missing header is 428 precondition_required, a malformed one
// (a list, "*", a weak W/ tag, not a version) 400 naming "If-Match", and a version that is
// no longer the stored one 412 precondition_failed (WriteProblem).
//
// Pagination: `?limit=` (default and ceiling from ApiLimits; larger values are clamped,
// zero, negative or non-numeric ones refused) and `?cursor=` (opaque, from a previous
// page's `next_cursor`, which is null on the last page).
#ifndef HOMEBOARD_SERVER_REST_H_
#define HOMEBOARD_SERVER_REST_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/api.h"
#include "server/http.h"
#include "server/request_json.h"
#include "service/error.h"

namespace homeboard::server {

// A JSON response with `status` and `body`; with an ETag when `version` is given.
HttpResponse JsonReply(int status, std::string body, std::optional<std::int64_t> version = {});
// 204 No Content.
HttpResponse NoContent();

// "\"<version>\"".
std::string ETagOf(std::int64_t version);

// The version in the request's If-Match header (see above for the failures).
[[nodiscard]] ProblemOr<std::int64_t> RequireIfMatch(const HttpRequest& request);

// The problem for an error of a write made with an If-Match version: a stale version
// (kConflict, rule stale_version) is 412 precondition_failed; anything else as ProblemFrom.
Problem WriteProblem(const service::Error& error);

// The body as JSON checked against `spec` (request_json.h), after checking the
// Content-Type is JSON (application/json or any +json type; 415 otherwise).
[[nodiscard]] ProblemOr<JsonBody> ReadJsonBody(const RequestContext& context, const BodySpec& spec);

struct PageParams {
  std::size_t limit = 50;
  std::string cursor;  // empty: first page
};
// ?limit= and ?cursor= (cursor at most 2048 bytes of [A-Za-z0-9_-=.~]).
[[nodiscard]] ProblemOr<PageParams> ReadPageParams(const RequestContext& context);

// ?modified_since= as a canonical timestamp (model/timestamp.h, comparable with the
// entities' updated_at strings), or nullopt when absent. 400 naming "modified_since" when it
// is not an RFC 3339 date-time.
[[nodiscard]] ProblemOr<std::optional<std::string>> ReadModifiedSince(const RequestContext& context);

// Base64url (no padding) of `bytes`, and back (nullopt for anything that is not valid
// unpadded base64url); for opaque cursors built by the server.
std::string EncodeCursorText(std::string_view bytes);
std::optional<std::string> DecodeCursorText(std::string_view text);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_REST_H_
