#include "ionglass/report/structure_report.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass {

namespace {

using nlohmann::json;

json to_json(const MeanStd& m) {
  return {{"mean", m.mean}, {"std", m.std}};
}

// Keyed values as a JSON object with text keys ("0", "1", ...).
json numbers_by_key(const std::map<int, double>& values) {
  json out = json::object();
  for (const auto& [k, v] : values) out[std::to_string(k)] = v;
  return out;
}

// Keyed mean ± std as {"k": mean, ..., "std": {"k": std, ...}}.
json means_with_std(const std::map<std::string, MeanStd>& values) {
  json out = json::object(), deviations = json::object();
  for (const auto& [k, v] : values) out[k] = v.mean, deviations[k] = v.std;
  out["std"] = deviations;
  return out;
}
json means_with_std(const std::map<int, MeanStd>& values) {
  std::map<std::string, MeanStd> text;
  for (const auto& [k, v] : values) text[std::to_string(k)] = v;
  return means_with_std(text);
}

// The order the keys of a JSON object are listed in (text order: "10" before "2").
template <class Value>
std::map<std::string, Value> by_text_key(const std::map<int, Value>& values) {
  std::map<std::string, Value> out;
  for (const auto& [k, v] : values) out[std::to_string(k)] = v;
  return out;
}

std::string joined_symbols(const std::vector<int>& elements) {
  std::string out;
  for (int z : elements) out += (out.empty() ? "" : ",") + element_symbol(z);
  return out;
}

// The bridging anion's symbol ("anion" when the structures hold none).
std::string anion_symbol(const StructureResults& r) {
  return r.bridging_anion ? element_symbol(*r.bridging_anion) : "anion";
}

std::string file_safe(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return s;
}

json file_json(const FileStructure& f, const StructureResults& r) {
  json j;
  j["file"] = f.path;
  j["frames"] = f.frames;
  j["natoms"] = f.atoms;
  j["density_g_cm3"] = f.density_g_cm3;
  j["number_density_per_A3"] = f.number_density_per_A3;
  for (const auto& c : f.coordination)
    j["coordination"][c.pair.name()] = {{"cutoff_A", c.cutoff_A},
                                        {"cutoff_automatic", c.cutoff_automatic},
                                        {"mean", c.mean},
                                        {"distribution", numbers_by_key(c.distribution)},
                                        {"mean_bond_length_A", c.mean_bond_length_A}};
  for (const auto& a : f.bond_angles)
    j["bond_angles"][a.triplet.name()] = {{"mean_deg", a.mean_deg}, {"angles_per_frame", a.angles_per_frame}};
  for (const auto& [former, qn] : f.qn) j["qn"][element_symbol(former)] = numbers_by_key(qn);
  if (f.anion_speciation)
    j["oxygen_speciation"] = {{"free", f.anion_speciation->free},
                              {"nonbridging", f.anion_speciation->nonbridging},
                              {"bridging", f.anion_speciation->bridging},
                              {"formers", joined_symbols(r.formers)}};
  for (const auto& [pair, s] : f.polyhedron_sharing)
    j["polyhedron_sharing"][pair.name()] = {
        {"corner_per_frame", s.corner_per_frame}, {"edge_per_frame", s.edge_per_frame},
        {"face_per_frame", s.face_per_frame},     {"corner_fraction", s.corner_fraction},
        {"edge_fraction", s.edge_fraction},       {"face_fraction", s.face_fraction}};
  for (const auto& [kind, rings] : f.rings_per_frame)
    j["rings"][ring_kind_name(kind)] = {{"rings_per_frame", numbers_by_key(rings)}, {"max_size", r.max_ring_size}};
  if (f.voids) {
    const VoidStatistics& v = *f.voids;
    j["voids"] = {
        {"free_volume_fraction", v.free_volume_fraction},
        {"cavities_per_frame", v.cavities_per_frame},
        {"mean_cavity_volume_A3", v.mean_cavity_volume_A3},
        {"largest_cavity_volume_A3", v.largest_cavity_volume_A3},
        {"percolating_fraction_of_frames",
         {{"x", v.percolating_fraction[0]}, {"y", v.percolating_fraction[1]}, {"z", v.percolating_fraction[2]}}},
        {"grid_spacing_A", v.grid_spacing_A},
        {"probe_radius_A", r.void_probe_A}};
  }
  if (f.homology) {
    const HomologySummary& h = *f.homology;
    j["homology"] = {{"periodic", h.periodic}, {"note", h.note}, {"frames", h.frames}};
    for (int dim = 1; dim <= 2; ++dim) {
      const PersistenceStatistics& st = h.statistics[static_cast<std::size_t>(dim - 1)];
      j["homology"]["H" + std::to_string(dim)] = {{"features_per_frame", st.features_per_frame},
                                                  {"mean_birth_A2", st.mean_birth_A2},
                                                  {"mean_death_A2", st.mean_death_A2},
                                                  {"mean_persistence_A2", st.mean_persistence_A2}};
    }
  }
  if (f.r_chi)
    j["r_chi"] = {{"neutron", f.r_chi->neutron},
                  {"neutron_lorch", f.r_chi->neutron_lorch},
                  {"xray", f.r_chi->xray},
                  {"xray_lorch", f.r_chi->xray_lorch},
                  {"experiment", r.experiment_sq_file}};
  return j;
}

json group_json(const GroupStructure& g, const StructureResults& r) {
  json gj;
  gj["density_g_cm3"] = to_json(g.density_g_cm3);
  for (const auto& c : g.coordination) {
    json distribution = json::object(), distribution_std = json::object();
    for (const auto& [cn, v] : c.distribution)
      distribution[std::to_string(cn)] = v.mean, distribution_std[std::to_string(cn)] = v.std;
    gj["coordination"][c.pair.name()] = {{"cutoff_A", c.cutoff_A},
                                         {"cutoff_automatic", c.cutoff_automatic},
                                         {"mean", c.mean.mean},
                                         {"mean_std", c.mean.std},
                                         {"mean_bond_length_A", c.mean_bond_length_A.mean},
                                         {"mean_bond_length_std_A", c.mean_bond_length_A.std},
                                         {"distribution", distribution},
                                         {"distribution_std", distribution_std}};
  }
  for (const auto& [t, m] : g.bond_angle_mean_deg) gj["bond_angles"][t.name()]["mean_deg"] = to_json(m);
  for (const auto& [former, qn] : g.qn) gj["qn"][element_symbol(former)] = means_with_std(qn);
  if (g.anion_speciation)
    gj["oxygen_speciation"] = means_with_std(std::map<std::string, MeanStd>{{"free", (*g.anion_speciation)[0]},
                                                                            {"nonbridging", (*g.anion_speciation)[1]},
                                                                            {"bridging", (*g.anion_speciation)[2]}});
  for (const auto& [pair, s] : g.polyhedron_sharing)
    gj["polyhedron_sharing"][pair.name()] =
        means_with_std(std::map<std::string, MeanStd>{{"corner_per_frame", s.corner_per_frame},
                                                      {"edge_per_frame", s.edge_per_frame},
                                                      {"face_per_frame", s.face_per_frame},
                                                      {"corner_fraction", s.corner_fraction},
                                                      {"edge_fraction", s.edge_fraction},
                                                      {"face_fraction", s.face_fraction}});
  for (const auto& [kind, rings] : g.rings_per_frame)
    gj["rings"][ring_kind_name(kind)]["rings_per_frame"] = means_with_std(rings);
  if (g.voids) {
    gj["voids"]["free_volume_fraction"] = to_json(g.voids->free_volume_fraction);
    gj["voids"]["cavities_per_frame"] = to_json(g.voids->cavities_per_frame);
    gj["voids"]["mean_cavity_volume_A3"] = to_json(g.voids->mean_cavity_volume_A3);
    gj["voids"]["percolating_fraction_of_frames"] =
        means_with_std(std::map<std::string, MeanStd>{{"x", g.voids->percolating_fraction[0]},
                                                      {"y", g.voids->percolating_fraction[1]},
                                                      {"z", g.voids->percolating_fraction[2]}});
  }
  if (g.homology)
    for (std::size_t d = 0; d < 2; ++d) {
      json& h = gj["homology"]["H" + std::to_string(d + 1)];
      const HomologyAcrossFiles& a = (*g.homology)[d];
      h["features_per_frame"] = to_json(a.features_per_frame);
      h["mean_birth_A2"] = to_json(a.mean_birth_A2);
      h["mean_death_A2"] = to_json(a.mean_death_A2);
      h["mean_persistence_A2"] = to_json(a.mean_persistence_A2);
    }
  if (g.r_chi) {
    const char* keys[] = {"neutron", "neutron_lorch", "xray", "xray_lorch"};
    for (std::size_t k = 0; k < 4; ++k) gj["r_chi"][keys[k]] = to_json((*g.r_chi)[k]);
  }
  json files = json::object();
  for (const auto& f : g.files) files[f.path] = file_json(f, r);
  gj["files"] = files;
  gj["file_count"] = g.files.size();
  return gj;
}

// Curve tables: the x column, then per group the mean (and std with ≥ 2 files) of every column;
// one SVG per column with a series per group.
void write_curves(const StructureResults& r, const std::string& dir) {
  const std::map<std::string, std::pair<std::string, std::string>> axis_labels = {
      {"rdf", {"r (Å)", "g(r)"}},
      {"running_coordination", {"r (Å)", "N(r)"}},
      {"sq_neutron", {"Q (Å⁻¹)", "S(Q) neutron"}},
      {"sq_xray", {"Q (Å⁻¹)", "S(Q) X-ray"}},
      {"sq_partial", {"Q (Å⁻¹)", "S_ab(Q) (Faber–Ziman)"}},
      {"gr_total", {"r (Å)", ""}},
      {"angles", {"angle (degrees)", "probability density (1/degree)"}},
      {"cavity_volumes", {"cavity volume (Å³)", "cavities per frame"}}};
  const bool single = r.groups.size() == 1;
  const FileStructure& first = r.groups.front().files.front();
  for (const auto& [table, labels] : axis_labels) {
    if (!first.curves.count(table)) continue;
    const CurveTable& curves = first.curves.at(table);
    const std::vector<double>& x = curves.columns.at(curves.x_column);
    CsvTable csv({});
    csv.add_column(curves.x_column, x);
    for (const auto& [column, unused] : curves.columns) {
      if (column == curves.x_column) continue;
      Plot plot;
      plot.title = column;
      plot.x_label = labels.first;
      plot.y_label = labels.second.empty() ? column : labels.second;
      for (const auto& g : r.groups) {
        const CurveAcrossFiles& c = g.curves.at(table).at(column);
        const std::string prefix = single ? "" : g.name + ":";
        csv.add_column(prefix + column, c.mean);
        if (g.files.size() > 1) csv.add_column(prefix + column + "_std", c.std);
        PlotSeries series;
        series.label = g.name;
        series.x = x;
        series.y = c.mean;
        if (table == "cavity_volumes") series.markers = true, series.line = false;
        plot.series.push_back(series);
      }
      plot.save(dir + "/" + file_safe(table + "_" + column) + ".svg");
    }
    csv.save(dir + "/" + table + ".csv");
  }
}

void write_coordination(const StructureResults& r, const std::string& dir) {
  CsvTable coord({"group", "pair", "cutoff_A", "cutoff_automatic", "mean_CN", "mean_CN_std", "mean_bond_length_A",
                  "mean_bond_length_std_A", "fraction_CN_0", "fraction_CN_1", "fraction_CN_2", "fraction_CN_3",
                  "fraction_CN_4", "fraction_CN_5", "fraction_CN_6", "fraction_CN_7", "fraction_CN_8",
                  "fraction_CN_9_or_more"});
  for (const auto& g : r.groups)
    for (const auto& c : g.coordination) {
      std::vector<std::string> row = {g.name,
                                      c.pair.name(),
                                      fmt::format("{:.4f}", c.cutoff_A),
                                      c.cutoff_automatic ? "yes" : "no",
                                      fmt::format("{:.6f}", c.mean.mean),
                                      fmt::format("{:.6f}", c.mean.std),
                                      fmt::format("{:.6f}", c.mean_bond_length_A.mean),
                                      fmt::format("{:.6f}", c.mean_bond_length_A.std)};
      std::vector<double> fraction(10, 0.0);
      for (const auto& [cn, v] : by_text_key(c.distribution)) fraction[std::min(9, std::stoi(cn))] += v.mean;
      for (double f : fraction) row.push_back(fmt::format("{:.6f}", f));
      coord.add_text_row(row);
    }
  coord.save(dir + "/coordination.csv");
  for (std::size_t i = 0; i < r.coordination_pairs.size(); ++i) {
    const ElementPair& p = r.coordination_pairs[i];
    Plot plot;
    plot.title = p.name() + " coordination (r < " + fmt::format("{:.3f}", r.cutoffs.get(p)) + " Å)";
    plot.x_label = "coordination number";
    plot.y_label = "fraction of " + element_symbol(p.centre);
    for (const auto& g : r.groups) {
      PlotSeries s;
      s.label = g.name;
      s.markers = true;
      for (const auto& [cn, v] : by_text_key(g.coordination.at(i).distribution))
        s.x.push_back(std::stod(cn)), s.y.push_back(v.mean);
      plot.series.push_back(s);
    }
    plot.save(dir + "/coordination_distribution_" + file_safe(p.name()) + ".svg");
  }
}

// Qⁿ, bridging-anion speciation and polyhedron connectivity (with network formers only).
void write_network(const StructureResults& r, const std::string& dir) {
  const auto value_of = [](const std::map<int, MeanStd>& m, int n, bool deviation) {
    const auto it = m.find(n);
    return it == m.end() ? 0.0 : (deviation ? it->second.std : it->second.mean);
  };
  CsvTable qn({"group", "former", "Q0_fraction", "Q1_fraction", "Q2_fraction", "Q3_fraction", "Q4_fraction", "Q0_std",
               "Q1_std", "Q2_std", "Q3_std", "Q4_std"});
  for (int f : r.active_formers) {
    const std::string symbol = element_symbol(f);
    Plot plot;
    plot.title = "Qⁿ of " + symbol;
    plot.x_label = "n (bridging " + anion_symbol(r) + " per " + symbol + ")";
    plot.y_label = "fraction";
    for (const auto& g : r.groups) {
      const std::map<int, MeanStd>& q = g.qn.at(f);
      std::vector<std::string> row = {g.name, symbol};
      PlotSeries s;
      s.label = g.name;
      s.markers = true;
      for (int n = 0; n <= 4; ++n) {
        row.push_back(fmt::format("{:.6f}", value_of(q, n, false)));
        s.x.push_back(n), s.y.push_back(value_of(q, n, false));
      }
      for (int n = 0; n <= 4; ++n) row.push_back(fmt::format("{:.6f}", value_of(q, n, true)));
      qn.add_text_row(row);
      plot.series.push_back(s);
    }
    plot.save(dir + "/qn_" + symbol + ".svg");
  }
  qn.save(dir + "/qn.csv");
  if (r.bridging_anion) {
    CsvTable sp({"group", "free_fraction", "nonbridging_fraction", "bridging_fraction", "free_std", "nonbridging_std",
                 "bridging_std"});
    for (const auto& g : r.groups) {
      const auto& s = g.anion_speciation.value();
      sp.add_text_row({g.name, fmt::format("{:.6f}", s[0].mean), fmt::format("{:.6f}", s[1].mean),
                       fmt::format("{:.6f}", s[2].mean), fmt::format("{:.6f}", s[0].std),
                       fmt::format("{:.6f}", s[1].std), fmt::format("{:.6f}", s[2].std)});
    }
    sp.save(dir + "/oxygen_speciation.csv");
  }
  CsvTable sharing({"group", "pair", "corner_per_frame", "edge_per_frame", "face_per_frame", "corner_fraction",
                    "edge_fraction", "face_fraction"});
  for (const auto& g : r.groups) {
    std::map<std::string, SharingAcrossFiles> by_name;
    for (const auto& [pair, s] : g.polyhedron_sharing) by_name[pair.name()] = s;
    for (const auto& [pair, s] : by_name)
      sharing.add_text_row({g.name, pair, fmt::format("{:.4f}", s.corner_per_frame.mean),
                            fmt::format("{:.4f}", s.edge_per_frame.mean), fmt::format("{:.4f}", s.face_per_frame.mean),
                            fmt::format("{:.6f}", s.corner_fraction.mean), fmt::format("{:.6f}", s.edge_fraction.mean),
                            fmt::format("{:.6f}", s.face_fraction.mean)});
  }
  sharing.save(dir + "/connectivity.csv");
}

void write_rings(const StructureResults& r, const std::string& dir) {
  CsvTable rings({"group", "criterion", "ring_size_formers", "rings_per_frame", "rings_per_frame_std"});
  for (RingKind kind : r.ring_kinds) {
    Plot plot;
    plot.title = ring_kind_name(kind) + " rings";
    plot.x_label = "ring size (former atoms)";
    plot.y_label = "rings per frame";
    for (const auto& g : r.groups) {
      PlotSeries s;
      s.label = g.name;
      s.markers = true;
      for (const auto& [size, v] : by_text_key(g.rings_per_frame.at(kind))) {
        rings.add_text_row(
            {g.name, ring_kind_name(kind), size, fmt::format("{:.6f}", v.mean), fmt::format("{:.6f}", v.std)});
        s.x.push_back(std::stod(size)), s.y.push_back(v.mean);
      }
      plot.series.push_back(s);
    }
    plot.save(dir + "/rings_" + ring_kind_name(kind) + ".svg");
  }
  rings.save(dir + "/rings.csv");
}

void write_voids(const StructureResults& r, const std::string& dir) {
  CsvTable voids({"group", "free_volume_fraction", "free_volume_fraction_std", "cavities_per_frame",
                  "mean_cavity_volume_A3", "percolating_x_fraction", "percolating_y_fraction",
                  "percolating_z_fraction"});
  for (const auto& g : r.groups) {
    const VoidsAcrossFiles& v = g.voids.value();
    voids.add_text_row(
        {g.name, fmt::format("{:.6f}", v.free_volume_fraction.mean), fmt::format("{:.6f}", v.free_volume_fraction.std),
         fmt::format("{:.4f}", v.cavities_per_frame.mean), fmt::format("{:.4f}", v.mean_cavity_volume_A3.mean),
         fmt::format("{:.4f}", v.percolating_fraction[0].mean), fmt::format("{:.4f}", v.percolating_fraction[1].mean),
         fmt::format("{:.4f}", v.percolating_fraction[2].mean)});
  }
  voids.save(dir + "/voids.csv");
}

// The last frame's H1/H2 diagram of every file: persistence_<folder>_<stem>.csv.
void write_persistence_diagrams(const StructureResults& r, const std::string& dir) {
  for (const auto& g : r.groups)
    for (const auto& f : g.files) {
      if (!f.homology) continue;
      CsvTable diagram({"dimension", "birth_A2", "death_A2"});
      for (const auto& pair : f.homology->last_frame_diagram)
        diagram.add_row({static_cast<double>(pair.dimension), pair.birth_A2, pair.death_A2});
      const std::filesystem::path path(f.path);
      diagram.save(dir + "/persistence_" +
                   file_safe(path.parent_path().filename().string() + "_" + path.stem().string()) + ".csv");
    }
}

}  // namespace

