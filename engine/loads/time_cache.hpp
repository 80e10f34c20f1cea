// A per-time cache for loads whose evaluation needs a setup per time t (a moving, normalised footprint),
// safe for the assembler's threads to read at once: readers only load shared memory (a sequence lock).
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <limits>
#include <mutex>
#include <type_traits>

namespace piriform {

// Value: a trivially copyable aggregate of doubles. get(t, compute) returns the value stored for exactly
// t, or computes it (once, under a lock, so concurrent callers wait instead of repeating the work) and
// stores it in one of a few slots, round robin. compute must be a pure function of t so that every
// thread sees the same numbers whichever thread computed them.
//
// Slots are sequence locks in a form Boehm (2012, "Can seqlocks get along with programming language
// memory models?", MSPC) shows to be race-free in C++: an odd sequence number marks a slot being written;
// the writer stores the data with release, a reader loads it with acquire (plain moves on x86) and keeps
// its copy only if the sequence number was even and has not changed since.
template <class Value>
class TimeCache {
  static_assert(std::is_trivially_copyable_v<Value> && sizeof(Value) % sizeof(double) == 0);
  static constexpr std::size_t words = sizeof(Value) / sizeof(double);
  using Words = std::array<double, words>;

 public:
  TimeCache() = default;
  TimeCache(const TimeCache&) = delete;
  TimeCache& operator=(const TimeCache&) = delete;

  template <class Compute>
  Value get(double t, Compute&& compute) const {
    Value out;
    for (const Slot& s : slots_)
      if (read(s, t, out)) return out;
    std::lock_guard lock(mutex_);
    for (const Slot& s : slots_)
      if (read(s, t, out)) return out;
    out = compute(t);
    write(slots_[next_], t, out);
    next_ = (next_ + 1) % num_slots;
    return out;
  }

 private:
  // Four: a Newton solve alternates between at most two times (the step's start and end), and a
  // caller sampling a few neighbouring times (step_times, output) keeps its hits.
  static constexpr int num_slots = 4;
  struct Slot {
    std::atomic<std::uint64_t> seq{0};
    std::atomic<double> t{std::numeric_limits<double>::quiet_NaN()};
    std::array<std::atomic<double>, words> data{};
  };

  static bool read(const Slot& s, double t, Value& out) {
    const std::uint64_t before = s.seq.load(std::memory_order_acquire);
    if (before & 1u) return false;
    if (s.t.load(std::memory_order_acquire) != t) return false;
    Words w;
    for (std::size_t i = 0; i < words; ++i) w[i] = s.data[i].load(std::memory_order_acquire);
    // The acquire loads above keep this one after them: a write that began meanwhile shows here.
    if (s.seq.load(std::memory_order_relaxed) != before) return false;
    out = std::bit_cast<Value>(w);
    return true;
  }

  // The release stores make the odd sequence number visible before any of the new data.
  static void write(Slot& s, double t, const Value& value) {
    const std::uint64_t seq = s.seq.load(std::memory_order_relaxed);
    s.seq.store(seq + 1, std::memory_order_relaxed);
    const Words w = std::bit_cast<Words>(value);
    s.t.store(t, std::memory_order_release);
    for (std::size_t i = 0; i < words; ++i) s.data[i].store(w[i], std::memory_order_release);
    s.seq.store(seq + 2, std::memory_order_release);
  }

  mutable std::array<Slot, num_slots> slots_{};
  mutable std::mutex mutex_;
  mutable int next_ = 0;
};

}  // namespace piriform
