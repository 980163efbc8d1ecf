// The catalogue sections of a scenario: `departments` and `categories`
// (scenarios/FORMAT.md).
#include <string>
#include <vector>

#include "sim/scenario/loader_internal.h"

namespace escalade::scenario::internal {
namespace {

// Messages for a whole section that is missing or of the wrong shape.
// Returns false (and makes `names` incomplete) when the entries cannot be read.
bool CheckSection(const Node& node, std::string_view what, NameIndex* names) {
  if (!node.defined()) {
    node.Error("is required: a mapping from " + std::string(what) + " name to its settings");
    names->complete = false;
    return false;
  }
  if (!node.IsMap()) {
    node.Error("expected a mapping from " + std::string(what) + " name to its settings");
    names->complete = false;
    return false;
  }
  return true;
}

std::optional<model::Resolution> ReadResolution(const Node& node) {
  node.CheckKeys(format::KeysOf("resolution"));
  if (!node.IsMap()) return std::nullopt;
  const std::optional<double> p = node["p"].AsProbability();
  const std::optional<kernel::Distribution> work =
      node["work"].AsDistribution(Node::Quantity::kTime);
  if (!p || !work) return std::nullopt;
  return model::Resolution{*p, *work};
}

std::vector<std::string> LevelNames() {
  std::vector<std::string> names;
  for (int i = 0; i < model::kLevelCount; ++i) {
    names.emplace_back(model::LevelName(static_cast<model::Level>(i)));
  }
  return names;
}

std::optional<model::Level> ReadLevel(const Node& node, Context& context) {
  const std::optional<std::string> text = node.AsString();
  if (!text) return std::nullopt;
  if (std::optional<model::Level> level = model::ParseLevel(*text)) return level;
  node.Error(context.Unknown("level", *text, LevelNames()));
  return std::nullopt;
}

// `resolve`: level → {p, work}, per FORMAT.md: no level below lowest_level, a
// `department` entry, and some p > 0.
void ReadResolve(const Node& node, std::optional<model::Level> lowest, Context& context,
                 model::Category* category) {
  if (!node.defined()) {
    node.Error("is required: a mapping from level to {p, work}");
    return;
  }
  if (!node.IsMap()) {
    node.Error("expected a mapping from level to {p, work}");
    return;
  }
  bool all_read = true;
  bool any_positive = false;
  bool has_department = false;
  const std::vector<std::string> level_names = LevelNames();
  for (const KeyEntry& entry : KeyEntries(node, "level", "is listed twice", context)) {
    const std::optional<model::Level> level = model::ParseLevel(entry.key);
    if (!level) {
      context.diags().Add(entry.key_mark.line, entry.key_mark.column, entry.value.path(),
                          context.Unknown("level", entry.key, level_names));
      all_read = false;
      continue;
    }
    if (*level == model::Level::kDepartment) has_department = true;
    if (lowest && *level < *lowest) {
      context.diags().Add(entry.key_mark.line, entry.key_mark.column, entry.value.path(),
                          "level " + Quote(entry.key) + " is below lowest_level " +
                              Quote(model::LevelName(*lowest)) +
                              "; list only levels at or above it");
      all_read = false;
      continue;
    }
    std::optional<model::Resolution> resolution = ReadResolution(entry.value);
    if (!resolution) {
      all_read = false;
      continue;
    }
    if (resolution->p > 0) any_positive = true;
    category->resolve[static_cast<std::size_t>(*level)] = std::move(resolution);
  }
  if (!has_department) {
    node.Error("needs a 'department' entry: the department level is where every demand can end");
  }
  if (all_read && !any_positive) {
    node.Error("every p is 0; at least one level must be able to resolve the category (p > 0)");
  }
}

void ReadCategory(const Node& node, const Catalogue& catalogue, Context& context,
                  model::Category* category) {
  // Unknown keys do not stop the reading of the known ones: report them all.
  node.CheckKeys(format::KeysOf("category"));
  if (!node.IsMap()) return;
  if (node.Has("label")) category->label = node["label"].AsString().value_or(category->label);
  const Node lead = node["lead"];
  if (!lead.defined()) {
    lead.Error("is required: the department that owns the demand at department level");
  } else {
    category->lead = context.Resolve(lead, "department", catalogue.department_names).value_or(-1);
  }
  const Node assist = node["assist"];
  if (assist.defined()) {
    if (std::optional<std::vector<int>> assists =
            ReadRefList(assist, "department", catalogue.department_names, context)) {
      // Every item resolved (else no list), so items and indices pair up.
      const std::vector<Node> items = assist.Items();
      for (std::size_t i = 0; i < assists->size(); ++i) {
        if ((*assists)[i] == category->lead && category->lead >= 0) {
          items[i].Error(
              "department " +
              Quote(catalogue.departments[static_cast<std::size_t>(category->lead)].name) +
              " is the lead; it cannot also assist");
        }
      }
      category->assists = std::move(*assists);
    }
  }
  std::optional<model::Level> lowest;
  const Node lowest_node = node["lowest_level"];
  if (!lowest_node.defined()) {
    lowest_node.Error(
        "is required: the lowest level able to resolve it (grid, community, street, district "
        "or department)");
  } else {
    lowest = ReadLevel(lowest_node, context);
    if (lowest) category->lowest_level = *lowest;
  }
  if (node.Has("enforcement")) {
    category->enforcement = node["enforcement"].AsBool().value_or(false);
  }
  ReadResolve(node["resolve"], lowest, context, category);
  if (node.Has("mediation")) category->mediation = ReadResolution(node["mediation"]);
  if (node.Has("volunteers")) category->volunteers = ReadResolution(node["volunteers"]);
}

}  // namespace

void ReadDepartments(const Node& node, Context& context, Catalogue* catalogue) {
  NameIndex& names = catalogue->department_names;
  if (!CheckSection(node, "department", &names)) return;
  const std::vector<KeyEntry> entries =
      KeyEntries(node, "department", "is declared twice", context);
  if (entries.empty()) node.Error("expected at least one department");
  for (const KeyEntry& entry : entries) {
    const int index = static_cast<int>(catalogue->departments.size());
    model::DepartmentType department;
    department.name = entry.key;
    department.label = entry.key;
    department.mark = MarkOf(entry.key_mark);
    CheckKeyName(entry, "department", context);
    names.Insert(entry.key, index);  // unique: KeyEntries reports and skips repeats
    const Node& value = entry.value;
    value.CheckKeys(format::KeysOf("department"));
    if (value.IsMap()) {
      if (value.Has("label")) department.label = value["label"].AsString().value_or(entry.key);
      department.staff = static_cast<int>(value["staff"].AsInt(1, kMaxStaff).value_or(1));
      if (value.Has("hours")) {
        department.hours = ReadHours(value["hours"]).value_or(model::StaffHours::kOffice);
      }
      if (value.Has("enforcement")) {
        department.enforcement = value["enforcement"].AsBool().value_or(false);
      }
      if (value.Has("travel")) {
        department.travel = value["travel"].AsCalendarDuration().value_or(department.travel);
      }
    }
    catalogue->departments.push_back(std::move(department));
  }
}

void ReadCategories(const Node& node, Context& context, Catalogue* catalogue) {
  NameIndex& names = catalogue->category_names;
  if (!CheckSection(node, "category", &names)) return;
  const std::vector<KeyEntry> entries = KeyEntries(node, "category", "is declared twice", context);
  if (entries.empty()) node.Error("expected at least one category");
  for (const KeyEntry& entry : entries) {
    const int index = static_cast<int>(catalogue->categories.size());
    model::Category category;
    category.name = entry.key;
    category.label = entry.key;
    category.mark = MarkOf(entry.key_mark);
    CheckKeyName(entry, "category", context);
    names.Insert(entry.key, index);  // unique: KeyEntries reports and skips repeats
    ReadCategory(entry.value, *catalogue, context, &category);
    catalogue->categories.push_back(std::move(category));
  }
}

}  // namespace escalade::scenario::internal
