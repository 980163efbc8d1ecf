#include "sim/model/demand.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace escalade::model {

std::string_view DemandSourceName(DemandSource source) {
  switch (source) {
    case DemandSource::kResident:
      return "resident";
    case DemandSource::kPatrol:
      return "patrol";
    case DemandSource::kSensor:
      return "sensor";
    case DemandSource::kBacklog:
      return "backlog";
    case DemandSource::kTrace:
      return "trace";
  }
  return "unknown";
}

std::string_view DrawStageName(DrawStage stage) {
  switch (stage) {
    case DrawStage::kTriage:
      return "triage";
    case DrawStage::kWork:
      return "work";
    case DrawStage::kResolve:
      return "resolve";
    case DrawStage::kReturn:
      return "return";
    case DrawStage::kSatisfaction:
      return "satisfaction";
    case DrawStage::kTravel:
      return "travel";
  }
  return "unknown";
}

void DrawSizes(const DemandSpec& spec, kernel::RandomStream& stream, Demand* demand) {
  const double people = std::round(spec.people.Sample(stream));
  demand->people = static_cast<std::int32_t>(std::clamp(people, 1.0, 1e9));
  demand->money = std::max(0.0, spec.money.Sample(stream));
  demand->urgent = spec.urgent > 0 && stream.NextUniform() < spec.urgent;
}

namespace {

// Purpose ids of "demand.<stage>", computed once.
const std::array<std::uint64_t, kDrawStageCount>& StagePurposes() {
  static const std::array<std::uint64_t, kDrawStageCount> kPurposes = [] {
    std::array<std::uint64_t, kDrawStageCount> ids{};
    for (int i = 0; i < kDrawStageCount; ++i) {
      ids[static_cast<std::size_t>(i)] = kernel::PurposeId(
          "demand." + std::string(DrawStageName(static_cast<DrawStage>(i))));
    }
    return ids;
  }();
  return kPurposes;
}

}  // namespace

DemandDraws::StageKeys DemandDraws::KeysOf(std::uint64_t seed) {
  StageKeys keys;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    keys[i] = kernel::RandomStream::KeyOf(seed, StagePurposes()[i]);
  }
  return keys;
}

kernel::RandomStream DemandDraws::Stream(DrawStage stage) const {
  const auto i = static_cast<std::size_t>(stage);
  if (keys_) return kernel::RandomStream::FromKey((*keys_)[i], replication_, demand_id_);
  return kernel::RandomStream(seed_, replication_, StagePurposes()[i], demand_id_);
}

}  // namespace escalade::model
