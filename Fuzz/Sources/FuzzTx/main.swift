import FuzzDriver

// The property of FuzzChecks.tx (Fuzz/Checks), on every input.
runFuzzer(FuzzChecks.tx)
