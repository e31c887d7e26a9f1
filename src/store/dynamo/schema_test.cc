// Unit tests of the DynamoDB schema check: the CreateTable request built from a TableSpec,
// DescribeDrift on hand-built table descriptions (each kind of difference is one precise
// line; a matching table gives none), and EnsureTables' decisions against a scripted fake
// DynamoDB for the failures a real server cannot be made to produce on demand (permission
// errors, a create race, a table that never becomes ACTIVE). The same flows against DynamoDB
// Local are in tests/init_db_test.cc.
#include "store/dynamo/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ddb/credentials.h"
#include "ddb/http.h"
#include "testing/fake_runtime.h"
#include "testing/status_matchers.h"

namespace homeboard::store::dynamo {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Action = TableOutcome::Action;
using Projection = IndexSpec::Projection;

// --- Specs and descriptions ------------------------------------------------------------

KeyAttribute S(std::string name) { return {std::move(name), KeyType::kString}; }
KeyAttribute N(std::string name) { return {std::move(name), KeyType::kNumber}; }
KeyAttribute B(std::string name) { return {std::move(name), KeyType::kBinary}; }

// Shaped like the model's tables (src/model/tables.cc), so every shape the model uses is
// covered: hash-only, hash+range, a GSI of each projection, a GSI key shared with the table
// key or with another GSI, TTL.
TableSpec UsersSpec() { return {.name = "t_Users", .partition_key = S("user_id")}; }

TableSpec PagesSpec() {
  return {.name = "t_Pages", .partition_key = S("user_id"), .sort_key = S("page_id")};
}

TableSpec NotesSpec() {
  return {.name = "t_Notes",
          .partition_key = S("widget_id"),
          .sort_key = S("note_id"),
          .global_secondary_indexes = {{.name = "UserNotesIndex",
                                        .partition_key = S("user_id"),
                                        .sort_key = S("updated_at"),
                                        .projection = Projection::kInclude,
                                        .included_attributes = {"title", "preview", "tags"}}}};
}

TableSpec SharesSpec() {
  return {.name = "t_Shares",
          .partition_key = S("resource_ref"),
          .sort_key = S("grantee"),
          .global_secondary_indexes = {{.name = "UserSharesIndex",
                                        .partition_key = S("owner_id"),
                                        .sort_key = S("created_at")},
                                       {.name = "SharedWithIndex",
                                        .partition_key = S("grantee_id"),
                                        .sort_key = S("created_at")}},
          .ttl_attribute = "expires_at"};
}

TableSpec TagAssociationsSpec() {
  return {
      .name = "t_TagAssociations",
      .partition_key = S("item_ref"),
      .sort_key = S("tag"),
      .global_secondary_indexes = {
          {.name = "TagItemsIndex", .partition_key = S("user_tag"), .sort_key = S("item_ref")}}};
}

// Not a model table: number and binary keys, a KEYS_ONLY GSI without a sort key.
TableSpec EventsSpec() {
  return {.name = "t_Events",
          .partition_key = B("stream"),
          .sort_key = N("sequence"),
          .global_secondary_indexes = {
              {.name = "ByKind", .partition_key = S("kind"), .projection = Projection::kKeysOnly}}};
}

std::vector<TableSpec> AllShapes() {
  return {UsersSpec(), PagesSpec(), NotesSpec(), SharesSpec(), TagAssociationsSpec(), EventsSpec()};
}

ddb::IndexProjection All() { return {}; }

ddb::IndexProjection KeysOnly() {
  return {.type = ddb::IndexProjection::Type::kKeysOnly, .non_key_attributes = {}};
}

ddb::IndexProjection Include(std::vector<std::string> attributes) {
  return {.type = ddb::IndexProjection::Type::kInclude,
          .non_key_attributes = std::move(attributes)};
}

ddb::IndexDescription Gsi(std::string name, ddb::KeySchema keys, ddb::IndexProjection projection) {
  ddb::IndexDescription index;
  index.index.name = std::move(name);
  index.index.key_schema = std::move(keys);
  index.index.projection = std::move(projection);
  index.status = "ACTIVE";
  return index;
}

ddb::TableDescription Table(std::string name, std::vector<ddb::AttributeDefinition> definitions,
                            ddb::KeySchema keys, std::vector<ddb::IndexDescription> gsis = {}) {
  ddb::TableDescription table;
  table.table_name = std::move(name);
  table.table_arn = "arn:aws:dynamodb:ddblocal:000000000000:table/" + table.table_name;
  table.status = "ACTIVE";
  table.attribute_definitions = std::move(definitions);
  table.key_schema = std::move(keys);
  table.global_secondary_indexes = std::move(gsis);
  table.billing_mode = ddb::BillingMode::kPayPerRequest;
  return table;
}

// What DynamoDB describes for NotesSpec(), written out by hand (attribute definitions and
// the INCLUDE list in another order than the spec: DynamoDB does not keep the order).
ddb::TableDescription NotesTable() {
  return Table(
      "t_Notes",
      {{"user_id", ddb::ScalarType::kS},
       {"note_id", ddb::ScalarType::kS},
       {"updated_at", ddb::ScalarType::kS},
       {"widget_id", ddb::ScalarType::kS}},
      {"widget_id", "note_id"},
      {Gsi("UserNotesIndex", {"user_id", "updated_at"}, Include({"tags", "title", "preview"}))});
}

ddb::TableDescription SharesTable() {
  return Table("t_Shares",
               {{"resource_ref", ddb::ScalarType::kS},
                {"grantee", ddb::ScalarType::kS},
                {"owner_id", ddb::ScalarType::kS},
                {"created_at", ddb::ScalarType::kS},
                {"grantee_id", ddb::ScalarType::kS}},
               {"resource_ref", "grantee"},
               {Gsi("SharedWithIndex", {"grantee_id", "created_at"}, All()),
                Gsi("UserSharesIndex", {"owner_id", "created_at"}, All())});
}

ddb::TableDescription PagesTable() {
  return Table("t_Pages", {{"user_id", ddb::ScalarType::kS}, {"page_id", ddb::ScalarType::kS}},
               {"user_id", "page_id"});
}

ddb::TimeToLiveDescription Ttl(std::string status, std::string attribute = "") {
  return {.status = std::move(status), .attribute_name = std::move(attribute)};
}

ddb::TimeToLiveDescription TtlOff() { return Ttl("DISABLED"); }

// The description DynamoDB gives for a table created by `request` (for round-trip checks).
ddb::TableDescription Described(const ddb::CreateTableRequest& request) {
  std::vector<ddb::IndexDescription> gsis;
  for (const ddb::SecondaryIndex& index : request.global_secondary_indexes) {
    gsis.push_back(Gsi(index.name, index.key_schema, index.projection));
  }
  std::reverse(gsis.begin(), gsis.end());
  std::vector<ddb::AttributeDefinition> definitions = request.attribute_definitions;
  std::reverse(definitions.begin(), definitions.end());
  return Table(request.table_name, definitions, request.key_schema, gsis);
}

// --- ToCreateTableRequest ------------------------------------------------------------------

ddb::ScalarType Scalar(KeyType type) {
  switch (type) {
    case KeyType::kString:
      return ddb::ScalarType::kS;
    case KeyType::kNumber:
      return ddb::ScalarType::kN;
    case KeyType::kBinary:
      return ddb::ScalarType::kB;
  }
  return ddb::ScalarType::kS;
}

// Every key attribute of the table and its GSIs, by name.
std::map<std::string, ddb::ScalarType> KeyAttributes(const TableSpec& spec) {
  std::map<std::string, ddb::ScalarType> keys;
  auto add = [&](const KeyAttribute& key) { keys.emplace(key.name, Scalar(key.type)); };
  add(spec.partition_key);
  if (spec.sort_key) add(*spec.sort_key);
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    add(index.partition_key);
    if (index.sort_key) add(*index.sort_key);
  }
  return keys;
}

