// Lifecycle: one replication of a scenario under one policy — every demand's
// way through the governance graph as events on an Engine:
//
//   created → received (intake unit) → triaged (tier) → assigned →
//   accepted → [escalated → assigned → accepted ...] → ordered (departments) →
//   on site → resolved | returned | closed unresolved → closed →
//   satisfied | reopened
//
// The lifecycle is mechanics only: waiting lines and staff (kernel::StaffPool,
// one per staffed unit), office hours (a unit on office hours counts work in
// the calendar's working time, so a job started at 17:50 needing an hour ends
// the next working morning), crews held while travelling from their base
// (City::TravelTime) and working, cancellable deadline timers, and the events
// that join them. Every decision — where a demand goes, who works it, what a
// failure, a return, a breach or a resident does — is the policy's (policy.h);
// the lifecycle asks and carries out the answer.
//
// Output: records only (record.h), to one RecordSink — each visit as it ends,
// each demand when it closes (or at the end of the run, open), the open
// demands at each midnight, each staffed unit's workload at the end, and
// every transition when the sink asks for them.
//
// Randomness: only the demand's reserved streams (DemandDraws), so the same
// demand has the same work times and outcomes under every policy.
//
// Memory: O(open demands + units): closed demands are handed to the sink and
// forgotten; a slot and its vectors are reused by the next demand.
//
// Thread safety: one Lifecycle per replication, on one thread.
#ifndef ESCALADE_SIM_MODEL_LIFECYCLE_H_
#define ESCALADE_SIM_MODEL_LIFECYCLE_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/kernel/calendar.h"
#include "sim/kernel/engine.h"
#include "sim/kernel/staff_pool.h"
#include "sim/kernel/status.h"
#include "sim/model/city.h"
#include "sim/model/demand.h"
#include "sim/model/policy.h"
#include "sim/model/record.h"

namespace escalade::model {

class Lifecycle final : public kernel::EventTarget, public kernel::StaffListener {
 public:
  struct Options {
    std::uint64_t seed = 1;         // the scenario seed (for the reserved streams)
    std::uint64_t replication = 0;
    kernel::SimTime horizon = 365 * kernel::kDay;
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
    // makes the cool-down a drain). Demands created in the cool-down only keep the load up:
    // they leave no record of any kind. Midnight samples and the workload records are those
    // of [0, horizon]. 0 = no cool-down: the run stops at the horizon.
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
    std::uint64_t reviews_late = 0;   // demands reviewed after their review deadline
    std::uint64_t accepts_late = 0;   // take-ups after the accept deadline
    std::uint64_t updates_due = 0;    // status updates that fell due
    std::uint64_t updates_on_time = 0;
    std::uint64_t breach_reviews = 0;  // accountability reviews started by breaches
    std::uint64_t records = 0;  // demand records handed out
    std::uint64_t visits = 0;   // visit records (counted whether or not the sink wants them)
    std::uint64_t transitions = 0;
    // Services completed: a unit's or team's work on a demand, or one department crew's
    // (a rendezvous of n crews counts n). Intake desks are not counted. With `created` these
    // are the model events of queueing theory (arrivals + service completions, bench/).
    std::uint64_t services = 0;
  };

  // The city, calendar, policy and stream must outlive the Lifecycle.
  Lifecycle(const City& city, const kernel::Calendar& office, const Policy& policy,
            DemandStream& demands, Options options);
  ~Lifecycle() override;

  // Runs to the horizon, then through the cool-down (Options::cooldown_limit), giving every
  // record to `sink` (record.h says in which order); the demands still open when the run
  // ends get records with open = true, then every staffed unit a UnitLoad (as of the
  // horizon). A bad demand stream (a trace row that cannot be read) stops the run
  // with its error. More than Options::max_open_demands open demands stop it with an error
  // that names the unit with the longest waiting line:
  //   "runaway backlog: more than N demands open on day D (YYYY-MM-DD), the
  //   cap Lifecycle::Options::max_open_demands; the longest waiting line is at
  //   UNIT: W demands waiting for S staff (B busy). The work offered there
  //   exceeds its capacity: add staff at UNIT or lower the demand."
  // The demands still open are then dropped without records.
  kernel::Status Run(RecordSink& sink);

  const Counters& counters() const { return counters_; }
  const kernel::Engine& engine() const { return engine_; }

  // kernel interfaces.
  void OnEvent(kernel::Engine& engine, std::uint64_t tag) override;
  void OnStaffGranted(kernel::StaffPool& pool, std::uint64_t job) override;

