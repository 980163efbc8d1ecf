// Reading a trace mapping file (scenarios/TRACES.md) named by a scenario's
// `demand.trace`: its keys, its time formats, and its maps from cell values to
// the scenario's communities, categories, channels and departments. Its
// problems are reported at their place in the mapping file (diagnostics under
// the mapping file's name, appended to the scenario's).
//
// Thread safety: reentrant; each call uses only its arguments.
#ifndef ESCALADE_SIM_TRACE_MAPPING_LOADER_H_
#define ESCALADE_SIM_TRACE_MAPPING_LOADER_H_

#include <optional>
#include <string>
#include <vector>

#include "sim/io/names.h"
#include "sim/io/yaml_reader.h"
#include "sim/model/city.h"
#include "sim/trace/trace_mapping.h"

namespace escalade::trace {

// The scenario's names a mapping may map to. Indices are what the mapping
// stores: communities by the loader's own numbering until the city is built
// (RemapTraceOrigins), categories and departments by declaration order.
struct MappingTargets {
  const io::NameIndex* communities = nullptr;
  const io::NameIndex* categories = nullptr;
  const io::NameIndex* departments = nullptr;
};

// `node` is demand.trace: the mapping file's path, relative to the scenario
// file `scenario_path`. Records one error at `node` when the file is missing
// or has errors (which are listed under its own name). REQUIRES: every target.
std::optional<TraceMapping> ReadTraceMapping(const io::Node& node, const std::string& scenario_path,
                                             const MappingTargets& targets,
                                             io::ReadContext& context);

// Origins: the loader's community indices → the built city's UnitIds.
void RemapTraceOrigins(const std::vector<model::UnitId>& ids, TraceMapping* mapping);

}  // namespace escalade::trace

#endif  // ESCALADE_SIM_TRACE_MAPPING_LOADER_H_
