// PageService: pages in order, renames, moves and the crash-safe delete.
#include "service/page_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/ids.h"
#include "model/limits.h"
#include "model/order_key.h"
#include "model/tables.h"
#include "model/text.h"
#include "service/internal/cascade.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"

namespace homeboard::service {
namespace {

using internal::ObjectRef;

ObjectRef PageRef(const model::Page& page) { return ObjectRef{"page", "page_id", page.page_id}; }

void SortPages(std::vector<model::Page>& pages) {
  internal::SortByOrderKey(pages,
                           [](const model::Page& p) -> const std::string& { return p.page_id; });
}

}  // namespace

Result<model::Page> PageService::Create(const Caller& caller, std::string_view title) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  model::Time now = context_.now();
  model::Page page;
  page.user_id = caller.user_id;
  page.page_id = model::NewId(now);
  page.title = model::NormalizeWhitespace(title);
  page.created_at = page.updated_at = model::FormatTimestamp(now);
  page.version = 1;
  page.order_key = "V";  // placeholder so Validate checks the caller's fields first
  if (Status s = internal::CheckValid(page.Validate()); !s.ok()) return std::move(s).error();

  Result<std::vector<model::Page>> pages = internal::QueryPages(context_, caller.user_id);
  if (!pages.ok()) return std::move(pages).error();
  std::vector<model::Page> live;
  for (model::Page& p : *pages) {
    if (!p.deleting) live.push_back(std::move(p));
  }
  if (live.size() >= model::kMaxPagesPerUser) {
    return LimitExceeded("pages", rule::kMaxCount,
                         fmt::format("pages: at most {} pages per user", model::kMaxPagesPerUser));
  }
  Result<internal::OrderPlan> plan =
      internal::PlanPlacement(internal::SiblingsOf(live), Placement{});
  if (!plan.ok()) return std::move(plan).error();
  if (Status s = internal::ApplyRekeys(context_, context_.Table(model::kPagesTable), plan->rekeys,
                                       page.created_at);
      !s.ok()) {
    return std::move(s).error();
  }
  page.order_key = plan->order_key;
  if (Status s = internal::CreateItem(context_, context_.Table(model::kPagesTable), page.Key(),
                                      page.ToItem(), PageRef(page));
      !s.ok()) {
    return std::move(s).error();
  }
  return page;
}

Result<model::Page> PageService::Get(const Caller& caller, std::string_view page_id) const {
  return internal::LoadPage(context_, caller, page_id, Access::kView);
}

Result<std::vector<model::Page>> PageService::List(const Caller& caller) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  Result<std::vector<model::Page>> pages = internal::QueryPages(context_, caller.user_id);
  if (!pages.ok()) return pages;
  std::erase_if(*pages, [&](const model::Page& p) {
    return p.deleting || !MayAccess(caller, Access::kView, p.user_id);
  });
  SortPages(*pages);
  return pages;
}

Result<model::Page> PageService::Rename(const Caller& caller, std::string_view page_id,
                                        std::int64_t expected_version,
                                        std::string_view title) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  Result<model::Page> page = internal::LoadPage(context_, caller, page_id, Access::kEdit);
  if (!page.ok()) return page;
  model::Page renamed = *page;
  renamed.title = model::NormalizeWhitespace(title);
  if (Status s = internal::CheckValid(renamed.Validate()); !s.ok()) return std::move(s).error();
  if (page->version != expected_version) {
    return StaleVersion("page", expected_version, page->version);
  }
  renamed.version = expected_version + 1;
  renamed.updated_at = internal::NowTimestamp(context_);
  Result<ddb::Item> stored = internal::ReplaceVersioned(
      context_, context_.Table(model::kPagesTable), page->Key(), page->ToItem(), renamed.ToItem(),
      expected_version, PageRef(*page));
  if (!stored.ok()) return std::move(stored).error();
  return renamed;
}

