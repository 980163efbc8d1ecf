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
