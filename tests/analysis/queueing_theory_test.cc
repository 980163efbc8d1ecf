#include "analysis/queueing_theory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace escalade::analysis {
namespace {

using ::testing::HasSubstr;

// Erlang C straight from its definition ([GH] ch. 2), in long double:
//   C = (a^c/c!)·c/(c−a) / (Σ_{k<c} a^k/k! + (a^c/c!)·c/(c−a)).
// Terms are built by ratios (a^k/k! = a^(k−1)/(k−1)! · a/k), so nothing
// overflows for the sizes used here.
double DirectErlangC(int c, double a) {
  long double term = 1;  // a^k / k!
  long double sum = 0;   // Σ_{k<c} a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= static_cast<long double>(a) / (k + 1);
  }
  const long double tail = term * c / (c - static_cast<long double>(a));
  return static_cast<double>(tail / (sum + tail));
}

TEST(ErlangCTest, SingleServerWaitProbabilityIsUtilisation) {
  for (double rho : {0.0, 0.1, 0.5, 0.9, 0.999}) EXPECT_NEAR(ErlangC(1, rho), rho, 1e-15);
}

TEST(ErlangCTest, HandComputedTwoServers) {
  // c = 2, a = 1: a²/2!·2/(2−1) = 1; Σ_{k<2} a^k/k! = 2; C = 1/3.
  EXPECT_NEAR(ErlangC(2, 1.0), 1.0 / 3, 1e-15);
}

TEST(ErlangCTest, AgreesWithDirectFormula) {
  for (int c = 1; c <= 30; ++c) {
    for (double rho : {0.01, 0.3, 0.7, 0.9, 0.99}) {
      const double a = rho * c;
      EXPECT_NEAR(ErlangC(c, a), DirectErlangC(c, a), 1e-13) << "c=" << c << " a=" << a;
    }
  }
  // Larger systems, where a^c/c! alone would overflow a double for c ≳ 170.
  EXPECT_NEAR(ErlangC(150, 140), DirectErlangC(150, 140), 1e-12);
}

TEST(ErlangCTest, IncreasesWithLoad) {
  for (int c : {1, 3, 10, 50}) {
    double previous = -1;
    for (double a = 0; a < c; a += c / 200.0) {
      const double value = ErlangC(c, a);
      EXPECT_GT(value, previous) << "c=" << c << " a=" << a;
      previous = value;
    }
  }
}

TEST(ErlangCTest, StableForManyServers) {
  for (auto [c, a] : {std::pair{200, 180.0}, std::pair{5000, 4900.0}, std::pair{5000, 4999.9}}) {
    const double value = ErlangC(c, a);
    EXPECT_TRUE(std::isfinite(value)) << c;
    EXPECT_GT(value, 0) << c;
    EXPECT_LT(value, 1) << c;
  }
  // Square-root staffing: C(c, c − β√c) tends to a limit (Halfin & Whitt
  // 1981), so the c = 5000 and c = 20000 values with β = 1 are close.
  const double small = ErlangC(5000, 5000 - std::sqrt(5000.0));
  const double large = ErlangC(20000, 20000 - std::sqrt(20000.0));
  EXPECT_NEAR(small, large, 0.01);
}

TEST(MmcTheoryTest, MM1MatchesClosedForm) {
  const double lambda = 0.8, mu = 1.0;
  const auto result = MmcTheory(lambda, mu, 1);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_NEAR(result->utilization, 0.8, 1e-15);
  EXPECT_NEAR(result->wait_probability, 0.8, 1e-15);
  EXPECT_NEAR(result->mean_sojourn, 1 / (mu - lambda), 1e-12);  // 5
  EXPECT_NEAR(result->mean_wait, 0.8 / (mu - lambda), 1e-12);   // 4
  EXPECT_NEAR(result->mean_queue_length, 0.64 / 0.2, 1e-12);    // ρ²/(1−ρ)
  EXPECT_NEAR(result->mean_in_system, 0.8 / 0.2, 1e-12);        // ρ/(1−ρ)
}

TEST(MmcTheoryTest, MM2MatchesClosedForm) {
  // ρ = ½: L = 2ρ/(1 − ρ²) = 4/3 ([GH] ch. 2), C = 1/3, Wq = C/(2μ − λ).
  const auto result = MmcTheory(1.0, 1.0, 2);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_NEAR(result->utilization, 0.5, 1e-15);
  EXPECT_NEAR(result->wait_probability, 1.0 / 3, 1e-15);
  EXPECT_NEAR(result->mean_wait, 1.0 / 3, 1e-15);
  EXPECT_NEAR(result->mean_in_system, 4.0 / 3, 1e-15);
  EXPECT_NEAR(result->mean_queue_length, 1.0 / 3, 1e-15);
}

