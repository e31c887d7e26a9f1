// Credential extraction helpers for Authenticator implementations.
#include "server/authenticator.h"

#include <cctype>

namespace homeboard::server {
std::optional<std::string_view> BearerToken(const HttpRequest& request) {
  std::optional<std::string_view> header = request.Header("Authorization");
  if (!header) return std::nullopt;
  std::string_view value = TrimOptionalWhitespace(*header);
  constexpr std::string_view kScheme = "bearer";
  if (value.size() <= kScheme.size() + 1) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return std::nullopt;
  }
  if (value[kScheme.size()] != ' ') return std::nullopt;
  std::string_view token = TrimOptionalWhitespace(value.substr(kScheme.size() + 1));
  if (token.empty()) return std::nullopt;
  return token;
}

std::optional<std::string_view> CookieValue(const HttpRequest& request, std::string_view name) {
  auto [begin, end] = request.headers.equal_range(std::string_view("Cookie"));
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      std::size_t semicolon = rest.find(';');
      std::string_view pair = TrimOptionalWhitespace(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      std::size_t equals = pair.find('=');
      if (equals == std::string_view::npos) continue;
      if (TrimOptionalWhitespace(pair.substr(0, equals)) != name) continue;
      std::string_view value = TrimOptionalWhitespace(pair.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace homeboard::server
