#include "ionglass/lammps/log_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "ionglass/core/error.hpp"
#include "ionglass/core/split_words.hpp"

namespace ionglass {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool parse_number(const std::string& token, double& value) {
  const char* begin = token.c_str();
  char* end = nullptr;
  value = std::strtod(begin, &end);
  return end != begin && *end == '\0';
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

int LammpsThermoBlock::column(std::initializer_list<const char*> names) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string c = lower(columns[i]);
    for (const char* n : names)
      if (c == lower(n)) return static_cast<int>(i);
  }
  return -1;
}

LammpsLogReader::LammpsLogReader(std::string path) : path_(std::move(path)) {}

bool LammpsLogReader::poll() {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path_, ec);
  if (ec) return false;
  if (size < offset_) {  // rewritten: start over
    *this = LammpsLogReader(path_);
  }
  if (size == offset_) return false;
  std::ifstream in(path_, std::ios::binary);
  if (!in) return false;
  in.seekg(static_cast<std::streamoff>(offset_));
  std::string chunk(static_cast<std::size_t>(size - offset_), '\0');
  in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  chunk.resize(static_cast<std::size_t>(in.gcount()));
  offset_ += chunk.size();
  partial_ += chunk;
  bool any = false;
  std::size_t start = 0;
  for (std::size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = partial_.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    process_line(line);
    any = true;
  }
  partial_.erase(0, start);
  return any;
}

void LammpsLogReader::process_line(const std::string& line) {
  ++lines_;
  recent_.push_back(line);
  if (recent_.size() > 200) recent_.pop_front();
  if (starts_with(line, "ERROR")) errors_.push_back(line);
  if (starts_with(line, "Total wall time")) completed_ = true;
  const auto tokens = split_words(line);
  if (tokens.empty()) return;
  if (tokens[0] == "Step") {  // thermo header (thermo_style custom with step first)
    LammpsThermoBlock b;
    b.columns = tokens;
    blocks_.push_back(std::move(b));
    in_block_ = true;
    return;
  }
  if (!in_block_) return;
  if (starts_with(line, "Loop time of")) {
    blocks_.back().finished = true;
    in_block_ = false;
    return;
  }
  auto& block = blocks_.back();
  if (tokens.size() != block.columns.size()) return;  // WARNING lines and the like inside a block
  std::vector<double> row(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (!parse_number(tokens[i], row[i])) return;
  last_step_ = static_cast<long long>(std::llround(row[0]));
  block.rows.push_back(std::move(row));
}

std::vector<std::string> LammpsLogReader::tail(std::size_t n) const {
  const std::size_t k = std::min(n, recent_.size());
  return std::vector<std::string>(recent_.end() - static_cast<std::ptrdiff_t>(k), recent_.end());
}

LammpsLogReader read_lammps_log(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path, 0, "no such LAMMPS log file");
  LammpsLogReader reader(path);
  reader.poll();
  return reader;
}

std::string lammps_thermo_csv_header(bool with_gamma) {
  return std::string(
             "step,time_ps,stage,temperature_K,target_temperature_K,potential_energy_eV,kinetic_energy_eV,"
             "total_energy_eV,conserved_energy_eV,pressure_bar,volume_A3,density_g_cm3") +
         (with_gamma ? ",max_extrapolation_grade" : "") + "\n";
}

