// The rules of each shipped preset: settings over the parameter defaults
// (parameters.cc), each with where it comes from. docs/domain.md is
// the project's domain page, one section per preset; [assumed] marks a value no source states.
// The full rationale per preset is in policies/README.md.
#include <array>
#include <string>
#include <utility>

#include "policies/parameters.h"
#include "policies/presets.h"
#include "policies/rules.h"

namespace escalade::policies {
namespace {

struct PresetRules {
  std::string_view preset;
  std::vector<Setting> settings;
};

const std::vector<PresetRules>& Rules() {
  static const std::vector<PresetRules> kRules = {
      // Problems climb level by level, each hop with paperwork; only the district assigns
      // departments, one after another; departments return demands (docs/domain.md, the baseline).
      {"layered_reporting",
       {{"first_assignment", "intake_level"},
        {"dispatch_authority", "none"},
        {"paperwork_per_hop", "4h"},        // [assumed] half a working day per report up
        {"joint", "sequential"},
        {"coordination_delay", "1d"},       // [assumed]
        {"return_probability", "0.15"}}},   // [assumed] 退单 are common enough to be the target of reforms
      // The street summons departments directly; on site within 30 minutes; all stay until
      // done (docs/domain.md: 街乡吹哨、部门报到).
      {"street_whistle",
       {{"first_assignment", "intake_level"},
        {"dispatch_authority", "street"},
        {"paperwork_per_hop", "4h"},        // [assumed] as the baseline below the street
        {"joint", "rendezvous"},
        {"report_deadline", "30m"},         // docs/domain.md
        {"return_probability", "0.02"}}},   // [assumed] a summoned department rarely refuses
      // 12345 dispatches directly: territorial to the street, sectoral to the department;
      // call-to-dispatch 3.7-6 min; feedback within 2 h / 24 h / 7 days, complex 15 days
      // (docs/domain.md: 接诉即办). Resolve deadlines per tier are those feedback limits [assumed
      // mapping: red = emergency, yellow = water-power-gas-heat, green = general].
      {"hotline_direct",
       {{"intake", "5m"},                   // docs/domain.md 3.7-6 min
        {"first_assignment", "street"},
        {"dispatch_authority", "street"},
        {"paperwork_per_hop", "1h"},        // [assumed] an electronic work order
        {"resolve_deadline_red", "2h"},
        {"resolve_deadline_yellow", "1d"},
        {"resolve_deadline_green", "7d"},
        {"return_probability", "0.05"}}},   // [assumed]
      // Three-level response; a demand is handled at the lowest level whose capability
      // covers it; the street's enforcement team pools department staff (docs/domain.md: 有呼必应).
      {"call_response",
       {{"first_assignment", "lowest_level"},
        {"dispatch_authority", "street"},
        {"enforcement_team", "true"},
        {"joint", "rendezvous"},
        {"paperwork_per_hop", "2h"},        // [assumed]
        {"report_deadline", "30m"},         // [assumed] as Beijing's whistle
        {"return_probability", "0.02"}}},   // [assumed]
      // Communities order district departments directly (docs/domain.md: 社区发令、部门报到;
      // departments reported on time 98%).
      {"community_orders",
       {{"first_assignment", "intake_level"},
        {"dispatch_authority", "community"},
        {"paperwork_per_hop", "4h"},        // [assumed] as the baseline
        {"joint", "rendezvous"},
        {"report_deadline", "30m"},         // [assumed] Guangming states no limit; Beijing's
        {"return_probability", "0.02"}}},   // [assumed]
      // The baseline's routing with Guangming's red/yellow/green grading: red reviewed within
      // 10 min and accepted within 30 min (docs/domain.md); waiting lines by tier.
      {"tiered_sla",
       {{"first_assignment", "intake_level"},
        {"dispatch_authority", "none"},
        {"paperwork_per_hop", "4h"},
        {"return_probability", "0.15"},
        {"triage", "5m"},                   // [assumed] grading; with the 5 min intake a red
        {"review_deadline_red", "10m"},     //   demand is reviewed in 10 min (docs/domain.md)
        {"queue", "tier_priority"},
        {"accept_deadline_red", "30m"},     // docs/domain.md
        {"resolve_deadline_red", "1d"},     // [assumed]
        {"resolve_deadline_yellow", "3d"},  // [assumed] (docs/domain.md gives review/accept/status
        {"resolve_deadline_green", "7d"}}}, //   limits only; these resolve limits are ours)
      // One front desk triages everything and routes it right the first time (no misrouting,
      // no returns); legal time limits; overtime triggers accountability (docs/domain.md).
      {"one_window",
       {{"triage", "15m"},                  // [assumed] the front desk's extra stage
        {"first_assignment", "lowest_level"},
        {"dispatch_authority", "none"},
        {"paperwork_per_hop", "2h"},        // [assumed]
        {"return_probability", "0"},
        {"resolve_deadline_red", "1d"},     // [assumed] legal limits
        {"resolve_deadline_yellow", "5d"},
        {"resolve_deadline_green", "15d"},
        {"breach", "escalate"}}},
      // 311 routes by complaint type straight to the agency; SLA in days; no escalation
      // beyond the agency (docs/domain.md; Boston public works target 7 days).
      {"nyc311_sla",
       {{"first_assignment", "department"},
        {"return_probability", "0"},
        {"resolve_deadline_red", "1d"},     // [assumed]
        {"resolve_deadline_yellow", "7d"},  // docs/domain.md: Boston public works 7-day target
        {"resolve_deadline_green", "7d"}}},
      // Tier-1 desk (the district command centre) keeps ownership; functional escalation to
      // the departments; P1 4 h, P3 24 h resolution (docs/domain.md).
      {"itil_tiered",
       {{"first_assignment", "district"},
        {"dispatch_authority", "none"},
        {"paperwork_per_hop", "30m"},       // [assumed] a ticket hand-off
        {"queue", "tier_priority"},
        {"resolve_deadline_red", "4h"},     // docs/domain.md P1
        {"resolve_deadline_yellow", "1d"},  // [assumed] P2
        {"resolve_deadline_green", "1d"},   // docs/domain.md P3 24 h
        {"breach", "escalate"}}},
      // Not a reform: the baseline's routing with every policy delay off, so that a scenario
      // of M/M/c units is the network of queues queueing theory describes (validation).
      {"pure_queueing",
       {{"intake", "0s"},
        {"triage", "0s"},
        {"first_assignment", "intake_level"},
        {"dispatch_authority", "none"},
        {"paperwork_per_hop", "0s"},
        {"joint", "sequential"},
        {"coordination_delay", "0s"},
        {"return_probability", "0"},
        {"reopen_if_unsatisfied", "0"}}},
  };
  return kRules;
}

const PresetRules* Find(std::string_view preset) {
  for (const PresetRules& rules : Rules()) {
    if (rules.preset == preset) return &rules;
  }
  return nullptr;
}

}  // namespace

std::span<const Setting> PresetSettings(std::string_view preset) {
  const PresetRules* rules = Find(preset);
  if (!rules) return {};
  return rules->settings;
}

kernel::Result<PolicyParams> PresetParams(std::string_view preset) {
  const PresetRules* rules = Find(preset);
  if (!rules) return kernel::Status::Error("unknown preset '" + std::string(preset) + "'");
  PolicyParams params = DefaultParams();
  for (const Setting& setting : rules->settings) {
    const Parameter* parameter = FindParameter(setting.name);
    if (!parameter) {
      return kernel::Status::Error("internal: preset " + std::string(preset) +
                                   " sets unknown parameter " + setting.name);
    }
    if (kernel::Status s = parameter->apply(setting.value, &params); !s.ok()) {
      return kernel::Status::Error("internal: preset " + std::string(preset) + ": " +
                                   setting.name + ": " + s.message());
    }
  }
  return params;
}

kernel::Result<std::unique_ptr<model::Policy>> MakePolicy(std::string name,
                                                          std::string_view preset,
                                                          const std::vector<Setting>& overrides) {
  const std::optional<RuleInfo> rule = FindRule(preset);
  kernel::Result<PolicyParams> params = PresetParams(rule ? rule->base_preset : preset);
  if (!params.ok()) return params.status();
  for (const Setting& setting : overrides) {
    const Parameter* parameter = FindParameter(setting.name);
    if (!parameter) {
      return kernel::Status::Error("unknown policy parameter '" + setting.name +
                                   "' (escalade policies lists them)");
    }
    if (kernel::Status s = parameter->apply(setting.value, &*params); !s.ok()) {
      return kernel::Status::Error(setting.name + ": " + s.message());
    }
  }
  if (rule) return rule->make(std::move(name), std::move(params).value());
  return std::unique_ptr<model::Policy>(
      new RulePolicy(std::move(name), std::move(params).value()));
}

}  // namespace escalade::policies
