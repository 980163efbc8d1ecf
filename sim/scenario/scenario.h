// Scenario: everything one scenario file declares, loaded and validated — the
// calendar, the city (units, departments, categories), the demand, the policy
// arms to compare and the experiment settings. Produced only by the loader
// (loader.h); a Scenario that exists has passed every check of
// scenarios/FORMAT.md and CityBuilder::Build.
//
// Thread safety: an immutable value once loaded; share it read-only between
// replications and threads.
#ifndef ESCALADE_SIM_SCENARIO_SCENARIO_H_
#define ESCALADE_SIM_SCENARIO_SCENARIO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/calendar.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand_spec.h"
#include "sim/trace/trace_mapping.h"

namespace escalade::scenario {

struct Meta {
  std::string name;                  // [a-z][a-z0-9_]*; names the results folder results/<name>/
  std::string title;                 // one line; default ""
  std::string description;           // default ""
  std::vector<std::string> sources;  // where the numbers come from; default none
};

// One `set:` entry of a policy arm. The loader checks only that the key is a
// name and the value is present; the policy layer validates the parameter name
// and parses the value against the parameter's declared type.
struct PolicyOverride {
  std::string key;    // parameter name
  std::string value;  // a scalar's text; a sequence or mapping as flow YAML ("[a, b]", "{x: 1}")
  model::SourceMark mark;  // of the value
};

// One arm of the comparison: a preset plus overrides.
struct PolicyChoice {
  std::string name;                       // unique among the arms; default: the preset's name
  std::string preset;                     // a name from policies::Presets()
  std::vector<PolicyOverride> overrides;  // in file order
  model::SourceMark mark;                 // of the list entry
};

// experiment.sweep: parameters addressed by key path, expanded into points
// (FORMAT.md "experiment.sweep"). A grid is the full product of the listed
// values, the last key varying fastest; `points` is an explicit list; a Latin
// hypercube draws `points` points over ranges, one stratum per point on every
// axis (a fixed seed, so the points are the same on every machine).
struct SweepSpec {
  std::string kind;               // "grid", "points" or "latin_hypercube"; empty = no sweep
  std::vector<std::string> keys;  // the swept key paths, in file order
  // points[i][k]: the YAML text of key k at point i (a number, "2h", ...)
  std::vector<std::vector<std::string>> points;
};

struct ExperimentSpec {
  int replications = 10;                         // per policy, 1..100000
  kernel::SimTime horizon = 365 * kernel::kDay;  // simulated time per replication, ms, > 0
  kernel::SimTime warmup = 0;                    // discarded at the start, ms, < horizon
  std::uint64_t seed = 1;                        // scenario seed
  std::string baseline;                          // a policy name; default: the first policy
  SweepSpec sweep;
};

struct Scenario {
  std::string path;  // the file it was loaded from (or the display path given)
  Meta meta;
  // The office calendar (calendar section) that `hours: office` units work on.
  // kernel::Calendar has no default constructor; the placeholder here is always
  // replaced by the loader.
  kernel::Calendar calendar = kernel::Calendar::AlwaysOpen(kernel::CivilDate{2024, 1, 1});
  int utc_offset_minutes = 480;  // local time = UTC + this; default +08:00
  model::City city;
  model::DemandSpec demand;  // synthetic demand; its people/money/urgent also apply to a trace
  // A replayed trace (demand.trace) instead of synthetic arrivals.
  std::optional<trace::TraceMapping> trace;
  std::vector<PolicyChoice> policies;  // non-empty, in file order
  ExperimentSpec experiment;
};

// One line for `escalade validate`, e.g.
// "guangming: 1 district, 6 streets, 31 communities, 124 grids, 12 department units
// (12 types), 18 categories, 1,093,000 residents, ~655,800 demands/year, 5 policies".
// Residents are summed over communities; demands/year = residents ×
// per_capita_per_year, rounded (profiles, trend and bursts are ignored); a
// trace scenario says "demand replayed from <file>" instead.
std::string SizeSummary(const Scenario& scenario);

}  // namespace escalade::scenario

#endif  // ESCALADE_SIM_SCENARIO_SCENARIO_H_
