// SearchService: query parsing, in-memory matching, and the paged reading of bookmarks and
// notes described in search_service.h.
#include "service/search_service.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "model/attributes.h"
#include "model/error.h"
#include "model/ids.h"
#include "model/page.h"
#include "model/tables.h"
#include "model/tag.h"
#include "model/tag_association.h"
#include "model/widget.h"
#include "service/internal/loaders.h"
#include "service/internal/shared_ops.h"
#include "service/internal/store_ops.h"

namespace homeboard::service {
namespace {

using ddb::AttributeValue;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char FoldChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Fold(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = FoldChar(c);
  return out;
}

// Lower-cased, whitespace runs collapsed to one space, trimmed.
std::string FoldPhrase(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(FoldChar(c));
  }
  return out;
}

bool HasTag(const std::vector<std::string>& tags, const std::string& tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// True if `term` occurs in `folded` at the start of a word ("rust" in "rustacean", not
// "go" in "cargo"); a term that starts with punctuation may start anywhere (".io").
bool ContainsAtWordStart(const std::string& folded, const std::string& term) {
  const bool anchored = IsWordChar(term.front());
  for (std::size_t at = folded.find(term); at != std::string::npos;
       at = folded.find(term, at + 1)) {
    if (!anchored || at == 0 || !IsWordChar(folded[at - 1])) return true;
  }
  return false;
}

bool MatchesText(const SearchQuery& query, const std::string& folded,
                 const std::vector<std::string>& tags) {
  for (const std::string& tag : query.tags) {
    if (!HasTag(tags, tag)) return false;
  }
  for (const std::string& tag : query.excluded_tags) {
    if (HasTag(tags, tag)) return false;
  }
  for (const std::string& term : query.terms) {
    if (!ContainsAtWordStart(folded, term)) return false;
  }
  for (const std::string& term : query.excluded_terms) {
    if (ContainsAtWordStart(folded, term)) return false;
  }
  return true;
}

// A 64-bit FNV-1a of the parsed query, so a cursor only continues the query it came from.
std::string Fingerprint(const SearchQuery& query) {
  std::uint64_t hash = 1469598103934665603ull;
  auto add = [&hash](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    hash ^= 0xff;  // separator: ["ab","c"] differs from ["a","bc"]
    hash *= 1099511628211ull;
  };
  for (const auto* list :
       {&query.terms, &query.excluded_terms, &query.tags, &query.excluded_tags}) {
    for (const std::string& item : *list) add(item);
    add("|");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 0xf];
  return out;
}

// Where a search stopped: "<phase>|<skip>|<widget_id>|<fingerprint>|<store cursor>".
// phase: 'b' bookmarks, 'n' notes (of widget_id), 't' tagged items. The store cursor is
// the one the page being read was fetched with (empty: the partition's first page), and
// skip the items of that page already looked at.
struct Position {
  char phase = 'b';
  std::size_t skip = 0;
  std::string widget_id;
  std::string store_cursor;
};

std::string EncodePosition(const Position& position, const std::string& fingerprint) {
  return std::string(1, position.phase) + "|" + std::to_string(position.skip) + "|" +
         position.widget_id + "|" + fingerprint + "|" + position.store_cursor;
}

Error BadCursor() {
  return InvalidArgument("cursor", model::rule::kPattern,
                         "cursor: not a cursor this search returned for this query");
}

Result<Position> DecodePosition(std::string_view text, const std::string& fingerprint,
                                bool tagged) {
  std::vector<std::string_view> parts;
  for (int i = 0; i < 4; ++i) {
    std::size_t bar = text.find('|');
    if (bar == std::string_view::npos) return BadCursor();
    parts.push_back(text.substr(0, bar));
    text.remove_prefix(bar + 1);
  }
  Position position;
  position.store_cursor = std::string(text);
  if (parts[0].size() != 1 || parts[3] != fingerprint) return BadCursor();
  position.phase = parts[0][0];
  const bool phase_ok =
      tagged ? position.phase == 't' : (position.phase == 'b' || position.phase == 'n');
  if (!phase_ok) return BadCursor();
  auto [end, ec] =
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), position.skip);
  if (ec != std::errc() || end != parts[1].data() + parts[1].size() || parts[1].empty() ||
      position.skip > 1000) {
    return BadCursor();
  }
  position.widget_id = std::string(parts[2]);
  // Notes positions name their widget (none: the first notes widget); others name none.
  if (position.phase == 'n' ? !position.widget_id.empty() && !model::IsValidId(position.widget_id)
                            : !position.widget_id.empty()) {
    return BadCursor();
  }
  return position;
}

