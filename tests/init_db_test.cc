// Integration tests of table creation against DynamoDB Local: EnsureTables creates the ten
// tables exactly as their specs say (checked against the specs attribute by attribute, not
// against hard-coded expectations), is a no-op the second time, reports drift precisely
// without touching drifted tables or their data, creates nothing on a dry run, keeps table
// prefixes apart and enables a TTL that is off. Then the real `homeboard init-db` executable
// end to end: output, --json, --dry-run and its exit codes.
//
// Every test works under its own random table prefix, so tests run in parallel against one
// shared DynamoDB Local; TearDown deletes every table carrying one of the test's prefixes.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <simdjson.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <vector>

#include "ddb/client.h"
#include "ddb/internal/crypto.h"
#include "homeboard_process.h"
#include "ddb_test_util.h"
#include "model/tables.h"
#include "store/dynamo/schema.h"
#include "testing/dynamodb_local.h"
#include "testing/status_matchers.h"

#ifndef HOMEBOARD_BINARY
#error "HOMEBOARD_BINARY must name the homeboard executable (tests/CMakeLists.txt sets it)"
#endif


namespace homeboard {
namespace {

using store::IndexSpec;
using store::TableSpec;
using store::dynamo::EnsureOptions;
using store::dynamo::EnsureReport;
using store::dynamo::EnsureTables;
using store::dynamo::TableOutcome;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Action = TableOutcome::Action;

// --- Comparing a live table with its spec ------------------------------------------------------

ddb::ScalarType Scalar(store::KeyType type) {
  switch (type) {
    case store::KeyType::kString:
      return ddb::ScalarType::kS;
    case store::KeyType::kNumber:
      return ddb::ScalarType::kN;
    case store::KeyType::kBinary:
      return ddb::ScalarType::kB;
  }
  return ddb::ScalarType::kS;
}

std::string KeyName(const std::optional<store::KeyAttribute>& key) { return key ? key->name : ""; }

// The key attributes of the table and its GSIs: what AttributeDefinitions must hold.
std::map<std::string, ddb::ScalarType> KeyAttributes(const TableSpec& spec) {
  std::map<std::string, ddb::ScalarType> keys;
  auto add = [&](const store::KeyAttribute& key) { keys.emplace(key.name, Scalar(key.type)); };
  add(spec.partition_key);
  if (spec.sort_key) add(*spec.sort_key);
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    add(index.partition_key);
    if (index.sort_key) add(*index.sort_key);
  }
  return keys;
}

ddb::IndexProjection::Type ProjectionType(IndexSpec::Projection projection) {
  switch (projection) {
    case IndexSpec::Projection::kAll:
      return ddb::IndexProjection::Type::kAll;
    case IndexSpec::Projection::kKeysOnly:
      return ddb::IndexProjection::Type::kKeysOnly;
    case IndexSpec::Projection::kInclude:
      return ddb::IndexProjection::Type::kInclude;
  }
  return ddb::IndexProjection::Type::kAll;
}

// DescribeTable and DescribeTimeToLive of spec.name say what the spec says: keys, attribute
// definitions, every GSI (keys, projection, INCLUDE list), on-demand billing, TTL.
void ExpectTableMatchesSpec(ddb::Client& client, const TableSpec& spec) {
  SCOPED_TRACE("table " + spec.name);
  ASSERT_OK_AND_ASSIGN(ddb::TableDescription table, client.DescribeTable(spec.name));
  EXPECT_EQ(table.table_name, spec.name);
  EXPECT_EQ(table.status, "ACTIVE");
  EXPECT_EQ(table.key_schema.partition_key, spec.partition_key.name);
  EXPECT_EQ(table.key_schema.sort_key, KeyName(spec.sort_key));

  std::map<std::string, ddb::ScalarType> defined;
  for (const ddb::AttributeDefinition& definition : table.attribute_definitions) {
    EXPECT_TRUE(defined.emplace(definition.name, definition.type).second) << definition.name;
  }
  EXPECT_EQ(defined, KeyAttributes(spec));

  EXPECT_EQ(table.billing_mode, ddb::BillingMode::kPayPerRequest);
  EXPECT_THAT(table.local_secondary_indexes, IsEmpty());

  EXPECT_EQ(table.global_secondary_indexes.size(), spec.global_secondary_indexes.size());
  for (const IndexSpec& want : spec.global_secondary_indexes) {
    SCOPED_TRACE("index " + want.name);
    auto found =
        std::find_if(table.global_secondary_indexes.begin(), table.global_secondary_indexes.end(),
                     [&](const ddb::IndexDescription& d) { return d.index.name == want.name; });
    ASSERT_NE(found, table.global_secondary_indexes.end());
    const ddb::SecondaryIndex& got = found->index;
    EXPECT_EQ(found->status, "ACTIVE");
    EXPECT_EQ(got.key_schema.partition_key, want.partition_key.name);
    EXPECT_EQ(got.key_schema.sort_key, KeyName(want.sort_key));
    EXPECT_EQ(got.projection.type, ProjectionType(want.projection));
    EXPECT_EQ(
        std::set<std::string>(got.projection.non_key_attributes.begin(),
                              got.projection.non_key_attributes.end()),
        std::set<std::string>(want.included_attributes.begin(), want.included_attributes.end()));
    EXPECT_FALSE(got.provisioned_throughput.has_value() &&
                 (got.provisioned_throughput->read_capacity_units != 0 ||
                  got.provisioned_throughput->write_capacity_units != 0));
  }

  ASSERT_OK_AND_ASSIGN(ddb::TimeToLiveDescription ttl, client.DescribeTimeToLive(spec.name));
  if (spec.ttl_attribute.empty()) {
    EXPECT_EQ(ttl.status, "DISABLED");
  } else {
    EXPECT_THAT(ttl.status, AnyOf("ENABLED", "ENABLING"));
    EXPECT_EQ(ttl.attribute_name, spec.ttl_attribute);
  }
}

const TableOutcome* FindOutcome(const EnsureReport& report, const std::string& table) {
  for (const TableOutcome& outcome : report.tables) {
    if (outcome.table == table) return &outcome;
  }
  return nullptr;
}

// --- Running the homeboard executable ------------------------------------------------------------

using testing::Describe;
using testing::RunResult;

RunResult RunHomeboard(const std::vector<std::string>& args) {
  return testing::RunHomeboard(HOMEBOARD_BINARY, args);
}

// The report line of `table` in init-db's text output: "<action> <table> [details]".
std::string ActionOf(const std::string& output, const std::string& table) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string action;
    std::string name;
    if (words >> action >> name && name == table) return action;
  }
  return "";
}

