// Tests of RouteTable: matching, parameters, specificity, 405 data and refused tables.
#include "server/router.h"

#include <gtest/gtest.h>

namespace homeboard::server {
namespace {

Route MakeRoute(std::string method, std::string path, std::string id) {
  return Route{.method = std::move(method),
               .path = std::move(path),
               .operation_id = std::move(id),
               .handler = [](RequestContext&) -> Reply { return HttpResponse{}; }};
}

TEST(RouteTable, MatchesLiteralsAndCapturesParameters) {
  RouteTable table;
  ASSERT_TRUE(table.Add(MakeRoute("GET", "/api/v1/pages", "list")).ok());
  ASSERT_TRUE(table.Add(MakeRoute("GET", "/api/v1/pages/{id}", "get")).ok());
  ASSERT_TRUE(table.Add(MakeRoute("GET", "/api/v1/pages/{page_id}/widgets/{id}", "widget")).ok());
  auto list = table.Find("GET", "/api/v1/pages");
  ASSERT_NE(list.route, nullptr);
  EXPECT_EQ(list.route->operation_id, "list");
  auto get = table.Find("GET", "/api/v1/pages/abc");
  ASSERT_NE(get.route, nullptr);
  EXPECT_EQ(get.route->operation_id, "get");
  ASSERT_EQ(get.params.size(), 1u);
  EXPECT_EQ(get.params[0], std::make_pair(std::string("id"), std::string("abc")));
  auto widget = table.Find("GET", "/api/v1/pages/p1/widgets/w2");
  ASSERT_NE(widget.route, nullptr);
  ASSERT_EQ(widget.params.size(), 2u);
  EXPECT_EQ(widget.params[0].second, "p1");
  EXPECT_EQ(widget.params[1].second, "w2");
  EXPECT_EQ(table.Find("GET", "/api/v1/pages/").route, nullptr);
  EXPECT_EQ(table.Find("GET", "/api/v1/pages/a/b").route, nullptr);
  EXPECT_EQ(table.Find("GET", "/api/v1/Pages").route, nullptr);
  EXPECT_EQ(table.Find("HEAD", "/api/v1/pages").route->operation_id, "list");
}

TEST(RouteTable, LiteralSegmentsWinOverParameters) {
  RouteTable table;
  ASSERT_TRUE(table.Add(MakeRoute("GET", "/api/v1/tags/{name}", "tag")).ok());
  ASSERT_TRUE(table.Add(MakeRoute("GET", "/api/v1/tags/autocomplete", "auto")).ok());
  EXPECT_EQ(table.Find("GET", "/api/v1/tags/autocomplete").route->operation_id, "auto");
  EXPECT_EQ(table.Find("GET", "/api/v1/tags/rust").route->operation_id, "tag");
}

TEST(RouteTable, ReportsAllowedMethodsForAKnownPath) {
  RouteTable table;
  ASSERT_TRUE(table.Add(MakeRoute("GET", "/x/{id}", "a")).ok());
  ASSERT_TRUE(table.Add(MakeRoute("DELETE", "/x/{id}", "b")).ok());
  auto match = table.Find("POST", "/x/1");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "DELETE"}));
  EXPECT_TRUE(table.Find("POST", "/y").allowed_methods.empty());
}

TEST(RouteTable, RefusesBadOrConflictingRoutes) {
  RouteTable table;
  ASSERT_TRUE(table.Add(MakeRoute("GET", "/x/{id}", "a")).ok());
  EXPECT_FALSE(table.Add(MakeRoute("GET", "/x/{other}", "b")).ok());  // same shape
  EXPECT_FALSE(table.Add(MakeRoute("POST", "/y", "a")).ok());         // operation id taken
  EXPECT_FALSE(table.Add(MakeRoute("FETCH", "/z", "c")).ok());
  EXPECT_FALSE(table.Add(MakeRoute("GET", "z", "d")).ok());
  EXPECT_FALSE(table.Add(MakeRoute("GET", "/z/{a}/{a}", "e")).ok());
  EXPECT_FALSE(table.Add(MakeRoute("GET", "/z/x{a}", "f")).ok());
  EXPECT_FALSE(table.Add(MakeRoute("GET", "/z/{A-B}", "g")).ok());
  Route no_handler = MakeRoute("GET", "/h", "h");
  no_handler.handler = nullptr;
  EXPECT_FALSE(table.Add(no_handler).ok());
  EXPECT_TRUE(table.Add(MakeRoute("POST", "/x/{id}", "i")).ok());  // other method: fine
}

}  // namespace
}  // namespace homeboard::server
