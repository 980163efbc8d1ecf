#include "analysis/record_summaries.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "analysis/csv_number.h"

namespace escalade::analysis {
namespace {

constexpr double kFirstEdgeHours = 0.1;
constexpr int kBinsPerDecade = 8;

FlowNode NodeOf(const model::VisitRecord& visit) {
  if (visit.intake) return FlowNode::kIntake;
  return static_cast<FlowNode>(static_cast<int>(FlowNode::kGrid) + static_cast<int>(visit.level));
}

}  // namespace

double ResolutionBinLowHours(int bin) {
  if (bin <= 0) return 0;
  return kFirstEdgeHours * std::pow(10.0, static_cast<double>(bin - 1) / kBinsPerDecade);
}

double ResolutionBinHighHours(int bin) {
  if (bin >= kResolutionBins - 1) return std::numeric_limits<double>::infinity();
  return ResolutionBinLowHours(bin + 1);
}

int ResolutionBinOf(double hours) {
  if (!(hours >= kFirstEdgeHours)) return 0;  // also NaN and negative
  const int k = static_cast<int>(std::floor(std::log10(hours / kFirstEdgeHours) * kBinsPerDecade));
  int bin = std::clamp(k + 1, 1, kResolutionBins - 1);
  // The logarithm may round across an edge: settle on the bin whose edges hold `hours`.
  while (bin > 1 && hours < ResolutionBinLowHours(bin)) --bin;
  while (bin < kResolutionBins - 1 && hours >= ResolutionBinHighHours(bin)) ++bin;
  return bin;
}

ResolutionHistogram::ResolutionHistogram(kernel::SimTime warmup)
    : warmup_(warmup), counts_(static_cast<std::size_t>(model::kTierCount * kResolutionBins), 0) {}

void ResolutionHistogram::OnDemand(const model::DemandRecord& r) {
  if (r.created < warmup_ || r.open || !r.resolved) return;
  const kernel::SimTime released = std::max<kernel::SimTime>(r.created, 0);
  const int bin = ResolutionBinOf(kernel::ToHours(r.closed - released));
  ++counts_[static_cast<std::size_t>(static_cast<int>(r.tier) * kResolutionBins + bin)];
}

std::string_view FlowNodeName(FlowNode node) {
  static constexpr std::array<std::string_view, kFlowNodeCount> kNames = {
      "intake", "grid", "community", "street", "district", "department",
      "resolved", "unresolved", "open"};
  return kNames[static_cast<std::size_t>(node)];
}

LevelFlows::LevelFlows(kernel::SimTime warmup)
    : warmup_(warmup), counts_(static_cast<std::size_t>(kFlowNodeCount * kFlowNodeCount), 0) {}

void LevelFlows::OnVisit(const model::VisitRecord& visit) {
  open_[visit.demand_id].push_back(static_cast<char>(NodeOf(visit)));
}

void LevelFlows::OnDemand(const model::DemandRecord& r) {
  auto it = open_.find(r.demand_id);
  if (it == open_.end()) return;  // never visited a unit: no move to draw
  const std::string nodes = std::move(it->second);
  open_.erase(it);
  if (r.created < warmup_) return;
  auto add = [this](int from, int to) {
    ++counts_[static_cast<std::size_t>(from * kFlowNodeCount + to)];
  };
  for (std::size_t i = 1; i < nodes.size(); ++i) add(nodes[i - 1], nodes[i]);
  const FlowNode end = r.open ? FlowNode::kOpen
                              : (r.resolved ? FlowNode::kResolved : FlowNode::kUnresolved);
  add(nodes.back(), static_cast<int>(end));
}

void AddCounts(const std::vector<std::uint64_t>& from, std::vector<std::uint64_t>* into) {
  if (into->size() < from.size()) into->resize(from.size(), 0);
  for (std::size_t i = 0; i < from.size(); ++i) (*into)[i] += from[i];
}

std::string ResolutionHistHeader() { return "policy,tier,low_h,high_h,count\n"; }

void AppendResolutionHistRows(const std::string& policy, const ResolutionCounts& counts,
                              std::string* out) {
  for (int tier = 0; tier < model::kTierCount; ++tier) {
    for (int bin = 0; bin < kResolutionBins; ++bin) {
      const std::size_t i = static_cast<std::size_t>(tier * kResolutionBins + bin);
      if (i >= counts.size() || counts[i] == 0) continue;
      const double high = ResolutionBinHighHours(bin);
      *out += policy + "," + std::string(model::TierName(static_cast<model::Tier>(tier))) + "," +
              CsvNumber(ResolutionBinLowHours(bin)) + "," + (std::isinf(high) ? "inf" : CsvNumber(high)) +
              "," + std::to_string(counts[i]) + "\n";
    }
  }
}

std::string LevelFlowsHeader() { return "policy,from,to,count\n"; }

void AppendLevelFlowRows(const std::string& policy, const FlowCounts& counts, std::string* out) {
  for (int from = 0; from < kFlowNodeCount; ++from) {
    for (int to = 0; to < kFlowNodeCount; ++to) {
      const std::size_t i = static_cast<std::size_t>(from * kFlowNodeCount + to);
      if (i >= counts.size() || counts[i] == 0) continue;
      *out += policy + "," + std::string(FlowNodeName(static_cast<FlowNode>(from))) + "," +
              std::string(FlowNodeName(static_cast<FlowNode>(to))) + "," +
              std::to_string(counts[i]) + "\n";
    }
  }
}

}  // namespace escalade::analysis
