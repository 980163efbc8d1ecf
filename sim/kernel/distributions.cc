#include "sim/kernel/distributions.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>

#include "sim/kernel/text.h"

namespace escalade::kernel {
namespace {

using internal::DistributionImpl;

// "[1, 2, 3]" for a few values, "(n values in [min, max])" for many, to keep messages short.
std::string List(const std::vector<double>& values) {
  constexpr std::size_t kMaxListed = 6;
  if (values.size() > kMaxListed) {
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return "(" + std::to_string(values.size()) + " values in [" + FormatNumber(*low) + ", " +
           FormatNumber(*high) + "])";
  }
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + FormatNumber(values[i]);
  return out + "]";
}

Status Invalid(const std::string& family, const std::string& what) {
  return Status::Error(family + ": " + what);
}
Status Invalid(const std::string& family, const std::string& param, const std::string& expected,
               double got) {
  return Invalid(family, param + " must be " + expected + ", got " + FormatNumber(got));
}

bool IsPositive(double x) { return std::isfinite(x) && x > 0; }
bool IsNonNegative(double x) { return std::isfinite(x) && x >= 0; }

constexpr char kPositive[] = "a finite number > 0";
constexpr char kNonNegative[] = "a finite number >= 0";
constexpr char kFinite[] = "a finite number";
constexpr double kMaxCv = 1e6;  // past this the shape parameters are numerically degenerate
constexpr char kCvRange[] = "a finite number > 0 and <= 1e6";
constexpr int kMaxErlangShape = 10000;

// Index of the first cumulative probability above u: inverts a discrete CDF whose last
// entry is exactly 1. Zero-probability entries are never chosen because u > 0.
std::size_t FindBin(const std::vector<double>& cdf, double u) {
  const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
  return std::min(static_cast<std::size_t>(it - cdf.begin()), cdf.size() - 1);
}

// Cumulative sums of probabilities, with the last forced to exactly 1 so that every
// u < 1 finds a bin despite rounding.
std::vector<double> Cumulative(const std::vector<double>& probabilities) {
  std::vector<double> cdf(probabilities.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) cdf[i] = sum += probabilities[i];
  cdf.back() = 1.0;
  return cdf;
}

class ExponentialImpl final : public DistributionImpl {
 public:
  explicit ExponentialImpl(double mean) : DistributionImpl(mean, mean * mean) {}
  double Sample(RandomStream& stream) const override {
    return -mean() * std::log(stream.NextUniform());
  }
  std::string Describe() const override { return "exponential(mean=" + FormatNumber(mean()) + ")"; }
};

class ErlangImpl final : public DistributionImpl {
 public:
  ErlangImpl(int k, double mean)
      : DistributionImpl(mean, mean * mean / k), k_(k), phase_mean_(mean / k) {}
  double Sample(RandomStream& stream) const override {
    // Product of uniforms, one log per ~17 factors; each factor is >= 2^-53, so flushing
    // below 1e-280 keeps the product far from underflow.
    double product = 1.0;
    double log_sum = 0.0;
    for (int i = 0; i < k_; ++i) {
      product *= stream.NextUniform();
      if (product < 1e-280) {
        log_sum += std::log(product);
        product = 1.0;
      }
    }
    return -phase_mean_ * (log_sum + std::log(product));
  }
  std::string Describe() const override {
    return "erlang(k=" + std::to_string(k_) + ", mean=" + FormatNumber(mean()) + ")";
  }

