#include "sim/model/city.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/kernel/time.h"

namespace escalade::model {
namespace {

using kernel::kMinute;
using kernel::kTimeMax;
using kernel::SimTime;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A city as plain data: tests change it, then build it. Unit parents are
// indices into `units`, which are also the ids AddUnit returns.
struct Plan {
  std::vector<DepartmentType> departments;
  std::vector<Category> categories;
  std::vector<Unit> units;
  std::vector<std::string> paths;  // "" = default path
  std::vector<std::tuple<UnitId, UnitId, SimTime>> travel;
  std::vector<std::pair<UnitId, UnitId>> authority;

  UnitId Add(UnitKind kind, std::string name, UnitId parent, int travel_minutes,
             std::int64_t population = 0, std::string path = "") {
    Unit unit;
    unit.name = std::move(name);
    unit.label = unit.name;
    unit.kind = kind;
    unit.parent = parent;
    unit.travel_to_parent = travel_minutes * kMinute;
    unit.population = population;
    units.push_back(std::move(unit));
    paths.push_back(std::move(path));
    return static_cast<UnitId>(units.size() - 1);
  }
  UnitId Dept(std::string name, UnitId district, int department, int travel_minutes) {
    const UnitId id = Add(UnitKind::kDepartment, std::move(name), district, travel_minutes);
    units[id].department = department;
    return id;
  }
  UnitId Id(std::string_view name) const {
    for (UnitId u = 0; u < units.size(); ++u) {
      if (units[u].name == name) return u;
    }
    ADD_FAILURE() << "no unit " << name;
    return kNoUnit;
  }
  Unit& U(std::string_view name) { return units[Id(name)]; }

