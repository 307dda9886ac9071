// CoalitionSystem's part of a checkpoint: the partition, its bookkeeping and the trust ties.
#include <utility>
#include <vector>

#include "coalitions/coalition_state.hpp"
#include "coalitions/coalitions.hpp"
#include "core/error.hpp"

namespace coalesce::coalition {

void CoalitionSystem::save(ArchiveWriter& out) const {
  const State& s = *state_;
  out.write("partition/membership", s.part.membership());
  std::vector<std::vector<std::uint32_t>> members;
  std::vector<std::uint8_t> issue;
  std::vector<std::uint8_t> alive;
  for (const auto& g : s.part.groups()) {
    members.push_back(g.members);
    issue.push_back(g.issue);
    alive.push_back(g.alive ? 1 : 0);
  }
  out.write_nested("partition/members", members);
  out.write("partition/issue", issue);
  out.write("partition/alive", alive);
  out.write("free_rider", s.free_rider);
  out.write("eligible", s.eligible);
  out.write_nested("by_community", s.by_community);
  out.write_value("communities", s.communities);
  // Refreshed before each use, but cheap: saved so that nothing depends on that remaining so.
  out.write("sqrt_rho", s.sqrt_rho);
  out.write("stake", s.stake);
  out.write_value("mean_partner_resources", s.mean_partner_resources);
  out.write("trust_scratch", s.trust_scratch);
  out.write_value("last_round", s.last_round);
  out.write_value("initialised", static_cast<std::uint8_t>(s.initialised));
  ArchiveSectionWriter ties(out, "ties");
  ties_->save(ties);
  out.write_value("report", report_);
}

void CoalitionSystem::load(const ArchiveReader& in) {
  State& s = *state_;
  std::vector<std::uint32_t> membership;
  std::vector<std::vector<std::uint32_t>> members;
  std::vector<std::uint8_t> issue;
  std::vector<std::uint8_t> alive;
  in.read("partition/membership", membership);
  in.read_nested("partition/members", members);
  in.read("partition/issue", issue);
  in.read("partition/alive", alive);
  if (issue.size() != members.size() || alive.size() != members.size())
    throw RuntimeError("coalitions: the checkpoint's groups are inconsistent");
  std::vector<hedonic::Group> groups(members.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    groups[g].members = std::move(members[g]);
    groups[g].issue = issue[g];
    groups[g].alive = alive[g] != 0;
  }
  s.part = hedonic::Partition(std::move(membership), std::move(groups));
  in.read("free_rider", s.free_rider);
  in.read("eligible", s.eligible);
  in.read_nested("by_community", s.by_community);
  in.read_value("communities", s.communities);
  in.read("sqrt_rho", s.sqrt_rho);
  in.read("stake", s.stake);
  in.read_value("mean_partner_resources", s.mean_partner_resources);
  in.read("trust_scratch", s.trust_scratch);
  in.read_value("last_round", s.last_round);
  s.initialised = in.read_value<std::uint8_t>("initialised") != 0;
  ties_->load(ArchiveSectionReader(in, "ties"));
  in.read_value("report", report_);
}

}  // namespace coalesce::coalition
