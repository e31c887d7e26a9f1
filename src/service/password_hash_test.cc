// Tests of internal/password_hash: Argon2id PHC strings that verify the right password only,
// refuse tampered or foreign strings and absurd parameters, and report when they are weaker
// than the current parameters. Cheap parameters keep the tests fast; one test uses the
// OWASP defaults to prove they are what gets written.
#include "service/internal/password_hash.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/status_matchers.h"

namespace homeboard::service::internal {
namespace {

constexpr PasswordHashParams kCheap{.memory_kib = 8, .iterations = 1, .parallelism = 1};

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  ASSERT_OK_AND_ASSIGN(std::string phc, HashPassword("correct horse battery staple", kCheap));
  EXPECT_EQ(phc.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << phc;
  EXPECT_TRUE(VerifyPasswordHash("correct horse battery staple", phc));
  EXPECT_FALSE(VerifyPasswordHash("correct horse battery stapl", phc));
  EXPECT_FALSE(VerifyPasswordHash("correct horse battery staple ", phc));
  EXPECT_FALSE(VerifyPasswordHash("", phc));
}

TEST(PasswordHash, SaltsEveryHash) {
  ASSERT_OK_AND_ASSIGN(std::string first, HashPassword("same password", kCheap));
  ASSERT_OK_AND_ASSIGN(std::string second, HashPassword("same password", kCheap));
  EXPECT_NE(first, second);
  EXPECT_TRUE(VerifyPasswordHash("same password", first));
  EXPECT_TRUE(VerifyPasswordHash("same password", second));
}

TEST(PasswordHash, HashesEveryByteWithoutTruncation) {
  std::string with_nul("pass\0word", 9);
  ASSERT_OK_AND_ASSIGN(std::string phc, HashPassword(with_nul, kCheap));
  EXPECT_TRUE(VerifyPasswordHash(with_nul, phc));
  EXPECT_FALSE(VerifyPasswordHash("pass", phc));
  std::string long_password(1024, 'x');
  ASSERT_OK_AND_ASSIGN(std::string long_phc, HashPassword(long_password, kCheap));
  EXPECT_TRUE(VerifyPasswordHash(long_password, long_phc));
  long_password.back() = 'y';
  EXPECT_FALSE(VerifyPasswordHash(long_password, long_phc));
  ASSERT_OK_AND_ASSIGN(std::string empty_phc, HashPassword("", kCheap));
  EXPECT_TRUE(VerifyPasswordHash("", empty_phc));
}

TEST(PasswordHash, DefaultsAreOwaspsArgon2idMinimum) {
  PasswordHashParams defaults;
  EXPECT_EQ(defaults.memory_kib, 19456u);
  EXPECT_EQ(defaults.iterations, 2u);
  EXPECT_EQ(defaults.parallelism, 1u);
  ASSERT_OK_AND_ASSIGN(std::string phc, HashPassword("a real password"));
  EXPECT_EQ(phc.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << phc;
  auto parsed = ParsePasswordHash(phc);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, defaults);
  EXPECT_TRUE(VerifyPasswordHash("a real password", phc));
}

TEST(PasswordHash, TamperedStringsDoNotVerify) {
  ASSERT_OK_AND_ASSIGN(std::string phc, HashPassword("password one", kCheap));
  // Flip one character of the tag, of the salt, and change a parameter.
  std::string tag_flipped = phc;
  tag_flipped[tag_flipped.size() - 2] = tag_flipped[tag_flipped.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPasswordHash("password one", tag_flipped));
  std::size_t salt_start = phc.find('$', std::string("$argon2id$v=19$m=8,t=1,p=1").size()) + 1;
  std::string salt_flipped = phc;
  salt_flipped[salt_start] = salt_flipped[salt_start] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPasswordHash("password one", salt_flipped));
  std::string more_passes = phc;
  more_passes.replace(more_passes.find("t=1"), 3, "t=2");
  EXPECT_FALSE(VerifyPasswordHash("password one", more_passes));
  // Other variants and versions are refused even if libargon2 could check them.
  std::string argon2i = phc;
  argon2i.replace(0, 9, "$argon2i");
  EXPECT_FALSE(VerifyPasswordHash("password one", argon2i));
  std::string old_version = phc;
  old_version.replace(old_version.find("v=19"), 4, "v=16");
  EXPECT_FALSE(VerifyPasswordHash("password one", old_version));
}

TEST(PasswordHash, MalformedStringsAreRefusedWithoutCrashing) {
  const std::string kGood =
      "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"
      "qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU";
  EXPECT_TRUE(ParsePasswordHash(kGood).has_value());
  for (std::string bad : {
           std::string(""),
           std::string("$argon2id$"),
           std::string("plaintext"),
           std::string("$2b$10$abcdefghijklmnopqrstuu"),  // bcrypt
           kGood.substr(0, kGood.size() - 44),            // no tag
           std::string("$argon2id$v=19$m=08,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=8,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=8,t=1,p=0$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=4,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=-8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=8,t=1,p=1$c29t$qLml5cbqFAO6YxVH"),        // short salt
           std::string("$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$qLml"),  // short tag
           std::string("$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA=$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=8,t=1,p=1$c29t ZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=8,t=1,p=1,data=x$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           // Parameters a corrupt or planted item could use to exhaust memory or time.
           std::string(
               "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=8,t=99999,p=1$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string("$argon2id$v=19$m=8000,t=1,p=9999$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
           std::string(
               "$argon2id$v=19$m=99999999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$qLml5cbqFAO6YxVH"),
       }) {
    EXPECT_FALSE(ParsePasswordHash(bad).has_value()) << bad;
    EXPECT_FALSE(VerifyPasswordHash("password", bad)) << bad;
    EXPECT_TRUE(NeedsRehash(bad, kCheap)) << bad;
  }
}

TEST(PasswordHash, NeedsRehashWhenAnyParameterIsWeakerThanWanted) {
  ASSERT_OK_AND_ASSIGN(std::string phc, HashPassword("password", kCheap));
  EXPECT_FALSE(NeedsRehash(phc, kCheap));
  PasswordHashParams more_memory = kCheap;
  more_memory.memory_kib = 16;
  EXPECT_TRUE(NeedsRehash(phc, more_memory));
  PasswordHashParams more_passes = kCheap;
  more_passes.iterations = 2;
  EXPECT_TRUE(NeedsRehash(phc, more_passes));
  PasswordHashParams more_lanes = kCheap;
  more_lanes.parallelism = 2;
  more_lanes.memory_kib = 16;
  EXPECT_TRUE(NeedsRehash(phc, more_lanes));
  PasswordHashParams longer_tag = kCheap;
  longer_tag.hash_bytes = 64;
  EXPECT_TRUE(NeedsRehash(phc, longer_tag));
  // A stronger stored hash is kept.
  PasswordHashParams weaker = kCheap;
  weaker.hash_bytes = 16;
  EXPECT_FALSE(NeedsRehash(phc, weaker));
  EXPECT_TRUE(NeedsRehash(phc, PasswordHashParams{}));
}

TEST(PasswordHash, BadParametersAreInternalErrors) {
  PasswordHashParams too_little_memory{.memory_kib = 1, .iterations = 1, .parallelism = 1};
  auto result = HashPassword("password", too_little_memory);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Error::Code::kInternal);
  PasswordHashParams no_salt = kCheap;
  no_salt.salt_bytes = 0;
  EXPECT_FALSE(HashPassword("password", no_salt).ok());
}

}  // namespace
}  // namespace homeboard::service::internal
