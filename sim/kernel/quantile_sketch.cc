#include "sim/kernel/quantile_sketch.h"

#include <algorithm>
#include <utility>

namespace escalade::kernel {
namespace {

// Smallest allocation of a side, so that the first few values do not each
// reallocate. Far below the default max_buckets; capped by max_buckets.
constexpr std::int64_t kMinAllocatedBuckets = 64;

}  // namespace

QuantileSketch::QuantileSketch(double relative_accuracy, std::size_t max_buckets)
    : relative_accuracy_(relative_accuracy),
      max_buckets_(max_buckets),
      positive_(max_buckets),
      negative_(max_buckets) {
  ESCALADE_CHECK(relative_accuracy > 0.0 && relative_accuracy < 1.0,
                 "QuantileSketch: relative_accuracy must be in (0, 1)");
  ESCALADE_CHECK(max_buckets >= 1 && max_buckets <= (std::size_t{1} << 40),
                 "QuantileSketch: max_buckets must be in [1, 2^40]");
  const double gamma = (1.0 + relative_accuracy) / (1.0 - relative_accuracy);
  log_gamma_ = std::log(gamma);
  ESCALADE_CHECK(log_gamma_ > 0.0, "QuantileSketch: relative_accuracy too small for doubles");
  inverse_log_gamma_ = 1.0 / log_gamma_;
  log_representative_factor_ = std::log(2.0 / (gamma + 1.0));
}

void QuantileSketch::Merge(const QuantileSketch& other) {
  ESCALADE_CHECK(other.relative_accuracy_ == relative_accuracy_,
                 "QuantileSketch::Merge: sketches have different relative accuracies");
  if (&other == this) {
    const QuantileSketch copy = other;
    Merge(copy);
    return;
  }
  positive_.Merge(other.positive_);
  negative_.Merge(other.negative_);
  zero_count_ += other.zero_count_;
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double QuantileSketch::Representative(std::int64_t key) const {
  // exp of a sum rather than 2·gamma^k/(gamma+1), so that the top bucket does
  // not overflow to infinity before the factor 2/(gamma+1) < 1 is applied.
  return std::exp(static_cast<double>(key) * log_gamma_ + log_representative_factor_);
}

double QuantileSketch::Quantile(double q) const {
  ESCALADE_CHECK(q >= 0.0 && q <= 1.0, "QuantileSketch::Quantile: q must be in [0, 1]");
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  const auto rank = static_cast<std::uint64_t>(std::floor(q * static_cast<double>(count_ - 1)));
  // The extremes are known exactly; no need to approximate them.
  if (rank == 0) return min_;
  if (rank >= count_ - 1) return max_;

  double value = 0.0;
  const std::uint64_t negatives = negative_.count();
  if (rank < negatives) {
    std::uint64_t seen = 0;
    for (std::int64_t k = negative_.min_key(); k <= negative_.max_key(); ++k) {
      seen += negative_.at(k);
      if (seen > rank) {
        value = -Representative(-k);
        break;
      }
    }
  } else if (rank >= negatives + zero_count_) {
    const std::uint64_t positive_rank = rank - negatives - zero_count_;
    std::uint64_t seen = 0;
    for (std::int64_t k = positive_.min_key(); k <= positive_.max_key(); ++k) {
      seen += positive_.at(k);
      if (seen > positive_rank) {
        value = Representative(k);
        break;
      }
    }
  }
  return std::clamp(value, min_, max_);
}

void QuantileSketch::Store::AddSlow(std::int64_t key, std::uint64_t n) {
  if (count_ == 0) {
    Cover(key, key);
  } else {
    std::int64_t lo = std::min(min_key_, key);
    const std::int64_t hi = std::max(max_key_, key);
    const auto limit = static_cast<std::int64_t>(max_buckets_);
    if (hi - lo >= limit) {
      lo = hi - limit + 1;
      collapsed_ = true;
    }
    Cover(lo, hi);
  }
  bins_[static_cast<std::size_t>(std::max(key, min_key_) - offset_)] += n;
  count_ += n;
}

void QuantileSketch::Store::Merge(const Store& other) {
  if (other.count_ == 0) return;
  std::int64_t lo = count_ == 0 ? other.min_key_ : std::min(min_key_, other.min_key_);
  const std::int64_t hi = count_ == 0 ? other.max_key_ : std::max(max_key_, other.max_key_);
  const auto limit = static_cast<std::int64_t>(max_buckets_);
  if (hi - lo >= limit) {
    lo = hi - limit + 1;
    collapsed_ = true;
  }
  Cover(lo, hi);
  for (std::int64_t k = other.min_key_; k <= other.max_key_; ++k) {
    const std::uint64_t c = other.at(k);
    if (c != 0) bins_[static_cast<std::size_t>(std::max(k, lo) - offset_)] += c;
  }
  count_ += other.count_;
  collapsed_ = collapsed_ || other.collapsed_;
}

void QuantileSketch::Store::Cover(std::int64_t lo, std::int64_t hi) {
  // 1. Fold the counts below lo (a collapse) while the old layout is still valid.
  std::uint64_t folded = 0;
  if (count_ > 0 && lo > min_key_) {
    const std::int64_t end = std::min(max_key_, lo - 1);
    for (std::int64_t k = min_key_; k <= end; ++k) {
      std::uint64_t& bin = bins_[static_cast<std::size_t>(k - offset_)];
      folded += bin;
      bin = 0;
    }
  }

  // 2. Make the storage cover [lo, hi]. Counts still held lie in
  //    [max(min_key_, lo), max_key_], inside both the old and the new window;
  //    every other counter is zero.
  const auto size = static_cast<std::int64_t>(bins_.size());
  if (lo < offset_ || hi >= offset_ + size) {
    const std::int64_t need = hi - lo + 1;
    const bool growing_up = count_ > 0 && hi > max_key_;
    const bool growing_down = count_ > 0 && !growing_up;
    if (need <= size) {
      // Slide in place: no allocation once a side has reached its working size
      // (e.g. a collapsed side whose maximum keeps rising).
      const std::int64_t new_offset = growing_up     ? lo
                                      : growing_down ? hi - size + 1
                                                     : lo - (size - need) / 2;
      const std::int64_t shift = ((offset_ - new_offset) % size + size) % size;
      std::rotate(bins_.begin(), bins_.begin() + (size - shift), bins_.end());
      offset_ = new_offset;
    } else {
      const std::int64_t new_size = std::min(static_cast<std::int64_t>(max_buckets_),
                                             std::max({need, 2 * size, kMinAllocatedBuckets}));
      const std::int64_t new_offset = growing_up     ? lo
                                      : growing_down ? hi - new_size + 1
                                                     : lo - (new_size - need) / 2;
      std::vector<std::uint64_t> grown(static_cast<std::size_t>(new_size), 0);
      if (count_ > 0) {
        for (std::int64_t k = std::max(min_key_, lo); k <= max_key_; ++k) {
          grown[static_cast<std::size_t>(k - new_offset)] =
              bins_[static_cast<std::size_t>(k - offset_)];
        }
      }
      bins_ = std::move(grown);
      offset_ = new_offset;
    }
  }

  bins_[static_cast<std::size_t>(lo - offset_)] += folded;
  min_key_ = lo;
  max_key_ = hi;
}

}  // namespace escalade::kernel
