// A cache prefetch hint, for Swift code that knows which cold memory it will read next (the
// ledger's read path). Swift has no prefetch of its own; this inline function compiles to one
// `prefetcht0` (x86) or `prfm pldl1keep` (ARM) where Swift calls it.
#ifndef CPREFETCH_H
#define CPREFETCH_H

#include <stddef.h>
#include <stdint.h>

static inline __attribute__((always_inline)) void cprefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

// The same for memory about to be written (a lock word, a slot): `prefetchw` where the CPU has
// it, so the line arrives owned and the write does not have to ask for it again.
static inline __attribute__((always_inline)) void cprefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

// Every 64-byte line that `bytes` bytes from `start` touch: a whole value that straddles lines
// (an entry of a table, a transaction), read or written next.
static inline __attribute__((always_inline)) void cprefetch_read_lines(const void *start, size_t bytes) {
    if (bytes == 0) return;
    uintptr_t line = (uintptr_t)start & ~(uintptr_t)63;
    uintptr_t last = ((uintptr_t)start + bytes - 1) & ~(uintptr_t)63;
    for (; line <= last; line += 64) __builtin_prefetch((const void *)line, 0, 3);
}

static inline __attribute__((always_inline)) void cprefetch_write_lines(const void *start, size_t bytes) {
    if (bytes == 0) return;
    uintptr_t line = (uintptr_t)start & ~(uintptr_t)63;
    uintptr_t last = ((uintptr_t)start + bytes - 1) & ~(uintptr_t)63;
    for (; line <= last; line += 64) __builtin_prefetch((const void *)line, 1, 3);
}

#endif
