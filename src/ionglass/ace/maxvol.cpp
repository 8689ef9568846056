#include "ionglass/ace/maxvol.hpp"

#include <Eigen/LU>
#include <cmath>
#include <numeric>
#include <string>

#include "ionglass/core/error.hpp"

namespace ionglass::ace {

std::vector<Eigen::Index> lu_pivot_rows(const Eigen::MatrixXd& A) {
  const Eigen::Index n = A.rows(), m = A.cols();
  if (n < m) throw ComputationError("MaxVol needs at least as many rows (" + std::to_string(n) + ") as columns (" + std::to_string(m) + ")");
  // Gaussian elimination with partial (row) pivoting on a copy; record which original rows become
  // the pivots of columns 0..m−1.
  Eigen::MatrixXd work = A;
  std::vector<Eigen::Index> order(n);
  std::iota(order.begin(), order.end(), 0);
  for (Eigen::Index k = 0; k < m; ++k) {
    Eigen::Index pivot = k;
    const double largest = work.col(k).segment(k, n - k).cwiseAbs().maxCoeff(&pivot);
    pivot += k;
    if (!(largest > 0) || !std::isfinite(largest))
      throw ComputationError("MaxVol: the matrix has rank " + std::to_string(k) + " < " + std::to_string(m) +
                             " (column " + std::to_string(k) + " is a combination of the others)");
    if (pivot != k) {
      work.row(k).swap(work.row(pivot));
      std::swap(order[k], order[pivot]);
    }
    const double p = work(k, k);
    if (k + 1 < n) {
      work.col(k).tail(n - k - 1) /= p;
      if (k + 1 < m)
        work.bottomRightCorner(n - k - 1, m - k - 1).noalias() -=
            work.col(k).tail(n - k - 1) * work.row(k).segment(k + 1, m - k - 1);
    }
  }
  return {order.begin(), order.begin() + m};
}

MaxVolResult maxvol(const Eigen::MatrixXd& A, double tolerance, int max_iterations,
                    const std::vector<Eigen::Index>& initial_rows) {
  const Eigen::Index n = A.rows(), m = A.cols();
  if (!(tolerance >= 1.0)) throw ComputationError("MaxVol tolerance must be ≥ 1");
  MaxVolResult result;
  result.rows = initial_rows.empty() ? lu_pivot_rows(A) : initial_rows;
  if (static_cast<Eigen::Index>(result.rows.size()) != m) throw ComputationError("MaxVol: initial selection has the wrong size");
  Eigen::MatrixXd square(m, m);
  for (Eigen::Index j = 0; j < m; ++j) square.row(j) = A.row(result.rows[j]);
  Eigen::PartialPivLU<Eigen::MatrixXd> lu(square.transpose());
  if (!(std::abs(lu.determinant()) > 0)) {
    if (!initial_rows.empty()) return maxvol(A, tolerance, max_iterations, {});
    throw ComputationError("MaxVol: singular starting submatrix");
  }
  // C = A · square⁻¹  ⇔  squareᵀ Cᵀ = Aᵀ
  Eigen::MatrixXd C = lu.solve(A.transpose()).transpose();
  (void)n;
  Eigen::RowVectorXd row_update(m);
  Eigen::VectorXd column(C.rows());
  while (true) {
    Eigen::Index i = 0, j = 0;
    const double largest = C.cwiseAbs().maxCoeff(&i, &j);
    result.max_coefficient = largest;
    if (largest <= tolerance) {
      result.converged = true;
      break;
    }
    if (result.iterations >= max_iterations) break;
    // Swap row i into position j: C ← C − C[:, j] (C[i, :] − e_j) / C[i, j]
    row_update = C.row(i);
    row_update(j) -= 1.0;
    row_update /= C(i, j);
    column = C.col(j);
    C.noalias() -= column * row_update;
    result.rows[j] = i;
    ++result.iterations;
  }
  return result;
}

CumulativeMaxVol::CumulativeMaxVol(Eigen::Index columns, double tolerance, int max_iterations)
    : columns_(columns), tolerance_(tolerance), max_iterations_(max_iterations) {
  pending_rows_.resize(0, columns);
}

std::size_t CumulativeMaxVol::merge(const Eigen::MatrixXd& rows, const std::vector<std::int64_t>& ids) {
  const Eigen::Index m = columns_;
  const bool have_active = active_rows_.rows() == m;
  const Eigen::Index old = have_active ? m : 0;
  Eigen::MatrixXd stacked(old + rows.rows(), m);
  if (have_active) stacked.topRows(m) = active_rows_;
  stacked.bottomRows(rows.rows()) = rows;
  std::vector<Eigen::Index> start;
  if (have_active) {
    start.resize(m);
    std::iota(start.begin(), start.end(), 0);
  }
  const MaxVolResult r = maxvol(stacked, tolerance_, max_iterations_, start);
  total_iterations_ += r.iterations;
  converged_ = converged_ && r.converged;
  Eigen::MatrixXd new_rows(m, m);
  std::vector<std::int64_t> new_ids(m);
  std::size_t entered = 0;
  for (Eigen::Index j = 0; j < m; ++j) {
    const Eigen::Index source = r.rows[j];
    new_rows.row(j) = stacked.row(source);
    if (source < old) {
      new_ids[j] = active_ids_[source];
    } else {
      new_ids[j] = ids[source - old];
      ++entered;
    }
  }
  active_rows_ = std::move(new_rows);
  active_ids_ = std::move(new_ids);
  return entered;
}

std::size_t CumulativeMaxVol::add(const Eigen::MatrixXd& rows, const std::vector<std::int64_t>& ids) {
  if (rows.cols() != columns_) throw ComputationError("CumulativeMaxVol: wrong number of columns");
  if (static_cast<Eigen::Index>(ids.size()) != rows.rows()) throw ComputationError("CumulativeMaxVol: one id per row needed");
  if (rows.rows() == 0) return 0;
  if (ready()) return merge(rows, ids);
  const Eigen::Index k = pending_rows_.rows();
  pending_rows_.conservativeResize(k + rows.rows(), columns_);
  pending_rows_.bottomRows(rows.rows()) = rows;
  pending_ids_.insert(pending_ids_.end(), ids.begin(), ids.end());
  if (pending_rows_.rows() < columns_) return 0;
  Eigen::MatrixXd buffered = std::move(pending_rows_);
  std::vector<std::int64_t> buffered_ids = std::move(pending_ids_);
  pending_rows_.resize(0, columns_);
  pending_ids_.clear();
  return merge(buffered, buffered_ids);
}

void CumulativeMaxVol::finish() {
  if (ready() || pending_rows_.rows() == 0) return;
  if (pending_rows_.rows() < columns_)
    throw ComputationError("only " + std::to_string(pending_rows_.rows()) + " environments for " +
                           std::to_string(columns_) + " basis functions: an active set needs at least as many environments as functions");
  Eigen::MatrixXd buffered = std::move(pending_rows_);
  std::vector<std::int64_t> buffered_ids = std::move(pending_ids_);
  pending_rows_.resize(0, columns_);
  pending_ids_.clear();
  merge(buffered, buffered_ids);
}

Eigen::MatrixXd CumulativeMaxVol::inverse() const {
  if (!ready()) throw ComputationError("the active set is not complete yet");
  return active_rows_.partialPivLu().inverse();
}

Eigen::VectorXd extrapolation_grades(const Eigen::MatrixXd& rows, const Eigen::MatrixXd& active_set_inverse) {
  return (rows * active_set_inverse).cwiseAbs().rowwise().maxCoeff();
}

}  // namespace ionglass::ace
