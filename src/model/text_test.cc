// Tests for the UTF-8 text helpers: validity, code points, whitespace trimming and
// collapsing (including NBSP and other Unicode spaces), truncation, and ValidateText.
#include "model/text.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

TEST(Text, Utf8Validity) {
  const std::string valid[] = {
      "",
      "plain",
      "caf\xc3\xa9",
      "\xf0\x9f\x98\x80",      // 😀
      "e\xcc\x81",             // e + combining acute
      "\xef\xbf\xbf",          // U+FFFF
      "\xf4\x8f\xbf\xbf",      // U+10FFFF
      std::string("a\0b", 3),  // NUL is valid UTF-8
  };
  for (const auto& text : valid) EXPECT_TRUE(IsValidUtf8(text)) << text;
  const std::string invalid[] = {
      "\x80",              // lone continuation
      "\xc3",              // truncated
      "\xc0\xaf",          // overlong '/'
      "\xe0\x80\xaf",      // overlong
      "\xed\xa0\x80",      // surrogate U+D800
      "\xf4\x90\x80\x80",  // U+110000
      "\xf5\x80\x80\x80",  // lead F5
      "\xff",
      "ab\xe2\x82",    // truncated euro sign
      "\xe2\x28\xa1",  // bad continuation
  };
  for (const auto& text : invalid) EXPECT_FALSE(IsValidUtf8(text)) << text;
}

TEST(Text, CodePointCount) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("caf\xc3\xa9"), 4u);
  EXPECT_EQ(CodePointCount("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), 2u);
  EXPECT_EQ(CodePointCount("e\xcc\x81"), 2u);                 // combining marks count on their own
  EXPECT_EQ(CodePointCount("\xe4\xbe\x8b\xe3\x81\x88"), 2u);  // 例え
}

TEST(Text, NormalizeWhitespace) {
  struct Case {
    std::string in, out;
  } cases[] = {
      {"", ""},
      {"   ", ""},
      {"a", "a"},
      {"  Rust  Lang ", "Rust Lang"},
      {"\t\na\r\n\vb\f", "a b"},
      {"\xc2\xa0"
       "a\xc2\xa0\xc2\xa0"
       "b\xc2\xa0",
       "a b"},  // NBSP
      {"\xe3\x80\x80"
       "a\xe2\x80\x83"
       "b",
       "a b"},  // ideographic space, em space
      {"a\xe2\x80\xa8"
       "b\xe2\x80\xa9"
       "c",
       "a b c"},  // line/paragraph separators
      {"a\xc2\x85"
       "b",
       "a b"},  // NEL
      {"a\xe2\x80\x8b"
       "b",
       "a\xe2\x80\x8b"
       "b"},  // zero-width space is not White_Space
      {"\xf0\x9f\x98\x80  \xf0\x9f\x98\x80", "\xf0\x9f\x98\x80 \xf0\x9f\x98\x80"},
      {"a \xff  b", "a \xff b"},  // invalid bytes pass through
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeWhitespace(c.in), c.out) << c.in;
}

TEST(Text, TrimWhitespaceKeepsInnerRuns) {
  EXPECT_EQ(TrimWhitespace("  a \n\n b \xc2\xa0"), "a \n\n b");
  EXPECT_EQ(TrimWhitespace("\xe3\x80\x80"), "");
  EXPECT_EQ(TrimWhitespace("x"), "x");
}

TEST(Text, TruncateCodePoints) {
  EXPECT_EQ(TruncateCodePoints("abcdef", 3), "abc");
  EXPECT_EQ(TruncateCodePoints("ab", 3), "ab");
  EXPECT_EQ(TruncateCodePoints("\xf0\x9f\x98\x80\xf0\x9f\x98\x81", 1), "\xf0\x9f\x98\x80");
  EXPECT_EQ(TruncateCodePoints("e\xcc\x81x", 1), "e");
  EXPECT_EQ(TruncateCodePoints("abc", 0), "");
}

TEST(Text, ValidateTextLine) {
  TextLimits title{.min_chars = 1, .max_chars = 200};
  EXPECT_OK(ValidateText("Home", "title", TextKind::kLine, title));
  EXPECT_OK(ValidateText(std::string(200, 'x'), "title", TextKind::kLine, title));
  std::string emoji200;
  for (int i = 0; i < 200; ++i) emoji200 += "\xf0\x9f\x98\x80";
  EXPECT_OK(ValidateText(emoji200, "title", TextKind::kLine, title));

  struct Case {
    std::string value;
    const char* rule;
  } cases[] = {
      {"", "required"},
      {std::string(201, 'x'), "max_length"},
      {emoji200 + "\xf0\x9f\x98\x80", "max_length"},
      {" Home", "not_normalized"},
      {"Home ", "not_normalized"},
      {"Ho  me", "not_normalized"},
      {"Ho\tme", "not_normalized"},
      {"Ho\nme", "not_normalized"},
      {"Ho\x01me", "control_character"},
      {"Ho\x7fme", "control_character"},
      {std::string("Ho\0me", 5), "control_character"},
      {"Ho\xc2\x9bme", "control_character"},  // C1 CSI
      {"Ho\xffme", "utf8"},
  };
  for (const Case& c : cases) {
    auto status = ValidateText(c.value, "title", TextKind::kLine, title);
    ASSERT_FALSE(status.ok()) << c.value;
    EXPECT_EQ(status.error().rule, c.rule) << c.value;
    EXPECT_EQ(status.error().field, "title");
  }
  auto too_long = ValidateText(std::string(250, 'x'), "title", TextKind::kLine, title);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().message, "title: at most 200 characters (got 250)");
}

TEST(Text, ValidateTextMultiline) {
  TextLimits body{.max_bytes = 10};
  EXPECT_OK(ValidateText("", "body", TextKind::kMultiline, body));
  EXPECT_OK(ValidateText(" a\n\tb\r\n ", "body", TextKind::kMultiline, body));
  auto big = ValidateText(std::string(11, 'x'), "body", TextKind::kMultiline, body);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().rule, "max_length");
  EXPECT_EQ(big.error().message, "body: at most 10 bytes (got 11)");
  auto bell = ValidateText("a\x07", "body", TextKind::kMultiline, body);
  ASSERT_FALSE(bell.ok());
  EXPECT_EQ(bell.error().rule, "control_character");
  EXPECT_NE(bell.error().message.find("U+0007"), std::string::npos);
}

TEST(Text, MinLength) {
  auto status = ValidateText("ab", "name", TextKind::kLine, {.min_chars = 3, .max_chars = 5});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().rule, "min_length");
}

}  // namespace
}  // namespace homeboard::model
