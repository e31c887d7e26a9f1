// Tests for WriteNetscape: the exact text written for a small tree, escaping, ICON vs ICON_URI,
// child order, trees whose `entries` are inconsistent, and the round trip
// parse -> write -> parse over every sample file and a generated large one.
#include "service/netscape_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "service/netscape_document.h"
#include "service/netscape_parser.h"

namespace homeboard::service {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPreamble =
    "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"
    "<!-- This is an automatically generated file.\n"
    "     It will be read and overwritten.\n"
    "     DO NOT EDIT! -->\n"
    "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">\n";

NetscapeBookmark Bookmark(std::string title, std::string url) {
  NetscapeBookmark bookmark;
  bookmark.title = std::move(title);
  bookmark.url = std::move(url);
  return bookmark;
}

TEST(NetscapeWriter, WritesTheBrowserLayout) {
  NetscapeFolder root;
  NetscapeFolder bar;
  bar.title = "Bookmarks bar";
  bar.add_date = 1699000000;
  bar.last_modified = 1700000000;
  bar.personal_toolbar = true;
  NetscapeBookmark example = Bookmark("Example", "https://example.com/");
  example.add_date = 1699000100;
  example.last_modified = 1699000101;
  example.icon = "data:image/png;base64,AAAA";
  example.tags = {"news", "to read"};
  example.description = "A description";
  bar.AddBookmark(example);
  NetscapeFolder empty;
  empty.title = "Empty";
  empty.description = "Nothing here yet";
  bar.AddFolder(empty);
  root.AddFolder(bar);
  NetscapeBookmark plain = Bookmark("Plain", "http://plain.example/");
  plain.icon = "https://plain.example/favicon.ico";
  root.AddBookmark(plain);

  EXPECT_EQ(WriteNetscape(root, "My bookmarks"),
            std::string(kPreamble) +
                "<TITLE>My bookmarks</TITLE>\n"
                "<H1>My bookmarks</H1>\n"
                "<DL><p>\n"
                "    <DT><H3 ADD_DATE=\"1699000000\" LAST_MODIFIED=\"1700000000\" "
                "PERSONAL_TOOLBAR_FOLDER=\"true\">Bookmarks bar</H3>\n"
                "    <DL><p>\n"
                "        <DT><A HREF=\"https://example.com/\" ADD_DATE=\"1699000100\" "
                "LAST_MODIFIED=\"1699000101\" ICON=\"data:image/png;base64,AAAA\" "
                "TAGS=\"news,to read\">Example</A>\n"
                "        <DD>A description\n"
                "        <DT><H3>Empty</H3>\n"
                "        <DD>Nothing here yet\n"
                "        <DL><p>\n"
                "        </DL><p>\n"
                "    </DL><p>\n"
                "    <DT><A HREF=\"http://plain.example/\" "
                "ICON_URI=\"https://plain.example/favicon.ico\">Plain</A>\n"
                "</DL><p>\n");
}

TEST(NetscapeWriter, WritesAnEmptyRootWithTheDefaultTitle) {
  EXPECT_EQ(
      WriteNetscape(NetscapeFolder()),
      std::string(kPreamble) + "<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n</DL><p>\n");
}

TEST(NetscapeWriter, EscapesTextAndAttributes) {
  NetscapeFolder root;
  NetscapeFolder folder;
  folder.title = "Tom & Jerry <3 \"quotes\"";
  folder.description = "line 1\nline 2 & <b>\r";
  NetscapeBookmark bookmark =
      Bookmark("a < b > c & \"d\" 'e'", "https://x.example/?a=1&b=\"2\"&c=<3>");
  bookmark.tags = {"a\"b", "c&d", "tab\there", "line\nbreak"};
  bookmark.description = "</DL></A><DT><A HREF=\"javascript:x\">injected</A>";
  folder.AddBookmark(bookmark);
  root.AddFolder(folder);
  std::string html = WriteNetscape(root, "<Mine & yours>");

  EXPECT_NE(html.find("<TITLE>&lt;Mine &amp; yours&gt;</TITLE>"), std::string::npos);
  EXPECT_NE(html.find("<H3>Tom &amp; Jerry &lt;3 \"quotes\"</H3>"), std::string::npos);
  EXPECT_NE(html.find("<DD>line 1\nline 2 &amp; &lt;b&gt;&#13;\n"), std::string::npos);
  EXPECT_NE(html.find("HREF=\"https://x.example/?a=1&amp;b=&quot;2&quot;&amp;c=&lt;3&gt;\""),
            std::string::npos);
  EXPECT_NE(html.find("TAGS=\"a&quot;b,c&amp;d,tab&#9;here,line&#10;break\""), std::string::npos);
  EXPECT_NE(html.find(">a &lt; b &gt; c &amp; \"d\" 'e'</A>"), std::string::npos);

  NetscapeDocument again = ParseNetscape(html);
  EXPECT_TRUE(again.skipped.empty());
  EXPECT_EQ(again.title, "<Mine & yours>");
  ASSERT_EQ(again.root.folders.size(), 1u);
  const NetscapeFolder& folder_again = again.root.folders[0];
  EXPECT_EQ(folder_again.title, folder.title);
  // Trailing whitespace (the CR) is trimmed on reading; the rest comes back.
  EXPECT_EQ(folder_again.description, "line 1\nline 2 & <b>");
  ASSERT_EQ(folder_again.bookmarks.size(), 1u);
  EXPECT_EQ(folder_again.bookmarks[0].title, bookmark.title);
  EXPECT_EQ(folder_again.bookmarks[0].url, bookmark.url);
  EXPECT_EQ(folder_again.bookmarks[0].tags, bookmark.tags);
  EXPECT_EQ(folder_again.bookmarks[0].description, bookmark.description);
}

TEST(NetscapeWriter, WritesIconsAsIconOrIconUri) {
  NetscapeFolder root;
  for (std::string icon : {"data:image/gif;base64,R0lG", "DATA:image/gif;base64,R0lG",
                           "https://x.example/favicon.ico", "http://x.example/f.ico"}) {
    NetscapeBookmark bookmark = Bookmark("X", "https://x.example/");
    bookmark.icon = icon;
    root.AddBookmark(bookmark);
  }
  std::string html = WriteNetscape(root);
  EXPECT_NE(html.find(" ICON=\"data:image/gif;base64,R0lG\""), std::string::npos);
  EXPECT_NE(html.find(" ICON=\"DATA:image/gif;base64,R0lG\""), std::string::npos);
  EXPECT_NE(html.find(" ICON_URI=\"https://x.example/favicon.ico\""), std::string::npos);
  EXPECT_NE(html.find(" ICON_URI=\"http://x.example/f.ico\""), std::string::npos);
  EXPECT_TRUE(SameContent(ParseNetscape(html).root, root));
}

TEST(NetscapeWriter, FollowsEntriesAndWritesUnlistedChildrenLast) {
  NetscapeFolder root;
  root.bookmarks = {Bookmark("B0", "https://b0.example/"), Bookmark("B1", "https://b1.example/"),
                    Bookmark("B2", "https://b2.example/")};
  NetscapeFolder f0;
  f0.title = "F0";
  NetscapeFolder f1;
  f1.title = "F1";
  root.folders = {f0, f1};
  root.entries = {{NetscapeEntry::Kind::kBookmark, 2},
                  {NetscapeEntry::Kind::kFolder, 1},
                  {NetscapeEntry::Kind::kBookmark, 2},  // repeated: ignored
                  {NetscapeEntry::Kind::kBookmark, 7},  // out of range: ignored
                  {NetscapeEntry::Kind::kBookmark, 0}};
  NetscapeDocument document = ParseNetscape(WriteNetscape(root));
  std::vector<std::string> order;
  for (const NetscapeEntry& entry : document.root.entries) {
    order.push_back(entry.kind == NetscapeEntry::Kind::kFolder
                        ? document.root.folders[entry.index].title
                        : document.root.bookmarks[entry.index].title);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"B2", "F1", "B0", "F0", "B1"}));
}

