#include "sim/model/lifecycle.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "sim/kernel/staff_pool.h"

namespace escalade::model {

using kernel::SimTime;

// What a demand is waiting for at a pool.
enum class Lifecycle::Stage : std::uint8_t { kIntake, kWork, kCrew };

// Event kinds, in the low 4 bits of a tag; the crew index in the next 4; the slot above.
// A demand's next step after paperwork is in its state (Active::next_level), not the tag.
enum Lifecycle::Event : std::uint8_t {
  kArrive = 0,
  kIntakeDone,
  kWorkDone,
  kAssignAfterPaperwork,
  kCrewArrived,
  kCrewDone,
  kCoordinated,  // sequential joint handling: the next crew may be ordered
  kJointDone,
  kDeadline,
  kMidnight,   // samples the open demands
  kUpdateDue,  // a status update falls due
  kChoreDone,  // a chore's work is done (the slot field is the chore's index)
  kChoreJob,   // in a job tag: a chore waiting for a server, not a demand
};

namespace {
constexpr std::uint64_t Tag(std::uint32_t slot, int event, int crew) {
  return (std::uint64_t{slot} << 8) | (static_cast<std::uint64_t>(crew) << 4) |
         static_cast<std::uint64_t>(event);
}
// Whether a unit works the office calendar's hours (work suspended while closed); a unit on
// shifts or on duty 24x7 works in elapsed time.
bool OnOfficeHours(const Unit& unit) { return unit.hours == StaffHours::kOffice && !unit.shifts; }

}  // namespace

// The staff pools as the policy sees them.
class Lifecycle::Loads final : public LoadView {
 public:
  explicit Loads(const std::vector<std::unique_ptr<kernel::StaffPool>>& pools) : pools_(pools) {}
  std::size_t Waiting(UnitId unit) const override {
    const kernel::StaffPool* pool = pools_[unit].get();
    return pool ? pool->queue_length() : 0;
  }
  int Busy(UnitId unit) const override {
    const kernel::StaffPool* pool = pools_[unit].get();
    return pool ? pool->busy() : 0;
  }
  int OnDuty(UnitId unit) const override {
    const kernel::StaffPool* pool = pools_[unit].get();
    return pool ? pool->servers() : 0;
  }

 private:
  const std::vector<std::unique_ptr<kernel::StaffPool>>& pools_;
};

// One crew of an order: a department unit, station or team, how many of its cadres, and its
// visit so far.
struct Lifecycle::Crew {
  UnitId unit = kNoUnit;
  int cadres = 1;
  int granted = 0;            // cadres granted so far; it sets off when all are
  SimTime queued = kNoTime;
  SimTime started = kNoTime;  // taken up (it sets off)
  bool late = false;          // on site after the report limit
  bool done = false;          // its visit was emitted
};

// Work for a unit that is not a demand's own step: a status update of a demand, or the
// accountability review of a breach. It holds one server of `unit` for `work`.
struct Lifecycle::Chore {
  UnitId unit = kNoUnit;
  std::uint32_t slot = 0;        // the demand's slot (updates)
  std::uint64_t demand_id = 0;   // the demand, to know the slot still holds it
  SimTime work = 0;
  bool update = false;           // a status update (else a review)
  bool live = false;
};

// The state of one open demand. Slots and their Active objects are reused when a
// demand closes (Start), so that steady state allocates nothing per demand: the
// vectors keep their capacity.
struct Lifecycle::Active {
  Active(const Demand& d, const DemandDraws& draws)
      : demand(d),
        work(draws.Stream(DrawStage::kWork)),
        resolve(draws.Stream(DrawStage::kResolve)),
        ret(draws.Stream(DrawStage::kReturn)),
        satisfaction(draws.Stream(DrawStage::kSatisfaction)),
        triage(draws.Stream(DrawStage::kTriage)) {}