// Checks `request` against `spec` attribute by attribute, derived independently of the
// code under test.
void ExpectRequestMatchesSpec(const ddb::CreateTableRequest& request, const TableSpec& spec) {
  SCOPED_TRACE(spec.name);
  EXPECT_EQ(request.table_name, spec.name);
  EXPECT_EQ(request.key_schema.partition_key, spec.partition_key.name);
  EXPECT_EQ(request.key_schema.sort_key, spec.sort_key ? spec.sort_key->name : "");
  EXPECT_EQ(request.billing_mode, ddb::BillingMode::kPayPerRequest);
  EXPECT_FALSE(request.provisioned_throughput.has_value());
  EXPECT_THAT(request.local_secondary_indexes, IsEmpty());

  // Every key attribute defined exactly once with its type, and nothing else: DynamoDB
  // rejects a definition no key uses, and a duplicate.
  std::map<std::string, ddb::ScalarType> defined;
  for (const ddb::AttributeDefinition& definition : request.attribute_definitions) {
    EXPECT_TRUE(defined.emplace(definition.name, definition.type).second)
        << definition.name << " defined twice";
  }
  EXPECT_EQ(defined, KeyAttributes(spec));

  ASSERT_EQ(request.global_secondary_indexes.size(), spec.global_secondary_indexes.size());
  for (std::size_t i = 0; i < spec.global_secondary_indexes.size(); ++i) {
    const IndexSpec& want = spec.global_secondary_indexes[i];
    const ddb::SecondaryIndex& got = request.global_secondary_indexes[i];
    SCOPED_TRACE(want.name);
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.key_schema.partition_key, want.partition_key.name);
    EXPECT_EQ(got.key_schema.sort_key, want.sort_key ? want.sort_key->name : "");
    EXPECT_FALSE(got.provisioned_throughput.has_value());
    switch (want.projection) {
      case Projection::kAll:
        EXPECT_EQ(got.projection.type, ddb::IndexProjection::Type::kAll);
        EXPECT_THAT(got.projection.non_key_attributes, IsEmpty());
        break;
      case Projection::kKeysOnly:
        EXPECT_EQ(got.projection.type, ddb::IndexProjection::Type::kKeysOnly);
        EXPECT_THAT(got.projection.non_key_attributes, IsEmpty());
        break;
      case Projection::kInclude:
        EXPECT_EQ(got.projection.type, ddb::IndexProjection::Type::kInclude);
        EXPECT_EQ(got.projection.non_key_attributes, want.included_attributes);
        break;
    }
  }
}

