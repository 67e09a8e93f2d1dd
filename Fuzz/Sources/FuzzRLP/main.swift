import FuzzDriver

// The property of FuzzChecks.rlp (Fuzz/Checks), on every input.
runFuzzer(FuzzChecks.rlp)
