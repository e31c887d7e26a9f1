// Tests of internal::DecodeAll (service/internal/store_ops.h): both forms decode a page of
// items in order, the consuming form frees the items as it goes, and a corrupt item fails
// the whole page with kInternal naming the attribute.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/page.h"
#include "service/internal/store_ops.h"
#include "testing/status_matchers.h"

namespace homeboard::service::internal {
namespace {

model::Page PageNumber(int n) {
  model::Page page;
  page.user_id = "01JD8X0000V5ERAAAAAAAAAAAA";
  page.page_id = "01JD8X1111PAGE11111111111" + std::to_string(n % 10);
  page.title = "Page " + std::to_string(n);
  page.order_key = "V" + std::to_string(n + 1);
  page.created_at = "2026-11-25T08:40:17.123Z";
  page.updated_at = "2026-11-25T08:40:17.123Z";
  return page;
}

TEST(DecodeAll, BothFormsDecodeInOrderAndTheConsumingOneFreesTheItems) {
  std::vector<model::Page> pages;
  std::vector<ddb::Item> items;
  for (int n = 0; n < 5; ++n) {
    pages.push_back(PageNumber(n));
    ASSERT_OK(pages.back().Validate());
    items.push_back(pages.back().ToItem());
  }
  ASSERT_OK_AND_ASSIGN(std::vector<model::Page> copied, DecodeAll<model::Page>("Pages", items));
  EXPECT_EQ(copied, pages);
  ASSERT_EQ(items.size(), 5u);
  ASSERT_OK_AND_ASSIGN(std::vector<model::Page> consumed,
                       DecodeAll<model::Page>("Pages", std::move(items)));
  EXPECT_EQ(consumed, pages);
  EXPECT_TRUE(items.empty());  // NOLINT(bugprone-use-after-move): the contract under test
}

TEST(DecodeAll, ACorruptItemFailsThePage) {
  std::vector<ddb::Item> items = {PageNumber(0).ToItem(), PageNumber(1).ToItem()};
  items[1].erase("title");
  for (bool consume : {false, true}) {
    SCOPED_TRACE(consume);
    std::vector<ddb::Item> input = items;
    Result<std::vector<model::Page>> decoded =
        consume ? DecodeAll<model::Page>("Pages", std::move(input))
                : DecodeAll<model::Page>("Pages", input);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().code, Error::Code::kInternal);
    EXPECT_EQ(decoded.error().field, "title");
  }
}

}  // namespace
}  // namespace homeboard::service::internal
