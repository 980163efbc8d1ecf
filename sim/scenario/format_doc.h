// The generated parts of scenarios/FORMAT.md: the key table of each section, the level
// defaults, the distribution families and the list of presets, all from the declared
// format (format.h), the distribution families (io) and the policy registry, so the
// document cannot drift from what the loader reads.
//
// FORMAT.md marks each generated part:
//   <!-- generated: keys meta -->            (or: level-defaults, distributions, presets)
//   ...replaced...
//   <!-- end generated -->
// `escalade schema --format-md FILE` rewrites the marked parts in place; a test checks the
// shipped file is unchanged by it.
//
// Thread safety: pure functions.
#ifndef ESCALADE_SIM_SCENARIO_FORMAT_DOC_H_
#define ESCALADE_SIM_SCENARIO_FORMAT_DOC_H_

#include <string>
#include <string_view>

#include "sim/kernel/status.h"

namespace escalade::scenario {

// The markdown table (key | type | default | meaning) of a declared section, each line
// ending with a line break. REQUIRES: the section is declared.
std::string FormatKeyTable(std::string_view section_id);

// `markdown` with every marked part regenerated. Bad input: a marker that names no
// generator or section, or one left open (the message names its line).
kernel::Result<std::string> RegenerateFormatDoc(std::string_view markdown);

}  // namespace escalade::scenario

#endif  // ESCALADE_SIM_SCENARIO_FORMAT_DOC_H_
