#pragma once
// VASP INCAR files (https://www.vasp.at/wiki/index.php/INCAR): `TAG = value` statements.
//
// Reading: a '#' or '!' starts a comment that runs to the end of the line; ';' separates several
// statements on one line; tag names are case-insensitive (returned upper case); values are
// trimmed, runs of spaces become one space, a value in double quotes loses its quotes, and the
// Fortran booleans (T, F, .TRUE., .FALSE., TRUE, FALSE, .T., .F., any case) become .TRUE. or
// .FALSE. Arrays ("2*0.0 5.3", "-1 2 -1 -1") stay text. A tag given twice, a statement without
// '=', an empty tag name or value is an InputError naming the file and line.
//
// Writing: one `TAG = value` line per tag, in the given order, atomically.
#include <string>
#include <utility>
#include <vector>

namespace ionglass {

/// INCAR tags in file order: upper-case tag → value text.
using IncarTags = std::vector<std::pair<std::string, std::string>>;

IncarTags read_incar(const std::string& path);
/// The same rules on text (`source` names it in errors).
IncarTags parse_incar(const std::string& text, const std::string& source);
/// The value as read back from a file: booleans canonical, whitespace collapsed, quotes removed.
std::string normalize_incar_value(const std::string& value);
std::string format_incar(const IncarTags& tags);
void write_incar(const std::string& path, const IncarTags& tags);

}  // namespace ionglass
