import ABI
import EthereumPrimitives
import Keccak

/// What an argument of a protocol function means to the checks that read it.
public enum ArgumentRole: Sendable, Hashable {
    /// Receives the tokens, shares or ether the call moves out.
    case recipient
    /// Owns the position the call credits or changes (`onBehalfOf`, an ERC-4626 `owner`).
    case positionOwner
    /// Takes on the debt the call opens (`borrow`'s `onBehalfOf`).
    case debtBearer
    /// Receives a flash loan and is called back with it.
    case flashLoanReceiver
    /// A minimum output: 0 accepts any price.
    case minimumOut
    /// A maximum input: unlimited (2^255 and above) accepts any price.
    case maximumIn
    /// A deadline (Unix time). Declared, read by no check.
    case deadline
    /// The token paid in (for a swap, the token pulled from the caller). A swap path names it:
    /// a V2 path (`address[]`) by its first address, a V3 exact-output path (reversed) by its
    /// last 20 bytes.
    case tokenIn
    /// The token paid out. A V2 path names it by its last address, a V3 exact-input path by its
    /// last 20 bytes.
    case tokenOut

    /// The roles whose address must be the sender's (audit) or an allowed recipient (policy).
    public var namesBeneficiary: Bool {
        switch self {
        case .recipient, .positionOwner, .debtBearer, .flashLoanReceiver: true
        default: false
        }
    }

    /// A swap's price bound.
    public var isSlippageBound: Bool { self == .minimumOut || self == .maximumIn }
}

/// Where an argument is: its index, then tuple component indexes; ``each`` for every element of
/// an array.
public struct ArgumentPath: Sendable, Hashable, CustomStringConvertible {
    public static let each = -1
    public var indexes: [Int]

    public init(_ indexes: [Int]) { self.indexes = indexes }

    public var description: String { indexes.map { $0 == Self.each ? "[]" : String($0) }.joined(separator: ".") }

    /// Every value at this path in `args` (several when it crosses an array).
    public func values(in args: [ABIValue]) -> [ABIValue] {
        guard let first = indexes.first, first >= 0, first < args.count else { return [] }
        var level = [args[first]]
        for i in indexes.dropFirst() {
            var next: [ABIValue] = []
            for v in level {
                switch v {
                case .array(let items) where i == Self.each: next += items
                case .tuple(let parts) where i >= 0 && i < parts.count: next.append(parts[i])
                default: break
                }
            }
            level = next
        }
        return level
    }

    /// The value at this path when it crosses no array.
    public func value(in args: [ABIValue]) -> ABIValue? {
        guard let first = indexes.first, first >= 0, first < args.count else { return nil }
        var v = args[first]
        for i in indexes.dropFirst() {
            guard case .tuple(let parts) = v, i >= 0, i < parts.count else { return nil }
            v = parts[i]
        }
        return v
    }

    /// The addresses at this path.
    public func addresses(in args: [ABIValue]) -> [Address] {
        values(in: args).compactMap { if case .address(let a) = $0 { a } else { nil } }
    }
}

/// One argument with a role.
public struct RoleArgument: Sendable, Hashable {
    public var path: ArgumentPath
    /// The argument's name in the protocol's ABI (`onBehalfOf`, `funds.recipient`).
    public var name: String
    public var role: ArgumentRole

    public init(_ path: [Int], _ name: String, _ role: ArgumentRole) {
        self.path = ArgumentPath(path)
        self.name = name
        self.role = role
    }
}

