#include "sim/model/demand_generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "sim/kernel/alias_table.h"
#include "sim/kernel/random.h"

namespace escalade::model {
namespace {

using kernel::AliasTable;
using kernel::RandomStream;
using kernel::Result;
using kernel::SimTime;
using kernel::Status;

constexpr double kYearMs = 365.0 * static_cast<double>(kernel::kDay);

// An exponential variate of mean 1 (inversion; NextUniform is never 0 or 1).
double StandardExponential(RandomStream& stream) { return -std::log(stream.NextUniform()); }

Result<AliasTable> TableOrUniform(std::vector<double> weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  if (!(sum > 0)) std::fill(weights.begin(), weights.end(), 1.0);
  return AliasTable::Create(weights);
}

// Channel, people, money and urgency: the attributes every synthetic demand
// draws, in this order, from its source's stream.
class Attributes {
 public:
  static Result<Attributes> Create(const DemandSpec& spec) {
    Result<AliasTable> channels =
        AliasTable::Create(std::vector<double>(spec.channels.begin(), spec.channels.end()));
    if (!channels.ok()) return Status::Error("demand.channels: " + channels.status().ToString());
    return Attributes(spec, std::move(channels).value());
  }

  // REQUIRES: demand->channel set when !channel_from_mix.
  void Draw(RandomStream& stream, bool channel_from_mix, Demand* demand) const {
    if (channel_from_mix) demand->channel = static_cast<Channel>(channels_.Sample(stream));
    DrawSizes(*spec_, stream, demand);
  }

 private:
  Attributes(const DemandSpec& spec, AliasTable channels)
      : spec_(&spec), channels_(std::move(channels)) {}
  const DemandSpec* spec_;
  AliasTable channels_;
};

// Category tables: index 0 is the scenario's mix; communities with their own
// mix get their own table.
struct CategoryTables {
  std::vector<AliasTable> tables;
  std::vector<std::uint32_t> of_community;  // unit id → index into tables (communities only)

  static Result<CategoryTables> Create(const City& city, const DemandSpec& spec) {
    CategoryTables result;
    const std::size_t categories = city.categories().size();
    if (spec.mix.size() != categories) {
      return Status::Error("demand.mix has " + std::to_string(spec.mix.size()) +
                           " entries for " + std::to_string(categories) + " categories");
    }
    Result<AliasTable> base = AliasTable::Create(spec.mix);
    if (!base.ok()) return Status::Error("demand.mix: " + base.status().ToString());
    result.tables.push_back(std::move(base).value());
    result.of_community.assign(city.size(), 0);
    for (UnitId c : city.OfKind(UnitKind::kCommunity)) {
      const Unit& unit = city.unit(c);
      if (unit.mix.empty()) continue;
      Result<AliasTable> own = AliasTable::Create(unit.mix);
      if (!own.ok() || unit.mix.size() != categories) {
        return Status::Error("community " + unit.name + ": bad category mix");
      }
      result.of_community[c] = static_cast<std::uint32_t>(result.tables.size());
      result.tables.push_back(std::move(own).value());
    }
    return result;
  }
};

// Picks a community by population among `communities`, then one of its grids
// uniformly (the loader splits a community's population evenly over its grids).
class Places {
 public:
  static Result<Places> Create(const City& city, std::vector<UnitId> communities) {
    std::vector<double> weights;
    weights.reserve(communities.size());
    for (UnitId c : communities) weights.push_back(static_cast<double>(city.unit(c).population));
    if (communities.empty()) return Status::Error("no community to draw demands from");
    Result<AliasTable> table = TableOrUniform(std::move(weights));
    if (!table.ok()) return table.status();
    return Places(city, std::move(communities), std::move(table).value());
  }

  void Draw(RandomStream& stream, Demand* demand) const {
    demand->origin = communities_[table_.Sample(stream)];
    demand->grid = kNoUnit;
    std::span<const UnitId> children = city_->Children(demand->origin);
    std::size_t grids = 0;
    for (UnitId child : children) grids += city_->unit(child).kind == UnitKind::kGrid ? 1 : 0;
    if (grids == 0) return;
    auto pick = static_cast<std::size_t>(stream.NextUniform() * static_cast<double>(grids));
    for (UnitId child : children) {
      if (city_->unit(child).kind != UnitKind::kGrid) continue;
      if (pick-- == 0) {
        demand->grid = child;
        return;
      }
    }
  }