// One page of a search being assembled, and the rules for stopping.
class Collector {
 public:
  Collector(const SearchQuery& query, const std::set<std::string>& live_pages, std::size_t limit,
            std::size_t budget)
      : query_(query), live_pages_(live_pages), limit_(limit), budget_(budget) {}

  // Looks at one item; true when the page is complete (limit or budget reached).
  bool Offer(const model::Bookmark& bookmark) {
    ++page_.examined;
    if (live_pages_.count(bookmark.page_id) != 0 && Matches(query_, bookmark)) {
      page_.hits.push_back(SearchHit{.bookmark = bookmark, .note = std::nullopt});
    }
    return Full();
  }
  bool Offer(const model::Note& note) {
    ++page_.examined;
    if (live_pages_.count(note.page_id) != 0 && Matches(query_, note)) {
      page_.hits.push_back(
          SearchHit{.bookmark = std::nullopt, .note = model::NoteSummary::Of(note)});
    }
    return Full();
  }
  bool Full() const { return page_.hits.size() >= limit_ || page_.examined >= budget_; }

  SearchPage& page() { return page_; }

 private:
  const SearchQuery& query_;
  const std::set<std::string>& live_pages_;
  std::size_t limit_;
  std::size_t budget_;
  SearchPage page_;
};

// What a phase reports: done (read to its end), or stopped at `position`.
struct PhaseResult {
  bool stopped = false;
  Position position;
};

// Reads pages of `request` from `position`, decoding each page's items with `decode`
// (Result<std::vector<T>>(const store::QueryPage&)) and offering them to `sink` (a
// Collector or TaggedCollector: Offer returns true when the page of results is complete).
template <typename Sink, typename Decode>
Result<PhaseResult> ReadPhase(const ServiceContext& context, const store::QueryRequest& request,
                              int store_page, Position position, Sink& sink, Decode decode) {
  while (true) {
    Result<store::QueryPage> page =
        internal::QueryOnePage(context, request, store_page, position.store_cursor);
    if (!page.ok()) return std::move(page).error();
    auto items = decode(*page);
    if (!items.ok()) return std::move(items).error();
    for (std::size_t i = position.skip; i < items->size(); ++i) {
      if (sink.Offer((*items)[i])) {
        if (i + 1 < items->size()) {
          position.skip = i + 1;
          return PhaseResult{true, position};
        }
        if (page->next_cursor.empty()) return PhaseResult{};
        return PhaseResult{true,
                           Position{position.phase, 0, position.widget_id, page->next_cursor}};
      }
    }
    if (page->next_cursor.empty()) return PhaseResult{};
    position.store_cursor = page->next_cursor;
    position.skip = 0;
  }
}

// The bookmarks and notes an association page names, in the page's order.
struct TaggedItem {
  std::optional<model::Bookmark> bookmark;
  std::optional<model::Note> note;
};

Result<std::vector<TaggedItem>> FetchTagged(const ServiceContext& context,
                                            const store::QueryPage& page) {
  const std::string associations_table = context.Table(model::kTagAssociationsTable);
  Result<std::vector<model::TagAssociation>> associations =
      internal::DecodeAll<model::TagAssociation>(associations_table, page.items);
  if (!associations.ok()) return std::move(associations).error();
  std::vector<ddb::Item> bookmark_keys, note_keys;
  for (const model::TagAssociation& a : *associations) {
    if (a.item_type == model::TaggedType::kBookmark) {
      bookmark_keys.push_back(model::Bookmark::KeyOf(a.container_id, a.item_id));
    } else if (a.item_type == model::TaggedType::kNote) {
      note_keys.push_back(model::Note::KeyOf(a.container_id, a.item_id));
    }
  }
  std::map<std::string, model::Bookmark> bookmarks;
  std::map<std::string, model::Note> notes;
  const std::string bookmarks_table = context.Table(model::kBookmarksTable);
  const std::string notes_table = context.Table(model::kNotesTable);
  if (!bookmark_keys.empty()) {
    store::Result<std::vector<ddb::Item>> items =
        context.store->BatchGet(bookmarks_table, bookmark_keys);
    if (!items.ok()) return FromStore(items.error());
    for (const ddb::Item& item : *items) {
      Result<model::Bookmark> bookmark = internal::Decode<model::Bookmark>(bookmarks_table, item);
      if (!bookmark.ok()) return std::move(bookmark).error();
      bookmarks.emplace(bookmark->bookmark_id, std::move(bookmark).value());
    }
  }
  if (!note_keys.empty()) {
    store::Result<std::vector<ddb::Item>> items = context.store->BatchGet(notes_table, note_keys);
    if (!items.ok()) return FromStore(items.error());
    for (const ddb::Item& item : *items) {
      Result<model::Note> note = internal::Decode<model::Note>(notes_table, item);
      if (!note.ok()) return std::move(note).error();
      notes.emplace(note->note_id, std::move(note).value());
    }
  }
  // One entry per association (a missing item becomes an empty entry, still counted), so
  // positions in the page stay those of the associations.
  std::vector<TaggedItem> out(associations->size());
  for (std::size_t i = 0; i < associations->size(); ++i) {
    const model::TagAssociation& a = (*associations)[i];
    if (a.item_type == model::TaggedType::kBookmark) {
      if (auto it = bookmarks.find(a.item_id); it != bookmarks.end()) out[i].bookmark = it->second;
    } else if (a.item_type == model::TaggedType::kNote) {
      if (auto it = notes.find(a.item_id); it != notes.end()) out[i].note = it->second;
    }
  }
  return out;
}