json structure_json(const StructureResults& r) {
  json out;
  out["settings"] = {{"r_max_A", r.r_max_A},
                     {"dr_A", r.bin_width_A},
                     {"q_max_per_A", r.q_max_per_A},
                     {"formers", joined_symbols(r.formers)},
                     {"frames", r.frames.empty() ? ":" : r.frames},
                     {"bridging_anion", r.bridging_anion ? json(element_symbol(*r.bridging_anion)) : json()}};
  // cutoffs are named cation first
  for (const auto& p : r.cutoffs.pairs())
    out["cutoffs_A"][(is_anion(p.centre) && !is_anion(p.neighbor) ? p.reversed() : p).name()] = {
        {"value", r.cutoffs.get(p)}, {"automatic", r.cutoffs.is_automatic(p)}};
  for (const auto& g : r.groups) out["groups"][g.name] = group_json(g, r);
  return out;
}

void write_structure_report(const StructureResults& r, const std::string& directory) {
  std::filesystem::create_directories(directory);
  write_persistence_diagrams(r, directory);
  write_curves(r, directory);
  write_coordination(r, directory);
  if (!r.active_formers.empty()) write_network(r, directory);
  if (!r.ring_kinds.empty() && !r.active_formers.empty()) write_rings(r, directory);
  if (r.voids) write_voids(r, directory);
  write_file_atomically(directory + "/structure.json", structure_json(r).dump(2) + "\n");
}

