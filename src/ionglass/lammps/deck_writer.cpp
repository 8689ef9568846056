#include "ionglass/lammps/deck_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/lammps_data.hpp"
#include "ionglass/lammps/stage_manifest.hpp"
#include "ionglass/md/maxwell_boltzmann.hpp"
#include "ionglass/md/md_system.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "ionglass/md/random_stream.hpp"
#include "ionglass/potential/born_mayer_huggins_pair.hpp"
#include "ionglass/potential/buckingham_pair.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "ionglass/potential/lennard_jones_pair.hpp"
#include "ionglass/potential/morse_pair.hpp"
#include "ionglass/potential/pppm.hpp"
#include "ionglass/potential/tabulated_pair.hpp"
#include "ionglass/potential/teter_pair.hpp"
#include "ionglass/potential/zbl_pair.hpp"

namespace ionglass {

namespace fs = std::filesystem;

BmpPairStyle parse_bmp_pair_style(const std::string& name) {
  if (name == "morse") return BmpPairStyle::MorseLjBuck;
  if (name == "pedone") return BmpPairStyle::Pedone;
  throw InputError("unknown BMP pair style '" + name + "' (expected morse or pedone)");
}

namespace {

// Shortest text that reads back as the same double (fmt's default for doubles).
std::string num(double v) {
  return fmt::format("{}", v);
}

// ---------------------------------------------------------------------------------------------
// Pair models → LAMMPS sub-styles, from the models' typed parameters.

// The parameters of a pair model in words, for the deck's comments (the same text as the model's
// log description, built from its accessors).
std::string model_summary(const PairModel& model) {
  if (const auto* m = dynamic_cast<const BuckinghamPair*>(&model))
    return fmt::format("buckingham A={} eV rho={} Å C={} eV·Å⁶", m->A(), m->rho(), m->C());
  if (const auto* m = dynamic_cast<const TeterPair*>(&model))
    return fmt::format("teter A={} eV rho={} Å C={} eV·Å⁶ B={} n={} D={} r0={} Å", m->A(), m->rho(), m->C(), m->B(),
                       m->n(), m->D(), m->r0());
  if (const auto* m = dynamic_cast<const MorsePair*>(&model))
    return fmt::format("morse D0={} eV alpha={} 1/Å r0={} Å C0={} eV·Å¹²", m->D0(), m->alpha(), m->r0(), m->C0());
  if (const auto* m = dynamic_cast<const BornMayerHugginsPair*>(&model))
    return fmt::format("born_mayer_huggins A={} eV rho={} Å sigma={} Å C={} eV·Å⁶ D={} eV·Å⁸", m->A(), m->rho(),
                       m->sigma(), m->C(), m->D());
  if (const auto* m = dynamic_cast<const LennardJonesPair*>(&model))
    return fmt::format("lennard_jones epsilon={} eV sigma={} Å", m->epsilon(), m->sigma());
  if (const auto* m = dynamic_cast<const ZblPair*>(&model)) return fmt::format("zbl Zi={} Zj={}", m->Zi(), m->Zj());
  if (const auto* m = dynamic_cast<const TabulatedPair*>(&model))
    return fmt::format("tabulated {} points r=[{}, {}] Å{}", m->distances().size(), m->distances().front(),
                       m->distances().back(), m->source().empty() ? "" : " from " + m->source());
  return model.name();
}

// Buckingham V(r) = A exp(−r/ρ) − C/r⁶ and dV/dr.
void buckingham(double A, double rho, double C, double r, double& energy, double& derivative) {
  const double repulsion = A * std::exp(-r / rho);
  energy = repulsion - C / std::pow(r, 6);
  derivative = -repulsion / rho + 6.0 * C / std::pow(r, 7);
}

std::string buck_coeffs(double A, double rho, double C) {
  return fmt::format("{} {} {}", num(A), num(rho), num(C));
}

struct SubStyleCoeff {
  std::string style;   ///< LAMMPS sub-style (buck, morse, lj/cut, born, pedone)
  std::string coeffs;  ///< coefficients before the cutoff
};

// A tabulated pair term: V(r) = energy(r) on [r_low, r_high]; zero beyond (table cutoff r_high).
struct TableSpec {
  std::string keyword;
  std::string comment;
  double r_low = 0, r_high = 0;
  std::function<void(double, double&, double&)> energy;  ///< r → V, dV/dr
};

struct MappedModel {
  std::vector<SubStyleCoeff> coeffs;
  std::optional<TableSpec> table;  ///< with r_high = 0: tabulate up to the pair cutoff
  std::string note;
};

// Teter: buck for the Buckingham part; below r₀ a table of the difference core − Buckingham on
// [r_low, r₀], so that buck + table is B/rⁿ + D r² there (LAMMPS has no Teter style).
MappedModel map_teter(const TeterPair& teter, double table_r_low) {
  MappedModel m;
  m.coeffs.push_back({"buck", buck_coeffs(teter.A(), teter.rho(), teter.C())});
  if (teter.r0() > table_r_low) {
    TableSpec t;
    t.comment = "Teter core correction (B/r^n + D r^2) - (A exp(-r/rho) - C/r^6) for r <= r0: " + model_summary(teter);
    t.r_low = table_r_low;
    t.r_high = teter.r0();
    t.energy = [teter](double r, double& e, double& d) {
      teter.evaluate(r, e, d);
      double buck_e = 0, buck_d = 0;
      buckingham(teter.A(), teter.rho(), teter.C(), r, buck_e, buck_d);
      e -= buck_e;
      d -= buck_d;
    };
    m.table = t;
  }
  return m;
}

// Morse + C₀/r¹²: `pedone`, or morse + lj/cut + buck, since
// C₀/r¹² = 4ε [(1/r)¹² − (1/r)⁶] + C₀/r⁶ with ε = C₀/4, σ = 1 Å.
MappedModel map_morse(const MorsePair& morse, BmpPairStyle bmp_style) {
  MappedModel m;
  const double D0 = morse.D0(), alpha = morse.alpha(), r0 = morse.r0(), C0 = morse.C0();
  if (bmp_style == BmpPairStyle::Pedone) {
    m.coeffs.push_back({"pedone", fmt::format("{} {} {} {}", num(D0), num(alpha), num(r0), num(C0))});
    return m;
  }
  m.coeffs.push_back({"morse", fmt::format("{} {} {}", num(D0), num(alpha), num(r0))});
  if (C0 != 0) {
    m.coeffs.push_back({"lj/cut", fmt::format("{} 1.0", num(C0 / 4.0))});
    m.coeffs.push_back({"buck", fmt::format("0.0 1.0 {}", num(-C0))});
  }
  return m;
}

MappedModel map_pair_model(const PairModel& model, BmpPairStyle bmp_style, double table_r_low) {
  if (const auto* m = dynamic_cast<const BuckinghamPair*>(&model))
    return {{{"buck", buck_coeffs(m->A(), m->rho(), m->C())}}, {}, ""};
  if (const auto* m = dynamic_cast<const TeterPair*>(&model)) return map_teter(*m, table_r_low);
  if (const auto* m = dynamic_cast<const MorsePair*>(&model)) return map_morse(*m, bmp_style);
  if (const auto* m = dynamic_cast<const BornMayerHugginsPair*>(&model))
    return {{{"born",
              fmt::format("{} {} {} {} {}", num(m->A()), num(m->rho()), num(m->sigma()), num(m->C()), num(m->D()))}},
            {},
            ""};
  if (const auto* m = dynamic_cast<const LennardJonesPair*>(&model))
    return {{{"lj/cut", fmt::format("{} {}", num(m->epsilon()), num(m->sigma()))}}, {}, ""};
  // Any other model (ZBL, tables, ...): tabulated on [r_low, pair cutoff].
  MappedModel m;
  TableSpec t;
  t.comment = model_summary(model);
  t.r_low = table_r_low;
  t.energy = [copy = std::shared_ptr<PairModel>(model.clone())](double r, double& e, double& d) {
    copy->evaluate(r, e, d);
  };
  m.table = t;
  m.note = fmt::format("pair model '{}' has no exact LAMMPS style here: tabulated", model.name());
  return m;
}

// ---------------------------------------------------------------------------------------------

class DeckWriter {
 public:
  DeckWriter(const Protocol& protocol, const LammpsExportOptions& options) : protocol_(protocol), options_(options) {}

