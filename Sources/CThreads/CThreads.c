#define _GNU_SOURCE
#include "CThreads.h"

#if defined(__linux__)
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int cthreads_current_cpu(void) { return sched_getcpu(); }

int cthreads_thread_id(void) { return (int)syscall(SYS_gettid); }

int cthreads_pin(int tid, int cpu) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) return -1;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(tid, sizeof set, &set);
}

int cthreads_pin_set(int tid, const int *cpus, int count) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int i = 0; i < count; i++) {
        if (cpus[i] < 0 || cpus[i] >= CPU_SETSIZE) return -1;
        CPU_SET(cpus[i], &set);
    }
    return sched_setaffinity(tid, sizeof set, &set);
}

int cthreads_allowed_cpus(int *out, int capacity) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    int n = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &set)) continue;
        if (n < capacity) out[n] = cpu;
        n++;
    }
    return n;
}

int cthreads_set_timer_slack(unsigned long nanoseconds) { return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0); }
#else
int cthreads_current_cpu(void) { return -1; }
int cthreads_thread_id(void) { return -1; }
int cthreads_pin(int tid, int cpu) { (void)tid; (void)cpu; return -1; }
int cthreads_pin_set(int tid, const int *cpus, int count) { (void)tid; (void)cpus; (void)count; return -1; }
int cthreads_allowed_cpus(int *out, int capacity) { (void)out; (void)capacity; return -1; }
int cthreads_set_timer_slack(unsigned long nanoseconds) { (void)nanoseconds; return -1; }
#endif
