#include "sim/scenario/trace_replay.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <queue>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/kernel/random.h"
#include "sim/scenario/csv_reader.h"
#include "sim/scenario/yaml_reader.h"

namespace escalade::scenario {
namespace {

using kernel::Result;
using kernel::SimTime;
using kernel::Status;

static_assert(std::is_trivially_copyable_v<model::Demand>,
              "sorted runs are spilled to temporary files as raw bytes");

std::string_view Trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

std::string QuoteCell(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() <= kMax) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kMax)) + "...'";
}

bool EarlierInFile(const model::Demand& a, const model::Demand& b) {
  return a.created != b.created ? a.created < b.created : a.source_line < b.source_line;
}

// The header: column name → index, and the indices the mapping needs.
struct Columns {
  int count = 0;
  int id = -1;
  int created = -1;
  int closed = -1;
  int target = -1;
  int origin = -1;
  int category = -1;
  int channel = -1;
  int department = -1;
  std::vector<int> drop;
};

// Finds `name` in the header, or an error located at `ref` in the mapping file.
Result<int> FindColumn(const TraceMapping& mapping, const std::vector<std::string>& header,
                       const std::string& name, const MappingRef& ref, const std::string& file) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  std::string message = "the trace " + file + " has no column " + QuoteCell(name);
  // A near miss (a few edits), or a column that contains the name or is contained in it.
  std::size_t best = std::max<std::size_t>(3, name.size() / 3) + 1;
  const std::string* suggestion = nullptr;
  for (const std::string& column : header) {
    std::size_t d = EditDistance(name, column);
    if (d >= best && !name.empty() && !column.empty() &&
        (column.find(name) != std::string::npos || name.find(column) != std::string::npos)) {
      d = best - 1;
    }
    if (d < best) {
      best = d;
      suggestion = &column;
    }
  }
  if (suggestion) message += "; did you mean " + QuoteCell(*suggestion) + "?";
  return Status::Error(DescribeAt(mapping, ref, message));
}

Result<Columns> ReadHeader(const TraceMapping& mapping, CsvReader& reader,
                           const std::string& file) {
  std::vector<std::string_view> fields;
  Result<bool> got = reader.Next(&fields);
  if (!got.ok()) return got.status();
  if (!*got) return Status::Error(file + ": the trace is empty (no header row)");
  const std::vector<std::string> header(fields.begin(), fields.end());
  Columns columns;
  columns.count = static_cast<int>(header.size());
  Status first = Status::Ok();
  auto find = [&](const std::string& name, const MappingRef& ref, int* index) {
    if (name.empty()) return;
    Result<int> found = FindColumn(mapping, header, name, ref, file);
    if (found.ok()) {
      *index = *found;
    } else if (first.ok()) {
      first = found.status();
    }
  };
  find(mapping.id_column, mapping.id_ref, &columns.id);
  find(mapping.created.column, mapping.created.column_ref, &columns.created);
  find(mapping.closed.column, mapping.closed.column_ref, &columns.closed);
  find(mapping.target.column, mapping.target.column_ref, &columns.target);
  find(mapping.origin.column, mapping.origin.column_ref, &columns.origin);
  find(mapping.category.column, mapping.category.column_ref, &columns.category);
  find(mapping.channel.column, mapping.channel.column_ref, &columns.channel);
  find(mapping.department.column, mapping.department.column_ref, &columns.department);
  for (const DropRule& rule : mapping.drop) {
    columns.drop.push_back(-1);
    find(rule.column, rule.column_ref, &columns.drop.back());
  }
  if (!first.ok()) return first;
  return columns;
}

std::string TraceFile(const Scenario& scenario, const std::string& file_override) {
  return file_override.empty() ? scenario.trace->file : file_override;
}

Result<CsvReader> OpenCsv(const Scenario& scenario, const std::string& file) {
  Result<CsvReader> reader = CsvReader::Open(file);
  if (!reader.ok()) {
    return Status::Error(DescribeAt(*scenario.trace, scenario.trace->file_ref,
                                    "cannot read the trace: " + reader.status().ToString()));
  }
  return reader;
}

// Sorted runs spilled to anonymous temporary files, merged by (created, line).
class RunMerger {
 public:
  ~RunMerger() {
    for (Run& run : runs_) std::fclose(run.file);
  }

  Status Spill(std::vector<model::Demand>* demands) {
    std::FILE* file = std::tmpfile();
    if (!file) return Status::Error("cannot create a temporary file to sort the trace");
    const std::size_t written = std::fwrite(demands->data(), sizeof(model::Demand),
                                            demands->size(), file);
    if (written != demands->size() || std::fflush(file) != 0) {
      std::fclose(file);
      return Status::Error("cannot write a temporary file to sort the trace (disk full?)");
    }
    std::rewind(file);
    runs_.push_back(Run{file, {}, 0, 0, false});
    demands->clear();
    return Status::Ok();
  }

