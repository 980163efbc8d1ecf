#include "sim/kernel/random.h"

#include <string>

#include "sim/kernel/status.h"

namespace escalade::kernel {
namespace {

// splitmix64's finaliser: a bijection on 64-bit words with full avalanche.
constexpr std::uint64_t Mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Mix64(Mix64(seed + golden) ^ purpose_id): for a fixed seed the map purpose -> key is a
// bijection, and so is seed -> key for a fixed purpose, so changing exactly one of the two
// always changes the key. The golden-ratio offset keeps seed 0 away from Mix64's fixed
// point at 0.
std::array<std::uint32_t, 2> MakeKey(std::uint64_t seed, std::uint64_t purpose_id) {
  const std::uint64_t key = Mix64(Mix64(seed + 0x9e3779b97f4a7c15ULL) ^ purpose_id);
  return {static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32)};
}

}  // namespace

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view purpose,
                           std::uint64_t entity)
    : RandomStream(seed, replication, PurposeId(purpose), entity) {}

RandomStream::Key RandomStream::KeyOf(std::uint64_t seed, std::uint64_t purpose_id) {
  return MakeKey(seed, purpose_id);
}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t purpose_id,
                           std::uint64_t entity)
    : RandomStream(MakeKey(seed, purpose_id), replication, entity) {}

RandomStream::RandomStream(Key key, std::uint64_t replication, std::uint64_t entity)
    : key_(key), name_((replication << 40) | entity) {
  ESCALADE_CHECK(replication < kMaxReplications,
                 "RandomStream: replication " + std::to_string(replication) + " >= 2^24");
  ESCALADE_CHECK(entity < kMaxEntities,
                 "RandomStream: entity " + std::to_string(entity) + " >= 2^40");
}

}  // namespace escalade::kernel
