#include "analysis/ranking_selection.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace escalade::analysis {
namespace {

double SampleVariance(std::span<const double> values) {
  const double n = static_cast<double>(values.size());
  double mean = 0;
  for (double v : values) mean += v;
  mean /= n;
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  return ss / (n - 1);
}

double Mean(std::span<const double> values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

}  // namespace

double FeasibilityH2(double beta, int n0) {
  const double dof = static_cast<double>(n0 - 1);
  return dof * (std::pow(2 * beta, -2 / dof) - 1);
}

Decision FeasibilityCheck(std::span<const double> values, Sense sense, double threshold,
                          double tolerance, double beta, int n0) {
  const double delta = tolerance / 2;
  // Centred inside the constraint: an output that violates it drifts away from the
  // feasible side by at least δ.
  const double centre = sense == Sense::kAtMost ? threshold - delta : threshold + delta;
  const double s2 = SampleVariance(values.first(static_cast<std::size_t>(n0)));
  const double h2 = FeasibilityH2(beta, n0);
  const double r = static_cast<double>(values.size());
  const double bound = std::max(0.0, h2 * s2 / (2 * delta) - delta * r / 2);
  double sum = 0;  // Σ (Y − m), signed so that positive means "towards a violation"
  for (double v : values) sum += sense == Sense::kAtMost ? v - centre : centre - v;
  if (sum >= bound) return Decision::kInfeasible;  // includes sum == 0 at a closed region
  if (sum <= -bound) return Decision::kFeasible;
  return Decision::kContinue;
}

int FeasibilityMaxReplications(std::span<const double> first_n0, double tolerance, double beta) {
  const int n0 = static_cast<int>(first_n0.size());
  const double delta = tolerance / 2;
  const double forced = FeasibilityH2(beta, n0) * SampleVariance(first_n0) / (delta * delta);
  if (!(forced < 1e9)) return 1'000'000'000;
  return std::max(n0, static_cast<int>(std::ceil(forced)));
}

bool KnScreen(const std::vector<std::vector<double>>& outputs, int n0, double delta,
              double alpha, std::vector<bool>* alive) {
  const std::size_t k = outputs.size();
  std::vector<bool>& in = *alive;
  const std::size_t left = static_cast<std::size_t>(std::count(in.begin(), in.end(), true));
  if (left <= 1) return true;
  const double dof = static_cast<double>(n0 - 1);
  const double eta = 0.5 * (std::pow(2 * alpha / static_cast<double>(k - 1), -2 / dof) - 1);
  const double h2 = 2 * eta * dof;
  const double r = static_cast<double>(outputs.front().size());
  std::vector<double> means(k);
  for (std::size_t i = 0; i < k; ++i) means[i] = Mean(outputs[i]);
  const std::vector<bool> before = in;
  bool forced = true;  // every pair past its forced-decision point
  for (std::size_t i = 0; i < k; ++i) {
    if (!before[i]) continue;
    for (std::size_t l = 0; l < k; ++l) {
      if (l == i || !before[l]) continue;
      std::vector<double> diff(static_cast<std::size_t>(n0));
      for (std::size_t j = 0; j < diff.size(); ++j) diff[j] = outputs[i][j] - outputs[l][j];
      const double s2 = SampleVariance(diff);
      const double w = std::max(0.0, delta / (2 * r) * (h2 * s2 / (delta * delta) - r));
      if (w > 0) forced = false;
      // Smallest mean wanted: i is dropped when it is worse than l by more than W.
      if (means[i] > means[l] + w) {
        in[i] = false;
        break;
      }
    }
  }
  std::size_t alive_now = static_cast<std::size_t>(std::count(in.begin(), in.end(), true));
  if (alive_now == 0 || (forced && alive_now > 1)) {
    // Past the forced point (or exact ties dropped each other): the smallest mean wins.
    std::size_t best = k;
    for (std::size_t i = 0; i < k; ++i) {
      if (before[i] && (best == k || means[i] < means[best])) best = i;
    }
    for (std::size_t i = 0; i < k; ++i) in[i] = i == best;
    alive_now = 1;
  }
  return alive_now == 1;
}

}  // namespace escalade::analysis
