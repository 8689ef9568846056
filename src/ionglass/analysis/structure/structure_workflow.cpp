#include "ionglass/analysis/structure/structure_workflow.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "ionglass/analysis/structure/bond_network.hpp"
#include "ionglass/analysis/structure/coordination.hpp"
#include "ionglass/analysis/structure/network_connectivity.hpp"
#include "ionglass/analysis/structure/pair_distribution.hpp"
#include "ionglass/analysis/structure/scattering.hpp"
#include "ionglass/analysis/structure/void_analysis.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {

namespace {

// Streams the selected frames of a file through `visit`; returns the number of frames used.
template <class Visit>
std::size_t for_each_frame(const std::string& path, const ReadOptions& read, const FrameSelection& selection,
                           Visit visit) {
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

// Mean ± std of a value every file has.
template <class Value>
MeanStd across(const std::vector<FileStructure>& files, Value value) {
  std::vector<double> v;
  for (const auto& f : files) v.push_back(value(f));
  return mean_and_std(v);
}

// Mean ± std per key of keyed values, each over the files that have the key.
template <class Key>
std::map<Key, MeanStd> across_keys(const std::vector<const std::map<Key, double>*>& maps) {
  std::set<Key> keys;
  for (const auto* m : maps)
    for (const auto& [k, v] : *m) keys.insert(k);
  std::map<Key, MeanStd> out;
  for (const auto& k : keys) {
    std::vector<double> v;
    for (const auto* m : maps)
      if (auto it = m->find(k); it != m->end()) v.push_back(it->second);
    out[k] = mean_and_std(v);
  }
  return out;
}

// For every outer key of the first file's `member` (e.g. former → n → fraction): across_keys of
// the inner maps of the files that have the outer key.
template <class Outer>
std::map<Outer, std::map<int, MeanStd>> nested_across(const std::vector<FileStructure>& files,
                                                      std::map<Outer, std::map<int, double>> FileStructure::*member) {
  std::map<Outer, std::map<int, MeanStd>> out;
  for (const auto& [key, unused] : files.front().*member) {
    std::vector<const std::map<int, double>*> maps;
    for (const auto& f : files)
      if (auto it = (f.*member).find(key); it != (f.*member).end()) maps.push_back(&it->second);
    out[key] = across_keys(maps);
  }
  return out;
}

// Column-wise mean and std of equally long curves (the first curve's length).
CurveAcrossFiles curve_across(const std::vector<const std::vector<double>*>& curves) {
  const std::size_t n = curves.front()->size();
  const double count = static_cast<double>(curves.size());
  CurveAcrossFiles out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  for (const auto* c : curves)
    for (std::size_t k = 0; k < n && k < c->size(); ++k) out.mean[k] += (*c)[k] / count;
  if (curves.size() < 2) return out;
  for (const auto* c : curves)
    for (std::size_t k = 0; k < n && k < c->size(); ++k)
      out.std[k] += ((*c)[k] - out.mean[k]) * ((*c)[k] - out.mean[k]);
  for (double& x : out.std) x = std::sqrt(x / (count - 1));
  return out;
}

bool contains(const std::vector<int>& list, int z) {
  return std::find(list.begin(), list.end(), z) != list.end();
}

// Everything the second pass needs, resolved from the settings and the first pass.
struct Plan {
  std::vector<int> elements, active_formers, cations;
  std::optional<int> anion;
  std::vector<ElementPair> coordination_pairs;
  std::vector<BondAngleTriplet> angles;
  PairCutoffs cutoffs;
};

Plan make_plan(const StructureSettings& s, const std::vector<PairDistribution>& rdfs) {
  Plan plan;
  plan.elements = rdfs.front().elements();
  const auto present = [&](int z) { return contains(plan.elements, z); };
  for (const auto& c : s.cutoffs)
    if (!present(c.pair.centre) || !present(c.pair.neighbor))
      throw InputError("--cutoffs: " + c.pair.name() + " names an element that is not in the structures");
  for (int f : s.formers) {
    if (present(f))
      plan.active_formers.push_back(f);
    else if (s.formers_must_be_present)
      throw InputError("--formers: " + element_symbol(f) + " is not in the structures");
  }
  if (s.bridging_anion) {
    if (!present(*s.bridging_anion))
      throw InputError("bridging anion " + element_symbol(*s.bridging_anion) + " is not in the structures");
    plan.anion = s.bridging_anion;
  } else {
    std::map<int, double> concentration;
    for (int z : plan.elements) concentration[z] = rdfs.front().concentration(z);
    plan.anion = default_bridging_anion(concentration);
  }
  for (int z : plan.elements)
    if (!is_anion(z)) plan.cations.push_back(z);

  // Pairs with a cutoff: cation–anion pairs, given pairs, angle legs, former–anion.
  plan.coordination_pairs = cation_anion_pairs(plan.elements);
  for (const auto& c : s.cutoffs)
    if (std::find(plan.coordination_pairs.begin(), plan.coordination_pairs.end(), c.pair) ==
        plan.coordination_pairs.end())
      plan.coordination_pairs.push_back(c.pair);
  const auto add_angle = [&](const BondAngleTriplet& t) {
    const BondAngleTriplet canonical{std::min(t.first, t.second), t.centre, std::max(t.first, t.second)};
    if (std::find(plan.angles.begin(), plan.angles.end(), canonical) == plan.angles.end())
      plan.angles.push_back(canonical);
  };
  for (const auto& p : cation_anion_pairs(plan.elements)) add_angle({p.neighbor, p.centre, p.neighbor});
  if (plan.anion)
    for (int f : plan.active_formers) add_angle({f, *plan.anion, f});
  for (const auto& t : s.extra_angles) {
    if (!present(t.first) || !present(t.centre) || !present(t.second))
      throw InputError("--angles: " + t.name() + " names an element that is not in the structures");
    add_angle(t);
  }
  std::vector<ElementPair> needed = plan.coordination_pairs;
  for (const auto& t : plan.angles) needed.push_back({t.centre, t.first}), needed.push_back({t.centre, t.second});
  if (plan.anion)
    for (int f : plan.active_formers) needed.push_back({f, *plan.anion});

  for (const auto& c : s.cutoffs) plan.cutoffs.set(c.pair, c.cutoff_A);
  // automatic cutoffs from g averaged over all files, so that every file uses the same values
  const std::vector<double> r = rdfs.front().r();
  for (const auto& p : needed) {
    if (plan.cutoffs.has(p)) continue;
    std::vector<double> mean(r.size(), 0.0);
    for (const auto& rdf : rdfs) {
      const auto g = rdf.g(p);
      for (std::size_t k = 0; k < r.size(); ++k) mean[k] += g[k] / static_cast<double>(rdfs.size());
    }
    try {
      plan.cutoffs.set(p, first_minimum_after_first_peak(r, mean), true);
    } catch (const InputError& e) {
      throw InputError("automatic cutoff of " + p.name() + ": " + e.problem() + "; give it with --cutoffs " + p.name() +
                       "=r");
    }
  }
  return plan;
}

// The curve tables of one file.
void add_curves(FileStructure& file, const PairDistribution& rdf, const StructureFactors& sf,
                const BondAngleDistribution& angle_distribution, const std::vector<BondAngleTriplet>& angles) {
  const auto r = rdf.r();
  auto& rt = file.curves["rdf"];
  rt.x_column = "r_A";
  rt.columns["r_A"] = r;
  for (const auto& p : rdf.pairs()) rt.columns["g_" + p.name()] = rdf.g(p);
  // N(r) is tabulated at the bin upper edges (k + 1)·dr
  auto& nt = file.curves["running_coordination"];
  nt.x_column = "r_A";
  std::vector<double> edges(r.size());
  for (std::size_t k = 0; k < edges.size(); ++k) edges[k] = static_cast<double>(k + 1) * rdf.options().bin_width_A;
  nt.columns["r_A"] = edges;
  for (const auto& p : rdf.pairs()) {
    nt.columns["N_" + p.name()] = rdf.running_coordination(p);
    if (p.centre != p.neighbor) nt.columns["N_" + p.reversed().name()] = rdf.running_coordination(p.reversed());
  }
  file.curves["sq_neutron"] = {"Q_per_A",
                               {{"Q_per_A", sf.q}, {"S_neutron", sf.neutron}, {"S_neutron_lorch", sf.neutron_lorch}}};
  file.curves["sq_xray"] = {"Q_per_A", {{"Q_per_A", sf.q}, {"S_xray", sf.xray}, {"S_xray_lorch", sf.xray_lorch}}};
  auto& pt = file.curves["sq_partial"];
  pt.x_column = "Q_per_A";
  pt.columns["Q_per_A"] = sf.q;
  for (const auto& [p, s] : sf.partial) pt.columns["S_" + p.name()] = s;
  for (const auto& [p, s] : sf.partial_lorch) pt.columns["S_" + p.name() + "_lorch"] = s;
  const RealSpaceFunctions rs = neutron_real_space(rdf);
  file.curves["gr_total"] = {"r_A", {{"r_A", rs.r}, {"G", rs.G}, {"T_per_A2", rs.T}, {"D_per_A2", rs.D}}};
  auto& at = file.curves["angles"];
  at.x_column = "angle_deg";
  at.columns["angle_deg"] = angle_distribution.angles_deg();
  for (const auto& t : angles) at.columns["P_" + t.name() + "_per_deg"] = angle_distribution.distribution(t);
}

// Pass 2 on one file: the bond network of every frame and the local-structure accumulators.
FileStructure analyze_file(const std::string& path, std::size_t frames, const PairDistribution& rdf,
                           const StructureSettings& s, const FrameSelection& selection, const Plan& plan,
                           const std::vector<std::pair<double, double>>& experiment) {
  const int anion = plan.anion.value_or(0);  // 0: no element, so no anion bonds are counted
  CoordinationAnalysis coordination(plan.coordination_pairs);
  BondAngleDistribution angle_distribution(plan.angles, 1.0);
  NetworkConnectivity connectivity(plan.active_formers, plan.cations, anion);
  RingStatistics ring_statistics(RingOptions{plan.active_formers, anion, s.max_ring_size, s.ring_kinds});
  VoidAnalysis void_analysis(VoidOptions{s.void_grid_A, s.void_probe_A});
  PersistentHomology homology;
  const bool formers = !plan.active_formers.empty();
  const bool rings = formers && !s.ring_kinds.empty();
  FileStructure file;
  for_each_frame(path, s.read, selection, [&](const System& frame) {
    file.atoms = frame.size();
    const BondNetwork network(frame, plan.cutoffs);
    coordination.compute(network);
    angle_distribution.compute(network);
    if (formers) connectivity.compute(network);
    if (rings) ring_statistics.compute(network);
    if (s.voids) void_analysis.compute(frame);
    if (s.homology) homology.compute(frame);
  });
  file.path = path;
  file.frames = frames;
  file.density_g_cm3 = rdf.mass_density_g_cm3();
  file.number_density_per_A3 = rdf.number_density();
  for (const auto& p : plan.coordination_pairs) {
    const CoordinationResult c = coordination.result(p);
    file.coordination.push_back(
        {p, plan.cutoffs.get(p), plan.cutoffs.is_automatic(p), c.mean, c.distribution, c.mean_bond_length_A});
  }
  for (const auto& t : plan.angles)
    file.bond_angles.push_back({t, angle_distribution.mean_deg(t),
                                static_cast<double>(angle_distribution.angle_count(t)) / static_cast<double>(frames)});
  if (formers) {
    for (int f : plan.active_formers) {
      const auto q = connectivity.qn_fractions(f);
      auto& qn = file.qn[f];
      for (std::size_t n = 0; n < q.size(); ++n)
        if (n <= 4 || q[n] > 0) qn[static_cast<int>(n)] = q[n];
    }
    if (plan.anion) {
      const auto sp = connectivity.anion_speciation();
      file.anion_speciation = AnionSpeciation{sp[0], sp[1], sp[2]};
    }
    const double nf = static_cast<double>(connectivity.frame_count());
    for (const auto& [pair, sh] : connectivity.sharing()) {
      const double total = static_cast<double>(sh.total());
      const auto fraction = [&](std::size_t count) { return total ? static_cast<double>(count) / total : 0.0; };
      file.polyhedron_sharing[pair] = {static_cast<double>(sh.corner) / nf,
                                       static_cast<double>(sh.edge) / nf,
                                       static_cast<double>(sh.face) / nf,
                                       fraction(sh.corner),
                                       fraction(sh.edge),
                                       fraction(sh.face)};
    }
  }
  if (rings)
    for (RingKind kind : s.ring_kinds) file.rings_per_frame[kind] = ring_statistics.rings_per_frame(kind);
  if (s.voids) {
    const VoidSummary v = void_analysis.summary();
    file.voids = VoidStatistics{v.free_volume_fraction,     v.cavities_per_frame,   v.mean_cavity_volume_A3,
                                v.largest_cavity_volume_A3, v.percolating_fraction, v.grid_spacing_A};
    file.curves["cavity_volumes"] = {"cavity_volume_A3",
                                     {{"cavity_volume_A3", void_analysis.histogram_volumes_A3()},
                                      {"cavities_per_frame", void_analysis.histogram_counts_per_frame()}}};
  }
  if (s.homology)
    file.homology = HomologySummary{homology.periodic(),
                                    homology.note(),
                                    homology.frame_count(),
                                    {homology.statistics(1), homology.statistics(2)},
                                    homology.diagram()};
  const StructureFactors sf = structure_factors(rdf, StructureFactorOptions{0.3, s.q_max_per_A, 0.02});
  add_curves(file, rdf, sf, angle_distribution, plan.angles);
  if (!experiment.empty()) {
    std::vector<double> xe, ye;
    for (const auto& [q, value] : experiment) xe.push_back(q), ye.push_back(value);
    file.r_chi = RChiSummary{r_chi(sf.q, sf.neutron, xe, ye), r_chi(sf.q, sf.neutron_lorch, xe, ye),
                             r_chi(sf.q, sf.xray, xe, ye), r_chi(sf.q, sf.xray_lorch, xe, ye)};
  }
  return file;
}

}  // namespace

void StructureSettings::validate() const {
  if (groups.empty()) throw InputError("no input files: give FILE... or --group NAME=FILE,...");
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].files.empty()) throw InputError("--group: the group '" + groups[g].name + "' has no files");
    for (std::size_t h = 0; h < g; ++h)
      if (groups[h].name == groups[g].name)
        throw InputError("--group: the name '" + groups[g].name + "' is used twice");
  }
  if (!(bin_width_A > 0)) throw InputError("--dr must be a positive bin width in Å");
  if (!(q_max_per_A > 0.5)) throw InputError("--qmax must be larger than 0.5 Å⁻¹");
  if (max_ring_size < 3 || max_ring_size > 24) throw InputError("--max-ring-size must be between 3 and 24");
  for (const auto& c : cutoffs)
    if (!(c.cutoff_A > 0)) throw InputError("--cutoffs: the cutoff of " + c.pair.name() + " must be positive");
  if (voids && (!(void_grid_A > 0) || void_grid_A > 0.2 + 1e-12)) throw InputError("--grid must be in (0, 0.2] Å");
  if (void_probe_A < 0) throw InputError("--probe must not be negative");
}

