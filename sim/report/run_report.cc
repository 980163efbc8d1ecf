#include "sim/report/run_report.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "analysis/metrics.h"
#include "analysis/output_file.h"
#include "sim/report/assets.h"
#include "sim/report/folder_table.h"
#include "sim/report/html_page.h"

namespace escalade::report {
namespace {

using Json = nlohmann::ordered_json;

bool Wanted(const std::string& metric) {
  const std::vector<std::string>& headline = analysis::HeadlineMetrics();
  return std::find(headline.begin(), headline.end(), metric) != headline.end() ||
         metric.rfind("resolved_at.", 0) == 0 || metric.rfind("utilization.", 0) == 0;
}

// The rows of `table` whose `metric` column is wanted (all rows without one).
Json WantedRows(const FolderTable& table) {
  const int metric = table.Column("metric");
  Json rows = Json::array();
  for (const std::vector<std::string>& row : table.rows) {
    if (metric >= 0 && !Wanted(row[static_cast<std::size_t>(metric)])) continue;
    rows.push_back(table.RowJson(row));
  }
  return rows;
}

// The sweep point of a row ("" in a run folder).
std::string PointOf(const FolderTable& table, const std::vector<std::string>& row) {
  const int point = table.Column("point");
  return point < 0 ? "" : row[static_cast<std::size_t>(point)];
}

void SetPoint(const std::string& point, Json* row) {
  if (!point.empty()) (*row)["point"] = ParseNumber(point).value_or(0);
}

// workload.csv: the mean utilisation of each unit under each policy (and point), with the
// prediction of predicted_load.csv beside it when there is one.
Json Utilisation(const FolderTable& workload, const std::optional<FolderTable>& predicted) {
  std::map<std::pair<std::string, std::string>, double> prediction;
  if (predicted) {
    const int policy = predicted->Column("policy"), unit = predicted->Column("unit"),
              value = predicted->Column("utilization");
    if (policy >= 0 && unit >= 0 && value >= 0) {
      for (const auto& row : predicted->rows) {
        prediction[{row[static_cast<std::size_t>(policy)], row[static_cast<std::size_t>(unit)]}] =
            ParseNumber(row[static_cast<std::size_t>(value)]).value_or(0);
      }
    }
  }
  const int policy = workload.Column("policy"), unit = workload.Column("unit"),
            level = workload.Column("level"), value = workload.Column("utilization");
  if (policy < 0 || unit < 0 || level < 0 || value < 0) return Json::array();
  struct Cell {
    std::string point, policy, unit, level;
    double sum = 0;
    int n = 0;
  };
  std::vector<Cell> cells;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  for (const auto& row : workload.rows) {
    const std::string point = PointOf(workload, row);
    const auto key = std::make_tuple(point, row[static_cast<std::size_t>(policy)],
                                     row[static_cast<std::size_t>(unit)]);
    auto [it, fresh] = index.try_emplace(key, cells.size());
    if (fresh) {
      cells.push_back({point, std::get<1>(key), std::get<2>(key),
                       row[static_cast<std::size_t>(level)]});
    }
    Cell& cell = cells[it->second];
    cell.sum += ParseNumber(row[static_cast<std::size_t>(value)]).value_or(0);
    ++cell.n;
  }
  Json rows = Json::array();
  for (const Cell& cell : cells) {
    Json row = {{"policy", cell.policy}, {"unit", cell.unit}, {"level", cell.level},
                {"sim", cell.sum / std::max(1, cell.n)}};
    SetPoint(cell.point, &row);
    if (auto it = prediction.find({cell.policy, cell.unit}); it != prediction.end() &&
                                                            cell.point.empty()) {
      row["pred"] = it->second;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// backlog.csv: per policy (and point) and day, the mean, lowest and highest open demands
// over the replications.
Json Backlog(const FolderTable& backlog) {
  const int policy = backlog.Column("policy"), day = backlog.Column("day"),
            open = backlog.Column("open");
  if (policy < 0 || day < 0 || open < 0) return Json::array();
  struct Cell {
    std::string point, policy;
    double day = 0, sum = 0, low = 0, high = 0;
    int n = 0;
  };
  std::vector<Cell> cells;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  for (const auto& row : backlog.rows) {
    const std::string point = PointOf(backlog, row);
    const std::string& d = row[static_cast<std::size_t>(day)];
    auto [it, fresh] = index.try_emplace(
        std::make_tuple(point, row[static_cast<std::size_t>(policy)], d), cells.size());
    const double value = ParseNumber(row[static_cast<std::size_t>(open)]).value_or(0);
    if (fresh) {
      cells.push_back({point, row[static_cast<std::size_t>(policy)], ParseNumber(d).value_or(0),
                       0, value, value});
    }
    Cell& cell = cells[it->second];
    cell.sum += value;
    cell.low = std::min(cell.low, value);
    cell.high = std::max(cell.high, value);
    ++cell.n;
  }
  Json rows = Json::array();
  for (const Cell& cell : cells) {
    Json row = {{"policy", cell.policy}, {"day", cell.day}, {"mean", cell.sum / cell.n},
                {"min", cell.low}, {"max", cell.high}};
    SetPoint(cell.point, &row);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

kernel::Result<Json> ReadRunFolder(const std::string& dir) {
  std::ifstream in(dir + "/manifest.json");
  if (!in) {
    return kernel::Status::Error(dir + "/manifest.json: cannot read it (is " + dir +
                                 " a run or sweep folder?)");
  }
  Json manifest = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded() || !manifest.is_object() || !manifest.contains("policies")) {
    return kernel::Status::Error(dir + "/manifest.json: not an escalade manifest");
  }
  Json data;
  data["kind"] = manifest.contains("sweep") ? "sweep" : "run";
  const std::string path = manifest.contains("scenario") && manifest["scenario"].is_object()
                               ? manifest["scenario"].value("path", "")
                               : "";
  data["title"] = std::filesystem::path(path).stem().string();
  data["policies"] = manifest["policies"];
  data["baseline"] = manifest.value("baseline", "");
  data["headline"] = analysis::HeadlineMetrics();
  data["manifest"] = manifest;
  // The files a folder of its kind has (targets.csv only with targets: not missed).
  const bool sweep = data["kind"] == "sweep";
  const std::vector<std::string> expected =
      sweep ? std::vector<std::string>{"compare.csv", "summary.csv", "points.csv", "workload.csv",
                                       "backlog.csv"}
            : std::vector<std::string>{"compare.csv", "summary.csv", "resolution_hist.csv",
                                       "level_flows.csv", "workload.csv", "predicted_load.csv",
                                       "backlog.csv"};
  std::vector<std::string> missing;
  auto table = [&](const std::string& name) -> kernel::Result<std::optional<FolderTable>> {
    kernel::Result<std::optional<FolderTable>> t = ReadFolderTable(dir + "/" + name);
    if (t.ok() && !t->has_value() &&
        std::find(expected.begin(), expected.end(), name) != expected.end()) {
      missing.push_back(name);
    }
    return t;
  };
  for (const char* name : {"compare.csv", "summary.csv", "points.csv", "resolution_hist.csv",
                           "level_flows.csv", "targets.csv"}) {
    kernel::Result<std::optional<FolderTable>> t = table(name);
    if (!t.ok()) return t.status();
    if (!t->has_value()) continue;
    const std::string key = std::filesystem::path(name).stem().string();
    data[key] = WantedRows(**t);
  }
  kernel::Result<std::optional<FolderTable>> workload = table("workload.csv");
  if (!workload.ok()) return workload.status();
  kernel::Result<std::optional<FolderTable>> predicted = table("predicted_load.csv");
  if (!predicted.ok()) return predicted.status();
  if (workload->has_value()) data["util"] = Utilisation(**workload, *predicted);
  kernel::Result<std::optional<FolderTable>> backlog = table("backlog.csv");
  if (!backlog.ok()) return backlog.status();
  if (backlog->has_value()) data["backlog"] = Backlog(**backlog);
  data["missing"] = missing;
  return data;
}

std::string ReportHtml(const Json& data) {
  PageParts parts;
  parts.title = "escalade report: " + data.value("title", std::string("run"));
  parts.script = ReportScript();
  parts.data = data;
  return HtmlPage(parts);
}

kernel::Status WriteReport(const std::string& dir) {
  kernel::Result<Json> data = ReadRunFolder(dir);
  if (!data.ok()) return data.status();
  return analysis::WriteFileAtomically(dir + "/report.html", ReportHtml(*data));
}

}  // namespace escalade::report
