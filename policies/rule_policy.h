// RulePolicy: the policy of the presets — every decision of model::Policy
// made from the rule primitives (PolicyParams), each a parameter declared once
// in parameters.cc with its type, unit, default and help. A preset is a list
// of settings over the defaults (preset_rules.cc); a scenario may override any
// of them. A rule the primitives cannot express subclasses RulePolicy and
// overrides the one decision it changes (rules.h, policies/README.md).
//
// Thread safety: immutable once made.
#ifndef ESCALADE_POLICIES_RULE_POLICY_H_
#define ESCALADE_POLICIES_RULE_POLICY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/policy.h"

namespace escalade::policies {

// Who receives every demand under one window.
enum class FrontDesk : std::uint8_t { kNone, kStreet, kDistrict };

// Where a demand is first assigned.
enum class FirstAssignment : std::uint8_t {
  kLowestLevel,  // the category's lowest capable level (the community when its mediation room
                 // or volunteer team can resolve it), in the origin's chain
  kIntakeLevel,  // where it was raised (the grid for a patrol find, else the community), then climb
  kStreet,       // sectoral (department-level) demands to the department; territorial ones to
                 // the street, which hands grid- and community-level ones down at once
  kDepartment,   // straight to the responsible department (311 routing by complaint type)
  kDistrict,     // to the district command centre, which keeps ownership (ITIL tier 1)
};

// The rule primitives. Every field is the parameter of the same name in parameters.cc, which
// states its unit and its default (DefaultParams): a value-initialised PolicyParams is not a
// policy; start from DefaultParams() or PresetParams().
struct PolicyParams {
  // Intake and triage.
  kernel::SimTime intake = 0;          // desk time per demand at the intake unit
  kernel::SimTime triage = 0;          // extra grading time at intake
  double misclassification = 0;        // probability the tier is one off
  std::int32_t red_people = 0;         // red if people >= this, or
  double red_money = 0;                //   money >= this (yuan), or urgent
  std::int32_t yellow_people = 0;
  double yellow_money = 0;
  // Assignment and escalation.
  FirstAssignment first_assignment = FirstAssignment::kIntakeLevel;
  // The lowest level that may order departments directly (a whistle); nullopt:
  // only the district assigns departments.
  std::optional<model::Level> dispatch_authority;
  kernel::SimTime paperwork_per_hop = 0;  // report up / hand down, per hop
  // Joint handling.
  model::JointHandling joint = model::JointHandling::kSequential;
  kernel::SimTime coordination_delay = 0;
  bool enforcement_team = false;  // street enforcement teams act for their pooled departments
  // Orders from below the district: the tiers a lower level may order departments for
  // (bit 1 << tier); the others go up the normal way.
  std::uint8_t order_tiers = 0b111;
  // Intake: a front desk of the origin's street or district receives every channel
  // (one window, 前台一口受理); kNone: by channel.
  FrontDesk front_desk = FrontDesk::kNone;
  // Queues and stage limits, per tier (red, yellow, green); absent: none.
  model::QueueOrder queue = model::QueueOrder::kFifo;
  std::optional<kernel::Duration> report_deadline;  // ordered → each crew on site
  using Limits = std::array<std::optional<kernel::Duration>, model::kTierCount>;
  Limits review_deadline;  // released → triaged
  Limits accept_deadline;  // assigned → taken up, at each unit or team
  Limits update_interval;  // between status updates while open
  Limits resolve_deadline;  // released → closed
  kernel::SimTime update_work = 0;  // the holder's time per status update
  model::BreachAction breach = model::BreachAction::kCount;
  kernel::SimTime breach_review = 0;  // the district's review work per breach; 0: none
  // Returns (退单).
  double return_probability = 0;     // a department sends a dispatch back as "not mine"
  kernel::SimTime return_delay = 0;  // before the return reaches the dispatcher
  int max_returns = 0;               // then the department must accept
  // Feedback.
  double expectation_hours = 0;      // what the resident expects
  double satisfied_on_time = 0;      // resolved within the expectation
  double satisfied_late = 0;         // resolved later
  double satisfied_unresolved = 0;   // closed without resolution
  double reopen_if_unsatisfied = 0;  // an unsatisfied resident reopens (once)
};

class RulePolicy : public model::Policy {
 public:
  RulePolicy(std::string name, PolicyParams params)
      : name_(std::move(name)), params_(std::move(params)) {}

