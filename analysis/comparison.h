// Across replications: per policy and metric, the mean with its Student-t 95%
// interval; per non-baseline policy and metric, the paired difference from the
// baseline on the same replications (common random numbers) with its
// interval; and the CSV files and the comparison table that show them
// (docs/architecture.md "Output contract"). Numbers are written with %.10g, so the
// same results give the same bytes.
//
// Thread safety: pure functions.
#ifndef ESCALADE_ANALYSIS_COMPARISON_H_
#define ESCALADE_ANALYSIS_COMPARISON_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/metrics.h"

namespace escalade::analysis {

// One policy's metrics, replication by replication.
struct ArmMetrics {
  std::string name;
  std::vector<std::vector<Metric>> replications;
};

struct SummaryRow {
  std::string policy;
  std::string metric;
  double mean = 0;
  double std_error = 0;  // NaN with one replication
  double low = 0;
  double high = 0;
  std::int64_t n = 0;
};

struct CompareRow {
  std::string policy;
  std::string baseline;
  std::string metric;
  double diff_mean = 0;
  double low = 0;
  double high = 0;
  std::int64_t n = 0;
};

// Metrics in order of first appearance across the arms.
std::vector<SummaryRow> Summarize(const std::vector<ArmMetrics>& arms);
// Every non-baseline arm against `baseline`, on the replications where both have the metric.
std::vector<CompareRow> CompareWithBaseline(const std::vector<ArmMetrics>& arms,
                                            const std::string& baseline);

std::string SummaryCsv(const std::vector<SummaryRow>& rows);      // policy,metric,mean,stderr,ci95_low,ci95_high,n
std::string CompareCsv(const std::vector<CompareRow>& rows);      // policy,baseline,metric,diff_mean,ci95_low,ci95_high,n
std::string ReplicationsCsv(const std::vector<ArmMetrics>& arms);  // policy,replication,metric,value

// The table `escalade run` and `escalade compare` print: policies as columns,
// `metrics` as rows (those present), "mean ± half-width", and for the other
// policies the difference from the baseline, starred when its paired interval
// excludes zero.
std::string FormatComparisonTable(const std::vector<std::string>& policies,
                                  const std::string& baseline,
                                  const std::vector<std::string>& metrics,
                                  const std::vector<SummaryRow>& summary,
                                  const std::vector<CompareRow>& compare);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_COMPARISON_H_
