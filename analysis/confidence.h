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
// which removes the shared variance and gives tight intervals. The
// distributions are Boost.Math's.
//
// Thread safety: pure functions on plain values; safe from any thread.
#ifndef ESCALADE_ANALYSIS_CONFIDENCE_H_
#define ESCALADE_ANALYSIS_CONFIDENCE_H_

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace escalade::analysis {

// P(T ≤ t) for T ~ Student t with `dof` degrees of freedom, from Boost.Math
// (boost::math::students_t; its accuracy is documented there: a few ulps). The
// smaller tail is computed directly, so it keeps its relative accuracy however
// small it is. dof = +infinity is accepted and gives the standard normal CDF.
// REQUIRES: dof >= 1 (non-integer allowed). A NaN t gives NaN.
double StudentTCdf(double t, double dof);

// The p-quantile of the Student t distribution with `dof` degrees of freedom:
// the t with StudentTCdf(t, dof) = p (Boost.Math). Both tails are solved from
// min(p, 1 − p), so whenever 1 − p is exact,
// StudentTQuantile(1 − p) == −StudentTQuantile(p) bit for bit.
// dof = +infinity gives the standard normal quantile.
// REQUIRES: 0 < p < 1, dof >= 1.
double StudentTQuantile(double p, double dof);

// P(F > f) for F ~ Fisher's F with (dof1, dof2) degrees of freedom (Boost.Math):
// 1 for f <= 0, 0 for f = +infinity, NaN for a NaN f.
// REQUIRES: dof1 > 0, dof2 > 0.
double FisherFUpperTail(double f, double dof1, double dof2);

// One-way analysis of variance of groups of observations: are the group means
// equal? F = (between-group mean square) / (within-group mean square) with
// (k − 1, n − k) degrees of freedom, p = P(F(k − 1, n − k) > F). Used to check
// that replications are independent: with groups = the replication outputs of
// runs under different seeds, the run means must vary between seeds no more
// than the replications within a run say (a large F, small p, means the
// replications of one run share something).
struct Anova {
  double f = std::numeric_limits<double>::quiet_NaN();
  double p = std::numeric_limits<double>::quiet_NaN();
  std::int64_t dof_between = 0;  // k − 1
  std::int64_t dof_within = 0;   // n − k
};
// NaN f and p when there are fewer than 2 groups, an empty group, or no
// within-group degree of freedom; f = +infinity (p = 0) when every group is
// constant but the groups differ.
Anova OneWayAnova(std::span<const std::vector<double>> groups);

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
