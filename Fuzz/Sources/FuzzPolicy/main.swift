import FuzzDriver

// The property of FuzzChecks.policy (Fuzz/Checks), on every input.
runFuzzer(FuzzChecks.policy)
