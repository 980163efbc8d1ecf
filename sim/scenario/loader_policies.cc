// The `policies` section (scenarios/FORMAT.md): the arms of the comparison, each
// a preset (or a C++ rule) with overrides; and MakeArmPolicy, where an arm becomes
// a policy.
//
// Decisions where FORMAT.md is silent (also in the loader's report):
//  - policy `set:` keys must be names; values may be scalars, sequences or
//    mappings but not empty; the policy registry checks each name and value
//    when the file is loaded (and again when the policy is made).
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "policies/parameters.h"
#include "policies/presets.h"
#include "policies/rules.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/loader_internal.h"

namespace escalade::scenario {
namespace internal {
namespace {

std::string FlowText(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetSeqFormat(YAML::Flow);
  out.SetMapFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// `set:` of a policy arm. The keys are the policy layer's parameter names; it
// checks them (and parses the values) when the policy is made, since only it
// knows each preset's parameters.
std::vector<std::string> ParameterNames() {
  std::vector<std::string> names;
  for (const policies::Parameter& parameter : policies::Parameters()) {
    names.emplace_back(parameter.name);
  }
  return names;
}

void ReadOverrides(const Node& node, Context& context, std::vector<PolicyOverride>* overrides) {
  if (!node.IsMap()) {
    node.Error("expected a mapping from parameter name to value (see escalade policies)");
    return;
  }
  for (const KeyEntry& entry : internal::KeyEntries(node, "parameter", "is set twice", context)) {
    if (!internal::CheckKeyName(entry, "parameter", context)) continue;
    PolicyOverride override_entry;
    override_entry.key = entry.key;
    override_entry.mark = MarkOf(entry.value);
    if (entry.value.IsNull() || !entry.value.defined()) {
      entry.value.Error("expected a value for parameter " + Quote(entry.key));
      continue;
    }
    try {
      override_entry.value =
          entry.value.IsScalar() ? entry.value.raw().Scalar() : FlowText(entry.value.raw());
    } catch (const std::exception& e) {
      entry.value.Error(std::string("could not read the value: ") + e.what());
      continue;
    }
    // The parameter registry says what the name and the value may be.
    const policies::Parameter* parameter = policies::FindParameter(entry.key);
    if (!parameter) {
      context.diags().Add(entry.key_mark.line, entry.key_mark.column, entry.value.path(),
                          context.Unknown("policy parameter", entry.key, ParameterNames()) +
                              " (escalade policies lists them)");
      continue;
    }
    policies::PolicyParams scratch = policies::DefaultParams();
    if (kernel::Status valid = parameter->apply(override_entry.value, &scratch); !valid.ok()) {
      entry.value.Error(valid.message());
      continue;
    }
    overrides->push_back(std::move(override_entry));
  }
}

std::vector<std::string> PresetNames() {
  std::vector<std::string> names;
  for (const policies::PresetInfo& preset : policies::Presets()) names.emplace_back(preset.name);
  for (const policies::RuleInfo& rule : policies::Rules()) names.emplace_back(rule.name);
  return names;
}

}  // namespace

void ReadPolicies(const Node& node, Context& context, std::vector<PolicyChoice>* policies,
                  NameIndex* names) {
  if (!node.defined()) {
    node.Error("is required: a list of policy arms, such as - preset: layered_reporting");
    names->complete = false;
    return;
  }
  if (!node.IsSequence()) {
    node.Error("expected a list of policy arms, such as - preset: layered_reporting");
    names->complete = false;
    return;
  }
  const std::vector<Node> items = node.Items();
  if (items.empty()) node.Error("expected at least one policy arm");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Node& item = items[i];
    item.CheckKeys(format::KeysOf("policy"));
    if (!item.IsMap()) {
      names->complete = false;
      continue;
    }
    PolicyChoice choice;
    choice.mark = MarkOf(item);
    const Node preset = item["preset"];
    if (const std::optional<std::string> text = preset.AsString()) {
      if (policies::FindPreset(*text) || policies::FindRule(*text)) {
        choice.preset = *text;
      } else {
        preset.Error(context.Unknown("preset", *text, PresetNames()));
      }
    }
    if (item.Has("name")) {
      choice.name = item["name"].AsName().value_or("");
    } else {
      choice.name = choice.preset;
    }
    if (choice.name.empty()) {
      names->complete = false;  // a baseline naming this arm cannot be checked
    } else if (std::optional<int> earlier = names->Insert(choice.name, static_cast<int>(i))) {
      const std::string message = "duplicate policy name " + Quote(choice.name) + " (policies[" +
                                  std::to_string(*earlier) +
                                  "] has it already); each arm needs a distinct name";
      if (item.Has("name")) {
        item["name"].Error(message);
      } else {  // the name is the preset's: point at the preset, name the arm
        context.diags().Add(preset.line(), preset.column(), item.path(),
                            message + "; add name: to this one");
      }
    }
    if (item.Has("set")) ReadOverrides(item["set"], context, &choice.overrides);
    policies->push_back(std::move(choice));
  }
}

}  // namespace internal

kernel::Result<std::unique_ptr<model::Policy>> MakeArmPolicy(const PolicyChoice& arm) {
  std::vector<policies::Setting> overrides;
  overrides.reserve(arm.overrides.size());
  for (const PolicyOverride& o : arm.overrides) overrides.push_back({o.key, o.value});
  return policies::MakePolicy(arm.name, arm.preset, overrides);
}

}  // namespace escalade::scenario
