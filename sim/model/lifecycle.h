// Lifecycle: one replication of a scenario under one policy — every demand's
// way through the governance graph as events on an Engine:
//
//   created → received (intake unit, by channel) → triaged (tier) → assigned →
//   accepted → [escalated → assigned → accepted ...] → ordered (departments) →
//   on site → resolved | returned | closed unresolved → closed →
//   satisfied | reopened
//
// Work is done by the units' staff pools (kernel::StaffPool, one per unit with
// staff); a unit on office hours counts work in the calendar's working time,
// so a job started at 17:50 needing an hour ends the next working morning.
// Department crews travel from their base to the community (City::TravelTime)
// and are held while travelling and working. Deadlines are cancellable timers.
// The policy answers the decision points (policy.h). Every transition can be
// logged (Options::keep_log) and every demand leaves one flat DemandRecord —
// when it closes, or at the horizon with status open — so nothing is lost.
//
// Randomness: only the demand's reserved streams (DemandDraws), so the same
// demand has the same work times and outcomes under every policy.
//
// Memory: O(open demands + units): closed demands are handed to the record
// callback and forgotten.
//
// Thread safety: one Lifecycle per replication, on one thread.
#ifndef ESCALADE_SIM_MODEL_LIFECYCLE_H_
#define ESCALADE_SIM_MODEL_LIFECYCLE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "sim/kernel/calendar.h"
#include "sim/kernel/engine.h"
#include "sim/kernel/staff_pool.h"
#include "sim/kernel/status.h"
#include "sim/model/city.h"
#include "sim/model/demand.h"
#include "sim/model/policy.h"

namespace escalade::model {

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

// The flat record of one demand (analysis reads only these).
struct DemandRecord {
  std::uint64_t demand_id = 0;
  kernel::SimTime created = 0;  // may be < 0 (open at the start)
  int category = 0;
  Tier tier = Tier::kGreen;
  Channel channel = Channel::kHotline;
  UnitId origin = kNoUnit;
  // Stage times, ms; kNoTime when not reached.
  kernel::SimTime received = kNoTime;
  kernel::SimTime triaged = kNoTime;
  kernel::SimTime first_assigned = kNoTime;
  kernel::SimTime first_accepted = kNoTime;
  kernel::SimTime ordered = kNoTime;   // first department order (or whistle)
  kernel::SimTime on_site = kNoTime;   // first department crew on site
  kernel::SimTime closed = kNoTime;
  kernel::SimTime deadline = kNoTime;  // resolve deadline of its tier
  bool resolved = false;
  Level resolved_level = Level::kDepartment;
  UnitId resolver = kNoUnit;
  int hops = 0;         // units it was assigned to (departments count once per order)
  int escalations = 0;
  int returns = 0;
  int reopens = 0;
  int crews_ordered = 0;  // department crews summoned
  int whistles = 0;       // department orders issued from below the district (吹哨 / 发令)
  int crews_on_time = 0;  // of which on site within the report deadline (0 without one)
  bool sla_met = false;   // closed by the deadline (true when there is none)
  bool review_on_time = true;  // red: reviewed within review_deadline_red
  bool accept_on_time = true;  // red: taken up within accept_deadline_red at every unit
  bool satisfied = false;
  bool open = false;      // still open when the run ended (the horizon, or the cool-down's end)
  bool open_at_horizon = false;  // still open at the horizon (closed, if at all, in the cool-down)
  // The units that handled it, in order: intake, each unit assigned or reporting it on,
  // each department crew (or enforcement team) ordered; again when visited again.
  std::vector<UnitId> visited;
};

class Lifecycle final : public kernel::EventTarget, public kernel::StaffListener {
 public:
  struct Options {
    std::uint64_t seed = 1;         // the scenario seed (for the reserved streams)
    std::uint64_t replication = 0;
    kernel::SimTime horizon = 365 * kernel::kDay;
    bool keep_log = false;          // keep every transition (golden tests, teaching)
    // Runaway cap: Run stops with an error when more than this many demands are open at
    // once (admitted and not yet closed) — the backlog of an unstable scenario (work
    // offered above capacity somewhere) growing without bound. An open demand holds about
    // 0.9 KB (its state, its place in a waiting line, its timers; measured on the
    // megacity), so the default bounds the open demands near 0.7 GB. The largest stable
    // shipped scenario, the megacity-year, peaks near 250,000 open demands (after the
    // Spring Festival holidays, when offices close for 8 days; bench/RESULTS.md).
    // 0 = no cap.
    std::uint32_t max_open_demands = 750000;
    // The measurement window and the cool-down. The measured demands are those created in
    // [warmup, horizon). With cooldown_limit > 0 the run goes on past the horizon, arrivals
    // continuing, until every measured demand has closed — so that no measured demand's time
    // is cut off at the horizon (right-censoring) — and stops at horizon + cooldown_limit at
    // the latest: Counters::measured_open_at_end then counts the measured demands still open,
    // which the caller must report. The demand stream must supply arrivals up to
    // horizon + cooldown_limit to keep the load steady (a stream that ends at the horizon
    // makes the cool-down a drain). Daily backlog samples and Workload() stay those of
    // [0, horizon]. 0 = no cool-down: the run stops at the horizon.
    kernel::SimTime warmup = 0;          // ms
    kernel::SimTime cooldown_limit = 0;  // ms; 0 = none
  };

