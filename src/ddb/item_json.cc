#include "ddb/item_json.h"

#include "ddb/internal/value_codec.h"
#include "ddb/internal/value_decoder.h"

namespace homeboard::ddb {

std::string ItemToJson(const Item& item) { return internal::EncodeItemJson(item); }

Result<Item> ItemFromJson(std::string_view json) { return internal::DecodeItemJson(json); }

Status ValidateItem(const Item& item) { return internal::ValidateItemForWrite(item); }

}  // namespace homeboard::ddb
