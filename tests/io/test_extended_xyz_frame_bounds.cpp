// extended_xyz_frame_bounds: where frames begin, a frame cut short at the end, a malformed count.
#include <gtest/gtest.h>

#include <string>

#include "ionglass/io/extended_xyz_frame_bounds.hpp"

using namespace ionglass;

namespace {
const std::string frame_a = "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3\nNa 0 0 0\nO 1 1 1\n";
const std::string frame_b = "1\ncomment\nFe 2 2 2\n";
}  // namespace

TEST(ExtendedXyzFrameBounds, CompleteFramesAndTheirStarts) {
  const auto bounds = extended_xyz_frame_bounds(frame_a + frame_b + "\n  \n");
  ASSERT_EQ(bounds.starts.size(), 2u);
  EXPECT_EQ(bounds.starts[0], 0u);
  EXPECT_EQ(bounds.starts[1], frame_a.size());
  EXPECT_EQ(bounds.complete_length, frame_a.size() + frame_b.size());
  EXPECT_FALSE(bounds.cut_short);
  EXPECT_FALSE(bounds.malformed);
  EXPECT_TRUE(extended_xyz_frame_bounds("").starts.empty());
  EXPECT_EQ(extended_xyz_frame_bounds(" 0 \ncomment\n").starts.size(), 1u);  // an empty frame
}

TEST(ExtendedXyzFrameBounds, EveryCutInsideTheLastFrameIsCutShort) {
  const std::string text = frame_a + frame_b;
  for (std::size_t length = frame_a.size() + 1; length < text.size(); ++length) {
    const auto bounds = extended_xyz_frame_bounds(text.substr(0, length));
    EXPECT_TRUE(bounds.cut_short) << length;
    EXPECT_FALSE(bounds.malformed) << length;
    EXPECT_EQ(bounds.starts.size(), 1u) << length;
    EXPECT_EQ(bounds.complete_length, frame_a.size()) << length;
  }
}

TEST(ExtendedXyzFrameBounds, ACountThatIsNoNumberIsMalformedNotCutShort) {
  const auto bounds = extended_xyz_frame_bounds(frame_a + "two\ncomment\nNa 0 0 0\nO 1 1 1\n" + frame_b);
  EXPECT_TRUE(bounds.malformed);
  EXPECT_FALSE(bounds.cut_short);
  EXPECT_EQ(bounds.starts.size(), 1u);
  EXPECT_TRUE(extended_xyz_frame_bounds("-3\nx\n").malformed);
}
