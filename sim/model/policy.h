// Policy: the rules that move a demand through the governance graph. The
// policy owns every decision of a demand's lifecycle; the lifecycle
// (lifecycle.h) keeps only the mechanics — waiting lines, staff, travel, time,
// events — and asks the policy at each decision point below. The analytic load
// prediction (analysis/load_prediction.h) asks the same policy the same
// questions, so a route is written once.
//
// The decision points, in the order a demand meets them:
//   Receive     which unit receives it (by channel) and the desk time there
//   Grade       its tier (red / yellow / green)
//   Deadlines   its review, accept, report and resolve limits
//   QueueOrder / QueuePriority   the order of every waiting line, and its key
//   First       the level that handles it first (or the departments)
//   HandlerAt   who works it at a level: a co-governance team, the level's unit,
//               nobody (skipped), or nobody able (reported on)
//   Escalate    where it goes when a level did not resolve it, after what paperwork,
//               and whether that is a direct order to the departments (a whistle)
//   Return      whether an ordered department sends it back (退单), and the delay
//   Crews       which crews an order summons (given the current loads)
//   Joint       how several crews work together (sequential hand-offs or a rendezvous)
//   OnBreach    what a breached resolve deadline does
//   SatisfiedChance / Reopen     the resident's feedback
//
// Policies are made in policies/ (RulePolicy: the presets' rule primitives;
// C++ rules for what the primitives cannot say; see policies/README.md).
// Decisions must be deterministic functions of their arguments: randomness
// comes only from the demand's reserved streams, which the lifecycle draws
// against the probabilities a decision returns.
//
// Thread safety: a Policy is immutable once made; a factory makes one per
// replication anyway.
#ifndef ESCALADE_SIM_MODEL_POLICY_H_
#define ESCALADE_SIM_MODEL_POLICY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/kernel/duration.h"
#include "sim/kernel/random.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand.h"
#include "sim/model/record.h"

namespace escalade::model {

// "No limit" for a deadline or a delay.
inline constexpr kernel::SimTime kNoDeadline = kernel::kTimeMax;

// How several departments work on one demand.
enum class JointHandling : std::uint8_t {
  kSequential,  // lead first, then each co-handler after a coordination delay
  kRendezvous,  // all summoned at once; work starts when the last arrives; all held until done
};

// Order of every waiting line.
enum class QueueOrder : std::uint8_t { kFifo, kTierPriority, kEarliestDeadline };

// What a breached resolve deadline triggers.
enum class BreachAction : std::uint8_t {
  kCount,     // counted against the unit in its assessment, nothing else
  kEscalate,  // a demand still waiting at a unit is taken away and escalated
};
struct BreachRule {
  BreachAction action = BreachAction::kCount;
  // Accountability review of the overtime (超时问责、倒查): this much work for the origin's
  // district (its discipline review), per breach; 0: none.
  kernel::SimTime review_work = 0;
};

// The units' staff pools as a decision sees them (auto dispatch). The load prediction
// passes an idle city (IdleLoads).
class LoadView {
 public:
  virtual ~LoadView() = default;
  virtual std::size_t Waiting(UnitId unit) const = 0;  // demands in its waiting line
  virtual int Busy(UnitId unit) const = 0;             // servers holding a demand
  virtual int OnDuty(UnitId unit) const = 0;           // servers on duty now (shifts)
};
// An idle city with everyone on duty (the load prediction's view).
class IdleLoads final : public LoadView {
 public:
  explicit IdleLoads(const City& city) : city_(city) {}
  std::size_t Waiting(UnitId) const override { return 0; }
  int Busy(UnitId) const override { return 0; }
  int OnDuty(UnitId unit) const override { return city_.unit(unit).staff; }

