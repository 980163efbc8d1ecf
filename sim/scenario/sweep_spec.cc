// experiment.sweep: reading the three forms (grid, points, Latin hypercube),
// checking every key path against the document, and replacing the value at a
// key path for one point (LoadScenarioPoint in loader.cc).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "policies/parameters.h"
#include "sim/kernel/duration.h"
#include "sim/kernel/random.h"
#include "sim/scenario/key_paths.h"
#include "sim/scenario/loader_internal.h"

namespace escalade::scenario::internal {
namespace {

constexpr auto kMaxSweepPoints = static_cast<std::size_t>(format::kMaxSweepPoints);

// The scalar text of a sweep value (numbers, durations, names, booleans).
std::optional<std::string> ValueText(const Node& node) {
  if (!node.IsScalar() || node.IsNull()) {
    node.Error("expected a single value (a number, a duration such as 2h, a name)");
    return std::nullopt;
  }
  return node.raw().Scalar();
}

}  // namespace

std::optional<YAML::Node> FindKeyPath(YAML::Node document, const std::string& key,
                                      std::string* error) {
  const std::vector<std::string> parts = SplitKeyPath(key);
  if (std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); })) {
    *error = "'" + key + "' is not a key path (names separated by single dots)";
    return std::nullopt;
  }
  YAML::Node at;
  at.reset(document);
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (i == 0 && part == "policies" && parts.size() == 3 &&
        static_cast<const YAML::Node&>(at)["policies"].IsSequence()) {
      // policies.<arm>.<parameter>: the arm's `set:` entry (created when absent).
      YAML::Node arms;
      arms.reset(at["policies"]);
      for (std::size_t k = 0; k < arms.size(); ++k) {
        YAML::Node arm;
        arm.reset(arms[k]);
        if (!arm.IsMap()) continue;
        const YAML::Node& view = arm;
        const std::string name = view["name"] ? view["name"].Scalar()
                                 : view["preset"] ? view["preset"].Scalar() : std::string();
        if (name != parts[1]) continue;
        if (policies::FindParameter(parts[2]) == nullptr) {
          *error = "'" + parts[2] + "' is not a policy parameter (escalade policies lists them)";
          return std::nullopt;
        }
        if (!arm["set"] || !arm["set"].IsMap()) arm["set"] = YAML::Node(YAML::NodeType::Map);
        return arm["set"];  // the caller sets [parts[2]]
      }
      *error = "no policy arm named '" + parts[1] + "'";
      return std::nullopt;
    }
    const bool last = i + 1 == parts.size();
    if (at.IsMap()) {
      if (!static_cast<const YAML::Node&>(at)[part]) {
        *error = "no key '" + part + "'" + (walked.empty() ? "" : " in " + walked);
        return std::nullopt;
      }
      if (last) return at;  // the caller sets [part]
      at.reset(at[part]);  // not `at = ...`: yaml-cpp's operator= writes through
    } else if (at.IsSequence() && IsKeyPathIndex(part)) {
      const std::size_t index = std::stoul(part);
      if (index >= at.size()) {
        *error = walked + " has " + std::to_string(at.size()) + " entries; no entry " + part;
        return std::nullopt;
      }
      if (last) return at;
      at.reset(at[index]);
    } else {
      *error = (walked.empty() ? std::string("the document") : walked) +
               " is not a mapping" + (at.IsSequence() ? " (a list: use an index)" : "");
      return std::nullopt;
    }
    walked += (walked.empty() ? "" : ".") + part;
  }
  *error = "empty key path";
  return std::nullopt;
}

bool AssignKeyPath(YAML::Node document, const std::string& key, const YAML::Node& value,
                   std::string* error) {
  std::optional<YAML::Node> parent = FindKeyPath(document, key, error);
  if (!parent) return false;
  const std::string part = SplitKeyPath(key).back();
  if (parent->IsSequence()) {
    (*parent)[std::stoul(part)] = value;
  } else {
    (*parent)[part] = value;
  }
  return true;
}

