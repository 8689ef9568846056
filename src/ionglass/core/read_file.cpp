#include "ionglass/core/read_file.hpp"

#include <fstream>
#include <sstream>

#include "ionglass/core/error.hpp"

namespace ionglass {

std::string read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open " + what);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace ionglass
