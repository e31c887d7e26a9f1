// How the SQLite engine stores items and keys.
//
// Items are stored as one BLOB in a compact binary form rather than as DynamoDB JSON: binary
// values stay raw (JSON would base64 them, +33%), strings need no escaping, and decoding
// needs no JSON parser. The format (version byte 1):
//
//   item   := 0x01 count:varint (name:bytes value)*      names in ascending order
//   value  := type:u8 payload                            type = AttributeValue::Type
//   payload:  S, N, B: bytes | BOOL: u8 | NULL: - | M: count (name:bytes value)* |
//             L: count value* | SS, NS, BS: count bytes*
//   bytes  := length:varint raw                          varint = LEB128, at most 10 bytes
//
// Keys are stored separately, as sortable byte strings in their own BLOB columns, so that
// SQLite's memcmp ordering of BLOBs is DynamoDB's key order: S by UTF-8 bytes, B by bytes,
// N numerically (see number.h).
//
// Numbers are normalized to DynamoDB's spelling before they are stored (NormalizeNumbers),
// so an item reads back as DynamoDB would return it.
#ifndef HOMEBOARD_STORE_SQLITE_ITEM_FORMAT_H_
#define HOMEBOARD_STORE_SQLITE_ITEM_FORMAT_H_

#include <string>
#include <string_view>

#include "store/item_store.h"

namespace homeboard::store::sqlite {

// The stored form of `item`. Never fails.
std::string EncodeItem(const Item& item);

// The item EncodeItem wrote. Any malformed input (truncated, unknown type or version,
// nesting deeper than DynamoDB allows, trailing bytes) is kCorrupt, never a crash.
Result<Item> DecodeItem(std::string_view bytes);

// The key-column form of a key value (S, N or B; anything else encodes as empty).
std::string EncodeKeyValue(const AttributeValue& value);

// `value` / every value in `item` with each number (N, NS member, nested) replaced by its
// DynamoDB spelling (NormalizeNumber).
AttributeValue NormalizeNumbers(const AttributeValue& value);
void NormalizeNumbers(Item& item);

}  // namespace homeboard::store::sqlite

#endif  // HOMEBOARD_STORE_SQLITE_ITEM_FORMAT_H_