/// Where a function keeps the calls it makes.
public enum CallNesting: Sendable, Hashable {
    /// An argument of type `(address,uint256,bytes)[]`.
    case callList(Int)
    /// A `bytes` argument holding `abi.encode((address,uint256,bytes)[])`.
    case encodedCallList(Int)
    /// Multicall3 `(address target, bool allowFailure, bytes callData)[]`.
    case call3(Int)
    /// Multicall3 `(address target, bool allowFailure, uint256 value, bytes callData)[]`.
    case call3Value(Int)
    /// Multicall3 `(address target, bytes callData)[]`.
    case targetCalls(Int)
    /// `bytes[]` of calls to the same contract (`multicall`).
    case selfCalls(Int)
    /// Safe MultiSend packed transactions (`operation ‖ to ‖ value ‖ dataLength ‖ data`), called
    /// by DELEGATECALL from the Safe.
    case multiSend(Int)
    /// Safe `execTransaction(to, value, data, operation, …)`: one call.
    case safeTransaction
}

/// How a function grants an allowance (each reads spender and amount its own way).
public enum ApprovalKind: Sendable, Hashable {
    /// ERC-20 `approve(spender, amount)`: the token is the target.
    case approve
    /// `increaseAllowance(spender, added)`.
    case increaseAllowance
    /// Permit2 `approve(token, spender, amount, expiration)`.
    case permit2Approve
    /// Permit2 `permit(owner, PermitSingle, signature)`.
    case permit2Permit
    /// Permit2 `permit(owner, PermitBatch, signature)`: one allowance a token.
    case permit2PermitBatch
    /// ERC-2612 `permit(owner, spender, value, deadline, v, r, s)`.
    case erc2612Permit
    /// DAI `permit(holder, spender, nonce, expiry, allowed, v, r, s)`: `allowed` is unlimited.
    case daiPermit
    /// ERC-721/1155 `setApprovalForAll(operator, approved)`: every token of the target.
    case operatorForTokens
    /// Morpho Blue `setAuthorization(authorized, isAuthorized)`: every position of the caller.
    case operatorForPositions
}

/// One allowance a call grants: `spender` may spend `amount` of `token`.
public struct Grant: Sendable, Hashable {
    public var token: Address
    public var spender: Address
    public var amount: UInt256
    /// From this amount on the allowance is unlimited: 2^255 for `uint256`, 2^159 for Permit2's
    /// `uint160` (whose maximum Permit2 never decreases).
    public var unlimitedFrom: UInt256
    /// Who signed a permit (ERC-2612 `owner`, DAI `holder`), when the call names one.
    public var owner: Address?

    public var isUnlimited: Bool { amount >= unlimitedFrom }
}

/// A token movement a call causes for its caller: what the flash-loan coverage check adds up.
/// Amounts are the bounds the call guarantees, not what it happens to move.
public enum TokenFlow: Sendable, Hashable {
    /// The caller pays at most `amount` of `token` (pulled with an allowance or sent).
    case pays(token: Address, amount: UInt256)
    /// `recipient` (nil: the caller) receives at least `amount` of `token`.
    case receives(token: Address, amount: UInt256, recipient: Address?)
}

/// A change a call makes to a lending position: what the health-factor guard applies. Amounts
/// are bounds, as for ``TokenFlow``: a supply or borrow of exactly `amount`, a withdrawal of at
/// least `amount` (`2^256 − 1` forms: the minimum the plan expects), a repayment of at most
/// `amount`.
public struct PositionChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Collateral added.
        case supply
        /// Collateral taken out.
        case withdraw
        /// Debt opened.
        case borrow
        /// Debt paid back.
        case repay
    }

    /// Which position the change applies to.
    public enum Position: Sendable, Hashable {
        /// One position over every asset of a pool, with one health factor (Aave V3).
        case pooled
        /// One isolated market (Morpho Blue).
        case market(MorphoBlue.MarketParams)
    }

    public var kind: Kind
    public var position: Position
    public var token: Address
    public var amount: UInt256
    /// Whose position changes (`onBehalfOf`); nil: the caller's.
    public var owner: Address?

    public init(_ kind: Kind, _ position: Position, token: Address, amount: UInt256, owner: Address?) {
        self.kind = kind
        self.position = position
        self.token = token
        self.amount = amount
        self.owner = owner
    }
}

