// Where threads run, for the worker pool (`Execution/Workers/WorkerPool.swift`) and the ledger's
// queues (`Ledger/ShardQueues.swift`): which CPU the calling thread is on, a thread's kernel id,
// and pinning a thread to one CPU (or back to several). Linux only; on
// other systems every function reports "unknown" (-1) and pins nothing.
#ifndef CTHREADS_H
#define CTHREADS_H

// The CPU the calling thread runs on now, or -1.
int cthreads_current_cpu(void);

// The calling thread's kernel thread id, or -1.
int cthreads_thread_id(void);

// Restricts thread `tid` (a kernel thread id) to CPU `cpu`. Returns 0 on success.
int cthreads_pin(int tid, int cpu);

// Restricts thread `tid` to the `count` CPUs `cpus` (to undo `cthreads_pin`). Returns 0 on success.
int cthreads_pin_set(int tid, const int *cpus, int count);

// Writes the CPUs this process may run on to `out` (at most `capacity`, lowest first) and
// returns how many there are, or -1.
int cthreads_allowed_cpus(int *out, int capacity);

// Sets the calling thread's timer slack (how late the kernel may end its sleeps) to
// `nanoseconds`. Returns 0 on success.
int cthreads_set_timer_slack(unsigned long nanoseconds);

#endif
