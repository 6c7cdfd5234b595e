// Debian's libjemalloc exports the plain malloc/mallctl names (no je_ prefix), so linking it
// replaces the process allocator, including the one behind Swift's own allocations.
#include <jemalloc/jemalloc.h>
