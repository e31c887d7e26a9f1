// Paginators: walk the pages of a Query or Scan one at a time, for callers that process
// results as they arrive instead of collecting them all (Client::QueryAll does that).
//
// Correct with Limit and filters: a page may be empty yet carry a LastEvaluatedKey (the
// filter removed every evaluated item, or Limit stopped early), and the last full page may
// carry a key that leads to an empty page. Next() follows keys until none comes back, so
// callers see every item exactly once and may see some empty pages.
//
//   QueryPaginator pages(client, request);
//   while (true) {
//     Result<std::optional<QueryResponse>> page = pages.Next();
//     if (!page.ok()) return page.error();
//     if (!page->has_value()) break;      // no more pages
//     for (const Item& item : (*page)->items) ...
//   }
#ifndef HOMEBOARD_DDB_PAGINATOR_H_
#define HOMEBOARD_DDB_PAGINATOR_H_

#include <optional>

#include "ddb/client.h"

namespace homeboard::ddb {

template <typename Request>
class Paginator {
 public:
  // `client` must outlive the paginator. Not thread-safe.
  Paginator(Client& client, Request request) : client_(&client), request_(std::move(request)) {}

  // The next page, or an empty optional when the previous page was the last. After an
  // error, calling Next() again retries the same page.
  Result<std::optional<QueryResponse>> Next() {
    if (done_) return std::optional<QueryResponse>();
    Result<QueryResponse> page = Fetch();
    if (!page.ok()) return std::move(page).error();
    ++pages_;
    if (page->last_evaluated_key.has_value()) {
      request_.exclusive_start_key = page->last_evaluated_key;
    } else {
      done_ = true;
    }
    return std::optional<QueryResponse>(std::move(page).value());
  }

  bool done() const { return done_; }
  int pages() const { return pages_; }

 private:
  Result<QueryResponse> Fetch();

  Client* client_;
  Request request_;
  bool done_ = false;
  int pages_ = 0;
};

template <>
inline Result<QueryResponse> Paginator<QueryRequest>::Fetch() {
  return client_->Query(request_);
}

template <>
inline Result<QueryResponse> Paginator<ScanRequest>::Fetch() {
  return client_->Scan(request_);
}

using QueryPaginator = Paginator<QueryRequest>;
using ScanPaginator = Paginator<ScanRequest>;

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_PAGINATOR_H_