  Demand demand;
  kernel::RandomStream work, resolve, ret, satisfaction, triage;
  DemandRecord record;
  Deadlines deadlines;   // the policy's, set at triage
  JointPlan joint;       // the policy's, set at each order
  SimTime desk = 0;      // the intake desk's time (the policy's, at admission)
  Stage stage = Stage::kIntake;
  Level level = Level::kCommunity;       // where it is being handled
  Level next_level = Level::kCommunity;  // where it goes when its paperwork is done
  UnitId unit = kNoUnit;                 // the unit or team holding it (intake or level)
  kernel::StaffPool* waiting = nullptr;  // the pool it waits in, if any
  std::uint64_t waiting_job = 0;
  bool desk_held = false;                // the intake desk holds a server for it
  SimTime assigned_at = 0;               // the current visit's start in line, or the order
  SimTime started_at = kNoTime;          // the current visit taken up
  const Resolution* resolution = nullptr;  // what the current unit's work is (level or team)
  bool at_team = false;                  // the current unit is a co-governance team
  bool team_failed = false;              // a team of the current level tried and failed
  TeamsTried teams_tried = 0;
  kernel::TimerHandle deadline;
  UnitId last_holder = kNoUnit;  // the last unit or crew that held it (status updates)
  kernel::TimerHandle update_timer;
  std::int32_t update_chore = -1;  // the update waiting for a server, if any
  // Departments.
  std::vector<Crew> crews;
  int next_crew = 0;  // sequential: the next to order
  int arrived = 0;    // rendezvous: crews on site
  bool order_whistle = false;   // the current (or next) order comes from below the district
  bool order_on_time = true;    // every crew of the current order on site within the limit
  bool live = true;   // false once closed (the slot is free)
  bool recorded = true;  // created before the horizon (a cool-down arrival leaves no record)

  // Turns a closed demand's object into a fresh one for `d`, keeping the vector's storage.
  // Rebuilt in place by the constructor (every field its initial value, however many are
  // added), not built aside and moved over: the state is written once instead of three times.
  void Start(const Demand& d, const DemandDraws& draws) {
    std::vector<Crew> kept_crews = std::move(crews);
    std::destroy_at(this);
    std::construct_at(this, d, draws);
    kept_crews.clear();
    crews = std::move(kept_crews);
  }
};

Lifecycle::Lifecycle(const City& city, const kernel::Calendar& office, const Policy& policy,
                     DemandStream& demands, Options options)
    : city_(city),
      office_(office),
      policy_(policy),
      demands_(demands),
      options_(options),
      draw_keys_(DemandDraws::KeysOf(options.seed)) {
  kernel::Discipline discipline = kernel::disciplines::Fifo;
  switch (policy_.Queue()) {
    case QueueOrder::kFifo:
      break;
    case QueueOrder::kTierPriority:
      discipline = kernel::disciplines::Priority;
      break;
    case QueueOrder::kEarliestDeadline:
      discipline = kernel::disciplines::EarliestDeadline;
      break;
  }
  pools_.resize(city.size());
  breaches_by_unit_.assign(city.size(), 0);
  for (UnitId id = 0; id < city.size(); ++id) {
    const Unit& unit = city.unit(id);
    if (unit.staff <= 0) continue;
    kernel::StaffPool::Options pool;
    pool.name = unit.name;
    pool.servers = unit.staff;
    pool.discipline = discipline;
    pool.schedule = unit.shifts;
    // Office units suspend work outside working hours (HoldEnd): their server-time is
    // measured in working time, so utilisation is the busy share of staffed time.
    if (OnOfficeHours(unit)) pool.duty = &office_;
    pools_[id] = std::make_unique<kernel::StaffPool>(engine_, pool);
  }
  loads_ = std::make_unique<Loads>(pools_);
}

Lifecycle::~Lifecycle() = default;

kernel::Status Lifecycle::Run(RecordSink& sink) {
  sink_ = &sink;
  visits_ = sink.wants_visits();
  transitions_ = sink.wants_transitions();
  // Midnight samples come before anything else at the same instant (priority 0).
  if (kernel::kDay <= options_.horizon) {
    engine_.Schedule(kernel::kDay, this, Tag(0, kMidnight, 0), 0);
  }
  PullNext();
  engine_.RunUntil(options_.horizon);
  // The horizon: the workload and the open demands as of now; then the cool-down, until the
  // last measured demand closes (Close stops the engine) or the limit.
  LoadsNow(&horizon_loads_);
  if (!runaway_) {
    counters_.open_at_horizon = open_;
    for (std::unique_ptr<Active>& a : active_) {
      if (a && a->live) a->record.open_at_horizon = true;
    }
  }
  if (!runaway_ && stream_error_.ok() && options_.cooldown_limit > 0 && measured_open_ > 0) {
    cooling_ = true;
    engine_.RunUntil(options_.horizon + options_.cooldown_limit);
  }
  counters_.measured_open_at_end = measured_open_;
  if (runaway_) {  // stopped by the cap: no records of a run that is an error
    active_.clear();
    free_slots_.clear();
    sink_ = nullptr;
    return stream_error_;
  }
  // Whatever is still open is counted open, not lost.
  for (std::unique_ptr<Active>& a : active_) {
    if (!a || !a->live) continue;
    if (a->recorded) {
      EmitOpen(*a);
      a->record.open = true;
      ++counters_.records;
      sink.OnDemand(a->record);
    }
    a.reset();
  }
  for (const UnitLoad& load : horizon_loads_) sink.OnUnit(load);
  sink_ = nullptr;
  return stream_error_;
}

void Lifecycle::LoadsNow(std::vector<UnitLoad>* out) const {
  out->clear();
  const SimTime now = engine_.now();
  for (UnitId id = 0; id < city_.size(); ++id) {
    const kernel::StaffPool* pool = pools_[id].get();
    if (!pool) continue;
    UnitLoad load;
    load.unit = id;
    load.staff = city_.unit(id).staff;
    load.busy_hours = pool->BusyHours(now);
    load.staffed_hours = pool->StaffedHours(now);
    const double u = pool->Utilization(now);
    load.utilization = u == u ? u : 0;  // NaN (never staffed) → 0
    load.jobs = pool->jobs_granted();
    load.breaches = breaches_by_unit_[id];
    out->push_back(load);
  }
}

void Lifecycle::PullNext() {
  kernel::Result<bool> got = demands_.Next(&next_);
  if (!got.ok()) {
    stream_error_ = got.status();
    engine_.Stop();
    has_next_ = false;
    return;
  }
  has_next_ = *got && next_.release() < options_.horizon + options_.cooldown_limit;
  if (has_next_) engine_.Schedule(std::max(next_.release(), engine_.now()), this, Tag(0, kArrive, 0));
}

void Lifecycle::OnEvent(kernel::Engine&, std::uint64_t tag) {
  const auto event = static_cast<Event>(tag & 0xF);
  const int crew = static_cast<int>((tag >> 4) & 0xF);
  const auto slot = static_cast<std::uint32_t>(tag >> 8);
  switch (event) {
    case kArrive:
      Admit(next_);
      PullNext();
      return;
    case kIntakeDone:
      IntakeDone(slot);
      return;
    case kWorkDone:
      WorkDone(slot);
      return;
    case kAssignAfterPaperwork:
      Assign(slot, active_[slot]->next_level);
      return;
    case kCrewArrived:
      CrewArrived(slot, crew);
      return;
    case kCrewDone:
      CrewDone(slot, crew);
      return;
    case kCoordinated:
      RequestCrew(slot, crew);
      return;
    case kJointDone:
      JointDone(slot);
      return;
    case kDeadline:
      Breach(slot);
      return;
    case kUpdateDue:
      UpdateDue(slot);
      return;
    case kChoreDone:
      ChoreDone(slot);
      return;
    case kChoreJob:
      return;  // a job tag, never an event
    case kMidnight:
      sink_->OnMidnight(day_++, open_);
      if (engine_.now() + kernel::kDay <= options_.horizon) {
        engine_.Schedule(engine_.now() + kernel::kDay, this, Tag(0, kMidnight, 0), 0);
      }
      return;
  }
}

std::uint32_t Lifecycle::NewSlot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  active_.emplace_back();
  return static_cast<std::uint32_t>(active_.size() - 1);
}