/// A call a protocol's step encoder built: the calldata, the token flows it causes and the
/// position changes it makes.
public struct EncodedCall: Sendable, Hashable {
    public var data: [UInt8]
    public var flows: [TokenFlow]
    public var positionChanges: [PositionChange]
    /// The role of the function's price bound (``ArgumentRole/minimumOut``: an exact-input swap,
    /// whose receipt flow is the bound; ``ArgumentRole/maximumIn``: an exact-output swap, whose
    /// payment flow is the bound), nil when the function has none.
    public var priceBound: ArgumentRole?

    public init(data: [UInt8], flows: [TokenFlow] = [], positionChanges: [PositionChange] = [], priceBound: ArgumentRole? = nil) {
        self.data = data
        self.flows = flows
        self.positionChanges = positionChanges
        self.priceBound = priceBound
    }

    /// The swap the call makes, when its function declares a price bound and its flows pay one
    /// token and receive another: the first payment and the first receipt.
    public var swap: (paid: Address, paidAmount: UInt256, received: Address, receivedAmount: UInt256, exactInput: Bool)? {
        guard let bound = priceBound else { return nil }
        var paid: (Address, UInt256)?, received: (Address, UInt256)?
        for f in flows {
            switch f {
            case .pays(let t, let a): if paid == nil { paid = (t, a) }
            case .receives(let t, let a, _): if received == nil { received = (t, a) }
            }
        }
        guard let paid, let received else { return nil }
        return (paid.0, paid.1, received.0, received.1, bound == .minimumOut)
    }
}

/// How a flash lender is paid back inside the callback, and the fee it charges.
public struct FlashLoanRepayment: Sendable, Hashable {
    public enum Method: Sendable, Hashable {
        /// The lender pulls loan + fee after the callback: the receiver approves it.
        case approveLender
        /// The receiver transfers loan + fee back to the lender before the callback returns.
        case transferToLender
    }

    /// The fee on a loan of `amount` at `bps` basis points, rounded as the lender rounds it.
    public enum Fee: Sendable, Hashable {
        /// No fee.
        case none
        /// `PercentageMath.percentMul`: ⌊(amount × bps + 5000) / 10000⌋ (half up); the lender
        /// reverts when amount × bps + 5000 ≥ 2^256.
        case percentMulHalfUp
        /// `FixedPoint.mulUp(amount, bps × 10^14)` (18-decimal fixed point): 0 when the product is
        /// 0, else ⌊(amount × bps × 10^14 − 1) / 10^18⌋ + 1; the lender reverts when the product
        /// reaches 2^256.
        case fixedPointMulUp

        /// The fee, or nil when the lender's own arithmetic overflows (its flash loan reverts).
        public func fee(on amount: UInt256, bps: UInt64) -> UInt256? {
            guard bps > 0, !amount.isZero else { return .zero }
            switch self {
            case .none:
                return .zero
            case .percentMulHalfUp:
                let (product, o1) = amount.multipliedReportingOverflow(by: UInt256(bps))
                let (numerator, o2) = product.addingReportingOverflow(UInt256(UInt64(5_000)))
                guard !o1, !o2 else { return nil }
                return numerator / UInt256(UInt64(10_000))
            case .fixedPointMulUp:
                let (p1, o1) = amount.multipliedReportingOverflow(by: UInt256(bps))
                let (product, o2) = p1.multipliedReportingOverflow(by: UInt256(UInt64(100_000_000_000_000)))
                guard !o1, !o2 else { return nil }
                return (product - .one) / UInt256(UInt64(1_000_000_000_000_000_000)) + .one
            }
        }
    }

    public var method: Method
    public var fee: Fee

    public init(_ method: Method, fee: Fee) {
        self.method = method
        self.fee = fee
    }

