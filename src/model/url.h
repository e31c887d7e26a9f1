// Validation of the web URLs homeboard stores (bookmark URLs and icons, feed, embed and
// search-engine URLs). A small hand parser: it decides whether a URL is safe to store and
// later put in an href, not how to resolve it; URLs are stored exactly as typed.
//
// Accepted: scheme "://" authority [ path-query-fragment ] where
//   - scheme is "http" or "https", in any letter case ("HTTPS://x" is accepted). Every other
//     scheme is rejected ("url_scheme"), including javascript:, data:, file:, ftp:,
//     vbscript:, blob:, about: and "javascript://...";
//   - the whole URL is valid UTF-8 with no whitespace (ASCII or Unicode), no control
//     characters and no backslash (browsers read '\' as '/', other parsers do not, and that
//     disagreement is how filters are bypassed): rule "url_syntax";
//   - authority = [ userinfo "@" ] host [ ":" port ], split at the last '@' before the first
//     '/', '?' or '#'. Userinfo is allowed (any characters above). The host is required
//     ("http://", "http:///x" and "http://user@" fail with "url_host") and is either a
//     registered name of ASCII letters, digits, "-._~%" and non-ASCII characters (IDNs as
//     typed, "例え.jp") or an IP literal "[...]" of hex digits, ':' and '.'. The port, when
//     present, is 0-5 digits up to 65535 (empty means default, as browsers read it);
//   - after the authority anything not excluded above (path, query, fragment, "{query}").
// Length: at most `max_bytes` bytes ("max_length").
#ifndef HOMEBOARD_MODEL_URL_H_
#define HOMEBOARD_MODEL_URL_H_

#include <cstddef>
#include <string_view>

#include "model/error.h"
#include "model/limits.h"

namespace homeboard::model {

// OK if `url` is an http or https URL as described above. Errors name `field` with rule
// "required" (empty), "max_length", "utf8", "url_syntax", "url_scheme", "url_host".
[[nodiscard]] Status ValidateHttpUrl(std::string_view url, std::string_view field,
                                     std::size_t max_bytes = kMaxUrlBytes);

// As ValidateHttpUrl, but only https is accepted (embedded pages must not downgrade).
[[nodiscard]] Status ValidateHttpsUrl(std::string_view url, std::string_view field,
                                      std::size_t max_bytes = kMaxUrlBytes);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_URL_H_
