#include "sim/model/lifecycle.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "sim/kernel/staff_pool.h"
#include "sim/model/routing.h"

namespace escalade::model {

using kernel::SimTime;

std::string_view TransitionName(Transition transition) {
  static constexpr std::string_view kNames[] = {
      "created", "received", "triaged", "assigned", "accepted", "escalated",
      "ordered", "returned", "on_site", "resolved", "unresolved", "closed",
      "satisfied", "unsatisfied", "reopened", "breached"};
  return kNames[static_cast<std::size_t>(transition)];
}

// What a demand is waiting for at a pool.
enum class Lifecycle::Stage : std::uint8_t { kIntake, kWork, kCrew };

// Event kinds, in the low 4 bits of a tag; the crew in the next 4; the slot above.
enum Lifecycle::Event : std::uint8_t {
  kArrive = 0,
  kIntakeDone,
  kWorkDone,
  kAssignAfterPaperwork,  // crew field: the level to assign to
  kCrewArrived,
  kCrewDone,
  kCoordinated,  // sequential joint handling: the next crew may be ordered
  kJointDone,
  kDeadline,
  kMidnight,  // samples the open demands
};

namespace {
constexpr std::uint64_t Tag(std::uint32_t slot, int event, int crew) {
  return (std::uint64_t{slot} << 8) | (static_cast<std::uint64_t>(crew) << 4) |
         static_cast<std::uint64_t>(event);
}
}  // namespace

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
  Stage stage = Stage::kIntake;
  Level level = Level::kCommunity;  // where it is being handled
  UnitId unit = kNoUnit;            // the unit handling it (intake or level)
  kernel::StaffPool* waiting = nullptr;  // the pool it waits in, if any
  std::uint64_t waiting_job = 0;
  SimTime assigned_at = 0;
  const Resolution* resolution = nullptr;  // what the current unit's work is (level or team)
  bool at_team = false;                    // the current unit is a mediation room / volunteer team
  bool team_failed = false;                // a team of the current level tried and failed
  std::uint32_t teams_tried = 0;           // bit (level * 2 + 0 mediation / 1 volunteers)
  kernel::TimerHandle deadline;
  // Departments.
  std::vector<UnitId> crews;  // department units (or an enforcement team)
  int next_crew = 0;          // sequential: the next to order
  int arrived = 0;            // rendezvous: crews on site
  bool work_started = false;
  bool live = true;           // false once closed (the slot is free)

  // Turns a closed demand's object into a fresh one for `d`, keeping the vectors' storage.
  // Rebuilt in place by the constructor (every field its initial value, however many are
  // added), not built aside and moved over: ~900 bytes written once instead of three times.
  void Start(const Demand& d, const DemandDraws& draws) {
    std::vector<UnitId> visited = std::move(record.visited);
    std::vector<UnitId> kept_crews = std::move(crews);
    std::destroy_at(this);
    std::construct_at(this, d, draws);
    visited.clear();
    kept_crews.clear();
    record.visited = std::move(visited);
    crews = std::move(kept_crews);
  }
};

Lifecycle::Lifecycle(const City& city, const kernel::Calendar& office, const Policy& policy,
                     DemandStream& demands, Options options)
    : city_(city),
      office_(office),
      policy_(policy),
      params_(policy.params()),
      demands_(demands),
      options_(options),
      draw_keys_(DemandDraws::KeysOf(options.seed)) {
  kernel::Discipline discipline = kernel::disciplines::Fifo;
  if (params_.queue == QueueOrder::kTierPriority) discipline = kernel::disciplines::Priority;
  if (params_.queue == QueueOrder::kEarliestDeadline) {
    discipline = kernel::disciplines::EarliestDeadline;
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
    pools_[id] = std::make_unique<kernel::StaffPool>(engine_, pool);
  }
}

Lifecycle::~Lifecycle() = default;

kernel::Status Lifecycle::Run(const std::function<void(const DemandRecord&)>& on_record) {
  on_record_ = &on_record;
  // Midnight samples come before anything else at the same instant (priority 0).
  if (kernel::kDay <= options_.horizon) {
    engine_.Schedule(kernel::kDay, this, Tag(0, kMidnight, 0), 0);
  }
  PullNext();
  engine_.RunUntil(options_.horizon);
  // The horizon: loads and open demands as of now; then the cool-down, until the last
  // measured demand closes (Close stops the engine) or the limit.
  horizon_loads_ = LoadsNow();
  past_horizon_ = true;
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
    on_record_ = nullptr;
    return stream_error_;
  }
  // Whatever is still open is counted open, not lost.
  for (std::unique_ptr<Active>& a : active_) {
    if (!a || !a->live) continue;
    a->record.open = true;
    ++counters_.records;
    on_record(a->record);
    a.reset();
  }
  on_record_ = nullptr;
  return stream_error_;
}

