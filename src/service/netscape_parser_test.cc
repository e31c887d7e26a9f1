// Tests for ParseNetscape: realistic exports of Chrome, Edge, Firefox and Safari, a file with a
// BOM and CRLF line ends, a hand-edited sloppy file, unsupported links, duplicates; then the
// corner cases one by one (not-a-bookmark input, encodings, dates, size bounds, nesting, <DD>
// placement) and a generated 10,000-entry file. Trees are compared through a readable outline.
#include "service/netscape_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "service/netscape_document.h"

namespace homeboard::service {
namespace {

namespace fs = std::filesystem;

std::string ReadSample(const std::string& name) {
  fs::path path = fs::path(__FILE__).parent_path() / "testdata" / "netscape" / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string DateText(const char* name, const std::optional<std::int64_t>& value) {
  return value ? " " + std::string(name) + "=" + std::to_string(*value) : "";
}

// One line per entry, children indented by two spaces, every field that is set:
//   F 9 "Bookmarks bar" add=1 mod=2 toolbar desc="..."
//   B 11 "Example" <https://x/> add=1 tags=[a|b] icon=data:image/png... desc="..."
void Outline(const NetscapeFolder& folder, int depth, std::string& out) {
  for (const NetscapeEntry& entry : folder.entries) {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    if (entry.kind == NetscapeEntry::Kind::kFolder) {
      const NetscapeFolder& child = folder.folders.at(entry.index);
      out += "F " + std::to_string(child.line) + " \"" + child.title + "\"" +
             DateText("add", child.add_date) + DateText("mod", child.last_modified);
      if (child.personal_toolbar) out += " toolbar";
      if (!child.description.empty()) out += " desc=\"" + Escaped(child.description) + "\"";
      out += "\n";
      Outline(child, depth + 1, out);
    } else {
      const NetscapeBookmark& bookmark = folder.bookmarks.at(entry.index);
      out += "B " + std::to_string(bookmark.line) + " \"" + bookmark.title + "\" <" + bookmark.url +
             ">" + DateText("add", bookmark.add_date) + DateText("mod", bookmark.last_modified);
      if (!bookmark.tags.empty()) {
        out += " tags=[";
        for (std::size_t i = 0; i < bookmark.tags.size(); ++i) {
          out += (i > 0 ? "|" : "") + bookmark.tags[i];
        }
        out += "]";
      }
      if (!bookmark.icon.empty()) out += " icon=" + bookmark.icon.substr(0, 20);
      if (!bookmark.description.empty()) out += " desc=\"" + Escaped(bookmark.description) + "\"";
      out += "\n";
    }
  }
}

std::string Outline(const NetscapeFolder& root) {
  std::string out;
  Outline(root, 0, out);
  return out;
}

std::string Skipped(const NetscapeDocument& document) {
  std::string out;
  for (const SkippedEntry& entry : document.skipped) {
    out += std::to_string(entry.line) + " \"" + entry.title + "\" <" + entry.url + "> " +
           entry.reason + "\n";
  }
  return out;
}

// Every folder's entries name each child exactly once.
void ExpectConsistentEntries(const NetscapeFolder& folder) {
  std::vector<int> folders(folder.folders.size(), 0);
  std::vector<int> bookmarks(folder.bookmarks.size(), 0);
  for (const NetscapeEntry& entry : folder.entries) {
    if (entry.kind == NetscapeEntry::Kind::kFolder) {
      ASSERT_LT(entry.index, folders.size());
      ++folders[entry.index];
    } else {
      ASSERT_LT(entry.index, bookmarks.size());
      ++bookmarks[entry.index];
    }
  }
  for (int count : folders) EXPECT_EQ(count, 1);
  for (int count : bookmarks) EXPECT_EQ(count, 1);
  for (const NetscapeFolder& child : folder.folders) ExpectConsistentEntries(child);
}

NetscapeDocument Parse(std::string_view html) {
  NetscapeDocument document = ParseNetscape(html);
  ExpectConsistentEntries(document.root);
  return document;
}

constexpr std::string_view kHeader =
    "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n";

TEST(NetscapeParser, ReadsChromeExport) {
  NetscapeDocument document = Parse(ReadSample("chrome.html"));
  EXPECT_EQ(document.title, "Bookmarks");
  EXPECT_EQ(Outline(document.root),
            "F 9 \"Bookmarks bar\" add=1699000000 mod=1700000500 toolbar\n"
            "  B 11 \"Example Domain\" <https://www.example.com/> add=1699000100 "
            "icon=data:image/png;base6\n"
            "  F 12 \"Dev\" add=1699000200 mod=1699000300\n"
            "    B 14 \"C++20 - cppreference.com\" <https://en.cppreference.com/w/cpp/20> "
            "add=1699000210\n"
            "    B 15 \"GitHub - google/leveldb: LevelDB is a fast key-value storage library "
            "written at Google\" <https://github.com/google/leveldb> add=1699000220\n"
            "    F 16 \"Empty folder\" add=1699000230 mod=1699000240\n"
            "  B 20 \"Hacker News\" <https://news.ycombinator.com/> add=1699000400\n"
            "F 22 \"Other bookmarks\" add=1699000000 mod=1699000600\n"
            "  B 24 \"Rust Programming Language\" <https://www.rust-lang.org/> add=1699000500\n"
            "  B 25 \"Search \"c++\" & more\" <https://example.org/search?q=c%2B%2B&lang=en> "
            "add=1699000510\n");
  EXPECT_EQ(Skipped(document), "");
  EXPECT_EQ(CountBookmarks(document.root), 6u);
  EXPECT_EQ(CountFolders(document.root), 4u);
  EXPECT_EQ(FolderDepth(document.root), 3);
  const NetscapeBookmark& example = document.root.folders[0].bookmarks[0];
  EXPECT_EQ(example.icon.substr(0, 22), "data:image/png;base64,");
  EXPECT_EQ(example.icon.size(), 138u);
  EXPECT_TRUE(document.root.title.empty());
  EXPECT_FALSE(document.root.add_date.has_value());
}

TEST(NetscapeParser, ReadsEdgeExport) {
  NetscapeDocument document = Parse(ReadSample("edge.html"));
  EXPECT_EQ(
      Outline(document.root),
      "F 9 \"Favorites bar\" add=1688000000 mod=1688000900 toolbar\n"
      "  B 11 \"Bing\" <https://www.bing.com/> add=1688000100 icon=data:image/png;base6\n"
      "  B 12 \"C++ documentation | Microsoft Learn\" <https://learn.microsoft.com/en-us/cpp/> "
      "add=1688000200\n"
      "F 14 \"Reisen & Urlaub\" add=1688000300 mod=1688000400\n"
      "  B 16 \"Deutsche Bahn \u2013 Fahrkarten\" <https://www.bahn.de/> add=1688000310\n"
      "  B 17 \"\u4f8b\u3048 \u2013 \u30da\u30fc\u30b8\" "
      "<https://\u4f8b\u3048.jp/\u30d1\u30b9> add=1688000320\n");
  EXPECT_EQ(Skipped(document), "");
}

TEST(NetscapeParser, ReadsFirefoxExport) {
  NetscapeDocument document = Parse(ReadSample("firefox.html"));
  EXPECT_EQ(document.title, "Bookmarks Menu");
  EXPECT_EQ(Outline(document.root),
            "B 12 \"Getting Started\" <https://www.mozilla.org/en-US/firefox/central/> "
            "add=1690000000 mod=1690000001 icon=data:image/png;base6\n"
            "F 15 \"Reading\" add=1690000100 mod=1690000200 desc=\"Things to read later\"\n"
            "  B 18 \"LWN.net\" <https://lwn.net/> add=1690000110 mod=1690000111 "
            "tags=[linux|news|kernel] icon=https://static.lwn.n "
            "desc=\"Linux Weekly News \u2014 kernel & community\"\n"
            "  B 20 \"Project Gutenberg\" <https://www.gutenberg.org/> add=1690000120 "
            "mod=1690000121 tags=[books] desc=\"Free eBooks\\nover two lines\"\n"
            "F 24 \"Bookmarks Toolbar\" add=1690000300 mod=1690000400 toolbar\n"
            "  B 26 \"Wikipedia\" <https://www.wikipedia.org/> add=1690000310 mod=1690000311 "
            "tags=[reference]\n"
            "F 29 \"Other Bookmarks\" add=1690000500 mod=1690000600\n"
            "  B 31 \"MDN Web Docs\" <https://developer.mozilla.org/> add=1690000510 "
            "mod=1690000511\n");
  EXPECT_EQ(
      Skipped(document),
      "13 \"Most Visited\" <place:sort=8&maxResults=10> not an http(s) link (place:)\n"
      "27 \"Recent Tags\" <place:parent=toolbar_____&sort=12> not an http(s) link (place:)\n");
  // ICON (the data URI) wins over ICON_URI; ICON_URI is used when it is the only one.
  EXPECT_EQ(document.root.folders[0].bookmarks[0].icon,
            "https://static.lwn.net/images/favicon.png");
  EXPECT_TRUE(document.root.folders[0].bookmarks[1].icon.empty()) << "fake-favicon-uri: dropped";
}

TEST(NetscapeParser, ReadsSafariExportWithoutOuterListOrDates) {
  NetscapeDocument document = Parse(ReadSample("safari.html"));
  EXPECT_EQ(Outline(document.root),
            "F 6 \"Favorites\"\n"
            "  B 8 \"Apple\" <https://www.apple.com/>\n"
            "  B 9 \"Apple Developer Documentation\" <https://developer.apple.com/documentation/>\n"
            "  F 10 \"News\"\n"
            "    B 12 \"News, sport and opinion from the Guardian's global edition | The "
            "Guardian\" <https://www.theguardian.com/international>\n"
            "F 15 \"Bookmarks Menu\"\n"
            "F 18 \"Reading List\"\n"
            "  B 20 \"Swift.org - Blog\" <https://www.swift.org/blog/> "
            "desc=\"The latest news from the Swift project\"\n"
            "B 23 \"WebKit\" <https://webkit.org/>\n");
  EXPECT_EQ(Skipped(document), "");
}

TEST(NetscapeParser, ReadsBomAndCrlf) {
  std::string html = ReadSample("bom_crlf.html");
  ASSERT_EQ(html.substr(0, 3), "\xEF\xBB\xBF");
  ASSERT_NE(html.find("\r\n"), std::string::npos);
  NetscapeDocument document = Parse(html);
  EXPECT_EQ(document.title, "Lesezeichen");
  EXPECT_EQ(Outline(document.root),
            "F 6 \"K\u00fcche & Caf\u00e9\" add=1600000000 mod=1600000001\n"
            "  B 8 \"Rezepte \u2013 Chefkoch\" <https://www.chefkoch.de/rezepte/> add=1600000010\n"
            "  B 9 \"Caf\u00e9 \u2014 Wikip\u00e9dia\" <https://fr.wikipedia.org/wiki/Caf%C3%A9> "
            "add=1600000020 desc=\"Premi\u00e8re ligne\\ndeuxi\u00e8me ligne\"\n"
            "B 13 \"\u4e66\u7b7e \U0001F600\" <https://zh.wikipedia.org/wiki/\u4e66\u7b7e> "
            "add=1600000030\n");
  EXPECT_EQ(Skipped(document), "");
}

TEST(NetscapeParser, ReadsSloppyHandEditedFile) {
  NetscapeDocument document = Parse(ReadSample("sloppy.html"));
  EXPECT_EQ(document.title, "My links & notes") << "<H1> wins over <TITLE>";
  EXPECT_EQ(Outline(document.root),
            "B 6 \"Unquoted attributes\" <https://example.com/unquoted> add=1500000000\n"
            "B 7 \"Single 'quoted' \u00a9 2020\" <https://example.com/single?x=1&y=2> "
            "add=1500000001 tags=[a|b]\n"
            "B 8 \"Entities \u00e9\u00e9\u00e9 &unknown; AT&T\" "
            "<https://example.com/entity?q=\"x\"&n=1>\n"
            "F 9 \"Unclosed heading\" add=1500000100\n"
            "  B 11 \"Inside\" <https://example.com/in-folder> "
            "desc=\"A description with bold text\\nand a break\"\n"
            "  B 13 \"Missing quote\" <https://example.com/missing-quote>\n"
            "  B 14 \"Padded URL\" <https://example.com/padded>\n"
            "B 18 \"Upper-case scheme\" <HTTPS://EXAMPLE.COM/UPPER>\n"
            "B 19 \"Duplicate attribute\" <https://example.com/dup-attr>\n"
            "F 20 \"Never closed folder\"\n"
            "  B 22 \"Deep\" <https://example.com/deep>\n");
  EXPECT_EQ(Skipped(document), "");
}

TEST(NetscapeParser, SkipsAndReportsEveryUnsupportedLink) {
  NetscapeDocument document = Parse(ReadSample("unsupported_links.html"));
  EXPECT_EQ(Outline(document.root), "B 18 \"The only good one\" <https://good.example.com/>\n");
  ASSERT_EQ(document.skipped.size(), 12u);
  std::string skipped = Skipped(document);
  EXPECT_EQ(skipped.substr(0, skipped.find("13 \"Relative\"")),
            "6 \"Bookmarklet\" <javascript:(function(){alert('bookmarklet')})()> not an http(s) "
            "link (javascript:)\n"
            "7 \"Recent Tags\" <place:type=6&sort=14&maxResults=10> not an http(s) link (place:)\n"
            "8 \"Data page\" <data:text/html,<h1>hi</h1>> not an http(s) link (data:)\n"
            "9 \"Local notes\" <file:///home/me/notes.txt> not an http(s) link (file:)\n"
            "10 \"Settings\" <chrome://settings/> not an http(s) link (chrome:)\n"
            "11 \"about:config\" <about:config> not an http(s) link (about:)\n"
            "12 \"FTP mirror\" <ftp://ftp.example.com/pub/> not an http(s) link (ftp:)\n");
  EXPECT_EQ(document.skipped[7].line, 13);
  EXPECT_EQ(document.skipped[7].reason, "not an absolute http(s) URL");
  EXPECT_EQ(document.skipped[8].line, 14);
  EXPECT_EQ(document.skipped[8].reason, "empty URL");
  EXPECT_EQ(document.skipped[9].line, 15);
  EXPECT_EQ(document.skipped[9].title, "No href");
  EXPECT_EQ(document.skipped[9].reason, "no HREF attribute");
  EXPECT_EQ(document.skipped[10].line, 16);
  EXPECT_EQ(document.skipped[10].url, "https://");
  EXPECT_EQ(document.skipped[10].reason, "malformed URL: must have a host");
  EXPECT_EQ(document.skipped[11].line, 17);
  EXPECT_EQ(document.skipped[11].reason,
            "malformed URL: must not contain whitespace, control characters or backslashes");
}

TEST(NetscapeParser, ReportsBookmarkletsWithSpacesByScheme) {
  NetscapeDocument document = Parse(std::string(kHeader) +
                                    "<DL><DT><A HREF=\"javascript:void(0); alert('a b')\">JS</A>"
                                    "<DT><A HREF=\"localhost:8080/x\">Local</A></DL>");
  EXPECT_EQ(Skipped(document),
            "4 \"JS\" <javascript:void(0); alert('a b')> not an http(s) link (javascript:)\n"
            "4 \"Local\" <localhost:8080/x> not an http(s) link (localhost:)\n");
}

TEST(NetscapeParser, KeepsDuplicateUrls) {
  NetscapeDocument document = Parse(ReadSample("duplicates.html"));
  EXPECT_EQ(Outline(document.root),
            "B 6 \"Example\" <https://example.com/> add=100\n"
            "B 7 \"Example again\" <https://example.com/> add=200\n"
            "F 8 \"Folder\"\n"
            "  B 10 \"Example in a folder\" <https://example.com/> add=300\n"
            "  B 11 \"Example, other case\" <https://EXAMPLE.com/>\n"
            "B 13 \"Example once more\" <https://example.com/> add=400\n");
  EXPECT_EQ(CountBookmarks(document.root), 5u);
}

TEST(NetscapeParser, RejectsInputThatIsNotABookmarkFile) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "the file is empty"},
      {" \n\t\r\n", "the file is empty"},
      {"\xEF\xBB\xBF", "the file is empty"},
      {R"({"roots": {"bookmark_bar": {"children": []}}})",
       "not a Netscape bookmark file (no <!DOCTYPE NETSCAPE-Bookmark-file-1> and no <DT> "
       "entries)"},
      {"<html><body><p>See <a href=\"https://example.com/\">this</a></p></body></html>",
       "not a Netscape bookmark file (no <!DOCTYPE NETSCAPE-Bookmark-file-1> and no <DT> "
       "entries)"},
      {std::string("\xFF\xFE<\0D\0T\0>\0", 10),
       "not a bookmark file this importer reads: it is UTF-16 encoded (export it as UTF-8)"},
  };
  for (const auto& [input, reason] : cases) {
    SCOPED_TRACE(input);
    NetscapeDocument document = Parse(input);
    EXPECT_EQ(CountBookmarks(document.root), 0u);
    EXPECT_TRUE(document.root.entries.empty());
    EXPECT_TRUE(document.title.empty());
    ASSERT_EQ(document.skipped.size(), 1u);
    EXPECT_EQ(document.skipped[0].line, 1);
    EXPECT_EQ(document.skipped[0].reason, reason);
  }
}

