#include "analysis/run_files.h"

#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "sim/kernel/text.h"

namespace escalade::analysis {
namespace {

std::string Hours(kernel::SimTime t) {
  char text[40];
  std::snprintf(text, sizeof text, "%.6f", kernel::ToHours(t));
  return text;
}

std::string Number(double x) { return kernel::FormatNumber(x, 10); }

// A time as hours, or empty when not reached.
std::string HoursOrEmpty(kernel::SimTime t) { return t == model::kNoTime ? "" : Hours(t); }

}  // namespace

std::string WorkloadHeader() {
  return "policy,replication,unit,kind,level,staff,busy_hours,utilization,jobs,staffed_hours\n";
}

void AppendWorkloadRows(const model::City& city, const std::string& policy, int replication,
                        const std::vector<model::UnitLoad>& workload, std::string* out) {
  for (const model::UnitLoad& load : workload) {
    const model::Unit& unit = city.unit(load.unit);
    *out += policy + "," + std::to_string(replication) + "," + unit.name + "," +
            std::string(model::UnitKindName(unit.kind)) + "," +
            std::string(model::KindInfo(unit.kind).group) + "," +
            std::to_string(load.staff) + "," + Number(load.busy_hours) + "," +
            Number(load.utilization) + "," + std::to_string(load.jobs) + "," +
            Number(load.staffed_hours) + "\n";
  }
}

std::string RecordsHeader() {
  return "policy,replication,demand_id,created_h,category,tier,channel,origin,resolved_level,"
         "resolver,closed_h,resolution_h,hops,escalations,sla_met,satisfied,status,received_h,"
         "triaged_h,assigned_h,started_h,ordered_h,on_site_h,resolved_at,visits\n";
}

void AppendRecordRow(const model::City& city, const std::string& policy, int replication,
                     const model::DemandRecord& r, std::string* out) {
  *out += policy + "," + std::to_string(replication) + "," + std::to_string(r.demand_id) + "," +
          Hours(r.created) + "," + city.categories()[static_cast<std::size_t>(r.category)].name +
          "," + std::string(model::TierName(r.tier)) + "," +
          std::string(model::ChannelName(r.channel)) + "," + city.unit(r.origin).name + ",";
  const bool closed = !r.open;
  if (closed && r.resolved) *out += std::string(model::LevelName(r.resolved_level));
  *out += ",";
  if (closed && r.resolver != model::kNoUnit) *out += city.unit(r.resolver).name;
  *out += ",";
  if (closed) *out += Hours(r.closed);
  *out += ",";
  if (closed && r.resolved) *out += Hours(r.closed - std::max<kernel::SimTime>(r.created, 0));
  *out += "," + std::to_string(r.hops) + "," + std::to_string(r.escalations) + ",";
  *out += r.deadline == model::kNoTime ? "" : (closed && r.sla_met ? "1" : "0");
  *out += ",";
  if (closed) *out += r.satisfied ? "1" : "0";
  *out += std::string(",") + (r.open ? "open" : r.resolved ? "resolved" : "unresolved");
  for (kernel::SimTime t : {r.received, r.triaged, r.first_assigned, r.first_accepted, r.ordered,
                            r.on_site}) {
    *out += "," + HoursOrEmpty(t);
  }
  *out += ",";
  if (closed && r.resolved) *out += std::string(model::PlaceName(r.resolved_at));
  *out += "," + std::to_string(r.visits) + "\n";
}

std::string VisitsHeader() {
  return "demand_id,seq,unit,kind,level,queued_h,started_h,finished_h,outcome,policy,"
         "replication\n";
}

void AppendVisitRow(const model::City& city, const std::string& policy, int replication,
                    const model::VisitRecord& v, std::string* out) {
  const model::Unit* unit = v.unit == model::kNoUnit ? nullptr : &city.unit(v.unit);
  *out += std::to_string(v.demand_id) + "," + std::to_string(v.seq) + "," +
          (unit ? unit->name : std::string()) + "," +
          (unit ? std::string(model::UnitKindName(unit->kind)) : std::string()) + "," +
          (v.intake ? std::string("intake") : std::string(model::LevelName(v.level))) + "," +
          Hours(v.queued) + "," + HoursOrEmpty(v.started) + "," + HoursOrEmpty(v.finished) + "," +
          std::string(model::VisitOutcomeName(v.outcome)) + "," + policy + "," +
          std::to_string(replication) + "\n";
}

std::string ManifestJson(const Manifest& m) {
  nlohmann::ordered_json j;
  j["escalade_version"] = m.version;
  j["git_commit"] = m.git_commit;
  j["scenario"] = {{"path", m.scenario_path}, {"sha256", m.scenario_sha256}};
  j["seed"] = m.seed;
  j["replications"] = m.replications;
  j["threads"] = m.threads;
  j["policies"] = m.policies;
  j["baseline"] = m.baseline;
  j["started_utc"] = m.started_utc;
  j["finished_utc"] = m.finished_utc;
  j["status"] = m.status;
  j["files"] = m.files;
  if (m.points > 0) {
    j["sweep"] = {{"keys", m.sweep_keys}, {"points", m.points}, {"ranks", m.ranks},
                  {"store", m.store}, {"runs_total", m.runs_total},
                  {"runs_reused", m.runs_reused}, {"runs_computed", m.runs_computed}};
  }
  return j.dump(2) + "\n";
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace escalade::analysis
