// The Netscape bookmark writer (netscape_writer.h). It writes what Chrome writes, plus the
// attributes Firefox adds (LAST_MODIFIED, TAGS, ICON_URI) and folder descriptions.
#include "service/netscape_writer.h"

#include <fmt/format.h>

#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>

#include "service/internal/html_entities.h"
#include "service/internal/html_lexer.h"

namespace homeboard::service {
namespace {

using internal::AppendEscapedAttribute;
using internal::AppendEscapedText;

void AppendIndent(int depth, std::string& out) {
  out.append(static_cast<std::size_t>(depth) * 4, ' ');
}

void AppendDate(std::string_view name, const std::optional<std::int64_t>& value, std::string& out) {
  if (!value.has_value()) return;
  fmt::format_to(std::back_inserter(out), " {}=\"{}\"", name, *value);
}

void AppendDescription(std::string_view description, int depth, std::string& out) {
  if (description.empty()) return;
  AppendIndent(depth, out);
  out += "<DD>";
  AppendEscapedText(description, out);
  out += '\n';
}

void AppendBookmark(const NetscapeBookmark& bookmark, int depth, std::string& out) {
  AppendIndent(depth, out);
  out += "<DT><A HREF=\"";
  AppendEscapedAttribute(bookmark.url, out);
  out += '"';
  AppendDate("ADD_DATE", bookmark.add_date, out);
  AppendDate("LAST_MODIFIED", bookmark.last_modified, out);
  if (!bookmark.icon.empty()) {
    const std::string_view icon = bookmark.icon;
    const bool data = internal::EqualsIgnoreAsciiCase(icon.substr(0, 5), "data:");
    out += data ? " ICON=\"" : " ICON_URI=\"";
    AppendEscapedAttribute(bookmark.icon, out);
    out += '"';
  }
  if (!bookmark.tags.empty()) {
    out += " TAGS=\"";
    for (std::size_t i = 0; i < bookmark.tags.size(); ++i) {
      if (i > 0) out += ',';
      AppendEscapedAttribute(bookmark.tags[i], out);
    }
    out += '"';
  }
  out += '>';
  AppendEscapedText(bookmark.title, out);
  out += "</A>\n";
  AppendDescription(bookmark.description, depth, out);
}

void AppendChildren(const NetscapeFolder& folder, int depth, std::string& out);

void AppendFolder(const NetscapeFolder& folder, int depth, std::string& out) {
  AppendIndent(depth, out);
  out += "<DT><H3";
  AppendDate("ADD_DATE", folder.add_date, out);
  AppendDate("LAST_MODIFIED", folder.last_modified, out);
  if (folder.personal_toolbar) out += " PERSONAL_TOOLBAR_FOLDER=\"true\"";
  out += '>';
  AppendEscapedText(folder.title, out);
  out += "</H3>\n";
  AppendDescription(folder.description, depth, out);
  AppendChildren(folder, depth, out);
}

// Writes "<DL><p> children </DL><p>" at `depth`, children one level deeper.
void AppendChildren(const NetscapeFolder& folder, int depth, std::string& out) {
  AppendIndent(depth, out);
  out += "<DL><p>\n";
  std::vector<bool> folder_written(folder.folders.size(), false);
  std::vector<bool> bookmark_written(folder.bookmarks.size(), false);
  for (const NetscapeEntry& entry : folder.entries) {
    if (entry.kind == NetscapeEntry::Kind::kFolder) {
      if (entry.index >= folder.folders.size() || folder_written[entry.index]) continue;
      folder_written[entry.index] = true;
      AppendFolder(folder.folders[entry.index], depth + 1, out);
    } else {
      if (entry.index >= folder.bookmarks.size() || bookmark_written[entry.index]) continue;
      bookmark_written[entry.index] = true;
      AppendBookmark(folder.bookmarks[entry.index], depth + 1, out);
    }
  }
  for (std::size_t i = 0; i < folder.folders.size(); ++i) {
    if (!folder_written[i]) AppendFolder(folder.folders[i], depth + 1, out);
  }
  for (std::size_t i = 0; i < folder.bookmarks.size(); ++i) {
    if (!bookmark_written[i]) AppendBookmark(folder.bookmarks[i], depth + 1, out);
  }
  AppendIndent(depth, out);
  out += "</DL><p>\n";
}

}  // namespace

std::string WriteNetscape(const NetscapeFolder& root, std::string_view title) {
  std::string out =
      "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"
      "<!-- This is an automatically generated file.\n"
      "     It will be read and overwritten.\n"
      "     DO NOT EDIT! -->\n"
      "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">\n";
  out += "<TITLE>";
  AppendEscapedText(title, out);
  out += "</TITLE>\n<H1>";
  AppendEscapedText(title, out);
  out += "</H1>\n";
  AppendChildren(root, 0, out);
  return out;
}

}  // namespace homeboard::service
