// TraceReplay: the demands of a real trace (a file of rows read through a
// RowSource — CSV, TSV, plain or gzip — and a TraceMapping), streamed in
// creation order with bounded memory.
//
// Each data row is, in this order of checks (scenarios/TRACES.md):
//  1. bad if its field count differs from the header's;
//  2. dropped if a `drop` rule matches (the first that matches names the reason);
//  3. bad if `created` does not parse;
//  4. origin, category, channel, department mapped in that order: a value the
//     map does not list is bad (`otherwise: error`), dropped (`otherwise: drop`,
//     reason "unmapped <field>") or given the `otherwise` name;
//  5. bad if a non-empty `closed` or `target` cell does not parse, or the `id`
//     cell is not digits;
//  6. (order: ascending) bad if created earlier than the previous row that got
//     this far;
//  7. dropped "after the horizon" if created at or after the experiment
//     horizon — with order: ascending the replay stops reading there;
//  8. dropped "closed before the start" if created before the scenario start and
//     closed at or before it;
//  9. otherwise kept; a row created before the start and still open at it is
//     part of the initial backlog (Demand::created < 0, released at time 0).
// Time conversion: wall clock of the trace → UTC (trace utc_offset) → the
// scenario's local time (calendar.utc_offset) → ms after calendar.start.
// Fixed offsets only: daylight saving time is not modelled.
//
// A bad row is an error Status "file:line: column 'X': what was wrong" from
// Next(); with Options::skip_bad_rows it is counted by reason instead. With
// order: sort every kept row is read first, sorted by (created, line) in runs
// of at most Options::sort_run_demands demands spilled to temporary files and
// merged, so memory stays bounded for any file size.
//
// People, money and urgency are drawn per emitted demand from the scenario's
// distributions, with stream "arrivals.trace" of (seed, replication).
//
// Thread safety: one replay per replication; the mapping and the frame's
// DemandSpec must outlive it.
#ifndef ESCALADE_SIM_TRACE_TRACE_REPLAY_H_
#define ESCALADE_SIM_TRACE_TRACE_REPLAY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "sim/kernel/calendar.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"
#include "sim/model/demand.h"
#include "sim/model/demand_spec.h"
#include "sim/trace/row_source.h"
#include "sim/trace/trace_mapping.h"

namespace escalade::trace {

// What the replay needs of the scenario around the mapping.
struct ReplayFrame {
  kernel::CivilDate start{2024, 1, 1};  // calendar.start: time 0 is its local midnight
  int utc_offset_minutes = 480;         // the scenario's local time = UTC + this
  kernel::SimTime horizon = 0;          // rows created at or after it are not replayed
  // people, money and urgent are drawn from it per demand. REQUIRES: not null.
  const model::DemandSpec* sizes = nullptr;
};

class TraceReplay final : public model::DemandStream {
 public:
  struct Options {
    std::uint64_t seed = 1;  // the scenario seed
    std::uint64_t replication = 0;
    bool skip_bad_rows = false;  // count bad rows by reason instead of failing
    std::string file;            // replaces the mapping's trace.file when not empty
    std::size_t sort_run_demands = std::size_t{1} << 19;  // order: sort, demands per run (> 0)
  };

  struct Counts {
    std::int64_t rows = 0;                        // data rows read (the header excluded)
    std::int64_t kept = 0;                        // demands emitted so far
    std::int64_t open_at_start = 0;               // of which created before the start
    std::map<std::string, std::int64_t> dropped;  // by reason
    std::map<std::string, std::int64_t> bad;      // by reason (skipped rows)
    std::int64_t stopped_at_line =
        0;                       // order: ascending, the first row after the horizon; 0 if none
    std::int64_t sort_runs = 0;  // order: sort, runs spilled to temporary files
  };

  // Opens the trace (OpenRowSource) and checks its header against the
  // mapping: every named column must exist (the error is located in the
  // mapping file).
  static kernel::Result<std::unique_ptr<TraceReplay>> Open(const TraceMapping& mapping,
                                                           const ReplayFrame& frame,
                                                           Options options);
  // The same over rows from elsewhere (tests); `rows` replaces the file.
  static kernel::Result<std::unique_ptr<TraceReplay>> Open(const TraceMapping& mapping,
                                                           const ReplayFrame& frame,
                                                           Options options,
                                                           std::unique_ptr<RowSource> rows);
  ~TraceReplay() override;

  kernel::Result<bool> Next(model::Demand* demand) override;
  std::string Summary() const override;
  const Counts& counts() const;
  // The trace actually read.
  const std::string& file() const;

 private:
  class Impl;
  explicit TraceReplay(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Opens a mapping's trace and checks its header only (for `escalade
// validate`): Ok, or the error Open would give.
kernel::Status CheckTraceHeader(const TraceMapping& mapping, const std::string& file_override = "");

}  // namespace escalade::trace

#endif  // ESCALADE_SIM_TRACE_TRACE_REPLAY_H_