 private:
  Places(const City& city, std::vector<UnitId> communities, AliasTable table)
      : city_(&city), communities_(std::move(communities)), table_(std::move(table)) {}
  const City* city_;
  std::vector<UnitId> communities_;
  AliasTable table_;
};

std::vector<UnitId> CommunitiesOr(const City& city, const std::vector<UnitId>& listed) {
  if (!listed.empty()) return listed;
  const std::span<const UnitId> all = city.OfKind(UnitKind::kCommunity);
  return {all.begin(), all.end()};
}

// Residents: the thinned non-homogeneous Poisson process (see the header).
class ResidentSource {
 public:
  ResidentSource(const City& city, const kernel::Calendar& calendar, const DemandSpec& spec,
                 const DemandGenerator::Options& options, Places places, CategoryTables categories,
                 const Attributes& attributes)
      : calendar_(calendar),
        spec_(spec),
        horizon_(options.horizon),
        stream_(options.seed, options.replication, "arrivals.resident"),
        places_(std::move(places)),
        categories_(std::move(categories)),
        attributes_(attributes) {
    double residents = 0;
    for (UnitId c : city.OfKind(UnitKind::kCommunity)) {
      residents += static_cast<double>(city.unit(c).population);
    }
    base_per_ms_ = residents * spec.per_capita_per_year / kYearMs;
    in_burst_community_.assign(spec.bursts.size(), std::vector<bool>(city.size(), true));
    in_burst_category_.assign(spec.bursts.size(),
                              std::vector<bool>(city.categories().size(), true));
    for (std::size_t b = 0; b < spec.bursts.size(); ++b) {
      const Burst& burst = spec.bursts[b];
      if (!burst.communities.empty()) {
        in_burst_community_[b].assign(city.size(), false);
        for (UnitId c : burst.communities) in_burst_community_[b][c] = true;
      }
      if (!burst.categories.empty()) {
        in_burst_category_[b].assign(city.categories().size(), false);
        for (int k : burst.categories) in_burst_category_[b][static_cast<std::size_t>(k)] = true;
      }
    }
    StartSlot(0);
  }

  bool Next(Demand* demand) {
    while (slot_start_ < horizon_) {
      if (!(bound_per_ms_ > 0)) {
        StartSlot(slot_ + 1);
        continue;
      }
      offset_ms_ += StandardExponential(stream_) / bound_per_ms_;
      const double slot_length = static_cast<double>(slot_end_ - slot_start_);
      if (offset_ms_ >= slot_length) {
        StartSlot(slot_ + 1);
        continue;
      }
      const SimTime t = slot_start_ + static_cast<SimTime>(offset_ms_);
      places_.Draw(stream_, demand);
      const AliasTable& mix = categories_.tables[categories_.of_community[demand->origin]];
      demand->category = static_cast<int>(mix.Sample(stream_));
      if (slot_has_bursts_) {
        const double multiplier = Multiplier(t, demand->origin, demand->category);
        if (!(stream_.NextUniform() * burst_bound_ < multiplier)) continue;
      }
      demand->created = t;
      demand->source = DemandSource::kResident;
      attributes_.Draw(stream_, /*channel_from_mix=*/true, demand);
      return true;
    }
    return false;
  }

 private:
  // Hour slot `slot`: [slot h, slot h + 1h) ∩ [0, horizon).
  void StartSlot(std::int64_t slot) {
    slot_ = slot;
    slot_start_ = slot * kernel::kHour;
    slot_end_ = std::min(slot_start_ + kernel::kHour, horizon_);
    offset_ms_ = 0;
    if (slot_start_ >= horizon_) return;
    const std::int64_t day = slot / 24;
    if (day != day_) {
      day_ = day;
      const kernel::CivilDate date = calendar_.DateOf(slot_start_);
      day_factor_ = spec_.day_of_week[static_cast<std::size_t>(calendar_.Weekday(slot_start_))] *
                    spec_.month[date.month - 1] *
                    (calendar_.IsHoliday(date) ? spec_.holiday_factor : 1.0);
    }
    const double years = (static_cast<double>(slot_start_) + 0.5 * kernel::kHour) / kYearMs;
    const double trend =
        spec_.trend_per_year == 0 ? 1.0 : std::pow(1.0 + spec_.trend_per_year, years);
    slot_has_bursts_ = false;
    burst_bound_ = 1;
    for (const Burst& burst : spec_.bursts) {
      if (burst.start < slot_end_ && burst.start + burst.duration > slot_start_) {
        slot_has_bursts_ = true;
        burst_bound_ *= std::max(1.0, burst.multiplier);
      }
    }
    bound_per_ms_ = base_per_ms_ * spec_.hour_of_day[static_cast<std::size_t>(slot % 24)] *
                    day_factor_ * trend * burst_bound_;
  }