  struct Counters {
    std::uint64_t created = 0;
    std::uint64_t closed = 0;
    std::uint64_t resolved = 0;
    std::uint64_t open_at_horizon = 0;
    std::uint64_t measured_open_at_end = 0;  // measured demands open when the run ended
    std::uint64_t escalations = 0;
    std::uint64_t returns = 0;
    std::uint64_t reopens = 0;
    std::uint64_t crews_ordered = 0;
    std::uint64_t crews_on_time = 0;
    std::uint64_t breaches = 0;       // resolve deadlines breached
    std::uint64_t reviews_late = 0;   // red demands reviewed after review_deadline_red
    std::uint64_t accepts_late = 0;   // red take-ups after accept_deadline_red
    std::uint64_t records = 0;  // records handed out
    std::uint64_t transitions = 0;
    // Services completed: a unit's or team's work on a demand, or one department crew's
    // (a rendezvous of n crews counts n). Intake desks are not counted. With `created` these
    // are the model events of queueing theory (arrivals + service completions, bench/).
    std::uint64_t services = 0;
  };

  struct UnitLoad {
    UnitId unit = kNoUnit;
    int staff = 0;
    double busy_hours = 0;
    double staffed_hours = 0;
    double utilization = 0;  // busy / staffed, in [0, 1]
    std::uint64_t jobs = 0;
    std::uint64_t breaches = 0;  // resolve deadlines breached while a demand was with this unit
  };

  // The city, calendar, policy and stream must outlive the Lifecycle.
  Lifecycle(const City& city, const kernel::Calendar& office, const Policy& policy,
            DemandStream& demands, Options options);
  ~Lifecycle() override;

  // Runs to the horizon, then through the cool-down (Options::cooldown_limit).
  // `on_record` gets each demand's record once: when it closes, or when the run
  // ends (open = true). A bad demand stream (a trace
  // row that cannot be read) stops the run with its error. More than
  // Options::max_open_demands open demands stop it with an error that names the
  // unit with the longest waiting line:
  //   "runaway backlog: more than N demands open on day D (YYYY-MM-DD), the
  //   cap Lifecycle::Options::max_open_demands; the longest waiting line is at
  //   UNIT: W demands waiting for S staff (B busy). The work offered there
  //   exceeds its capacity: add staff at UNIT or lower the demand."
  // The demands still open are then dropped without records.
  kernel::Status Run(const std::function<void(const DemandRecord&)>& on_record);

  const Counters& counters() const { return counters_; }
  const std::vector<LogEntry>& log() const { return log_; }
  // Demands open at each midnight: [d] is the count at the start of day d + 1 (d >= 0),
  // up to the horizon.
  const std::vector<std::uint32_t>& daily_backlog() const { return daily_backlog_; }
  // Each staffed unit's load over [0, horizon] (over [0, now] before the horizon).
  std::vector<UnitLoad> Workload() const;
  const kernel::Engine& engine() const { return engine_; }

  // kernel interfaces.
  void OnEvent(kernel::Engine& engine, std::uint64_t tag) override;
  void OnStaffGranted(kernel::StaffPool& pool, std::uint64_t job) override;

 private:
  struct Active;
  enum class Stage : std::uint8_t;
  enum Event : std::uint8_t;

  void Admit(const Demand& demand);
  void PullNext();
  void IntakeDone(std::uint32_t slot);
  void Assign(std::uint32_t slot, Level level);
  void WorkDone(std::uint32_t slot);
  // hop: the unit at `from` took it (counted, logged, paperwork); else skipped.
  // tried: it worked on it and could not resolve it (so departments are needed).
  void Escalate(std::uint32_t slot, Level from, bool hop, bool tried);
  void Order(std::uint32_t slot);
  void RequestCrew(std::uint32_t slot, int crew);
  void CrewArrived(std::uint32_t slot, int crew);
  void CrewDone(std::uint32_t slot, int crew);
  void JointDone(std::uint32_t slot);
  void Resolve(std::uint32_t slot, Level level, UnitId unit, bool resolved);
  void Close(std::uint32_t slot);
  void Breach(std::uint32_t slot);

  UnitId UnitAt(const Active& a, Level level) const;
  kernel::StaffPool* PoolOf(UnitId unit) const;
  kernel::SimTime HoldEnd(UnitId unit, kernel::SimTime duration) const;
  void Schedule(kernel::SimTime at, std::uint32_t slot, Event event, int crew = 0);
  void Request(std::uint32_t slot, kernel::StaffPool* pool, int crew);
  void Log(const Active& a, Transition transition, UnitId unit);
  std::uint32_t NewSlot();
  void Runaway();  // the cap was passed: the error, then stop
  std::vector<UnitLoad> LoadsNow() const;
  bool Measured(const Demand& d) const {
    return d.created >= options_.warmup && d.created < options_.horizon;
  }

  const City& city_;
  const kernel::Calendar& office_;
  const Policy& policy_;
  const PolicyParams& params_;
  DemandStream& demands_;
  Options options_;
  DemandDraws::StageKeys draw_keys_;  // DemandDraws::KeysOf(options_.seed), computed once
  kernel::Engine engine_;
  std::vector<std::unique_ptr<kernel::StaffPool>> pools_;  // by unit id; null without staff
  std::vector<std::unique_ptr<Active>> active_;            // by slot
  std::vector<std::uint32_t> free_slots_;
  Demand next_;
  bool has_next_ = false;
  kernel::Status stream_error_ = kernel::Status::Ok();  // or the runaway cap's error
  bool runaway_ = false;
  const std::function<void(const DemandRecord&)>* on_record_ = nullptr;
  Counters counters_;
  std::vector<LogEntry> log_;
  std::vector<std::uint64_t> breaches_by_unit_;  // by unit id
  std::uint32_t open_ = 0;                       // demands admitted and not closed
  std::vector<std::uint32_t> daily_backlog_;
  std::uint32_t measured_open_ = 0;            // measured demands admitted and not closed
  bool cooling_ = false;                       // past the horizon, in the cool-down
  std::vector<UnitLoad> horizon_loads_;        // Workload() at the horizon
  bool past_horizon_ = false;
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_LIFECYCLE_H_
