// The forgiving HTML tokenizer of html_lexer.h.
#include "service/internal/html_lexer.h"

#include <algorithm>

namespace homeboard::service::internal {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         EqualsIgnoreAsciiCase(text.substr(0, prefix.size()), prefix);
}

// The length of the well-formed UTF-8 sequence starting at bytes[pos] (lead >= 0x80), or, when
// it is ill-formed, the negated length of its maximal ill-formed subpart (at least 1). Ranges
// from Table 3-7 of the Unicode standard.
int Utf8SequenceLength(std::string_view bytes, std::size_t pos) {
  auto lead = static_cast<unsigned char>(bytes[pos]);
  int length;
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;
    if (lead == 0xED) second_high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;
    if (lead == 0xF4) second_high = 0x8F;
  } else {
    return -1;
  }
  for (int i = 1; i < length; ++i) {
    if (pos + i >= bytes.size()) return -i;
    auto next = static_cast<unsigned char>(bytes[pos + i]);
    unsigned char low = i == 1 ? second_low : 0x80;
    unsigned char high = i == 1 ? second_high : 0xBF;
    if (next < low || next > high) return -i;
  }
  return length;
}

}  // namespace

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string PrepareHtmlInput(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::string out;
  out.reserve(bytes.size());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    // Copy the run of ordinary ASCII in one go; only CR, NUL and non-ASCII need a look.
    std::size_t run = pos;
    while (run < bytes.size() && bytes[run] != '\r' && bytes[run] != '\0' &&
           static_cast<unsigned char>(bytes[run]) < 0x80) {
      ++run;
    }
    out.append(bytes.substr(pos, run - pos));
    pos = run;
    if (pos == bytes.size()) break;
    char c = bytes[pos];
    if (static_cast<unsigned char>(c) < 0x80) {
      if (c == '\r') {
        out.push_back('\n');
        if (pos + 1 < bytes.size() && bytes[pos + 1] == '\n') ++pos;
      } else if (c == '\0') {
        out.append(kReplacement);
      } else {
        out.push_back(c);
      }
      ++pos;
      continue;
    }
    int length = Utf8SequenceLength(bytes, pos);
    if (length > 0) {
      out.append(bytes.substr(pos, static_cast<std::size_t>(length)));
      pos += static_cast<std::size_t>(length);
    } else {
      out.append(kReplacement);
      pos += static_cast<std::size_t>(-length);
    }
  }
  return out;
}

HtmlLexer::HtmlLexer(std::string_view input) : input_(input) {}

std::size_t HtmlLexer::Find(char c, CharCache& cache, std::size_t from) const {
  if (cache.valid && cache.from <= from && (cache.found == kNpos || cache.found >= from)) {
    return cache.found;
  }
  cache = {from, input_.find(c, from), true};
  return cache.found;
}

std::size_t HtmlLexer::FindClosing(std::string_view name, std::size_t from) {
  auto cache = std::find_if(closing_caches_.begin(), closing_caches_.end(),
                            [&](const ClosingCache& entry) { return entry.name == name; });
  if (cache == closing_caches_.end()) {
    closing_caches_.push_back({name, 0, 0});
    cache = closing_caches_.end() - 1;
  } else if (cache->from <= from && (cache->found == kNpos || cache->found >= from)) {
    return cache->found;
  }
  std::size_t found = kNpos;
  for (std::size_t lt = input_.find("</", from); lt != kNpos; lt = input_.find("</", lt + 1)) {
    std::string_view rest = input_.substr(lt + 2);
    if (!StartsWithIgnoreCase(rest, name)) continue;
    if (rest.size() > name.size()) {
      char after = rest[name.size()];
      if (!IsHtmlSpace(after) && after != '/' && after != '>') continue;
    }
    found = lt;
    break;
  }
  cache->from = from;
  cache->found = found;
  return found;
}

int HtmlLexer::LineOf(std::size_t offset) {
  offset = std::min(offset, input_.size());
  const char* begin = input_.data();
  if (offset >= line_offset_) {
    line_ += static_cast<int>(std::count(begin + line_offset_, begin + offset, '\n'));
  } else {
    line_ -= static_cast<int>(std::count(begin + offset, begin + line_offset_, '\n'));
  }
  line_offset_ = offset;
  return line_;
}

const HtmlToken& HtmlLexer::Next() {
  token_.attributes.clear();
  token_.name = {};
  token_.text = {};
  if (raw_text_end_ != kNpos) {
    std::size_t end = raw_text_end_;
    raw_text_end_ = kNpos;
    if (!raw_text_is_skipped_ && end > pos_) {
      token_.kind = HtmlToken::Kind::kText;
      token_.offset = pos_;
      token_.text = input_.substr(pos_, end - pos_);
      pos_ = end;
      return token_;
    }
    pos_ = end;
  }
  while (pos_ < input_.size()) {
    std::size_t text_from = pos_;
    if (input_[pos_] == '<') {
      std::size_t before = pos_;
      if (LexTag(pos_)) return token_;
      if (pos_ != before) continue;  // a comment or declaration was skipped
      text_from = pos_ + 1;          // a lone '<' is text
    }
    std::size_t end = input_.find('<', text_from);
    if (end == kNpos) end = input_.size();
    token_.kind = HtmlToken::Kind::kText;
    token_.offset = pos_;
    token_.text = input_.substr(pos_, end - pos_);
    pos_ = end;
    return token_;
  }
  token_.kind = HtmlToken::Kind::kEnd;
  token_.offset = input_.size();
  return token_;
}