  kernel::Result<City> Build(std::vector<CityProblem>* problems) const {
    CityBuilder builder;
    for (const auto& d : departments) builder.AddDepartment(d);
    for (const auto& c : categories) builder.AddCategory(c);
    for (std::size_t i = 0; i < units.size(); ++i) {
      const UnitId id = builder.AddUnit(units[i]);
      if (!paths[i].empty()) builder.SetPath(id, paths[i]);
    }
    for (auto [a, b, t] : travel) builder.AddTravel(a, b, t, {90, 3});
    for (auto [a, b] : authority) builder.AddAuthority(a, b, {100 + static_cast<int>(a), 5});
    return builder.Build(problems);
  }
};

Resolution P(double p) { return Resolution{p, {}}; }

DepartmentType Department(std::string name) {
  DepartmentType d;
  d.label = name;
  d.name = std::move(name);
  return d;
}

Category MakeCategory(std::string name, int lead, Level lowest) {
  Category c;
  c.label = name;
  c.name = std::move(name);
  c.lead = lead;
  c.lowest_level = lowest;
  return c;
}

// Two districts. Guangming: streets fenghuang (communities tangwei with two
// grids, dongzhou with one; an enforcement team and a mediation room) and
// yutang (community yulu); departments urban_management and water, and a
// 20-minute road from the water department to dongzhou. Nanshan: street
// shekou, community wanxia with its own mediation room; both departments.
// Department environment has no unit. Minutes to parents in the comments.
Plan Sample() {
  Plan p;
  p.departments = {Department("urban_management"), Department("water"), Department("environment")};
  Category noise = MakeCategory("noise", 0, Level::kGrid);
  noise.resolve[0] = P(0.3);
  noise.resolve[1] = P(0.0);
  noise.resolve[2] = P(0.5);
  noise.resolve[4] = P(0.9);
  noise.mediation = P(0.2);
  Category leak = MakeCategory("water_leak", 1, Level::kStreet);
  leak.resolve[0] = P(0.9);  // below lowest_level: ignored
  leak.resolve[3] = P(0.1);
  leak.resolve[4] = P(1.0);
  p.categories = {noise, leak};

  const UnitId gm = p.Add(UnitKind::kDistrict, "guangming", kNoUnit, 0, 0, "city.districts[0]");
  p.units[gm].label = "光明区";
  const UnitId fh = p.Add(UnitKind::kStreet, "fenghuang", gm, 25, 0,
                          "city.districts[0].streets[0]");  // 1
  const UnitId tw = p.Add(UnitKind::kCommunity, "tangwei", fh, 10, 25000,
                          "city.districts[0].streets[0].communities[0]");  // 2
  p.Add(UnitKind::kGrid, "tangwei.g1", tw, 5, 12500);                      // 3
  p.Add(UnitKind::kGrid, "tangwei.g2", tw, 5, 12500);                      // 4
  const UnitId dz = p.Add(UnitKind::kCommunity, "dongzhou", fh, 40, 10000,
                          "city.districts[0].streets[0].communities[1]");               // 5
  p.Add(UnitKind::kGrid, "dongzhou.g1", dz, 5, 10000);                                  // 6
  const UnitId en = p.Add(UnitKind::kEnforcementTeam, "fenghuang.enforcement", fh, 5);  // 7
  p.units[en].pooled_departments = {0};
  p.Add(UnitKind::kMediation, "fenghuang.mediation", fh, 3);  // 8
  const UnitId yt = p.Add(UnitKind::kStreet, "yutang", gm, 20, 0,
                          "city.districts[0].streets[1]");  // 9
  p.Add(UnitKind::kCommunity, "yulu", yt, 15, 8000,
        "city.districts[0].streets[1].communities[0]");    // 10
  p.Dept("guangming.urban_management", gm, 0, 15);         // 11
  const UnitId gw = p.Dept("guangming.water", gm, 1, 30);  // 12
  const UnitId ns = p.Add(UnitKind::kDistrict, "nanshan", kNoUnit, 0, 0, "city.districts[1]");
  const UnitId sk = p.Add(UnitKind::kStreet, "shekou", ns, 10);           // 14
  const UnitId wx = p.Add(UnitKind::kCommunity, "wanxia", sk, 5, 12000);  // 15
  p.Add(UnitKind::kMediation, "wanxia.mediation", wx, 2);                 // 16
  p.Dept("nanshan.urban_management", ns, 0, 15);                          // 17
  p.Dept("nanshan.water", ns, 1, 15);                                     // 18
  p.Add(UnitKind::kHotline, "hotline", kNoUnit, 0);                       // 19
  p.travel.emplace_back(gw, dz, 20 * kMinute);
  return p;
}

City BuildOk(const Plan& plan) {
  std::vector<CityProblem> problems;
  auto city = plan.Build(&problems);
  EXPECT_TRUE(city.ok()) << city.status().ToString();
  EXPECT_TRUE(problems.empty());
  return city.ok() ? std::move(city).value() : City();
}

// The problems of a plan that must not build.
std::vector<CityProblem> Problems(const Plan& plan) {
  std::vector<CityProblem> problems;
  auto city = plan.Build(&problems);
  EXPECT_FALSE(city.ok());
  if (!city.ok()) {
    EXPECT_THAT(city.status().message(), HasSubstr(std::to_string(problems.size()) + " problem"));
  }
  return problems;
}

std::vector<std::string> Messages(const std::vector<CityProblem>& problems) {
  std::vector<std::string> m;
  for (const auto& p : problems) m.push_back(p.path + ": " + p.message);
  return m;
}

TEST(CityTest, NamesOfKindsAndLevels) {
  EXPECT_EQ(UnitKindName(UnitKind::kEnforcementTeam), "enforcement_team");
  EXPECT_EQ(UnitKindName(UnitKind::kVolunteers), "volunteers");
  EXPECT_EQ(LevelName(Level::kDepartment), "department");
  EXPECT_EQ(ParseLevel("street"), Level::kStreet);
  EXPECT_EQ(ParseLevel("hotline"), std::nullopt);
}

TEST(CityTest, DerivesAncestorsChildrenAndTables) {
  const Plan plan = Sample();
  const City city = BuildOk(plan);
  ASSERT_EQ(city.size(), 20u);
  EXPECT_EQ(city.Find("tangwei.g2"), 4u);
  EXPECT_EQ(city.Find("nowhere"), std::nullopt);
  EXPECT_EQ(city.FindDepartment("water"), 1);
  EXPECT_EQ(city.FindCategory("water_leak"), 1);
  EXPECT_EQ(city.unit(0).label, "光明区");

  const Unit& grid = city.unit(3);
  EXPECT_EQ(std::tie(grid.community, grid.street, grid.district), std::make_tuple(2u, 1u, 0u));
  const Unit& tangwei = city.unit(2);
  EXPECT_EQ(std::tie(tangwei.community, tangwei.street, tangwei.district),
            std::make_tuple(2u, 1u, 0u));
  const Unit& dept = city.unit(11);
  EXPECT_EQ(std::tie(dept.community, dept.street, dept.district),
            std::make_tuple(kNoUnit, kNoUnit, 0u));
  const Unit& room = city.unit(8);  // a street's mediation room
  EXPECT_EQ(std::tie(room.community, room.street, room.district), std::make_tuple(kNoUnit, 1u, 0u));
  const Unit& wanxia_room = city.unit(16);
  EXPECT_EQ(std::tie(wanxia_room.community, wanxia_room.street, wanxia_room.district),
            std::make_tuple(15u, 14u, 13u));
  const Unit& hotline = city.unit(19);
  EXPECT_EQ(std::tie(hotline.community, hotline.street, hotline.district),
            std::make_tuple(kNoUnit, kNoUnit, kNoUnit));

  EXPECT_THAT(city.Children(0), ElementsAre(1, 9, 11, 12));
  EXPECT_THAT(city.Children(1), ElementsAre(2, 5, 7, 8));
  EXPECT_TRUE(city.Children(19).empty());
  EXPECT_THAT(city.OfKind(UnitKind::kCommunity), ElementsAre(2, 5, 10, 15));
  EXPECT_THAT(city.OfKind(UnitKind::kDistrict), ElementsAre(0, 13));
  EXPECT_THAT(city.OfKind(UnitKind::kMediation), ElementsAre(8, 16));
  EXPECT_EQ(city.DepartmentUnit(0, 1), 12u);
  EXPECT_EQ(city.DepartmentUnit(13, 0), 17u);
  EXPECT_EQ(city.DepartmentUnit(0, 2), kNoUnit);  // environment has no unit
  EXPECT_EQ(city.population(), 55000);
  // 17 jurisdiction + 17 travel edges from parents, plus the extra road.
  EXPECT_EQ(boost::num_edges(city.graph()), 35u);
}

TEST(CityTest, TravelTimesAreShortestPaths) {
  const City city = BuildOk(Sample());
  auto minutes = [&city](UnitId from, UnitId to) {
    const SimTime t = city.TravelTime(from, to);
    return t == kTimeMax ? -1.0 : static_cast<double>(t) / kMinute;
  };
  EXPECT_EQ(minutes(12, 5), 20);   // the road beats the tree (30 + 25 + 40)
  EXPECT_EQ(minutes(12, 2), 65);   // tree 30 + 25 + 10 beats the road 20 + 40 + 10
  EXPECT_EQ(minutes(12, 10), 65);  // 30 + 20 + 15
  EXPECT_EQ(minutes(11, 5), 65);   // through the water department: 15 + 30 + 20 < 80
  EXPECT_EQ(minutes(11, 2), 50);
  EXPECT_EQ(minutes(7, 5), 45);   // enforcement team: 5 + 40
  EXPECT_EQ(minutes(7, 10), 65);  // 5 + 25 + 20 + 15
  EXPECT_EQ(minutes(8, 2), 13);
  EXPECT_EQ(minutes(16, 15), 2);
  EXPECT_EQ(minutes(18, 15), 30);
  EXPECT_EQ(minutes(12, 15), -1);  // no road between the districts
}

TEST(CityTest, NoRoadParentLinkCanBeBridgedByAnExtraLink) {
  Plan plan = Sample();
  plan.U("dongzhou").travel_to_parent = kTimeMax;  // reached only by the water road
  const City city = BuildOk(plan);
  EXPECT_EQ(city.TravelTime(12, 5), 20 * kMinute);
  EXPECT_EQ(city.TravelTime(11, 5), 65 * kMinute);
  EXPECT_EQ(city.TravelTime(7, 5), (5 + 25 + 30 + 20) * kMinute);
}

TEST(CityTest, ResolversPerCategory) {
  const City city = BuildOk(Sample());
  // noise: grids (p 0.3), streets (0.5), urban_management units, mediation rooms.
  EXPECT_THAT(city.Resolvers(0), ElementsAre(1, 3, 4, 6, 8, 9, 11, 14, 16, 17));
  // water_leak from street up: districts (0.1) and water units; grid entry ignored.
  EXPECT_THAT(city.Resolvers(1), ElementsAre(0, 12, 13, 18));
}

TEST(CityTest, BuilderCanBuildTwice) {
  const Plan plan = Sample();
  CityBuilder builder;
  for (const auto& d : plan.departments) builder.AddDepartment(d);
  for (const auto& c : plan.categories) builder.AddCategory(c);
  for (const auto& u : plan.units) builder.AddUnit(u);
  std::vector<CityProblem> problems;
  auto first = builder.Build(&problems);
  auto second = builder.Build(&problems);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->TravelTime(12, 5), second->TravelTime(12, 5));
}

TEST(CityTest, RejectsParentOfTheWrongKind) {
  Plan plan = Sample();
  plan.U("tangwei").parent = plan.Id("guangming");
  const auto problems = Problems(plan);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(Messages(problems));
  EXPECT_EQ(problems[0].path, "city.districts[0].streets[0].communities[0]");
  EXPECT_EQ(problems[0].message,
            "community 'tangwei' has parent 'guangming' of kind district; a community's parent "
            "must be a street");
}

TEST(CityTest, RejectsMissingAndUnknownParents) {
  Plan plan = Sample();
  plan.U("yutang").parent = kNoUnit;
  plan.U("hotline").parent = 0;
  plan.U("tangwei.g1").parent = 999;
  EXPECT_THAT(
      Messages(Problems(plan)),
      ElementsAre(
          "units[3]: grid 'tangwei.g1' has parent id 999, which is not a unit; a grid's parent "
          "must be a community",
          "city.districts[0].streets[1]: street 'yutang' has no parent; a street's parent must "
          "be a district",
          "units[19]: hotline 'hotline' has parent 'guangming' of kind district; a hotline has "
          "no parent"));
}

TEST(CityTest, RejectsACycleThroughParents) {
  Plan plan = Sample();
  plan.U("fenghuang").parent = plan.Id("tangwei");
  EXPECT_THAT(Messages(Problems(plan)),
              ElementsAre("city.districts[0].streets[0]: street 'fenghuang' has parent 'tangwei' "
                          "of kind community; a street's parent must be a district",
                          "city.districts[0].streets[0]: jurisdiction parents form a cycle: "
                          "fenghuang -> tangwei -> fenghuang; jurisdiction must be a tree (each "
                          "unit's parent is one level up)"));
}

TEST(CityTest, RejectsDuplicateNames) {
  Plan plan = Sample();
  plan.U("yulu").name = "tangwei";
  plan.departments[2].name = "water";
  plan.categories[1].name = "noise";
  plan.categories[1].mark = {40, 3};
  const auto problems = Problems(plan);
  EXPECT_THAT(Messages(problems),
              ElementsAre("departments.water: department 'water' is declared more than once; "
                          "department names must be unique",
                          "categories.noise: category 'noise' is declared more than once; "
                          "category names must be unique",
                          "city.districts[0].streets[1].communities[0]: unit name 'tangwei' is "
                          "already used by city.districts[0].streets[0].communities[0]; unit "
                          "names must be unique across the city"));
  EXPECT_EQ(problems[1].mark.line, 40);
}

TEST(CityTest, RejectsAnAuthorityCycle) {
  Plan plan = Sample();
  const UnitId gm = plan.Id("guangming"), fh = plan.Id("fenghuang");
  const UnitId um = plan.Id("guangming.urban_management");
  plan.authority = {{fh, um}, {um, gm}, {gm, fh}, {fh, plan.Id("tangwei")}};
  const auto problems = Problems(plan);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "city.districts[0]");
  EXPECT_EQ(problems[0].mark.line, 100);  // the link guangming -> fenghuang
  EXPECT_EQ(problems[0].message,
            "authority links form a cycle: guangming -> fenghuang -> guangming.urban_management "
            "-> guangming; authority must not loop (a demand could be passed round it forever)");

