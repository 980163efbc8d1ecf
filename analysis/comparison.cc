#include "analysis/comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "analysis/confidence.h"
#include "sim/kernel/text.h"

namespace escalade::analysis {
namespace {

std::string Number(double x) { return kernel::FormatNumber(x, 10); }

// Short display: 3 significant digits, or an integer for large values.
std::string Display(double x) {
  if (std::isnan(x)) return "-";
  char text[40];
  if (std::abs(x) >= 1000) {
    std::snprintf(text, sizeof text, "%.0f", x);
  } else {
    std::snprintf(text, sizeof text, "%.3g", x);
  }
  return text;
}

std::vector<std::string> MetricOrder(const std::vector<ArmMetrics>& arms) {
  std::vector<std::string> order;
  for (const ArmMetrics& arm : arms) {
    for (const std::vector<Metric>& rep : arm.replications) {
      for (const Metric& m : rep) {
        if (std::find(order.begin(), order.end(), m.name) == order.end()) order.push_back(m.name);
      }
    }
  }
  return order;
}

std::optional<double> Find(const std::vector<Metric>& metrics, const std::string& name) {
  for (const Metric& m : metrics) {
    if (m.name == name) return m.value;
  }
  return std::nullopt;
}

}  // namespace

std::vector<SummaryRow> Summarize(const std::vector<ArmMetrics>& arms) {
  std::vector<SummaryRow> rows;
  const std::vector<std::string> order = MetricOrder(arms);
  for (const ArmMetrics& arm : arms) {
    for (const std::string& metric : order) {
      std::vector<double> values;
      for (const std::vector<Metric>& rep : arm.replications) {
        if (std::optional<double> v = Find(rep, metric)) values.push_back(*v);
      }
      if (values.empty()) continue;
      const Interval i = MeanInterval(values);
      rows.push_back({arm.name, metric, i.mean, i.std_error, i.low, i.high, i.n});
    }
  }
  return rows;
}

std::vector<CompareRow> CompareWithBaseline(const std::vector<ArmMetrics>& arms,
                                            const std::string& baseline) {
  std::vector<CompareRow> rows;
  const ArmMetrics* base = nullptr;
  for (const ArmMetrics& arm : arms) {
    if (arm.name == baseline) base = &arm;
  }
  if (!base) return rows;
  const std::vector<std::string> order = MetricOrder(arms);
  for (const ArmMetrics& arm : arms) {
    if (&arm == base) continue;
    for (const std::string& metric : order) {
      std::vector<double> a, b;
      const std::size_t n = std::min(arm.replications.size(), base->replications.size());
      for (std::size_t r = 0; r < n; ++r) {
        std::optional<double> x = Find(arm.replications[r], metric);
        std::optional<double> y = Find(base->replications[r], metric);
        if (x && y) {
          a.push_back(*x);
          b.push_back(*y);
        }
      }
      if (a.empty()) continue;
      const Interval d = PairedDifferenceInterval(a, b);
      rows.push_back({arm.name, baseline, metric, d.mean, d.low, d.high, d.n});
    }
  }
  return rows;
}

std::string SummaryCsv(const std::vector<SummaryRow>& rows) {
  std::string out = "policy,metric,mean,stderr,ci95_low,ci95_high,n\n";
  for (const SummaryRow& r : rows) {
    out += r.policy + "," + r.metric + "," + Number(r.mean) + "," + Number(r.std_error) + "," +
           Number(r.low) + "," + Number(r.high) + "," + std::to_string(r.n) + "\n";
  }
  return out;
}

std::string CompareCsv(const std::vector<CompareRow>& rows) {
  std::string out = "policy,baseline,metric,diff_mean,ci95_low,ci95_high,n\n";
  for (const CompareRow& r : rows) {
    out += r.policy + "," + r.baseline + "," + r.metric + "," + Number(r.diff_mean) + "," +
           Number(r.low) + "," + Number(r.high) + "," + std::to_string(r.n) + "\n";
  }
  return out;
}

std::string ReplicationsCsv(const std::vector<ArmMetrics>& arms) {
  std::string out = "policy,replication,metric,value\n";
  for (const ArmMetrics& arm : arms) {
    for (std::size_t r = 0; r < arm.replications.size(); ++r) {
      for (const Metric& m : arm.replications[r]) {
        out += arm.name + "," + std::to_string(r) + "," + m.name + "," + Number(m.value) + "\n";
      }
    }
  }
  return out;
}

std::string FormatComparisonTable(const std::vector<std::string>& policies,
                                  const std::string& baseline,
                                  const std::vector<std::string>& metrics,
                                  const std::vector<SummaryRow>& summary,
                                  const std::vector<CompareRow>& compare) {
  std::map<std::pair<std::string, std::string>, const SummaryRow*> s;
  for (const SummaryRow& r : summary) s[{r.policy, r.metric}] = &r;
  std::map<std::pair<std::string, std::string>, const CompareRow*> c;
  for (const CompareRow& r : compare) c[{r.policy, r.metric}] = &r;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> header = {"metric"};
  for (const std::string& p : policies) header.push_back(p == baseline ? p + " (baseline)" : p);
  cells.push_back(header);
  for (const std::string& metric : metrics) {
    std::vector<std::string> row = {metric};
    bool any = false;
    for (const std::string& p : policies) {
      auto it = s.find({p, metric});
      if (it == s.end()) {
        row.push_back("-");
        continue;
      }
      any = true;
      const SummaryRow& r = *it->second;
      std::string cell = Display(r.mean);
      if (!std::isnan(r.high)) cell += " ±" + Display((r.high - r.low) / 2);
      auto d = c.find({p, metric});
      if (d != c.end()) {
        const CompareRow& diff = *d->second;
        const bool excludes_zero = diff.low > 0 || diff.high < 0;
        cell += " (" + std::string(diff.diff_mean > 0 ? "+" : "") + Display(diff.diff_mean) +
                (excludes_zero ? "*" : "") + ")";
      }
      row.push_back(cell);
    }
    if (any) cells.push_back(row);
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& row : cells) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      // Display width: count UTF-8 lead bytes so that "±" is one column.
      std::size_t w = 0;
      for (unsigned char ch : row[i]) w += (ch & 0xC0) != 0x80 ? 1 : 0;
      width[i] = std::max(width[i], w);
    }
  }
  std::string out;
  for (const auto& row : cells) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::size_t w = 0;
      for (unsigned char ch : row[i]) w += (ch & 0xC0) != 0x80 ? 1 : 0;
      out += row[i];
      if (i + 1 < row.size()) out += std::string(width[i] - w + 2, ' ');
    }
    out += "\n";
  }
  return out;
}

}  // namespace escalade::analysis