void ReadSweep(const Node& node, const YAML::Node& document, SweepSpec* spec) {
  if (!node.defined()) return;
  if (!node.CheckKeys(format::KeysOf("sweep")) || !node.IsMap()) return;
  const std::vector<std::pair<std::string, Node>> forms = node.Entries();
  if (forms.size() != 1) {
    node.Error("expected exactly one of grid, points, latin_hypercube");
    return;
  }
  const auto& [kind, body] = forms.front();
  spec->kind = kind;
  auto check_key = [&](const std::string& key, const Node& at) {
    std::string error;
    if (!FindKeyPath(YAML::Clone(document), key, &error)) {
      at.Error("sweep key '" + key + "': " + error);
      return false;
    }
    return true;
  };
  if (kind == "grid") {
    std::vector<std::vector<std::string>> axes;
    std::size_t count = 1;
    for (const auto& [key, values] : body.Entries()) {
      if (!check_key(key, values)) continue;
      std::vector<std::string> texts;
      for (const Node& v : values.Items()) {
        if (std::optional<std::string> t = ValueText(v)) texts.push_back(*t);
      }
      if (texts.empty()) {
        values.Error("expected a non-empty list of values");
        continue;
      }
      count *= texts.size();
      if (count > kMaxSweepPoints) {
        values.Error("the grid has more than " + std::to_string(kMaxSweepPoints) + " points");
        return;
      }
      spec->keys.push_back(key);
      axes.push_back(std::move(texts));
    }
    if (axes.empty()) return;
    for (std::size_t i = 0; i < count; ++i) {
      std::vector<std::string> point(axes.size());
      std::size_t rest = i;
      for (std::size_t k = axes.size(); k-- > 0;) {  // the last key varies fastest
        point[k] = axes[k][rest % axes[k].size()];
        rest /= axes[k].size();
      }
      spec->points.push_back(std::move(point));
    }
  } else if (kind == "points") {
    const std::vector<Node> items = body.Items();
    if (items.empty() && body.IsSequence()) body.Error("expected a non-empty list of points");
    if (items.size() > kMaxSweepPoints) {
      body.Error("more than " + std::to_string(kMaxSweepPoints) + " points");
      return;
    }
    for (const Node& item : items) {
      std::vector<std::pair<std::string, Node>> entries = item.Entries();
      if (spec->keys.empty()) {
        for (const auto& [key, value] : entries) {
          if (check_key(key, value)) spec->keys.push_back(key);
        }
        if (spec->keys.size() != entries.size()) return;
      }
      std::vector<std::string> point;
      for (const auto& [key, value] : entries) {
        if (point.size() >= spec->keys.size() || key != spec->keys[point.size()]) break;
        if (std::optional<std::string> t = ValueText(value)) point.push_back(*t);
      }
      if (point.size() != spec->keys.size() || entries.size() != spec->keys.size()) {
        std::string keys;
        for (const std::string& k : spec->keys) keys += (keys.empty() ? "" : ", ") + k;
        item.Error("every point sets the same keys in the same order as the first: " + keys);
        continue;
      }
      spec->points.push_back(std::move(point));
    }
  } else {  // latin_hypercube
    body.CheckKeys(format::KeysOf("latin_hypercube"));
    const std::optional<std::int64_t> n = body["points"].AsInt(1, kMaxSweepPoints);
    std::uint64_t seed = 1;
    if (body.Has("seed")) {
      seed = static_cast<std::uint64_t>(
          body["seed"].AsInt(0, std::numeric_limits<std::int64_t>::max()).value_or(1));
    }
    if (!n) return;
    // An axis: numbers (integers when both bounds are), or durations of one kind.
    struct Axis {
      double low = 0, high = 0;
      bool integer = false;
      std::optional<kernel::DurationKind> duration;
    };
    std::vector<Axis> axes;
    for (const auto& [key, range] : body["ranges"].Entries()) {
      if (!check_key(key, range)) continue;
      const std::vector<Node> bounds = range.Items();
      if (bounds.size() != 2) {
        range.Error("expected [low, high]");
        continue;
      }
      const std::optional<std::string> lo = ValueText(bounds[0]), hi = ValueText(bounds[1]);
      if (!lo || !hi) continue;
      Axis axis;
      auto as_duration = [](const std::string& text) { return kernel::ParseDuration(text); };
      kernel::Result<kernel::Duration> dlo = as_duration(*lo), dhi = as_duration(*hi);
      if (dlo.ok() && dhi.ok()) {
        if (dlo->kind != dhi->kind) {
          range.Error("both bounds must be durations of the same kind (calendar, wh or wd)");
          continue;
        }
        axis.duration = dlo->kind;
        const bool days = dlo->kind == kernel::DurationKind::kWorkingDays;
        axis.low = static_cast<double>(days ? dlo->working_days : dlo->millis);
        axis.high = static_cast<double>(days ? dhi->working_days : dhi->millis);
      } else {
        const std::optional<double> a = bounds[0].AsNumber(-1e15, 1e15);
        const std::optional<double> b = bounds[1].AsNumber(-1e15, 1e15);
        if (!a || !b) continue;
        axis.low = *a;
        axis.high = *b;
        axis.integer = lo->find_first_of(".eE") == std::string::npos &&
                       hi->find_first_of(".eE") == std::string::npos;
      }
      if (!(axis.low <= axis.high)) {
        range.Error("low must not exceed high");
        continue;
      }
      spec->keys.push_back(key);
      axes.push_back(axis);
    }
    if (axes.empty()) {
      if (node.diags().ok()) body.Error("expected ranges: {key.path: [low, high], ...}");
      return;
    }
    const std::size_t count = static_cast<std::size_t>(*n);
    spec->points.assign(count, std::vector<std::string>(axes.size()));
    for (std::size_t k = 0; k < axes.size(); ++k) {
      // One stratum per point on this axis, in an order of its own, a uniform place inside.
      kernel::RandomStream stream(seed, 0, "sweep.latin_hypercube", k);
      std::vector<std::size_t> strata(count);
      for (std::size_t i = 0; i < count; ++i) strata[i] = i;
      for (std::size_t i = count; i-- > 1;) std::swap(strata[i], strata[stream.NextU64() % (i + 1)]);
      const Axis& axis = axes[k];
      for (std::size_t i = 0; i < count; ++i) {
        const double u = (static_cast<double>(strata[i]) + stream.NextUniform()) /
                         static_cast<double>(count);
        // Whole-number axes (integers, working days) spread over [low - 0.5, high + 0.5] and
        // round, so each whole value owns an equal share: n points over n values take each once.
        const bool whole = axis.integer || axis.duration == kernel::DurationKind::kWorkingDays;
        const double pad = whole ? 0.5 : 0.0;
        double x = axis.low - pad + u * (axis.high - axis.low + 2 * pad);
        if (whole) x = std::clamp(std::floor(x + 0.5), axis.low, axis.high);
        std::string text;
        if (axis.duration == kernel::DurationKind::kWorkingDays) {
          text = kernel::FormatDuration(kernel::Duration::WorkingDays(std::llround(x)));
        } else if (axis.duration) {
          const kernel::SimTime ms = std::llround(x / 60000.0) * 60000;  // whole minutes
          text = kernel::FormatDuration(*axis.duration == kernel::DurationKind::kCalendar
                                            ? kernel::Duration::Calendar(ms)
                                            : kernel::Duration::WorkingHours(ms));
        } else if (axis.integer) {
          text = std::to_string(std::llround(x));
        } else {
          text = kernel::FormatNumber(x, 6);
        }
        spec->points[i][k] = text;
      }
    }
  }
}

}  // namespace escalade::scenario::internal
