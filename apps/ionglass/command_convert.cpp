// `ionglass convert IN OUT`: converts structures and trajectories between file formats.
#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass::cli {

void register_convert(CLI::App& app) {
  auto* cmd = add_command(
      app, "convert",
      "Convert structures and trajectories between LAMMPS data/dump, extended XYZ, POSCAR, XDATCAR (and from OUTCAR)",
      "Formats come from the file names (*.data/*.dat/*.lmp, *.dump/*.lammpstrj[.gz], *.xyz/*.extxyz, "
      "POSCAR*/CONTCAR*/*.vasp,\n"
      "XDATCAR*, OUTCAR*) or from --format/--out-format. Units stay LAMMPS metal (Å, Å/ps, eV/Å, e); VASP velocities "
      "are\n"
      "converted from Å/fs. Single-frame formats (LAMMPS data, POSCAR) need one selected frame. General triclinic "
      "cells\n"
      "are rotated into LAMMPS form (a ∥ x, b in the xy plane) when LAMMPS files are written; positions, velocities "
      "and\n"
      "forces rotate with them. The output file appears only when the whole conversion succeeded.\n"
      "Examples:\n"
      "  ionglass convert data/NaFePO4/glass/ACE/300K_1.dat glass.extxyz\n"
      "  ionglass convert traj.dump.gz last.data --types Fe,Na,O,P --frames 99\n"
      "  ionglass convert XDATCAR md.extxyz --frames 0::10\n"
      "  ionglass convert OUTCAR relax.extxyz --json");
  struct Options {
    std::string input, output, out_format, frames, atom_style;
    StructureInputOptions read;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("input", opt->input, "Input file (gzip-compressed files are read transparently)")->required();
  cmd->add_option("output", opt->output, "Output file")->required();
  opt->read.add_to(*cmd);
  cmd->add_option("--out-format", opt->out_format,
                  "Output format: lammps-data, lammps-dump, extxyz, poscar, xdatcar (default: from the name)");
  cmd->add_option(
      "--frames", opt->frames,
      "Frames START:STOP:STEP (0-based, STOP exclusive, like Python slices; a single number picks one frame)");
  cmd->add_option("--atom-style", opt->atom_style,
                  "LAMMPS data output: atomic, charge or full (default: charge if charges exist)");
  add_json_flag(*cmd, opt->json, "Print a JSON summary (files, formats, frames, atoms)");
  cmd->callback([opt] {
    const ReadOptions read = opt->read.read_options();
    const FrameSelection selection = parse_frame_selection(opt->frames);
    const FileFormat in_format = read.format.empty() ? detect_format(opt->input) : parse_format_name(read.format);
    WriteOptions write;
    write.format = opt->out_format;
    write.atom_style = opt->atom_style;
    FileFormat out_format;
    if (!write.format.empty()) {
      out_format = parse_format_name(write.format);
    } else {
      try {
        out_format = detect_format(opt->output);
      } catch (const InputError&) {
        throw InputError(opt->output, 0, "cannot tell the output format from the name; give it with --out-format");
      }
      write.format = format_name(out_format);
    }
    auto reader = open_trajectory(opt->input, read);
    auto writer = create_trajectory_writer(opt->output, write);
    Progress progress("convert", 1000);
    System frame;
    long long index = 0, written = 0;
    std::size_t atoms = 0;
    for (; !selection.past_end(index) && reader->next(frame); ++index) {
      if (selection.selects(index)) {
        writer->write(frame);
        atoms = frame.size();
        ++written;
      }
      progress.update(std::llround(1000 * reader->fraction_read()));
    }
    if (written == 0)
      throw InputError(opt->input, 0,
                       fmt::format("the selection '{}' picks none of the {} frames read", opt->frames, index));
    writer->close();
    progress.finish();
    if (opt->json) {
      nlohmann::json j = {{"input", opt->input},
                          {"output", opt->output},
                          {"input_format", format_name(in_format)},
                          {"output_format", format_name(out_format)},
                          {"frames_read", index},
                          {"frames_written", written},
                          {"natoms_last_frame", atoms}};
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << fmt::format("{} → {}: {} frame{} written ({} atoms)\n", opt->input, opt->output, written,
                               written == 1 ? "" : "s", atoms);
    }
  });
}

}  // namespace ionglass::cli
