// Distribution: a validated probability distribution over doubles in the caller's unit
// (hours, minutes, people, ...), sampled from a RandomStream.
//
// Every factory checks its parameters and returns an error, never a half-built object:
// NaN and infinities are always rejected, and the message names the distribution, the
// parameter, what was expected and what was given
// ("exponential: mean must be a finite number > 0, got -3").
//
// Sampling uses only RandomStream::NextUniform() and explicit formulas (inversion where a
// closed form exists; AS241 for normal quantiles; Marsaglia-Tsang for gamma), never
// <random>, whose distributions differ between standard libraries. A sample is therefore a
// pure function of the stream's position, and the number of uniforms consumed is part of
// the contract: one for exponential, uniform, triangular, lognormal and both empirical
// kinds, k for erlang, none for deterministic, a variable number for gamma (rejection), and
// one plus the component's for a mixture. Samples also go through std::log, std::exp and
// std::sqrt: bit-identical for a given build and C library; another libm (or a build that
// contracts multiply-adds into FMA) may differ in the last bit.
//
// Thread safety: a Distribution is an immutable value (a shared pointer to a const
// implementation), so one Distribution may be sampled from many threads at once, each with
// its own RandomStream. Copies are cheap and share the implementation.
#ifndef ESCALADE_SIM_KERNEL_DISTRIBUTIONS_H_
#define ESCALADE_SIM_KERNEL_DISTRIBUTIONS_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/random.h"
#include "sim/kernel/status.h"

namespace escalade::kernel {

// Standard normal quantile, Wichura's AS241 (PPND16), relative error about 1e-16.
// REQUIRES: 0 < p < 1.
double StandardNormalQuantile(double p);

namespace internal {

// The interface each distribution family implements in distributions.cc. Mean and
// variance are computed once, at construction, so reading them costs no virtual call.
class DistributionImpl {
 public:
  DistributionImpl(double mean, double variance) : mean_(mean), variance_(variance) {}
  virtual ~DistributionImpl() = default;
  virtual double Sample(RandomStream& stream) const = 0;
  virtual std::string Describe() const = 0;
  double mean() const { return mean_; }
  double variance() const { return variance_; }

 private:
  double mean_;
  double variance_;
};

}  // namespace internal

class Distribution {
 public:
  // Deterministic(0).
  Distribution();
  // Copy only: a move is a copy, so no Distribution is ever left empty.
  Distribution(const Distribution&) = default;
  Distribution& operator=(const Distribution&) = default;

  static Result<Distribution> Exponential(double mean);  // mean > 0
  // Sum of shape_k exponentials; REQUIRES 1 <= shape_k <= 10000 (beyond, use Gamma with
  // cv = 1/sqrt(k), which is the same distribution at O(1) cost). mean > 0.
  static Result<Distribution> Erlang(int shape_k, double mean);
  static Result<Distribution> Gamma(double mean, double cv);      // mean > 0, 0 < cv <= 1e6
  static Result<Distribution> Lognormal(double mean, double cv);  // mean > 0, 0 < cv <= 1e6
  static Result<Distribution> Deterministic(double value);        // value >= 0
  static Result<Distribution> Uniform(double low, double high);   // low < high
  // low <= mode <= high, low < high.
  static Result<Distribution> Triangular(double low, double mode, double high);
  // Bin i is [edges[i], edges[i+1]) with probability weights[i] / sum(weights), uniform
  // within the bin. edges strictly increasing, edges.size() == weights.size() + 1 >= 2,
  // weights >= 0 with a positive sum.
  static Result<Distribution> EmpiricalHistogram(std::vector<double> edges,
                                                 std::vector<double> weights);
  // One of the values, each with probability 1/n. values non-empty.
  static Result<Distribution> EmpiricalSample(std::vector<double> values);
  // Component i with probability probabilities[i]. Sizes equal and >= 1, probabilities
  // >= 0 summing to 1 within 1e-9.
  static Result<Distribution> Mixture(std::vector<double> probabilities,
                                      std::vector<Distribution> components);

  double Sample(RandomStream& stream) const { return impl_->Sample(stream); }
  double Mean() const { return impl_->mean(); }
  double Variance() const { return impl_->variance(); }
  double SecondMoment() const { return Variance() + Mean() * Mean(); }
  // Family and parameters as given, e.g. "lognormal(mean=2, cv=0.5)".
  std::string Describe() const { return impl_->Describe(); }

 private:
  explicit Distribution(std::shared_ptr<const internal::DistributionImpl> impl)
      : impl_(std::move(impl)) {}
  // Wraps impl, or reports that its moments overflow a double.
  static Result<Distribution> Make(const char* family,
                                   std::shared_ptr<const internal::DistributionImpl> impl);

  std::shared_ptr<const internal::DistributionImpl> impl_;  // never null
};

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_DISTRIBUTIONS_H_
