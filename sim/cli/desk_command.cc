#include "sim/cli/desk_command.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analysis/confidence.h"
#include "analysis/queueing_theory.h"
#include "sim/cli/exit_codes.h"
#include "sim/kernel/distributions.h"
#include "sim/model/station_network.h"

namespace escalade::cli {
namespace {

struct DeskOptions {
  int staff = 3;                      // desk clerks on duty
  double service_minutes = 20;        // mean service time (exponential)
  std::vector<double> loads = {0.5, 0.7, 0.8, 0.9, 0.95};
  int replications = 20;
  double hours = 20000;               // simulated per replication, after warm-up
  double warmup_hours = 2000;
  std::uint64_t seed = 1;
};

int RunDesk(const DeskOptions& o) {
  const double mu = 60.0 / o.service_minutes;  // services per hour per clerk
  std::printf(
      "A community service desk as an M/M/%d queue: %d clerks, exponential service of mean %g "
      "min,\nPoisson arrivals. %d replications of %g h each (after %g h warm-up), seed %llu.\n"
      "Waiting time is in minutes; theory is Erlang C (mean wait = C(c,a) / (c*mu - lambda)).\n\n",
      o.staff, o.staff, o.service_minutes, o.replications, o.hours, o.warmup_hours,
      static_cast<unsigned long long>(o.seed));
  std::printf("%6s %12s %28s %12s %20s\n", "load", "arrivals/h", "mean wait, simulated [95% CI]",
              "Erlang C", "utilisation sim/th.");
  double first_wait = 0, last_wait = 0;
  for (double load : o.loads) {
    const double lambda = load * o.staff * mu;
    auto service = kernel::Distribution::Exponential(1.0 / mu);
    auto net = model::StationNetwork::Create(
        {{{"desk", o.staff, *service, lambda}}, {}});
    if (!net.ok()) return Report(net.status().WithPrefix("desk: "));
    std::vector<double> waits, utils;
    for (int r = 0; r < o.replications; ++r) {
      model::RunOptions ro;
      ro.seed = o.seed;
      ro.replication = static_cast<std::uint64_t>(r);
      ro.warmup = kernel::FromHours(o.warmup_hours);
      ro.horizon = kernel::FromHours(o.warmup_hours + o.hours);
      const model::NetworkResult res = net->Run(ro);
      waits.push_back(res.stations[0].wait_hours.mean() * 60.0);
      utils.push_back(res.stations[0].utilization);
    }
    const analysis::Interval w = analysis::MeanInterval(waits);
    const analysis::Interval u = analysis::MeanInterval(utils);
    auto theory = analysis::MmcTheory(lambda, mu, o.staff);
    const double wq = theory.ok() ? theory->mean_wait * 60.0 : 0.0;
    const double rho = theory.ok() ? theory->utilization : 0.0;
    if (load == o.loads.front()) first_wait = w.mean;
    last_wait = w.mean;
    std::printf("%6.2f %12.2f %10.2f [%7.2f, %7.2f]%s %12.2f %9.3f / %.3f\n", load, lambda,
                w.mean, w.low, w.high, w.Contains(wq) ? " " : "*", wq, u.mean, rho);
  }
  std::printf(
      "\nWaiting grows without bound as the load approaches capacity: %.1f min at load %.2f,\n"
      "%.1f min at load %.2f, with the same clerks. (* marks a row whose theory value lies\n"
      "outside its 95%% interval; by chance alone that happens to about 1 row in 20.)\n",
      first_wait, o.loads.front(), last_wait, o.loads.back());
  return 0;
}

}  // namespace

void AddDeskCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DeskOptions>();
  CLI::App* cmd = app.add_subcommand(
      "desk", "Teaching example: a community service desk as an M/M/c queue against Erlang C");
  cmd->add_option("--staff", options->staff, "clerks on duty (c)")->check(CLI::Range(1, 1000));
  cmd->add_option("--service-minutes", options->service_minutes, "mean service time, minutes")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--loads", options->loads, "offered loads per clerk, each in (0, 1)")
      ->check(CLI::Range(0.01, 0.999));
  cmd->add_option("--replications", options->replications, "replications per load")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--hours", options->hours, "simulated hours per replication after warm-up")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--warmup-hours", options->warmup_hours, "warm-up hours discarded")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", options->seed, "scenario seed");
  cmd->callback([options, &exit_code] { exit_code = RunDesk(*options); });
}

}  // namespace escalade::cli