// --- Fixture -------------------------------------------------------------------------------------

class InitDbTest : public testing::DdbIntegrationTest {
 protected:
  void TearDown() override {
    if (client_ != nullptr && !prefixes_.empty()) {
      ddb::Result<std::vector<std::string>> tables = client_->ListAllTables();
      if (!tables.ok()) {
        ADD_FAILURE() << "cleanup: " << tables.error().ToString();
      } else {
        for (const std::string& table : *tables) {
          if (HasOurPrefix(table)) DeleteTableAtTearDown(table);
        }
      }
    }
    DdbIntegrationTest::TearDown();
  }

  // A fresh random prefix, e.g. "hbinit_a_3f9c0b12d4e5_"; its tables are deleted in TearDown.
  std::string NewPrefix(std::string_view label = "t") {
    std::string prefix = "hbinit_" + std::string(label) + "_" +
                         ddb::internal::HexEncode(ddb::internal::RandomBytes(6)) + "_";
    EXPECT_TRUE(model::IsValidTablePrefix(prefix)) << prefix;
    prefixes_.push_back(prefix);
    return prefix;
  }

  bool HasOurPrefix(const std::string& table) const {
    return std::any_of(prefixes_.begin(), prefixes_.end(),
                       [&](const std::string& p) { return table.rfind(p, 0) == 0; });
  }

