// The JSON writer response bodies are written with: ddb's JsonWriter (compact output,
// RFC 8259 escaping, invalid UTF-8 replaced by U+FFFD), reused so the project has one
// escaping implementation. See ddb/internal/json_writer.h for its contract.
#ifndef HOMEBOARD_SERVER_JSON_WRITER_H_
#define HOMEBOARD_SERVER_JSON_WRITER_H_

#include "ddb/internal/json_writer.h"

namespace homeboard::server {

using JsonWriter = ddb::internal::JsonWriter;

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_JSON_WRITER_H_
