// `ionglass structure FILE...`: structure analysis of glasses — partial RDFs, S(Q), G(r), T(r),
// D(r), coordination numbers, bond angles, Qⁿ, O speciation, polyhedron connectivity, rings,
// voids and persistent homology — per file, and per group of replicas (mean ± std across files).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <set>

#include "ionglass/analysis/structure/bond_angles.hpp"
#include "ionglass/analysis/structure/bond_network.hpp"
#include "ionglass/analysis/structure/coordination.hpp"
#include "ionglass/analysis/structure/network_connectivity.hpp"
#include "ionglass/analysis/structure/pair_cutoffs.hpp"
#include "ionglass/analysis/structure/pair_distribution.hpp"
#include "ionglass/analysis/structure/persistent_homology.hpp"
#include "ionglass/analysis/structure/ring_statistics.hpp"
#include "ionglass/analysis/structure/scattering.hpp"
#include "ionglass/analysis/structure/void_analysis.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass::cli {

namespace {

using nlohmann::json;

struct Options {
  std::vector<std::string> files;
  StructureInputOptions input;
  std::string frames;
  std::string cutoffs = "auto";
  double r_max = 0;
  double dr = 0.02;
  double q_max = 25;
  std::string formers = "P";
  std::string rings;
  int max_ring_size = 10;
  std::string angles;
  bool voids = false;
  double grid = 0.2;
  double probe = 0.0;
  bool homology = false;
  std::vector<std::string> groups;
  std::vector<std::string> experiments;
  std::string out;
  bool json_output = false;
  int threads = 0;
};

struct Group {
  std::string name;
  std::vector<std::string> files;
};

// Curves of one file: table name → column name → values (the x column is part of the table).
using CurveTables = std::map<std::string, std::map<std::string, std::vector<double>>>;

struct FileResult {
  std::string path;
  json values;
  CurveTables curves;
};

std::vector<int> parse_elements(const std::string& list, const std::string& option) {
  std::vector<int> out;
  for (const auto& s : split_symbol_list(list)) {
    const auto z = elements::find_symbol(s);
    if (!z) throw InputError(option + ": unknown element '" + s + "'");
    out.push_back(*z);
  }
  return out;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}
double std_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

// Streams the selected frames of a file through `visit`.
template <class Visit>
std::size_t for_each_frame(const std::string& path, const ReadOptions& read, const FrameSelection& selection, Visit visit) {
  auto reader = open_trajectory(path, read);
  System frame;
  long long index = 0;
  std::size_t used = 0;
  while (reader->next(frame)) {
    if (selection.past_end(index)) break;
    if (selection.selects(index)) {
      visit(frame);
      ++used;
    }
    ++index;
  }
  if (used == 0) throw InputError(path, 0, "no frames selected (check --frames)");
  return used;
}

std::vector<double> column_mean(const std::vector<const std::vector<double>*>& cols) {
  std::vector<double> out(cols.front()->size(), 0.0);
  for (const auto* c : cols)
    for (std::size_t k = 0; k < out.size() && k < c->size(); ++k) out[k] += (*c)[k] / static_cast<double>(cols.size());
  return out;
}
std::vector<double> column_std(const std::vector<const std::vector<double>*>& cols) {
  std::vector<double> out(cols.front()->size(), 0.0);
  if (cols.size() < 2) return out;
  const std::vector<double> m = column_mean(cols);
  for (const auto* c : cols)
    for (std::size_t k = 0; k < out.size() && k < c->size(); ++k) out[k] += ((*c)[k] - m[k]) * ((*c)[k] - m[k]);
  for (double& x : out) x = std::sqrt(x / static_cast<double>(cols.size() - 1));
  return out;
}

// Mean and std across files of the number at `pointer` (files lacking it are skipped).
json stat(const std::vector<FileResult>& files, const std::string& pointer) {
  std::vector<double> v;
  for (const auto& f : files) {
    const json::json_pointer p(pointer);
    if (f.values.contains(p) && f.values.at(p).is_number()) v.push_back(f.values.at(p).get<double>());
  }
  return {{"mean", mean_of(v)}, {"std", std_of(v)}};
}

std::vector<std::pair<double, double>> read_two_columns(const std::string& path) {
  LineReader reader(path);
  std::vector<std::pair<double, double>> out;
  std::string line;
  while (reader.next(line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::vector<std::string> cols;
    std::string cur;
    for (char c : line) {
      if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
        if (!cur.empty()) cols.push_back(cur), cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) cols.push_back(cur);
    if (cols.size() < 2) reader.fail("expected two columns Q (Å⁻¹) and S(Q)");
    double q = 0, s = 0;
    if (!try_parse_double(cols[0], q) || !try_parse_double(cols[1], s) || !std::isfinite(q) || !std::isfinite(s)) {
      if (out.empty()) continue;  // a header line
      reader.fail("expected numbers Q (Å⁻¹) and S(Q)");
    }
    out.emplace_back(q, s);
  }
  if (out.size() < 2) throw InputError(path, 0, "fewer than two (Q, S(Q)) points");
  return out;
}


std::vector<Group> make_groups(const Options& o) {
  std::vector<Group> groups;
  if (!o.groups.empty() && !o.files.empty())
    throw InputError("give the files either as arguments or with --group NAME=FILE,..., not both");
  for (const auto& g : o.groups) {
    const auto eq = g.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 >= g.size())
      throw InputError("--group: '" + g + "' is not of the form NAME=FILE,FILE,...");
    Group group{g.substr(0, eq), {}};
    for (const auto& f : split_symbol_list(g.substr(eq + 1))) group.files.push_back(f);
    for (const auto& other : groups)
      if (other.name == group.name) throw InputError("--group: the name '" + group.name + "' is used twice");
    groups.push_back(group);
  }
  if (groups.empty()) {
    if (o.files.empty()) throw InputError("no input files: give FILE... or --group NAME=FILE,...");
    groups.push_back({"all", o.files});
  }
  return groups;
}

std::string file_safe(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return s;
}

void run_structure(const Options& o) {
  set_threads(o.threads);
  const ReadOptions read = o.input.read_options();
  const FrameSelection selection = parse_frame_selection(o.frames);
  const std::vector<Group> groups = make_groups(o);
  if (!(o.dr > 0)) throw InputError("--dr must be a positive bin width in Å");
  if (!(o.q_max > 0.5)) throw InputError("--qmax must be larger than 0.5 Å⁻¹");
  if (o.max_ring_size < 3 || o.max_ring_size > 24) throw InputError("--max-ring-size must be between 3 and 24");
  const std::vector<int> formers = parse_elements(o.formers, "--formers");
  const std::vector<RingKind> ring_kinds = o.rings.empty() ? std::vector<RingKind>{} : parse_ring_kinds(o.rings);
  std::vector<BondAngleTriplet> requested_angles;
  if (!o.angles.empty()) requested_angles = parse_bond_angle_triplets(o.angles);
  PairCutoffs explicit_cutoffs;
  std::vector<ElementPair> explicit_pairs;
  if (o.cutoffs != "auto") {
    explicit_cutoffs = parse_pair_cutoffs(o.cutoffs);
    for (const auto& item : split_symbol_list(o.cutoffs)) {
      const auto eq = item.find('=');
      explicit_pairs.push_back(parse_element_pair(item.substr(0, eq), "--cutoffs"));
    }
  }
  std::string experiment_file;
  for (const auto& e : o.experiments) {
    if (e.rfind("sq=", 0) != 0 || e.size() <= 3) throw InputError("--experiment: expected sq=FILE, got '" + e + "'");
    experiment_file = e.substr(3);
  }
  std::vector<std::pair<double, double>> experiment;
  if (!experiment_file.empty()) experiment = read_two_columns(experiment_file);
  if (o.voids && (!(o.grid > 0) || o.grid > 0.2 + 1e-12)) throw InputError("--grid must be in (0, 0.2] Å");
  if (o.probe < 0) throw InputError("--probe must not be negative");

  // r_max: given, or min(12 Å, half the smallest width of the first frame)
  double r_max = o.r_max;
  if (r_max == 0) {
    const System first = read_structure(groups.front().files.front(), read);
    if (!first.cell.has_volume()) throw InputError(groups.front().files.front(), 0, "the structure has no periodic cell");
    r_max = std::min(12.0, 0.5 * first.cell.perpendicular_widths().minCoeff());
    r_max = std::floor(r_max / o.dr) * o.dr;
  }
  PairDistributionOptions rdf_options{r_max, o.dr};

  // Pass 1: partial RDFs of every file (needed for automatic cutoffs).
  std::vector<std::string> paths;
  for (const auto& g : groups) paths.insert(paths.end(), g.files.begin(), g.files.end());
  std::vector<PairDistribution> rdfs;
  std::vector<std::size_t> frame_counts;
  {
    Progress progress("structure: pair distributions", static_cast<long long>(paths.size()));
    for (const auto& path : paths) {
      PairDistribution rdf(rdf_options);
      try {
        frame_counts.push_back(for_each_frame(path, read, selection, [&](const System& f) { rdf.compute(f); }));
      } catch (const InputError& e) {
        if (!e.file().empty()) throw;
        throw InputError(path, 0, e.problem());
      }
      if (!rdfs.empty() && rdf.elements() != rdfs.front().elements())
        throw InputError(path, 0, "contains other elements than " + paths.front());
      rdfs.push_back(std::move(rdf));
      progress.advance();
    }
  }
  const std::vector<int>& elements_present = rdfs.front().elements();
  auto present = [&](int z) { return std::find(elements_present.begin(), elements_present.end(), z) != elements_present.end(); };
  for (const auto& p : explicit_pairs)
    if (!present(p.centre) || !present(p.neighbor))
      throw InputError("--cutoffs: " + p.name() + " names an element that is not in the structures");
  for (int f : formers)
    if (!present(f) && !o.formers.empty() && o.formers != "P")
      throw InputError("--formers: " + element_symbol(f) + " is not in the structures");
  std::vector<int> active_formers;
  for (int f : formers)
    if (present(f)) active_formers.push_back(f);

  // Pairs that need cutoffs: cation–anion pairs, explicit pairs, angle legs, former–O.
  std::vector<ElementPair> coordination_pairs = cation_anion_pairs(elements_present);
  for (const auto& p : explicit_pairs)
    if (std::find(coordination_pairs.begin(), coordination_pairs.end(), p) == coordination_pairs.end())
      coordination_pairs.push_back(p);
  std::vector<BondAngleTriplet> angles;
  auto add_angle = [&](const BondAngleTriplet& t) {
    BondAngleTriplet c{std::min(t.first, t.second), t.centre, std::max(t.first, t.second)};
    if (std::find(angles.begin(), angles.end(), c) == angles.end()) angles.push_back(c);
  };
  for (const auto& p : cation_anion_pairs(elements_present)) add_angle({p.neighbor, p.centre, p.neighbor});
  const int oxygen = 8;
  for (int f : active_formers)
    if (present(oxygen)) add_angle({f, oxygen, f});
  for (const auto& t : requested_angles) {
    if (!present(t.first) || !present(t.centre) || !present(t.second))
      throw InputError("--angles: " + t.name() + " names an element that is not in the structures");
    add_angle(t);
  }
  std::vector<ElementPair> needed = coordination_pairs;
  for (const auto& t : angles) needed.push_back({t.centre, t.first}), needed.push_back({t.centre, t.second});
  for (int f : active_formers)
    if (present(oxygen)) needed.push_back({f, oxygen});
  PairCutoffs cutoffs = explicit_cutoffs;
  {
    // automatic cutoffs from the RDF averaged over all files, so that every file uses the same values
    const std::vector<double> r = rdfs.front().r();
    for (const auto& p : needed) {
      if (cutoffs.has(p)) continue;
      std::vector<double> mean(r.size(), 0.0);
      for (const auto& rdf : rdfs) {
        const auto g = rdf.g(p);
        for (std::size_t k = 0; k < r.size(); ++k) mean[k] += g[k] / static_cast<double>(rdfs.size());
      }
      try {
        cutoffs.set(p, first_minimum_after_first_peak(r, mean), true);
      } catch (const InputError& e) {
        throw InputError("automatic cutoff of " + p.name() + ": " + e.problem() + "; give it with --cutoffs " + p.name() + "=r");
      }
    }
  }

  std::vector<int> cations;
  for (int z : elements_present)
    if (!is_anion(z)) cations.push_back(z);

  // Pass 2: local structure per file.
  std::vector<FileResult> results;
  {
    Progress progress("structure: local structure", static_cast<long long>(paths.size()));
    for (std::size_t fi = 0; fi < paths.size(); ++fi) {
      const std::string& path = paths[fi];
      const PairDistribution& rdf = rdfs[fi];
      CoordinationAnalysis coordination(coordination_pairs);
      BondAngleDistribution angle_distribution(angles, 1.0);
      NetworkConnectivity connectivity(active_formers, cations, oxygen);
      RingStatistics ring_statistics(RingOptions{active_formers, oxygen, o.max_ring_size, ring_kinds});
      VoidAnalysis void_analysis(VoidOptions{o.grid, o.probe});
      PersistentHomology homology;
      std::size_t natoms = 0;
      for_each_frame(path, read, selection, [&](const System& frame) {
        natoms = frame.size();
        const BondNetwork network(frame, cutoffs);
        coordination.compute(network);
        angle_distribution.compute(network);
        if (!active_formers.empty()) connectivity.compute(network);
        if (!ring_kinds.empty() && !active_formers.empty()) ring_statistics.compute(network);
        if (o.voids) void_analysis.compute(frame);
        if (o.homology) homology.compute(frame);
      });
      FileResult fr;
      fr.path = path;
      json& j = fr.values;
      j["file"] = path;
      j["frames"] = frame_counts[fi];
      j["natoms"] = natoms;
      j["density_g_cm3"] = rdf.mass_density_g_cm3();
      j["number_density_per_A3"] = rdf.number_density();
      for (const auto& p : coordination_pairs) {
        const CoordinationResult c = coordination.result(p);
        json dist = json::object();
        for (const auto& [cn, frac] : c.distribution) dist[std::to_string(cn)] = frac;
        j["coordination"][p.name()] = {{"cutoff_A", cutoffs.get(p)},
                                       {"cutoff_automatic", cutoffs.is_automatic(p)},
                                       {"mean", c.mean},
                                       {"distribution", dist},
                                       {"mean_bond_length_A", c.mean_bond_length_A}};
      }
      for (const auto& t : angles)
        j["bond_angles"][t.name()] = {{"mean_deg", angle_distribution.mean_deg(t)},
                                      {"angles_per_frame", static_cast<double>(angle_distribution.angle_count(t)) /
                                                               static_cast<double>(frame_counts[fi])}};
      if (!active_formers.empty()) {
        for (int f : active_formers) {
          const auto q = connectivity.qn_fractions(f);
          json qj = json::object();
          for (std::size_t n = 0; n < q.size(); ++n)
            if (n <= 4 || q[n] > 0) qj[std::to_string(n)] = q[n];
          j["qn"][element_symbol(f)] = qj;
        }
        if (present(oxygen)) {
          const auto s = connectivity.anion_speciation();
          j["oxygen_speciation"] = {{"free", s[0]}, {"nonbridging", s[1]}, {"bridging", s[2]},
                                    {"formers", o.formers}};
        }
        for (const auto& [pair, sh] : connectivity.sharing()) {
          const double nf = static_cast<double>(connectivity.frame_count());
          const double total = static_cast<double>(sh.total());
          j["polyhedron_sharing"][pair.name()] = {
              {"corner_per_frame", sh.corner / nf}, {"edge_per_frame", sh.edge / nf}, {"face_per_frame", sh.face / nf},
              {"corner_fraction", total ? sh.corner / total : 0.0}, {"edge_fraction", total ? sh.edge / total : 0.0},
              {"face_fraction", total ? sh.face / total : 0.0}};
        }
      }
      if (!ring_kinds.empty() && !active_formers.empty()) {
        for (RingKind kind : ring_kinds) {
          json rj = json::object();
          for (const auto& [size, count] : ring_statistics.rings_per_frame(kind)) rj[std::to_string(size)] = count;
          j["rings"][ring_kind_name(kind)] = {{"rings_per_frame", rj}, {"max_size", o.max_ring_size}};
        }
      }
      if (o.voids) {
        const VoidSummary v = void_analysis.summary();
        j["voids"] = {{"free_volume_fraction", v.free_volume_fraction},
                      {"cavities_per_frame", v.cavities_per_frame},
                      {"mean_cavity_volume_A3", v.mean_cavity_volume_A3},
                      {"largest_cavity_volume_A3", v.largest_cavity_volume_A3},
                      {"percolating_fraction_of_frames", {{"x", v.percolating_fraction[0]}, {"y", v.percolating_fraction[1]}, {"z", v.percolating_fraction[2]}}},
                      {"grid_spacing_A", v.grid_spacing_A},
                      {"probe_radius_A", o.probe}};
        fr.curves["cavity_volumes"]["cavity_volume_A3"] = void_analysis.histogram_volumes_A3();
        fr.curves["cavity_volumes"]["cavities_per_frame"] = void_analysis.histogram_counts_per_frame();
      }
      if (o.homology) {
        const auto& h = homology;
        j["homology"] = {{"periodic", h.periodic()}, {"note", h.note()}, {"frames", h.frame_count()}};
        for (int dim = 1; dim <= 2; ++dim) {
          const auto st = h.statistics(dim);
          j["homology"]["H" + std::to_string(dim)] = {{"features_per_frame", st.features_per_frame},
                                                      {"mean_birth_A2", st.mean_birth_A2},
                                                      {"mean_death_A2", st.mean_death_A2},
                                                      {"mean_persistence_A2", st.mean_persistence_A2}};
        }
        fr.curves["homology_diagram"] = {};  // the diagrams are written per file below
      }
      // curves
      const auto r = rdf.r();
      auto& rt = fr.curves["rdf"];
      rt["r_A"] = r;
      for (const auto& p : rdf.pairs()) rt["g_" + p.name()] = rdf.g(p);
      auto& nt = fr.curves["running_coordination"];
      nt["r_A"] = r;
      for (std::size_t k = 0; k < nt["r_A"].size(); ++k) nt["r_A"][k] = (k + 1) * rdf.options().bin_width_A;
      for (const auto& p : rdf.pairs()) {
        nt["N_" + p.name()] = rdf.running_coordination(p);
        if (p.centre != p.neighbor) nt["N_" + p.reversed().name()] = rdf.running_coordination(p.reversed());
      }
      const StructureFactors sf = structure_factors(rdf, StructureFactorOptions{0.3, o.q_max, 0.02});
      fr.curves["sq_neutron"] = {{"Q_per_A", sf.q}, {"S_neutron", sf.neutron}, {"S_neutron_lorch", sf.neutron_lorch}};
      fr.curves["sq_xray"] = {{"Q_per_A", sf.q}, {"S_xray", sf.xray}, {"S_xray_lorch", sf.xray_lorch}};
      auto& pt = fr.curves["sq_partial"];
      pt["Q_per_A"] = sf.q;
      for (const auto& [p, s] : sf.partial) pt["S_" + p.name()] = s;
      for (const auto& [p, s] : sf.partial_lorch) pt["S_" + p.name() + "_lorch"] = s;
      const RealSpaceFunctions rs = neutron_real_space(rdf);
      fr.curves["gr_total"] = {{"r_A", rs.r}, {"G", rs.G}, {"T_per_A2", rs.T}, {"D_per_A2", rs.D}};
      auto& at = fr.curves["angles"];
      at["angle_deg"] = angle_distribution.angles_deg();
      for (const auto& t : angles) at["P_" + t.name() + "_per_deg"] = angle_distribution.distribution(t);
      if (!experiment.empty()) {
        std::vector<double> xe, ye;
        for (const auto& [q, s] : experiment) xe.push_back(q), ye.push_back(s);
        j["r_chi"] = {{"neutron", r_chi(sf.q, sf.neutron, xe, ye)}, {"neutron_lorch", r_chi(sf.q, sf.neutron_lorch, xe, ye)},
                      {"xray", r_chi(sf.q, sf.xray, xe, ye)}, {"xray_lorch", r_chi(sf.q, sf.xray_lorch, xe, ye)},
                      {"experiment", experiment_file}};
      }
      if (o.homology && !o.out.empty()) {
        CsvTable diagram({"dimension", "birth_A2", "death_A2"});
        for (const auto& pair : homology.diagram()) diagram.add_row({static_cast<double>(pair.dimension), pair.birth_A2, pair.death_A2});
        std::filesystem::create_directories(o.out);
        diagram.save(o.out + "/persistence_" + file_safe(std::filesystem::path(path).parent_path().filename().string() + "_" +
                                                         std::filesystem::path(path).stem().string()) + ".csv");
      }
      fr.curves.erase("homology_diagram");
      results.push_back(std::move(fr));
      progress.advance();
    }
  }

  // Groups: mean and std across files.
  json out;
  out["settings"] = {{"r_max_A", r_max}, {"dr_A", rdfs.front().options().bin_width_A}, {"q_max_per_A", o.q_max},
                     {"formers", o.formers}, {"frames", o.frames.empty() ? ":" : o.frames}};
  for (const auto& p : cutoffs.pairs())
    out["cutoffs_A"][(is_anion(p.centre) && !is_anion(p.neighbor) ? p.reversed() : p).name()] = {{"value", cutoffs.get(p)}, {"automatic", cutoffs.is_automatic(p)}};
  std::size_t offset = 0;
  std::map<std::string, std::vector<const FileResult*>> members;
  for (const auto& g : groups) {
    std::vector<FileResult> files(results.begin() + offset, results.begin() + offset + g.files.size());
    for (std::size_t k = 0; k < g.files.size(); ++k) members[g.name].push_back(&results[offset + k]);
    offset += g.files.size();
    json gj;
    gj["density_g_cm3"] = stat(files, "/density_g_cm3");
    for (const auto& p : coordination_pairs) {
      const std::string base = "/coordination/" + p.name();
      json cj = {{"cutoff_A", cutoffs.get(p)}, {"cutoff_automatic", cutoffs.is_automatic(p)}};
      const json m = stat(files, base + "/mean");
      cj["mean"] = m["mean"];
      cj["mean_std"] = m["std"];
      const json l = stat(files, base + "/mean_bond_length_A");
      cj["mean_bond_length_A"] = l["mean"];
      cj["mean_bond_length_std_A"] = l["std"];
      std::set<std::string> cns;
      for (const auto& f : files)
        for (const auto& [cn, v] : f.values["coordination"][p.name()]["distribution"].items()) cns.insert(cn);
      json dist = json::object(), dist_std = json::object();
      for (const auto& cn : cns) {
        std::vector<double> v;
        for (const auto& f : files) {
          const auto& d = f.values["coordination"][p.name()]["distribution"];
          v.push_back(d.contains(cn) ? d[cn].get<double>() : 0.0);
        }
        dist[cn] = mean_of(v);
        dist_std[cn] = std_of(v);
      }
      cj["distribution"] = dist;
      cj["distribution_std"] = dist_std;
      gj["coordination"][p.name()] = cj;
    }
    for (const auto& t : angles) gj["bond_angles"][t.name()]["mean_deg"] = stat(files, "/bond_angles/" + t.name() + "/mean_deg");
    auto aggregate_object = [&](const std::string& base) {
      // every numeric key of the object at `base`: mean, with the std in a sibling "std" object
      json res = json::object(), sd = json::object();
      std::set<std::string> keys;
      for (const auto& f : files) {
        const json::json_pointer ptr(base);
        if (f.values.contains(ptr))
          for (const auto& [k, v] : f.values.at(ptr).items())
            if (v.is_number()) keys.insert(k);
      }
      for (const auto& k : keys) {
        const json s = stat(files, base + "/" + k);
        res[k] = s["mean"];
        sd[k] = s["std"];
      }
      res["std"] = sd;
      return res;
    };
    for (int f : active_formers) gj["qn"][element_symbol(f)] = aggregate_object("/qn/" + element_symbol(f));
    if (!active_formers.empty() && present(oxygen)) gj["oxygen_speciation"] = aggregate_object("/oxygen_speciation");
    if (files.front().values.contains("polyhedron_sharing"))
      for (const auto& [pair, v] : files.front().values["polyhedron_sharing"].items())
        gj["polyhedron_sharing"][pair] = aggregate_object("/polyhedron_sharing/" + pair);
    if (!ring_kinds.empty() && !active_formers.empty())
      for (RingKind kind : ring_kinds)
        gj["rings"][ring_kind_name(kind)]["rings_per_frame"] = aggregate_object("/rings/" + ring_kind_name(kind) + "/rings_per_frame");
    if (o.voids) {
      gj["voids"]["free_volume_fraction"] = stat(files, "/voids/free_volume_fraction");
      gj["voids"]["cavities_per_frame"] = stat(files, "/voids/cavities_per_frame");
      gj["voids"]["mean_cavity_volume_A3"] = stat(files, "/voids/mean_cavity_volume_A3");
      gj["voids"]["percolating_fraction_of_frames"] = aggregate_object("/voids/percolating_fraction_of_frames");
    }
    if (o.homology)
      for (const char* h : {"H1", "H2"})
        for (const char* key : {"features_per_frame", "mean_birth_A2", "mean_death_A2", "mean_persistence_A2"})
          gj["homology"][h][key] = stat(files, std::string("/homology/") + h + "/" + key);
    if (!experiment.empty())
      for (const char* key : {"neutron", "neutron_lorch", "xray", "xray_lorch"}) gj["r_chi"][key] = stat(files, std::string("/r_chi/") + key);
    json fj = json::object();
    for (const auto& f : files) fj[f.path] = f.values;
    gj["files"] = fj;
    gj["file_count"] = files.size();
    out["groups"][g.name] = gj;
  }

  if (!o.out.empty()) {
    std::filesystem::create_directories(o.out);
    const bool single = groups.size() == 1;
    // curve tables: x column, then per group the mean (and std with ≥ 2 files) of every column
    const std::map<std::string, std::string> x_column = {
        {"rdf", "r_A"},           {"running_coordination", "r_A"}, {"sq_neutron", "Q_per_A"}, {"sq_xray", "Q_per_A"},
        {"sq_partial", "Q_per_A"}, {"gr_total", "r_A"},            {"angles", "angle_deg"},   {"cavity_volumes", "cavity_volume_A3"}};
    const std::map<std::string, std::pair<std::string, std::string>> axis_labels = {
        {"rdf", {"r (Å)", "g(r)"}},
        {"running_coordination", {"r (Å)", "N(r)"}},
        {"sq_neutron", {"Q (Å⁻¹)", "S(Q) neutron"}},
        {"sq_xray", {"Q (Å⁻¹)", "S(Q) X-ray"}},
        {"sq_partial", {"Q (Å⁻¹)", "S_ab(Q) (Faber–Ziman)"}},
        {"gr_total", {"r (Å)", ""}},
        {"angles", {"angle (degrees)", "probability density (1/degree)"}},
        {"cavity_volumes", {"cavity volume (Å³)", "cavities per frame"}}};
    for (const auto& [table, x] : x_column) {
      if (!results.front().curves.count(table)) continue;
      CsvTable csv({});
      csv.add_column(x, results.front().curves.at(table).at(x));
      for (const auto& [column, values] : results.front().curves.at(table)) {
        if (column == x) continue;
        Plot plot;
        plot.title = column;
        plot.x_label = axis_labels.at(table).first;
        plot.y_label = axis_labels.at(table).second.empty() ? column : axis_labels.at(table).second;
        for (const auto& g : groups) {
          std::vector<const std::vector<double>*> cols;
          for (const auto* f : members[g.name]) cols.push_back(&f->curves.at(table).at(column));
          const std::string prefix = single ? "" : g.name + ":";
          const auto mean = column_mean(cols);
          csv.add_column(prefix + column, mean);
          if (cols.size() > 1) csv.add_column(prefix + column + "_std", column_std(cols));
          PlotSeries series;
          series.label = g.name;
          series.x = results.front().curves.at(table).at(x);
          series.y = mean;
          if (table == "cavity_volumes") series.markers = true, series.line = false;
          plot.series.push_back(series);
        }
        plot.save(o.out + "/" + file_safe(table + "_" + column) + ".svg");
      }
      csv.save(o.out + "/" + table + ".csv");
    }
    // scalar tables
    CsvTable coord({"group", "pair", "cutoff_A", "cutoff_automatic", "mean_CN", "mean_CN_std", "mean_bond_length_A",
                    "mean_bond_length_std_A", "fraction_CN_0", "fraction_CN_1", "fraction_CN_2", "fraction_CN_3", "fraction_CN_4",
                    "fraction_CN_5", "fraction_CN_6", "fraction_CN_7", "fraction_CN_8", "fraction_CN_9_or_more"});
    for (const auto& g : groups)
      for (const auto& p : coordination_pairs) {
        const json& c = out["groups"][g.name]["coordination"][p.name()];
        std::vector<std::string> row = {g.name, p.name(), fmt::format("{:.4f}", c["cutoff_A"].get<double>()),
                                        c["cutoff_automatic"].get<bool>() ? "yes" : "no", fmt::format("{:.6f}", c["mean"].get<double>()),
                                        fmt::format("{:.6f}", c["mean_std"].get<double>()),
                                        fmt::format("{:.6f}", c["mean_bond_length_A"].get<double>()),
                                        fmt::format("{:.6f}", c["mean_bond_length_std_A"].get<double>())};
        double rest = 0;
        std::vector<double> frac(10, 0.0);
        for (const auto& [cn, v] : c["distribution"].items()) frac[std::min(9, std::stoi(cn))] += v.get<double>();
        (void)rest;
        for (double f : frac) row.push_back(fmt::format("{:.6f}", f));
        coord.add_text_row(row);
        // CN distribution plot per pair and group overlay is written below
      }
    coord.save(o.out + "/coordination.csv");
    for (const auto& p : coordination_pairs) {
      Plot plot;
      plot.title = p.name() + " coordination (r < " + fmt::format("{:.3f}", cutoffs.get(p)) + " Å)";
      plot.x_label = "coordination number";
      plot.y_label = "fraction of " + element_symbol(p.centre);
      for (const auto& g : groups) {
        PlotSeries s;
        s.label = g.name;
        s.markers = true;
        for (const auto& [cn, v] : out["groups"][g.name]["coordination"][p.name()]["distribution"].items())
          s.x.push_back(std::stod(cn)), s.y.push_back(v.get<double>());
        plot.series.push_back(s);
      }
      plot.save(o.out + "/coordination_distribution_" + file_safe(p.name()) + ".svg");
    }
    if (!active_formers.empty()) {
      CsvTable qn({"group", "former", "Q0_fraction", "Q1_fraction", "Q2_fraction", "Q3_fraction", "Q4_fraction",
                   "Q0_std", "Q1_std", "Q2_std", "Q3_std", "Q4_std"});
      for (int f : active_formers) {
        Plot plot;
        plot.title = "Qⁿ of " + element_symbol(f);
        plot.x_label = "n (bridging O per " + element_symbol(f) + ")";
        plot.y_label = "fraction";
        for (const auto& g : groups) {
          const json& q = out["groups"][g.name]["qn"][element_symbol(f)];
          std::vector<std::string> row = {g.name, element_symbol(f)};
          PlotSeries s;
          s.label = g.name;
          s.markers = true;
          for (int n = 0; n <= 4; ++n) {
            const double v = q.contains(std::to_string(n)) ? q[std::to_string(n)].get<double>() : 0.0;
            row.push_back(fmt::format("{:.6f}", v));
            s.x.push_back(n), s.y.push_back(v);
          }
          for (int n = 0; n <= 4; ++n)
            row.push_back(fmt::format("{:.6f}", q["std"].contains(std::to_string(n)) ? q["std"][std::to_string(n)].get<double>() : 0.0));
          qn.add_text_row(row);
          plot.series.push_back(s);
        }
        plot.save(o.out + "/qn_" + element_symbol(f) + ".svg");
      }
      qn.save(o.out + "/qn.csv");
      if (present(oxygen)) {
        CsvTable sp({"group", "free_fraction", "nonbridging_fraction", "bridging_fraction", "free_std", "nonbridging_std", "bridging_std"});
        for (const auto& g : groups) {
          const json& s = out["groups"][g.name]["oxygen_speciation"];
          sp.add_text_row({g.name, fmt::format("{:.6f}", s["free"].get<double>()), fmt::format("{:.6f}", s["nonbridging"].get<double>()),
                           fmt::format("{:.6f}", s["bridging"].get<double>()), fmt::format("{:.6f}", s["std"]["free"].get<double>()),
                           fmt::format("{:.6f}", s["std"]["nonbridging"].get<double>()),
                           fmt::format("{:.6f}", s["std"]["bridging"].get<double>())});
        }
        sp.save(o.out + "/oxygen_speciation.csv");
      }
      CsvTable sharing({"group", "pair", "corner_per_frame", "edge_per_frame", "face_per_frame", "corner_fraction", "edge_fraction",
                        "face_fraction"});
      for (const auto& g : groups)
        if (out["groups"][g.name].contains("polyhedron_sharing"))
          for (const auto& [pair, s] : out["groups"][g.name]["polyhedron_sharing"].items())
            sharing.add_text_row({g.name, pair, fmt::format("{:.4f}", s["corner_per_frame"].get<double>()),
                                  fmt::format("{:.4f}", s["edge_per_frame"].get<double>()), fmt::format("{:.4f}", s["face_per_frame"].get<double>()),
                                  fmt::format("{:.6f}", s["corner_fraction"].get<double>()),
                                  fmt::format("{:.6f}", s["edge_fraction"].get<double>()), fmt::format("{:.6f}", s["face_fraction"].get<double>())});
      sharing.save(o.out + "/connectivity.csv");
    }
    if (!ring_kinds.empty() && !active_formers.empty()) {
      CsvTable rings({"group", "criterion", "ring_size_formers", "rings_per_frame", "rings_per_frame_std"});
      for (RingKind kind : ring_kinds) {
        Plot plot;
        plot.title = ring_kind_name(kind) + " rings";
        plot.x_label = "ring size (former atoms)";
        plot.y_label = "rings per frame";
        for (const auto& g : groups) {
          PlotSeries s;
          s.label = g.name;
          s.markers = true;
          const json& rj = out["groups"][g.name]["rings"][ring_kind_name(kind)]["rings_per_frame"];
          for (const auto& [size, v] : rj.items()) {
            if (size == "std") continue;
            rings.add_text_row({g.name, ring_kind_name(kind), size, fmt::format("{:.6f}", v.get<double>()),
                                fmt::format("{:.6f}", rj["std"][size].get<double>())});
            s.x.push_back(std::stod(size)), s.y.push_back(v.get<double>());
          }
          plot.series.push_back(s);
        }
        plot.save(o.out + "/rings_" + ring_kind_name(kind) + ".svg");
      }
      rings.save(o.out + "/rings.csv");
    }
    if (o.voids) {
      CsvTable voids({"group", "free_volume_fraction", "free_volume_fraction_std", "cavities_per_frame", "mean_cavity_volume_A3",
                      "percolating_x_fraction", "percolating_y_fraction", "percolating_z_fraction"});
      for (const auto& g : groups) {
        const json& v = out["groups"][g.name]["voids"];
        voids.add_text_row({g.name, fmt::format("{:.6f}", v["free_volume_fraction"]["mean"].get<double>()),
                            fmt::format("{:.6f}", v["free_volume_fraction"]["std"].get<double>()),
                            fmt::format("{:.4f}", v["cavities_per_frame"]["mean"].get<double>()),
                            fmt::format("{:.4f}", v["mean_cavity_volume_A3"]["mean"].get<double>()),
                            fmt::format("{:.4f}", v["percolating_fraction_of_frames"]["x"].get<double>()),
                            fmt::format("{:.4f}", v["percolating_fraction_of_frames"]["y"].get<double>()),
                            fmt::format("{:.4f}", v["percolating_fraction_of_frames"]["z"].get<double>())});
      }
      voids.save(o.out + "/voids.csv");
    }
    write_json(o.out + "/structure.json", out);
  }
  if (o.json_output) write_json("-", out);
  if (o.out.empty() && !o.json_output) {
    for (const auto& g : groups) {
      std::cout << "group " << g.name << " (" << g.files.size() << " file(s))\n";
      const json& gj = out["groups"][g.name];
      std::cout << fmt::format("  density (g/cm³)  {:.4f} ± {:.4f}\n", gj["density_g_cm3"]["mean"].get<double>(),
                               gj["density_g_cm3"]["std"].get<double>());
      for (const auto& p : coordination_pairs) {
        const json& c = gj["coordination"][p.name()];
        std::cout << fmt::format("  CN {:<6} {:.3f} ± {:.3f}  (r < {:.3f} Å{}), mean bond {:.4f} Å\n", p.name(), c["mean"].get<double>(),
                                 c["mean_std"].get<double>(), c["cutoff_A"].get<double>(),
                                 c["cutoff_automatic"].get<bool>() ? ", auto" : "", c["mean_bond_length_A"].get<double>());
      }
      if (gj.contains("qn"))
        for (const auto& [f, q] : gj["qn"].items()) {
          std::cout << "  Qⁿ " << f << " ";
          for (int n = 0; n <= 4; ++n) std::cout << fmt::format(" Q{} {:.3f}", n, q.value(std::to_string(n), 0.0));
          std::cout << "\n";
        }
      if (gj.contains("oxygen_speciation")) {
        const json& s = gj["oxygen_speciation"];
        std::cout << fmt::format("  O speciation     free {:.3f}  non-bridging {:.3f}  bridging {:.3f}\n", s["free"].get<double>(),
                                 s["nonbridging"].get<double>(), s["bridging"].get<double>());
      }
    }
    std::cout << "(use --out DIR for the curves, tables and plots, --json for everything)\n";
  }
}

}  // namespace

