#include "policies/presets.h"

#include <array>

namespace escalade::policies {
namespace {

constexpr std::array<PresetInfo, 10> kPresets = {{
    {"layered_reporting", "layered reporting (条块分割 / 层层上报), the baseline",
     "problems climb grid, community, street, district before the district assigns a "
     "department; each hop costs paperwork; departments may return demands (退单)",
     "docs/domain.md#layered_reporting: the pathology the reforms attack"},
    {"street_whistle", "street whistles, departments report (街乡吹哨、部门报到)",
     "the street summons departments directly; all must be on site within 30 minutes and "
     "stay until done (rendezvous), one leading",
     "Beijing, Pinggu 2017, city-wide 2018 (docs/domain.md#street_whistle)"},
    {"hotline_direct", "answer on receipt (接诉即办)",
     "the 12345 hotline dispatches territorial demands straight to the street (which hands "
     "community-level ones down), sectoral ones to the department; resolve deadlines by tier",
     "Beijing 12345 since 2019 (docs/domain.md#hotline_direct)"},
    {"call_response", "every call answered (有呼必应)",
     "small problems stay in the grid, big ones in the community, complex ones in the street; "
     "the street commands an integrated enforcement team pooling department staff",
     "Guangzhou Huangpu 2019 (docs/domain.md#call_response)"},
    {"community_orders", "community orders, departments report (社区发令、部门报到)",
     "community party secretaries order district departments directly",
     "Shenzhen Guangming 2019: 216 orders, 98% on time (docs/domain.md#community_orders)"},
    {"tiered_sla", "red / yellow / green tiers",
     "demands graded by people, money and urgency; red reviewed in 10 min, accepted in 30 min; "
     "yellow and green deadlines assumed",
     "Guangming demand platform (docs/domain.md#tiered_sla); yellow/green thresholds [assumed]"},
    {"one_window", "one front desk, back offices share the work (前台一口受理、后台分工协办)",
     "one intake triages everything; legal time limits; overtime triggers review",
     "Shenzhen Nanshan (docs/domain.md#one_window)"},
    {"nyc311_sla", "NYC 311 service-level agreements",
     "the hotline routes by complaint type straight to an agency with an SLA in days; no "
     "street layer, no escalation beyond the agency",
     "NYC 311 (docs/domain.md#international-comparators; shipped trace)"},
    {"itil_tiered", "ITIL tiered support",
     "a tier-1 desk keeps ownership; functional escalation to tiers 2/3 on failure or an "
     "expired first-line target; hierarchical escalation for P1",
     "ITIL service operation (docs/domain.md#international-comparators)"},
    {"pure_queueing", "pure queueing: the network without policy delays (validation)",
     "demands climb level by level as in the baseline, but intake, triage, paperwork, "
     "coordination, returns and reopening take no time and never happen, so the city is a "
     "plain network of queues whose theory (Erlang C, Jackson) applies",
     "queueing theory; used by the theory scenarios (scenarios/jackson.yaml)"},
}};

}  // namespace

std::span<const PresetInfo> Presets() { return kPresets; }

std::optional<PresetInfo> FindPreset(std::string_view name) {
  for (const PresetInfo& p : kPresets) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

}  // namespace escalade::policies
