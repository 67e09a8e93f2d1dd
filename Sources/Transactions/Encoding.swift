import EthereumPrimitives
import Keccak
import RLP

// RLP sizing and writing of transaction fields, shared by every type. Each encoding is sized
// first and written into a single allocation.

@inline(__always)
func rlpLength(_ v: UInt256) -> Int { RLP.lengthOfInteger(littleEndianLimbs: v.littleEndianLimbs) }

@inline(__always)
func rlpLength(_ v: UInt64) -> Int { RLP.lengthOfInteger(v) }

@inline(__always)
func rlpLength(_ a: Address?) -> Int { a == nil ? 1 : 21 }

@inline(__always)
func rlpLength(bytes: [UInt8]) -> Int { RLP.lengthOfBytes(bytes) }

extension RLPWriter {
    @inline(__always)
    mutating func append(_ v: UInt256) { appendInteger(littleEndianLimbs: v.littleEndianLimbs) }

    @inline(__always)
    mutating func append(_ a: Address?) {
        guard let a else {
            appendRaw(0x80 as UInt8)
            return
        }
        a.withUnsafeBytes { appendBytes($0) }
    }

    @inline(__always)
    mutating func append(_ h: Bytes32) {
        h.withUnsafeBytes { appendBytes($0) }
    }
}

// MARK: Access lists

func accessListPayloadLength(_ list: [AccessListEntry]) -> Int {
    var total = 0
    for entry in list {
        total &+= RLP.lengthOfList(payloadLength: accessListEntryPayloadLength(entry))
    }
    return total
}

@inline(__always)
func accessListEntryPayloadLength(_ entry: AccessListEntry) -> Int {
    21 &+ RLP.lengthOfList(payloadLength: 33 &* entry.storageKeys.count)
}

func writeAccessList(_ list: [AccessListEntry], _ w: inout RLPWriter) {
    w.beginList(payloadLength: accessListPayloadLength(list))
    for entry in list {
        w.beginList(payloadLength: accessListEntryPayloadLength(entry))
        w.append(entry.address)
        w.beginList(payloadLength: 33 &* entry.storageKeys.count)
        for key in entry.storageKeys { w.append(key) }
    }
}

// MARK: Field lists (without the signature)

/// A transaction body's fields, as they appear before the signature.
protocol TransactionFields: Sendable {
    /// Total encoded length of the fields (without the signature).
    var fieldsLength: Int { get }
    /// Writes the fields (exactly `fieldsLength` bytes).
    func writeFields(_ w: inout RLPWriter)
}

extension LegacyTransaction: TransactionFields {
    var fieldsLength: Int {
        rlpLength(nonce) &+ rlpLength(gasPrice) &+ rlpLength(gasLimit) &+ rlpLength(to)
            &+ rlpLength(value) &+ rlpLength(bytes: input)
    }

    func writeFields(_ w: inout RLPWriter) {
        w.appendInteger(nonce)
        w.append(gasPrice)
        w.appendInteger(gasLimit)
        w.append(to)
        w.append(value)
        w.appendBytes(input)
    }
}

extension AccessListTransaction: TransactionFields {
    var fieldsLength: Int {
        rlpLength(chainId) &+ rlpLength(nonce) &+ rlpLength(gasPrice) &+ rlpLength(gasLimit)
            &+ rlpLength(to) &+ rlpLength(value) &+ rlpLength(bytes: input)
            &+ RLP.lengthOfList(payloadLength: accessListPayloadLength(accessList))
    }

    func writeFields(_ w: inout RLPWriter) {
        w.appendInteger(chainId)
        w.appendInteger(nonce)
        w.append(gasPrice)
        w.appendInteger(gasLimit)
        w.append(to)
        w.append(value)
        w.appendBytes(input)
        writeAccessList(accessList, &w)
    }
}

extension DynamicFeeTransaction: TransactionFields {
    var fieldsLength: Int {
        rlpLength(chainId) &+ rlpLength(nonce) &+ rlpLength(maxPriorityFeePerGas) &+ rlpLength(maxFeePerGas)
            &+ rlpLength(gasLimit) &+ rlpLength(to) &+ rlpLength(value) &+ rlpLength(bytes: input)
            &+ RLP.lengthOfList(payloadLength: accessListPayloadLength(accessList))
    }

    func writeFields(_ w: inout RLPWriter) {
        w.appendInteger(chainId)
        w.appendInteger(nonce)
        w.append(maxPriorityFeePerGas)
        w.append(maxFeePerGas)
        w.appendInteger(gasLimit)
        w.append(to)
        w.append(value)
        w.appendBytes(input)
        writeAccessList(accessList, &w)
    }
}

extension BlobTransaction: TransactionFields {
    var fieldsLength: Int {
        rlpLength(chainId) &+ rlpLength(nonce) &+ rlpLength(maxPriorityFeePerGas) &+ rlpLength(maxFeePerGas)
            &+ rlpLength(gasLimit) &+ 21 &+ rlpLength(value) &+ rlpLength(bytes: input)
            &+ RLP.lengthOfList(payloadLength: accessListPayloadLength(accessList))
            &+ rlpLength(maxFeePerBlobGas)
            &+ RLP.lengthOfList(payloadLength: 33 &* blobVersionedHashes.count)
    }

    func writeFields(_ w: inout RLPWriter) {
        w.appendInteger(chainId)
        w.appendInteger(nonce)
        w.append(maxPriorityFeePerGas)
        w.append(maxFeePerGas)
        w.appendInteger(gasLimit)
        w.append(to)
        w.append(value)
        w.appendBytes(input)
        writeAccessList(accessList, &w)
        w.append(maxFeePerBlobGas)
        w.beginList(payloadLength: 33 &* blobVersionedHashes.count)
        for h in blobVersionedHashes { w.append(h) }
    }
}

extension SetCodeTransaction: TransactionFields {
    var fieldsLength: Int {
        var auths = 0
        for a in authorizationList { auths &+= RLP.lengthOfList(payloadLength: a.payloadLength) }
        return rlpLength(chainId) &+ rlpLength(nonce) &+ rlpLength(maxPriorityFeePerGas) &+ rlpLength(maxFeePerGas)
            &+ rlpLength(gasLimit) &+ 21 &+ rlpLength(value) &+ rlpLength(bytes: input)
            &+ RLP.lengthOfList(payloadLength: accessListPayloadLength(accessList))
            &+ RLP.lengthOfList(payloadLength: auths)
    }

    func writeFields(_ w: inout RLPWriter) {
        w.appendInteger(chainId)
        w.appendInteger(nonce)
        w.append(maxPriorityFeePerGas)
        w.append(maxFeePerGas)
        w.appendInteger(gasLimit)
        w.append(to)
        w.append(value)
        w.appendBytes(input)
        writeAccessList(accessList, &w)
        var auths = 0
        for a in authorizationList { auths &+= RLP.lengthOfList(payloadLength: a.payloadLength) }
        w.beginList(payloadLength: auths)
        for a in authorizationList {
            w.beginList(payloadLength: a.payloadLength)
            a.writeFields(&w)
        }
    }
}

// MARK: Hashing

@inline(__always)
func keccak(_ bytes: [UInt8]) -> Bytes32 {
    Bytes32(Keccak256.hash(data: bytes))
}

extension Bytes32 {
    /// The 32 bytes of a digest.
    @inline(__always)
    init(_ digest: Keccak256Digest) {
        self = digest.withUnsafeBytes { Bytes32(bytesAt: $0.baseAddress.unsafelyUnwrapped) }
    }
}
