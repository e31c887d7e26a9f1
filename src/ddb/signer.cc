// SigV4 signing. Everything is built by appending into a few pre-sized strings, because this
// runs on every request attempt; the only hashing is one SHA-256 of the body, one of the
// canonical request and one HMAC (plus four more when the signing key is not cached).
#include "ddb/signer.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "ddb/internal/crypto.h"

namespace homeboard::ddb {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr char kHexUpper[] = "0123456789ABCDEF";

// Headers left out of the signature: the signature itself, hop-by-hop headers and headers
// that proxies or the HTTP library may add or rewrite after signing (a signature over them
// would break in transit).
constexpr std::string_view kUnsignedHeaders[] = {
    "authorization",     "connection", "expect",     "keep-alive",      "proxy-authorization", "te",
    "transfer-encoding", "upgrade",    "user-agent", "x-amzn-trace-id",
};

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = AsciiLower(c);
  return lower;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// RFC 3986 percent-encoding of every byte outside the unreserved set, upper-case hex, as
// SigV4's UriEncode() defines it; '/' is kept when `keep_slash` (paths).
void AppendUriEncoded(std::string& out, std::string_view text, bool keep_slash) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHexUpper[c >> 4]);
      out.push_back(kHexUpper[c & 0xF]);
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; a '%' not followed by two hex digits stays literal (it is then
// encoded as %25), which is what a server decoding leniently would see.
std::string PercentDecode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        decoded.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    decoded.push_back(text[i]);
  }
  return decoded;
}

struct UrlParts {
  std::string_view scheme;
  std::string_view authority;  // host[:port], userinfo removed
  std::string_view path;       // "" when absent
  std::string_view query;      // without '?'
};

UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  if (const auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  std::string_view rest = url;
  if (const auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    parts.scheme = url.substr(0, scheme_end);
    rest = url.substr(scheme_end + 3);
    const auto authority_end = rest.find_first_of("/?");
    parts.authority = rest.substr(0, authority_end);
    rest =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    if (const auto at = parts.authority.rfind('@'); at != std::string_view::npos) {
      parts.authority = parts.authority.substr(at + 1);
    }
  }
  const auto question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (question != std::string_view::npos) parts.query = rest.substr(question + 1);
  return parts;
}

// The Host header value: the authority without a port that is the scheme's default.
std::string_view HostHeaderValue(const UrlParts& url) {
  std::string_view authority = url.authority;
  const auto bracket = authority.rfind(']');  // IPv6 literal: [::1]:8000
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
    return authority;
  }
  const std::string_view port = authority.substr(colon + 1);
  if (port.empty() || (EqualsIgnoreCase(url.scheme, "https") && port == "443") ||
      (EqualsIgnoreCase(url.scheme, "http") && port == "80")) {
    return authority.substr(0, colon);
  }
  return authority;
}

// RFC 3986 section 5.2.4 dot-segment removal, plus dropping empty segments ("//"), which is
// what AWS's reference signer does for non-S3 services.
void AppendNormalizedPath(std::string& out, std::string_view path) {
  std::vector<std::string_view> segments;
  bool trailing_slash = false;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    const bool last = end == path.size();
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing_slash = true;
    } else if (segment == "." || segment.empty()) {
      trailing_slash = true;
    } else {
      segments.push_back(segment);
      trailing_slash = false;
    }
    if (last) break;
    start = end + 1;
  }
  if (segments.empty()) {
    out.push_back('/');
    return;
  }
  for (const std::string_view segment : segments) {
    out.push_back('/');
    AppendUriEncoded(out, segment, /*keep_slash=*/false);
  }
  if (trailing_slash) out.push_back('/');
}

void AppendCanonicalPath(std::string& out, std::string_view path, bool normalize) {
  if (path.empty()) {
    out.push_back('/');
  } else if (normalize) {
    AppendNormalizedPath(out, path);
  } else {
    AppendUriEncoded(out, path, /*keep_slash=*/true);
  }
}

void AppendCanonicalQuery(std::string& out, std::string_view query) {
  if (query.empty()) return;
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view param = query.substr(start, end - start);
    if (!param.empty()) {
      const auto equals = param.find('=');
      std::string key;
      std::string value;
      AppendUriEncoded(key, PercentDecode(param.substr(0, equals)), false);
      if (equals != std::string_view::npos) {
        AppendUriEncoded(value, PercentDecode(param.substr(equals + 1)), false);
      }
      params.emplace_back(std::move(key), std::move(value));
    }
    if (end == query.size()) break;
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out.push_back('&');
    out += params[i].first;
    out.push_back('=');
    out += params[i].second;
  }
}

