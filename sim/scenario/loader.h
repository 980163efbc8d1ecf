// The scenario loader: a YAML scenario file (scenarios/FORMAT.md) → a
// validated Scenario.
//
// Three phases, as Ciw does: read every section and fill its defaults; check
// everything, including cross-references between sections (a category's lead
// department, a burst's communities, the baseline policy); and only when no
// problem was found, build the City through CityBuilder (whose own checks are
// reported at the place in the file that caused them). All problems are
// collected, each located as `file:line:col: key.path: message`, so one run of
// `escalade validate` shows every mistake of a file.
//
// Robustness: never throws, never aborts and never hangs on bad input. Hostile
// inputs are refused by the reader's ParseLimits; the city is capped at
// kMaxUnits units (a generator or a `grids:` count can otherwise ask for
// billions).
//
// Thread safety: the functions are reentrant; each call uses only its
// arguments.
#ifndef ESCALADE_SIM_SCENARIO_LOADER_H_
#define ESCALADE_SIM_SCENARIO_LOADER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/io/yaml_reader.h"
#include "sim/kernel/status.h"
#include "sim/model/policy.h"
#include "sim/scenario/scenario.h"

namespace escalade::scenario {

// The loader reports through io's Diagnostics; callers of the loader name it here.
using io::Diagnostics;

// The most units (grids included) a city may have.
inline constexpr std::size_t kMaxUnits = 1'000'000;

// Parses, fills defaults, validates every section, then builds. Every problem
// goes to `diags` (file:line:col: key.path: message); on any problem the
// Result is an error whose message is "N error(s) in FILE" ("1 error in
// x.yaml", "3 errors in x.yaml"), and nothing is built.
kernel::Result<Scenario> LoadScenario(const std::string& path, Diagnostics& diags);
// The same from text; `display_path` names it in messages and Scenario::path.
kernel::Result<Scenario> LoadScenarioFromString(std::string_view yaml,
                                                const std::string& display_path,
                                                Diagnostics& diags);

// One point of the scenario's sweep: the file with each key path of
// `assignments` (key path, YAML text of the value) replaced, then loaded and
// checked as usual. A key path walks mappings by key (`departments.water.staff`),
// sequences by index (`city.districts.0.staff`), and `policies.<arm>.<parameter>`
// sets a policy arm's parameter (its `set:`). A key path that names nothing is an
// error located at the sweep's entry for it.
kernel::Result<Scenario> LoadScenarioPoint(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& assignments,
    Diagnostics& diags);

// The policy of one arm: its preset with its overrides (policies::MakePolicy). The one
// place an arm becomes a policy, for the runner, the command's load prediction and the
// benchmarks.
kernel::Result<std::unique_ptr<model::Policy>> MakeArmPolicy(const PolicyChoice& arm);

}  // namespace escalade::scenario

#endif  // ESCALADE_SIM_SCENARIO_LOADER_H_