    /// loan + fee, nil when the fee overflows the lender's arithmetic or the sum passes 2^256 − 1.
    public func total(for amount: UInt256, bps: UInt64) -> UInt256? {
        guard let f = fee.fee(on: amount, bps: bps) else { return nil }
        let (sum, overflow) = amount.addingReportingOverflow(f)
        return overflow ? nil : sum
    }
}

/// A function of a protocol, declared once: its signature and what its arguments mean.
public struct ProtocolFunction: Sendable {
    public let protocolName: String
    public let signature: String
    public let selector: [UInt8]
    /// The typed definition parsed from ``signature`` (input types for encoding and decoding).
    /// A signature that does not parse gives a function named `invalid`, which the tests refuse.
    public let definition: ABIFunction
    public var arguments: [RoleArgument]
    public var approval: ApprovalKind?
    public var nesting: CallNesting?
    /// The call list is followed only when the decoder follows batches (Multicall3, Safe).
    public var nestingIsBatch: Bool
    /// Uniswap router payments: `address(1)` is the router's msg.sender, `address(2)` the router.
    public var routerSpecialRecipients: Bool
    /// Inside a flash loan's callback it may pay the lender back (Balancer is repaid by transfer).
    public var mayRepayLender: Bool

    public init(_ protocolName: String, _ signature: String, _ arguments: [RoleArgument] = [], approval: ApprovalKind? = nil,
                nesting: CallNesting? = nil, nestingIsBatch: Bool = false, routerSpecialRecipients: Bool = false, mayRepayLender: Bool = false) {
        self.protocolName = protocolName
        self.signature = signature
        self.selector = Array(Keccak256.hash(data: signature.utf8).bytes.prefix(4))
        self.definition = (try? ABIFunction(parsing: "function " + signature)) ?? ABIFunction(name: "invalid")
        self.arguments = arguments
        self.approval = approval
        self.nesting = nesting
        self.nestingIsBatch = nestingIsBatch
        self.routerSpecialRecipients = routerSpecialRecipients
        self.mayRepayLender = mayRepayLender
    }

    /// Calldata: selector ‖ the arguments encoded as the signature's types.
    public func encode(_ values: [ABIValue]) throws(ABIEncodingError) -> [UInt8] {
        try ABIEncoder.encodeCall(selector: selector, values: values, types: definition.inputTypes)
    }

    /// A call with the token flows it causes and the position changes it makes (its price
    /// bound, if any, is the function's).
    public func call(_ values: [ABIValue] = [], flows: [TokenFlow] = [], changes: [PositionChange] = []) throws(ABIEncodingError) -> EncodedCall {
        EncodedCall(data: try encode(values), flows: flows, positionChanges: changes, priceBound: slippageBound?.role)
    }

    /// The arguments with `role`.
    public func arguments(_ role: ArgumentRole) -> [RoleArgument] { arguments.filter { $0.role == role } }

    /// The arguments naming who receives, owns or owes what the call moves.
    public var beneficiaries: [RoleArgument] { arguments.filter { $0.role.namesBeneficiary } }

    /// The token the argument with `role` (``ArgumentRole/tokenIn`` or ``ArgumentRole/tokenOut``)
    /// names in `args`: an address, a V3 path's last token (at least `minimumPathBytes` bytes), a
    /// V2 path's first token paid in or last token paid out.
    public func token(_ role: ArgumentRole, in args: [ABIValue], minimumPathBytes: Int = 20) -> Address? {
        guard let argument = arguments(role).first else { return nil }
        switch argument.path.value(in: args) {
        case .address(let a)?: return a
        case .bytes(let path)? where path.count >= max(minimumPathBytes, 20): return Address(bytes: path.suffix(20))
        case .array(let items)?:
            if case .address(let a)? = role == .tokenIn ? items.first : items.last { return a }
            return nil
        default: return nil
        }
    }

    /// The swap's price bound, if it has one.
    public var slippageBound: RoleArgument? { arguments.first { $0.role.isSlippageBound } }

