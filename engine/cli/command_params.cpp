#include <iostream>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "params/param_sources.hpp"
#include "sim/run_config.hpp"

namespace coalesce {
namespace po = boost::program_options;

namespace {

// Prints the keys that start with `prefix` (or, when `exclude` is true, all others).
void print_schema(std::ostream& out, const ParamSchema& schema, const std::string& prefix,
                  bool exclude = false) {
  for (const auto& s : schema.specs()) {
    if ((s.key.rfind(prefix, 0) == 0) == exclude) continue;
    out << fmt::format("{}\n    {}\n    default: {}{}   allowed: {}\n", s.key, s.description,
                       s.format(s.default_value), s.unit.empty() ? "" : " " + s.unit, s.allowed());
    if (!s.source.empty()) out << "    source: " << s.source << '\n';
    if (s.restart_safe) out << "    may change on restart\n";
  }
}

// --sources: each of the model's keys with the kind and text of its source, then the counts.
void print_sources(std::ostream& out, const ParamSchema& schema) {
  std::vector<const ParamSpec*> model_keys;
  for (const auto& s : schema.specs()) {
    if (s.key.rfind("run.", 0) == 0) continue;
    model_keys.push_back(&s);
    out << fmt::format("{}  [{}]  {}\n", s.key, source_kind_name(source_kind(s.source)),
                       s.source.empty() ? "(no source stated)" : s.source);
  }
  out << format_source_counts(count_sources(model_keys)) << '\n';
}

}  // namespace

int command_params(const std::vector<std::string>& args, const ModelRegistry& registry) {
  po::options_description desc(
      "coalesce params [--model NAME] [--sources]\n\nLists every parameter with its default, "
      "unit, allowed range, meaning and source.\n\noptions");
  desc.add_options()("help,h", "show this help")(
      "model,m", po::value<std::string>(), "only this model's parameters (and the [run] keys)")(
      "sources",
      "each model parameter's source (sourced, calibrated, none, setting), then a "
      "count of each kind");
  const auto parsed = parse_command(args, desc);
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  const auto names = registry.names();
  std::vector<std::string> selected = names;
  if (vm.count("model")) {
    const std::string name = vm["model"].as<std::string>();
    if (registry.find(name) == nullptr)
      throw InputError(fmt::format("--model '{}': not a known model; allowed: {}", name,
                                   fmt::join(names, ", ")));
    selected = {name};
  }
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const ModelDefinition& model = *registry.find(selected[i]);
    ParamSchema schema;
    declare_run_parameters(schema, names, model.name(), model.default_steps());
    model.declare(schema);
    if (vm.count("sources")) {
      std::cout << fmt::format("{}[{}] sources\n", i == 0 ? "" : "\n", model.name());
      print_sources(std::cout, schema);
      continue;
    }
    if (i == 0) {
      std::cout << "[run] engine keys\n";
      print_schema(std::cout, schema, "run.");
    }
    std::cout << fmt::format("\n[{}] {}\n", model.name(), model.description());
    // A model's keys may span several sections ([trust], [obesity], ...): all but [run].
    print_schema(std::cout, schema, "run.", /*exclude=*/true);
  }
  return 0;
}

}  // namespace coalesce
