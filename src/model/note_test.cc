// Tests for Note and NoteSummary: round trips (empty title/body, unicode, a body of exactly
// 102,400 bytes), the computed preview, item shape, invalid values, corrupt items, and
// summaries read from index-shaped items.
#include "model/note.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"
#include "model/text.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

Note ValidNote() {
  return Note{.widget_id = kWidget2,
              .note_id = kItem1,
              .user_id = kUserA,
              .page_id = kPage1,
              .title = "Groceries",
              .body = "- milk\n- eggs\n",
              .tags = {"home"},
              .order_key = "V",
              .created_at = kCreated,
              .updated_at = kUpdated,
              .version = 1};
}

Note LargestNote() {
  Note note = ValidNote();
  note.title = Repeat(kEmoji, kMaxNoteTitleChars);
  note.body = Repeat(kEmoji, kMaxNoteBodyBytes / 4);  // exactly 102,400 bytes
  note.tags.clear();
  for (int i = 0; i < 20; ++i) note.tags.push_back(Repeat(kEmoji, 63) + char('a' + i));
  std::sort(note.tags.begin(), note.tags.end());
  note.version = kMaxVersion;
  return note;
}

TEST(Note, RoundTrips) {
  ExpectRoundTrip(ValidNote());
  Note empty = ValidNote();
  empty.title = "";
  empty.body = "";
  empty.tags = {};
  ExpectRoundTrip(empty);
  Note unicode = ValidNote();
  unicode.body = std::string("  ") + kCombining + "\r\n\t" + kEmoji + "  \n";
  ExpectRoundTrip(unicode);
  ASSERT_EQ(LargestNote().body.size(), kMaxNoteBodyBytes);
  ExpectRoundTrip(LargestNote());
}

TEST(Note, Preview) {
  EXPECT_EQ(MakePreview(""), "");
  EXPECT_EQ(MakePreview(" \n\t "), "");
  EXPECT_EQ(MakePreview("  # Title\n\nFirst  line\tsecond "), "# Title First line second");
  EXPECT_EQ(MakePreview(std::string(300, 'x')), std::string(200, 'x'));
  EXPECT_EQ(MakePreview(Repeat(kEmoji, 300)), Repeat(kEmoji, 200));
  // A cut right after a space is trimmed.
  EXPECT_EQ(MakePreview(std::string(199, 'a') + " b"), std::string(199, 'a'));
  // Combining marks are code points of their own.
  EXPECT_EQ(CodePointCount(MakePreview(Repeat(kCombining, 150))), 200u);
}

TEST(Note, ItemShape) {
  ddb::Item item = ValidNote().ToItem();
  EXPECT_EQ(item.at("preview"), AttributeValue::S("- milk - eggs"));
  EXPECT_EQ(item.at("tags"), AttributeValue::SS({"home"}));
  Note empty = ValidNote();
  empty.title = "";
  empty.body = "";
  empty.tags = {};
  ddb::Item bare = empty.ToItem();
  for (const char* absent : {"title", "body", "preview", "tags"}) {
    EXPECT_FALSE(bare.count(absent)) << absent;
  }
  EXPECT_EQ(ValidNote().Key(), (ddb::Item{{"widget_id", AttributeValue::S(kWidget2)},
                                          {"note_id", AttributeValue::S(kItem1)}}));
  EXPECT_EQ(Note::KeyOf(kWidget2, kItem1), ValidNote().Key());
  // The doc's estimate for the largest note: ~108 KB, a quarter of DynamoDB's limit.
  std::size_t size = ddb::ItemSize(LargestNote().ToItem());
  EXPECT_GT(size, 100u * 1024);
  EXPECT_LT(size, 110u * 1024);
}

TEST(Note, StoredPreviewIsIgnored) {
  ddb::Item item = ValidNote().ToItem();
  item["preview"] = AttributeValue::S("stale");
  ASSERT_OK_AND_ASSIGN(Note note, Note::FromItem(item));
  EXPECT_EQ(note, ValidNote());
  EXPECT_EQ(note.ToItem().at("preview"), AttributeValue::S("- milk - eggs"));
}

TEST(Note, RejectsInvalid) {
  ExpectRejected<Note>(
      ValidNote(),
      {
          {"no widget", [](Note& n) { n.widget_id = ""; }, "widget_id", "required"},
          {"bad id", [](Note& n) { n.note_id = "n"; }, "note_id", "pattern"},
          {"bad owner", [](Note& n) { n.user_id = "x"; }, "user_id", "pattern"},
          {"bad page", [](Note& n) { n.page_id = ""; }, "page_id", "required"},
          {"long title", [](Note& n) { n.title = Repeat(kEmoji, 201); }, "title", "max_length"},
          {"untrimmed title", [](Note& n) { n.title = " t"; }, "title", "not_normalized"},
          {"body one byte over", [](Note& n) { n.body = std::string(kMaxNoteBodyBytes + 1, 'b'); },
           "body", "max_length"},
          {"body control", [](Note& n) { n.body = "a\x07"; }, "body", "control_character"},
          {"body NUL", [](Note& n) { n.body = std::string("a\0b", 3); }, "body",
           "control_character"},
          {"body bad utf8", [](Note& n) { n.body = "\xc0\xaf"; }, "body", "utf8"},
          {"upper tag", [](Note& n) { n.tags = {"Home"}; }, "tags[0]", "not_normalized"},
          {"bad order", [](Note& n) { n.order_key = "-"; }, "order_key", "pattern"},
          {"bad created", [](Note& n) { n.created_at = "now"; }, "created_at", "pattern"},
          {"bad updated", [](Note& n) { n.updated_at = ""; }, "updated_at", "required"},
          {"version 0", [](Note& n) { n.version = 0; }, "version", "range"},
      });
}

TEST(Note, CorruptItems) {
  ExpectCorruptWithout(ValidNote(), {"widget_id", "note_id", "user_id", "page_id", "order_key",
                                     "created_at", "updated_at", "version"});
  ExpectCorruptWith(ValidNote(), "body", AttributeValue::B("bytes"));
  ExpectCorruptWith(ValidNote(), "preview", AttributeValue::N("1"));
}

TEST(NoteSummary, FromIndexShapedItem) {
  Note note = LargestNote();
  ddb::Item item = note.ToItem();
  // UserNotesIndex projects neither body nor version.
  item.erase("body");
  item.erase("version");
  ASSERT_OK_AND_ASSIGN(NoteSummary summary, NoteSummary::FromItem(item));
  EXPECT_EQ(summary, NoteSummary::Of(note));
  EXPECT_EQ(summary.preview, Repeat(kEmoji, 200));
  EXPECT_EQ(summary.tags, note.tags);
  // A full item works too.
  ASSERT_OK_AND_ASSIGN(NoteSummary from_full, NoteSummary::FromItem(ValidNote().ToItem()));
  EXPECT_EQ(from_full, NoteSummary::Of(ValidNote()));
}

TEST(NoteSummary, RejectsBadPreview) {
  ddb::Item item = ValidNote().ToItem();
  item["preview"] = AttributeValue::S(std::string(201, 'p'));
  auto result = NoteSummary::FromItem(item);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "preview");
  EXPECT_EQ(result.error().rule, "max_length");
  item.erase("updated_at");
  result = NoteSummary::FromItem(item);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "updated_at");
  EXPECT_EQ(result.error().rule, "corrupt");
}

}  // namespace
}  // namespace homeboard::model
