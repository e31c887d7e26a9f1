// RouteTable: the API's operations and the matching of a request to one of them. Paths are
// matched segment by segment: literal segments exactly, `{name}` segments against any
// non-empty segment (captured). Literal segments win over parameters, so
// /api/v1/tags/autocomplete and /api/v1/tags/{name} can coexist.
//
// Thread safety: built once, then read concurrently.
#ifndef HOMEBOARD_SERVER_ROUTER_H_
#define HOMEBOARD_SERVER_ROUTER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/api.h"
#include "service/error.h"

namespace homeboard::server {

class RouteTable {
 public:
  // Adds `route`. kInvalidArgument for an unknown method, a pattern that does not start
  // with '/' or has a malformed or repeated {param}, a (method, path shape) already taken,
  // an operation id already used, or a missing handler.
  [[nodiscard]] service::Status Add(Route route);

  struct Match {
    const Route* route = nullptr;  // nullptr: no route for this method and path
    std::vector<std::pair<std::string, std::string>> params;
    // When route is nullptr but the path matched other methods: those methods (for 405).
    std::vector<std::string> allowed_methods;
  };
  // HEAD matches GET routes.
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter's name
    bool is_param = false;
  };
  static bool Matches(const std::vector<Segment>& pattern, const std::vector<std::string_view>& path,
                      std::vector<std::pair<std::string, std::string>>* params);

  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> patterns_;  // parallel to routes_
};

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_ROUTER_H_
