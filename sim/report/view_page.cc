#include "sim/report/view_page.h"

#include <algorithm>

#include "sim/report/assets.h"
#include "sim/report/html_page.h"

namespace escalade::report {
namespace {

using Json = nlohmann::ordered_json;

// Hours from the start, or null when not reached.
Json Hours(kernel::SimTime t) {
  if (t == model::kNoTime) return nullptr;
  return static_cast<double>(t / 1000) / 3600.0;  // whole seconds: a short page
}

}  // namespace

nlohmann::ordered_json CityUnitsJson(const model::City& city) {
  Json units = Json::array();
  for (std::size_t id = 0; id < city.units().size(); ++id) {
    const model::Unit& u = city.unit(static_cast<model::UnitId>(id));
    const model::UnitKindInfo& kind = model::KindInfo(u.kind);
    units.push_back({{"name", u.name}, {"label", u.label}, {"kind", kind.name},
                     {"group", kind.group}, {"staff", u.staff},
                     {"parent", u.parent == model::kNoUnit ? Json(nullptr) : Json(u.parent)}});
  }
  return units;
}

namespace {

Json Arm(const ViewArm& arm) {
  std::unordered_map<std::uint64_t, Json> visits;
  for (const model::VisitRecord& v : arm.records->visits) {
    visits[v.demand_id].push_back(
        {v.unit, v.intake ? "intake" : model::LevelName(v.level), Hours(v.queued),
         Hours(v.started), Hours(v.finished), model::VisitOutcomeName(v.outcome)});
  }
  std::vector<const model::DemandRecord*> demands;
  for (const model::DemandRecord& d : arm.records->demands) demands.push_back(&d);
  std::sort(demands.begin(), demands.end(), [](const auto* a, const auto* b) {
    return a->created < b->created || (a->created == b->created && a->demand_id < b->demand_id);
  });
  Json out = Json::array();
  for (const model::DemandRecord* d : demands) {
    Json& v = visits[d->demand_id];
    out.push_back({{"id", d->demand_id}, {"created", Hours(std::max<kernel::SimTime>(d->created, 0))},
                   {"closed", d->open ? Json(nullptr) : Hours(d->closed)},
                   {"resolved", d->resolved}, {"tier", model::TierName(d->tier)},
                   {"category", d->category}, {"origin", d->origin},
                   {"visits", v.is_null() ? Json::array() : std::move(v)}});
  }
  return {{"name", arm.name}, {"demands", std::move(out)}};
}

}  // namespace

void WindowRecords::OnVisit(const model::VisitRecord& visit) {
  open_[visit.demand_id].push_back(visit);
}

void WindowRecords::OnDemand(const model::DemandRecord& record) {
  auto it = open_.find(record.demand_id);
  if (record.created >= from_ && record.created < to_) {
    demands.push_back(record);
    if (it != open_.end()) {
      std::vector<model::VisitRecord>& mine = it->second;
      std::sort(mine.begin(), mine.end(),
                [](const auto& a, const auto& b) { return a.seq < b.seq; });
      visits.insert(visits.end(), mine.begin(), mine.end());
    }
  }
  if (it != open_.end()) open_.erase(it);
}

std::string ViewHtml(const model::City& city, const std::vector<ViewArm>& arms,
                     const ViewWindow& window) {
  Json data;
  data["title"] = window.title;
  data["from"] = Hours(window.from);
  data["to"] = Hours(window.to);
  data["replication"] = window.replication;
  data["units"] = CityUnitsJson(city);
  Json categories = Json::array();
  for (const model::Category& c : city.categories()) {
    categories.push_back({{"name", c.name}, {"label", c.label}});
  }
  data["categories"] = std::move(categories);
  data["arms"] = Json::array();
  for (const ViewArm& arm : arms) data["arms"].push_back(Arm(arm));
  PageParts parts;
  parts.title = "escalade view: " + window.title;
  parts.with_vega = false;
  parts.script = ViewScript();
  parts.data = std::move(data);
  return HtmlPage(parts);
}

}  // namespace escalade::report