void Lifecycle::Runaway() {
  runaway_ = true;
  UnitId worst = kNoUnit;
  std::size_t longest = 0;
  for (UnitId id = 0; id < pools_.size(); ++id) {
    if (pools_[id] && pools_[id]->queue_length() > longest) {
      longest = pools_[id]->queue_length();
      worst = id;
    }
  }
  const SimTime now = engine_.now();
  std::string message = "runaway backlog: more than " + std::to_string(options_.max_open_demands) +
                        " demands open on day " + std::to_string(now / kernel::kDay + 1) + " (" +
                        kernel::FormatDate(office_.DateOf(now)) +
                        "), the cap Lifecycle::Options::max_open_demands; ";
  if (worst == kNoUnit) {
    message += "no unit has a waiting line (demands are held by long work or travel). "
               "Shorten the work or lower the demand.";
  } else {
    const std::string& name = city_.unit(worst).name;
    message += "the longest waiting line is at " + name + ": " + std::to_string(longest) +
               " demands waiting for " + std::to_string(city_.unit(worst).staff) + " staff (" +
               std::to_string(pools_[worst]->busy()) +
               " busy). The work offered there exceeds its capacity: add staff at " + name +
               " or lower the demand.";
  }
  stream_error_ = kernel::Status::Error(message);
  engine_.Stop();
}

void Lifecycle::Log(const Active& a, Transition transition, UnitId unit) {
  ++counters_.transitions;
  if (transitions_ && a.recorded) {
    sink_->OnTransition({engine_.now(), a.demand.id, transition, unit});
  }
}

