#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (LLVMFuzzerRunDriver, in the runtime linked by -sanitize=fuzzer) with
/// `callback` as the target. SwiftPM links Linux executables with `--defsym main=<Module>_main`,
/// so each fuzzer defines `<Module>_main` and calls this instead of relying on libFuzzer's main.
int fuzz_run_driver(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));
