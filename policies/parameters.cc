#include "policies/parameters.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "sim/kernel/duration.h"
#include "sim/kernel/text.h"

namespace escalade::policies {
namespace {

using kernel::Status;

std::string Quoted(std::string_view text) { return kernel::Quote(text); }

// A calendar duration ("30m", "2h", "7d") or "none" (no deadline) when allowed.
Status ParseTime(std::string_view value, bool allow_none, kernel::SimTime* out) {
  if (allow_none && value == "none") {
    *out = model::kNoDeadline;
    return Status::Ok();
  }
  kernel::Result<kernel::Duration> d = kernel::ParseDuration(value);
  if (!d.ok() || d->kind != kernel::DurationKind::kCalendar) {
    return Status::Error(std::string("expected a calendar duration such as 30m, 2h or 7d") +
                         (allow_none ? " (or none)" : "") + "; got " + Quoted(value));
  }
  *out = d->millis;
  return Status::Ok();
}

// A stage limit: a duration on the calendar ("30m", "2h", "7d", working time "4wh", "5wd"),
// or "none".
Status ParseLimit(std::string_view value, std::optional<kernel::Duration>* out) {
  if (value == "none") {
    out->reset();
    return Status::Ok();
  }
  kernel::Result<kernel::Duration> d = kernel::ParseDuration(value);
  if (!d.ok()) {
    return Status::Error("expected a duration such as 30m, 2h, 7d, working hours 4wh or working "
                         "days 5wd (or none); got " + Quoted(value));
  }
  *out = *d;
  return Status::Ok();
}

// "all", or tier names separated by commas ("red", "red,yellow").
Status ParseTiers(std::string_view value, std::uint8_t* out) {
  if (value == "all") {
    *out = 0b111;
    return Status::Ok();
  }
  std::uint8_t tiers = 0;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    const std::string_view name = value.substr(start, comma - start);
    bool known = false;
    for (int t = 0; t < model::kTierCount; ++t) {
      if (model::TierName(static_cast<model::Tier>(t)) == name) {
        tiers |= static_cast<std::uint8_t>(1 << t);
        known = true;
      }
    }
    if (!known) {
      return Status::Error("expected all, or tiers red, yellow, green separated by commas; got " +
                           Quoted(value));
    }
    start = comma + 1;
  }
  *out = tiers;
  return Status::Ok();
}

Status ParseNumber(std::string_view value, double low, double high, double* out) {
  double x = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), x);
  if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(x) || x < low ||
      x > high) {
    return Status::Error("expected a number from " + std::to_string(low) + " to " +
                         std::to_string(high) + "; got " + Quoted(value));
  }
  *out = x;
  return Status::Ok();
}

Status ParseProbability(std::string_view value, double* out) {
  const Status s = ParseNumber(value, 0, 1, out);
  return s.ok() ? s : Status::Error("expected a probability in [0, 1]; got " + Quoted(value));
}

Status ParseInteger(std::string_view value, int low, int high, int* out) {
  int x = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), x);
  if (error != std::errc() || end != value.data() + value.size() || x < low || x > high) {
    return Status::Error("expected an integer from " + std::to_string(low) + " to " +
                         std::to_string(high) + "; got " + Quoted(value));
  }
  *out = x;
  return Status::Ok();
}

// One of `names` (the enum's values in order).
template <typename Enum, std::size_t kN>
Status ParseChoice(std::string_view value, const std::array<std::string_view, kN>& names,
                   Enum* out) {
  for (std::size_t i = 0; i < kN; ++i) {
    if (names[i] == value) {
      *out = static_cast<Enum>(i);
      return Status::Ok();
    }
  }
  std::string expected;
  for (std::size_t i = 0; i < kN; ++i) expected += (i ? ", " : "") + std::string(names[i]);
  return Status::Error("expected one of " + expected + "; got " + Quoted(value));
}

constexpr std::array<std::string_view, 5> kFirstAssignment = {
    "lowest_level", "intake_level", "street", "department", "district"};
constexpr std::array<std::string_view, 2> kJoint = {"sequential", "rendezvous"};
constexpr std::array<std::string_view, 3> kQueue = {"fifo", "tier_priority", "earliest_deadline"};
constexpr std::array<std::string_view, 2> kBreach = {"count", "escalate"};
constexpr std::array<std::string_view, 3> kFrontDesk = {"none", "street", "district"};

#define ESCALADE_TIME(field, none)                                   \
  [](std::string_view v, PolicyParams* p) { return ParseTime(v, none, &p->field); }
#define ESCALADE_LIMIT(field) \
  [](std::string_view v, PolicyParams* p) { return ParseLimit(v, &p->field); }