  plan.authority.pop_back();
  plan.authority.erase(plan.authority.begin() + 1);  // no um -> gm: a chain, accepted
  BuildOk(plan);
}

TEST(CityTest, RejectsAnUnresolvableCategory) {
  Plan plan = Sample();
  Category air = MakeCategory("air", 2, Level::kGrid);
  air.mark = {77, 3};
  air.resolve[0] = P(0);
  air.resolve[4] = P(0);
  air.volunteers = P(0);
  plan.categories.push_back(air);
  const auto problems = Problems(plan);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "categories.air");
  EXPECT_EQ(problems[0].mark.line, 77);
  EXPECT_EQ(problems[0].message,
            "category 'air': no unit can resolve it (lead department 'environment' has no unit "
            "and every level has p = 0); expected a level with p > 0 that has a unit");

  // p > 0 only where the city has no unit: volunteers.
  plan.categories.back().volunteers = P(0.5);
  EXPECT_THAT(Messages(Problems(plan)),
              ElementsAre("categories.air: category 'air': no unit can resolve it (lead "
                          "department 'environment' has no unit and volunteers have p > 0 but "
                          "the city has no volunteer team); expected a level with p > 0 that "
                          "has a unit"));
}

// Sound parents connect every unit of a district, so a community can only be
// cut off by a "no road" parent link that no extra link bridges.
TEST(CityTest, RejectsACommunityItsServersCannotReach) {
  Plan plan = Sample();
  plan.U("dongzhou").travel_to_parent = kTimeMax;
  plan.travel.clear();
  const auto problems = Problems(plan);
  const std::string where = "city.districts[0].streets[0].communities[1]";
  const std::string expected =
      " cannot reach community 'dongzhou' by travel links; expected a travel path from every "
      "department unit of a district and every team of a street to each of its communities";
  EXPECT_THAT(Messages(problems),
              ElementsAre(where + ": enforcement team 'fenghuang.enforcement'" + expected,
                          where + ": mediation room 'fenghuang.mediation'" + expected,
                          where + ": department unit 'guangming.urban_management'" + expected,
                          where + ": department unit 'guangming.water'" + expected));
}