MeanStd mean_and_std(const std::vector<double>& values) {
  MeanStd out;
  if (values.empty()) return out;
  for (double x : values) out.mean += x;
  out.mean /= static_cast<double>(values.size());
  if (values.size() < 2) return out;
  for (double x : values) out.std += (x - out.mean) * (x - out.mean);
  out.std = std::sqrt(out.std / static_cast<double>(values.size() - 1));
  return out;
}

std::optional<int> default_bridging_anion(const std::map<int, double>& concentration) {
  std::optional<int> best;
  for (const auto& [z, c] : concentration)  // ascending z, so a tie keeps the lower atomic number
    if (is_anion(z) && c > 0 && (!best || c > concentration.at(*best))) best = z;
  return best;
}

GroupStructure summarize_group(std::string name, std::vector<FileStructure> files) {
  if (files.empty()) throw InputError("group '" + name + "' has no files");
  GroupStructure g;
  g.name = std::move(name);
  const FileStructure& first = files.front();
  g.density_g_cm3 = across(files, [](const FileStructure& f) { return f.density_g_cm3; });
  for (std::size_t i = 0; i < first.coordination.size(); ++i) {
    const CoordinationSummary& c = first.coordination[i];
    CoordinationAcrossFiles a{c.pair, c.cutoff_A, c.cutoff_automatic, {}, {}, {}};
    a.mean = across(files, [&](const FileStructure& f) { return f.coordination.at(i).mean; });
    a.mean_bond_length_A =
        across(files, [&](const FileStructure& f) { return f.coordination.at(i).mean_bond_length_A; });
    std::set<int> numbers;
    for (const auto& f : files)
      for (const auto& [cn, fraction] : f.coordination.at(i).distribution) numbers.insert(cn);
    for (int cn : numbers)
      a.distribution[cn] = across(files, [&](const FileStructure& f) {
        const auto& d = f.coordination.at(i).distribution;
        const auto it = d.find(cn);
        return it == d.end() ? 0.0 : it->second;
      });
    g.coordination.push_back(a);
  }
  for (std::size_t i = 0; i < first.bond_angles.size(); ++i)
    g.bond_angle_mean_deg.emplace_back(first.bond_angles[i].triplet, across(files, [&](const FileStructure& f) {
                                         return f.bond_angles.at(i).mean_deg;
                                       }));
  g.qn = nested_across(files, &FileStructure::qn);
  if (first.anion_speciation) {
    std::vector<double> free, nonbridging, bridging;
    for (const auto& f : files)
      if (f.anion_speciation)
        free.push_back(f.anion_speciation->free), nonbridging.push_back(f.anion_speciation->nonbridging),
            bridging.push_back(f.anion_speciation->bridging);
    g.anion_speciation = {mean_and_std(free), mean_and_std(nonbridging), mean_and_std(bridging)};
  }
  for (const auto& [pair, unused] : first.polyhedron_sharing) {
    std::vector<const SharingSummary*> present;
    for (const auto& f : files)
      if (auto it = f.polyhedron_sharing.find(pair); it != f.polyhedron_sharing.end()) present.push_back(&it->second);
    const auto of = [&](double SharingSummary::*member) {
      std::vector<double> v;
      for (const auto* s : present) v.push_back(s->*member);
      return mean_and_std(v);
    };
    g.polyhedron_sharing[pair] = {of(&SharingSummary::corner_per_frame), of(&SharingSummary::edge_per_frame),
                                  of(&SharingSummary::face_per_frame),   of(&SharingSummary::corner_fraction),
                                  of(&SharingSummary::edge_fraction),    of(&SharingSummary::face_fraction)};
  }
  g.rings_per_frame = nested_across(files, &FileStructure::rings_per_frame);
  if (first.voids) {
    VoidsAcrossFiles v;
    v.free_volume_fraction = across(files, [](const FileStructure& f) { return f.voids.value().free_volume_fraction; });
    v.cavities_per_frame = across(files, [](const FileStructure& f) { return f.voids.value().cavities_per_frame; });
    v.mean_cavity_volume_A3 =
        across(files, [](const FileStructure& f) { return f.voids.value().mean_cavity_volume_A3; });
    for (std::size_t d = 0; d < 3; ++d)
      v.percolating_fraction[d] =
          across(files, [&](const FileStructure& f) { return f.voids.value().percolating_fraction[d]; });
    g.voids = v;
  }
  if (first.homology) {
    std::array<HomologyAcrossFiles, 2> h;
    for (std::size_t d = 0; d < 2; ++d) {
      const auto of = [&](double PersistenceStatistics::*member) {
        return across(files, [&](const FileStructure& f) { return f.homology.value().statistics[d].*member; });
      };
      h[d] = {of(&PersistenceStatistics::features_per_frame), of(&PersistenceStatistics::mean_birth_A2),
              of(&PersistenceStatistics::mean_death_A2), of(&PersistenceStatistics::mean_persistence_A2)};
    }
    g.homology = h;
  }
  if (first.r_chi) {
    const auto of = [&](double RChiSummary::*member) {
      return across(files, [&](const FileStructure& f) { return f.r_chi.value().*member; });
    };
    g.r_chi = std::array<MeanStd, 4>{of(&RChiSummary::neutron), of(&RChiSummary::neutron_lorch), of(&RChiSummary::xray),
                                     of(&RChiSummary::xray_lorch)};
  }
  for (const auto& [table, curves] : first.curves)
    for (const auto& [column, unused] : curves.columns) {
      if (column == curves.x_column) continue;
      std::vector<const std::vector<double>*> columns;
      for (const auto& f : files) columns.push_back(&f.curves.at(table).columns.at(column));
      g.curves[table][column] = curve_across(columns);
    }
  g.files = std::move(files);
  return g;
}

