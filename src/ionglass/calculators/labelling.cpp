#include "ionglass/calculators/labelling.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>

#include "ionglass/calculators/job_database.hpp"
#include "ionglass/calculators/structure_hash.hpp"
#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/durable_append.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "ionglass/io/extended_xyz_frame_bounds.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

namespace {

struct InputStructure {
  System system;
  std::string file;
  long long frame = 0;
  std::string hash;
};

struct FailureRow {
  std::string structure_hash, source_file, status, message;
  long long source_frame = 0;
  int attempts = 0;
};

std::string csv_field(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "\"";
}

PerAtomProperty force_property(const std::vector<Vec3>& forces) {
  PerAtomProperty p;
  p.kind = 'R';
  p.columns = 3;
  for (const Vec3& f : forces)
    for (int k = 0; k < 3; ++k) p.values.push_back(f[k]);
  return p;
}

double largest_force(const System& frame) {
  double largest = 0;
  const auto it = frame.properties.find("forces_eV_per_A");
  if (it == frame.properties.end()) return 0;
  const auto& v = it->second.values;
  for (std::size_t i = 0; i + 2 < v.size(); i += 3)
    largest = std::max(largest, std::sqrt(v[i] * v[i] + v[i + 1] * v[i + 1] + v[i + 2] * v[i + 2]));
  return largest;
}

const std::string filtered_marker = "filtered.txt";

// The text value of info key `key`, empty when the frame has none (or not as text).
std::string info_text(const System& frame, const char* key) {
  const auto it = frame.info.find(key);
  const auto* text = it == frame.info.end() ? nullptr : std::get_if<std::string>(&it->second);
  return text ? *text : std::string();
}

std::vector<System> read_database_frames(const std::string& path) {  // extended XYZ whatever its name
  std::vector<System> frames;
  auto reader = open_extended_xyz(path);
  System frame;
  while (reader->next(frame)) frames.push_back(frame);
  return frames;
}

}  // namespace

std::vector<System> label_frames(const System& structure, const CalculationResult& result,
                                 const std::string& calculator_name, const std::string& settings_hash,
                                 const std::string& source_file, long long source_frame) {
  std::vector<System> frames;
  auto add_keys = [&](System& frame, long long sample) {
    frame.info["label_calculator"] = calculator_name;
    frame.info["label_settings_hash"] = settings_hash;
    frame.info["label_status"] = status_name(result.status);
    if (!result.ok()) frame.info["label_message"] = result.message;
    frame.info["label_wall_time_s"] = result.wall_seconds;
    frame.info["structure_hash"] = structure_hash(structure);
    frame.info["source_file"] = source_file;
    frame.info["source_frame"] = source_frame;
    if (sample >= 0) frame.info["md_sample"] = sample;
  };
  if (result.frames.empty()) {
    System frame = structure;
    frame.properties.clear();
    frame.info.clear();
    frame.velocities.clear();
    frame.info["energy_eV"] = result.energy_eV;
    if (result.forces_eV_per_A.size() != structure.size())
      throw InputError(
          fmt::format("{}: {} forces for {} atoms", calculator_name, result.forces_eV_per_A.size(), structure.size()));
    frame.properties["forces_eV_per_A"] = force_property(result.forces_eV_per_A);
    if (result.pressure_tensor_bar) {
      std::vector<double> p;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) p.push_back((*result.pressure_tensor_bar)(i, j));
      frame.info["pressure_tensor_bar"] = p;
    }
    add_keys(frame, -1);
    frame.info["label_frames"] = 1LL;
    frames.push_back(std::move(frame));
    return frames;
  }
  long long sample = 0;
  for (System frame : result.frames) {  // molecular dynamics: every sampled frame is a labelled frame
    auto forces = frame.properties.find("forces");
    if (forces != frame.properties.end()) {
      frame.properties["forces_eV_per_A"] = forces->second;
      frame.properties.erase("forces");
    }
    add_keys(frame, sample++);
    frame.info["label_frames"] = static_cast<long long>(result.frames.size());
    frames.push_back(std::move(frame));
  }
  return frames;
}

nlohmann::json summary_json(const LabelSummary& s) {
  return {{"structures", s.structures},
          {"already_labelled", s.already_labelled},
          {"frames_stored", s.frames_stored},
          {"filtered", s.filtered},
          {"status_counts", s.status_counts},
          {"failures", s.failures},
          {"incomplete_frames_dropped", s.incomplete_frames_dropped},
          {"wall_time_s", s.wall_time_s},
          {"calculation_wall_time_s", s.calculation_wall_time_s},
          {"database", s.database_path},
          {"failures_file", s.failures_path},
          {"summary_file", s.summary_path},
          {"jobs_folder", s.jobs_folder}};
}