TEST(NetscapeWriter, LeavesOutTheRootsOwnFields) {
  NetscapeFolder root;
  root.title = "root title";
  root.description = "root description";
  root.add_date = 5;
  root.personal_toolbar = true;
  EXPECT_EQ(WriteNetscape(root), WriteNetscape(NetscapeFolder()));
}

TEST(NetscapeDocument, SameContentIgnoresLinesOnly) {
  NetscapeFolder a;
  NetscapeBookmark bookmark = Bookmark("X", "https://x.example/");
  bookmark.line = 10;
  a.AddBookmark(bookmark);
  NetscapeFolder b = a;
  b.bookmarks[0].line = 20;
  b.line = 3;
  EXPECT_TRUE(SameContent(a, b));
  EXPECT_FALSE(a == b);
  b.bookmarks[0].tags = {"t"};
  EXPECT_FALSE(SameContent(a, b));
  NetscapeFolder c = a;
  c.AddFolder(NetscapeFolder());
  EXPECT_FALSE(SameContent(a, c));
  NetscapeFolder d = a;
  d.entries.clear();
  EXPECT_FALSE(SameContent(a, d));
}

TEST(NetscapeDocument, CountsBookmarksFoldersAndDepth) {
  NetscapeFolder root;
  EXPECT_EQ(CountBookmarks(root), 0u);
  EXPECT_EQ(FolderDepth(root), 0);
  root.AddBookmark(Bookmark("a", "https://a.example/"));
  NetscapeFolder level1;
  level1.AddBookmark(Bookmark("b", "https://b.example/"));
  NetscapeFolder level2;
  level2.AddBookmark(Bookmark("c", "https://c.example/"));
  level2.AddBookmark(Bookmark("d", "https://d.example/"));
  level1.AddFolder(level2);
  level1.AddFolder(NetscapeFolder());
  root.AddFolder(level1);
  root.AddFolder(NetscapeFolder());
  EXPECT_EQ(CountBookmarks(root), 4u);
  EXPECT_EQ(CountFolders(root), 4u);
  EXPECT_EQ(FolderDepth(root), 2);
  EXPECT_EQ(FolderDepth(root.folders[1]), 0);
}