  LammpsExportResult write() {
    if (options_.output_dir.empty()) throw InputError("lammps export needs an output directory");
    fs::create_directories(options_.output_dir);
    result_.deck_path = path("in.lammps");
    result_.data_path = path("structure.data");
    result_.manifest_path = path("ionglass_stages.yaml");

    System system = build_initial_structure(protocol_);
    header();
    const std::string atom_style = potential_block(system);  // also sets charges
    initial_velocities(system);
    write_data_file(system, atom_style);
    settings_block(system, atom_style);
    stages_block();
    final_block();

    write_file_atomically(result_.deck_path, deck_);
    result_.files.insert(result_.files.begin(), {result_.deck_path, result_.data_path});
    write_lammps_stage_manifest(result_.manifest_path, manifest_);
    result_.files.push_back(result_.manifest_path);
    return result_;
  }

 private:
  std::string path(const std::string& name) const { return (fs::path(options_.output_dir) / name).string(); }
  // Lines go to the potential block until the settings are written, then straight to the deck.
  std::string& target() { return potential_written_ ? deck_ : body_; }
  void line(const std::string& text) { target() += text + "\n"; }
  void comment(const std::string& text) {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) target() += "# " + l + "\n";
  }
  void difference(const std::string& text) {
    comment("Difference from ionglass: " + text);
    if (std::find(result_.differences.begin(), result_.differences.end(), text) == result_.differences.end())
      result_.differences.push_back(text);
  }
  int seed_for(int salt) const {
    // LAMMPS seeds: positive integers below 2^30; derived from the protocol seed.
    const std::uint64_t x =
        (protocol_.seed * 0x9E3779B97F4A7C15ULL) ^ (static_cast<std::uint64_t>(salt) * 0xBF58476D1CE4E5B9ULL);
    return 1 + static_cast<int>((x >> 17) % 900000000ULL);
  }

  void header() {
    deck_ += fmt::format("# LAMMPS input deck written by `ionglass lammps export` from {}\n", protocol_.path);
    deck_ += "# Equivalent of `ionglass run` for that protocol (docs/scale-out.md); run it with\n";
    deck_ += "#   ionglass lammps run DIR --np N      or      mpirun -np N lmp -in in.lammps\n";
    deck_ += "# Units: LAMMPS metal (A, eV, ps, K, amu, e, bar).\n\n";
  }

