# Writes the version header (engine/sim/version.hpp.in -> OUT) at every build, so that the
# commit a binary records in its results and checkpoints is the one it was built from, not
# the one at configure time; "-dirty" marks a build of uncommitted changes. configure_file
# leaves the header untouched when nothing changed, so nothing recompiles then.
#   cmake -DIN=... -DOUT=... -DSOURCE_DIR=... -DPROJECT_VERSION=... -P git_version.cmake
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE COALESCE_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rev_status)
if(NOT rev_status EQUAL 0 OR NOT COALESCE_GIT_COMMIT)
  set(COALESCE_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no
    WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE changes
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    string(APPEND COALESCE_GIT_COMMIT "-dirty")
  endif()
endif()
configure_file(${IN} ${OUT} @ONLY)
