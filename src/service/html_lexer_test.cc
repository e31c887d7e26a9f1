// Tests for the forgiving HTML tokenizer (internal/html_lexer.h) and the input preparation it
// relies on: tag and attribute forms, comments and declarations, raw-text elements, the
// unterminated-quote rule, line numbers, and BOM/CRLF/invalid UTF-8 handling.
#include "service/internal/html_lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace homeboard::service::internal {
namespace {

// Renders tokens compactly: <a href=x|b=>, </a>, "text", !doctype body.
std::vector<std::string> Tokens(std::string_view input) {
  HtmlLexer lexer(input);
  std::vector<std::string> out;
  for (int guard = 0; guard < 1000; ++guard) {
    const HtmlToken& token = lexer.Next();
    switch (token.kind) {
      case HtmlToken::Kind::kStartTag: {
        std::string text = "<" + std::string(token.name);
        for (std::size_t i = 0; i < token.attributes.size(); ++i) {
          text += (i == 0 ? " " : "|") + std::string(token.attributes[i].name) + "=" +
                  std::string(token.attributes[i].raw_value);
        }
        out.push_back(text + ">");
        break;
      }
      case HtmlToken::Kind::kEndTag:
        out.push_back("</" + std::string(token.name) + ">");
        break;
      case HtmlToken::Kind::kText:
        out.push_back("\"" + std::string(token.text) + "\"");
        break;
      case HtmlToken::Kind::kDoctype:
        out.push_back("!" + std::string(token.text));
        break;
      case HtmlToken::Kind::kEnd:
        return out;
    }
  }
  ADD_FAILURE() << "no end";
  return out;
}

using Strings = std::vector<std::string>;

TEST(HtmlLexer, ReadsTagsAttributesAndText) {
  EXPECT_EQ(
      Tokens("<DT><A HREF=\"https://x/\" ADD_DATE='1' tags=a,b FOLDED>Title</A>"),
      (Strings{"<DT>", "<A HREF=https://x/|ADD_DATE=1|tags=a,b|FOLDED=>", "\"Title\"", "</A>"}));
  // As in HTML, an unquoted value runs to whitespace or '>', so it keeps a trailing '/'.
  EXPECT_EQ(Tokens("<a  href = \"x\"\n  title=y/><br/><A HREF=https://x/ >"),
            (Strings{"<a href=x|title=y/>", "<br>", "<A HREF=https://x/>"}));
  EXPECT_EQ(Tokens("<a x=\"a>b\" y='c\"d'>"), (Strings{"<a x=a>b|y=c\"d>"}));
  EXPECT_EQ(Tokens("<a =x>"), (Strings{"<a =x=>"}));
  EXPECT_EQ(Tokens("<a b=>c"), (Strings{"<a b=>", "\"c\""}));
}

TEST(HtmlLexer, TreatsStrayLessThanAsText) {
  EXPECT_EQ(Tokens("a < b <3 <"), (Strings{"\"a \"", "\"< b \"", "\"<3 \"", "\"<\""}));
}

TEST(HtmlLexer, DropsCommentsAndDeclarations) {
  EXPECT_EQ(Tokens("<!DOCTYPE NETSCAPE-Bookmark-file-1><!-- <a> -->x<?xml v?><!x>y</>z</ q>"),
            (Strings{"!DOCTYPE NETSCAPE-Bookmark-file-1", "\"x\"", "\"y\"", "\"z\""}));
  EXPECT_EQ(Tokens("a<!-->b<!--->c<!-- never closed <b>"), (Strings{"\"a\"", "\"b\"", "\"c\""}));
}

TEST(HtmlLexer, ReadsEndTagsIgnoringTheirAttributes) {
  EXPECT_EQ(Tokens("</DL foo=\"bar\"><p></P >"), (Strings{"</DL>", "<p>", "</P>"}));
}

TEST(HtmlLexer, DropsATagCutOffByTheEndOfInput) {
  EXPECT_EQ(Tokens("text<a href=\"x\""), (Strings{"\"text\""}));
  EXPECT_EQ(Tokens("text</a"), (Strings{"\"text\""}));
}

TEST(HtmlLexer, ReadsRawTextElements) {
  EXPECT_EQ(Tokens("<title>A <b>&amp;</b></title>x"),
            (Strings{"<title>", "\"A <b>&amp;</b>\"", "</title>", "\"x\""}));
  EXPECT_EQ(Tokens("<TITLE></TITLE >"), (Strings{"<TITLE>", "</TITLE>"}));
  EXPECT_EQ(Tokens("<script>if (a<b) { x = '<a>'; }</script><style>p{}</style>z"),
            (Strings{"<script>", "</script>", "<style>", "</style>", "\"z\""}));
  // "</titles>" does not close a title; an unclosed title is read as markup.
  EXPECT_EQ(Tokens("<title>a</titles><b>c"),
            (Strings{"<title>", "\"a\"", "</titles>", "<b>", "\"c\""}));
}

TEST(HtmlLexer, EndsAnUnterminatedQuoteOnItsLine) {
  EXPECT_EQ(
      Tokens("<a href=\"https://x>T</a>\n<a href=\"y\">U</a>"),
      (Strings{"<a href=https://x>", "\"T\"", "</a>", "\"\n\"", "<a href=y>", "\"U\"", "</a>"}));
  EXPECT_EQ(Tokens("<a href='x\ntitle=\"z\">T"), (Strings{"<a href=x|title=z>", "\"T\""}));
}

TEST(HtmlLexer, CountsLines) {
  std::string input = "a\nb\n\nc";
  HtmlLexer lexer(input);
  EXPECT_EQ(lexer.LineOf(0), 1);
  EXPECT_EQ(lexer.LineOf(2), 2);
  EXPECT_EQ(lexer.LineOf(5), 4);
  EXPECT_EQ(lexer.LineOf(1), 1);  // backwards works too
  EXPECT_EQ(lexer.LineOf(100), 4);
}

TEST(HtmlLexer, CaseInsensitiveComparison) {
  EXPECT_TRUE(EqualsIgnoreAsciiCase("HREF", "href"));
  EXPECT_TRUE(EqualsIgnoreAsciiCase("Add_Date", "ADD_DATE"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("href", "hre"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("\xC3\xA9", "\xC3\x89"));  // only ASCII folds
}

TEST(PrepareHtmlInput, StripsBomAndNormalisesLineEnds) {
  EXPECT_EQ(PrepareHtmlInput("\xEF\xBB\xBF<a>"), "<a>");
  EXPECT_EQ(PrepareHtmlInput("<a>\xEF\xBB\xBF"), "<a>\xEF\xBB\xBF");  // only a leading BOM
  EXPECT_EQ(PrepareHtmlInput("a\r\nb\rc\n\rd\r\r\n"), "a\nb\nc\n\nd\n\n");
}

TEST(PrepareHtmlInput, ReplacesIllFormedUtf8) {
  const std::pair<std::string, std::string> cases[] = {
      {"ok \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "ok \u00e9 \u20ac \U0001F600"},
      {std::string("a\0b", 3), "a\uFFFDb"},
      {"\x80", "\uFFFD"},                                // lone continuation
      {"\xC0\xAF", "\uFFFD\uFFFD"},                      // overlong lead
      {"\xC3", "\uFFFD"},                                // truncated at the end
      {"\xE2\x82x", "\uFFFDx"},                          // one replacement for the maximal subpart
      {"\xE0\x80\x80", "\uFFFD\uFFFD\uFFFD"},            // overlong 3-byte
      {"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD"},            // surrogate
      {"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"},  // above U+10FFFF
      {"\xF0\x9F\x98", "\uFFFD"},
      {"\xF5\xFF", "\uFFFD\uFFFD"},
  };
  for (const auto& [input, expected] : cases) {
    SCOPED_TRACE(input);
    EXPECT_EQ(PrepareHtmlInput(input), expected);
  }
}

}  // namespace
}  // namespace homeboard::service::internal