// Trims and collapses runs of whitespace (folded lines included) to a single space.
void AppendCanonicalHeaderValue(std::string& out, std::string_view value) {
  bool pending_space = false;
  bool wrote_any = false;
  for (char c : value) {
    if (IsSpace(c)) {
      pending_space = wrote_any;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
    wrote_any = true;
  }
}

bool IsUnsignedHeader(std::string_view lower_name, const SigningOptions& options) {
  if (options.omit_session_token && lower_name == "x-amz-security-token") return true;
  return std::find(std::begin(kUnsignedHeaders), std::end(kUnsignedHeaders), lower_name) !=
         std::end(kUnsignedHeaders);
}

// Appends the canonical request for `request` whose body hashes to `payload_hash`.
void AppendCanonicalRequest(std::string& out, const HttpRequest& request,
                            std::string_view payload_hash, const SigningOptions& options,
                            std::string& signed_headers) {
  const UrlParts url = SplitUrl(request.url);
  out += request.method;
  out.push_back('\n');
  AppendCanonicalPath(out, url.path, options.normalize_path);
  out.push_back('\n');
  AppendCanonicalQuery(out, url.query);
  out.push_back('\n');

  struct HeaderRef {
    std::string name;  // lower-case
    std::string_view value;
  };
  std::vector<HeaderRef> headers;
  headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) {
    std::string lower = ToLower(name);
    if (IsUnsignedHeader(lower, options)) continue;
    headers.push_back({std::move(lower), value});
  }
  // Stable: repeated headers keep their order when joined with commas.
  std::stable_sort(headers.begin(), headers.end(),
                   [](const HeaderRef& a, const HeaderRef& b) { return a.name < b.name; });
  signed_headers.clear();
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const bool continues = i > 0 && headers[i - 1].name == headers[i].name;
    if (continues) {
      out.push_back(',');
    } else {
      if (i > 0) {
        out.push_back('\n');
        signed_headers.push_back(';');
      }
      out += headers[i].name;
      out.push_back(':');
      signed_headers += headers[i].name;
    }
    AppendCanonicalHeaderValue(out, headers[i].value);
  }
  if (!headers.empty()) out.push_back('\n');
  out.push_back('\n');
  out += signed_headers;
  out.push_back('\n');
  out += payload_hash;
}

void AppendTwoDigits(std::string& out, unsigned value) {
  out.push_back(static_cast<char>('0' + value / 10 % 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

}  // namespace

std::string SigningKeyCache::Get(std::string_view secret_access_key, std::string_view date,
                                 std::string_view region, std::string_view service) {
  {
    std::lock_guard lock(mutex_);
    for (const Entry& entry : entries_) {
      if (!entry.key.empty() && entry.secret_access_key == secret_access_key &&
          entry.date == date && entry.region == region && entry.service == service) {
        return entry.key;
      }
    }
  }
  // Derive outside the lock; two threads missing at once both derive the same key, which
  // is harmless.
  std::string key = DeriveSigningKey(secret_access_key, date, region, service);
  std::lock_guard lock(mutex_);
  Entry& slot = entries_[next_];
  next_ = (next_ + 1) % kEntries;
  slot = Entry{std::string(secret_access_key), std::string(date), std::string(region),
               std::string(service), key};
  ++derivations_;
  return key;
}

std::size_t SigningKeyCache::derivations() const {
  std::lock_guard lock(mutex_);
  return derivations_;
}

std::string FormatAmzDate(std::chrono::system_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day ymd(days);
  const std::chrono::hh_mm_ss hms(seconds - days);
  std::string out;
  out.reserve(16);
  const int year = static_cast<int>(ymd.year());
  AppendTwoDigits(out, static_cast<unsigned>(year / 100));
  AppendTwoDigits(out, static_cast<unsigned>(year % 100));
  AppendTwoDigits(out, static_cast<unsigned>(ymd.month()));
  AppendTwoDigits(out, static_cast<unsigned>(ymd.day()));
  out.push_back('T');
  AppendTwoDigits(out, static_cast<unsigned>(hms.hours().count()));
  AppendTwoDigits(out, static_cast<unsigned>(hms.minutes().count()));
  AppendTwoDigits(out, static_cast<unsigned>(hms.seconds().count()));
  out.push_back('Z');
  return out;
}

std::string CanonicalRequest(const HttpRequest& request, const SigningOptions& options,
                             std::string* signed_headers) {
  const std::string payload_hash = internal::HexEncode(internal::Sha256(request.body));
  std::string out;
  out.reserve(256 + request.url.size());
  std::string names;
  AppendCanonicalRequest(out, request, payload_hash, options, names);
  if (signed_headers != nullptr) *signed_headers = std::move(names);
  return out;
}

std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service) {
  std::string scope;
  scope.reserve(date.size() + region.size() + service.size() + 16);
  scope += date;
  scope.push_back('/');
  scope += region;
  scope.push_back('/');
  scope += service;
  scope += "/aws4_request";
  return scope;
}

std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request) {
  std::string out;
  out.reserve(kAlgorithm.size() + amz_date.size() + credential_scope.size() + 67);
  out += kAlgorithm;
  out.push_back('\n');
  out += amz_date;
  out.push_back('\n');
  out += credential_scope;
  out.push_back('\n');
  out += internal::HexEncode(internal::Sha256(canonical_request));
  return out;
}

