// Confidence intervals across independent replications, and the Student-t
// distribution they rest on.
//
// A simulation experiment yields one number per replication (a mean wait, a
// utilisation, ...). Replications are independent and, by the central limit
// theorem, their means are close to normal, so the t interval
//     mean ± t_{(1+level)/2, n−1} · s / √n
// is the standard interval for the expected value (Law, Simulation Modeling and
// Analysis, 5th ed., §9.4.1). Comparing two policies on common random numbers,
// the paired differences a[i] − b[i] are treated the same way (Law §10.2.1),
// which removes the shared variance and gives tight intervals.
//
// Thread safety: pure functions on plain values; safe from any thread.
#ifndef ESCALADE_ANALYSIS_CONFIDENCE_H_
#define ESCALADE_ANALYSIS_CONFIDENCE_H_

#include <cstdint>
#include <limits>
#include <span>

namespace escalade::analysis {

// P(T ≤ t) for T ~ Student t with `dof` degrees of freedom:
//     P(T > |t|) = ½ · I_{ν/(ν+t²)}(ν/2, ½)
// with I the regularised incomplete beta function (Abramowitz & Stegun 26.7.1),
// evaluated by its continued fraction with Lentz's method (Numerical Recipes
// 3rd ed. §6.4) and ln B from std::lgamma / Stirling's series; for ν ≥ 30 and
// x near 1, where the fraction cancels, by the asymptotic expansion of
// DiDonato & Morris (ACM TOMS 708, 1992). Absolute error ~1e-16; the smaller
// tail keeps ~1e-13 relative accuracy however small it is (checked against
// 360-digit values for 1 ≤ ν ≤ 1e8 and t up to 1e4).
// dof = +infinity is accepted and gives the standard normal CDF.
// REQUIRES: dof >= 1 (non-integer allowed). A NaN t gives NaN.
double StudentTCdf(double t, double dof);

// The p-quantile of the Student t distribution with `dof` degrees of freedom:
// the t with StudentTCdf(t, dof) = p. Solved by Newton's method on
// ln P(T > t) as a function of ln t, safeguarded by bisection. Relative error
// ~1e-13 or better from p = 1e-300 to 1 − 1e-16 (StudentTCdf's accuracy carried
// through the inversion); near p = ½ the precision of p itself is the limit.
// Both tails are solved from min(p, 1 − p), so whenever 1 − p is exact,
// StudentTQuantile(1 − p) == −StudentTQuantile(p) bit for bit.
// dof = +infinity gives the standard normal quantile.
// REQUIRES: 0 < p < 1, dof >= 1.
double StudentTQuantile(double p, double dof);

// A two-sided confidence interval for an expected value. Fields are NaN when
// there are too few observations to define them (see MeanInterval).
struct Interval {
  double mean = std::numeric_limits<double>::quiet_NaN();       // sample mean
  double std_error = std::numeric_limits<double>::quiet_NaN();  // s / √n
  double low = std::numeric_limits<double>::quiet_NaN();        // mean − half width
  double high = std::numeric_limits<double>::quiet_NaN();       // mean + half width
  std::int64_t n = 0;                                           // observations used

  // (high − low) / 2; NaN when the interval is undefined.
  double half_width() const { return (high - low) / 2; }
  // low ≤ x ≤ high; false when the interval is undefined.
  bool Contains(double x) const { return low <= x && x <= high; }
};

// Student-t interval for the mean of independent, identically distributed
// replication outputs:
//     mean ± t_{(1+level)/2, n−1} · s / √n,  s² = Σ(x − mean)² / (n − 1),
// with mean and s² from a corrected two-pass algorithm (Chan, Golub & LeVeque,
// "Algorithms for computing the sample variance", Am. Stat. 37(3), 1983, eq. 1.7).
// n == 0: every field NaN. n == 1: mean set, the rest NaN.
// If all values are equal, the interval is exactly [x, x] with std_error 0.
// NaN values propagate to every field.
// REQUIRES: 0 < level < 1.
Interval MeanInterval(std::span<const double> values, double level = 0.95);

// Interval for E[a − b] from paired observations (replication i of both
// alternatives run on common random numbers): MeanInterval of a[i] − b[i].
// If every difference is exactly 0, the interval is exactly [0, 0] with
// std_error 0.
// REQUIRES: a.size() == b.size(), 0 < level < 1.
Interval PairedDifferenceInterval(std::span<const double> a, std::span<const double> b,
                                  double level = 0.95);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_CONFIDENCE_H_
