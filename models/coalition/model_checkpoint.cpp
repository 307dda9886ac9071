// ModelState::save_state / load_state: the coalition model's part of a checkpoint
// ("world/state/coalition/..."). What is not here is rebuilt: see model_state.hpp.
#include "model_state.hpp"

namespace coalesce::coalition {

void ModelState::save_state(ArchiveWriter& out) const {
  ArchiveSectionWriter board_out(out, "board");
  board.save(board_out);
  ArchiveSectionWriter orgs_out(out, "organisations");
  orgs.save(orgs_out);
  ArchiveSectionWriter commissioning_out(out, "commissioning");
  commissioning.save(commissioning_out);
  ArchiveSectionWriter coalitions_out(out, "coalitions");
  coalitions.save(coalitions_out);
  // Carried between measurements (every network_interval months) and reported monthly.
  out.write_value("network_report", network);
}

void ModelState::load_state(const ArchiveReader& in) {
  board.load(ArchiveSectionReader(in, "board"));
  orgs.load(ArchiveSectionReader(in, "organisations"));
  commissioning.load(ArchiveSectionReader(in, "commissioning"));
  coalitions.load(ArchiveSectionReader(in, "coalitions"));
  in.read_value("network_report", network);
}

}  // namespace coalesce::coalition