void Lifecycle::EmitVisit(Active& a, UnitId unit, Level level, bool intake, SimTime queued,
                          SimTime started, SimTime finished, VisitOutcome outcome, bool late,
                          bool whistle, int cadres) {
  ++counters_.visits;
  const auto seq = static_cast<std::uint32_t>(a.record.visits++);
  if (!visits_ || !a.recorded) return;
  VisitRecord v;
  v.demand_id = a.demand.id;
  v.seq = seq;
  v.unit = unit;
  v.level = level;
  v.intake = intake;
  v.queued = queued;
  v.started = started;
  v.finished = finished;
  v.outcome = outcome;
  v.late = late;
  v.whistle = whistle;
  v.cadres = cadres;
  sink_->OnVisit(v);
}

void Lifecycle::EndVisit(Active& a, VisitOutcome outcome) {
  const bool late = a.stage == Stage::kWork && a.deadlines.accept &&
                    (a.started_at == kNoTime ? engine_.now() : a.started_at) >
                        Due(a.assigned_at, a.deadlines.accept);
  EmitVisit(a, a.unit, a.level, a.stage == Stage::kIntake, a.assigned_at, a.started_at,
            engine_.now(), outcome, late);
}

void Lifecycle::EmitCrewVisit(Active& a, const Crew& crew, SimTime finished, VisitOutcome outcome) {
  EmitVisit(a, crew.unit, Level::kDepartment, false, crew.queued, crew.started, finished, outcome,
            crew.late, a.order_whistle, crew.cadres);
}

SimTime Lifecycle::Due(SimTime start, const std::optional<kernel::Duration>& limit) const {
  return limit ? office_.Advance(start, *limit) : kNoTime;
}

void Lifecycle::EmitOpen(Active& a) {
  if (a.stage == Stage::kCrew) {
    for (int i = 0; i < a.next_crew && i < static_cast<int>(a.crews.size()); ++i) {
      const Crew& c = a.crews[static_cast<std::size_t>(i)];
      if (!c.done) EmitCrewVisit(a, c, kNoTime, VisitOutcome::kOpen);
    }
    return;
  }
  if (a.unit != kNoUnit && (a.stage == Stage::kWork || a.waiting || a.desk_held)) {
    EmitVisit(a, a.unit, a.level, a.stage == Stage::kIntake, a.assigned_at, a.started_at, kNoTime,
              VisitOutcome::kOpen);
  }
}

void Lifecycle::Schedule(SimTime at, std::uint32_t slot, Event event, int crew) {
  engine_.Schedule(std::max(at, engine_.now()), this, Tag(slot, event, crew));
}

SimTime Lifecycle::HoldEnd(UnitId unit, SimTime duration) const {
  if (OnOfficeHours(city_.unit(unit))) {
    return office_.AddWorkingTime(office_.NextWorkingInstant(engine_.now()), duration);
  }
  return engine_.now() + duration;
}

SimTime Lifecycle::WorkTime(Active& a, const Resolution& resolution) {
  const double hours = std::max(0.0, resolution.work_hours.Sample(a.work));
  return kernel::FromHours(std::min(hours, 1e7));
}

kernel::StaffPool* Lifecycle::PoolOf(UnitId unit) const {
  return unit == kNoUnit ? nullptr : pools_[unit].get();
}

void Lifecycle::Request(std::uint32_t slot, kernel::StaffPool* pool, int crew) {
  Active& a = *active_[slot];
  kernel::WaitingJob job;
  job.job = Tag(slot, 0, crew);
  job.priority = policy_.QueuePriority(a.demand, a.record.tier);
  job.deadline = a.record.deadline;
  if (a.stage != Stage::kCrew) {
    a.waiting = pool;
    a.waiting_job = job.job;
  }
  pool->Request(job, this);
}

void Lifecycle::Admit(const Demand& demand) {
  const std::uint32_t slot = NewSlot();
  const DemandDraws draws(&draw_keys_, options_.replication, demand.id);
  if (!active_[slot]) {
    active_[slot] = std::make_unique<Active>(demand, draws);
  } else {
    active_[slot]->Start(demand, draws);
  }
  Active& a = *active_[slot];
  ++counters_.created;
  a.recorded = demand.created < options_.horizon;
  if (Measured(demand)) ++measured_open_;
  if (++open_ > options_.max_open_demands && options_.max_open_demands > 0 && !runaway_) {
    Runaway();
  }
  DemandRecord& r = a.record;
  r.demand_id = demand.id;
  r.created = demand.created;
  r.category = demand.category;
  r.channel = demand.channel;
  r.origin = demand.origin;
  Log(a, Transition::kCreated, kNoUnit);
  const Intake intake = policy_.Receive(demand, city_);
  a.unit = intake.unit;
  a.last_holder = intake.unit;
  a.desk = intake.desk;
  a.stage = Stage::kIntake;
  a.assigned_at = engine_.now();
  kernel::StaffPool* pool = PoolOf(intake.unit);
  if (!pool) {  // no desk to queue at: received at once
    r.received = engine_.now();
    Log(a, Transition::kReceived, intake.unit);
    IntakeDone(slot);
    return;
  }
  Request(slot, pool, 0);
}

