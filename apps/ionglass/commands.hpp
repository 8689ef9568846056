#pragma once
// Each subcommand lives in its own file and registers itself on the main CLI11 app here.
// Registration functions add the subcommand, its options and its callback; callbacks throw
// ionglass::InputError on bad input (main prints it and exits with status 2).
#include <CLI/CLI.hpp>

namespace ionglass::cli {

/// Adds one subcommand, its options and its callback to the main app.
using RegisterCommand = void(CLI::App& app);

RegisterCommand register_info, register_ace, register_eval, register_convert, register_dynamics, register_mobility,
    register_arrhenius, register_run, register_structure, register_validate, register_lammps, register_study,
    register_bvse, register_fit, register_label;

}  // namespace ionglass::cli