TEST(ToCreateTableRequest, MatchesEverySpecShape) {
  for (const TableSpec& spec : AllShapes()) {
    ExpectRequestMatchesSpec(ToCreateTableRequest(spec), spec);
  }
}

TEST(ToCreateTableRequest, HashOnlyTable) {
  ddb::CreateTableRequest request = ToCreateTableRequest(UsersSpec());
  EXPECT_EQ(request.table_name, "t_Users");
  EXPECT_EQ(request.key_schema, (ddb::KeySchema{"user_id", ""}));
  EXPECT_THAT(request.attribute_definitions,
              ElementsAre(ddb::AttributeDefinition{"user_id", ddb::ScalarType::kS}));
  EXPECT_THAT(request.global_secondary_indexes, IsEmpty());
  EXPECT_EQ(request.billing_mode, ddb::BillingMode::kPayPerRequest);
}

TEST(ToCreateTableRequest, KeyAttributeSharedByTableAndIndexIsDefinedOnce) {
  // item_ref is the table's partition key and TagItemsIndex's sort key.
  ddb::CreateTableRequest tags = ToCreateTableRequest(TagAssociationsSpec());
  EXPECT_THAT(tags.attribute_definitions,
              UnorderedElementsAre(ddb::AttributeDefinition{"item_ref", ddb::ScalarType::kS},
                                   ddb::AttributeDefinition{"tag", ddb::ScalarType::kS},
                                   ddb::AttributeDefinition{"user_tag", ddb::ScalarType::kS}));
  // created_at is the sort key of both of Shares' GSIs.
  ddb::CreateTableRequest shares = ToCreateTableRequest(SharesSpec());
  EXPECT_EQ(std::count_if(shares.attribute_definitions.begin(), shares.attribute_definitions.end(),
                          [](const auto& d) { return d.name == "created_at"; }),
            1);
  EXPECT_EQ(shares.attribute_definitions.size(), 5u);
}

TEST(ToCreateTableRequest, KeyTypesAndKeysOnlyIndexWithoutSortKey) {
  ddb::CreateTableRequest request = ToCreateTableRequest(EventsSpec());
  EXPECT_EQ(request.key_schema, (ddb::KeySchema{"stream", "sequence"}));
  EXPECT_THAT(request.attribute_definitions,
              UnorderedElementsAre(ddb::AttributeDefinition{"stream", ddb::ScalarType::kB},
                                   ddb::AttributeDefinition{"sequence", ddb::ScalarType::kN},
                                   ddb::AttributeDefinition{"kind", ddb::ScalarType::kS}));
  ASSERT_EQ(request.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(request.global_secondary_indexes[0].key_schema, (ddb::KeySchema{"kind", ""}));
  EXPECT_EQ(request.global_secondary_indexes[0].projection, KeysOnly());
}

TEST(ToCreateTableRequest, IncludeProjectionKeepsTheAttributeList) {
  ddb::CreateTableRequest request = ToCreateTableRequest(NotesSpec());
  ASSERT_EQ(request.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(request.global_secondary_indexes[0].projection, Include({"title", "preview", "tags"}));
}

// --- DescribeDrift: no drift ---------------------------------------------------------------

TEST(DescribeDrift, MatchingTableHasNone) {
  EXPECT_THAT(DescribeDrift(NotesSpec(), NotesTable(), TtlOff()), IsEmpty());
  EXPECT_THAT(DescribeDrift(PagesSpec(), PagesTable(), TtlOff()), IsEmpty());
  EXPECT_THAT(DescribeDrift(SharesSpec(), SharesTable(), Ttl("ENABLED", "expires_at")), IsEmpty());
}

TEST(DescribeDrift, TableCreatedFromTheSpecHasNone) {
  for (const TableSpec& spec : AllShapes()) {
    SCOPED_TRACE(spec.name);
    ddb::TimeToLiveDescription ttl =
        spec.ttl_attribute.empty() ? TtlOff() : Ttl("ENABLED", spec.ttl_attribute);
    EXPECT_THAT(DescribeDrift(spec, Described(ToCreateTableRequest(spec)), ttl), IsEmpty());
  }
}

TEST(DescribeDrift, TtlDisabledIsNotDrift) {
  // EnsureTables enables it; that is a change, not a difference to report.
  EXPECT_THAT(DescribeDrift(SharesSpec(), SharesTable(), TtlOff()), IsEmpty());
  EXPECT_THAT(DescribeDrift(SharesSpec(), SharesTable(), Ttl("DISABLED", "")), IsEmpty());
}

TEST(DescribeDrift, TtlBeingEnabledOnTheSpecAttributeIsNotDrift) {
  EXPECT_THAT(DescribeDrift(SharesSpec(), SharesTable(), Ttl("ENABLING", "expires_at")), IsEmpty());
}

TEST(DescribeDrift, IncludeListOrderDoesNotMatter) {
  ddb::TableDescription table = NotesTable();
  table.global_secondary_indexes[0].index.projection = Include({"preview", "tags", "title"});
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()), IsEmpty());
}

