// DynamoStore::Scan: one DynamoDB Scan request per page (Limit = the page size, strongly
// consistent, Segment/TotalSegments for parallel scans), its LastEvaluatedKey signed into the
// cursor. Without a filter DynamoDB returns at most Limit items, and fewer only at the 1 MB
// page limit, so a page is never more than `limit` items; DynamoDB may end a segment with a
// cursor that leads to an empty page, which the ItemStore contract allows.
//
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan
#include "store/dynamo/dynamo_store.h"
#include "store/dynamo/error_mapping.h"
#include "store/request_checks.h"

namespace homeboard::store::dynamo {

Result<ScanPage> DynamoStore::Scan(const ScanRequest& request) {
  Result<std::shared_ptr<const TableSpec>> found = FindTable(request.table);
  if (!found.ok()) return found.error();
  const TableSpec& spec = **found;
  if (Status s = CheckScan(request); !s.ok()) return s.error();
  const std::string scope = ScanCursorScope(request);

  ddb::ScanRequest scan{
      .table_name = request.table, .limit = request.limit, .consistent_read = true};
  if (request.total_segments > 1) {
    scan.segment = request.segment;
    scan.total_segments = request.total_segments;
  }
  if (!request.cursor.empty()) {
    Result<Item> start = cursors_.Decode(request.cursor, request.table, scope);
    if (!start.ok()) return start.error();
    // A signed cursor of this scope holds a key this store produced; checked anyway, so a
    // cursor signed before the table was recreated with another key schema is refused here.
    if (Status s = CheckKey(spec, *start); !s.ok()) {
      return InvalidArgument("cursor: does not hold a key of this table");
    }
    scan.exclusive_start_key = std::move(start).value();
  }
  ddb::Result<ddb::ScanResponse> response = client_->Scan(scan);
  if (!response.ok()) return FromDdbError(response.error());
  ScanPage page;
  page.items = std::move(response->items);
  if (response->last_evaluated_key) {
    page.next_cursor =
        cursors_.Encode(request.table, scope, KeyOf(spec, *response->last_evaluated_key));
  }
  return page;
}

}  // namespace homeboard::store::dynamo
