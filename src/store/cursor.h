// Query cursors: the key of the last item a page returned, bound to the table and index it
// came from, encoded URL-safe and signed with HMAC-SHA256 so a client cannot forge or alter
// one (a tampered cursor could otherwise start a page inside another user's partition).
// Both engines use this one format.
#ifndef HOMEBOARD_STORE_CURSOR_H_
#define HOMEBOARD_STORE_CURSOR_H_

#include <string>
#include <string_view>

#include "store/item_store.h"

namespace homeboard::store {

class CursorCodec {
 public:
  // `secret`: at least 16 bytes; cursors verify only under the secret that made them.
  explicit CursorCodec(std::string secret) : secret_(std::move(secret)) {}

  // "<base64url payload>.<base64url tag>".
  std::string Encode(std::string_view table, std::string_view index, const Item& key) const;

  // The key, if `cursor` was made by Encode with this secret for this table and index;
  // else kInvalidArgument ("cursor is malformed / was altered / belongs to another query").
  Result<Item> Decode(std::string_view cursor, std::string_view table,
                      std::string_view index) const;

 private:
  std::string secret_;
};

// The key attributes of `item` for paging `spec` (and `index`, when not empty): the table's
// key plus the index's key, which is what DynamoDB's ExclusiveStartKey needs.
Item PagingKey(const TableSpec& spec, std::string_view index, const Item& item);

}  // namespace homeboard::store

#endif  // HOMEBOARD_STORE_CURSOR_H_
