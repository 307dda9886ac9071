// The h5py example in docs/OUTPUT.md (kept as docs/examples/read_result.py) must work on a
// real result file, read with Debian's python3-h5py.
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
  r = run_command(std::string(COALESCE_PYTHON) + " '" + source_path("docs/examples/read_result.py") +
                      "' '" + out.string() + "'",
                  dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
}

TEST(OutputDocs, ExampleInDocsIsTheTestedScript) {
  // The five lines shown in docs/OUTPUT.md are the script this suite runs.
  const std::string doc = slurp(source_path("docs/OUTPUT.md"));
  const std::string script = slurp(source_path("docs/examples/read_result.py"));
  std::istringstream lines(script);
  std::string line;
  int checked = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    EXPECT_NE(doc.find(line), std::string::npos) << "docs/OUTPUT.md lacks: " << line;
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

}  // namespace
}  // namespace coalesce::testing