  double Multiplier(SimTime t, UnitId community, int category) const {
    double multiplier = 1;
    for (std::size_t b = 0; b < spec_.bursts.size(); ++b) {
      const Burst& burst = spec_.bursts[b];
      if (t >= burst.start && t - burst.start < burst.duration &&
          in_burst_community_[b][community] &&
          in_burst_category_[b][static_cast<std::size_t>(category)]) {
        multiplier *= burst.multiplier;
      }
    }
    return multiplier;
  }

  const kernel::Calendar& calendar_;
  const DemandSpec& spec_;
  SimTime horizon_;
  RandomStream stream_;
  Places places_;
  CategoryTables categories_;
  const Attributes& attributes_;
  double base_per_ms_ = 0;  // all residents, flat profile
  std::vector<std::vector<bool>> in_burst_community_;  // [burst][unit id]
  std::vector<std::vector<bool>> in_burst_category_;   // [burst][category]

  std::int64_t slot_ = 0;
  SimTime slot_start_ = 0;
  SimTime slot_end_ = 0;
  double offset_ms_ = 0;       // of the last candidate, from slot_start_
  double bound_per_ms_ = 0;    // thinning bound of the slot
  double burst_bound_ = 1;     // product of max(1, multiplier) of the bursts overlapping the slot
  bool slot_has_bursts_ = false;
  std::int64_t day_ = -1;
  double day_factor_ = 1;
};

// Grid patrol: a Poisson process in patrol time over all grids.
class PatrolSource {
 public:
  static Result<PatrolSource> Create(const City& city, const kernel::Calendar& calendar,
                                     const DemandSpec& spec,
                                     const DemandGenerator::Options& options,
                                     const Attributes& attributes) {
    const std::span<const UnitId> grids = city.OfKind(UnitKind::kGrid);
    if (spec.patrol.per_grid_per_hour > 0 && grids.empty()) {
      return Status::Error("demand.patrol: the city has no grids to patrol");
    }
    AliasTable mix;
    if (spec.patrol.per_grid_per_hour > 0) {
      if (spec.patrol.mix.size() != city.categories().size()) {
        return Status::Error("demand.patrol.mix: one probability per category expected");
      }
      Result<AliasTable> table = AliasTable::Create(spec.patrol.mix);
      if (!table.ok()) return Status::Error("demand.patrol.mix: " + table.status().ToString());
      mix = std::move(table).value();
    }
    return PatrolSource(city, calendar, spec, options, std::move(mix), attributes);
  }

  bool Next(Demand* demand) {
    if (!(rate_per_ms_ > 0) || done_) return false;
    patrol_ms_ += StandardExponential(stream_) / rate_per_ms_;
    if (patrol_ms_ >= static_cast<double>(kernel::kTimeMax / 2)) return Finish();
    const auto patrol = static_cast<SimTime>(patrol_ms_);
    const SimTime t = always_ ? patrol : calendar_.AddWorkingTime(0, patrol);
    if (t >= horizon_) return Finish();
    const std::span<const UnitId> grids = city_.OfKind(UnitKind::kGrid);
    auto pick = static_cast<std::size_t>(stream_.NextUniform() * static_cast<double>(grids.size()));
    pick = std::min(pick, grids.size() - 1);
    demand->grid = grids[pick];
    demand->origin = city_.unit(demand->grid).community;
    demand->category = static_cast<int>(mix_.Sample(stream_));
    demand->created = t;
    demand->channel = Channel::kGridPatrol;
    demand->source = DemandSource::kPatrol;
    attributes_.Draw(stream_, /*channel_from_mix=*/false, demand);
    return true;
  }

 private:
  PatrolSource(const City& city, const kernel::Calendar& calendar, const DemandSpec& spec,
               const DemandGenerator::Options& options, AliasTable mix,
               const Attributes& attributes)
      : city_(city),
        calendar_(calendar),
        horizon_(options.horizon),
        always_(spec.patrol.hours == StaffHours::kAlways),
        rate_per_ms_(spec.patrol.per_grid_per_hour *
                     static_cast<double>(city.OfKind(UnitKind::kGrid).size()) /
                     static_cast<double>(kernel::kHour)),
        stream_(options.seed, options.replication, "arrivals.patrol"),
        mix_(std::move(mix)),
        attributes_(attributes) {}

  bool Finish() {
    done_ = true;
    return false;
  }

