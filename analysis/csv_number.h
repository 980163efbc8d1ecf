// The number format of the run folder's CSV files: ten significant digits
// (%.10g), enough to round-trip what the tables report and short for the rest.
// (comparison.cc and run_files.cc have private copies of the same; new writers use this.)
//
// Thread safety: a pure function.
#ifndef ESCALADE_ANALYSIS_CSV_NUMBER_H_
#define ESCALADE_ANALYSIS_CSV_NUMBER_H_

#include <cstdio>
#include <string>

namespace escalade::analysis {

inline std::string CsvNumber(double x) {
  char text[40];
  std::snprintf(text, sizeof text, "%.10g", x);
  return text;
}

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_CSV_NUMBER_H_