  std::vector<std::string> TablesWithPrefix(const std::string& prefix) {
    ddb::Result<std::vector<std::string>> tables = client().ListAllTables();
    EXPECT_TRUE(tables.ok()) << tables.error().ToString();
    std::vector<std::string> ours;
    if (!tables.ok()) return ours;
    for (const std::string& table : *tables) {
      if (table.rfind(prefix, 0) == 0) ours.push_back(table);
    }
    std::sort(ours.begin(), ours.end());
    return ours;
  }

  static std::vector<std::string> SpecNames(const std::vector<TableSpec>& specs) {
    std::vector<std::string> names;
    for (const TableSpec& spec : specs) names.push_back(spec.name);
    std::sort(names.begin(), names.end());
    return names;
  }

  static const TableSpec& SpecOf(const std::vector<TableSpec>& specs, std::string_view base,
                                 const std::string& prefix) {
    for (const TableSpec& spec : specs) {
      if (spec.name == prefix + std::string(base)) return spec;
    }
    ADD_FAILURE() << "no spec for " << base;
    return specs.front();
  }

  // Creates `request` by hand, outside EnsureTables, and waits until it is ACTIVE.
  void CreateByHand(const ddb::CreateTableRequest& request) {
    ASSERT_OK(client().CreateTable(request));
    ASSERT_OK(client().WaitUntilTableActive(request.table_name, std::chrono::minutes(5),
                                            std::chrono::milliseconds(200)));
  }

  ddb::Result<EnsureReport> Ensure(const std::vector<TableSpec>& specs, bool dry_run = false) {
    EnsureOptions options;
    options.dry_run = dry_run;
    options.poll_interval = std::chrono::milliseconds(100);
    return EnsureTables(client(), specs, options);
  }

 private:
  std::vector<std::string> prefixes_;
};

// --- EnsureTables ------------------------------------------------------------------------------

TEST_F(InitDbTest, CreatesEveryTableExactlyAsSpecified) {
  const std::string prefix = NewPrefix();
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  ASSERT_OK_AND_ASSIGN(EnsureReport report, Ensure(specs));

  ASSERT_EQ(report.tables.size(), specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    SCOPED_TRACE(specs[i].name);
    EXPECT_EQ(report.tables[i].table, specs[i].name);  // spec order
    EXPECT_EQ(report.tables[i].action, Action::kCreated);
    if (!specs[i].ttl_attribute.empty()) {
      EXPECT_THAT(report.tables[i].details,
                  ::testing::Contains("TTL on " + specs[i].ttl_attribute));
    }
  }
  EXPECT_TRUE(report.Changed());
  EXPECT_FALSE(report.HasDrift());

  EXPECT_EQ(TablesWithPrefix(prefix), SpecNames(specs));
  for (const TableSpec& spec : specs) ExpectTableMatchesSpec(client(), spec);
}

TEST_F(InitDbTest, SecondRunIsANoOp) {
  const std::string prefix = NewPrefix();
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  ASSERT_OK(Ensure(specs));
  ASSERT_OK_AND_ASSIGN(EnsureReport again, Ensure(specs));
  ASSERT_EQ(again.tables.size(), specs.size());
  for (const TableOutcome& outcome : again.tables) {
    EXPECT_EQ(outcome.action, Action::kUnchanged) << outcome.table;
    EXPECT_THAT(outcome.details, IsEmpty()) << outcome.table;
  }
  EXPECT_FALSE(again.Changed());
  EXPECT_FALSE(again.HasDrift());
  EXPECT_EQ(TablesWithPrefix(prefix), SpecNames(specs));
}

