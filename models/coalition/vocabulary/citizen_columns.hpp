#pragma once
// The citizen table's columns, resolved once into raw pointers for the hot loop.
//
// Columns that neighbours read (concern, behaviour, objective state, effort) are
// double-buffered: the citizen phase reads data() — last step's state, for oneself and for
// friends — and writes next_data(). Every other column is private to its citizen and
// updated in place. Keep additions arithmetic and small: one million citizens must fit,
// with their network, in well under 1 GiB.
#include <array>
#include <cstdint>

#include "vocabulary/enums.hpp"
#include "state/agent_table.hpp"

namespace coalesce::coalition {

struct IssueColumns {
  Column<float>* objective = nullptr;         // BMI (kg/m^2) | emissions (tCO2e/yr)   [double]
  Column<std::uint8_t>* behaviour = nullptr;  // healthy habits | low-carbon adopted [double]
  Column<float>* concern = nullptr;           // attitude / concern, 0..1              [double]
  Column<float>* perceived_risk = nullptr;    // subjective risk, 0..1
  Column<float>* difficulty = nullptr;        // cost of serving: 0 easy..1 hard; < 0 not eligible
  Column<std::uint8_t>* service = nullptr;    // 0 none, else 1 + Mode enrolled in
  Column<std::uint16_t>* months_in_service = nullptr;
  Column<std::uint8_t>* complied = nullptr;  // complied with the current ask
  Column<float>* trust_provider = nullptr;   // trust in the provider serving this issue
  // Owned by the issue module: BMI set point (kg/m^2) | emissions before the cut of the
  // citizen's low-carbon behaviour (tCO2e/yr). Private to the citizen, updated in place.
  Column<float>* baseline = nullptr;
  // The citizen's personal anchor of concern (Friedkin-Johnsen prejudice): its concern at
  // set-up or entry, fixed for life. Private to the citizen.
  Column<float>* predisposition = nullptr;
};

struct CitizenColumns {
  Column<std::uint8_t>* age_band = nullptr;
  Column<std::uint8_t>* deprivation = nullptr;
  std::array<IssueColumns, kIssueCount> issue{};
  Column<float>* trust_gov = nullptr;  // trust in government (local and national)
  Column<float>* trust_ngo = nullptr;
  Column<float>* trust_business = nullptr;
  Column<float>* trust_people = nullptr;   // generalised trust
  Column<float>* satisfaction = nullptr;   // with public services, 0..1
  Column<float>* expectation = nullptr;    // expected performance, 0..1
  Column<float>* fairness = nullptr;       // perceived procedural fairness, 0..1
  Column<float>* legitimacy = nullptr;     // 0..1
  Column<std::uint8_t>* voiced = nullptr;  // took part in consultation or budgeting this month
  Column<float>* effort = nullptr;         // co-production effort, 0..1              [double]
  // The table's global ids (AgentTable::ids(); stable for the table's life). Per-block
  // kernels key their random streams by them: ctx.stream(stream id, ids[i]).
  const GlobalId* ids = nullptr;
};

// Adds every column to `table` (zero-initialised) and returns the resolved pointers.
CitizenColumns add_citizen_columns(AgentTable& table);

}  // namespace coalesce::coalition
