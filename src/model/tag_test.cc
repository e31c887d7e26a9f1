// Tests for tag normalisation: the doc's examples, ASCII-only lower-casing, forbidden
// characters, length limits in code points, and tag lists (dedupe, sort, at most 20).
#include "model/tag.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

TEST(Tag, NormalisationTable) {
  struct Case {
    std::string raw, tag;
  } cases[] = {
      {"  Rust  Lang ", "rust lang"},
      {"rust", "rust"},
      {"TO-READ", "to-read"},
      {"C++", "c++"},
      {"\xc2\xa0"
       "Go\xe2\x80\x83"
       "Lang\xe3\x80\x80",
       "go lang"},                                 // NBSP, em space, U+3000
      {"\xc3\x89t\xc3\xa9", "\xc3\x89t\xc3\xa9"},  // "Été": non-ASCII kept
      {"Stra\xc3\x9f"
       "E",
       "stra\xc3\x9f"
       "e"},                                               // ß kept, E lowered
      {"\xf0\x9f\xa6\x80 Crab", "\xf0\x9f\xa6\x80 crab"},  // emoji
      {"e\xcc\x81", "e\xcc\x81"},                          // combining mark kept
      {"a\tb\nc", "a b c"},
      {std::string(64, 'X'), std::string(64, 'x')},
      {"  " + std::string(64, 'a') + "  ", std::string(64, 'a')},
  };
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(std::string tag, NormalizeTag(c.raw));
    EXPECT_EQ(tag, c.tag) << c.raw;
    EXPECT_OK(ValidateTag(tag, "tag"));
  }
}

TEST(Tag, Rejections) {
  std::string emoji65;
  for (int i = 0; i < 65; ++i) emoji65 += "\xf0\x9f\x98\x80";
  struct Case {
    std::string raw;
    const char* rule;
  } cases[] = {
      {"", "required"},
      {"   \xc2\xa0 ", "required"},
      {"#rust", "pattern"},
      {"rust,go", "pattern"},
      {"a\x01"
       "b",
       "control_character"},
      {"a\x7f", "control_character"},
      {"\xc2\x80", "control_character"},
      {std::string(65, 'a'), "max_length"},
      {emoji65, "max_length"},
      {"bad\xff", "utf8"},
  };
  for (const Case& c : cases) {
    auto tag = NormalizeTag(c.raw, "tags[3]");
    ASSERT_FALSE(tag.ok()) << c.raw;
    EXPECT_EQ(tag.error().rule, c.rule) << c.raw;
    EXPECT_EQ(tag.error().field, "tags[3]");
  }
  std::string emoji64 = emoji65.substr(4);
  EXPECT_OK(NormalizeTag(emoji64));
}

TEST(Tag, ValidateTagRequiresNormalisedForm) {
  auto upper = ValidateTag("Rust", "tag");
  ASSERT_FALSE(upper.ok());
  EXPECT_EQ(upper.error().rule, "not_normalized");
  auto spaced = ValidateTag(" rust", "tag");
  ASSERT_FALSE(spaced.ok());
  EXPECT_EQ(spaced.error().rule, "not_normalized");
}

TEST(Tag, NormalizeTagsDedupesAndSorts) {
  ASSERT_OK_AND_ASSIGN(auto tags, NormalizeTags({"Rust", "go", " rust ", "C++", "GO"}));
  EXPECT_EQ(tags, (std::vector<std::string>{"c++", "go", "rust"}));
  ASSERT_OK_AND_ASSIGN(auto none, NormalizeTags({}));
  EXPECT_TRUE(none.empty());
}

TEST(Tag, NormalizeTagsNamesTheBadElement) {
  auto tags = NormalizeTags({"ok", "fine", "#bad"});
  ASSERT_FALSE(tags.ok());
  EXPECT_EQ(tags.error().field, "tags[2]");
  EXPECT_EQ(tags.error().rule, "pattern");
}

TEST(Tag, AtMostTwentyTags) {
  std::vector<std::string> twenty;
  for (int i = 0; i < 20; ++i) twenty.push_back("t" + std::to_string(i));
  ASSERT_OK_AND_ASSIGN(auto normalized, NormalizeTags(twenty));
  EXPECT_EQ(normalized.size(), 20u);
  EXPECT_OK(ValidateTags(twenty, "tags"));

  // Duplicates do not count toward the limit.
  auto with_duplicates = twenty;
  with_duplicates.push_back("T0");
  EXPECT_OK(NormalizeTags(with_duplicates));

  auto twenty_one = twenty;
  twenty_one.push_back("t20");
  auto too_many = NormalizeTags(twenty_one);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().field, "tags");
  EXPECT_EQ(too_many.error().rule, "max_count");
  auto invalid = ValidateTags(twenty_one, "tags");
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().rule, "max_count");
}

TEST(Tag, ValidateTagsRejectsDuplicatesAndBadElements) {
  auto duplicate = ValidateTags({"a", "b", "a"}, "tags");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().field, "tags[2]");
  EXPECT_EQ(duplicate.error().rule, "duplicate");
  auto bad = ValidateTags({"a", "B"}, "tags");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "tags[1]");
  EXPECT_EQ(bad.error().rule, "not_normalized");
}

// ValidateTag's shortcut for plain ASCII tags must agree with its definition: a tag is valid
// exactly when it is its own NormalizeTag.
TEST(Tag, ValidateTagAgreesWithNormalizeTagOnRandomTags) {
  const std::vector<std::string> pieces = {"a", "z", "0", "-", " ", "  ", "A", "#", ",", "\t",
                                           "\x7f", "\xc3\xa9", "\xc2\xa0", "\xff"};
  std::mt19937 random(42);
  for (int round = 0; round < 20000; ++round) {
    std::string tag;
    int length = static_cast<int>(random() % 6);
    bool plain = random() % 2 == 0;
    for (int i = 0; i < length; ++i) tag += pieces[random() % (plain ? 5 : pieces.size())];
    if (random() % 50 == 0) tag += std::string(60 + random() % 10, 'x');  // near the limit
    auto normalized = NormalizeTag(tag, "tags[0]");
    bool want = normalized.ok() && *normalized == tag;
    EXPECT_EQ(ValidateTag(tag, "tags[0]").ok(), want) << "\"" << tag << "\"";
  }
}

}  // namespace
}  // namespace homeboard::model
