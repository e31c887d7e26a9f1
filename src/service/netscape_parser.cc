// The Netscape bookmark parser: a small state machine over the tokens of internal::HtmlLexer.
// Folders nest by <DL>/</DL>; an <A> or <H3> entry is complete when its text ends (its end tag,
// or the next structural tag when the end tag is missing), and only then is it checked and
// either added or reported.
#include "service/netscape_parser.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "model/error.h"
#include "model/text.h"
#include "model/url.h"
#include "service/internal/html_entities.h"
#include "service/internal/html_lexer.h"

namespace homeboard::service {
namespace {

using internal::EntityContext;
using internal::EqualsIgnoreAsciiCase;
using internal::HtmlAttribute;
using internal::HtmlToken;

// Skipped entries quote at most this much of a title or URL.
constexpr std::size_t kReportChars = 300;
// Text collected for one element is dropped past this size (the limit applies to the trimmed
// text, so a little slack keeps a written file's indentation from pushing it over).
constexpr std::size_t kMaxCollectedBytes = 2 * kMaxNetscapeTextBytes;
// Dates above this many seconds (year 5138) are taken to be in a finer unit.
constexpr std::uint64_t kMaxPlausibleSeconds = 100'000'000'000;

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         EqualsIgnoreAsciiCase(text.substr(0, prefix.size()), prefix);
}

bool ContainsIgnoreCase(std::string_view text, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (EqualsIgnoreAsciiCase(text.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

std::string_view TrimAscii(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= 0x20) text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= 0x20) text.remove_suffix(1);
  return text;
}

// A short, readable excerpt of raw (undecoded) attribute text for a report.
std::string ReportExcerpt(std::string_view raw) {
  std::string prefix = model::TruncateCodePoints(raw, kReportChars * 4);
  return model::TruncateCodePoints(internal::DecodeEntities(prefix, EntityContext::kAttribute),
                                   kReportChars);
}

std::string ReportTitle(std::string_view text) {
  return model::TruncateCodePoints(
      model::NormalizeWhitespace(model::TruncateCodePoints(text, kReportChars * 4)), kReportChars);
}

// ADD_DATE / LAST_MODIFIED: a non-negative decimal integer, scaled down to seconds if it is
// plainly in milliseconds, microseconds or nanoseconds.
std::optional<std::int64_t> ParseDate(std::string_view value) {
  value = TrimAscii(value);
  if (value.empty() || value.size() > 19) return std::nullopt;
  std::uint64_t number = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  while (number > kMaxPlausibleSeconds) number /= 1000;
  return static_cast<std::int64_t>(number);
}

// The URL as browsers read an href: leading and trailing C0 controls and spaces dropped, and
// tabs and line breaks anywhere removed (https://url.spec.whatwg.org/#concept-basic-url-parser).
std::string CleanUrl(std::string_view decoded) {
  std::string url;
  url.reserve(decoded.size());
  for (char c : TrimAscii(decoded)) {
    if (c != '\t' && c != '\n' && c != '\r') url.push_back(c);
  }
  return url;
}

// "javascript" for "javascript:void(0)"; empty if `url` does not start with a scheme.
std::string_view SchemeOf(std::string_view url) {
  std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  for (std::size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!(alpha || (i > 0 && other))) return {};
  }
  return url.substr(0, colon);
}

bool IsIconValue(std::string_view value) {
  return StartsWithIgnoreCase(value, "data:") || StartsWithIgnoreCase(value, "http:") ||
         StartsWithIgnoreCase(value, "https:");
}

std::vector<std::string> SplitTags(std::string_view value) {
  std::vector<std::string> tags;
  while (true) {
    std::size_t comma = value.find(',');
    std::string tag = model::TrimWhitespace(value.substr(0, comma));
    if (!tag.empty()) tags.push_back(std::move(tag));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return tags;
}

class Parser {
 public:
  explicit Parser(std::string_view input) : lexer_(input) {
    stack_.push_back({&document_.root, 0, 0});
  }

  // Reads all tokens. Returns whether the input looked like a bookmark file.
  bool Run();
  NetscapeDocument TakeDocument() { return std::move(document_); }

 private:
  // One open <DL> list: the folder it fills, that folder's depth, and how many more <DL> were
  // opened inside it without a folder heading (their </DL> must not close the folder).
  struct Level {
    NetscapeFolder* folder;
    int depth;
    std::size_t anonymous_lists;
  };
  // What the text being collected belongs to.
  enum class Collect { kNone, kBookmarkTitle, kFolderTitle, kDescription, kHeading, kTitle };
  // The entry a following <DD> describes.
  struct LastEntry {
    NetscapeFolder* parent = nullptr;  // null: none
    NetscapeEntry::Kind kind = NetscapeEntry::Kind::kBookmark;
  };

  void OnStartTag(const HtmlToken& token);
  void OnEndTag(const HtmlToken& token);
  void OnText(std::string_view raw);
  void Begin(Collect what, const HtmlToken& token);
  void Finish();
  void FinishBookmark();
  void FinishFolder();
  void FinishDescription();
  void OpenList();
  void CloseList();
  void ForgetEntry() {
    last_entry_ = {};
    has_pending_folder_ = false;
  }
  const HtmlAttribute* Attribute(std::string_view name) const;
  std::string AttributeText(std::string_view name) const;
  // The reason to skip the open entry for an oversized attribute or `title`, or "".
  std::string SizeProblem(std::string_view title) const;
  void Skip(std::string title, std::string url, std::string reason);
  // Removes the entry last_entry_ names (the last child added to its parent).
  void DropLastEntry(std::string_view reason);

  internal::HtmlLexer lexer_;
  NetscapeDocument document_;
  std::vector<Level> stack_;
  Collect collect_ = Collect::kNone;
  std::string text_;            // decoded text of the element being collected
  bool text_too_long_ = false;  // text_ went past kMaxCollectedBytes (and was dropped)
  std::vector<HtmlAttribute> open_attributes_;  // of the <A> or <H3> being collected
  int open_line_ = 0;
  LastEntry last_entry_;
  // Set after a folder heading until its <DL> opens; pending_folder_ null means the heading was
  // skipped and the list's entries go to the current folder.
  bool has_pending_folder_ = false;
  NetscapeFolder* pending_folder_ = nullptr;
  std::string heading_;  // first non-empty <H1>
  std::string title_;    // first non-empty <TITLE>
  bool saw_doctype_ = false;
  bool saw_dt_ = false;
  bool saw_dl_ = false;
  bool saw_entry_ = false;
};

bool Parser::Run() {
  while (true) {
    const HtmlToken& token = lexer_.Next();
    switch (token.kind) {
      case HtmlToken::Kind::kStartTag:
        OnStartTag(token);
        break;
      case HtmlToken::Kind::kEndTag:
        OnEndTag(token);
        break;
      case HtmlToken::Kind::kText:
        OnText(token.text);
        break;
      case HtmlToken::Kind::kDoctype:
        if (ContainsIgnoreCase(token.text, "netscape-bookmark-file")) saw_doctype_ = true;
        break;
      case HtmlToken::Kind::kEnd: {
        Finish();
        document_.title = !heading_.empty() ? heading_ : title_;
        return saw_doctype_ || saw_dt_ || (saw_dl_ && saw_entry_);
      }
    }
  }
}

void Parser::OnStartTag(const HtmlToken& token) {
  auto is = [&](std::string_view name) { return EqualsIgnoreAsciiCase(token.name, name); };
  if (is("a")) {
    Finish();
    ForgetEntry();
    Begin(Collect::kBookmarkTitle, token);
  } else if (is("h3")) {
    Finish();
    ForgetEntry();
    Begin(Collect::kFolderTitle, token);
  } else if (is("dt")) {
    Finish();
    ForgetEntry();
    saw_dt_ = true;
  } else if (is("dd")) {
    Finish();
    Begin(Collect::kDescription, token);
  } else if (is("dl")) {
    Finish();
    OpenList();
  } else if (is("h1")) {
    Finish();
    Begin(Collect::kHeading, token);
  } else if (is("title")) {
    Finish();
    Begin(Collect::kTitle, token);
  } else if (is("hr")) {
    Finish();
    ForgetEntry();
  } else if (is("br")) {
    // A line break inside a description is kept; in a title it is just a space.
    OnText(collect_ == Collect::kDescription ? "\n" : " ");
  }
  // Anything else (<p>, <b>, <META>, ...) is inline: its text stays part of the element.
}

void Parser::OnEndTag(const HtmlToken& token) {
  auto is = [&](std::string_view name) { return EqualsIgnoreAsciiCase(token.name, name); };
  if ((is("a") && collect_ == Collect::kBookmarkTitle) ||
      (is("h3") && collect_ == Collect::kFolderTitle) ||
      (is("dd") && collect_ == Collect::kDescription) ||
      (is("h1") && collect_ == Collect::kHeading) || (is("title") && collect_ == Collect::kTitle) ||
      is("dt") || is("body") || is("html")) {
    Finish();
  } else if (is("dl")) {
    Finish();
    CloseList();
  }
}

void Parser::OnText(std::string_view raw) {
  if (collect_ == Collect::kNone || text_too_long_) return;
  internal::AppendDecodedEntities(raw, EntityContext::kText, text_);
  if (text_.size() > kMaxCollectedBytes) {
    text_too_long_ = true;
    std::string().swap(text_);
  }
}

void Parser::Begin(Collect what, const HtmlToken& token) {
  collect_ = what;
  text_.clear();
  text_too_long_ = false;
  open_attributes_ = token.attributes;
  open_line_ = lexer_.LineOf(token.offset);
  if (what == Collect::kBookmarkTitle || what == Collect::kFolderTitle) saw_entry_ = true;
}

void Parser::Finish() {
  Collect what = collect_;
  collect_ = Collect::kNone;
  switch (what) {
    case Collect::kNone:
      return;
    case Collect::kBookmarkTitle:
      FinishBookmark();
      break;
    case Collect::kFolderTitle:
      FinishFolder();
      break;
    case Collect::kDescription:
      FinishDescription();
      break;
    case Collect::kHeading:
      if (heading_.empty() && !text_too_long_) heading_ = model::NormalizeWhitespace(text_);
      break;
    case Collect::kTitle:
      if (title_.empty() && !text_too_long_) title_ = model::NormalizeWhitespace(text_);
      break;
  }
  text_.clear();
}

const HtmlAttribute* Parser::Attribute(std::string_view name) const {
  for (const HtmlAttribute& attribute : open_attributes_) {
    if (EqualsIgnoreAsciiCase(attribute.name, name)) return &attribute;  // first one wins
  }
  return nullptr;
}

std::string Parser::AttributeText(std::string_view name) const {
  const HtmlAttribute* attribute = Attribute(name);
  if (attribute == nullptr) return {};
  return internal::DecodeEntities(attribute->raw_value, EntityContext::kAttribute);
}

std::string Parser::SizeProblem(std::string_view title) const {
  for (const HtmlAttribute& attribute : open_attributes_) {
    bool is_href = EqualsIgnoreAsciiCase(attribute.name, "href");
    std::size_t limit = is_href ? kMaxNetscapeUrlBytes : kMaxNetscapeAttributeBytes;
    // Limits apply to decoded values (decoding never makes text longer), so that what the
    // writer escapes reads back within them.
    if (attribute.raw_value.size() <= limit) continue;
    std::size_t size =
        internal::DecodeEntities(attribute.raw_value, EntityContext::kAttribute).size();
    if (size > limit) {
      return fmt::format("{} attribute longer than {} KiB ({} bytes)",
                         model::TruncateCodePoints(attribute.name, 40), limit / 1024, size);
    }
  }
  if (text_too_long_ || title.size() > kMaxNetscapeTextBytes) {
    return fmt::format("title longer than {} KiB", kMaxNetscapeTextBytes / 1024);
  }
  return {};
}

void Parser::Skip(std::string title, std::string url, std::string reason) {
  document_.skipped.push_back({open_line_, std::move(title), std::move(url), std::move(reason)});
}

void Parser::FinishBookmark() {
  const HtmlAttribute* href = Attribute("href");
  std::string report_url = href != nullptr ? ReportExcerpt(href->raw_value) : std::string();
  NetscapeBookmark bookmark;
  bookmark.line = open_line_;
  bookmark.title = model::NormalizeWhitespace(text_);
  if (std::string problem = SizeProblem(bookmark.title); !problem.empty()) {
    Skip(ReportTitle(bookmark.title), std::move(report_url), std::move(problem));
    return;
  }
  if (href == nullptr) {
    Skip(std::move(bookmark.title), {}, "no HREF attribute");
    return;
  }
  bookmark.url = CleanUrl(internal::DecodeEntities(href->raw_value, EntityContext::kAttribute));
  if (bookmark.url.empty()) {
    Skip(std::move(bookmark.title), {}, "empty URL");
    return;
  }
  // The scheme is checked first so that a bookmarklet with spaces in it is reported as what it
  // is, not as a malformed URL.
  std::string_view scheme = SchemeOf(bookmark.url);
  std::string reason;
  if (scheme.empty()) {
    reason = "not an absolute http(s) URL";
  } else if (!EqualsIgnoreAsciiCase(scheme, "http") && !EqualsIgnoreAsciiCase(scheme, "https")) {
    reason = fmt::format("not an http(s) link ({}:)", model::TruncateCodePoints(scheme, 40));
  } else if (model::Status valid =
                 model::ValidateHttpUrl(bookmark.url, "url", kMaxNetscapeUrlBytes);
             !valid.ok()) {
    std::string_view message = valid.error().message;
    if (message.substr(0, 5) == "url: ") message.remove_prefix(5);
    reason = fmt::format("malformed URL: {}", message);
  }
  if (!reason.empty()) {
    Skip(std::move(bookmark.title), std::move(report_url), std::move(reason));
    return;
  }
  bookmark.tags = SplitTags(AttributeText("tags"));
  bookmark.add_date = ParseDate(AttributeText("add_date"));
  bookmark.last_modified = ParseDate(AttributeText("last_modified"));
  for (std::string_view name : {"icon", "icon_uri"}) {
    std::string icon(TrimAscii(AttributeText(name)));
    if (IsIconValue(icon)) {
      bookmark.icon = std::move(icon);
      break;
    }
  }
  NetscapeFolder* folder = stack_.back().folder;
  folder->AddBookmark(std::move(bookmark));
  last_entry_ = {folder, NetscapeEntry::Kind::kBookmark};
}

void Parser::FinishFolder() {
  has_pending_folder_ = true;
  pending_folder_ = nullptr;
  const Level& level = stack_.back();
  std::string title = model::NormalizeWhitespace(text_);
  std::string problem = SizeProblem(title);
  if (problem.empty() && level.depth >= kMaxNetscapeFolderDepth) {
    problem = fmt::format("folder nested deeper than {} levels", kMaxNetscapeFolderDepth);
  }
  if (!problem.empty()) {
    Skip(ReportTitle(title), {}, problem + "; its entries were kept in the enclosing folder");
    return;
  }
  NetscapeFolder folder;
  folder.line = open_line_;
  folder.title = std::move(title);
  folder.add_date = ParseDate(AttributeText("add_date"));
  folder.last_modified = ParseDate(AttributeText("last_modified"));
  if (const HtmlAttribute* toolbar = Attribute("personal_toolbar_folder"); toolbar != nullptr) {
    folder.personal_toolbar = !EqualsIgnoreAsciiCase(TrimAscii(toolbar->raw_value), "false");
  }
  pending_folder_ = &level.folder->AddFolder(std::move(folder));
  last_entry_ = {level.folder, NetscapeEntry::Kind::kFolder};
}

void Parser::FinishDescription() {
  if (last_entry_.parent == nullptr) return;  // a <DD> that follows no entry
  if (text_too_long_) {
    DropLastEntry(fmt::format("description longer than {} KiB", kMaxNetscapeTextBytes / 1024));
    return;
  }
  std::string description = model::TrimWhitespace(text_);
  if (description.empty()) return;
  NetscapeFolder& parent = *last_entry_.parent;
  std::string& target = last_entry_.kind == NetscapeEntry::Kind::kBookmark
                            ? parent.bookmarks.back().description
                            : parent.folders.back().description;
  if (!target.empty()) target += '\n';  // a second <DD> continues the first
  target += description;
  if (target.size() > kMaxNetscapeTextBytes) {
    DropLastEntry(fmt::format("description longer than {} KiB", kMaxNetscapeTextBytes / 1024));
  }
}

void Parser::DropLastEntry(std::string_view reason) {
  NetscapeFolder& parent = *last_entry_.parent;
  if (last_entry_.kind == NetscapeEntry::Kind::kBookmark) {
    NetscapeBookmark& bookmark = parent.bookmarks.back();
    document_.skipped.push_back({bookmark.line, ReportTitle(bookmark.title),
                                 model::TruncateCodePoints(bookmark.url, kReportChars),
                                 std::string(reason)});
    parent.bookmarks.pop_back();
  } else {
    NetscapeFolder& folder = parent.folders.back();
    document_.skipped.push_back(
        {folder.line,
         ReportTitle(folder.title),
         {},
         fmt::format("{}; its entries were kept in the enclosing folder", reason)});
    parent.folders.pop_back();
    pending_folder_ = nullptr;  // its <DL> (still to come) fills the enclosing folder
  }
  parent.entries.pop_back();
  last_entry_ = {};
}

void Parser::OpenList() {
  saw_dl_ = true;
  Level& top = stack_.back();
  if (has_pending_folder_ && pending_folder_ != nullptr) {
    stack_.push_back({pending_folder_, top.depth + 1, 0});
  } else {
    ++top.anonymous_lists;
  }
  ForgetEntry();
}

void Parser::CloseList() {
  Level& top = stack_.back();
  if (top.anonymous_lists > 0) {
    --top.anonymous_lists;
  } else if (stack_.size() > 1) {
    stack_.pop_back();
  }
  ForgetEntry();
}

// True if the file declares a single-byte Western charset (old Netscape and Internet Explorer
// exports do: <META ... CONTENT="text/html; charset=ISO-8859-1">) in its first 2 KiB. HTML
// reads all of these labels as Windows-1252:
// https://encoding.spec.whatwg.org/#names-and-labels
bool DeclaresWindows1252(std::string_view html) {
  std::string_view head = html.substr(0, 2048);
  constexpr std::string_view kCharset = "charset=";
  for (std::size_t i = 0; i + kCharset.size() <= head.size(); ++i) {
    if (!EqualsIgnoreAsciiCase(head.substr(i, kCharset.size()), kCharset)) continue;
    std::size_t start = i + kCharset.size();
    while (start < head.size() &&
           (head[start] == '"' || head[start] == '\'' || head[start] == ' ')) {
      ++start;
    }
    std::size_t end = start;
    while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) != 0 ||
                                 head[end] == '-' || head[end] == '_')) {
      ++end;
    }
    std::string_view label = head.substr(start, end - start);
    for (std::string_view western :
         {"windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
          "l1", "us-ascii", "ascii"}) {
      if (EqualsIgnoreAsciiCase(label, western)) return true;
    }
    return false;
  }
  return false;
}

}  // namespace