 private:
  struct Active;
  struct Crew;
  struct Chore;
  enum class Stage : std::uint8_t;
  enum Event : std::uint8_t;
  class Loads;

  void Admit(const Demand& demand);
  void PullNext();
  void IntakeDone(std::uint32_t slot);
  void Assign(std::uint32_t slot, Level level);
  void WorkDone(std::uint32_t slot);
  // The level's unit (a.unit, or none) did not resolve it: the policy says where next.
  void Escalate(std::uint32_t slot, Failure why);
  void Order(std::uint32_t slot);
  void RequestCrew(std::uint32_t slot, int crew);
  void CrewArrived(std::uint32_t slot, int crew);
  void CrewDone(std::uint32_t slot, int crew);
  void JointDone(std::uint32_t slot);
  void Resolve(std::uint32_t slot, Level level, UnitId unit, bool resolved);
  void Close(std::uint32_t slot);
  void Breach(std::uint32_t slot);
  void UpdateDue(std::uint32_t slot);
  // Chores: work detached from a demand's steps (status updates, reviews).
  std::int32_t StartChore(const Chore& chore);
  void ChoreGranted(std::uint32_t index);
  void ChoreDone(std::uint32_t index);
  void WithdrawUpdate(Active& a);  // an update still waiting is dropped
  // When a limit running from `start` falls due, on the office calendar; kNoTime: none.
  kernel::SimTime Due(kernel::SimTime start, const std::optional<kernel::Duration>& limit) const;

  kernel::StaffPool* PoolOf(UnitId unit) const;
  kernel::SimTime HoldEnd(UnitId unit, kernel::SimTime duration) const;
  kernel::SimTime WorkTime(Active& a, const Resolution& resolution);
  void Schedule(kernel::SimTime at, std::uint32_t slot, Event event, int crew = 0);
  void Request(std::uint32_t slot, kernel::StaffPool* pool, int crew);
  void Log(const Active& a, Transition transition, UnitId unit);
  // Ends the visit of the unit or team holding the demand (a.unit since a.visit_queued).
  void EndVisit(Active& a, VisitOutcome outcome);
  void EmitVisit(Active& a, UnitId unit, Level level, bool intake, kernel::SimTime queued,
                 kernel::SimTime started, kernel::SimTime finished, VisitOutcome outcome,
                 bool late = false, bool whistle = false, int cadres = 1);
  void EmitCrewVisit(Active& a, const Crew& crew, kernel::SimTime finished, VisitOutcome outcome);
  void EmitOpen(Active& a);  // the visits in progress of a demand open at the end
  std::uint32_t NewSlot();
  void Runaway();  // the cap was passed: the error, then stop
  void LoadsNow(std::vector<UnitLoad>* out) const;
  bool Measured(const Demand& d) const {
    return d.created >= options_.warmup && d.created < options_.horizon;
  }

  const City& city_;
  const kernel::Calendar& office_;
  const Policy& policy_;
  DemandStream& demands_;
  Options options_;
  DemandDraws::StageKeys draw_keys_;  // DemandDraws::KeysOf(options_.seed), computed once
  kernel::Engine engine_;
  std::unique_ptr<Loads> loads_;  // the pools as the policy sees them
  std::vector<std::unique_ptr<kernel::StaffPool>> pools_;  // by unit id; null without staff
  std::vector<std::unique_ptr<Active>> active_;            // by slot
  std::vector<std::uint32_t> free_slots_;
  std::vector<CrewCall> crew_calls_;  // the policy's answer to Crews, reused
  std::vector<Chore> chores_;          // by index; free ones listed in free_chores_
  std::vector<std::uint32_t> free_chores_;
  Demand next_;
  bool has_next_ = false;
  kernel::Status stream_error_ = kernel::Status::Ok();  // or the runaway cap's error
  bool runaway_ = false;
  RecordSink* sink_ = nullptr;
  bool visits_ = false;       // the sink wants visit records
  bool transitions_ = false;  // the sink wants transitions
  Counters counters_;
  std::vector<std::uint64_t> breaches_by_unit_;  // by unit id
  std::uint32_t open_ = 0;                       // demands admitted and not closed
  int day_ = 0;                                  // midnights sampled
  std::uint32_t measured_open_ = 0;              // measured demands admitted and not closed
  bool cooling_ = false;                         // past the horizon, in the cool-down
  std::vector<UnitLoad> horizon_loads_;          // the workload at the horizon
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_LIFECYCLE_H_
