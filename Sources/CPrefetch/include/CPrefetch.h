// A cache prefetch hint, for Swift code that knows which cold memory it will read next (the
// ledger's read path). Swift has no prefetch of its own; this inline function compiles to one
// `prefetcht0` (x86) or `prfm pldl1keep` (ARM) where Swift calls it.
#ifndef CPREFETCH_H
#define CPREFETCH_H

static inline __attribute__((always_inline)) void cprefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

// The same for memory about to be written (a lock word, a slot): `prefetchw` where the CPU has
// it, so the line arrives owned and the write does not have to ask for it again.
static inline __attribute__((always_inline)) void cprefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