TEST(MmcTheoryTest, NoArrivalsMeansNoWaiting) {
  const auto result = MmcTheory(0.0, 4.0, 3);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->mean_wait, 0.0);
  EXPECT_EQ(result->mean_sojourn, 0.25);
  EXPECT_EQ(result->mean_in_system, 0.0);
}

TEST(MmcTheoryTest, UnstableIsRejectedWithTheNumbers) {
  const auto at_capacity = MmcTheory(2.0, 1.0, 2);
  ASSERT_FALSE(at_capacity.ok());
  EXPECT_THAT(at_capacity.status().message(), HasSubstr("λ=2 ≥ c·μ=2"));
  const auto over = MmcTheory(3.5, 1.5, 2);
  ASSERT_FALSE(over.ok());
  EXPECT_THAT(over.status().message(), HasSubstr("unstable: λ=3.5 ≥ c·μ=3 (c=2, μ=1.5)"));
}

TEST(MmcTheoryTest, InvalidInputsAreAllReported) {
  const auto result = MmcTheory(-1.0, 0.0, 0);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("servers=0"));
  EXPECT_THAT(result.status().message(), HasSubstr("service_rate=0"));
  EXPECT_THAT(result.status().message(), HasSubstr("arrival rate=-1"));
  EXPECT_FALSE(MmcTheory(std::numeric_limits<double>::quiet_NaN(), 1.0, 1).ok());
  EXPECT_FALSE(MmcTheory(0.5, std::numeric_limits<double>::infinity(), 1).ok());
}

TEST(MG1MeanWaitTest, ExponentialServiceReproducesMM1) {
  const double lambda = 0.7, mu = 1.25;
  const auto wait = MG1MeanWait(lambda, 1 / mu, 2 / (mu * mu));
  const auto mm1 = MmcTheory(lambda, mu, 1);
  ASSERT_TRUE(wait.ok());
  ASSERT_TRUE(mm1.ok());
  EXPECT_NEAR(*wait, mm1->mean_wait, 1e-14);
}

TEST(MG1MeanWaitTest, DeterministicServiceHalvesTheWait) {
  const double lambda = 0.7, mean = 0.8;
  const auto exponential = MG1MeanWait(lambda, mean, 2 * mean * mean);
  const auto deterministic = MG1MeanWait(lambda, mean, mean * mean);
  ASSERT_TRUE(exponential.ok());
  ASSERT_TRUE(deterministic.ok());
  EXPECT_NEAR(*deterministic, *exponential / 2, 1e-15);
}

TEST(MG1MeanWaitTest, RejectsUnstableAndInvalid) {
  const auto unstable = MG1MeanWait(2.0, 0.5, 0.5);
  ASSERT_FALSE(unstable.ok());
  EXPECT_THAT(unstable.status().message(), HasSubstr("ρ=λ·E[S]=1 ≥ 1"));
  const auto negative_variance = MG1MeanWait(0.5, 1.0, 0.9);
  ASSERT_FALSE(negative_variance.ok());
  EXPECT_THAT(negative_variance.status().message(), HasSubstr("E[S²]=0.9"));
  EXPECT_FALSE(MG1MeanWait(-0.1, 1.0, 2.0).ok());
  EXPECT_FALSE(MG1MeanWait(0.1, 0.0, 2.0).ok());
}

TEST(JacksonTheoryTest, TandemOfSingleServersAddsUp) {
  // γ = 1 into station 0, then 0 → 1 → 2 → out: E[T] = Σ 1/(μ_i − γ).
  const std::vector<JacksonStation> stations = {{1, 2.0, 1.0}, {1, 3.0, 0.0}, {1, 1.5, 0.0}};
  const std::vector<std::vector<double>> routing = {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}};
  const auto result = JacksonTheory(stations, routing);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  for (double rate : result->arrival_rate) EXPECT_NEAR(rate, 1.0, 1e-15);
  EXPECT_NEAR(result->mean_sojourn_total, 1.0 / 1 + 1.0 / 2 + 1.0 / 0.5, 1e-13);
  EXPECT_NEAR(result->utilization[2], 1 / 1.5, 1e-15);
}

