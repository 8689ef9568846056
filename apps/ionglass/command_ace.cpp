// `ionglass ace ...`: ACE B-basis tools — conversion to the C-tilde form, per-atom projections,
// active sets (MaxVol), extrapolation grades and D-optimal selection of new training structures.
// See docs/ace-active-learning.md.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/projections.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass::cli {

namespace {

using namespace ionglass::ace;

/// Where a structure of the stream came from.
struct StructureOrigin {
  std::string file;
  std::size_t frame = 0;
  std::size_t atoms = 0;
};

/// Streams every frame of every file, numbering structures consecutively; records their origin.
class FileStream {
public:
  FileStream(std::vector<std::string> files, ReadOptions options, std::string label)
      : files_(std::move(files)), options_(std::move(options)), label_(std::move(label)) {}
  void operator()(const std::function<void(const System&, std::size_t)>& visit) {
    const bool first = origins_.empty();
    Progress progress(label_, first ? static_cast<long long>(files_.size()) : static_cast<long long>(origins_.size()));
    std::size_t index = 0;
    for (const auto& file : files_) {
      auto reader = open_trajectory(file, options_);
      System frame;
      for (std::size_t k = 0; reader->next(frame); ++k) {
        if (first) origins_.push_back({file, k, frame.size()});
        visit(frame, index++);
        if (!first) progress.advance();
      }
      if (first) progress.advance();
    }
    progress.finish();
  }
  StructureStream stream() {
    return [this](const std::function<void(const System&, std::size_t)>& visit) { (*this)(visit); };
  }
  const std::vector<StructureOrigin>& origins() const { return origins_; }
  void set_label(std::string label) { label_ = std::move(label); }

private:
  std::vector<std::string> files_;
  ReadOptions options_;
  std::string label_;
  std::vector<StructureOrigin> origins_;
};

std::string number(double v) { return fmt::format("{:.17g}", v); }

void add_gamma_column(System& s, const std::vector<double>& gamma) {
  PerAtomProperty p;
  p.kind = 'R';
  p.columns = 1;
  p.values = gamma;
  s.properties["gamma"] = std::move(p);
  s.info["max_gamma"] = gamma.empty() ? 0.0 : *std::max_element(gamma.begin(), gamma.end());
}

void register_ace_convert(CLI::App& ace) {
  auto* cmd = ace.add_subcommand("convert", "Convert a B-basis potential (.yaml) to the C-tilde form (.yace)");
  cmd->footer(
      "The .yace holds the same potential in the form LAMMPS pair_style pace and `ionglass` evaluate.\n"
      "Example:\n  ionglass ace convert data/NaFePO4/potential/NaFePO4.yaml NaFePO4.yace");
  struct Options {
    std::string input, output;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("potential", opt->input, "B-basis potential (.yaml)")->required();
  cmd->add_option("output", opt->output, "C-tilde potential to write (.yace)")->required();
  cmd->add_flag("--json", opt->json, "Print a JSON summary");
  cmd->callback([opt] {
    const BBasisPotential b = read_b_basis(opt->input);
    const AceCTildeBasis c = convert_to_ctilde(b);
    write_yace(opt->output, c);
    nlohmann::json j;
    j["input"] = opt->input;
    j["output"] = opt->output;
    j["elements"] = c.elements;
    for (std::size_t mu = 0; mu < c.elements.size(); ++mu) {
      std::size_t combs = 0;
      for (const auto& f : c.functions[mu]) combs += static_cast<std::size_t>(f.num_ms_combs);
      j["functions"][c.elements[mu]] = {{"b_functions", b.function_count(static_cast<int>(mu))},
                                        {"ctilde_functions", c.functions[mu].size()},
                                        {"ms_combinations", combs}};
    }
    if (opt->json) {
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << fmt::format("wrote {} ({} elements)\n", opt->output, c.elements.size());
      for (auto& [el, v] : j["functions"].items())
        std::cout << fmt::format("  {:<3} {} B-functions → {} C-tilde functions, {} ms-combinations\n", el,
                                 v["b_functions"].get<std::size_t>(), v["ctilde_functions"].get<std::size_t>(),
                                 v["ms_combinations"].get<std::size_t>());
    }
  });
}

void register_ace_projections(CLI::App& ace) {
  auto* cmd = ace.add_subcommand("projections", "Per-atom B-basis projections (descriptor vectors) of structures");
  cmd->footer(
      "Output CSV columns: structure_index, atom_index, element, b0, b1, ... (B-function values, dimensionless,\n"
      "rank 1 first, in the order of pacemaker's compute_projections). Frames of all inputs are numbered\n"
      "consecutively from 0.\nExample:\n"
      "  ionglass ace projections --potential data/NaFePO4/potential/NaFePO4.yaml dft.extxyz --out proj.csv");
  struct Options {
    std::string potential, out;
    std::vector<std::string> files;
    StructureInputOptions input;
    int threads = 0;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("--potential", opt->potential, "B-basis potential (.yaml)")->required();
  cmd->add_option("structures", opt->files, "Structure/trajectory files")->required();
  cmd->add_option("--out", opt->out, "CSV file to write")->required();
  cmd->add_option("--threads", opt->threads, "OpenMP threads (default: all)");
  opt->input.add_to(*cmd);
  cmd->callback([opt] {
    set_threads(opt->threads);
    const BProjector projector(read_b_basis(opt->potential));
    const auto& pot = projector.potential();
    std::size_t width = 0;
    for (std::size_t mu = 0; mu < pot.elements.size(); ++mu) width = std::max(width, pot.function_count(static_cast<int>(mu)));
    std::string csv = "structure_index,atom_index,element";
    for (std::size_t k = 0; k < width; ++k) csv += ",b" + std::to_string(k);
    csv += "\n";
    FileStream files(opt->files, opt->input.read_options(), "projections");
    files([&](const System& s, std::size_t index) {
      const AtomProjections p = projector.compute(s);
      for (std::size_t i = 0; i < p.size(); ++i) {
        csv += fmt::format("{},{},{}", index, i, pot.elements[p.species[i]]);
        const auto row = p.row(i);
        for (double v : row) csv += "," + number(v);
        for (std::size_t k = row.size(); k < width; ++k) csv += ",";
        csv += "\n";
      }
    });
    write_file_atomically(opt->out, csv);
    std::size_t atoms = 0;
    for (const auto& o : files.origins()) atoms += o.atoms;
    std::cerr << fmt::format("wrote {}: {} atoms of {} structures\n", opt->out, atoms, files.origins().size());
  });
}

void register_ace_activeset(CLI::App& ace) {
  auto* cmd = ace.add_subcommand("activeset", "Build the ACE active set (MaxVol, D-optimality) of training data → .asi");
  cmd->footer(
      "Per element, MaxVol picks the m environments (m = number of B-functions) whose projections span\n"
      "the largest volume; the .asi stores the inverse of that m×m matrix per element (NumPy .npz, the\n"
      "format of pacemaker and LAMMPS pair_style pace/extrapolation). Data are streamed: a cumulative\n"
      "pass in batches, then refinement passes until every environment has γ ≤ tolerance.\n"
      "Example:\n  ionglass ace activeset data/NaFePO4/potential/NaFePO4.yaml data/NaFePO4/dft/dft_dev.extxyz "
      "--out NaFePO4.asi");
  struct Options {
    std::string potential, out, report;
    std::vector<std::string> files;
    StructureInputOptions input;
    ActiveSetOptions active;
    int threads = 0;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("potential", opt->potential, "B-basis potential (.yaml)")->required();
  cmd->add_option("data", opt->files, "Training structures (extxyz, ...)")->required();
  cmd->add_option("--out", opt->out, "Active-set file to write (.asi)")->required();
  cmd->add_option("--tolerance", opt->active.tolerance, "MaxVol tolerance on |c| (dimensionless, > 1)")->capture_default_str();
  cmd->add_option("--max-iterations", opt->active.max_iterations, "Row swaps per MaxVol run")->capture_default_str();
  cmd->add_option("--batch-size", opt->active.batch_size, "Environments per element held in memory per MaxVol merge")
      ->capture_default_str();
  cmd->add_option("--refinement-passes", opt->active.refinement_passes,
                  "Passes merging environments still above the tolerance")
      ->capture_default_str();
  cmd->add_option("--json", opt->report, "Write a JSON report to this file ('-' = standard output)");
  cmd->add_option("--threads", opt->threads, "OpenMP threads (default: all)");
  opt->input.add_to(*cmd);
  cmd->callback([opt] {
    set_threads(opt->threads);
    if (!(opt->active.tolerance > 1.0)) throw InputError("--tolerance must be > 1");
    if (opt->active.max_iterations < 1) throw InputError("--max-iterations must be positive");
    if (opt->active.batch_size < 1) throw InputError("--batch-size must be positive");
    const BProjector projector(read_b_basis(opt->potential));
    FileStream files(opt->files, opt->input.read_options(), "active set");
    std::vector<ActiveSetElementReport> report;
    ActiveSet set;
    try {
      set = build_active_set(projector, files.stream(), opt->active, &report);
    } catch (const ComputationError& e) {
      throw InputError(e.what());
    }
    write_active_set(opt->out, set);
    nlohmann::json j;
    j["potential"] = opt->potential;
    j["active_set"] = opt->out;
    j["tolerance"] = opt->active.tolerance;
    j["structures"] = files.origins().size();
    for (const auto& r : report) {
      nlohmann::json ids = nlohmann::json::array();
      for (auto id : r.active_ids)
        ids.push_back({{"structure_index", id >> 32}, {"atom_index", id & 0xffffffff}});
      j["elements"][r.element] = {{"environments", r.environments},   {"functions", r.functions},
                                  {"maxvol_swaps", r.iterations},       {"passes", r.passes},
                                  {"constant_columns", r.constant_columns},
                                  {"max_training_gamma", r.max_training_gamma}, {"active_environments", ids}};
    }
    if (!opt->report.empty()) write_json(opt->report, j);
    if (opt->report != "-") {
      std::cout << fmt::format("wrote {} from {} structures\n", opt->out, files.origins().size());
      std::cout << "element  environments  functions  swaps  passes  max_training_gamma\n";
      for (const auto& r : report)
        std::cout << fmt::format("{:<7}  {:>12}  {:>9}  {:>5}  {:>6}  {:.6f}\n", r.element, r.environments, r.functions,
                                 r.iterations, r.passes, r.max_training_gamma);
    }
  });
}

void register_ace_gamma(CLI::App& ace) {
  auto* cmd = ace.add_subcommand("gamma", "Per-atom extrapolation grade γ of structures against an active set");
  cmd->footer(
      "γ = max_k |(b · A_AS⁻¹)_k| (dimensionless): ≤ 1 interpolation, > 1 extrapolation (pacemaker's default\n"
      "thresholds for MD: write frames above 5, stop above 25). --out writes all frames as extxyz with a\n"
      "per-atom column `gamma` and the frame value `max_gamma`.\nExample:\n"
      "  ionglass ace gamma --potential NaFePO4.yaml --activeset NaFePO4.asi md.dump --types Fe,Na,O,P --json");
  struct Options {
    std::string potential, activeset, out;
    std::vector<std::string> files;
    StructureInputOptions input;
    bool json = false;
    int threads = 0;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("--potential", opt->potential, "B-basis potential (.yaml)")->required();
  cmd->add_option("--activeset", opt->activeset, "Active set (.asi)")->required();
  cmd->add_option("structures", opt->files, "Structure/trajectory files")->required();
  cmd->add_option("--out", opt->out, "Write the frames with the per-atom column `gamma` to this extxyz file");
  cmd->add_flag("--json", opt->json, "Print per-structure results as JSON");
  cmd->add_option("--threads", opt->threads, "OpenMP threads (default: all)");
  opt->input.add_to(*cmd);
  cmd->callback([opt] {
    set_threads(opt->threads);
    const BProjector projector(read_b_basis(opt->potential));
    const ActiveSet set = read_active_set(opt->activeset, projector.potential());
    std::unique_ptr<TrajectoryWriter> writer;
    if (!opt->out.empty()) writer = create_trajectory_writer(opt->out, {"extxyz"});
    FileStream files(opt->files, opt->input.read_options(), "gamma");
    nlohmann::json results = nlohmann::json::array();
    files([&](const System& s, std::size_t index) {
      const AtomProjections p = projector.compute(s);
      const auto gamma = extrapolation_grades(p, set);
      std::size_t worst = 0;
      for (std::size_t i = 1; i < gamma.size(); ++i)
        if (gamma[i] > gamma[worst]) worst = i;
      nlohmann::json r;
      r["structure_index"] = index;
      r["file"] = files.origins()[index].file;
      r["frame"] = files.origins()[index].frame;
      r["natoms"] = s.size();
      r["max_gamma"] = gamma.empty() ? 0.0 : gamma[worst];
      r["max_gamma_atom_index"] = worst;
      r["extrapolating_atoms"] = std::count_if(gamma.begin(), gamma.end(), [](double g) { return g > 1.0; });
      nlohmann::json per_element = nlohmann::json::object();
      for (std::size_t i = 0; i < gamma.size(); ++i) {
        const std::string& el = projector.potential().elements[p.species[i]];
        per_element[el] = std::max(per_element.value(el, 0.0), gamma[i]);
      }
      r["max_gamma_by_element"] = per_element;
      results.push_back(r);
      if (writer) {
        System copy = s;
        add_gamma_column(copy, gamma);
        writer->write(copy);
      }
    });
    if (writer) writer->close();
    if (opt->json) {
      std::cout << results.dump(2) << "\n";
    } else {
      std::cout << "structure  file                             frame  atoms  max_gamma  atoms_gamma>1\n";
      for (const auto& r : results)
        std::cout << fmt::format("{:>9}  {:<31}  {:>5}  {:>5}  {:>9.4f}  {:>13}\n", r["structure_index"].get<std::size_t>(),
                                 r["file"].get<std::string>(), r["frame"].get<std::size_t>(), r["natoms"].get<std::size_t>(),
                                 r["max_gamma"].get<double>(), r["extrapolating_atoms"].get<long>());
    }
  });
}

void register_ace_select(CLI::App& ace) {
  auto* cmd = ace.add_subcommand("select", "D-optimal selection of candidate structures for new DFT calculations");
  cmd->footer(
      "The candidates' projections are stacked onto the active set and MaxVol is run per element; structures\n"
      "are ranked by how many of their environments enter the set (pacemaker's pace_select). The selected\n"
      "frames are written to --out (extxyz, with per-atom `gamma`, `max_gamma` and `selected_environments`).\n"
      "Example:\n  ionglass ace select --potential NaFePO4.yaml --activeset NaFePO4.asi extrapolative.extxyz --max 20 "
      "--out to_dft.extxyz");
  struct Options {
    std::string potential, activeset, out, json;
    std::vector<std::string> files;
    std::size_t max = 0;
    StructureInputOptions input;
    ActiveSetOptions active;
    int threads = 0;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("--potential", opt->potential, "B-basis potential (.yaml)")->required();
  cmd->add_option("--activeset", opt->activeset, "Active set of the current training data (.asi)")->required();
  cmd->add_option("candidates", opt->files, "Candidate structures/trajectories")->required();
  cmd->add_option("--max", opt->max, "Select at most this many structures")->required();
  cmd->add_option("--out", opt->out, "extxyz file for the selected structures")->required();
  cmd->add_option("--tolerance", opt->active.tolerance, "MaxVol tolerance (> 1)")->capture_default_str();
  cmd->add_option("--batch-size", opt->active.batch_size, "Environments per element per MaxVol merge")->capture_default_str();
  cmd->add_option("--json", opt->json, "Write the selection as JSON to this file ('-' = standard output)");
  cmd->add_option("--threads", opt->threads, "OpenMP threads (default: all)");
  opt->input.add_to(*cmd);
  cmd->callback([opt] {
    set_threads(opt->threads);
    if (opt->max < 1) throw InputError("--max must be at least 1");
    if (!(opt->active.tolerance > 1.0)) throw InputError("--tolerance must be > 1");
    const BProjector projector(read_b_basis(opt->potential));
    const ActiveSet set = read_active_set(opt->activeset, projector.potential());
    FileStream files(opt->files, opt->input.read_options(), "select");
    std::vector<SelectedStructure> selected;
    try {
      selected = select_structures(projector, files.stream(), &set, opt->max, opt->active);
    } catch (const ComputationError& e) {
      throw InputError(e.what());
    }
    std::map<std::size_t, std::size_t> rank_of;
    for (std::size_t k = 0; k < selected.size(); ++k) rank_of[selected[k].index] = k;
    std::vector<System> chosen(selected.size());
    files.set_label("writing selection");
    files([&](const System& s, std::size_t index) {
      const auto it = rank_of.find(index);
      if (it == rank_of.end()) return;
      System copy = s;
      add_gamma_column(copy, extrapolation_grades(projector.compute(s), set));
      copy.info["selected_environments"] = static_cast<long long>(selected[it->second].new_rows);
      chosen[it->second] = std::move(copy);
    });
    auto writer = create_trajectory_writer(opt->out, {"extxyz"});
    for (const auto& s : chosen) writer->write(s);
    writer->close();
    nlohmann::json j = nlohmann::json::array();
    for (const auto& s : selected)
      j.push_back({{"structure_index", s.index},
                   {"file", files.origins()[s.index].file},
                   {"frame", files.origins()[s.index].frame},
                   {"selected_environments", s.new_rows},
                   {"max_gamma", s.max_gamma}});
    if (!opt->json.empty()) write_json(opt->json, j);
    if (opt->json != "-") {
      std::cout << fmt::format("selected {} of {} candidate structures → {}\n", selected.size(), files.origins().size(),
                               opt->out);
      std::cout << "rank  structure  file                             frame  new_environments  max_gamma\n";
      for (std::size_t k = 0; k < selected.size(); ++k)
        std::cout << fmt::format("{:>4}  {:>9}  {:<31}  {:>5}  {:>16}  {:>9.4f}\n", k + 1, selected[k].index,
                                 files.origins()[selected[k].index].file, files.origins()[selected[k].index].frame,
                                 selected[k].new_rows, selected[k].max_gamma);
    }
  });
}

}  // namespace

void register_ace(CLI::App& app) {
  auto* ace = app.add_subcommand("ace", "ACE B-basis tools: convert, projections, activeset, gamma, select");
  ace->require_subcommand(1);
  ace->footer("See docs/ace-active-learning.md.\nExample:\n  ionglass ace activeset POT.yaml train.extxyz --out POT.asi");
  register_ace_convert(*ace);
  register_ace_projections(*ace);
  register_ace_activeset(*ace);
  register_ace_gamma(*ace);
  register_ace_select(*ace);
}

}  // namespace ionglass::cli
