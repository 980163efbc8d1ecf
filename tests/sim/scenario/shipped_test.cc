// The shipped scenarios (scenarios/*.yaml) load without a single diagnostic and
// have the shape their comments promise: unit counts, populations, yearly
// demand, policies, and the queueing parameters of the two validation
// scenarios (mmc, jackson).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/io/yaml_reader.h"
#include "sim/model/city.h"
#include "sim/model/demand_spec.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/scenario.h"

namespace escalade::scenario {
namespace {

namespace fs = std::filesystem;
using model::Level;
using model::UnitKind;

constexpr double kHoursPerYear = 365.0 * 24.0;

std::vector<std::string> ShippedFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(ESCALADE_SCENARIOS_DIR, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string PathOf(const std::string& file) {
  return (fs::path(ESCALADE_SCENARIOS_DIR) / file).string();
}

// Loads each file once per test binary; null (and a test failure with every
// diagnostic) when it does not load.
std::shared_ptr<const Scenario> Load(const std::string& file) {
  static std::map<std::string, std::shared_ptr<const Scenario>> cache;
  if (auto it = cache.find(file); it != cache.end()) return it->second;
  const std::string path = PathOf(file);
  Diagnostics diags(path);
  kernel::Result<Scenario> loaded = LoadScenario(path, diags);
  std::shared_ptr<const Scenario> scenario;
  if (loaded.ok() && diags.ok()) {
    scenario = std::make_shared<const Scenario>(std::move(loaded).value());
  } else {
    ADD_FAILURE() << file << " does not load: "
                  << (loaded.ok() ? std::string("ok with diagnostics")
                                  : loaded.status().ToString())
                  << "\n"
                  << diags.ToString();
  }
  cache[file] = scenario;
  return scenario;
}

std::size_t Count(const Scenario& s, UnitKind kind) { return s.city.OfKind(kind).size(); }

std::int64_t Residents(const Scenario& s) {
  std::int64_t total = 0;
  for (model::UnitId id : s.city.OfKind(UnitKind::kCommunity)) total += s.city.unit(id).population;
  return total;
}

double DemandsPerYear(const Scenario& s) {
  return static_cast<double>(Residents(s)) * s.demand.per_capita_per_year;
}

std::set<std::string> Presets(const Scenario& s) {
  std::set<std::string> presets;
  for (const PolicyChoice& p : s.policies) presets.insert(p.preset);
  return presets;
}

const model::Category& CategoryNamed(const Scenario& s, const std::string& name) {
  const std::optional<int> index = s.city.FindCategory(name);
  EXPECT_TRUE(index.has_value()) << "no category " << name;
  return s.city.categories().at(static_cast<std::size_t>(index.value_or(0)));
}

double MixShare(const Scenario& s, const std::string& category) {
  const std::optional<int> index = s.city.FindCategory(category);
  if (!index || static_cast<std::size_t>(*index) >= s.demand.mix.size()) return 0;
  return s.demand.mix[static_cast<std::size_t>(*index)];
}

const model::Unit& UnitNamed(const Scenario& s, const std::string& name) {
  const std::optional<model::UnitId> id = s.city.Find(name);
  EXPECT_TRUE(id.has_value()) << "no unit " << name;
  return s.city.unit(id.value_or(0));
}

bool FlatProfiles(const model::DemandSpec& d) {
  const auto flat = [](const auto& a) {
    return std::all_of(a.begin(), a.end(), [&](double x) { return x == a.front(); });
  };
  return flat(d.hour_of_day) && flat(d.day_of_week) && flat(d.month);
}

// ---------------------------------------------------------------------------
// Every file

TEST(ShippedScenarios, TheNineScenariosAreShipped) {
  const std::vector<std::string> files = ShippedFiles();
  for (const char* expected :
       {"teaching_community.yaml", "guangming.yaml", "huangpu.yaml", "baolong.yaml",
        "beijing_whistle.yaml", "nanshan_one_window.yaml", "shenzhen_megacity.yaml", "mmc.yaml",
        "jackson.yaml"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), expected), files.end())
        << expected << " is missing from " << ESCALADE_SCENARIOS_DIR;
  }
}

class EveryShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryShippedScenario, LoadsWithoutDiagnostics) {
  const std::shared_ptr<const Scenario> s = Load(GetParam());
  ASSERT_NE(s, nullptr);
  // The file's name is its scenario name, so results/<name>/ is predictable.
  EXPECT_EQ(s->meta.name + ".yaml", GetParam());
  EXPECT_FALSE(s->meta.title.empty());
  EXPECT_FALSE(s->meta.sources.empty());
  EXPECT_FALSE(s->policies.empty());
  EXPECT_GT(Residents(*s), 0);
  // The baseline names one of the arms.
  EXPECT_TRUE(std::any_of(s->policies.begin(), s->policies.end(),
                          [&](const PolicyChoice& p) { return p.name == s->experiment.baseline; }))
      << "baseline " << s->experiment.baseline;
  EXPECT_LT(s->experiment.warmup, s->experiment.horizon);
}

