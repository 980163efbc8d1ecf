// Records: the one currency of the model. A replication emits flat records and
// nothing else — one per demand (its stage times and outcome), one per visit
// (a unit, team or crew working on it, Ciw-style), one per transition when a
// sink asks for them (the golden logs), the open demands at each midnight, and
// one workload record per staffed unit at the end. Everything downstream —
// metrics, the CSV writers, the golden logs, reports — is a RecordSink; the
// experiment layer assembles the sinks of a run once.
//
// Order, per replication: a demand's visits and transitions come before its
// demand record, each in time order; demand records come when the demand
// closes (or at the end of the run, open); workload records come last.
//
// Thread safety: records are plain values; a sink is called from the thread of
// its replication only.
#ifndef ESCALADE_SIM_MODEL_RECORD_H_
#define ESCALADE_SIM_MODEL_RECORD_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <string_view>
#include <vector>

#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand.h"

namespace escalade::model {

// Urgency tiers of the Guangming platform: red (level 1), yellow, green.
enum class Tier : std::uint8_t { kRed, kYellow, kGreen };
inline constexpr int kTierCount = 3;
std::string_view TierName(Tier tier);  // "red", "yellow", "green"

enum class Transition : std::uint8_t {
  kCreated, kReceived, kTriaged, kAssigned, kAccepted, kEscalated, kOrdered, kReturned,
  kOnSite, kResolved, kUnresolved, kClosed, kSatisfied, kUnsatisfied, kReopened, kBreached,
};
std::string_view TransitionName(Transition transition);  // "created", "received", ...

// One transition of one demand.
struct LogEntry {
  kernel::SimTime time = 0;
  std::uint64_t demand = 0;
  Transition transition = Transition::kCreated;
  UnitId unit = kNoUnit;  // where it happened; kNoUnit when nowhere in particular
};

// How a visit ended.
enum class VisitOutcome : std::uint8_t {
  kReceived,    // an intake desk received and graded it
  kResolved,    // this unit (or, for crews, this order) resolved it
  kUnresolved,  // closed without resolution here (a department's failure)
  kEscalated,   // worked on it, could not resolve, reported it up
  kReportedOn,  // could not handle it at all: reported it up without working on it
  kOrdered,     // worked on it, could not resolve; the district assigned departments
  kWhistled,    // worked on it (or could not), then summoned departments directly (吹哨 / 发令)
  kHandedBack,  // a co-governance team could not resolve it: its level's own unit takes over
  kReturned,    // a department sent the order back as not its own (退单)
  kTakenAway,   // its resolve deadline passed while it waited; the policy took it away
  kHandedOn,    // a crew of a sequential joint order finished its part; the next one follows
  kAssisted,    // an assisting crew of a joint order (the lead's visit carries the outcome)
  kOpen,        // still in progress when the run ended
};
inline constexpr int kVisitOutcomeCount = 13;
std::string_view VisitOutcomeName(VisitOutcome outcome);  // "received", "resolved", ...

// One visit: a unit, team or crew holding the demand. Times in ms; kNoTime when not reached
// (started: never taken up — reported on, returned, open while waiting).
struct VisitRecord {
  std::uint64_t demand_id = 0;
  std::uint32_t seq = 0;  // 0, 1, 2, ... per demand, in the order the visits end
  UnitId unit = kNoUnit;
  Level level = Level::kCommunity;  // the level it works the demand for (crews: department)
  bool intake = false;              // the intake desk's visit (level is then meaningless)
  kernel::SimTime queued = 0;       // assigned / requested
  kernel::SimTime started = kNoTime;
  kernel::SimTime finished = kNoTime;  // kNoTime for an open visit
  VisitOutcome outcome = VisitOutcome::kOpen;
  // Its stage limit missed: taken up after the accept limit (units and teams), or on site
  // after the report limit (crews).
  bool late = false;
  bool whistle = false;  // a crew of an order from below the district (吹哨 / 发令)
  int cadres = 1;        // servers it held (a crew's cadres; 1 otherwise)
};

// The flat record of one demand.
struct DemandRecord {
  std::uint64_t demand_id = 0;
  kernel::SimTime created = 0;  // may be < 0 (open at the start)
  int category = 0;
  Tier tier = Tier::kGreen;
  Channel channel = Channel::kHotline;
  UnitId origin = kNoUnit;
  // Stage times, ms; kNoTime when not reached.
  kernel::SimTime received = kNoTime;        // the intake desk took it up
  kernel::SimTime triaged = kNoTime;         // graded
  kernel::SimTime first_assigned = kNoTime;  // first handed to a unit or team (not a crew)
  kernel::SimTime first_accepted = kNoTime;  // first taken up by a unit or team (not a crew)
  kernel::SimTime ordered = kNoTime;         // first department order (or whistle)
  kernel::SimTime on_site = kNoTime;         // first department crew on site
  kernel::SimTime closed = kNoTime;
  kernel::SimTime deadline = kNoTime;        // resolve deadline of its tier
  bool resolved = false;
  Level resolved_level = Level::kDepartment;
  Place resolved_at = Place::kDepartment;  // the level, or the team kind that resolved it
  UnitId resolver = kNoUnit;
  int hops = 0;         // units it was assigned to (departments count once per order)
  int escalations = 0;
  int returns = 0;
  int reopens = 0;
  int visits = 0;         // visit records emitted for it
  int orders = 0;         // times departments were ordered (again after a return or reopening)
  int crews_ordered = 0;  // department crews summoned (one per department or team and order)
  int cadres_ordered = 0;  // their cadres
  int whistles = 0;       // department orders issued from below the district (吹哨 / 发令)
  int whistle_cadres = 0;  // cadres those orders mobilised
  int whistles_on_time = 0;  // whistles whose every crew was on site within the report limit
  int crews_on_time = 0;  // crews on site within the report deadline (0 without one)
  int updates_due = 0;    // status updates that fell due while it was open
  int updates_on_time = 0;  // made before the next fell due
  int reviews = 0;        // accountability reviews its breaches started
  bool sla_met = false;   // closed by the deadline (true when there is none)
  bool review_on_time = true;  // reviewed within the review deadline (true without one)
  bool resolve_breached = false;  // its resolve deadline passed while it was open
  bool accept_on_time = true;  // taken up within the accept deadline at every unit
  bool satisfied = false;
  bool open = false;      // still open when the run ended (the horizon, or the cool-down's end)
  bool open_at_horizon = false;  // still open at the horizon (closed, if at all, in the cool-down)
};

// One staffed unit's work over the run.
struct UnitLoad {
  UnitId unit = kNoUnit;
  int staff = 0;
  double busy_hours = 0;
  double staffed_hours = 0;
  double utilization = 0;  // busy / staffed, in [0, 1]
  std::uint64_t jobs = 0;
  std::uint64_t breaches = 0;  // resolve deadlines breached while a demand was with this unit
};

// A consumer of one replication's records. The wants_* answers are read once, before the
// run: a sink that does not want visits or transitions costs the run nothing for them.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual bool wants_visits() const { return false; }
  virtual bool wants_transitions() const { return false; }
  virtual void OnTransition(const LogEntry&) {}
  virtual void OnVisit(const VisitRecord&) {}
  virtual void OnDemand(const DemandRecord& record) = 0;
  // The demands open at midnight starting day `day` + 1 (day 0 is the first midnight).
  virtual void OnMidnight(int /*day*/, std::uint32_t /*open*/) {}
  virtual void OnUnit(const UnitLoad&) {}
};

