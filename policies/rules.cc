#include "policies/rules.h"

#include <array>

namespace escalade::policies {
namespace {

// The registry: one line per rule.
constexpr std::array<RuleInfo, 2> kRules = {{
    {"red_to_district", "hotline_direct",
     "hotline_direct, except that red-tier demands go straight to the district command centre",
     &MakeRedToDistrict},
    {"auto_dispatch", "call_response",
     "call_response, except that each crew an order needs is the eligible unit that can be on "
     "site soonest (travel + expected wait), not the fixed owner",
     &MakeAutoDispatch},
}};

}  // namespace

std::span<const RuleInfo> Rules() { return kRules; }

std::optional<RuleInfo> FindRule(std::string_view name) {
  for (const RuleInfo& rule : kRules) {
    if (rule.name == name) return rule;
  }
  return std::nullopt;
}

}  // namespace escalade::policies
