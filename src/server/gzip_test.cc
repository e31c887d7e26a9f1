// Tests of server/gzip.h: our gzip decodes with zlib's reference inflate at every level, and
// Accept-Encoding is read as RFC 9110 says (q-values, "*", refusals, case).
#include "server/gzip.h"

#include <gtest/gtest.h>

#include <random>

#include "server/testing_gzip.h"

namespace homeboard::server {
namespace {

TEST(Gzip, RoundTripsAtEveryLevel) {
  std::string json = "{\"items\":[";
  for (int i = 0; i < 2000; ++i)
    json += "{\"id\":" + std::to_string(i) + ",\"url\":\"https://example.com/\"},";
  json += "{}]}";
  for (int level : {kGzipFast, kGzipSmall, 9}) {
    std::optional<std::string> packed = Gzip(json, level);
    ASSERT_TRUE(packed.has_value()) << level;
    EXPECT_LT(packed->size(), json.size() / 4) << level;
    EXPECT_EQ(Gunzip(*packed), json) << level;
  }
}

TEST(Gzip, EmptyAndIncompressibleInputs) {
  std::optional<std::string> empty = Gzip("", kGzipFast);
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(Gunzip(*empty), "");
  std::mt19937 random(7);
  std::string noise(100000, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  std::optional<std::string> packed = Gzip(noise, kGzipSmall);
  ASSERT_TRUE(packed.has_value());
  EXPECT_EQ(Gunzip(*packed), noise);
  // A truncated member is refused by the reference decoder: Gunzip checks what it is given.
  EXPECT_FALSE(Gunzip(packed->substr(0, packed->size() - 4)).has_value());
}

TEST(AcceptsGzip, ReadsTheHeaderAsRfc9110Says) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));  // every browser
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZip;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip(" deflate ,\tgzip ; q=0.001"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0")) << "gzip's own entry wins over *";
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=2")) << "malformed q";
  EXPECT_FALSE(AcceptsGzip("gzip;q=abc"));
  EXPECT_FALSE(AcceptsGzip("gzipped"));
}

TEST(IsCompressible, JsonAndTextOnly) {
  EXPECT_TRUE(IsCompressible("application/json"));
  EXPECT_TRUE(IsCompressible("application/json; charset=utf-8"));
  EXPECT_TRUE(IsCompressible("application/problem+json"));
  EXPECT_TRUE(IsCompressible("text/html; charset=utf-8"));
  EXPECT_FALSE(IsCompressible("image/png"));
  EXPECT_FALSE(IsCompressible("application/octet-stream"));
  EXPECT_FALSE(IsCompressible(""));
}

}  // namespace
}  // namespace homeboard::server
