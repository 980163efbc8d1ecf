#include "analysis/mser.h"

#include <algorithm>
#include <vector>

#include "sim/kernel/status.h"

namespace escalade::analysis {

MserResult Mser(std::span<const double> series, std::size_t batch) {
  ESCALADE_CHECK(batch >= 1, "Mser: batch size 0");
  MserResult result;
  const std::size_t m = series.size() / batch;
  result.batches = m;
  if (m < 4) return result;
  std::vector<double> z(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < batch; ++j) z[i] += series[i * batch + j];
    z[i] /= static_cast<double>(batch);
  }
  // MSER(d) for every d <= m − 2 (two batches at least), from the end: Welford's running
  // mean and sum of squared deviations of Z_d..Z_{m-1} (0-based).
  std::vector<double> mser(m - 1, 0.0);
  double mean = 0;
  double squares = 0;
  for (std::size_t k = 1; k <= m; ++k) {  // k batches kept: Z_{m-k}..Z_{m-1}
    const double x = z[m - k];
    const double delta = x - mean;
    mean += delta / static_cast<double>(k);
    squares += delta * (x - mean);
    if (k >= 2) mser[m - k] = squares / (static_cast<double>(k) * static_cast<double>(k));
  }
  std::size_t best = 0;
  std::size_t best_all = 0;
  for (std::size_t d = 1; d + 2 <= m; ++d) {
    if (d <= m / 2 && mser[d] < mser[best]) best = d;
    if (mser[d] < mser[best_all]) best_all = d;
  }
  result.truncation = best * batch;
  result.reliable = best_all <= m / 2;
  return result;
}

TruncationSummary MserOfReplications(std::span<const std::vector<std::uint32_t>> replications,
                                     std::size_t batch) {
  TruncationSummary summary;
  std::vector<std::size_t> points;
  for (const std::vector<std::uint32_t>& counts : replications) {
    const std::vector<double> series(counts.begin(), counts.end());
    const MserResult r = Mser(series, batch);
    if (r.batches < 4) {
      ++summary.too_short;
      continue;
    }
    points.push_back(r.truncation);
    if (!r.reliable) ++summary.unreliable;
  }
  summary.series = points.size();
  if (points.empty()) return summary;
  std::sort(points.begin(), points.end());
  summary.median = points[(points.size() - 1) / 2];
  summary.max = points.back();
  return summary;
}

}  // namespace escalade::analysis