TEST(NetscapeParser, AcceptsAnEmptyExportAndFilesWithoutDoctype) {
  NetscapeDocument empty = Parse(std::string(kHeader) + "<DL><p>\n</DL><p>\n");
  EXPECT_TRUE(empty.root.entries.empty());
  EXPECT_TRUE(empty.skipped.empty());
  EXPECT_EQ(empty.title, "Bookmarks");

  NetscapeDocument bare = Parse("<DL><DT><A HREF=\"https://x.example/\">X</A></DL>");
  EXPECT_EQ(Outline(bare.root), "B 1 \"X\" <https://x.example/>\n");
  EXPECT_TRUE(bare.skipped.empty());
}

TEST(NetscapeParser, ReplacesInvalidUtf8AndNul) {
  std::string html = std::string(kHeader) +
                     "<DL><DT><A HREF=\"https://x.example/\">a\xFF"
                     "b\xC3(c\xE2\x82"
                     "d" +
                     std::string(1, '\0') +
                     "e\xED\xA0\x80"
                     "f</A></DL>";
  NetscapeDocument document = Parse(html);
  ASSERT_EQ(document.root.bookmarks.size(), 1u);
  EXPECT_EQ(document.root.bookmarks[0].title, "a\uFFFDb\uFFFD(c\uFFFDd\uFFFDe\uFFFD\uFFFD\uFFFDf");
}