void Lifecycle::OnStaffGranted(kernel::StaffPool&, std::uint64_t job) {
  const auto slot = static_cast<std::uint32_t>(job >> 8);
  const int crew = static_cast<int>((job >> 4) & 0xF);
  if ((job & 0xF) == kChoreJob) {
    ChoreGranted(slot);
    return;
  }
  Active& a = *active_[slot];
  const SimTime now = engine_.now();
  switch (a.stage) {
    case Stage::kIntake:
      a.waiting = nullptr;
      a.desk_held = true;
      a.started_at = now;
      a.record.received = now;
      Log(a, Transition::kReceived, a.unit);
      Schedule(HoldEnd(a.unit, a.desk), slot, kIntakeDone);
      return;
    case Stage::kWork: {
      a.waiting = nullptr;
      a.started_at = now;
      if (a.record.first_accepted == kNoTime) a.record.first_accepted = now;
      if (a.deadlines.accept && now > Due(a.assigned_at, a.deadlines.accept) &&
          a.record.accept_on_time) {
        a.record.accept_on_time = false;
        ++counters_.accepts_late;
      }
      Log(a, Transition::kAccepted, a.unit);
      Schedule(HoldEnd(a.unit, WorkTime(a, *a.resolution)), slot, kWorkDone);
      return;
    }
    case Stage::kCrew: {
      Crew& c = a.crews[static_cast<std::size_t>(crew)];
      if (++c.granted < c.cadres) return;  // it sets off when all its cadres are free
      c.started = now;
      // A crew on office hours sets off when its office is open: travel is working time too.
      const SimTime travel = city_.TravelTime(c.unit, a.demand.origin);
      Schedule(HoldEnd(c.unit, travel == kernel::kTimeMax ? 0 : travel), slot, kCrewArrived, crew);
      return;
    }
  }
}

void Lifecycle::IntakeDone(std::uint32_t slot) {
  Active& a = *active_[slot];
  if (a.desk_held) {
    PoolOf(a.unit)->Release();
    EndVisit(a, VisitOutcome::kReceived);
    a.desk_held = false;
  }
  const Tier tier = policy_.Grade(a.demand, a.triage);
  a.record.tier = tier;
  a.record.triaged = engine_.now();
  a.deadlines = policy_.DeadlinesFor(a.demand, tier);
  const SimTime now = engine_.now();
  if (a.deadlines.review && now > Due(a.demand.release(), a.deadlines.review)) {
    a.record.review_on_time = false;
    ++counters_.reviews_late;
  }
  Log(a, Transition::kTriaged, a.unit);
  if (a.deadlines.resolve) {
    a.record.deadline = Due(a.demand.release(), a.deadlines.resolve);
    a.deadline = engine_.ScheduleTimer(std::max(a.record.deadline, now), this,
                                       Tag(slot, kDeadline, 0));
  }
  if (a.deadlines.update) {
    a.update_timer = engine_.ScheduleTimer(std::max(Due(now, a.deadlines.update), now + 1), this,
                                           Tag(slot, kUpdateDue, 0));
  }
  a.order_whistle = false;
  Assign(slot, policy_.First(a.demand, tier, city_));
}

void Lifecycle::Assign(std::uint32_t slot, Level level) {
  Active& a = *active_[slot];
  a.level = level;
  if (level == Level::kDepartment) {
    Order(slot);
    return;
  }
  const Handler handler = policy_.HandlerAt(a.demand, level, a.teams_tried, city_);
  switch (handler.kind) {
    case Handler::Kind::kSkip:
      Escalate(slot, Failure::kSkipped);
      return;
    case Handler::Kind::kReportOn:
      a.unit = handler.unit;
      Escalate(slot, Failure::kReportedOn);
      return;
    case Handler::Kind::kWork:
      break;
  }
  a.teams_tried |= handler.team_bit;
  ++a.record.hops;
  a.unit = handler.unit;
  a.last_holder = handler.unit;
  a.at_team = handler.team;
  a.resolution = handler.work;
  a.stage = Stage::kWork;
  a.assigned_at = engine_.now();
  a.started_at = kNoTime;
  if (a.record.first_assigned == kNoTime) a.record.first_assigned = engine_.now();
  Log(a, Transition::kAssigned, handler.unit);
  Request(slot, PoolOf(handler.unit), 0);
}

