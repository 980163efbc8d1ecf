// Policy: the rules that move a demand through the governance graph — the
// decision points of the lifecycle (lifecycle.h). A policy is a small object:
// a stable name, a validation against the city, and decisions. Most policies
// are the built-in RulePolicy configured by PolicyParams (the rule primitives,
// each declared once in policies/parameters.cc with its type, unit, default
// and help); a rule the primitives cannot express is a subclass overriding one
// decision (see policies/README.md, "Writing a rule in C++").
//
// Decisions must be deterministic functions of their arguments: randomness
// comes only through the demand's reserved streams, passed in.
//
// Thread safety: a Policy is immutable once made and may be shared by the
// replications of one thread; a factory makes one per replication anyway.
#ifndef ESCALADE_SIM_MODEL_POLICY_H_
#define ESCALADE_SIM_MODEL_POLICY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/kernel/random.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand.h"

namespace escalade::model {

// Urgency tiers of the Guangming platform: red (level 1), yellow, green.
enum class Tier : std::uint8_t { kRed, kYellow, kGreen };
inline constexpr int kTierCount = 3;
std::string_view TierName(Tier tier);  // "red", "yellow", "green"

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

// How several departments work on one demand.
enum class JointHandling : std::uint8_t {
  kSequential,  // lead first, then each co-handler after a coordination delay
  kRendezvous,  // all summoned at once; work starts when the last arrives; all held until done
};

// Order of a unit's waiting line.
enum class QueueOrder : std::uint8_t { kFifo, kTierPriority, kEarliestDeadline };

// What a breached resolve deadline triggers.
enum class BreachAction : std::uint8_t {
  kCount,     // counted against the unit in its assessment, nothing else
  kEscalate,  // a demand still waiting at a unit is taken away and escalated
};

// The rule primitives. Every field is a parameter of policies/parameters.cc
// (same name) with its unit and default there.
struct PolicyParams {
  // Intake and triage.
  kernel::SimTime intake = 5 * kernel::kMinute;  // desk time per demand at the intake unit
  kernel::SimTime triage = 0;                     // extra grading time at intake
  double misclassification = 0;                   // probability the tier is one off
  std::int32_t red_people = 10;                   // red if people >= this, or
  double red_money = 100'000;                     //   money >= this (yuan), or urgent
  std::int32_t yellow_people = 3;
  double yellow_money = 10'000;
  // Assignment and escalation.
  FirstAssignment first_assignment = FirstAssignment::kIntakeLevel;
  // The lowest level that may order departments directly (a whistle); nullopt:
  // only the district assigns departments.
  std::optional<Level> dispatch_authority;
  kernel::SimTime paperwork_per_hop = 2 * kernel::kHour;  // report up / hand down, per hop
  // Joint handling.
  JointHandling joint = JointHandling::kSequential;
  kernel::SimTime coordination_delay = 24 * kernel::kHour;
  bool enforcement_team = false;  // street enforcement teams act for their pooled departments
  // Queues and deadlines.
  QueueOrder queue = QueueOrder::kFifo;
  kernel::SimTime report_deadline = kernel::kTimeMax;  // ordered → department on site
  kernel::SimTime review_deadline_red = kernel::kTimeMax;  // created → triaged (red; counted)
  kernel::SimTime accept_deadline_red = kernel::kTimeMax;  // assigned → a server takes it (red; counted)
  std::array<kernel::SimTime, kTierCount> resolve_deadline = {kernel::kTimeMax, kernel::kTimeMax,
                                                              kernel::kTimeMax};
  BreachAction breach = BreachAction::kCount;
  // Returns (退单).
  double return_probability = 0;           // a department sends a dispatch back as "not mine"
  kernel::SimTime return_delay = 24 * kernel::kHour;  // before the return reaches the dispatcher
  int max_returns = 2;                     // then the department must accept
  // Feedback.
  double expectation_hours = 72;           // what the resident expects
  double satisfied_on_time = 0.95;         // resolved within the expectation
  double satisfied_late = 0.6;             // resolved later
  double satisfied_unresolved = 0.1;       // closed without resolution
  double reopen_if_unsatisfied = 0.3;      // an unsatisfied resident reopens (once)
};

// The category's lowest level able to resolve it, counting a community's mediation room
// or volunteer team when the category lists them.
Level LowestCapable(const Category& category);

class Policy {
 public:
  virtual ~Policy() = default;
  // The arm's name (unique in a comparison) and the rules it runs.
  virtual std::string_view Name() const = 0;
  virtual const PolicyParams& params() const = 0;
  // Checks the rules against the city; Ok by default.
  virtual kernel::Status Validate(const City& city) const;

  // Decision points. Defaults follow params().
  // The tier: by people, money and urgency; one off with probability
  // misclassification (one draw of `triage`).
  virtual Tier Grade(const Demand& demand, kernel::RandomStream& triage) const;
  // The first level to handle the demand, once graded.
  virtual Level FirstLevel(const Demand& demand, Tier tier, const City& city) const;
  // Whether a unit of `level` that cannot resolve may order departments directly.
  virtual bool MayOrderDepartments(Level level) const;
};

// The policy of a preset with overrides: params() only.
class RulePolicy final : public Policy {
 public:
  RulePolicy(std::string name, PolicyParams params)
      : name_(std::move(name)), params_(std::move(params)) {}
  std::string_view Name() const override { return name_; }
  const PolicyParams& params() const override { return params_; }

 private:
  std::string name_;
  PolicyParams params_;
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_POLICY_H_