void ExpectRoundTrip(const std::string& html) {
  NetscapeDocument document = ParseNetscape(html);
  std::string written = WriteNetscape(document.root, document.title);
  NetscapeDocument again = ParseNetscape(written);
  EXPECT_TRUE(SameContent(again.root, document.root));
  EXPECT_EQ(again.title, document.title);
  EXPECT_TRUE(again.skipped.empty()) << again.skipped[0].reason;
  // Writing is deterministic, so a second round writes the same text.
  EXPECT_EQ(WriteNetscape(again.root, again.title), written);
}

TEST(NetscapeWriter, RoundTripsEverySample) {
  fs::path samples = fs::path(__FILE__).parent_path() / "testdata" / "netscape";
  int count = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(samples)) {
    SCOPED_TRACE(entry.path().filename().string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    NetscapeDocument document = ParseNetscape(buffer.str());
    EXPECT_GT(CountBookmarks(document.root), 0u);
    ExpectRoundTrip(buffer.str());
    ++count;
  }
  EXPECT_GE(count, 8);
}

TEST(NetscapeWriter, RoundTripsValuesAtTheSizeBounds) {
  // Escaping makes these longer than the bounds when written; they must still read back.
  NetscapeFolder root;
  NetscapeBookmark bookmark =
      Bookmark(std::string(kMaxNetscapeTextBytes - 4, '&') + " end",
               "https://x.example/?" + std::string(kMaxNetscapeUrlBytes - 19, '&'));
  bookmark.icon = "data:," + std::string(kMaxNetscapeAttributeBytes - 6, '"');
  bookmark.description = std::string(kMaxNetscapeTextBytes, '<');
  NetscapeFolder folder;
  folder.title = std::string(kMaxNetscapeTextBytes, '>');
  folder.description = std::string(kMaxNetscapeTextBytes, '&');
  folder.AddBookmark(bookmark);
  for (int depth = 1; depth < kMaxNetscapeFolderDepth; ++depth) {
    NetscapeFolder parent;
    parent.AddFolder(std::move(folder));
    folder = std::move(parent);
  }
  root.AddFolder(std::move(folder));
  ASSERT_EQ(FolderDepth(root), kMaxNetscapeFolderDepth);
  NetscapeDocument document = ParseNetscape(WriteNetscape(root));
  EXPECT_TRUE(document.skipped.empty()) << document.skipped[0].reason;
  EXPECT_TRUE(SameContent(document.root, root));
}

TEST(NetscapeWriter, RoundTripsAGeneratedTree) {
  NetscapeFolder root;
  std::vector<NetscapeFolder*> chain = {&root};
  int n = 0;
  for (int depth = 1; depth <= 6; ++depth) {
    NetscapeFolder folder;
    folder.title = "Level " + std::to_string(depth) + " \u00e9 & <x>";
    folder.add_date = depth;
    if (depth % 2 == 0) folder.description = "about level\n" + std::to_string(depth);
    NetscapeFolder& added = chain.back()->AddFolder(folder);
    for (int i = 0; i < 50; ++i, ++n) {
      NetscapeBookmark bookmark = Bookmark("Item " + std::to_string(n) + " \"q\"",
                                           "https://x.example/" + std::to_string(n) + "?a=1&b=2");
      bookmark.add_date = 1600000000 + n;
      if (n % 3 == 0) bookmark.tags = {"t" + std::to_string(n % 7), "shared"};
      if (n % 5 == 0) bookmark.description = "desc " + std::to_string(n);
      if (n % 4 == 0) bookmark.icon = "data:image/png;base64,QUJD";
      added.AddBookmark(bookmark);
    }
    chain.push_back(&added);
  }
  NetscapeDocument document = ParseNetscape(WriteNetscape(root, "Generated"));
  EXPECT_TRUE(document.skipped.empty());
  EXPECT_TRUE(SameContent(document.root, root));
  EXPECT_EQ(CountBookmarks(document.root), 300u);
  EXPECT_EQ(FolderDepth(document.root), 6);
}

}  // namespace
}  // namespace homeboard::service