// Adapts TaggedItem to Collector::Offer.
class TaggedCollector {
 public:
  explicit TaggedCollector(Collector& collector) : collector_(collector) {}
  bool Offer(const TaggedItem& item) {
    if (item.bookmark) return collector_.Offer(*item.bookmark);
    if (item.note) return collector_.Offer(*item.note);
    return collector_.Full();
  }

 private:
  Collector& collector_;
};

}  // namespace

Result<SearchQuery> ParseSearchQuery(std::string_view text) {
  if (text.size() > kMaxSearchQueryBytes) {
    return InvalidArgument("q", model::rule::kMaxLength,
                           "q: at most " + std::to_string(kMaxSearchQueryBytes) + " bytes");
  }
  SearchQuery query;
  std::size_t count = 0;
  std::size_t i = 0;
  // Reads a quoted run starting after the opening quote (unterminated: to the end).
  auto quoted = [&text, &i]() {
    std::size_t close = text.find('"', i);
    std::string_view run =
        text.substr(i, close == std::string_view::npos ? text.size() - i : close - i);
    i = close == std::string_view::npos ? text.size() : close + 1;
    return run;
  };
  auto bare = [&text, &i]() {
    std::size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    return text.substr(start, i - start);
  };
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    bool negated = false;
    if (text[i] == '-' && i + 1 < text.size() && !IsSpace(text[i + 1])) {
      negated = true;
      ++i;
    }
    if (text[i] == '#') {
      ++i;
      std::string_view raw;
      if (i < text.size() && text[i] == '"') {
        ++i;
        raw = quoted();
      } else {
        raw = bare();
      }
      model::Result<std::string> tag = model::NormalizeTag(raw, "q");
      if (!tag.ok()) return FromValidation(tag.error());
      (negated ? query.excluded_tags : query.tags).push_back(std::move(tag).value());
    } else {
      std::string term;
      if (text[i] == '"') {
        ++i;
        term = FoldPhrase(quoted());
      } else {
        term = Fold(bare());
      }
      if (term.empty()) continue;
      (negated ? query.excluded_terms : query.terms).push_back(std::move(term));
    }
    if (++count > kMaxSearchTerms) {
      return InvalidArgument("q", model::rule::kMaxCount,
                             "q: at most " + std::to_string(kMaxSearchTerms) + " terms");
    }
  }
  if (query.terms.empty() && query.tags.empty()) {
    return InvalidArgument("q", model::rule::kRequired,
                           "q: at least one word, \"phrase\" or #tag to look for");
  }
  return query;
}

bool Matches(const SearchQuery& query, const model::Bookmark& bookmark) {
  std::string folded = Fold(bookmark.title);
  folded += '\n';
  folded += Fold(bookmark.url);
  folded += '\n';
  folded += Fold(bookmark.description);
  return MatchesText(query, folded, bookmark.tags);
}

bool Matches(const SearchQuery& query, const model::Note& note) {
  std::string folded = Fold(note.title);
  folded += '\n';
  folded += Fold(note.body);
  return MatchesText(query, folded, note.tags);
}

