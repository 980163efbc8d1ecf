#include "sim/scenario/format_doc.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "policies/presets.h"
#include "policies/rules.h"
#include "sim/io/distribution_families.h"
#include "sim/kernel/text.h"
#include "sim/scenario/format.h"

namespace escalade::scenario {
namespace {

using format::Kind;
using format::Type;

constexpr std::string_view kBegin = "<!-- generated: ";
constexpr std::string_view kBeginEnd = " -->";
constexpr std::string_view kEnd = "<!-- end generated -->";

std::string Backticked(std::string_view text) { return "`" + std::string(text) + "`"; }

// A bound: whole numbers with thousands separators, others as written.
std::string Bound(double x) {
  if (std::floor(x) == x && std::fabs(x) < 9.0e15) {
    const std::string text = kernel::WithThousands(static_cast<std::int64_t>(x));
    return x < 0 ? "−" + text.substr(1) : text;
  }
  return kernel::FormatNumber(x);
}

std::string TypeText(const Type& type) {
  if (!type.text.empty()) return std::string(type.text);
  const format::Format& format = format::ScenarioFormat();
  switch (type.kind) {
    case Kind::kRef: {
      const format::Definition* definition = format.definition(type.ref);
      return definition->text.empty() ? TypeText(definition->type) : std::string(definition->text);
    }
    case Kind::kSection:
      return "mapping";
    case Kind::kString:
      return "string";
    case Kind::kBool:
      return "bool";
    case Kind::kInteger:
    case Kind::kNumber: {
      std::string text = type.kind == Kind::kInteger ? "integer" : "number";
      if (type.min && type.max && *type.min == *type.max) return Backticked(Bound(*type.min));
      if (type.min && type.max && !type.exclusive_min) {
        return text + " " + Bound(*type.min) + "–" + Bound(*type.max);
      }
      if (type.min) text += (type.exclusive_min ? " > " : " ≥ ") + Bound(*type.min);
      if (type.max) text += (type.min ? ", ≤ " : " ≤ ") + Bound(*type.max);
      return text;
    }
    case Kind::kEnum: {
      std::string text;
      for (std::string_view value : type.allowed) {
        text += (text.empty() ? "" : " | ") + Backticked(value);
      }
      return text;
    }
    case Kind::kList:
      return "list of " + TypeText(type.parts.at(0));
    case Kind::kMap:
      return "name → " + TypeText(type.parts.at(0));
    case Kind::kOneOf: {
      std::string text;
      for (const Type& part : type.parts) text += (text.empty() ? "" : " or ") + TypeText(part);
      return text;
    }
    case Kind::kAny:
      return "any value";
    case Kind::kTimeDistribution:
      return "time distribution";
    case Kind::kPlainDistribution:
      return "count distribution";
  }
  return "value";
}

// A JSON default as a scenario would write it: 365d, "", [], {hotline: 1}.
std::string YamlText(const nlohmann::json& value) {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    return text.empty() ? "\"\"" : text;
  }
  if (value.is_array()) {
    std::string text = "[";
    for (std::size_t i = 0; i < value.size(); ++i) text += (i ? ", " : "") + YamlText(value[i]);
    return text + "]";
  }
  if (value.is_object()) {
    std::string text = "{";
    for (auto it = value.begin(); it != value.end(); ++it) {
      text += (text.size() > 1 ? ", " : "") + it.key() + ": " + YamlText(it.value());
    }
    return text + "}";
  }
  return value.dump();
}

std::string DefaultText(const format::Key& key) {
  if (key.required) return "required";
  if (!key.default_text.empty()) return std::string(key.default_text);
  if (!key.default_json.empty())
    return Backticked(YamlText(nlohmann::json::parse(key.default_json)));
  return "none";
}

std::string Cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string LevelDefaultsTable() {
  const format::Section& defaults = format::ScenarioFormat().section("city_defaults");
  std::string out = "| level | `staff` | `hours` | `travel` (to its parent) |\n|---|---|---|---|\n";
  for (const format::Key& key : defaults.keys) {
    const nlohmann::json value = nlohmann::json::parse(key.default_json);
    out += "| " + Backticked(key.name) + " | " + YamlText(value.at("staff")) + " | " +
           Backticked(YamlText(value.at("hours"))) + " | " +
           (value.contains("travel") ? Backticked(YamlText(value.at("travel"))) : "—") + " |\n";
  }
  return out;
}

std::string DistributionsTable() {
  std::string out = "| `dist` | keys | meaning |\n|---|---|---|\n";
  for (const io::DistributionFamily& family : io::DistributionFamilies()) {
    std::string keys;
    for (const io::FamilyKey& key : family.keys) {
      keys += (keys.empty() ? "" : ", ") + Backticked(key.name);
      if (key.kind == io::FamilyKeyKind::kComponents) keys += ": list of `{p, …distribution…}`";
    }
    out += "| " + Backticked(family.name) + " | " + keys + " | " + Cell(family.doc) + " |\n";
  }
  return out;
}

// `text` broken into lines of at most 100 characters, at spaces.
std::string Wrapped(const std::string& text) {
  constexpr std::size_t kWidth = 100;
  std::string out;
  std::size_t line_start = 0;
  std::size_t last_space = std::string::npos;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ') {
      if (i - line_start > kWidth && last_space != std::string::npos) {
        out += text.substr(line_start, last_space - line_start) + "\n";
        line_start = last_space + 1;
      }
      last_space = i;
    }
  }
  return out + text.substr(line_start) + "\n";
}