Result<model::Page> PageService::Move(const Caller& caller, std::string_view page_id,
                                      std::int64_t expected_version,
                                      const Placement& placement) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  Result<model::Page> page = internal::LoadPage(context_, caller, page_id, Access::kEdit);
  if (!page.ok()) return page;
  // A page's place is in its owner's list: a grantee would order it among its own pages
  // (and rekey them), so reordering is the owner's alone, like deleting.
  if (!MayAccess(caller, Access::kEdit, page->user_id)) {
    return NotFound("page_id", "page", page_id);
  }
  if (page->version != expected_version) {
    return StaleVersion("page", expected_version, page->version);
  }
  Result<std::vector<model::Page>> pages = internal::QueryPages(context_, caller.user_id);
  if (!pages.ok()) return std::move(pages).error();
  std::erase_if(*pages,
                [&](const model::Page& p) { return p.deleting || p.page_id == page->page_id; });
  Result<internal::OrderPlan> plan =
      internal::PlanPlacement(internal::SiblingsOf(*pages), placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string now = internal::NowTimestamp(context_);
  if (Status s =
          internal::ApplyRekeys(context_, context_.Table(model::kPagesTable), plan->rekeys, now);
      !s.ok()) {
    return std::move(s).error();
  }
  model::Page moved = *page;
  moved.order_key = plan->order_key;
  moved.version = expected_version + 1;
  moved.updated_at = now;
  Result<ddb::Item> stored =
      internal::ReplaceVersioned(context_, context_.Table(model::kPagesTable), page->Key(),
                                 page->ToItem(), moved.ToItem(), expected_version, PageRef(*page));
  if (!stored.ok()) return std::move(stored).error();
  return moved;
}

Status PageService::Delete(const Caller& caller, std::string_view page_id,
                           std::int64_t expected_version) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return s;
  Result<model::Page> page = internal::LoadPage(context_, caller, page_id, Access::kEdit, "page_id",
                                                /*include_deleting=*/true);
  if (!page.ok()) return std::move(page).error();
  if (page->deleting) return FinishDeleteOf(*page);
  if (page->version != expected_version) {
    return StaleVersion("page", expected_version, page->version);
  }
  model::Page marked = *page;
  marked.deleting = true;
  marked.version = expected_version + 1;
  marked.updated_at = internal::NowTimestamp(context_);
  Result<ddb::Item> stored =
      internal::ReplaceVersioned(context_, context_.Table(model::kPagesTable), page->Key(),
                                 page->ToItem(), marked.ToItem(), expected_version, PageRef(*page));
  if (!stored.ok()) return std::move(stored).error();
  return FinishDeleteOf(marked);
}

Status PageService::FinishDelete(const Caller& caller, std::string_view page_id) const {
  Result<model::Page> page = internal::LoadPage(context_, caller, page_id, Access::kEdit, "page_id",
                                                /*include_deleting=*/true);
  if (!page.ok()) {
    if (page.error().code == Error::Code::kNotFound) return {};  // finished already
    return std::move(page).error();
  }
  if (!page->deleting) {
    return Error{Error::Code::kConflict, "page_id", std::string(model::rule::kInconsistent),
                 fmt::format("page_id: page {} is not being deleted", page_id)};
  }
  return FinishDeleteOf(*page);
}

Status PageService::FinishPendingDeletes(const Caller& caller) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return s;
  Result<std::vector<model::Page>> pages = internal::QueryPages(context_, caller.user_id);
  if (!pages.ok()) return std::move(pages).error();
  for (const model::Page& page : *pages) {
    if (!page.deleting || !MayAccess(caller, Access::kEdit, page.user_id)) continue;
    if (Status s = FinishDeleteOf(page); !s.ok()) return s;
  }
  return {};
}

Status PageService::FinishDeleteOf(const model::Page& page) const {
  // Bottom-up: each widget's children, then the widget; the page last, so that until the
  // very end the marked page is there to be found and finished.
  Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context_, page.page_id);
  if (!widgets.ok()) return std::move(widgets).error();
  for (const model::Widget& widget : *widgets) {
    if (Status s = internal::DeleteWidgetAndChildren(context_, page.page_id, widget.widget_id);
        !s.ok()) {
      return s;
    }
  }
  // The page's shares are found through its id: before the page goes.
  if (Status s = internal::DeleteShares(context_, model::ResourceKind::kPage, page.page_id);
      !s.ok()) {
    return s;
  }
  return internal::DeleteIfPresent(context_, context_.Table(model::kPagesTable), page.Key());
}

}  // namespace homeboard::service