 private:
  int k_;
  double phase_mean_;
};

// Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; for shape < 1
// it samples shape + 1 and multiplies by U^(1/shape).
class GammaImpl final : public DistributionImpl {
 public:
  GammaImpl(double mean, double cv)
      : DistributionImpl(mean, (mean * cv) * (mean * cv)),
        cv_(cv),
        scale_(mean * cv * cv),
        inverse_shape_(cv * cv),
        boosted_(cv > 1.0),
        d_((boosted_ ? 1.0 / (cv * cv) + 1.0 : 1.0 / (cv * cv)) - 1.0 / 3.0),
        c_(1.0 / std::sqrt(9.0 * d_)) {}
  double Sample(RandomStream& stream) const override {
    double x;
    for (;;) {
      double z;
      double v;
      do {
        z = StandardNormalQuantile(stream.NextUniform());
        v = 1.0 + c_ * z;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = stream.NextUniform();
      const double z2 = z * z;
      if (u < 1.0 - 0.0331 * z2 * z2 || std::log(u) < 0.5 * z2 + d_ * (1.0 - v + std::log(v))) {
        x = d_ * v;
        break;
      }
    }
    if (boosted_) x *= std::exp(std::log(stream.NextUniform()) * inverse_shape_);
    return x * scale_;
  }
  std::string Describe() const override {
    return "gamma(mean=" + FormatNumber(mean()) + ", cv=" + FormatNumber(cv_) + ")";
  }

 private:
  double cv_;
  double scale_;
  double inverse_shape_;  // cv^2
  bool boosted_;          // shape 1/cv^2 < 1
  double d_;
  double c_;
};

class LognormalImpl final : public DistributionImpl {
 public:
  LognormalImpl(double mean, double cv)
      : DistributionImpl(mean, (mean * cv) * (mean * cv)),
        cv_(cv),
        sigma_(std::sqrt(std::log1p(cv * cv))),
        mu_(std::log(mean) - 0.5 * std::log1p(cv * cv)) {}
  double Sample(RandomStream& stream) const override {
    return std::exp(mu_ + sigma_ * StandardNormalQuantile(stream.NextUniform()));
  }
  std::string Describe() const override {
    return "lognormal(mean=" + FormatNumber(mean()) + ", cv=" + FormatNumber(cv_) + ")";
  }

 private:
  double cv_;
  double sigma_;
  double mu_;
};

class DeterministicImpl final : public DistributionImpl {
 public:
  explicit DeterministicImpl(double value) : DistributionImpl(value, 0.0) {}
  double Sample(RandomStream&) const override { return mean(); }
  std::string Describe() const override { return "deterministic(" + FormatNumber(mean()) + ")"; }
};

class UniformImpl final : public DistributionImpl {
 public:
  UniformImpl(double low, double high)
      : DistributionImpl(0.5 * (low + high), (high - low) * (high - low) / 12.0),
        low_(low),
        high_(high) {}
  double Sample(RandomStream& stream) const override {
    return low_ + (high_ - low_) * stream.NextUniform();
  }
  std::string Describe() const override {
    return "uniform(low=" + FormatNumber(low_) + ", high=" + FormatNumber(high_) + ")";
  }

 private:
  double low_;
  double high_;
};

class TriangularImpl final : public DistributionImpl {
 public:
  TriangularImpl(double a, double c, double b)
      : DistributionImpl((a + b + c) / 3.0, (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0),
        low_(a),
        mode_(c),
        high_(b),
        mode_cdf_((c - a) / (b - a)) {}
  double Sample(RandomStream& stream) const override {
    const double u = stream.NextUniform();
    if (u < mode_cdf_) return low_ + std::sqrt(u * (high_ - low_) * (mode_ - low_));
    return high_ - std::sqrt((1.0 - u) * (high_ - low_) * (high_ - mode_));
  }
  std::string Describe() const override {
    return "triangular(low=" + FormatNumber(low_) + ", mode=" + FormatNumber(mode_) +
           ", high=" + FormatNumber(high_) + ")";
  }

 private:
  double low_;
  double mode_;
  double high_;
  double mode_cdf_;
};

// Moments of a histogram that is uniform within each bin: law of total variance, which
// avoids the cancellation of E[X^2] - E[X]^2.
std::pair<double, double> HistogramMoments(const std::vector<double>& edges,
                                           const std::vector<double>& probabilities) {
  double mean = 0.0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    mean += probabilities[i] * 0.5 * (edges[i] + edges[i + 1]);
  }
  double variance = 0.0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double width = edges[i + 1] - edges[i];
    const double offset = 0.5 * (edges[i] + edges[i + 1]) - mean;
    variance += probabilities[i] * (width * width / 12.0 + offset * offset);
  }
  return {mean, variance};
}

class HistogramImpl final : public DistributionImpl {
 public:
  HistogramImpl(std::vector<double> edges, std::vector<double> weights,
                const std::vector<double>& probabilities)
      : DistributionImpl(HistogramMoments(edges, probabilities).first,
                         HistogramMoments(edges, probabilities).second),
        edges_(std::move(edges)),
        weights_(std::move(weights)),
        cdf_(Cumulative(probabilities)) {}
  double Sample(RandomStream& stream) const override {
    // Inverts the piecewise-linear CDF, so one uniform gives one sample.
    const double u = stream.NextUniform();
    const std::size_t bin = FindBin(cdf_, u);
    const double below = bin == 0 ? 0.0 : cdf_[bin - 1];
    const double fraction = std::clamp((u - below) / (cdf_[bin] - below), 0.0, 1.0);
    return edges_[bin] + fraction * (edges_[bin + 1] - edges_[bin]);
  }
  std::string Describe() const override {
    return "empirical_histogram(edges=" + List(edges_) + ", weights=" + List(weights_) + ")";
  }