TEST(DescribeDrift, StatusAndCountsAreNotDrift) {
  ddb::TableDescription table = NotesTable();
  table.status = "UPDATING";
  table.item_count = 12;
  table.size_bytes = 3400;
  table.global_secondary_indexes[0].status = "CREATING";
  table.global_secondary_indexes[0].item_count = 5;
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()), IsEmpty());
}

// --- DescribeDrift: one line per difference -------------------------------------------------

TEST(DescribeDrift, WrongKeySchema) {
  // Pages keyed by page_id alone.
  ddb::TableDescription table =
      Table("t_Pages", {{"page_id", ddb::ScalarType::kS}}, {"page_id", ""});
  EXPECT_THAT(
      DescribeDrift(PagesSpec(), table, TtlOff()),
      ElementsAre("key schema is (HASH page_id), spec wants (HASH user_id, RANGE page_id)"));
}

TEST(DescribeDrift, MissingSortKey) {
  ddb::TableDescription table =
      Table("t_Pages", {{"user_id", ddb::ScalarType::kS}}, {"user_id", ""});
  EXPECT_THAT(
      DescribeDrift(PagesSpec(), table, TtlOff()),
      ElementsAre("key schema is (HASH user_id), spec wants (HASH user_id, RANGE page_id)"));
}

TEST(DescribeDrift, ExtraSortKey) {
  ddb::TableDescription table =
      Table("t_Users", {{"user_id", ddb::ScalarType::kS}, {"name", ddb::ScalarType::kS}},
            {"user_id", "name"});
  EXPECT_THAT(DescribeDrift(UsersSpec(), table, TtlOff()),
              ElementsAre("key schema is (HASH user_id, RANGE name), spec wants (HASH user_id)"));
}

TEST(DescribeDrift, KeyAttributeOfAnotherType) {
  ddb::TableDescription table = NotesTable();
  table.attribute_definitions[1] = {"note_id", ddb::ScalarType::kN};
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()),
              ElementsAre("attribute note_id has type N, spec wants S"));
}

TEST(DescribeDrift, IndexKeyAttributeOfAnotherType) {
  ddb::TableDescription table = NotesTable();
  table.attribute_definitions[2] = {"updated_at", ddb::ScalarType::kB};
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()),
              ElementsAre("attribute updated_at has type B, spec wants S"));
}

TEST(DescribeDrift, MissingIndex) {
  ddb::TableDescription table =
      Table("t_Notes", {{"widget_id", ddb::ScalarType::kS}, {"note_id", ddb::ScalarType::kS}},
            {"widget_id", "note_id"});
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()),
              ElementsAre("GSI UserNotesIndex is missing (spec: HASH user_id, RANGE updated_at, "
                          "projection INCLUDE [preview, tags, title])"));
}

TEST(DescribeDrift, OneOfTwoIndexesMissing) {
  ddb::TableDescription table = SharesTable();
  table.global_secondary_indexes.erase(table.global_secondary_indexes.begin());  // SharedWith
  EXPECT_THAT(DescribeDrift(SharesSpec(), table, TtlOff()),
              ElementsAre("GSI SharedWithIndex is missing (spec: HASH grantee_id, RANGE "
                          "created_at, projection ALL)"));
}

TEST(DescribeDrift, IndexWithOtherKeys) {
  ddb::TableDescription table = NotesTable();
  table.global_secondary_indexes[0].index.key_schema = {"user_id", "created_at"};
  table.attribute_definitions[2] = {"created_at", ddb::ScalarType::kS};
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()),
              ElementsAre("GSI UserNotesIndex has keys (HASH user_id, RANGE created_at), spec "
                          "wants (HASH user_id, RANGE updated_at)"));
}

TEST(DescribeDrift, IndexWithOtherProjectionType) {
  ddb::TableDescription table = NotesTable();
  table.global_secondary_indexes[0].index.projection = All();
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()),
              ElementsAre("GSI UserNotesIndex has projection ALL, spec wants INCLUDE [preview, "
                          "tags, title]"));

  table = SharesTable();
  table.global_secondary_indexes[1].index.projection = KeysOnly();
  EXPECT_THAT(DescribeDrift(SharesSpec(), table, TtlOff()),
              ElementsAre("GSI UserSharesIndex has projection KEYS_ONLY, spec wants ALL"));
}

