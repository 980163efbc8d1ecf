#include "sim/model/unit_kind.h"

#include <array>

namespace escalade::model {
namespace {

using L = Level;
using P = Place;

constexpr std::array<UnitKindInfo, kUnitKindCount> kKinds = {{
    // kind                       name                level           group         resolves as    trav.  team   co-gov.
    {UnitKind::kGrid,            "grid",             L::kGrid,       "grid",       P::kGrid,       false, false, false},
    {UnitKind::kCommunity,       "community",        L::kCommunity,  "community",  P::kCommunity,  false, false, false},
    {UnitKind::kStreet,          "street",           L::kStreet,     "street",     P::kStreet,     false, false, false},
    {UnitKind::kDistrict,        "district",         L::kDistrict,   "district",   P::kDistrict,   false, false, false},
    {UnitKind::kDepartment,      "department",       L::kDepartment, "department", P::kDepartment, true,  false, false},
    {UnitKind::kHotline,         "hotline",          std::nullopt,   "hotline",    std::nullopt,   false, false, false},
    {UnitKind::kEnforcementTeam, "enforcement_team", std::nullopt,   "team",       P::kDepartment, true,  true,  false},
    {UnitKind::kMediation,       "mediation",        std::nullopt,   "team",       P::kMediation,  true,  true,  true},
    {UnitKind::kVolunteers,      "volunteers",       std::nullopt,   "team",       P::kVolunteers, true,  true,  true},
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
