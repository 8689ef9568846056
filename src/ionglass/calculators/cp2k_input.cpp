#include "ionglass/calculators/cp2k_input.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <sstream>

#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/io/cp2k_data_library.hpp"

namespace ionglass::calculators {
namespace {

using Lines = std::vector<std::string>;

std::string joined(const Lines& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// Elements present, in the order of their first atom.
std::vector<std::string> elements_in_order(const System& structure) {
  std::vector<std::string> order;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < structure.size(); ++i)
    if (seen.insert(structure.symbol(i)).second) order.push_back(structure.symbol(i));
  return order;
}

struct KindChoice {
  std::string basis_set, potential;
  int valence = 0;
};

KindChoice choose_kind(const std::string& element, const Cp2kSettings& s) {
  const std::string basis_file = resolve_cp2k_data_file(s.basis_set_file, s.data_directory);
  const std::string potential_file = resolve_cp2k_data_file(s.potential_file, s.data_directory);
  KindChoice choice;
  const auto override_of = s.kinds.find(element);
  choice.basis_set = override_of != s.kinds.end() && !override_of->second.basis_set.empty()
                         ? override_of->second.basis_set
                         : s.basis_set;
  const auto valence = cp2k_basis_set_valence(basis_file, element, choice.basis_set);
  if (!valence && !cp2k_data_file_has_entry(basis_file, element, choice.basis_set))
    throw InputError(fmt::format("cp2k: no basis set '{}' for {} in {} (give one under kinds: {}: basis_set:)",
                                 choice.basis_set, element, basis_file, element));
  if (override_of != s.kinds.end() && !override_of->second.potential.empty()) {
    choice.potential = override_of->second.potential;
  } else {
    if (!valence)
      throw InputError(
          fmt::format("cp2k: the basis set '{}' of {} names no valence (-qN); give the "
                      "pseudopotential under kinds: {}: potential:",
                      choice.basis_set, element, element));
    choice.potential = fmt::format("{}-q{}", s.potential_family, *valence);
  }
  if (!cp2k_data_file_has_entry(potential_file, element, choice.potential))
    throw InputError(
        fmt::format("cp2k: no pseudopotential '{}' for {} in {}", choice.potential, element, potential_file));
  choice.valence = valence.value_or(0);
  return choice;
}

Lines cell_lines(const System& structure) {
  if (!structure.cell.fully_periodic() || !structure.cell.has_volume())
    throw InputError("cp2k: the structure needs a periodic cell with a volume (Γ-point plane-wave calculation)");
  Lines lines = {"    &CELL"};
  const char* names[3] = {"A", "B", "C"};
  for (int axis = 0; axis < 3; ++axis) {
    const Vec3 v = structure.cell.vector(axis);
    lines.push_back(fmt::format("      {} {:.10f} {:.10f} {:.10f}", names[axis], v[0], v[1], v[2]));
  }
  lines.push_back("      PERIODIC XYZ");
  lines.push_back("    &END CELL");
  return lines;
}

Lines coordinate_lines(const System& structure) {
  Lines lines = {"    &COORD"};
  for (std::size_t i = 0; i < structure.size(); ++i) {
    const Vec3 r = structure.positions[i] - structure.cell.origin();
    if (!r.allFinite()) throw InputError(fmt::format("cp2k: atom {} has a non-finite position", i + 1));
    lines.push_back(fmt::format("      {} {:.10f} {:.10f} {:.10f}", structure.symbol(i), r[0], r[1], r[2]));
  }
  lines.push_back("    &END COORD");
  return lines;
}

Lines kind_lines(const std::vector<std::string>& elements, const std::vector<KindChoice>& choices,
                 const Cp2kSettings& s) {
  Lines lines;
  for (std::size_t k = 0; k < elements.size(); ++k) {
    lines.push_back("    &KIND " + elements[k]);
    lines.push_back("      BASIS_SET " + choices[k].basis_set);
    lines.push_back("      POTENTIAL " + choices[k].potential);
    if (const auto u = s.hubbard_U_eV.find(elements[k]); u != s.hubbard_U_eV.end()) {
      const auto l = s.hubbard_l.find(elements[k]);
      lines.push_back("      &DFT_PLUS_U");
      lines.push_back(fmt::format("        L {}", l == s.hubbard_l.end() ? 2 : l->second));
      lines.push_back(fmt::format("        U_MINUS_J [eV] {}", u->second));
      if (s.hubbard_U_ramping_eV > 0) {
        lines.push_back(fmt::format("        U_RAMPING [eV] {}", s.hubbard_U_ramping_eV));
        lines.push_back(fmt::format("        EPS_U_RAMPING {}", s.eps_U_ramping));
      }
      lines.push_back("      &END DFT_PLUS_U");
    }
    lines.push_back("    &END KIND");
  }
  return lines;
}

Lines motion_lines(const CalculationRequest& request, const Cp2kSettings& s) {
  if (request.kind != CalculationRequest::Kind::molecular_dynamics) return {};
  const auto& md = request.molecular_dynamics;
  const std::string each = fmt::format("        MD {}", md.sample_every);
  return {"&MOTION",
          "  &MD",
          "    ENSEMBLE NVT",
          fmt::format("    STEPS {}", md.steps),
          fmt::format("    TIMESTEP [fs] {}", md.timestep_fs),
          fmt::format("    TEMPERATURE [K] {}", md.temperature_K),
          "    &THERMOSTAT",
          "      TYPE CSVR",
          "      REGION GLOBAL",
          "      &CSVR",
          fmt::format("        TIMECON [fs] {}", s.thermostat_time_constant_fs),
          "      &END CSVR",
          "    &END THERMOSTAT",
          "  &END MD",
          "  &PRINT",
          "    &TRAJECTORY",
          "      FORMAT XYZ",
          "      &EACH",
          each,
          "      &END EACH",
          "    &END TRAJECTORY",
          "    &FORCES",
          "      FORMAT XYZ",
          "      &EACH",
          each,
          "      &END EACH",
          "    &END FORCES",
          "  &END PRINT",
          "&END MOTION"};
}

void check_request(const CalculationRequest& request) {
  if (request.kind != CalculationRequest::Kind::molecular_dynamics) return;
  const auto& md = request.molecular_dynamics;
  if (!(md.temperature_K > 0) || !std::isfinite(md.temperature_K))
    throw InputError("cp2k: molecular dynamics needs a temperature > 0 K");
  if (md.steps < 1 || md.sample_every < 1 || md.sample_every > md.steps)
    throw InputError("cp2k: molecular dynamics needs steps ≥ 1 and 1 ≤ sample_every ≤ steps");
  if (!(md.timestep_fs > 0) || md.timestep_fs > 10) throw InputError("cp2k: the time step must be in (0, 10] fs");
}

void replace_all(std::string& text, const std::string& key, const std::string& value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
}

}  // namespace

std::string write_cp2k_input(const System& structure, const CalculationRequest& request, const Cp2kSettings& s) {
  check_request(request);
  if (structure.size() == 0) throw InputError("cp2k: the structure has no atoms");
  const auto elements = elements_in_order(structure);
  std::vector<KindChoice> choices;
  for (const auto& element : elements) choices.push_back(choose_kind(element, s));
  const bool molecular_dynamics = request.kind == CalculationRequest::Kind::molecular_dynamics;
  const std::string run_type = molecular_dynamics ? "MD" : "ENERGY_FORCE";

  if (!s.template_file.empty()) {
    std::string text = read_file(s.template_file, "CP2K input template");
    for (const char* needed : {"{{cell}}", "{{coordinates}}", "{{kinds}}"})
      if (text.find(needed) == std::string::npos)
        throw InputError(fmt::format("{}: the CP2K template has no {} placeholder", s.template_file, needed));
    if (molecular_dynamics && text.find("{{motion}}") == std::string::npos)
      throw InputError(s.template_file + ": molecular dynamics needs a {{motion}} placeholder in the CP2K template");
    replace_all(text, "{{project}}", cp2k_project);
    replace_all(text, "{{run_type}}", run_type);
    replace_all(text, "{{cell}}", joined(cell_lines(structure)));
    replace_all(text, "{{coordinates}}", joined(coordinate_lines(structure)));
    replace_all(text, "{{kinds}}", joined(kind_lines(elements, choices, s)));
    replace_all(text, "{{motion}}", joined(motion_lines(request, s)));
    return text;
  }

  long long electrons = -s.charge;
  for (std::size_t i = 0; i < structure.size(); ++i)
    for (std::size_t k = 0; k < elements.size(); ++k)
      if (elements[k] == structure.symbol(i)) electrons += choices[k].valence;
  const long long occupied = (electrons + 1) / 2;
  const long long added_mos =
      std::max<long long>(s.minimum_added_mos, static_cast<long long>(std::ceil(s.added_mos_fraction * occupied)));

  Lines L = {"&GLOBAL", "  PROJECT " + cp2k_project, "  RUN_TYPE " + run_type, "  PRINT_LEVEL MEDIUM"};
  if (molecular_dynamics) L.push_back(fmt::format("  SEED {}", request.molecular_dynamics.seed % 2147483647));
  L.push_back("&END GLOBAL");
  L.push_back("&FORCE_EVAL");
  L.push_back("  METHOD QUICKSTEP");
  if (s.stress && !molecular_dynamics) L.push_back("  STRESS_TENSOR ANALYTICAL");
  L.push_back("  &DFT");
  L.push_back("    BASIS_SET_FILE_NAME " + resolve_cp2k_data_file(s.basis_set_file, s.data_directory));
  L.push_back("    POTENTIAL_FILE_NAME " + resolve_cp2k_data_file(s.potential_file, s.data_directory));
  if (s.charge != 0) L.push_back(fmt::format("    CHARGE {}", s.charge));
  if (s.spin_polarized) L.push_back("    UKS TRUE");
  if (s.multiplicity > 0) L.push_back(fmt::format("    MULTIPLICITY {}", s.multiplicity));
  if (!s.hubbard_U_eV.empty()) L.push_back("    PLUS_U_METHOD " + s.plus_u_method);
  L.insert(L.end(),
           {"    &MGRID", fmt::format("      CUTOFF {}", s.cutoff_Ry),
            fmt::format("      REL_CUTOFF {}", s.relative_cutoff_Ry), "    &END MGRID", "    &QS",
            fmt::format("      EPS_DEFAULT {:.1E}", s.eps_default), "    &END QS", "    &SCF", "      SCF_GUESS ATOMIC",
            fmt::format("      EPS_SCF {:.1E}", s.eps_scf), fmt::format("      MAX_SCF {}", s.max_scf)});
  if (s.smearing_temperature_K > 0) L.push_back(fmt::format("      ADDED_MOS {}", added_mos));
  L.insert(L.end(), {"      &DIAGONALIZATION", "        ALGORITHM STANDARD", "      &END DIAGONALIZATION"});
  if (s.smearing_temperature_K > 0)
    L.insert(L.end(),
             {"      &SMEAR ON", "        METHOD FERMI_DIRAC",
              fmt::format("        ELECTRONIC_TEMPERATURE [K] {}", s.smearing_temperature_K), "      &END SMEAR"});
  const bool broyden = s.mixing_method == "BROYDEN_MIXING";
  L.insert(L.end(), {"      &MIXING", "        METHOD " + s.mixing_method,
                     fmt::format("        ALPHA {}", s.mixing_alpha), fmt::format("        BETA {}", s.mixing_beta),
                     fmt::format("        {} {}", broyden ? "NBROYDEN" : "NBUFFER", s.mixing_history),
                     "      &END MIXING", "    &END SCF", "    &XC", "      &XC_FUNCTIONAL " + s.functional,
                     "      &END XC_FUNCTIONAL", "    &END XC", "  &END DFT", "  &SUBSYS"});
  for (auto* block : {&cell_lines, &coordinate_lines}) {
    const Lines part = (*block)(structure);
    L.insert(L.end(), part.begin(), part.end());
  }
  const Lines kinds = kind_lines(elements, choices, s);
  L.insert(L.end(), kinds.begin(), kinds.end());
  L.push_back("  &END SUBSYS");
  if (!molecular_dynamics) {
    L.insert(L.end(), {"  &PRINT", "    &FORCES ON", "    &END FORCES"});
    if (s.stress) L.insert(L.end(), {"    &STRESS_TENSOR ON", "    &END STRESS_TENSOR"});
    L.push_back("  &END PRINT");
  }
  L.push_back("&END FORCE_EVAL");
  const Lines motion = motion_lines(request, s);
  L.insert(L.end(), motion.begin(), motion.end());
  return joined(L);
}

std::string cp2k_settings_text(const Cp2kSettings& s) {
  std::ostringstream t;
  t << "functional " << s.functional << "\nbasis_set " << s.basis_set << "\npotential_family " << s.potential_family
    << "\nbasis_set_file " << s.basis_set_file << "\npotential_file " << s.potential_file << "\n";
  for (const auto& [element, kind] : s.kinds)
    t << "kind " << element << " " << kind.basis_set << " " << kind.potential << "\n";
  t << fmt::format("cutoff_Ry {}\nrelative_cutoff_Ry {}\neps_default {}\nsmearing_temperature_K {}\n", s.cutoff_Ry,
                   s.relative_cutoff_Ry, s.eps_default, s.smearing_temperature_K);
  t << fmt::format("added_mos {} {}\neps_scf {}\nmax_scf {}\nmixing {} {} {} {}\n", s.added_mos_fraction,
                   s.minimum_added_mos, s.eps_scf, s.max_scf, s.mixing_method, s.mixing_alpha, s.mixing_beta,
                   s.mixing_history);
  for (const auto& [element, u] : s.hubbard_U_eV) {
    const auto l = s.hubbard_l.find(element);
    t << fmt::format("hubbard {} U_eV {} l {}\n", element, u, l == s.hubbard_l.end() ? 2 : l->second);
  }
  if (!s.hubbard_U_eV.empty()) t << "plus_u_method " << s.plus_u_method << "\n";
  if (!s.hubbard_U_eV.empty() && s.hubbard_U_ramping_eV > 0)  // absent when off: older hashes stay valid
    t << fmt::format("hubbard_U_ramping_eV {} eps_U_ramping {}\n", s.hubbard_U_ramping_eV, s.eps_U_ramping);
  t << fmt::format("spin_polarized {}\nmultiplicity {}\ncharge {}\nstress {}\nthermostat_time_constant_fs {}\n",
                   s.spin_polarized, s.multiplicity, s.charge, s.stress, s.thermostat_time_constant_fs);
  if (!s.template_file.empty()) t << "template\n" << read_file(s.template_file, "CP2K input template") << "\n";
  return t.str();
}

}  // namespace ionglass::calculators
