// The OpenAPI 3.1 document of the API, generated from the route table (every Route is one
// operation; its path parameters come from the pattern) and the schemas the route files
// added. Served at /api/v1/openapi.json; a test checks it against the table both ways.
#ifndef HOMEBOARD_SERVER_OPENAPI_H_
#define HOMEBOARD_SERVER_OPENAPI_H_

#include <map>
#include <string>

#include "server/router.h"
#include "service/error.h"

namespace homeboard::server {

struct OpenApiInfo {
  std::string title = "homeboard API";
  std::string version = "0.1.0";
};

// The document as compact JSON. kInvalidArgument if a schema is not a JSON object or a
// route names a schema that was not added.
[[nodiscard]] service::Result<std::string> BuildOpenApi(
    const RouteTable& routes, const std::map<std::string, std::string>& schemas,
    const OpenApiInfo& info = {});

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_OPENAPI_H_
