// User and NameClaim: the two kinds of item in the Users table (docs/data-model.md, "Users").
//
// A user's item is keyed "u#<user id>"; everywhere else (owners, grantees, tags) a user is
// referred to by the bare ULID, which is what User::user_id holds. A user name is claimed by
// a second item keyed "name#<name>" that holds the user id in `claimed_by`; creating a user
// puts both in one transaction with attribute_not_exists, which makes names unique without
// a scan or a GSI. Login by name is two GetItems (claim, then user).
#ifndef HOMEBOARD_MODEL_USER_H_
#define HOMEBOARD_MODEL_USER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ddb/attribute_value.h"
#include "model/error.h"

namespace homeboard::model {

// "u#<user_id>", the Users table key of a user's item.
std::string UserKeyValue(std::string_view user_id);
// "name#<name>", the Users table key of a name claim.
std::string NameClaimKeyValue(std::string_view name);

// The stored form of a user name typed as `raw`: whitespace trimmed, ASCII lower-cased,
// then checked as ValidateUserName does.
[[nodiscard]] Result<std::string> NormalizeUserName(std::string_view raw,
                                                    std::string_view field = "name");
// OK if `name` is 3-32 characters of [a-z0-9_.-]: "required", "min_length", "max_length",
// "pattern" (including upper-case letters, which are never stored).
[[nodiscard]] Status ValidateUserName(std::string_view name, std::string_view field = "name");

struct User {
  std::string user_id;        // ULID (the item key is UserKeyValue(user_id))
  std::string name;           // lower-case user name, see ValidateUserName
  std::string display_name;   // 1-200 characters, one normalised line
  std::string password_hash;  // PHC string, e.g. "$argon2id$v=19$m=65536,t=3,p=4$...$..."
  std::string created_at;     // canonical timestamps
  std::string updated_at;
  std::int64_t version = 1;

  // Every rule of the Users table; the first broken one, naming its field.
  [[nodiscard]] Status Validate() const;
  // The item, with user_id = "u#<user_id>". Precondition: Validate() is OK.
  ddb::Item ToItem() const;
  // The user stored in `item`: "corrupt" for missing or mistyped attributes (or a key that is
  // not "u#<ulid>"), then Validate()'s errors.
  [[nodiscard]] static Result<User> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(user_id); }
  static ddb::Item KeyOf(std::string_view user_id);

  friend bool operator==(const User&, const User&) = default;
};

struct NameClaim {
  std::string name;        // valid user name
  std::string user_id;     // the claiming user's ULID (stored as claimed_by)
  std::string created_at;  // canonical timestamp

  [[nodiscard]] Status Validate() const;
  ddb::Item ToItem() const;
  [[nodiscard]] static Result<NameClaim> FromItem(const ddb::Item& item);
  ddb::Item Key() const { return KeyOf(name); }
  static ddb::Item KeyOf(std::string_view name);

  friend bool operator==(const NameClaim&, const NameClaim&) = default;
};

}  // namespace homeboard::model

#endif  // HOMEBOARD_MODEL_USER_H_