#define ESCALADE_PROBABILITY(field) \
  [](std::string_view v, PolicyParams* p) { return ParseProbability(v, &p->field); }

const std::array<Parameter, 40> kParameters = {{
    {"intake", "duration", "", "5m", "desk time per demand at the intake unit (hotline, community)",
     ESCALADE_TIME(intake, false)},
    {"triage", "duration", "", "0s", "extra grading time at intake (a front desk, a tier platform)",
     ESCALADE_TIME(triage, false)},
    {"misclassification", "probability", "", "0", "probability that a demand's tier is one off",
     ESCALADE_PROBABILITY(misclassification)},
    {"red_people", "integer", "people", "10", "red tier if at least this many people are involved",
     [](std::string_view v, PolicyParams* p) { return ParseInteger(v, 1, 1'000'000, &p->red_people); }},
    {"red_money", "number", "yuan", "100000", "red tier if at least this much money is at stake",
     [](std::string_view v, PolicyParams* p) { return ParseNumber(v, 0, 1e15, &p->red_money); }},
    {"yellow_people", "integer", "people", "3", "yellow tier from this many people",
     [](std::string_view v, PolicyParams* p) {
       return ParseInteger(v, 1, 1'000'000, &p->yellow_people);
     }},
    {"yellow_money", "number", "yuan", "10000", "yellow tier from this much money",
     [](std::string_view v, PolicyParams* p) { return ParseNumber(v, 0, 1e15, &p->yellow_money); }},
    {"first_assignment", "lowest_level|intake_level|street|department|district", "",
     "intake_level",
     "who gets a demand first: the category's lowest capable level, the grid/community where it "
     "was raised (then climb), the street (sectoral ones to the department), the department, or "
     "the district desk",
     [](std::string_view v, PolicyParams* p) {
       return ParseChoice(v, kFirstAssignment, &p->first_assignment);
     }},
    {"dispatch_authority", "none|grid|community|street|district", "", "none",
     "the lowest level that may order departments directly when it cannot resolve (none: only "
     "the district assigns departments)",
     [](std::string_view v, PolicyParams* p) {
       if (v == "none") {
         p->dispatch_authority.reset();
         return Status::Ok();
       }
       model::Level level = model::Level::kGrid;
       std::array<std::string_view, 4> names = {"grid", "community", "street", "district"};
       Status s = ParseChoice(v, names, &level);
       if (s.ok()) p->dispatch_authority = level;
       return s.ok() ? s : Status::Error("expected none, grid, community, street or district; got " + Quoted(v));
     }},
    {"paperwork_per_hop", "duration", "", "2h",
     "reporting a demand up to the next level, or the district assigning departments, per hop",
     ESCALADE_TIME(paperwork_per_hop, false)},
    {"joint", "sequential|rendezvous", "", "sequential",
     "several departments: one after another, or all summoned at once and held until done",
     [](std::string_view v, PolicyParams* p) { return ParseChoice(v, kJoint, &p->joint); }},
    {"coordination_delay", "duration", "", "1d",
     "sequential joint handling: delay between one department finishing and the next being ordered",
     ESCALADE_TIME(coordination_delay, false)},
    {"enforcement_team", "bool", "", "false",
     "the street's integrated enforcement team acts for the departments it pools",
     [](std::string_view v, PolicyParams* p) {
       if (v != "true" && v != "false") return Status::Error("expected true or false; got " + Quoted(v));
       p->enforcement_team = v == "true";
       return Status::Ok();
     }},
    {"queue", "fifo|tier_priority|earliest_deadline", "", "fifo", "order of every waiting line",
     [](std::string_view v, PolicyParams* p) { return ParseChoice(v, kQueue, &p->queue); }},
    {"report_deadline", "limit", "", "none",
     "an ordered department must be on site within this of the order (counted per crew)",
     ESCALADE_LIMIT(report_deadline)},
    {"review_deadline_red", "limit", "", "none",
     "a red demand must be reviewed (received and graded) within this of its creation (counted)",
     ESCALADE_LIMIT(review_deadline[0])},
    {"review_deadline_yellow", "limit", "", "none", "the same for a yellow demand",
     ESCALADE_LIMIT(review_deadline[1])},
    {"review_deadline_green", "limit", "", "none", "the same for a green demand",
     ESCALADE_LIMIT(review_deadline[2])},
    {"accept_deadline_red", "limit", "", "none",
     "a red demand must be taken up within this of being assigned, at each unit it is assigned to "
     "(not department crews: see report_deadline; counted)",
     ESCALADE_LIMIT(accept_deadline[0])},
    {"accept_deadline_yellow", "limit", "", "none", "the same for a yellow demand",
     ESCALADE_LIMIT(accept_deadline[1])},
    {"accept_deadline_green", "limit", "", "none", "the same for a green demand",
     ESCALADE_LIMIT(accept_deadline[2])},
    {"update_interval_red", "limit", "", "none",
     "while a red demand is open its holder posts a status update this often (counted on time "
     "when made before the next falls due)",
     ESCALADE_LIMIT(update_interval[0])},
    {"update_interval_yellow", "limit", "", "none", "the same for a yellow demand",
     ESCALADE_LIMIT(update_interval[1])},
    {"update_interval_green", "limit", "", "none", "the same for a green demand",
     ESCALADE_LIMIT(update_interval[2])},
    {"update_work", "duration", "", "5m",
     "the holder's time to post one status update (a server of the unit or crew holding it)",
     ESCALADE_TIME(update_work, false)},
    {"resolve_deadline_red", "limit", "", "none", "resolve deadline of the red tier",
     ESCALADE_LIMIT(resolve_deadline[0])},
    {"resolve_deadline_yellow", "limit", "", "none", "resolve deadline of the yellow tier",
     ESCALADE_LIMIT(resolve_deadline[1])},
    {"resolve_deadline_green", "limit", "", "none", "resolve deadline of the green tier",
     ESCALADE_LIMIT(resolve_deadline[2])},
    {"breach", "count|escalate", "", "count",
     "a breached resolve deadline is counted against the unit, or also takes a demand still "
     "waiting away from its unit and escalates it",
     [](std::string_view v, PolicyParams* p) { return ParseChoice(v, kBreach, &p->breach); }},
    {"breach_review", "duration", "", "0s",
     "each breach starts an accountability review (超时问责、倒查): this much work for the "
     "origin's district; 0s: none",
     ESCALADE_TIME(breach_review, false)},
    {"order_tiers", "tiers", "", "all",
     "the tiers a level below the district may order departments for directly (all, or e.g. "
     "red); the others go up the normal way",
     [](std::string_view v, PolicyParams* p) { return ParseTiers(v, &p->order_tiers); }},
    {"front_desk", "none|street|district", "", "none",
     "one window: the front desk of the origin's street (or district) receives every channel",
     [](std::string_view v, PolicyParams* p) { return ParseChoice(v, kFrontDesk, &p->front_desk); }},
    {"return_probability", "probability", "", "0",
     "a department sends a dispatch back as not its own (退单)", ESCALADE_PROBABILITY(return_probability)},
    {"return_delay", "duration", "", "1d", "until a return reaches the dispatcher again",
     ESCALADE_TIME(return_delay, false)},
    {"max_returns", "integer", "returns", "2", "after this many returns the department must accept",
     [](std::string_view v, PolicyParams* p) { return ParseInteger(v, 0, 10, &p->max_returns); }},
    {"expectation", "duration", "", "3d", "how long a resident expects to wait",
     [](std::string_view v, PolicyParams* p) {
       kernel::SimTime t = 0;
       Status s = ParseTime(v, false, &t);
       if (s.ok()) p->expectation_hours = kernel::ToHours(t);
       return s;
     }},
    {"satisfied_on_time", "probability", "", "0.95", "satisfied when resolved within the expectation",
     ESCALADE_PROBABILITY(satisfied_on_time)},
    {"satisfied_late", "probability", "", "0.6", "satisfied when resolved later",
     ESCALADE_PROBABILITY(satisfied_late)},
    {"satisfied_unresolved", "probability", "", "0.1", "satisfied when closed without resolution",
     ESCALADE_PROBABILITY(satisfied_unresolved)},
    {"reopen_if_unsatisfied", "probability", "", "0.3",
     "an unsatisfied resident reopens the demand (at most once)",
     ESCALADE_PROBABILITY(reopen_if_unsatisfied)},
}};

#undef ESCALADE_TIME
#undef ESCALADE_PROBABILITY
#undef ESCALADE_LIMIT

}  // namespace

std::span<const Parameter> Parameters() {
  return kParameters;
}

PolicyParams DefaultParams() {
  PolicyParams params;
  for (const Parameter& parameter : Parameters()) {
    const Status applied = parameter.apply(parameter.default_text, &params);
    ESCALADE_CHECK(applied.ok(), "the default of policy parameter " + std::string(parameter.name) +
                                     " does not parse: " + applied.message());
  }
  return params;
}

const Parameter* FindParameter(std::string_view name) {
  for (const Parameter& parameter : Parameters()) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

}  // namespace escalade::policies
