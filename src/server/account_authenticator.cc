// AccountAuthenticator: bearer tokens, trusted proxy headers and session cookies (with
// CSRF) mapped onto the accounts layer; plus address sets for trusted proxies.
#include "server/account_authenticator.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <utility>

namespace homeboard::server {
namespace {

using Outcome = Authentication::Outcome;

// True if an Authorization header value uses the Bearer scheme (whatever follows).
bool HasBearerScheme(std::string_view value) {
  value = TrimOptionalWhitespace(value);
  constexpr std::string_view kScheme = "bearer";
  if (value.size() < kScheme.size() ||
      !EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return false;
  }
  return value.size() == kScheme.size() || value[kScheme.size()] == ' ' ||
         value[kScheme.size()] == '\t';
}

Authentication Rejected(CredentialKind via, std::string reason) {
  return Authentication{.outcome = Outcome::kRejected, .via = via, .reason = std::move(reason)};
}

Authentication Accepted(service::Caller caller, CredentialKind via) {
  return Authentication{
      .outcome = Outcome::kAuthenticated, .caller = std::move(caller), .via = via};
}

constexpr std::string_view kCsrfReason =
    "csrf: a cookie-authenticated write needs the X-CSRF-Token header from the login response";

// An IP address as 16 bytes (IPv4 in the first four, `v4` set; IPv4-mapped IPv6 folded to
// IPv4), or nullopt.
struct ParsedAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
};

std::optional<ParsedAddress> ParseAddress(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[46];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  ParsedAddress parsed;
  if (inet_pton(AF_INET, buffer, parsed.bytes.data()) == 1) {
    parsed.v4 = true;
    return parsed;
  }
  if (inet_pton(AF_INET6, buffer, parsed.bytes.data()) != 1) return std::nullopt;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(parsed.bytes.data(), kMapped, sizeof(kMapped)) == 0) {
    std::memmove(parsed.bytes.data(), parsed.bytes.data() + 12, 4);
    std::fill(parsed.bytes.begin() + 4, parsed.bytes.end(), 0);
    parsed.v4 = true;
  }
  return parsed;
}

