#include "sim/trace/trace_replay.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/io/names.h"
#include "sim/kernel/random.h"
#include "sim/kernel/text.h"
#include "sim/trace/sorted_runs.h"

namespace escalade::trace {
namespace {

using kernel::Result;
using kernel::SimTime;
using kernel::Status;

std::string_view Trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
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
  std::string message = "the trace " + file + " has no column " + kernel::Quote(name);
  // A near miss (a few edits), or a column that contains the name or is contained in it.
  std::size_t best = std::max<std::size_t>(3, name.size() / 3) + 1;
  const std::string* suggestion = nullptr;
  for (const std::string& column : header) {
    std::size_t d = io::EditDistance(name, column);
    if (d >= best && !name.empty() && !column.empty() &&
        (column.find(name) != std::string::npos || name.find(column) != std::string::npos)) {
      d = best - 1;
    }
    if (d < best) {
      best = d;
      suggestion = &column;
    }
  }
  if (suggestion) message += "; did you mean " + kernel::Quote(*suggestion) + "?";
  return Status::BadInput(DescribeAt(mapping, ref, message));
}

Result<Columns> ReadHeader(const TraceMapping& mapping, RowSource& reader,
                           const std::string& file) {
  std::vector<std::string_view> fields;
  Result<bool> got = reader.Next(&fields);
  if (!got.ok()) return got.status();
  if (!*got) return Status::BadInput(file + ": the trace is empty (no header row)");
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

std::string TraceFile(const TraceMapping& mapping, const std::string& file_override) {
  return file_override.empty() ? mapping.file : file_override;
}

Result<std::unique_ptr<RowSource>> OpenRows(const TraceMapping& mapping, const std::string& file) {
  Result<std::unique_ptr<RowSource>> rows = OpenRowSource(file);
  if (!rows.ok()) {
    return rows.status().WithPrefix(
        DescribeAt(mapping, mapping.file_ref, "cannot read the trace: "));
  }
  return rows;
}

}  // namespace

class TraceReplay::Impl {
 public:
  Impl(const TraceMapping& mapping, const ReplayFrame& frame, Options options, std::string file,
       std::unique_ptr<RowSource> reader, Columns columns)
      : file_(std::move(file)),
        frame_(frame),
        mapping_(mapping),
        options_(std::move(options)),
        reader_(std::move(reader)),
        columns_(std::move(columns)),
        stream_(options_.seed, options_.replication, "arrivals.trace") {
    const std::int64_t start_days = kernel::DaysFromCivil(frame.start);
    shift_ms_ = (static_cast<SimTime>(frame.utc_offset_minutes) - mapping_.utc_offset_minutes) *
                    kernel::kMinute -
                start_days * kernel::kDay;
  }

