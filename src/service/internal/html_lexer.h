// A small, forgiving HTML tokenizer for the Netscape bookmark format: start tags with their
// attributes, end tags, text, and the doctype; comments and processing instructions are
// dropped. It is hand-written (no regex) and linear in the input even for hostile input:
// every scan moves forward, and searches that can fail (a closing quote, "</title") remember
// where they found or missed their target.
//
// Tolerance, beyond what browsers do: tag and attribute names in any letter case, values in
// double quotes, single quotes or none, and a quoted value never runs past the end of its
// line. Browser exports never put a raw line break inside an attribute, so a quote left open
// by hand (HREF="https://x>Title</A>) ends at the first '>' on the line (or at the line break)
// instead of swallowing the entries that follow.
#ifndef HOMEBOARD_SERVICE_INTERNAL_HTML_LEXER_H_
#define HOMEBOARD_SERVICE_INTERNAL_HTML_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace homeboard::service::internal {

// Makes raw bytes safe to tokenize: drops a leading UTF-8 byte order mark, turns CRLF and lone
// CR into LF, and replaces NUL and every ill-formed UTF-8 sequence with U+FFFD (one per
// maximal ill-formed subpart, as the Unicode standard recommends), so the result is always
// valid UTF-8 without NUL.
std::string PrepareHtmlInput(std::string_view bytes);

// True if `a` equals `b` ignoring ASCII letter case.
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

struct HtmlAttribute {
  std::string_view name;       // as written; compare with EqualsIgnoreAsciiCase
  std::string_view raw_value;  // without quotes, entities not decoded; empty if none
};

struct HtmlToken {
  enum class Kind {
    kStartTag,  // name, attributes
    kEndTag,    // name
    kText,      // text (raw: entities not decoded)
    kDoctype,   // text: what follows "<!" up to '>' ("DOCTYPE NETSCAPE-Bookmark-file-1")
    kEnd,       // end of input
  };
  Kind kind = Kind::kEnd;
  std::string_view name;  // tag name as written; compare with EqualsIgnoreAsciiCase
  std::vector<HtmlAttribute> attributes;
  std::string_view text;
  std::size_t offset = 0;  // where the token starts in the input
};

// Splits prepared input (see PrepareHtmlInput) into tokens. The views in a token point into the
// input, which must outlive the lexer; a token is valid until the next call to Next().
// The content of <script> and <style> is skipped; that of <title> and <textarea> is one text
// token (no tags inside), unless the element is never closed, in which case it is read as
// ordinary markup. Not thread-safe; one lexer per input.
class HtmlLexer {
 public:
  explicit HtmlLexer(std::string_view input);

  HtmlLexer(const HtmlLexer&) = delete;
  HtmlLexer& operator=(const HtmlLexer&) = delete;

  // The next token; kEnd at the end of the input and on every call after it.
  const HtmlToken& Next();

  // The 1-based line number of `offset` (cheap when offsets grow from call to call).
  int LineOf(std::size_t offset);

 private:
  // The first position >= `from` holding `c`, or npos; amortised linear over a forward scan.
  struct CharCache {
    std::size_t from = 0;
    std::size_t found = 0;
    bool valid = false;
  };
  std::size_t Find(char c, CharCache& cache, std::size_t from) const;
  // The first case-insensitive "</name" at or after `from`, or npos (`name` is lower case).
  std::size_t FindClosing(std::string_view name, std::size_t from);

  bool LexTag(std::size_t start);  // false: not a tag, '<' is text
  void LexAttributes(std::size_t pos);
  void SkipMarkupDeclaration(std::size_t start);

  std::string_view input_;
  std::size_t pos_ = 0;
  HtmlToken token_;
  // After <title>/<textarea>/<script>/<style>: where its raw content ends (npos: none pending).
  std::size_t raw_text_end_ = std::string_view::npos;
  bool raw_text_is_skipped_ = false;
  CharCache double_quote_, single_quote_, newline_, greater_;
  // Per raw-text element name: the search position and result of the last "</name" search.
  struct ClosingCache {
    std::string_view name;
    std::size_t from = 0;
    std::size_t found = 0;
  };
  std::vector<ClosingCache> closing_caches_;
  std::size_t line_offset_ = 0;
  int line_ = 1;
};

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_HTML_LEXER_H_
