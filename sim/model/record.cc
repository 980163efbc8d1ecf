#include "sim/model/record.h"

#include <array>
#include <utility>

namespace escalade::model {

std::string_view TierName(Tier tier) {
  static constexpr std::array<std::string_view, kTierCount> kNames = {"red", "yellow", "green"};
  return kNames[static_cast<std::size_t>(tier)];
}

std::string_view TransitionName(Transition transition) {
  static constexpr std::string_view kNames[] = {
      "created", "received", "triaged", "assigned", "accepted", "escalated",
      "ordered", "returned", "on_site", "resolved", "unresolved", "closed",
      "satisfied", "unsatisfied", "reopened", "breached"};
  return kNames[static_cast<std::size_t>(transition)];
}

std::string_view VisitOutcomeName(VisitOutcome outcome) {
  static constexpr std::array<std::string_view, kVisitOutcomeCount> kNames = {
      "received", "resolved", "unresolved", "escalated", "reported_on", "ordered", "whistled",
      "handed_back", "returned", "taken_away", "handed_on", "assisted", "open"};
  return kNames[static_cast<std::size_t>(outcome)];
}

TeeSink::TeeSink(std::vector<RecordSink*> sinks) : sinks_(std::move(sinks)) {
  for (RecordSink* sink : sinks_) {
    visits_ = visits_ || sink->wants_visits();
    transitions_ = transitions_ || sink->wants_transitions();
  }
}

void TeeSink::OnTransition(const LogEntry& entry) {
  for (RecordSink* sink : sinks_) {
    if (sink->wants_transitions()) sink->OnTransition(entry);
  }
}

void TeeSink::OnVisit(const VisitRecord& visit) {
  for (RecordSink* sink : sinks_) {
    if (sink->wants_visits()) sink->OnVisit(visit);
  }
}

void TeeSink::OnDemand(const DemandRecord& record) {
  for (RecordSink* sink : sinks_) sink->OnDemand(record);
}

void TeeSink::OnMidnight(int day, std::uint32_t open) {
  for (RecordSink* sink : sinks_) sink->OnMidnight(day, open);
}

void TeeSink::OnUnit(const UnitLoad& load) {
  for (RecordSink* sink : sinks_) sink->OnUnit(load);
}

}  // namespace escalade::model
