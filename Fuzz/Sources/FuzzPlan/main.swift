import FuzzDriver

// The property of FuzzChecks.plan (Fuzz/Checks), on every input.
runFuzzer(FuzzChecks.plan)