void Lifecycle::WorkDone(std::uint32_t slot) {
  Active& a = *active_[slot];
  PoolOf(a.unit)->Release();
  ++counters_.services;
  if (a.resolve.NextUniform() < a.resolution->p) {
    EndVisit(a, VisitOutcome::kResolved);
    Resolve(slot, a.level, a.unit, true);
  } else if (a.at_team) {
    EndVisit(a, VisitOutcome::kHandedBack);
    a.at_team = false;
    a.team_failed = true;
    Assign(slot, a.level);  // the level's own unit takes over (the team is marked tried)
  } else {
    Escalate(slot, Failure::kFailed);
  }
}

void Lifecycle::Escalate(std::uint32_t slot, Failure why) {
  Active& a = *active_[slot];
  const Escalation next =
      policy_.Escalate(a.demand, a.record.tier, a.level, why, a.team_failed, city_);
  if (next.next == Level::kDepartment) a.order_whistle = next.whistle;
  if (why != Failure::kSkipped) {
    ++a.record.escalations;
    ++counters_.escalations;
    const VisitOutcome outcome =
        why == Failure::kTakenAway        ? VisitOutcome::kTakenAway
        : next.whistle                    ? VisitOutcome::kWhistled
        : next.next == Level::kDepartment ? VisitOutcome::kOrdered
        : why == Failure::kReportedOn     ? VisitOutcome::kReportedOn
                                          : VisitOutcome::kEscalated;
    if (why == Failure::kReportedOn) {  // it reported the demand on without working on it
      EmitVisit(a, a.unit, a.level, false, engine_.now(), kNoTime, engine_.now(), outcome);
    } else {
      EndVisit(a, outcome);
    }
    Log(a, Transition::kEscalated, a.unit);
    if (next.whistle) ++a.record.whistles;
  }
  a.unit = kNoUnit;
  a.team_failed = false;
  a.next_level = next.next;
  Schedule(engine_.now() + next.paperwork, slot, kAssignAfterPaperwork);
}

void Lifecycle::Order(std::uint32_t slot) {
  Active& a = *active_[slot];
  const SimTime now = engine_.now();
  if (a.record.ordered == kNoTime) a.record.ordered = now;
  a.assigned_at = now;
  a.unit = kNoUnit;
  policy_.Crews(a.demand, city_, *loads_, &crew_calls_);
  // Returns (退单): the lead department may send it back as "not mine".
  const ReturnRule ret = policy_.Return(a.demand, a.record.returns);
  if (ret.probability > 0 && a.ret.NextUniform() < ret.probability) {
    ++a.record.returns;
    ++counters_.returns;
    const UnitId lead = crew_calls_.empty() ? kNoUnit : crew_calls_.front().unit;
    Log(a, Transition::kReturned, lead);
    EmitVisit(a, lead, Level::kDepartment, false, now, kNoTime, now, VisitOutcome::kReturned);
    a.next_level = Level::kDepartment;
    Schedule(now + ret.delay, slot, kAssignAfterPaperwork);
    return;
  }
  a.crews.clear();
  int cadres = 0;
  for (const CrewCall& call : crew_calls_) {
    Crew c;
    c.unit = call.unit;
    c.cadres = call.cadres;
    a.crews.push_back(c);
    cadres += call.cadres;
  }
  ++a.record.orders;
  ++a.record.hops;
  a.stage = Stage::kCrew;
  a.arrived = 0;
  a.next_crew = 0;
  Log(a, Transition::kOrdered, a.crews.empty() ? kNoUnit : a.crews.front().unit);
  if (a.crews.empty()) {  // no department to send (the category's departments have no staff)
    Resolve(slot, Level::kDepartment, kNoUnit, false);
    return;
  }
  a.record.crews_ordered += static_cast<int>(a.crews.size());
  a.record.cadres_ordered += cadres;
  if (a.order_whistle) a.record.whistle_cadres += cadres;
  counters_.crews_ordered += a.crews.size();
  a.last_holder = a.crews.front().unit;
  a.order_on_time = true;
  a.joint = policy_.Joint(a.demand);
  if (a.joint.mode == JointHandling::kRendezvous) {
    for (int i = 0; i < static_cast<int>(a.crews.size()); ++i) RequestCrew(slot, i);
  } else {
    RequestCrew(slot, 0);
  }
}

void Lifecycle::RequestCrew(std::uint32_t slot, int crew) {
  Active& a = *active_[slot];
  a.next_crew = crew + 1;
  if (crew > 0 && a.joint.mode == JointHandling::kSequential) a.assigned_at = engine_.now();
  Crew& c = a.crews[static_cast<std::size_t>(crew)];
  c.queued = engine_.now();
  for (int i = 0; i < c.cadres; ++i) Request(slot, PoolOf(c.unit), crew);
}

