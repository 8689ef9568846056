// Study files (issue 16, class 7 and 5): a NaN temperature was reported as "listed twice", and a
// repeated key was silently ignored.
#include <gtest/gtest.h>

#include <string>

#include "../io/io_test_helpers.hpp"
#include "ionglass/study/study_config.hpp"

namespace ionglass {
namespace {

std::string study_with(const std::string& extra) {
  const std::string path = test::temp_file("study.yaml");
  test::write_text_file(path, "models:\n  - name: ACE\n    potential: " + test::data_dir() +
                                  "/potential/NaFePO4.yace\n    structures: [\"" + test::data_dir() +
                                  "/glass/ACE/300K_*.dat\"]\n" + extra);
  return path;
}

TEST(StudyFile, NanTemperatureIsNotCalledARepeat) {
  const std::string path = study_with("diffusion:\n  temperatures_K: [1000, .nan]\n");
  test::expect_input_error([&] { study::read_study(path); }, {path + ":", "positive and finite"});
}

TEST(StudyFile, DuplicateKeyIsRefused) {
  const std::string path = study_with("diffusion:\n  temperatures_K: [1000, 1200]\n  temperatures_K: [600, 800]\n");
  test::expect_input_error([&] { study::read_study(path); }, {path + ":7:", "duplicate key 'temperatures_K'"});
}

}  // namespace
}  // namespace ionglass
