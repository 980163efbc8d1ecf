#include "analysis/graph_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/kernel/time.h"
#include "sim/model/city.h"

namespace escalade::analysis {
namespace {

using kernel::kMinute;
using model::City;
using model::CityBuilder;
using model::kNoUnit;
using model::Unit;
using model::UnitId;
using model::UnitKind;
using ::testing::HasSubstr;
using ::testing::Not;

// Guangming (光明区): street fenghuang with communities tangwei (2 grids, 10
// minutes away) and dongzhou (1 grid, 40 minutes away), an enforcement team;
// departments urban_management and water, a 20-minute road from water to
// dongzhou, and fenghuang may order urban_management. Nanshan: one street,
// one community without grids, both departments. A hotline. The street's
// label needs escaping in DOT.
City SmallCity() {
  CityBuilder b;
  for (const char* name : {"urban_management", "water"}) {
    model::DepartmentType d;
    d.name = d.label = name;
    b.AddDepartment(d);
  }
  model::Category noise;
  noise.name = noise.label = "noise";
  noise.lead = 0;
  noise.resolve[4] = model::Resolution{1.0, {}};
  b.AddCategory(noise);
  auto add = [&b](UnitKind kind, const std::string& name, const std::string& label, UnitId parent,
                  int minutes, std::int64_t population = 0, int department = -1) {
    Unit u;
    u.kind = kind;
    u.name = name;
    u.label = label;
    u.parent = parent;
    u.travel_to_parent = minutes * kMinute;
    u.population = population;
    u.department = department;
    u.staff = kind == UnitKind::kDistrict ? 12 : 4;
    u.hours = kind == UnitKind::kDistrict ? model::StaffHours::kAlways : model::StaffHours::kOffice;
    return b.AddUnit(u);
  };
  const UnitId gm = add(UnitKind::kDistrict, "guangming", "光明区", kNoUnit, 0);
  const UnitId fh = add(UnitKind::kStreet, "fenghuang", "凤凰 \"Phoenix\" \\ street", gm, 25);
  const UnitId tw = add(UnitKind::kCommunity, "tangwei", "塘尾社区", fh, 10, 25000);
  add(UnitKind::kGrid, "tangwei.g1", "网格1", tw, 5, 12500);
  add(UnitKind::kGrid, "tangwei.g2", "网格2", tw, 5, 12500);
  const UnitId dz = add(UnitKind::kCommunity, "dongzhou", "东周社区", fh, 40, 10000);
  add(UnitKind::kGrid, "dongzhou.g1", "网格1", dz, 5, 10000);
  add(UnitKind::kEnforcementTeam, "fenghuang.enforcement", "综合执法队", fh, 5);
  const UnitId um =
      add(UnitKind::kDepartment, "guangming.urban_management", "城管局", gm, 15, 0, 0);
  const UnitId gw = add(UnitKind::kDepartment, "guangming.water", "水务局", gm, 30, 0, 1);
  const UnitId ns = add(UnitKind::kDistrict, "nanshan", "南山区", kNoUnit, 0);
  const UnitId sk = add(UnitKind::kStreet, "shekou", "蛇口街道", ns, 10);
  add(UnitKind::kCommunity, "wanxia", "湾厦社区", sk, 5, 12000);
  add(UnitKind::kDepartment, "nanshan.urban_management", "城管局", ns, 15, 0, 0);
  add(UnitKind::kDepartment, "nanshan.water", "水务局", ns, 15, 0, 1);
  add(UnitKind::kHotline, "hotline", "12345", kNoUnit, 0);
  b.AddTravel(gw, dz, 20 * kMinute);
  b.AddAuthority(fh, um);
  std::vector<model::CityProblem> problems;
  auto city = b.Build(&problems);
  EXPECT_TRUE(city.ok()) << city.status().ToString();
  return city.ok() ? std::move(city).value() : City();
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

TEST(GraphExportTest, DotHasEveryUnitRanksAndClusters) {
  const City city = SmallCity();
  const std::string dot = CityToDot(city);
  for (const Unit& unit : city.units()) {
    if (unit.kind == UnitKind::kGrid) {
      EXPECT_THAT(dot, Not(HasSubstr(Quoted(unit.name)))) << unit.name;
    } else {
      EXPECT_EQ(Count(dot, Quoted(unit.name) + " [label="), 1) << unit.name;
    }
  }
  EXPECT_EQ(Count(dot, "rank=same"), 3);  // districts, streets, communities
  EXPECT_THAT(dot, HasSubstr("{ rank=same; // street\n    \"fenghuang\"; \"shekou\";\n  }"));
  EXPECT_THAT(dot, HasSubstr("subgraph \"cluster_departments_guangming\""));
  EXPECT_THAT(dot, HasSubstr("subgraph \"cluster_departments_nanshan\""));
  EXPECT_THAT(dot, HasSubstr("label=\"塘尾社区\\n4 staff\\n25,000 people, 2 grids\""));
  EXPECT_THAT(dot, HasSubstr("label=\"东周社区\\n4 staff\\n10,000 people, 1 grid\""));
  EXPECT_THAT(dot, HasSubstr("label=\"光明区\\n12 staff, 24h\""));
  EXPECT_THAT(dot, HasSubstr("label=\"凤凰 \\\"Phoenix\\\" \\\\ street\\n4 staff\""));
  EXPECT_THAT(dot, HasSubstr("fontname=\"Noto Sans CJK SC, sans-serif\""));
  // Jurisdiction parent -> child; only the long link is labelled.
  EXPECT_THAT(dot, HasSubstr("\"fenghuang\" -> \"dongzhou\" [dir=none, headlabel=\"40 min\""));
  EXPECT_THAT(dot, HasSubstr("\"fenghuang\" -> \"tangwei\" [dir=none];"));
  EXPECT_THAT(dot, HasSubstr("\"guangming.water\" -> \"dongzhou\" [dir=none, style=dotted"));
  EXPECT_THAT(dot, HasSubstr("label=\"20 min\""));
  EXPECT_THAT(dot, HasSubstr("\"fenghuang\" -> \"guangming.urban_management\" [style=dashed, "
                             "color=\"#c00000\""));
  EXPECT_EQ(Count(dot, "style=dotted"), 1);  // parent links are not drawn twice
}

TEST(GraphExportTest, DotCanIncludeGrids) {
  const City city = SmallCity();
  const std::string dot = CityToDot(city, {.include_grids = true});
  EXPECT_EQ(Count(dot, "\"tangwei.g2\" [label=\"网格2\\n4 staff\""), 1);
  EXPECT_EQ(Count(dot, "rank=same"), 4);
  EXPECT_THAT(dot, HasSubstr("\"tangwei\" -> \"tangwei.g1\" [dir=none];"));
  EXPECT_THAT(dot, HasSubstr("\"tangwei.g1\" -> \"tangwei.g2\" [style=invis];"));
  EXPECT_THAT(dot, HasSubstr("label=\"塘尾社区\\n4 staff\\n25,000 people\""));
  EXPECT_THAT(dot, Not(HasSubstr("grids\"")));
}

TEST(GraphExportTest, DotIsAcceptedByGraphviz) {
  if (!std::filesystem::exists("/usr/bin/dot")) GTEST_SKIP() << "/usr/bin/dot not installed";
  const City city = SmallCity();
  for (bool grids : {false, true}) {
    const std::string base = ::testing::TempDir() + "graph_export_test_" + std::to_string(grids);
    std::ofstream(base + ".dot") << CityToDot(city, {.include_grids = grids});
    const std::string command =
        "/usr/bin/dot -Tsvg " + base + ".dot -o " + base + ".svg 2>" + base + ".err";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream svg(base + ".svg");
    const std::string text((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
    EXPECT_THAT(text, HasSubstr("光明区"));
    EXPECT_THAT(text, HasSubstr("Phoenix"));
  }
}

const nlohmann::json* NodeNamed(const nlohmann::json& root, const std::string& name) {
  for (const auto& node : root["nodes"]) {
    if (node["name"] == name) return &node;
  }
  return nullptr;
}

TEST(GraphExportTest, JsonParsesBackWithNodesEdgesAndFields) {
  const City city = SmallCity();
  const nlohmann::json root = nlohmann::json::parse(CityToJson(city));
  // 16 units, 3 of them grids; 13 units with parents give 26 edges, plus the
  // road and the authority link, less the 6 that touch grids.
  EXPECT_EQ(root["nodes"].size(), 13u);
  EXPECT_EQ(root["edges"].size(), 22u);

  const nlohmann::json* tangwei = NodeNamed(root, "tangwei");
  ASSERT_NE(tangwei, nullptr);
  EXPECT_EQ((*tangwei)["id"], 2);
  EXPECT_EQ((*tangwei)["label"], "塘尾社区");
  EXPECT_EQ((*tangwei)["kind"], "community");
  EXPECT_EQ((*tangwei)["level"], "community");
  EXPECT_EQ((*tangwei)["staff"], 4);
  EXPECT_EQ((*tangwei)["hours"], "office");
  EXPECT_EQ((*tangwei)["population"], 25000);
  EXPECT_EQ((*tangwei)["grids"], 2);
  EXPECT_EQ((*tangwei)["parent"], "fenghuang");
  EXPECT_EQ((*tangwei)["street"], "fenghuang");
  EXPECT_EQ((*tangwei)["district"], "guangming");

  const nlohmann::json* street = NodeNamed(root, "fenghuang");
  ASSERT_NE(street, nullptr);
  EXPECT_EQ((*street)["label"], "凤凰 \"Phoenix\" \\ street");
  const nlohmann::json* hotline = NodeNamed(root, "hotline");
  ASSERT_NE(hotline, nullptr);
  EXPECT_FALSE(hotline->contains("level"));
  EXPECT_TRUE((*hotline)["parent"].is_null());
  EXPECT_TRUE((*hotline)["district"].is_null());
  EXPECT_EQ((*NodeNamed(root, "guangming.water"))["level"], "department");
  EXPECT_EQ((*NodeNamed(root, "guangming"))["hours"], "always");
  EXPECT_EQ((*NodeNamed(root, "fenghuang.enforcement"))["kind"], "enforcement_team");

  int roads = 0, authority = 0;
  for (const auto& edge : root["edges"]) {
    ASSERT_TRUE(edge.contains("travel_minutes"));
    if (edge["kind"] == "travel") {
      EXPECT_TRUE(edge["travel_minutes"].is_number());
      if (edge["source"] == 9 && edge["target"] == 5) {
        EXPECT_EQ(edge["travel_minutes"], 20);
        ++roads;
      }
      if (edge["source"] == 5) {
        EXPECT_EQ(edge["travel_minutes"], 40);
      }
    } else {
      EXPECT_TRUE(edge["travel_minutes"].is_null());
    }
    if (edge["kind"] == "authority") {
      EXPECT_EQ(edge["source"], 1);
      EXPECT_EQ(edge["target"], 8);
      ++authority;
    }
  }
  EXPECT_EQ(roads, 1);
  EXPECT_EQ(authority, 1);
}

TEST(GraphExportTest, JsonCanIncludeGrids) {
  const City city = SmallCity();
  const nlohmann::json root = nlohmann::json::parse(CityToJson(city, {.include_grids = true}));
  EXPECT_EQ(root["nodes"].size(), city.size());
  EXPECT_EQ(root["edges"].size(), boost::num_edges(city.graph()));
  const nlohmann::json* grid = NodeNamed(root, "tangwei.g1");
  ASSERT_NE(grid, nullptr);
  EXPECT_EQ((*grid)["level"], "grid");
  EXPECT_FALSE(grid->contains("community"));  // not a field: parent, street and district are
  EXPECT_EQ((*grid)["parent"], "tangwei");
  EXPECT_EQ((*grid)["street"], "fenghuang");
  EXPECT_EQ((*grid)["population"], 12500);
}

}  // namespace
}  // namespace escalade::analysis