  // ----- potential ---------------------------------------------------------------------------
  std::string potential_block(System& system) {
    const PotentialSpec& spec = protocol_.potential;
    if (spec.lennard_jones) {
      comment(
          "Potential: ionglass built-in Lennard-Jones model (protocol potential.lennard_jones), shifted at the cutoff");
      line(fmt::format("pair_style lj/cut {}", num(spec.cutoff_A)));
      line(fmt::format("pair_coeff * * {} {}", num(spec.epsilon_eV), num(spec.sigma_A)));
      line("pair_modify shift yes");
      result_.pair_style = fmt::format("lj/cut {}", num(spec.cutoff_A));
      skin_ = 0.5;
      return "atomic";
    }
    const std::string ext = fs::path(spec.file).extension().string();
    if (ext == ".yace") {
      ace_block(system);
      return "atomic";
    }
    auto ff = load_classical_potential(spec.file);
    // Three-body angle terms have no LAMMPS equivalent for a pair-style deck: refuse rather than
    // drop them.
    if (!ff->angle_terms().empty())
      throw InputError(spec.file, 0,
                       "the force field has three-body angle terms, which the LAMMPS export cannot express; remove the "
                       "three_body block to export the pair part only");
    ff->bind(system);
    classical_block(system, *ff);
    return "charge";
  }

  void ace_block(const System& system) {
    const std::string yace = protocol_.potential.file;
    std::string elements;
    for (const auto& t : system.atom_types) elements += std::string(" ") + elements::by_number(t.atomic_number).symbol;
    skin_ = 1.0;
    if (options_.active_set.empty()) {
      const std::string copy = copy_file(yace);
      comment(
          fmt::format("Potential: ACE from {} (protocol potential.file); element of each LAMMPS type in type order.\n"
                      "Needs LAMMPS built with the ML-PACE package (cmake -D PKG_ML-PACE=ON).",
                      yace));
      line("pair_style pace");
      line(fmt::format("pair_coeff * * {}{}", copy, elements));
      result_.pair_style = "pace";
      return;
    }
    std::string b_basis = options_.ace_b_basis;
    if (b_basis.empty()) b_basis = fs::path(yace).replace_extension(".yaml").string();
    std::error_code ec;
    if (!fs::is_regular_file(b_basis, ec))
      throw InputError(
          b_basis, 0,
          "pair_style pace/extrapolation needs the B-basis potential (.yaml) of " + yace + "; give it with --ace-yaml");
    if (!fs::is_regular_file(options_.active_set, ec))
      throw InputError(options_.active_set, 0, "no such active-set file");
    if (!(options_.gamma_lower > 0 && options_.gamma_upper > options_.gamma_lower && options_.gamma_every > 0))
      throw InputError(
          fmt::format("extrapolation thresholds need 0 < lower < upper and a positive interval (got {} {} {})",
                      options_.gamma_lower, options_.gamma_upper, options_.gamma_every));
    const std::string yaml_copy = copy_file(b_basis), asi_copy = copy_file(options_.active_set);
    comment(
        fmt::format("Potential: ACE B-basis {} with active set {} (ionglass potential {}):\n"
                    "pair_style pace/extrapolation computes the extrapolation grade gamma of every atom.\n"
                    "Needs LAMMPS built with the ML-PACE package (cmake -D PKG_ML-PACE=ON).",
                    b_basis, options_.active_set, yace));
    line("pair_style pace/extrapolation");
    line(fmt::format("pair_coeff * * {} {}{}", yaml_copy, asi_copy, elements));
    result_.pair_style = "pace/extrapolation";
    comment(fmt::format("per-atom extrapolation grade every {} steps (f_pace_gamma), and its maximum",
                        options_.gamma_every));
    line(fmt::format("fix pace_gamma all pair {} pace/extrapolation gamma 1", options_.gamma_every));
    line("compute max_pace_gamma all reduce max f_pace_gamma");
    comment(fmt::format("dump extrapolative structures (max gamma >= {}), skip the others", num(options_.gamma_lower)));
    line(fmt::format("variable dump_skip equal \"c_max_pace_gamma < {}\"", num(options_.gamma_lower)));
    line(fmt::format(
        "dump pace_dump all custom {} extrapolative_structures.dump id type element x y z ix iy iz f_pace_gamma",
        options_.gamma_every));
    line(fmt::format("dump_modify pace_dump skip v_dump_skip element{} sort id format float %.10g", elements));
    comment(fmt::format("stop the run when max gamma exceeds {} (the potential is extrapolating too far)",
                        num(options_.gamma_upper)));
    line("variable max_pace_gamma equal c_max_pace_gamma");
    line(fmt::format("fix extreme_extrapolation all halt {} v_max_pace_gamma > {} error hard", options_.gamma_every,
                     num(options_.gamma_upper)));
    gamma_column_ = true;
  }

  std::string copy_file(const std::string& source) {
    const std::string name = fs::path(source).filename().string();
    const std::string target = path(name);
    std::error_code ec;
    if (!fs::equivalent(source, target, ec)) fs::copy_file(source, target, fs::copy_options::overwrite_existing);
    result_.files.push_back(target);
    return name;
  }