std::vector<std::pair<double, double>> read_structure_factor_table(const std::string& path) {
  LineReader reader(path);
  std::vector<std::pair<double, double>> out;
  std::string line;
  while (reader.next(line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::vector<std::string> columns;
    std::string current;
    for (char c : line) {
      if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
        if (!current.empty()) columns.push_back(current), current.clear();
      } else {
        current += c;
      }
    }
    if (!current.empty()) columns.push_back(current);
    if (columns.size() < 2) reader.fail("expected two columns Q (Å⁻¹) and S(Q)");
    double q = 0, s = 0;
    if (!try_parse_double(columns[0], q) || !try_parse_double(columns[1], s) || !std::isfinite(q) ||
        !std::isfinite(s)) {
      if (out.empty()) continue;  // a header line
      reader.fail("expected numbers Q (Å⁻¹) and S(Q)");
    }
    out.emplace_back(q, s);
  }
  if (out.size() < 2) throw InputError(path, 0, "fewer than two (Q, S(Q)) points");
  return out;
}

StructureResults analyze_structure(const StructureSettings& s, const ExecutionContext& context) {
  context.validate();
  s.validate();
  const ThreadScope threads(context);
  const FrameSelection selection = parse_frame_selection(s.frames);
  std::vector<std::pair<double, double>> experiment;
  if (!s.experiment_sq_file.empty()) experiment = read_structure_factor_table(s.experiment_sq_file);

  double r_max = s.r_max_A;
  if (r_max == 0) {
    const std::string& path = s.groups.front().files.front();
    const System first = read_structure(path, s.read);
    if (!first.cell.has_volume()) throw InputError(path, 0, "the structure has no periodic cell");
    r_max = std::min(12.0, 0.5 * first.cell.perpendicular_widths().minCoeff());
    r_max = std::floor(r_max / s.bin_width_A) * s.bin_width_A;
  }
  const PairDistributionOptions rdf_options{r_max, s.bin_width_A};

  // Pass 1: partial RDFs of every file (the automatic cutoffs need all of them).
  std::vector<std::string> paths;
  for (const auto& g : s.groups) paths.insert(paths.end(), g.files.begin(), g.files.end());
  std::vector<PairDistribution> rdfs;
  std::vector<std::size_t> frame_counts;
  {
    Progress progress = context.progress("structure: pair distributions", static_cast<long long>(paths.size()));
    for (const auto& path : paths) {
      PairDistribution rdf(rdf_options);
      try {
        frame_counts.push_back(for_each_frame(path, s.read, selection, [&](const System& f) { rdf.compute(f); }));
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
  const Plan plan = make_plan(s, rdfs);

  // Pass 2: local structure per file, then the group reductions.
  StructureResults results;
  {
    Progress progress = context.progress("structure: local structure", static_cast<long long>(paths.size()));
    std::size_t index = 0;
    for (const auto& g : s.groups) {
      std::vector<FileStructure> files;
      for (const auto& path : g.files) {
        files.push_back(analyze_file(path, frame_counts[index], rdfs[index], s, selection, plan, experiment));
        ++index;
        progress.advance();
      }
      results.groups.push_back(summarize_group(g.name, std::move(files)));
    }
  }
  results.r_max_A = r_max;
  results.bin_width_A = rdfs.front().options().bin_width_A;
  results.q_max_per_A = s.q_max_per_A;
  results.frames = s.frames;
  results.formers = s.formers;
  results.active_formers = plan.active_formers;
  results.bridging_anion = plan.anion;
  results.elements = plan.elements;
  results.coordination_pairs = plan.coordination_pairs;
  results.angles = plan.angles;
  results.cutoffs = plan.cutoffs;
  results.ring_kinds = s.ring_kinds;
  results.max_ring_size = s.max_ring_size;
  results.voids = s.voids;
  results.homology = s.homology;
  results.void_probe_A = s.void_probe_A;
  results.experiment_sq_file = s.experiment_sq_file;
  return results;
}

}  // namespace ionglass