TEST_F(InitDbTest, DriftIsReportedAndDriftedTablesAreLeftAlone) {
  const std::string prefix = NewPrefix();
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  const std::string pages = prefix + std::string(model::kPagesTable);
  const std::string notes = prefix + std::string(model::kNotesTable);

  // Pages keyed by page_id alone, holding an item.
  ddb::CreateTableRequest wrong_key;
  wrong_key.table_name = pages;
  wrong_key.attribute_definitions = {{"page_id", ddb::ScalarType::kS}};
  wrong_key.key_schema = {"page_id", ""};
  ASSERT_NO_FATAL_FAILURE(CreateByHand(wrong_key));
  ddb::PutItemRequest put;
  put.table_name = pages;
  put.item = {{"page_id", ddb::AttributeValue::S("p1")},
              {"title", ddb::AttributeValue::S("keep me")}};
  ASSERT_OK(client().PutItem(put));

  // Notes as specified, minus its GSI.
  ddb::CreateTableRequest no_index =
      store::dynamo::ToCreateTableRequest(SpecOf(specs, model::kNotesTable, prefix));
  no_index.global_secondary_indexes.clear();
  no_index.attribute_definitions = {{"widget_id", ddb::ScalarType::kS},
                                    {"note_id", ddb::ScalarType::kS}};
  ASSERT_NO_FATAL_FAILURE(CreateByHand(no_index));
  ddb::PutItemRequest note;
  note.table_name = notes;
  note.item = {{"widget_id", ddb::AttributeValue::S("w1")},
               {"note_id", ddb::AttributeValue::S("n1")},
               {"body", ddb::AttributeValue::S("still here")}};
  ASSERT_OK(client().PutItem(note));

  ASSERT_OK_AND_ASSIGN(EnsureReport report, Ensure(specs));
  EXPECT_TRUE(report.HasDrift());
  EXPECT_TRUE(report.Changed());
  ASSERT_EQ(report.tables.size(), specs.size());
  for (const TableOutcome& outcome : report.tables) {
    if (outcome.table == pages) {
      EXPECT_EQ(outcome.action, Action::kDrift);
      EXPECT_THAT(outcome.details,
                  ElementsAre("key schema is (HASH page_id), spec wants (HASH user_id, RANGE "
                              "page_id)"));
    } else if (outcome.table == notes) {
      EXPECT_EQ(outcome.action, Action::kDrift);
      EXPECT_THAT(outcome.details,
                  ElementsAre("GSI UserNotesIndex is missing (spec: HASH user_id, RANGE "
                              "updated_at, projection INCLUDE [created_at, order_key, page_id, "
                              "preview, tags, title])"));
    } else {
      EXPECT_EQ(outcome.action, Action::kCreated) << outcome.table;
    }
  }

  // The other eight exist as specified; the two drifted ones are as they were, data and all.
  EXPECT_EQ(TablesWithPrefix(prefix), SpecNames(specs));
  for (const TableSpec& spec : specs) {
    if (spec.name != pages && spec.name != notes) ExpectTableMatchesSpec(client(), spec);
  }
  ASSERT_OK_AND_ASSIGN(ddb::TableDescription pages_now, client().DescribeTable(pages));
  EXPECT_EQ(pages_now.key_schema, wrong_key.key_schema);
  ASSERT_OK_AND_ASSIGN(ddb::TableDescription notes_now, client().DescribeTable(notes));
  EXPECT_THAT(notes_now.global_secondary_indexes, IsEmpty());

  ddb::GetItemRequest get;
  get.table_name = pages;
  get.key = {{"page_id", ddb::AttributeValue::S("p1")}};
  get.consistent_read = true;
  ASSERT_OK_AND_ASSIGN(ddb::GetItemResponse page_item, client().GetItem(get));
  ASSERT_TRUE(page_item.item.has_value());
  EXPECT_EQ(page_item.item->at("title"), ddb::AttributeValue::S("keep me"));
  get.table_name = notes;
  get.key = {{"widget_id", ddb::AttributeValue::S("w1")},
             {"note_id", ddb::AttributeValue::S("n1")}};
  ASSERT_OK_AND_ASSIGN(ddb::GetItemResponse note_item, client().GetItem(get));
  ASSERT_TRUE(note_item.item.has_value());
  EXPECT_EQ(note_item.item->at("body"), ddb::AttributeValue::S("still here"));

  // A second run reports the same drift and changes nothing else.
  ASSERT_OK_AND_ASSIGN(EnsureReport again, Ensure(specs));
  EXPECT_FALSE(again.Changed());
  EXPECT_EQ(FindOutcome(again, pages)->action, Action::kDrift);
  EXPECT_EQ(FindOutcome(again, notes)->action, Action::kDrift);
}