  void classical_block(System& system, const ClassicalForceField& ff) {
    const int ntypes = static_cast<int>(system.atom_types.size());
    std::vector<bool> present(ntypes + 1, false);
    for (int t : system.types) present[t] = true;
    // The force field's own type → species mapping (type_labels, labels, elements), as evaluation.
    const std::vector<std::string> species = ff.species_of_each_type(system);

    const CoulombSettings& coulomb = ff.coulomb();
    const bool coulomb_long = coulomb.method == CoulombMethod::Ewald || coulomb.method == CoulombMethod::Pppm;
    const bool coulomb_on = coulomb.method != CoulombMethod::None;
    system.charges = coulomb_on ? ff.atom_charges() : std::vector<double>(system.size(), 0.0);

    // Collect the coefficients of every present type pair.
    struct PairLine {
      int a, b;
      SubStyleCoeff coeff;
      double cutoff;
    };
    std::vector<PairLine> pair_lines;
    std::vector<std::pair<std::pair<int, int>, TableSpec>> tables;
    std::map<std::string, std::set<bool>> shift_by_style;
    std::map<std::string, double> cutoff_by_style;
    std::vector<std::pair<int, int>> uncovered;
    std::vector<std::string> pair_comments;
    const double table_r_low = 0.3;  // Å; closer pairs stop LAMMPS ("Pair distance < table inner cutoff")
    for (int a = 1; a <= ntypes; ++a) {
      if (!present[a]) continue;
      for (int b = a; b <= ntypes; ++b) {
        if (!present[b]) continue;
        const PairTerm* term = ff.pair_term_for(species[a], species[b]);
        if (!term) throw InputError(ff.name(), 0, fmt::format("no pair parameters for {}–{}", species[a], species[b]));
        if (term->models.empty()) {
          uncovered.emplace_back(a, b);
          continue;
        }
        for (const auto& model : term->models) {
          MappedModel mm = map_pair_model(*model, options_.bmp_style, table_r_low);
          pair_comments.push_back(fmt::format("{}-{} (types {} {}): {}, cutoff {} A{}{}", species[a], species[b], a, b,
                                              model_summary(*model), num(term->cutoff), term->shift ? ", shifted" : "",
                                              mm.note.empty() ? "" : " [" + mm.note + "]"));
          for (auto& c : mm.coeffs) {
            pair_lines.push_back({a, b, c, term->cutoff});
            shift_by_style[c.style].insert(term->shift);
            cutoff_by_style[c.style] = std::max(cutoff_by_style[c.style], term->cutoff);
          }
          if (mm.table) {
            TableSpec t = *mm.table;
            const bool whole = t.r_high == 0;
            if (whole) t.r_high = term->cutoff;
            if (whole && term->shift) {
              double e_cut = 0, d_cut = 0;
              t.energy(term->cutoff, e_cut, d_cut);
              auto f = t.energy;
              t.energy = [f, e_cut](double r, double& e, double& d) {
                f(r, e, d);
                e -= e_cut;
              };
            }
            t.keyword = fmt::format("PAIR_{}_{}_{}_{}_{}", species[a], species[b], a, b, tables.size() + 1);
            for (auto& ch : t.keyword)
              if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') ch = '_';
            tables.push_back({{a, b}, t});
          }
        }
      }
    }
    for (const auto& [style, shifts] : shift_by_style)
      if (shifts.size() > 1)
        throw InputError(ff.name(), 0,
                         fmt::format("the force field shifts some {} pairs and not others; LAMMPS shifts a sub-style "
                                     "as a whole (make `shift` the same for these pairs)",
                                     style));

    const bool buck_only = coulomb_long && tables.empty() && shift_by_style.size() == 1 && shift_by_style.count("buck");
    const bool buck_with_long =
        coulomb_long && shift_by_style.count("buck") &&
        std::all_of(shift_by_style.begin(), shift_by_style.end(), [](const auto& kv) { return kv.first == "buck"; });

    comment(fmt::format("Potential: classical force field '{}' from {} (protocol potential.file)", ff.name(),
                        protocol_.potential.file));
    for (const auto& c : pair_comments) comment("  " + c);
    std::string charges;
    {
      std::map<int, double> type_charge;
      for (std::size_t i = 0; i < system.size(); ++i) type_charge[system.types[i]] = system.charges[i];
      for (const auto& [t, q] : type_charge) charges += fmt::format(" {}={}({})", t, species[t], num(q));
    }
    comment("  charges (e) by type, in structure.data:" + charges);

    std::string coulomb_style;
    if (coulomb_long) {
      coulomb_style = fmt::format("coul/long {}", num(coulomb.cutoff));
    } else if (coulomb.method == CoulombMethod::DampedShiftedForce) {
      coulomb_style = fmt::format("coul/dsf {} {}", num(coulomb.alpha), num(coulomb.cutoff));
    }

    std::string pair_style;
    std::vector<std::string> coeff_lines;
    if (buck_only) {
      // One style: Buckingham + real-space Ewald Coulomb.
      pair_style = fmt::format("buck/coul/long {} {}", num(cutoff_by_style["buck"]), num(coulomb.cutoff));
      coeff_lines.push_back("pair_coeff * * 0.0 1.0 0.0");
      for (const auto& pl : pair_lines)
        coeff_lines.push_back(fmt::format("pair_coeff {} {} {} {}", pl.a, pl.b, pl.coeff.coeffs, num(pl.cutoff)));
      if (*shift_by_style["buck"].begin()) coeff_lines.push_back("pair_modify shift yes");
    } else {
      std::vector<std::string> styles;
      std::string buck_substyle = "buck";
      if (buck_with_long) {
        // Teter with its core: buck/coul/long carries Buckingham and Coulomb, a table the core.
        buck_substyle = "buck/coul/long";
        styles.push_back(fmt::format("buck/coul/long {} {}", num(cutoff_by_style["buck"]), num(coulomb.cutoff)));
        coeff_lines.push_back("pair_coeff * * buck/coul/long 0.0 1.0 0.0");
      } else if (!coulomb_style.empty()) {
        styles.push_back(coulomb_style);
        coeff_lines.push_back(fmt::format("pair_coeff * * {}", coulomb_style.substr(0, coulomb_style.find(' '))));
      }
      for (const auto& [style, cut] : cutoff_by_style) {
        if (style == "buck" && buck_with_long) continue;
        styles.push_back(fmt::format("{} {}", style, num(cut)));
      }
      if (!tables.empty()) styles.push_back(fmt::format("table spline {}", options_.table_points));
      if (!coulomb_on) {
        for (const auto& [a, b] : uncovered) coeff_lines.push_back(fmt::format("pair_coeff {} {} none", a, b));
      }
      for (const auto& pl : pair_lines) {
        const std::string style = pl.coeff.style == "buck" ? buck_substyle : pl.coeff.style;
        coeff_lines.push_back(
            fmt::format("pair_coeff {} {} {} {} {}", pl.a, pl.b, style, pl.coeff.coeffs, num(pl.cutoff)));
      }
      for (const auto& [ab, t] : tables)
        coeff_lines.push_back(fmt::format("pair_coeff {} {} table pair_tables.table {} {}", ab.first, ab.second,
                                          t.keyword, num(t.r_high)));
      for (const auto& [style, shifts] : shift_by_style)
        if (*shifts.begin())
          coeff_lines.push_back(fmt::format("pair_modify pair {} shift yes", style == "buck" ? buck_substyle : style));
      pair_style = "hybrid/overlay";
      for (const auto& s : styles) pair_style += "  " + s;
    }
    if (options_.bmp_style == BmpPairStyle::Pedone && shift_by_style.count("pedone"))
      comment(
          "pair_style pedone needs LAMMPS 2023 or newer (EXTRA-PAIR package); use --pair-style-bmp morse for older "
          "builds");
    if (shift_by_style.count("lj/cut") && options_.bmp_style == BmpPairStyle::MorseLjBuck &&
        shift_by_style.count("morse"))
      comment(
          "C0/r^12 written as lj/cut(eps = C0/4, sigma = 1 A) + buck(A = 0, C = -C0): 4 eps (r^-12 - r^-6) + C0 r^-6 = "
          "C0 r^-12");
    line("pair_style " + pair_style);
    for (const auto& l : coeff_lines) line(l);
    result_.pair_style = pair_style;
    if (!tables.empty()) {
      write_tables(tables);
      comment(
          fmt::format("pair_tables.table: {} points from {} A to the table cutoff; atoms closer than {} A stop LAMMPS",
                      options_.table_points, num(table_r_low), num(table_r_low)));
    }
    if (coulomb_long) {
      const bool ewald = coulomb.method == CoulombMethod::Ewald;
      comment(
          fmt::format("Long-range Coulomb: {} with relative force accuracy {} (potential coulomb.method/accuracy); "
                      "ionglass chose alpha = {:.6g} 1/A{}",
                      ewald ? "Ewald summation" : "PPPM", num(coulomb.accuracy),
                      ff.reciprocal_solver() ? ff.reciprocal_solver()->alpha() : 0.0, pppm_mesh_text(ff)));
      line(fmt::format("kspace_style {} {}", ewald ? "ewald" : "pppm", num(coulomb.accuracy)));
      std::string modify;
      if (!ewald && coulomb.order != 5) modify += fmt::format(" order {}", coulomb.order);
      if (!ewald && coulomb.mesh[0] > 0)
        modify += fmt::format(" mesh {} {} {}", coulomb.mesh[0], coulomb.mesh[1], coulomb.mesh[2]);
      if (coulomb.alpha > 0) modify += fmt::format(" gewald {}", num(coulomb.alpha));
      if (!modify.empty()) line("kspace_modify" + modify);
      if (coulomb.lammps_erfc) {
        comment("potential erfc: abramowitz_stegun = LAMMPS coul/long without tables");
        line("pair_modify table 0");
      } else {
        comment(
            "LAMMPS evaluates erfc from its default 2^12-point table (pair_modify table 12); ionglass uses the exact "
            "erfc");
      }
    } else if (coulomb.method == CoulombMethod::DampedShiftedForce) {
      comment(fmt::format("Coulomb: damped shifted force (Fennell & Gezelter 2006), alpha = {} 1/A, cutoff {} A",
                          num(coulomb.alpha), num(coulomb.cutoff)));
    }
    skin_ = 1.0;
  }

