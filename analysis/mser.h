// MSER-5: where an output series' initial transient ends (White, "An effective truncation
// heuristic for bias reduction in simulation output", Simulation 69(6), 1997; White, Cobb &
// Spratt, WSC 2000; the heuristic Hoad, Robinson & Davies found best among 44, JORS 61, 2010).
//
// The series x_1..x_n is cut into m = floor(n / b) batches of b = 5 consecutive observations
// (a remainder at the end is left out) with means Z_1..Z_m. Deleting the first d batches
// leaves the mean Zbar(d) of Z_{d+1}..Z_m, whose squared standard error is estimated by
//     MSER(d) = sum_{i=d+1..m} (Z_i − Zbar(d))² / (m − d)².
// The truncation point is b · d*, d* the smallest d minimising MSER(d) over
// 0 <= d <= m / 2: deleting more would buy a smaller bias with a larger variance. When the
// minimum over every d <= m − 2 lies beyond m / 2 the series is too short, or does not
// settle, for the rule to be trusted (`reliable` false).
//
// Thread safety: a pure function.
#ifndef ESCALADE_ANALYSIS_MSER_H_
#define ESCALADE_ANALYSIS_MSER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace escalade::analysis {

struct MserResult {
  std::size_t truncation = 0;  // observations to delete from the start (b · d*)
  std::size_t batches = 0;     // m
  bool reliable = false;       // the unrestricted minimum lies in the first half (m >= 4)
};

// REQUIRES: batch >= 1. Fewer than 4 batches: truncation 0, reliable false.
MserResult Mser(std::span<const double> series, std::size_t batch = 5);

// MSER-5 on each replication's series (escalade run: the open demands at each midnight,
// Lifecycle::daily_backlog, one observation a day), summarised over the replications.
struct TruncationSummary {
  std::size_t series = 0;      // series long enough (at least 4 batches)
  std::size_t too_short = 0;   // series with fewer than 4 batches (not counted below)
  std::size_t median = 0;      // the lower median of the truncation points, observations
  std::size_t max = 0;         // the largest truncation point
  std::size_t unreliable = 0;  // series whose MserResult::reliable is false
};
TruncationSummary MserOfReplications(std::span<const std::vector<std::uint32_t>> replications,
                                     std::size_t batch = 5);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_MSER_H_