TEST(NetscapeParser, ReadsLegacyWindows1252Export) {
  NetscapeDocument document = Parse(ReadSample("legacy_latin1.html"));
  EXPECT_EQ(document.title, "Bookmarks for Ren\u00e9");
  EXPECT_EQ(Outline(document.root),
            "F 10 \"Caf\u00e9s & Cr\u00eapes\" add=952000000\n"
            "  B 12 \"Les caf\u00e9s de Paris \u201cguide\u201d\" "
            "<http://www.example.fr/caf\u00e9s.html> add=952000100 mod=952000150 "
            "desc=\"Beaucoup de caf\u00e9s \u2013 et de cr\u00eapes.\"\n"
            "B 15 \"Netscape \u2014 Home\" <http://home.netscape.com/> add=900000000\n");
  EXPECT_EQ(Skipped(document), "");
}

TEST(NetscapeParser, ReadsValidUtf8AsUtf8WhateverItDeclares) {
  NetscapeDocument document = Parse(
      "<META CONTENT=\"text/html; charset=windows-1252\"><DL><DT><A "
      "HREF=\"https://x.example/\">Caf\u00e9</A></DL>");
  ASSERT_EQ(document.root.bookmarks.size(), 1u);
  EXPECT_EQ(document.root.bookmarks[0].title, "Caf\u00e9");
  // Without a declaration, stray Latin-1 bytes are not guessed at.
  document = Parse("<DL><DT><A HREF=\"https://x.example/\">Caf\xE9</A></DL>");
  ASSERT_EQ(document.root.bookmarks.size(), 1u);
  EXPECT_EQ(document.root.bookmarks[0].title, "Caf\uFFFD");
}

