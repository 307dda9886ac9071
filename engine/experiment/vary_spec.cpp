#include "experiment/vary_spec.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/error.hpp"
#include "sim/run_config.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

constexpr const char* kAllowed =
    "allowed: --vary section.key=lo:hi:n, e.g. --vary sir.infection_prob=0.05:0.2:4 "
    "(n >= 2 evenly spaced values, lo < hi)";

double parse_end(const std::string& vary, const std::string& text) {
  char* end = nullptr;
  const double v = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    throw InputError(fmt::format("--vary '{}': '{}' is not a number; {}", vary, text, kAllowed));
  return v;
}

ParamRange parse_vary(const std::string& vary, const ParamSchema& schema) {
  const auto eq = vary.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(fmt::format("--vary '{}': no 'KEY='; {}", vary, kAllowed));
  ParamRange r;
  r.key = vary.substr(0, eq);
  const std::string spec = vary.substr(eq + 1);
  const auto c1 = spec.find(':');
  const auto c2 = c1 == std::string::npos ? std::string::npos : spec.find(':', c1 + 1);
  if (c2 == std::string::npos || spec.find(':', c2 + 1) != std::string::npos)
    throw InputError(fmt::format("--vary '{}': not lo:hi:n; {}", vary, kAllowed));
  r.lo = parse_end(vary, spec.substr(0, c1));
  r.hi = parse_end(vary, spec.substr(c1 + 1, c2 - c1 - 1));
  const std::string n = spec.substr(c2 + 1);
  auto [ptr, ec] = std::from_chars(n.data(), n.data() + n.size(), r.levels);
  if (n.empty() || ec != std::errc{} || ptr != n.data() + n.size() || r.levels < 2 ||
      r.levels > 10000)
    throw InputError(fmt::format("--vary '{}': '{}' is not a value count; {}", vary, n, kAllowed));
  if (!(r.lo < r.hi))
    throw InputError(fmt::format("--vary '{}': lo is not below hi; {}", vary, kAllowed));
  const ParamSpec* p = schema.find(r.key);
  if (p == nullptr)
    throw InputError(
        fmt::format("--vary '{}': '{}' is not a parameter of this scenario's model; allowed: a "
                    "key listed by 'coalesce params'",
                    vary, r.key));
  if (p->type != ParamType::Int && p->type != ParamType::Real)
    throw InputError(
        fmt::format("--vary '{}': '{}' is not a number parameter; allowed: integer or real "
                    "parameters (use arms in an experiment file for others)",
                    vary, r.key));
  if (r.lo < p->min || r.hi > p->max)
    throw InputError(fmt::format("--vary '{}': outside the range of '{}'; allowed: {}", vary, r.key,
                                 p->allowed()));
  r.integer = p->type == ParamType::Int;
  return r;
}

}  // namespace

ExperimentSpec vary_experiment(const ModelRegistry& registry, const fs::path& config,
                               const std::vector<std::string>& varies) {
  RunOverrides base;
  base.config = config;
  const RunConfig resolved = resolve_run_config(registry, base);  // checks the scenario first
  ExperimentSpec spec;
  spec.file = config;
  spec.base = config;
  spec.text = fmt::format(
      "# The sweep of: coalesce experiment --config {} --vary ...\n[experiment]\nbase = {}\n",
      config.string(), fs::absolute(config).lexically_normal().string());
  if (varies.empty()) {
    spec.arms.push_back({"base", std::nullopt, {}});
    spec.baseline = "base";
    return spec;
  }
  DesignSpec design;
  design.kind = DesignKind::Grid;
  spec.text += "\n[design]\nkind = grid\n";
  for (const std::string& vary : varies) {
    const ParamRange r = parse_vary(vary, *resolved.schema);
    for (const ParamRange& other : design.ranges)
      if (other.key == r.key)
        throw InputError(
            fmt::format("--vary '{}': '{}' is varied twice; allowed: once", vary, r.key));
    spec.text += fmt::format("param.{} = {} {} {}{}\n", r.key, r.lo, r.hi, r.levels,
                             r.integer ? " integer" : "");
    design.ranges.push_back(r);
  }
  design.samples = 1;
  spec.design = design;
  return spec;
}

}  // namespace coalesce
