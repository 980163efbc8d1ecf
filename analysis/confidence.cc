#include "analysis/confidence.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "sim/kernel/status.h"

namespace escalade::analysis {
namespace {

// Boost.Math reports a domain error by throwing; the callers' arguments are checked first
// (ESCALADE_CHECK), so what is left is overflow of a far tail, which becomes ±infinity.
using Policy = boost::math::policies::policy<
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;

// The upper quantile t with P(T > t) = q, q <= ½ (dof = +infinity: the normal's).
double UpperQuantile(double q, double dof) {
  if (std::isinf(dof)) {
    return boost::math::quantile(
        boost::math::complement(boost::math::normal_distribution<double, Policy>(), q));
  }
  return boost::math::quantile(
      boost::math::complement(boost::math::students_t_distribution<double, Policy>(dof), q));
}

}  // namespace

double StudentTCdf(double t, double dof) {
  ESCALADE_CHECK(dof >= 1, "StudentTCdf: dof=" + std::to_string(dof) + " must be >= 1");
  if (std::isnan(t)) return t;
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  // The smaller tail, computed directly (not 1 − cdf), keeps its relative accuracy.
  double tail = 0;
  if (std::isinf(dof)) {
    tail = boost::math::cdf(boost::math::complement(
        boost::math::normal_distribution<double, Policy>(), std::fabs(t)));
  } else {
    tail = boost::math::cdf(boost::math::complement(
        boost::math::students_t_distribution<double, Policy>(dof), std::fabs(t)));
  }
  return t > 0 ? 1 - tail : tail;
}

double StudentTQuantile(double p, double dof) {
  ESCALADE_CHECK(p > 0 && p < 1, "StudentTQuantile: p=" + std::to_string(p) + " not in (0, 1)");
  ESCALADE_CHECK(dof >= 1, "StudentTQuantile: dof=" + std::to_string(dof) + " must be >= 1");
  if (p == 0.5) return 0;
  // 1 − p is exact for p ≥ ½ (Sterbenz), so both tails are solved from the
  // small tail probability with full relative precision.
  if (p < 0.5) return -UpperQuantile(p, dof);
  return UpperQuantile(1 - p, dof);
}

double FisherFUpperTail(double f, double dof1, double dof2) {
  ESCALADE_CHECK(dof1 > 0 && dof2 > 0, "FisherFUpperTail: dof " + std::to_string(dof1) + ", " +
                                           std::to_string(dof2) + " must be > 0");
  if (std::isnan(f)) return f;
  if (f <= 0) return 1;
  if (std::isinf(f)) return 0;
  return boost::math::cdf(boost::math::complement(
      boost::math::fisher_f_distribution<double, Policy>(dof1, dof2), f));
}

Anova OneWayAnova(std::span<const std::vector<double>> groups) {
  Anova result;
  double total = 0;
  std::int64_t n = 0;
  for (const std::vector<double>& g : groups) {
    for (double v : g) total += v;
    n += static_cast<std::int64_t>(g.size());
  }
  const auto k = static_cast<std::int64_t>(groups.size());
  result.dof_between = k - 1;
  result.dof_within = n - k;
  if (k < 2 || n <= k) return result;
  for (const std::vector<double>& g : groups) {
    if (g.empty()) return result;
  }
  const double grand = total / static_cast<double>(n);
  double between = 0;
  double within = 0;
  for (const std::vector<double>& g : groups) {
    double sum = 0;
    for (double v : g) sum += v;
    const double mean = sum / static_cast<double>(g.size());
    between += static_cast<double>(g.size()) * (mean - grand) * (mean - grand);
    for (double v : g) within += (v - mean) * (v - mean);
  }
  result.f = (between / static_cast<double>(result.dof_between)) /
             (within / static_cast<double>(result.dof_within));
  result.p = FisherFUpperTail(result.f, static_cast<double>(result.dof_between),
                              static_cast<double>(result.dof_within));
  return result;
}

Interval MeanInterval(std::span<const double> values, double level) {
  ESCALADE_CHECK(level > 0 && level < 1,
                 "MeanInterval: level=" + std::to_string(level) + " not in (0, 1)");
  Interval result;
  result.n = static_cast<std::int64_t>(values.size());
  if (values.empty()) return result;
  const double first = values.front();
  if (values.size() == 1) {
    result.mean = first;
    return result;
  }
  if (std::all_of(values.begin(), values.end(), [first](double v) { return v == first; })) {
    result.mean = result.low = result.high = first;
    result.std_error = 0;
    return result;
  }
  const double n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  double mean = sum / n;
  // Corrected two-pass: Σd is zero in exact arithmetic; in floating point it
  // carries the first pass's rounding error, which it then removes.
  double sum_d = 0;
  double sum_d2 = 0;
  for (double v : values) {
    const double d = v - mean;
    sum_d += d;
    sum_d2 += d * d;
  }
  mean += sum_d / n;
  const double variance = std::max(0.0, (sum_d2 - sum_d * sum_d / n) / (n - 1));
  result.mean = mean;
  result.std_error = std::sqrt(variance / n);
  const double half_width = StudentTQuantile(0.5 + level / 2, n - 1) * result.std_error;
  result.low = mean - half_width;
  result.high = mean + half_width;
  return result;
}

Interval PairedDifferenceInterval(std::span<const double> a, std::span<const double> b,
                                  double level) {
  ESCALADE_CHECK(a.size() == b.size(), "PairedDifferenceInterval: sizes " +
                                           std::to_string(a.size()) + " and " +
                                           std::to_string(b.size()) + " differ");
  std::vector<double> differences(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) differences[i] = a[i] - b[i];
  return MeanInterval(differences, level);
}

}  // namespace escalade::analysis
