#include "analysis/prediction_file.h"

#include "analysis/csv_number.h"

namespace escalade::analysis {

std::string PredictedLoadHeader() {
  return "policy,unit,kind,level,offered_hours_per_hour,capacity,utilization\n";
}

void AppendPredictedLoadRows(const model::City& city, const std::string& policy,
                             const std::vector<PredictedLoad>& loads, std::string* out) {
  for (const PredictedLoad& p : loads) {
    const model::Unit& unit = city.unit(p.unit);
    *out += policy + "," + unit.name + "," + std::string(model::UnitKindName(unit.kind)) + "," +
            std::string(model::KindInfo(unit.kind).group) + "," +
            CsvNumber(p.offered_hours_per_hour) + "," + CsvNumber(p.capacity) + "," +
            CsvNumber(p.utilization) + "\n";
  }
}

}  // namespace escalade::analysis
