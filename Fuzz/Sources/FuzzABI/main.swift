import ABI
import FuzzDriver

// Strict ABI decoding over a few fixed argument lists never crashes, and whatever it accepts
// re-encodes to exactly the input. Lenient decoding never crashes either; when it reports no
// finding the input is canonical, so it must re-encode exactly too. The first input byte picks
// the argument list; the rest is the data.
let typeLists: [[ABIType]] = [
    // Aave V3 Pool.flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)
    "(address,address[],uint256[],uint256[],address,bytes,uint16)",
    "(bytes,string,uint256[])",
    "((address,uint256,bytes)[])",
    "(int8,bool,bytes4,uint256[2],string[],(uint24,bytes)[2])",
    "(bytes[][],(string,int256[])[])",
].map { text in
    guard case .tuple(let components) = try! ABIType(parsing: text) else { fatalError("not a type list: \(text)") }
    return components
}

runFuzzer { input in
    guard let selector = input.first else { return }
    let types = typeLists[Int(selector) % typeLists.count]
    let data = Array(input.dropFirst())
    if let values = try? ABIDecoder.decode(types, from: data, mode: .strict) {
        guard let encoded = try? ABIEncoder.encode(values, as: types) else {
            preconditionFailure("strictly decoded values do not encode")
        }
        precondition(encoded == data, "re-encoding differs from a strictly decoded input")
    }
    if let report = try? ABIDecoder.decodeReport(types, from: data, mode: .lenient), report.isCanonical {
        precondition((try? ABIEncoder.encode(report.values, as: types)) == data, "a canonical lenient decode does not re-encode exactly")
    }
}