NetscapeDocument ParseNetscape(std::string_view html) {
  // UTF-16 (an old Internet Explorer export saved as "Unicode") is not read; say so plainly.
  bool utf16 = html.substr(0, 2) == "\xFF\xFE" || html.substr(0, 2) == "\xFE\xFF" ||
               (html.size() >= 2 && html[0] == '<' && html[1] == '\0') ||
               (html.size() >= 2 && html[0] == '\0' && html[1] == '<');
  // A legacy file that says it is Windows-1252 and is not valid UTF-8 is transcoded; a file that
  // is valid UTF-8 is read as UTF-8 whatever it declares (re-saved files keep stale headers).
  std::string input = !utf16 && DeclaresWindows1252(html) && !model::IsValidUtf8(html)
                          ? internal::PrepareHtmlInput(internal::DecodeWindows1252(html))
                          : internal::PrepareHtmlInput(html);
  Parser parser(input);
  bool recognised = parser.Run();
  NetscapeDocument document = parser.TakeDocument();
  if (recognised && !utf16) return document;
  std::string reason;
  if (TrimAscii(input).empty()) {
    reason = "the file is empty";
  } else if (utf16) {
    reason = "not a bookmark file this importer reads: it is UTF-16 encoded (export it as UTF-8)";
  } else {
    reason =
        "not a Netscape bookmark file (no <!DOCTYPE NETSCAPE-Bookmark-file-1> and no <DT> "
        "entries)";
  }
  NetscapeDocument rejected;
  rejected.skipped.push_back({1, {}, {}, std::move(reason)});
  return rejected;
}

}  // namespace homeboard::service
