// Deterministic import ids: Crockford base-32 of a clamped time and a SHA-256 prefix.
#include "service/internal/import_ids.h"

#include <algorithm>

#include "model/api_token.h"

namespace homeboard::service::internal {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::int64_t kMaxUlidMs = (std::int64_t{1} << 48) - 1;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

}  // namespace

std::string DeterministicId(std::int64_t epoch_ms, std::string_view user_id,
                            std::string_view kind, std::string_view key) {
  std::uint64_t ms = static_cast<std::uint64_t>(std::clamp<std::int64_t>(epoch_ms, 0, kMaxUlidMs));
  std::string material;
  material.reserve(user_id.size() + kind.size() + key.size() + 2);
  material.append(user_id).push_back('\0');
  material.append(kind).push_back('\0');
  material.append(key);
  // model::TokenHash is lower-case hex SHA-256; its first 20 hex digits are 80 bits.
  std::string hex = model::TokenHash(material);
  std::string id(26, '0');
  for (int i = 9; i >= 0; --i) {
    id[static_cast<std::size_t>(i)] = kCrockford[ms & 31];
    ms >>= 5;
  }
  // 80 bits = 16 groups of 5 bits = 20 hex digits of 4 bits; take them 5 bits at a time.
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t out = 10;
  for (std::size_t h = 0; h < 20; ++h) {
    buffer = (buffer << 4) | static_cast<std::uint32_t>(HexValue(hex[h]));
    bits += 4;
    while (bits >= 5) {
      bits -= 5;
      id[out++] = kCrockford[(buffer >> bits) & 31];
    }
  }
  return id;
}

std::string_view IdSuffix(std::string_view id) {
  if (id.size() <= kIdSuffixLength) return id;
  return id.substr(id.size() - kIdSuffixLength);
}

}  // namespace homeboard::service::internal
