// The demand list: one CSV row per demand of one replication, as written by
// `escalade demand` so that users can look at what they simulate. Columns (a
// public interface, documented in the README):
//
//   demand_id,source,created_h,created_at,origin,grid,category,channel,people,money,urgent,
//   department,trace_id,source_line,observed_closed_h,observed_target_h,
//   u_work,u_resolve,u_return,u_satisfaction
//
// created_h: hours after the scenario start (6 decimals; negative for a demand
// open at the start); created_at: local time YYYY-MM-DDTHH:MM:SS; origin, grid,
// category, department: names (empty when none); trace_id, source_line and
// observed_*_h: from a trace, else empty; u_<stage>: the first uniform draw of
// the demand's reserved stream for that stage (model::DemandDraws), 9 decimals —
// the same under every policy (common random numbers).
//
// Thread safety: pure functions.
#ifndef ESCALADE_ANALYSIS_DEMAND_LIST_H_
#define ESCALADE_ANALYSIS_DEMAND_LIST_H_

#include <cstdint>
#include <string>

#include "sim/kernel/calendar.h"
#include "sim/model/city.h"
#include "sim/model/demand.h"

namespace escalade::analysis {

// The header line, with its '\n'.
std::string DemandListHeader();

// Appends one row, with its '\n', to *out.
void AppendDemandRow(const model::City& city, kernel::CivilDate start, std::uint64_t seed,
                     std::uint64_t replication, const model::Demand& demand, std::string* out);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_DEMAND_LIST_H_
