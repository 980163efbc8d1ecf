#include "analysis/demand_list.h"

#include <cinttypes>
#include <cstdio>

namespace escalade::analysis {
namespace {

void AppendHours(kernel::SimTime t, std::string* out) {
  char text[48];
  std::snprintf(text, sizeof text, "%.6f", kernel::ToHours(t));
  out->append(text);
}

// Floor division for negative times (a demand open at the start).
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void AppendLocalTime(kernel::CivilDate start, kernel::SimTime t, std::string* out) {
  const std::int64_t day = FloorDiv(t, kernel::kDay);
  const std::int64_t second = (t - day * kernel::kDay) / kernel::kSecond;
  const kernel::CivilDate date = kernel::CivilFromDays(kernel::DaysFromCivil(start) + day);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d", date.year, date.month, date.day,
                static_cast<int>(second / 3600), static_cast<int>(second / 60 % 60),
                static_cast<int>(second % 60));
  out->append(text);
}

}  // namespace

std::string DemandListHeader() {
  return "demand_id,source,created_h,created_at,origin,grid,category,channel,people,money,urgent,"
         "department,trace_id,source_line,observed_closed_h,observed_target_h,"
         "u_work,u_resolve,u_return,u_satisfaction\n";
}

void AppendDemandRow(const model::City& city, kernel::CivilDate start, std::uint64_t seed,
                     std::uint64_t replication, const model::Demand& demand, std::string* out) {
  char text[64];
  std::snprintf(text, sizeof text, "%" PRIu64 ",", demand.id);
  out->append(text);
  out->append(model::DemandSourceName(demand.source));
  out->push_back(',');
  AppendHours(demand.created, out);
  out->push_back(',');
  AppendLocalTime(start, demand.created, out);
  out->push_back(',');
  out->append(city.unit(demand.origin).name);  // names are [a-z0-9_.]: no quoting needed
  out->push_back(',');
  if (demand.grid != model::kNoUnit) out->append(city.unit(demand.grid).name);
  out->push_back(',');
  out->append(city.categories()[static_cast<std::size_t>(demand.category)].name);
  out->push_back(',');
  out->append(model::ChannelName(demand.channel));
  std::snprintf(text, sizeof text, ",%d,%.2f,%d,", demand.people, demand.money,
                demand.urgent ? 1 : 0);
  out->append(text);
  if (demand.department >= 0) {
    out->append(city.departments()[static_cast<std::size_t>(demand.department)].name);
  }
  out->push_back(',');
  if (demand.trace_id >= 0) out->append(std::to_string(demand.trace_id));
  out->push_back(',');
  if (demand.source_line > 0) out->append(std::to_string(demand.source_line));
  out->push_back(',');
  if (demand.observed_closed != model::kNoTime) AppendHours(demand.observed_closed, out);
  out->push_back(',');
  if (demand.observed_target != model::kNoTime) AppendHours(demand.observed_target, out);
  const model::DemandDraws draws(seed, replication, demand.id);
  for (model::DrawStage stage : {model::DrawStage::kWork, model::DrawStage::kResolve,
                                 model::DrawStage::kReturn, model::DrawStage::kSatisfaction}) {
    kernel::RandomStream stream = draws.Stream(stage);
    std::snprintf(text, sizeof text, ",%.9f", stream.NextUniform());
    out->append(text);
  }
  out->push_back('\n');
}

}  // namespace escalade::analysis
