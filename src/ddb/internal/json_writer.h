// JsonWriter: a small, fast, append-only JSON writer for request bodies. It tracks where
// commas go so callers only say what to write, escapes strings as RFC 8259 requires, and
// never produces invalid JSON: bytes that are not valid UTF-8 are written as \ufffd (the
// request validators reject such strings first, so this is a last line of defence, not a
// feature callers should rely on).
#ifndef HOMEBOARD_DDB_INTERNAL_JSON_WRITER_H_
#define HOMEBOARD_DDB_INTERNAL_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace homeboard::ddb::internal {

// True if `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences. ASCII runs are
// checked eight bytes at a time.
bool IsValidUtf8(std::string_view text);

// `text` made safe to quote in an error message or log line: at most about `max_bytes`
// bytes (cut at a character boundary, "..." appended when cut), with tabs and line
// breaks turned into spaces and other control characters and bytes that are not valid
// UTF-8 written as \xNN. The result is always valid UTF-8 and fits on one line.
std::string PrintableSnippet(std::string_view text, std::size_t max_bytes);

// Usage:
//   std::string body;
//   JsonWriter w(&body);
//   w.BeginObject();
//   w.Key("TableName"); w.String("Notes");
//   w.Key("Limit"); w.Int(25);
//   w.EndObject();            // body == R"({"TableName":"Notes","Limit":25})"
//
// The writer does not check that calls are balanced or that a Key precedes each member
// value; callers (the request codecs) are trusted to follow the grammar. Output is
// compact (no whitespace). Not thread-safe; one writer per body.
class JsonWriter {
 public:
  // Appends to the writer's own buffer; see str() and Release().
  JsonWriter() : out_(&own_) {}
  // Appends to `*out`, which must outlive the writer. Existing content is kept, so
  // callers may reserve() it or write a prefix first.
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject() { Separate(); out_->push_back('{'); need_comma_ = false; }
  void EndObject() { out_->push_back('}'); need_comma_ = true; }
  void BeginArray() { Separate(); out_->push_back('['); need_comma_ = false; }
  void EndArray() { out_->push_back(']'); need_comma_ = true; }

  // An object member name; the next call writes its value.
  void Key(std::string_view name);
  // A JSON string with `text` escaped.
  void String(std::string_view text);
  // `decimal` copied verbatim as a JSON number. Precondition: it is valid JSON number
  // syntax (the caller produced or checked it).
  void RawNumber(std::string_view decimal);
  void Int(std::int64_t value);
  void Bool(bool value);
  void Null();
  // A complete, already-valid JSON value copied verbatim (e.g. a cached fragment).
  void RawValue(std::string_view json);

  // Makes room for `bytes` more bytes of output, so a writer of a large body that knows
  // about how much it will write grows the buffer once instead of doubling it ~20 times.
  void Reserve(std::size_t bytes) { out_->reserve(out_->size() + bytes); }

  // The output so far (the caller's string when constructed with one).
  const std::string& str() const { return *out_; }
  // Moves the output out of the writer and starts over with an empty buffer.
  std::string Release();

 private:
  void Separate() {
    if (need_comma_) out_->push_back(',');
    need_comma_ = true;
  }
  void AppendEscaped(std::string_view text);

  std::string own_;
  std::string* out_;
  // True when the next value or key must be preceded by a comma.
  bool need_comma_ = false;
};

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_JSON_WRITER_H_