 private:
  std::vector<double> edges_;
  std::vector<double> weights_;  // as given, for Describe
  std::vector<double> cdf_;
};

std::pair<double, double> SampleMoments(const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  double mean = 0.0;
  for (double v : values) mean += v / n;
  double variance = 0.0;
  for (double v : values) variance += (v - mean) * (v - mean) / n;
  return {mean, variance};
}

class EmpiricalSampleImpl final : public DistributionImpl {
 public:
  explicit EmpiricalSampleImpl(std::vector<double> values)
      : DistributionImpl(SampleMoments(values).first, SampleMoments(values).second),
        values_(std::move(values)) {}
  double Sample(RandomStream& stream) const override {
    const double scaled = stream.NextUniform() * static_cast<double>(values_.size());
    return values_[std::min(static_cast<std::size_t>(scaled), values_.size() - 1)];
  }
  std::string Describe() const override { return "empirical_sample(values=" + List(values_) + ")"; }

 private:
  std::vector<double> values_;
};

std::pair<double, double> MixtureMoments(const std::vector<double>& probabilities,
                                         const std::vector<Distribution>& components) {
  double mean = 0.0;
  for (std::size_t i = 0; i < components.size(); ++i) {
    mean += probabilities[i] * components[i].Mean();
  }
  double variance = 0.0;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const double offset = components[i].Mean() - mean;
    variance += probabilities[i] * (components[i].Variance() + offset * offset);
  }
  return {mean, variance};
}

class MixtureImpl final : public DistributionImpl {
 public:
  MixtureImpl(std::vector<double> probabilities, std::vector<Distribution> components)
      : DistributionImpl(MixtureMoments(probabilities, components).first,
                         MixtureMoments(probabilities, components).second),
        probabilities_(std::move(probabilities)),
        cdf_(Cumulative(probabilities_)),
        components_(std::move(components)) {}
  double Sample(RandomStream& stream) const override {
    return components_[FindBin(cdf_, stream.NextUniform())].Sample(stream);
  }
  std::string Describe() const override {
    std::string out = "mixture(";
    for (std::size_t i = 0; i < components_.size(); ++i) {
      out += (i ? " + " : "") + FormatNumber(probabilities_[i]) + "*" + components_[i].Describe();
    }
    return out + ")";
  }

 private:
  std::vector<double> probabilities_;  // normalised to sum 1
  std::vector<double> cdf_;
  std::vector<Distribution> components_;
};

}  // namespace

Distribution::Distribution() : impl_(std::make_shared<const DeterministicImpl>(0.0)) {}

Result<Distribution> Distribution::Make(const char* family,
                                        std::shared_ptr<const DistributionImpl> impl) {
  if (!std::isfinite(impl->mean()) || !std::isfinite(impl->variance())) {
    return Invalid(family, "parameters too large for double arithmetic: " + impl->Describe() +
                               " has mean " + FormatNumber(impl->mean()) + " and variance " +
                               FormatNumber(impl->variance()));
  }
  return Distribution(std::move(impl));
}

Result<Distribution> Distribution::Exponential(double mean) {
  if (!IsPositive(mean)) return Invalid("exponential", "mean", kPositive, mean);
  return Make("exponential", std::make_shared<const ExponentialImpl>(mean));
}