TEST(DescribeDrift, IndexIncludingOtherAttributes) {
  ddb::TableDescription table = NotesTable();
  table.global_secondary_indexes[0].index.projection = Include({"title", "preview"});
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()),
              ElementsAre("GSI UserNotesIndex has projection INCLUDE [preview, title], spec "
                          "wants INCLUDE [preview, tags, title]"));

  table.global_secondary_indexes[0].index.projection =
      Include({"title", "preview", "tags", "body"});
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()),
              ElementsAre("GSI UserNotesIndex has projection INCLUDE [body, preview, tags, "
                          "title], spec wants INCLUDE [preview, tags, title]"));
}

TEST(DescribeDrift, IndexNotInTheSpec) {
  ddb::TableDescription table = NotesTable();
  table.global_secondary_indexes.push_back(Gsi("ByTitle", {"title", ""}, KeysOnly()));
  table.attribute_definitions.push_back({"title", ddb::ScalarType::kS});
  EXPECT_THAT(DescribeDrift(NotesSpec(), table, TtlOff()),
              ElementsAre("GSI ByTitle exists but is not in the spec"));
}

TEST(DescribeDrift, LocalSecondaryIndex) {
  ddb::TableDescription table = PagesTable();
  table.local_secondary_indexes.push_back(Gsi("ByTitle", {"user_id", "title"}, All()));
  table.attribute_definitions.push_back({"title", ddb::ScalarType::kS});
  EXPECT_THAT(DescribeDrift(PagesSpec(), table, TtlOff()),
              ElementsAre("table has 1 local secondary index(es); the spec has none"));
}

TEST(DescribeDrift, ProvisionedBilling) {
  ddb::TableDescription table = PagesTable();
  table.billing_mode = ddb::BillingMode::kProvisioned;
  table.provisioned_throughput = ddb::ProvisionedThroughput{5, 5};
  EXPECT_THAT(DescribeDrift(PagesSpec(), table, TtlOff()),
              ElementsAre("billing mode is PROVISIONED, spec wants PAY_PER_REQUEST"));
}

TEST(DescribeDrift, TtlOnAnotherAttribute) {
  EXPECT_THAT(DescribeDrift(SharesSpec(), SharesTable(), Ttl("ENABLED", "ttl")),
              ElementsAre("TTL is on attribute ttl, spec wants expires_at"));
  EXPECT_THAT(DescribeDrift(SharesSpec(), SharesTable(), Ttl("ENABLING", "ttl")),
              ElementsAre("TTL is on attribute ttl, spec wants expires_at"));
}

TEST(DescribeDrift, TtlOnATableWhoseSpecHasNone) {
  EXPECT_THAT(DescribeDrift(NotesSpec(), NotesTable(), Ttl("ENABLED", "expires_at")),
              ElementsAre("TTL is on (expires_at), the spec has none"));
}

TEST(DescribeDrift, EveryDifferenceIsItsOwnLine) {
  ddb::TableDescription table = SharesTable();
  table.key_schema = {"resource_ref", ""};
  table.attribute_definitions[0] = {"resource_ref", ddb::ScalarType::kN};
  table.global_secondary_indexes.erase(table.global_secondary_indexes.begin());
  table.global_secondary_indexes[0].index.projection = KeysOnly();
  table.global_secondary_indexes.push_back(Gsi("Old", {"owner_id", ""}, All()));
  table.billing_mode = ddb::BillingMode::kProvisioned;
  EXPECT_THAT(
      DescribeDrift(SharesSpec(), table, Ttl("ENABLED", "expiry")),
      ElementsAre(
          "key schema is (HASH resource_ref), spec wants (HASH resource_ref, RANGE grantee)",
          "attribute resource_ref has type N, spec wants S",
          "GSI UserSharesIndex has projection KEYS_ONLY, spec wants ALL",
          "GSI SharedWithIndex is missing (spec: HASH grantee_id, RANGE created_at, projection "
          "ALL)",
          "GSI Old exists but is not in the spec",
          "billing mode is PROVISIONED, spec wants PAY_PER_REQUEST",
          "TTL is on attribute expiry, spec wants expires_at"));
}

// --- ActionName, EnsureReport -----------------------------------------------------------------

TEST(ActionName, NamesEveryActionDistinctly) {
  // These are the "action" values of `homeboard init-db --json`: a contract.
  EXPECT_EQ(ActionName(Action::kUnchanged), "unchanged");
  EXPECT_EQ(ActionName(Action::kCreated), "created");
  EXPECT_EQ(ActionName(Action::kTtlEnabled), "ttl_enabled");
  EXPECT_EQ(ActionName(Action::kWouldCreate), "would_create");
  EXPECT_EQ(ActionName(Action::kWouldEnableTtl), "would_enable_ttl");
  EXPECT_EQ(ActionName(Action::kDrift), "drift");
}

EnsureReport ReportOf(const std::vector<Action>& actions) {
  EnsureReport report;
  for (Action action : actions) report.tables.push_back({.table = "t", .action = action});
  return report;
}

