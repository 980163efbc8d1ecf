// The scenario format's `demand` sections: the resident rate and its profiles, mixes,
// channels, demand sizes, bursts, grid patrol, sensors, the initial backlog, or a replayed
// trace. Contract in format.h; the prose is scenarios/FORMAT.md "demand".
#include <string_view>
#include <vector>

#include "sim/model/demand_spec.h"
#include "sim/scenario/format.h"

namespace escalade::scenario::format {
namespace {

Type Profile(std::size_t count, std::string_view text) {
  return Named(List(Number(0), count, count), text);
}

Type CategoryMix() { return Named(MapOf(Ref("probability"), 1), "category → probability"); }

}  // namespace

void AddDemandSections(std::vector<Section>* sections) {
  sections->push_back(
      {.id = "demand",
       .where = "demand",
       .doc = "how demands arrive: synthetic (per_capita_per_year and mix, with optional "
              "patrol, sensors, backlog) or replayed from a trace (trace, with optional people, "
              "money, urgent)",
       .keys =
           {
               {.name = "per_capita_per_year",
                .type = Number(0, kMaxRate),
                .default_text = "required (without `trace`)",
                .unit = "per resident per year",
                .doc = "demands per resident per year, all channels (a year is 365 days)"},
               {.name = "hour_of_day",
                .type = Profile(24, "24 numbers ≥ 0"),
                .default_text = "flat",
                .doc = "relative profile by local hour; each profile is normalised to mean 1, so "
                       "the yearly rate is kept"},
               {.name = "day_of_week",
                .type = Profile(7, "7 numbers ≥ 0"),
                .default_text = "flat",
                .doc = "relative, Monday first"},
               {.name = "month",
                .type = Profile(12, "12 numbers ≥ 0"),
                .default_text = "flat",
                .doc = "seasonal, January first"},
               {.name = "holiday_factor",
                .type = Number(0, kMaxFactor),
                .default_json = "1",
                .doc = "rate multiplier on holidays"},
               {.name = "trend_per_year",
                .type = NumberAbove(-1, kMaxFactor),
                .default_json = "0",
                .doc = "growth: rate × (1 + trend)^years"},
               {.name = "mix",
                .type = CategoryMix(),
                .default_text = "required (without `trace`)",
                .doc = "category mix; sums to 1; a community may override"},
               {.name = "channels",
                .type = Named(Of("channels"), "channel → probability"),
                .default_json = R"({"hotline": 1})",
                .doc = "intake channel shares: `hotline`, `app`, `walk_in`, `grid_patrol`, "
                       "`sensor`; sum to 1"},
               {.name = "people",
                .type = Ref("plain_distribution"),
                .default_json = "1",
                .unit = "people",
                .doc = "people involved per demand"},
               {.name = "money",
                .type = Named(Ref("plain_distribution"), "money distribution"),
                .default_json = "0",
                .unit = "yuan",
                .doc = "money involved per demand"},
               {.name = "urgent",
                .type = Ref("probability"),
                .default_json = "0",
                .doc = "share of demands flagged urgent"},
               {.name = "bursts",
                .type = Named(List(Of("burst")), "list"),
                .default_json = "[]",
                .doc = "time-limited rate multipliers (typhoons, epidemics, holidays), below"},
               {.name = "patrol",
                .type = Named(Of("patrol"), "mapping"),
                .default_text = "none",
                .doc = "grid workers' own discoveries, below"},
               {.name = "sensors",
                .type = Named(List(Of("sensor")), "list"),
                .default_json = "[]",
                .doc = "sensor alarms, below"},
               {.name = "backlog",
                .type = Named(Of("backlog"), "mapping"),
                .default_text = "none",
                .doc = "demands already open at time 0, below"},
               {.name = "trace",
                .type = Named(String("", 1), "path"),
                .default_text = "none",
                .doc =
                    "replay a real trace instead: its mapping file (TRACES.md), relative to this "
                    "file; then only `people`, `money` and `urgent` may accompany it"},
           },
       .definition = true,
       .forms = {{.required = {"per_capita_per_year", "mix"}, .excluded = {"trace"}},
                 {.required = {"trace"}, .only = {"trace", "people", "money", "urgent"}}}});
  Section channels{.id = "channels",
                   .where = "demand.channels",
                   .doc = "intake channel shares, summing to 1",
                   .min_keys = 1};
  for (int i = 0; i < model::kChannelCount; ++i) {
    channels.keys.push_back({.name = model::ChannelName(static_cast<model::Channel>(i)),
                             .type = Ref("probability"),
                             .doc = "the share of demands arriving by this channel"});
  }
  sections->push_back(std::move(channels));
  sections->push_back(
      {.id = "burst",
       .where = "demand.bursts[]",
       .doc = "a time-limited change of the arrival rate",
       .keys =
           {
               {.name = "name", .type = Ref("name"), .required = true, .doc = "name of the burst"},
               {.name = "start",
                .type = Ref("date_time"),
                .required = true,
                .doc = "local start: at or after `calendar.start`, before the end of the horizon"},
               {.name = "duration",
                .type = Ref("calendar_duration"),
                .required = true,
                .doc = "how long the burst lasts (> 0)"},
               {.name = "multiplier",
                .type = NumberAbove(0, kMaxRate),
                .required = true,
                .doc = "rate multiplier"},
               {.name = "communities",
                .type = Named(UniqueList(Ref("name")), "list of communities"),
                .default_text = "all",
                .doc = "communities affected (communities only)"},
               {.name = "categories",
                .type = Named(UniqueList(Ref("name")), "list of categories"),
                .default_text = "all",
                .doc = "categories affected"},
           },
       .definition = true});
  sections->push_back(
      {.id = "patrol",
       .where = "demand.patrol",
       .doc = "grid workers' own discoveries (channel grid_patrol): a Poisson process per grid "
              "in patrol time",
       .keys = {
           {.name = "per_grid_per_hour",
            .type = Number(0, kMaxPatrolRate),
            .required = true,
            .unit = "per grid per patrol hour",
            .doc = "discoveries per grid per patrol hour"},
           {.name = "hours",
            .type = Ref("hours"),
            .default_json = "\"office\"",
            .doc = "office: patrols in the calendar's working hours; always: round the clock"},
           {.name = "mix",
            .type = CategoryMix(),
            .required = true,
            .doc = "category mix of what grid workers find; sums to 1"},
       }});
  sections->push_back(
      {.id = "sensor",
       .where = "demand.sensors[]",
       .doc = "a group of sensors raising alarms (channel sensor)",
       .keys = {
           {.name = "name", .type = Ref("name"), .required = true, .doc = "name of the group"},
           {.name = "count",
            .type = Integer(1, kMaxSensors),
            .required = true,
            .doc = "sensors in the group"},
           {.name = "per_sensor_per_year",
            .type = NumberAbove(0, kMaxRate),
            .required = true,
            .unit = "per sensor per year",
            .doc = "alarms per sensor per year (365 days)"},
           {.name = "category",
            .type = Named(Ref("name"), "category"),
            .required = true,
            .doc = "what an alarm is"},
           {.name = "communities",
            .type = Named(UniqueList(Ref("name")), "list of communities"),
            .default_text = "all",
            .doc = "where the sensors are, spread by population"},
       }});
  sections->push_back({.id = "backlog",
                       .where = "demand.backlog",
                       .doc = "demands already open at time 0 (created before the start)",
                       .keys = {
                           {.name = "per_community",
                            .type = Integer(0, kMaxBacklog),
                            .default_json = "0",
                            .doc = "open demands in every community"},
                           {.name = "communities",
                            .type = Named(MapOf(Integer(0, kMaxBacklog)), "community → count"),
                            .default_text = "none",
                            .doc = "per-community counts, replacing `per_community`"},
                           {.name = "age",
                            .type = Ref("time_distribution"),
                            .default_json = "0",
                            .doc = "how long each has been open at time 0"},
                       }});
}

}  // namespace escalade::scenario::format
