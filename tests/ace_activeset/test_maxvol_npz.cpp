// MaxVol, the .npz (.asi) format, active sets and extrapolation grades.
#include <Eigen/LU>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "ionglass/ace/maxvol.hpp"
#include "ionglass/ace/npz.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

double brute_force_max_det(const Eigen::MatrixXd& A, std::vector<Eigen::Index>& best_rows) {
  const Eigen::Index n = A.rows(), m = A.cols();
  std::vector<bool> mask(n, false);
  std::fill(mask.begin(), mask.begin() + m, true);
  double best = 0;
  do {
    Eigen::MatrixXd S(m, m);
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < n; ++i)
      if (mask[i]) rows.push_back(i);
    for (Eigen::Index j = 0; j < m; ++j) S.row(j) = A.row(rows[j]);
    const double d = std::abs(S.determinant());
    if (d > best) {
      best = d;
      best_rows = rows;
    }
  } while (std::prev_permutation(mask.begin(), mask.end()));
  return best;
}

double selected_det(const Eigen::MatrixXd& A, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd S(A.cols(), A.cols());
  for (Eigen::Index j = 0; j < A.cols(); ++j) S.row(j) = A.row(rows[j]);
  return std::abs(S.determinant());
}

}  // namespace

TEST(MaxVol, SmallRandomMatricesAgainstBruteForce) {
  std::mt19937 rng(12345);
  std::normal_distribution<double> normal;
  const double tolerance = 1.01;
  int exact = 0, trials = 0;
  for (int m = 1; m <= 4; ++m)
    for (int n = m; n <= 10; n += 2)
      for (int trial = 0; trial < 10; ++trial) {
        Eigen::MatrixXd A(n, m);
        for (Eigen::Index i = 0; i < A.size(); ++i) A.data()[i] = normal(rng);
        std::vector<Eigen::Index> best_rows;
        const double best = brute_force_max_det(A, best_rows);
        const MaxVolResult r = maxvol(A, tolerance, 1000);
        ASSERT_TRUE(r.converged);
        const double found = selected_det(A, r.rows);
        // A dominant submatrix: every row is a combination of the selected rows with |c| ≤ tol,
        // so any other submatrix has |det| ≤ (tol·√m)^m · found (Hadamard); usually it is the maximum.
        EXPECT_LE(best, found * std::pow(tolerance * std::sqrt(double(m)), m) * (1 + 1e-12));
        Eigen::MatrixXd S(m, m);
        for (int j = 0; j < m; ++j) S.row(j) = A.row(r.rows[j]);
        const Eigen::MatrixXd C = A * S.inverse();
        EXPECT_LE(C.cwiseAbs().maxCoeff(), tolerance * (1 + 1e-9));
        if (found >= best / tolerance) ++exact;
        ++trials;
      }
  // The greedy swaps reach the global maximum (within the tolerance) in the vast majority of cases.
  EXPECT_GE(exact, trials * 9 / 10) << exact << " of " << trials;
}

TEST(MaxVol, RankDeficientMatrixIsAnError) {
  Eigen::MatrixXd A(6, 3);
  A << 1, 2, 3, 2, 4, 6, 1, 0, 1, 3, 2, 5, 0, 1, 1, 4, 4, 8;  // third column = first + second
  EXPECT_THROW(maxvol(A), ComputationError);
}

TEST(MaxVol, CumulativeBatchesMatchDominance) {
  std::mt19937 rng(7);
  std::normal_distribution<double> normal;
  const int m = 6;
  Eigen::MatrixXd all(500, m);
  for (Eigen::Index i = 0; i < all.size(); ++i) all.data()[i] = normal(rng);
  CumulativeMaxVol cumulative(m, 1.01, 300);
  for (int start = 0; start < 500; start += 37) {
    const int k = std::min(37, 500 - start);
    std::vector<std::int64_t> ids(k);
    for (int i = 0; i < k; ++i) ids[i] = start + i;
    cumulative.add(all.middleRows(start, k), ids);
  }
  cumulative.finish();
  ASSERT_TRUE(cumulative.ready());
  // Grades of every row against the cumulative active set: close to dominant (a refinement pass
  // would merge the few above tolerance); none is wildly extrapolative.
  const Eigen::VectorXd gamma = extrapolation_grades(all, cumulative.inverse());
  EXPECT_LT(gamma.maxCoeff(), 2.0);
  for (int j = 0; j < m; ++j) EXPECT_NEAR(gamma(cumulative.active_ids()[j]), 1.0, 1e-9);
}

TEST(Npz, RoundTripAndCrc) {
  const unsigned char text[] = "123456789";
  EXPECT_EQ(crc32(text, 9), 0xCBF43926u);  // the standard CRC-32 check value
  Eigen::MatrixXd a(3, 2);
  a << 1, 2, 3, 4, 5, 6.5;
  Eigen::MatrixXd b = Eigen::MatrixXd::Identity(4, 4) * -0.25;
  const std::string path = ::testing::TempDir() + "/roundtrip.npz";
  write_npz(path, {{"Fe", to_npy(a)}, {"O", to_npy(b)}});
  const auto back = read_npz(path);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(to_matrix(back.at("Fe"), path), a);
  EXPECT_EQ(to_matrix(back.at("O"), path), b);
}

TEST(Npz, CorruptFilesAreInputErrors) {
  const std::string path = ::testing::TempDir() + "/corrupt.npz";
  std::ofstream(path) << "not a zip file at all, really";
  EXPECT_THROW(read_npz(path), InputError);
  Eigen::MatrixXd a = Eigen::MatrixXd::Ones(2, 2);
  write_npz(path, {{"Na", to_npy(a)}});
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.find("NUMPY") + 140] ^= 0x55;  // flip a data byte: CRC mismatch
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_THROW(read_npz(path), InputError);
}