TEST(EnsureReport, ChangedAndHasDrift) {
  EXPECT_FALSE(ReportOf({}).Changed());
  EXPECT_FALSE(ReportOf({}).HasDrift());
  EXPECT_FALSE(ReportOf({Action::kUnchanged, Action::kUnchanged}).Changed());
  EXPECT_TRUE(ReportOf({Action::kUnchanged, Action::kCreated}).Changed());
  EXPECT_TRUE(ReportOf({Action::kTtlEnabled}).Changed());
  // A dry run changes nothing.
  EXPECT_FALSE(ReportOf({Action::kWouldCreate, Action::kWouldEnableTtl}).Changed());
  EXPECT_FALSE(ReportOf({Action::kWouldCreate, Action::kWouldEnableTtl}).HasDrift());
  EXPECT_TRUE(ReportOf({Action::kCreated, Action::kDrift}).HasDrift());
  EXPECT_FALSE(ReportOf({Action::kDrift}).Changed());
}

// --- EnsureTables against a scripted fake DynamoDB ---------------------------------------------

constexpr char kTypePrefix[] = "com.amazonaws.dynamodb.v20120810#";

ddb::HttpResponse Ok(std::string body) {
  ddb::HttpResponse response;
  response.status = 200;
  response.headers = {{"content-type", "application/x-amz-json-1.0"}};
  response.body = std::move(body);
  return response;
}

ddb::HttpResponse Fail(std::string_view code, std::string_view message = "injected") {
  ddb::HttpResponse response;
  response.status = 400;
  response.headers = {{"content-type", "application/x-amz-json-1.0"}};
  response.body = std::string(R"({"__type":")") + kTypePrefix + std::string(code) +
                  R"(","message":")" + std::string(message) + R"("})";
  return response;
}

// The wire description of a hash-only "id" (S) table, on-demand.
std::string TableJson(std::string_view name, std::string_view status) {
  return std::string(R"({"TableName":")") + std::string(name) + R"(","TableStatus":")" +
         std::string(status) +
         R"(","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
         R"("AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
         R"("BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"}})";
}

TableSpec HashSpec(std::string name, std::string ttl_attribute = "") {
  return {
      .name = std::move(name), .partition_key = S("id"), .ttl_attribute = std::move(ttl_attribute)};
}

// DescribeTable's answer for that table; CreateTable's is the same under "TableDescription".
ddb::HttpResponse DescribeTableAnswer(std::string_view name, std::string_view status) {
  return Ok(R"({"Table":)" + TableJson(name, status) + "}");
}

// A transport answering from a handler, recording "<Operation> <TableName>" per request.
class ScriptedDynamoDb final : public ddb::HttpTransport {
 public:
  using Handler = std::function<ddb::HttpResponse(
      const std::string& operation, const std::string& table, const std::string& body)>;
  explicit ScriptedDynamoDb(Handler handler) : handler_(std::move(handler)) {}

  ddb::Result<ddb::HttpResponse> Send(const ddb::HttpRequest& request) override {
    std::string operation;
    for (const auto& [name, value] : request.headers) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (lower == "x-amz-target") operation = value.substr(value.find('.') + 1);
    }
    // Every table operation names its table in "TableName".
    std::string table;
    constexpr std::string_view kTableName = R"("TableName":")";
    std::size_t at = request.body.find(kTableName);
    if (at != std::string::npos) {
      at += kTableName.size();
      table = request.body.substr(at, request.body.find('"', at) - at);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(operation + " " + table);
    return handler_(operation, table, request.body);
  }

  std::vector<std::string> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

 private:
  Handler handler_;
  mutable std::mutex mutex_;
  std::vector<std::string> calls_;
};

class EnsureTablesFakeTest : public ::testing::Test {
 protected:
  std::unique_ptr<ddb::Client> MakeClient(std::shared_ptr<ScriptedDynamoDb> transport) {
    ddb::ClientOptions options;
    options.endpoint = "http://dynamodb.invalid:8000";
    options.region = "us-east-1";
    options.credentials = std::make_shared<ddb::StaticCredentialsProvider>(
        ddb::Credentials{.access_key_id = "AKID", .secret_access_key = "secret"});
    options.transport = std::move(transport);
    options.clock = clock_;
    options.sleeper = sleeper_;
    options.random = std::make_shared<testing::FakeRandom>();
    auto client = ddb::Client::Create(options);
    EXPECT_TRUE(client.ok()) << client.error().ToString();
    return client.ok() ? std::move(*client) : nullptr;
  }

  std::shared_ptr<testing::FakeClock> clock_ = std::make_shared<testing::FakeClock>();
  std::shared_ptr<testing::FakeSleeper> sleeper_ = std::make_shared<testing::FakeSleeper>(clock_);
};

