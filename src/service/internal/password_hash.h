// Password hashing with Argon2id (RFC 9106) through Debian's libargon2, stored as PHC strings
// ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>", unpadded standard base64). The defaults
// are the OWASP Password Storage Cheat Sheet's minimum for Argon2id: 19 MiB of memory, two
// passes, one lane
// (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html). Every stored
// hash carries its own parameters, so they can be raised later: verification reads them from the
// string, and NeedsRehash tells the login path to store a new hash made with the current ones.
//
// Only password_hash.cc includes argon2.h.
//
// Thread safety: stateless functions; safe from any number of threads. Each call allocates
// the parameters' memory (19 MiB by default) for its duration.
#ifndef HOMEBOARD_SERVICE_INTERNAL_PASSWORD_HASH_H_
#define HOMEBOARD_SERVICE_INTERNAL_PASSWORD_HASH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "service/error.h"

namespace homeboard::service::internal {

// Argon2id cost parameters. The defaults are OWASP's recommendation; tests use cheaper ones
// (memory_kib = 8, iterations = 1) so they stay fast.
struct PasswordHashParams {
  std::uint32_t memory_kib = 19 * 1024;  // m: memory in KiB (at least 8 * parallelism)
  std::uint32_t iterations = 2;          // t: passes over the memory (at least 1)
  std::uint32_t parallelism = 1;         // p: lanes (at least 1)
  std::uint32_t salt_bytes = 16;         // from the OS CSPRNG; RFC 9106 recommends 16
  std::uint32_t hash_bytes = 32;         // tag length

  friend bool operator==(const PasswordHashParams&, const PasswordHashParams&) = default;
};

// Verification refuses stored hashes whose parameters exceed these bounds (a corrupt or
// planted item must not make a login allocate gigabytes or run for minutes).
inline constexpr std::uint32_t kMaxPasswordHashMemoryKib = 1024 * 1024;  // 1 GiB
inline constexpr std::uint32_t kMaxPasswordHashIterations = 64;
inline constexpr std::uint32_t kMaxPasswordHashParallelism = 16;

// A PHC string of Argon2id over `password` with a fresh random salt. kInternal if libargon2
// refuses the parameters or cannot allocate the memory (never for any password content:
// every byte string is hashed as given, without truncation).
[[nodiscard]] Result<std::string> HashPassword(std::string_view password,
                                               const PasswordHashParams& params = {});

// True if `phc` is a well-formed Argon2id PHC string (version 19, parameters within the
// bounds above) and `password` hashes to it. The tag comparison is constant-time
// (libargon2's). A malformed, tampered or foreign string is simply false.
bool VerifyPasswordHash(std::string_view password, std::string_view phc);

// The parameters a PHC string was made with (salt and hash lengths decoded from their base64
// text), or nullopt if it is not a well-formed Argon2id v19 string within the bounds above.
std::optional<PasswordHashParams> ParsePasswordHash(std::string_view phc);

// True if `phc` should be replaced by a hash made with `wanted`: it cannot be parsed, or any of
// memory, iterations, parallelism, salt or hash length is below `wanted`'s. (Stronger
// parameters than wanted are kept: lowering costs is never automatic.)
bool NeedsRehash(std::string_view phc, const PasswordHashParams& wanted);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_PASSWORD_HASH_H_
