// libFuzzer target: the trace reader. The input is a CSV trace, read three ways:
//  1. CsvReader over the text, with a chunk size, field limit and record limit
//     taken from the first byte (so records straddle chunk boundaries and the
//     limits trip), checking the reader's contract record by record;
//  2. TimestampFormat: the first line as a pattern, and the cells of the first
//     records matched against it and against the two patterns of the base
//     mapping ("%m/%d/%Y %I:%M:%S %p" and "iso"); a match must be a valid date
//     and time of day;
//  3. TraceReplay of the valid trace scenario of tests/bad_input/base over the
//     input as its CSV, with order: ascending and order: sort, stopping at the
//     first bad row and skipping bad rows;
//  4. the input as gzip data (io::Gunzip) under a tab-separated reader, as a
//     `.tsv.gz` trace is read: corrupt or cut-short data must be a located error.
//
// Contract checked: never crash, throw, hang or exhaust memory; errors name the
// file; replayed demands are numbered 0, 1, 2, ..., before the horizon, and in
// creation order.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/byte_source.h"
#include "sim/io/csv_reader.h"
#include "sim/io/timestamp_format.h"
#include "sim/io/yaml_reader.h"
#include "sim/kernel/calendar.h"
#include "sim/model/demand.h"
#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_replay.h"
#include "tests/fuzz/fuzz_support.h"

