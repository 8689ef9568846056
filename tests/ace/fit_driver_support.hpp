#pragma once
// A tiny pacemaker input for the fit tests (library and CLI): four elements, a handful of rank-1
// and rank-2 functions, three dft_dev structures (tests/data/ace_fit/dft_dev_first3.extxyz), one
// held out.
#include <filesystem>
#include <fstream>
#include <string>

#include "test_paths.hpp"

namespace ionglass::test {

inline std::string fit_data_file() {
  return std::string(IONGLASS_SOURCE_DIR) + "/tests/data/ace_fit/dft_dev_first3.extxyz";
}

/// Writes FOLDER/input.yaml (the folder is emptied first) and returns its path. `extra_fit` and
/// `extra_potential` are YAML lines appended (indented) to the fit: and potential: sections.
inline std::string write_tiny_fit_input(const std::string& folder, int maxiter, const std::string& extra_fit = "",
                                        const std::string& extra_potential = "", const std::string& data_file = "") {
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const std::string path = folder + "/input.yaml";
  std::ofstream out(path);
  out << "cutoff: 5.0\n"
         "seed: 42\n"
         "data:\n"
         "  filename: "
      << (data_file.empty() ? fit_data_file() : data_file)
      << "\n"
         "  test_size: 1\n"
         "  reference_energy: {Fe: -0.208448785369, Na: -0.0749040330661, O: -0.0911142437163, P: -0.0973190129812}\n"
         "potential:\n"
         "  deltaSplineBins: 0.001\n"
         "  elements: [Na, Fe, P, O]\n"
         "  embeddings:\n"
         "    ALL: {npot: FinnisSinclairShiftedScaled, fs_parameters: [1, 1, 1, 0.5], ndensity: 2}\n"
         "  bonds:\n"
         "    ALL: {radbase: SBessel, radparameters: [5.25], rcut: 5.0, dcut: 0.01, NameOfCutoffFunction: cos}\n"
         "  functions:\n"
         "    number_of_functions_per_element: 14\n"
         "    ALL: {nradmax_by_orders: [3, 1], lmax_by_orders: [0, 1]}\n"
      << extra_potential
      << "fit:\n"
         "  loss: {kappa: 0.3, L1_coeffs: 1.0e-8, L2_coeffs: 1.0e-8}\n"
         "  optimizer: BFGS\n"
         "  maxiter: "
      << maxiter
      << "\n"
         "  ladder_step: 7\n"
         "  ladder_type: power_order\n"
         "  repulsion: auto\n"
      << extra_fit;
  return path;
}

}  // namespace ionglass::test