TEST_F(InitDbTest, TtlOnAnotherAttributeIsDrift) {
  const std::string prefix = NewPrefix();
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  const TableSpec& shares = SpecOf(specs, model::kSharesTable, prefix);
  ASSERT_NO_FATAL_FAILURE(CreateByHand(store::dynamo::ToCreateTableRequest(shares)));
  ASSERT_OK(client().UpdateTimeToLive(
      {.table_name = shares.name, .attribute_name = "purge_at", .enabled = true}));

  ASSERT_OK_AND_ASSIGN(EnsureReport report, Ensure(specs));
  const TableOutcome* outcome = FindOutcome(report, shares.name);
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->action, Action::kDrift);
  EXPECT_THAT(outcome->details, ElementsAre("TTL is on attribute purge_at, spec wants expires_at"));
  ASSERT_OK_AND_ASSIGN(ddb::TimeToLiveDescription ttl, client().DescribeTimeToLive(shares.name));
  EXPECT_EQ(ttl.attribute_name, "purge_at");
}

TEST_F(InitDbTest, DryRunCreatesNothing) {
  const std::string prefix = NewPrefix();
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  ASSERT_OK_AND_ASSIGN(EnsureReport report, Ensure(specs, /*dry_run=*/true));
  ASSERT_EQ(report.tables.size(), specs.size());
  for (const TableOutcome& outcome : report.tables) {
    EXPECT_EQ(outcome.action, Action::kWouldCreate) << outcome.table;
  }
  EXPECT_FALSE(report.Changed());
  EXPECT_FALSE(report.HasDrift());
  EXPECT_THAT(TablesWithPrefix(prefix), IsEmpty());
}

TEST_F(InitDbTest, DryRunLeavesADisabledTtlOff) {
  const std::string prefix = NewPrefix();
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  const TableSpec& shares = SpecOf(specs, model::kSharesTable, prefix);
  ASSERT_NO_FATAL_FAILURE(CreateByHand(store::dynamo::ToCreateTableRequest(shares)));

  ASSERT_OK_AND_ASSIGN(EnsureReport report, Ensure(specs, /*dry_run=*/true));
  EXPECT_EQ(FindOutcome(report, shares.name)->action, Action::kWouldEnableTtl);
  EXPECT_EQ(TablesWithPrefix(prefix), std::vector<std::string>{shares.name});
  ASSERT_OK_AND_ASSIGN(ddb::TimeToLiveDescription ttl, client().DescribeTimeToLive(shares.name));
  EXPECT_EQ(ttl.status, "DISABLED");
}

TEST_F(InitDbTest, DisabledTtlGetsEnabled) {
  const std::string prefix = NewPrefix();
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  std::set<std::string> with_ttl;
  for (const TableSpec& spec : specs) {
    if (spec.ttl_attribute.empty()) continue;
    with_ttl.insert(spec.name);
    ASSERT_NO_FATAL_FAILURE(CreateByHand(store::dynamo::ToCreateTableRequest(spec)));
    ASSERT_OK_AND_ASSIGN(ddb::TimeToLiveDescription off, client().DescribeTimeToLive(spec.name));
    ASSERT_EQ(off.status, "DISABLED");
  }
  ASSERT_EQ(with_ttl.size(), 2u);  // Shares and ApiTokens

  ASSERT_OK_AND_ASSIGN(EnsureReport report, Ensure(specs));
  for (const TableOutcome& outcome : report.tables) {
    if (with_ttl.count(outcome.table) > 0) {
      EXPECT_EQ(outcome.action, Action::kTtlEnabled) << outcome.table;
      EXPECT_THAT(outcome.details, ElementsAre("TTL on expires_at")) << outcome.table;
    } else {
      EXPECT_EQ(outcome.action, Action::kCreated) << outcome.table;
    }
  }
  EXPECT_TRUE(report.Changed());
  for (const TableSpec& spec : specs) ExpectTableMatchesSpec(client(), spec);

  ASSERT_OK_AND_ASSIGN(EnsureReport again, Ensure(specs));
  EXPECT_FALSE(again.Changed());
}