TEST_F(EnsureTablesFakeTest, PermissionErrorStopsBeforeCreatingAnything) {
  auto dynamo = std::make_shared<ScriptedDynamoDb>(
      [](const std::string& operation, const std::string&, const std::string&) {
        return operation == "DescribeTable" ? Fail(ddb::errc::kAccessDenied, "no")
                                            : Fail("UnexpectedCall");
      });
  auto client = MakeClient(dynamo);
  ASSERT_NE(client, nullptr);
  ddb::Result<EnsureReport> report =
      EnsureTables(*client, {HashSpec("a"), HashSpec("b")}, EnsureOptions{});
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(report.error().Is(ddb::errc::kAccessDenied)) << report.error().ToString();
  EXPECT_THAT(dynamo->calls(), ElementsAre("DescribeTable a"));
}

TEST_F(EnsureTablesFakeTest, DescribeTimeToLiveErrorIsReturned) {
  auto dynamo = std::make_shared<ScriptedDynamoDb>(
      [](const std::string& operation, const std::string& table, const std::string&) {
        if (operation == "DescribeTable") return DescribeTableAnswer(table, "ACTIVE");
        return Fail(ddb::errc::kAccessDenied, "no ttl for you");
      });
  auto client = MakeClient(dynamo);
  ASSERT_NE(client, nullptr);
  ddb::Result<EnsureReport> report = EnsureTables(*client, {HashSpec("a", "exp")}, {});
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(report.error().Is(ddb::errc::kAccessDenied));
  EXPECT_THAT(report.error().message(), HasSubstr("no ttl for you"));
}

// Another process creates the table between our DescribeTable and CreateTable: its
// ResourceInUseException is not a failure; we wait for the table like for our own.
TEST_F(EnsureTablesFakeTest, CreateRaceIsToleratedAndTheTableAwaited) {
  int describes = 0;
  auto dynamo = std::make_shared<ScriptedDynamoDb>(
      [&](const std::string& operation, const std::string& table, const std::string& body) {
        if (operation == "DescribeTable") {
          ++describes;
          if (describes == 1) return Fail(ddb::errc::kResourceNotFound);
          return DescribeTableAnswer(table, describes == 2 ? "CREATING" : "ACTIVE");
        }
        if (operation == "CreateTable") return Fail(ddb::errc::kResourceInUse, "in use");
        if (operation == "UpdateTimeToLive") {
          EXPECT_THAT(body, HasSubstr(R"("AttributeName":"exp")"));
          EXPECT_THAT(body, HasSubstr(R"("Enabled":true)"));
          return Ok(R"({"TimeToLiveSpecification":{"AttributeName":"exp","Enabled":true}})");
        }
        return Fail("UnexpectedCall");
      });
  auto client = MakeClient(dynamo);
  ASSERT_NE(client, nullptr);
  ASSERT_OK_AND_ASSIGN(EnsureReport report, EnsureTables(*client, {HashSpec("a", "exp")}, {}));
  ASSERT_EQ(report.tables.size(), 1u);
  EXPECT_EQ(report.tables[0].action, Action::kCreated);
  EXPECT_THAT(report.tables[0].details, ElementsAre("HASH id with 0 GSI(s)", "TTL on exp"));
  EXPECT_THAT(dynamo->calls(), ElementsAre("DescribeTable a", "CreateTable a", "DescribeTable a",
                                           "DescribeTable a", "UpdateTimeToLive a"));
}

TEST_F(EnsureTablesFakeTest, CreateErrorIsReturned) {
  auto dynamo = std::make_shared<ScriptedDynamoDb>(
      [](const std::string& operation, const std::string&, const std::string&) {
        if (operation == "DescribeTable") return Fail(ddb::errc::kResourceNotFound);
        return Fail("ValidationException", "One or more parameter values were invalid");
      });
  auto client = MakeClient(dynamo);
  ASSERT_NE(client, nullptr);
  ddb::Result<EnsureReport> report = EnsureTables(*client, {HashSpec("a", "exp")}, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code(), "ValidationException");
  for (const std::string& call : dynamo->calls()) {
    EXPECT_EQ(call.rfind("UpdateTimeToLive", 0), std::string::npos) << call;
  }
}

TEST_F(EnsureTablesFakeTest, TableThatNeverBecomesActiveTimesOut) {
  auto dynamo = std::make_shared<ScriptedDynamoDb>([created = false](const std::string& operation,
                                                                     const std::string& table,
                                                                     const std::string&) mutable {
    if (operation == "DescribeTable") {
      if (!created) return Fail(ddb::errc::kResourceNotFound);
      return DescribeTableAnswer(table, "CREATING");
    }
    if (operation == "CreateTable") {
      created = true;
      return Ok(R"({"TableDescription":)" + TableJson(table, "CREATING") + "}");
    }
    return Fail("UnexpectedCall");
  });
  auto client = MakeClient(dynamo);
  ASSERT_NE(client, nullptr);
  EnsureOptions options;
  options.wait_timeout = std::chrono::seconds(10);
  options.poll_interval = std::chrono::seconds(1);
  ddb::Result<EnsureReport> report = EnsureTables(*client, {HashSpec("a")}, options);
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(report.error().Is(ddb::errc::kDeadlineExceeded)) << report.error().ToString();
}

