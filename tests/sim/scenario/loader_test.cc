// The scenario loader against inline scenarios: a complete file round-trips
// into the Scenario (values, defaults, conversions, derived units); each class
// of mistake gives a diagnostic at the right line:col and key path; all the
// mistakes of a file are reported; the generator is deterministic and of the
// requested shape; a megacity-size city loads.
#include "sim/scenario/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/yaml_reader.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand_spec.h"

namespace escalade::scenario {
namespace {

using io::Diagnostic;
using io::ParseYamlFile;

using model::UnitKind;
using ::testing::HasSubstr;

// A small scenario that uses every section and most keys.
constexpr std::string_view kComplete = R"yaml(version: 1
meta:
  name: tiny
  title: A tiny city
  description: Every section, most keys.
  sources: [DOMAIN.md, "[assumed]"]
calendar:
  start: 2024-03-01
  utc_offset: "-05:30"
  working_hours:
    weekdays: ["09:00-12:00", "13:30-18:00"]
    saturday: ["09:00-12:00"]
    friday: ["08:00-12:00"]
  holidays: [2024-04-04]
  makeup_workdays: [2024-04-07]
departments:
  urban_management:
    label: 城管 Urban management
    staff: 3
    hours: always
    enforcement: true
    travel: 20m
  housing:
    staff: 2
city:
  defaults:
    grid: {staff: 2, hours: office, travel: 7m}
    street: {travel: 30m}
    district: {staff: 12}
  hotline: {staff: 5}
  districts:
    - name: guangming
      label: 光明区
      streets:
        - name: fenghuang
          staff: 9
          hours: always
          travel: 25m
          enforcement_team: {staff: 6, departments: [urban_management]}
          mediation: {staff: 2}
          communities:
            - name: tangwei
              population: 25001
              staff: 5
              hours: always
              travel: 12m
              grids: 3
              mix: {noise: 0.25, wage_arrears: 0.75}
              volunteers: {staff: 5, hours: always}
            - name: dongzhou
              population: 1000
        - name: matian
          communities:
            - name: xinzhuang
              population: 500
              grids: 2
              mediation: {staff: 1}
categories:
  noise:
    lead: urban_management
    lowest_level: grid
    enforcement: true
    resolve:
      grid: {p: 0.5, work: 30m}
      department: {p: 0.9, work: {dist: exponential, mean: 2h}}
    mediation: {p: 0.3, work: 1h}
  wage_arrears:
    label: Wage arrears
    lead: housing
    assist: [urban_management]
    lowest_level: street
    resolve:
      street: {p: 0.2, work: 4h}
      department: {p: 1, work: 1d}
    volunteers: {p: 0.1, work: 10m}
demand:
  per_capita_per_year: 0.5
  hour_of_day: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  day_of_week: [1, 1, 1, 1, 1, 2, 3]
  holiday_factor: 0.5
  trend_per_year: 0.1
  mix: {noise: 0.6, wage_arrears: 0.4}
  channels: {hotline: 0.5, app: 0.3, grid_patrol: 0.2}
  people: {dist: uniform, low: 1, high: 3}
  money: 100
  urgent: 0.05
  bursts:
    - name: typhoon
      start: 2024-09-14T08:00
      duration: 3d
      multiplier: 3
      communities: [xinzhuang, tangwei]
      categories: [noise]
    - name: fair
      start: 2024-03-02
      duration: 12h
      multiplier: 1.5
policies:
  - preset: layered_reporting
  - preset: street_whistle
    name: whistle_fast
    set:
      report_deadline: 30m
      queue: tier_priority
      misclassification: 0.05
experiment:
  replications: 20
  horizon: 300d
  warmup: 10d
  seed: 42
  baseline: whistle_fast
)yaml";

// Only what is required; everything else from the defaults.
constexpr std::string_view kMinimal = R"yaml(version: 1
meta: {name: minimal}
departments:
  water: {staff: 1}
city:
  districts:
    - name: d
      streets:
        - name: s
          communities:
            - name: c
              population: 100
categories:
  leak:
    lead: water
    lowest_level: department
    resolve:
      department: {p: 1, work: 2h}
demand:
  per_capita_per_year: 1
  mix: {leak: 1}
policies:
  - preset: hotline_direct
)yaml";

struct Loaded {
  bool ok = false;
  std::string status;
  std::optional<Scenario> scenario;
  std::vector<Diagnostic> diags;
  std::string report;
};

Loaded Load(std::string_view yaml) {
  Diagnostics diags("t.yaml");
  kernel::Result<Scenario> result = LoadScenarioFromString(yaml, "t.yaml", diags);
  Loaded out;
  out.ok = result.ok();
  if (result.ok()) {
    out.scenario.emplace(std::move(result).value());
  } else {
    out.status = result.status().message();
  }
  out.diags = diags.items();
  out.report = diags.ToString(1000);
  return out;
}