TEST(CityTest, ReportsEveryProblemAtOnce) {
  Plan plan = Sample();
  plan.U("yulu").staff = -1;
  plan.U("yulu").population = -5;
  plan.U("tangwei.g1").travel_to_parent = -2 * kMinute;
  plan.U("guangming.water").department = 7;
  plan.U("fenghuang.enforcement").pooled_departments = {5};
  plan.U("wanxia").mix = {0.5};
  plan.Add(UnitKind::kDistrict, "empty_district", kNoUnit, 0);
  plan.Add(UnitKind::kStreet, "empty_street", 0, 5);
  plan.Dept("nanshan.water2", plan.Id("nanshan"), 1, 15);
  plan.categories[1].resolve[3] = P(1.5);
  plan.categories[1].assists = {9};
  plan.departments[0].staff = -3;
  plan.travel.emplace_back(2, 999, kMinute);
  plan.travel.emplace_back(2, 10, -kMinute);
  plan.authority.emplace_back(3, 3);
  EXPECT_THAT(
      Messages(Problems(plan)),
      ElementsAre(
          "departments.urban_management: department 'urban_management' has staff -3; expected "
          "staff >= 0",
          "categories.water_leak: category 'water_leak' has assisting department index 9; "
          "expected an index below 3",
          "categories.water_leak: category 'water_leak': resolve.district.p is 1.5; "
          "expected a probability in [0, 1]",
          "units[3]: grid 'tangwei.g1' has travel time -2 min to its parent; expected a time >= 0",
          "units[7]: enforcement team 'fenghuang.enforcement' pools department index 5; "
          "expected an index below 3",
          "city.districts[0].streets[1].communities[0]: community 'yulu' has staff -1; expected "
          "staff >= 0",
          "city.districts[0].streets[1].communities[0]: community 'yulu' has population -5; "
          "expected a population >= 0",
          "units[12]: department unit 'guangming.water' has department index 7; expected an "
          "index below 3",
          "units[15]: community 'wanxia' has a category mix of 1 entries; expected none or one "
          "per category (2)",
          "city.districts[0].streets[0].communities[0]: travel link names unit id 999, which is "
          "not a unit; expected an id returned by AddUnit",
          "city.districts[0].streets[0].communities[0]: travel link 'tangwei' <-> 'yulu' has "
          "time -1 min; expected a time >= 0",
          "units[3]: authority links form a cycle: tangwei.g1 -> tangwei.g1; authority must not "
          "loop (a demand could be passed round it forever)",
          "units[20]: district 'empty_district' has no street; every district needs at least one "
          "street",
          "units[21]: street 'empty_street' has no community; every street needs at least one "
          "community",
          "units[22]: department unit 'nanshan.water2' is a second unit of department 'water' in "
          "district 'nanshan' (the first is 'nanshan.water'); expected one unit per department "
          "and district"));
}

