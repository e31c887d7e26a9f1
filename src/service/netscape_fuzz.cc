// libFuzzer entry for the Netscape bookmark parser and writer. Any bytes are parsed; the parser
// must not crash, must return only valid UTF-8 without NUL, keep each folder's `entries`
// consistent, and bound nesting by kMaxNetscapeFolderDepth. Then the round trip must hold:
// parsing what WriteNetscape wrote gives the same tree and title with nothing skipped, and
// writing that again gives the same text. Any violated invariant aborts, which libFuzzer reports.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "model/text.h"
#include "service/netscape_document.h"
#include "service/netscape_parser.h"
#include "service/netscape_writer.h"

namespace {

namespace service = homeboard::service;

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckText(std::string_view text) {
  Check(homeboard::model::IsValidUtf8(text));
  Check(text.find('\0') == std::string_view::npos);
}

void CheckFolder(const service::NetscapeFolder& folder, int depth) {
  Check(depth <= service::kMaxNetscapeFolderDepth);
  CheckText(folder.title);
  CheckText(folder.description);
  std::vector<bool> folders(folder.folders.size(), false);
  std::vector<bool> bookmarks(folder.bookmarks.size(), false);
  for (const service::NetscapeEntry& entry : folder.entries) {
    std::vector<bool>& seen =
        entry.kind == service::NetscapeEntry::Kind::kFolder ? folders : bookmarks;
    Check(entry.index < seen.size() && !seen[entry.index]);
    seen[entry.index] = true;
  }
  Check(folder.entries.size() == folder.folders.size() + folder.bookmarks.size());
  for (const service::NetscapeBookmark& bookmark : folder.bookmarks) {
    CheckText(bookmark.title);
    CheckText(bookmark.url);
    CheckText(bookmark.description);
    CheckText(bookmark.icon);
    Check(!bookmark.url.empty() && bookmark.url.size() <= service::kMaxNetscapeUrlBytes);
    for (const std::string& tag : bookmark.tags) {
      CheckText(tag);
      Check(!tag.empty() && tag.find(',') == std::string::npos);
    }
    Check(!bookmark.add_date || *bookmark.add_date >= 0);
    Check(!bookmark.last_modified || *bookmark.last_modified >= 0);
  }
  for (const service::NetscapeFolder& child : folder.folders) CheckFolder(child, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  service::NetscapeDocument document = service::ParseNetscape(input);
  CheckFolder(document.root, 0);
  CheckText(document.title);
  for (const service::SkippedEntry& skipped : document.skipped) {
    CheckText(skipped.title);
    CheckText(skipped.url);
    Check(!skipped.reason.empty());
    Check(skipped.line >= 1);
  }

  std::string written = service::WriteNetscape(document.root, document.title);
  service::NetscapeDocument again = service::ParseNetscape(written);
  Check(again.skipped.empty());
  Check(again.title == document.title);
  Check(service::SameContent(again.root, document.root));
  Check(service::WriteNetscape(again.root, again.title) == written);
  return 0;
}
