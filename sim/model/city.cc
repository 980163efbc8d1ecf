#include "sim/model/city.h"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <cstdio>
#include <set>
#include <utility>

#include "sim/model/city_checks.h"

namespace escalade::model {

using kernel::kTimeMax;
using kernel::SimTime;

const std::optional<Resolution>& Category::TeamResolution(UnitKind kind) const {
  static const std::optional<Resolution> kNone;
  if (kind == UnitKind::kMediation) return mediation;
  if (kind == UnitKind::kVolunteers) return volunteers;
  return kNone;
}

// ---------------------------------------------------------------- City

std::optional<UnitId> City::Find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<int> City::FindDepartment(std::string_view name) const {
  for (std::size_t i = 0; i < departments_.size(); ++i) {
    if (departments_[i].name == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::optional<int> City::FindCategory(std::string_view name) const {
  for (std::size_t i = 0; i < categories_.size(); ++i) {
    if (categories_[i].name == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::span<const UnitId> City::OfKind(UnitKind kind) const {
  return of_kind_[static_cast<std::size_t>(kind)];
}

std::span<const UnitId> City::Children(UnitId id) const {
  ESCALADE_CHECK(id < children_.size(), "Children: unit id " + std::to_string(id) +
                                            " is not in a city of " +
                                            std::to_string(children_.size()) + " units");
  return children_[id];
}

UnitId City::DepartmentUnit(UnitId district, int department) const {
  ESCALADE_CHECK(district < district_index_.size() && district_index_[district] >= 0,
                 "DepartmentUnit: unit " + std::to_string(district) + " is not a district");
  ESCALADE_CHECK(department >= 0 && department < static_cast<int>(departments_.size()),
                 "DepartmentUnit: no department " + std::to_string(department));
  return department_unit_[static_cast<std::size_t>(district_index_[district]) *
                              departments_.size() +
                          static_cast<std::size_t>(department)];
}

SimTime City::TravelTime(UnitId source, UnitId community) const {
  ESCALADE_CHECK(
      source < source_index_.size() && source_index_[source] >= 0,
      "TravelTime: unit " + std::to_string(source) + " is not a department unit or a team");
  ESCALADE_CHECK(community < community_index_.size() && community_index_[community] >= 0,
                 "TravelTime: unit " + std::to_string(community) + " is not a community");
  const std::size_t communities = of_kind_[static_cast<std::size_t>(UnitKind::kCommunity)].size();
  return travel_[static_cast<std::size_t>(source_index_[source]) * communities +
                 static_cast<std::size_t>(community_index_[community])];
}

std::span<const UnitId> City::Resolvers(int category) const {
  ESCALADE_CHECK(category >= 0 && category < static_cast<int>(resolvers_.size()),
                 "Resolvers: no category " + std::to_string(category));
  return resolvers_[static_cast<std::size_t>(category)];
}

// ---------------------------------------------------------------- CityBuilder

int CityBuilder::AddDepartment(DepartmentType department) {
  city_.departments_.push_back(std::move(department));
  return static_cast<int>(city_.departments_.size() - 1);
}

int CityBuilder::AddCategory(Category category) {
  city_.categories_.push_back(std::move(category));
  return static_cast<int>(city_.categories_.size() - 1);
}

UnitId CityBuilder::AddUnit(Unit unit) {
  ESCALADE_CHECK(city_.units_.size() < kNoUnit, "AddUnit: too many units");
  city_.units_.push_back(std::move(unit));
  paths_.emplace_back();
  return static_cast<UnitId>(city_.units_.size() - 1);
}

void CityBuilder::AddTravel(UnitId a, UnitId b, SimTime travel, SourceMark mark) {
  extra_links_.push_back({a, b, LinkKind::kTravel, travel, mark});
}

void CityBuilder::AddAuthority(UnitId from, UnitId to, SourceMark mark) {
  extra_links_.push_back({from, to, LinkKind::kAuthority, 0, mark});
}

void CityBuilder::SetPath(UnitId id, std::string path) {
  ESCALADE_CHECK(id < paths_.size(), "SetPath: unit id " + std::to_string(id) + " not added");
  paths_[id] = std::move(path);
}

namespace {

// Keeps the edges of one link kind.
struct KindIs {
  const CityGraph* graph = nullptr;
  LinkKind kind = LinkKind::kJurisdiction;
  bool operator()(CityGraph::edge_descriptor e) const { return (*graph)[e].kind == kind; }
};

// Records the cycle closed by every back edge of a depth-first search: the
// tree path from the back edge's target down to its source, then the back edge.
class CycleRecorder : public boost::default_dfs_visitor {
 public:
  CycleRecorder(std::vector<UnitId>* tree_parent, std::set<std::vector<UnitId>>* cycles)
      : tree_parent_(tree_parent), cycles_(cycles) {}
  template <typename Edge, typename Graph>
  void tree_edge(Edge e, const Graph& g) {
    (*tree_parent_)[target(e, g)] = static_cast<UnitId>(source(e, g));
  }
  template <typename Edge, typename Graph>
  void back_edge(Edge e, const Graph& g) {
    const auto to = static_cast<UnitId>(target(e, g));
    std::vector<UnitId> cycle{static_cast<UnitId>(source(e, g))};
    while (cycle.back() != to) cycle.push_back((*tree_parent_)[cycle.back()]);
    std::reverse(cycle.begin(), cycle.end());
    // Start at the smallest id so that one cycle reached twice is reported once.
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    cycles_->insert(std::move(cycle));
  }

 private:
  std::vector<UnitId>* tree_parent_;
  std::set<std::vector<UnitId>>* cycles_;
};

std::vector<std::vector<UnitId>> FindCycles(const CityGraph& graph, LinkKind kind) {
  boost::filtered_graph<CityGraph, KindIs> view(graph, KindIs{&graph, kind});
  std::vector<UnitId> tree_parent(boost::num_vertices(graph), kNoUnit);
  std::set<std::vector<UnitId>> cycles;
  boost::depth_first_search(view, boost::visitor(CycleRecorder(&tree_parent, &cycles)));
  return {cycles.begin(), cycles.end()};
}

// A travel link, undirected.
struct TravelLink {
  UnitId a, b;
  SimTime ms;
};

// Weight of an edge of the travel core graph.
struct CoreEdge {
  SimTime ms = 0;
};
using CoreGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, CoreEdge>;

struct SaturatingAdd {
  SimTime operator()(SimTime a, SimTime b) const { return (a >= kTimeMax - b) ? kTimeMax : a + b; }
};

// Fills the dense travel table: row r is sources[r], column j is communities[j].
//
// Equivalent to one Dijkstra per source over every travel link, but cheaper,
// by two exact reductions. (1) A unit other than a community with at most one
// travel neighbour (a grid, a department unit, a team) is never inside a
// shortest path: Dijkstra runs on the "core" graph without such leaves, and a
// leaf source starts from its one neighbour, offset by the link. (2) A start
// vertex with a single core neighbour q (a community whose only other links go
// to its grids) reaches everything else through q: it starts from q, offset by
// the link, and only its own distance is kept apart. A megacity then needs one
// Dijkstra per street, district and community with an extra road, on a graph
// of ~1,000 vertices, instead of one per source over all ~6,000 units.
std::vector<SimTime> TravelTable(std::size_t unit_count, const std::vector<TravelLink>& links,
                                 const std::vector<Unit>& units, const std::vector<UnitId>& sources,
                                 const std::vector<UnitId>& communities) {
  // Neighbours with the shortest link to each (parallel links collapse).
  std::vector<std::vector<std::pair<UnitId, SimTime>>> near(unit_count);
  auto connect = [&near](UnitId a, UnitId b, SimTime ms) {
    for (auto& [v, t] : near[a]) {
      if (v == b) {
        t = std::min(t, ms);
        return;
      }
    }
    near[a].emplace_back(b, ms);
  };
  for (const TravelLink& link : links) {
    if (link.a == link.b || link.ms < 0 || link.ms == kTimeMax) continue;  // no road
    connect(link.a, link.b, link.ms);
    connect(link.b, link.a, link.ms);
  }
  std::vector<int> core(unit_count, -1);
  int core_count = 0;
  for (std::size_t u = 0; u < unit_count; ++u) {
    if (units[u].kind == UnitKind::kCommunity || near[u].size() >= 2) core[u] = core_count++;
  }
  std::vector<std::pair<std::size_t, std::size_t>> arcs;
  std::vector<CoreEdge> weights;
  // The one core neighbour of each core unit that has exactly one, else kNoUnit.
  std::vector<std::pair<UnitId, SimTime>> only_core_neighbour(unit_count, {kNoUnit, 0});
  for (UnitId u = 0; u < unit_count; ++u) {
    if (core[u] < 0) continue;
    int degree = 0;
    for (auto [v, ms] : near[u]) {
      if (core[v] < 0) continue;
      arcs.emplace_back(core[u], core[v]);
      weights.push_back({ms});
      if (++degree == 1) only_core_neighbour[u] = {v, ms};
    }
    if (degree != 1) only_core_neighbour[u] = {kNoUnit, 0};
  }
  const CoreGraph graph(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(),
                        weights.begin(), static_cast<std::size_t>(core_count));

  struct Start {
    UnitId anchor;          // Dijkstra source (a core unit)
    SimTime offset;         // from the source unit to the anchor
    std::size_t row;        // in the table
    UnitId self = kNoUnit;  // a unit reached before the anchor, at self_offset
    SimTime self_offset = 0;
  };
  std::vector<Start> starts;
  for (std::size_t row = 0; row < sources.size(); ++row) {
    const UnitId s = sources[row];
    Start start{s, 0, row};
    if (core[s] < 0) {
      if (near[s].size() != 1 || core[near[s][0].first] < 0) continue;  // reaches nothing
      start.anchor = near[s][0].first;
      start.offset = near[s][0].second;
    }
    if (const auto [q, ms] = only_core_neighbour[start.anchor]; q != kNoUnit) {
      start = {q, start.offset + ms, row, start.anchor, start.offset};
    }
    starts.push_back(start);
  }
  std::stable_sort(starts.begin(), starts.end(),
                   [](const Start& x, const Start& y) { return x.anchor < y.anchor; });

  std::vector<SimTime> table(sources.size() * communities.size(), kTimeMax);
  std::vector<SimTime> distance(static_cast<std::size_t>(core_count));
  UnitId computed_for = kNoUnit;
  for (const Start& start : starts) {
    if (start.anchor != computed_for) {
      boost::dijkstra_shortest_paths_no_color_map(
          graph, static_cast<std::size_t>(core[start.anchor]),
          boost::weight_map(boost::get(&CoreEdge::ms, graph))
              .distance_map(boost::make_iterator_property_map(
                  distance.begin(), boost::get(boost::vertex_index, graph)))
              .distance_inf(kTimeMax)
              .distance_zero(SimTime{0})
              .distance_combine(SaturatingAdd{}));
      computed_for = start.anchor;
    }
    SimTime* row = table.data() + start.row * communities.size();
    for (std::size_t j = 0; j < communities.size(); ++j) {
      row[j] = communities[j] == start.self
                   ? start.self_offset
                   : SaturatingAdd{}(start.offset,
                                     distance[static_cast<std::size_t>(core[communities[j]])]);
    }
  }
  return table;
}

}  // namespace

kernel::Result<City> CityBuilder::Build(std::vector<CityProblem>* problems) {
  ESCALADE_CHECK(problems != nullptr, "Build: problems must not be null");
  City city = city_;
  const std::size_t n = city.units_.size();
  internal::Reporter report(city.units_, paths_, problems);

  internal::CheckCatalogue(city.departments_, city.categories_, report);
  internal::CheckUnits(city.units_, city.departments_.size(), city.categories_.size(), report);
  for (const ExtraLink& link : extra_links_) {
    internal::CheckExtraLink(city.units_, link.a, link.b, link.kind, link.travel, link.mark,
                             report);
  }

  // The graph: jurisdiction and travel edges from parents, then the extra links.
  city.graph_ = CityGraph(n);
  std::vector<TravelLink> travel_links;
  for (UnitId u = 0; u < n; ++u) {
    const UnitId p = city.units_[u].parent;
    if (p >= n) continue;
    boost::add_edge(u, p, Link{LinkKind::kJurisdiction, 0}, city.graph_);
    boost::add_edge(u, p, Link{LinkKind::kTravel, city.units_[u].travel_to_parent}, city.graph_);
    travel_links.push_back({u, p, city.units_[u].travel_to_parent});
  }
  for (const ExtraLink& link : extra_links_) {
    if (link.a >= n || link.b >= n) continue;
    boost::add_edge(link.a, link.b, Link{link.kind, link.travel}, city.graph_);
    if (link.kind == LinkKind::kTravel) travel_links.push_back({link.a, link.b, link.travel});
  }
  for (const auto& cycle : FindCycles(city.graph_, LinkKind::kJurisdiction)) {
    report.OnUnit(cycle.front(),
                  "jurisdiction parents form a cycle: " + internal::CycleText(city.units_, cycle) +
                      "; jurisdiction must be a tree (each unit's parent is one level up)");
  }
  for (const auto& cycle : FindCycles(city.graph_, LinkKind::kAuthority)) {
    SourceMark mark = city.units_[cycle.front()].mark;
    const UnitId second = cycle.size() > 1 ? cycle[1] : cycle[0];
    for (const ExtraLink& link : extra_links_) {
      if (link.kind == LinkKind::kAuthority && link.a == cycle.front() && link.b == second) {
        mark = link.mark;
        break;
      }
    }
    report.At(mark, report.UnitPath(cycle.front()),
              "authority links form a cycle: " + internal::CycleText(city.units_, cycle) +
                  "; authority must not loop (a demand could be passed round it forever)");
  }

  // Derived tables. Ancestors follow only parent links of the right kind, which
  // climb strictly (grid < community < street < district), so a bad parent
  // cannot loop here; it leaves the unit outside the tree instead.
  const std::vector<UnitId> parent = internal::SoundParents(city.units_);
  for (UnitId u = 0; u < n; ++u) {
    Unit& unit = city.units_[u];
    unit.community = unit.street = unit.district = kNoUnit;
    for (UnitId v = u; v != kNoUnit; v = parent[v]) {
      switch (city.units_[v].kind) {
        case UnitKind::kCommunity:
          unit.community = v;
          break;
        case UnitKind::kStreet:
          unit.street = v;
          break;
        case UnitKind::kDistrict:
          unit.district = v;
          break;
        default:
          break;
      }
    }
    city.by_name_.emplace(unit.name, u);  // first declaration wins; duplicates reported
    city.of_kind_[static_cast<std::size_t>(unit.kind)].push_back(u);
  }
  city.children_.assign(n, {});
  for (UnitId u = 0; u < n; ++u) {
    if (city.units_[u].parent < n) city.children_[city.units_[u].parent].push_back(u);
  }
  internal::CheckTreeShape(city.units_, parent, report);

  const auto& districts = city.of_kind_[static_cast<std::size_t>(UnitKind::kDistrict)];
  const auto& communities = city.of_kind_[static_cast<std::size_t>(UnitKind::kCommunity)];
  const std::size_t department_count = city.departments_.size();
  city.district_index_.assign(n, -1);
  for (std::size_t i = 0; i < districts.size(); ++i) {
    city.district_index_[districts[i]] = static_cast<int>(i);
  }
  city.department_unit_.assign(districts.size() * department_count, kNoUnit);
  for (UnitId u : city.of_kind_[static_cast<std::size_t>(UnitKind::kDepartment)]) {
    const Unit& unit = city.units_[u];
    if (unit.district == kNoUnit || unit.department < 0 ||
        static_cast<std::size_t>(unit.department) >= department_count) {
      continue;  // reported by CheckUnits
    }
    UnitId& slot =
        city.department_unit_[static_cast<std::size_t>(city.district_index_[unit.district]) *
                                  department_count +
                              static_cast<std::size_t>(unit.department)];
    if (slot == kNoUnit) {
      slot = u;
    } else {
      report.OnUnit(u, "department unit '" + unit.name + "' is a second unit of department '" +
                           city.departments_[unit.department].name + "' in district '" +
                           city.units_[unit.district].name + "' (the first is '" +
                           city.units_[slot].name +
                           "'); expected one unit per department and district");
    }
  }

  // Travel from every department unit and team to every community.
  std::vector<UnitId> sources;
  city.source_index_.assign(n, -1);
  city.community_index_.assign(n, -1);
  for (std::size_t j = 0; j < communities.size(); ++j) {
    city.community_index_[communities[j]] = static_cast<int>(j);
  }
  for (UnitId u = 0; u < n; ++u) {
    if (internal::IsTravelSource(city.units_[u].kind)) {
      city.source_index_[u] = static_cast<int>(sources.size());
      sources.push_back(u);
    }
  }
  city.travel_ = TravelTable(n, travel_links, city.units_, sources, communities);
  internal::CheckReach(city.units_, parent, sources, communities, city.travel_, report);

  // Resolvers and population.
  city.resolvers_ = internal::ResolversByCategory(city.units_, city.categories_);
  internal::CheckResolvable(city.units_, city.departments_, city.categories_, city.resolvers_,
                            report);
  city.population_ = 0;
  for (UnitId c : communities) city.population_ += city.units_[c].population;

  if (report.count() > 0) {
    const CityProblem& first = (*problems)[problems->size() - report.count()];
    return kernel::Status::Error("city has " + std::to_string(report.count()) +
                                 (report.count() == 1 ? " problem" : " problems") +
                                 "; the first: " + first.path + ": " + first.message);
  }
  return city;
}

}  // namespace escalade::model
