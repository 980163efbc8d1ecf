// Demand: one citizen demand (诉求 / work order) as it enters the simulation,
// and the random numbers reserved for its later stages.
//
// A replication's demand list — every arrival, every attribute and every
// reserved draw — depends only on (scenario, seed, replication), never on the
// policy: that is what makes policy comparisons paired (common random
// numbers). Two things guarantee it:
//  1. demand sources (DemandSource below) take no policy input, and number the
//     demands 0, 1, 2, ... in the order they emit them;
//  2. the lifecycle draws a demand's work times, resolve-or-escalate outcomes,
//     returns and satisfaction from DemandDraws — streams named by
//     (seed, replication, stage, demand id) — never from a shared stream whose
//     position would depend on what other demands did.
//
// Thread safety: plain values.
#ifndef ESCALADE_SIM_MODEL_DEMAND_H_
#define ESCALADE_SIM_MODEL_DEMAND_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/kernel/random.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand_spec.h"

namespace escalade::model {

// Where a demand came from.
enum class DemandSource : std::uint8_t {
  kResident,  // raised by a resident (synthetic), through DemandSpec::channels
  kPatrol,    // discovered by a grid worker on patrol (synthetic)
  kSensor,    // a sensor alarm (synthetic)
  kBacklog,   // open before the start (synthetic backlog)
  kTrace,     // a row of a replayed trace (open-at-start rows included)
};
inline constexpr int kDemandSourceCount = 5;
// "resident", "patrol", "sensor", "backlog", "trace".
std::string_view DemandSourceName(DemandSource source);

inline constexpr kernel::SimTime kNoTime = kernel::kTimeMax;

// Trivially copyable (traces are sorted through temporary files as raw bytes).
struct Demand {
  std::uint64_t id = 0;   // 0-based, in emission order within the replication
  kernel::SimTime created = 0;  // ms after the scenario start; < 0 for a demand open at the start
  UnitId origin = kNoUnit;      // the community it comes from
  UnitId grid = kNoUnit;        // its grid, when the community has grids (synthetic only)
  int category = 0;             // index into City::categories()
  int department = -1;          // responsible department named by a trace (-1: none)
  Channel channel = Channel::kHotline;
  DemandSource source = DemandSource::kResident;
  bool urgent = false;
  std::int32_t people = 1;      // people involved, >= 1
  double money = 0;             // money involved, yuan, >= 0
  // From a trace (kNoTime when absent): observed closure and SLA due times, ms
  // after the scenario start, so analysis can compare simulated with observed.
  kernel::SimTime observed_closed = kNoTime;
  kernel::SimTime observed_target = kNoTime;
  std::int64_t trace_id = -1;     // the trace's own id (digits), -1 if none
  std::int64_t source_line = 0;   // 1-based CSV line of a trace row; 0 otherwise

  // When the demand enters the simulation: its creation, or time 0 for a
  // demand already open at the start.
  kernel::SimTime release() const { return created < 0 ? 0 : created; }
};

// People, money and urgency — the inputs of tier grading — drawn for one demand from
// the scenario's distributions, in this order, from `stream` (people rounded and
// clamped to [1, 10^9], money clamped at 0). Used by every demand source.
void DrawSizes(const DemandSpec& spec, kernel::RandomStream& stream, Demand* demand);

// The later stages of a demand that draw random numbers. Each stage has its
// own stream per demand, so one stage drawing more (a second escalation, a
// re-dispatch) never shifts another's numbers.
enum class DrawStage : std::uint8_t {
  kTriage,        // tier misclassification
  kWork,          // work times, in visit order
  kResolve,       // resolve-or-escalate outcomes, in visit order
  kReturn,        // whether a department returns it (退单)
  kSatisfaction,  // resident satisfaction and reopening
  kTravel,        // travel-time noise, if a policy uses it
};
inline constexpr int kDrawStageCount = 6;
std::string_view DrawStageName(DrawStage stage);  // "triage", "work", ...

// The reserved streams of one demand. Stream(stage) is
// RandomStream(seed, replication, "demand.<stage>", demand id): the same numbers
// under every policy, however many draws other demands or stages consume.
class DemandDraws {
 public:
  // The Philox keys of the stages for one seed (KeysOf): a caller opening the streams of
  // many demands computes them once (the lifecycle does, per replication).
  using StageKeys = std::array<kernel::RandomStream::Key, kDrawStageCount>;
  static StageKeys KeysOf(std::uint64_t seed);

  DemandDraws(std::uint64_t seed, std::uint64_t replication, std::uint64_t demand_id)
      : seed_(seed), replication_(replication), demand_id_(demand_id) {}
  // The same streams from precomputed keys. REQUIRES: keys == KeysOf(seed), and *keys
  // outlives this object.
  DemandDraws(const StageKeys* keys, std::uint64_t replication, std::uint64_t demand_id)
      : seed_(0), replication_(replication), demand_id_(demand_id), keys_(keys) {}
  kernel::RandomStream Stream(DrawStage stage) const;

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
  std::uint64_t demand_id_;
  const StageKeys* keys_ = nullptr;
};

// A stream of demands in release order (then creation order), ids 0, 1, 2, ...
// Implementations: the synthetic generator (demand_generator.h) and the trace
// replay (sim/trace/trace_replay.h).
class DemandStream {
 public:
  virtual ~DemandStream() = default;
  // The next demand in *demand and true; false when the stream is exhausted;
  // an error Status when the input is bad (a trace row that cannot be read),
  // after which the stream may be continued or abandoned by the caller.
  virtual kernel::Result<bool> Next(Demand* demand) = 0;
  // What has been emitted, dropped or skipped so far, in one or a few lines
  // for people (e.g. "12,345 demands: 12,000 resident, 345 patrol").
  virtual std::string Summary() const = 0;
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_DEMAND_H_
