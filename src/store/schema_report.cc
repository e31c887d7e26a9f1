#include "store/schema_report.h"

#include <algorithm>

namespace homeboard::store {

std::string_view ActionName(TableOutcome::Action action) {
  switch (action) {
    case TableOutcome::Action::kUnchanged:
      return "unchanged";
    case TableOutcome::Action::kCreated:
      return "created";
    case TableOutcome::Action::kTtlEnabled:
      return "ttl_enabled";
    case TableOutcome::Action::kWouldCreate:
      return "would_create";
    case TableOutcome::Action::kWouldEnableTtl:
      return "would_enable_ttl";
    case TableOutcome::Action::kDrift:
      return "drift";
  }
  return "?";
}

bool EnsureReport::HasDrift() const {
  return std::any_of(tables.begin(), tables.end(), [](const TableOutcome& t) {
    return t.action == TableOutcome::Action::kDrift;
  });
}

bool EnsureReport::Changed() const {
  return std::any_of(tables.begin(), tables.end(), [](const TableOutcome& t) {
    return t.action == TableOutcome::Action::kCreated ||
           t.action == TableOutcome::Action::kTtlEnabled;
  });
}

}  // namespace homeboard::store