Result<Distribution> Distribution::Erlang(int shape_k, double mean) {
  if (shape_k < 1 || shape_k > kMaxErlangShape) {
    return Invalid("erlang", "shape_k must be an integer in [1, " +
                                 std::to_string(kMaxErlangShape) +
                                 "] (for larger shapes use gamma with cv = 1/sqrt(k)), got " +
                                 std::to_string(shape_k));
  }
  if (!IsPositive(mean)) return Invalid("erlang", "mean", kPositive, mean);
  return Make("erlang", std::make_shared<const ErlangImpl>(shape_k, mean));
}

Result<Distribution> Distribution::Gamma(double mean, double cv) {
  if (!IsPositive(mean)) return Invalid("gamma", "mean", kPositive, mean);
  if (!IsPositive(cv) || cv > kMaxCv) return Invalid("gamma", "cv", kCvRange, cv);
  return Make("gamma", std::make_shared<const GammaImpl>(mean, cv));
}

Result<Distribution> Distribution::Lognormal(double mean, double cv) {
  if (!IsPositive(mean)) return Invalid("lognormal", "mean", kPositive, mean);
  if (!IsPositive(cv) || cv > kMaxCv) return Invalid("lognormal", "cv", kCvRange, cv);
  return Make("lognormal", std::make_shared<const LognormalImpl>(mean, cv));
}

Result<Distribution> Distribution::Deterministic(double value) {
  if (!IsNonNegative(value)) return Invalid("deterministic", "value", kNonNegative, value);
  return Make("deterministic", std::make_shared<const DeterministicImpl>(value));
}

Result<Distribution> Distribution::Uniform(double low, double high) {
  if (!std::isfinite(low)) return Invalid("uniform", "low", kFinite, low);
  if (!std::isfinite(high)) return Invalid("uniform", "high", kFinite, high);
  if (!(low < high)) {
    return Invalid("uniform", "low must be < high, got low=" + FormatNumber(low) +
                                  ", high=" + FormatNumber(high));
  }
  return Make("uniform", std::make_shared<const UniformImpl>(low, high));
}

Result<Distribution> Distribution::Triangular(double low, double mode, double high) {
  if (!std::isfinite(low)) return Invalid("triangular", "low", kFinite, low);
  if (!std::isfinite(mode)) return Invalid("triangular", "mode", kFinite, mode);
  if (!std::isfinite(high)) return Invalid("triangular", "high", kFinite, high);
  if (!(low <= mode && mode <= high && low < high)) {
    return Invalid("triangular",
                   "need low <= mode <= high and low < high, got low=" + FormatNumber(low) +
                       ", mode=" + FormatNumber(mode) + ", high=" + FormatNumber(high));
  }
  return Make("triangular", std::make_shared<const TriangularImpl>(low, mode, high));
}

Result<Distribution> Distribution::EmpiricalHistogram(std::vector<double> edges,
                                                      std::vector<double> weights) {
  const char* family = "empirical_histogram";
  if (weights.empty() || edges.size() != weights.size() + 1) {
    return Invalid(family, "need edges.size() == weights.size() + 1 >= 2, got " +
                               std::to_string(edges.size()) + " edges and " +
                               std::to_string(weights.size()) + " weights");
  }
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (!std::isfinite(edges[i])) {
      return Invalid(family, "edges[" + std::to_string(i) + "]", kFinite, edges[i]);
    }
    if (i > 0 && !(edges[i - 1] < edges[i])) {
      return Invalid(family, "edges must be strictly increasing, got edges[" + std::to_string(i) +
                                 "]=" + FormatNumber(edges[i]) + " after " +
                                 FormatNumber(edges[i - 1]));
    }
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!IsNonNegative(weights[i])) {
      return Invalid(family, "weights[" + std::to_string(i) + "]", kNonNegative, weights[i]);
    }
    sum += weights[i];
  }
  if (!IsPositive(sum)) return Invalid(family, "sum of weights", kPositive, sum);
  std::vector<double> probabilities(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) probabilities[i] = weights[i] / sum;
  return Make(family, std::make_shared<const HistogramImpl>(std::move(edges), std::move(weights),
                                                            probabilities));
}

