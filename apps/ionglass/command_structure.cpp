// `ionglass structure FILE...`: structure analysis of glasses — partial RDFs, S(Q), G(r), T(r),
// D(r), coordination numbers, bond angles, Qⁿ, O speciation, polyhedron connectivity, rings,
// voids and persistent homology — per file, and per group of replicas (mean ± std across files).
// Parses the options into StructureSettings, calls analyze_structure and writes the report
// (analysis/structure/structure_workflow.hpp, report/structure_report.hpp).
#include <iostream>

#include "ionglass/analysis/structure/structure_workflow.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/report/structure_report.hpp"

namespace ionglass::cli {

namespace {

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

// FILE... as the group "all", or every --group NAME=FILE,FILE,...
std::vector<StructureFileGroup> parse_groups(const Options& o) {
  if (!o.groups.empty() && !o.files.empty())
    throw InputError("give the files either as arguments or with --group NAME=FILE,..., not both");
  std::vector<StructureFileGroup> groups;
  for (const auto& g : o.groups) {
    const auto eq = g.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 >= g.size())
      throw InputError("--group: '" + g + "' is not of the form NAME=FILE,FILE,...");
    groups.push_back({g.substr(0, eq), split_symbol_list(g.substr(eq + 1))});
  }
  if (groups.empty() && !o.files.empty()) groups.push_back({"all", o.files});
  return groups;
}

StructureSettings parse_settings(const Options& o) {
  StructureSettings s;
  s.groups = parse_groups(o);
  s.read = o.input.read_options();
  s.frames = o.frames;
  s.r_max_A = o.r_max;
  s.bin_width_A = o.dr;
  s.q_max_per_A = o.q_max;
  for (const auto& symbol : split_symbol_list(o.formers)) {
    const auto z = elements::find_symbol(symbol);
    if (!z) throw InputError("--formers: unknown element '" + symbol + "'");
    s.formers.push_back(*z);
  }
  s.formers_must_be_present = o.formers != "P";  // the default former may be absent
  if (!o.rings.empty()) s.ring_kinds = parse_ring_kinds(o.rings);
  s.max_ring_size = o.max_ring_size;
  if (!o.angles.empty()) s.extra_angles = parse_bond_angle_triplets(o.angles);
  if (o.cutoffs != "auto") {
    const PairCutoffs given = parse_pair_cutoffs(o.cutoffs);
    for (const auto& item : split_symbol_list(o.cutoffs)) {
      const ElementPair pair = parse_element_pair(item.substr(0, item.find('=')), "--cutoffs");
      s.cutoffs.push_back({pair, given.get(pair)});
    }
  }
  for (const auto& e : o.experiments) {
    if (e.rfind("sq=", 0) != 0 || e.size() <= 3) throw InputError("--experiment: expected sq=FILE, got '" + e + "'");
    s.experiment_sq_file = e.substr(3);
  }
  s.voids = o.voids;
  s.void_grid_A = o.grid;
  s.void_probe_A = o.probe;
  s.homology = o.homology;
  return s;
}

void run_structure(const Options& o) {
  const ExecutionContext context = command_context(o.threads, o.out);
  const StructureResults results = analyze_structure(parse_settings(o), context);
  if (!o.out.empty()) write_structure_report(results, o.out);
  if (o.json_output) write_json("-", structure_json(results));
  if (o.out.empty() && !o.json_output) write_structure_summary(results, std::cout);
}

}  // namespace

void register_structure(CLI::App& app) {
  auto* cmd = add_command(
      app, "structure",
      "Glass structure: RDFs, S(Q), G(r), coordination, angles, Qⁿ, connectivity, rings, voids, homology",
      "Units: r, cutoffs, grid, probe in Å; Q in Å⁻¹; angles in degrees; density in g/cm³; volumes in Å³;\n"
      "persistence births/deaths in Å² (squared alpha radii).\n"
      "Examples:\n"
      "  ionglass structure data/NaFePO4/glass/ACE/300K_1.dat --cutoffs P-O=2.0,Fe-O=2.7,Na-O=3.3 --json\n"
      "  ionglass structure --group ACE=a1.dat,a2.dat --group BMP=b1.dat,b2.dat --rings king,primitive --voids --out "
      "res\n"
      "See docs/structure-analysis.md.");
  auto opt = std::make_shared<Options>();
  cmd->add_option("files", opt->files, "Structure or trajectory files (one group 'all' unless --group is used)");
  opt->input.add_to(*cmd);
  cmd->add_option("--frames", opt->frames, "Frames START:STOP:STEP (Python slice, default all)");
  cmd->add_option(
         "--cutoffs", opt->cutoffs,
         "Bond cutoffs: 'auto' (first minimum of g after its first peak) or A-B=r,... in Å (pairs not given: auto)")
      ->capture_default_str();
  cmd->add_option("--rmax", opt->r_max, "RDF range r_max in Å (default: min(12, half the smallest cell width))");
  cmd->add_option("--dr", opt->dr, "RDF bin width in Å")->capture_default_str();
  cmd->add_option("--qmax", opt->q_max, "Largest Q of S(Q) in Å⁻¹")->capture_default_str();
  cmd->add_option("--formers", opt->formers, "Network formers for Qⁿ, O speciation and rings, e.g. P or P,Si")
      ->capture_default_str();
  cmd->add_option("--rings", opt->rings, "Ring statistics: any of king,guttman,primitive");
  cmd->add_option("--max-ring-size", opt->max_ring_size, "Largest ring (in former atoms) searched")
      ->capture_default_str();
  cmd->add_option("--angles", opt->angles, "Extra bond angles A-B-C (centre B), e.g. O-P-O,P-O-P");
  cmd->add_flag("--voids", opt->voids, "Void analysis (free volume, cavities, percolation)");
  cmd->add_option("--grid", opt->grid, "Void grid spacing in Å (≤ 0.2)")->capture_default_str();
  cmd->add_option("--probe", opt->probe, "Void probe radius in Å added to the covalent radii")->capture_default_str();
  cmd->add_flag("--homology", opt->homology, "Persistent homology (alpha complex, H1/H2 diagrams)");
  cmd->add_option("--group", opt->groups, "NAME=FILE,FILE,... (repeatable): replicas compared side by side");
  cmd->add_option("--experiment", opt->experiments, "sq=FILE: two columns Q (Å⁻¹), S(Q); adds R_chi vs the total S(Q)");
  add_output_option(*cmd, opt->out, "Directory for structure.json, CSV tables and SVG plots");
  add_json_flag(*cmd, opt->json_output, "Print structure.json to standard output");
  add_threads_option(*cmd, opt->threads);
  cmd->callback([opt] { run_structure(*opt); });
}

}  // namespace ionglass::cli
