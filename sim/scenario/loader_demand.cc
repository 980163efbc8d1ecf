// The `demand` section (scenarios/FORMAT.md): rates, profiles, mixes, demand
// sizes and bursts.
//
// Decisions where FORMAT.md is silent (also in the loader's report):
//  - a burst's name, start, duration and multiplier are required; duration > 0;
//  - a burst must start within [calendar.start, calendar.start + horizon):
//    before the start or at/after the horizon's end it is an error;
//  - a burst's `communities` name communities only (a street or district is
//    refused with a message saying so); repeats in its lists are errors;
//  - per_capita_per_year is at most 1e6, holiday_factor at most 1000 and
//    trend_per_year at most 1000 (typo guards; format.h states the limits).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/scenario/loader_internal.h"
#include "sim/trace/mapping_loader.h"

namespace escalade::scenario::internal {
namespace {

// A relative profile of kN weights >= 0 with a positive sum, normalised to mean 1.
template <std::size_t kN>
void ReadProfile(const Node& node, std::array<double, kN>* profile) {
  if (!node.defined()) return;
  const std::optional<std::vector<double>> weights = node.AsWeights(kN);
  if (!weights || weights->size() != kN) return;
  double sum = 0;
  for (double w : *weights) sum += w;
  if (!(sum > 0)) return;  // AsWeights promises a positive sum; stay safe anyway
  for (std::size_t i = 0; i < kN; ++i) (*profile)[i] = (*weights)[i] * kN / sum;
}

NameIndex ChannelNames() {
  NameIndex names;
  for (int i = 0; i < model::kChannelCount; ++i) {
    names.Insert(std::string(model::ChannelName(static_cast<model::Channel>(i))), i);
  }
  return names;
}

std::string FormatInstant(kernel::CivilDate start, kernel::SimTime t) {
  const std::int64_t days = t / kernel::kDay;
  const auto minutes = static_cast<int>((t % kernel::kDay) / kernel::kMinute);
  const kernel::CivilDate date = kernel::CivilFromDays(kernel::DaysFromCivil(start) + days);
  char time[16];
  std::snprintf(time, sizeof time, "T%02d:%02d", minutes / 60, minutes % 60);
  return kernel::FormatDate(date) + time;
}

class BurstReader {
 public:
  BurstReader(const Catalogue& catalogue, const CityPlan& plan, const TimeFrame& frame,
              Context& context)
      : catalogue_(catalogue), plan_(plan), frame_(frame), context_(context) {}

