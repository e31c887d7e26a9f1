// DdbIntegrationTest: the Client and per-test tables of the ddb integration tests.
#include "ddb_test_util.h"

#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <string>

#include "ddb/credentials.h"
#include "ddb/internal/crypto.h"
#include "ddb/internal/value_codec.h"
#include "testing/dynamodb_local.h"
#include "testing/status_matchers.h"

namespace homeboard::testing {
namespace {

// Set to 1 to sign with the default AWS credential chain and region instead of the fixed
// DynamoDB Local credentials (for running these tests against real DynamoDB).
constexpr char kUseAwsCredentialsVariable[] = "HOMEBOARD_DDB_USE_AWS_CREDENTIALS";

bool UseAwsCredentials() {
  const char* value = std::getenv(kUseAwsCredentialsVariable);
  return value != nullptr && std::string_view(value) == "1";
}

std::string SanitizeForTableName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    out += ok ? c : '_';
  }
  return out;
}

}  // namespace

ddb::ClientOptions DdbIntegrationTest::BaseOptions() const {
  ddb::ClientOptions options;
  options.endpoint = endpoint_;
  if (!UseAwsCredentials()) {
    options.region = std::string(kDynamoDbLocalRegion);
    ddb::Credentials credentials;
    credentials.access_key_id = kDynamoDbLocalAccessKeyId;
    credentials.secret_access_key = kDynamoDbLocalSecretAccessKey;
    options.credentials = std::make_shared<ddb::StaticCredentialsProvider>(credentials);
  }
  return options;
}

void DdbIntegrationTest::SetUp() {
  endpoint_ = DynamoDbLocalEndpoint();
  ASSERT_FALSE(endpoint_.empty());
  ASSERT_OK_AND_ASSIGN(client_, ddb::Client::Create(BaseOptions()));
  // Fail here, with the cause, rather than in the first operation of every test.
  ddb::ListTablesRequest probe;
  probe.limit = 1;
  ddb::Result<ddb::ListTablesResponse> answer = client_->ListTables(probe);
  ASSERT_TRUE(answer.ok()) << "DynamoDB at " << endpoint_
                           << " does not answer: " << answer.error().ToString();
}

void DdbIntegrationTest::TearDown() {
  if (client_ == nullptr) return;
  for (const std::string& table : tables_to_delete_) {
    ddb::Result<ddb::TableDescription> deleted = client_->DeleteTable(table);
    if (!deleted.ok() && !deleted.error().Is(ddb::errc::kResourceNotFound)) {
      ADD_FAILURE() << "cleanup: " << deleted.error().ToString();
    }
  }
  tables_to_delete_.clear();
}

std::string DdbIntegrationTest::UniqueTableName(std::string_view purpose) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string suite = info != nullptr ? info->test_suite_name() : "suite";
  std::string test = info != nullptr ? info->name() : "test";
  std::string suffix = ddb::internal::HexEncode(ddb::internal::RandomBytes(6));
  std::string stem = SanitizeForTableName("hb_" + suite + "_" + test + "_" + std::string(purpose));
  constexpr std::size_t kMaxTableName = 255;
  stem.resize(std::min(stem.size(), kMaxTableName - suffix.size() - 1));
  return stem + "_" + suffix;
}

void DdbIntegrationTest::DeleteTableAtTearDown(std::string table_name) {
  tables_to_delete_.push_back(std::move(table_name));
}

ddb::Result<std::string> DdbIntegrationTest::CreateTable(ddb::CreateTableRequest request,
                                                         std::string_view purpose) {
  request.table_name = UniqueTableName(purpose);
  ddb::Result<ddb::TableDescription> created = client_->CreateTable(request);
  if (!created.ok()) return std::move(created).error();
  DeleteTableAtTearDown(request.table_name);
  // DynamoDB Local creates tables ACTIVE at once; AWS takes seconds, so poll gently.
  ddb::Result<ddb::TableDescription> active =
      client_->WaitUntilTableActive(request.table_name, std::chrono::minutes(5),
                                    std::chrono::milliseconds(200));
  if (!active.ok()) return std::move(active).error();
  return request.table_name;
}

ddb::Result<std::string> DdbIntegrationTest::CreateHashTable(std::string_view purpose) {
  ddb::CreateTableRequest request;
  request.attribute_definitions = {{"pk", ddb::ScalarType::kS}};
  request.key_schema.partition_key = "pk";
  return CreateTable(std::move(request), purpose);
}

ddb::Result<std::string> DdbIntegrationTest::CreateHashRangeTable(ddb::ScalarType sort_type,
                                                                  std::string_view purpose) {
  ddb::CreateTableRequest request;
  request.attribute_definitions = {{"pk", ddb::ScalarType::kS}, {"sk", sort_type}};
  request.key_schema = {"pk", "sk"};
  return CreateTable(std::move(request), purpose);
}

ddb::Item Key(std::string pk) { return {{"pk", ddb::AttributeValue::S(std::move(pk))}}; }

ddb::Item Key(std::string pk, std::string sk) {
  return {{"pk", ddb::AttributeValue::S(std::move(pk))},
          {"sk", ddb::AttributeValue::S(std::move(sk))}};
}

ddb::AttributeValue Normalized(const ddb::AttributeValue& value) {
  using ddb::AttributeValue;
  switch (value.type()) {
    case AttributeValue::Type::kN:
      return AttributeValue::N(ddb::internal::CanonicalNumber(value.AsN()));
    case AttributeValue::Type::kNS: {
      std::vector<std::string> members;
      for (const std::string& member : value.AsNS()) {
        members.push_back(ddb::internal::CanonicalNumber(member));
      }
      return AttributeValue::NS(std::move(members));
    }
    case AttributeValue::Type::kM:
      return AttributeValue::M(Normalized(value.AsM()));
    case AttributeValue::Type::kL: {
      std::vector<AttributeValue> elements;
      for (const AttributeValue& element : value.AsL()) elements.push_back(Normalized(element));
      return AttributeValue::L(std::move(elements));
    }
    default:
      return value;
  }
}

ddb::Item Normalized(const ddb::Item& item) {
  ddb::Item out;
  for (const auto& [name, value] : item) out.emplace(name, Normalized(value));
  return out;
}

std::vector<ddb::Item> Normalized(const std::vector<ddb::Item>& items) {
  std::vector<ddb::Item> out;
  out.reserve(items.size());
  for (const ddb::Item& item : items) out.push_back(Normalized(item));
  return out;
}

std::string DebugString(const ddb::AttributeValue& value) {
  return ddb::internal::EncodeValueJson(value);
}

std::string DebugString(const ddb::Item& item) { return ddb::internal::EncodeItemJson(item); }

}  // namespace homeboard::testing

namespace homeboard::ddb {

void PrintTo(const AttributeValue& value, std::ostream* os) {
  *os << internal::EncodeValueJson(value);
}

}  // namespace homeboard::ddb
