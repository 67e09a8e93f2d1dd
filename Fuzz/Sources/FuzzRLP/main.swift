import FuzzDriver
import RLP

// Strict RLP decoding never crashes, and whatever it accepts re-encodes to exactly the input.
runFuzzer { input in
    let bytes = Array(input)
    if let item = try? RLP.decode(bytes) {
        precondition(item.encoded() == bytes, "RLP re-encoding differs from a strictly decoded input")
    }
}
