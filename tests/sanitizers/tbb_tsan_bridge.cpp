// ThreadSanitizer support for Debian's libtbb, which is not built with -fsanitize=thread.
//
// TBB hands work between threads through atomics inside libtbb.so that ThreadSanitizer
// cannot see, so without help every task that reads data written before a parallel_for
// (or that the caller reads after it) would be reported as a race. This library tells
// ThreadSanitizer about exactly those hand-offs and nothing else:
//
// 1. TBB's Instrumentation and Tracing Technology (ITT) notifications. With
//    TBB_USE_PROFILING_TOOLS=2 (set for the tsan build in the top-level CMakeLists.txt) the
//    TBB headers, and libtbb itself, announce "releasing" an object before handing it to
//    another thread (spawning a task, finishing a child, leaving a wait) and "acquired"
//    after taking it over (stealing a task, returning from a wait). libtbb loads the
//    library named by INTEL_LIBITTNOTIFY64 and, for the groups named in
//    INTEL_ITTNOTIFY_GROUPS (here: sync), calls its __itt_sync_* functions; this file is
//    that library, and maps them one to one onto __tsan_release / __tsan_acquire.
// 2. TBB's small-object pool, which recycles task objects between threads through a free
//    list inside libtbb.so. Interposing its allocate/deallocate (this library is
//    LD_PRELOADed) adds the edge "freed, then allocated again" that any allocator implies.
//
// Both only add happens-before edges that TBB really provides; races between tasks that
// run concurrently are still reported. scripts/sanitize.sh (and the tsan test preset)
// set LD_PRELOAD, INTEL_LIBITTNOTIFY64 and INTEL_ITTNOTIFY_GROUPS. The library is not
// itself instrumented, and uses the ThreadSanitizer entry points only when they exist, so
// processes the tests start that are not sanitized (python3, h5dump) are unaffected.
#include <dlfcn.h>

#include <cstddef>

extern "C" {
void __tsan_acquire(void* addr) __attribute__((weak));
void __tsan_release(void* addr) __attribute__((weak));
}

namespace {
void tsan_acquire(void* p) {
  if (__tsan_acquire != nullptr && p != nullptr) __tsan_acquire(p);
}
void tsan_release(void* p) {
  if (__tsan_release != nullptr && p != nullptr) __tsan_release(p);
}
template <typename F>
F next_definition(const char* mangled) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, mangled));
}
}  // namespace

// ITT collector interface (the "dynamic part" libtbb loads). __itt_api_version marks the
// library as a version-1 collector, whose functions libtbb looks up by name.
extern "C" {
__attribute__((visibility("default"))) const char* __itt_api_version() {
  return "coalesce tbb-tsan bridge";
}
__attribute__((visibility("default"))) void __itt_sync_releasing(void* addr) { tsan_release(addr); }
__attribute__((visibility("default"))) void __itt_sync_acquired(void* addr) { tsan_acquire(addr); }
}

// libtbb's small-object pool (oneapi/tbb/detail/_small_object_pool.h), called from the
// inline TBB code compiled into our (instrumented) binaries.
namespace tbb::detail {
namespace d1 {
class small_object_pool;
struct execution_data;
}  // namespace d1
namespace r1 {

__attribute__((visibility("default"))) void* allocate(d1::small_object_pool*& pool,
                                                      std::size_t bytes,
                                                      const d1::execution_data& ed) {
  using Fn = void* (*)(d1::small_object_pool*&, std::size_t, const d1::execution_data&);
  static const Fn real = next_definition<Fn>(
      "_ZN3tbb6detail2r18allocateERPNS0_2d117small_object_poolEmRKNS2_14execution_dataE");
  void* p = real(pool, bytes, ed);
  tsan_acquire(p);
  return p;
}

__attribute__((visibility("default"))) void* allocate(d1::small_object_pool*& pool,
                                                      std::size_t bytes) {
  using Fn = void* (*)(d1::small_object_pool*&, std::size_t);
  static const Fn real =
      next_definition<Fn>("_ZN3tbb6detail2r18allocateERPNS0_2d117small_object_poolEm");
  void* p = real(pool, bytes);
  tsan_acquire(p);
  return p;
}

__attribute__((visibility("default"))) void deallocate(d1::small_object_pool& pool, void* p,
                                                       std::size_t bytes,
                                                       const d1::execution_data& ed) {
  using Fn = void (*)(d1::small_object_pool&, void*, std::size_t, const d1::execution_data&);
  static const Fn real = next_definition<Fn>(
      "_ZN3tbb6detail2r110deallocateERNS0_2d117small_object_poolEPvmRKNS2_14execution_dataE");
  tsan_release(p);
  real(pool, p, bytes, ed);
}

__attribute__((visibility("default"))) void deallocate(d1::small_object_pool& pool, void* p,
                                                       std::size_t bytes) {
  using Fn = void (*)(d1::small_object_pool&, void*, std::size_t);
  static const Fn real =
      next_definition<Fn>("_ZN3tbb6detail2r110deallocateERNS0_2d117small_object_poolEPvm");
  tsan_release(p);
  real(pool, p, bytes);
}

}  // namespace r1
}  // namespace tbb::detail