 private:
  const City& city_;
};

// Where a demand is received and how long the desk holds it (intake and grading).
struct Intake {
  UnitId unit = kNoUnit;     // a unit without staff receives it at once
  kernel::SimTime desk = 0;  // service time at the intake unit
};

// Stage limits of one demand, each absent when none; durations on the office calendar
// (elapsed, working hours or working days: kernel::Duration). Review runs from release to
// triage; accept from each assignment to a unit or team taking it up; report from each
// department order to that crew on site; resolve from release to closing. Update: while the
// demand is open after triage, its holder posts a status update every `update` (a short job,
// `update_work`, for the unit or crew holding it); an update is on time when it is made before
// the next one falls due.
struct Deadlines {
  std::optional<kernel::Duration> review;
  std::optional<kernel::Duration> accept;
  std::optional<kernel::Duration> report;
  std::optional<kernel::Duration> resolve;
  std::optional<kernel::Duration> update;
  kernel::SimTime update_work = 0;  // the holder's time per update
};

// Which stage limits a policy ever sets, so analysis knows which attainment metrics exist.
struct DeadlineKinds {
  bool review = false;
  bool accept = false;
  bool report = false;
  bool resolve = false;
  bool update = false;
};

// Co-governance teams already tried for a demand, per level (a set the lifecycle carries
// for the policy; HandlerAt reads it and says which bit its team takes).
using TeamsTried = std::uint64_t;

// Who works a demand at a level.
struct Handler {
  enum class Kind : std::uint8_t {
    kWork,      // `unit` works it with `work`
    kSkip,      // no unit there (absent or unstaffed): on to the next level, at no cost
    kReportOn,  // `unit` is there but may not or cannot handle it: reported on (a hop)
  };
  Kind kind = Kind::kSkip;
  UnitId unit = kNoUnit;
  const Resolution* work = nullptr;  // kWork: resolve probability and work time
  bool team = false;       // kWork by a co-governance team: its failure hands back to the level
  TeamsTried team_bit = 0;  // kWork by a team: the bit it adds to TeamsTried
};

// Why a level did not resolve a demand.
enum class Failure : std::uint8_t {
  kSkipped,     // no unit there
  kReportedOn,  // the unit could not handle it
  kFailed,      // the unit worked on it and did not resolve it
  kTakenAway,   // a breached deadline took it away while it waited
};

// Where a demand goes next.
struct Escalation {
  Level next = Level::kDistrict;   // kDepartment: order the departments
  kernel::SimTime paperwork = 0;   // before it reaches `next`
  bool whistle = false;            // a direct order to the departments from below the district
};

struct ReturnRule {
  double probability = 0;     // that the lead department sends this order back
  kernel::SimTime delay = 0;  // from the return to the order being made again
};

// One department (or team) an order summons, and how many of its cadres: each cadre holds one
// of the unit's servers from the order until the work is done.
struct CrewCall {
  UnitId unit = kNoUnit;
  int cadres = 1;  // 1..the unit's staff
  bool operator==(const CrewCall&) const = default;
};

struct JointPlan {
  JointHandling mode = JointHandling::kSequential;
  kernel::SimTime coordination = 0;  // sequential: between one crew finishing and the next order
};

class Policy {
 public:
  virtual ~Policy() = default;
  // The arm's name (unique in a comparison).
  virtual std::string_view Name() const = 0;
  // Checks the rules against the city; Ok by default.
  virtual kernel::Status Validate(const City& city) const;

  virtual Intake Receive(const Demand& demand, const City& city) const = 0;
  // May draw from `triage` (the demand's reserved stream).
  virtual Tier Grade(const Demand& demand, kernel::RandomStream& triage) const = 0;
  virtual Deadlines DeadlinesFor(const Demand& demand, Tier tier) const = 0;
  virtual DeadlineKinds DeadlinesSet() const = 0;
  virtual QueueOrder Queue() const = 0;
  // The key of tier_priority lines: lower first.
  virtual std::int64_t QueuePriority(const Demand& demand, Tier tier) const = 0;

  // The first level (kDepartment: order the departments at once).
  virtual Level First(const Demand& demand, Tier tier, const City& city) const = 0;
  virtual Handler HandlerAt(const Demand& demand, Level level, TeamsTried tried,
                            const City& city) const = 0;
  // `team_failed`: a co-governance team of `from` tried and failed before the level's unit
  // reported it on.
  virtual Escalation Escalate(const Demand& demand, Tier tier, Level from, Failure why,
                              bool team_failed, const City& city) const = 0;

  // `returns`: how often this demand was returned already.
  virtual ReturnRule Return(const Demand& demand, int returns) const = 0;
  // The crews of an order into *crews (cleared first; at most kMaxCrews, staffed units only,
  // each unit once, cadres at most its staff), lead first. Must not allocate once *crews has
  // the capacity (the lifecycle's hot path).
  virtual void Crews(const Demand& demand, const City& city, const LoadView& loads,
                     std::vector<CrewCall>* crews) const = 0;
  virtual JointPlan Joint(const Demand& demand) const = 0;
  virtual BreachRule OnBreach(const Demand& demand, Tier tier) const = 0;

  // The chance the resident is satisfied, given the outcome and the wait from release.
  virtual double SatisfiedChance(const Demand& demand, bool resolved,
                                 kernel::SimTime waited) const = 0;
  // The chance an unsatisfied resident reopens it, after `reopens` reopenings.
  virtual double ReopenChance(const Demand& demand, int reopens) const = 0;
};

// The most crews one order summons (the lifecycle packs a crew index into 4 bits).
inline constexpr std::size_t kMaxCrews = 15;

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_POLICY_H_