  std::size_t size() const { return runs_.size(); }

  void Start() {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      if (Fill(runs_[i])) heap_.push({runs_[i].buffer[0], i});
    }
  }

  bool Next(model::Demand* demand) {
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

 private:
  static constexpr std::size_t kBuffer = 4096;
  struct Run {
    std::FILE* file;
    std::vector<model::Demand> buffer;
    std::size_t position;
    std::size_t filled;
    bool done;
  };
  struct Head {
    model::Demand demand;
    std::size_t run;
    bool operator<(const Head& other) const { return EarlierInFile(other.demand, demand); }
  };
  static bool Fill(Run& run) {
    if (run.done) return false;
    run.buffer.resize(kBuffer);
    run.filled = std::fread(run.buffer.data(), sizeof(model::Demand), kBuffer, run.file);
    run.position = 0;
    if (run.filled == 0) run.done = true;
    return run.filled > 0;
  }
  std::vector<Run> runs_;
  std::priority_queue<Head> heap_;
};

}  // namespace

class TraceReplay::Impl {
 public:
  Impl(const Scenario& scenario, Options options, std::string file, CsvReader reader,
       Columns columns)
      : file_(std::move(file)),
        scenario_(scenario),
        mapping_(*scenario.trace),
        options_(std::move(options)),
        reader_(std::move(reader)),
        columns_(std::move(columns)),
        stream_(options_.seed, options_.replication, "arrivals.trace") {
    const std::int64_t start_days = kernel::DaysFromCivil(scenario.calendar.start_date());
    shift_ms_ = (static_cast<SimTime>(scenario.utc_offset_minutes) - mapping_.utc_offset_minutes) *
                    kernel::kMinute -
                start_days * kernel::kDay;
  }

  Result<bool> Next(model::Demand* demand) {
    Result<bool> got = mapping_.order == TraceOrder::kSort ? NextSorted(demand) : NextRow(demand);
    if (!got.ok() || !*got) return got;
    demand->id = static_cast<std::uint64_t>(counts_.kept++);
    if (demand->created < 0) ++counts_.open_at_start;
    model::DrawSizes(scenario_.demand, stream_, demand);
    return true;
  }

  Counts counts_;
  std::string file_;
  bool sorted() const { return sorted_; }

 private:
  enum class Outcome { kKept, kDropped, kBad, kAfterHorizon };

  // Ascending: the next kept row, straight from the file.
  Result<bool> NextRow(model::Demand* demand) {
    while (!finished_) {
      Result<std::optional<model::Demand>> row = ReadKept();
      if (!row.ok()) return row.status();
      if (*row) {
        *demand = **row;
        return true;
      }
    }
    return false;
  }

  // Sort: every kept row first (spilling sorted runs), then the merge.
  Result<bool> NextSorted(model::Demand* demand) {
    if (!sorted_) {
      std::vector<model::Demand> run;
      while (!finished_) {
        Result<std::optional<model::Demand>> row = ReadKept();
        if (!row.ok()) return row.status();
        if (!*row) continue;
        run.push_back(**row);
        if (run.size() >= std::max<std::size_t>(1, options_.sort_run_demands)) {
          std::stable_sort(run.begin(), run.end(), EarlierInFile);
          if (Status spilled = merger_.Spill(&run); !spilled.ok()) return spilled;
        }
      }
      std::stable_sort(run.begin(), run.end(), EarlierInFile);
      if (merger_.size() > 0 && !run.empty()) {
        if (Status spilled = merger_.Spill(&run); !spilled.ok()) return spilled;
      }
      counts_.sort_runs = static_cast<std::int64_t>(merger_.size());
      memory_run_ = std::move(run);
      merger_.Start();
      sorted_ = true;
    }
    if (merger_.size() > 0) return merger_.Next(demand);
    if (memory_next_ >= memory_run_.size()) return false;
    *demand = memory_run_[memory_next_++];
    return true;
  }

  // The next row's demand if kept, nullopt if dropped (or at the end: finished_
  // set), an error for a bad row unless skipped.
  Result<std::optional<model::Demand>> ReadKept() {
    Result<bool> got = reader_.Next(&fields_);
    if (!got.ok()) {
      // A CSV syntax error: a bad row, recoverable by the reader.
      return Bad("csv syntax", got.status().ToString());
    }
    if (!*got) {
      finished_ = true;
      return std::optional<model::Demand>();
    }
    ++counts_.rows;
    model::Demand demand;
    demand.source = model::DemandSource::kTrace;
    demand.source_line = reader_.line();
    std::string reason;
    std::string message;
    switch (Classify(&demand, &reason, &message)) {
      case Outcome::kKept:
        return std::optional<model::Demand>(demand);
      case Outcome::kDropped:
        ++counts_.dropped[reason];
        return std::optional<model::Demand>();
      case Outcome::kAfterHorizon:
        ++counts_.dropped["after the horizon"];
        if (mapping_.order == TraceOrder::kAscending) {
          counts_.stopped_at_line = reader_.line();
          finished_ = true;
        }
        return std::optional<model::Demand>();
      case Outcome::kBad:
        break;
    }
    return Bad(reason, file_ + ":" + std::to_string(reader_.line()) + ": " + message);
  }

