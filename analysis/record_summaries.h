// Record summaries for the visual report that every run keeps, with or without
// --records, in bounded memory: a histogram of resolution times per tier on
// fixed log-spaced bins, and the moves of demands between levels (the Sankey
// of the report). Each is a RecordSink fed one replication; replications are
// merged by adding their counts. Their CSV files (resolution_hist.csv,
// level_flows.csv) are a public interface (README "Output files and metrics").
//
// Both count the measured demands only — created at or after the warm-up, as
// analysis/metrics.h — so the histogram agrees with resolution_h_p50 etc. (to
// the bin width) and the flows' final moves with resolved_at.*.
//
// Thread safety: one sink per replication; the functions are pure.
#ifndef ESCALADE_ANALYSIS_RECORD_SUMMARIES_H_
#define ESCALADE_ANALYSIS_RECORD_SUMMARIES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/kernel/time.h"
#include "sim/model/record.h"

namespace escalade::analysis {

// --- Resolution-time histogram ---
//
// Bins of closed − released, in hours: [0, 0.1), then 40 bins eight to a decade from 0.1 h to
// 10,000 h (0.1·10^(k/8) for k = 0..40), then [10,000 h, ∞). Counts the measured demands
// closed resolved, per tier.
inline constexpr int kResolutionBins = 42;
// The lower edge of bin `bin` in hours (0 for the first).
double ResolutionBinLowHours(int bin);
// The upper edge (infinity for the last).
double ResolutionBinHighHours(int bin);
int ResolutionBinOf(double hours);

// Counts, [tier * kResolutionBins + bin].
using ResolutionCounts = std::vector<std::uint64_t>;

class ResolutionHistogram final : public model::RecordSink {
 public:
  explicit ResolutionHistogram(kernel::SimTime warmup);
  void OnDemand(const model::DemandRecord& record) override;
  const ResolutionCounts& counts() const { return counts_; }

 private:
  kernel::SimTime warmup_;
  ResolutionCounts counts_;
};

// --- Moves between levels ---
//
// The nodes of the flow graph: the intake desk, the five levels (a co-governance team counts
// for the level it works for, a department crew for the department level), and where a
// demand ends: resolved, closed unresolved, or still open at the horizon.
enum class FlowNode : std::uint8_t {
  kIntake, kGrid, kCommunity, kStreet, kDistrict, kDepartment, kResolved, kUnresolved, kOpen,
};
inline constexpr int kFlowNodeCount = 9;
std::string_view FlowNodeName(FlowNode node);  // "intake", "grid", ..., "resolved", ...

// Counts, [from * kFlowNodeCount + to].
using FlowCounts = std::vector<std::uint64_t>;

// For each measured demand: one move from each visit's node to the next visit's (in visit
// order, so a move may stay at a level — a team handing back, a crew handing on — or go
// down — a department returning an order), then one from its last visit's node to its end.
// Memory: the nodes of the demands open at once.
class LevelFlows final : public model::RecordSink {
 public:
  explicit LevelFlows(kernel::SimTime warmup);
  bool wants_visits() const override { return true; }
  void OnVisit(const model::VisitRecord& visit) override;
  void OnDemand(const model::DemandRecord& record) override;
  const FlowCounts& counts() const { return counts_; }

 private:
  kernel::SimTime warmup_;
  std::unordered_map<std::uint64_t, std::string> open_;  // demand id -> its nodes so far
  FlowCounts counts_;
};

// Adds `from` into *into (sized on first use).
void AddCounts(const std::vector<std::uint64_t>& from, std::vector<std::uint64_t>* into);

// resolution_hist.csv: policy,tier,low_h,high_h,count — the bins with a count, summed over the
// replications; high_h "inf" for the last bin.
std::string ResolutionHistHeader();
void AppendResolutionHistRows(const std::string& policy, const ResolutionCounts& counts,
                              std::string* out);

// level_flows.csv: policy,from,to,count — the moves with a count, summed over the replications.
std::string LevelFlowsHeader();
void AppendLevelFlowRows(const std::string& policy, const FlowCounts& counts, std::string* out);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_RECORD_SUMMARIES_H_
