#include "demography/demography.hpp"

#include <algorithm>
#include <cmath>
#include <array>
#include <string>

#include "demography/demography_kernels.hpp"
#include "vocabulary/population_params.hpp"
#include "vocabulary/streams.hpp"
#include "random/numeric.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition {

using namespace demography;

namespace {

// Copies entrant k's value of `from` (a column of the entrants' table) into place `to_index`
// of `to` (the citizen column of the same name and type).
template <typename T>
void copy_value(const ColumnBase& from, std::size_t k, ColumnBase& to, std::size_t to_index) {
  static_cast<Column<T>&>(to)[to_index] = static_cast<const Column<T>&>(from)[k];
}

void copy_any(const ColumnBase& from, std::size_t k, ColumnBase& to, std::size_t to_index) {
  switch (from.type()) {
    case ColumnType::Int8: return copy_value<std::int8_t>(from, k, to, to_index);
    case ColumnType::UInt8: return copy_value<std::uint8_t>(from, k, to, to_index);
    case ColumnType::Int16: return copy_value<std::int16_t>(from, k, to, to_index);
    case ColumnType::UInt16: return copy_value<std::uint16_t>(from, k, to, to_index);
    case ColumnType::Int32: return copy_value<std::int32_t>(from, k, to, to_index);
    case ColumnType::UInt32: return copy_value<std::uint32_t>(from, k, to, to_index);
    case ColumnType::Int64: return copy_value<std::int64_t>(from, k, to, to_index);
    case ColumnType::UInt64: return copy_value<std::uint64_t>(from, k, to, to_index);
    case ColumnType::Float32: return copy_value<float>(from, k, to, to_index);
    case ColumnType::Float64: return copy_value<double>(from, k, to, to_index);
  }
}

// An entrant's own random identity for the set-up draws of the modules: the place's id in
// the low 40 bits, the month of entry above them, so no two people ever share set-up draws
// (ids below 2^40, runs shorter than 2^24 months).
GlobalId entrant_id(GlobalId place, Step step) {
  return (static_cast<GlobalId>(step) << 40) | place;
}

}  // namespace

Demography::Demography(DemographyParams params, AgentTable& citizens, const CitizenColumns& columns,
                       const std::vector<std::unique_ptr<IssueModule>>& issues,
                       const RelationalMechanics& relational, PopulationData data)
    : p_(std::move(params)),
      citizens_(&citizens),
      columns_(columns),
      age_(&citizens.add_column<std::uint16_t>("age_months")),
      issues_(&issues),
      relational_(&relational),
      data_(std::move(data)),
      exits_(citizens.size(), kStays),
      community_(citizens.community_count()) {}

std::uint16_t Demography::draw_month_in_band(int band, double u) const {
  if (band < kAgeBands - 1)
    return static_cast<std::uint16_t>(
        kBandStartMonth[band] +
        std::min<std::uint32_t>(band_width(band) - 1,
                                static_cast<std::uint32_t>(u * band_width(band))));
  const auto& cum = p_.open_band_cumulative;
  const auto k =
      static_cast<std::uint32_t>(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin());
  return static_cast<std::uint16_t>(kBandStartMonth[band] +
                                    std::min<std::uint32_t>(k, band_width(band) - 1));
}

void Demography::assign_initial_ages(StreamKey key) {
  const std::uint8_t* band = columns_.age_band->data();
  const GlobalId* ids = citizens_->ids();
  std::uint16_t* age = age_->data();
  for (LocalIndex i = 0; i < citizens_->size(); ++i) {
    RandomStream rs(key, kStreamAgeSetup, ids[i], kSetupStep);
    age[i] = draw_month_in_band(band[i], rs.uniform());
  }
}

void Demography::census(Step step) {
  // Step 1 starts from the sourced structure; each later step from the last one's
  // projection. A restored run (or a step out of order) projects again from the start.
  if (expected_step_ == 0 || step < expected_step_) {
    expected_ = initial_age_structure(p_);
    expected_step_ = 1;
  }
  while (expected_step_ < step) {
    project_month(p_, month_flows(p_, band_shares_of(expected_)), expected_);
    ++expected_step_;
  }
  flows_ = month_flows(p_, band_shares_of(expected_));
}

