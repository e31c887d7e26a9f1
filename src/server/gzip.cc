// Gzip: one zlib deflate stream with the gzip wrapper; Accept-Encoding parsing.
#include "server/gzip.h"

#include <zlib.h>

#include <cctype>
#include <charconv>

#include "server/http.h"

namespace homeboard::server {
namespace {

// The q-value of one Accept-Encoding member's parameters ("q=0.5"); 1 when absent, 0 when
// malformed (a member we cannot read is not a permission).
double QValue(std::string_view parameters) {
  while (!parameters.empty()) {
    std::size_t semicolon = parameters.find(';');
    std::string_view parameter = TrimOptionalWhitespace(parameters.substr(0, semicolon));
    parameters =
        semicolon == std::string_view::npos ? std::string_view() : parameters.substr(semicolon + 1);
    if (parameter.size() < 2 || std::tolower(static_cast<unsigned char>(parameter[0])) != 'q' ||
        parameter[1] != '=') {
      continue;
    }
    std::string_view number = parameter.substr(2);
    double q = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), q);
    if (error != std::errc() || end != number.data() + number.size() || q < 0 || q > 1) return 0;
    return q;
  }
  return 1;
}

}  // namespace

std::optional<std::string> Gzip(std::string_view data, int level) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  // deflateBound guarantees one call is enough.
  const int result = deflate(&stream, Z_FINISH);
  const std::size_t written = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<double> gzip, any;
  while (!accept_encoding.empty()) {
    std::size_t comma = accept_encoding.find(',');
    std::string_view member = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    std::size_t semicolon = member.find(';');
    std::string_view coding = TrimOptionalWhitespace(member.substr(0, semicolon));
    double q = semicolon == std::string_view::npos ? 1 : QValue(member.substr(semicolon + 1));
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip = q;
    } else if (coding == "*") {
      any = q;
    }
  }
  if (gzip) return *gzip > 0;
  return any.has_value() && *any > 0;
}

bool IsCompressible(std::string_view content_type) {
  std::string_view type = TrimOptionalWhitespace(content_type.substr(0, content_type.find(';')));
  return type == "application/json" || type == "application/problem+json" ||
         type.starts_with("text/");
}

}  // namespace homeboard::server
