// Tags: normalisation and validation (docs/data-model.md, "Limits and normalisation").
//
// A tag is normalised by trimming Unicode whitespace, collapsing inner runs to one ASCII
// space and lower-casing ASCII letters only ("  Rust  Lang " -> "rust lang"); non-ASCII
// letters are kept as typed, because folding all of Unicode would need ICU. A normalised tag
// is 1-64 code points of valid UTF-8 without '#' or ',' (they delimit tags in search and
// import, and '#' separates the parts of TagAssociations keys) and without control
// characters. An item carries at most 20 distinct tags.
#ifndef HOMEBOARD_MODEL_TAG_H_
#define HOMEBOARD_MODEL_TAG_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace homeboard::model {

// The normalised form of `raw`, or an error naming `field`: "utf8", "required" (nothing
// left after trimming), "pattern" ('#' or ','), "control_character", "max_length".
[[nodiscard]] Result<std::string> NormalizeTag(std::string_view raw,
                                               std::string_view field = "tag");

// Normalises every tag (errors name "<field>[i]", i the index in `raw`), drops duplicates
// that normalise to the same tag, and sorts the result (byte order). Fails with
// "max_count" naming `field` if more than kMaxTagsPerItem distinct tags remain.
[[nodiscard]] Result<std::vector<std::string>> NormalizeTags(const std::vector<std::string>& raw,
                                                             std::string_view field = "tags");

// OK if `tag` is already normalised (NormalizeTag would return it unchanged); otherwise
// the NormalizeTag error, or "not_normalized".
[[nodiscard]] Status ValidateTag(std::string_view tag, std::string_view field);

// OK if every tag is valid ("<field>[i]"), no tag repeats ("duplicate") and there are at
// most kMaxTagsPerItem ("max_count", naming `field`). Order does not matter.
[[nodiscard]] Status ValidateTags(const std::vector<std::string>& tags, std::string_view field);

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_TAG_H_
