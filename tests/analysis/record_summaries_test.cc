#include "analysis/record_summaries.h"

#include <cmath>

#include <gtest/gtest.h>

namespace escalade::analysis {
namespace {

using model::DemandRecord;
using model::Level;
using model::VisitRecord;

TEST(ResolutionBins, EdgesAreLogSpacedAndHoldTheirHours) {
  EXPECT_EQ(ResolutionBinLowHours(0), 0);
  EXPECT_DOUBLE_EQ(ResolutionBinLowHours(1), 0.1);
  EXPECT_NEAR(ResolutionBinLowHours(9), 1.0, 1e-12);
  EXPECT_NEAR(ResolutionBinLowHours(41), 10000.0, 1e-9);
  EXPECT_TRUE(std::isinf(ResolutionBinHighHours(kResolutionBins - 1)));
  for (int bin = 0; bin < kResolutionBins; ++bin) {
    EXPECT_EQ(ResolutionBinOf(ResolutionBinLowHours(bin)), bin) << bin;
    if (bin + 1 < kResolutionBins) {
      EXPECT_EQ(ResolutionBinOf(std::nextafter(ResolutionBinHighHours(bin), 0.0)), bin) << bin;
    }
  }
  EXPECT_EQ(ResolutionBinOf(-1), 0);
  EXPECT_EQ(ResolutionBinOf(1e9), kResolutionBins - 1);
}

DemandRecord Resolved(std::uint64_t id, double hours, model::Tier tier) {
  DemandRecord r;
  r.demand_id = id;
  r.created = 10 * kernel::kHour;
  r.closed = r.created + static_cast<kernel::SimTime>(hours * kernel::kHour);
  r.resolved = true;
  r.tier = tier;
  return r;
}

TEST(ResolutionHistogram, CountsMeasuredResolvedDemandsPerTier) {
  ResolutionHistogram h(/*warmup=*/5 * kernel::kHour);
  h.OnDemand(Resolved(1, 2.0, model::Tier::kRed));
  h.OnDemand(Resolved(2, 2.0, model::Tier::kRed));
  h.OnDemand(Resolved(3, 50.0, model::Tier::kGreen));
  DemandRecord early = Resolved(4, 2.0, model::Tier::kRed);
  early.created = 0;  // before the warm-up: not measured
  h.OnDemand(early);
  DemandRecord open = Resolved(5, 2.0, model::Tier::kRed);
  open.open = true;
  open.resolved = false;
  h.OnDemand(open);
  std::uint64_t total = 0;
  for (std::uint64_t c : h.counts()) total += c;
  EXPECT_EQ(total, 3u);
  EXPECT_EQ(h.counts()[static_cast<std::size_t>(ResolutionBinOf(2.0))], 2u);  // red is tier 0
  std::string csv = ResolutionHistHeader();
  AppendResolutionHistRows("p", h.counts(), &csv);
  EXPECT_EQ(csv.rfind("policy,tier,low_h,high_h,count\n", 0), 0u);
  EXPECT_NE(csv.find("p,red,"), std::string::npos);
  EXPECT_NE(csv.find("p,green,"), std::string::npos);
  EXPECT_EQ(csv.find("p,yellow,"), std::string::npos);  // empty bins are left out
}

VisitRecord Visit(std::uint64_t demand, Level level, bool intake = false) {
  VisitRecord v;
  v.demand_id = demand;
  v.level = level;
  v.intake = intake;
  return v;
}

TEST(LevelFlows, CountsMovesBetweenConsecutiveVisitsAndTheEnd) {
  LevelFlows flows(/*warmup=*/0);
  // Demand 1: intake, community, street, department (returned), department: resolved.
  flows.OnVisit(Visit(1, Level::kGrid, true));
  flows.OnVisit(Visit(1, Level::kCommunity));
  flows.OnVisit(Visit(2, Level::kGrid, true));  // interleaved with another demand
  flows.OnVisit(Visit(1, Level::kStreet));
  flows.OnVisit(Visit(1, Level::kDepartment));
  flows.OnVisit(Visit(1, Level::kDepartment));
  DemandRecord one;
  one.demand_id = 1;
  one.resolved = true;
  flows.OnDemand(one);
  DemandRecord two;
  two.demand_id = 2;
  two.open = true;
  flows.OnDemand(two);
  auto count = [&](FlowNode from, FlowNode to) {
    return flows.counts()[static_cast<std::size_t>(static_cast<int>(from) * kFlowNodeCount +
                                                   static_cast<int>(to))];
  };
  EXPECT_EQ(count(FlowNode::kIntake, FlowNode::kCommunity), 1u);
  EXPECT_EQ(count(FlowNode::kCommunity, FlowNode::kStreet), 1u);
  EXPECT_EQ(count(FlowNode::kStreet, FlowNode::kDepartment), 1u);
  EXPECT_EQ(count(FlowNode::kDepartment, FlowNode::kDepartment), 1u);
  EXPECT_EQ(count(FlowNode::kDepartment, FlowNode::kResolved), 1u);
  EXPECT_EQ(count(FlowNode::kIntake, FlowNode::kOpen), 1u);
  std::uint64_t total = 0;
  for (std::uint64_t c : flows.counts()) total += c;
  EXPECT_EQ(total, 6u);
  std::string csv = LevelFlowsHeader();
  AppendLevelFlowRows("p", flows.counts(), &csv);
  EXPECT_NE(csv.find("p,intake,community,1\n"), std::string::npos);
  EXPECT_NE(csv.find("p,department,resolved,1\n"), std::string::npos);
}

}  // namespace
}  // namespace escalade::analysis
