#pragma once
// Internal to the io layer: RAII ownership of HDF5 identifiers and the guard every io entry
// point holds while it talks to HDF5.
//
//  * H5Handle<Close> owns one hid_t and closes it exactly once (move-only, no leaks).
//  * H5Session serialises all HDF5 use of this layer behind one process-wide mutex (the
//    library may be built without thread safety, and the writer is fed from worker threads)
//    and silences HDF5's automatic error-stack printing for the duration, restoring the
//    caller's setting afterwards, so users only ever see our one-line messages.
#include <hdf5.h>

#include <mutex>
#include <utility>

namespace coalesce::io::detail {

template <herr_t (*Close)(hid_t)>
class H5Handle {
 public:
  H5Handle() noexcept = default;
  explicit H5Handle(hid_t id) noexcept : id_(id) {}
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  H5Handle(H5Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  H5Handle& operator=(H5Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~H5Handle() { reset(); }

  [[nodiscard]] hid_t get() const noexcept { return id_; }
  [[nodiscard]] bool valid() const noexcept { return id_ >= 0; }
  explicit operator bool() const noexcept { return valid(); }

  // Closes the identifier (if any); errors are ignored. Use close() where they matter.
  void reset() noexcept {
    if (id_ >= 0) {
      (void)Close(id_);
    }
    id_ = H5I_INVALID_HID;
  }
  // Closes the identifier and reports whether HDF5 succeeded (true when nothing was held).
  [[nodiscard]] bool close() noexcept {
    if (id_ < 0) {
      return true;
    }
    const herr_t status = Close(std::exchange(id_, H5I_INVALID_HID));
    return status >= 0;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using H5File = H5Handle<&H5Fclose>;
using H5Group = H5Handle<&H5Gclose>;
using H5Dataset = H5Handle<&H5Dclose>;
using H5Dataspace = H5Handle<&H5Sclose>;
using H5Datatype = H5Handle<&H5Tclose>;
using H5Attribute = H5Handle<&H5Aclose>;
using H5PropList = H5Handle<&H5Pclose>;
using H5Object = H5Handle<&H5Oclose>;

// The one mutex behind which this layer calls HDF5 (recursive: entry points may nest).
std::recursive_mutex& hdf5_mutex();

class H5Session {
 public:
  H5Session() : lock_(hdf5_mutex()) {
    if (H5Eget_auto2(H5E_DEFAULT, &saved_func_, &saved_data_) < 0) {
      saved_func_ = nullptr;
      saved_data_ = nullptr;
    }
    (void)H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  H5Session(const H5Session&) = delete;
  H5Session& operator=(const H5Session&) = delete;
  H5Session(H5Session&&) = delete;
  H5Session& operator=(H5Session&&) = delete;
  ~H5Session() {
    (void)H5Eclear2(H5E_DEFAULT);
    (void)H5Eset_auto2(H5E_DEFAULT, saved_func_, saved_data_);
  }

 private:
  std::unique_lock<std::recursive_mutex> lock_;
  H5E_auto2_t saved_func_ = nullptr;
  void* saved_data_ = nullptr;
};

}  // namespace coalesce::io::detail
