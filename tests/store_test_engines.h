// The ItemStore engines the conformance and differential tests run against, behind one
// factory: MakeStore(Engine::kSqlite) opens a SQLite store on a fresh temporary file;
// MakeStore(Engine::kDynamo) builds a DynamoDB store on the DynamoDB Local of the ddb_local
// ctest fixture (or $HOMEBOARD_DDB_ENDPOINT; see testing/dynamodb_local.h).
//
// Isolation: tests run in parallel processes against one shared DynamoDB Local, so every
// table a test uses is named with UniqueTablePrefix(). The returned store is a wrapper that
// cleans up when destroyed: it deletes every table it created or was given (ignoring
// kNotFound for tables the test deleted itself) and, for SQLite, removes the temporary
// folder holding the database, its WAL and its shared-memory file.
//
// A store that cannot be built (no endpoint, the server does not answer, the file cannot be
// created) is an error, never a skip: tests ASSERT_OK on MakeStore.
#ifndef HOMEBOARD_TESTS_STORE_TEST_ENGINES_H_
#define HOMEBOARD_TESTS_STORE_TEST_ENGINES_H_

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/item_store.h"
#include "store/table_spec.h"

namespace homeboard::testing {

enum class Engine { kSqlite, kDynamo };

// Both engines, for INSTANTIATE_TEST_SUITE_P.
inline constexpr Engine kAllEngines[] = {Engine::kSqlite, Engine::kDynamo};

// "Sqlite" / "DynamoDb": the names of the parameterised instantiations.
std::string_view EngineName(Engine engine);
void PrintTo(Engine engine, std::ostream* os);

// The cursor secret every test store signs with (stores of both engines share it, so a
// cursor of one engine would verify on the other: only table, index and key bind it).
inline constexpr std::string_view kTestCursorSecret = "store-conformance-cursor-secret-0001";

// "hb_st_<12 random hex digits>_": a table-name prefix unique to one call.
std::string UniqueTablePrefix();

struct MakeStoreOptions {
  // Specs the store knows from the start (the DynamoDB engine refuses any table it has not
  // been told about); EnsureTables adds more. Their tables are not created here.
  std::vector<store::TableSpec> tables;
  // Empty: kTestCursorSecret.
  std::string cursor_secret;
};

// A new store of `engine`; destroying it deletes its tables and files (see above).
[[nodiscard]] store::Result<std::unique_ptr<store::ItemStore>> MakeStore(
    Engine engine, const MakeStoreOptions& options = {});

// A second store over the same data as `store` (which must come from MakeStore) but signing
// cursors with `cursor_secret`: the same SQLite file, or the same DynamoDB endpoint with
// `store`'s table specs. Cleans up nothing itself; `store` owns the data.
[[nodiscard]] store::Result<std::unique_ptr<store::ItemStore>> MakeSiblingStore(
    store::ItemStore& store, std::string cursor_secret);

}  // namespace homeboard::testing

#endif  // HOMEBOARD_TESTS_STORE_TEST_ENGINES_H_