// A table that exists but is still CREATING (another init-db is creating it, or a run was
// interrupted while waiting) takes no UpdateTimeToLive yet: DynamoDB refuses it with
// ResourceInUseException. EnsureTables waits until the table is ACTIVE first.
TEST_F(EnsureTablesFakeTest, TtlOfATableStillBeingCreatedIsEnabledOnceActive) {
  int describes = 0;
  bool seen_active = false;
  auto dynamo = std::make_shared<ScriptedDynamoDb>(
      [&](const std::string& operation, const std::string& table, const std::string&) {
        if (operation == "DescribeTable") {
          ++describes;
          seen_active = describes >= 3;
          return DescribeTableAnswer(table, seen_active ? "ACTIVE" : "CREATING");
        }
        if (operation == "DescribeTimeToLive") {
          return Ok(R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
        }
        if (operation == "UpdateTimeToLive") {
          if (!seen_active) return Fail(ddb::errc::kResourceInUse, "table is being created");
          return Ok(R"({"TimeToLiveSpecification":{"AttributeName":"exp","Enabled":true}})");
        }
        return Fail("UnexpectedCall");
      });
  auto client = MakeClient(dynamo);
  ASSERT_NE(client, nullptr);
  ASSERT_OK_AND_ASSIGN(EnsureReport report, EnsureTables(*client, {HashSpec("a", "exp")}, {}));
  ASSERT_EQ(report.tables.size(), 1u);
  EXPECT_EQ(report.tables[0].action, Action::kTtlEnabled);
  EXPECT_THAT(dynamo->calls(),
              ElementsAre("DescribeTable a", "DescribeTimeToLive a", "DescribeTable a",
                          "DescribeTable a", "UpdateTimeToLive a"));
}

// A dry run only reads: no CreateTable, no UpdateTimeToLive, whatever it finds.
TEST_F(EnsureTablesFakeTest, DryRunOnlyDescribes) {
  auto dynamo = std::make_shared<ScriptedDynamoDb>(
      [](const std::string& operation, const std::string& table, const std::string&) {
        if (operation == "DescribeTable") {
          if (table == "missing") return Fail(ddb::errc::kResourceNotFound);
          return DescribeTableAnswer(table, "ACTIVE");
        }
        if (operation == "DescribeTimeToLive") {
          return Ok(R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
        }
        return Fail("UnexpectedCall");
      });
  auto client = MakeClient(dynamo);
  ASSERT_NE(client, nullptr);
  ASSERT_OK_AND_ASSIGN(
      EnsureReport report,
      EnsureTables(*client, {HashSpec("missing"), HashSpec("ttl_off", "exp"), HashSpec("same")},
                   {.dry_run = true}));
  ASSERT_EQ(report.tables.size(), 3u);
  EXPECT_EQ(report.tables[0].action, Action::kWouldCreate);
  EXPECT_EQ(report.tables[1].action, Action::kWouldEnableTtl);
  EXPECT_THAT(report.tables[1].details, ElementsAre("TTL on exp"));
  EXPECT_EQ(report.tables[2].action, Action::kUnchanged);
  EXPECT_THAT(report.tables[2].details, IsEmpty());
  EXPECT_FALSE(report.Changed());
  EXPECT_THAT(dynamo->calls(), ElementsAre("DescribeTable missing", "DescribeTable ttl_off",
                                           "DescribeTimeToLive ttl_off", "DescribeTable same",
                                           "DescribeTimeToLive same"));
}

// A table that differs from its spec is never written to, not even to enable its TTL.
TEST_F(EnsureTablesFakeTest, DriftedTableIsNotTouched) {
  auto dynamo = std::make_shared<ScriptedDynamoDb>(
      [](const std::string& operation, const std::string& table, const std::string&) {
        if (operation == "DescribeTable") return DescribeTableAnswer(table, "ACTIVE");
        if (operation == "DescribeTimeToLive") {
          return Ok(R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
        }
        return Fail("UnexpectedCall");
      });
  auto client = MakeClient(dynamo);
  ASSERT_NE(client, nullptr);
  TableSpec spec = HashSpec("a", "exp");
  spec.sort_key = S("sk");
  ASSERT_OK_AND_ASSIGN(EnsureReport report, EnsureTables(*client, {spec}, {}));
  ASSERT_EQ(report.tables.size(), 1u);
  EXPECT_EQ(report.tables[0].action, Action::kDrift);
  EXPECT_THAT(report.tables[0].details,
              ElementsAre("key schema is (HASH id), spec wants (HASH id, RANGE sk)"));
  EXPECT_TRUE(report.HasDrift());
  EXPECT_FALSE(report.Changed());
  EXPECT_THAT(dynamo->calls(), ElementsAre("DescribeTable a", "DescribeTimeToLive a"));
}

}  // namespace
}  // namespace homeboard::store::dynamo