  Result<bool> Next(model::Demand* demand) {
    Result<bool> got = mapping_.order == TraceOrder::kSort ? NextSorted(demand) : NextRow(demand);
    if (!got.ok() || !*got) return got;
    demand->id = static_cast<std::uint64_t>(counts_.kept++);
    if (demand->created < 0) ++counts_.open_at_start;
    model::DrawSizes(*frame_.sizes, stream_, demand);
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
    Result<bool> got = reader_->Next(&fields_);
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
    demand.source_line = reader_->line();
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
          counts_.stopped_at_line = reader_->line();
          finished_ = true;
        }
        return std::optional<model::Demand>();
      case Outcome::kBad:
        break;
    }
    return Bad(reason, file_ + ":" + std::to_string(reader_->line()) + ": " + message);
  }

  Result<std::optional<model::Demand>> Bad(const std::string& reason, const std::string& message) {
    if (!options_.skip_bad_rows) return Status::BadInput(message);
    ++counts_.bad[reason];
    return std::optional<model::Demand>();
  }

  std::string_view Cell(int index) const { return fields_[static_cast<std::size_t>(index)]; }

  std::string ColumnWord(const std::string& column) const {
    return "column " + kernel::Quote(column) + ": ";
  }

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
      outcome =
          Map(mapping_.department, columns_.department, "department", &value, reason, message);
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
      const bool digits =
          !id.empty() && id.size() <= 18 &&
          std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        *reason = "id: not digits";
        *message = ColumnWord(mapping_.id_column) + "expected an id of at most 18 digits, got " +
                   kernel::Quote(id);
        return Outcome::kBad;
      }
      demand->trace_id = 0;
      for (char c : id) demand->trace_id = demand->trace_id * 10 + (c - '0');
    }
    if (mapping_.order == TraceOrder::kAscending) {
      if (have_last_ && demand->created < last_created_) {
        *reason = "out of order";
        *message = ColumnWord(mapping_.created.column) + "created " +
                   kernel::Quote(Trim(Cell(columns_.created))) +
                   " is earlier than the row before it (line " + std::to_string(last_line_) +
                   "); the mapping says order: ascending — sort the file, or set trace.order: sort";
        return Outcome::kBad;
      }
      have_last_ = true;
      last_created_ = demand->created;
      last_line_ = reader_->line();
    }
    if (demand->created >= frame_.horizon) return Outcome::kAfterHorizon;
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
    Result<io::LocalDateTime> parsed = time.format->Match(cell);
    if (!parsed.ok()) {
      *message = ColumnWord(time.column) + parsed.status().ToString();
      return std::nullopt;
    }
    return io::ToEpochMs(*parsed) + shift_ms_;
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
    *message = ColumnWord(mapping.column) + "value " + kernel::Quote(cell) + " is not in the " +
               field + " map, which says otherwise: error";
    return Outcome::kBad;
  }

  ReplayFrame frame_;
  const TraceMapping& mapping_;
  Options options_;
  std::unique_ptr<RowSource> reader_;
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
  SortedRuns merger_;
  std::vector<model::Demand> memory_run_;
  std::size_t memory_next_ = 0;
};

TraceReplay::TraceReplay(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TraceReplay::~TraceReplay() = default;

Result<std::unique_ptr<TraceReplay>> TraceReplay::Open(const TraceMapping& mapping,
                                                       const ReplayFrame& frame, Options options) {
  const std::string file = TraceFile(mapping, options.file);
  Result<std::unique_ptr<RowSource>> rows = OpenRows(mapping, file);
  if (!rows.ok()) return rows.status();
  return Open(mapping, frame, std::move(options), std::move(rows).value());
}

Result<std::unique_ptr<TraceReplay>> TraceReplay::Open(const TraceMapping& mapping,
                                                       const ReplayFrame& frame, Options options,
                                                       std::unique_ptr<RowSource> rows) {
  ESCALADE_CHECK(frame.sizes != nullptr, "ReplayFrame::sizes is required");
  const std::string file = rows->name();
  Result<Columns> columns = ReadHeader(mapping, *rows, file);
  if (!columns.ok()) return columns.status();
  auto impl = std::make_unique<Impl>(mapping, frame, std::move(options), file, std::move(rows),
                                     std::move(columns).value());
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
    out += "; sorted by creation time through " + std::to_string(c.sort_runs) + " temporary runs";
  } else if (impl_->sorted()) {
    out += "; sorted by creation time in memory";
  }
  return out;
}

const TraceReplay::Counts& TraceReplay::counts() const { return impl_->counts_; }
const std::string& TraceReplay::file() const { return impl_->file_; }

Status CheckTraceHeader(const TraceMapping& mapping, const std::string& file_override) {
  const std::string file = TraceFile(mapping, file_override);
  Result<std::unique_ptr<RowSource>> rows = OpenRows(mapping, file);
  if (!rows.ok()) return rows.status();
  Result<Columns> columns = ReadHeader(mapping, **rows, file);
  return columns.ok() ? Status::Ok() : columns.status();
}

}  // namespace escalade::trace