TEST_P(EveryShippedScenario, StartsWithTheSchemaLine) {
  // Editors validate and complete the file only with this first line.
  std::FILE* f = std::fopen(PathOf(GetParam()).c_str(), "r");
  ASSERT_NE(f, nullptr);
  char line[256] = {};
  ASSERT_NE(std::fgets(line, sizeof line, f), nullptr);
  std::fclose(f);
  EXPECT_EQ(std::string(line), "# yaml-language-server: $schema=schema/scenario.schema.json\n");
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.rfind('.'));
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Shipped, EveryShippedScenario, ::testing::ValuesIn(ShippedFiles()),
                         TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(EveryShippedScenario);

// ---------------------------------------------------------------------------
// Per-file shape

TEST(ShippedScenarios, TeachingCommunityIsOneSmallCommunity) {
  const auto s = Load("teaching_community.yaml");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Count(*s, UnitKind::kDistrict), 1u);
  EXPECT_EQ(Count(*s, UnitKind::kStreet), 1u);
  EXPECT_EQ(Count(*s, UnitKind::kCommunity), 1u);
  EXPECT_GE(Count(*s, UnitKind::kGrid), 4u);
  EXPECT_LE(Count(*s, UnitKind::kGrid), 6u);
  EXPECT_GE(s->city.categories().size(), 4u);
  EXPECT_LE(s->city.categories().size(), 6u);
  EXPECT_EQ(Count(*s, UnitKind::kMediation), 1u);
  EXPECT_EQ(Count(*s, UnitKind::kVolunteers), 1u);
  // "A few thousand demands a year".
  EXPECT_GE(DemandsPerYear(*s), 1000);
  EXPECT_LE(DemandsPerYear(*s), 5000);
}

TEST(ShippedScenarios, GuangmingHasSixStreetsAndThirtyOneCommunities) {
  const auto s = Load("guangming.yaml");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Count(*s, UnitKind::kDistrict), 1u);
  EXPECT_EQ(Count(*s, UnitKind::kStreet), 6u);       // DOMAIN.md: 6 street halls
  EXPECT_EQ(Count(*s, UnitKind::kCommunity), 31u);   // DOMAIN.md: 31 community halls
  EXPECT_EQ(Count(*s, UnitKind::kHotline), 1u);
  EXPECT_EQ(s->city.departments().size(), 12u);
  EXPECT_GE(s->city.categories().size(), 15u);
  EXPECT_LE(s->city.categories().size(), 20u);
  // ~1.1 M residents and the 19,641 demands accepted in 2020, within 1%.
  EXPECT_NEAR(static_cast<double>(Residents(*s)), 1.1e6, 0.05e6);
  EXPECT_NEAR(DemandsPerYear(*s), 19641, 196);
  // The multi-department cases the scenario is about.
  const model::Category& wage = CategoryNamed(*s, "wage_arrears");
  EXPECT_EQ(s->city.departments().at(static_cast<std::size_t>(wage.lead)).name, "human_resources");
  ASSERT_EQ(wage.assists.size(), 1u);
  EXPECT_EQ(s->city.departments().at(static_cast<std::size_t>(wage.assists[0])).name,
            "housing_construction");
  EXPECT_TRUE(wage.enforcement);
  EXPECT_TRUE(wage.mediation.has_value());
  const model::Category& building = CategoryNamed(*s, "illegal_construction");
  EXPECT_EQ(s->city.departments().at(static_cast<std::size_t>(building.lead)).name,
            "urban_management");
  ASSERT_EQ(building.assists.size(), 1u);
  EXPECT_EQ(s->city.departments().at(static_cast<std::size_t>(building.assists[0])).name,
            "planning");
  const std::set<std::string> presets = Presets(*s);
  for (const char* p : {"layered_reporting", "community_orders", "street_whistle", "tiered_sla",
                        "hotline_direct", "one_window"}) {
    EXPECT_TRUE(presets.count(p)) << p;
  }
  EXPECT_EQ(s->experiment.baseline, "layered_reporting");
  // DOMAIN.md tiered_sla: 77,792 people over 18,148 demands = 4.29 per demand.
  EXPECT_NEAR(s->demand.people.Mean(), 77792.0 / 18148.0, 0.05);
}

