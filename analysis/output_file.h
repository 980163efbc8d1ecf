// Atomic file output: write to a temporary file in the same directory, flush
// it to disk, then rename over the target, so a reader never sees a
// half-written file and an interrupted run leaves the old file intact.
#ifndef ESCALADE_ANALYSIS_OUTPUT_FILE_H_
#define ESCALADE_ANALYSIS_OUTPUT_FILE_H_

#include <string>
#include <string_view>

#include "sim/kernel/status.h"

namespace escalade::analysis {

// Errors name the file and the operating system's reason.
kernel::Status WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_OUTPUT_FILE_H_
