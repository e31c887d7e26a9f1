// Argon2id password hashing over libargon2. The PHC string is parsed here before libargon2
// sees it, so a stored string with absurd parameters is refused instead of allocating them.
#include "service/internal/password_hash.h"

#include <argon2.h>

#include <charconv>
#include <vector>

#include "ddb/internal/crypto.h"

namespace homeboard::service::internal {
namespace {

constexpr std::string_view kPrefix = "$argon2id$v=19$m=";

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Bytes encoded by `text`, unpadded standard base64 as PHC uses, or nullopt.
std::optional<std::uint32_t> Base64DecodedLength(std::string_view text) {
  if (text.empty() || text.size() % 4 == 1) return std::nullopt;
  for (char c : text) {
    if (!IsBase64Char(c)) return std::nullopt;
  }
  return static_cast<std::uint32_t>(text.size() * 3 / 4);
}

// Consumes "<digits>" from the front of `text` (canonical decimal: no sign, no leading zero).
std::optional<std::uint32_t> TakeNumber(std::string_view& text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 10 || (digits > 1 && text[0] == '0')) return std::nullopt;
  std::uint32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + digits, value);
  if (error != std::errc() || end != text.data() + digits) return std::nullopt;
  text.remove_prefix(digits);
  return value;
}

bool TakeLiteral(std::string_view& text, std::string_view literal) {
  if (text.substr(0, literal.size()) != literal) return false;
  text.remove_prefix(literal.size());
  return true;
}

}  // namespace

std::optional<PasswordHashParams> ParsePasswordHash(std::string_view phc) {
  std::string_view rest = phc;
  PasswordHashParams params;
  if (!TakeLiteral(rest, kPrefix)) return std::nullopt;
  auto memory = TakeNumber(rest);
  if (!memory || !TakeLiteral(rest, ",t=")) return std::nullopt;
  auto iterations = TakeNumber(rest);
  if (!iterations || !TakeLiteral(rest, ",p=")) return std::nullopt;
  auto parallelism = TakeNumber(rest);
  if (!parallelism || !TakeLiteral(rest, "$")) return std::nullopt;
  std::size_t salt_end = rest.find('$');
  if (salt_end == std::string_view::npos) return std::nullopt;
  auto salt = Base64DecodedLength(rest.substr(0, salt_end));
  auto hash = Base64DecodedLength(rest.substr(salt_end + 1));
  if (!salt || !hash) return std::nullopt;
  params.memory_kib = *memory;
  params.iterations = *iterations;
  params.parallelism = *parallelism;
  params.salt_bytes = *salt;
  params.hash_bytes = *hash;
  // libargon2's own limits, then ours.
  if (params.parallelism < 1 || params.parallelism > kMaxPasswordHashParallelism) {
    return std::nullopt;
  }
  if (params.iterations < 1 || params.iterations > kMaxPasswordHashIterations) return std::nullopt;
  if (params.memory_kib < 8 * params.parallelism || params.memory_kib > kMaxPasswordHashMemoryKib) {
    return std::nullopt;
  }
  if (params.salt_bytes < ARGON2_MIN_SALT_LENGTH || params.hash_bytes < ARGON2_MIN_OUTLEN ||
      params.salt_bytes > 1024 || params.hash_bytes > 1024) {
    return std::nullopt;
  }
  return params;
}

Result<std::string> HashPassword(std::string_view password, const PasswordHashParams& params) {
  if (params.salt_bytes < ARGON2_MIN_SALT_LENGTH || params.salt_bytes > 1024) {
    return Internal("password hash: salt length out of range");
  }
  std::string salt = ddb::internal::RandomBytes(params.salt_bytes);
  std::size_t length = argon2_encodedlen(params.iterations, params.memory_kib, params.parallelism,
                                         params.salt_bytes, params.hash_bytes, Argon2_id);
  std::vector<char> encoded(length + 1, '\0');
  int rc = argon2id_hash_encoded(params.iterations, params.memory_kib, params.parallelism,
                                 password.data(), password.size(), salt.data(), salt.size(),
                                 params.hash_bytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Internal(std::string("password hash: ") + argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

bool VerifyPasswordHash(std::string_view password, std::string_view phc) {
  if (!ParsePasswordHash(phc)) return false;
  std::string encoded(phc);  // libargon2 wants a NUL-terminated string
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

bool NeedsRehash(std::string_view phc, const PasswordHashParams& wanted) {
  std::optional<PasswordHashParams> stored = ParsePasswordHash(phc);
  if (!stored) return true;
  return stored->memory_kib < wanted.memory_kib || stored->iterations < wanted.iterations ||
         stored->parallelism < wanted.parallelism || stored->salt_bytes < wanted.salt_bytes ||
         stored->hash_bytes < wanted.hash_bytes;
}

}  // namespace homeboard::service::internal
