#include "sim/model/unit_kind.h"

#include <array>

namespace escalade::model {
namespace {

using L = Level;
using P = Place;

constexpr std::uint32_t kStreetOrCommunity = KindBit(UnitKind::kStreet) | KindBit(UnitKind::kCommunity);

constexpr std::array<UnitKindInfo, kUnitKindCount> kKinds = {{
    {.kind = UnitKind::kGrid, .name = "grid", .noun = "grid", .level = L::kGrid, .group = "grid",
     .resolves_as = P::kGrid, .travels = false, .team = false, .co_governance = false,
     .parents = KindBit(UnitKind::kCommunity), .parent_rule = "a grid's parent must be a community",
     .has_department = false},
    {.kind = UnitKind::kCommunity, .name = "community", .noun = "community", .level = L::kCommunity,
     .group = "community", .resolves_as = P::kCommunity, .travels = false, .team = false,
     .co_governance = false, .parents = KindBit(UnitKind::kStreet),
     .parent_rule = "a community's parent must be a street", .has_department = false},
    {.kind = UnitKind::kStreet, .name = "street", .noun = "street", .level = L::kStreet,
     .group = "street", .resolves_as = P::kStreet, .travels = false, .team = false,
     .co_governance = false, .parents = KindBit(UnitKind::kDistrict),
     .parent_rule = "a street's parent must be a district", .has_department = false},
    {.kind = UnitKind::kDistrict, .name = "district", .noun = "district", .level = L::kDistrict,
     .group = "district", .resolves_as = P::kDistrict, .travels = false, .team = false,
     .co_governance = false, .parents = 0, .parent_rule = "a district has no parent",
     .has_department = false},
    {.kind = UnitKind::kDepartment, .name = "department", .noun = "department unit",
     .level = L::kDepartment, .group = "department", .resolves_as = P::kDepartment,
     .travels = true, .team = false, .co_governance = false,
     .parents = KindBit(UnitKind::kDistrict),
     .parent_rule = "a department unit's parent must be a district", .has_department = true},
    {.kind = UnitKind::kHotline, .name = "hotline", .noun = "hotline", .level = std::nullopt,
     .group = "hotline", .resolves_as = std::nullopt, .travels = false, .team = false,
     .co_governance = false, .parents = 0, .parent_rule = "a hotline has no parent",
     .has_department = false},
    {.kind = UnitKind::kEnforcementTeam, .name = "enforcement_team", .noun = "enforcement team",
     .level = std::nullopt, .group = "team", .resolves_as = P::kDepartment, .travels = true,
     .team = true, .co_governance = false, .parents = KindBit(UnitKind::kStreet),
     .parent_rule = "an enforcement team's parent must be a street", .has_department = false},
    {.kind = UnitKind::kMediation, .name = "mediation", .noun = "mediation room",
     .level = std::nullopt, .group = "team", .resolves_as = P::kMediation, .travels = true,
     .team = true, .co_governance = true, .parents = kStreetOrCommunity,
     .parent_rule = "a mediation room's parent must be a street or a community",
     .has_department = false},
    {.kind = UnitKind::kVolunteers, .name = "volunteers", .noun = "volunteer team",
     .level = std::nullopt, .group = "team", .resolves_as = P::kVolunteers, .travels = true,
     .team = true, .co_governance = true, .parents = kStreetOrCommunity,
     .parent_rule = "a volunteer team's parent must be a street or a community",
     .has_department = false},
    // A department's crews based at a street or community (下沉): they answer the
    // department's orders there, as department crews (grouped and resolving as such).
    {.kind = UnitKind::kStation, .name = "station", .noun = "station",
     .level = std::nullopt, .group = "department", .resolves_as = P::kDepartment,
     .travels = true, .team = true, .co_governance = false, .parents = kStreetOrCommunity,
     .parent_rule = "a station's parent must be a street or a community", .has_department = true},
    // One window: the front desk that receives every channel for its street or district.
    {.kind = UnitKind::kFrontDesk, .name = "front_desk", .noun = "front desk",
     .level = std::nullopt, .group = "desk", .resolves_as = std::nullopt, .travels = false,
     .team = true, .co_governance = false,
     .parents = KindBit(UnitKind::kStreet) | KindBit(UnitKind::kDistrict),
     .parent_rule = "a front desk's parent must be a street or a district",
     .has_department = false},
}};

constexpr std::array<std::string_view, kPlaceCount> kPlaceNames = {
    "grid", "community", "street", "district", "department", "mediation", "volunteers"};

// The table is indexed by the enum: keep them in step.
constexpr bool InEnumOrder() {
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (static_cast<std::size_t>(kKinds[i].kind) != i) return false;
  }
  return true;
}
static_assert(InEnumOrder(), "kKinds must list the kinds in enum order");

}  // namespace

std::span<const UnitKindInfo> UnitKinds() { return kKinds; }

const UnitKindInfo& KindInfo(UnitKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

std::string_view UnitKindName(UnitKind kind) { return KindInfo(kind).name; }

std::optional<UnitKind> ParseUnitKind(std::string_view name) {
  for (const UnitKindInfo& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

std::string_view LevelName(Level level) { return kPlaceNames[static_cast<std::size_t>(level)]; }

std::optional<Level> ParseLevel(std::string_view name) {
  for (int i = 0; i < kLevelCount; ++i) {
    if (kPlaceNames[static_cast<std::size_t>(i)] == name) return static_cast<Level>(i);
  }
  return std::nullopt;
}

std::string_view PlaceName(Place place) { return kPlaceNames[static_cast<std::size_t>(place)]; }

}  // namespace escalade::model
