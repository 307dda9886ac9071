// Commissioning::save / load: the part of a checkpoint that is government's contracts,
// budgets, bonds, investors and learning. Every field of State and of the report is saved:
// plan() and settle() read last month's values of most of them.
#include "core/error.hpp"
#include "organisations/commissioning.hpp"
#include "organisations/commissioning_state.hpp"

namespace coalesce::coalition {

void Commissioning::save(ArchiveWriter& out) const {
  const State& s = *state_;
  out.write_value("communities", s.communities);
  out.write("citizens", s.citizens);
  out.write("mix", s.mix);
  out.write("allocation", s.allocation);
  out.write("provider", s.provider);
  out.write("ngo_first", s.ngo_first);
  out.write("bus_first", s.bus_first);
  out.write("base_resources", s.base_resources);
  out.write("income", s.income);
  out.write("savings_year", s.savings_year);
  out.write("reinvest", s.reinvest);
  out.write("bonds", s.bonds);
  out.write("contract_year", s.contract_year);
  out.write("occupancy", s.occupancy);
  out.write_value("held", s.held);
  out.write_value("keep_rate", s.keep_rate);
  out.write_value("kept_year", s.kept_year);
  out.write_value("held_year", s.held_year);
  out.write_value("bond_outcome_rate", s.bond_outcome_rate);
  out.write_value("investors", s.investors);
  out.write("ledger", s.ledger);
  out.write("prev_trust", s.prev_trust);
  out.write("prev_satisfaction", s.prev_satisfaction);
  out.write_value("has_prev", static_cast<std::uint8_t>(s.has_prev));

  const CommissioningReport& r = report_;
  out.write_value("report/spending", r.spending);
  out.write_value("report/savings", r.savings);
  out.write_value("report/dividends", r.dividends);
  out.write_value("report/bond_payments", r.bond_payments);
  out.write_value("report/reinvested", r.reinvested);
  out.write_value("report/investor_capital", r.investor_capital);
  out.write_value("report/investor_offer", r.investor_offer);
  out.write_value("report/investor_return", r.investor_return);
  out.write_value("report/creaming_rate", r.creaming_rate);
  out.write_value("report/mix", r.mix);
  out.write("report/community", r.community);
}

void Commissioning::load(const ArchiveReader& in) {
  State& s = *state_;
  if (in.read_value<std::uint32_t>("communities") != s.communities)
    throw RuntimeError("commissioning: the checkpoint holds another number of communities");
  in.read("citizens", s.citizens);
  in.read("mix", s.mix);
  in.read("allocation", s.allocation);
  in.read("provider", s.provider);
  in.read("ngo_first", s.ngo_first);
  in.read("bus_first", s.bus_first);
  in.read("base_resources", s.base_resources);
  in.read("income", s.income);
  in.read("savings_year", s.savings_year);
  in.read("reinvest", s.reinvest);
  in.read("bonds", s.bonds);
  in.read("contract_year", s.contract_year);
  in.read("occupancy", s.occupancy);
  in.read_value("held", s.held);
  in.read_value("keep_rate", s.keep_rate);
  in.read_value("kept_year", s.kept_year);
  in.read_value("held_year", s.held_year);
  in.read_value("bond_outcome_rate", s.bond_outcome_rate);
  in.read_value("investors", s.investors);
  in.read("ledger", s.ledger);
  in.read("prev_trust", s.prev_trust);
  in.read("prev_satisfaction", s.prev_satisfaction);
  s.has_prev = in.read_value<std::uint8_t>("has_prev") != 0;

  CommissioningReport& r = report_;
  in.read_value("report/spending", r.spending);
  in.read_value("report/savings", r.savings);
  in.read_value("report/dividends", r.dividends);
  in.read_value("report/bond_payments", r.bond_payments);
  in.read_value("report/reinvested", r.reinvested);
  in.read_value("report/investor_capital", r.investor_capital);
  in.read_value("report/investor_offer", r.investor_offer);
  in.read_value("report/investor_return", r.investor_return);
  in.read_value("report/creaming_rate", r.creaming_rate);
  in.read_value("report/mix", r.mix);
  in.read("report/community", r.community);
}

}  // namespace coalesce::coalition