TEST(JacksonTheoryTest, FeedbackMultipliesVisits) {
  // One M/M/1 station, each customer returns with probability p: λ = γ/(1 − p),
  // and E[T] = (expected visits 1/(1 − p)) × W.
  for (double p : {0.0, 0.3, 0.9}) {
    const double gamma = 0.4, mu = 5.0;
    const auto result = JacksonTheory({{1, mu, gamma}}, {{p}});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    const double lambda = gamma / (1 - p);
    EXPECT_NEAR(result->arrival_rate[0], lambda, 1e-14) << p;
    EXPECT_NEAR(result->mean_sojourn_per_visit[0], 1 / (mu - lambda), 1e-14) << p;
    EXPECT_NEAR(result->mean_sojourn_total, 1 / (1 - p) / (mu - lambda), 1e-13) << p;
  }
}

TEST(JacksonTheoryTest, ThreeStationNetworkSolvedByHand) {
  // γ = (1, 0.5, 0). Routing: 0 → 1 (½), 0 → 2 (½); 1 → 0 (0.2), 1 → 2 (0.4),
  // leave 0.4; 2 → 0 (0.2), leave 0.8. Traffic equations:
  //   λ0 = 1 + 0.2 λ1 + 0.2 λ2,  λ1 = 0.5 + 0.5 λ0,  λ2 = 0.5 λ0 + 0.4 λ1
  // ⇒ λ2 = 0.7 λ0 + 0.2, λ0 = 1.14 + 0.24 λ0 ⇒ λ = (1.5, 1.25, 1.25).
  // Station 0, M/M/1 μ=4:   W0 = 1/(4 − 1.5) = 0.4,           L0 = 0.6.
  // Station 1, M/M/2 μ=1:   a = 1.25, ρ = 0.625, P0 = 3/13,
  //                         C = a²/(2(1−ρ))·P0 = 25/52,
  //                         W1 = C/(2 − 1.25) + 1 = 64/39,     L1 = 80/39.
  // Station 2, M/M/1 μ=2.5: W2 = 1/(2.5 − 1.25) = 0.8,         L2 = 1.
  // E[T] = (0.6 + 80/39 + 1) / 1.5 = 142.4/58.5.
  const std::vector<JacksonStation> stations = {{1, 4.0, 1.0}, {2, 1.0, 0.5}, {1, 2.5, 0.0}};
  const std::vector<std::vector<double>> routing = {
      {0.0, 0.5, 0.5}, {0.2, 0.0, 0.4}, {0.2, 0.0, 0.0}};
  const auto result = JacksonTheory(stations, routing);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_NEAR(result->arrival_rate[0], 1.5, 1e-14);
  EXPECT_NEAR(result->arrival_rate[1], 1.25, 1e-14);
  EXPECT_NEAR(result->arrival_rate[2], 1.25, 1e-14);
  EXPECT_NEAR(result->utilization[0], 0.375, 1e-14);
  EXPECT_NEAR(result->utilization[1], 0.625, 1e-14);
  EXPECT_NEAR(result->utilization[2], 0.5, 1e-14);
  EXPECT_NEAR(result->mean_sojourn_per_visit[0], 0.4, 1e-14);
  EXPECT_NEAR(result->mean_sojourn_per_visit[1], 64.0 / 39, 1e-14);
  EXPECT_NEAR(result->mean_sojourn_per_visit[2], 0.8, 1e-14);
  EXPECT_NEAR(result->mean_in_station[0], 0.6, 1e-14);
  EXPECT_NEAR(result->mean_in_station[1], 80.0 / 39, 1e-14);
  EXPECT_NEAR(result->mean_in_station[2], 1.0, 1e-14);
  EXPECT_NEAR(result->mean_sojourn_total, 142.4 / 58.5, 1e-13);
}

TEST(JacksonTheoryTest, RowSummingToOneUpToRoundingIsAccepted) {
  // 0.1 + 0.2 + 0.7 is 1.0000000000000002 in floating point.
  const std::vector<JacksonStation> stations = {{1, 10.0, 1.0}, {1, 10.0, 0.0}, {1, 10.0, 0.0}};
  const std::vector<std::vector<double>> routing = {{0.1, 0.2, 0.7}, {0, 0, 0}, {0, 0, 0.5}};
  EXPECT_TRUE(JacksonTheory(stations, routing).ok());
}

std::string JacksonError(const std::vector<JacksonStation>& stations,
                         const std::vector<std::vector<double>>& routing) {
  const auto result = JacksonTheory(stations, routing);
  EXPECT_FALSE(result.ok());
  return result.ok() ? std::string() : result.status().message();
}

