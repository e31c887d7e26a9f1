// Tests for the UTF-8 text helpers: validity, code points, whitespace trimming and
// collapsing (including NBSP and other Unicode spaces), truncation, and ValidateText.
#include "model/text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

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

// ValidateText's one-pass path for plain ASCII must agree with the rules spelled out with
// the public helpers (UTF-8, NormalizeWhitespace, control characters, code point limits),
// on random strings drawn from the characters that matter.
TEST(Text, ValidateTextAgreesWithTheRulesOnRandomStrings) {
  auto expected_rule = [](const std::string& text, TextKind kind,
                          TextLimits limits) -> std::string {
    if (text.size() > limits.max_bytes) return "max_length";
    if (!IsValidUtf8(text)) return "utf8";
    if (kind == TextKind::kLine && NormalizeWhitespace(text) != text) return "not_normalized";
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
      auto c = static_cast<unsigned char>(text[pos]);
      bool allowed = kind == TextKind::kMultiline && (c == '\t' || c == '\n' || c == '\r');
      if ((c < 0x20 || c == 0x7F) && !allowed) return "control_character";
      // U+0080..U+009F (C1) as C2 80..C2 9F.
      if (c == 0xC2 && pos + 1 < text.size() &&
          static_cast<unsigned char>(text[pos + 1]) <= 0x9F) {
        return "control_character";
      }
    }
    if (text.empty() && limits.min_chars > 0) return "required";
    if (CodePointCount(text) < limits.min_chars) return "min_length";
    if (CodePointCount(text) > limits.max_chars) return "max_length";
    return "";
  };
  const std::vector<std::string> pieces = {
      "a", "Z", " ", "  ", "\t", "\n", "\r", std::string(1, '\0'), "\x01", "\x7f", "~",
      "\xc3\xa9",          // é
      "\xc2\xa0",          // NBSP (whitespace)
      "\xc2\x85",          // NEL (C1 control and whitespace)
      "\xc2\x9f",          // C1 control
      "\xe3\x80\x80",      // ideographic space
      "\xf0\x9f\x98\x80",  // 😀
      "\xff",              // never valid
      "\xc3",              // truncated
  };
  std::mt19937 random(20261125);
  const TextLimits limits[] = {{}, {.min_chars = 1, .max_chars = 5}, {.max_bytes = 6}};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    int length = static_cast<int>(random() % 7);
    // Mostly plain ASCII, as real titles are, so the fast path is exercised hard.
    bool plain = random() % 2 == 0;
    for (int i = 0; i < length; ++i) {
      text += plain ? pieces[random() % 3] : pieces[random() % pieces.size()];
    }
    for (TextKind kind : {TextKind::kLine, TextKind::kMultiline}) {
      for (const TextLimits& limit : limits) {
        Status status = ValidateText(text, "f", kind, limit);
        std::string want = expected_rule(text, kind, limit);
        ASSERT_EQ(status.ok() ? "" : status.error().rule, want)
            << "text \"" << text << "\" kind " << static_cast<int>(kind);
      }
    }
  }
}

}  // namespace
}  // namespace homeboard::model
