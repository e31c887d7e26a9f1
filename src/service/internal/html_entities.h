// HTML character references (entities) and their inverse, escaping, for the Netscape bookmark
// format. Decoding follows the WHATWG HTML rules closely enough for bookmark files: numeric
// references in decimal and hex (with the HTML replacements for NUL, surrogates, out-of-range
// values and the Windows-1252 C1 range) and a table of the common named references (the
// Latin-1 set, amp lt gt quot apos and some typographic ones). Anything that is not a known
// reference is kept literally, so "AT&T" and "&bogus;" survive as typed.
// https://html.spec.whatwg.org/multipage/parsing.html#character-reference-state
#ifndef HOMEBOARD_SERVICE_INTERNAL_HTML_ENTITIES_H_
#define HOMEBOARD_SERVICE_INTERNAL_HTML_ENTITIES_H_

#include <optional>
#include <string>
#include <string_view>

namespace homeboard::service::internal {

// Where the text being decoded came from. In attribute values a semicolon-less reference
// followed by '=' is left alone ("?a=1&amp=2" keeps "&amp="), as HTML does, so query strings
// written without escaping survive.
enum class EntityContext { kText, kAttribute };

// The code point of the named reference `name` (without '&' and ';', case-sensitive as in
// HTML: "amp" and "AMP" are known, "Amp" is not), or nullopt if it is not in the table.
std::optional<char32_t> LookupNamedEntity(std::string_view name);

// Appends the UTF-8 encoding of `code_point` to `out`. Surrogates and values above U+10FFFF
// are written as U+FFFD.
void AppendUtf8(char32_t code_point, std::string& out);

// Appends `raw` to `out` with every character reference decoded:
//   &#NNN; &#xHH; (the ';' may be missing, as HTML allows) -> the code point, with &#0;,
//     surrogates and values above U+10FFFF -> U+FFFD and &#128;..&#159; mapped through
//     Windows-1252 (&#150; -> U+2013) as browsers do;
//   &name; for a name in the table -> its character;
//   &amp &lt &gt &quot (and the upper-case forms) without ';' -> the character, except in
//     attributes when the next character is '=';
//   anything else (unknown names, "&" alone, "&#;") -> kept as written.
// If `raw` is valid UTF-8, so is what is appended.
void AppendDecodedEntities(std::string_view raw, EntityContext context, std::string& out);

// AppendDecodedEntities into a new string.
std::string DecodeEntities(std::string_view raw, EntityContext context);

// `bytes` read as Windows-1252 (what HTML does for the labels windows-1252, iso-8859-1 and
// latin1), as UTF-8. The five bytes Windows-1252 leaves undefined map to the C1 code points.
std::string DecodeWindows1252(std::string_view bytes);

// Appends `text` escaped for element content: & < > as &amp; &lt; &gt; and a carriage return
// as &#13; (a raw CR would be read back as a line feed).
void AppendEscapedText(std::string_view text, std::string& out);

// Appends `value` escaped for a double-quoted attribute value: & < > " as named references
// and CR, LF and TAB as numeric ones, so the value always stays on one line.
void AppendEscapedAttribute(std::string_view value, std::string& out);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_HTML_ENTITIES_H_
