import EthereumPrimitives
import Plan
import Transactions

/// What `--against PLAN` compares each transaction with, and nothing more: the plan's chain,
/// account and vouched-for delegates, and per transaction of the compiled plan its action id,
/// nonce, type, `to`, value, data, gas limit, fees, access list and authorization.
///
/// The transactions are packed back to back in one buffer (about the size of their calldata
/// plus 60 bytes each; the fee fields and access lists, shared by most transactions of a plan,
/// are kept once each in small tables), so that the compiled plan and the plan itself can be
/// dropped before a long input is audited against them. ``subscript(_:)`` unpacks one.
public struct PlanExpectations: Sendable {
    /// The plan's chain id and account (the sender every transaction must have).
    public let chainId: UInt64
    public let account: Address
    /// The delegates the plan vouches for: its executor or EIP-7702 delegate, and the
    /// protocols of its address book.
    public let delegates: Set<Address>

    /// The packed transactions; transaction `i` spans `offsets[i]..<offsets[i + 1]`.
    private var packed: [UInt8] = []
    private var offsets: [Int] = [0]
    private var fees: [Fees] = []
    private var accessLists: [[AccessListEntry]] = []

    /// The fee fields of a transaction, kept once per distinct combination.
    struct Fees: Hashable {
        var gasPrice: UInt256?
        var maxFeePerGas: UInt256?
        var maxPriorityFeePerGas: UInt256?
    }

    /// The plan's transactions in nonce order.
    public var count: Int { offsets.count - 1 }

    public init(_ compiled: CompiledPlan) {
        chainId = compiled.plan.chainId
        account = compiled.plan.account
        delegates = Auditor.delegates(of: compiled.plan)
        var feeIndex: [Fees: Int] = [:]
        var listIndex: [[AccessListEntry]: Int] = [:]
        offsets.reserveCapacity(compiled.transactions.count + 1)
        for p in compiled.transactions {
            let e = p.transaction
            let fee = Fees(gasPrice: e.gasPrice, maxFeePerGas: e.maxFeePerGas, maxPriorityFeePerGas: e.maxPriorityFeePerGas)
            let f: Int
            if let known = feeIndex[fee] {
                f = known
            } else {
                f = fees.count
                feeIndex[fee] = f
                fees.append(fee)
            }
            let list = e.accessList
            let a: Int
            if let known = listIndex[list] {
                a = known
            } else {
                a = accessLists.count
                listIndex[list] = a
                accessLists.append(list)
            }
            append(p, fees: f, accessList: a)
        }
    }

    // Layout of one transaction: the action id (length, UTF-8), the nonce, the type byte, a
    // flags byte (1: has `to`, 2: nonzero value, 4: has an authorization), `to` (20 bytes),
    // the value (32 bytes), the gas limit, the fee and access-list table indices, the
    // authorization (chain id 32 bytes, address 20 bytes, nonce), then the data (length,
    // bytes). Integers are LEB128; absent fields take no bytes.

    private mutating func append(_ p: PlanTransaction, fees f: Int, accessList a: Int) {
        let e = p.transaction
        let id = Array(p.actionId.utf8)
        appendNumber(UInt64(id.count))
        packed += id
        appendNumber(e.nonce)
        packed.append(e.type.rawValue)
        var flags: UInt8 = 0
        if e.to != nil { flags |= 1 }
        if !e.value.isZero { flags |= 2 }
        if p.authorization != nil { flags |= 4 }
        packed.append(flags)
        if let to = e.to { packed += to.bytes }
        if !e.value.isZero { packed += e.value.bigEndianBytes32 }
        appendNumber(e.gasLimit)
        appendNumber(UInt64(f))
        appendNumber(UInt64(a))
        if let auth = p.authorization {
            packed += auth.chainId.bigEndianBytes32
            packed += auth.address.bytes
            appendNumber(auth.nonce)
        }
        let data = e.input
        appendNumber(UInt64(data.count))
        packed += data
        offsets.append(packed.count)
    }