  Result<std::optional<model::Demand>> Bad(const std::string& reason, const std::string& message) {
    if (!options_.skip_bad_rows) return Status::Error(message);
    ++counts_.bad[reason];
    return std::optional<model::Demand>();
  }

  std::string_view Cell(int index) const { return fields_[static_cast<std::size_t>(index)]; }

  std::string ColumnWord(const std::string& column) const { return "column " + QuoteCell(column) + ": "; }

  Outcome Classify(model::Demand* demand, std::string* reason, std::string* message) {
    if (static_cast<int>(fields_.size()) != columns_.count) {
      *reason = "wrong field count";
      *message = "has " + std::to_string(fields_.size()) + " fields; the header has " +
                 std::to_string(columns_.count);
      return Outcome::kBad;
    }
    for (std::size_t r = 0; r < mapping_.drop.size(); ++r) {
      const std::string_view cell = Trim(Cell(columns_.drop[r]));
      const DropRule& rule = mapping_.drop[r];
      if (std::find(rule.values.begin(), rule.values.end(), cell) != rule.values.end()) {
        *reason = rule.reason;
        return Outcome::kDropped;
      }
    }
    std::optional<SimTime> created = ParseTime(mapping_.created, columns_.created, reason, message);
    if (!created) {
      if (message->empty()) *message = ColumnWord(mapping_.created.column) + "is empty";
      *reason = "created: bad time";
      return Outcome::kBad;
    }
    demand->created = *created;
    int value = 0;
    Outcome outcome = Map(mapping_.origin, columns_.origin, "origin", &value, reason, message);
    if (outcome != Outcome::kKept) return outcome;
    demand->origin = static_cast<model::UnitId>(value);
    outcome = Map(mapping_.category, columns_.category, "category", &value, reason, message);
    if (outcome != Outcome::kKept) return outcome;
    demand->category = value;
    outcome = Map(mapping_.channel, columns_.channel, "channel", &value, reason, message);
    if (outcome != Outcome::kKept) return outcome;
    demand->channel = static_cast<model::Channel>(value);
    if (mapping_.department.present) {
      outcome = Map(mapping_.department, columns_.department, "department", &value, reason,
                    message);
      if (outcome != Outcome::kKept) return outcome;
      demand->department = value;
    }
    for (auto [time, index, out, word] :
         {std::tuple{&mapping_.closed, columns_.closed, &demand->observed_closed, "closed"},
          std::tuple{&mapping_.target, columns_.target, &demand->observed_target, "target"}}) {
      if (index < 0 || Trim(Cell(index)).empty()) continue;
      std::optional<SimTime> parsed = ParseTime(*time, index, reason, message);
      if (!parsed) {
        *reason = std::string(word) + ": bad time";
        return Outcome::kBad;
      }
      *out = *parsed;
    }
    if (columns_.id >= 0) {
      const std::string_view id = Trim(Cell(columns_.id));
      const bool digits = !id.empty() && id.size() <= 18 &&
                          std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        *reason = "id: not digits";
        *message = ColumnWord(mapping_.id_column) + "expected an id of at most 18 digits, got " +
                   QuoteCell(id);
        return Outcome::kBad;
      }
      demand->trace_id = 0;
      for (char c : id) demand->trace_id = demand->trace_id * 10 + (c - '0');
    }
    if (mapping_.order == TraceOrder::kAscending) {
      if (have_last_ && demand->created < last_created_) {
        *reason = "out of order";
        *message = ColumnWord(mapping_.created.column) + "created " +
                   QuoteCell(Trim(Cell(columns_.created))) +
                   " is earlier than the row before it (line " + std::to_string(last_line_) +
                   "); the mapping says order: ascending — sort the file, or set trace.order: sort";
        return Outcome::kBad;
      }
      have_last_ = true;
      last_created_ = demand->created;
      last_line_ = reader_.line();
    }
    if (demand->created >= scenario_.experiment.horizon) return Outcome::kAfterHorizon;
    if (demand->created < 0 && demand->observed_closed != model::kNoTime &&
        demand->observed_closed <= 0) {
      *reason = "closed before the start";
      return Outcome::kDropped;
    }
    return Outcome::kKept;
  }

  // A time cell → ms after the scenario start; nullopt with *message set when bad
  // (message left empty for an empty cell).
  std::optional<SimTime> ParseTime(const TimeColumn& time, int index, std::string* reason,
                                   std::string* message) const {
    (void)reason;
    message->clear();
    const std::string_view cell = Trim(Cell(index));
    if (cell.empty()) return std::nullopt;
    Result<LocalDateTime> parsed = time.format->Match(cell);
    if (!parsed.ok()) {
      *message = ColumnWord(time.column) + parsed.status().ToString();
      return std::nullopt;
    }
    return ToEpochMs(*parsed) + shift_ms_;
  }

  Outcome Map(const ValueMapping& mapping, int index, const char* field, int* value,
              std::string* reason, std::string* message) const {
    if (mapping.column.empty()) {
      *value = mapping.constant;
      return Outcome::kKept;
    }
    const std::string_view cell = Trim(Cell(index));
    if (auto it = mapping.values.find(cell); it != mapping.values.end()) {
      *value = it->second;
      return Outcome::kKept;
    }
    switch (mapping.otherwise) {
      case Otherwise::kValue:
        *value = mapping.otherwise_value;
        return Outcome::kKept;
      case Otherwise::kDrop:
        *reason = "unmapped " + std::string(field);
        return Outcome::kDropped;
      case Otherwise::kError:
        break;
    }
    *reason = "unmapped " + std::string(field);
    *message = ColumnWord(mapping.column) + "value " + QuoteCell(cell) + " is not in the " +
               field + " map, which says otherwise: error";
    return Outcome::kBad;
  }

  const Scenario& scenario_;
  const TraceMapping& mapping_;
  Options options_;
  CsvReader reader_;
  Columns columns_;
  kernel::RandomStream stream_;
  SimTime shift_ms_ = 0;  // trace wall-clock epoch ms + shift = ms after the scenario start
  std::vector<std::string_view> fields_;
  bool finished_ = false;
  bool have_last_ = false;
  SimTime last_created_ = 0;
  std::int64_t last_line_ = 0;
  // order: sort
  bool sorted_ = false;
  RunMerger merger_;
  std::vector<model::Demand> memory_run_;
  std::size_t memory_next_ = 0;
};

