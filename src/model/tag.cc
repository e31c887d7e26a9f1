// Tag normalisation.
#include "model/tag.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "model/limits.h"
#include "model/text.h"

namespace homeboard::model {
namespace {

std::string ElementField(std::string_view field, std::size_t index) {
  return fmt::format("{}[{}]", field, index);
}

ValidationError TooMany(std::string_view field, std::size_t count) {
  return Invalid(field, rule::kMaxCount,
                 fmt::format("at most {} tags (got {})", kMaxTagsPerItem, count));
}

// True if `tag` is plainly a stored tag: 1..kMaxTagChars printable ASCII characters, no
// upper-case letter, '#' or ',', single spaces between words and none at either end. Such a
// tag is its own NormalizeTag; anything else takes the full check. Allocates nothing.
bool IsPlainNormalizedTag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTagChars) return false;
  bool previous_space = true;  // so that a leading space fails
  for (char c : tag) {
    if (c < 0x20 || c > 0x7E || (c >= 'A' && c <= 'Z') || c == '#' || c == ',') return false;
    if (c == ' ' && previous_space) return false;
    previous_space = c == ' ';
  }
  return !previous_space;
}

}  // namespace

Result<std::string> NormalizeTag(std::string_view raw, std::string_view field) {
  if (!IsValidUtf8(raw)) return Invalid(field, rule::kUtf8, "must be valid UTF-8");
  std::string tag = NormalizeWhitespace(raw);
  for (char& c : tag) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (tag.empty()) return Invalid(field, rule::kRequired, "must not be empty");
  if (tag.find_first_of("#,") != std::string::npos) {
    return Invalid(field, rule::kPattern, "must not contain '#' or ','");
  }
  if (auto s =
          ValidateText(tag, field, TextKind::kLine, {.min_chars = 1, .max_chars = kMaxTagChars});
      !s.ok()) {
    return std::move(s).error();
  }
  return tag;
}

Result<std::vector<std::string>> NormalizeTags(const std::vector<std::string>& raw,
                                               std::string_view field) {
  std::set<std::string> unique;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto tag = NormalizeTag(raw[i], ElementField(field, i));
    if (!tag.ok()) return std::move(tag).error();
    unique.insert(std::move(tag).value());
  }
  if (unique.size() > kMaxTagsPerItem) return TooMany(field, unique.size());
  return std::vector<std::string>(unique.begin(), unique.end());
}

Status ValidateTag(std::string_view tag, std::string_view field) {
  if (IsPlainNormalizedTag(tag)) return {};
  auto normalized = NormalizeTag(tag, field);
  if (!normalized.ok()) return std::move(normalized).error();
  if (*normalized != tag) {
    return Invalid(field, rule::kNotNormalized,
                   fmt::format("must be stored normalised (\"{}\")", *normalized));
  }
  return {};
}

Status ValidateTags(const std::vector<std::string>& tags, std::string_view field) {
  if (tags.size() > kMaxTagsPerItem) return TooMany(field, tags.size());
  // Runs on every read of a tagged entity: the element's field name is built only for an
  // error, and duplicates are found by comparing with the (at most 19) earlier tags.
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (!IsPlainNormalizedTag(tags[i])) {
      if (auto s = ValidateTag(tags[i], ElementField(field, i)); !s.ok()) return s;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (tags[j] == tags[i]) {
        return Invalid(ElementField(field, i), rule::kDuplicate,
                       fmt::format("\"{}\" appears twice", tags[i]));
      }
    }
  }
  return {};
}

}  // namespace homeboard::model
