// The build phase of the loader (BuildCity in loader_internal.h): the planned city through
// model::CityBuilder, each of its problems located in the file by the unit's mark or else
// by its key path.
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/scenario/loader_internal.h"

namespace escalade::scenario::internal {
namespace {

// Where a key path ("city.districts[0].streets[2]") points in the file: the
// deepest node along it that exists, 1-based; {0, 0} if none.
model::SourceMark ResolvePath(const YAML::Node& root, std::string_view path) {
  model::SourceMark mark;
  try {
    // std::optional + emplace: assigning one YAML::Node to another would write
    // through the reference into the document.
    std::optional<YAML::Node> current(root);
    std::size_t i = 0;
    while (i < path.size()) {
      std::optional<YAML::Node> next;
      if (path[i] == '[') {
        const std::size_t close = path.find(']', i);
        if (close == std::string_view::npos) break;
        const std::string digits(path.substr(i + 1, close - i - 1));
        i = close + 1;
        if (!current->IsSequence() || digits.empty() || digits.size() > 9) break;
        const std::size_t index = std::stoul(digits);
        if (index >= current->size()) break;
        const YAML::Node& sequence = *current;
        next.emplace(sequence[index]);
      } else {
        if (path[i] == '.') ++i;
        const std::size_t end = path.find_first_of(".[", i);
        const std::string key(path.substr(i, end == std::string_view::npos ? path.npos : end - i));
        i = end == std::string_view::npos ? path.size() : end;
        if (!current->IsMap()) break;
        const YAML::Node& map = *current;
        const YAML::Node child = map[key];
        if (!child.IsDefined()) break;
        next.emplace(child);
      }
      current.emplace(*next);
      const YAML::Mark m = current->Mark();
      if (m.line >= 0) mark = {m.line + 1, m.column + 1};
    }
  } catch (const std::exception&) {
    // A location is a courtesy: keep the deepest one found.
  }
  return mark;
}

}  // namespace

std::optional<model::City> BuildCity(const YAML::Node& root, const Catalogue& catalogue,
                                     const CityPlan& plan, Context& context,
                                     std::vector<model::UnitId>* ids) {
  model::CityBuilder builder;
  for (const model::DepartmentType& department : catalogue.departments) {
    builder.AddDepartment(department);
  }
  for (const model::Category& category : catalogue.categories) builder.AddCategory(category);
  ids->assign(plan.units.size(), model::kNoUnit);
  for (std::size_t i = 0; i < plan.units.size(); ++i) {
    model::Unit unit = plan.units[i].unit;
    if (unit.parent != model::kNoUnit) unit.parent = (*ids)[unit.parent];
    const model::UnitId id = builder.AddUnit(std::move(unit));
    (*ids)[i] = id;
    builder.SetPath(id, plan.units[i].path);
  }
  std::vector<model::CityProblem> problems;
  kernel::Result<model::City> city = builder.Build(&problems);
  for (const model::CityProblem& problem : problems) {
    const model::SourceMark mark =
        problem.mark.line > 0 ? problem.mark : ResolvePath(root, problem.path);
    context.diags().Add(mark.line, mark.column, problem.path, problem.message);
  }
  if (!city.ok()) {
    if (problems.empty()) {
      context.diags().Add(0, 0, "city", "the city could not be built: " + city.status().message());
    }
    return std::nullopt;
  }
  if (!problems.empty()) return std::nullopt;
  return std::move(city).value();
}

}  // namespace escalade::scenario::internal