TEST(ShippedScenarios, HuangpuStreetsHaveEnforcementTeamsAndTheIsland) {
  const auto s = Load("huangpu.yaml");
  ASSERT_NE(s, nullptr);
  const std::size_t streets = Count(*s, UnitKind::kStreet);
  EXPECT_GE(streets, 4u);
  EXPECT_EQ(Count(*s, UnitKind::kEnforcementTeam), streets);
  const std::set<std::string> pooled_expected = {"urban_management", "public_security",
                                                 "transport",        "fire",
                                                 "justice",          "market_regulation",
                                                 "environment"};
  for (model::UnitId id : s->city.OfKind(UnitKind::kEnforcementTeam)) {
    std::set<std::string> pooled;
    for (int d : s->city.unit(id).pooled_departments) {
      pooled.insert(s->city.departments().at(static_cast<std::size_t>(d)).name);
    }
    EXPECT_EQ(pooled, pooled_expected) << s->city.unit(id).name;
  }
  const model::Unit& island = UnitNamed(*s, "changzhou_island");
  EXPECT_EQ(island.kind, UnitKind::kCommunity);
  EXPECT_EQ(island.population, 20000);  // DOMAIN.md
  EXPECT_FALSE(island.mix.empty());     // its own mix, with the island traffic
  const model::Category& traffic = CategoryNamed(*s, "island_traffic");
  EXPECT_EQ(traffic.assists.size(), 4u);  // lead + 4 assists (DOMAIN.md)
  const std::size_t traffic_index =
      static_cast<std::size_t>(s->city.FindCategory("island_traffic").value_or(0));
  ASSERT_LT(traffic_index, island.mix.size());
  EXPECT_GT(island.mix[traffic_index], 0);
  EXPECT_EQ(MixShare(*s, "island_traffic"), 0);  // only on the island
  // The island is the farthest community from the transport department.
  const model::UnitId transport = s->city.DepartmentUnit(
      s->city.OfKind(UnitKind::kDistrict)[0], s->city.FindDepartment("transport").value_or(0));
  const model::UnitId island_id = s->city.Find("changzhou_island").value_or(0);
  for (model::UnitId c : s->city.OfKind(UnitKind::kCommunity)) {
    if (c == island_id) continue;
    EXPECT_GT(s->city.TravelTime(transport, island_id), s->city.TravelTime(transport, c))
        << s->city.unit(c).name;
  }
  EXPECT_TRUE(Presets(*s).count("call_response"));
}

TEST(ShippedScenarios, BaolongHasMediationVolunteersAndFiveChannels) {
  const auto s = Load("baolong.yaml");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Count(*s, UnitKind::kStreet), 1u);
  const std::size_t communities = Count(*s, UnitKind::kCommunity);
  // DOMAIN.md: seven community mediation rooms; 74 vanguard teams.
  EXPECT_EQ(communities, 7u);
  EXPECT_GE(Count(*s, UnitKind::kMediation), 7u);
  int volunteer_teams = 0;
  for (model::UnitId id : s->city.OfKind(UnitKind::kVolunteers)) {
    volunteer_teams += s->city.unit(id).staff;
  }
  EXPECT_EQ(volunteer_teams, 74);
  // Four resident channels, and the fifth (sensor) from its own generator: 400 smoke detectors.
  for (int c = 0; c < model::kChannelCount; ++c) {
    if (static_cast<model::Channel>(c) == model::Channel::kSensor) continue;
    EXPECT_GT(s->demand.channels[static_cast<std::size_t>(c)], 0)
        << model::ChannelName(static_cast<model::Channel>(c));
  }
  ASSERT_EQ(s->demand.sensors.size(), 1u);
  EXPECT_EQ(s->demand.sensors[0].count, 400);  // DOMAIN.md: 400 smart smoke detectors
  EXPECT_EQ(s->demand.sensors[0].category, *s->city.FindCategory("fire_alarm"));
  const model::Category& labour = CategoryNamed(*s, "labour_dispute");
  ASSERT_TRUE(labour.mediation.has_value());
  EXPECT_NEAR(labour.mediation->p, 0.993, 1e-9);  // DOMAIN.md: 99.3% mediated
  // DOMAIN.md: 3,431 labour disputes in 2018, within 2%.
  EXPECT_NEAR(DemandsPerYear(*s) * MixShare(*s, "labour_dispute"), 3431, 69);
  bool has_volunteer_category = false;
  for (const model::Category& c : s->city.categories()) {
    has_volunteer_category = has_volunteer_category || c.volunteers.has_value();
  }
  EXPECT_TRUE(has_volunteer_category);
}

