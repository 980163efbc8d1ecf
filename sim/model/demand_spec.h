// DemandSpec: how a scenario's demands arrive — the yearly rate per resident,
// its hour / weekday / month profiles, the category and channel mixes, the
// sizes of a demand (people, money, urgency) and bursts (typhoons, epidemics,
// tourist surges). The scenario loader fills and validates it (see
// scenarios/FORMAT.md, `demand`); the arrival generator reads it.
//
// Invariants after loading: every profile is normalised to mean 1, so that
// per_capita_per_year is the yearly rate whatever the profile's shape; `mix`
// has one entry per category and sums to 1; `channels` sums to 1.
//
// Thread safety: a plain value, immutable once loaded; share it read-only.
#ifndef ESCALADE_SIM_MODEL_DEMAND_SPEC_H_
#define ESCALADE_SIM_MODEL_DEMAND_SPEC_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/kernel/distributions.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"

namespace escalade::model {

// How a demand reaches the system.
enum class Channel : std::uint8_t {
  kHotline,     // 12345 / 311 call
  kApp,         // app or mini-program
  kWalkIn,      // at the community service centre
  kGridPatrol,  // discovered by a grid worker
  kSensor,      // raised automatically (smoke detectors, ...)
};
inline constexpr int kChannelCount = 5;

// Stable names used in scenario files and outputs: "hotline", "app", "walk_in",
// "grid_patrol", "sensor".
inline std::string_view ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kHotline:
      return "hotline";
    case Channel::kApp:
      return "app";
    case Channel::kWalkIn:
      return "walk_in";
    case Channel::kGridPatrol:
      return "grid_patrol";
    case Channel::kSensor:
      return "sensor";
  }
  return "unknown";
}

inline std::optional<Channel> ParseChannel(std::string_view name) {
  for (int i = 0; i < kChannelCount; ++i) {
    const auto channel = static_cast<Channel>(i);
    if (ChannelName(channel) == name) return channel;
  }
  return std::nullopt;
}

// A temporary surge: the arrival rate of the listed communities and categories
// is multiplied by `multiplier` during [start, start + duration).
struct Burst {
  std::string name;
  kernel::SimTime start = 0;     // ms after the scenario start (local midnight of calendar.start)
  kernel::SimTime duration = 0;  // ms, > 0
  double multiplier = 1;         // > 0
  std::vector<UnitId> communities;  // community unit ids; empty = all communities
  std::vector<int> categories;      // category indices; empty = all categories
  SourceMark mark;                  // where the burst is declared
};

namespace internal {
template <std::size_t kN>
constexpr std::array<double, kN> Flat() {
  std::array<double, kN> a{};
  for (double& x : a) x = 1;
  return a;
}
}  // namespace internal

// Grid workers' own discoveries (channel grid_patrol, source patrol): a Poisson
// process per grid in patrol time — the office calendar's working time, or all
// the time — with a category mix of its own. Bursts do not apply.
struct PatrolSpec {
  double per_grid_per_hour = 0;  // discoveries per grid per patrol hour, >= 0; 0 = off
  StaffHours hours = StaffHours::kOffice;  // when grid workers patrol
  std::vector<double> mix;  // category probabilities by index; sums to 1 when the rate is > 0
};

// A group of sensors (smoke detectors, water-level gauges) raising alarms as a
// Poisson process in calendar time (channel sensor, source sensor).
struct SensorSpec {
  std::string name;
  std::int64_t count = 0;           // sensors in the group, >= 1
  double per_sensor_per_year = 0;   // alarms per sensor per year (365 days), > 0
  int category = 0;                 // what an alarm is, as a category index
  std::vector<UnitId> communities;  // where installed, spread by population; empty = all
  SourceMark mark;
};

// Demands already open at time 0 (created before the start).
struct BacklogSpec {
  std::int64_t per_community = 0;  // open demands in every community, >= 0
  // Overrides by community: (community unit id, count).
  std::vector<std::pair<UnitId, std::int64_t>> communities;
  // How long each has been open at time 0, hours; default 0.
  kernel::Distribution age_hours;
};

struct DemandSpec {
  // Demands per resident per year, all channels and categories together (>= 0).
  double per_capita_per_year = 0;
  // Relative arrival-rate profiles, each normalised to mean 1; default flat.
  std::array<double, 24> hour_of_day = internal::Flat<24>();  // local time, 0 = 00:00-01:00
  std::array<double, 7> day_of_week = internal::Flat<7>();    // Monday first
  std::array<double, 12> month = internal::Flat<12>();        // January first
  // Rate multiplier on calendar holidays (>= 0); default 1.
  double holiday_factor = 1;
  // Growth: the rate at t years after the start is rate × (1 + trend)^t; > -1; default 0.
  double trend_per_year = 0;
  // Probability of each category, by category index (City::categories()); sums to 1.
  // A community's Unit::mix, when not empty, replaces it for that community.
  std::vector<double> mix;
  // Probability of each channel, by Channel; sums to 1; default all hotline.
  std::array<double, kChannelCount> channels = {1, 0, 0, 0, 0};
  // People involved (a count); default 1.
  kernel::Distribution people = *kernel::Distribution::Deterministic(1);
  kernel::Distribution money;  // money involved, yuan; default 0
  double urgent = 0;           // probability a demand is flagged urgent
  std::vector<Burst> bursts;   // in file order
  PatrolSpec patrol;
  std::vector<SensorSpec> sensors;  // in file order
  BacklogSpec backlog;
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_DEMAND_SPEC_H_