void register_structure(CLI::App& app) {
  auto* cmd = app.add_subcommand("structure",
                                 "Glass structure: RDFs, S(Q), G(r), coordination, angles, Qⁿ, connectivity, rings, voids, homology");
  cmd->footer(
      "Units: r, cutoffs, grid, probe in Å; Q in Å⁻¹; angles in degrees; density in g/cm³; volumes in Å³;\n"
      "persistence births/deaths in Å² (squared alpha radii).\n"
      "Examples:\n"
      "  ionglass structure data/NaFePO4/glass/ACE/300K_1.dat --cutoffs P-O=2.0,Fe-O=2.7,Na-O=3.3 --json\n"
      "  ionglass structure --group ACE=a1.dat,a2.dat --group BMP=b1.dat,b2.dat --rings king,primitive --voids --out res\n"
      "See docs/structure-analysis.md.");
  auto opt = std::make_shared<Options>();
  cmd->add_option("files", opt->files, "Structure or trajectory files (one group 'all' unless --group is used)");
  opt->input.add_to(*cmd);
  cmd->add_option("--frames", opt->frames, "Frames START:STOP:STEP (Python slice, default all)");
  cmd->add_option("--cutoffs", opt->cutoffs,
                  "Bond cutoffs: 'auto' (first minimum of g after its first peak) or A-B=r,... in Å (pairs not given: auto)")
      ->capture_default_str();
  cmd->add_option("--rmax", opt->r_max, "RDF range r_max in Å (default: min(12, half the smallest cell width))");
  cmd->add_option("--dr", opt->dr, "RDF bin width in Å")->capture_default_str();
  cmd->add_option("--qmax", opt->q_max, "Largest Q of S(Q) in Å⁻¹")->capture_default_str();
  cmd->add_option("--formers", opt->formers, "Network formers for Qⁿ, O speciation and rings, e.g. P or P,Si")
      ->capture_default_str();
  cmd->add_option("--rings", opt->rings, "Ring statistics: any of king,guttman,primitive");
  cmd->add_option("--max-ring-size", opt->max_ring_size, "Largest ring (in former atoms) searched")->capture_default_str();
  cmd->add_option("--angles", opt->angles, "Extra bond angles A-B-C (centre B), e.g. O-P-O,P-O-P");
  cmd->add_flag("--voids", opt->voids, "Void analysis (free volume, cavities, percolation)");
  cmd->add_option("--grid", opt->grid, "Void grid spacing in Å (≤ 0.2)")->capture_default_str();
  cmd->add_option("--probe", opt->probe, "Void probe radius in Å added to the covalent radii")->capture_default_str();
  cmd->add_flag("--homology", opt->homology, "Persistent homology (alpha complex, H1/H2 diagrams)");
  cmd->add_option("--group", opt->groups, "NAME=FILE,FILE,... (repeatable): replicas compared side by side");
  cmd->add_option("--experiment", opt->experiments, "sq=FILE: two columns Q (Å⁻¹), S(Q); adds R_chi vs the total S(Q)");
  cmd->add_option("--out", opt->out, "Directory for structure.json, CSV tables and SVG plots");
  cmd->add_flag("--json", opt->json_output, "Print structure.json to standard output");
  cmd->add_option("--threads", opt->threads, "OpenMP threads (default: all)");
  cmd->callback([opt] { run_structure(*opt); });
}

}  // namespace ionglass::cli