TEST(JacksonTheoryTest, ErrorsNameTheProblem) {
  const std::vector<JacksonStation> three = {{1, 5.0, 1.0}, {1, 5.0, 0.0}, {1, 5.0, 0.0}};
  const std::vector<std::vector<double>> ok_routing = {{0, 0.5, 0}, {0, 0, 0.5}, {0, 0, 0}};

  EXPECT_THAT(JacksonError({}, {}), HasSubstr("no stations"));
  EXPECT_THAT(JacksonError(three, {{0, 0, 0}, {0, 0, 0}}), HasSubstr("2 rows for 3 stations"));
  EXPECT_THAT(JacksonError(three, {{0, 0, 0}, {0, 0}, {0, 0, 0}}),
              HasSubstr("routing row 1 has 2 entries, expected 3"));
  EXPECT_THAT(JacksonError(three, {{0, -0.1, 0}, {0, 0, 0}, {0, 0, 1.5}}),
              AllOf(HasSubstr("routing[0][1]=-0.1 is not a probability"),
                    HasSubstr("routing[2][2]=1.5 is not a probability")));
  EXPECT_THAT(JacksonError(three, {{0, 0.6, 0.6}, {0, 0, 0}, {0, 0, 0}}),
              HasSubstr("routing row 0 sums to 1.2 > 1"));
  EXPECT_THAT(JacksonError({{0, -5.0, 1.0}, {1, 5.0, -1.0}, {1, 5.0, 0.0}}, ok_routing),
              AllOf(HasSubstr("station 0: servers=0"), HasSubstr("station 0: service_rate=-5"),
                    HasSubstr("station 1: arrival rate=-1")));
  EXPECT_THAT(JacksonError({{1, 5.0, 0.0}, {1, 5.0, 0.0}, {1, 5.0, 0.0}}, ok_routing),
              HasSubstr("every external_arrival_rate is 0"));
}

TEST(JacksonTheoryTest, ClosedSubnetworkIsRejected) {
  // Station 0 sends half its output into {1, 2}, which only route to each other.
  const std::vector<JacksonStation> stations = {{1, 5.0, 1.0}, {1, 5.0, 0.0}, {1, 5.0, 0.0}};
  const std::vector<std::vector<double>> routing = {{0, 0.5, 0}, {0, 0, 1}, {0, 1, 0}};
  EXPECT_THAT(JacksonError(stations, routing),
              AllOf(HasSubstr("station(s) 1, 2 never route to an exit"), HasSubstr("singular")));
  // A single station that always feeds back to itself.
  EXPECT_THAT(JacksonError({{1, 5.0, 1.0}}, {{1.0}}), HasSubstr("station(s) 0 never"));
}

TEST(JacksonTheoryTest, UnstableStationIsNamed) {
  const std::vector<JacksonStation> stations = {{1, 1.5, 1.0}, {1, 5.0, 0.0}};
  const std::vector<std::vector<double>> routing = {{0.5, 0.5}, {0, 0}};
  // λ0 = 1 + 0.5 λ0 = 2 ≥ 1.5 (station 1 would see λ1 = 1 and be fine).
  EXPECT_THAT(JacksonError(stations, routing),
              HasSubstr("station 0 is unstable: λ=2 ≥ c·μ=1.5 (c=1, μ=1.5)"));
  // A multi-server station exactly at capacity is unstable too: λ0 = 0.5/0.25.
  EXPECT_THAT(JacksonError({{2, 1.0, 0.5}, {1, 5.0, 0.0}}, {{0.75, 0}, {0, 0}}),
              HasSubstr("station 0 is unstable: λ=2 ≥ c·μ=2"));
}

TEST(JacksonTheoryTest, SingleStationMatchesMmc) {
  const auto network = JacksonTheory({{3, 2.0, 5.0}}, {{0.0}});
  const auto direct = MmcTheory(5.0, 2.0, 3);
  ASSERT_TRUE(network.ok());
  ASSERT_TRUE(direct.ok());
  EXPECT_DOUBLE_EQ(network->mean_sojourn_total, direct->mean_sojourn);
  EXPECT_DOUBLE_EQ(network->mean_in_station[0], direct->mean_in_system);
}

TEST(ErlangCDeathTest, RequirementsAreChecked) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(ErlangC(0, 0.5), "servers=0");
  EXPECT_DEATH(ErlangC(2, 2.0), "offered_load=2");
}

}  // namespace
}  // namespace escalade::analysis
