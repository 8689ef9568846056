// yaml_double_quoted: text that YAML reads back as the same string.
#include <gtest/gtest.h>

#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/core/yaml_text.hpp"

using namespace ionglass;

TEST(YamlText, DoubleQuotedReadsBackAsTheSameText) {
  EXPECT_EQ(yaml_double_quoted(""), "\"\"");
  EXPECT_EQ(yaml_double_quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  for (const std::string text : {"", "plain", "with: colon", "quote \" and backslash \\", "# not a comment", "- dash"}) {
    const YAML::Node node = load_yaml_strict("key: " + yaml_double_quoted(text) + "\n", "test");
    EXPECT_EQ(node["key"].as<std::string>(), text);
  }
}
