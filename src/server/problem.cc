// Problem details rendering and the service::Error mapping.
#include "server/problem.h"

#include "ddb/internal/json_writer.h"

namespace homeboard::server {
namespace {

std::string_view CodeOf(service::Error::Code code) {
  using Code = service::Error::Code;
  switch (code) {
    case Code::kInvalidArgument:
      return "invalid_argument";
    case Code::kNotFound:
      return "not_found";
    case Code::kConflict:
      return "conflict";
    case Code::kLimitExceeded:
      return "limit_exceeded";
    case Code::kUnavailable:
      return "unavailable";
    case Code::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace

Problem ProblemFrom(const service::Error& error) {
  Problem problem;
  problem.status = error.HttpStatus();
  problem.code = std::string(CodeOf(error.code));
  problem.field = error.field;
  problem.rule = error.rule;
  if (problem.status >= 500) {
    problem.detail = problem.status == 503
                         ? "the store is unavailable or a write could not be confirmed; retry"
                         : "internal error; the server log has the details under this request id";
    problem.internal_message = error.ToString();
    if (problem.status == 503) problem.retry_after_seconds = 1;
  } else {
    problem.detail = error.message;
  }
  return problem;
}

Problem MakeProblem(int status, std::string_view code, std::string detail, std::string_view field,
                    std::string_view rule) {
  Problem problem;
  problem.status = status;
  problem.code = std::string(code);
  problem.detail = std::move(detail);
  problem.field = std::string(field);
  problem.rule = std::string(rule);
  return problem;
}

Problem BadRequest(std::string_view field, std::string_view rule, std::string detail) {
  return MakeProblem(400, "invalid_argument", std::move(detail), field, rule);
}

std::string_view ProblemTitle(std::string_view code, int status) {
  struct Entry {
    std::string_view code;
    std::string_view title;
  };
  static constexpr Entry kTitles[] = {
      {"invalid_argument", "Invalid argument"},
      {"not_found", "Not found"},
      {"conflict", "Conflict"},
      {"limit_exceeded", "Limit exceeded"},
      {"unavailable", "Service unavailable"},
      {"internal", "Internal error"},
      {"unauthorized", "Authentication required"},
      {"forbidden", "Forbidden"},
      {"method_not_allowed", "Method not allowed"},
      {"precondition_failed", "Precondition failed"},
      {"precondition_required", "Precondition required"},
      {"payload_too_large", "Payload too large"},
      {"unsupported_media_type", "Unsupported media type"},
      {"headers_too_large", "Request header fields too large"},
      {"uri_too_long", "URI too long"},
      {"bad_request", "Bad request"},
      {"too_many_requests", "Too many requests"},
  };
  for (const Entry& entry : kTitles) {
    if (entry.code == code) return entry.title;
  }
  return status >= 500 ? "Server error" : "Request error";
}

void RenderProblem(const Problem& problem, std::string_view instance, std::string_view request_id,
                   HttpResponse& response) {
  response.status = problem.status;
  response.content_type = "application/problem+json";
  response.body.clear();
  ddb::internal::JsonWriter json(&response.body);
  json.BeginObject();
  json.Key("type");
  json.String("urn:homeboard:problem:" + problem.code);
  json.Key("title");
  json.String(ProblemTitle(problem.code, problem.status));
  json.Key("status");
  json.Int(problem.status);
  json.Key("detail");
  json.String(problem.detail);
  json.Key("code");
  json.String(problem.code);
  if (!problem.field.empty()) {
    json.Key("field");
    json.String(problem.field);
  }
  if (!problem.rule.empty()) {
    json.Key("rule");
    json.String(problem.rule);
  }
  if (!problem.field.empty() && problem.status == 400) {
    json.Key("invalid-params");
    json.BeginArray();
    json.BeginObject();
    json.Key("name");
    json.String(problem.field);
    json.Key("reason");
    json.String(problem.detail);
    if (!problem.rule.empty()) {
      json.Key("rule");
      json.String(problem.rule);
    }
    json.EndObject();
    json.EndArray();
  }
  json.Key("instance");
  json.String(instance);
  json.Key("request_id");
  json.String(request_id);
  json.EndObject();
  if (problem.retry_after_seconds > 0) {
    response.SetHeader("Retry-After", std::to_string(problem.retry_after_seconds));
  }
}

}  // namespace homeboard::server