Result<SearchPage> SearchService::Search(const Caller& caller, std::string_view query_text,
                                         int limit, std::string_view cursor) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckLimit(limit); !s.ok()) return std::move(s).error();
  Result<SearchQuery> query = ParseSearchQuery(query_text);
  if (!query.ok()) return std::move(query).error();
  const bool tagged = !query->tags.empty();
  const std::string fingerprint = Fingerprint(*query);
  Position position{.phase = tagged ? 't' : 'b'};
  if (!cursor.empty()) {
    Result<Position> decoded = DecodePosition(cursor, fingerprint, tagged);
    if (!decoded.ok()) return std::move(decoded).error();
    position = std::move(decoded).value();
  }

  Result<std::vector<model::Page>> pages = internal::QueryPages(context_, caller.user_id);
  if (!pages.ok()) return std::move(pages).error();
  std::set<std::string> live_pages;
  for (const model::Page& page : *pages) {
    if (!page.deleting) live_pages.insert(page.page_id);
  }
  Collector collector(*query, live_pages, static_cast<std::size_t>(limit),
                      std::max<std::size_t>(options_.max_examined, 1));
  auto finish = [&](const PhaseResult& result) -> Result<SearchPage> {
    SearchPage& page = collector.page();
    if (result.stopped) page.next_cursor = EncodePosition(result.position, fingerprint);
    return std::move(page);
  };

  if (tagged) {
    store::QueryRequest request;
    request.table = context_.Table(model::kTagAssociationsTable);
    request.index = std::string(model::kTagItemsIndex);
    request.key_condition = ddb::KeyCondition::Partition(
        std::string(model::attr::kUserTag),
        AttributeValue::S(model::UserTag(caller.user_id, query->tags.front())));
    TaggedCollector tagged_collector(collector);
    Result<PhaseResult> result =
        ReadPhase(context_, request, options_.store_page, position, tagged_collector,
                  [this](const store::QueryPage& page) { return FetchTagged(context_, page); });
    if (!result.ok()) return std::move(result).error();
    return finish(*result);
  }

  // Bookmarks, newest first.
  if (position.phase == 'b') {
    store::QueryRequest request;
    request.table = context_.Table(model::kBookmarksTable);
    request.index = std::string(model::kUserBookmarksIndex);
    request.key_condition = ddb::KeyCondition::Partition(std::string(model::attr::kUserId),
                                                         AttributeValue::S(caller.user_id));
    request.forward = false;
    const std::string table = request.table;
    Result<PhaseResult> result =
        ReadPhase(context_, request, options_.store_page, position, collector,
                  [&table](const store::QueryPage& page) {
                    return internal::DecodeAll<model::Bookmark>(table, page.items);
                  });
    if (!result.ok()) return std::move(result).error();
    if (result->stopped) return finish(*result);
    position = Position{.phase = 'n'};
    if (collector.Full()) {
      // The page filled on the last bookmark: the notes start the next page.
      return finish(PhaseResult{true, position});
    }
  }

  // Notes, widget by widget (notes widgets of live pages, by widget id).
  std::vector<std::string> widgets;
  for (const model::Page& page : *pages) {
    if (page.deleting) continue;
    Result<std::vector<model::Widget>> page_widgets =
        internal::QueryWidgets(context_, page.page_id);
    if (!page_widgets.ok()) return std::move(page_widgets).error();
    for (const model::Widget& widget : *page_widgets) {
      if (widget.kind == model::WidgetKind::kNotes) widgets.push_back(widget.widget_id);
    }
  }
  std::sort(widgets.begin(), widgets.end());
  auto it = position.widget_id.empty()
                ? widgets.begin()
                : std::lower_bound(widgets.begin(), widgets.end(), position.widget_id);
  const std::string notes_table = context_.Table(model::kNotesTable);
  for (; it != widgets.end(); ++it) {
    // A widget other than the cursor's (the next ones, or the cursor's widget is gone)
    // is read from its beginning.
    if (*it != position.widget_id) position = Position{.phase = 'n', .widget_id = *it};
    store::QueryRequest request;
    request.table = notes_table;
    request.key_condition =
        ddb::KeyCondition::Partition(std::string(model::attr::kWidgetId), AttributeValue::S(*it));
    Result<PhaseResult> result =
        ReadPhase(context_, request, options_.store_page, position, collector,
                  [&notes_table](const store::QueryPage& page) {
                    return internal::DecodeAll<model::Note>(notes_table, page.items);
                  });
    if (!result.ok()) return std::move(result).error();
    if (result->stopped) return finish(*result);
    if (collector.Full()) {
      if (std::next(it) == widgets.end()) return finish(PhaseResult{});
      return finish(PhaseResult{true, Position{.phase = 'n', .widget_id = *std::next(it)}});
    }
  }
  return finish(PhaseResult{});
}

}  // namespace homeboard::service
