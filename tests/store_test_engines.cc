// MakeStore: the two ItemStore engines for tests, wrapped so that each cleans up after itself.
#include "store_test_engines.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <system_error>
#include <utility>

#include "ddb/client.h"
#include "ddb/credentials.h"
#include "ddb/internal/crypto.h"
#include "store/dynamo/dynamo_store.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/dynamodb_local.h"

namespace homeboard::testing {
namespace {

using store::Error;
using store::ItemStore;
using store::TableSpec;

Error Internal(std::string message) {
  return Error{.code = Error::Code::kInternal, .message = std::move(message)};
}

// Same switch as the ddb integration tests (ddb_test_util.cc): 1 signs with the default AWS
// chain instead of DynamoDB Local's fixed credentials.
bool UseAwsCredentials() {
  const char* value = std::getenv("HOMEBOARD_DDB_USE_AWS_CREDENTIALS");
  return value != nullptr && std::string_view(value) == "1";
}

store::Result<std::shared_ptr<ddb::Client>> MakeDynamoClient() {
  std::string endpoint = DynamoDbLocalEndpoint();
  if (endpoint.empty()) return Internal("no DynamoDB endpoint (see testing/dynamodb_local.h)");
  ddb::ClientOptions options;
  options.endpoint = endpoint;
  if (!UseAwsCredentials()) {
    options.region = std::string(kDynamoDbLocalRegion);
    ddb::Credentials credentials;
    credentials.access_key_id = kDynamoDbLocalAccessKeyId;
    credentials.secret_access_key = kDynamoDbLocalSecretAccessKey;
    options.credentials = std::make_shared<ddb::StaticCredentialsProvider>(credentials);
  }
  ddb::Result<std::unique_ptr<ddb::Client>> client = ddb::Client::Create(options);
  if (!client.ok()) return Internal("ddb::Client::Create: " + client.error().ToString());
  // Fail here, with the cause, rather than in the first operation of every test.
  ddb::ListTablesRequest probe;
  probe.limit = 1;
  if (ddb::Result<ddb::ListTablesResponse> answer = (*client)->ListTables(probe); !answer.ok()) {
    return Internal("DynamoDB at " + endpoint + " does not answer: " + answer.error().ToString());
  }
  return std::shared_ptr<ddb::Client>(std::move(client).value());
}

store::Result<std::unique_ptr<ItemStore>> OpenDynamo(std::shared_ptr<ddb::Client> client,
                                                     std::vector<TableSpec> tables,
                                                     std::string secret) {
  store::Result<std::unique_ptr<store::dynamo::DynamoStore>> opened =
      store::dynamo::DynamoStore::Create(store::dynamo::DynamoStoreOptions{
          .client = std::move(client), .tables = std::move(tables), .cursor_secret = secret});
  if (!opened.ok()) return std::move(opened).error();
  return std::unique_ptr<ItemStore>(std::move(opened).value());
}

store::Result<std::unique_ptr<ItemStore>> OpenSqlite(const std::string& path, std::string secret) {
  store::Result<std::unique_ptr<store::sqlite::SqliteStore>> opened =
      store::sqlite::SqliteStore::Open(
          store::sqlite::SqliteStoreOptions{.path = path, .cursor_secret = std::move(secret)});
  if (!opened.ok()) return std::move(opened).error();
  return std::unique_ptr<ItemStore>(std::move(opened).value());
}

// Forwards every call to the engine and remembers the tables it may have created, so that
// its destructor can delete them (and the SQLite folder).
class CleaningStore final : public ItemStore {
 public:
  CleaningStore(Engine engine, std::unique_ptr<ItemStore> inner, std::vector<TableSpec> specs,
                std::shared_ptr<ddb::Client> client, std::filesystem::path folder,
                std::string sqlite_path)
      : engine_kind_(engine),
        inner_(std::move(inner)),
        specs_(std::move(specs)),
        client_(std::move(client)),
        folder_(std::move(folder)),
        sqlite_path_(std::move(sqlite_path)) {}

  ~CleaningStore() override {
    std::set<std::string> names;
    for (const TableSpec& spec : specs_) names.insert(spec.name);
    for (const std::string& name : names) {
      store::Status deleted = inner_->DeleteTable(name);
      if (!deleted.ok() && !deleted.error().Is(Error::Code::kNotFound)) {
        ADD_FAILURE() << "cleanup of table " << name << ": " << deleted.error().ToString();
      }
    }
    inner_.reset();  // closes the SQLite connections before their files go
    if (!folder_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(folder_, ignored);
    }
  }

  Engine engine_kind() const { return engine_kind_; }
  const std::shared_ptr<ddb::Client>& client() const { return client_; }
  const std::string& sqlite_path() const { return sqlite_path_; }
  std::vector<TableSpec> specs() const {
    std::lock_guard lock(mutex_);
    return specs_;
  }

  std::string_view engine() const override { return inner_->engine(); }
  std::optional<std::uint64_t> OutsideWriteMark() override { return inner_->OutsideWriteMark(); }

