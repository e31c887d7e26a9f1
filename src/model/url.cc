// The http(s) URL validator described in url.h.
#include "model/url.h"

#include <fmt/format.h>

#include <cstdint>

#include "model/text.h"

namespace homeboard::model {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// True if `url` (valid UTF-8) holds whitespace, a control character or a backslash.
bool HasForbiddenCharacter(std::string_view url) {
  for (std::size_t pos = 0; pos < url.size();) {
    auto lead = static_cast<unsigned char>(url[pos]);
    if (lead < 0x80) {
      if (lead <= 0x20 || lead == 0x7F || lead == '\\') return true;
      ++pos;
      continue;
    }
    // Decode the multi-byte sequence (already known valid) to test whitespace and C1.
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    char32_t value = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    for (std::size_t i = 1; i < length; ++i) {
      value = (value << 6) | (static_cast<unsigned char>(url[pos + i]) & 0x3F);
    }
    if (IsUnicodeWhitespace(value) || IsControlCharacter(value)) return true;
    pos += length;
  }
  return false;
}

bool IsValidRegName(std::string_view host) {
  for (char c : host) {
    auto u = static_cast<unsigned char>(c);
    bool ok = u >= 0x80 || IsAsciiAlpha(c) || IsDigit(c) || c == '-' || c == '.' || c == '_' ||
              c == '~' || c == '%';
    if (!ok) return false;
  }
  return true;
}

bool IsValidIpLiteral(std::string_view host) {
  if (host.size() < 3 || host.front() != '[' || host.back() != ']') return false;
  for (char c : host.substr(1, host.size() - 2)) {
    if (!IsHexDigit(c) && c != ':' && c != '.') return false;
  }
  return true;
}

Status CheckAuthority(std::string_view authority, std::string_view field) {
  std::size_t at = authority.rfind('@');
  std::string_view host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
  std::string_view host = host_port;
  std::string_view port;
  bool has_port = false;
  if (!host_port.empty() && host_port.front() == '[') {
    std::size_t close = host_port.find(']');
    if (close == std::string_view::npos) {
      return Invalid(field, rule::kUrlHost, "has an unterminated IP literal");
    }
    host = host_port.substr(0, close + 1);
    std::string_view rest = host_port.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return Invalid(field, rule::kUrlHost, "has text after the host");
      has_port = true;
      port = rest.substr(1);
    }
  } else if (std::size_t colon = host_port.find(':'); colon != std::string_view::npos) {
    host = host_port.substr(0, colon);
    port = host_port.substr(colon + 1);
    has_port = true;
  }
  if (host.empty()) return Invalid(field, rule::kUrlHost, "must have a host");
  bool host_ok = host.front() == '[' ? IsValidIpLiteral(host) : IsValidRegName(host);
  if (!host_ok) {
    return Invalid(field, rule::kUrlHost,
                   fmt::format("has an invalid host \"{}\"", host.substr(0, 100)));
  }
  if (has_port) {
    // At most five digits, checked before accumulating so a long port cannot overflow.
    bool digits = port.size() <= 5;
    std::int64_t value = 0;
    for (std::size_t i = 0; digits && i < port.size(); ++i) {
      digits = IsDigit(port[i]);
      value = value * 10 + (port[i] - '0');
    }
    if (!digits || value > 65535) {
      return Invalid(field, rule::kUrlSyntax,
                     fmt::format("has an invalid port \"{}\"", port.substr(0, 20)));
    }
  }
  return {};
}

Status Validate(std::string_view url, std::string_view field, std::size_t max_bytes,
                bool https_only) {
  if (url.empty()) return Invalid(field, rule::kRequired, "is required");
  if (url.size() > max_bytes) {
    return Invalid(field, rule::kMaxLength,
                   fmt::format("at most {} bytes (got {})", max_bytes, url.size()));
  }
  // The common case, checked in one pass: printable ASCII other than space and backslash
  // is valid UTF-8 without a forbidden character (URLs are checked on every read).
  bool plain = true;
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    plain = plain && u > 0x20 && u < 0x7F && u != '\\';
  }
  if (!plain) {
    if (!IsValidUtf8(url)) return Invalid(field, rule::kUtf8, "must be valid UTF-8");
    if (HasForbiddenCharacter(url)) {
      return Invalid(field, rule::kUrlSyntax,
                     "must not contain whitespace, control characters or backslashes");
    }
  }
  std::size_t colon = url.find(':');
  std::string_view scheme = url.substr(0, colon == std::string_view::npos ? 0 : colon);
  bool scheme_ok =
      EqualsIgnoreCase(scheme, "https") || (!https_only && EqualsIgnoreCase(scheme, "http"));
  if (!scheme_ok) {
    return Invalid(field, rule::kUrlScheme,
                   https_only ? "must be an https URL" : "must be an http or https URL");
  }
  std::string_view rest = url.substr(colon + 1);
  if (rest.substr(0, 2) != "//") {
    return Invalid(field, rule::kUrlHost, "must be absolute (scheme://host/...)");
  }
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  return CheckAuthority(authority, field);
}

}  // namespace

Status ValidateHttpUrl(std::string_view url, std::string_view field, std::size_t max_bytes) {
  return Validate(url, field, max_bytes, /*https_only=*/false);
}

Status ValidateHttpsUrl(std::string_view url, std::string_view field, std::size_t max_bytes) {
  return Validate(url, field, max_bytes, /*https_only=*/true);
}

}  // namespace homeboard::model