void Lifecycle::CrewArrived(std::uint32_t slot, int crew) {
  Active& a = *active_[slot];
  Crew& c = a.crews[static_cast<std::size_t>(crew)];
  const UnitId unit = c.unit;
  if (a.record.on_site == kNoTime) a.record.on_site = engine_.now();
  Log(a, Transition::kOnSite, unit);
  if (a.deadlines.report) {
    if (engine_.now() <= Due(c.queued, a.deadlines.report)) {
      ++a.record.crews_on_time;
      ++counters_.crews_on_time;
    } else {
      c.late = true;
      a.order_on_time = false;
    }
  }
  const Resolution& at_department =
      *city_.categories()[static_cast<std::size_t>(a.demand.category)]
           .resolve[static_cast<std::size_t>(Level::kDepartment)];
  if (a.joint.mode == JointHandling::kRendezvous) {
    if (++a.arrived < static_cast<int>(a.crews.size())) return;  // wait for the last
    Schedule(HoldEnd(a.crews.front().unit, WorkTime(a, at_department)), slot, kJointDone);
    return;
  }
  Schedule(HoldEnd(unit, WorkTime(a, at_department)), slot, kCrewDone, crew);
}

void Lifecycle::CrewDone(std::uint32_t slot, int crew) {
  Active& a = *active_[slot];
  Crew& c = a.crews[static_cast<std::size_t>(crew)];
  for (int i = 0; i < c.cadres; ++i) PoolOf(c.unit)->Release();
  counters_.services += static_cast<std::uint64_t>(c.cadres);
  if (crew + 1 < static_cast<int>(a.crews.size())) {
    c.done = true;
    EmitCrewVisit(a, c, engine_.now(), VisitOutcome::kHandedOn);
    Schedule(engine_.now() + a.joint.coordination, slot, kCoordinated, crew + 1);
    return;
  }
  JointDone(slot);
}

void Lifecycle::JointDone(std::uint32_t slot) {
  Active& a = *active_[slot];
  const bool rendezvous = a.joint.mode == JointHandling::kRendezvous;
  if (rendezvous) {
    for (const Crew& c : a.crews) {
      for (int i = 0; i < c.cadres; ++i) PoolOf(c.unit)->Release();
      counters_.services += static_cast<std::uint64_t>(c.cadres);
    }
  }
  if (a.order_whistle && a.order_on_time && a.deadlines.report) ++a.record.whistles_on_time;
  const Category& category = city_.categories()[static_cast<std::size_t>(a.demand.category)];
  const double p = category.resolve[static_cast<std::size_t>(Level::kDepartment)]->p;
  const bool resolved = a.resolve.NextUniform() < p;
  // The visits end together: assisting crews first, the one carrying the outcome last (the
  // lead of a rendezvous, the last crew of a sequential order).
  const SimTime now = engine_.now();
  const std::size_t last = rendezvous ? 0 : a.crews.size() - 1;
  for (std::size_t i = 0; rendezvous && i < a.crews.size(); ++i) {
    if (i == last) continue;
    a.crews[i].done = true;
    EmitCrewVisit(a, a.crews[i], now, VisitOutcome::kAssisted);
  }
  a.crews[last].done = true;
  EmitCrewVisit(a, a.crews[last], now,
                resolved ? VisitOutcome::kResolved : VisitOutcome::kUnresolved);
  Resolve(slot, Level::kDepartment, a.crews.front().unit, resolved);
}

void Lifecycle::Resolve(std::uint32_t slot, Level level, UnitId unit, bool resolved) {
  Active& a = *active_[slot];
  a.record.resolved = resolved;
  a.record.resolved_level = level;
  a.record.resolver = unit;
  a.record.resolved_at = unit == kNoUnit ? PlaceOf(level)
                                         : KindInfo(city_.unit(unit).kind).resolves_as.value_or(
                                               PlaceOf(level));
  Log(a, resolved ? Transition::kResolved : Transition::kUnresolved, unit);
  Close(slot);
}

