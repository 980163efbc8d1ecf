// The kinds of units in the governance graph and the levels a demand climbs,
// as data: one table row per kind says its name, the level it works at, how
// its work and resolutions are grouped in the outputs, and whether it is
// assigned demands, travels to them or is a team attached to a street or a
// community. Every place that needs a fact about a kind reads this table;
// a new co-governance kind is a row here (and its loader entry).
//
// Thread safety: immutable data and pure functions.
#ifndef ESCALADE_SIM_MODEL_UNIT_KIND_H_
#define ESCALADE_SIM_MODEL_UNIT_KIND_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace escalade::model {

enum class UnitKind : std::uint8_t {
  kGrid,             // 网格: grid workers
  kCommunity,        // 社区 work station / service centre
  kStreet,           // 街道 / 镇街 office
  kDistrict,         // 区 command centre; fallback owner
  kDepartment,       // 职能部门 of one district
  kHotline,          // 12345 / 311 intake centre
  kEnforcementTeam,  // 综合执法队 of a street
  kMediation,        // 调解室 of a street or community
  kVolunteers,       // volunteer team of a street or community
  kStation,          // a department's crews stationed at a street or community (下沉)
  kFrontDesk,        // one window's front desk of a street or district (前台一口受理)
};
inline constexpr int kUnitKindCount = 11;

// The set of kinds with `kind` in it (for UnitKindInfo::parents).
constexpr std::uint32_t KindBit(UnitKind kind) { return 1u << static_cast<int>(kind); }

// The levels a demand climbs, lowest first.
enum class Level : std::uint8_t { kGrid, kCommunity, kStreet, kDistrict, kDepartment };
inline constexpr int kLevelCount = 5;

// Where a resolved demand counts as resolved (`resolved_at.<place>`): the levels, then the
// co-governance teams.
enum class Place : std::uint8_t {
  kGrid, kCommunity, kStreet, kDistrict, kDepartment, kMediation, kVolunteers,
};
inline constexpr int kPlaceCount = 7;

struct UnitKindInfo {
  UnitKind kind;
  std::string_view name;  // as written in scenario files and outputs ("enforcement_team")
  std::string_view noun;  // how messages name one ("mediation room")
  // The level whose demands it works as a level unit (grid … department); nullopt for the
  // hotline and the teams (a team works for the level of the unit it is attached to).
  std::optional<Level> level;
  // Its group in workload.csv's `level` column and in utilization.<group> / staff_hours.<group>:
  // the level's name, "hotline", "desk" or "team".
  std::string_view group;
  // Where a demand it resolves counts as resolved: its level, the department for an enforcement
  // team (it acts for the departments it pools), its own kind for a mediation room or a
  // volunteer team; nullopt for the hotline (it only receives).
  std::optional<Place> resolves_as;
  bool travels;  // its staff travel to the demand's community (crews and teams)
  bool team;     // attached to a street or a community to act for it (not a level of the chain)
  // A co-governance team tried before its level's own unit when the category lists it
  // (矛盾不上交), in table order.
  bool co_governance;
  // The kinds its jurisdiction / attachment parent may have (KindBit set); 0: no parent.
  std::uint32_t parents;
  std::string_view parent_rule;  // the same, as messages state it
  bool has_department;  // belongs to a department type (Unit::department)
};

// Every kind, in enum order.
std::span<const UnitKindInfo> UnitKinds();
const UnitKindInfo& KindInfo(UnitKind kind);
std::string_view UnitKindName(UnitKind kind);  // "grid", "community", ... "enforcement_team"
std::optional<UnitKind> ParseUnitKind(std::string_view name);

std::string_view LevelName(Level level);  // "grid" ... "department"
std::optional<Level> ParseLevel(std::string_view name);
// The place of a level (resolved at that level by its own unit).
constexpr Place PlaceOf(Level level) { return static_cast<Place>(level); }
std::string_view PlaceName(Place place);  // "grid" ... "department", "mediation", "volunteers"

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_UNIT_KIND_H_
