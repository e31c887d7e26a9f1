// AccountService: user accounts (docs/data-model.md, "Users"; docs/accounts.md): creating
// them with a unique name, finding, listing and deleting them, and checking and changing
// their passwords.
//
// Names. A user's name is claimed by a second item ("name#<name>") written in the same
// transaction as the user ("u#<id>"), both conditional on their key being free, so of two
// concurrent creates of one name exactly one succeeds (the other: kConflict, field "name",
// rule "duplicate"). Names are normalised (trimmed, ASCII lower-cased) and must be 3-32
// characters of [a-z0-9_.-].
//
// Listing. The Users table has no index, and a GSI over all users would be one hot
// partition; ListUsers is for administration (the CLI), so it is a maintenance Scan of the
// Users table (ItemStore::Scan), never called on a request path.
//
// Passwords (NIST SP 800-63B-4 section 3.1.1.2, OWASP Authentication Cheat Sheet): at least
// `min_password_chars` Unicode code points (15 by default: a password is the only factor),
// at most `max_password_bytes` bytes (1024: bounds the work per login, far above the 64
// characters NIST asks to allow), valid UTF-8 without control characters, and not containing
// the user name. No composition rules, no truncation, no periodic expiry. Violations are
// kInvalidArgument naming "password" with rule "required", "min_length", "max_length",
// "utf8", "control_character" or "contains_user_name". Hashes are Argon2id
// (internal/password_hash.h).
//
// Login. VerifyPassword answers an unknown name, a malformed name and a wrong password
// identically (an empty optional) and in about the same time: for an unknown user it checks
// the password against a dummy hash made with the same parameters, so the response time does
// not reveal which names exist.
//
// Thread safety: safe to call from any number of threads (the dummy hash is made once,
// behind std::call_once).
#ifndef HOMEBOARD_SERVICE_ACCOUNT_SERVICE_H_
#define HOMEBOARD_SERVICE_ACCOUNT_SERVICE_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/user.h"
#include "service/context.h"
#include "service/error.h"
#include "service/internal/password_hash.h"

namespace homeboard::service {

namespace rule {
// A password containing the account's user name (NIST's "context-specific words").
inline constexpr std::string_view kContainsUserName = "contains_user_name";
// The current password given to ChangePassword is wrong.
inline constexpr std::string_view kWrongPassword = "wrong_password";
}  // namespace rule

struct AccountOptions {
  // Argon2id cost of new hashes (OWASP's by default). Raising it makes every older hash
  // "needs rehash": VerifyPassword then stores a new hash after a successful login.
  internal::PasswordHashParams password_hash;
  std::size_t min_password_chars = 15;
  std::size_t max_password_bytes = 1024;
};

class AccountService {
 public:
  explicit AccountService(ServiceContext context, AccountOptions options = {});

  // Creates a user named `name` (normalised; see above) showing `display_name` (whitespace
  // normalised; the name when empty) with `password`. One transaction: name claim and user.
  // Errors: kInvalidArgument (name, display_name, password), kConflict "duplicate" (name
  // taken), kUnavailable.
  [[nodiscard]] Result<model::User> CreateUser(std::string_view name, std::string_view display_name,
                                               std::string_view password) const;

  // The user with id `user_id`; kNotFound (field "user_id") if there is none.
  [[nodiscard]] Result<model::User> GetUser(std::string_view user_id) const;

  // The user named `name` (normalised first); kInvalidArgument for a malformed name, kNotFound
  // (field "name") if nobody has it. Two GetItems.
  [[nodiscard]] Result<model::User> FindByName(std::string_view name) const;

  // Every user, sorted by name. For administration (the CLI), never request paths: a Scan of
  // the Users table (pages of 1000 items; two items per user). The users' password hashes
  // are included; never show them.
  [[nodiscard]] Result<std::vector<model::User>> ListUsers() const;

  // Deletes the user and what is theirs, in an order that is safe to re-run after any failure:
  // all tokens and sessions (access stops first), every page with everything on it (through
  // PageService's crash-safe cascade), their preferences, then the user and its name claim
  // in one transaction, and the tokens once more (a login racing the delete may have started
  // a session). Shares other people made *to* this user are left to the
  // sharing service: they name an id that will never be reused, so they grant nothing.
  // kNotFound (field "user_id") if the user does not exist.
  [[nodiscard]] Status DeleteUser(std::string_view user_id) const;

  // Replaces the caller's password after checking `current_password` (kInvalidArgument,
  // field "current_password", rule "wrong_password" if it is wrong). The caller should then
  // end the other sessions (TokenService::RevokeAllTokens with kSession) and start a new one.
  [[nodiscard]] Status ChangePassword(const Caller& caller, std::string_view current_password,
                                      std::string_view new_password) const;

  // Sets a user's password without knowing the old one (administration: the CLI).
  [[nodiscard]] Status SetPassword(std::string_view user_id, std::string_view new_password) const;

  // The caller `name` logs in as if `password` is theirs; an empty optional otherwise (unknown
  // or malformed name, wrong password: indistinguishable, see above). An error only when the
  // store could not answer. After a successful check, a hash made with weaker parameters than
  // the current ones is replaced (best effort: a failure there does not fail the login).
  [[nodiscard]] Result<std::optional<Caller>> VerifyPassword(std::string_view name,
                                                             std::string_view password) const;

  // The password rules above, for `password` of the user named `name` (already normalised).
  [[nodiscard]] Status CheckPasswordRules(std::string_view password, std::string_view name,
                                          std::string_view field = "password") const;

 private:
  // The Argon2id hash compared against when there is no user, made on first use.
  const std::string& DummyHash() const;
  // Stores `new_password`'s hash in `user` (read at user.version).
  Status StorePassword(const model::User& user, std::string_view new_password) const;

  struct Dummy {
    std::once_flag once;
    std::string hash;
  };

  ServiceContext context_;
  AccountOptions options_;
  std::shared_ptr<Dummy> dummy_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_ACCOUNT_SERVICE_H_