// The comma-separated items of every value of header `name`, in order, trimmed.
std::vector<std::string_view> HeaderList(const HttpRequest& request, std::string_view name) {
  std::vector<std::string_view> items;
  auto [begin, end] = request.headers.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (true) {
      std::size_t comma = rest.find(',');
      items.push_back(TrimOptionalWhitespace(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return items;
}

}  // namespace

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE";
}

service::Result<AddressSet> AddressSet::Parse(const std::vector<std::string>& entries,
                                              std::string_view field) {
  AddressSet set;
  for (const std::string& entry : entries) {
    auto invalid = [&] {
      return service::InvalidArgument(
          field, "pattern",
          fmt::format("{}: \"{}\" is not an IP address or CIDR block (10.0.0.0/8, fd00::/8)", field,
                      entry.substr(0, 64)));
    };
    std::string_view text = TrimOptionalWhitespace(entry);
    std::size_t slash = text.find('/');
    std::optional<ParsedAddress> address = ParseAddress(text.substr(0, slash));
    if (!address) return invalid();
    Block block{.bytes = address->bytes, .v4 = address->v4, .prefix_bits = address->v4 ? 32 : 128};
    if (slash != std::string_view::npos) {
      std::string_view digits = text.substr(slash + 1);
      if (digits.empty() || digits.size() > 3) return invalid();
      int bits = 0;
      for (char c : digits) {
        if (c < '0' || c > '9') return invalid();
        bits = bits * 10 + (c - '0');
      }
      // A mapped IPv4 block given in IPv6 notation ("::ffff:10.0.0.0/104") counts its
      // prefix over the IPv6 bits.
      bool mapped = address->v4 && text.substr(0, slash).find(':') != std::string_view::npos;
      if (mapped) bits -= 96;
      if (bits < 0 || bits > (address->v4 ? 32 : 128)) return invalid();
      block.prefix_bits = bits;
    }
    set.blocks_.push_back(block);
  }
  return set;
}

bool AddressSet::Contains(std::string_view address) const {
  std::optional<ParsedAddress> parsed = ParseAddress(address);
  if (!parsed) return false;
  for (const Block& block : blocks_) {
    if (block.v4 != parsed->v4) continue;
    int full = block.prefix_bits / 8;
    int rest = block.prefix_bits % 8;
    if (std::memcmp(block.bytes.data(), parsed->bytes.data(), static_cast<std::size_t>(full)) !=
        0) {
      continue;
    }
    if (rest != 0) {
      auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
      if ((block.bytes[static_cast<std::size_t>(full)] & mask) !=
          (parsed->bytes[static_cast<std::size_t>(full)] & mask)) {
        continue;
      }
    }
    return true;
  }
  return false;
}

AccountAuthenticator::AccountAuthenticator(service::ServiceContext services,
                                           AccountAuthOptions options, AddressSet proxies)
    : services_(services),
      options_(std::move(options)),
      proxies_(std::move(proxies)),
      tokens_(services, options_.tokens),
      accounts_(services, options_.accounts),
      login_limiter_(std::make_unique<service::LoginLimiter>(options_.login)) {}

service::Result<std::unique_ptr<AccountAuthenticator>> AccountAuthenticator::Create(
    service::ServiceContext services, AccountAuthOptions options) {
  if (services.store == nullptr) return service::Internal("AccountAuthenticator: no store");
  auto proxies = AddressSet::Parse(options.trusted_proxies);
  if (!proxies.ok()) return proxies.error();
  if (!options.proxy_user_header.empty() && proxies->empty()) {
    return service::InvalidArgument(
        "proxy_user_header", "required",
        "proxy_user_header: header authentication needs at least one trusted proxy address");
  }
  return std::unique_ptr<AccountAuthenticator>(new AccountAuthenticator(
      std::move(services), std::move(options), std::move(proxies).value()));
}

service::Result<Authentication> AccountAuthenticator::Authenticate(
    const HttpRequest& request) const {
  if (std::optional<std::string_view> authorization = request.Header("Authorization")) {
    if (std::optional<std::string_view> bearer = BearerToken(request)) return FromBearer(*bearer);
    if (HasBearerScheme(*authorization)) {
      return Rejected(CredentialKind::kBearerToken,
                      "malformed Authorization header: expected \"Bearer <token>\"");
    }
  }
  if (!options_.proxy_user_header.empty() && proxies_.Contains(request.remote_address)) {
    if (std::optional<std::string_view> name = request.Header(options_.proxy_user_header)) {
      return FromProxyHeader(request, TrimOptionalWhitespace(*name));
    }
  }
  std::optional<std::string_view> cookie = CookieValue(request, kSessionCookieName);
  if (cookie && !cookie->empty()) return FromSession(request, *cookie);
  return Authentication{};
}

service::Result<Authentication> AccountAuthenticator::FromBearer(std::string_view token) const {
  auto authenticated = tokens_.Authenticate(token);
  if (!authenticated.ok()) return authenticated.error();
  if (!authenticated->has_value()) {
    return Rejected(CredentialKind::kBearerToken, "invalid, expired or revoked token");
  }
  return Accepted((**authenticated).caller, CredentialKind::kBearerToken);
}

service::Result<Authentication> AccountAuthenticator::FromProxyHeader(const HttpRequest& request,
                                                                      std::string_view name) const {
  if (!IsSafeMethod(request.method) && request.Header(kCsrfHeader).value_or("").empty()) {
    return Rejected(CredentialKind::kProxyHeader,
                    "csrf: a proxy-authenticated write needs an X-CSRF-Token header");
  }
  auto user = accounts_.FindByName(name);
  if (!user.ok()) {
    service::Error::Code code = user.error().code;
    if (code == service::Error::Code::kNotFound || code == service::Error::Code::kInvalidArgument) {
      return Rejected(CredentialKind::kProxyHeader, "the proxy's user is not a homeboard user");
    }
    return user.error();
  }
  return Accepted(service::Caller{.user_id = user->user_id}, CredentialKind::kProxyHeader);
}

service::Result<Authentication> AccountAuthenticator::FromSession(const HttpRequest& request,
                                                                  std::string_view cookie) const {
  // The CSRF token derives from the cookie alone, so a forged cross-site write is refused
  // before it costs a store call (or slides the session's expiry).
  if (!IsSafeMethod(request.method) &&
      !service::TokenService::CsrfTokenMatches(service::TokenService::CsrfTokenFor(cookie),
                                               request.Header(kCsrfHeader).value_or(""))) {
    return Rejected(CredentialKind::kSessionCookie, std::string(kCsrfReason));
  }
  auto session = tokens_.AuthenticateSession(cookie);
  if (!session.ok()) return session.error();
  if (!session->has_value()) {
    return Rejected(CredentialKind::kSessionCookie, "session expired or ended: log in again");
  }
  return Accepted((**session).auth.caller, CredentialKind::kSessionCookie);
}

std::string AccountAuthenticator::ClientAddress(const HttpRequest& request) const {
  if (!proxies_.Contains(request.remote_address)) return request.remote_address;
  std::vector<std::string_view> hops = HeaderList(request, "X-Forwarded-For");
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (proxies_.Contains(*it)) continue;
    // The first hop our proxies did not vouch for is the client; anything that is not an
    // address there means a proxy we cannot read, so fall back to the peer.
    return ParseAddress(*it) ? std::string(*it) : request.remote_address;
  }
  return request.remote_address;
}

bool AccountAuthenticator::IsHttps(const HttpRequest& request) const {
  if (!proxies_.Contains(request.remote_address)) return false;
  std::vector<std::string_view> protos = HeaderList(request, "X-Forwarded-Proto");
  return !protos.empty() && EqualsIgnoreCase(protos.front(), "https");
}

bool AccountAuthenticator::SecureCookies(const HttpRequest& request) const {
  switch (options_.cookie_secure) {
    case CookieSecure::kAlways:
      return true;
    case CookieSecure::kNever:
      return false;
    case CookieSecure::kAuto:
      break;
  }
  return IsHttps(request);
}

std::string AccountAuthenticator::SessionCookie(std::string_view token,
                                                const HttpRequest& request) const {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}", kSessionCookieName,
                     token, options_.tokens.session_absolute_lifetime.count(),
                     SecureCookies(request) ? "; Secure" : "");
}

std::string AccountAuthenticator::ClearedSessionCookie(const HttpRequest& request) const {
  return fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}", kSessionCookieName,
                     SecureCookies(request) ? "; Secure" : "");
}

}  // namespace homeboard::server