// Passes every record to each of several sinks, in order.
class TeeSink final : public RecordSink {
 public:
  explicit TeeSink(std::vector<RecordSink*> sinks);
  bool wants_visits() const override { return visits_; }
  bool wants_transitions() const override { return transitions_; }
  void OnTransition(const LogEntry& entry) override;
  void OnVisit(const VisitRecord& visit) override;
  void OnDemand(const DemandRecord& record) override;
  void OnMidnight(int day, std::uint32_t open) override;
  void OnUnit(const UnitLoad& load) override;

 private:
  std::vector<RecordSink*> sinks_;
  bool visits_ = false;
  bool transitions_ = false;
};

// Passes each demand record to a function (tests, benchmarks); ignores the rest.
class DemandFunctionSink final : public RecordSink {
 public:
  explicit DemandFunctionSink(std::function<void(const DemandRecord&)> on_demand)
      : on_demand_(std::move(on_demand)) {}
  void OnDemand(const DemandRecord& record) override { on_demand_(record); }

 private:
  std::function<void(const DemandRecord&)> on_demand_;
};

// Keeps every record of a run in memory: for tests, teaching and small runs (a megacity run
// would not fit). Visits and transitions only when asked for.
class RecordLog final : public RecordSink {
 public:
  explicit RecordLog(bool keep_visits = false, bool keep_transitions = false)
      : want_visits_(keep_visits), want_transitions_(keep_transitions) {}
  bool wants_visits() const override { return want_visits_; }
  bool wants_transitions() const override { return want_transitions_; }
  void OnTransition(const LogEntry& entry) override { transitions.push_back(entry); }
  void OnVisit(const VisitRecord& visit) override { visits.push_back(visit); }
  void OnDemand(const DemandRecord& record) override { demands.push_back(record); }
  void OnMidnight(int, std::uint32_t open) override { daily_backlog.push_back(open); }
  void OnUnit(const UnitLoad& load) override { workload.push_back(load); }

  std::vector<LogEntry> transitions;
  std::vector<VisitRecord> visits;
  std::vector<DemandRecord> demands;
  std::vector<std::uint32_t> daily_backlog;
  std::vector<UnitLoad> workload;

 private:
  bool want_visits_;
  bool want_transitions_;
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_RECORD_H_