void Demography::age_block(const StepContext& ctx, AgentRange range) {
  constexpr LocalIndex kChunk = 64;
  std::array<std::array<std::uint64_t, 4>, kChunk> words;
  const GlobalId* ids = citizens_->ids();
  std::uint16_t* age = age_->data();
  std::uint8_t* band = columns_.age_band->data();
  std::uint8_t* exits = exits_.data();
  const float* q = p_.death_probability.data();
  const float* leave = flows_.leave.data();
  const std::uint8_t* dep = columns_.deprivation->data();
  float* bmi = columns_.issue[kObesity].objective->data();
  float* set_point = columns_.issue[kObesity].baseline->data();
  for (LocalIndex i = range.begin; i < range.end; ++i) {
    const LocalIndex at = (i - range.begin) % kChunk;
    if (at == 0)
      RandomStream::first_words(ctx.key, kStreamAgeing, ctx.step, ids + i,
                                std::min(kChunk, range.end - i), words.data());
    const std::uint16_t a = older(age[i]);
    const std::uint8_t b = band_of(a);
    if (b != band[i]) {  // a new band: BMI follows the age profile (ODD D.5)
      const float step = p_.bmi_step[b][dep[i]];
      bmi[i] *= step;
      set_point[i] *= step;
    }
    age[i] = a;
    band[i] = b;
    const double u = unit_double(words[at][0]);
    exits[i] = exit_of(u, q[a], leave[b]);
  }
}

std::vector<LocalIndex> Demography::vacated_places() const {
  std::vector<LocalIndex> places;
  for (LocalIndex i = 0; i < citizens_->size(); ++i)
    if (exits_[i] != kStays) places.push_back(i);
  return places;
}

// Who comes into each place (a birth or a newcomer, and their age), counted per community;
// the entrants' table gets their band, deprivation, id and community.
void Demography::draw_entrants(const StepContext& ctx, const std::vector<LocalIndex>& places,
                               const CitizenColumns& ec, GlobalId* ids, CommunityId* communities) {
  const auto n = static_cast<LocalIndex>(places.size());
  // Births in expectation as the month's flows say, whatever the number of places; the
  // other places go to newcomers (to births if no band takes newcomers).
  const double birth_chance =
      flows_.newcomers ? std::min(1.0, flows_.births_per_citizen * citizens_->size() / n) : 1.0;
  const GlobalId* place_ids = citizens_->ids();
  const CommunityId* place_community = citizens_->communities();
  std::uint16_t* age = age_->data();
  for (LocalIndex k = 0; k < n; ++k) {
    const LocalIndex i = places[k];
    RandomStream rs(ctx.key, kStreamEntrant, place_ids[i], ctx.step);
    const bool birth = rs.uniform() < birth_chance;
    const double pick = rs.uniform();
    const int band = birth ? 0 : entrant_band(pick, flows_.newcomer_cumulative);
    const double u = rs.uniform();
    age[i] = band == 0 ? 0 : draw_month_in_band(band, u);
    (*columns_.age_band)[i] = static_cast<std::uint8_t>(band);
    (*ec.age_band)[k] = static_cast<std::uint8_t>(band);
    (*ec.deprivation)[k] = (*columns_.deprivation)[i];
    ids[k] = entrant_id(place_ids[i], ctx.step);
    communities[k] = place_community[i];
    DemographyCounts& c = community_[place_community[i]];
    const bool died = exits_[i] == kDies;
    c.deaths += died ? 1.0 : 0.0;
    c.leavers += died ? 0.0 : 1.0;
    c.births += band == 0 ? 1.0 : 0.0;
    c.newcomers += band == 0 ? 0.0 : 1.0;
    exits_[i] = kStays;
  }
}

// Into the places, column by column (age_band and deprivation included: already set).
void Demography::move_in(const AgentTable& entrants, const std::vector<LocalIndex>& places) {
  for (const auto& from : entrants.columns()) {
    ColumnBase& to = citizens_->find(from->name());
    for (LocalIndex k = 0; k < static_cast<LocalIndex>(places.size()); ++k)
      copy_any(*from, k, to, places[k]);
  }
}

// Entrants meet today's background conditions: the start-state draw of household emissions
// is brought forward by the background decarbonisation since the start (ODD.md, demography).
void Demography::bring_emissions_forward(Step step, const std::vector<LocalIndex>& places) {
  const auto today =
      static_cast<float>(std::pow(p_.decarbonisation_monthly, static_cast<double>(step)));
  float* emissions = columns_.issue[kClimate].objective->data();
  float* emissions_baseline = columns_.issue[kClimate].baseline->data();
  for (const LocalIndex i : places) {
    emissions[i] *= today;
    emissions_baseline[i] *= today;
  }
}

void Demography::add_up_counts() {
  for (const DemographyCounts& c : community_) {
    total_.deaths += c.deaths;
    total_.leavers += c.leavers;
    total_.births += c.births;
    total_.newcomers += c.newcomers;
  }
}