Result<Distribution> Distribution::EmpiricalSample(std::vector<double> values) {
  const char* family = "empirical_sample";
  if (values.empty()) return Invalid(family, "values must be non-empty, got none");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return Invalid(family, "values[" + std::to_string(i) + "]", kFinite, values[i]);
    }
  }
  return Make(family, std::make_shared<const EmpiricalSampleImpl>(std::move(values)));
}

Result<Distribution> Distribution::Mixture(std::vector<double> probabilities,
                                           std::vector<Distribution> components) {
  const char* family = "mixture";
  if (components.empty() || probabilities.size() != components.size()) {
    return Invalid(family, "need as many probabilities as components, at least one, got " +
                               std::to_string(probabilities.size()) + " probabilities and " +
                               std::to_string(components.size()) + " components");
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    if (!IsNonNegative(probabilities[i])) {
      return Invalid(family, "probabilities[" + std::to_string(i) + "]", kNonNegative,
                     probabilities[i]);
    }
    sum += probabilities[i];
  }
  if (!(std::fabs(sum - 1.0) <= 1e-9)) {
    return Invalid(family, "probabilities must sum to 1 (within 1e-9), got " + FormatNumber(sum));
  }
  for (double& p : probabilities) p /= sum;
  return Make(family,
              std::make_shared<const MixtureImpl>(std::move(probabilities), std::move(components)));
}

namespace {

// c[0] + c[1] x + ... + c[7] x^7 by Horner's rule, highest power first.
constexpr double Polynomial(const double (&c)[8], double x) {
  double value = c[7];
  for (int i = 6; i >= 0; --i) value = value * x + c[i];
  return value;
}

}  // namespace

// Wichura, M. J. (1988) "Algorithm AS 241: The percentage points of the normal
// distribution", Applied Statistics 37(3):477-484; PPND16 with its published coefficients,
// lowest power first.
double StandardNormalQuantile(double p) {
  ESCALADE_CHECK(p > 0.0 && p < 1.0,
                 "StandardNormalQuantile: p=" + FormatNumber(p) + " not in (0,1)");
  static constexpr double kA[8] = {3.3871328727963666080e+0, 1.3314166789178437745e+2,
                                   1.9715909503065514427e+3, 1.3731693765509461125e+4,
                                   4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                   3.3430575583588128105e+4, 2.5090809287301226727e+3};
  static constexpr double kB[8] = {1.00000000000000000000e+0, 4.2313330701600911252e+1,
                                   6.8718700749205790830e+2,  5.3941960214247511077e+3,
                                   2.1213794301586595867e+4,  3.9307895800092710610e+4,
                                   2.8729085735721942674e+4,  5.2264952788528545610e+3};
  static constexpr double kC[8] = {1.42343711074968357734e+0, 4.63033784615654529590e+0,
                                   5.76949722146069140550e+0, 3.64784832476320460504e+0,
                                   1.27045825245236838258e+0, 2.41780725177450611770e-1,
                                   2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static constexpr double kD[8] = {1.00000000000000000000e+0, 2.05319162663775882187e+0,
                                   1.67638483018380384940e+0, 6.89767334985100004550e-1,
                                   1.48103976427480074590e-1, 1.51986665636164571966e-2,
                                   5.47593808499534494600e-4, 1.05075007164441684324e-9};
  static constexpr double kE[8] = {6.65790464350110377720e+0, 5.46378491116411436990e+0,
                                   1.78482653991729133580e+0, 2.96560571828504891230e-1,
                                   2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                   2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr double kF[8] = {1.00000000000000000000e+0, 5.99832206555887937690e-1,
                                   1.36929880922735805310e-1, 1.48753612908506148525e-2,
                                   7.86869131145613259100e-4, 1.84631831751005468180e-5,
                                   1.42151175831644588870e-7, 2.04426310338993978564e-15};
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * Polynomial(kA, r) / Polynomial(kB, r);
  }
  // Tails: a rational function of sqrt(-log(min(p, 1 - p))).
  const double r = std::sqrt(-std::log(q < 0.0 ? p : 1.0 - p));
  const double value = r <= 5.0 ? Polynomial(kC, r - 1.6) / Polynomial(kD, r - 1.6)
                                : Polynomial(kE, r - 5.0) / Polynomial(kF, r - 5.0);
  return q < 0.0 ? -value : value;
}

}  // namespace escalade::kernel