std::string PresetsLine() {
  std::string presets;
  for (const policies::PresetInfo& preset : policies::Presets()) {
    presets += (presets.empty() ? "" : ", ") + Backticked(preset.name);
  }
  std::string rules;
  const std::size_t rule_count = policies::Rules().size();
  for (const policies::RuleInfo& rule : policies::Rules()) {
    rules += (rules.empty() ? "" : ", ") + Backticked(rule.name);
  }
  std::string line = "Presets: " + presets;
  if (rule_count > 0) {
    line += ", and the C++ " + std::string(rule_count == 1 ? "rule " : "rules ") + rules;
  }
  return Wrapped(line + ".");
}

kernel::Result<std::string> Generate(std::string_view what) {
  if (what.substr(0, 5) == "keys ") {
    const std::string_view id = what.substr(5);
    for (const format::Section& section : format::ScenarioFormat().sections()) {
      if (section.id == id) return FormatKeyTable(id);
    }
    return kernel::Status::BadInput("no section '" + std::string(id) + "' in the format");
  }
  if (what == "level-defaults") return LevelDefaultsTable();
  if (what == "distributions") return DistributionsTable();
  if (what == "presets") return PresetsLine();
  return kernel::Status::BadInput("no generator '" + std::string(what) +
                                  "' (keys SECTION, level-defaults, distributions, presets)");
}

}  // namespace

std::string FormatKeyTable(std::string_view section_id) {
  const format::Section& section = format::ScenarioFormat().section(section_id);
  std::string out = "| key | type | default | meaning |\n|---|---|---|---|\n";
  for (const format::Key& key : section.keys) {
    std::string type = TypeText(key.type);
    if (!key.unit.empty()) type += " (" + std::string(key.unit) + ")";
    out += "| " + Backticked(key.name) + " | " + Cell(type) + " | " + Cell(DefaultText(key)) +
           " | " + Cell(key.doc) + " |\n";
  }
  return out;
}

kernel::Result<std::string> RegenerateFormatDoc(std::string_view markdown) {
  std::string out;
  std::size_t position = 0;
  int line = 1;
  while (position < markdown.size()) {
    std::size_t end = markdown.find('\n', position);
    if (end == std::string_view::npos) end = markdown.size();
    const std::string_view text = markdown.substr(position, end - position);
    out.append(text);
    if (end < markdown.size()) out += '\n';
    position = end + 1;
    if (text.substr(0, kBegin.size()) == kBegin &&
        text.size() >= kBegin.size() + kBeginEnd.size() &&
        text.substr(text.size() - kBeginEnd.size()) == kBeginEnd) {
      const std::string_view what =
          text.substr(kBegin.size(), text.size() - kBegin.size() - kBeginEnd.size());
      kernel::Result<std::string> generated = Generate(what);
      if (!generated.ok())
        return generated.status().WithPrefix("line " + std::to_string(line) + ": ");
      const std::size_t close = markdown.find(std::string("\n") + std::string(kEnd), end);
      if (close == std::string_view::npos) {
        return kernel::Status::BadInput("line " + std::to_string(line) + ": '" + std::string(what) +
                                        "' has no " + std::string(kEnd));
      }
      for (std::size_t i = position; i <= close && i < markdown.size(); ++i) {
        if (markdown[i] == '\n') ++line;
      }
      out += *generated;
      position = close + 1;  // the end marker's line is copied by the loop
    }
    ++line;
  }
  return out;
}

}  // namespace escalade::scenario
