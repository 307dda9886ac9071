#pragma once
// Shared by the io tests: a small header and series with known values, and a fixture with
// a scratch folder.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "io/result_reader.hpp"
#include "io/result_writer.hpp"

namespace coalesce::io_test {

namespace fs = std::filesystem;

// 2 replicates, 3 steps, 2 communities: a per-community sum, a global mean and a histogram.
inline ResultHeader small_header() {
  ResultHeader header;
  header.model = "test-model";
  header.engine_version = "0.1.0-test";
  header.git_commit = "abc123def456";
  header.seed = 42;
  header.config_text = "[run]\nmodel = test-model\nsteps = 3\nreplicates = 2\n";
  header.replicates = 2;
  header.steps = 3;
  header.communities = 2;
  header.time_units = "day";
  header.time = {0.0, 0.5, 1.0, 1.5};
  MetricInfo infected;
  infected.name = "infected";
  infected.units = "agents";
  infected.description = "number of infected agents";
  infected.reduction = Reduction::Sum;
  infected.per_community = true;
  MetricInfo age;
  age.name = "mean_age";
  age.units = "years";
  age.description = "mean age";
  age.reduction = Reduction::Mean;
  MetricInfo degree;
  degree.name = "degree";
  degree.units = "contacts";
  degree.description = "contacts per agent";
  degree.reduction = Reduction::Histogram;
  degree.bins = 4;
  degree.lo = 0.0;
  degree.hi = 8.0;
  header.metrics = {infected, age, degree};
  return header;
}

// A distinct, exactly representable value for every (replicate, metric, time, k).
inline double value(std::uint64_t r, std::size_t m, std::size_t t, std::size_t k) {
  return 1000.0 * static_cast<double>(r) + 100.0 * static_cast<double>(m) +
         10.0 * static_cast<double>(t) + static_cast<double>(k) + 0.25;
}

inline ReplicateSeries series_for(const ResultHeader& header, std::uint64_t r) {
  const std::size_t time_points = header.steps + 1;
  ReplicateSeries series;
  series.global.resize(header.metrics.size());
  series.community.resize(header.metrics.size());
  series.histogram.resize(header.metrics.size());
  for (std::size_t m = 0; m < header.metrics.size(); ++m) {
    const MetricInfo& metric = header.metrics[m];
    if (metric.reduction == Reduction::Histogram) {
      for (std::size_t t = 0; t < time_points; ++t) {
        for (std::size_t b = 0; b < metric.bins; ++b) {
          series.histogram[m].push_back(value(r, m, t, b));
        }
      }
    } else {
      for (std::size_t t = 0; t < time_points; ++t) {
        series.global[m].push_back(value(r, m, t, 0));
      }
    }
    if (metric.per_community) {
      for (std::size_t t = 0; t < time_points; ++t) {
        for (std::size_t c = 0; c < header.communities; ++c) {
          series.community[m].push_back(value(r, m, t, 1 + c));
        }
      }
    }
  }
  return series;
}

inline void write_file(const fs::path& target, const ResultHeader& header) {
  auto writer = open_hdf5_result_writer(target, header);
  for (std::uint64_t r = 0; r < header.replicates; ++r) {
    writer->write_replicate(r, series_for(header, r));
  }
  writer->commit();
}

// "YYYY-MM-DDThh:mm:ssZ" (std::regex avoided: GCC 12 warns inside <regex> under sanitizers).
inline bool is_iso8601_utc(const std::string& text) {
  const std::string pattern = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != pattern.size()) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (pattern[i] == 'd' ? !digit : text[i] != pattern[i]) {
      return false;
    }
  }
  return true;
}

inline std::string quoted(const std::string& text) { return "'" + text + "'"; }

inline int run_command(const std::string& command) {
  const int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status)) {
    return -1;
  }
  return WEXITSTATUS(status);
}

class IoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / (std::string("coalesce-io-") + info->test_suite_name() +
                                        "-" + info->name() + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  // Entries of `folder` that look like a temporary file of `target`.
  static std::vector<std::string> temp_files(const fs::path& target) {
    std::vector<std::string> found;
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    for (const auto& entry : fs::directory_iterator(target.parent_path())) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(prefix, 0) == 0) {
        found.push_back(name);
      }
    }
    return found;
  }

  template <class Error, class Function>
  static std::string error_message(Function&& function) {
    try {
      function();
    } catch (const Error& error) {
      return error.what();
    } catch (const std::exception& error) {
      ADD_FAILURE() << "unexpected exception type: " << error.what();
      return {};
    }
    ADD_FAILURE() << "no exception thrown";
    return {};
  }

  fs::path dir_;
};

using Hdf5Writer = IoTest;
using ResultReader = IoTest;
using ResultSummary = IoTest;
using Hdf5Layout = IoTest;

inline std::vector<double> expected_global(const ResultHeader& header, std::size_t m) {
  std::vector<double> out;
  for (std::uint64_t r = 0; r < header.replicates; ++r) {
    for (std::size_t t = 0; t <= header.steps; ++t) {
      out.push_back(value(r, m, t, 0));
    }
  }
  return out;
}

}  // namespace coalesce::io_test
