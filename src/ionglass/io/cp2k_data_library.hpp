#pragma once
// Lookups in CP2K's data files (BASIS_MOLOPT, GTH_POTENTIALS, ... as shipped by cp2k-data), so
// that an input can be written for any element without a table in the code.
//
// A basis-set file lists, per set, a header line "Element NAME [ALIAS ...]" followed by the set's
// numbers; a MOLOPT set's alias ends in "-qN", the number of valence electrons of the GTH
// pseudopotential it was optimised with (VandeVondele & Hutter, J. Chem. Phys. 127, 114105
// (2007)). A potential file lists "Element NAME [ALIAS ...]" headers the same way.
#include <optional>
#include <string>

namespace ionglass {

/// The data folder that relative CP2K data-file names are looked up in: `directory` when not
/// empty, else $CP2K_DATA_DIR, else /usr/share/cp2k (Debian's cp2k-data).
std::string cp2k_data_directory(const std::string& directory = "");

/// `name` itself when it is a path that exists or an absolute path; else `name` in the data folder.
std::string resolve_cp2k_data_file(const std::string& name, const std::string& directory = "");

/// The valence electron count N of the set `set_name` for `element` in the basis-set file `path`,
/// from its "-qN" name or alias; empty when the file has no such set or the set names no -qN.
/// InputError when the file cannot be read.
std::optional<int> cp2k_basis_set_valence(const std::string& path, const std::string& element,
                                          const std::string& set_name);

/// True when the file `path` (basis sets or potentials) has a header line for `element` naming
/// `name` (as name or alias). InputError when the file cannot be read.
bool cp2k_data_file_has_entry(const std::string& path, const std::string& element, const std::string& name);

}  // namespace ionglass
