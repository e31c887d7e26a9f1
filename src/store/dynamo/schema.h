// Creating and checking DynamoDB tables from TableSpecs: what `homeboard init-db` does on the
// DynamoDB engine. Creation is idempotent; an existing table that differs from its spec
// ("drift") is reported attribute by attribute and never modified, so no data is at risk.
#ifndef HOMEBOARD_STORE_DYNAMO_SCHEMA_H_
#define HOMEBOARD_STORE_DYNAMO_SCHEMA_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "ddb/client.h"
#include "store/schema_report.h"
#include "store/table_spec.h"

namespace homeboard::store::dynamo {

// The CreateTable request for `spec`: on-demand billing, every key attribute defined once.
ddb::CreateTableRequest ToCreateTableRequest(const TableSpec& spec);

// Every way the existing table differs from `spec`, one readable line each (empty when it
// matches): key schema, key attribute types, missing or extra GSIs, a GSI's keys or
// projection, billing mode, and a TTL on another attribute. A TTL that is merely disabled
// is not drift: EnsureTables enables it.
std::vector<std::string> DescribeDrift(const TableSpec& spec, const ddb::TableDescription& table,
                                       const ddb::TimeToLiveDescription& ttl);

// The engine-neutral report types, also reachable here for existing callers.
using store::ActionName;
using store::EnsureOptions;
using store::EnsureReport;
using store::TableOutcome;

// Describes every table and creates the missing ones (all at once, then waits until each is
// ACTIVE), enables TTL where the spec has one and the table has it off (waiting first for an
// existing table that is not ACTIVE yet, which refuses UpdateTimeToLive). Tables with drift are
// reported, not touched. Fails with the first service or connection error (an unreachable
// endpoint, bad credentials, missing permissions): the report of what happened before that
// is lost, but every step is idempotent, so a re-run picks up where it stopped.
ddb::Result<EnsureReport> EnsureTables(ddb::Client& client, const std::vector<TableSpec>& specs,
                                       const EnsureOptions& options);

}  // namespace homeboard::store::dynamo

#endif  // HOMEBOARD_STORE_DYNAMO_SCHEMA_H_