    /// The allowances a call of this function (decoded: `args`) on `target` grants.
    public func grants(args: [ABIValue], target: Address) -> [Grant] {
        guard let kind = approval else { return [] }
        func address(_ path: [Int]) -> Address? {
            if case .address(let a)? = ArgumentPath(path).value(in: args) { a } else { nil }
        }
        func uint(_ path: [Int]) -> UInt256? {
            if case .uint(let u)? = ArgumentPath(path).value(in: args) { u } else { nil }
        }
        func bool(_ path: [Int]) -> Bool? {
            if case .bool(let b)? = ArgumentPath(path).value(in: args) { b } else { nil }
        }
        let half256 = UInt256.one << 255
        let half160 = UInt256.one << 159
        switch kind {
        case .approve, .increaseAllowance:
            guard let spender = address([0]), let amount = uint([1]) else { return [] }
            return [Grant(token: target, spender: spender, amount: amount, unlimitedFrom: half256)]
        case .permit2Approve:
            guard let token = address([0]), let spender = address([1]), let amount = uint([2]) else { return [] }
            return [Grant(token: token, spender: spender, amount: amount, unlimitedFrom: half160)]
        case .permit2Permit, .permit2PermitBatch:
            guard let spender = address([1, 1]), let details = ArgumentPath([1, 0]).value(in: args) else { return [] }
            let items: [ABIValue]
            if case .array(let list) = details { items = list } else { items = [details] }
            return items.compactMap { d in
                guard case .tuple(let p) = d, p.count == 4, case .address(let token) = p[0], case .uint(let amount) = p[1] else { return nil }
                return Grant(token: token, spender: spender, amount: amount, unlimitedFrom: half160, owner: address([0]))
            }
        case .erc2612Permit:
            guard let owner = address([0]), let spender = address([1]), let amount = uint([2]) else { return [] }
            return [Grant(token: target, spender: spender, amount: amount, unlimitedFrom: half256, owner: owner)]
        case .daiPermit:
            guard let holder = address([0]), let spender = address([1]), let allowed = bool([4]) else { return [] }
            return [Grant(token: target, spender: spender, amount: allowed ? .max : .zero, unlimitedFrom: half256, owner: holder)]
        case .operatorForTokens, .operatorForPositions:
            guard let spender = address([0]), let granted = bool([1]) else { return [] }
            return [Grant(token: target, spender: spender, amount: granted ? .max : .zero, unlimitedFrom: half256)]
        }
    }
}

/// A protocol a plan can name: its name in the plan (`aave-v3`, a target, a spender, a key of the
/// plan's `protocols`), the key of its address inside that object (`{"aave-v3": {"pool": "0x…"}}`),
/// the contract the address is, the bundled ABI files describing it, and its built-in address on
/// each chain where `vectors/reference/protocols.md` confirms one. Each protocol's file declares
/// its own (`extension ProtocolName { static let … }`) and ``all`` lists them: the plan reader,
/// the compiler and the built-in address books read nothing else.
public struct ProtocolName: Sendable, Hashable {
    /// The name a plan uses (`aave-v3`).
    public let rawValue: String
    /// The key of the address inside the protocol's object of the plan's `protocols` (`pool`).
    public let addressKey: String
    /// What the address is (`the Aave V3 Pool`).
    public let contract: String
    /// The bundled ABI files (`abi/`) describing the contract: a plan's `call` by bare function
    /// name searches them.
    public let abiFiles: [String]
    /// The built-in address, by chain id. A constant that does not parse is the zero address,
    /// which the address book test refuses.
    public let builtinAddresses: [UInt64: Address]

    public init(_ rawValue: String, addressKey: String, contract: String, abiFiles: [String], builtin: [UInt64: String] = [:]) {
        self.rawValue = rawValue
        self.addressKey = addressKey
        self.contract = contract
        self.abiFiles = abiFiles
        self.builtinAddresses = builtin.mapValues { (try? Address(hex: $0)) ?? .zero }
    }

