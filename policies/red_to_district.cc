// An example of a rule the primitives cannot express, and the template for
// writing one: red-tier (urgent, many people or much money) demands go
// straight to the district command centre, which owns emergencies; every other
// decision is hotline_direct's. The first assignment depends here on the tier,
// which no parameter can say.
//
// The pattern: subclass RulePolicy (it makes every decision from the
// parameters you were given: the base preset's settings and the scenario's
// overrides), override only the decisions you change, and add a factory; then
// one line in rules.cc registers it.
#include <memory>
#include <string>
#include <utility>

#include "policies/rules.h"

namespace escalade::policies {
namespace {

class RedToDistrict final : public RulePolicy {
 public:
  using RulePolicy::RulePolicy;

  model::Level First(const model::Demand& demand, model::Tier tier,
                     const model::City& city) const override {
    if (tier == model::Tier::kRed) return model::Level::kDistrict;
    return RulePolicy::First(demand, tier, city);
  }
};

}  // namespace

std::unique_ptr<model::Policy> MakeRedToDistrict(std::string name, PolicyParams params) {
  return std::make_unique<RedToDistrict>(std::move(name), std::move(params));
}

}  // namespace escalade::policies
