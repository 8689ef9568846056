#pragma once
// Errors raised by ionglass. Every problem caused by the user's input is an InputError that names
// the file, the line (when there is one) and the problem; the command-line program prints its
// message and exits with status 2.
#include <stdexcept>
#include <string>

namespace ionglass {

/// Base class of all ionglass errors.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Bad input: a malformed file, an impossible parameter, a missing type. `what()` reads
/// "FILE:LINE: problem" (or "FILE: problem" without a line, or just "problem" without a file).
class InputError : public Error {
public:
  explicit InputError(const std::string& problem);
  InputError(const std::string& file, long line, const std::string& problem);

  const std::string& file() const { return file_; }
  long line() const { return line_; }
  const std::string& problem() const { return problem_; }

private:
  std::string file_;
  long line_ = 0;
  std::string problem_;
};

/// A simulation or computation that cannot go on (non-finite energy, atoms too close, ...).
class ComputationError : public Error {
public:
  using Error::Error;
};

}  // namespace ionglass
