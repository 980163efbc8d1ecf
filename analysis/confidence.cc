#include "analysis/confidence.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/status.h"

namespace escalade::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kHalfLog2Pi = 0.91893853320467274178;  // ½ ln 2π
constexpr double kLogHalf = -0.69314718055994530942;    // ln ½

// δ(z) = ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π], the remainder of Stirling's
// series. For z ≥ 10 the asymptotic series (A&S 6.1.41), truncated after the
// z^-13 term, is exact to double precision; below, lgamma has no large
// magnitude to lose, so the difference is accurate.
double StirlingRemainder(double z) {
  if (z >= 10) {
    const double r = 1 / z;
    const double r2 = r * r;
    return r *
           (1.0 / 12 -
            r2 * (1.0 / 360 -
                  r2 * (1.0 / 1260 -
                        r2 * (1.0 / 1680 - r2 * (1.0 / 1188 - r2 * (691.0 / 360360 - r2 / 156))))));
  }
  return std::lgamma(z) - ((z - 0.5) * std::log(z) - z + kHalfLog2Pi);
}

// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). Written through Stirling's
// remainder so that, when a ≫ b (the t distribution with many degrees of
// freedom has a = ν/2, b = ½), the three large ln Γ terms cancel analytically
// instead of in floating point:
//   ln B = ½ ln 2π + (b − ½) ln b − b ln a − (a + b − ½) ln(1 + b/a)
//          + δ(a) + δ(b) − δ(a + b),   a ≥ b.
double LogBeta(double a, double b) {
  if (a < b) std::swap(a, b);
  return kHalfLog2Pi + (b - 0.5) * std::log(b) - b * std::log(a) -
         (a + b - 0.5) * std::log1p(b / a) + StirlingRemainder(a) + StirlingRemainder(b) -
         StirlingRemainder(a + b);
}

// The continued fraction for I_x(a, b) (Numerical Recipes 3rd ed. §6.4, eq.
// 6.4.5), evaluated by the modified Lentz method (Lentz 1976; Thompson & Barnett
// 1986). Converges fast for x < (a + 1)/(a + b + 2).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr int kMaxIterations = 100000;
  const double qab = a + b;
  const double qap = a + 1;
  const double qam = a - 1;
  double c = 1;
  double d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double m2 = 2.0 * m;
    // Even step.
    // Coefficients as products of ratios: a·a overflows for dof near DBL_MAX.
    double aa = (m * x / (qam + m2)) * ((b - m) / (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    aa = -x * ((a + m) / (a + m2)) * ((qab + m) / (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) <= kEps) return h;
  }
  ESCALADE_CHECK(false,
                 "incomplete beta continued fraction did not converge: a=" + std::to_string(a) +
                     " b=" + std::to_string(b) + " x=" + std::to_string(x));
}

// ln I_x(a, b), the log of the regularised incomplete beta function
//   I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · CF(a, b, x)      (A&S 26.5.8),
// for x below (a + 1)/(a + b + 2), where the fraction converges fast; above it
// the symmetry I_x(a, b) = 1 − I_y(b, a) is used. The caller passes x,
// y = 1 − x and both logarithms, each computed without cancellation, so that
// neither a tiny y nor an underflowing x loses accuracy.
double LogRegularizedBeta(double a, double b, double x, double y, double log_x, double log_y) {
  if (log_x == -kInf) return -kInf;
  if (log_y == -kInf) return 0;
  const double log_front = a * log_x + b * log_y - LogBeta(a, b);
  if (y > (b + 1) / (a + b + 2)) {  // x < (a + 1)/(a + b + 2), decided on the exact y
    return log_front + std::log(BetaContinuedFraction(a, b, x) / a);
  }
  return std::log1p(-std::exp(log_front) * BetaContinuedFraction(b, a, y) / b);
}