  static std::string pppm_mesh_text(const ClassicalForceField& ff) {
    if (const auto* p = dynamic_cast<const Pppm*>(ff.reciprocal_solver())) {
      const auto m = p->mesh();
      return fmt::format(", mesh {}x{}x{}", m[0], m[1], m[2]);
    }
    return "";
  }

  void write_tables(const std::vector<std::pair<std::pair<int, int>, TableSpec>>& tables) {
    std::string text =
        "# Pair tables written by `ionglass lammps export` (r in A, energy in eV, force = -dE/dr in eV/A)\n";
    const int n = options_.table_points;
    if (n < 10) throw InputError("table_points must be at least 10");
    for (const auto& [ab, t] : tables) {
      text += fmt::format("\n# {}\n{}\nN {} R {} {}\n\n", t.comment, t.keyword, n, num(t.r_low), num(t.r_high));
      for (int k = 0; k < n; ++k) {
        const double r = t.r_low + (t.r_high - t.r_low) * k / (n - 1);
        double e = 0, d = 0;
        t.energy(r, e, d);
        if (!std::isfinite(e) || !std::isfinite(d))
          throw InputError(fmt::format("pair table {} is not finite at r = {} A", t.keyword, r));
        text += fmt::format("{} {:.17g} {:.17g} {:.17g}\n", k + 1, r, e, -d);
      }
    }
    const std::string file = path("pair_tables.table");
    write_file_atomically(file, text);
    result_.files.push_back(file);
  }