TEST_F(InitDbTest, PrefixesAreIsolated) {
  const std::string prefix_a = NewPrefix("a");
  const std::string prefix_b = NewPrefix("b");
  const std::vector<TableSpec> specs_a = model::AllTableSpecs(model::TableNames(prefix_a));
  const std::vector<TableSpec> specs_b = model::AllTableSpecs(model::TableNames(prefix_b));
  ASSERT_OK(Ensure(specs_a));
  ASSERT_OK_AND_ASSIGN(EnsureReport report_b, Ensure(specs_b));
  for (const TableOutcome& outcome : report_b.tables) {
    EXPECT_EQ(outcome.action, Action::kCreated) << outcome.table;  // a's tables don't count
  }
  EXPECT_EQ(TablesWithPrefix(prefix_a), SpecNames(specs_a));
  EXPECT_EQ(TablesWithPrefix(prefix_b), SpecNames(specs_b));

  for (const TableSpec& spec : specs_a) ASSERT_OK(client().DeleteTable(spec.name));
  for (const TableSpec& spec : specs_a) {
    ASSERT_OK(client().WaitUntilTableDeleted(spec.name, std::chrono::minutes(5),
                                             std::chrono::milliseconds(100)));
  }
  EXPECT_THAT(TablesWithPrefix(prefix_a), IsEmpty());
  EXPECT_EQ(TablesWithPrefix(prefix_b), SpecNames(specs_b));
  ASSERT_OK_AND_ASSIGN(EnsureReport b_again, Ensure(specs_b));
  EXPECT_FALSE(b_again.Changed());
  ASSERT_OK_AND_ASSIGN(EnsureReport a_again, Ensure(specs_a, /*dry_run=*/true));
  for (const TableOutcome& outcome : a_again.tables) {
    EXPECT_EQ(outcome.action, Action::kWouldCreate) << outcome.table;
  }
}

// --- The homeboard init-db executable -----------------------------------------------------------

TEST_F(InitDbTest, BinaryCreatesThenHasNothingToDo) {
  const std::string prefix = NewPrefix("bin");
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));

  RunResult first = RunHomeboard({"init-db", "--endpoint", endpoint_, "--table-prefix", prefix});
  ASSERT_EQ(first.exit_code, 0) << Describe(first);
  for (const TableSpec& spec : specs) {
    EXPECT_EQ(ActionOf(first.out, spec.name), "created") << spec.name << "\n" << Describe(first);
  }
  EXPECT_THAT(first.out, HasSubstr("done: 10 table(s) created"));
  EXPECT_EQ(TablesWithPrefix(prefix), SpecNames(specs));
  for (const TableSpec& spec : specs) ExpectTableMatchesSpec(client(), spec);

  RunResult second = RunHomeboard({"init-db", "--endpoint", endpoint_, "--table-prefix", prefix});
  ASSERT_EQ(second.exit_code, 0) << Describe(second);
  EXPECT_THAT(second.out, HasSubstr("nothing to do"));
  for (const TableSpec& spec : specs) {
    EXPECT_EQ(ActionOf(second.out, spec.name), "unchanged") << spec.name;
  }
}

