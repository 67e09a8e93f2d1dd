import FuzzDriver

// The property of FuzzChecks.primitives (Fuzz/Checks), on every input.
runFuzzer(FuzzChecks.primitives)