TEST(ShippedScenarios, BeijingWhistleComparesTheBeijingReforms) {
  const auto s = Load("beijing_whistle.yaml");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Count(*s, UnitKind::kDistrict), 1u);
  EXPECT_EQ(Count(*s, UnitKind::kHotline), 1u);
  EXPECT_EQ(Presets(*s),
            (std::set<std::string>{"layered_reporting", "street_whistle", "hotline_direct"}));
  EXPECT_EQ(s->experiment.baseline, "layered_reporting");
  // Departments summoned by a whistle must be able to arrive within 30 minutes.
  for (const model::DepartmentType& d : s->city.departments()) {
    EXPECT_LE(d.travel, 30 * kernel::kMinute) << d.name;
  }
}

TEST(ShippedScenarios, NanshanHasOneFrontDesk) {
  const auto s = Load("nanshan_one_window.yaml");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Count(*s, UnitKind::kHotline), 1u);
  const std::set<std::string> presets = Presets(*s);
  EXPECT_TRUE(presets.count("layered_reporting"));
  EXPECT_TRUE(presets.count("one_window"));
}

TEST(ShippedScenarios, ShenzhenMegacityHasTheScaleOfShenzhen) {
  const auto s = Load("shenzhen_megacity.yaml");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Count(*s, UnitKind::kDistrict), 10u);
  // DOMAIN.md: ~74 streets, 645 communities (2018).
  EXPECT_GE(Count(*s, UnitKind::kStreet), 64u);
  EXPECT_LE(Count(*s, UnitKind::kStreet), 84u);
  EXPECT_GE(Count(*s, UnitKind::kCommunity), 580u);
  EXPECT_LE(Count(*s, UnitKind::kCommunity), 720u);
  // ~17.7 M residents and ~20 M demands a year (ARCHITECTURE.md "Scale").
  EXPECT_NEAR(static_cast<double>(Residents(*s)), 17.7e6, 2.0e6);
  EXPECT_GE(DemandsPerYear(*s), 17e6);
  EXPECT_LE(DemandsPerYear(*s), 23e6);
  EXPECT_GE(s->city.departments().size(), 18u);
  EXPECT_LE(s->city.departments().size(), 22u);
  EXPECT_GE(s->city.categories().size(), 18u);
  EXPECT_LE(s->city.categories().size(), 22u);
  // Every district gets a unit of every department.
  EXPECT_EQ(Count(*s, UnitKind::kDepartment), 10u * s->city.departments().size());
  EXPECT_EQ(Count(*s, UnitKind::kHotline), 1u);
}