  std::optional<model::Burst> Read(const Node& node, std::size_t index) {
    node.CheckKeys(format::KeysOf("burst"));
    if (!node.IsMap()) return std::nullopt;
    model::Burst burst;
    burst.mark = MarkOf(node);
    bool ok = true;
    const std::optional<std::string> name = node["name"].AsName();
    if (name) {
      burst.name = *name;
      if (std::optional<int> earlier = names_.Insert(*name, static_cast<int>(index))) {
        node["name"].Error("burst " + Quote(*name) + " is declared twice (also at bursts[" +
                           std::to_string(*earlier) + "])");
        ok = false;
      }
    } else {
      ok = false;
    }
    ok = ReadStart(node["start"], &burst.start) && ok;
    if (const std::optional<kernel::SimTime> d = node["duration"].AsCalendarDuration()) {
      burst.duration = *d;
      if (*d <= 0) {
        node["duration"].Error("must be longer than 0");
        ok = false;
      }
    } else {
      ok = false;
    }
    if (const std::optional<double> m = node["multiplier"].AsNumber(0, format::kMaxRate)) {
      burst.multiplier = *m;
      if (!(*m > 0)) {
        node["multiplier"].Error("must be greater than 0 (a rate multiplier)");
        ok = false;
      }
    } else {
      ok = false;
    }
    if (node.Has("communities")) ok = ReadCommunities(node["communities"], &burst) && ok;
    if (node.Has("categories")) {
      std::optional<std::vector<int>> categories =
          ReadRefList(node["categories"], "category", catalogue_.category_names, context_);
      if (categories) {
        burst.categories = std::move(*categories);
      } else {
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return burst;
  }

 private:
  bool ReadStart(const Node& node, kernel::SimTime* start) const {
    const std::optional<io::DateTime> when = node.AsDateTime();
    if (!when) return false;
    // Against a start that is itself wrong, any verdict would be an echo.
    if (!frame_.start_valid) return false;
    const std::int64_t days =
        kernel::DaysFromCivil(when->date) - kernel::DaysFromCivil(frame_.start);
    constexpr std::int64_t kFarDays = 1'000'000;  // ~2,700 years: keeps the product in range
    if (days < 0) {
      node.Error("starts before calendar.start (" + kernel::FormatDate(frame_.start) + ")");
      return false;
    }
    if (days > kFarDays) {
      node.Error("starts after the experiment horizon");
      return false;
    }
    *start = days * kernel::kDay + when->minute_of_day * kernel::kMinute;
    if (frame_.horizon && *start >= *frame_.horizon) {
      node.Error("starts after the experiment horizon, which ends at " +
                 FormatInstant(frame_.start, *frame_.horizon));
      return false;
    }
    return true;
  }

  bool ReadCommunities(const Node& node, model::Burst* burst) {
    if (!node.IsSequence()) {
      node.Error("expected a list of community names");
      return false;
    }
    bool ok = true;
    std::unordered_map<std::size_t, std::size_t> seen;
    const std::vector<Node> items = node.Items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::optional<std::string> name = items[i].AsString();
      if (!name) {
        ok = false;
        continue;
      }
      auto it = plan_.by_name.find(*name);
      if (it == plan_.by_name.end()) {
        if (plan_.complete) items[i].Error(context_.Unknown("community", *name, Communities()));
        ok = false;
        continue;
      }
      const model::UnitKind kind = plan_.units[it->second].unit.kind;
      if (kind != model::UnitKind::kCommunity) {
        items[i].Error(Quote(*name) + " is a " + std::string(model::UnitKindName(kind)) +
                       ", not a community; bursts name communities");
        ok = false;
        continue;
      }
      if (auto [at, inserted] = seen.emplace(it->second, i); !inserted) {
        items[i].Error("community " + Quote(*name) + " is listed twice (also at [" +
                       std::to_string(at->second) + "])");
        ok = false;
        continue;
      }
      burst->communities.push_back(static_cast<model::UnitId>(it->second));
    }
    return ok;
  }

  // Community names in plan order, for messages; built on first need.
  const std::vector<std::string>& Communities() {
    if (!communities_) {
      communities_.emplace();
      for (const PlannedUnit& unit : plan_.units) {
        if (unit.unit.kind == model::UnitKind::kCommunity && !unit.unit.name.empty()) {
          communities_->push_back(unit.unit.name);
        }
      }
    }
    return *communities_;
  }

  const Catalogue& catalogue_;
  const CityPlan& plan_;
  const TimeFrame& frame_;
  Context& context_;
  NameIndex names_;
  std::optional<std::vector<std::string>> communities_;
};

// people, money, urgent: the sizes of a demand (also drawn for trace rows).
void ReadSizes(const Node& node, model::DemandSpec* demand) {
  if (node.Has("people")) {
    if (auto people = node["people"].AsDistribution(Node::Quantity::kPlain)) {
      demand->people = *people;
    }
  }
  if (node.Has("money")) {
    if (auto money = node["money"].AsDistribution(Node::Quantity::kPlain)) demand->money = *money;
  }
  if (node.Has("urgent")) demand->urgent = node["urgent"].AsProbability().value_or(0);
}

void ReadPatrol(const Node& node, const Catalogue& catalogue, const CityPlan& plan,
                Context& context, model::PatrolSpec* patrol) {
  node.CheckKeys(format::KeysOf("patrol"));
  if (!node.IsMap()) return;
  patrol->per_grid_per_hour =
      node["per_grid_per_hour"].AsNumber(0, format::kMaxPatrolRate).value_or(0);
  const bool has_grids = std::any_of(plan.units.begin(), plan.units.end(), [](const PlannedUnit& u) {
    return u.unit.kind == model::UnitKind::kGrid;
  });
  if (patrol->per_grid_per_hour > 0 && plan.complete && !has_grids) {
    node["per_grid_per_hour"].Error(
        "the city has no grids to patrol: give communities `grids: N` (or generate.grids_per_community)");
  }
  if (node.Has("hours")) patrol->hours = ReadHours(node["hours"]).value_or(model::StaffHours::kOffice);
  const Node mix = node["mix"];
  if (!mix.defined()) {
    mix.Error("is required: the category mix of what grid workers find");
    return;
  }
  patrol->mix =
      ReadMix(mix, "category", catalogue.category_names, context).value_or(std::vector<double>{});
}

// A list of community names (as CityPlan indices); repeats and non-communities are errors.
bool ReadCommunityList(const Node& node, const CityPlan& plan, Context& context,
                       std::vector<model::UnitId>* out) {
  if (!node.IsSequence()) {
    node.Error("expected a list of community names");
    return false;
  }
  const NameIndex communities = CommunityNames(plan);
  std::optional<std::vector<int>> list = ReadRefList(node, "community", communities, context);
  if (!list) return false;
  for (int index : *list) out->push_back(static_cast<model::UnitId>(index));
  return true;
}

void ReadSensors(const Node& node, const Catalogue& catalogue, const CityPlan& plan,
                 Context& context, model::DemandSpec* demand) {
  if (!node.IsSequence()) {
    node.Error("expected a list of sensor groups {name, count, per_sensor_per_year, category}");
    return;
  }
  NameIndex names;
  const std::vector<Node> items = node.Items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Node& item = items[i];
    item.CheckKeys(format::KeysOf("sensor"));
    if (!item.IsMap()) continue;
    model::SensorSpec group;
    group.mark = MarkOf(item);
    bool ok = true;
    if (std::optional<std::string> name = item["name"].AsName()) {
      group.name = *name;
      if (std::optional<int> earlier = names.Insert(*name, static_cast<int>(i))) {
        item["name"].Error("sensor group " + Quote(*name) + " is declared twice (also at sensors[" +
                           std::to_string(*earlier) + "])");
        ok = false;
      }
    } else {
      ok = false;
    }
    if (std::optional<std::int64_t> count =
            item["count"].AsInt(1, static_cast<std::int64_t>(format::kMaxSensors))) {
      group.count = *count;
    } else {
      ok = false;
    }
    if (std::optional<double> rate = item["per_sensor_per_year"].AsNumber(0, format::kMaxRate)) {
      group.per_sensor_per_year = *rate;
      if (!(*rate > 0)) {
        item["per_sensor_per_year"].Error("must be greater than 0 (alarms per sensor per year)");
        ok = false;
      }
    } else {
      ok = false;
    }
    if (std::optional<int> category =
            context.Resolve(item["category"], "category", catalogue.category_names)) {
      group.category = *category;
    } else {
      ok = false;
    }
    if (item.Has("communities")) {
      ok = ReadCommunityList(item["communities"], plan, context, &group.communities) && ok;
    }
    if (ok) demand->sensors.push_back(std::move(group));
  }
}

void ReadBacklog(const Node& node, const CityPlan& plan, Context& context,
                 model::BacklogSpec* backlog) {
  node.CheckKeys(format::KeysOf("backlog"));
  if (!node.IsMap()) return;
  constexpr auto kMaxBacklog = static_cast<std::int64_t>(format::kMaxBacklog);
  if (node.Has("per_community")) {
    backlog->per_community = node["per_community"].AsInt(0, kMaxBacklog).value_or(0);
  }
  if (node.Has("communities")) {
    const NameIndex communities = CommunityNames(plan);
    for (const KeyEntry& entry :
         KeyEntries(node["communities"], "community", "is listed twice", context)) {
      const std::optional<int> index = communities.Find(entry.key);
      const std::optional<std::int64_t> count = entry.value.AsInt(0, kMaxBacklog);
      if (!index) {
        if (communities.complete) {
          context.diags().Add(entry.key_mark.line, entry.key_mark.column, entry.value.path(),
                              context.Unknown("community", entry.key, communities.names()));
        }
        continue;
      }
      if (count) backlog->communities.emplace_back(static_cast<model::UnitId>(*index), *count);
    }
  }
  if (node.Has("age")) {
    if (auto age = node["age"].AsDistribution(Node::Quantity::kTime)) backlog->age_hours = *age;
  }
}

}  // namespace

void ReadDemand(const Node& node, const std::string& scenario_path, const Catalogue& catalogue,
                const CityPlan& plan, const TimeFrame& frame, Context& context,
                model::DemandSpec* demand, std::optional<trace::TraceMapping>* trace) {
  if (!node.defined()) {
    node.Error("is required: at least per_capita_per_year and mix, or a trace");
    return;
  }
  if (node.IsMap() && node.Has("trace")) {
    for (const auto& [key, value] : node.Entries()) {
      if (key != "trace" && key != "people" && key != "money" && key != "urgent") {
        value.Error("is not used with a trace: the trace gives the arrivals (only people, "
                    "money and urgent may accompany it)");
      }
    }
    const NameIndex communities = CommunityNames(plan);
    const trace::MappingTargets targets{&communities, &catalogue.category_names,
                                        &catalogue.department_names};
    *trace = trace::ReadTraceMapping(node["trace"], scenario_path, targets, context);
    ReadSizes(node, demand);
    return;
  }
  node.CheckKeys(format::KeysOf("demand"));
  if (!node.IsMap()) return;
  demand->per_capita_per_year =
      node["per_capita_per_year"].AsNumber(0, format::kMaxRate).value_or(0);
  ReadProfile(node["hour_of_day"], &demand->hour_of_day);
  ReadProfile(node["day_of_week"], &demand->day_of_week);
  ReadProfile(node["month"], &demand->month);
  if (node.Has("holiday_factor")) {
    demand->holiday_factor = node["holiday_factor"].AsNumber(0, format::kMaxFactor).value_or(1);
  }
  if (node.Has("trend_per_year")) {
    const Node trend = node["trend_per_year"];
    if (const std::optional<double> value = trend.AsNumber(-1, format::kMaxFactor)) {
      if (*value <= -1) {
        trend.Error("must be greater than -1 (a rate cannot shrink to nothing)");
      } else {
        demand->trend_per_year = *value;
      }
    }
  }
  const Node mix = node["mix"];
  if (!mix.defined()) {
    mix.Error("is required: a mapping from category name to probability, summing to 1");
  } else {
    demand->mix =
        ReadMix(mix, "category", catalogue.category_names, context).value_or(std::vector<double>{});
  }
  if (node.Has("channels")) {
    if (std::optional<std::vector<double>> channels =
            ReadMix(node["channels"], "channel", ChannelNames(), context)) {
      for (int i = 0; i < model::kChannelCount; ++i) {
        demand->channels[static_cast<std::size_t>(i)] = (*channels)[static_cast<std::size_t>(i)];
      }
    }
  }
  ReadSizes(node, demand);
  if (node.Has("patrol")) ReadPatrol(node["patrol"], catalogue, plan, context, &demand->patrol);
  if (node.Has("sensors")) ReadSensors(node["sensors"], catalogue, plan, context, demand);
  if (node.Has("backlog")) ReadBacklog(node["backlog"], plan, context, &demand->backlog);
  if (node.Has("bursts")) {
    const Node bursts = node["bursts"];
    if (!bursts.IsSequence()) {
      bursts.Error("expected a list of bursts");
      return;
    }
    BurstReader reader(catalogue, plan, frame, context);
    const std::vector<Node> items = bursts.Items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (std::optional<model::Burst> burst = reader.Read(items[i], i)) {
        demand->bursts.push_back(std::move(*burst));
      }
    }
  }
}

void RemapDemandCommunities(const std::vector<model::UnitId>& ids, model::DemandSpec* demand) {
  for (model::Burst& burst : demand->bursts) {
    for (model::UnitId& community : burst.communities) community = ids[community];
  }
  for (model::SensorSpec& group : demand->sensors) {
    for (model::UnitId& community : group.communities) community = ids[community];
  }
  for (auto& [community, count] : demand->backlog.communities) community = ids[community];
}

}  // namespace escalade::scenario::internal
