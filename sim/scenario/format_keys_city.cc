// The scenario format's `city` sections: level defaults, the hotline, the explicit tree of
// districts, streets and communities with their teams, and the generator. Contract in
// format.h; the prose is scenarios/FORMAT.md "city".
#include <vector>

#include "sim/scenario/format.h"

namespace escalade::scenario::format {
namespace {

// "an integer, or [min, max] drawn uniformly".
Type CountOrRange(double min) {
  return Named(OneOf({Integer(min, kMaxGenerated), List(Integer(min, kMaxGenerated), 2, 2)}),
               "integer or `[min, max]`");
}

}  // namespace

void AddCitySections(std::vector<Section>* sections) {
  sections->push_back(
      {.id = "city",
       .where = "city",
       .doc = "the governance graph: an explicit tree (`districts`) or a generator "
              "(`generate`), not both",
       .keys =
           {
               {.name = "defaults",
                .type = Named(Of("city_defaults"), "mapping"),
                .default_text = "the table below",
                .doc = "per-level defaults: `grid`, `community`, `street`, `district`, each "
                       "`{staff, hours, travel}`"},
               {.name = "hotline",
                .type = Named(Of("hotline"), "`{staff, hours}`"),
                .default_text = "none",
                .doc = "a 12345/311 intake centre, unit `hotline`; `hours` defaults to `always`"},
               {.name = "districts",
                .type = Named(List(Of("district"), 1), "list"),
                .doc = "the explicit tree: districts > streets > communities"},
               {.name = "generate",
                .type = Named(Of("generate"), "mapping"),
                .doc = "a synthetic city"},
           },
       .definition = true,
       .forms = {{.required = {"districts"}}, {.required = {"generate"}}},
       .one_form = true});
  sections->push_back({.id = "city_defaults",
                       .where = "city.defaults",
                       .doc = "per-level defaults, used when a unit does not say [assumed sizes]",
                       .keys = {
                           {.name = "grid",
                            .type = Named(Of("level_defaults"), "`{staff, hours, travel}`"),
                            .default_json = R"({"staff": 1, "hours": "always", "travel": "5m"})",
                            .doc = "grid units (grid workers)"},
                           {.name = "community",
                            .type = Named(Of("level_defaults"), "`{staff, hours, travel}`"),
                            .default_json = R"({"staff": 4, "hours": "office", "travel": "10m"})",
                            .doc = "communities"},
                           {.name = "street",
                            .type = Named(Of("level_defaults"), "`{staff, hours, travel}`"),
                            .default_json = R"({"staff": 8, "hours": "office", "travel": "20m"})",
                            .doc = "streets"},
                           {.name = "district",
                            .type = Named(Of("district_defaults"), "`{staff, hours}`"),
                            .default_json = R"({"staff": 10, "hours": "always"})",
                            .doc = "districts (a district has no parent, so no travel)"},
                       }});
  sections->push_back(
      {.id = "level_defaults",
       .where = "city.defaults.<level>",
       .doc = "defaults for the units of one level",
       .keys =
           {
               {.name = "staff", .type = Ref("staff_count"), .doc = "staff on duty per unit"},
               {.name = "hours", .type = Ref("hours"), .doc = "staffing calendar"},
               {.name = "travel",
                .type = Ref("calendar_duration"),
                .doc = "travel time to the parent unit"},
           },
       .definition = true});
  sections->push_back({.id = "district_defaults",
                       .where = "city.defaults.district",
                       .doc = "defaults for districts (a district has no parent, so no travel)",
                       .keys =
                           {
                               {.name = "staff",
                                .type = Ref("staff_count"),
                                .doc = "command-centre staff on duty per district"},
                               {.name = "hours", .type = Ref("hours"), .doc = "staffing calendar"},
                           },
                       .definition = true});
  sections->push_back({.id = "hotline",
                       .where = "city.hotline",
                       .doc = "a 12345/311 intake centre, unit `hotline`",
                       .keys = {
                           {.name = "staff",
                            .type = Ref("staff_count"),
                            .required = true,
                            .doc = "operators on duty"},
                           {.name = "hours",
                            .type = Ref("hours"),
                            .default_json = "\"always\"",
                            .doc = "staffing calendar (12345 lines answer 24x7)"},
                       }});
  sections->push_back(
      {.id = "district",
       .where = "city.districts[]",
       .doc = "a district (区) with its command centre; every district gets one unit of every "
              "department",
       .keys =
           {
               {.name = "name",
                .type = Ref("name"),
                .required = true,
                .doc = "unit name; unique across the whole city"},
               {.name = "label",
                .type = String(),
                .default_text = "the name",
                .doc = "display name (may be Chinese)"},
               {.name = "staff",
                .type = Ref("staff_count"),
                .default_text = "`defaults.district`",
                .doc = "command-centre staff on duty"},
               {.name = "hours",
                .type = Ref("hours"),
                .default_text = "`defaults.district`",
                .doc = "staffing calendar"},
               {.name = "streets",
                .type = Named(List(Of("street"), 1), "list"),
                .required = true,
                .doc = "the district's streets (at least one)"},
           },
       .definition = true});
  sections->push_back(
      {.id = "street",
       .where = "city.districts[].streets[]",
       .doc = "a street (街道 / 镇街): sub-district office",
       .keys =
           {
               {.name = "name",
                .type = Ref("name"),
                .required = true,
                .doc = "unit name; unique across the whole city"},
               {.name = "label",
                .type = String(),
                .default_text = "the name",
                .doc = "display name (may be Chinese)"},
               {.name = "staff",
                .type = Ref("staff_count"),
                .default_text = "`defaults.street`",
                .doc = "street-office staff on duty"},
               {.name = "hours",
                .type = Ref("hours"),
                .default_text = "`defaults.street`",
                .doc = "staffing calendar"},
               {.name = "travel",
                .type = Ref("calendar_duration"),
                .default_text = "`defaults.street`",
                .doc = "travel time to the district seat"},
               {.name = "enforcement_team",
                .type = Named(Of("enforcement_team"), "`{staff, hours, departments}`"),
                .default_text = "none",
                .doc = "integrated enforcement team (综合执法队), unit `<street>.enforcement`"},
               {.name = "mediation",
                .type = Named(Of("team"), "`{staff, hours}`"),
                .default_text = "none",
                .doc = "mediation room (调解室), unit `<street>.mediation`"},
               {.name = "volunteers",
                .type = Named(Of("team"), "`{staff, hours}`"),
                .default_text = "none",
                .doc = "volunteer team, unit `<street>.volunteers`"},
               {.name = "communities",
                .type = Named(List(Of("community"), 1), "list"),
                .required = true,
                .doc = "the street's communities (at least one)"},
           },
       .definition = true});
  sections->push_back(
      {.id = "enforcement_team",
       .where = "city.districts[].streets[].enforcement_team",
       .doc = "a street's integrated enforcement team (综合执法队)",
       .keys = {
           {.name = "staff",
            .type = Ref("staff_count"),
            .required = true,
            .doc = "enforcement staff on duty in the team"},
           {.name = "hours",
            .type = Ref("hours"),
            .default_json = "\"office\"",
            .doc = "staffing calendar"},
           {.name = "departments",
            .type = Named(UniqueList(Ref("name")), "list of departments"),
            .default_json = "[]",
            .doc = "departments whose enforcement staff the team pools (call_response); each "
                   "must have `enforcement: true`"},
       }});
  sections->push_back(
      {.id = "team",
       .where = "….mediation, ….volunteers",
       .doc = "a mediation room or volunteer team of a street or community; it sits with it "
              "(travel 0)",
       .keys =
           {
               {.name = "staff",
                .type = Ref("staff_count"),
                .required = true,
                .doc = "servers of the team on duty"},
               {.name = "hours",
                .type = Ref("hours"),
                .default_json = "\"office\"",
                .doc = "staffing calendar"},
           },
       .definition = true});
  sections->push_back(
      {.id = "community",
       .where = "city.districts[].streets[].communities[]",
       .doc = "a community (社区): neighbourhood committee and service centre",
       .keys =
           {
               {.name = "name",
                .type = Ref("name"),
                .required = true,
                .doc = "unit name; unique across the whole city"},
               {.name = "label",
                .type = String(),
                .default_text = "the name",
                .doc = "display name (may be Chinese)"},
               {.name = "population",
                .type = Integer(0, kMaxPopulation),
                .required = true,
                .unit = "residents",
                .doc = "residents; drives arrivals"},
               {.name = "staff",
                .type = Ref("staff_count"),
                .default_text = "`defaults.community`",
                .doc = "community work-station staff on duty"},
               {.name = "hours",
                .type = Ref("hours"),
                .default_text = "`defaults.community`",
                .doc = "staffing calendar"},
               {.name = "travel",
                .type = Ref("calendar_duration"),
                .default_text = "`defaults.community`",
                .doc = "travel time to its street office"},
               {.name = "grids",
                .type = Integer(0, kMaxGrids),
                .default_json = "0",
                .doc = "number of grids `<community>.g1` … `gN` (population split evenly, workers "
                       "from `defaults.grid`); 0 = no grid level"},
               {.name = "mediation",
                .type = Named(Of("team"), "`{staff, hours}`"),
                .default_text = "none",
                .doc = "mediation room (调解室), unit `<community>.mediation`"},
               {.name = "volunteers",
                .type = Named(Of("team"), "`{staff, hours}`"),
                .default_text = "none",
                .doc = "volunteer team (党员先锋队 / 志愿者), unit `<community>.volunteers`"},
               {.name = "mix",
                .type = Named(MapOf(Ref("probability"), 1), "category → probability"),
                .default_text = "`demand.mix`",
                .doc = "this community's category mix; sums to 1"},
           },
       .definition = true});
  sections->push_back(
      {.id = "generate",
       .where = "city.generate",
       .doc = "a synthetic city; generated names: districts d01, streets d01s01, communities "
              "d01s01c01",
       .keys =
           {
               {.name = "districts",
                .type = Integer(1, kMaxGenerated),
                .required = true,
                .doc = "number of districts (d01, d02, ...)"},
               {.name = "streets_per_district",
                .type = CountOrRange(1),
                .required = true,
                .doc = "streets per district (d01s01, ...)"},
               {.name = "communities_per_street",
                .type = CountOrRange(1),
                .required = true,
                .doc = "communities per street (d01s01c01, ...)"},
               {.name = "grids_per_community",
                .type = CountOrRange(0),
                .default_json = "0",
                .doc = "grids per community; 0 = no grid level"},
               {.name = "population",
                .type = Ref("plain_distribution"),
                .required = true,
                .unit = "residents",
                .doc = "residents per community"},
               {.name = "seed",
                .type = Integer(0),
                .default_json = "1",
                .doc = "seed of the generator: the city is the same in every replication"},
           },
       .definition = true});
}

}  // namespace escalade::scenario::format