std::string DeriveSigningKey(std::string_view secret_access_key, std::string_view date,
                             std::string_view region, std::string_view service) {
  std::string secret;
  secret.reserve(4 + secret_access_key.size());
  secret += "AWS4";
  secret += secret_access_key;
  const std::string date_key = internal::HmacSha256(secret, date);
  const std::string region_key = internal::HmacSha256(date_key, region);
  const std::string service_key = internal::HmacSha256(region_key, service);
  return internal::HmacSha256(service_key, "aws4_request");
}

std::string ComputeSignature(std::string_view signing_key, std::string_view string_to_sign) {
  return internal::HexEncode(internal::HmacSha256(signing_key, string_to_sign));
}

void SignRequest(HttpRequest& request, const Credentials& credentials, std::string_view region,
                 std::string_view service, std::chrono::system_clock::time_point now,
                 const SigningOptions& options) {
  // Drop what an earlier signing added, so a retry is signed afresh.
  std::erase_if(request.headers, [&](const auto& header) {
    const std::string_view name = header.first;
    return EqualsIgnoreCase(name, "host") || EqualsIgnoreCase(name, "x-amz-date") ||
           EqualsIgnoreCase(name, "authorization") ||
           EqualsIgnoreCase(name, "x-amz-security-token") ||
           (options.sign_body && EqualsIgnoreCase(name, "x-amz-content-sha256"));
  });

  const std::string amz_date = FormatAmzDate(now);
  const std::string_view date = std::string_view(amz_date).substr(0, 8);
  const bool has_token = !credentials.session_token.empty();
  request.headers.reserve(request.headers.size() + 5);
  request.headers.emplace_back("host", std::string(HostHeaderValue(SplitUrl(request.url))));
  request.headers.emplace_back("x-amz-date", amz_date);
  if (has_token && !options.omit_session_token) {
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  }
  const std::string payload_hash = internal::HexEncode(internal::Sha256(request.body));
  if (options.sign_body) request.headers.emplace_back("x-amz-content-sha256", payload_hash);

  std::string canonical;
  canonical.reserve(512 + request.url.size());
  std::string signed_headers;
  AppendCanonicalRequest(canonical, request, payload_hash, options, signed_headers);

  const std::string scope = CredentialScope(date, region, service);
  const std::string string_to_sign = StringToSign(amz_date, scope, canonical);
  const std::string key =
      options.key_cache != nullptr
          ? options.key_cache->Get(credentials.secret_access_key, date, region, service)
          : DeriveSigningKey(credentials.secret_access_key, date, region, service);
  const std::string signature = ComputeSignature(key, string_to_sign);

  if (has_token && options.omit_session_token) {
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  }
  std::string authorization;
  authorization.reserve(kAlgorithm.size() + credentials.access_key_id.size() + scope.size() +
                        signed_headers.size() + signature.size() + 48);
  authorization += kAlgorithm;
  authorization += " Credential=";
  authorization += credentials.access_key_id;
  authorization.push_back('/');
  authorization += scope;
  authorization += ", SignedHeaders=";
  authorization += signed_headers;
  authorization += ", Signature=";
  authorization += signature;
  request.headers.emplace_back("authorization", std::move(authorization));
}

}  // namespace homeboard::ddb