TEST_F(InitDbTest, BinaryJsonReport) {
  const std::string prefix = NewPrefix("json");
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  RunResult created =
      RunHomeboard({"init-db", "--endpoint", endpoint_, "--table-prefix", prefix, "--json"});
  ASSERT_EQ(created.exit_code, 0) << Describe(created);
  RunResult run =
      RunHomeboard({"init-db", "--endpoint", endpoint_, "--table-prefix", prefix, "--json"});
  ASSERT_EQ(run.exit_code, 0) << Describe(run);

  for (const auto& [output, changed, action] :
       {std::tuple{created.out, true, "created"}, std::tuple{run.out, false, "unchanged"}}) {
    SCOPED_TRACE(output);
    simdjson::dom::parser parser;
    simdjson::dom::object report;
    ASSERT_EQ(parser.parse(output).get(report), simdjson::SUCCESS);
    std::string_view endpoint;
    std::string_view table_prefix;
    bool dry_run = true;
    bool is_changed = !changed;
    bool drift = true;
    ASSERT_EQ(report["endpoint"].get(endpoint), simdjson::SUCCESS);
    ASSERT_EQ(report["table_prefix"].get(table_prefix), simdjson::SUCCESS);
    ASSERT_EQ(report["dry_run"].get(dry_run), simdjson::SUCCESS);
    ASSERT_EQ(report["changed"].get(is_changed), simdjson::SUCCESS);
    ASSERT_EQ(report["drift"].get(drift), simdjson::SUCCESS);
    // The client spells the endpoint as a URL with a path ("http://host:port/").
    if (endpoint.size() > endpoint_.size() && endpoint.back() == '/') endpoint.remove_suffix(1);
    EXPECT_EQ(endpoint, endpoint_);
    EXPECT_EQ(table_prefix, prefix);
    EXPECT_FALSE(dry_run);
    EXPECT_EQ(is_changed, changed);
    EXPECT_FALSE(drift);
    simdjson::dom::array tables;
    ASSERT_EQ(report["tables"].get(tables), simdjson::SUCCESS);
    std::vector<std::string> names;
    for (simdjson::dom::element table : tables) {
      std::string_view name;
      std::string_view table_action;
      simdjson::dom::array details;
      ASSERT_EQ(table["table"].get(name), simdjson::SUCCESS);
      ASSERT_EQ(table["action"].get(table_action), simdjson::SUCCESS);
      ASSERT_EQ(table["details"].get(details), simdjson::SUCCESS);
      EXPECT_EQ(table_action, action) << name;
      names.emplace_back(name);
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, SpecNames(specs));
  }
}

