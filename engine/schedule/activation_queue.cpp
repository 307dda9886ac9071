#include "schedule/activation_queue.hpp"

#include <algorithm>
#include <bit>

namespace coalesce {

namespace {
// Priorities are computed this many at a time (RandomStream::first_words), so the scratch
// stays small whatever the number of active agents.
constexpr std::size_t kBatch = 1024;
}  // namespace

std::uint64_t ActivationQueue::priority_word(const StepContext& ctx, std::uint64_t stream,
                                             GlobalId id, int word) {
  RandomStream rng = ctx.stream(stream, id);
  std::uint64_t w = rng.next_u64();
  for (int k = 0; k < word; ++k) w = rng.next_u64();
  return w;
}

bool ActivationQueue::tie_before(LocalIndex a, LocalIndex b) const {
  if (a == b) return false;
  for (int word = 0; word < 2; ++word) {
    const std::uint64_t wa = priority_word(ctx_, stream_, first_id_ + a, word);
    const std::uint64_t wb = priority_word(ctx_, stream_, first_id_ + b, word);
    if (wa != wb) return wa < wb;
  }
  return a < b;
}

namespace {
// Resizes a buffer reused from step to step with 1/8 slack when it must grow, instead of
// the doubling a plain resize may do: the buffers follow the active count, which grows by
// a fraction per step, and peak memory matters at 10^6+ agents.
template <typename T>
void resize_lean(std::vector<T>& v, std::size_t n) {
  if (n > v.capacity()) v.reserve(n + n / 8);
  v.resize(n);
}
}  // namespace

void ActivationQueue::begin(const StepContext& ctx, std::uint64_t stream, GlobalId first_id,
                            std::span<const LocalIndex> active) {
  ctx_ = ctx;
  stream_ = stream;
  first_id_ = first_id;
  pos_ = 0;
  position_ = kLate;
  visited_ = 0;
  current_ = {0, kNone};
  late_.clear();

  resize_lean(scratch_, active.size());
  id_batch_.resize(std::min(active.size(), kBatch));
  word_batch_.resize(id_batch_.size());
  for (std::size_t start = 0; start < active.size(); start += kBatch) {
    const std::size_t count = std::min(kBatch, active.size() - start);
    for (std::size_t k = 0; k < count; ++k) id_batch_[k] = first_id + active[start + k];
    RandomStream::first_words(ctx.key, stream, ctx.step, id_batch_.data(), count,
                              word_batch_.data());
    for (std::size_t k = 0; k < count; ++k)
      scratch_[start + k] = {static_cast<std::uint32_t>(word_batch_[k][0] >> 32),
                             active[start + k]};
  }
  sort_entries();
}

void ActivationQueue::sort_entries() {
  const std::size_t m = scratch_.size();
  resize_lean(sorted_, m);
  if (m == 0) return;
  // Counting sort by the top `bits` bits into ~m buckets: the priorities are uniform, so
  // a bucket holds one entry on average and the insertion sort below moves each entry
  // only within its bucket — expected linear time.
  const int bits = std::min(32, static_cast<int>(std::bit_width(m - 1)));  // 2^bits >= m
  const std::size_t buckets = std::size_t{1} << bits;
  auto bucket_of = [bits](std::uint32_t high) {
    return bits == 0 ? std::size_t{0} : static_cast<std::size_t>(high >> (32 - bits));
  };
  bucket_start_.assign(buckets + 1, 0);
  for (const Entry& e : scratch_) ++bucket_start_[bucket_of(e.priority_high) + 1];
  for (std::size_t b = 0; b < buckets; ++b) bucket_start_[b + 1] += bucket_start_[b];
  for (const Entry& e : scratch_) sorted_[bucket_start_[bucket_of(e.priority_high)]++] = e;
  for (std::size_t k = 1; k < m; ++k) {
    const Entry e = sorted_[k];
    std::size_t j = k;
    for (; j > 0 && before(e, sorted_[j - 1]); --j) sorted_[j] = sorted_[j - 1];
    sorted_[j] = e;
  }
}

}  // namespace coalesce
