// QuantileSketch: a mergeable quantile summary with a relative-error guarantee in
// bounded memory — DDSketch (Masson, Rim & Lee, "DDSketch: A Fast and Fully-Mergeable
// Quantile Sketch with Relative-Error Guarantees", VLDB 2019).
//
// How it works. With gamma = (1+α)/(1−α), a value x > 0 is counted in bucket
// i = ceil(log_gamma(x)), which holds (gamma^(i−1), gamma^i]; a bucket is reported as
// 2·gamma^i/(gamma+1), which is within α·x of every x in it. Negative values are
// counted by |x| in a second set of buckets; zero has its own exact count. Quantile(q)
// walks the buckets in value order to the one holding the element of rank
// floor(q·(n−1)) and returns its representative, clamped to [min(), max()]; rank 0 and
// rank n−1 return min() and max() exactly.
//
// Error bound. Let x_q be the exact lower q-quantile: element floor(q·(n−1)) of the
// sorted input, 0-based. Unless that element lies in a collapsed range (below),
//   |Quantile(q) − x_q| <= α·|x_q|     (and Quantile(q) == 0 exactly when x_q == 0),
// up to floating-point rounding in log() near a bucket edge, which can add a few
// ulps to α. The bound holds for any input distribution and any n.
//
// Memory bound. Each sign keeps at most max_buckets contiguous 8-byte counters, so
// the counters never use more than max_buckets × 8 bytes × 2 (64 KiB at the default
// 4096), however many values arrive. With the default α = 0.005 one side's 4096
// buckets span a factor gamma^4096 ≈ 6e17 between smallest and largest value, so
// collapse needs a very wide input (e.g. 1e-9 to 1e9 hours).
//
// Collapse. When a side would need more than max_buckets buckets, its lowest values
// are merged into its lowest kept bucket: for positives the ones nearest zero, for
// negatives the most negative ones (the lowest values on that side, as with
// positives — so upper quantiles, the tails that matter for waits and lateness,
// keep the guarantee). collapsed() then becomes true; the bound above still holds
// for every x_q outside the collapsed ranges.
//
// Merging. The bucket counts are a function of the multiset of inputs only (the
// collapse boundary is "largest bucket − max_buckets + 1", independent of order),
// so merging sketches gives exactly the sketch of all their values added to one,
// bucket for bucket, provided other.max_buckets() >= max_buckets() or other has not
// collapsed. Hence per-thread sketches merge into a result independent of the
// thread count.
//
// Input. Add() rejects NaN and ±infinity with ESCALADE_CHECK (process abort): they
// have no quantile meaning and would silently corrupt min/max; a non-finite
// observation is a bug upstream.
//
// Cost. Add() is one log() plus an increment; it allocates only when the value
// extends the range of buckets in use beyond what is allocated (capacity grows
// geometrically, up to max_buckets), so never in steady state. Quantile() is
// O(bucket_count()).
//
// Thread safety: a plain value, not synchronised. One sketch must not be used by two
// threads at once; give each thread its own and Merge() them afterwards.
#ifndef ESCALADE_SIM_KERNEL_QUANTILE_SKETCH_H_
#define ESCALADE_SIM_KERNEL_QUANTILE_SKETCH_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/kernel/status.h"

namespace escalade::kernel {

class QuantileSketch {
 public:
  // REQUIRES: 0 < relative_accuracy < 1 (with gamma > 1 representable, i.e.
  // relative_accuracy >= ~1e-15); 1 <= max_buckets <= 2^40.
  explicit QuantileSketch(double relative_accuracy = 0.005, std::size_t max_buckets = 4096);

  // REQUIRES: x is finite. Any sign; zero is counted exactly.
  void Add(double x) {
    ESCALADE_CHECK(std::isfinite(x), "QuantileSketch::Add: value must be finite");
    if (x > 0.0) {
      positive_.Add(Key(x));
    } else if (x < 0.0) {
      negative_.Add(-Key(-x));
    } else {
      ++zero_count_;
    }
    ++count_;
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }

