// Caller-facing query pages and batch-entry errors, shared by the item services.
#include "service/internal/shared_ops.h"

#include <string>
#include <utility>

#include "model/error.h"
#include "service/internal/store_ops.h"

namespace homeboard::service::internal {

Result<store::QueryPage> QueryOnePage(const ServiceContext& context, store::QueryRequest request,
                                      int limit, std::string_view cursor) {
  if (Status s = CheckLimit(limit); !s.ok()) return std::move(s).error();
  request.limit = limit;
  request.cursor = std::string(cursor);
  store::Result<store::QueryPage> page = context.store->Query(request);
  if (!page.ok()) {
    if (page.error().Is(store::Error::Code::kInvalidArgument) && !cursor.empty()) {
      return InvalidArgument("cursor", model::rule::kPattern,
                             "cursor: not a cursor this list returned");
    }
    return FromStore(page.error());
  }
  return std::move(page).value();
}

Error InBatchEntry(Error error, std::string_view prefix) {
  std::string name(prefix);
  if (!error.field.empty() && error.message.starts_with(error.field + ":")) {
    error.message = name + "." + error.message;
  } else {
    error.message = name + ": " + error.message;
  }
  error.field = model::FieldPath(prefix, error.field);
  return error;
}

}  // namespace homeboard::service::internal