std::vector<Lifecycle::UnitLoad> Lifecycle::Workload() const {
  return past_horizon_ ? horizon_loads_ : LoadsNow();
}

std::vector<Lifecycle::UnitLoad> Lifecycle::LoadsNow() const {
  std::vector<UnitLoad> out;
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
    out.push_back(load);
  }
  return out;
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
      Assign(slot, static_cast<Level>(crew));
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
    case kMidnight:
      daily_backlog_.push_back(open_);
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
  if (options_.keep_log) log_.push_back({engine_.now(), a.demand.id, transition, unit});
}

void Lifecycle::Schedule(SimTime at, std::uint32_t slot, Event event, int crew) {
  engine_.Schedule(std::max(at, engine_.now()), this, Tag(slot, event, crew));
}

SimTime Lifecycle::HoldEnd(UnitId unit, SimTime duration) const {
  if (city_.unit(unit).hours == StaffHours::kOffice) {
    return office_.AddWorkingTime(office_.NextWorkingInstant(engine_.now()), duration);
  }
  return engine_.now() + duration;
}

kernel::StaffPool* Lifecycle::PoolOf(UnitId unit) const {
  return unit == kNoUnit ? nullptr : pools_[unit].get();
}

void Lifecycle::Request(std::uint32_t slot, kernel::StaffPool* pool, int crew) {
  Active& a = *active_[slot];
  kernel::WaitingJob job;
  job.job = Tag(slot, 0, crew);
  job.priority = static_cast<std::int64_t>(a.record.tier);
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
  // Intake by channel: calls and apps to the hotline when there is one; walk-ins, patrol
  // finds and sensor alarms where they arise.
  UnitId intake = demand.origin;
  if ((demand.channel == Channel::kHotline || demand.channel == Channel::kApp) &&
      !city_.OfKind(UnitKind::kHotline).empty()) {
    intake = city_.OfKind(UnitKind::kHotline).front();
  } else if (demand.channel == Channel::kGridPatrol && demand.grid != kNoUnit) {
    intake = demand.grid;
  }
  a.unit = intake;
  a.stage = Stage::kIntake;
  kernel::StaffPool* pool = PoolOf(intake);
  if (!pool) {  // no desk to queue at: received at once
    r.received = engine_.now();
    Log(a, Transition::kReceived, intake);
    IntakeDone(slot);
    return;
  }
  Request(slot, pool, 0);
}

void Lifecycle::OnStaffGranted(kernel::StaffPool&, std::uint64_t job) {
  const auto slot = static_cast<std::uint32_t>(job >> 8);
  const int crew = static_cast<int>((job >> 4) & 0xF);
  Active& a = *active_[slot];
  switch (a.stage) {
    case Stage::kIntake:
      a.waiting = nullptr;
      a.record.received = engine_.now();
      a.record.visited.push_back(a.unit);
      Log(a, Transition::kReceived, a.unit);
      Schedule(HoldEnd(a.unit, params_.intake + params_.triage), slot, kIntakeDone);
      return;
    case Stage::kWork: {
      a.waiting = nullptr;
      if (a.record.first_accepted == kNoTime) a.record.first_accepted = engine_.now();
      if (a.record.tier == Tier::kRed && params_.accept_deadline_red != kernel::kTimeMax &&
          engine_.now() - a.assigned_at > params_.accept_deadline_red && a.record.accept_on_time) {
        a.record.accept_on_time = false;
        ++counters_.accepts_late;
      }
      Log(a, Transition::kAccepted, a.unit);
      const double hours = std::max(0.0, a.resolution->work_hours.Sample(a.work));
      Schedule(HoldEnd(a.unit, kernel::FromHours(std::min(hours, 1e7))), slot, kWorkDone);
      return;
    }
    case Stage::kCrew: {
      const UnitId unit = a.crews[static_cast<std::size_t>(crew)];
      const SimTime travel = city_.TravelTime(unit, a.demand.origin);
      Schedule(engine_.now() + (travel == kernel::kTimeMax ? 0 : travel), slot, kCrewArrived, crew);
      return;
    }
  }
}

