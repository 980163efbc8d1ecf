#include "sim/kernel/random.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace escalade::kernel {
namespace {

using Words4 = std::array<std::uint32_t, 4>;
using Words2 = std::array<std::uint32_t, 2>;

// Known answers from Random123's tests/kat_vectors (github.com/DEShawResearch/random123),
// the three "philox4x32 10" lines, format "philox4x32 10 ctr[4] key[2]   out[4]" (hex):
// clang-format off
//   philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
//   philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
//   philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
// clang-format on
// Copied from verbatim copies of that file in independent public code (a Python Philox port
// that embeds the whole file; Rust, C++, C# and Fortran test suites quoting these lines),
// which all agree; the upstream file itself was not at hand when this was written.
struct Kat {
  Words4 ctr;
  Words2 key;
  Words4 out;
};
constexpr Kat kKats[] = {
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

// The bijection is constexpr, so a wrong round function fails the build, not just the test.
static_assert(Philox4x32_10(kKats[0].ctr, kKats[0].key) == kKats[0].out);

TEST(Philox4x32_10Test, MatchesRandom123KnownAnswers) {
  for (const Kat& kat : kKats) EXPECT_EQ(Philox4x32_10(kat.ctr, kat.key), kat.out);
}

TEST(PurposeIdTest, IsFnv1a64) {
  // Standard FNV-1a 64 test vectors.
  EXPECT_EQ(PurposeId(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(PurposeId("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(PurposeId("foobar"), 0x85944171f73967e8ULL);
  static_assert(PurposeId("arrivals") != PurposeId("demand.work"));
}

std::vector<std::uint64_t> Draws(RandomStream stream, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(stream.NextU64());
  return out;
}

TEST(RandomStreamTest, SameNameSameSequence) {
  EXPECT_EQ(Draws(RandomStream(42, 3, "demand.work", 123), 100),
            Draws(RandomStream(42, 3, "demand.work", 123), 100));
  EXPECT_EQ(Draws(RandomStream(42, 3, "demand.work", 123), 100),
            Draws(RandomStream(42, 3, PurposeId("demand.work"), 123), 100));
  EXPECT_EQ(Draws(RandomStream(7, 0, "arrivals"), 10),
            Draws(RandomStream(7, 0, "arrivals", 0), 10));
}

TEST(RandomStreamTest, ChangingAnyNamePartChangesEveryDraw) {
  const auto base = Draws(RandomStream(42, 3, "demand.work", 123), 16);
  const std::vector<std::vector<std::uint64_t>> others = {
      Draws(RandomStream(43, 3, "demand.work", 123), 16),
      Draws(RandomStream(42, 4, "demand.work", 123), 16),
      Draws(RandomStream(42, 3, "demand.wait", 123), 16),
      Draws(RandomStream(42, 3, "demand.work", 124), 16),
      // Packing edge: replication and entity must not bleed into each other.
      Draws(RandomStream(42, 2, "demand.work", (std::uint64_t{1} << 40) - 1), 16),
  };
  for (const auto& other : others) {
    for (int i = 0; i < 16; ++i) EXPECT_NE(base[i], other[i]) << "draw " << i;
  }
  EXPECT_NE(Draws(RandomStream(0, 0, "x"), 4), Draws(RandomStream(1, 0, "x"), 4));
}

// Change detector for the determinism contract: these draws are part of every output file.
// If this fails, every stream changed, and so does every result (a versioned change).
TEST(RandomStreamTest, GoldenDraws) {
  RandomStream stream(20240601, 0, "arrivals", 0);
  EXPECT_EQ(stream.NextU64(), 0xf9249913608557a8ULL);
  EXPECT_EQ(stream.NextU64(), 0xdb6b12b4d2f4a42eULL);
  EXPECT_EQ(stream.NextU64(), 0x6112eafb8cec28d3ULL);
}

TEST(RandomStreamTest, SeekGivesTheKthDrawOfAFreshStream) {
  const auto reference = Draws(RandomStream(5, 1, "seek", 9), 64);
  RandomStream stream(5, 1, "seek", 9);
  for (int i = 0; i < 17; ++i) stream.NextU64();  // leave it mid-block
  for (std::uint64_t k : {0, 1, 2, 3, 10, 33, 62, 63, 7, 0}) {
    stream.Seek(k);
    EXPECT_EQ(stream.position(), k);
    EXPECT_EQ(stream.NextU64(), reference[k]) << "k=" << k;
    EXPECT_EQ(stream.position(), k + 1);
    if (k + 1 < reference.size()) {
      EXPECT_EQ(stream.NextU64(), reference[k + 1]) << "k=" << k;
    }
  }
  // Far positions work too: Seek is O(1).
  RandomStream far(5, 1, "seek", 9);
  far.Seek(std::uint64_t{1} << 50);
  const std::uint64_t a = far.NextU64();
  far.Seek(std::uint64_t{1} << 50);
  EXPECT_EQ(far.NextU64(), a);
}

TEST(RandomStreamTest, CopyReplaysFromTheSamePosition) {
  RandomStream stream(1, 0, "copy");
  stream.NextU64();
  RandomStream copy = stream;
  EXPECT_EQ(Draws(stream, 5), Draws(copy, 5));
}

TEST(RandomStreamTest, UniformGridIsStrictlyInsideTheUnitInterval) {
  EXPECT_EQ(OpenUniformFromBits(0), 0x1p-53);
  EXPECT_EQ(OpenUniformFromBits(~std::uint64_t{0}), 1.0 - 0x1p-53);
  EXPECT_LT(OpenUniformFromBits(~std::uint64_t{0}), 1.0);
  EXPECT_EQ(1.0 - OpenUniformFromBits(0), OpenUniformFromBits(~std::uint64_t{0}));
}

TEST(RandomStreamTest, UniformsAreUniform) {
  constexpr int kDraws = 1'000'000;
  constexpr int kBins = 100;
  RandomStream stream(99, 0, "uniformity");
  std::array<int, kBins> counts{};
  double sum = 0.0;
  double sum_sq_dev = 0.0;  // around the known mean 1/2
  for (int i = 0; i < kDraws; ++i) {
    const double u = stream.NextUniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    ++counts[static_cast<int>(u * kBins)];
    sum += u;
    sum_sq_dev += (u - 0.5) * (u - 0.5);
  }
  EXPECT_EQ(stream.position(), static_cast<std::uint64_t>(kDraws));

  const double expected = static_cast<double>(kDraws) / kBins;
  double chi_square = 0.0;
  for (int c : counts) chi_square += (c - expected) * (c - expected) / expected;
  // Upper 1e-6 point of chi-square with 99 degrees of freedom by Wilson-Hilferty (~181).
  const double df = kBins - 1;
  const double z = 4.753424;  // upper 1e-6 point of the standard normal
  const double h = 2.0 / (9.0 * df);
  const double critical = df * std::pow(1.0 - h + z * std::sqrt(h), 3);
  EXPECT_LT(chi_square, critical);

  // Mean 1/2 with variance 1/12; (U - 1/2)^2 has mean 1/12 and variance 1/80 - 1/144.
  const double mean = sum / kDraws;
  EXPECT_NEAR(mean, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / kDraws));
  const double variance = sum_sq_dev / kDraws;
  EXPECT_NEAR(variance, 1.0 / 12.0, 5.0 * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / kDraws));
}

TEST(RandomStreamDeathTest, RejectsNamesThatDoNotFitTheCounter) {
  EXPECT_DEATH(RandomStream(1, RandomStream::kMaxReplications, "x"), "replication");
  EXPECT_DEATH(RandomStream(1, 0, "x", RandomStream::kMaxEntities), "entity");
}

}  // namespace
}  // namespace escalade::kernel