std::string lammps_thermo_csv(const std::vector<LammpsThermoBlock>& blocks, const LammpsStageManifest* manifest,
                              const std::string& source, std::size_t* rows_written) {
  bool with_gamma = false;
  for (const auto& b : blocks)
    if (b.column({"c_max_pace_gamma"}) >= 0) with_gamma = true;
  std::string out = lammps_thermo_csv_header(with_gamma);
  std::size_t count = 0;
  // Stage of each block (a minimisation prints two blocks: the minimiser's and a `run 0`).
  std::vector<int> stage_of_block, block_in_stage;
  if (manifest) {
    if (manifest->start_block) {
      stage_of_block.push_back(-1);
      block_in_stage.push_back(0);
    }
    for (std::size_t s = 0; s < manifest->stages.size(); ++s)
      for (int j = 0; j < manifest->stages[s].thermo_blocks(); ++j) {
        stage_of_block.push_back(static_cast<int>(s));
        block_in_stage.push_back(j);
      }
    if (blocks.size() > stage_of_block.size())
      throw InputError(source, 0,
                       fmt::format("the log has {} thermo blocks but the deck's {} stages print {} (was the deck edited?)",
                                   blocks.size(), manifest->stages.size(), stage_of_block.size()));
  }
  long long previous_step = -1;
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    const auto& b = blocks[k];
    const std::size_t stage_number = manifest ? static_cast<std::size_t>(stage_of_block[k] + 1) : k + 1;
    struct Col {
      int index;
      const char* what;
    };
    const int c_step = b.column({"Step"}), c_time = b.column({"Time"}), c_temp = b.column({"Temp"}),
              c_pe = b.column({"PotEng", "pe"}), c_ke = b.column({"KinEng", "ke"}), c_etotal = b.column({"TotEng", "etotal"}),
              c_econserve = b.column({"Econserve"}), c_press = b.column({"Press"}), c_vol = b.column({"Volume", "vol"}),
              c_density = b.column({"Density"}), c_gamma = b.column({"c_max_pace_gamma"});
    for (const Col& c : {Col{c_temp, "temp"}, Col{c_pe, "pe"}, Col{c_ke, "ke"}, Col{c_press, "press"}, Col{c_vol, "vol"},
                         Col{c_density, "density"}})
      if (c.index < 0)
        throw InputError(source, 0,
                         fmt::format("thermo block {} has no '{}' column (thermo_style custom step time temp pe ke etotal "
                                     "econserve press vol density)",
                                     k + 1, c.what));
    if (!manifest && c_time < 0)
      throw InputError(source, 0, fmt::format("thermo block {} has no 'time' column", k + 1));
    if (manifest && stage_of_block[k] < 0) {  // the starting state (`run 0` before stage 1)
      if (!b.rows.empty()) {
        const auto& row = b.rows.back();
        const int c_pe0 = b.column({"PotEng", "pe"}), c_ke0 = b.column({"KinEng", "ke"});
        if (c_pe0 < 0 || c_ke0 < 0) throw InputError(source, 0, "the first thermo block has no pe/ke columns");
        previous_step = static_cast<long long>(std::llround(row[0]));
      }
    }
    const LammpsStageRecord* stage =
        manifest && stage_of_block[k] >= 0 ? &manifest->stages[stage_number - 1] : nullptr;

    auto emit = [&](const std::vector<double>& row, std::size_t stage_number, long long step, double time, bool target_known,
                    double target, bool conserved_known) {
      const double pe = row[c_pe], ke = row[c_ke];
      const double total = c_etotal >= 0 ? row[c_etotal] : pe + ke;
      std::string conserved;
      if (conserved_known) conserved = fmt::format("{:.10g}", c_econserve >= 0 ? row[c_econserve] : total);
      out += fmt::format("{},{:.10g},{},{:.8g},{},{:.12g},{:.12g},{:.12g},{},{:.8g},{:.10g},{:.8g}", step, time, stage_number,
                         row[c_temp], target_known ? fmt::format("{:.10g}", target) : std::string(), pe, ke, total,
                         conserved, row[c_press], row[c_vol], row[c_density]);
      if (with_gamma) out += c_gamma >= 0 ? fmt::format(",{:.8g}", row[c_gamma]) : std::string(",");
      out += "\n";
      ++count;
    };

    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      const auto& row = b.rows[r];
      const long long lammps_step = static_cast<long long>(std::llround(row[c_step >= 0 ? c_step : 0]));
      if (manifest && manifest->start_block && k == 0) {  // the starting state
        if (r + 1 == b.rows.size()) emit(row, 0, lammps_step, 0.0, false, 0, true);
        continue;
      }
      if (k == 0 && r == 0) {  // the starting state (deck without a start block)
        emit(row, 0, stage ? stage->first_step : lammps_step, stage ? stage->start_time_ps : row[c_time], false, 0, true);
        previous_step = lammps_step;
        if (!stage || !stage->is_minimization()) continue;
      }
      if (!stage) {
        if (r == 0 && lammps_step == previous_step) continue;
        emit(row, stage_number, lammps_step, row[c_time], false, 0, true);
        previous_step = lammps_step;
        continue;
      }
      if (stage->is_minimization()) {
        // ionglass reports the minimised state only: the `run 0` block after the minimiser.
        if (block_in_stage[k] == 1 && r + 1 == b.rows.size())
          emit(row, stage_number, stage->first_step, stage->start_time_ps, false, 0, false);
        continue;
      }
      if (r == 0) continue;  // repeats the previous stage's last state
      const long long k_in_stage = lammps_step - stage->first_step;
      const double time = stage->start_time_ps + static_cast<double>(k_in_stage) * stage->timestep_ps;
      emit(row, stage_number, lammps_step, time, stage->has_target_temperature(), stage->temperature_at(k_in_stage), true);
    }
  }
  if (rows_written) *rows_written = count;
  return out;
}

}  // namespace ionglass