void Lifecycle::IntakeDone(std::uint32_t slot) {
  Active& a = *active_[slot];
  if (kernel::StaffPool* pool = PoolOf(a.unit); pool && a.record.received != kNoTime &&
                                                 a.stage == Stage::kIntake && pool->busy() > 0) {
    pool->Release();
  }
  a.record.tier = policy_.Grade(a.demand, a.triage);
  a.record.triaged = engine_.now();
  if (a.record.tier == Tier::kRed && params_.review_deadline_red != kernel::kTimeMax &&
      engine_.now() - a.demand.release() > params_.review_deadline_red) {
    a.record.review_on_time = false;
    ++counters_.reviews_late;
  }
  Log(a, Transition::kTriaged, a.unit);
  const SimTime deadline = params_.resolve_deadline[static_cast<std::size_t>(a.record.tier)];
  if (deadline != kernel::kTimeMax) {
    a.record.deadline = a.demand.release() + deadline;
    a.deadline = engine_.ScheduleTimer(std::max(a.record.deadline, engine_.now()), this,
                                       Tag(slot, kDeadline, 0));
  }
  Assign(slot, policy_.FirstLevel(a.demand, a.record.tier, city_));
}

UnitId Lifecycle::UnitAt(const Active& a, Level level) const {
  return UnitAtLevel(city_, a.demand, level);
}

void Lifecycle::Assign(std::uint32_t slot, Level level) {
  Active& a = *active_[slot];
  a.level = level;
  if (level == Level::kDepartment) {
    Order(slot);
    return;
  }
  const Category& category = city_.categories()[static_cast<std::size_t>(a.demand.category)];
  const UnitId unit = UnitAt(a, level);
  kernel::StaffPool* pool = PoolOf(unit);
  // Co-governance first (矛盾不上交): a community's or street's mediation room for disputes,
  // its volunteer team for small tasks, when the category says they can resolve it; if they
  // cannot, the level's own unit takes over without paperwork.
  if (unit != kNoUnit && (level == Level::kCommunity || level == Level::kStreet)) {
    for (int kind = 0; kind < 2; ++kind) {
      const std::optional<Resolution>& team_resolution =
          kind == 0 ? category.mediation : category.volunteers;
      const std::uint32_t bit = 1u << (static_cast<int>(level) * 2 + kind);
      if (!team_resolution || (a.teams_tried & bit) != 0) continue;
      const UnitKind wanted = kind == 0 ? UnitKind::kMediation : UnitKind::kVolunteers;
      for (UnitId child : city_.Children(unit)) {
        if (city_.unit(child).kind != wanted || !PoolOf(child)) continue;
        a.teams_tried |= bit;
        ++a.record.hops;
        a.record.visited.push_back(child);
        a.unit = child;
        a.at_team = true;
        a.resolution = &*team_resolution;
        a.stage = Stage::kWork;
        a.assigned_at = engine_.now();
        if (a.record.first_assigned == kNoTime) a.record.first_assigned = engine_.now();
        Log(a, Transition::kAssigned, child);
        Request(slot, PoolOf(child), 0);
        return;
      }
    }
  }
  // An absent or unstaffed level is skipped at no cost; a staffed unit that cannot handle
  // the category reports it on (a hop with paperwork: the pathology of layered reporting).
  if (!pool) {
    Escalate(slot, level, /*hop=*/false, /*tried=*/false);
    return;
  }
  if (!category.resolve[static_cast<std::size_t>(level)] ||
      static_cast<int>(level) < static_cast<int>(category.lowest_level)) {
    a.unit = unit;
    Escalate(slot, level, /*hop=*/true, /*tried=*/a.team_failed);
    return;
  }
  ++a.record.hops;
  a.record.visited.push_back(unit);
  a.unit = unit;
  a.at_team = false;
  a.resolution = &*category.resolve[static_cast<std::size_t>(level)];
  a.stage = Stage::kWork;
  a.assigned_at = engine_.now();
  if (a.record.first_assigned == kNoTime) a.record.first_assigned = engine_.now();
  Log(a, Transition::kAssigned, unit);
  Request(slot, pool, 0);
}