TEST(NetscapeParser, NormalisesLineEndsAndCountsLines) {
  NetscapeDocument document = Parse(
      "<!DOCTYPE NETSCAPE-Bookmark-file-1>\r<DL>\r\n<DT><A HREF=\"https://a.example/\">A</A>\r"
      "<DD>one\r\ntwo\rthree\n<DT><A HREF=\"javascript:x\">J</A>");
  EXPECT_EQ(Outline(document.root), "B 3 \"A\" <https://a.example/> desc=\"one\\ntwo\\nthree\"\n");
  EXPECT_EQ(Skipped(document), "7 \"J\" <javascript:x> not an http(s) link (javascript:)\n");
}

TEST(NetscapeParser, ReadsDates) {
  const std::pair<std::string, std::optional<std::int64_t>> cases[] = {
      {"1700000000", 1700000000},
      {" 1700000000 ", 1700000000},
      {"0", 0},
      {"100000000000", 100000000000},       // 10^11 is still seconds
      {"1700000000123", 1700000000},        // milliseconds
      {"1700000000123456", 1700000000},     // microseconds (old Firefox)
      {"1700000000123456789", 1700000000},  // nanoseconds
      {"9223372036854775807", 9223372036},
      {"9223372036854775808", std::nullopt},  // above int64
      {"99999999999999999999", std::nullopt},
      {"-5", std::nullopt},
      {"+5", std::nullopt},
      {"1.5", std::nullopt},
      {"", std::nullopt},
      {"yesterday", std::nullopt},
  };
  for (const auto& [value, expected] : cases) {
    SCOPED_TRACE(value);
    NetscapeDocument document =
        Parse(std::string(kHeader) + "<DL><DT><H3 ADD_DATE=\"" + value + "\">F</H3><DL>" +
              "<DT><A HREF=\"https://x.example/\" LAST_MODIFIED=\"" + value + "\">X</A></DL></DL>");
    ASSERT_EQ(document.root.folders.size(), 1u);
    EXPECT_EQ(document.root.folders[0].add_date, expected);
    ASSERT_EQ(document.root.folders[0].bookmarks.size(), 1u);
    EXPECT_EQ(document.root.folders[0].bookmarks[0].last_modified, expected);
  }
}