// `text` with `from` (which must occur exactly once) replaced by `to`.
std::string Edit(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the text: " << from;
  if (at == std::string::npos) return s;
  EXPECT_EQ(s.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
  s.replace(at, from.size(), to);
  return s;
}

struct Place {
  int line = 0;
  int column = 0;
};

// 1-based line:col of `anchor` in `text`; a '|' in the anchor marks the column
// inside it (it is not part of the text). The anchor must occur exactly once.
Place Where(std::string_view text, std::string_view anchor) {
  std::string needle(anchor);
  std::size_t shift = 0;
  if (const std::size_t bar = needle.find('|'); bar != std::string::npos) {
    shift = bar;
    needle.erase(bar, 1);
  }
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << "anchor not found: " << needle;
  if (at == std::string::npos) return {};
  EXPECT_EQ(text.find(needle, at + 1), std::string::npos) << "anchor ambiguous: " << needle;
  const std::size_t pos = at + shift;
  Place p;
  p.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
  const std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  p.column = static_cast<int>(
                 pos - (line_start == std::string_view::npos || pos == 0 ? 0 : line_start + 1)) +
             1;
  return p;
}

// Expects a diagnostic at `place` with exactly `path` whose message contains `message`.
void ExpectDiag(const Loaded& loaded, Place place, const std::string& path,
                const std::string& message) {
  EXPECT_FALSE(loaded.ok);
  bool found = false;
  for (const Diagnostic& d : loaded.diags) {
    if (d.line == place.line && d.column == place.column && d.path == path &&
        d.message.find(message) != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << "expected " << place.line << ":" << place.column << ": " << path << ": "
                     << message << "\nactual:\n"
                     << loaded.report;
}

// Loads `yaml`, which must fail with a diagnostic at `anchor`.
void ExpectError(const std::string& yaml, std::string_view anchor, const std::string& path,
                 const std::string& message) {
  SCOPED_TRACE(path + ": " + message);
  const Loaded loaded = Load(yaml);
  ExpectDiag(loaded, Where(yaml, anchor), path, message);
}

const model::Unit& UnitNamed(const model::City& city, std::string_view name) {
  const std::optional<model::UnitId> id = city.Find(name);
  EXPECT_TRUE(id.has_value()) << "no unit " << name;
  static const model::Unit kNone;
  return id ? city.unit(*id) : kNone;
}

// --- a complete scenario round-trips --------------------------------------------------

TEST(LoaderTest, CompleteScenarioLoads) {
  const Loaded loaded = Load(kComplete);
  ASSERT_TRUE(loaded.ok) << loaded.status << "\n" << loaded.report;
  EXPECT_TRUE(loaded.diags.empty());
  const Scenario& s = *loaded.scenario;
  EXPECT_EQ(s.path, "t.yaml");
  EXPECT_EQ(s.meta.name, "tiny");
  EXPECT_EQ(s.meta.title, "A tiny city");
  EXPECT_EQ(s.meta.description, "Every section, most keys.");
  EXPECT_THAT(s.meta.sources, ::testing::ElementsAre("DOMAIN.md", "[assumed]"));
  EXPECT_EQ(s.utc_offset_minutes, -330);
}

TEST(LoaderTest, CalendarIsBuiltFromItsSection) {
  const Loaded loaded = Load(kComplete);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const kernel::Calendar& cal = loaded.scenario->calendar;
  EXPECT_EQ(cal.start_date(), (kernel::CivilDate{2024, 3, 1}));
  auto at = [](int day, int hour, int minute) {
    return day * kernel::kDay + hour * kernel::kHour + minute * kernel::kMinute;
  };
  // 2024-03-01 is a Friday: its own hours (08:00-12:00) win over `weekdays`.
  EXPECT_TRUE(cal.IsWorking(at(0, 8, 30)));
  EXPECT_FALSE(cal.IsWorking(at(0, 14, 0)));
  EXPECT_TRUE(cal.IsWorking(at(1, 10, 0)));    // Saturday morning
  EXPECT_FALSE(cal.IsWorking(at(1, 14, 0)));   // Saturday afternoon
  EXPECT_FALSE(cal.IsWorking(at(2, 10, 0)));   // Sunday: not mentioned, closed
  EXPECT_TRUE(cal.IsWorking(at(3, 14, 0)));    // Monday afternoon (weekdays)
  EXPECT_FALSE(cal.IsWorking(at(34, 10, 0)));  // 2024-04-04, a holiday (Thursday)
  EXPECT_TRUE(cal.IsWorking(at(37, 10, 0)));   // 2024-04-07, a make-up Sunday
}

TEST(LoaderTest, DepartmentsAndCategoriesRoundTrip) {
  const Loaded loaded = Load(kComplete);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const model::City& city = loaded.scenario->city;
  ASSERT_EQ(city.departments().size(), 2u);
  const model::DepartmentType& um = city.departments()[0];
  EXPECT_EQ(um.name, "urban_management");
  EXPECT_EQ(um.label, "城管 Urban management");
  EXPECT_EQ(um.staff, 3);
  EXPECT_EQ(um.hours, model::StaffHours::kAlways);
  EXPECT_TRUE(um.enforcement);
  EXPECT_EQ(um.travel, 20 * kernel::kMinute);
  const model::DepartmentType& housing = city.departments()[1];
  EXPECT_EQ(housing.label, "housing");  // defaults
  EXPECT_EQ(housing.hours, model::StaffHours::kOffice);
  EXPECT_FALSE(housing.enforcement);
  EXPECT_EQ(housing.travel, 15 * kernel::kMinute);
  EXPECT_EQ(um.mark.line, Where(kComplete, "urban_management:").line);

  ASSERT_EQ(city.categories().size(), 2u);
  const model::Category& noise = city.categories()[0];
  EXPECT_EQ(noise.name, "noise");
  EXPECT_EQ(noise.label, "noise");
  EXPECT_EQ(noise.lead, 0);
  EXPECT_TRUE(noise.assists.empty());
  EXPECT_EQ(noise.lowest_level, model::Level::kGrid);
  EXPECT_TRUE(noise.enforcement);
  ASSERT_TRUE(noise.resolve[0].has_value());
  EXPECT_DOUBLE_EQ(noise.resolve[0]->p, 0.5);
  EXPECT_DOUBLE_EQ(noise.resolve[0]->work_hours.Mean(), 0.5);  // 30m in hours
  EXPECT_FALSE(noise.resolve[1].has_value());
  ASSERT_TRUE(noise.resolve[4].has_value());
  EXPECT_DOUBLE_EQ(noise.resolve[4]->work_hours.Mean(), 2.0);
  ASSERT_TRUE(noise.mediation.has_value());
  EXPECT_DOUBLE_EQ(noise.mediation->p, 0.3);
  EXPECT_FALSE(noise.volunteers.has_value());
  const model::Category& wage = city.categories()[1];
  EXPECT_EQ(wage.label, "Wage arrears");
  EXPECT_EQ(wage.lead, 1);
  EXPECT_THAT(wage.assists, ::testing::ElementsAre(0));
  EXPECT_EQ(wage.lowest_level, model::Level::kStreet);
  EXPECT_DOUBLE_EQ(wage.resolve[4]->work_hours.Mean(), 24.0);
  ASSERT_TRUE(wage.volunteers.has_value());
}

TEST(LoaderTest, CityTreeWithDerivedUnits) {
  const Loaded loaded = Load(kComplete);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const model::City& city = loaded.scenario->city;
  EXPECT_EQ(city.OfKind(UnitKind::kDistrict).size(), 1u);
  EXPECT_EQ(city.OfKind(UnitKind::kStreet).size(), 2u);
  EXPECT_EQ(city.OfKind(UnitKind::kCommunity).size(), 3u);
  EXPECT_EQ(city.OfKind(UnitKind::kGrid).size(), 5u);
  EXPECT_EQ(city.OfKind(UnitKind::kDepartment).size(), 2u);
  EXPECT_EQ(city.OfKind(UnitKind::kHotline).size(), 1u);
  EXPECT_EQ(city.OfKind(UnitKind::kEnforcementTeam).size(), 1u);
  EXPECT_EQ(city.OfKind(UnitKind::kMediation).size(), 2u);
  EXPECT_EQ(city.OfKind(UnitKind::kVolunteers).size(), 1u);
  EXPECT_EQ(city.population(), 25001 + 1000 + 500);

  const model::Unit& district = UnitNamed(city, "guangming");
  EXPECT_EQ(district.label, "光明区");
  EXPECT_EQ(district.staff, 12);                          // defaults.district
  EXPECT_EQ(district.hours, model::StaffHours::kAlways);  // built-in default
  EXPECT_EQ(district.mark.line, Where(kComplete, "- name: guangming").line);

  const model::Unit& fenghuang = UnitNamed(city, "fenghuang");
  EXPECT_EQ(fenghuang.staff, 9);
  EXPECT_EQ(fenghuang.hours, model::StaffHours::kAlways);
  EXPECT_EQ(fenghuang.travel_to_parent, 25 * kernel::kMinute);
  const model::Unit& matian = UnitNamed(city, "matian");
  EXPECT_EQ(matian.staff, 8);                                // built-in
  EXPECT_EQ(matian.travel_to_parent, 30 * kernel::kMinute);  // defaults.street

  const model::Unit& tangwei = UnitNamed(city, "tangwei");
  EXPECT_EQ(tangwei.population, 25001);
  EXPECT_EQ(tangwei.staff, 5);
  EXPECT_EQ(tangwei.travel_to_parent, 12 * kernel::kMinute);
  EXPECT_THAT(tangwei.mix, ::testing::ElementsAre(0.25, 0.75));
  const model::Unit& dongzhou = UnitNamed(city, "dongzhou");
  EXPECT_EQ(dongzhou.staff, 4);
  EXPECT_EQ(dongzhou.hours, model::StaffHours::kOffice);
  EXPECT_EQ(dongzhou.travel_to_parent, 10 * kernel::kMinute);
  EXPECT_TRUE(dongzhou.mix.empty());

  // Grids: population split evenly, the remainder to the first ones.
  const model::Unit& g1 = UnitNamed(city, "tangwei.g1");
  EXPECT_EQ(g1.kind, UnitKind::kGrid);
  EXPECT_EQ(g1.population, 8334);
  EXPECT_EQ(UnitNamed(city, "tangwei.g2").population, 8334);
  EXPECT_EQ(UnitNamed(city, "tangwei.g3").population, 8333);
  EXPECT_EQ(g1.staff, 2);
  EXPECT_EQ(g1.hours, model::StaffHours::kOffice);
  EXPECT_EQ(g1.travel_to_parent, 7 * kernel::kMinute);
  EXPECT_EQ(city.unit(g1.parent).name, "tangwei");
  EXPECT_EQ(UnitNamed(city, "xinzhuang.g2").population, 250);
  EXPECT_FALSE(city.Find("dongzhou.g1").has_value());

  const model::Unit& dept = UnitNamed(city, "guangming.urban_management");
  EXPECT_EQ(dept.kind, UnitKind::kDepartment);
  EXPECT_EQ(dept.department, 0);
  EXPECT_EQ(dept.staff, 3);
  EXPECT_EQ(dept.hours, model::StaffHours::kAlways);
  EXPECT_EQ(dept.travel_to_parent, 20 * kernel::kMinute);
  EXPECT_EQ(city.unit(dept.parent).name, "guangming");
  EXPECT_EQ(UnitNamed(city, "guangming.housing").department, 1);

  const model::Unit& team = UnitNamed(city, "fenghuang.enforcement");
  EXPECT_EQ(team.kind, UnitKind::kEnforcementTeam);
  EXPECT_EQ(team.staff, 6);
  EXPECT_THAT(team.pooled_departments, ::testing::ElementsAre(0));
  EXPECT_EQ(city.unit(team.parent).name, "fenghuang");
  EXPECT_EQ(UnitNamed(city, "fenghuang.mediation").kind, UnitKind::kMediation);
  EXPECT_EQ(UnitNamed(city, "xinzhuang.mediation").staff, 1);
  const model::Unit& volunteers = UnitNamed(city, "tangwei.volunteers");
  EXPECT_EQ(volunteers.kind, UnitKind::kVolunteers);
  EXPECT_EQ(volunteers.hours, model::StaffHours::kAlways);
  const model::Unit& hotline = UnitNamed(city, "hotline");
  EXPECT_EQ(hotline.kind, UnitKind::kHotline);
  EXPECT_EQ(hotline.staff, 5);
  EXPECT_EQ(hotline.hours, model::StaffHours::kAlways);
}

TEST(LoaderTest, DemandRoundTripsWithProfilesNormalised) {
  const Loaded loaded = Load(kComplete);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const model::DemandSpec& d = loaded.scenario->demand;
  EXPECT_DOUBLE_EQ(d.per_capita_per_year, 0.5);
  EXPECT_DOUBLE_EQ(d.hour_of_day[0], 0.0);
  EXPECT_DOUBLE_EQ(d.hour_of_day[12], 2.0);
  EXPECT_DOUBLE_EQ(d.day_of_week[0], 0.7);
  EXPECT_DOUBLE_EQ(d.day_of_week[6], 2.1);
  for (double m : d.month) EXPECT_DOUBLE_EQ(m, 1.0);  // default flat
  EXPECT_DOUBLE_EQ(d.holiday_factor, 0.5);
  EXPECT_DOUBLE_EQ(d.trend_per_year, 0.1);
  EXPECT_THAT(d.mix, ::testing::ElementsAre(0.6, 0.4));
  EXPECT_DOUBLE_EQ(d.channels[static_cast<int>(model::Channel::kHotline)], 0.5);
  EXPECT_DOUBLE_EQ(d.channels[static_cast<int>(model::Channel::kApp)], 0.3);
  EXPECT_DOUBLE_EQ(d.channels[static_cast<int>(model::Channel::kWalkIn)], 0.0);
  EXPECT_DOUBLE_EQ(d.channels[static_cast<int>(model::Channel::kGridPatrol)], 0.2);
  EXPECT_DOUBLE_EQ(d.people.Mean(), 2.0);
  EXPECT_DOUBLE_EQ(d.money.Mean(), 100.0);
  EXPECT_DOUBLE_EQ(d.urgent, 0.05);

  ASSERT_EQ(d.bursts.size(), 2u);
  const model::Burst& typhoon = d.bursts[0];
  EXPECT_EQ(typhoon.name, "typhoon");
  // 2024-03-01 to 2024-09-14 is 197 days.
  EXPECT_EQ(typhoon.start, 197 * kernel::kDay + 8 * kernel::kHour);
  EXPECT_EQ(typhoon.duration, 3 * kernel::kDay);
  EXPECT_DOUBLE_EQ(typhoon.multiplier, 3.0);
  const model::City& city = loaded.scenario->city;
  ASSERT_EQ(typhoon.communities.size(), 2u);
  EXPECT_EQ(city.unit(typhoon.communities[0]).name, "xinzhuang");
  EXPECT_EQ(city.unit(typhoon.communities[1]).name, "tangwei");
  EXPECT_THAT(typhoon.categories, ::testing::ElementsAre(0));
  EXPECT_EQ(typhoon.mark.line, Where(kComplete, "- name: typhoon").line);
  const model::Burst& fair = d.bursts[1];
  EXPECT_EQ(fair.start, 1 * kernel::kDay);
  EXPECT_EQ(fair.duration, 12 * kernel::kHour);
  EXPECT_TRUE(fair.communities.empty());
  EXPECT_TRUE(fair.categories.empty());
}

TEST(LoaderTest, PoliciesAndExperimentRoundTrip) {
  const Loaded loaded = Load(kComplete);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const Scenario& s = *loaded.scenario;
  ASSERT_EQ(s.policies.size(), 2u);
  EXPECT_EQ(s.policies[0].name, "layered_reporting");  // default: the preset
  EXPECT_EQ(s.policies[0].preset, "layered_reporting");
  EXPECT_TRUE(s.policies[0].overrides.empty());
  EXPECT_EQ(s.policies[1].name, "whistle_fast");
  EXPECT_EQ(s.policies[1].preset, "street_whistle");
  ASSERT_EQ(s.policies[1].overrides.size(), 3u);
  EXPECT_EQ(s.policies[1].overrides[0].key, "report_deadline");
  EXPECT_EQ(s.policies[1].overrides[0].value, "30m");
  EXPECT_EQ(s.policies[1].overrides[0].mark.line, Where(kComplete, "report_deadline").line);
  EXPECT_EQ(s.policies[1].overrides[1].value, "tier_priority");
  EXPECT_EQ(s.policies[1].overrides[2].value, "0.05");
  EXPECT_EQ(s.experiment.replications, 20);
  EXPECT_EQ(s.experiment.horizon, 300 * kernel::kDay);
  EXPECT_EQ(s.experiment.warmup, 10 * kernel::kDay);
  EXPECT_EQ(s.experiment.seed, 42u);
  EXPECT_EQ(s.experiment.baseline, "whistle_fast");
}

TEST(LoaderTest, DefaultsAreFilled) {
  const Loaded loaded = Load(kMinimal);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const Scenario& s = *loaded.scenario;
  EXPECT_EQ(s.meta.title, "");
  EXPECT_TRUE(s.meta.sources.empty());
  EXPECT_EQ(s.calendar.start_date(), (kernel::CivilDate{2024, 1, 1}));
  EXPECT_EQ(s.utc_offset_minutes, 480);
  EXPECT_TRUE(s.calendar.IsWorking(9 * kernel::kHour + 30 * kernel::kMinute));    // Monday
  EXPECT_FALSE(s.calendar.IsWorking(12 * kernel::kHour + 30 * kernel::kMinute));  // lunch
  EXPECT_FALSE(s.calendar.IsWorking(5 * kernel::kDay + 10 * kernel::kHour));      // Saturday
  const model::Unit& district = UnitNamed(s.city, "d");
  EXPECT_EQ(district.staff, 10);
  EXPECT_EQ(district.hours, model::StaffHours::kAlways);
  const model::Unit& street = UnitNamed(s.city, "s");
  EXPECT_EQ(street.staff, 8);
  EXPECT_EQ(street.hours, model::StaffHours::kOffice);
  EXPECT_EQ(street.travel_to_parent, 20 * kernel::kMinute);
  const model::Unit& community = UnitNamed(s.city, "c");
  EXPECT_EQ(community.staff, 4);
  EXPECT_EQ(community.travel_to_parent, 10 * kernel::kMinute);
  EXPECT_TRUE(s.city.OfKind(UnitKind::kGrid).empty());  // grids default to 0
  EXPECT_FALSE(s.city.Find("hotline").has_value());
  const model::DemandSpec& d = s.demand;
  for (double h : d.hour_of_day) EXPECT_DOUBLE_EQ(h, 1.0);
  for (double w : d.day_of_week) EXPECT_DOUBLE_EQ(w, 1.0);
  EXPECT_DOUBLE_EQ(d.holiday_factor, 1.0);
  EXPECT_DOUBLE_EQ(d.trend_per_year, 0.0);
  EXPECT_DOUBLE_EQ(d.channels[0], 1.0);
  EXPECT_DOUBLE_EQ(d.people.Mean(), 1.0);
  EXPECT_DOUBLE_EQ(d.money.Mean(), 0.0);
  EXPECT_DOUBLE_EQ(d.urgent, 0.0);
  EXPECT_TRUE(d.bursts.empty());
  EXPECT_EQ(s.experiment.replications, 10);
  EXPECT_EQ(s.experiment.horizon, 365 * kernel::kDay);
  EXPECT_EQ(s.experiment.warmup, 0);
  EXPECT_EQ(s.experiment.seed, 1u);
  EXPECT_EQ(s.experiment.baseline, "hotline_direct");  // the first policy
}

TEST(LoaderTest, SizeSummary) {
  const Loaded loaded = Load(kComplete);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  EXPECT_EQ(SizeSummary(*loaded.scenario),
            "tiny: 1 district, 2 streets, 3 communities, 5 grids, 2 department units (2 types), "
            "2 categories, 26,501 residents, ~13,251 demands/year, 2 policies");
  const Loaded minimal = Load(kMinimal);
  ASSERT_TRUE(minimal.ok) << minimal.report;
  EXPECT_EQ(SizeSummary(*minimal.scenario),
            "minimal: 1 district, 1 street, 1 community, 0 grids, 1 department unit (1 type), "
            "1 category, 100 residents, ~100 demands/year, 1 policy");
}

TEST(LoaderTest, ProbabilitiesWithinToleranceAreNormalised) {
  const std::string yaml = Edit(kComplete, "mix: {noise: 0.6, wage_arrears: 0.4}",
                                "mix: {noise: 0.6000004, wage_arrears: 0.4}");
  const Loaded loaded = Load(yaml);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  EXPECT_DOUBLE_EQ(loaded.scenario->demand.mix[0] + loaded.scenario->demand.mix[1], 1.0);
}

// --- generator --------------------------------------------------------------------------

std::string Generated(std::string_view generate) {
  std::string yaml(kMinimal);
  const std::string tree =
      "  districts:\n    - name: d\n      streets:\n        - name: s\n          communities:\n"
      "            - name: c\n              population: 100\n";
  return Edit(yaml, tree, "  generate: " + std::string(generate) + "\n");
}

TEST(LoaderTest, GeneratorMakesTheRequestedShape) {
  const Loaded loaded = Load(
      Generated("{districts: 3, streets_per_district: [2, 4], communities_per_street: 5, "
                "grids_per_community: [0, 3], population: {dist: uniform, low: 1000, high: 2000}, "
                "seed: 7}"));
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const model::City& city = loaded.scenario->city;
  ASSERT_EQ(city.OfKind(UnitKind::kDistrict).size(), 3u);
  EXPECT_EQ(city.unit(city.OfKind(UnitKind::kDistrict)[0]).name, "d01");
  EXPECT_EQ(city.unit(city.OfKind(UnitKind::kDistrict)[2]).name, "d03");
  EXPECT_TRUE(city.Find("d01s01").has_value());
  EXPECT_TRUE(city.Find("d01s02c05").has_value());
  EXPECT_TRUE(city.Find("d02.water").has_value());
  for (model::UnitId d : city.OfKind(UnitKind::kDistrict)) {
    std::size_t streets = 0;
    for (model::UnitId child : city.Children(d)) {
      if (city.unit(child).kind != UnitKind::kStreet) continue;
      ++streets;
      std::size_t communities = 0;
      for (model::UnitId c : city.Children(child)) {
        if (city.unit(c).kind != UnitKind::kCommunity) continue;
        ++communities;
        const model::Unit& community = city.unit(c);
        EXPECT_GE(community.population, 1000);
        EXPECT_LE(community.population, 2000);
        EXPECT_EQ(community.staff, 4);
        const std::size_t grids = city.Children(c).size();
        EXPECT_LE(grids, 3u);
      }
      EXPECT_EQ(communities, 5u);
    }
    EXPECT_GE(streets, 2u);
    EXPECT_LE(streets, 4u);
  }
}

TEST(LoaderTest, GeneratorIsDeterministicInItsSeed) {
  auto names_and_populations = [](std::string_view seed) {
    const Loaded loaded = Load(Generated(
        "{districts: 2, streets_per_district: [1, 5], communities_per_street: [1, 5], "
        "grids_per_community: [1, 4], population: {dist: lognormal, mean: 3000, cv: 1}, seed: " +
        std::string(seed) + "}"));
    EXPECT_TRUE(loaded.ok) << loaded.report;
    std::vector<std::pair<std::string, std::int64_t>> out;
    if (!loaded.ok) return out;
    for (const model::Unit& u : loaded.scenario->city.units())
      out.emplace_back(u.name, u.population);
    return out;
  };
  EXPECT_EQ(names_and_populations("11"), names_and_populations("11"));
  EXPECT_NE(names_and_populations("11"), names_and_populations("12"));
}

TEST(LoaderTest, GeneratedNamesArePaddedToTheWidestCount) {
  const Loaded loaded =
      Load(Generated("{districts: 1, streets_per_district: 1, communities_per_street: [100, 100], "
                     "population: 10}"));
  ASSERT_TRUE(loaded.ok) << loaded.report;
  EXPECT_TRUE(loaded.scenario->city.Find("d01s01c001").has_value());
  EXPECT_TRUE(loaded.scenario->city.Find("d01s01c100").has_value());
  EXPECT_TRUE(loaded.scenario->city.OfKind(UnitKind::kGrid).empty());
}

// A generated city of the megacity reference size (ARCHITECTURE.md, "Scale"):
// 10 districts, ~74 streets, ~650 communities, ~6 grids each, 20 departments,
// 20 categories. Prints the load time; asserts only the shape.
TEST(LoaderTest, MegacityLoads) {
  std::string yaml = "version: 1\nmeta: {name: megacity}\ndepartments:\n";
  for (int i = 0; i < 20; ++i) {
    yaml += "  dept" + std::to_string(i) +
            ": {staff: 5, enforcement: " + (i % 2 == 0 ? "true" : "false") + "}\n";
  }
  yaml +=
      "city:\n  hotline: {staff: 1700}\n  generate:\n    districts: 10\n"
      "    streets_per_district: [6, 9]\n    communities_per_street: [7, 11]\n"
      "    grids_per_community: [4, 8]\n"
      "    population: {dist: lognormal, mean: 30000, cv: 0.5}\n    seed: 7\n";
  yaml += "categories:\n";
  std::string mix;
  for (int i = 0; i < 20; ++i) {
    const std::string name = "cat" + std::to_string(i);
    yaml += "  " + name + ":\n    lead: dept" + std::to_string(i) + "\n    assist: [dept" +
            std::to_string((i + 1) % 20) +
            "]\n    lowest_level: grid\n    resolve:\n"
            "      grid: {p: 0.3, work: 30m}\n      community: {p: 0.5, work: {dist: gamma, "
            "mean: 2h, cv: 0.7}}\n      street: {p: 0.5, work: 4h}\n"
            "      department: {p: 1, work: {dist: lognormal, mean: 1d, cv: 1}}\n";
    mix += (i ? ", " : "") + name + ": 0.05";
  }
  yaml += "demand:\n  per_capita_per_year: 1\n  mix: {" + mix + "}\n";
  yaml += "policies:\n  - preset: layered_reporting\n  - preset: street_whistle\n";
  const auto start = std::chrono::steady_clock::now();
  const Loaded loaded = Load(yaml);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const model::City& city = loaded.scenario->city;
  std::printf("megacity: %s; %zu units; loaded in %.3f s\n", SizeSummary(*loaded.scenario).c_str(),
              city.size(), seconds);
  EXPECT_EQ(city.OfKind(UnitKind::kDistrict).size(), 10u);
  EXPECT_GE(city.OfKind(UnitKind::kStreet).size(), 60u);
  EXPECT_LE(city.OfKind(UnitKind::kStreet).size(), 90u);
  EXPECT_GE(city.OfKind(UnitKind::kCommunity).size(), 60u * 7);
  EXPECT_EQ(city.OfKind(UnitKind::kDepartment).size(), 200u);
}

// The same size written out as an explicit tree (the YAML path, not the generator).
TEST(LoaderTest, MegacityExplicitTreeLoads) {
  std::string yaml = "version: 1\nmeta: {name: megacity}\ndepartments:\n";
  for (int i = 0; i < 20; ++i) yaml += "  dept" + std::to_string(i) + ": {staff: 5}\n";
  yaml += "city:\n  districts:\n";
  for (int d = 0; d < 10; ++d) {
    yaml += "    - name: d" + std::to_string(d) + "\n      streets:\n";
    for (int s = 0; s < 7; ++s) {
      const std::string street = "d" + std::to_string(d) + "s" + std::to_string(s);
      yaml += "        - name: " + street +
              "\n          mediation: {staff: 2}\n"
              "          communities:\n";
      for (int c = 0; c < 9; ++c) {
        yaml += "            - {name: " + street + "c" + std::to_string(c) +
                ", population: 30000, grids: 6, mix: {cat0: 0.5, cat1: 0.5}}\n";
      }
    }
  }
  yaml += "categories:\n";
  std::string mix;
  for (int i = 0; i < 20; ++i) {
    const std::string name = "cat" + std::to_string(i);
    yaml += "  " + name + ": {lead: dept" + std::to_string(i) +
            ", lowest_level: community, resolve: {community: {p: 0.5, work: 2h}, department: "
            "{p: 1, work: 1d}}, mediation: {p: 0.5, work: 1h}}\n";
    mix += (i ? ", " : "") + name + ": 0.05";
  }
  yaml += "demand:\n  per_capita_per_year: 1\n  mix: {" + mix + "}\n";
  yaml +=
      "  bursts:\n    - {name: b, start: 2024-02-01, duration: 1d, multiplier: 2, "
      "communities: [d9s6c8, d0s0c0]}\n";
  yaml += "policies:\n  - preset: call_response\n";
  const auto start = std::chrono::steady_clock::now();
  const Loaded loaded = Load(yaml);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const model::City& city = loaded.scenario->city;
  std::printf("explicit megacity: %s; %zu units; %zu bytes of YAML; loaded in %.3f s\n",
              SizeSummary(*loaded.scenario).c_str(), city.size(), yaml.size(), seconds);
  EXPECT_EQ(city.OfKind(UnitKind::kCommunity).size(), 630u);
  EXPECT_EQ(city.OfKind(UnitKind::kGrid).size(), 630u * 6);
  EXPECT_EQ(city.unit(loaded.scenario->demand.bursts[0].communities[0]).name, "d9s6c8");
}

// --- one diagnostic per mistake, at its place -------------------------------------------

TEST(LoaderErrorTest, VersionMissingAndOther) {
  const std::string yaml = Edit(kMinimal, "version: 1\n", "");
  ExpectError(yaml, "meta:", "version", "is required");
  ExpectError(Edit(kMinimal, "version: 1", "version: 2"), "version: |2", "version",
              "unsupported version 2; this escalade reads version 1");
  // A wrong version stops the load: the rest is not read against version 1.
  const Loaded loaded =
      Load(Edit(Edit(kMinimal, "version: 1", "version: 2"), "staff: 1", "staff: 0"));
  EXPECT_EQ(loaded.diags.size(), 1u) << loaded.report;
}

TEST(LoaderErrorTest, UnknownKeysEverywhere) {
  ExpectError(Edit(kComplete, "\ndemand:\n", "\ndemnd:\n"), "demnd", "demnd",
              "unknown key 'demnd'; did you mean 'demand'?");
  ExpectError(Edit(kComplete, "          mediation: {staff: 2}", "          mediaton: {staff: 2}"),
              "mediaton", "city.districts[0].streets[0].mediaton", "did you mean 'mediation'?");
  ExpectError(Edit(kComplete, "      duration: 3d", "      durration: 3d"), "durration",
              "demand.bursts[0].durration", "did you mean 'duration'?");
}

TEST(LoaderErrorTest, InvalidNames) {
  ExpectError(Edit(kComplete, "name: tiny", "name: Tiny"), "Tiny", "meta.name", "expected a name");
  ExpectError(Edit(kComplete, "  housing:\n    staff: 2", "  Housing:\n    staff: 2"),
              "Housing:", "departments.Housing", "invalid department name 'Housing'");
  ExpectError(Edit(kComplete, "- name: matian", "- name: ma-tian"), "ma-tian",
              "city.districts[0].streets[1].name", "expected a name");
}

TEST(LoaderErrorTest, DuplicateNames) {
  // Within a kind (mapping keys).
  ExpectError(Edit(kComplete, "  housing:\n    staff: 2",
                   "  housing:\n    staff: 2\n  housing:\n    staff: 1"),
              "  |housing:\n    staff: 1", "departments.housing",
              "department 'housing' is declared twice (first at line");
  // Across the whole city, at the second declaration's name.
  // The community comes first in the file, so the street is the duplicate.
  ExpectError(Edit(kComplete, "- name: dongzhou", "- name: matian"),
              "- name: |matian\n          communities", "city.districts[0].streets[1].name",
              "duplicate unit name 'matian': the community at "
              "city.districts[0].streets[0].communities[1]");
  // Derived names count: a district called hotline clashes with the hotline.
  ExpectError(Edit(kComplete, "- name: guangming", "- name: hotline"), "hotline: |{staff: 5}",
              "city.hotline", "duplicate unit name 'hotline': the district at city.districts[0]");
  // Policy arms: the second arm of a preset needs a name.
  ExpectError(Edit(kComplete, "  - preset: layered_reporting\n",
                   "  - preset: layered_reporting\n  - preset: layered_reporting\n"),
              "  - preset: layered_reporting\n  - preset: |layered_reporting", "policies[1]",
              "duplicate policy name 'layered_reporting' (policies[0] has it already)");
  ExpectError(Edit(kComplete, "      multiplier: 1.5",
                   "      multiplier: 1.5\n    - name: typhoon\n      start: 2024-03-02\n      "
                   "duration: 1h\n      multiplier: 2"),
              "- name: |typhoon\n      start: 2024-03-02", "demand.bursts[2].name",
              "burst 'typhoon' is declared twice");
}

TEST(LoaderErrorTest, DepartmentFields) {
  ExpectError(Edit(kComplete, "    staff: 2\ncity", "    staff: 0\ncity"), "staff: |0\ncity",
              "departments.housing.staff", "expected an integer");
  ExpectError(Edit(kComplete, "    hours: always\n    enforcement",
                   "    hours: sometimes\n    enforcement"),
              "sometimes", "departments.urban_management.hours",
              "expected office (the scenario calendar) or always (24x7); got 'sometimes'");
  ExpectError(Edit(kComplete, "travel: 20m", "travel: 2wd"), "2wd",
              "departments.urban_management.travel", "working time is not allowed here");
  ExpectError(Edit(kComplete, "  housing:\n    staff: 2\n", "  housing:\n    label: x\n"),
              "  housing:\n    |label: x", "departments.housing.staff", "is required");
}

TEST(LoaderErrorTest, DanglingReferencesSuggestAName) {
  ExpectError(Edit(kComplete, "lead: urban_management", "lead: urban_managment"), "urban_managment",
              "categories.noise.lead",
              "unknown department 'urban_managment'; did you mean 'urban_management'?");
  ExpectError(Edit(kComplete, "lead: housing", "lead: police"), "police",
              "categories.wage_arrears.lead",
              "unknown department 'police'; expected one of: urban_management, housing");
  ExpectError(Edit(kComplete, "mix: {noise: 0.6,", "mix: {noize: 0.6,"), "noize",
              "demand.mix.noize", "unknown category 'noize'; did you mean 'noise'?");
  ExpectError(Edit(kComplete, "app: 0.3", "fax: 0.3"), "fax", "demand.channels.fax",
              "unknown channel 'fax'; expected one of: hotline, app, walk_in, grid_patrol, sensor");
  ExpectError(
      Edit(kComplete, "communities: [xinzhuang, tangwei]", "communities: [xinzhuang, tangwie]"),
      "tangwie", "demand.bursts[0].communities[1]",
      "unknown community 'tangwie'; did you mean 'tangwei'?");
  ExpectError(Edit(kComplete, "communities: [xinzhuang, tangwei]", "communities: [fenghuang]"),
              "[|fenghuang]", "demand.bursts[0].communities[0]",
              "'fenghuang' is a street, not a community");
  ExpectError(Edit(kComplete, "categories: [noise]", "categories: [noise, noise]"),
              "[noise, |noise]", "demand.bursts[0].categories[1]", "is listed twice");
  ExpectError(Edit(kComplete, "preset: street_whistle", "preset: street_whistel"), "street_whistel",
              "policies[1].preset",
              "unknown preset 'street_whistel'; did you mean 'street_whistle'?");
  ExpectError(Edit(kComplete, "baseline: whistle_fast", "baseline: whistle_fst"), "whistle_fst",
              "experiment.baseline", "unknown policy 'whistle_fst'; did you mean 'whistle_fast'?");
  ExpectError(Edit(kComplete, "baseline: whistle_fast", "baseline: hotline_direct"),
              "hotline_direct", "experiment.baseline",
              "unknown policy 'hotline_direct'; expected one of: layered_reporting, whistle_fast");
}

TEST(LoaderErrorTest, CategoryRules) {
  ExpectError(Edit(kComplete, "assist: [urban_management]", "assist: [housing]"),
              "assist: [|housing]", "categories.wage_arrears.assist[0]",
              "department 'housing' is the lead; it cannot also assist");
  ExpectError(
      Edit(kComplete, "      street: {p: 0.2, work: 4h}", "      community: {p: 0.2, work: 4h}"),
      "community: {p: 0.2", "categories.wage_arrears.resolve.community",
      "level 'community' is below lowest_level 'street'");
  ExpectError(Edit(kComplete, "      department: {p: 1, work: 1d}\n", ""), "      |street: {p: 0.2",
              "categories.wage_arrears.resolve", "needs a 'department' entry");
  ExpectError(Edit(Edit(kComplete, "street: {p: 0.2", "street: {p: 0"), "department: {p: 1,",
                   "department: {p: 0,"),
              "      |street: {p: 0,", "categories.wage_arrears.resolve", "every p is 0");
  ExpectError(Edit(kComplete, "lowest_level: street", "lowest_level: streat"), "streat",
              "categories.wage_arrears.lowest_level",
              "unknown level 'streat'; did you mean 'street'?");
  ExpectError(Edit(kComplete, "    lowest_level: street\n", ""), "    |label: Wage arrears",
              "categories.wage_arrears.lowest_level", "is required");
  ExpectError(Edit(kComplete, "work: 30m", "work: 30 minutes"), "30 minutes",
              "categories.noise.resolve.grid.work", "expected a calendar duration");
}

TEST(LoaderErrorTest, CityShape) {
  ExpectError(Edit(kMinimal, "city:\n",
                   "city:\n  generate: {districts: 1, streets_per_district: 1, "
                   "communities_per_street: 1, population: 5}\n"),
              "  |generate", "city", "has both districts and generate");
  ExpectError(Edit(kMinimal,
                   "  districts:\n    - name: d\n      streets:\n        - name: s\n"
                   "          communities:\n            - name: c\n              population: 100\n",
                   "  hotline: {staff: 2}\n"),
              "  |hotline", "city", "needs districts (an explicit tree) or generate");
  ExpectError(Edit(kMinimal,
                   "          communities:\n            - name: c\n              population: 100\n",
                   "          communities: []\n"),
              "[]", "city.districts[0].streets[0].communities", "expected at least one community");
  ExpectError(Edit(kComplete, "              population: 1000\n", "              staff: 3\n"),
              "- |name: dongzhou", "city.districts[0].streets[0].communities[1].population",
              "is required");
  ExpectError(Edit(kComplete, "    district: {staff: 12}", "    district: {staff: 12, travel: 5m}"),
              "travel: |5m}", "city.defaults.district.travel", "a district has no parent");
}

TEST(LoaderErrorTest, EnforcementTeamRules) {
  ExpectError(Edit(kComplete, "departments: [urban_management]}", "departments: [housing]}"),
              "departments: [|housing]}",
              "city.districts[0].streets[0].enforcement_team.departments[0]",
              "department 'housing' has no enforcement powers");
  ExpectError(Edit(kComplete, "departments: [urban_management]}", "departments: [police]}"),
              "police", "city.districts[0].streets[0].enforcement_team.departments[0]",
              "unknown department 'police'");
}

TEST(LoaderErrorTest, ProbabilitySums) {
  ExpectError(Edit(kComplete, "mix: {noise: 0.25, wage_arrears: 0.75}",
                   "mix: {noise: 0.25, wage_arrears: 0.65}"),
              "{noise: 0.25", "city.districts[0].streets[0].communities[0].mix",
              "probabilities sum to 0.9; they must sum to 1 (within 1e-6)");
  ExpectError(Edit(kComplete, "grid_patrol: 0.2", "grid_patrol: 0.4"), "{hotline: 0.5",
              "demand.channels", "probabilities sum to 1.2; they must sum to 1 (within 1e-6)");
  ExpectError(
      Edit(kComplete, "noise: 0.6, wage_arrears: 0.4", "noise: 0.6, wage_arrears: 0.400002"),
      "{noise: 0.6,", "demand.mix", "probabilities sum to 1.000002");
  ExpectError(Edit(kComplete, "urgent: 0.05", "urgent: 5%"), "5%", "demand.urgent",
              "expected a probability");
}

TEST(LoaderErrorTest, DemandValues) {
  ExpectError(Edit(kComplete, "trend_per_year: 0.1", "trend_per_year: -1"), "trend_per_year: |-1",
              "demand.trend_per_year", "must be greater than -1");
  ExpectError(Edit(kComplete, "day_of_week: [1, 1, 1, 1, 1, 2, 3]", "day_of_week: [1, 1, 1]"),
              "[1, 1, 1]", "demand.day_of_week", "expected a list of 7 numbers");
  ExpectError(Edit(kComplete, "  per_capita_per_year: 0.5\n", ""), "  |hour_of_day",
              "demand.per_capita_per_year", "is required");
  ExpectError(Edit(kComplete, "people: {dist: uniform, low: 1, high: 3}",
                   "people: {dist: uniform, low: 3, high: 1}"),
              "{dist: uniform, low: 3", "demand.people", "");
}

TEST(LoaderErrorTest, BurstTimes) {
  ExpectError(Edit(kComplete, "start: 2024-03-02", "start: 2024-02-28"), "2024-02-28",
              "demand.bursts[1].start", "starts before calendar.start (2024-03-01)");
  ExpectError(Edit(kComplete, "start: 2024-09-14T08:00", "start: 2025-09-14T08:00"),
              "2025-09-14T08:00", "demand.bursts[0].start",
              "starts after the experiment horizon, which ends at 2024-12-26T00:00");
  ExpectError(Edit(kComplete, "start: 2024-09-14T08:00", "start: 2024-09-14 08:00"),
              "2024-09-14 08:00", "demand.bursts[0].start", "expected a date-time");
  ExpectError(Edit(kComplete, "duration: 12h", "duration: 0s"), "0s", "demand.bursts[1].duration",
              "must be longer than 0");
  ExpectError(Edit(kComplete, "multiplier: 1.5", "multiplier: 0"), "multiplier: |0",
              "demand.bursts[1].multiplier", "must be greater than 0");
}

TEST(LoaderErrorTest, PoliciesAndExperiment) {
  ExpectError(Edit(kMinimal, "policies:\n  - preset: hotline_direct\n", "policies: []\n"), "[]",
              "policies", "expected at least one policy arm");
  ExpectError(Edit(kComplete, "      report_deadline: 30m", "      report_deadline:"),
              "report_deadline", "policies[1].set.report_deadline", "expected a value");
  ExpectError(Edit(kComplete, "warmup: 10d", "warmup: 300d"), "warmup: |300d", "experiment.warmup",
              "must be shorter than the horizon (300d)");
  ExpectError(Edit(kComplete, "replications: 20", "replications: 0"), "replications: |0",
              "experiment.replications", "expected an integer");
  ExpectError(Edit(kComplete, "horizon: 300d", "horizon: 0s"), "0s", "experiment.horizon",
              "must be longer than 0");
}

TEST(LoaderErrorTest, CalendarProblemsFromCreate) {
  ExpectError(Edit(kComplete, "makeup_workdays: [2024-04-07]", "makeup_workdays: [2024-04-08]"),
              "2024-04-08", "calendar.makeup_workdays[0]",
              "is a Monday; make-up workdays are Saturdays or Sundays");
  ExpectError(Edit(kComplete, "holidays: [2024-04-04]", "holidays: [2024-04-04, 2024-04-07]"),
              "makeup_workdays: [|2024-04-07]", "calendar.makeup_workdays[0]",
              "also listed in holidays");
  ExpectError(Edit(kComplete,
                   "    weekdays: [\"09:00-12:00\", \"13:30-18:00\"]\n"
                   "    saturday: [\"09:00-12:00\"]\n    friday: [\"08:00-12:00\"]\n",
                   "    sunday: []\n"),
              "    |sunday", "calendar.working_hours", "no working interval on any weekday");
  ExpectError(Edit(kComplete, "utc_offset: \"-05:30\"", "utc_offset: \"+8\""), "\"+8\"",
              "calendar.utc_offset", "expected a UTC offset");
}

TEST(LoaderErrorTest, GeneratorRules) {
  ExpectError(Generated("{districts: 2, streets_per_district: [5, 3], communities_per_street: 1, "
                        "population: 10}"),
              "[5, 3]", "city.generate.streets_per_district", "min 5 is greater than max 3");
  ExpectError(Generated("{districts: 999, streets_per_district: 999, communities_per_street: 999, "
                        "grids_per_community: 999, population: 10}"),
              "|{districts: 999", "city.generate", "units (grids included)");
  ExpectError(Generated("{districts: 2, streets_per_district: 1, communities_per_street: 1}"),
              "|{districts: 2", "city.generate.population", "is required");
  ExpectError(
      Generated("{districts: 2, streets_per_district: [1, 2, 3], communities_per_street: 1, "
                "population: 10}"),
      "[1, 2, 3]", "city.generate.streets_per_district", "expected an integer or [min, max]");
}

// Problems found by CityBuilder::Build are located in the file too.
TEST(LoaderErrorTest, CityBuilderProblemsAreLocated) {
  // Only grids could resolve it, and this city has none.
  const std::string yaml = Edit(Edit(kMinimal, "lowest_level: department", "lowest_level: grid"),
                                "      department: {p: 1, work: 2h}",
                                "      grid: {p: 1, work: 1h}\n      department: {p: 0, work: 2h}");
  const Loaded loaded = Load(yaml);
  ASSERT_FALSE(loaded.ok);
  ExpectDiag(loaded, Where(yaml, "  |leak:\n    lead"), "categories.leak",
             "no unit can resolve it");
}

TEST(LoaderErrorTest, AllErrorsOfAFileAreReported) {
  std::string yaml(kComplete);
  yaml = Edit(yaml, "name: tiny", "name: Tiny");
  yaml = Edit(yaml, "lead: housing", "lead: housng");
  yaml = Edit(yaml, "              population: 500", "              population: -5");
  yaml = Edit(yaml, "urgent: 0.05", "urgent: 2");
  yaml = Edit(yaml, "seed: 42", "seed: -1");
  const Loaded loaded = Load(yaml);
  ASSERT_FALSE(loaded.ok);
  EXPECT_EQ(loaded.diags.size(), 5u) << loaded.report;
  EXPECT_EQ(loaded.status, "5 errors in t.yaml");
  ExpectDiag(loaded, Where(yaml, "Tiny"), "meta.name", "expected a name");
  ExpectDiag(loaded, Where(yaml, "housng"), "categories.wage_arrears.lead",
             "did you mean 'housing'");
  ExpectDiag(loaded, Where(yaml, "-5"), "city.districts[0].streets[1].communities[0].population",
             "expected an integer");
  ExpectDiag(loaded, Where(yaml, "urgent: |2"), "demand.urgent", "expected a probability");
  ExpectDiag(loaded, Where(yaml, "seed: |-1"), "experiment.seed", "expected an integer");
}

TEST(LoaderErrorTest, OneErrorIsCountedInTheSingular) {
  const Loaded loaded = Load(Edit(kMinimal, "name: minimal", "name: Minimal"));
  EXPECT_EQ(loaded.status, "1 error in t.yaml");
}

TEST(LoaderErrorTest, MissingSectionsDoNotCascade) {
  // Without departments, leads cannot be checked: only the missing section is reported.
  const std::string yaml =
      Edit(kComplete,
           kComplete.substr(kComplete.find("departments:"),
                            kComplete.find("city:") - kComplete.find("departments:")),
           "");
  const Loaded loaded = Load(yaml);
  ASSERT_FALSE(loaded.ok);
  EXPECT_EQ(loaded.diags.size(), 1u) << loaded.report;
  ExpectDiag(loaded, Place{1, 1}, "departments", "is required");
  // A bad calendar.start is not echoed by every burst measured from it.
  const std::string bad_start = Edit(kComplete, "start: 2024-03-01", "start: 2024-13-01");
  const Loaded start_loaded = Load(bad_start);
  EXPECT_EQ(start_loaded.diags.size(), 1u) << start_loaded.report;
  ExpectDiag(start_loaded, Where(bad_start, "2024-13-01"), "calendar.start", "expected a date");
}

TEST(LoaderErrorTest, HostileInputsNeverCrash) {
  for (std::string_view text :
       {std::string_view(""), std::string_view("~"), std::string_view("[1, 2]"),
        std::string_view("version: 1\nmeta: 7\ndepartments: [a]\ncity: {districts: 3}\n"
                         "categories: {x: 1}\ndemand: []\npolicies: {a: 1}\nexperiment: 0\n"),
        std::string_view("version: 1\ncity: {generate: {districts: 1, streets_per_district: 1, "
                         "communities_per_street: 1, population: {dist: mixture}}}\n"),
        std::string_view("version: [1]\n{a: b}: c\n"),
        std::string_view("version: 1\n? [a]\n: b\n")}) {
    const Loaded loaded = Load(text);
    EXPECT_FALSE(loaded.ok) << text;
    EXPECT_FALSE(loaded.diags.empty()) << text;
  }
}

}  // namespace
}  // namespace escalade::scenario

// --- patrol, sensors, backlog and trace (issue 4) -------------------------------------

namespace escalade::scenario {
namespace {

std::string WithDemand(std::string_view extra) {
  return Edit(kMinimal, "  mix: {leak: 1}\n", "  mix: {leak: 1}\n" + std::string(extra));
}

TEST(LoaderDemandSourcesTest, PatrolSensorsAndBacklogLoad) {
  const std::string yaml = Edit(
      WithDemand("  patrol: {per_grid_per_hour: 0.5, hours: always, mix: {leak: 1}}\n"
                 "  sensors:\n    - {name: gauges, count: 40, per_sensor_per_year: 2, category: "
                 "leak, communities: [c]}\n"
                 "  backlog: {per_community: 2, communities: {c: 5}, age: 3d}\n"),
      "population: 100", "population: 100\n              grids: 2");
  const Loaded loaded = Load(yaml);
  ASSERT_TRUE(loaded.ok) << loaded.report;
  const model::DemandSpec& d = loaded.scenario->demand;
  EXPECT_DOUBLE_EQ(d.patrol.per_grid_per_hour, 0.5);
  EXPECT_EQ(d.patrol.hours, model::StaffHours::kAlways);
  ASSERT_EQ(d.sensors.size(), 1u);
  EXPECT_EQ(d.sensors[0].count, 40);
  ASSERT_EQ(d.sensors[0].communities.size(), 1u);
  EXPECT_EQ(d.sensors[0].communities[0], *loaded.scenario->city.Find("c"));  // a UnitId, remapped
  EXPECT_EQ(d.backlog.per_community, 2);
  ASSERT_EQ(d.backlog.communities.size(), 1u);
  EXPECT_EQ(d.backlog.communities[0].second, 5);
  EXPECT_DOUBLE_EQ(d.backlog.age_hours.Mean(), 72);
}

TEST(LoaderDemandSourcesTest, ErrorsAreLocated) {
  ExpectError(WithDemand("  patrol: {per_grid_per_hour: 0.5, mix: {leak: 1}}\n"), "0.5",
              "demand.patrol.per_grid_per_hour", "no grids to patrol");
  ExpectError(WithDemand("  sensors:\n    - {name: g, count: 0, per_sensor_per_year: 2, "
                         "category: leak}\n"),
              "0, per", "demand.sensors[0].count", "");
  ExpectError(WithDemand("  sensors:\n    - {name: g, count: 4, per_sensor_per_year: 2, "
                         "category: lek}\n"),
              "lek}", "demand.sensors[0].category", "did you mean 'leak'");
  ExpectError(WithDemand("  sensors:\n    - {name: g, count: 4, per_sensor_per_year: 2, "
                         "category: leak, communities: [s]}\n"),
              "s]}", "demand.sensors[0].communities[0]", "unknown community 's'");
  ExpectError(WithDemand("  backlog: {communities: {cc: 2}}\n"), "cc: 2",
              "demand.backlog.communities.cc", "unknown community 'cc'; did you mean 'c'");
  ExpectError(WithDemand("  trace: nowhere.mapping.yaml\n"), "nowhere",
              "demand.trace", "does not exist");
}

TEST(LoaderPolicyOverridesTest, NamesAndValuesAreCheckedAgainstTheRegistry) {
  ExpectError(Edit(kComplete, "      report_deadline: 30m", "      report_dedline: 30m"),
              "report_dedline", "policies[1].set.report_dedline",
              "unknown policy parameter 'report_dedline'; did you mean 'report_deadline'?");
  ExpectError(Edit(kComplete, "      report_deadline: 30m", "      report_deadline: soon"),
              "soon", "policies[1].set.report_deadline", "expected a duration such as 30m");
  ExpectError(Edit(kComplete, "      queue: tier_priority", "      queue: lifo"), "lifo",
              "policies[1].set.queue", "expected one of fifo, tier_priority, earliest_deadline");
}

TEST(LoaderDemandSourcesTest, ATraceTakesNoSyntheticKeys) {
  const std::string yaml = Edit(kMinimal, "  per_capita_per_year: 1\n  mix: {leak: 1}\n",
                                "  trace: m.yaml\n  mix: {leak: 1}\n");
  ExpectError(yaml, "{leak: 1}", "demand.mix", "is not used with a trace");
}

}  // namespace
}  // namespace escalade::scenario
