// Property test of the numerical core (issue 16): random valid structures give finite energies,
// forces equal to central finite differences of the energy, and the same energy and forces after
// atoms are moved by whole lattice vectors. The structures: random triclinic cells (tilts up to
// ±0.45 of the box length) scaled so that their narrowest face-to-face width is just above the
// smallest the potential accepts (0.1 %, 5 % or 30 % above), random positions at least 1.7 Å
// apart, every element the potential knows, charge-neutral where the potential has charges.
// Potentials: the shipped Teter and BMP parameters (potentials/*_small_cells.yaml) with their
// PPPM, and the same with Ewald and analytic pair terms (whose forces are the exact gradient, so
// the tolerance can be tight), and the shipped ACE potential (data/NaFePO4/potential).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "ionglass/potential/potential.hpp"
#include "test_paths.hpp"

namespace ionglass {
namespace {

// The project's whole-file reader (core/read_file).
inline std::string read_file_of(const std::filesystem::path& path) {
  return ionglass::read_file(path.string());
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

/// A random structure: `units` formula units drawn from `formulas` (each a list of symbols),
/// in a random triclinic cell whose narrowest width is `width_A`.
System random_structure(std::mt19937_64& random, const std::vector<std::vector<std::string>>& formulas, int units,
                        double width_A) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<std::string> symbols;
  for (int u = 0; u < units; ++u) {
    const auto& formula = formulas[static_cast<std::size_t>(uniform(random) * formulas.size()) % formulas.size()];
    symbols.insert(symbols.end(), formula.begin(), formula.end());
  }
  // Rows a, b, c of an upper-triangular (LAMMPS-form) cell with random lengths and tilts.
  Mat3 lattice = Mat3::Zero();
  lattice(0, 0) = 1.0 + 0.3 * uniform(random);
  lattice(1, 1) = 1.0 + 0.3 * uniform(random);
  lattice(2, 2) = 1.0 + 0.3 * uniform(random);
  lattice(1, 0) = (uniform(random) - 0.5) * 0.9 * lattice(0, 0);
  lattice(2, 0) = (uniform(random) - 0.5) * 0.9 * lattice(0, 0);
  lattice(2, 1) = (uniform(random) - 0.5) * 0.9 * lattice(1, 1);
  const Vec3 widths = Cell(lattice).perpendicular_widths();
  lattice *= width_A / widths.minCoeff();
  System s;
  s.cell = Cell(lattice);
  // Random positions at least 1.7 Å apart (minimum image), rejection sampling.
  const double min_distance2 = 1.7 * 1.7;
  long long id = 1;
  for (const std::string& symbol : symbols) {
    const int type = s.type_for_element(elements::by_symbol(symbol).atomic_number);
    for (int attempt = 0;; ++attempt) {
      if (attempt == 100000) throw std::runtime_error("cannot place " + std::to_string(symbols.size()) + " atoms");
      const Vec3 r = s.cell.to_cartesian(Vec3(uniform(random), uniform(random), uniform(random)));
      bool free = true;
      for (const Vec3& q : s.positions)
        if (s.cell.minimum_image(r - q).squaredNorm() < min_distance2) {
          free = false;
          break;
        }
      if (free) {
        s.add_atom(id++, type, r);
        break;
      }
    }
  }
  return s;
}

double energy_of(Potential& potential, const System& s) {
  return evaluate(potential, s, {false, false, false}).energy;
}

/// Finite energy, forces and virial; forces against central differences on `components` random
/// force components; energy and forces unchanged when random atoms move by whole lattice vectors.
void check_properties(Potential& potential, const System& s, std::mt19937_64& random, double force_tolerance) {
  const PotentialResult r = evaluate(potential, s, {true, true, false});
  ASSERT_TRUE(std::isfinite(r.energy));
  for (const Vec3& f : r.forces) ASSERT_TRUE(f.allFinite());
  ASSERT_TRUE(r.virial.allFinite());
  std::uniform_int_distribution<std::size_t> atom(0, s.size() - 1);
  std::uniform_int_distribution<int> axis(0, 2), image(-2, 2);
  const double h = 1e-5;  // Å
  for (int k = 0; k < 6; ++k) {
    const std::size_t i = atom(random);
    const int a = axis(random);
    System plus = s, minus = s;
    plus.positions[i][a] += h;
    minus.positions[i][a] -= h;
    const double numeric = -(energy_of(potential, plus) - energy_of(potential, minus)) / (2 * h);
    EXPECT_NEAR(r.forces[i][a], numeric, force_tolerance * (1 + std::abs(numeric)))
        << "atom " << i << " (" << s.symbol(i) << ") axis " << a;
  }
  System moved = s;
  for (int k = 0; k < 10; ++k) {
    const std::size_t i = atom(random);
    moved.positions[i] += s.cell.translation(Image{image(random), image(random), image(random)});
  }
  const PotentialResult m = evaluate(potential, moved, {true, false, false});
  EXPECT_NEAR(m.energy, r.energy, 1e-9 * std::abs(r.energy));
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_LT((m.forces[i] - r.forces[i]).norm(), 1e-7) << "atom " << i;
}

// Charge-neutral formula units of the Na–Fe–P–O force fields (Na 0.6, Fe 1.2, P 3.0, O −1.2 e).
const std::vector<std::vector<std::string>> neutral_units = {
    {"Na", "Fe", "P", "O", "O", "O", "O"}, {"Na", "Na", "O"}, {"Fe", "O"}, {"P", "P", "O", "O", "O", "O", "O"}};

void check_classical(const std::string& file, bool exact_gradient, double tolerance, std::uint64_t seed) {
  std::string text = read_file_of(std::string(IONGLASS_SOURCE_DIR) + "/potentials/" + file);
  if (exact_gradient) {
    text = replaced(text, "tabulate: true", "tabulate: false");
    text = replaced(text, "method: pppm", "method: ewald");
    text = replaced(text, "accuracy: 1.0e-5", "accuracy: 1.0e-8");
  }
  auto potential = parse_classical_potential(text, file);
  std::mt19937_64 random(seed);
  for (double margin : {1.001, 1.05, 1.3}) {
    SCOPED_TRACE(file + ", narrowest width " + std::to_string(margin) + " × twice the cutoff");
    // 24 units (about 120 atoms) fill a cell of width 2 × 7 Å at about 2 g/cm³ and less.
    const System s = random_structure(random, neutral_units, 24, 2 * potential->cutoff() * margin);
    ASSERT_NEAR(s.total_charge(), 0.0, 1e-12);
    check_properties(*potential, s, random, tolerance);
  }
}

TEST(PotentialProperties, TeterWithEwaldOnRandomTriclinicCells) {
  check_classical("teter_small_cells.yaml", true, 1e-5, 1);
}
TEST(PotentialProperties, BmpWithEwaldOnRandomTriclinicCells) {
  check_classical("bmp_small_cells.yaml", true, 1e-5, 2);
}
// PPPM forces (ik-differentiated) are the gradient of the PPPM energy only to its accuracy.
TEST(PotentialProperties, TeterAsShippedOnRandomTriclinicCells) {
  check_classical("teter_small_cells.yaml", false, 2e-3, 3);
}
TEST(PotentialProperties, BmpAsShippedOnRandomTriclinicCells) {
  check_classical("bmp_small_cells.yaml", false, 2e-3, 4);
}

TEST(PotentialProperties, AceOnRandomTriclinicCellsDownToOneCutoffWide) {
  auto potential = ace::load_ace_potential(std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/potential/NaFePO4.yace");
  std::mt19937_64 random(5);
  const std::vector<std::vector<std::string>> single_elements = {{"Na"}, {"Fe"}, {"P"}, {"O"}, {"O"}};
  // ACE has no Ewald limit: cells narrower than twice the cutoff see an atom's own images.
  for (double width : {1.001 * potential->cutoff(), 1.5 * potential->cutoff(), 2.2 * potential->cutoff()}) {
    SCOPED_TRACE("narrowest width " + std::to_string(width) + " Å");
    const int atoms = static_cast<int>(std::max(8.0, 0.04 * std::pow(width, 3)));
    const System s = random_structure(random, single_elements, atoms, width);
    check_properties(*potential, s, random, 1e-5);
  }
}

}  // namespace
}  // namespace ionglass
