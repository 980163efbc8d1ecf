// Private to city.cc and city_checks.cc: the checks CityBuilder::Build runs
// and the derivations they share. Not included by anything else.
//
// Every check appends one CityProblem per problem found and never stops early;
// checks that need the jurisdiction tree follow only parents of an allowed kind
// (SoundParents), so one bad parent is reported once, not echoed by every
// check downstream.
#ifndef ESCALADE_SIM_MODEL_CITY_CHECKS_H_
#define ESCALADE_SIM_MODEL_CITY_CHECKS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "sim/kernel/time.h"
#include "sim/model/city.h"

namespace escalade::model::internal {

// Appends problems; a unit's problem is located by its mark and its path
// (SetPath, default "units[<id>]").
class Reporter {
 public:
  Reporter(const std::vector<Unit>& units, const std::vector<std::string>& paths,
           std::vector<CityProblem>* out)
      : units_(units), paths_(paths), out_(out) {}
  std::string UnitPath(UnitId id) const;
  void OnUnit(UnitId id, std::string message);
  void At(SourceMark mark, std::string path, std::string message);
  std::size_t count() const { return count_; }

 private:
  const std::vector<Unit>& units_;
  const std::vector<std::string>& paths_;
  std::vector<CityProblem>* out_;
  std::size_t count_ = 0;
};

// "department unit 'guangming.water'", "community 'tangwei'", ...
std::string Named(const Unit& unit);
// "a -> b -> c -> a".
std::string CycleText(const std::vector<Unit>& units, const std::vector<UnitId>& cycle);

// Each unit's parent when it exists and is of the allowed kind, else kNoUnit.
// Allowed parents climb strictly (grid < community < street < district), so
// walking these never loops.
std::vector<UnitId> SoundParents(const std::vector<Unit>& units);
// The units with a row in the travel table: department units, enforcement
// teams, mediation rooms and volunteer teams.
bool IsTravelSource(UnitKind kind);

// Names, staff, travel, lead and assisting departments, probabilities in [0, 1].
void CheckCatalogue(const std::vector<DepartmentType>& departments,
                    const std::vector<Category>& categories, Reporter& report);
// Names unique, staff/travel/population >= 0, department indices, mix size,
// parent exists and is of an allowed kind.
void CheckUnits(const std::vector<Unit>& units, std::size_t department_count,
                std::size_t category_count, Reporter& report);
// An extra link (AddTravel, AddAuthority): both ends exist, travel >= 0.
void CheckExtraLink(const std::vector<Unit>& units, UnitId a, UnitId b, LinkKind kind,
                    kernel::SimTime travel, SourceMark mark, Reporter& report);
// Every district has a street and every street a community (by sound parents).
void CheckTreeShape(const std::vector<Unit>& units, const std::vector<UnitId>& parent,
                    Reporter& report);
// What a source serves: a department unit, the communities of its district; a
// team attached to a street, that street's communities; a team attached to a
// community, that community. Each served community must have a finite travel
// time in `travel` (rows: sources, columns: communities).
// REQUIRES: units' derived community/street/district are set.
void CheckReach(const std::vector<Unit>& units, const std::vector<UnitId>& parent,
                const std::vector<UnitId>& sources, const std::vector<UnitId>& communities,
                const std::vector<kernel::SimTime>& travel, Reporter& report);
// City::Resolvers for every category, in id order.
std::vector<std::vector<UnitId>> ResolversByCategory(const std::vector<Unit>& units,
                                                     const std::vector<Category>& categories);
// A category without resolvers is reported with the reasons.
void CheckResolvable(const std::vector<Unit>& units, const std::vector<DepartmentType>& departments,
                     const std::vector<Category>& categories,
                     const std::vector<std::vector<UnitId>>& resolvers, Reporter& report);

}  // namespace escalade::model::internal

#endif  // ESCALADE_SIM_MODEL_CITY_CHECKS_H_