TEST(CityDeathTest, QueriesCheckTheirArguments) {
  const City city = BuildOk(Sample());
  EXPECT_DEATH(city.TravelTime(2, 2), "not a department unit or a team");
  EXPECT_DEATH(city.TravelTime(12, 3), "is not a community");
  EXPECT_DEATH(city.DepartmentUnit(1, 0), "is not a district");
  EXPECT_DEATH(city.DepartmentUnit(0, 3), "no department 3");
}

// --- a megacity-sized city, checked against a plain Dijkstra ---

// ~10 districts, 74 streets, ~650 communities, ~4,000 grids, 200 department
// units, 20 categories; every street has three teams and every community a
// mediation room; a few extra roads, some between districts and some through
// grids (which then stop being leaves of the travel graph).
Plan Megacity() {
  Plan p;
  for (int d = 0; d < 20; ++d) p.departments.push_back(Department("dept" + std::to_string(d)));
  for (int c = 0; c < 20; ++c) {
    Category cat = MakeCategory("cat" + std::to_string(c), c, static_cast<Level>(c % 5));
    for (int l = c % 5; l < kLevelCount; ++l) cat.resolve[l] = P(0.5);
    if (c % 3 == 0) cat.mediation = P(0.3);
    p.categories.push_back(cat);
  }
  std::uint64_t state = 12345;
  auto next = [&state](int n) {  // a small LCG: the city is the same in every run
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
  };
  int streets_made = 0;
  for (int d = 0; d < 10; ++d) {
    const std::string dn = "d" + std::to_string(d);
    const UnitId district = p.Add(UnitKind::kDistrict, dn, kNoUnit, 0);
    for (int k = 0; k < 20; ++k)
      p.Dept(dn + ".dept" + std::to_string(k), district, k, 5 + next(40));
    const int streets = d < 4 ? 8 : 7;  // 4 * 8 + 6 * 7 = 74
    for (int s = 0; s < streets; ++s, ++streets_made) {
      const std::string sn = dn + "s" + std::to_string(s);
      const UnitId street = p.Add(UnitKind::kStreet, sn, district, 10 + next(30));
      p.Add(UnitKind::kEnforcementTeam, sn + ".enforcement", street, 5);
      p.Add(UnitKind::kMediation, sn + ".mediation", street, 3);
      p.Add(UnitKind::kVolunteers, sn + ".volunteers", street, 4);
      const int communities = streets_made % 5 == 0 ? 8 : 9;
      for (int c = 0; c < communities; ++c) {
        const std::string cn = sn + "c" + std::to_string(c);
        const UnitId community = p.Add(UnitKind::kCommunity, cn, street, 5 + next(20), 20000);
        p.Add(UnitKind::kMediation, cn + ".mediation", community, 2);
        for (int g = 0; g < 6; ++g) {
          p.Add(UnitKind::kGrid, cn + ".g" + std::to_string(g), community, 3 + next(5), 3000);
        }
      }
    }
  }
  const auto n = static_cast<int>(p.units.size());
  for (int i = 0; i < 300; ++i) {
    p.travel.emplace_back(next(n), next(n), (1 + next(60)) * kMinute);
  }
  return p;
}