TEST(NetscapeParser, ReadsTagsIconsAndToolbarFlag) {
  NetscapeDocument document = Parse(
      std::string(kHeader) +
      "<DL>\n"
      "<DT><A HREF=\"https://a.example/\" TAGS=\" rust , ,C++,  \u00a0to read\u00a0,\">A</A>\n"
      "<DT><A HREF=\"https://b.example/\" TAGS=\"\" ICON=\"javascript:x\" "
      "ICON_URI=\"HTTPS://b.example/favicon.ico\">B</A>\n"
      "<DT><A HREF=\"https://c.example/\" ICON=\" DATA:image/gif;base64,R0lG \">C</A>\n"
      "<DT><H3 PERSONAL_TOOLBAR_FOLDER>Bar</H3><DL></DL>\n"
      "<DT><H3 PERSONAL_TOOLBAR_FOLDER=\"FALSE\">Not bar</H3><DL></DL>\n"
      "</DL>");
  ASSERT_EQ(document.root.bookmarks.size(), 3u);
  EXPECT_EQ(document.root.bookmarks[0].tags, (std::vector<std::string>{"rust", "C++", "to read"}));
  EXPECT_TRUE(document.root.bookmarks[1].tags.empty());
  EXPECT_EQ(document.root.bookmarks[1].icon, "HTTPS://b.example/favicon.ico");
  EXPECT_EQ(document.root.bookmarks[2].icon, "DATA:image/gif;base64,R0lG");
  ASSERT_EQ(document.root.folders.size(), 2u);
  EXPECT_TRUE(document.root.folders[0].personal_toolbar);
  EXPECT_FALSE(document.root.folders[1].personal_toolbar);
}

