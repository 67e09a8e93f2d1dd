import FuzzDriver

// The property of FuzzChecks.auditInput (Fuzz/Checks), on every input.
runFuzzer(FuzzChecks.auditInput)