void Lifecycle::Close(std::uint32_t slot) {
  Active& a = *active_[slot];
  DemandRecord& r = a.record;
  r.closed = engine_.now();
  r.sla_met = r.deadline == kNoTime || r.closed <= r.deadline;
  // Feedback: the policy's chance of satisfaction, then of reopening.
  r.satisfied = a.satisfaction.NextUniform() <
                policy_.SatisfiedChance(a.demand, r.resolved, r.closed - a.demand.release());
  Log(a, r.satisfied ? Transition::kSatisfied : Transition::kUnsatisfied, kNoUnit);
  if (!r.satisfied) {
    const double reopen = policy_.ReopenChance(a.demand, r.reopens);
    if (reopen > 0 && a.satisfaction.NextUniform() < reopen) {
      ++r.reopens;
      ++counters_.reopens;
      r.closed = kNoTime;
      r.resolved = false;
      Log(a, Transition::kReopened, kNoUnit);
      // Back to where it was closed: a department re-order, or the same level.
      Assign(slot, r.resolved_level);
      return;
    }
  }
  engine_.Cancel(a.deadline);
  engine_.Cancel(a.update_timer);
  WithdrawUpdate(a);
  Log(a, Transition::kClosed, kNoUnit);
  ++counters_.closed;
  --open_;
  if (r.resolved) ++counters_.resolved;
  if (a.recorded) {
    ++counters_.records;
    sink_->OnDemand(r);
  }
  a.live = false;
  free_slots_.push_back(slot);
  if (Measured(a.demand) && --measured_open_ == 0 && cooling_) engine_.Stop();
}

void Lifecycle::Breach(std::uint32_t slot) {
  Active& a = *active_[slot];
  ++counters_.breaches;
  // Counted against the unit holding it: the lead crew once departments are ordered.
  const UnitId holder = a.stage == Stage::kCrew && !a.crews.empty() ? a.crews.front().unit : a.unit;
  if (holder != kNoUnit) ++breaches_by_unit_[holder];
  Log(a, Transition::kBreached, holder);
  a.record.resolve_breached = true;
  const BreachRule rule = policy_.OnBreach(a.demand, a.record.tier);
  if (rule.review_work > 0) {  // the district's accountability review (超时问责、倒查)
    Chore review;
    review.unit = city_.unit(a.demand.origin).district;
    review.work = rule.review_work;
    if (PoolOf(review.unit) != nullptr && StartChore(review) >= 0) {
      ++a.record.reviews;
      ++counters_.breach_reviews;
    }
  }
  if (rule.action != BreachAction::kEscalate || !a.waiting || a.stage != Stage::kWork) return;
  // Taken away from a unit that has not started it, and escalated.
  if (a.waiting->CancelWaiting(a.waiting_job)) {
    a.waiting = nullptr;
    Escalate(slot, Failure::kTakenAway);
  }
}

void Lifecycle::UpdateDue(std::uint32_t slot) {
  Active& a = *active_[slot];
  ++a.record.updates_due;
  ++counters_.updates_due;
  WithdrawUpdate(a);  // the last one was not made in time: this one supersedes it
  const UnitId holder = a.unit != kNoUnit ? a.unit
                        : a.stage == Stage::kCrew && !a.crews.empty() ? a.crews.front().unit
                                                                       : a.last_holder;
  if (PoolOf(holder) != nullptr) {
    Chore update;
    update.unit = holder;
    update.slot = slot;
    update.demand_id = a.demand.id;
    update.work = a.deadlines.update_work;
    update.update = true;
    a.update_chore = StartChore(update);
  }
  const SimTime now = engine_.now();
  a.update_timer = engine_.ScheduleTimer(std::max(Due(now, a.deadlines.update), now + 1), this,
                                         Tag(slot, kUpdateDue, 0));
}

std::int32_t Lifecycle::StartChore(const Chore& chore) {
  std::uint32_t index = 0;
  if (!free_chores_.empty()) {
    index = free_chores_.back();
    free_chores_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(chores_.size());
    chores_.emplace_back();
  }
  chores_[index] = chore;
  chores_[index].live = true;
  kernel::WaitingJob job;
  job.job = Tag(index, kChoreJob, 0);
  PoolOf(chore.unit)->Request(job, this);
  return static_cast<std::int32_t>(index);
}

void Lifecycle::ChoreGranted(std::uint32_t index) {
  Chore& chore = chores_[index];
  if (chore.update) {
    Active* a = chore.slot < active_.size() ? active_[chore.slot].get() : nullptr;
    if (a != nullptr && a->live && a->demand.id == chore.demand_id &&
        a->update_chore == static_cast<std::int32_t>(index)) {
      ++a->record.updates_on_time;
      ++counters_.updates_on_time;
      a->update_chore = -1;
    }
  }
  Schedule(HoldEnd(chore.unit, chore.work), index, kChoreDone);
}

void Lifecycle::ChoreDone(std::uint32_t index) {
  PoolOf(chores_[index].unit)->Release();
  chores_[index].live = false;
  free_chores_.push_back(index);
}

void Lifecycle::WithdrawUpdate(Active& a) {
  if (a.update_chore < 0) return;
  const auto index = static_cast<std::uint32_t>(a.update_chore);
  a.update_chore = -1;
  if (PoolOf(chores_[index].unit)->CancelWaiting(Tag(index, kChoreJob, 0))) {
    chores_[index].live = false;
    free_chores_.push_back(index);
  }
}

}  // namespace escalade::model
