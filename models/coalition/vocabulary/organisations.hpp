#pragma once
// Organisations: government units, NGOs and businesses. Few (10^1 - 10^5) next to citizens,
// and acted on by serial phases, so kept as plain parallel vectors here rather than an
// engine table. Row r is organisation r everywhere (contracts, coalitions, ties).
//
// Rows are laid out: [0] central government, [1 .. C] one local authority per community,
// then NGOs, then businesses — each group ordered by home community.
#include <array>
#include <cstdint>
#include <vector>

#include "core/archive.hpp"
#include "vocabulary/enums.hpp"

namespace coalesce::coalition {

struct Organisations {
  std::vector<OrgKind> kind;
  std::vector<std::uint32_t> community;  // home community (central government: kNone)
  std::vector<Sector> sector;            // businesses only (others: kRetail, unused)
  std::vector<double> resources;         // money available, £ per month
  std::vector<double> capacity;          // citizens it can serve per month
  std::vector<double> quality;           // service quality 0..1 (learns from feedback)
  std::vector<double> reputation;        // 0..1, public standing
  std::vector<std::array<double, kIssueCount>> belief;  // policy-core belief per issue, 0..1
  std::vector<std::array<bool, kIssueCount>> mission;   // works on the issue
  std::vector<double> product_health;    // food businesses: healthiness of products 0..1
  std::vector<double> low_carbon_offer;  // energy/transport businesses: offer 0..1
  std::vector<std::uint32_t> coalition;  // coalition id or kNone

  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(kind.size()); }
  [[nodiscard]] static constexpr std::uint32_t central_government() { return 0; }
  [[nodiscard]] static std::uint32_t local_authority(std::uint32_t community) {
    return 1 + community;
  }

  // Appends one organisation with neutral defaults; returns its row.
  std::uint32_t add(OrgKind k, std::uint32_t home, Sector s = kRetail);

  // Checkpoints: every column. load() replaces them (the rebuilt table has the same rows).
  void save(ArchiveWriter& out) const;
  void load(const ArchiveReader& in);
};

}  // namespace coalesce::coalition
