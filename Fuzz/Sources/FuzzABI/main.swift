import FuzzDriver

// The property of FuzzChecks.abi (Fuzz/Checks), on every input.
runFuzzer(FuzzChecks.abi)