void Lifecycle::WorkDone(std::uint32_t slot) {
  Active& a = *active_[slot];
  PoolOf(a.unit)->Release();
  ++counters_.services;
  if (a.resolve.NextUniform() < a.resolution->p) {
    Resolve(slot, a.level, a.unit, true);
  } else if (a.at_team) {
    a.at_team = false;
    a.team_failed = true;
    Assign(slot, a.level);  // the level's own unit takes over (the team is marked tried)
  } else {
    Escalate(slot, a.level, /*hop=*/true, /*tried=*/true);
  }
}

void Lifecycle::Escalate(std::uint32_t slot, Level from, bool hop, bool tried) {
  Active& a = *active_[slot];
  const Level next = NextLevel(
      policy_, city_.categories()[static_cast<std::size_t>(a.demand.category)], from, tried);
  SimTime paperwork = 0;
  if (hop) {
    ++a.record.escalations;
    ++counters_.escalations;
    if (a.unit != kNoUnit && (a.record.visited.empty() || a.record.visited.back() != a.unit)) {
      a.record.visited.push_back(a.unit);  // it reported the demand on without working on it
    }
    Log(a, Transition::kEscalated, a.unit);
    // A whistle or an order from below the district summons departments at once; reporting
    // up, and the district's own assignment, go through paperwork.
    const bool direct_order = next == Level::kDepartment && from != Level::kDistrict;
    paperwork = direct_order ? 0 : params_.paperwork_per_hop;
    if (direct_order) ++a.record.whistles;
  }
  a.unit = kNoUnit;
  a.team_failed = false;
  Schedule(engine_.now() + paperwork, slot, kAssignAfterPaperwork, static_cast<int>(next));
}

void Lifecycle::Order(std::uint32_t slot) {
  Active& a = *active_[slot];
  const Category& category = city_.categories()[static_cast<std::size_t>(a.demand.category)];
  const Unit& community = city_.unit(a.demand.origin);
  if (a.record.ordered == kNoTime) a.record.ordered = engine_.now();
  a.assigned_at = engine_.now();
  a.unit = kNoUnit;
  // Returns (退单): the lead department may send it back as "not mine".
  if (a.record.returns < params_.max_returns && params_.return_probability > 0 &&
      a.ret.NextUniform() < params_.return_probability) {
    ++a.record.returns;
    ++counters_.returns;
    const int lead = a.demand.department >= 0 ? a.demand.department : category.lead;
    Log(a, Transition::kReturned, city_.DepartmentUnit(community.district, lead));
    Schedule(engine_.now() + params_.return_delay + params_.paperwork_per_hop, slot,
             kAssignAfterPaperwork, static_cast<int>(Level::kDepartment));
    return;
  }
  CrewsFor(city_, a.demand, params_, kMaxCrews, &a.crews);
  ++a.record.hops;
  a.record.visited.insert(a.record.visited.end(), a.crews.begin(), a.crews.end());
  a.stage = Stage::kCrew;
  a.arrived = 0;
  a.next_crew = 0;
  a.work_started = false;
  Log(a, Transition::kOrdered, a.crews.empty() ? kNoUnit : a.crews.front());
  if (a.crews.empty()) {  // no department to send (the category's departments have no staff)
    Resolve(slot, Level::kDepartment, kNoUnit, false);
    return;
  }
  a.record.crews_ordered += static_cast<int>(a.crews.size());
  counters_.crews_ordered += a.crews.size();
  if (params_.joint == JointHandling::kRendezvous) {
    for (int i = 0; i < static_cast<int>(a.crews.size()); ++i) RequestCrew(slot, i);
  } else {
    RequestCrew(slot, 0);
  }
}

void Lifecycle::RequestCrew(std::uint32_t slot, int crew) {
  Active& a = *active_[slot];
  a.next_crew = crew + 1;
  if (crew > 0 && params_.joint == JointHandling::kSequential) a.assigned_at = engine_.now();
  Request(slot, PoolOf(a.crews[static_cast<std::size_t>(crew)]), crew);
}

