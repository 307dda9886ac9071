#pragma once
// Runs the real `coalesce` binary as a child process the test can signal (SIGKILL, SIGTERM,
// SIGINT) while it works, and waits for it. stdout and stderr go to files in the test's
// folder, read back after the child ends.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "command.hpp"

extern char** environ;

namespace coalesce::testing {

struct Finished {
  bool exited = false;  // exited normally (with exit_code); else killed by `signal`
  int exit_code = -1;
  int signal = 0;
  std::string err;
};

class Child {
 public:
  // Starts `program` with `args` (no shell). Output files live in `scratch`.
  Child(const std::string& program, const std::vector<std::string>& args, const TempDir& scratch,
        const std::string& tag = "child")
      : out_(scratch / ("." + tag + ".out")), err_(scratch / ("." + tag + ".err")) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> all{program};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + program);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      (void)wait();
    }
  }

  // Nothing once the child has been reaped (pid -1 would signal every process we may).
  void signal(int sig) const {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  // True while the child runs (it may have finished on its own).
  [[nodiscard]] bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == 0) return true;
    finish(status);
    return false;
  }

  Finished wait() {
    if (pid_ > 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
      finish(status);
    }
    done_.err = slurp(err_);
    return done_;
  }

 private:
  void finish(int status) {
    pid_ = -1;
    done_.exited = WIFEXITED(status);
    done_.exit_code = done_.exited ? WEXITSTATUS(status) : -1;
    done_.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }

  std::filesystem::path out_;
  std::filesystem::path err_;
  pid_t pid_ = -1;
  Finished done_;
};

// Polls `condition` every few milliseconds for at most `limit`; true when it held.
// The limit only bounds a test that is already failing (a condition that never comes): it is
// generous because a sanitizer build on a loaded 2-core CI machine runs several times slower.
inline bool wait_until(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::milliseconds(300000)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return condition();
}

// The coalesce binary's arguments from one string of space-separated words (no quoting:
// the tests' paths have no spaces).
inline std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find(' ', start);
    const std::string w =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!w.empty()) out.push_back(w);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace coalesce::testing
