// The module is header-only (see include/CPrefetch.h); SwiftPM needs one source file per C target.
#include "CPrefetch.h"
