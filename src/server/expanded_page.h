// The expanded page's JSON for the routes that answer with it — GET /api/v1/pages/{id}
// ?expand=all (routes_pages.cc) and a public page link (routes_shares.cc) — through the page
// cache when the server keeps one (page_view_cache.h). The caller has already checked who may
// see the page (PageLoader::Open or OpenShared); nothing here does.
#ifndef HOMEBOARD_SERVER_EXPANDED_PAGE_H_
#define HOMEBOARD_SERVER_EXPANDED_PAGE_H_

#include <memory>

#include "model/page.h"
#include "server/api.h"
#include "server/metrics.h"
#include "server/page_view_cache.h"
#include "service/error.h"
#include "service/page_loader.h"

namespace homeboard::server {

// `page`'s rendering: the cached one if current (counted in `metrics`), else loaded with
// `loader`, rendered, and kept. `cache` null: loaded and rendered every time. Errors are the
// loader's.
service::Result<std::shared_ptr<const CachedPage>> ExpandedPage(const service::PageLoader& loader,
                                                                PageViewCache* cache,
                                                                Metrics& metrics, model::Page page);

// 200 with `page`'s JSON and ETag `version`, or its stored gzip bytes (Content-Encoding:
// gzip) when the request accepts gzip.
HttpResponse ExpandedPageReply(const RequestContext& context, const CachedPage& page,
                               std::int64_t version);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_EXPANDED_PAGE_H_
