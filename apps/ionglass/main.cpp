// ionglass: simulation and analysis of ion conduction in disordered materials.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <new>

#include "ionglass/commands.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/memory_allocator.hpp"
#include "ionglass/core/progress.hpp"

int main(int argc, char** argv) {
  ionglass::keep_freed_memory_for_reuse();  // FFTW work buffers are reused, not page-faulted every step
  CLI::App app{
      "ionglass — simulate and analyse ion conduction in glasses (LAMMPS metal units: Å, eV, ps, K, amu, e, bar)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ionglass 0.1.0");
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "No progress output");
  app.parse_complete_callback([&] { ionglass::Progress::set_quiet(quiet); });

  namespace cli = ionglass::cli;
  for (cli::RegisterCommand* add :
       {cli::register_info, cli::register_ace, cli::register_eval, cli::register_convert, cli::register_dynamics,
        cli::register_mobility, cli::register_arrhenius, cli::register_run, cli::register_structure,
        cli::register_validate, cli::register_lammps, cli::register_study, cli::register_bvse, cli::register_fit, cli::register_label})
    add(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const ionglass::InputError& e) {
    std::cerr << "ionglass: error: " << e.what() << "\n";
    return 2;
  } catch (const std::filesystem::filesystem_error& e) {
    // An output folder or file that cannot be created (read-only, a file in the way): bad input.
    std::cerr << "ionglass: error: " << e.path1().string() << ": cannot create or write (" << e.code().message()
              << ")\n";
    return 2;
  } catch (const ionglass::Error& e) {
    std::cerr << "ionglass: error: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "ionglass: error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "ionglass: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