  store::Result<store::EnsureReport> EnsureTables(const std::vector<TableSpec>& specs,
                                                  const store::EnsureOptions& options) override {
    if (!options.dry_run) {
      std::lock_guard lock(mutex_);
      // Remembered before the call: a failure half-way may still have created some.
      specs_.insert(specs_.end(), specs.begin(), specs.end());
    }
    return inner_->EnsureTables(specs, options);
  }
  store::Status DeleteTable(const std::string& table) override {
    return inner_->DeleteTable(table);
  }
  store::Result<std::optional<store::Item>> Get(const store::GetRequest& request) override {
    return inner_->Get(request);
  }
  store::Status Put(const store::PutRequest& request) override { return inner_->Put(request); }
  store::Result<store::Item> Update(const store::UpdateRequest& request) override {
    return inner_->Update(request);
  }
  store::Result<std::optional<store::Item>> Delete(const store::DeleteRequest& request) override {
    return inner_->Delete(request);
  }
  store::Result<store::QueryPage> Query(const store::QueryRequest& request) override {
    return inner_->Query(request);
  }
  store::Result<store::ScanPage> Scan(const store::ScanRequest& request) override {
    return inner_->Scan(request);
  }
  store::Result<std::vector<store::Item>> BatchGet(const std::string& table,
                                                   const std::vector<store::Item>& keys) override {
    return inner_->BatchGet(table, keys);
  }
  store::Status BatchWrite(const std::vector<store::BatchWrite>& writes) override {
    return inner_->BatchWrite(writes);
  }
  store::Status Transact(const std::vector<store::TransactAction>& actions) override {
    return inner_->Transact(actions);
  }

 private:
  const Engine engine_kind_;
  std::unique_ptr<ItemStore> inner_;
  mutable std::mutex mutex_;
  std::vector<TableSpec> specs_;  // GUARDED_BY(mutex_)
  const std::shared_ptr<ddb::Client> client_;
  const std::filesystem::path folder_;
  const std::string sqlite_path_;
};

store::Result<std::filesystem::path> MakeTempFolder() {
  std::error_code error;
  std::filesystem::path base = std::filesystem::temp_directory_path(error);
  if (error) return Internal("no temporary directory: " + error.message());
  std::filesystem::path folder = base / ("homeboard_store_test_" + UniqueTablePrefix());
  if (!std::filesystem::create_directories(folder, error) || error) {
    return Internal("cannot create " + folder.string() + ": " + error.message());
  }
  return folder;
}

}  // namespace

std::string_view EngineName(Engine engine) {
  switch (engine) {
    case Engine::kSqlite:
      return "Sqlite";
    case Engine::kDynamo:
      return "DynamoDb";
  }
  return "Unknown";
}

void PrintTo(Engine engine, std::ostream* os) { *os << EngineName(engine); }

std::string UniqueTablePrefix() {
  return "hb_st_" + ddb::internal::HexEncode(ddb::internal::RandomBytes(6)) + "_";
}

store::Result<std::unique_ptr<ItemStore>> MakeStore(Engine engine,
                                                    const MakeStoreOptions& options) {
  std::string secret =
      options.cursor_secret.empty() ? std::string(kTestCursorSecret) : options.cursor_secret;
  switch (engine) {
    case Engine::kSqlite: {
      store::Result<std::filesystem::path> folder = MakeTempFolder();
      if (!folder.ok()) return std::move(folder).error();
      std::string path = (*folder / "store.db").string();
      store::Result<std::unique_ptr<ItemStore>> opened = OpenSqlite(path, secret);
      if (!opened.ok()) {
        std::error_code ignored;
        std::filesystem::remove_all(*folder, ignored);
        return std::move(opened).error();
      }
      return std::unique_ptr<ItemStore>(std::make_unique<CleaningStore>(
          engine, std::move(opened).value(), options.tables, nullptr, *folder, path));
    }
    case Engine::kDynamo: {
      store::Result<std::shared_ptr<ddb::Client>> client = MakeDynamoClient();
      if (!client.ok()) return std::move(client).error();
      store::Result<std::unique_ptr<ItemStore>> opened =
          OpenDynamo(*client, options.tables, secret);
      if (!opened.ok()) return std::move(opened).error();
      return std::unique_ptr<ItemStore>(
          std::make_unique<CleaningStore>(engine, std::move(opened).value(), options.tables,
                                          *client, std::filesystem::path(), std::string()));
    }
  }
  return Internal("unknown engine");
}

store::Result<std::unique_ptr<ItemStore>> MakeSiblingStore(ItemStore& store,
                                                           std::string cursor_secret) {
  auto* cleaning = dynamic_cast<CleaningStore*>(&store);
  if (cleaning == nullptr) return Internal("MakeSiblingStore: not a store from MakeStore");
  switch (cleaning->engine_kind()) {
    case Engine::kSqlite:
      return OpenSqlite(cleaning->sqlite_path(), std::move(cursor_secret));
    case Engine::kDynamo:
      return OpenDynamo(cleaning->client(), cleaning->specs(), std::move(cursor_secret));
  }
  return Internal("unknown engine");
}

}  // namespace homeboard::testing