// ln I_x(a, ½) for a ≥ 15 and x close to 1 (1 − x ≤ 0.3), by the asymptotic
// expansion of DiDonato & Morris, "Algorithm 708: Significant digit computation
// of the incomplete beta function ratios", ACM TOMS 18(3), 1992, §3 (their
// BGRAT), specialised to b = ½ where the incomplete gamma ratio it needs is
// Q(½, z) = erfc(√z). Here the continued fraction would subtract numbers
// within O(1/a) of each other, losing ~log10(a) digits; this expansion is a
// sum of positive terms in powers of 1/T² and ln²x, T = a − ¼:
//   I_x(a, ½) = U · Σ_{n≥0} d_n J_n,   z = −T ln x,
//   U = e^−z √(z/T) / B(a, ½),   J_0 = √π e^z erfc(√z) / √z.
// Returns NaN if the expansion does not converge in 30 terms.
double LogRegularizedBetaHalfLargeA(double a, double log_x) {
  constexpr double b = 0.5;
  constexpr int kTerms = 30;
  const double big_t = a + (b - 1) / 2;
  const double z = -big_t * log_x;
  const double log_u = -z + b * std::log(z / big_t) - LogBeta(a, b);
  // J_0 = Q(½, z) / r with r = e^−z z^½ / Γ(½).
  double j;
  if (z <= 500) {
    const double root = std::sqrt(z);
    j = std::erfc(root) * std::exp(z) * std::sqrt(std::numbers::pi) / root;
  } else {  // erfc would underflow: its asymptotic series (A&S 7.1.23)
    double term = 1;
    double series = 1;
    for (int k = 1; k < 20 && std::fabs(term) > kEps * series; ++k) {
      term *= -(2 * k - 1) / (2 * z);
      series += term;
    }
    j = series / z;
  }
  const double v = 0.25 / (big_t * big_t);
  const double half_log_x_sq = 0.25 * log_x * log_x;
  double c[kTerms + 1];
  double d[kTerms + 1];
  double sum = j;
  double power = 1;  // (ln x / 2)^(2(n−1))
  double c_n = 1;    // 1 / (2n + 1)!
  for (int n = 1; n <= kTerms; ++n) {
    const double b_2n = b + 2 * (n - 1);
    j = (b_2n * (b_2n + 1) * j + (z + b_2n + 1) * power) * v;
    power *= half_log_x_sq;
    c_n /= (2.0 * n) * (2.0 * n + 1);
    c[n] = c_n;
    double s = 0;
    for (int i = 1; i < n; ++i) s += (i * b - n) * c[i] * d[n - i];
    d[n] = (b - 1) * c_n + s / n;
    const double term = d[n] * j;
    sum += term;
    if (!(sum > 0)) break;
    if (std::fabs(term) <= 15 * kEps * sum) return log_u + std::log(sum);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

struct TailAndDensity {
  double log_tail;  // ln P(T > t)
  double log_pdf;   // ln f(t)
};

// ln P(T > t) and ln f(t) for t ≥ 0, T ~ t(dof); dof = ∞ is the normal.
//   P(T > t) = ½ I_x(ν/2, ½), x = ν/(ν + t²)                 (A&S 26.7.1)
//   f(t) = (1 + t²/ν)^(−(ν+1)/2) / (√ν B(ν/2, ½))
// Near the centre (t² ≲ 3) I_x comes from the continued fraction for
// I_y(½, ν/2), y = 1 − x; beyond it from the fraction for I_x(ν/2, ½) itself,
// except for ν ≥ 30 with y ≤ 0.3, where x is so close to 1 that the fraction
// cancels and the large-a expansion takes over (as in TOMS 708's BRATIO).
TailAndDensity StudentTUpper(double t, double dof) {
  if (std::isinf(dof)) {
    return {std::log(0.5 * std::erfc(t / std::numbers::sqrt2)), -0.5 * t * t - kHalfLog2Pi};
  }
  if (std::isinf(t)) return {-kInf, -kInf};
  const double a = dof / 2;
  const double log_norm = -0.5 * std::log(dof) - LogBeta(a, 0.5);
  double x, y, log_x, log_y, log1p_s;  // s = t²/ν, log1p_s = ln(1 + s)
  if (t * t <= dof) {
    const double s = t * t / dof;
    log1p_s = std::log1p(s);
    x = 1 / (1 + s);
    y = s / (1 + s);
    log_x = -log1p_s;
    log_y = std::log(s) - log1p_s;
  } else {
    // r = ν/t² may underflow for huge t; its logarithm must not.
    const double r = dof / t / t;
    const double log_r =
        r >= std::numeric_limits<double>::min() ? std::log(r) : std::log(dof) - 2 * std::log(t);
    const double log1p_r = std::log1p(r);
    x = r / (1 + r);
    y = 1 / (1 + r);
    log_x = log_r - log1p_r;
    log_y = -log1p_r;
    log1p_s = log1p_r - log_r;
  }
  double log_beta = std::numeric_limits<double>::quiet_NaN();
  // 1.5/(a + 2.5) = (b + 1)/(a + b + 2): LogRegularizedBeta's switch point.
  if (a >= 15 && y <= 0.3 && y > 1.5 / (a + 2.5)) {
    log_beta = LogRegularizedBetaHalfLargeA(a, log_x);
  }
  if (std::isnan(log_beta)) log_beta = LogRegularizedBeta(a, 0.5, x, y, log_x, log_y);
  return {kLogHalf + log_beta, -(dof + 1) / 2 * log1p_s + log_norm};
}

// The t > 0 with P(T > t) = q, for 0 < q < ½. Newton's method on
//   φ(w) = ln P(T > e^w) − ln q,   φ'(w) = −t f(t) / P(T > t),
// which is nearly linear in w in the tails (P(T > t) ~ C t^−ν), so the
// iteration converges quadratically from the initial guess almost everywhere.
// A bracket [lo, hi] with φ(lo) > 0 > φ(hi) is kept from every evaluation;
// a Newton step that leaves it is replaced by expansion (while one side is
// still open) or bisection.
double UpperQuantile(double q, double dof) {
  const double log_q = std::log(q);
  auto phi = [&](double w, double* slope) {
    const TailAndDensity v = StudentTUpper(std::exp(w), dof);
    *slope = -std::exp(w + v.log_pdf - v.log_tail);
    const double f = v.log_tail - log_q;
    ESCALADE_CHECK(!std::isnan(f), "t tail is NaN at t=" + std::to_string(std::exp(w)) +
                                       " dof=" + std::to_string(dof));
    return f;
  };

  // Initial guesses: the normal quantile (A&S 26.2.23, |error| < 4.5e-4) with
  // the Cornish–Fisher expansion in 1/ν (A&S 26.7.5), good for large ν, and the
  // power-law tail P(T > t) ≈ ν^(ν/2−1) t^−ν / B(ν/2, ½), good for small ν and q.
  const double s = std::sqrt(-2 * log_q);
  const double z = s - (2.515517 + s * (0.802853 + s * 0.010328)) /
                           (1 + s * (1.432788 + s * (0.189269 + s * 0.001308)));
  double guesses[2] = {z, 0};
  if (!std::isinf(dof)) {
    const double z2 = z * z;
    const double g1 = z * (z2 + 1) / 4;
    const double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
    const double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
    const double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
    guesses[0] = z + (g1 + (g2 + (g3 + g4 / dof) / dof) / dof) / dof;
    guesses[1] = std::exp(((dof / 2 - 1) * std::log(dof) - LogBeta(dof / 2, 0.5) - log_q) / dof);
  }
  double w = 0, f = kInf, slope = 0;
  for (double guess : guesses) {
    if (!(guess > 0) || std::isinf(guess)) continue;
    double guess_slope;
    const double guess_w = std::log(guess);
    const double guess_f = phi(guess_w, &guess_slope);
    if (std::fabs(guess_f) < std::fabs(f)) {
      w = guess_w;
      f = guess_f;
      slope = guess_slope;
    }
  }
  if (std::isinf(f)) f = phi(w, &slope);  // no usable guess: start from t = 1

  // exp(w) is finite and nonzero for w in (kMinW, kMaxW).
  constexpr double kMaxW = 710;
  constexpr double kMinW = -746;
  double lo = -kInf;  // φ(lo) > 0
  double hi = kInf;   // φ(hi) < 0
  double step = 1;
  for (int iteration = 0; iteration < 400; ++iteration) {
    if (f == 0) break;
    if (f > 0)
      lo = w;
    else
      hi = w;
    if (std::isfinite(lo) && std::isfinite(hi) &&
        hi - lo <= 2 * kEps * std::max({1.0, std::fabs(lo), std::fabs(hi)})) {
      w = (lo + hi) / 2;
      break;
    }
    const double newton = w - f / slope;
    if (std::isfinite(newton) && newton > lo && newton < hi && newton > kMinW && newton < kMaxW) {
      if (std::fabs(newton - w) <= 1e-10 * std::max(1.0, std::fabs(w))) {
        // The error after a Newton step is O(step²): far below rounding.
        w = newton;
        break;
      }
      w = newton;
    } else if (std::isinf(hi)) {
      w = std::min(lo + step, kMaxW);
      step *= 2;
    } else if (std::isinf(lo)) {
      w = std::max(hi - step, kMinW);
      step *= 2;
    } else {
      w = (lo + hi) / 2;
    }
    f = phi(w, &slope);
  }
  return std::exp(w);
}

}  // namespace

double StudentTCdf(double t, double dof) {
  ESCALADE_CHECK(dof >= 1, "StudentTCdf: dof=" + std::to_string(dof) + " must be >= 1");
  if (std::isnan(t)) return t;
  const double tail = std::exp(StudentTUpper(std::fabs(t), dof).log_tail);
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
