// Command-line behaviour on bad input (issue 16, class 7): a negative --threads and an --out that
// cannot be created end with one message and exit status 2, like every other input error.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "../io/io_test_helpers.hpp"

namespace ionglass {
namespace {

using test::read_text_file;
using test::temp_file;
using test::write_text_file;

int run(const std::string& args, const std::string& err) {
  const std::string command = "'" + test::cli() + "' -q " + args + " > /dev/null 2> '" + err + "'";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string small_data_file() {
  const std::string path = temp_file("small.dat");
  write_text_file(path,
                  "title\n\n2 atoms\n2 atom types\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n"
                  "1 22.99\n2 15.999\n\nAtoms # atomic\n\n1 1 0.5 0.5 0.5\n2 2 2.5 2.0 2.0\n");
  return path;
}

TEST(CommandLine, NegativeThreadCountIsAnInputError) {
  const std::string err = temp_file("threads.err");
  EXPECT_EQ(run("structure '" + small_data_file() + "' --threads -3", err), 2);
  EXPECT_NE(read_text_file(err).find("--threads -3"), std::string::npos) << read_text_file(err);
}

TEST(CommandLine, OutputFolderThatCannotBeCreatedIsAnInputError) {
  const std::string blocker = temp_file("a_file");
  write_text_file(blocker, "occupied\n");
  const std::string err = temp_file("out.err");
  EXPECT_EQ(run("structure '" + small_data_file() + "' --out '" + blocker + "/sub'", err), 2);
  const std::string message = read_text_file(err);
  EXPECT_NE(message.find(blocker), std::string::npos) << message;
  EXPECT_NE(message.find("cannot create or write"), std::string::npos) << message;
  EXPECT_EQ(read_text_file(blocker), "occupied\n");
}

}  // namespace
}  // namespace ionglass
