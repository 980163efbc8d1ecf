// The classroom view (`escalade view`): a page that replays a window of one replication —
// demands as dots climbing the governance graph (residents at the bottom, then grids,
// communities, streets, the district, the departments at the top), queues growing at the
// units, a clock, counters (open, resolved, escalated, returned), play/pause/speed, and a
// click on a dot for its path and stage times — for one or two policies side by side on the
// same demands (common random numbers). Drawn by assets/view.js on canvases; no Vega.
// Chinese labels show when a CJK font is installed (fonts-noto-cjk), English names
// otherwise (a switch on the page).
//
// Thread safety: a WindowRecords sink belongs to one replication; ViewHtml is pure.
#ifndef ESCALADE_SIM_REPORT_VIEW_PAGE_H_
#define ESCALADE_SIM_REPORT_VIEW_PAGE_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/record.h"

namespace escalade::report {

// Keeps the demand and visit records of the demands created in [from, to). Memory: the
// visits of the demands open at once, and the kept records.
class WindowRecords final : public model::RecordSink {
 public:
  WindowRecords(kernel::SimTime from, kernel::SimTime to) : from_(from), to_(to) {}
  bool wants_visits() const override { return true; }
  void OnVisit(const model::VisitRecord& visit) override;
  void OnDemand(const model::DemandRecord& record) override;

  std::vector<model::DemandRecord> demands;  // in the order they closed (or the run ended)
  std::vector<model::VisitRecord> visits;    // of those demands, each demand's in seq order

 private:
  kernel::SimTime from_, to_;
  std::unordered_map<std::uint64_t, std::vector<model::VisitRecord>> open_;
};

struct ViewArm {
  std::string name;
  const WindowRecords* records = nullptr;
};

struct ViewWindow {
  std::string title;         // the scenario's name
  kernel::SimTime from = 0;  // the window, from the scenario's start
  kernel::SimTime to = 0;
  int replication = 0;
};

// The city's units as the pages draw them: [{name, label, kind, group, staff, parent}], in
// unit id order (parent: an index, or null).
nlohmann::ordered_json CityUnitsJson(const model::City& city);

std::string ViewHtml(const model::City& city, const std::vector<ViewArm>& arms,
                     const ViewWindow& window);

}  // namespace escalade::report

#endif  // ESCALADE_SIM_REPORT_VIEW_PAGE_H_
