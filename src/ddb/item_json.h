// Items as DynamoDB JSON text ({"name":{"S":"x"},"n":{"N":"1"}}), for callers that store or
// pass items outside DynamoDB: cursors, exports, logs. The same codec as on the wire. Also
// the value rules DynamoDB applies to every written item, for stores that must agree with it.
#ifndef HOMEBOARD_DDB_ITEM_JSON_H_
#define HOMEBOARD_DDB_ITEM_JSON_H_

#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "ddb/error.h"

namespace homeboard::ddb {

// Compact JSON, attributes in name order (so equal items give equal text).
std::string ItemToJson(const Item& item);

// Parses what ItemToJson wrote (or any DynamoDB JSON item). Hostile input is
// errc::kInvalidResponse, never a crash.
Result<Item> ItemFromJson(std::string_view json);

// The checks DynamoDB applies to an item's values before writing it: sets not empty and
// without duplicates, numbers valid (38 digits, range), strings and names valid UTF-8 and
// not empty names, nesting at most 32 levels. errc::kInvalidArgument names the attribute.
Status ValidateItem(const Item& item);

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_ITEM_JSON_H_
