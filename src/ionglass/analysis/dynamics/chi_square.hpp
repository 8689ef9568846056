#pragma once
// Survival function of the χ² distribution, Q = P(χ²_k > x) = Γ(k/2, x/2) / Γ(k/2) (the
// regularised upper incomplete gamma function), by its power series for x/2 < k/2 + 1 and by its
// continued fraction (modified Lentz) otherwise (Abramowitz & Stegun 6.5.29 and 6.5.31). Used for
// the p-value of weighted fits.

namespace ionglass {

/// P(χ² with `degrees_of_freedom` > `chi2`); 1 for chi2 ≤ 0; NaN for a non-finite chi2 or
/// degrees_of_freedom < 1.
double chi_square_survival(double chi2, int degrees_of_freedom);

}  // namespace ionglass
