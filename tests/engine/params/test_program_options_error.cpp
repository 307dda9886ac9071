// program_options_message: Boost.Program_options errors whose substituted values hold the
// library's own %placeholders% still give a message (Boost 1.74's what() never returned).
#include <gtest/gtest.h>

#include <boost/program_options/errors.hpp>

#include "params/program_options_error.hpp"

namespace coalesce {
namespace {

namespace po = boost::program_options;

const std::string kLookAlikePercent = "\xEF\xBC\x85";

TEST(ProgramOptionsMessage, ALineHoldingItsPlaceholderEnds) {
  po::invalid_config_file_syntax error("x%invalid_line%y", po::invalid_syntax::unrecognized_line);
  const std::string message = program_options_message(error);
  EXPECT_NE(message.find("x" + kLookAlikePercent + "invalid_line" + kLookAlikePercent + "y"),
            std::string::npos)
      << message;
}

TEST(ProgramOptionsMessage, AnOptionHoldingPlaceholdersEnds) {
  po::unknown_option error("--a%canonical_option%b%option%");
  const std::string message = program_options_message(error);
  EXPECT_NE(message.find("unrecognised option"), std::string::npos) << message;
  EXPECT_EQ(message.find('%'), std::string::npos) << message;
}

TEST(ProgramOptionsMessage, OrdinaryErrorsKeepTheirMessage) {
  po::invalid_config_file_syntax error("no equals sign", po::invalid_syntax::unrecognized_line);
  EXPECT_NE(program_options_message(error).find("'no equals sign'"), std::string::npos);
  po::error plain("a plain error");
  EXPECT_EQ(program_options_message(plain), "a plain error");
}

}  // namespace
}  // namespace coalesce
