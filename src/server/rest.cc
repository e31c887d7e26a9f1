// REST helpers: ETags, bodies, pagination parameters.
#include "server/rest.h"

#include <fmt/format.h>

#include <charconv>

#include "model/limits.h"
#include "model/timestamp.h"

namespace homeboard::server {
namespace {

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t kMaxCursorBytes = 2048;

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsJsonMediaType(std::string_view content_type) {
  std::string_view type = TrimSpaces(content_type.substr(0, content_type.find(';')));
  std::string lower;
  for (char c : type) lower += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  if (lower == "application/json") return true;
  return lower.size() > 5 && lower.starts_with("application/") && lower.ends_with("+json");
}

}  // namespace

HttpResponse JsonReply(int status, std::string body, std::optional<std::int64_t> version) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  if (version) response.SetHeader("ETag", ETagOf(*version));
  return response;
}

HttpResponse NoContent() {
  HttpResponse response;
  response.status = 204;
  return response;
}

std::string ETagOf(std::int64_t version) { return fmt::format("\"{}\"", version); }

ProblemOr<std::int64_t> RequireIfMatch(const HttpRequest& request) {
  std::optional<std::string_view> header = request.Header("If-Match");
  if (!header) {
    return MakeProblem(428, "precondition_required",
                       "If-Match: required; send the ETag of the version you read", "If-Match",
                       "required");
  }
  std::string_view value = TrimSpaces(*header);
  auto malformed = [] {
    return BadRequest("If-Match", "pattern",
                      "If-Match: must be one strong ETag as sent by the server, like \"3\"");
  };
  if (value.size() < 3 || value.front() != '"' || value.back() != '"') return malformed();
  std::string_view digits = value.substr(1, value.size() - 2);
  std::int64_t version = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size() || version < 0 ||
      version > model::kMaxVersion || (digits.size() > 1 && digits.front() == '0')) {
    return malformed();
  }
  return version;
}

Problem WriteProblem(const service::Error& error) {
  Problem problem = ProblemFrom(error);
  if (error.code == service::Error::Code::kConflict && error.rule == "stale_version") {
    problem.status = 412;
    problem.code = "precondition_failed";
    problem.field = "If-Match";
  }
  return problem;
}

ProblemOr<JsonBody> ReadJsonBody(const RequestContext& context, const BodySpec& spec) {
  std::optional<std::string_view> content_type = context.request().Header("Content-Type");
  if (!content_type || !IsJsonMediaType(*content_type)) {
    return MakeProblem(415, "unsupported_media_type",
                       "Content-Type: the body must be application/json", "Content-Type",
                       "enum");
  }
  return ReadBody(context.request().body, spec, context.limits().json);
}

ProblemOr<PageParams> ReadPageParams(const RequestContext& context) {
  PageParams params;
  params.limit = context.limits().default_page_limit;
  if (std::optional<std::string_view> limit = context.request().Query("limit")) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (limit->empty() || end != limit->data() + limit->size()) {
      return BadRequest("limit", "type", "limit: must be a positive integer");
    }
    if (error == std::errc::result_out_of_range) {
      value = std::numeric_limits<std::int64_t>::max();
    } else if (value < 1) {
      return BadRequest("limit", "range", "limit: must be at least 1");
    }
    params.limit = static_cast<std::size_t>(
        std::min<std::int64_t>(value, static_cast<std::int64_t>(context.limits().max_page_limit)));
  }
  if (std::optional<std::string_view> cursor = context.request().Query("cursor")) {
    if (cursor->empty() || cursor->size() > kMaxCursorBytes ||
        cursor->find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.~") !=
            std::string_view::npos) {
      return BadRequest("cursor", "pattern", "cursor: not a cursor this server issued");
    }
    params.cursor = std::string(*cursor);
  }
  return params;
}

ProblemOr<std::optional<std::string>> ReadModifiedSince(const RequestContext& context) {
  std::optional<std::string_view> text = context.request().Query("modified_since");
  if (!text) return std::optional<std::string>();
  auto parsed = model::ParseTimestamp(*text, "modified_since");
  if (!parsed.ok()) {
    return BadRequest("modified_since", parsed.error().rule,
                      "modified_since: must be an RFC 3339 date-time like 2026-01-31T12:00:00Z");
  }
  return std::optional<std::string>(model::FormatTimestamp(*parsed));
}

std::string EncodeCursorText(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Url[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kBase64Url[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::optional<std::string> DecodeCursorText(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    std::size_t index = kBase64Url.find(c);
    if (index == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  // Leftover bits must be zero padding of fewer than 8 bits (canonical encoding only).
  if (bits >= 6 || (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace homeboard::server
