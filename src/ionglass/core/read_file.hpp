#pragma once
// The whole content of a file, read in one go (potential files, .npz archives).
#include <string>

namespace ionglass {

/// The bytes of `path`, unchanged (binary mode). A file that cannot be opened is an InputError
/// naming `path` with the problem "cannot open `what`" ("file", "potential file", ...).
std::string read_file(const std::string& path, const std::string& what = "file");

}  // namespace ionglass
