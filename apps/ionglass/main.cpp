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
  CLI::App app{"ionglass — simulate and analyse ion conduction in glasses (LAMMPS metal units: Å, eV, ps, K, amu, e, bar)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ionglass 0.1.0");
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "No progress output");
  app.parse_complete_callback([&] { ionglass::Progress::set_quiet(quiet); });

  ionglass::cli::register_info(app);
  ionglass::cli::register_ace(app);
  ionglass::cli::register_eval(app);
  ionglass::cli::register_convert(app);
  ionglass::cli::register_dynamics(app);
  ionglass::cli::register_mobility(app);
  ionglass::cli::register_arrhenius(app);
  ionglass::cli::register_run(app);
  ionglass::cli::register_structure(app);
  ionglass::cli::register_validate(app);
  ionglass::cli::register_lammps(app);
  ionglass::cli::register_study(app);
  ionglass::cli::register_bvse(app);
  ionglass::cli::register_fit(app);

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
    std::cerr << "ionglass: error: " << e.path1().string() << ": cannot create or write ("
              << e.code().message() << ")\n";
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
