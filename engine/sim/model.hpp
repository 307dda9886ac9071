#pragma once
// The contract between a model and the engine. A model describes itself (name, parameters
// and their checks) and, given resolved parameters, builds a World: tables, columns,
// networks, phases and observables. It never runs itself: the engine schedules, reduces
// and records.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "params/param_schema.hpp"
#include "sim/world.hpp"

namespace coalesce {

// What one replicate's world holds at its peak, as the model declares it from its
// parameters alone (before anything is built), for the estimates of sim/estimates.hpp:
// agents x bytes per agent (every column, buffers included) + edges x bytes per edge (every
// network, with what building it needs at its peak). Zeros: the model declares nothing.
struct Footprint {
  std::uint64_t agents = 0;
  std::uint64_t bytes_per_agent = 0;
  std::uint64_t edges = 0;
  std::uint64_t bytes_per_edge = 0;
};

class ModelDefinition {
 public:
  virtual ~ModelDefinition() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual std::string description() const = 0;
  [[nodiscard]] virtual std::string time_units() const { return "step"; }
  [[nodiscard]] virtual std::uint64_t default_steps() const { return 100; }
  // Declares the model's own parameters, keyed "<model name>.<parameter>".
  virtual void declare(ParamSchema& schema) const = 0;
  // Fills values that follow from input files for keys the user did not give (`given`:
  // the keys set by the configuration, --set or flags), before validate(): e.g. the
  // population a table of real areas stands for. Default: nothing.
  virtual void derive(ParamValues& /*values*/, const std::vector<std::string>& /*given*/) const {}
  // Checks that involve several parameters at once; throws InputError naming the keys.
  virtual void validate(const ParamValues& /*values*/) const {}
  // The memory one replicate will need; checked before build() against the machine.
  [[nodiscard]] virtual Footprint footprint(const ParamValues& /*values*/) const { return {}; }
  // Builds the initial state of one replicate. Random draws use world.key().
  virtual void build(World& world, const ParamValues& values) const = 0;
  // The files and folders a run with `values` reads, checksummed into the result's
  // provenance. Default: the value of every text parameter (they name data files and
  // folders); a model whose data has a built-in default location adds it here.
  [[nodiscard]] virtual std::vector<std::filesystem::path> input_paths(
      const ParamValues& values) const;
};

// The models a program knows. Owned by the program (main), never global.
class ModelRegistry {
 public:
  void add(std::unique_ptr<ModelDefinition> model);
  [[nodiscard]] const ModelDefinition* find(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::vector<std::unique_ptr<ModelDefinition>> models_;
};

}  // namespace coalesce
