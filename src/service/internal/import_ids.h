// Deterministic ids for imported objects (docs/import-export.md, "Ids and re-runs"): a ULID
// whose 48-bit time part is the entry's date and whose 80-bit random part is the first 80
// bits of SHA-256 over (user id, object kind, the object's key in the file). The same entry
// of the same file for the same user always gets the same random part, so a later import
// recognises the object by its id's last 16 characters (IdSuffix) even when its time part
// came from the clock.
#ifndef HOMEBOARD_SERVICE_INTERNAL_IMPORT_IDS_H_
#define HOMEBOARD_SERVICE_INTERNAL_IMPORT_IDS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace homeboard::service::internal {

// Characters of a ULID that encode its 80 random bits (the last 16).
inline constexpr std::size_t kIdSuffixLength = 16;

// The ULID for `epoch_ms` (clamped to 0..2^48-1) and the hash of (user_id, kind, key). The
// parts are joined with NUL bytes, which none of them can contain ambiguously (user ids are
// ULIDs, kinds are fixed words; the key is last). Always a valid id (model::IsValidId).
std::string DeterministicId(std::int64_t epoch_ms, std::string_view user_id,
                            std::string_view kind, std::string_view key);

// The last kIdSuffixLength characters of `id` (all of it if shorter).
std::string_view IdSuffix(std::string_view id);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_IMPORT_IDS_H_