void write_structure_summary(const StructureResults& r, std::ostream& out) {
  for (const auto& g : r.groups) {
    out << "group " << g.name << " (" << g.files.size() << " file(s))\n";
    out << fmt::format("  density (g/cm³)  {:.4f} ± {:.4f}\n", g.density_g_cm3.mean, g.density_g_cm3.std);
    for (const auto& c : g.coordination)
      out << fmt::format("  CN {:<6} {:.3f} ± {:.3f}  (r < {:.3f} Å{}), mean bond {:.4f} Å\n", c.pair.name(),
                         c.mean.mean, c.mean.std, c.cutoff_A, c.cutoff_automatic ? ", auto" : "",
                         c.mean_bond_length_A.mean);
    std::map<std::string, const std::map<int, MeanStd>*> qn_by_symbol;
    for (const auto& [former, q] : g.qn) qn_by_symbol[element_symbol(former)] = &q;
    for (const auto& [symbol, q] : qn_by_symbol) {
      out << "  Qⁿ " << symbol << " ";
      for (int n = 0; n <= 4; ++n) {
        const auto it = q->find(n);
        out << fmt::format(" Q{} {:.3f}", n, it == q->end() ? 0.0 : it->second.mean);
      }
      out << "\n";
    }
    if (g.anion_speciation) {
      const auto& s = *g.anion_speciation;
      out << fmt::format("  {:<16} free {:.3f}  non-bridging {:.3f}  bridging {:.3f}\n",
                         anion_symbol(r) + " speciation", s[0].mean, s[1].mean, s[2].mean);
    }
  }
  out << "(use --out DIR for the curves, tables and plots, --json for everything)\n";
}

}  // namespace ionglass