void HtmlLexer::SkipMarkupDeclaration(std::size_t start) {
  std::size_t gt = Find('>', greater_, start);
  pos_ = gt == kNpos ? input_.size() : gt + 1;
}

bool HtmlLexer::LexTag(std::size_t start) {
  if (start + 1 >= input_.size()) return false;
  char next = input_[start + 1];
  if (IsAsciiAlpha(next)) {
    std::size_t end = start + 1;
    while (end < input_.size() && !IsHtmlSpace(input_[end]) && input_[end] != '/' &&
           input_[end] != '>') {
      ++end;
    }
    token_.kind = HtmlToken::Kind::kStartTag;
    token_.offset = start;
    token_.name = input_.substr(start + 1, end - start - 1);
    LexAttributes(end);
    if (pos_ > input_.size()) {  // the input ended inside the tag: HTML drops it
      pos_ = input_.size();
      token_.attributes.clear();
      return false;
    }
    for (std::string_view raw : {"title", "textarea", "script", "style"}) {
      if (!EqualsIgnoreAsciiCase(token_.name, raw)) continue;
      std::size_t closing = FindClosing(raw, pos_);
      if (closing != kNpos) {
        raw_text_end_ = closing;
        raw_text_is_skipped_ = raw == "script" || raw == "style";
      }
      break;
    }
    return true;
  }
  if (next == '/') {
    if (start + 2 < input_.size() && IsAsciiAlpha(input_[start + 2])) {
      std::size_t end = start + 2;
      while (end < input_.size() && !IsHtmlSpace(input_[end]) && input_[end] != '/' &&
             input_[end] != '>') {
        ++end;
      }
      std::size_t gt = Find('>', greater_, end);
      if (gt == kNpos) {
        pos_ = input_.size();
        return false;
      }
      token_.kind = HtmlToken::Kind::kEndTag;
      token_.offset = start;
      token_.name = input_.substr(start + 2, end - start - 2);
      pos_ = gt + 1;
      return true;
    }
    SkipMarkupDeclaration(start);  // "</>" and "</ junk>" are dropped, as in HTML
    return false;
  }
  if (next == '!') {
    if (input_.substr(start + 2, 2) == "--") {
      std::size_t close = input_.find("-->", start + 2);
      pos_ = close == kNpos ? input_.size() : close + 3;
      return false;
    }
    std::size_t gt = Find('>', greater_, start);
    std::string_view body =
        input_.substr(start + 2, (gt == kNpos ? input_.size() : gt) - start - 2);
    pos_ = gt == kNpos ? input_.size() : gt + 1;
    if (!StartsWithIgnoreCase(body, "doctype")) return false;
    token_.kind = HtmlToken::Kind::kDoctype;
    token_.offset = start;
    token_.text = body;
    return true;
  }
  if (next == '?') {
    SkipMarkupDeclaration(start);
    return false;
  }
  return false;
}

// Reads attributes from `pos` to the tag's '>' and leaves pos_ just past it, or past the end of
// the input (pos_ > size) if the input ends first.
void HtmlLexer::LexAttributes(std::size_t pos) {
  const std::size_t size = input_.size();
  while (true) {
    while (pos < size && (IsHtmlSpace(input_[pos]) || input_[pos] == '/')) ++pos;
    if (pos >= size) {
      pos_ = size + 1;
      return;
    }
    if (input_[pos] == '>') {
      pos_ = pos + 1;
      return;
    }
    std::size_t name_start = pos++;  // the first character may be '=', as in HTML
    while (pos < size && !IsHtmlSpace(input_[pos]) && input_[pos] != '/' && input_[pos] != '>' &&
           input_[pos] != '=') {
      ++pos;
    }
    HtmlAttribute attribute{input_.substr(name_start, pos - name_start), {}};
    std::size_t after_name = pos;
    while (pos < size && IsHtmlSpace(input_[pos])) ++pos;
    if (pos < size && input_[pos] == '=') {
      ++pos;
      while (pos < size && IsHtmlSpace(input_[pos])) ++pos;
      if (pos < size && (input_[pos] == '"' || input_[pos] == '\'')) {
        const char quote = input_[pos];
        const std::size_t value_start = pos + 1;
        std::size_t close = Find(quote, quote == '"' ? double_quote_ : single_quote_, value_start);
        std::size_t newline = Find('\n', newline_, value_start);
        if (close != kNpos && (newline == kNpos || close < newline)) {
          attribute.raw_value = input_.substr(value_start, close - value_start);
          pos = close + 1;
        } else {
          // An unterminated quote: the value ends at the first '>' on the line (which also ends
          // the tag) or at the line break.
          std::size_t limit = newline == kNpos ? size : newline;
          std::size_t gt = Find('>', greater_, value_start);
          std::size_t end = gt != kNpos && gt < limit ? gt : limit;
          attribute.raw_value = input_.substr(value_start, end - value_start);
          pos = end;
        }
      } else {
        std::size_t value_start = pos;
        while (pos < size && !IsHtmlSpace(input_[pos]) && input_[pos] != '>') ++pos;
        attribute.raw_value = input_.substr(value_start, pos - value_start);
      }
    } else {
      pos = after_name;
    }
    token_.attributes.push_back(attribute);
  }
}

}  // namespace homeboard::service::internal
