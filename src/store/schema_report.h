// What creating tables from TableSpecs did, for every engine: per table, created /
// unchanged / drift (with one line per difference) and so on. `homeboard init-db` prints it.
#ifndef HOMEBOARD_STORE_SCHEMA_REPORT_H_
#define HOMEBOARD_STORE_SCHEMA_REPORT_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace homeboard::store {

struct TableOutcome {
  enum class Action {
    kUnchanged,       // exists and matches the spec
    kCreated,         // created now (and TTL enabled if the spec has one)
    kTtlEnabled,      // existed, matched, TTL was off and is now on
    kWouldCreate,     // dry run: would be created
    kWouldEnableTtl,  // dry run: would enable TTL
    kDrift,           // exists and differs: left untouched, see details
  };
  std::string table;
  Action action = Action::kUnchanged;
  std::vector<std::string> details;  // drift lines, or what was done
};

// "unchanged", "created", "ttl_enabled", "would_create", "would_enable_ttl", "drift".
std::string_view ActionName(TableOutcome::Action action);

struct EnsureOptions {
  bool dry_run = false;  // only describe; create and change nothing
  std::chrono::milliseconds wait_timeout = std::chrono::minutes(5);
  std::chrono::milliseconds poll_interval = std::chrono::milliseconds(200);
};

struct EnsureReport {
  std::vector<TableOutcome> tables;  // in spec order
  bool HasDrift() const;
  bool Changed() const;  // something was created or enabled
};

}  // namespace homeboard::store

#endif  // HOMEBOARD_STORE_SCHEMA_REPORT_H_