  std::string_view Name() const override { return name_; }
  const PolicyParams& params() const { return params_; }

  // With a front desk (one window): the front desk of the origin's street (or district) when
  // it has a staffed one. Else by channel: calls and apps to the city's (first) hotline when it
  // has one; grid-patrol finds to their grid; everything else to the origin community. Desk
  // time: intake + triage.
  model::Intake Receive(const model::Demand& demand, const model::City& city) const override;
  // Red if urgent, people >= red_people or money >= red_money; else yellow by the yellow
  // thresholds; else green. One off with probability misclassification (red and green to
  // yellow; yellow to red or green at even odds).
  model::Tier Grade(const model::Demand& demand, kernel::RandomStream& triage) const override;
  // Every stage limit by tier; report for every order.
  model::Deadlines DeadlinesFor(const model::Demand& demand, model::Tier tier) const override;
  model::DeadlineKinds DeadlinesSet() const override;
  model::QueueOrder Queue() const override { return params_.queue; }
  std::int64_t QueuePriority(const model::Demand&, model::Tier tier) const override {
    return static_cast<std::int64_t>(tier);
  }
  model::Level First(const model::Demand& demand, model::Tier tier,
                     const model::City& city) const override;
  // At a community or street: the category's co-governance teams first (矛盾不上交), each the
  // first staffed team of its kind attached to the level's unit, once per level; then the
  // level's unit if it is staffed and the category may be resolved there; an absent or
  // unstaffed unit is skipped; a staffed one that may not resolve it reports it on.
  model::Handler HandlerAt(const model::Demand& demand, model::Level level,
                           model::TeamsTried tried, const model::City& city) const override;
  // The departments when `from` is the district, or when `from` may order them
  // (dispatch_authority or above) and they are needed — the level tried and failed (or lost
  // it on a breach, or its team failed), or the category's lowest level is the department;
  // else one level up. A level below the district orders only demands of order_tiers.
  // Reporting up and the district's own assignment cost
  // paperwork_per_hop; an order from below the district (a whistle) goes at once; a skipped
  // level costs nothing.
  model::Escalation Escalate(const model::Demand& demand, model::Tier tier, model::Level from,
                             model::Failure why, bool team_failed,
                             const model::City& city) const override;
  // return_probability while returns < max_returns; delay return_delay + paperwork_per_hop.
  model::ReturnRule Return(const model::Demand& demand, int returns) const override;
  // The lead (the trace's department, else the category's) then the assisting departments,
  // each once, each from its base nearest the demand with a crew on duty (CrewBase); with
  // enforcement_team and an enforcement category, the street's first staffed enforcement
  // team stands in, once, for the departments it pools. Each sends the category's cadres
  // (at most the unit's staff).
  void Crews(const model::Demand& demand, const model::City& city, const model::LoadView& loads,
             std::vector<model::CrewCall>* crews) const override;
  model::JointPlan Joint(const model::Demand&) const override {
    return {params_.joint, params_.coordination_delay};
  }
  model::BreachRule OnBreach(const model::Demand&, model::Tier) const override {
    return {params_.breach, params_.breach_review};
  }
  // satisfied_unresolved, or satisfied_on_time / satisfied_late by the wait against the
  // expectation.
  double SatisfiedChance(const model::Demand& demand, bool resolved,
                         kernel::SimTime waited) const override;
  // reopen_if_unsatisfied, once.
  double ReopenChance(const model::Demand& demand, int reopens) const override;

 protected:
  // Whether `level` may order departments directly (the district always may).
  bool MayOrderDepartments(model::Level level) const;
  // Where a crew of `department` sets off from: a station of that department at the origin
  // community, else at its street (下沉: crews based near the demand), when one has a crew on
  // duty; else the department's unit of the origin's district (its seat); kNoUnit when that
  // has no staff.
  model::UnitId CrewBase(const model::City& city, const model::Demand& demand, int department,
                         const model::LoadView& loads) const;

 private:
  std::string name_;
  PolicyParams params_;
};

}  // namespace escalade::policies

#endif  // ESCALADE_POLICIES_RULE_POLICY_H_
