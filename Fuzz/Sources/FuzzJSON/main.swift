import BallastJSON
import FuzzDriver

// JSON parsing never crashes, and what it accepts round-trips through both printers.
runFuzzer { input in
    if let value = try? JSONValue.parse(bytes: Array(input)) {
        precondition((try? JSONValue.parse(value.compact)) == value, "compact JSON does not round-trip")
        precondition((try? JSONValue.parse(value.pretty)) == value, "pretty JSON does not round-trip")
    }
}
