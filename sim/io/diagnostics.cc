// Diagnostic and Diagnostics (contract in yaml_reader.h): the located problems of one or
// more files, sorted and de-duplicated for printing.
#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/io/yaml_reader.h"

namespace escalade::io {

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line > 0) {
    if (!out.empty()) out += ':';
    out += std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  if (!out.empty()) out += ": ";
  if (!path.empty()) out += path + ": ";
  return out + message;
}

void Diagnostics::Add(int line, int column, std::string path, std::string message) {
  items_.push_back({file_, line, column, std::move(path), std::move(message)});
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::ToString(std::size_t limit) const {
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(items_.size());
  for (const Diagnostic& item : items_) sorted.push_back(&item);
  std::stable_sort(sorted.begin(), sorted.end(), [this](const Diagnostic* a, const Diagnostic* b) {
    const bool a_other = a->file != file_;
    const bool b_other = b->file != file_;
    return std::tie(a_other, a->file, a->line, a->column) <
           std::tie(b_other, b->file, b->line, b->column);
  });
  // Two readers may report the same problem (CheckKeys and Entries both see a duplicate
  // key); identical lines are printed once.
  std::set<std::tuple<std::string_view, int, int, std::string_view, std::string_view>> seen;
  std::vector<const Diagnostic*> unique;
  for (const Diagnostic* item : sorted) {
    if (seen.emplace(item->file, item->line, item->column, item->path, item->message).second) {
      unique.push_back(item);
    }
  }
  std::string out;
  const std::size_t shown = std::min(limit, unique.size());
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) out += '\n';
    out += unique[i]->ToString();
  }
  if (shown < unique.size()) {
    const std::size_t more = unique.size() - shown;
    if (!out.empty()) out += '\n';
    out += "... and " + std::to_string(more) + (more == 1 ? " more error" : " more errors");
  }
  return out;
}

}  // namespace escalade::io
