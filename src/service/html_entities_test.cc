// Tests for the HTML character reference decoder and the escapers in
// internal/html_entities.h: named and numeric references, the HTML replacement rules, what is
// kept literally, the attribute-only rule for "&amp=", and escape/decode inverses.
#include "service/internal/html_entities.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace homeboard::service::internal {
namespace {

TEST(HtmlEntities, DecodesNamedReferences) {
  const std::pair<std::string, std::string> cases[] = {
      {"&amp;&lt;&gt;&quot;&apos;", "&<>\"'"},
      {"&AMP;&LT;&GT;&QUOT;&COPY;&REG;", "&<>\"\u00a9\u00ae"},
      {"caf&eacute; &Eacute;T&Eacute;", "caf\u00e9 \u00c9T\u00c9"},
      {"&nbsp;|&iexcl;|&yuml;|&szlig;|&times;|&divide;",
       "\u00a0|\u00a1|\u00ff|\u00df|\u00d7|\u00f7"},
      {"&mdash;&ndash;&hellip;&euro;&trade;&ldquo;x&rdquo;",
       "\u2014\u2013\u2026\u20ac\u2122\u201cx\u201d"},
      {"&lsquo;&rsquo;&bull;&rarr;&OElig;&scaron;", "\u2018\u2019\u2022\u2192\u0152\u0161"},
  };
  for (const auto& [raw, decoded] : cases) {
    SCOPED_TRACE(raw);
    EXPECT_EQ(DecodeEntities(raw, EntityContext::kText), decoded);
    EXPECT_EQ(DecodeEntities(raw, EntityContext::kAttribute), decoded);
  }
}

TEST(HtmlEntities, DecodesNumericReferences) {
  const std::pair<std::string, std::string> cases[] = {
      {"&#65;&#x42;&#X43;&#0068;", "ABCD"},
      {"&#233;&#xe9;&#xE9;", "\u00e9\u00e9\u00e9"},
      {"&#128512;&#x1F600;", "\U0001F600\U0001F600"},
      {"&#65 &#x42x", "A Bx"},  // the ';' is optional
      {"&#0;&#xD800;&#xDFFF;&#x110000;", "\uFFFD\uFFFD\uFFFD\uFFFD"},
      {"&#99999999999999999999;", "\uFFFD"},                     // no overflow
      {"&#128;&#150;&#153;&#129;", "\u20ac\u2013\u2122\u0081"},  // Windows-1252 as browsers do
      {"&#13;&#10;&#9;", "\r\n\t"},
  };
  for (const auto& [raw, decoded] : cases) {
    SCOPED_TRACE(raw);
    EXPECT_EQ(DecodeEntities(raw, EntityContext::kText), decoded);
  }
}

TEST(HtmlEntities, KeepsWhatIsNotAReference) {
  const std::string kept[] = {"AT&T",    "R&D;",  "&",       "&&",
                              "& amp;",  "&#;",   "&#x;",    "&#xyz;",
                              "&bogus;", "&Amp;", "&eacute", "&notareallylongname;",
                              "a & b",   "&;",    "&#",      "x&"};
  for (const std::string& raw : kept) {
    SCOPED_TRACE(raw);
    EXPECT_EQ(DecodeEntities(raw, EntityContext::kText), raw);
    EXPECT_EQ(DecodeEntities(raw, EntityContext::kAttribute), raw);
  }
}

TEST(HtmlEntities, SemicolonlessBasicsExceptBeforeEqualsInAttributes) {
  EXPECT_EQ(DecodeEntities("a &amp b &lt c &gt d &quot e", EntityContext::kText),
            "a & b < c > d \" e");
  EXPECT_EQ(DecodeEntities("?x=1&amp=2&lt=3", EntityContext::kText), "?x=1&=2<=3");
  EXPECT_EQ(DecodeEntities("?x=1&amp=2&lt=3", EntityContext::kAttribute), "?x=1&amp=2&lt=3");
  EXPECT_EQ(DecodeEntities("?x=1&amp;y=2&ampz", EntityContext::kAttribute), "?x=1&y=2&ampz");
}

TEST(HtmlEntities, LooksUpNamesCaseSensitively) {
  EXPECT_EQ(LookupNamedEntity("amp"), U'&');
  EXPECT_EQ(LookupNamedEntity("Eacute"), U'\u00c9');
  EXPECT_EQ(LookupNamedEntity("eacute"), U'\u00e9');
  EXPECT_EQ(LookupNamedEntity("nbsp"), U'\u00a0');
  EXPECT_EQ(LookupNamedEntity("yuml"), U'\u00ff');
  EXPECT_FALSE(LookupNamedEntity("EACUTE").has_value());
  EXPECT_FALSE(LookupNamedEntity("").has_value());
}

TEST(HtmlEntities, AppendsUtf8) {
  std::string out;
  for (char32_t c :
       {U'A', U'\u00e9', U'\u20ac', U'\U0001F600', char32_t{0xD800}, char32_t{0x110000}}) {
    AppendUtf8(c, out);
  }
  EXPECT_EQ(out, "A\u00e9\u20ac\U0001F600\uFFFD\uFFFD");
}

TEST(HtmlEntities, DecodesWindows1252) {
  EXPECT_EQ(DecodeWindows1252("Caf\xE9 \x93q\x94 \x80 \x81 \xA0\xFF <&>"),
            "Caf\u00e9 \u201cq\u201d \u20ac \u0081 \u00a0\u00ff <&>");
}

TEST(HtmlEntities, EscapesForTextAndAttributes) {
  std::string text;
  AppendEscapedText("a&b<c>d\"e'f\r\n\tg", text);
  EXPECT_EQ(text, "a&amp;b&lt;c&gt;d\"e'f&#13;\n\tg");
  std::string attribute;
  AppendEscapedAttribute("a&b<c>d\"e'f\r\n\tg", attribute);
  EXPECT_EQ(attribute, "a&amp;b&lt;c&gt;d&quot;e'f&#13;&#10;&#9;g");
}

TEST(HtmlEntities, EscapingInvertsDecoding) {
  const std::string values[] = {"plain",   "&amp; already escaped", "<tag attr=\"v\">",   "&#65;",
                                "a&amp=b", "\u00e9\U0001F600",      "line\r\nbreak\ttab", "&"};
  for (const std::string& value : values) {
    SCOPED_TRACE(value);
    std::string text;
    AppendEscapedText(value, text);
    EXPECT_EQ(DecodeEntities(text, EntityContext::kText), value);
    std::string attribute;
    AppendEscapedAttribute(value, attribute);
    EXPECT_EQ(DecodeEntities(attribute, EntityContext::kAttribute), value);
    EXPECT_EQ(attribute.find_first_of("\"<>\r\n\t"), std::string::npos);
  }
}

}  // namespace
}  // namespace homeboard::service::internal
