// Reading the Netscape bookmark file format: the HTML that every browser exports (Chrome,
// Firefox, Safari, Edge) and imports.
//
// The format, as browsers write it (there is no formal spec; see
// https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/platform-apis/aa753582(v=vs.85)):
//
//   <!DOCTYPE NETSCAPE-Bookmark-file-1>
//   <META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
//   <TITLE>Bookmarks</TITLE>
//   <H1>Bookmarks</H1>
//   <DL><p>
//       <DT><H3 ADD_DATE="1700000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
//       <DL><p>
//           <DT><A HREF="https://example.com/" ADD_DATE="1700000000" TAGS="a,b">Example</A>
//           <DD>A description
//       </DL><p>
//   </DL><p>
#ifndef HOMEBOARD_SERVICE_NETSCAPE_PARSER_H_
#define HOMEBOARD_SERVICE_NETSCAPE_PARSER_H_

#include <string_view>

#include "service/netscape_document.h"

namespace homeboard::service {

// Parses a bookmark file. Never fails as a whole and never throws: whatever can be read is
// returned, and every entry left out is listed in `skipped` with its line and the reason, in
// document order. One broken entry never affects its neighbours.
//
// Reading is tolerant, the way browsers read HTML: tags and attributes in any letter case,
// attribute values in double, single or no quotes, unclosed <DT>, <DD>, <p>, <A> and <H3> (an
// entry ends where the next one starts), unbalanced </DL> (ignored at the top level; folders
// left open are closed at the end of the input), HTML comments, and entities in text and
// attribute values (see internal/html_entities.h). <DD> text belongs to the bookmark or folder
// just before it. Separators (<HR>) are dropped. Duplicate URLs are kept (deduplication is the
// import service's rule).
//
// Encoding: a leading UTF-8 byte order mark is dropped, CRLF and CR line ends are read as LF, and
// bytes that are not valid UTF-8 (and NUL) become U+FFFD, so every string returned is valid
// UTF-8. The exception: a file that is not valid UTF-8 and declares a Western single-byte
// charset (charset=windows-1252, ISO-8859-1, latin1, ...) in its first 2 KiB, as very old
// exports do, is read as Windows-1252.
//
// Skipped, each with a reason:
//   - links that are not absolute http(s) URLs with a host (checked with
//     model::ValidateHttpUrl): javascript:, place:, data:, file:, about:, chrome:, relative and
//     empty HREFs, and <A> without HREF;
//   - entries over the size bounds of netscape_document.h (HREF over 64 KiB, another attribute
//     over 1 MiB, title or description over 1 MiB), and folders nested deeper than
//     kMaxNetscapeFolderDepth (for a skipped folder, what it holds is kept in its parent).
// Input that is not a bookmark file at all (no Netscape doctype and no <DT>, e.g. a JSON export,
// an empty file or a UTF-16 file) yields an empty root and one skipped entry saying so.
//
// Memory and time are linear in the size of the input, whatever it holds. Thread-safe (no
// shared state).
NetscapeDocument ParseNetscape(std::string_view html);

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_NETSCAPE_PARSER_H_
