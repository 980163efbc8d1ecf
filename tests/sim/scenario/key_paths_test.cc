// Key paths with wildcards, the staff keys of a document, and edits of a file's own text.
#include "sim/scenario/key_paths.h"

#include <gtest/gtest.h>

namespace escalade::scenario {
namespace {

const char kText[] = R"(# a comment that stays
departments:
  water:
    staff: 4                  # [assumed] crews
  fire: {staff: 1, hours: always}
city:
  defaults:
    community: {staff: 3}
  districts:
    - name: d
      staff: 12
      streets:
        - {name: s1, staff: 8, mediation: {staff: 2}}   # street one
        - name: s2
          staff: 7
meta: {name: x}
)";

TEST(ExpandKeyPathTest, WildcardsMatchKeysAndIndicesInDocumentOrder) {
  const YAML::Node doc = YAML::Load(kText);
  auto all = ExpandKeyPath(doc, "departments.*.staff");
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].path, "departments.water.staff");
  EXPECT_EQ((*all)[0].value, "4");
  EXPECT_EQ((*all)[0].line, 4);
  EXPECT_EQ((*all)[0].column, 12);
  EXPECT_EQ((*all)[1].path, "departments.fire.staff");
  auto streets = ExpandKeyPath(doc, "city.districts.0.streets.*.staff");
  ASSERT_TRUE(streets.ok());
  ASSERT_EQ(streets->size(), 2u);
  EXPECT_EQ((*streets)[1].path, "city.districts.0.streets.1.staff");
  EXPECT_EQ((*streets)[1].value, "7");
  // A wildcard that finds the key in some entries only keeps those.
  auto rooms = ExpandKeyPath(doc, "city.districts.*.streets.*.mediation.staff");
  ASSERT_TRUE(rooms.ok());
  ASSERT_EQ(rooms->size(), 1u);
  EXPECT_EQ((*rooms)[0].path, "city.districts.0.streets.0.mediation.staff");
}

TEST(ExpandKeyPathTest, MistakesSayWhereAndSuggest) {
  const YAML::Node doc = YAML::Load(kText);
  auto typo = ExpandKeyPath(doc, "departments.water.staf");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("no key 'staf' in departments.water; did you mean "
                                         "'staff'?"),
            std::string::npos)
      << typo.status().message();
  auto index = ExpandKeyPath(doc, "city.districts.3.staff");
  ASSERT_FALSE(index.ok());
  EXPECT_NE(index.status().message().find("city.districts is a list of 1 entries"),
            std::string::npos)
      << index.status().message();
  EXPECT_FALSE(ExpandKeyPath(doc, "departments..staff").ok());
  EXPECT_FALSE(ExpandKeyPath(doc, "departments.water").ok());  // a mapping, not a value
}

TEST(StaffKeyPathsTest, EveryStaffTheFileSets) {
  const YAML::Node doc = YAML::Load(kText);
  std::vector<std::string> paths;
  for (const KeyPathValue& k : StaffKeyPaths(doc)) paths.push_back(k.path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "departments.water.staff", "departments.fire.staff",
                       "city.defaults.community.staff", "city.districts.0.staff",
                       "city.districts.0.streets.0.staff",
                       "city.districts.0.streets.0.mediation.staff",
                       "city.districts.0.streets.1.staff"}));
}

TEST(EditScalarsTest, ChangesOnlyTheScalarsAndCommentsTheirLines) {
  const YAML::Node doc = YAML::Load(kText);
  auto water = ExpandKeyPath(doc, "departments.water.staff").value()[0];
  auto s1 = ExpandKeyPath(doc, "city.districts.0.streets.0.staff").value()[0];
  auto room = ExpandKeyPath(doc, "city.districts.0.streets.0.mediation.staff").value()[0];
  auto s2 = ExpandKeyPath(doc, "city.districts.0.streets.1.staff").value()[0];
  std::vector<ScalarEdit> edits = {
      {water.line, water.column, "4", "3", "water 4 -> 3"},
      {s1.line, s1.column, "8", "10", "s1 8 -> 10"},
      {room.line, room.column, "2", "1", "room 2 -> 1"},
      {s2.line, s2.column, "7", "7", "s2 7 -> 7"}};
  auto edited = EditScalars(kText, edits, "optimize p");
  ASSERT_TRUE(edited.ok()) << edited.status().message();
  const std::string& t = *edited;
  EXPECT_NE(t.find("    staff: 3                  # optimize p: water 4 -> 3 | [assumed] crews\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("        - {name: s1, staff: 10, mediation: {staff: 1}}   # optimize p: "
                   "s1 8 -> 10; room 2 -> 1 | street one\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("          staff: 7  # optimize p: s2 7 -> 7\n"), std::string::npos) << t;
  EXPECT_EQ(t.rfind("# a comment that stays\n", 0), 0u);
  // The edited text is the same document with the new values.
  const YAML::Node again = YAML::Load(t);
  EXPECT_EQ(again["departments"]["water"]["staff"].as<int>(), 3);
  EXPECT_EQ(again["city"]["districts"][0]["streets"][0]["mediation"]["staff"].as<int>(), 1);
  // A position that does not hold the expected text is an error.
  EXPECT_FALSE(EditScalars(kText, {{water.line, water.column, "5", "3", ""}}, "x").ok());
}

}  // namespace
}  // namespace escalade::scenario
