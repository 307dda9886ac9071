#include "coalition_model.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "coalitions/coalition_params.hpp"
#include "core/error.hpp"
#include "demography/demography.hpp"
#include "demography/demography_params.hpp"
#include "issues/care/care.hpp"
#include "issues/care/care_params.hpp"
#include "issues/climate.hpp"
#include "issues/crime/crime.hpp"
#include "issues/crime/crime_params.hpp"
#include "issues/obesity.hpp"
#include "model_build.hpp"
#include "model_state.hpp"
#include "organisations/commissioning_params.hpp"
#include "network/generators.hpp"
#include "state/split_evenly.hpp"
#include "places/area_start.hpp"
#include "places/places.hpp"
#include "vocabulary/population_params.hpp"
#include "vocabulary/streams.hpp"

namespace coalesce::coalition {

namespace {

void declare_population(ParamSchema& s) {
  declare_population_size(s);
  declare_places(s);
  s.add_int("population.communities", 20, 1, 100000, "communities",
            "local areas, each with its own local authority, NGOs and businesses (set by "
            "population.areas when a table of real areas is given)")
      .source =
      "setting: spatial resolution of the synthetic population (a table of real "
      "areas, population.areas, sets it); sweep it";
  s.add_text("population.data_folder", "",
             "folder of the population CSV files; empty: the data/coalition folder shipped "
             "with coalesce")
      .source =
      "setting: folder path; each shipped data/coalition/*.csv file carries its source line";
  s.add_real("population.deprivation_clustering", 0.7, 0.0, 1.0, "weight",
             "how much a citizen's deprivation quintile follows its community's rank "
             "(0: independent of community, 1: fully set by it)")
      .source =
      "none: deprivation is spatially clustered in England (IMD); strength is a "
      "choice; sweep it";
  s.add_real("network.friends_mean_degree", 10.0, 0.0, 150.0, "ties per citizen",
             "mean number of friendship ties")
      .source =
      "Hill & Dunbar 2003; MacCarron et al. 2016: nested layers ~5/15/50/150; 10 "
      "sits between the support (5) and sympathy (15) layers";
  s.add_real("network.homophily", 0.85, 0.0, 1.0, "share",
             "expected share of a citizen's ties inside its own community")
      .source =
      "none: choose by sweep; McPherson et al. 2001 establish homophily (strongest "
      "by place and ethnicity) but give no share of ties within a community";
  s.add_bool("mechanisms.relational_capital", true,
             "relational capital accounting: network metrics of the organisation layer "
             "(density, clustering, centralisation, government's betweenness) and the "
             "relational capital index")
      .source =
      "setting: mechanism switch; Mulgan 2010 (the seed), point v: government taking its own pulse "
      "with social "
      "network analysis";
  // Model-wide switches (read once into ModelState::switches), declared here only.
  s.add_bool("mechanisms.social_influence", true,
             "friends' concern, habits and BMI influence each citizen (bounded-confidence "
             "concern, network contagion of behaviours, norm pull on BMI); off: no peer "
             "influence on concern or BMI, and behaviours spread well mixed within the "
             "community (Bass)")
      .source = "setting: mechanism switch (ODD.md)";
}

}  // namespace

void CoalitionModel::declare(ParamSchema& schema) const {
  declare_population(schema);
  for (const auto& module : make_issue_modules()) module->declare(schema);
  declare_relational(schema);
  declare_commissioning(schema);
  declare_coalitions(schema);
  declare_demography(schema);
  declare_crime(schema);
  declare_care(schema);
}

void CoalitionModel::derive(ParamValues& values, const std::vector<std::string>& given) const {
  derive_places(values, given);
}

std::vector<std::filesystem::path> CoalitionModel::input_paths(const ParamValues& v) const {
  std::vector<std::filesystem::path> paths{
      resolve_data_folder(v.get_text("population.data_folder"))};
  for (const char* key : {"population.areas", "population.area_links"})
    if (!v.get_text(key).empty()) paths.push_back(resolve_places_path(v.get_text(key)));
  return paths;
}

void CoalitionModel::validate(const ParamValues& v) const {
  const auto citizens = v.get_int("population.citizens");
  const auto communities = v.get_int("population.communities");
  if (communities > citizens)
    throw InputError(fmt::format(
        "key 'population.communities': value {} exceeds population.citizens ({}); allowed: 1 "
        "to population.citizens",
        communities, citizens));
  if (v.get_real("network.friends_mean_degree") > static_cast<double>(citizens - 1))
    throw InputError(fmt::format(
        "key 'network.friends_mean_degree': value {} exceeds the {} other citizens; allowed: 0 "
        "to population.citizens - 1",
        v.get_real("network.friends_mean_degree"), citizens - 1));
  validate_commissioning(v);
  validate_demography(v);
}

namespace {

// Where the citizens live: each community's size and deprivation position (0 least
// deprived .. 1), from the table of real areas or split evenly over synthetic communities.
struct Layout {
  std::vector<std::uint32_t> sizes;
  std::vector<double> position;
};

Layout community_layout(const ParamValues& v, const std::optional<Places>& places,
                        PopulationData& data) {
  const auto communities = static_cast<std::uint32_t>(v.get_int("population.communities"));
  const auto citizens_wanted = static_cast<std::uint64_t>(v.get_int("population.citizens"));
  Layout layout{{}, std::vector<double>(communities)};
  if (!places) {
    layout.sizes = split_evenly(citizens_wanted, communities);
    for (std::uint32_t c = 0; c < communities; ++c) layout.position[c] = (c + 0.5) / communities;
    return layout;
  }
  layout.sizes = split_proportionally(citizens_wanted, places->areas.population);
  for (std::size_t c = 0; c < layout.sizes.size(); ++c)
    if (layout.sizes[c] == 0)
      throw InputError(
          fmt::format("key 'population.citizens': {} citizens leave area '{}' ({}) of '{}' without "
                      "any; allowed: enough citizens for every area (at least one each)",
                      citizens_wanted, places->areas.code[c], places->areas.name[c],
                      v.get_text("population.areas")));
  for (std::size_t c = 0; c < layout.sizes.size(); ++c)
    layout.position[c] = (places->areas.quintile[c] + 0.5) / 5.0;
  data.areas = places->areas.figures;
  data.sources += "\nareas: " + places->areas.source;
  return layout;
}

// Friendships: a stochastic block model over communities with homophily h; mean degree d
// splits into h d inside one's community and (1 - h) d outside it. Real areas: the outside
// ties follow the table of links (every other area alike without one).
const CsrGraph& add_friendships(World& world, const ParamValues& v,
                                const std::optional<Places>& places,
                                const std::vector<std::uint32_t>& sizes, LocalIndex citizens) {
  const auto communities = static_cast<std::uint32_t>(sizes.size());
  const double d = v.get_real("network.friends_mean_degree");
  const double h = v.get_real("network.homophily");
  if (places) {
    std::vector<AreaLink> links = places->links;
    if (links.empty())
      for (std::uint32_t a = 0; a < communities; ++a)
        for (std::uint32_t b = a + 1; b < communities; ++b) links.push_back({a, b, 1.0});
    return world.add_network(
        "friends", stochastic_block_model(sizes, tie_probabilities(sizes, links, d, h), world.key(),
                                          kStreamFriends));
  }
  const double n = citizens;
  const double nc = n / communities;
  const double p_in = nc > 1 ? std::min(1.0, h * d / (nc - 1)) : 0.0;
  const double p_out = communities > 1 ? std::min(1.0, (1 - h) * d / (n - nc)) : 0.0;
  return world.add_network("friends",
                           stochastic_block_model(sizes, p_in, p_out, world.key(), kStreamFriends));
}

void read_switches(ModelState& state, const ParamValues& v) {
  state.switches.social_influence = v.get_bool("mechanisms.social_influence");
  state.switches.relational_capital = v.get_bool("mechanisms.relational_capital");
}

// Every module's start state: issues, relational mechanics, organisations, coalitions.
void initialise_modules(World& world, const AgentTable& citizens, ModelState& state,
                        const PopulationData& data, const ParamValues& v,
                        const std::vector<std::uint32_t>& sizes) {
  state.issues = make_issue_modules();
  for (auto& module : state.issues) {
    module->configure(v);
    module->initialise(state.columns, citizens.ids(), citizens.size(), data, world.key(),
                       citizens.communities());
  }
  state.relational.initialise(state.columns, citizens.ids(), citizens.size(), data, world.key(),
                              citizens.communities());
  state.commissioning.initialise(state.orgs, sizes, world.key());
  state.coalitions.initialise(state.orgs, world.key());
  if (state.switches.relational_capital)
    state.network = measure_network(state.orgs, state.coalitions.ties(),
                                    state.coalitions.params().tie_threshold);
}

// Crime then care, block by block, in one phase: each reads and writes only its citizens'
// own state (crime also last month's victimisation of friends, double-buffered and swapped
// after the phase), and for every citizen care runs after crime as it would in a phase of
// its own, so one phase gives the same results with one barrier fewer a step and each
// block's columns still in the cache for care.
void add_crime_and_care_phase(World& world, AgentTable& citizens, const CrimeModule* crime,
                              const CareModule* care) {
  if (!crime->params().enabled) crime = nullptr;
  if (!care->params().enabled) care = nullptr;
  if (crime == nullptr && care == nullptr) return;
  std::vector<ColumnBase*> buffered;
  if (crime != nullptr) buffered.push_back(crime->columns().victim);
  world.add_phase({.name = "crime-and-care",
                   .activation = Activation::Synchronous,
                   .table = &citizens,
                   .block_kernel =
                       [crime, care](const StepContext& ctx, const Block& block, std::size_t) {
                         if (crime != nullptr) crime->step_block(ctx, block.range);
                         if (care != nullptr) care->step_block(ctx, block.range);
                       },
                   .buffered = std::move(buffered)});
}

// What demography takes from the issue modules' parameters (demography_params.hpp).
DemographyInputs demography_inputs(const ModelState& state) {
  const auto& obesity = dynamic_cast<const ObesityModule&>(*state.issues.at(kObesity));
  const auto& climate = dynamic_cast<const ClimateModule&>(*state.issues.at(kClimate));
  return {obesity.params().bmi_sdlog, climate.params().decarbonisation_monthly};
}

// Issue 12: crime and care (one phase, before the demography's), then demography, whose
// entrants get the crime and care modules' start state too.
void attach_issue_12(World& world, AgentTable& citizens, ModelState& state,
                     const PopulationData& data, const ParamValues& v) {
  const CoalitionSystem* coalitions = &state.coalitions;
  const CrimeModule* crime = &attach_crime(world, citizens, state.columns, *state.friends, data, v,
                                           [coalitions]() -> std::optional<double> {
                                             const CoalitionReport& r = coalitions->report();
                                             if (r.count > 0) return r.cohesion;
                                             return std::nullopt;
                                           });
  const CareModule* care = &attach_care(world, citizens, state.columns, data, v);
  add_crime_and_care_phase(world, citizens, crime, care);
  Demography& demography = attach_demography(world, citizens, state.columns, state.issues,
                                             state.relational, data, v, demography_inputs(state));
  demography.add_entrant_hook(
      [crime](StreamKey key, LocalIndex i, GlobalId id) { crime->initialise_citizen(key, i, id); });
  demography.add_entrant_hook([care](StreamKey key, LocalIndex i, GlobalId id) {
    care->initialise_citizen(key, i, id, /*entrant=*/true);
  });
}

}  // namespace

void CoalitionModel::build(World& world, const ParamValues& v) const {
  const auto communities = static_cast<std::uint32_t>(v.get_int("population.communities"));
  const std::optional<Places> places = read_places(v);
  PopulationData data =
      load_population_data(resolve_data_folder(v.get_text("population.data_folder")));
  const Layout layout = community_layout(v, places, data);

  AgentTable& citizens = world.add_table("citizens", layout.sizes);
  if (places) world.name_communities(places->areas.code, places->areas.name);
  auto& state = world.emplace_state<ModelState>(communities, citizens.blocks().size(), v);
  state.columns = add_citizen_columns(citizens);
  for (const Block& b : citizens.blocks()) state.block_community.push_back(b.community);
  read_switches(state, v);

  assign_demography(citizens, state.columns, data, layout.position,
                    v.get_real("population.deprivation_clustering"), world.key(),
                    kStreamDemography);
  fit_obesity_scales(data, state.columns.age_band->data(), state.columns.deprivation->data(),
                     citizens.communities(), citizens.size());
  state.friends = &add_friendships(world, v, places, layout.sizes, citizens.size());
  initialise_modules(world, citizens, state, data, v, layout.sizes);

  add_phases(world, citizens, state);
  add_observables(world, citizens, state);
  attach_issue_12(world, citizens, state, data, v);
}

}  // namespace coalesce::coalition