  // ----- structure and velocities ---------------------------------------------------------------
  void initial_velocities(System& system) {
    if (!protocol_.initial_temperature_K) return;
    const double T = *protocol_.initial_temperature_K;
    if (options_.create_velocities) {
      velocity_line_ = fmt::format("velocity all create {} {} mom yes rot no dist gaussian", num(T), seed_for(0));
      return;
    }
    // The velocities `ionglass run` draws: same generator, seed and order (protocol_runner.cpp).
    MdSystem md(system, make_potential_factory(protocol_.potential));
    RandomStream random(protocol_.seed);
    assign_maxwell_boltzmann_velocities(md, T, random);
    system.velocities = md.system.velocities;
  }

  void write_data_file(System& system, const std::string& atom_style) {
    if (!system.cell.is_lammps_form()) {
      Mat3 rotation;
      system.cell = system.cell.rotated_to_lammps(&rotation);
      for (auto& r : system.positions) r = rotation * r;
      for (auto& v : system.velocities) v = rotation * v;
    }
    if (atom_style == "atomic") system.charges.clear();
    WriteOptions w;
    w.format = "lammps-data";
    w.atom_style = atom_style;
    w.precision = 17;
    write_lammps_data(result_.data_path, system, w);
    for (const auto& t : system.atom_types)
      type_elements_ += std::string(" ") + elements::by_number(t.atomic_number).symbol;
    natoms_ = system.size();
  }

  // ----- settings, outputs ---------------------------------------------------------------------
  void settings_block(const System& system, const std::string& atom_style) {
    (void)system;
    deck_ += "# ---- system --------------------------------------------------------------------\n";
    deck_ += "units metal\n";
    deck_ += fmt::format("atom_style {}\n", atom_style);
    deck_ += "boundary p p p\n";
    deck_ += fmt::format("# structure (protocol structure.{}), {} atoms; velocities: {}\n",
                         protocol_.structure.random ? "random" : "file", natoms_,
                         !protocol_.initial_temperature_K ? "those of the structure file (zero if absent)"
                         : options_.create_velocities
                             ? "drawn by LAMMPS (velocity create below)"
                             : "drawn by ionglass (initial_temperature_K, seed) and stored in the data file");
    deck_ += "read_data structure.data\n\n";
    deck_ += "# ---- potential -----------------------------------------------------------------\n";
    deck_ += body_;
    body_.clear();
    potential_written_ = true;
    deck_ += fmt::format(
        "\n# neighbour list: skin {} A, checked every step (ionglass rebuilds when an atom moved > skin/2)\n",
        num(skin_));
    deck_ += fmt::format("neighbor {} bin\n", num(skin_));
    deck_ += "neigh_modify every 1 delay 0 check yes\n\n";

    const auto& out = protocol_.outputs;
    deck_ += "# ---- output ----------------------------------------------------------------------\n";
    deck_ +=
        fmt::format("# thermo every {} steps (outputs.thermo_every); `ionglass lammps run` converts the log to {}\n",
                    out.thermo_every, out.thermo_file);
    deck_ += "# (econserve = total energy + energy exchanged with thermostat/barostat: ionglass conserved_energy_eV)\n";
    deck_ += fmt::format("thermo_style custom step time temp pe ke etotal econserve press vol density{}\n",
                         gamma_column_ ? " c_max_pace_gamma" : "");
    deck_ += "thermo_modify format float %.15g flush yes\n";
    deck_ += fmt::format("thermo {}\n", out.thermo_every);
    if (!velocity_line_.empty()) {
      deck_ += fmt::format(
          "# initial velocities at {} K (initial_temperature_K), seed from protocol seed {}; total momentum\n",
          num(*protocol_.initial_temperature_K), protocol_.seed);
      deck_ += "# removed, angular momentum kept (periodic cell: only the momentum is conserved, as in ionglass)\n";
      deck_ += velocity_line_ + "\n";
      result_.differences.push_back(
          "initial velocities drawn by LAMMPS (--velocity-create): a different random sample");
    }
    if (out.trajectory_every > 0) {
      trajectory_file_ = out.trajectory_file;
      const std::string ext = fs::path(trajectory_file_).extension().string();
      if (ext == ".xyz" || ext == ".extxyz") {
        trajectory_file_ = fs::path(trajectory_file_).replace_extension(".dump").string();
        result_.differences.push_back("trajectory written as LAMMPS dump " + trajectory_file_ + " (not extended XYZ)");
      }
      deck_ += fmt::format(
          "# trajectory every {} steps (outputs.trajectory_every/trajectory_file): wrapped positions with\n"
          "# image flags and element names, readable by `ionglass structure` and `ionglass dynamics`\n",
          out.trajectory_every);
      deck_ += dump_command(false) + "\n";
      deck_ += dump_modify_command(false) + "\n";
    }
    if (out.checkpoint_every > 0) {
      deck_ += fmt::format("# restart files every {} steps (outputs.checkpoint_every), alternating between two files\n",
                           out.checkpoint_every);
      deck_ += fmt::format("restart {} checkpoint.a.restart checkpoint.b.restart\n", out.checkpoint_every);
    }
    deck_ += "\n";
  }

