// The h5py example in docs/OUTPUT.md (kept as docs/examples/read_result.py; that the two
// agree is checked in tests/engine/io) must work on a real result of the real binary.
#include <gtest/gtest.h>

#include "command.hpp"

namespace coalesce::testing {
namespace {

TEST(OutputDocs, H5pyExampleReadsARealResult) {
  TempDir dir("h5py");
  const auto out = dir / "sir.h5";
  auto r = run_command(coalesce_cmd("run --config '" + source_path("data/scenarios/sir.ini") +
                                    "' --set sir.nodes=1000 --set sir.initial_infected=10 "
                                    "--steps 10 --replicates 3 --quiet --out '" +
                                    out.string() + "'"),
                       dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(std::string(COALESCE_PYTHON) + " '" +
                      source_path("docs/examples/read_result.py") + "' '" + out.string() + "'",
                  dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
}

}  // namespace
}  // namespace coalesce::testing
