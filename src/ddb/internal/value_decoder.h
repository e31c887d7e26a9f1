// Decoding DynamoDB JSON attribute values and items from responses, with simdjson's
// on-demand API. This header includes <simdjson.h>; only codec .cc files include it, so
// simdjson stays out of every public header.
//
// Responses are untrusted input: every function here returns errc::kInvalidResponse with
// a message naming the attribute path for anything that is not well-formed DynamoDB JSON
// (wrong JSON types, unknown or several type tags, empty value objects, invalid base64,
// invalid numbers, NULL other than true, duplicate attribute names, nesting deeper than
// kMaxReadNestingDepth, malformed or truncated JSON, trailing content). None of them
// crashes, recurses without bound or reads outside the input.
//
// Being lenient where it costs nothing and loses nothing, decoding accepts empty sets and
// sets with duplicate members (DynamoDB never sends them; the request validators still
// reject them on the way out).
//
// Padding: simdjson reads up to SIMDJSON_PADDING (64) bytes past the end of the JSON text,
// so the buffer handed to parser.iterate() must have that much allocated spare room.
// Callers that own a response body as a std::string use PadForParsing(); callers with any
// other buffer copy it into a simdjson::padded_string. parser.iterate() itself refuses
// (INSUFFICIENT_PADDING) a view whose capacity is too small, so a mistake fails loudly
// instead of reading out of bounds.
//
// Typical response codec:
//   std::string& body = response.body;
//   simdjson::ondemand::parser& parser = ThreadLocalParser();
//   simdjson::ondemand::document doc;
//   if (auto error = parser.iterate(PadForParsing(body)).get(doc)) return JsonError(error);
//   simdjson::ondemand::object root;
//   if (auto error = doc.get_object().get(root)) return JsonError(error);
//   for (auto field : root) { ... "Items" -> ReadItems(field.value()) ... }
//
// Strings returned by simdjson (keys, get_string()) point into the parser and are valid
// until the parser's next iterate(); everything these functions return is owned.
//
// Thread safety: the functions keep no shared state; a parser, and the documents and
// values it yields, belong to one thread at a time.
#ifndef HOMEBOARD_DDB_INTERNAL_VALUE_DECODER_H_
#define HOMEBOARD_DDB_INTERNAL_VALUE_DECODER_H_

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "ddb/attribute_value.h"
#include "ddb/error.h"

namespace homeboard::ddb::internal {

// Values nested inside more than this many maps/lists are rejected. DynamoDB stores at
// most 32 levels; the margin keeps any response DynamoDB can produce readable while
// bounding recursion on hostile input.
inline constexpr int kMaxReadNestingDepth = 64;

// Reads one attribute value object such as {"S":"x"} or {"M":{...}}. `depth` is the
// number of maps/lists enclosing `value` (0 for a top-level attribute).
[[nodiscard]] Result<AttributeValue> ReadValue(simdjson::ondemand::value value,
                                               int depth = 0);

// Reads an item: `value` must be a JSON object of attribute name -> attribute value.
[[nodiscard]] Result<Item> ReadItem(simdjson::ondemand::value value);

// Reads a JSON array of items (a Query/Scan "Items" array).
[[nodiscard]] Result<std::vector<Item>> ReadItems(simdjson::ondemand::value array);

// Parses a whole JSON document that is an item, e.g. {"a":{"S":"x"}}. Copies `json` into
// a padded buffer (so any string_view is fine) and uses a parser of its own, so it never
// disturbs ThreadLocalParser(). Rejects trailing content after the object. Meant for
// tests, the fuzzer and cold paths.
[[nodiscard]] Result<Item> DecodeItemJson(std::string_view json);
// The same for a document that is one attribute value, e.g. {"L":[{"N":"1"}]}.
[[nodiscard]] Result<AttributeValue> DecodeValueJson(std::string_view json);

// Makes `body`'s allocation at least SIMDJSON_PADDING bytes longer than its contents
// (the spare bytes are initialised) and returns a view of it for parser.iterate().
// `body`'s contents are unchanged; the view is valid until `body` is next modified.
simdjson::padded_string_view PadForParsing(std::string& body);

// A parser per thread, reused across responses so its buffers are allocated once.
// Iterating a new document invalidates every document, value and string_view obtained
// from the previous one on this thread, so finish decoding a response before the
// same thread parses another. Not for use across threads.
simdjson::ondemand::parser& ThreadLocalParser();

// errc::kInvalidResponse "malformed JSON in response: <simdjson's description>", with
// `context` (e.g. "Items") appended when not empty.
Error JsonError(simdjson::error_code error, std::string_view context = {});

// errc::kInvalidResponse with `message`.
Error InvalidResponse(std::string message);

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_VALUE_DECODER_H_
