#pragma once
// Each subcommand lives in its own file and registers itself on the main CLI11 app here.
// Registration functions add the subcommand, its options and its callback; callbacks throw
// ionglass::InputError on bad input (main prints it and exits with status 2).
#include <CLI/CLI.hpp>

namespace ionglass::cli {

void register_info(CLI::App& app);
void register_ace(CLI::App& app);
void register_eval(CLI::App& app);
void register_convert(CLI::App& app);
void register_dynamics(CLI::App& app);
void register_mobility(CLI::App& app);
void register_arrhenius(CLI::App& app);
void register_run(CLI::App& app);
void register_structure(CLI::App& app);
void register_validate(CLI::App& app);
void register_lammps(CLI::App& app);
void register_study(CLI::App& app);
void register_bvse(CLI::App& app);
void register_fit(CLI::App& app);

}  // namespace ionglass::cli
