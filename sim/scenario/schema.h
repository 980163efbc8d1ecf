// The JSON Schema (draft-07) of scenario files, generated from the declared format
// (format.h): what `escalade schema` prints and scenarios/schema/scenario.schema.json holds
// (a test keeps the two equal), for editors that validate and complete YAML.
//
// The schema states types, ranges, required keys, defaults and docs; what only the loader
// can check (sums to 1, references between sections, dates within the horizon) it leaves
// to `escalade validate`.
//
// Thread safety: pure function.
#ifndef ESCALADE_SIM_SCENARIO_SCHEMA_H_
#define ESCALADE_SIM_SCENARIO_SCHEMA_H_

#include <string>

namespace escalade::scenario {

// The schema as JSON text, indented by two spaces, ending with a line break. The same
// bytes for the same escalade.
std::string ScenarioJsonSchema();

}  // namespace escalade::scenario

#endif  // ESCALADE_SIM_SCENARIO_SCHEMA_H_
