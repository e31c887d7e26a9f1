// Gzip for HTTP responses: the gzip content coding (RFC 9110 8.4.1.3, RFC 1952) through zlib,
// and whether a request's Accept-Encoding allows it.
//
// Why here and not the HTTP library's: Debian's cpp-httplib 0.11 compresses any JSON or text
// response itself, choosing Brotli at its slowest quality whenever a client offers "br" (every
// browser does): ~0.8 s of CPU for a 340 KB expanded page. The transport seam
// (http_server_httplib.cc) hides Accept-Encoding from the library, and the server compresses
// with gzip instead (api_server.cc), at a level chosen per use; cached pages keep their gzip
// bytes (page_view_cache.h).
#ifndef HOMEBOARD_SERVER_GZIP_H_
#define HOMEBOARD_SERVER_GZIP_H_

#include <optional>
#include <string>
#include <string_view>

namespace homeboard::server {

// zlib levels: kGzipFast for bodies compressed on every request, kGzipSmall for bodies
// compressed once and served many times.
inline constexpr int kGzipFast = 1;
inline constexpr int kGzipSmall = 6;

// The gzip member of `data` at `level` (1-9); nothing if zlib fails (out of memory).
std::optional<std::string> Gzip(std::string_view data, int level);

// True when the Accept-Encoding value allows gzip: "gzip", "x-gzip" or "*" listed with a
// q-value above 0 (RFC 9110 12.5.3), and gzip not refused by its own entry.
bool AcceptsGzip(std::string_view accept_encoding);

// Media types worth compressing: JSON (also problem+json) and text.
bool IsCompressible(std::string_view content_type);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_GZIP_H_
