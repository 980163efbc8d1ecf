// RandomStream: a named, counter-based stream of random numbers (Philox4x32-10).
//
// Randomness is by name: a stream is fixed by (scenario seed, replication, purpose,
// entity), never by the order in which streams are created or used. So a model change
// elsewhere never shifts an entity's draws, and e.g. demand #123's work times come from
// its own stream whatever the policy (common random numbers across policies).
//
// Draw i of a stream is a pure function of its name and i, computed with integer
// arithmetic only, so it is the same bits on every platform. Philox4x32-10 (Salmon et al.,
// "Parallel Random Numbers: As Easy as 1, 2, 3", SC11) encrypts the counter
// (block & 0xffffffff, block >> 32, name & 0xffffffff, name >> 32), where
// name = (replication << 40) | entity, under a 64-bit key mixed from (seed, purpose).
// Block b gives draw 2b = out[1]:out[0] and draw 2b+1 = out[3]:out[2] (high:low words).
// Hence Seek() is O(1) and streams need no shared state.
//
// Thread safety: a RandomStream is a plain value with no shared state. Distinct streams
// (even with the same name) may be used from distinct threads; one stream must not be
// used by two threads at once. Copying a stream copies its position: the copy replays
// the same draws.
#ifndef ESCALADE_SIM_KERNEL_RANDOM_H_
#define ESCALADE_SIM_KERNEL_RANDOM_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace escalade::kernel {

// FNV-1a 64-bit hash of a purpose name ("arrivals", "demand.work", ...). Stable across
// platforms and versions: changing it would change every stream.
constexpr std::uint64_t PurposeId(std::string_view name) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : name) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

namespace internal {

// Philox4x32-10 applied in place to `lanes` independent counters under one key;
// words[w][j] is word w of lane j. Lanes are interleaved so that their multiplications can
// overlap or be vectorised; each lane's result is exactly Random123's philox4x32_R(10, ...).
template <std::size_t kLanes>
constexpr void Philox4x32_10Lanes(std::array<std::array<std::uint32_t, kLanes>, 4>& words,
                                  std::array<std::uint32_t, 2> key) {
  constexpr std::uint64_t kM0 = 0xD2511F53;  // multipliers and Weyl key increments
  constexpr std::uint64_t kM1 = 0xCD9E8D57;  // from Random123's philox.h
  constexpr std::uint32_t kW0 = 0x9E3779B9;
  constexpr std::uint32_t kW1 = 0xBB67AE85;
  auto& [c0, c1, c2, c3] = words;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kW0;
      key[1] += kW1;
    }
    for (std::size_t j = 0; j < kLanes; ++j) {
      const std::uint64_t p0 = kM0 * c0[j];
      const std::uint64_t p1 = kM1 * c2[j];
      c0[j] = static_cast<std::uint32_t>(p1 >> 32) ^ c1[j] ^ key[0];
      c1[j] = static_cast<std::uint32_t>(p1);
      c2[j] = static_cast<std::uint32_t>(p0 >> 32) ^ c3[j] ^ key[1];
      c3[j] = static_cast<std::uint32_t>(p0);
    }
  }
}

// One block, unrolled: the first refill of a stream (RandomStream::Refill). Same
// function as Philox4x32_10Lanes<1>; GCC 12 leaves that loop rolled with a branch per
// round, ~230 instructions against ~150 here.
inline void Philox4x32_10Block(std::uint32_t (&c)[4], std::array<std::uint32_t, 2> key) {
  constexpr std::uint64_t kM0 = 0xD2511F53;
  constexpr std::uint64_t kM1 = 0xCD9E8D57;
  std::uint32_t c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
  std::uint32_t k0 = key[0], k1 = key[1];
#pragma GCC unroll 10
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = kM0 * c0;
    const std::uint64_t p1 = kM1 * c2;
    c0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ k0;
    c1 = static_cast<std::uint32_t>(p1);
    c2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c3 = static_cast<std::uint32_t>(p0);
    k0 += 0x9E3779B9;
    k1 += 0xBB67AE85;
  }
  c[0] = c0;
  c[1] = c1;
  c[2] = c2;
  c[3] = c3;
}

}  // namespace internal

// The Philox4x32 bijection with 10 rounds, exactly as Random123's philox4x32_R(10, ...);
// exposed for the known-answer tests.
constexpr std::array<std::uint32_t, 4> Philox4x32_10(std::array<std::uint32_t, 4> ctr,
                                                     std::array<std::uint32_t, 2> key) {
  std::array<std::array<std::uint32_t, 1>, 4> words = {{{ctr[0]}, {ctr[1]}, {ctr[2]}, {ctr[3]}}};
  internal::Philox4x32_10Lanes(words, key);
  return {words[0][0], words[1][0], words[2][0], words[3][0]};
}

// Maps 64 random bits to the midpoint grid {(k + 0.5) / 2^52 : 0 <= k < 2^52}: every value
// is exact, strictly inside (0,1) (min 2^-53, max 1 - 2^-53) and the grid is symmetric
// (1 - u is on it too), so log(u) and log(1 - u) are always finite. 52 bits, not 53,
// because the 53-bit midpoint 1 - 2^-54 is not a double and rounds to exactly 1.0.
constexpr double OpenUniformFromBits(std::uint64_t bits) {
  return (static_cast<double>(bits >> 12) + 0.5) * 0x1p-52;
}