void Lifecycle::CrewArrived(std::uint32_t slot, int crew) {
  Active& a = *active_[slot];
  const UnitId unit = a.crews[static_cast<std::size_t>(crew)];
  if (a.record.on_site == kNoTime) a.record.on_site = engine_.now();
  Log(a, Transition::kOnSite, unit);
  if (params_.report_deadline != kernel::kTimeMax &&
      engine_.now() - a.assigned_at <= params_.report_deadline) {
    ++a.record.crews_on_time;
    ++counters_.crews_on_time;
  }
  const Category& category = city_.categories()[static_cast<std::size_t>(a.demand.category)];
  auto work = [&]() {
    const double hours = std::max(
        0.0, category.resolve[static_cast<std::size_t>(Level::kDepartment)]->work_hours.Sample(a.work));
    return kernel::FromHours(std::min(hours, 1e7));
  };
  if (params_.joint == JointHandling::kRendezvous) {
    if (++a.arrived < static_cast<int>(a.crews.size())) return;  // wait for the last
    Schedule(HoldEnd(a.crews.front(), work()), slot, kJointDone);
    return;
  }
  Schedule(HoldEnd(unit, work()), slot, kCrewDone, crew);
}

void Lifecycle::CrewDone(std::uint32_t slot, int crew) {
  Active& a = *active_[slot];
  PoolOf(a.crews[static_cast<std::size_t>(crew)])->Release();
  ++counters_.services;
  if (crew + 1 < static_cast<int>(a.crews.size())) {
    Schedule(engine_.now() + params_.coordination_delay, slot, kCoordinated, crew + 1);
    return;
  }
  JointDone(slot);
}

void Lifecycle::JointDone(std::uint32_t slot) {
  Active& a = *active_[slot];
  if (params_.joint == JointHandling::kRendezvous) {
    for (UnitId unit : a.crews) PoolOf(unit)->Release();
    counters_.services += a.crews.size();
  }
  const Category& category = city_.categories()[static_cast<std::size_t>(a.demand.category)];
  const double p = category.resolve[static_cast<std::size_t>(Level::kDepartment)]->p;
  Resolve(slot, Level::kDepartment, a.crews.front(), a.resolve.NextUniform() < p);
}

void Lifecycle::Resolve(std::uint32_t slot, Level level, UnitId unit, bool resolved) {
  Active& a = *active_[slot];
  a.record.resolved = resolved;
  a.record.resolved_level = level;
  a.record.resolver = unit;
  Log(a, resolved ? Transition::kResolved : Transition::kUnresolved, unit);
  Close(slot);
}

void Lifecycle::Close(std::uint32_t slot) {
  Active& a = *active_[slot];
  DemandRecord& r = a.record;
  r.closed = engine_.now();
  r.sla_met = r.deadline == kNoTime || r.closed <= r.deadline;
  // Feedback: satisfied by the outcome and the wait against the resident's expectation.
  const double hours = kernel::ToHours(r.closed - a.demand.release());
  const double p = !r.resolved ? params_.satisfied_unresolved
                   : hours <= params_.expectation_hours ? params_.satisfied_on_time
                                                        : params_.satisfied_late;
  r.satisfied = a.satisfaction.NextUniform() < p;
  Log(a, r.satisfied ? Transition::kSatisfied : Transition::kUnsatisfied, kNoUnit);
  if (!r.satisfied && r.reopens == 0 && a.satisfaction.NextUniform() < params_.reopen_if_unsatisfied) {
    ++r.reopens;
    ++counters_.reopens;
    r.closed = kNoTime;
    r.resolved = false;
    Log(a, Transition::kReopened, kNoUnit);
    // Back to where it was closed: a department re-order, or the same level.
    Assign(slot, r.resolved_level);
    return;
  }
  engine_.Cancel(a.deadline);
  Log(a, Transition::kClosed, kNoUnit);
  ++counters_.closed;
  --open_;
  if (Measured(a.demand) && --measured_open_ == 0 && cooling_) engine_.Stop();
  if (r.resolved) ++counters_.resolved;
  ++counters_.records;
  (*on_record_)(r);
  a.live = false;
  free_slots_.push_back(slot);
}

void Lifecycle::Breach(std::uint32_t slot) {
  Active& a = *active_[slot];
  ++counters_.breaches;
  // Counted against the unit holding it: the lead department once departments are ordered.
  const UnitId holder = a.stage == Stage::kCrew && !a.crews.empty() ? a.crews.front() : a.unit;
  if (holder != kNoUnit) ++breaches_by_unit_[holder];
  Log(a, Transition::kBreached, holder);
  if (params_.breach != BreachAction::kEscalate || !a.waiting || a.stage != Stage::kWork) return;
  // Taken away from a unit that has not started it, and escalated.
  if (a.waiting->CancelWaiting(a.waiting_job)) {
    a.waiting = nullptr;
    Escalate(slot, a.level, /*hop=*/true, /*tried=*/true);
  }
}

}  // namespace escalade::model
