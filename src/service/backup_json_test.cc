// Tests of the JSON backup format on its own: a valid document reads and writes back
// byte for byte, and every kind of bad input is refused with the JSON path and the rule.
#include "service/backup_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

constexpr char kUser[] = "01JD00000000000000000000XY";

// A small valid document, as WriteBackupJson lays it out.
const std::string kValid = R"({
  "format": "homeboard-backup",
  "version": 1,
  "preferences": {
    "theme": "dark",
    "default_page_id": "01HEA4N7G0VKB7KER8ECQ12KEB",
    "time_zone": "Europe/Zurich",
    "open_links_in_new_tab": true,
    "updated_at": "2026-01-01T00:00:00.000Z",
    "version": 3
  },
  "pages": [
    {
      "page_id": "01HEA4N7G0VKB7KER8ECQ12KEB",
      "title": "Home",
      "order_key": "V",
      "created_at": "2026-01-01T00:00:00.000Z",
      "updated_at": "2026-01-01T00:00:00.000Z",
      "version": 1,
      "widgets": [
        {
          "widget_id": "01HEA4N7G02EDEYXAA6K5W22KK",
          "kind": "bookmarks",
          "title": "Links",
          "column": 0,
          "order_key": "V",
          "settings": {"show_icons":{"BOOL":true}},
          "tags": ["work"],
          "created_at": "2026-01-01T00:00:00.000Z",
          "updated_at": "2026-01-01T00:00:00.000Z",
          "version": 2,
          "groups": [
            {
              "group_id": "01HEA4W83GZDAY7JWWWNKEXN09",
              "depth": 1,
              "name": "Dev",
              "order_key": "V",
              "created_at": "2026-01-01T00:00:00.000Z",
              "updated_at": "2026-01-01T00:00:00.000Z",
              "version": 1
            },
            {
              "group_id": "01HEA4W83GZDAY7JWWWNKEXN10",
              "parent_group_id": "01HEA4W83GZDAY7JWWWNKEXN09",
              "depth": 2,
              "name": "C++",
              "order_key": "V",
              "created_at": "2026-01-01T00:00:00.000Z",
              "updated_at": "2026-01-01T00:00:00.000Z",
              "version": 1
            }
          ],
          "bookmarks": [
            {
              "bookmark_id": "01HEA4W92RSG53XJ5PRMSNZHNA",
              "group_id": "01HEA4W83GZDAY7JWWWNKEXN10",
              "url": "https://en.cppreference.com/",
              "title": "cppreference \"quoted\" \\ backslash",
              "description": "line one\n\tline two \u00e9 \ud83d\ude00",
              "icon": "https://en.cppreference.com/favicon.ico",
              "tags": ["c++", "reference"],
              "order_key": "F",
              "created_at": "2026-01-01T00:00:00.000Z",
              "updated_at": "2026-01-02T00:00:00.000Z",
              "version": 4
            }
          ],
          "notes": []
        },
        {
          "widget_id": "01HEA4N7G02EDEYXAA6K5W22KM",
          "kind": "notes",
          "title": "Notes",
          "column": 1,
          "order_key": "V",
          "settings": {},
          "tags": [],
          "created_at": "2026-01-01T00:00:00.000Z",
          "updated_at": "2026-01-01T00:00:00.000Z",
          "version": 1,
          "groups": [],
          "bookmarks": [],
          "notes": [
            {
              "note_id": "01HEA4W92RSG53XJ5PRMSNZHNB",
              "title": "Shopping",
              "body": "milk\r\neggs",
              "tags": [],
              "order_key": "V",
              "created_at": "2026-01-01T00:00:00.000Z",
              "updated_at": "2026-01-01T00:00:00.000Z",
              "version": 1
            }
          ]
        }
      ]
    }
  ]
}
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(BackupJson, ReadsAValidDocument) {
  ASSERT_OK_AND_ASSIGN(Dashboard dashboard, ParseBackupJson(kValid, kUser));
  ASSERT_TRUE(dashboard.preferences);
  EXPECT_EQ(dashboard.preferences->theme, model::Theme::kDark);
  EXPECT_EQ(dashboard.preferences->user_id, kUser);
  EXPECT_EQ(dashboard.preferences->version, 3);
  ASSERT_EQ(dashboard.pages.size(), 1u);
  const PageBackup& page = dashboard.pages[0];
  EXPECT_EQ(page.page.user_id, kUser);
  ASSERT_EQ(page.widgets.size(), 2u);
  const WidgetBackup& links = page.widgets[0];
  EXPECT_EQ(links.widget.page_id, page.page.page_id);
  EXPECT_EQ(links.widget.tags, std::vector<std::string>{"work"});
  EXPECT_TRUE(links.widget.settings.at("show_icons").AsBool());
  ASSERT_EQ(links.bookmarks.size(), 1u);
  const model::Bookmark& b = links.bookmarks[0];
  EXPECT_EQ(b.widget_id, links.widget.widget_id);
  EXPECT_EQ(b.page_id, page.page.page_id);
  EXPECT_EQ(b.title, "cppreference \"quoted\" \\ backslash");
  EXPECT_EQ(b.description, "line one\n\tline two \xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(b.version, 4);
  EXPECT_EQ(links.groups[1].parent_group_id, links.groups[0].group_id);
  ASSERT_EQ(page.widgets[1].notes.size(), 1u);
  EXPECT_EQ(page.widgets[1].notes[0].body, "milk\r\neggs");
}

TEST(BackupJson, WritesWhatItReadsByteForByte) {
  ASSERT_OK_AND_ASSIGN(Dashboard dashboard, ParseBackupJson(kValid, kUser));
  std::string written = WriteBackupJson(dashboard);
  ASSERT_OK_AND_ASSIGN(Dashboard again, ParseBackupJson(written, kUser));
  EXPECT_EQ(again, dashboard);
  EXPECT_EQ(WriteBackupJson(again), written);
  // The layout is the documented one; the only differences from the hand-written document
  // are the escapes the writer chooses (UTF-8 as is, \t, compact settings).
  std::string expected = Replace(kValid, "\\u00e9 \\ud83d\\ude00", "\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(written, expected);
}

TEST(BackupJson, NoPreferencesAndNoPages) {
  std::string json = R"({"format": "homeboard-backup", "version": 1, "pages": []})";
  ASSERT_OK_AND_ASSIGN(Dashboard dashboard, ParseBackupJson(json, kUser));
  EXPECT_FALSE(dashboard.preferences);
  EXPECT_TRUE(dashboard.pages.empty());
  EXPECT_EQ(WriteBackupJson(dashboard),
            "{\n  \"format\": \"homeboard-backup\",\n  \"version\": 1,\n  \"pages\": []\n}\n");
}

struct BadCase {
  std::string name;
  std::string json;
  std::string field;
  std::string rule;
};

std::vector<BadCase> BadCases() {
  const std::string w0 = "pages[0].widgets[0]";
  const std::string b0 = w0 + ".bookmarks[0]";
  return {
      {"not json", "{\"format\": ", "document", "syntax"},
      {"empty", "", "document", "syntax"},
      {"array", "[]", "document", "type"},
      {"no format", Replace(kValid, "\"format\": \"homeboard-backup\",", ""), "format",
       "required"},
      {"other format", Replace(kValid, "\"homeboard-backup\"", "\"netscape\""), "format", "enum"},
      {"newer version", Replace(kValid, "\"version\": 1,\n  \"pref", "\"version\": 2,\n  \"pref"),
       "version", "range"},
      {"unknown top field", Replace(kValid, "\"version\": 1,", "\"version\": 1, \"extra\": 0,"),
       "extra", "unknown_key"},
      {"repeated member", Replace(kValid, "\"version\": 1,", "\"version\": 1, \"version\": 1,"),
       "version", "duplicate"},
      {"pages not array", R"({"format": "homeboard-backup", "version": 1, "pages": {}})", "pages",
       "type"},
      {"page without title", Replace(kValid, "\"title\": \"Home\",", ""), "pages[0].title",
       "required"},
      {"page title empty", Replace(kValid, "\"title\": \"Home\",", "\"title\": \"\","),
       "pages[0].title", "required"},
      {"page title not normalised", Replace(kValid, "\"title\": \"Home\",", "\"title\": \" Home\","),
       "pages[0].title", "not_normalized"},
      {"bad page id", Replace(kValid, "\"page_id\": \"01HEA4N7G0VKB7KER8ECQ12KEB\"",
                              "\"page_id\": \"page-1\""),
       "pages[0].page_id", "pattern"},
      {"version as string", Replace(kValid, "\"version\": 4", "\"version\": \"4\""),
       b0 + ".version", "type"},
      {"version zero", Replace(kValid, "\"version\": 4", "\"version\": 0"), b0 + ".version",
       "range"},
      {"bad timestamp", Replace(kValid, "\"2026-01-02T00:00:00.000Z\"", "\"yesterday\""),
       b0 + ".updated_at", "pattern"},
      {"unknown widget kind", Replace(kValid, "\"kind\": \"bookmarks\"", "\"kind\": \"weather\""),
       w0 + ".kind", "enum"},
      {"unknown widget field", Replace(kValid, "\"column\": 0,", "\"column\": 0, \"colour\": 1,"),
       w0 + ".colour", "unknown_key"},
      {"column out of range", Replace(kValid, "\"column\": 0,", "\"column\": 9,"),
       w0 + ".column", "range"},
      {"unknown setting", Replace(kValid, "{\"show_icons\":{\"BOOL\":true}}",
                                  "{\"wallpaper\":{\"S\":\"x\"}}"),
       w0 + ".settings.wallpaper", "unknown_key"},
      {"settings not DynamoDB JSON", Replace(kValid, "{\"show_icons\":{\"BOOL\":true}}",
                                             "{\"show_icons\":true}"),
       w0 + ".settings", "type"},
      {"javascript url", Replace(kValid, "https://en.cppreference.com/\"", "javascript:alert(1)\""),
       b0 + ".url", "url_scheme"},
      {"svg icon", Replace(kValid, "https://en.cppreference.com/favicon.ico",
                           "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="),
       b0 + ".icon", "pattern"},
      {"tag not normalised", Replace(kValid, "[\"c++\", \"reference\"]", "[\"C++\"]"),
       b0 + ".tags[0]", "not_normalized"},
      {"tag not a string", Replace(kValid, "[\"c++\", \"reference\"]", "[1]"), b0 + ".tags[0]",
       "type"},
      {"id twice", Replace(kValid, "\"note_id\": \"01HEA4W92RSG53XJ5PRMSNZHNB\"",
                           "\"note_id\": \"01HEA4W92RSG53XJ5PRMSNZHNA\""),
       "pages[0].widgets[1].notes[0].note_id", "duplicate"},
      {"group parent missing", Replace(kValid, "\"parent_group_id\": \"01HEA4W83GZDAY7JWWWNKEXN09\"",
                                       "\"parent_group_id\": \"01HEA4W83GZDAY7JWWWNKEXN99\""),
       w0 + ".groups[1].parent_group_id", "inconsistent"},
      {"group depth wrong", Replace(kValid, "\"depth\": 2,", "\"depth\": 3,"),
       w0 + ".groups[1].depth", "inconsistent"},
      {"bookmark group elsewhere", Replace(kValid, "\"group_id\": \"01HEA4W83GZDAY7JWWWNKEXN10\",\n              \"url\"",
                                           "\"group_id\": \"01HEA4W83GZDAY7JWWWNKEXN77\",\n              \"url\""),
       b0 + ".group_id", "inconsistent"},
      {"notes in a bookmarks widget", Replace(kValid, "\"notes\": []\n        },",
                                              "\"notes\": [{}]\n        },"),
       w0 + ".notes", "wrong_kind"},
      {"missing widgets", Replace(kValid, "\"widgets\": [", "\"widgetz\": ["),
       "pages[0].widgets", "required"},
      {"default page elsewhere", Replace(kValid, "\"default_page_id\": \"01HEA4N7G0VKB7KER8ECQ12KEB\"",
                                         "\"default_page_id\": \"01HEA4N7G0VKB7KER8ECQ12KEC\""),
       "preferences.default_page_id", "inconsistent"},
      {"bad theme", Replace(kValid, "\"theme\": \"dark\"", "\"theme\": \"pink\""),
       "preferences.theme", "enum"},
      {"note body control character", Replace(kValid, "milk\\r\\neggs", "milk\\u0000eggs"),
       "pages[0].widgets[1].notes[0].body", "control_character"},
  };
}

TEST(BackupJson, RefusesBadInputNamingThePathAndTheRule) {
  for (const BadCase& c : BadCases()) {
    SCOPED_TRACE(c.name);
    auto parsed = ParseBackupJson(c.json, kUser);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, Error::Code::kInvalidArgument);
    EXPECT_EQ(parsed.error().field, c.field) << parsed.error().ToString();
    EXPECT_EQ(parsed.error().rule, c.rule) << parsed.error().ToString();
    EXPECT_TRUE(parsed.error().message.starts_with(c.field)) << parsed.error().message;
  }
}

TEST(BackupJson, RefusesABadUserId) {
  auto parsed = ParseBackupJson(kValid, "someone");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "user_id");
}

TEST(BackupJson, TruncatedDocumentsNeverCrash) {
  for (std::size_t n = 0; n <= kValid.rfind('}'); n += 7) {
    auto parsed = ParseBackupJson(kValid.substr(0, n), kUser);
    EXPECT_FALSE(parsed.ok()) << n;
  }
}

}  // namespace
}  // namespace homeboard::service
