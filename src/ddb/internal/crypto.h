// Thin wrappers over OpenSSL for the primitives the client needs: SHA-256, HMAC-SHA256,
// hex, base64, CRC32 (zlib) and cryptographically strong random bytes. Nothing here is
// hand-rolled; these exist so OpenSSL headers stay inside one translation unit.
#ifndef HOMEBOARD_DDB_INTERNAL_CRYPTO_H_
#define HOMEBOARD_DDB_INTERNAL_CRYPTO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace homeboard::ddb::internal {

// Raw 32-byte digest.
std::string Sha256(std::string_view data);
// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
// Lower-case hex of arbitrary bytes.
std::string HexEncode(std::string_view bytes);

// Standard base64 with padding (RFC 4648 section 4), as DynamoDB uses for B values.
std::string Base64Encode(std::string_view bytes);
// Strict decoding: returns nullopt for characters outside the alphabet, bad padding or a
// length that is not a multiple of four.
std::optional<std::string> Base64Decode(std::string_view text);

// CRC-32 (IEEE 802.3, as zlib computes it), as in the x-amz-crc32 response header.
std::uint32_t Crc32(std::string_view data);

// `count` bytes from OpenSSL's CSPRNG. Aborts only if the CSPRNG cannot be seeded.
std::string RandomBytes(std::size_t count);

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_CRYPTO_H_