  std::string dump_command(bool) const {
    const auto& out = protocol_.outputs;
    return fmt::format("dump trajectory all custom {} {} id type element x y z ix iy iz{}", out.trajectory_every,
                       trajectory_file_, out.trajectory_velocities ? " vx vy vz" : "");
  }
  std::string dump_modify_command(bool append) const {
    return fmt::format("dump_modify trajectory element{} sort id format float %.15g{}", type_elements_,
                       append ? " append yes" : "");
  }

  // ----- stages --------------------------------------------------------------------------------
  void stages_block() {
    manifest_.protocol = protocol_.path;
    manifest_.thermo_file = protocol_.outputs.thermo_file;
    manifest_.total_steps = protocol_.total_steps();
    manifest_.start_block = true;
    deck_ += "# thermo output of the starting state (step 0)\nrun 0 post no\n\n";
    long long step = 0;
    double time = 0;
    bool dump_active = protocol_.outputs.trajectory_every > 0;
    for (std::size_t i = 0; i < protocol_.stages.size(); ++i) {
      const StageSpec& s = protocol_.stages[i];
      const std::string id = fmt::format("stage{}", i + 1);
      LammpsStageRecord rec;
      rec.name = s.name;
      rec.ensemble = ensemble_name(s.ensemble);
      rec.steps = s.ensemble == Ensemble::Minimize ? s.fire.max_steps : s.steps;
      rec.timestep_ps = s.timestep_ps;
      rec.first_step = step;
      rec.start_time_ps = time;
      if (s.ensemble == Ensemble::Nvt || s.ensemble == Ensemble::Npt) {
        rec.start_temperature_K = s.start_temperature_K;
        rec.end_temperature_K = s.end_temperature_K;
      }
      manifest_.stages.push_back(rec);

      deck_ += fmt::format("# ---- stage {} '{}' (protocol line {}): {} --------------------------------------\n",
                           i + 1, s.name, s.line, ensemble_name(s.ensemble));
      if (s.ensemble == Ensemble::Minimize) {
        if (dump_active) {
          deck_ += "# no trajectory frames during minimisation (as ionglass)\nundump trajectory\n";
          dump_active = false;
        }
        minimize_stage(s, id, step);
      } else {
        if (!dump_active && protocol_.outputs.trajectory_every > 0) {
          deck_ += dump_command(true) + "\n" + dump_modify_command(true) + "\n";
          dump_active = true;
        }
        md_stage(s, id, static_cast<int>(i) + 1);
        step += s.steps;
        time += s.steps * s.timestep_ps;
      }
      deck_ += "# checkpoint at the end of the stage (as ionglass)\n";
      deck_ += "write_restart checkpoint.restart\n\n";
    }
  }

  void md_stage(const StageSpec& s, const std::string& id, int salt) {
    deck_ += fmt::format("timestep {}\n", num(s.timestep_ps));
    const std::string T0 = num(s.start_temperature_K), T1 = num(s.end_temperature_K), damp = num(s.damping_ps);
    const bool ramp = s.start_temperature_K != s.end_temperature_K;
    auto thermostat_comment = [&] {
      deck_ += fmt::format("# thermostat {} (damping_ps {}), target {} K{}\n", thermostat_kind_name(s.thermostat), damp,
                           T0, ramp ? fmt::format(" ramped linearly to {} K", T1) : "");
      if (ramp)
        difference(
            "LAMMPS ramps the target from the start value at the first step of a run to the end value at its last; "
            "ionglass reaches the start value after the first step (one step's increment apart)");
    };
    auto stochastic_fix = [&](const std::string& name) {
      if (s.thermostat == ThermostatKind::Langevin) {
        deck_ += fmt::format("fix {}_thermostat all langevin {} {} {} {} zero yes tally yes\n", name, T0, T1, damp,
                             seed_for(salt));
        difference(
            "Langevin: LAMMPS fix langevin adds friction and random forces (BBK-type); ionglass applies the exact "
            "Ornstein-Uhlenbeck velocity update (BAOAB). Same friction 1/damping and same distribution; "
            "different random numbers");
      } else {
        deck_ += fmt::format("fix {}_thermostat all temp/csvr {} {} {} {}\n", name, T0, T1, damp, seed_for(salt));
        difference(
            "Bussi (CSVR): LAMMPS fix temp/csvr (EXTRA-FIX package, absent from Debian's 2021 LAMMPS) rescales once "
            "per step; ionglass splits the rescaling over the two half steps. Same distribution; different random "
            "numbers");
      }
    };
    switch (s.ensemble) {
      case Ensemble::Nve:
        deck_ += "# microcanonical velocity Verlet\n";
        deck_ += fmt::format("fix {}_integrate all nve\n", id);
        break;
      case Ensemble::Nvt:
        thermostat_comment();
        if (s.thermostat == ThermostatKind::NoseHooverChain) {
          deck_ += fmt::format("fix {}_integrate all nvt temp {} {} {}\n", id, T0, T1, damp);
          difference(
              "Nose-Hoover chains: LAMMPS fix nvt (chain of 3, MTK integration) and ionglass (chain of 3, "
              "symmetric Trotter splitting) follow the same equations with different discretisations");
        } else {
          deck_ += fmt::format("fix {}_integrate all nve\n", id);
          stochastic_fix(id);
        }
        break;
      case Ensemble::Npt: {
        thermostat_comment();
        const std::string coupling = s.coupling == BarostatCoupling::Isotropic ? "iso" : "aniso";
        deck_ += fmt::format("# barostat: {} {} bar (pressure_bar), pressure_damping_ps {}\n", coupling,
                             num(s.pressure_bar), num(s.pressure_damping_ps));
        if (s.thermostat == ThermostatKind::NoseHooverChain) {
          deck_ += fmt::format("fix {}_integrate all npt temp {} {} {} {} {} {} {}\n", id, T0, T1, damp, coupling,
                               num(s.pressure_bar), num(s.pressure_bar), num(s.pressure_damping_ps));
        } else {
          deck_ += fmt::format("fix {}_integrate all nph {} {} {} {}\n", id, coupling, num(s.pressure_bar),
                               num(s.pressure_bar), num(s.pressure_damping_ps));
          stochastic_fix(id);
        }
        difference(
            "NPT: ionglass uses stochastic cell rescaling (Bernetti & Bussi 2020, first-order, with "
            "compressibility_per_bar); LAMMPS has no such barostat before 2023, so the deck uses the "
            "Martyna-Tobias-Klein barostat (fix npt/nph, Pdamp = pressure_damping_ps, compressibility unused). "
            "Both sample the NPT ensemble; the volume relaxes with different dynamics");
        break;
      }
      case Ensemble::Minimize:
        break;
    }
    deck_ += fmt::format("run {}\n", s.steps);
    deck_ += fmt::format("unfix {}_integrate\n", id);
    if (s.ensemble != Ensemble::Nve && s.thermostat != ThermostatKind::NoseHooverChain)
      deck_ += fmt::format("unfix {}_thermostat\n", id);
  }

