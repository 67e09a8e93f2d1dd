import FuzzDriver

// The property of FuzzChecks.json (Fuzz/Checks), on every input.
runFuzzer(FuzzChecks.json)