TEST(NetscapeParser, AttachesDescriptionsToTheEntryBefore) {
  NetscapeDocument document =
      Parse(std::string(kHeader) +
            "<DL><p>\n"
            "<DD>before any entry: dropped\n"
            "<DT><H3>Folder</H3>\n"
            "<DD>about the folder\n"
            "<DL><p>\n"
            "  <DD>at the start of a list: dropped\n"
            "  <DT><A HREF=\"https://a.example/\">A</A>\n"
            "  <DD>first\n"
            "  <DD>second</DD> after the end tag: dropped\n"
            "  <DT><A HREF=\"javascript:void(0)\">J</A>\n"
            "  <DD>belongs to the skipped link: dropped\n"
            "  <DT>\n"
            "  <DD>after a bare DT: dropped\n"
            "</DL><p>\n"
            "<DD>after a list: dropped\n"
            "<DT><A HREF=\"https://b.example/\">B</A><HR><DD>after a separator: dropped\n"
            "<DT><A HREF=\"https://c.example/\">C</A><DD>  &nbsp; </DD>\n"
            "</DL><p>\n");
  EXPECT_EQ(Outline(document.root),
            "F 6 \"Folder\" desc=\"about the folder\"\n"
            "  B 10 \"A\" <https://a.example/> desc=\"first\\nsecond\"\n"
            "B 19 \"B\" <https://b.example/>\n"
            "B 20 \"C\" <https://c.example/>\n");
}

TEST(NetscapeParser, ToleratesUnbalancedLists) {
  NetscapeDocument document = Parse(
      std::string(kHeader) +
      "</DL></DL><DL><DT><A HREF=\"https://a.example/\">A</A>\n"
      "<DL><DL><DT><A HREF=\"https://b.example/\">B</A></DL></DL>\n"  // lists without headings
      "<DT><H3>F</H3><DL><DT><H3>G</H3><DL><DT><A HREF=\"https://c.example/\">C</A>\n"
      "</DL></DL></DL></DL></DL>\n"
      "<DT><A HREF=\"https://d.example/\">D</A>\n"
      "<DT><H3>Open</H3><DL><DT><H3>Still open</H3><DL><DT><A HREF=\"https://e.example/\">E</A>");
  EXPECT_EQ(Outline(document.root),
            "B 4 \"A\" <https://a.example/>\n"
            "B 5 \"B\" <https://b.example/>\n"
            "F 6 \"F\"\n"
            "  F 6 \"G\"\n"
            "    B 6 \"C\" <https://c.example/>\n"
            "B 8 \"D\" <https://d.example/>\n"
            "F 9 \"Open\"\n"
            "  F 9 \"Still open\"\n"
            "    B 9 \"E\" <https://e.example/>\n");
}

TEST(NetscapeParser, EndsUnclosedEntriesAtTheNextStructuralTag) {
  NetscapeDocument document =
      Parse(std::string(kHeader) +
            "<DL><DT><A HREF=\"https://a.example/\">A <i>italic</i>\n"
            "<DT><H3>Heading <b>bold</b><DL><DT><A HREF=\"https://b.example/\">B\n"
            "<A HREF=\"https://c.example/\">C without DT</A> text after the link\n"
            "<DT><A HREF=\"https://d.example/\">D<br>line</A></DL>");
  EXPECT_EQ(Outline(document.root),
            "B 4 \"A italic\" <https://a.example/>\n"
            "F 5 \"Heading bold\"\n"
            "  B 5 \"B\" <https://b.example/>\n"
            "  B 6 \"C without DT\" <https://c.example/>\n"
            "  B 7 \"D line\" <https://d.example/>\n");
}

TEST(NetscapeParser, IgnoresCommentsScriptsAndStyles) {
  NetscapeDocument document =
      Parse(std::string(kHeader) +
            "<DL><!-- <DT><A HREF=\"https://commented.example/\">no</A> -->\n"
            "<script>document.write('<DT><A HREF=\"https://script.example/\">no</A>')</script>\n"
            "<style>a { color: red }</style><?xml version=\"1.0\"?><!-->\n"
            "<DT><A HREF=\"https://a.example/\">A</A>\n"
            "<!-- an unterminated comment hides the rest <DT><A HREF=\"https://b.example/\">B</A>");
  EXPECT_EQ(Outline(document.root), "B 7 \"A\" <https://a.example/>\n");
}

TEST(NetscapeParser, ReadsAnUnclosedTitleAsMarkup) {
  NetscapeDocument document = Parse(
      "<!DOCTYPE NETSCAPE-Bookmark-file-1><TITLE>Mine\n<DL><DT><A "
      "HREF=\"https://a.example/\">A</A>");
  EXPECT_EQ(document.title, "Mine");
  EXPECT_EQ(Outline(document.root), "B 2 \"A\" <https://a.example/>\n");
}

