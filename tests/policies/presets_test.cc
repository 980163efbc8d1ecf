#include "policies/presets.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace escalade::policies {
namespace {

// The preset names are a public interface (scenario files name them).
TEST(PresetsTest, CatalogueHasTheNineDesignPresetsBaselineFirst) {
  const std::set<std::string> expected = {"layered_reporting", "street_whistle", "hotline_direct",
                                          "call_response",     "community_orders", "tiered_sla",
                                          "one_window",        "nyc311_sla",     "itil_tiered"};
  std::set<std::string> names;
  for (const PresetInfo& p : Presets()) {
    EXPECT_TRUE(names.insert(std::string(p.name)).second) << "duplicate " << p.name;
    EXPECT_FALSE(p.title.empty());
    EXPECT_FALSE(p.summary.empty());
    EXPECT_FALSE(p.source.empty());
  }
  EXPECT_EQ(names, expected);
  EXPECT_EQ(Presets().front().name, "layered_reporting");
}

TEST(PresetsTest, FindPreset) {
  ASSERT_TRUE(FindPreset("street_whistle").has_value());
  EXPECT_EQ(FindPreset("street_whistle")->name, "street_whistle");
  EXPECT_FALSE(FindPreset("street-whistle").has_value());
  EXPECT_FALSE(FindPreset("").has_value());
}

}  // namespace
}  // namespace escalade::policies

// The example C++ rule: red demands to the district, everything else as its base preset.
#include "policies/parameters.h"
#include "policies/rules.h"

namespace escalade::policies {
namespace {

TEST(RulesTest, RedToDistrictChangesOnlyTheRedTiersFirstLevel) {
  ASSERT_TRUE(FindRule("red_to_district").has_value());
  auto rule = MakePolicy("r", "red_to_district", {{"paperwork_per_hop", "30m"}});
  auto base = MakePolicy("b", "hotline_direct", {{"paperwork_per_hop", "30m"}});
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  ASSERT_TRUE(base.ok());
  const auto& rule_params = dynamic_cast<const RulePolicy&>(**rule).params();
  EXPECT_EQ(rule_params.paperwork_per_hop, 30 * kernel::kMinute);  // overrides apply
  EXPECT_EQ(rule_params.resolve_deadline,
            dynamic_cast<const RulePolicy&>(**base).params().resolve_deadline);
  EXPECT_EQ((*rule)->Name(), "r");
  model::CityBuilder builder;
  model::DepartmentType water;
  water.name = "water";
  builder.AddDepartment(water);
  model::Category leak;
  leak.name = "leak";
  leak.lead = 0;
  leak.lowest_level = model::Level::kCommunity;
  leak.resolve[static_cast<int>(model::Level::kCommunity)] = model::Resolution{1, {}};
  leak.resolve[static_cast<int>(model::Level::kDepartment)] = model::Resolution{1, {}};
  builder.AddCategory(leak);
  model::Unit district;
  district.name = "d";
  district.kind = model::UnitKind::kDistrict;
  const model::UnitId d = builder.AddUnit(district);
  model::Unit street;
  street.name = "s";
  street.kind = model::UnitKind::kStreet;
  street.parent = d;
  const model::UnitId s = builder.AddUnit(street);
  model::Unit community;
  community.name = "c";
  community.kind = model::UnitKind::kCommunity;
  community.parent = s;
  builder.AddUnit(community);
  model::Unit department;
  department.name = "d.water";
  department.kind = model::UnitKind::kDepartment;
  department.department = 0;
  department.parent = d;
  builder.AddUnit(department);
  std::vector<model::CityProblem> problems;
  auto city = builder.Build(&problems);
  ASSERT_TRUE(city.ok()) << city.status().ToString();
  model::Demand demand;
  for (model::Tier tier : {model::Tier::kRed, model::Tier::kYellow, model::Tier::kGreen}) {
    const model::Level expected =
        tier == model::Tier::kRed ? model::Level::kDistrict : (*base)->First(demand, tier, *city);
    EXPECT_EQ((*rule)->First(demand, tier, *city), expected) << model::TierName(tier);
  }
  // hotline_direct itself: a community-level category is handed down to the community.
  EXPECT_EQ((*base)->First(demand, model::Tier::kRed, *city), model::Level::kCommunity);
}

}  // namespace
}  // namespace escalade::policies
