#pragma once
// SIGUSR1 asks a running job for a progress line now (`kill -USR1 PID`, or
// `scancel --signal=USR1 JOBID` under Slurm), whatever --progress-every says.
//
// Like StopSignals, the flag is process-wide because a signal handler gets no pointer to
// any object; it is a lock-free atomic, the one thing a handler may safely write. The
// handler is installed for the lifetime of this object and the previous one restored after.
#include <signal.h>

#include <atomic>

namespace coalesce {

class ProgressSignal {
 public:
  ProgressSignal();
  ~ProgressSignal();
  ProgressSignal(const ProgressSignal&) = delete;
  ProgressSignal& operator=(const ProgressSignal&) = delete;

  // Raised by SIGUSR1; a ProgressSchedule lowers it when it writes the line.
  [[nodiscard]] std::atomic<bool>* request() const;

 private:
  struct sigaction previous_ {};
};

// SIGUSR1 ignored for the whole process, called once at the start of the command line: a
// progress request that arrives before a job installs its ProgressSignal, or after it has
// restored the previous disposition while the process writes its last lines and exits,
// must not end it (the default action of SIGUSR1 is to terminate).
void ignore_progress_requests();

}  // namespace coalesce
