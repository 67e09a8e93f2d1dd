import ABI
import EthereumPrimitives
import Keccak
import Protocols

/// A Safe's version as `VERSION()` returns it (`1.4.1`), which decides the EIP-712 types.
public struct SafeVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// The text as given (`1.3.0+L2` keeps its build label).
    public var text: String

    /// The version Ballast assumes when none is given.
    public static let defaultVersion = SafeVersion(major: 1, minor: 4, patch: 1, text: "1.4.1")

    public init(major: Int, minor: Int, patch: Int, text: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.text = text ?? "\(major).\(minor).\(patch)"
    }

    /// Parses `MAJOR.MINOR.PATCH`, each part 1 to 4 digits, optionally followed by `+LABEL`
    /// (letters, digits, `.`, `-`), as Safe releases are named (`1.3.0+L2`).
    public init?(_ text: String) {
        let core = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)
        if core.count == 2 {
            let label = core[1]
            guard !label.isEmpty, label.count <= 32,
                  label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else { return nil }
        }
        let parts = core[0].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 4, p.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(p) else { return nil }
            numbers.append(n)
        }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2], text: text)
    }

    public static func < (a: SafeVersion, b: SafeVersion) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }

    public static func == (a: SafeVersion, b: SafeVersion) -> Bool {
        (a.major, a.minor, a.patch, a.text) == (b.major, b.minor, b.patch, b.text)
    }

    public var description: String { text }

    /// From 1.3.0 on the EIP-712 domain has the chain id: `EIP712Domain(uint256 chainId,address
    /// verifyingContract)`; before, `EIP712Domain(address verifyingContract)`.
    public var domainHasChainId: Bool { (major, minor, patch) >= (1, 3, 0) }

    /// Before 1.0.0 the struct's sixth field was named `dataGas` (it is `baseGas` since).
    public var usesDataGas: Bool { major < 1 }
}

/// `operation` of a Safe transaction: a CALL or a DELEGATECALL from the Safe.
public enum SafeOperation: UInt8, Sendable, Hashable {
    case call = 0
    case delegateCall = 1
}

/// An owner's signature as carried in a SafeTx file: the owner it claims and 65 bytes `r ‖ s ‖ v`.
public struct SafeOwnerSignature: Sendable, Hashable {
    public var owner: Address
    public var signature: [UInt8]

    public init(owner: Address, signature: [UInt8]) {
        self.owner = owner
        self.signature = signature
    }
}

/// One Safe transaction (the `SafeTx` EIP-712 struct, its Safe, chain and version) and the owner
/// signatures collected so far: the content of a SafeTx file.
public struct SafeTx: Sendable, Hashable {
    public var safe: Address
    public var chainId: UInt64
    public var version: SafeVersion
    public var to: Address
    public var value: UInt256
    public var data: [UInt8]
    public var operation: SafeOperation
    public var safeTxGas: UInt256
    public var baseGas: UInt256
    public var gasPrice: UInt256
    public var gasToken: Address
    public var refundReceiver: Address
    public var nonce: UInt256
    public var signatures: [SafeOwnerSignature]

    public init(
        safe: Address, chainId: UInt64, version: SafeVersion = .defaultVersion, to: Address, value: UInt256 = .zero,
        data: [UInt8], operation: SafeOperation, safeTxGas: UInt256 = .zero, baseGas: UInt256 = .zero,
        gasPrice: UInt256 = .zero, gasToken: Address = .zero, refundReceiver: Address = .zero, nonce: UInt256,
        signatures: [SafeOwnerSignature] = []
    ) {
        self.safe = safe
        self.chainId = chainId
        self.version = version
        self.to = to
        self.value = value
        self.data = data
        self.operation = operation
        self.safeTxGas = safeTxGas
        self.baseGas = baseGas
        self.gasPrice = gasPrice
        self.gasToken = gasToken
        self.refundReceiver = refundReceiver
        self.nonce = nonce
        self.signatures = signatures
    }

    // MARK: EIP-712

    /// The encodeType string of the `SafeTx` struct for this version.
    public var typeString: String {
        let gasName = version.usesDataGas ? "dataGas" : "baseGas"
        return "SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 \(gasName),uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)"
    }

    /// The encodeType string of the domain for this version.
    public var domainTypeString: String {
        version.domainHasChainId ? "EIP712Domain(uint256 chainId,address verifyingContract)" : "EIP712Domain(address verifyingContract)"
    }

    /// hashStruct(EIP712Domain): the chain id (from 1.3.0) and the Safe's address.
    public var domainSeparator: [UInt8] {
        var words = Keccak256.hash(data: Array(domainTypeString.utf8)).bytes
        if version.domainHasChainId { words += UInt256(chainId).bigEndianBytes32 }
        words += Self.word(safe)
        return Keccak256.hash(data: words).bytes
    }

    /// hashStruct(SafeTx).
    public var structHash: [UInt8] {
        var words = Keccak256.hash(data: Array(typeString.utf8)).bytes
        words.reserveCapacity(32 * 11)
        words += Self.word(to)
        words += value.bigEndianBytes32
        words += Keccak256.hash(data: data).bytes
        words += UInt256(UInt64(operation.rawValue)).bigEndianBytes32
        words += safeTxGas.bigEndianBytes32
        words += baseGas.bigEndianBytes32
        words += gasPrice.bigEndianBytes32
        words += Self.word(gasToken)
        words += Self.word(refundReceiver)
        words += nonce.bigEndianBytes32
        return Keccak256.hash(data: words).bytes
    }

    /// The safeTxHash: keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(SafeTx)), what owners sign.
    public var safeTxHash: [UInt8] {
        EIP712.digest(domainSeparator: domainSeparator, structHash: structHash)
    }

    static func word(_ a: Address) -> [UInt8] {
        [UInt8](repeating: 0, count: 12) + a.bytes
    }

    // MARK: execTransaction

    /// `execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)`.
    public static let execTransactionSignature = SafeProtocol.execTransaction.signature

    /// Its selector, 0x6a761202.
    public static let execTransactionSelector: [UInt8] = SafeProtocol.execTransaction.selector

    static let execTransactionTypes: [ABIType] = [
        .address, .uint(bits: 256), .bytes, .uint(bits: 8), .uint(bits: 256), .uint(bits: 256), .uint(bits: 256),
        .address, .address, .bytes,
    ]

    /// The calldata of `execTransaction` with these fields and the packed `signatures`.
    public func execTransactionCalldata(signatures packed: [UInt8]) -> [UInt8] {
        let values: [ABIValue] = [
            .address(to), .uint(value), .bytes(data), .uint(UInt256(UInt64(operation.rawValue))), .uint(safeTxGas),
            .uint(baseGas), .uint(gasPrice), .address(gasToken), .address(refundReceiver), .bytes(packed),
        ]
        // The values match the types by construction: encoding cannot fail.
        return (try? ABIEncoder.encodeCall(selector: Self.execTransactionSelector, values: values, types: Self.execTransactionTypes)) ?? []
    }
}