    /// The protocol a plan names `rawValue`, if any (case-sensitive).
    public init?(rawValue: String) {
        guard let p = Self.byName[rawValue] else { return nil }
        self = p
    }

    /// What the address is in the plan, for messages: `aave-v3.pool`.
    public var addressDescription: String {
        "\(rawValue).\(addressKey)"
    }

    /// A protocol is its name.
    public static func == (a: ProtocolName, b: ProtocolName) -> Bool { a.rawValue == b.rawValue }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// Every protocol a plan can name, in the order messages list them. A new protocol's file
    /// declares its `ProtocolName` and adds it here.
    public static let all: [ProtocolName] = [.aaveV3, .balancerV2, .morphoBlue, .uniswapV3, .uniswapV2, .multicall3, .permit2, .safe, .weth]

    /// By plan name (the first declaration wins; a test keeps the names unique).
    static let byName: [String: ProtocolName] = Dictionary(all.map { ($0.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
}

/// Every protocol function Ballast reads arguments of, by canonical signature and selector.
public enum ProtocolCatalog {
    /// The protocols, one declaration each (one file a protocol).
    public static let protocols: [(name: String, functions: [ProtocolFunction])] = [
        ("ERC-20", ERC20.functions),
        ("WETH", WETH.functions),
        ("ERC-4626", ERC4626.functions),
        ("Aave V3", AaveV3.functions),
        ("Balancer V2", BalancerV2.functions),
        ("Morpho Blue", MorphoBlue.functions),
        ("Uniswap V3", UniswapV3.functions),
        ("Uniswap V2", UniswapV2.functions),
        ("Permit2", Permit2.functions),
        ("Safe", SafeProtocol.functions),
        ("Multicall3", Multicall3.functions),
        ("Yearn", Yearn.functions),
        ("Curve/Convex", CurveConvex.functions),
        ("Beefy", Beefy.functions),
        ("GMX", GMX.functions),
        ("Ballast executor", BallastExecutor.functions),
    ]

    /// Every function, in declaration order.
    public static let all: [ProtocolFunction] = protocols.flatMap(\.functions)

    /// Signatures declared twice (a test keeps this empty).
    public static let duplicateSignatures: [String] = {
        var seen = Set<String>(), twice: [String] = []
        for f in all where !seen.insert(f.signature).inserted { twice.append(f.signature) }
        return twice
    }()

    /// By canonical signature (the first declaration wins).
    public static let bySignature: [String: ProtocolFunction] = Dictionary(all.map { ($0.signature, $0) }, uniquingKeysWith: { a, _ in a })

    /// By selector: every function with it (overloads differ by arguments, not by selector).
    public static let bySelector: [UInt32: [ProtocolFunction]] = Dictionary(grouping: all) { f in
        f.selector.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// The function a call decoded as (its canonical signature).
    public static func function(_ signature: String) -> ProtocolFunction? { bySignature[signature] }

    /// The position in ``all`` of the function with this canonical signature (the first
    /// declaration): looked up once, when a decoder learns a function, so that the checks of each
    /// call it decodes read the catalog by position (`DecodedCall.catalogIndex`), not by name.
    public static func index(of signature: String) -> Int? { indexBySignature[signature] }

    private static let indexBySignature: [String: Int] = Dictionary(
        all.enumerated().map { ($1.signature, $0) }, uniquingKeysWith: { a, _ in a })

    /// For each function of ``all``, in order, a value computed from it once (the checks' own
    /// tables by ``index(of:)``).
    public static func table<T>(_ value: (ProtocolFunction) -> T) -> [T] { all.map(value) }

    /// The functions with this 4-byte selector.
    public static func functions(selector: [UInt8]) -> [ProtocolFunction] {
        guard selector.count == 4 else { return [] }
        return bySelector[selector.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }] ?? []
    }
}
