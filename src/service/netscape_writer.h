// Writing the Netscape bookmark file format (see netscape_parser.h), as `homeboard export
// --format html` does, in the shape every browser imports.
#ifndef HOMEBOARD_SERVICE_NETSCAPE_WRITER_H_
#define HOMEBOARD_SERVICE_NETSCAPE_WRITER_H_

#include <string>
#include <string_view>

#include "service/netscape_document.h"

namespace homeboard::service {

// Renders `root` as a complete bookmark file: the NETSCAPE-Bookmark-file-1 doctype, a UTF-8
// <META>, `title` as <TITLE> and <H1>, then one <DL><p> list per folder, indented by four spaces
// per level:
//   <DT><H3 ADD_DATE="1" LAST_MODIFIED="2" PERSONAL_TOOLBAR_FOLDER="true">Folder</H3>
//   <DD>folder description
//   <DL><p>
//       <DT><A HREF="https://x/" ADD_DATE="1" LAST_MODIFIED="2" ICON="data:..." TAGS="a,b">X</A>
//       <DD>bookmark description
//   </DL><p>
// Absent dates, empty descriptions, empty tag lists and a false toolbar flag are left out. An
// icon starting with "data:" is written as ICON, any other as ICON_URI. Text and attribute
// values are escaped (& < > ", and line breaks inside attributes), so any string is written
// safely. The root's own title, dates, description and flag are not written.
//
// Children are written in the order of each folder's `entries`; entries that name no child or
// repeat one are ignored, and children no entry names follow, folders first.
//
// Round trip: for every document parsed by ParseNetscape,
// SameContent(ParseNetscape(WriteNetscape(doc.root, doc.title)).root, doc.root) holds, the
// reparsed title equals doc.title and nothing is skipped. (Values the parser never produces,
// such as untrimmed titles or tags containing commas, are written but do not read back
// identically.) Thread-safe; recursion depth is the folder depth of `root`.
std::string WriteNetscape(const NetscapeFolder& root, std::string_view title = "Bookmarks");

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_NETSCAPE_WRITER_H_
