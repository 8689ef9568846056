#include "ionglass/ace/clebsch_gordan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ionglass::ace {

namespace {

long double log_factorial(int n) { return std::lgamma(static_cast<long double>(n) + 1.0L); }

}  // namespace

double clebsch_gordan(int j1, int m1, int j2, int m2, int J, int M) {
  if (j1 < 0 || j2 < 0 || J < 0) return 0.0;
  if (m1 + m2 != M) return 0.0;
  if (std::abs(m1) > j1 || std::abs(m2) > j2 || std::abs(M) > J) return 0.0;
  if (J < std::abs(j1 - j2) || J > j1 + j2) return 0.0;
  // Racah's formula: C = δ(M, m1+m2) sqrt((2J+1) Δ(j1 j2 J) Π(j±m)!) Σ_k (−1)^k / [k! ...].
  const long double log_prefactor =
      0.5L * (std::log(2.0L * J + 1.0L) + log_factorial(j1 + j2 - J) + log_factorial(j1 - j2 + J) +
              log_factorial(-j1 + j2 + J) - log_factorial(j1 + j2 + J + 1) + log_factorial(j1 + m1) +
              log_factorial(j1 - m1) + log_factorial(j2 + m2) + log_factorial(j2 - m2) + log_factorial(J + M) +
              log_factorial(J - M));
  const int k_min = std::max({0, j2 - J - m1, j1 + m2 - J});
  const int k_max = std::min({j1 + j2 - J, j1 - m1, j2 + m2});
  long double sum = 0.0L;
  for (int k = k_min; k <= k_max; ++k) {
    const long double term = std::exp(log_prefactor - log_factorial(k) - log_factorial(j1 + j2 - J - k) -
                                      log_factorial(j1 - m1 - k) - log_factorial(j2 + m2 - k) -
                                      log_factorial(J - j2 + m1 + k) - log_factorial(J - j1 - m2 + k));
    sum += (k % 2 == 0) ? term : -term;
  }
  return static_cast<double>(sum);
}

std::vector<CouplingNode> coupling_tree(int rank) {
  std::vector<CouplingNode> tree;
  if (rank < 2) return tree;
  // Leaves 0..rank−1, intermediates rank..2·rank−3 (in order of creation).
  std::vector<int> leaves, intermediates_free, pending;
  for (int i = 0; i < rank; ++i) leaves.push_back(i);
  for (int i = 0; i < rank - 2; ++i) intermediates_free.push_back(rank + i);
  std::size_t next_leaf = 0, next_intermediate = 0;
  auto take_intermediate = [&]() {
    return next_intermediate < intermediates_free.size() ? intermediates_free[next_intermediate++] : -1;
  };
  int coupled = 0;
  for (int i = 0; i < rank / 2; ++i) {
    const int a = leaves[next_leaf++], b = leaves[next_leaf++];
    coupled = take_intermediate();
    tree.push_back({a, b, coupled});
    pending.push_back(coupled);
  }
  std::size_t head = 0;
  while (pending.size() - head > 1 && coupled != -1) {
    const int a = pending[head++], b = pending[head++];
    coupled = take_intermediate();
    tree.push_back({a, b, coupled});
    pending.push_back(coupled);
  }
  if (coupled != -1) {  // a single leaf is left over: couple it to the root
    const int a = pending[head++];
    const int b = leaves[next_leaf++];
    tree.push_back({a, b, -1});
  }
  if (static_cast<int>(tree.size()) != rank - 1)
    throw std::logic_error("coupling tree of rank " + std::to_string(rank) + " has the wrong size");
  return tree;
}

std::vector<MsCoupling> generalized_clebsch_gordan(const std::vector<int>& ls, const std::vector<int>& LS,
                                                   bool half_basis) {
  const int rank = static_cast<int>(ls.size());
  if (rank < 1) throw std::invalid_argument("a coupling needs at least one l");
  const int expected_LS = rank > 2 ? rank - 2 : 0;
  if (static_cast<int>(LS.size()) != expected_LS)
    throw std::invalid_argument("rank " + std::to_string(rank) + " needs " + std::to_string(expected_LS) +
                                " intermediate L values (lint), got " + std::to_string(LS.size()));
  const auto tree = coupling_tree(rank);
  // lsLS: leaves, intermediates, root (L = 0).
  std::vector<int> lsLS(2 * rank - 1, 0);
  for (int i = 0; i < rank; ++i) lsLS[i] = ls[i];
  for (int i = 0; i < expected_LS; ++i) lsLS[rank + i] = LS[i];
  lsLS[2 * rank - 2] = 0;

  std::size_t space = 1;
  for (int l : ls) space *= static_cast<std::size_t>(2 * l + 1);
  std::vector<MsCoupling> result;
  std::vector<int> ms(rank), msMS(2 * rank - 1);
  for (std::size_t index = 0; index < space; ++index) {
    std::size_t rest = index;
    int sum = 0;
    for (int t = 0; t < rank; ++t) {  // first m varies fastest
      const std::size_t width = static_cast<std::size_t>(2 * ls[t] + 1);
      ms[t] = static_cast<int>(rest % width) - ls[t];
      rest /= width;
      sum += ms[t];
    }
    if (sum != 0) continue;
    int sign = 0;
    for (int m : ms)
      if (m != 0) {
        sign = m > 0 ? 1 : -1;
        break;
      }
    if (half_basis && sign < 0) continue;
    for (int t = 0; t < rank; ++t) msMS[t] = ms[t];
    double coefficient = 1.0;
    bool valid = true;
    for (const auto& node : tree) {
      const int c = node.coupled == -1 ? 2 * rank - 2 : node.coupled;
      msMS[c] = msMS[node.left] + msMS[node.right];
      if (std::abs(msMS[node.left]) > lsLS[node.left] || std::abs(msMS[node.right]) > lsLS[node.right] ||
          std::abs(msMS[c]) > lsLS[c]) {
        valid = false;
        break;
      }
      coefficient *= clebsch_gordan(lsLS[node.left], msMS[node.left], lsLS[node.right], msMS[node.right], lsLS[c],
                                    msMS[c]);
      if (coefficient == 0.0) break;
    }
    if (!valid || coefficient == 0.0) continue;
    if (half_basis && sign > 0) coefficient *= 2.0;
    result.push_back({ms, coefficient});
  }
  return result;
}

}  // namespace ionglass::ace
