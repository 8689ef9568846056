#pragma once
// MaxVol: the rows of a tall matrix that span a square submatrix of (nearly) maximal |det|.
//
// Goreinov, Oseledets, Savostyanov, Tyrtyshnikov, Zamarashkin, "How to find a good submatrix"
// (2010): start from the rows chosen by LU with partial pivoting, form C = A · A_I⁻¹ (n×m; the rows
// of the selected set are the unit vectors), and while some |C_ij| > tolerance swap row i into
// position j. Each swap multiplies |det A_I| by |C_ij| > 1, so the loop ends; on exit every row of
// A is a combination of the selected rows with coefficients of modulus ≤ tolerance, i.e.
// |det A_I| is maximal within the factor tolerance^m for single swaps (a "dominant" submatrix).
// Used for the ACE active set (D-optimality, Lysogorskiy et al., PRM 7, 043801 (2023)).
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace ionglass::ace {

struct MaxVolResult {
  std::vector<Eigen::Index> rows;  ///< selected row indices (size m), in column position order
  int iterations = 0;              ///< row swaps performed
  bool converged = false;          ///< max|C| ≤ tolerance reached within max_iterations
  double max_coefficient = 0;      ///< max|C| at exit
};

/// MaxVol of the n×m matrix `A` (n ≥ m). `initial_rows` (optional, size m) replaces the LU start.
/// Throws ComputationError when A has rank < m (no non-singular m×m submatrix).
MaxVolResult maxvol(const Eigen::MatrixXd& A, double tolerance = 1.01, int max_iterations = 300,
                    const std::vector<Eigen::Index>& initial_rows = {});

/// The m rows that LU with partial pivoting (on the columns of A) picks: a good start for MaxVol.
/// Throws ComputationError when a pivot is zero (rank < m).
std::vector<Eigen::Index> lu_pivot_rows(const Eigen::MatrixXd& A);

/// Cumulative (batched) MaxVol over a stream of rows that need not fit in memory together:
/// the active set (m rows) is merged with each batch and MaxVol keeps the best m of the union.
/// Rows are identified by caller-given 64-bit ids.
class CumulativeMaxVol {
public:
  CumulativeMaxVol(Eigen::Index columns, double tolerance = 1.01, int max_iterations = 300);

  /// Adds rows (k×m) with their ids. Rows are buffered until at least m are available.
  /// Returns the number of rows of this batch that entered the active set.
  std::size_t add(const Eigen::MatrixXd& rows, const std::vector<std::int64_t>& ids);
  /// Runs MaxVol on anything still buffered (call after the last batch).
  void finish();

  bool ready() const { return active_rows_.rows() == columns_; }
  Eigen::Index columns() const { return columns_; }
  const Eigen::MatrixXd& active_rows() const { return active_rows_; }
  const std::vector<std::int64_t>& active_ids() const { return active_ids_; }
  int total_iterations() const { return total_iterations_; }
  bool converged() const { return converged_; }
  /// (A_AS)⁻¹ of the current active set (m×m).
  Eigen::MatrixXd inverse() const;

private:
  std::size_t merge(const Eigen::MatrixXd& rows, const std::vector<std::int64_t>& ids);
  Eigen::Index columns_;
  double tolerance_;
  int max_iterations_;
  Eigen::MatrixXd active_rows_;            ///< m×m once ready
  std::vector<std::int64_t> active_ids_;
  Eigen::MatrixXd pending_rows_;           ///< buffered before the first m rows are available
  std::vector<std::int64_t> pending_ids_;
  int total_iterations_ = 0;
  bool converged_ = true;
};

/// Extrapolation grades of rows b (k×m): γ_i = max_j |(b_i · A_AS⁻¹)_j|.
Eigen::VectorXd extrapolation_grades(const Eigen::MatrixXd& rows, const Eigen::MatrixXd& active_set_inverse);

}  // namespace ionglass::ace
