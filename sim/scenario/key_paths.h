// Key paths into a scenario document (the addresses sweeps use, FORMAT.md
// "Sweeps"), with wildcards, and edits of the scenario's own text at the
// places the parser located.
//
// A key path walks mappings by key and sequences by index
// (`city.districts.0.streets.2.staff`); a `*` part matches every key of a
// mapping or every index of a sequence at that place
// (`departments.*.staff`, `city.districts.0.streets.*.mediation.staff`).
//
// EditScalars rewrites the original text rather than re-emitting the YAML, so
// the file's comments, order and layout survive: only the scalar at each
// located position changes, and its line gets a comment saying what changed.
//
// Thread safety: pure functions of their arguments.
#ifndef ESCALADE_SIM_SCENARIO_KEY_PATHS_H_
#define ESCALADE_SIM_SCENARIO_KEY_PATHS_H_

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/kernel/status.h"

namespace escalade::scenario {

// The parts of a key path, split at dots (empty parts kept, for the caller to refuse).
std::vector<std::string> SplitKeyPath(const std::string& key);
// Whether a part is a list index (digits only, fewer than nine).
bool IsKeyPathIndex(const std::string& part);

// A scalar of the document at a concrete key path.
struct KeyPathValue {
  std::string path;   // no wildcard
  std::string value;  // the scalar's text
  int line = 0;       // 1-based position of the scalar in the file (0: unknown)
  int column = 0;
};

// Every concrete key path matching `pattern` whose value is a scalar, in document order.
// Errors: a malformed pattern; a part that matches nothing ("no key 'staf' in
// departments.water; did you mean 'staff'?"); a pattern that matches only mappings or lists.
kernel::Result<std::vector<KeyPathValue>> ExpandKeyPath(const YAML::Node& document,
                                                        const std::string& pattern);

// Every `staff:` the document sets: under `departments` and anywhere under `city` (units,
// teams, stations and the city.defaults of a kind), in document order.
std::vector<KeyPathValue> StaffKeyPaths(const YAML::Node& document);

// One scalar to replace in a file's text.
struct ScalarEdit {
  int line = 0;        // 1-based, as KeyPathValue
  int column = 0;
  std::string before;  // the text found there (checked)
  std::string after;   // the replacement
  std::string note;    // for the line's comment, e.g. "departments.water.staff 4 → 3"
};

// `text` with every edit applied; each edited line ends with a comment
// "# <prefix>: note; note" (an existing comment on that line follows it after " | ").
// Errors: an edit whose position does not hold `before`.
kernel::Result<std::string> EditScalars(const std::string& text, std::vector<ScalarEdit> edits,
                                        const std::string& prefix);

}  // namespace escalade::scenario

#endif  // ESCALADE_SIM_SCENARIO_KEY_PATHS_H_
