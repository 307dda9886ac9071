#pragma once
// Small read-side helpers for coalesce result files (layout: docs/OUTPUT.md). Used by the
// tests, by determinism checks that compare two runs, and by the CLI.
//
// All functions throw InputError (one line naming the file) when the file is missing, not
// HDF5, or lacks the requested object, and RuntimeError when HDF5 fails while reading.
// They are safe to call from several threads (HDF5 access is serialised inside the layer).
#include <H5public.h>  // hsize_t

#include <filesystem>
#include <string>
#include <vector>

namespace coalesce {

// Reads a numeric dataset (e.g. "/timeseries/infected") converted to float64, row-major.
// When `shape` is not null it receives the dataset's dimensions.
std::vector<double> read_dataset_f64(const std::filesystem::path& path,
                                     const std::string& dataset_name,
                                     std::vector<hsize_t>* shape = nullptr);

// Reads the string attribute `name` of `object` ("/" for the root group, or a dataset path).
std::string read_string_attribute(const std::filesystem::path& path, const std::string& object,
                                  const std::string& name);

// Compares /time and every dataset under /timeseries, /communities and /histograms of two
// result files bit for bit (float64 bit patterns, so -0.0 != 0.0 and equal NaNs match).
// Attributes (creation time, ...) are not compared. Returns true when identical; otherwise
// false and, when `first_difference` is not null, a one-line description of the first
// difference in the order /time, /timeseries, /communities, /histograms (names sorted).
bool datasets_identical(const std::filesystem::path& path_a, const std::filesystem::path& path_b,
                        std::string* first_difference = nullptr);

}  // namespace coalesce
