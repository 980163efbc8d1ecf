#include "sim/trace/sorted_runs.h"

#include <type_traits>

namespace escalade::trace {

static_assert(std::is_trivially_copyable_v<model::Demand>,
              "sorted runs are spilled to temporary files as raw bytes");

bool EarlierInFile(const model::Demand& a, const model::Demand& b) {
  return a.created != b.created ? a.created < b.created : a.source_line < b.source_line;
}

SortedRuns::~SortedRuns() {
  for (Run& run : runs_) std::fclose(run.file);
}

kernel::Status SortedRuns::Spill(std::vector<model::Demand>* demands) {
  std::FILE* file = std::tmpfile();
  if (!file) return kernel::Status::Io("cannot create a temporary file to sort the trace");
  const std::size_t written =
      std::fwrite(demands->data(), sizeof(model::Demand), demands->size(), file);
  if (written != demands->size() || std::fflush(file) != 0) {
    std::fclose(file);
    return kernel::Status::Io("cannot write a temporary file to sort the trace (disk full?)");
  }
  std::rewind(file);
  runs_.push_back(Run{file, {}, 0, 0, false});
  demands->clear();
  return kernel::Status::Ok();
}

void SortedRuns::Start() {
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (Fill(runs_[i])) heap_.push({runs_[i].buffer[0], i});
  }
}

bool SortedRuns::Next(model::Demand* demand) {
  if (heap_.empty()) return false;
  const Head head = heap_.top();
  heap_.pop();
  *demand = head.demand;
  Run& run = runs_[head.run];
  if (++run.position < run.filled || Fill(run)) {
    heap_.push({run.buffer[run.position], head.run});
  }
  return true;
}

bool SortedRuns::Fill(Run& run) {
  if (run.done) return false;
  run.buffer.resize(kBuffer);
  run.filled = std::fread(run.buffer.data(), sizeof(model::Demand), kBuffer, run.file);
  run.position = 0;
  if (run.filled == 0) run.done = true;
  return run.filled > 0;
}

}  // namespace escalade::trace
