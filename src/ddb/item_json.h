// Items as DynamoDB JSON text ({"name":{"S":"x"},"n":{"N":"1"}}), for callers that store or
// pass items outside DynamoDB: cursors, exports, logs. The same codec as on the wire.
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

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_ITEM_JSON_H_
