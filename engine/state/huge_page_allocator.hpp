#pragma once
// An allocator for large arrays read at random (e.g. a million agents' records, 32 MB):
// with 4 KiB pages most such reads would also miss the TLB, so storage of 2 MiB or more is
// 2 MiB-aligned and, on Linux, marked for transparent huge pages before it is first touched.
// Elsewhere (or if the kernel declines) it is ordinary memory. Smaller arrays are not
// rounded up to a whole page.
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace coalesce {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>& /*other*/) {
  }  // NOLINT: rebinding converts implicitly
  T* allocate(std::size_t n);
  void deallocate(T* p, std::size_t /*n*/) { std::free(p); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>& /*other*/) const {
    return true;
  }
};

template <typename T>
T* HugePageAllocator<T>::allocate(std::size_t n) {
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  if (n > std::numeric_limits<std::size_t>::max() / sizeof(T) - kHugePage)
    throw std::bad_array_new_length();
  std::size_t bytes = n * sizeof(T);
  const bool huge = bytes >= kHugePage;
  std::size_t align = alignof(T) < sizeof(void*) ? sizeof(void*) : alignof(T);
  if (huge) align = kHugePage;
  bytes = (bytes + align - 1) / align * align;  // aligned_alloc wants a multiple of align
  void* p = std::aligned_alloc(align, bytes);
  if (p == nullptr) throw std::bad_alloc();
#ifdef __linux__
  if (huge) madvise(p, bytes, MADV_HUGEPAGE);  // a hint: if refused, ordinary pages
#endif
  return static_cast<T*>(p);
}

}  // namespace coalesce