// Reference: textbook Dijkstra over every link, both directions.
std::vector<SimTime> ReferenceDistances(const Plan& plan, UnitId source) {
  std::vector<std::vector<std::pair<UnitId, SimTime>>> adj(plan.units.size());
  for (UnitId u = 0; u < plan.units.size(); ++u) {
    if (plan.units[u].parent == kNoUnit) continue;
    adj[u].emplace_back(plan.units[u].parent, plan.units[u].travel_to_parent);
    adj[plan.units[u].parent].emplace_back(u, plan.units[u].travel_to_parent);
  }
  for (auto [a, b, t] : plan.travel) {
    adj[a].emplace_back(b, t);
    adj[b].emplace_back(a, t);
  }
  std::vector<SimTime> dist(plan.units.size(), kTimeMax);
  using Item = std::pair<SimTime, UnitId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  dist[source] = 0;
  queue.emplace(0, source);
  while (!queue.empty()) {
    auto [d, u] = queue.top();
    queue.pop();
    if (d > dist[u]) continue;
    for (auto [v, t] : adj[u]) {
      if (d + t < dist[v]) queue.emplace(dist[v] = d + t, v);
    }
  }
  return dist;
}

TEST(CityTest, MegacityBuildsAndMatchesAReferenceDijkstra) {
  const Plan plan = Megacity();
  const auto start = std::chrono::steady_clock::now();
  const City city = BuildOk(plan);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // Speed is measured in bench/, not asserted here; the figure is recorded for reading.
  RecordProperty(
      "build_ms",
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
  EXPECT_EQ(city.OfKind(UnitKind::kDistrict).size(), 10u);
  EXPECT_EQ(city.OfKind(UnitKind::kStreet).size(), 74u);
  EXPECT_EQ(city.OfKind(UnitKind::kDepartment).size(), 200u);
  EXPECT_GT(city.OfKind(UnitKind::kCommunity).size(), 640u);
  EXPECT_GT(city.OfKind(UnitKind::kGrid).size(), 3800u);
  EXPECT_EQ(city.population(),
            20000 * static_cast<std::int64_t>(city.OfKind(UnitKind::kCommunity).size()));
  const auto communities = city.OfKind(UnitKind::kCommunity);
  int checked = 0;
  for (UnitKind kind : {UnitKind::kDepartment, UnitKind::kEnforcementTeam, UnitKind::kMediation,
                        UnitKind::kVolunteers}) {
    const auto sources = city.OfKind(kind);
    for (std::size_t i = 0; i < sources.size(); i += 17) {
      const std::vector<SimTime> reference = ReferenceDistances(plan, sources[i]);
      for (UnitId c : communities) {
        ASSERT_EQ(city.TravelTime(sources[i], c), reference[c])
            << city.unit(sources[i]).name << " -> " << city.unit(c).name;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 40000);
  for (int c = 0; c < 20; ++c) EXPECT_FALSE(city.Resolvers(c).empty());
}

}  // namespace
}  // namespace escalade::model