TEST(NetscapeParser, SkipsOversizedEntries) {
  const std::string long_url = "https://x.example/" + std::string(kMaxNetscapeUrlBytes, 'a');
  const std::string big = std::string(kMaxNetscapeAttributeBytes + 1, 'b');
  const std::string long_text = std::string(kMaxNetscapeTextBytes / 2 + 1, 'c');
  NetscapeDocument document = Parse(
      std::string(kHeader) + "<DL>\n" + "<DT><A HREF=\"" + long_url + "\">Long URL</A>\n" +  // 5
      "<DT><A HREF=\"https://a.example/\" ICON=\"data:" + big + "\">Big icon</A>\n" +        // 6
      "<DT><A HREF=\"https://a.example/\">" + long_text + "&amp;" + long_text + "</A>\n" +   // 7
      "<DT><A HREF=\"https://a.example/\">Long description</A><DD>" + long_text + "<b>x</b>" +
      long_text + "\n" +  // 8
      "<DT><A HREF=\"https://a.example/\">Description over two DDs</A><DD>" + long_text + "<DD>" +
      long_text + "\n" +                                                                // 9
      "<DT><H3 ADD_DATE=\"" + big + "\">Big folder attribute</H3><DL>\n" +              // 10
      "  <DT><A HREF=\"https://kept.example/\">Kept</A></DL>\n" +                       // 11
      "<DT><H3>Folder with long description</H3><DD>" + long_text + long_text + "\n" +  // 12
      "<DL><DT><A HREF=\"https://kept2.example/\">Kept 2</A></DL>\n" +                  // 13
      "<DT><A HREF=\"https://ok.example/\">OK</A>\n" +                                  // 14
      "</DL>");
  EXPECT_EQ(Outline(document.root),
            "B 11 \"Kept\" <https://kept.example/>\n"
            "B 13 \"Kept 2\" <https://kept2.example/>\n"
            "B 14 \"OK\" <https://ok.example/>\n");
  ASSERT_EQ(document.skipped.size(), 7u);
  EXPECT_EQ(document.skipped[0].line, 5);
  EXPECT_EQ(document.skipped[0].title, "Long URL");
  EXPECT_EQ(document.skipped[0].url, long_url.substr(0, 300));
  EXPECT_EQ(document.skipped[0].reason, "HREF attribute longer than 64 KiB (65554 bytes)");
  EXPECT_EQ(document.skipped[1].line, 6);
  EXPECT_EQ(document.skipped[1].reason, "ICON attribute longer than 1024 KiB (1048582 bytes)");
  EXPECT_EQ(document.skipped[2].line, 7);
  EXPECT_EQ(document.skipped[2].title, std::string(300, 'c'));
  EXPECT_EQ(document.skipped[2].url, "https://a.example/");
  EXPECT_EQ(document.skipped[2].reason, "title longer than 1024 KiB");
  EXPECT_EQ(document.skipped[3].line, 8);
  EXPECT_EQ(document.skipped[3].title, "Long description");
  EXPECT_EQ(document.skipped[3].reason, "description longer than 1024 KiB");
  EXPECT_EQ(document.skipped[4].line, 9);
  EXPECT_EQ(document.skipped[4].reason, "description longer than 1024 KiB");
  EXPECT_EQ(document.skipped[5].line, 10);
  EXPECT_EQ(document.skipped[5].title, "Big folder attribute");
  EXPECT_EQ(document.skipped[5].reason,
            "ADD_DATE attribute longer than 1024 KiB (1048577 bytes); its entries were kept in "
            "the enclosing folder");
  EXPECT_EQ(document.skipped[6].line, 12);
  EXPECT_EQ(document.skipped[6].reason,
            "description longer than 1024 KiB; its entries were kept in the enclosing folder");
}

TEST(NetscapeParser, AppliesSizeBoundsToDecodedValues) {
  // 70,000 raw bytes that decode to 14,000: within the URL bound.
  std::string escaped_url = "https://x.example/?";
  std::string url = escaped_url;
  for (int i = 0; i < 14000 - 19; ++i) {
    escaped_url += "&amp;";
    url += "&";
  }
  NetscapeDocument document =
      Parse(std::string(kHeader) + "<DL><DT><A HREF=\"" + escaped_url + "\">A</A></DL>");
  ASSERT_EQ(document.root.bookmarks.size(), 1u) << Skipped(document);
  EXPECT_EQ(document.root.bookmarks[0].url, url);
  // A title made long by whitespace only is collapsed before it is measured.
  document = Parse(std::string(kHeader) + "<DL><DT><A HREF=\"https://x.example/\">a" +
                   std::string(kMaxNetscapeTextBytes + 10, ' ') + "b</A></DL>");
  ASSERT_EQ(document.root.bookmarks.size(), 1u) << Skipped(document);
  EXPECT_EQ(document.root.bookmarks[0].title, "a b");
}