  // Adds every value summarised by `other` (which may be *this).
  // REQUIRES: other.relative_accuracy() == relative_accuracy().
  void Merge(const QuantileSketch& other);

  // The lower q-quantile within the error bound above; NaN if empty.
  // REQUIRES: 0 <= q <= 1.
  double Quantile(double q) const;

  std::uint64_t count() const { return count_; }
  double min() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : min_; }
  double max() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : max_; }
  double relative_accuracy() const { return relative_accuracy_; }
  std::size_t max_buckets() const { return max_buckets_; }
  // Counters allocated, both signs together: the memory in use is 8 bytes each.
  // Always <= 2 × max_buckets(), and <= max_buckets() when all values have one sign.
  std::size_t bucket_count() const { return positive_.allocated() + negative_.allocated(); }
  // True once some values had to be merged into a bucket that is not their own.
  bool collapsed() const { return positive_.collapsed() || negative_.collapsed(); }

 private:
  // Counts per integer key over a contiguous window of at most max_buckets keys.
  // Keys are in value order for both signs (a negative x has key −Key(|x|)), so
  // "collapse the lowest keys" is the collapse rule on both sides.
  class Store {
   public:
    explicit Store(std::size_t max_buckets) : max_buckets_(max_buckets) {}

    void Add(std::int64_t key) {
      if (key >= min_key_ && key <= max_key_) {
        ++bins_[static_cast<std::size_t>(key - offset_)];
        ++count_;
      } else {
        AddSlow(key, 1);
      }
    }
    void Merge(const Store& other);

    std::uint64_t count() const { return count_; }
    bool collapsed() const { return collapsed_; }
    std::size_t allocated() const { return bins_.size(); }
    // Nonempty keys lie in [min_key(), max_key()]; meaningful only if count() > 0.
    std::int64_t min_key() const { return min_key_; }
    std::int64_t max_key() const { return max_key_; }
    // REQUIRES: min_key() <= key <= max_key().
    std::uint64_t at(std::int64_t key) const {
      return bins_[static_cast<std::size_t>(key - offset_)];
    }

   private:
    void AddSlow(std::int64_t key, std::uint64_t n);
    // Makes [lo, hi] the key range in use: folds the counts below lo into bucket lo
    // (a collapse), then slides or reallocates the storage to cover [lo, hi].
    // Afterwards min_key_ == lo and max_key_ == hi. REQUIRES: lo <= hi,
    // hi - lo < max_buckets_, and if nonempty hi >= max_key_.
    void Cover(std::int64_t lo, std::int64_t hi);

    std::size_t max_buckets_;
    std::vector<std::uint64_t> bins_;  // bins_[k - offset_] counts key k; zero outside [min,max]
    std::int64_t offset_ = 0;
    std::int64_t min_key_ = 1;  // empty: min_key_ > max_key_, so Add() takes the slow path
    std::int64_t max_key_ = 0;
    std::uint64_t count_ = 0;
    bool collapsed_ = false;
  };

  // ceil(log(x) / log(gamma)) for finite x > 0.
  std::int64_t Key(double x) const {
    const double y = std::log(x) * inverse_log_gamma_;
    auto k = static_cast<std::int64_t>(y);  // truncation; |y| < 2^63 for any double x
    return k + (static_cast<double>(k) < y ? 1 : 0);
  }
  // The representative of positive key k: 2·gamma^k/(gamma+1).
  double Representative(std::int64_t key) const;

  double relative_accuracy_;
  std::size_t max_buckets_;
  double log_gamma_;
  double inverse_log_gamma_;
  double log_representative_factor_;  // log(2/(gamma+1))
  Store positive_;
  Store negative_;
  std::uint64_t zero_count_ = 0;
  std::uint64_t count_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_QUANTILE_SKETCH_H_