  void minimize_stage(const StageSpec& s, const std::string& id, long long step) {
    const FireOptions& f = s.fire;
    deck_ += fmt::format(
        "# minimise until every atomic force is below {} eV/A (force_tolerance_eV_per_A, norm max),\n"
        "# at most {} iterations (max_steps), at most {} A per step (max_step_A)\n",
        num(f.force_tolerance_eV_per_A), f.max_steps, num(f.max_step_A));
    if (f.cell == CellRelaxation::None) {
      deck_ += "# FIRE with dt0 = 1 fs and dt_max = 10 fs as ionglass\n";
      deck_ += "timestep 0.001\n";
      deck_ += "min_style fire\n";
      deck_ += fmt::format("min_modify norm max dmax {} tmax 10\n", num(f.max_step_A));
      difference(
          "minimisation: LAMMPS min_style fire is FIRE 2.0 (Guenole et al. 2020); ionglass implements the "
          "original FIRE (Bitzek et al. 2006). Both stop at the same force criterion");
    } else {
      const std::string coupling = f.cell == CellRelaxation::Isotropic ? "iso" : "aniso";
      deck_ += fmt::format(
          "# cell relaxed ({}) to {} bar (relax_cell, pressure_bar): fix box/relax with conjugate gradients\n",
          coupling, num(f.pressure_bar));
      deck_ += "min_style cg\n";
      deck_ += fmt::format("min_modify norm max dmax {}\n", num(f.max_step_A));
      deck_ += fmt::format("fix {}_relax all box/relax {} {} vmax 0.001\n", id, coupling, num(f.pressure_bar));
      difference(
          "cell relaxation: LAMMPS fix box/relax works only with line-search minimisers, so the deck uses "
          "min_style cg with box/relax instead of FIRE on the strain; the convergence criterion includes the "
          "cell forces instead of pressure_tolerance_bar");
    }
    // LAMMPS' FIRE moves atoms with the velocity array; ionglass leaves the velocities unchanged.
    deck_ += "# keep the velocities (LAMMPS' FIRE overwrites them; ionglass leaves them unchanged)\n";
    deck_ += fmt::format("fix {}_velocities all store/state 0 vx vy vz\n", id);
    deck_ += fmt::format("minimize 0.0 {} {} {}\n", num(f.force_tolerance_eV_per_A), f.max_steps, 10 * f.max_steps);
    if (f.cell != CellRelaxation::None) deck_ += fmt::format("unfix {}_relax\n", id);
    for (int k = 1; k <= 3; ++k) deck_ += fmt::format("variable {0}_v{1} atom f_{0}_velocities[{1}]\n", id, k);
    deck_ += fmt::format("velocity all set v_{0}_v1 v_{0}_v2 v_{0}_v3\n", id);
    deck_ += fmt::format("unfix {}_velocities\n", id);
    for (int k = 1; k <= 3; ++k) deck_ += fmt::format("variable {}_v{} delete\n", id, k);
    deck_ += fmt::format("# minimisation does not advance the MD step counter in ionglass\nreset_timestep {}\n", step);
    deck_ += "# thermo output of the minimised state with the kept velocities\nrun 0 post no\n";
  }

  void final_block() {
    deck_ += "# ---- final structure (outputs.final_structure) ------------------------------------\n";
    std::string final = protocol_.outputs.final_structure;
    const std::string ext = fs::path(final).extension().string();
    if (ext != ".data" && ext != ".dat" && ext != ".lmp") {
      final = fs::path(final).replace_extension(".data").string();
      result_.differences.push_back("final structure written as LAMMPS data file " + final);
    }
    deck_ += fmt::format("write_data {}\n", final);
  }

  const Protocol& protocol_;
  LammpsExportOptions options_;
  LammpsExportResult result_;
  LammpsStageManifest manifest_;
  std::string deck_, body_;
  std::string velocity_line_, trajectory_file_, type_elements_;
  double skin_ = 1.0;
  bool gamma_column_ = false;
  bool potential_written_ = false;
  std::size_t natoms_ = 0;
};

}  // namespace

LammpsExportResult export_lammps_deck(const Protocol& protocol, const LammpsExportOptions& options) {
  DeckWriter writer(protocol, options);
  return writer.write();
}

}  // namespace ionglass