TraceReplay::TraceReplay(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TraceReplay::~TraceReplay() = default;

Result<std::unique_ptr<TraceReplay>> TraceReplay::Open(const Scenario& scenario, Options options) {
  if (!scenario.trace) return Status::Error(scenario.path + ": the scenario replays no trace");
  const std::string file = TraceFile(scenario, options.file);
  Result<CsvReader> reader = OpenCsv(scenario, file);
  if (!reader.ok()) return reader.status();
  Result<Columns> columns = ReadHeader(*scenario.trace, *reader, file);
  if (!columns.ok()) return columns.status();
  auto impl = std::make_unique<Impl>(scenario, std::move(options), file,
                                     std::move(reader).value(), std::move(columns).value());
  return std::unique_ptr<TraceReplay>(new TraceReplay(std::move(impl)));
}

Result<bool> TraceReplay::Next(model::Demand* demand) { return impl_->Next(demand); }
std::string TraceReplay::Summary() const {
  const Counts& c = impl_->counts_;
  std::string out = impl_->file_ + ": " + std::to_string(c.rows) + " rows read; " +
                    std::to_string(c.kept) + " demands (" + std::to_string(c.open_at_start) +
                    " open at the start)";
  auto list = [&out](const char* what, const std::map<std::string, std::int64_t>& counts) {
    if (counts.empty()) return;
    out += std::string("; ") + what + ":";
    const char* separator = " ";
    for (const auto& [reason, n] : counts) {
      out += separator + std::to_string(n) + " " + reason;
      separator = ", ";
    }
  };
  list("dropped", c.dropped);
  list("bad rows skipped", c.bad);
  if (c.stopped_at_line > 0) {
    out += "; stopped reading at line " + std::to_string(c.stopped_at_line) +
           " (created after the horizon; the file is in creation order)";
  }
  if (c.sort_runs > 0) {
    out += "; sorted by creation time through " + std::to_string(c.sort_runs) +
           " temporary runs";
  } else if (impl_->sorted()) {
    out += "; sorted by creation time in memory";
  }
  return out;
}

const TraceReplay::Counts& TraceReplay::counts() const { return impl_->counts_; }
const std::string& TraceReplay::file() const { return impl_->file_; }

Status CheckTraceHeader(const Scenario& scenario, const std::string& file_override) {
  if (!scenario.trace) return Status::Ok();
  const std::string file = TraceFile(scenario, file_override);
  Result<CsvReader> reader = OpenCsv(scenario, file);
  if (!reader.ok()) return reader.status();
  Result<Columns> columns = ReadHeader(*scenario.trace, *reader, file);
  return columns.ok() ? Status::Ok() : columns.status();
}

}  // namespace escalade::scenario
