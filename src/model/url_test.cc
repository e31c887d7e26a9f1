// Tests for the http(s) URL validator: a table of accepted URLs and of rejected ones with
// the rule each breaks (schemes in any case, whitespace tricks, missing hosts, ports), the
// byte limit, and https-only validation.
#include "model/url.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

TEST(Url, Accepted) {
  const std::string accepted[] = {
      "http://example.com",
      "https://example.com/",
      "HTTPS://EXAMPLE.COM/Path?Q=1#F",
      "HtTp://x",
      "https://example.com:8443/a/b?c=d&e=f#g",
      "https://example.com:/",  // empty port means the default
      "http://127.0.0.1:8080/",
      "http://[::1]:8000/",
      "http://[2001:db8::7]/x",
      "https://user:pass@example.com/",
      "https://@example.com/",
      "https://\xe4\xbe\x8b\xe3\x81\x88.jp/\xe3\x83\x91\xe3\x82\xb9",  // https://例え.jp/パス
      "https://xn--r8jz45g.jp/",
      "https://example.com/search?q={query}",
      "https://example.com/%E2%82%AC?x=%20",
      "https://a_b.example~.com/",
      "https://example.com?only-query",
      "https://example.com#only-fragment",
      "https://example.com/@not-userinfo",
  };
  for (const auto& url : accepted) {
    SCOPED_TRACE(url);
    EXPECT_OK(ValidateHttpUrl(url, "url"));
  }
}

TEST(Url, Rejected) {
  struct Case {
    std::string url;
    const char* rule;
  } cases[] = {
      {"", "required"},
      {"javascript:alert(1)", "url_scheme"},
      {"JaVaScRiPt:alert(1)", "url_scheme"},
      {"javascript://example.com/%0Aalert(1)", "url_scheme"},
      {" javascript:alert(1)", "url_syntax"},
      {"\tjavascript:alert(1)", "url_syntax"},
      {"java\nscript:alert(1)", "url_syntax"},
      {"data:text/html,<script>alert(1)</script>", "url_scheme"},
      {"file:///etc/passwd", "url_scheme"},
      {"ftp://example.com/", "url_scheme"},
      {"vbscript:msgbox(1)", "url_scheme"},
      {"blob:https://example.com/uuid", "url_scheme"},
      {"about:blank", "url_scheme"},
      // A port too long to fit any integer: rejected without overflowing (found by fuzzing).
      {"http://x:99999999999999999999999/", "url_syntax"},
      {"mailto:a@example.com", "url_scheme"},
      {"//example.com/", "url_scheme"},
      {"example.com", "url_scheme"},
      {"https", "url_scheme"},
      {"httpx://example.com", "url_scheme"},
      {"http://", "url_host"},
      {"http:///x", "url_host"},
      {"http:/example.com", "url_host"},
      {"http:example.com", "url_host"},
      {"http://:80/", "url_host"},
      {"http://user@/", "url_host"},
      {"http://exa<mple.com/", "url_host"},
      {"http://exa\"mple.com/", "url_host"},
      {"http://[::1/", "url_host"},
      {"http://[zz]/", "url_host"},
      {"http://[::1]x/", "url_host"},
      {"http://example.com:99999/", "url_syntax"},
      {"http://example.com:8o/", "url_syntax"},
      {"http://example.com:123456/", "url_syntax"},
      {"https://example.com/a b", "url_syntax"},
      {"https://example.com/a\xc2\xa0"
       "b",
       "url_syntax"},                                      // NBSP
      {"https://example.com/\xe3\x80\x80", "url_syntax"},  // ideographic space
      {"https://example.com/\x7f", "url_syntax"},
      {"https://example.com/\xc2\x85", "url_syntax"},  // NEL (C1)
      {std::string("https://example.com/\0", 21), "url_syntax"},
      {"https:\\\\example.com", "url_syntax"},
      {"https://good.com\\@evil.com/", "url_syntax"},
      {"https://example.com/\xff", "utf8"},
  };
  for (const Case& c : cases) {
    auto status = ValidateHttpUrl(c.url, "url");
    ASSERT_FALSE(status.ok()) << c.url;
    EXPECT_EQ(status.error().rule, c.rule) << c.url;
    EXPECT_EQ(status.error().field, "url");
  }
}

TEST(Url, ByteLimit) {
  std::string prefix = "https://example.com/";
  std::string at_limit = prefix + std::string(kMaxUrlBytes - prefix.size(), 'a');
  ASSERT_EQ(at_limit.size(), 2048u);
  EXPECT_OK(ValidateHttpUrl(at_limit, "url"));
  auto over = ValidateHttpUrl(at_limit + "a", "url");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().rule, "max_length");
  EXPECT_EQ(over.error().message, "url: at most 2048 bytes (got 2049)");
  // Multi-byte characters count as bytes.
  std::string wide = prefix;
  while (wide.size() + 3 <= kMaxUrlBytes) wide += "\xe3\x83\x91";
  EXPECT_OK(ValidateHttpUrl(wide, "url"));
  EXPECT_FALSE(ValidateHttpUrl(wide + "\xe3\x83\x91", "url").ok());
  // A custom limit.
  EXPECT_FALSE(ValidateHttpUrl("https://example.com/", "icon", 10).ok());
}

TEST(Url, HttpsOnly) {
  EXPECT_OK(ValidateHttpsUrl("https://example.com/embed", "settings.url"));
  EXPECT_OK(ValidateHttpsUrl("HTTPS://example.com/embed", "settings.url"));
  auto http = ValidateHttpsUrl("http://example.com/embed", "settings.url");
  ASSERT_FALSE(http.ok());
  EXPECT_EQ(http.error().rule, "url_scheme");
  EXPECT_EQ(http.error().field, "settings.url");
}

}  // namespace
}  // namespace homeboard::model