  const City& city_;
  const kernel::Calendar& calendar_;
  SimTime horizon_;
  bool always_;
  double rate_per_ms_;
  RandomStream stream_;
  AliasTable mix_;
  const Attributes& attributes_;
  double patrol_ms_ = 0;
  bool done_ = false;
};

// Sensors: one Poisson process over every group; an alarm picks its group by
// rate, then a community of the group by population.
class SensorSource {
 public:
  static Result<SensorSource> Create(const City& city, const DemandSpec& spec,
                                     const DemandGenerator::Options& options,
                                     const Attributes& attributes) {
    SensorSource source(spec, options, attributes);
    std::vector<double> rates;
    for (const SensorSpec& group : spec.sensors) {
      const double rate = static_cast<double>(group.count) * group.per_sensor_per_year / kYearMs;
      if (!(rate >= 0) || !std::isfinite(rate)) {
        return Status::Error("demand.sensors." + group.name + ": bad rate");
      }
      rates.push_back(rate);
      source.rate_per_ms_ += rate;
      Result<Places> places = Places::Create(city, CommunitiesOr(city, group.communities));
      if (!places.ok()) return places.status();
      source.places_.push_back(std::move(places).value());
    }
    if (source.rate_per_ms_ > 0) {
      Result<AliasTable> groups = AliasTable::Create(rates);
      if (!groups.ok()) return groups.status();
      source.groups_ = std::move(groups).value();
    }
    return source;
  }

  bool Next(Demand* demand) {
    if (!(rate_per_ms_ > 0)) return false;
    t_ms_ += StandardExponential(stream_) / rate_per_ms_;
    if (t_ms_ >= static_cast<double>(horizon_)) {
      rate_per_ms_ = 0;
      return false;
    }
    const std::uint32_t group = groups_.Sample(stream_);
    places_[group].Draw(stream_, demand);
    demand->category = spec_.sensors[group].category;
    demand->created = static_cast<SimTime>(t_ms_);
    demand->channel = Channel::kSensor;
    demand->source = DemandSource::kSensor;
    attributes_.Draw(stream_, /*channel_from_mix=*/false, demand);
    return true;
  }

 private:
  SensorSource(const DemandSpec& spec, const DemandGenerator::Options& options,
               const Attributes& attributes)
      : spec_(spec),
        horizon_(options.horizon),
        stream_(options.seed, options.replication, "arrivals.sensor"),
        attributes_(attributes) {}

  const DemandSpec& spec_;
  SimTime horizon_;
  RandomStream stream_;
  const Attributes& attributes_;
  std::vector<Places> places_;  // by group
  AliasTable groups_;
  double rate_per_ms_ = 0;
  double t_ms_ = 0;
};

// The backlog: every demand drawn at construction, then emitted oldest first.
Result<std::vector<Demand>> DrawBacklog(const City& city, const DemandSpec& spec,
                                        const DemandGenerator::Options& options,
                                        const CategoryTables& categories,
                                        const Attributes& attributes) {
  std::vector<std::int64_t> count(city.size(), 0);
  for (UnitId c : city.OfKind(UnitKind::kCommunity)) count[c] = spec.backlog.per_community;
  for (const auto& [community, n] : spec.backlog.communities) {
    if (community >= city.size() || city.unit(community).kind != UnitKind::kCommunity || n < 0) {
      return Status::Error("demand.backlog: a count for something that is not a community");
    }
    count[community] = n;
  }
  RandomStream stream(options.seed, options.replication, "arrivals.backlog");
  std::vector<Demand> backlog;
  for (UnitId c : city.OfKind(UnitKind::kCommunity)) {
    for (std::int64_t i = 0; i < count[c]; ++i) {
      Demand demand;
      demand.origin = c;
      demand.category = static_cast<int>(
          categories.tables[categories.of_community[c]].Sample(stream));
      const double age_hours = std::max(0.0, spec.backlog.age_hours.Sample(stream));
      demand.created = -kernel::FromHours(std::min(age_hours, 1e9));
      demand.source = DemandSource::kBacklog;
      attributes.Draw(stream, /*channel_from_mix=*/true, &demand);
      backlog.push_back(demand);
    }
  }
  std::stable_sort(backlog.begin(), backlog.end(),
                   [](const Demand& a, const Demand& b) { return a.created < b.created; });
  return backlog;
}

}  // namespace

class DemandGenerator::Impl {
 public:
  Impl(std::vector<Demand> backlog, Attributes attributes)
      : backlog_(std::move(backlog)), attributes_(std::move(attributes)) {}

  // Fills pending_[i] for every source that has none; merges by (release, source index).
  bool Next(Demand* demand) {
    Refill();
    int best = -1;
    for (int i = 0; i < 4; ++i) {
      if (!has_[i]) continue;
      if (best < 0 || pending_[i].release() < pending_[best].release()) best = i;
    }
    if (best < 0) return false;
    *demand = pending_[best];
    has_[best] = false;
    return true;
  }