TEST(NetscapeParser, FlattensFoldersBeyondTheDepthLimit) {
  std::string html(kHeader);
  html += "<DL>\n";
  const int levels = kMaxNetscapeFolderDepth + 3;
  for (int i = 1; i <= levels; ++i) {
    html += "<DT><H3>L" + std::to_string(i) + "</H3><DL><DT><A HREF=\"https://x.example/" +
            std::to_string(i) + "\">at " + std::to_string(i) + "</A>\n";
  }
  NetscapeDocument document = Parse(html);
  EXPECT_EQ(FolderDepth(document.root), kMaxNetscapeFolderDepth);
  EXPECT_EQ(CountBookmarks(document.root), static_cast<std::size_t>(levels));
  ASSERT_EQ(document.skipped.size(), 3u);
  EXPECT_EQ(document.skipped[0].title, "L" + std::to_string(kMaxNetscapeFolderDepth + 1));
  EXPECT_EQ(document.skipped[0].reason,
            "folder nested deeper than 64 levels; its entries were kept in the enclosing folder");
  const NetscapeFolder* deepest = &document.root;
  while (!deepest->folders.empty()) deepest = &deepest->folders[0];
  EXPECT_EQ(deepest->title, "L" + std::to_string(kMaxNetscapeFolderDepth));
  ASSERT_EQ(deepest->bookmarks.size(), 4u);
  EXPECT_EQ(deepest->bookmarks[3].title, "at " + std::to_string(levels));
}

TEST(NetscapeParser, HostileInputStaysLinear) {
  // Each of these would take quadratic time if a failed search were repeated for every tag.
  const std::string patterns[] = {"<a x='>", "<a x=\">", "<title>", "<A HREF=\"", "<!--", "<DL>"};
  for (const std::string& pattern : patterns) {
    SCOPED_TRACE(pattern);
    std::string html = "<!DOCTYPE NETSCAPE-Bookmark-file-1>";
    for (int i = 0; i < 200000; ++i) html += pattern;
    NetscapeDocument document = Parse(html);
    EXPECT_EQ(CountBookmarks(document.root), 0u);
  }
}

// A 10,000-bookmark file, 5 folders deep, in Chrome's layout.
std::string GenerateLargeFile(int* bookmark_count, int* folder_count) {
  std::string html(kHeader);
  html += "<DL><p>\n";
  int bookmarks = 0;
  int folders = 0;
  // 10 top folders, each with a chain of 4 more levels; 200 bookmarks on each of the 5 levels
  // of every chain: 10 * 5 * 200 = 10,000.
  for (int top = 0; top < 10; ++top) {
    for (int level = 1; level <= 5; ++level) {
      std::string indent(static_cast<std::size_t>(level) * 4, ' ');
      html += indent + "<DT><H3 ADD_DATE=\"1600000000\" LAST_MODIFIED=\"1600000001\">Folder " +
              std::to_string(top) + "." + std::to_string(level) + "</H3>\n" + indent + "<DL><p>\n";
      ++folders;
      for (int i = 0; i < 200; ++i) {
        html += indent + "    <DT><A HREF=\"https://site" + std::to_string(bookmarks % 997) +
                ".example.com/path/" + std::to_string(bookmarks) +
                "?ref=bookmarks&amp;utm_source=export\" ADD_DATE=\"" +
                std::to_string(1600000000 + bookmarks) +
                "\" ICON=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9h"
                "AAAAHElEQVQ4jWNgGAWjYBSMglEwCkbBKBgFo2AUAAAH6AABX8ifpAAAAABJRU5ErkJggg==\">"
                "Bookmark number " +
                std::to_string(bookmarks) +
                " &ndash; a typical page title "
                "that is some forty characters long</A>\n";
        ++bookmarks;
      }
    }
    for (int level = 5; level >= 1; --level) {
      html += std::string(static_cast<std::size_t>(level) * 4, ' ') + "</DL><p>\n";
    }
  }
  html += "</DL><p>\n";
  *bookmark_count = bookmarks;
  *folder_count = folders;
  return html;
}

TEST(NetscapeParser, ReadsTenThousandBookmarksFiveDeep) {
  int bookmarks = 0;
  int folders = 0;
  std::string html = GenerateLargeFile(&bookmarks, &folders);
  ASSERT_EQ(bookmarks, 10000);
  EXPECT_GT(html.size(), 2'500'000u);
  NetscapeDocument document = Parse(html);
  EXPECT_TRUE(document.skipped.empty());
  EXPECT_EQ(CountBookmarks(document.root), 10000u);
  EXPECT_EQ(CountFolders(document.root), static_cast<std::size_t>(folders));
  EXPECT_EQ(FolderDepth(document.root), 5);
  const NetscapeFolder& deepest =
      document.root.folders[9].folders[0].folders[0].folders[0].folders[0];
  EXPECT_EQ(deepest.title, "Folder 9.5");
  ASSERT_EQ(deepest.bookmarks.size(), 200u);
  EXPECT_EQ(deepest.bookmarks[199].title,
            "Bookmark number 9999 \u2013 a typical page title that is some forty characters long");
  EXPECT_EQ(deepest.bookmarks[199].url,
            "https://site" + std::to_string(9999 % 997) +
                ".example.com/path/9999?ref=bookmarks&utm_source=export");
  EXPECT_EQ(deepest.bookmarks[199].add_date, 1600009999);
}

}  // namespace
}  // namespace homeboard::service
