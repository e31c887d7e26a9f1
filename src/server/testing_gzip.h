// Gunzip for tests (header-only, test-only): the inverse of server/gzip.h's Gzip, through
// zlib's own inflate, so that tests check our encoding against the reference decoder.
#ifndef HOMEBOARD_SERVER_TESTING_GZIP_H_
#define HOMEBOARD_SERVER_TESTING_GZIP_H_

#include <zlib.h>

#include <optional>
#include <string>
#include <string_view>

namespace homeboard::server {

// The data of one gzip member; nothing if `bytes` is not exactly one valid member.
inline std::optional<std::string> Gunzip(std::string_view bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  int result = Z_OK;
  while (result == Z_OK) {
    char chunk[16384];
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof(chunk) - stream.avail_out);
  }
  const bool whole = result == Z_STREAM_END && stream.avail_in == 0;
  inflateEnd(&stream);
  if (!whole) return std::nullopt;
  return out;
}

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_TESTING_GZIP_H_