void Demography::renew(const StepContext& ctx) {
  total_.clear();
  for (auto& c : community_) c.clear();
  const std::vector<LocalIndex> places = vacated_places();
  if (places.empty()) return;

  // The entrants in a table of their own, set up by the same calls as the first population.
  const auto n = static_cast<LocalIndex>(places.size());
  AgentTable entrants("entrants", {static_cast<std::uint32_t>(n)}, 0, n);
  const CitizenColumns ec = add_citizen_columns(entrants);
  std::vector<GlobalId> ids(n);
  std::vector<CommunityId> communities(n);
  draw_entrants(ctx, places, ec, ids.data(), communities.data());
  for (const auto& module : *issues_)
    module->initialise(ec, ids.data(), n, data_, ctx.key, communities.data());
  relational_->initialise(ec, ids.data(), n, data_, ctx.key, communities.data());

  move_in(entrants, places);
  bring_emissions_forward(ctx.step, places);
  for (const EntrantHook& hook : hooks_)
    for (LocalIndex k = 0; k < n; ++k) hook(ctx.key, places[k], ids[k]);
  add_up_counts();
}

namespace {

void add_demography_observables(World& world, const AgentTable& citizens,
                                const CitizenColumns& columns, const Demography& d,
                                double people_per_agent) {
  world.observe_column(
      {"age_band_distribution", "citizens",
       "citizens per age band (0-15, 16-24, 25-34, ..., 65-74, 75+)", Reduction::Histogram, false,
       kAgeBands, 0.0, static_cast<double>(kAgeBands)},
      citizens, *columns.age_band);
  const Column<std::uint16_t>* age = &d.age_months();
  world.observe({"mean_age", "years", "mean age of citizens", Reduction::Mean, true}, citizens,
                [age](AgentRange r, Accumulator& acc) {
                  const std::uint16_t* a = age->data();
                  for (LocalIndex i = r.begin; i < r.end; ++i) acc.add(a[i] / kMonthsPerYear);
                });
  world.observe({"share_aged_65_plus", "share of citizens", "share of citizens aged 65 or over",
                 Reduction::Mean, true},
                citizens, [age](AgentRange r, Accumulator& acc) {
                  const std::uint16_t* a = age->data();
                  for (LocalIndex i = r.begin; i < r.end; ++i)
                    acc.add(a[i] >= kBandStartMonth[6] ? 1.0 : 0.0);
                });
  const struct {
    const char* name;
    const char* description;
    double DemographyCounts::*field;
  } fields[] = {
      {"demography_deaths", "deaths this month", &DemographyCounts::deaths},
      {"demography_leavers", "balancing departures this month (demography.hold_structure)",
       &DemographyCounts::leavers},
      {"demography_births", "births this month", &DemographyCounts::births},
      {"demography_newcomers", "newcomers aged 16 or over this month",
       &DemographyCounts::newcomers},
  };
  const Demography* dp = &d;
  for (const auto& f : fields) {
    auto field = f.field;
    // Simulated citizens stand for people_per_agent people each: the counts are reported for
    // the represented population, so they mean the same at any agent count.
    const double k = people_per_agent;
    world.observe_scalar(
        {f.name, "people per month (represented population)", f.description, Reduction::Sum, true},
        [dp, field, k](const StepContext&) { return k * (dp->counts().*field); },
        [dp, field, k](const StepContext&, CommunityId c) { return k * (dp->counts(c).*field); });
  }
}

}  // namespace

Demography& attach_demography(World& world, AgentTable& citizens, const CitizenColumns& columns,
                              const std::vector<std::unique_ptr<IssueModule>>& issues,
                              const RelationalMechanics& relational, const PopulationData& data,
                              const ParamValues& values, const DemographyInputs& inputs) {
  DemographyParams params = read_demography_params(values, data.age_share);
  derive_bmi_profile(params, data.obesity, inputs.bmi_sdlog);
  params.decarbonisation_monthly = inputs.decarbonisation_monthly;
  Demography& d = world.emplace_state<Demography>(std::move(params), citizens, columns, issues,
                                                  relational, data);
  d.assign_initial_ages(world.key());
  add_demography_observables(world, citizens, columns, d, people_per_agent(values));
  if (!d.params().enabled) return d;
  Demography* dp = &d;
  world.add_phase({.name = "census",
                   .activation = Activation::Serial,
                   .serial_kernel = [dp](const StepContext& ctx) { dp->census(ctx.step); }});
  world.add_phase({.name = "ageing",
                   .activation = Activation::Synchronous,
                   .table = &citizens,
                   .block_kernel = [dp](const StepContext& ctx, const Block& block, std::size_t) {
                     dp->age_block(ctx, block.range);
                   }});
  world.add_phase({.name = "renewal",
                   .activation = Activation::Serial,
                   .serial_kernel = [dp](const StepContext& ctx) { dp->renew(ctx); }});
  return d;
}

}  // namespace coalesce::coalition