// The M/M/c validation scenario: lambda = 8/h, mu = 1/h, c = 10 (see mmc.yaml).
TEST(ShippedScenarios, MmcIsAPlainMMcQueue) {
  const auto s = Load("mmc.yaml");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(Count(*s, UnitKind::kCommunity), 1u);
  EXPECT_EQ(Count(*s, UnitKind::kGrid), 0u);
  EXPECT_EQ(Count(*s, UnitKind::kMediation), 0u);
  EXPECT_EQ(Count(*s, UnitKind::kVolunteers), 0u);
  const model::Unit& community = s->city.unit(s->city.OfKind(UnitKind::kCommunity)[0]);
  EXPECT_EQ(community.staff, 10);
  EXPECT_EQ(community.hours, model::StaffHours::kAlways);
  ASSERT_EQ(s->city.categories().size(), 1u);
  const model::Category& c = s->city.categories()[0];
  EXPECT_EQ(c.lowest_level, Level::kCommunity);
  const auto& at_community = c.resolve[static_cast<std::size_t>(Level::kCommunity)];
  ASSERT_TRUE(at_community.has_value());
  EXPECT_EQ(at_community->p, 1.0);
  EXPECT_DOUBLE_EQ(at_community->work_hours.Mean(), 1.0);            // mu = 1 per hour
  EXPECT_DOUBLE_EQ(at_community->work_hours.Variance(), 1.0);        // exponential: cv = 1
  EXPECT_TRUE(FlatProfiles(s->demand));
  EXPECT_TRUE(s->demand.bursts.empty());
  EXPECT_EQ(s->demand.trend_per_year, 0);
  EXPECT_NEAR(DemandsPerYear(*s) / kHoursPerYear, 8.0, 1e-9);        // lambda = 8 per hour
}

// The Jackson network: community (p1) -> street (p2) -> lead department, every
// station M/M/c and below saturation (see jackson.yaml for the numbers).
TEST(ShippedScenarios, JacksonIsAStableFeedForwardNetwork) {
  const auto s = Load("jackson.yaml");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(Count(*s, UnitKind::kCommunity), 1u);
  ASSERT_EQ(Count(*s, UnitKind::kStreet), 1u);
  EXPECT_EQ(Count(*s, UnitKind::kGrid), 0u);
  EXPECT_TRUE(FlatProfiles(s->demand));
  ASSERT_EQ(s->city.categories().size(), 1u);
  const model::Category& c = s->city.categories()[0];
  const auto& community = c.resolve[static_cast<std::size_t>(Level::kCommunity)];
  const auto& street = c.resolve[static_cast<std::size_t>(Level::kStreet)];
  const auto& district = c.resolve[static_cast<std::size_t>(Level::kDistrict)];
  const auto& department = c.resolve[static_cast<std::size_t>(Level::kDepartment)];
  ASSERT_TRUE(community && street && department);
  EXPECT_FALSE(district.has_value());  // the district only passes the demand on
  EXPECT_EQ(department->p, 1.0);
  EXPECT_TRUE(c.assists.empty());
  // Traffic equations.
  const double lambda_c = DemandsPerYear(*s) / kHoursPerYear;
  const double lambda_s = lambda_c * (1 - community->p);
  const double lambda_d = lambda_s * (1 - street->p);
  EXPECT_NEAR(lambda_c, 10.0, 1e-9);
  EXPECT_NEAR(lambda_s, 4.0, 1e-9);
  EXPECT_NEAR(lambda_d, 2.0, 1e-9);
  const auto load = [](double lambda, double mean_hours, int staff) {
    return lambda * mean_hours / staff;
  };
  const model::Unit& community_unit = s->city.unit(s->city.OfKind(UnitKind::kCommunity)[0]);
  const model::Unit& street_unit = s->city.unit(s->city.OfKind(UnitKind::kStreet)[0]);
  const model::DepartmentType& lead = s->city.departments().at(static_cast<std::size_t>(c.lead));
  for (const model::Unit* u : {&community_unit, &street_unit}) {
    EXPECT_EQ(u->hours, model::StaffHours::kAlways) << u->name;
    EXPECT_EQ(u->travel_to_parent, 0) << u->name;
  }
  EXPECT_EQ(lead.hours, model::StaffHours::kAlways);
  EXPECT_EQ(lead.travel, 0);
  EXPECT_NEAR(load(lambda_c, community->work_hours.Mean(), community_unit.staff), 0.625, 1e-9);
  EXPECT_NEAR(load(lambda_s, street->work_hours.Mean(), street_unit.staff), 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(load(lambda_d, department->work_hours.Mean(), lead.staff), 2.0 / 3.0, 1e-9);
  for (const auto* r : {&community, &street, &department}) {
    EXPECT_NEAR((*r)->work_hours.Variance(), (*r)->work_hours.Mean() * (*r)->work_hours.Mean(),
                1e-12);  // exponential
  }
}

}  // namespace
}  // namespace escalade::scenario
