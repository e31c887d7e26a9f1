// ExpandedPage: cache lookup, else load + render + keep; the reply in the encoding asked for.
#include "server/expanded_page.h"

#include "server/entity_json.h"
#include "server/gzip.h"
#include "server/rest.h"

namespace homeboard::server {

service::Result<std::shared_ptr<const CachedPage>> ExpandedPage(const service::PageLoader& loader,
                                                                PageViewCache* cache,
                                                                Metrics& metrics,
                                                                model::Page page) {
  if (cache == nullptr) {
    auto view = loader.Expand(std::move(page));
    if (!view.ok()) return view.error();
    return std::make_shared<const CachedPage>(ToJson(*view, WritePageView));
  }
  PageViewCache::Lookup lookup = cache->Get(page);
  metrics.PageCacheLookup(lookup.hit != nullptr);
  if (lookup.hit != nullptr) return std::move(lookup.hit);
  // lookup.loading, if set, is released when this returns: after Insert.
  PageViewCache::Fill fill = cache->Begin();
  auto view = loader.Expand(std::move(page));
  if (!view.ok()) return view.error();
  auto rendered = std::make_shared<const CachedPage>(ToJson(*view, WritePageView));
  cache->Insert(fill, *view, rendered);
  return rendered;
}

HttpResponse ExpandedPageReply(const RequestContext& context, const CachedPage& page,
                               std::int64_t version) {
  std::optional<std::string_view> accepted = context.request().Header("Accept-Encoding");
  if (accepted && AcceptsGzip(*accepted)) {
    if (std::shared_ptr<const std::string> gzip = page.gzip()) {
      HttpResponse response = JsonReply(200, *gzip, version);
      response.SetHeader("Content-Encoding", "gzip");
      return response;
    }
  }
  return JsonReply(200, page.json(), version);
}

}  // namespace homeboard::server