class RandomStream {
 public:
  // Limits that make the counter packing (replication << 40) | entity collision-free.
  static constexpr std::uint64_t kMaxReplications = std::uint64_t{1} << 24;
  static constexpr std::uint64_t kMaxEntities = std::uint64_t{1} << 40;

  // REQUIRES: replication < 2^24, entity < 2^40 (always-on ESCALADE_CHECK).
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view purpose,
               std::uint64_t entity = 0);
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t purpose_id,
               std::uint64_t entity);

  // The Philox key of (seed, purpose). A caller that opens many streams of one purpose
  // (one per demand) computes it once and uses FromKey: the same stream, cheaper.
  using Key = std::array<std::uint32_t, 2>;
  static Key KeyOf(std::uint64_t seed, std::uint64_t purpose_id);
  // RandomStream(seed, replication, purpose_id, entity) for key == KeyOf(seed, purpose_id).
  // REQUIRES: as the constructors.
  static RandomStream FromKey(Key key, std::uint64_t replication, std::uint64_t entity) {
    return RandomStream(key, replication, entity);
  }

  // Satisfies UniformRandomBitGenerator, but do not pass it to std::shuffle or <random>
  // distributions: their algorithms differ between standard libraries, which would break
  // byte-for-byte reproducibility. Use Distribution (distributions.h) instead.
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return NextU64(); }

  // Draw number position() of this stream; advances position() by one.
  std::uint64_t NextU64() {
    if (position_ >= end_) [[unlikely]] Refill();
    return buffer_[position_++ - begin_];
  }

  // Uniform on the open interval (0,1) from one NextU64(); see OpenUniformFromBits.
  double NextUniform() { return OpenUniformFromBits(NextU64()); }

  // Number of 64-bit draws consumed so far.
  std::uint64_t position() const { return position_; }

  // Random access: the next draw is the position-th (0-based) draw of this stream.
  void Seek(std::uint64_t position) {
    position_ = position;
    begin_ = end_ = 0;  // refill at the next draw
  }

 private:
  // Draws are produced kBlocks Philox blocks at a time: the blocks are independent, so one
  // block's multiplier latency hides behind another's. Measured with GCC 12 -O2, which
  // vectorises the lanes: 4.8 ns per draw against 9-10 ns one block at a time; 2 blocks gain
  // nothing and 8 no more than 4. Draw i is always half (i % 2) of block i / 2, whatever
  // the batch size. The first refill of a stream computes one block only: most streams
  // (a demand's reserved streams, bench/RESULTS.md) are used for one or two draws, and
  // eight would waste three quarters of the work.
  static constexpr std::size_t kBlocks = 4;
  static constexpr std::uint64_t kBufferedDraws = 2 * kBlocks;

  // Fills buffer_ with the draws from the block holding draw position_ on: one block at
  // the start of the stream, else kBlocks.
  void Refill() {
    const std::uint64_t first = position_ / 2;
    begin_ = first * 2;
    if (position_ < 2) {
      std::uint32_t words[4] = {static_cast<std::uint32_t>(first),
                                static_cast<std::uint32_t>(first >> 32),
                                static_cast<std::uint32_t>(name_),
                                static_cast<std::uint32_t>(name_ >> 32)};
      internal::Philox4x32_10Block(words, key_);
      buffer_[0] = (std::uint64_t{words[1]} << 32) | words[0];
      buffer_[1] = (std::uint64_t{words[3]} << 32) | words[2];
      end_ = begin_ + 2;
      return;
    }
    std::array<std::array<std::uint32_t, kBlocks>, 4> words;
    for (std::size_t j = 0; j < kBlocks; ++j) {
      const std::uint64_t block = first + j;
      words[0][j] = static_cast<std::uint32_t>(block);
      words[1][j] = static_cast<std::uint32_t>(block >> 32);
      words[2][j] = static_cast<std::uint32_t>(name_);
      words[3][j] = static_cast<std::uint32_t>(name_ >> 32);
    }
    internal::Philox4x32_10Lanes(words, key_);
    for (std::size_t j = 0; j < kBlocks; ++j) {
      buffer_[2 * j] = (std::uint64_t{words[1][j]} << 32) | words[0][j];
      buffer_[2 * j + 1] = (std::uint64_t{words[3][j]} << 32) | words[2][j];
    }
    end_ = begin_ + kBufferedDraws;
  }

  RandomStream(Key key, std::uint64_t replication, std::uint64_t entity);

  std::array<std::uint32_t, 2> key_;  // from (seed, purpose_id)
  std::uint64_t name_;                // (replication << 40) | entity: counter words 2 and 3
  std::uint64_t position_ = 0;
  std::uint64_t begin_ = 0;           // buffer_ holds draws [begin_, end_)
  std::uint64_t end_ = 0;
  std::array<std::uint64_t, kBufferedDraws> buffer_{};
};

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_RANDOM_H_
