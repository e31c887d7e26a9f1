// Helpers of the Netscape bookmark tree (netscape_document.h).
#include "service/netscape_document.h"

#include <algorithm>
#include <utility>

namespace homeboard::service {

NetscapeFolder& NetscapeFolder::AddFolder(NetscapeFolder folder) {
  entries.push_back({NetscapeEntry::Kind::kFolder, folders.size()});
  return folders.emplace_back(std::move(folder));
}

NetscapeBookmark& NetscapeFolder::AddBookmark(NetscapeBookmark bookmark) {
  entries.push_back({NetscapeEntry::Kind::kBookmark, bookmarks.size()});
  return bookmarks.emplace_back(std::move(bookmark));
}

bool SameContent(const NetscapeBookmark& a, const NetscapeBookmark& b) {
  return a.title == b.title && a.url == b.url && a.description == b.description &&
         a.tags == b.tags && a.add_date == b.add_date && a.last_modified == b.last_modified &&
         a.icon == b.icon;
}

bool SameContent(const NetscapeFolder& a, const NetscapeFolder& b) {
  if (a.title != b.title || a.description != b.description || a.add_date != b.add_date ||
      a.last_modified != b.last_modified || a.personal_toolbar != b.personal_toolbar ||
      a.entries != b.entries || a.folders.size() != b.folders.size() ||
      a.bookmarks.size() != b.bookmarks.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.bookmarks.size(); ++i) {
    if (!SameContent(a.bookmarks[i], b.bookmarks[i])) return false;
  }
  for (std::size_t i = 0; i < a.folders.size(); ++i) {
    if (!SameContent(a.folders[i], b.folders[i])) return false;
  }
  return true;
}

std::size_t CountBookmarks(const NetscapeFolder& folder) {
  std::size_t count = folder.bookmarks.size();
  for (const NetscapeFolder& child : folder.folders) count += CountBookmarks(child);
  return count;
}

std::size_t CountFolders(const NetscapeFolder& folder) {
  std::size_t count = folder.folders.size();
  for (const NetscapeFolder& child : folder.folders) count += CountFolders(child);
  return count;
}

int FolderDepth(const NetscapeFolder& folder) {
  int depth = 0;
  for (const NetscapeFolder& child : folder.folders) {
    depth = std::max(depth, 1 + FolderDepth(child));
  }
  return depth;
}

}  // namespace homeboard::service