    private mutating func appendNumber(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            packed.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        packed.append(UInt8(v))
    }

    /// The plan's transaction `i` (`0..<count`), unpacked.
    public subscript(i: Int) -> ExpectedTransaction {
        precondition(i >= 0 && i < count, "PlanExpectations: index \(i) out of 0..<\(count)")
        return packed.withUnsafeBufferPointer { buffer in
            var r = Unpacker(bytes: buffer, at: offsets[i])
            let id = String(decoding: r.take(Int(r.number())), as: UTF8.self)
            let nonce = r.number()
            let type = TransactionType(rawValue: r.byte())!
            let flags = r.byte()
            let to = flags & 1 != 0 ? Address(bytesAt: r.take(20).baseAddress!) : nil
            let value = flags & 2 != 0 ? UInt256(bigEndianWordAt: r.take(32).baseAddress!) : .zero
            let gasLimit = r.number()
            let fee = fees[Int(r.number())]
            let accessList = accessLists[Int(r.number())]
            var authorization: UnsignedAuthorization?
            if flags & 4 != 0 {
                let chain = UInt256(bigEndianWordAt: r.take(32).baseAddress!)
                let address = Address(bytesAt: r.take(20).baseAddress!)
                authorization = UnsignedAuthorization(chainId: chain, address: address, nonce: r.number())
            }
            let data = Array(r.take(Int(r.number())))
            return ExpectedTransaction(
                actionId: id, nonce: nonce, type: type, to: to, value: value, input: data, gasLimit: gasLimit,
                gasPrice: fee.gasPrice, maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas,
                accessList: accessList, authorization: authorization)
        }
    }

    /// Reads a packed transaction (written by this type: never out of bounds).
    private struct Unpacker {
        let bytes: UnsafeBufferPointer<UInt8>
        var at: Int

        mutating func byte() -> UInt8 {
            defer { at += 1 }
            return bytes[at]
        }

        mutating func number() -> UInt64 {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = byte()
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
        }

        mutating func take(_ n: Int) -> UnsafeBufferPointer<UInt8> {
            precondition(at + n <= bytes.count)
            defer { at += n }
            return UnsafeBufferPointer(rebasing: bytes[at..<(at + n)])
        }
    }
}

/// One transaction of a compiled plan as `--against` compares it (see ``PlanExpectations``).
public struct ExpectedTransaction: Sendable, Hashable {
    /// The id of the action it carries.
    public var actionId: String
    public var nonce: UInt64
    public var type: TransactionType
    /// nil: contract creation.
    public var to: Address?
    public var value: UInt256
    public var input: [UInt8]
    public var gasLimit: UInt64
    public var gasPrice: UInt256?
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?
    public var accessList: [AccessListEntry]
    /// The authorization a type-4 transaction carries, unsigned.
    public var authorization: UnsignedAuthorization?

    /// The fields of a compiled plan's transaction.
    public init(_ p: PlanTransaction) {
        let e = p.transaction
        self.init(
            actionId: p.actionId, nonce: e.nonce, type: e.type, to: e.to, value: e.value, input: e.input,
            gasLimit: e.gasLimit, gasPrice: e.gasPrice, maxFeePerGas: e.maxFeePerGas,
            maxPriorityFeePerGas: e.maxPriorityFeePerGas, accessList: e.accessList, authorization: p.authorization)
    }

    public init(
        actionId: String, nonce: UInt64, type: TransactionType, to: Address?, value: UInt256, input: [UInt8],
        gasLimit: UInt64, gasPrice: UInt256?, maxFeePerGas: UInt256?, maxPriorityFeePerGas: UInt256?,
        accessList: [AccessListEntry], authorization: UnsignedAuthorization?
    ) {
        self.actionId = actionId
        self.nonce = nonce
        self.type = type
        self.to = to
        self.value = value
        self.input = input
        self.gasLimit = gasLimit
        self.gasPrice = gasPrice
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.accessList = accessList
        self.authorization = authorization
    }
}