  std::vector<Demand> backlog_;
  std::size_t backlog_next_ = 0;
  Attributes attributes_;
  std::optional<ResidentSource> residents_;
  std::optional<PatrolSource> patrol_;
  std::optional<SensorSource> sensors_;

 private:
  void Refill() {
    if (!has_[0] && backlog_next_ < backlog_.size()) {
      pending_[0] = backlog_[backlog_next_++];
      has_[0] = true;
    }
    if (!has_[1] && !exhausted_[1]) has_[1] = Pull(residents_, 1);
    if (!has_[2] && !exhausted_[2]) has_[2] = Pull(patrol_, 2);
    if (!has_[3] && !exhausted_[3]) has_[3] = Pull(sensors_, 3);
  }
  template <typename Source>
  bool Pull(std::optional<Source>& source, int i) {
    pending_[i] = Demand{};
    if (source && source->Next(&pending_[i])) return true;
    exhausted_[i] = true;
    return false;
  }

  std::array<Demand, 4> pending_{};  // backlog, residents, patrol, sensors
  std::array<bool, 4> has_{};
  std::array<bool, 4> exhausted_{};
};

DemandGenerator::DemandGenerator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DemandGenerator::~DemandGenerator() = default;

Result<std::unique_ptr<DemandGenerator>> DemandGenerator::Create(const City& city,
                                                                const kernel::Calendar& calendar,
                                                                const DemandSpec& spec,
                                                                Options options) {
  if (options.horizon <= 0) return Status::Error("demand generator: horizon must be > 0");
  if (options.replication >= RandomStream::kMaxReplications) {
    return Status::Error("demand generator: replication out of range");
  }
  for (const Burst& burst : spec.bursts) {
    for (UnitId c : burst.communities) {
      if (c >= city.size() || city.unit(c).kind != UnitKind::kCommunity) {
        return Status::Error("burst " + burst.name + ": names a unit that is not a community");
      }
    }
    for (int k : burst.categories) {
      if (k < 0 || static_cast<std::size_t>(k) >= city.categories().size()) {
        return Status::Error("burst " + burst.name + ": bad category index");
      }
    }
  }
  for (const SensorSpec& group : spec.sensors) {
    if (group.category < 0 || static_cast<std::size_t>(group.category) >= city.categories().size()) {
      return Status::Error("demand.sensors." + group.name + ": bad category index");
    }
    for (UnitId c : group.communities) {
      if (c >= city.size() || city.unit(c).kind != UnitKind::kCommunity) {
        return Status::Error("demand.sensors." + group.name + ": not a community");
      }
    }
  }
  Result<Attributes> attributes = Attributes::Create(spec);
  if (!attributes.ok()) return attributes.status();
  Result<CategoryTables> categories = CategoryTables::Create(city, spec);
  if (!categories.ok()) return categories.status();
  Result<std::vector<Demand>> backlog =
      DrawBacklog(city, spec, options, *categories, *attributes);
  if (!backlog.ok()) return backlog.status();

  auto impl = std::make_unique<Impl>(std::move(backlog).value(), std::move(attributes).value());
  Result<Places> places = Places::Create(city, CommunitiesOr(city, {}));
  if (!places.ok()) return places.status();
  impl->residents_.emplace(city, calendar, spec, options, std::move(places).value(),
                           std::move(categories).value(), impl->attributes_);
  Result<PatrolSource> patrol = PatrolSource::Create(city, calendar, spec, options,
                                                     impl->attributes_);
  if (!patrol.ok()) return patrol.status();
  impl->patrol_.emplace(std::move(patrol).value());
  Result<SensorSource> sensors = SensorSource::Create(city, spec, options, impl->attributes_);
  if (!sensors.ok()) return sensors.status();
  impl->sensors_.emplace(std::move(sensors).value());
  return std::unique_ptr<DemandGenerator>(new DemandGenerator(std::move(impl)));
}

Result<bool> DemandGenerator::Next(Demand* demand) {
  if (!impl_->Next(demand)) return false;
  demand->id = next_id_++;
  ++emitted_[static_cast<std::size_t>(demand->source)];
  return true;
}

std::string DemandGenerator::Summary() const {
  std::string out = std::to_string(next_id_) + " demands:";
  const char* separator = " ";
  for (int i = 0; i < kDemandSourceCount; ++i) {
    if (emitted_[static_cast<std::size_t>(i)] == 0) continue;
    out += separator + std::to_string(emitted_[static_cast<std::size_t>(i)]) + " " +
           std::string(DemandSourceName(static_cast<DemandSource>(i)));
    separator = ", ";
  }
  return out;
}

}  // namespace escalade::model