LabelSummary label_structures(const std::vector<std::string>& inputs, const Calculator& calculator, JobBackend& backend,
                              const LabelSettings& settings, const ExecutionContext& context) {
  const auto start = std::chrono::steady_clock::now();
  if (settings.database_path.empty()) throw InputError("label: no output database given");
  if (!(settings.max_force_eV_per_A > 0)) throw InputError("label: the force threshold must be > 0 eV/Å");
  if (settings.request.kind == CalculationRequest::Kind::molecular_dynamics &&
      !calculator.supports_molecular_dynamics())
    throw InputError(fmt::format("label: the {} calculator cannot run molecular dynamics", calculator.name()));
  const std::string settings_hash = label_settings_hash(calculator, settings.request);
  LabelSummary summary;
  summary.database_path = settings.database_path;
  summary.failures_path = settings.database_path + ".failures.csv";
  summary.summary_path = settings.database_path + ".summary.json";
  summary.jobs_folder = settings.database_path + ".jobs";

  // The database so far: what is labelled with these settings is not labelled again. It only
  // grows, one result's frames appended at a time; a kill during an append can leave that
  // result cut short at the end, and it is dropped here (its job is collected again).
  std::set<std::string> stored_hashes;
  if (fs::exists(settings.database_path) && !fs::is_empty(settings.database_path)) {  // empty: nothing labelled yet
    const ExtendedXyzFrameBounds bounds =
        extended_xyz_frame_bounds(read_file(settings.database_path, "label database"));
    std::size_t keep = bounds.starts.size();  // frames kept
    std::vector<System> frames;
    if (!bounds.malformed) {
      if (bounds.cut_short) truncate_file(settings.database_path, bounds.complete_length);
      if (bounds.complete_length > 0) frames = read_database_frames(settings.database_path);
      // The last result is whole if it has its label_frames frames (databases written before
      // that key existed were rewritten whole per result, so their last result is whole too).
      if (frames.size() == bounds.starts.size() && !frames.empty()) {
        const std::string last_hash = info_text(frames.back(), "structure_hash");
        std::size_t first = frames.size();
        while (first > 0 && info_text(frames[first - 1], "structure_hash") == last_hash) --first;
        const auto count = frames[first].info.find("label_frames");
        const auto* expected = count == frames[first].info.end() ? nullptr : std::get_if<long long>(&count->second);
        if (!last_hash.empty() && expected && static_cast<long long>(frames.size() - first) < *expected) keep = first;
      }
      summary.incomplete_frames_dropped = static_cast<long long>(frames.size() - keep) + (bounds.cut_short ? 1 : 0);
      if (keep < frames.size()) {
        truncate_file(settings.database_path, bounds.starts[keep]);
        frames.resize(keep);
      }
    } else {
      frames = read_database_frames(settings.database_path);  // reports the malformed line
    }
    for (const System& frame : frames) {
      const std::string hash = info_text(frame, "structure_hash");
      if (!hash.empty() && info_text(frame, "label_settings_hash") == settings_hash) stored_hashes.insert(hash);
    }
  }

  // The inputs; a file that cannot be read is a failure of its own, the others go on.
  std::vector<FailureRow> read_failures;
  std::vector<InputStructure> structures;
  for (const std::string& file : inputs) {
    long long frame_index = 0;
    try {
      auto reader = open_trajectory(file);
      System frame;
      while (reader->next(frame)) {
        InputStructure s{frame, file, frame_index++, structure_hash(frame)};
        structures.push_back(std::move(s));
      }
    } catch (const InputError& e) {
      read_failures.push_back({"", file, status_name(CalculationStatus::input_error), e.what(), frame_index, 0});
    }
  }
  summary.structures = static_cast<long long>(structures.size());

  // The job database: one job per structure not labelled yet.
  if (!settings.resume) fs::remove_all(summary.jobs_folder);
  JobDatabase database(summary.jobs_folder);
  const std::string run_file = (fs::path(summary.jobs_folder) / "run.txt").string();
  if (fs::exists(run_file)) {
    if (read_file(run_file) != settings_hash + "\n")
      throw InputError(run_file, 1, "this job database was made with other calculator settings; run without --resume");
  } else {
    write_file_atomically(run_file, settings_hash + "\n");
  }
  std::map<std::string, const InputStructure*> structure_by_id;
  std::set<std::string> input_hashes;
  for (std::size_t i = 0; i < structures.size(); ++i) {
    const InputStructure& s = structures[i];
    const std::string id = fmt::format("job_{:06d}", i);
    structure_by_id[id] = &s;
    if (JobRecord* existing = database.find(id)) {
      if (existing->structure_hash != s.hash)
        throw InputError(summary.jobs_folder, 0,
                         fmt::format("job {} was made for another structure ({} frame {}); run without --resume", id,
                                     existing->source_file, existing->source_frame));
      if (stored_hashes.count(s.hash) && existing->state != JobState::stored) {
        existing->state = JobState::stored;  // stored before a kill, but not marked so
        existing->final_status = status_name(CalculationStatus::ok);
        database.save(*existing);
      }
      input_hashes.insert(s.hash);
      continue;
    }
    if (stored_hashes.count(s.hash) || !input_hashes.insert(s.hash).second) {
      ++summary.already_labelled;  // in the database, or twice in the inputs
      continue;
    }
    JobRecord record;
    record.id = id;
    record.structure_hash = s.hash;
    record.source_file = s.file;
    record.source_frame = s.frame;
    database.add(std::move(record));
  }
  for (const JobRecord& job : database.jobs())
    if (!structure_by_id.count(job.id))
      throw InputError(summary.jobs_folder, 0,
                       fmt::format("job {} ({} frame {}) is not among the inputs; run without --resume", job.id,
                                   job.source_file, job.source_frame));

  auto on_result = [&](const JobRecord& job, const CalculationResult& result) {
    ++summary.status_counts[status_name(result.status)];
    summary.calculation_wall_time_s += result.wall_seconds;
    if (!result.ok()) return;  // the failures file is rebuilt from the job database below
    const InputStructure& s = *structure_by_id.at(job.id);
    std::vector<System> frames;
    try {
      frames = label_frames(s.system, result, calculator.name(), settings_hash, s.file, s.frame);
    } catch (const InputError& e) {
      write_file_atomically((fs::path(job.work_directory) / filtered_marker).string(),
                            std::string("bad_output\t") + e.what() + "\n");
      return;
    }
    for (const System& frame : frames) {
      const double largest = largest_force(frame);
      if (largest > settings.max_force_eV_per_A) {
        write_file_atomically(
            (fs::path(job.work_directory) / filtered_marker).string(),
            fmt::format("filtered\tmax |F| = {:.6g} eV/Å > {:.6g} eV/Å\n", largest, settings.max_force_eV_per_A));
        ++summary.filtered;
        return;
      }
    }
    if (stored_hashes.count(s.hash)) return;  // collected again after a kill: already there
    std::string text;
    for (const System& frame : frames) format_extended_xyz_frame(text, frame);
    append_to_file_durably(settings.database_path, text);  // a kill may cut it short: see the start
    stored_hashes.insert(s.hash);
    summary.frames_stored += static_cast<long long>(frames.size());
  };
  JobRunner runner(calculator, backend, database, settings.runner, settings.request);
  runner.run([&](const JobRecord& job) -> const System& { return structure_by_id.at(job.id)->system; }, on_result,
             context);
  if (!fs::exists(settings.database_path)) write_file_atomically(settings.database_path, "");

  // The failures file: unreadable inputs, failed jobs, filtered frames.
  std::vector<FailureRow> rows = read_failures;
  for (const JobRecord& job : database.jobs()) {
    const std::string marker = (fs::path(job.work_directory) / filtered_marker).string();
    if (job.final_status != status_name(CalculationStatus::ok)) {
      rows.push_back(
          {job.structure_hash, job.source_file, job.final_status, job.message, job.source_frame, job.attempt});
    } else if (fs::exists(marker)) {
      std::string text = read_file(marker);
      const auto tab = text.find('\t');
      while (!text.empty() && text.back() == '\n') text.pop_back();
      rows.push_back({job.structure_hash, job.source_file, text.substr(0, tab), text.substr(tab + 1), job.source_frame,
                      job.attempt});
    }
  }
  std::string csv = "structure_hash,source_file,source_frame,status,attempts,message\n";
  for (const FailureRow& r : rows)
    csv += fmt::format("{},{},{},{},{},{}\n", r.structure_hash, csv_field(r.source_file), r.source_frame, r.status,
                       r.attempts, csv_field(r.message));
  write_file_atomically(summary.failures_path, csv);
  summary.failures = static_cast<long long>(rows.size());
  summary.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_file_atomically(summary.summary_path, summary_json(summary).dump(2) + "\n");
  return summary;
}

}  // namespace ionglass::calculators
