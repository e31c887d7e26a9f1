// The limits of docs/data-model.md ("Limits and normalisation") as constants, so entity
// validation, the service and the tests all use one number. Character limits count Unicode
// code points; byte limits count UTF-8 bytes.
#ifndef HOMEBOARD_MODEL_LIMITS_H_
#define HOMEBOARD_MODEL_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace homeboard::model {

// User names: 3-32 characters of [a-z0-9_.-].
inline constexpr std::size_t kMinUserNameChars = 3;
inline constexpr std::size_t kMaxUserNameChars = 32;
// Display name, page title, widget title, group name, share resource title: 1-200 characters.
inline constexpr std::size_t kMaxTitleChars = 200;
// API token label (not in the doc's table; same bound as other labels).
inline constexpr std::size_t kMaxTokenNameChars = 200;
inline constexpr std::size_t kMaxBookmarkTitleChars = 500;
inline constexpr std::size_t kMaxBookmarkDescriptionChars = 4000;
inline constexpr std::size_t kMaxNoteTitleChars = 200;
// 100 KiB: a quarter of DynamoDB's 400 KB item limit.
inline constexpr std::size_t kMaxNoteBodyBytes = 102400;
// The note preview: the first 200 characters of the body, whitespace normalised.
inline constexpr std::size_t kNotePreviewChars = 200;
inline constexpr std::size_t kMaxTagChars = 64;
inline constexpr std::size_t kMaxTagsPerItem = 20;
inline constexpr int kMaxGroupDepth = 8;
// Widget settings, as DynamoDB accounts the size of the settings map.
inline constexpr std::size_t kMaxWidgetSettingsBytes = std::size_t{16} * 1024;
inline constexpr std::size_t kMaxWidgetsPerPage = 200;
inline constexpr int kMaxColumns = 6;  // columns are numbered 0..kMaxColumns-1
inline constexpr std::size_t kMaxPagesPerUser = 100;
inline constexpr std::size_t kMaxUrlBytes = 2048;
// A bookmark icon kept from an import: an http(s) URL or a data:image/... URI.
inline constexpr std::size_t kMaxIconBytes = std::size_t{8} * 1024;
// Versions start at 1; 2^53 keeps them exact in JSON (the ETag and API bodies).
inline constexpr std::int64_t kMaxVersion = std::int64_t{1} << 53;
// Epoch seconds of 9999-12-31T23:59:59Z, the largest expires_at accepted.
inline constexpr std::int64_t kMaxEpochSeconds = 253402300799;

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_LIMITS_H_