namespace escalade::fuzz {
namespace {

constexpr int kMaxRecords = 4096;  // CsvReader records read per input
constexpr int kMaxMatched = 64;    // cells matched against timestamp patterns
constexpr int kMaxDemands = 4096;  // demands replayed per input and mode

struct Setup {
  std::string csv_path;
  std::vector<scenario::Scenario> scenarios;  // order: ascending, order: sort
  std::vector<io::TimestampFormat> formats;
};

scenario::Scenario LoadBase(const std::string& order) {
  std::string mapping = ReadBase("trace.mapping.yaml");
  const std::string from = "order: ascending";
  const std::size_t at = mapping.find(from);
  Require(at != std::string::npos, "the base mapping has no 'order: ascending'");
  mapping.replace(at, from.size(), "order: " + order);
  WriteScratch("trace.mapping.yaml", mapping);
  const std::string path = WriteScratch("trace.yaml", ReadBase("trace.yaml"));
  scenario::Diagnostics diags(path);
  kernel::Result<scenario::Scenario> loaded = scenario::LoadScenario(path, diags);
  Require(loaded.ok(), "the base trace scenario does not load", diags.ToString());
  return std::move(loaded).value();
}

const Setup& GetSetup() {
  static const Setup setup = [] {
    Setup s;
    s.csv_path = (ScratchDir() / "fuzz.csv").string();
    s.scenarios.push_back(LoadBase("ascending"));
    s.scenarios.push_back(LoadBase("sort"));
    for (const char* pattern : {"%m/%d/%Y %I:%M:%S %p", "iso"}) {
      s.formats.push_back(std::move(io::TimestampFormat::Parse(pattern)).value());
    }
    return s;
  }();
  return setup;
}

void CheckMatch(const io::TimestampFormat& format, std::string_view cell) {
  kernel::Result<io::LocalDateTime> t = format.Match(cell);
  if (!t.ok()) {
    Require(!t.status().message().empty(), "a failed Match without a message");
    return;
  }
  Require(kernel::IsValidDate(t->date), "Match gave a date that does not exist", cell);
  Require(t->ms_of_day >= 0 && t->ms_of_day < 86'400'000, "Match gave a time outside the day",
          cell);
  (void)io::ToEpochMs(*t);
}

void ReadCsv(std::string_view input) {
  const unsigned char knob = input.empty() ? 0 : static_cast<unsigned char>(input[0]);
  io::CsvOptions options;
  options.read_chunk_bytes = 1 + (knob & 7u);
  options.max_fields = 1 + ((knob >> 3) & 3u) * 8;            // 1, 9, 17, 25
  options.max_record_bytes = std::size_t{16} << (knob >> 5);  // 16 B .. 2 KiB
  io::CsvReader reader = io::CsvReader::FromString(std::string(input), "fuzz.csv", options);
  std::vector<std::string_view> fields;
  std::optional<io::TimestampFormat> own;
  int matched = 0;
  for (int i = 0; i < kMaxRecords; ++i) {
    kernel::Result<bool> got = reader.Next(&fields);
    if (!got.ok()) {
      Require(got.status().message().rfind("fuzz.csv:", 0) == 0,
              "a CSV error that does not name the file", got.status().message());
      Require(fields.empty(), "fields left after an error");
      continue;
    }
    if (!*got) {
      Require(fields.empty(), "fields left at the end");
      break;
    }
    Require(!fields.empty(), "a record without fields");
    Require(fields.size() <= options.max_fields, "more fields than max_fields");
    Require(reader.line() >= 1 && reader.end_line() >= reader.line(), "bad line numbers");
    if (i == 0 && !fields[0].empty()) {
      kernel::Result<io::TimestampFormat> parsed = io::TimestampFormat::Parse(fields[0]);
      if (parsed.ok()) own = std::move(parsed).value();
    }
    for (std::string_view cell : fields) {
      if (matched++ >= kMaxMatched) break;
      for (const io::TimestampFormat& format : GetSetup().formats) CheckMatch(format, cell);
      if (own) CheckMatch(*own, cell);
    }
  }
}

void ReadGzipTsv(std::string_view input) {
  io::CsvOptions options;
  options.delimiter = '\t';
  // A gzip bomb expands ~1000-fold: keep what one input may make the reader chew small.
  options.max_record_bytes = std::size_t{1} << 16;
  options.max_skip_bytes = std::size_t{1} << 20;
  options.read_chunk_bytes = 1 + (input.empty() ? 0 : static_cast<unsigned char>(input[0]) % 64);
  io::CsvReader reader = io::CsvReader::FromSource(io::Gunzip(io::FromString(std::string(input))),
                                                   "fuzz.tsv.gz", options);
  std::vector<std::string_view> fields;
  for (int i = 0; i < kMaxRecords; ++i) {
    kernel::Result<bool> got = reader.Next(&fields);
    if (!got.ok()) {
      Require(got.status().message().rfind("fuzz.tsv.gz:", 0) == 0,
              "a gzip error that does not name the file", got.status().message());
      continue;
    }
    if (!*got) break;
    Require(!fields.empty(), "a record without fields");
  }
}

void Replay(const scenario::Scenario& s, const std::string& csv_path) {
  for (const bool skip : {false, true}) {
    trace::TraceReplay::Options options;
    options.skip_bad_rows = skip;
    options.file = csv_path;
    options.sort_run_demands = 3;  // spill sorted runs to temporary files
    auto replay = trace::TraceReplay::Open(*s.trace, scenario::ReplayFrameOf(s), options);
    if (!replay.ok()) {
      const std::string& message = replay.status().message();
      Require(message.find(csv_path) != std::string::npos ||
                  message.find(s.trace->mapping_path) != std::string::npos,
              "an Open error that names neither the trace nor the mapping", message);
      return;
    }
    model::Demand demand;
    kernel::SimTime last = 0;
    for (int i = 0; i < kMaxDemands; ++i) {
      kernel::Result<bool> got = (*replay)->Next(&demand);
      if (!got.ok()) {
        Require(!skip, "an error with skip_bad_rows", got.status().message());
        Require(got.status().message().rfind(csv_path, 0) == 0,
                "a row error that does not start with the file", got.status().message());
        break;
      }
      if (!*got) break;
      Require(demand.id == static_cast<std::uint64_t>(i), "demand ids are not 0, 1, 2, ...");
      Require(demand.created < s.experiment.horizon, "a demand at or after the horizon");
      Require(i == 0 || demand.created >= last, "demands out of creation order");
      last = demand.created;
    }
    (void)(*replay)->Summary();
  }
}

}  // namespace
}  // namespace escalade::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace escalade;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    const fuzz::Setup& setup = fuzz::GetSetup();
    fuzz::ReadCsv(input);
    fuzz::ReadGzipTsv(input);
    fuzz::WriteScratch("fuzz.csv", input);
    for (const scenario::Scenario& s : setup.scenarios) fuzz::Replay(s, setup.csv_path);
  } catch (const std::exception& e) {
    fuzz::Require(false, "the trace reader threw", e.what());
  }
  return 0;
}
