// The format stated once: the shipped JSON Schema and FORMAT.md's key tables are what the
// declaration generates; the declared defaults are what the loader fills in; the schema's
// presets are the registry's; the loader's unknown-key messages name declared keys.
#include "sim/scenario/format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>

#include "policies/presets.h"
#include "policies/rules.h"
#include "sim/kernel/duration.h"
#include "sim/scenario/format_doc.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/schema.h"

namespace escalade::scenario {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(FormatTest, TheShippedSchemaIsTheGeneratedOne) {
  const std::string shipped = ReadFile(ESCALADE_SCENARIOS_DIR "/schema/scenario.schema.json");
  ASSERT_FALSE(shipped.empty());
  EXPECT_TRUE(shipped == ScenarioJsonSchema())
      << "scenarios/schema/scenario.schema.json is not the generated schema; regenerate it: "
         "build/escalade schema > scenarios/schema/scenario.schema.json";
}

TEST(FormatTest, FormatMdKeyTablesAreCurrent) {
  const std::string shipped = ReadFile(ESCALADE_SCENARIOS_DIR "/FORMAT.md");
  kernel::Result<std::string> regenerated = RegenerateFormatDoc(shipped);
  ASSERT_TRUE(regenerated.ok()) << regenerated.status().message();
  EXPECT_TRUE(shipped == *regenerated)
      << "the generated parts of scenarios/FORMAT.md are stale; regenerate them: "
         "build/escalade schema --format-md scenarios/FORMAT.md";
  // Every section with a table in FORMAT.md, and those without, on purpose.
  for (const format::Section& section : format::ScenarioFormat().sections()) {
    const bool documented = shipped.find("<!-- generated: keys " + std::string(section.id) +
                                         " -->") != std::string::npos;
    const bool elsewhere = section.id == "working_hours" || section.id == "city_defaults" ||
                           section.id == "level_defaults" || section.id == "district_defaults" ||
                           section.id == "resolve" || section.id == "channels" ||
                           section.id == "policy_settings";
    EXPECT_TRUE(documented || elsewhere) << section.id << " has no key table in FORMAT.md";
  }
}

TEST(FormatTest, RegenerationRefusesUnknownOrOpenMarkers) {
  kernel::Result<std::string> unknown =
      RegenerateFormatDoc("a\n<!-- generated: keys nowhere -->\n<!-- end generated -->\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("line 2: no section 'nowhere'"));
  kernel::Result<std::string> open = RegenerateFormatDoc("<!-- generated: presets -->\ntext\n");
  ASSERT_FALSE(open.ok());
  EXPECT_THAT(open.status().message(), HasSubstr("has no <!-- end generated -->"));
  kernel::Result<std::string> table =
      RegenerateFormatDoc("x\n<!-- generated: keys meta -->\nold\n<!-- end generated -->\ny\n");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(*table, "x\n<!-- generated: keys meta -->\n" + FormatKeyTable("meta") +
                        "<!-- end generated -->\ny\n");
}

TEST(FormatTest, TheSchemaAcceptsEveryPresetTheLoaderAccepts) {
  const nlohmann::json schema = nlohmann::json::parse(ScenarioJsonSchema());
  const nlohmann::json& presets =
      schema.at("definitions").at("policy").at("properties").at("preset").at("enum");
  std::vector<std::string> names;
  for (const policies::PresetInfo& preset : policies::Presets()) names.emplace_back(preset.name);
  for (const policies::RuleInfo& rule : policies::Rules()) names.emplace_back(rule.name);
  EXPECT_EQ(presets.size(), names.size());
  for (const std::string& name : names) {
    EXPECT_NE(std::find(presets.begin(), presets.end(), name), presets.end()) << name;
  }
  EXPECT_NE(std::find(presets.begin(), presets.end(), "red_to_district"), presets.end());
}

TEST(FormatTest, AnEmptyFileIsToldTheRequiredTopLevelKeys) {
  EXPECT_EQ(format::ExpectedDocument(),
            "a mapping with version, meta, departments, city, categories, demand and policies");
}

TEST(FormatTest, UnknownKeysAreRefusedWithTheDeclaredOnesSuggested) {
  Diagnostics diags("t.yaml");
  const kernel::Result<Scenario> loaded =
      LoadScenarioFromString("version: 1\nmeta: {name: t, descripton: x}\n", "t.yaml", diags);
  EXPECT_FALSE(loaded.ok());
  EXPECT_THAT(diags.ToString(),
              HasSubstr("meta.descripton: unknown key 'descripton'; did you mean 'description'?"));
}

// A file that names every section whose keys have defaults, giving none of those keys.
constexpr std::string_view kDefaults = R"yaml(version: 1
meta: {name: defaults}
departments:
  water: {staff: 2}
city:
  hotline: {staff: 3}
  districts:
    - name: d
      streets:
        - name: s
          enforcement_team: {staff: 1}
          mediation: {staff: 1}
          communities:
            - {name: c, population: 100, grids: 2, volunteers: {staff: 1}}
categories:
  leak:
    lead: water
    lowest_level: community
    resolve:
      department: {p: 1, work: 1h}
demand: {per_capita_per_year: 1, mix: {leak: 1}}
policies:
  - preset: layered_reporting
)yaml";

nlohmann::json Default(std::string_view section, std::string_view key) {
  const format::Key* found = format::ScenarioFormat().section(section).Find(key);
  EXPECT_NE(found, nullptr) << section << "." << key;
  if (found == nullptr || found->default_json.empty()) return nullptr;
  return nlohmann::json::parse(found->default_json);
}

kernel::SimTime Duration(const nlohmann::json& text) {
  return kernel::ParseDuration(text.get<std::string>())->millis;
}

model::StaffHours Hours(const nlohmann::json& text) {
  return text.get<std::string>() == "always" ? model::StaffHours::kAlways
                                             : model::StaffHours::kOffice;
}

TEST(FormatTest, TheDeclaredDefaultsAreWhatTheLoaderFillsIn) {
  Diagnostics diags("defaults.yaml");
  kernel::Result<Scenario> loaded = LoadScenarioFromString(kDefaults, "defaults.yaml", diags);
  ASSERT_TRUE(loaded.ok()) << diags.ToString();
  const Scenario& s = *loaded;

  EXPECT_EQ(s.meta.title, Default("meta", "title").get<std::string>());
  EXPECT_EQ(kernel::FormatDate(s.calendar.start_date()),
            Default("calendar", "start").get<std::string>());
  EXPECT_EQ(s.utc_offset_minutes, 8 * 60);
  EXPECT_EQ(Default("calendar", "utc_offset"), "+08:00");
  EXPECT_EQ(s.experiment.replications, Default("experiment", "replications").get<int>());
  EXPECT_EQ(s.experiment.horizon, Duration(Default("experiment", "horizon")));
  EXPECT_EQ(s.experiment.warmup, Duration(Default("experiment", "warmup")));
  EXPECT_EQ(s.experiment.seed, Default("experiment", "seed").get<std::uint64_t>());

  const model::DepartmentType& water = s.city.departments().at(0);
  EXPECT_EQ(water.hours, Hours(Default("department", "hours")));
  EXPECT_EQ(water.enforcement, Default("department", "enforcement").get<bool>());
  EXPECT_EQ(water.travel, Duration(Default("department", "travel")));

  const model::City& city = s.city;
  const auto unit = [&city](std::string_view name) -> const model::Unit& {
    return city.unit(*city.Find(name));
  };
  for (const auto& [level, name] : {std::pair{"grid", "c.g1"}, std::pair{"community", "c"},
                                    std::pair{"street", "s"}, std::pair{"district", "d"}}) {
    const nlohmann::json expected = Default("city_defaults", level);
    EXPECT_EQ(unit(name).staff, expected.at("staff").get<int>()) << level;
    EXPECT_EQ(unit(name).hours, Hours(expected.at("hours"))) << level;
    if (expected.contains("travel")) {
      EXPECT_EQ(unit(name).travel_to_parent, Duration(expected.at("travel"))) << level;
    }
  }
  EXPECT_EQ(unit("hotline").hours, Hours(Default("hotline", "hours")));
  EXPECT_EQ(unit("s.enforcement").hours, Hours(Default("enforcement_team", "hours")));
  EXPECT_EQ(unit("s.mediation").hours, Hours(Default("team", "hours")));
  EXPECT_EQ(unit("c.volunteers").hours, Hours(Default("team", "hours")));

  EXPECT_EQ(s.demand.holiday_factor, Default("demand", "holiday_factor").get<double>());
  EXPECT_EQ(s.demand.trend_per_year, Default("demand", "trend_per_year").get<double>());
  EXPECT_EQ(s.demand.urgent, Default("demand", "urgent").get<double>());
  EXPECT_EQ(s.demand.channels[0], Default("demand", "channels").at("hotline").get<double>());
  EXPECT_EQ(s.demand.people.Mean(), Default("demand", "people").get<double>());
  EXPECT_EQ(s.demand.money.Mean(), Default("demand", "money").get<double>());
  EXPECT_EQ(s.demand.patrol.hours, Hours(Default("patrol", "hours")));
  EXPECT_EQ(s.demand.backlog.per_community, Default("backlog", "per_community").get<int>());
}

}  // namespace
}  // namespace escalade::scenario
