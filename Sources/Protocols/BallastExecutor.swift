import ABI
import EthereumPrimitives

/// The Ballast executor: `execute` runs a call list; the flash-loan callbacks carry one.
public enum BallastExecutor {
    /// The bundled ABI file(s) (`abi/`) describing the executor: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["BallastExecutor.json"]

    public static let execute = ProtocolFunction("Ballast executor", "execute((address,uint256,bytes)[])", nesting: .callList(0))

    static let functions: [ProtocolFunction] = [execute]

    /// The type of a call list: `(address target, uint256 value, bytes data)[]`.
    public static let callListType = ABIType.array(.tuple([.address, .uint256, .bytes]))

    /// One call of a call list.
    public typealias Call = (target: Address, value: UInt256, data: [UInt8])

    static func callList(_ calls: [Call]) -> ABIValue {
        .array(calls.map { .tuple([.address($0.target), .uint($0.value), .bytes($0.data)]) })
    }

    // MARK: Step encoders

    /// `execute(calls)`.
    public static func execute(calls: [Call]) throws(ABIEncodingError) -> EncodedCall {
        try execute.call([callList(calls)])
    }

    /// A flash-loan callback's data: `abi.encode(calls)` (a call list, no selector).
    public static func callbackData(calls: [Call]) throws(ABIEncodingError) -> [UInt8] {
        try ABIEncoder.encode([callList(calls)], as: [callListType])
    }

    // MARK: The reference executor's bounds (contracts/BallastExecutor.vy)

    /// `MAX_CALLS`: calls in one `execute`.
    public static let maxCalls = 8
    /// `MAX_DATA`: bytes of one call's data in `execute`.
    public static let maxCallData = 14_336
    /// `MAX_INNER_CALLS`: calls in a flash-loan callback's call list.
    public static let maxCallbackCalls = 16
    /// `MAX_INNER_DATA`: bytes of one call's data in a callback.
    public static let maxCallbackCallData = 576
    /// `MAX_ASSETS`: assets of one Aave or Balancer flash loan.
    public static let maxFlashLoanAssets = 16
}