TEST_F(InitDbTest, BinaryDryRunCreatesNothing) {
  const std::string prefix = NewPrefix("dry");
  const std::vector<TableSpec> specs = model::AllTableSpecs(model::TableNames(prefix));
  RunResult run =
      RunHomeboard({"init-db", "--endpoint", endpoint_, "--table-prefix", prefix, "--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << Describe(run);
  for (const TableSpec& spec : specs) {
    EXPECT_EQ(ActionOf(run.out, spec.name), "would_create") << spec.name;
  }
  EXPECT_THAT(run.out, HasSubstr("dry run: 10 table(s) would be created"));
  EXPECT_THAT(TablesWithPrefix(prefix), IsEmpty());
}

TEST_F(InitDbTest, BinaryExitsThreeOnDrift) {
  const std::string prefix = NewPrefix("drift");
  const std::string pages = prefix + std::string(model::kPagesTable);
  ddb::CreateTableRequest wrong_key;
  wrong_key.table_name = pages;
  wrong_key.attribute_definitions = {{"page_id", ddb::ScalarType::kS}};
  wrong_key.key_schema = {"page_id", ""};
  ASSERT_NO_FATAL_FAILURE(CreateByHand(wrong_key));

  RunResult run = RunHomeboard({"init-db", "--endpoint", endpoint_, "--table-prefix", prefix});
  EXPECT_EQ(run.exit_code, 3) << Describe(run);
  EXPECT_EQ(ActionOf(run.out, pages), "drift") << Describe(run);
  EXPECT_THAT(
      run.out,
      HasSubstr("- key schema is (HASH page_id), spec wants (HASH user_id, RANGE page_id)"));
  EXPECT_THAT(run.out, HasSubstr("1 table(s) differ from the spec and were left untouched"));
  EXPECT_EQ(ActionOf(run.out, prefix + std::string(model::kNotesTable)), "created");

  RunResult json = RunHomeboard(
      {"init-db", "--endpoint", endpoint_, "--table-prefix", prefix, "--json", "--dry-run"});
  EXPECT_EQ(json.exit_code, 3) << Describe(json);
  simdjson::dom::parser parser;
  simdjson::dom::object report;
  ASSERT_EQ(parser.parse(json.out).get(report), simdjson::SUCCESS) << json.out;
  bool drift = false;
  ASSERT_EQ(report["drift"].get(drift), simdjson::SUCCESS);
  EXPECT_TRUE(drift);
}

TEST_F(InitDbTest, BinaryExitsOneWhenNothingListens) {
  // A socket bound but not listening: connections to its port are refused for as long as
  // it stays open, so no other process can start listening there during the test.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string dead = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  const std::string prefix = NewPrefix("dead");

  RunResult run = RunHomeboard({"init-db", "--endpoint", dead, "--table-prefix", prefix});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_THAT(run.err, HasSubstr("cannot reach")) << Describe(run);
  EXPECT_THAT(run.err, HasSubstr(dead));

  RunResult json =
      RunHomeboard({"init-db", "--endpoint", dead, "--table-prefix", prefix, "--json"});
  EXPECT_EQ(json.exit_code, 1) << Describe(json);
  simdjson::dom::parser parser;
  simdjson::dom::object report;
  ASSERT_EQ(parser.parse(json.out).get(report), simdjson::SUCCESS) << json.out;
  std::string_view error;
  ASSERT_EQ(report["error"].get(error), simdjson::SUCCESS);
  EXPECT_THAT(std::string(error), HasSubstr("cannot reach"));
  close(fd);
}

TEST_F(InitDbTest, BinaryExitsTwoOnABadPrefix) {
  for (const std::string& bad :
       {std::string("bad prefix"), std::string("a/b"), std::string(65, 'x')}) {
    RunResult run = RunHomeboard({"init-db", "--endpoint", endpoint_, "--table-prefix", bad});
    EXPECT_EQ(run.exit_code, 2) << bad << "\n" << Describe(run);
    EXPECT_THAT(run.err, HasSubstr("--table-prefix")) << Describe(run);
    EXPECT_THAT(TablesWithPrefix(bad), IsEmpty());
  }
}

// The embedded engine: `--data FILE` (SQLite is the default store) gets the same ten tables,
// a second run is a no-op, and `homeboard doctor` finds the file healthy. No DynamoDB needed.
TEST(InitDbSqlite, BinaryCreatesTheTablesInOneFileAndDoctorFindsThemHealthy) {
  std::string path = ::testing::TempDir() + "homeboard_init_db_" +
                     ddb::internal::HexEncode(ddb::internal::RandomBytes(6)) + "/home.db";
  RunResult missing = RunHomeboard({"doctor", "--data", path});
  EXPECT_EQ(missing.exit_code, 1) << Describe(missing);
  EXPECT_THAT(missing.err, HasSubstr("no database"));

  RunResult first = RunHomeboard({"init-db", "--data", path});
  ASSERT_EQ(first.exit_code, 0) << Describe(first);
  for (const store::TableSpec& spec : model::AllTableSpecs(model::TableNames(""))) {
    EXPECT_THAT(first.out, HasSubstr("created           " + spec.name)) << Describe(first);
  }
  RunResult second = RunHomeboard({"init-db", "--data", path});
  ASSERT_EQ(second.exit_code, 0) << Describe(second);
  EXPECT_THAT(second.out, HasSubstr("nothing to do"));

  RunResult doctor = RunHomeboard({"doctor", "--data", path});
  EXPECT_EQ(doctor.exit_code, 0) << Describe(doctor);
  EXPECT_THAT(doctor.out, HasSubstr("integrity_check: ok"));
  EXPECT_THAT(doctor.out, HasSubstr("healthy."));

  // A different prefix in the same file: its tables are missing, which doctor reports.
  RunResult other = RunHomeboard({"doctor", "--data", path, "--table-prefix", "other_"});
  EXPECT_EQ(other.exit_code, 3) << Describe(other);
  EXPECT_THAT(other.out, HasSubstr("would_create      other_Pages"));
}

}  // namespace
}  // namespace homeboard
