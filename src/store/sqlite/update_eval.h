// DynamoDB update semantics in C++, for the SQLite engine: applies the ddb::Update trees
// that the DynamoDB engine renders to UpdateExpressions.
//
// Rules, as DynamoDB applies them
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html):
//   - Every action reads the item as it was before the update, and list indexes name the
//     positions before the update: REMOVE a[1], SET a[3] = x on [2,3,4,5,6,7] gives
//     [2,4,x,6,7]. Removals and appends are applied last.
//   - SET creates or replaces; the parent of a nested path must exist and be a map (for a
//     field) or a list (for an index), else "The document path provided in the update
//     expression is invalid for update". SET a[i] past the end appends; several such
//     appends land in index order.
//   - Arithmetic (increment, ADD of a number) is exact decimal arithmetic within
//     DynamoDB's 38 digits and range; the attribute must be a number ("An operand in the
//     update expression has an incorrect data type"); IncrementExisting needs it to exist
//     ("The provided expression refers to an attribute that does not exist in the item").
//   - list_append needs a list; ADD of a set needs a set of the same type (union); DELETE
//     needs a set of the same type (difference) and removes the attribute when the set
//     becomes empty; DELETE from a missing attribute does nothing.
//   - REMOVE of a missing attribute, map key or list index past the end does nothing; REMOVE
//     below a parent that is missing or of the wrong type is the invalid-path error.
//   - An update of a missing item creates it, even one that only removes attributes (the
//     item is then just its key). DynamoDB Local does this; AWS is reported to skip the write
//     for remove-only updates and to ignore REMOVE below a missing parent of a missing item.
//     The engines follow DynamoDB Local, which the conformance suite runs against.
//
// Thread safety: stateless functions.
#ifndef HOMEBOARD_STORE_SQLITE_UPDATE_EVAL_H_
#define HOMEBOARD_STORE_SQLITE_UPDATE_EVAL_H_

#include "store/item_store.h"

namespace homeboard::store::sqlite {

// Checks that DynamoDB would accept `update` before looking at any item: an update with
// actions, nothing ddb::Render refuses (overlapping paths, wrong value types, empty sets, ...) and
// values that are not valid DynamoDB values. kInvalidArgument.
Status ValidateUpdate(const Update& update);

// The item after applying `update` to `item` (the stored item, or just the key when there is
// none). Numbers in the result are in DynamoDB's spelling. kInvalidArgument with DynamoDB's
// message for the runtime errors listed above. Precondition: ValidateUpdate accepted it.
Result<Item> ApplyUpdate(const Update& update, Item item);

// The checks an update must pass against `spec` before any item is read, beyond
// request_checks.h's CheckUpdate: a top-level action on a GSI key attribute whose result type
// is certain (SET, ADD, increments, list appends) must give it the index's key type
// and, for S and B, a non-empty value. kInvalidArgument. The DynamoDB engine makes the same
// check before sending (DynamoDB Local would accept such an update), so both refuse these
// updates whatever the condition says.
Status CheckIndexKeyUpdates(const TableSpec& spec, const Update& update);

}  // namespace homeboard::store::sqlite

#endif  // HOMEBOARD_STORE_SQLITE_UPDATE_EVAL_H_
