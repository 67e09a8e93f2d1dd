import EthereumPrimitives
import RLP

// Strict decoding of raw transactions, field by field over the zero-copy RLP reader. Every
// error names the field it was found in and the byte offset in the raw transaction.

/// Reads one transaction's fields and turns RLP errors into field-named transaction errors.
struct FieldReader {
    var r: RLPReader

    init(_ r: RLPReader) { self.r = r }

    var position: Int { r.position }
    var isAtEnd: Bool { r.isAtEnd }

    @inline(__always)
    static func map(_ e: RLPError, _ field: String) -> TransactionError {
        if e.kind == .missingItem { return TransactionError(.missingField, field: field, offset: e.offset) }
        return TransactionError(.rlp(e.kind), field: field, offset: e.offset)
    }

    /// The payload of the next item as a canonical integer of at most `maxBytes` bytes. A leading
    /// zero is reported before the length, so `0x00ff…` is non-canonical rather than too large.
    @inline(__always)
    mutating func integerBytes(_ field: @autoclosure () -> String, maxBytes: Int, bound: String) throws(TransactionError) -> ArraySlice<UInt8> {
        let at = r.position
        let b: ArraySlice<UInt8>
        do throws(RLPError) { b = try r.nextBytes() } catch { throw Self.map(error, field()) }
        if let first = b.first, first == 0 { throw TransactionError(.rlp(.nonCanonicalInteger), field: field(), offset: at) }
        guard b.count <= maxBytes else { throw TransactionError(.valueOutOfRange(bound), field: field(), offset: at) }
        return b
    }

    /// A canonical integer below 2^64.
    @inline(__always)
    mutating func uint64(_ field: @autoclosure () -> String) throws(TransactionError) -> UInt64 {
        let b = try integerBytes(field(), maxBytes: 8, bound: "below 2^64")
        var v: UInt64 = 0
        for x in b { v = v &<< 8 | UInt64(x) }
        return v
    }

    /// A canonical integer of at most 32 bytes.
    @inline(__always)
    mutating func uint256(_ field: @autoclosure () -> String) throws(TransactionError) -> UInt256 {
        let b = try integerBytes(field(), maxBytes: 32, bound: "below 2^256")
        return UInt256(bigEndian: b) ?? .zero
    }

    /// A byte string.
    @inline(__always)
    mutating func bytes(_ field: @autoclosure () -> String) throws(TransactionError) -> ArraySlice<UInt8> {
        do throws(RLPError) { return try r.nextBytes() } catch { throw Self.map(error, field()) }
    }

    /// A list.
    @inline(__always)
    mutating func list(_ field: @autoclosure () -> String) throws(TransactionError) -> FieldReader {
        do throws(RLPError) { return FieldReader(try r.nextList()) } catch { throw Self.map(error, field()) }
    }

    /// A 20-byte address.
    @inline(__always)
    mutating func address(_ field: @autoclosure () -> String) throws(TransactionError) -> Address {
        let at = r.position
        let b = try bytes(field())
        guard let a = Address(bytes: b) else {
            throw TransactionError(.invalidLength(expected: "20 bytes", actual: b.count), field: field(), offset: at)
        }
        return a
    }

    /// An empty string (contract creation: nil) or a 20-byte address.
    @inline(__always)
    mutating func optionalAddress(_ field: @autoclosure () -> String) throws(TransactionError) -> Address? {
        let at = r.position
        let b = try bytes(field())
        if b.isEmpty { return nil }
        guard let a = Address(bytes: b) else {
            throw TransactionError(
                .invalidLength(expected: "empty (contract creation) or 20 bytes", actual: b.count), field: field(), offset: at)
        }
        return a
    }

    /// A 20-byte address, where an empty string (contract creation) is not allowed.
    @inline(__always)
    mutating func requiredAddress(_ field: @autoclosure () -> String) throws(TransactionError) -> Address {
        let at = r.position
        let b = try bytes(field())
        if b.isEmpty { throw TransactionError(.missingTo, field: field(), offset: at) }
        guard let a = Address(bytes: b) else {
            throw TransactionError(.invalidLength(expected: "20 bytes", actual: b.count), field: field(), offset: at)
        }
        return a
    }

    /// A 32-byte string.
    @inline(__always)
    mutating func bytes32(_ field: @autoclosure () -> String) throws(TransactionError) -> Bytes32 {
        let at = r.position
        let b = try bytes(field())
        guard let h = Bytes32(bytes: b) else {
            throw TransactionError(.invalidLength(expected: "32 bytes", actual: b.count), field: field(), offset: at)
        }
        return h
    }

    /// Requires that the list has ended; `last` names the last field read.
    @inline(__always)
    func end(after last: @autoclosure () -> String) throws(TransactionError) {
        guard r.isAtEnd else { throw TransactionError(.extraField, field: last(), offset: r.position) }
    }

    mutating func accessList() throws(TransactionError) -> [AccessListEntry] {
        var items = try list("accessList")
        var out: [AccessListEntry] = []
        var i = 0
        while !items.isAtEnd {
            var entry = try items.list("accessList[\(i)]")
            let address = try entry.address("accessList[\(i)].address")
            var keysReader = try entry.list("accessList[\(i)].storageKeys")
            var keys: [Bytes32] = []
            var j = 0
            while !keysReader.isAtEnd {
                keys.append(try keysReader.bytes32("accessList[\(i)].storageKeys[\(j)]"))
                j &+= 1
            }
            try entry.end(after: "accessList[\(i)].storageKeys")
            out.append(AccessListEntry(address: address, storageKeys: keys))
            i &+= 1
        }
        return out
    }

    mutating func authorizationList() throws(TransactionError) -> [SignedAuthorization] {
        let listAt = r.position
        var items = try list("authorizationList")
        var out: [SignedAuthorization] = []
        var i = 0
        while !items.isAtEnd {
            var a = try items.list("authorizationList[\(i)]")
            let chainId = try a.uint256("authorizationList[\(i)].chainId")
            let address = try a.address("authorizationList[\(i)].address")
            let nonce = try a.uint64("authorizationList[\(i)].nonce")
            let y = try a.integerBytes("authorizationList[\(i)].yParity", maxBytes: 1, bound: "below 2^8").first ?? 0
            let r = try a.uint256("authorizationList[\(i)].r")
            let s = try a.uint256("authorizationList[\(i)].s")
            try a.end(after: "authorizationList[\(i)].s")
            out.append(SignedAuthorization(chainId: chainId, address: address, nonce: nonce, yParity: UInt8(y), r: r, s: s))
            i &+= 1
        }
        guard !out.isEmpty else { throw TransactionError(.emptyAuthorizationList, field: "authorizationList", offset: listAt) }
        return out
    }

    mutating func blobVersionedHashes() throws(TransactionError) -> [Bytes32] {
        let listAt = r.position
        var items = try list("blobVersionedHashes")
        var out: [Bytes32] = []
        var i = 0
        while !items.isAtEnd {
            let at = items.position
            let h = try items.bytes32("blobVersionedHashes[\(i)]")
            guard h.firstByte == BlobTransaction.versionedHashVersion else {
                throw TransactionError(.invalidBlobHashVersion(h.firstByte), field: "blobVersionedHashes[\(i)]", offset: at)
            }
            out.append(h)
            i &+= 1
        }
        guard !out.isEmpty else { throw TransactionError(.noBlobHashes, field: "blobVersionedHashes", offset: listAt) }
        return out
    }

    /// yParity, r, s of a typed transaction.
    mutating func typedSignature() throws(TransactionError) -> TransactionSignature {
        let yAt = r.position
        let yBytes = try integerBytes("yParity", maxBytes: .max, bound: "0 or 1")
        let y = yBytes.first ?? 0
        guard yBytes.count <= 1, y <= 1 else { throw TransactionError(.invalidYParity, field: "yParity", offset: yAt) }
        let (r, rAt) = try scalar("r")
        let (s, sAt) = try scalar("s")
        return try TransactionSignature(yParity: UInt8(y), r: r, s: s, fields: ("yParity", "r", "s"), offsets: (yAt, rAt, sAt))
    }

    /// r or s: a canonical integer; more than 32 bytes is an invalid signature value.
    mutating func scalar(_ field: String) throws(TransactionError) -> (UInt256, Int) {
        let at = r.position
        let b: ArraySlice<UInt8>
        do throws(RLPError) { b = try r.nextBytes() } catch { throw Self.map(error, field) }
        if let first = b.first, first == 0 { throw TransactionError(.rlp(.nonCanonicalInteger), field: field, offset: at) }
        guard let v = UInt256(bigEndian: b) else {
            throw TransactionError(field == "r" ? .invalidR : .invalidS, field: field, offset: at)
        }
        return (v, at)
    }
}

// MARK: Per-type field lists

extension LegacyTransaction {
    /// `[nonce, gasPrice, gas, to, value, data, v, r, s]`.
    static func decodeSigned(_ f: inout FieldReader) throws(TransactionError) -> (UnsignedTransaction, TransactionSignature) {
        let nonce = try f.uint64("nonce")
        let gasPrice = try f.uint256("gasPrice")
        let gasLimit = try f.uint64("gas")
        let to = try f.optionalAddress("to")
        let value = try f.uint256("value")
        let input = try f.bytes("input")
        let vAt = f.position
        let vBytes: ArraySlice<UInt8>
        do throws(RLPError) { vBytes = try f.r.nextBytes() } catch { throw FieldReader.map(error, "v") }
        if let first = vBytes.first, first == 0 { throw TransactionError(.rlp(.nonCanonicalInteger), field: "v", offset: vAt) }
        guard let v = UInt256(bigEndian: vBytes) else { throw TransactionError(.invalidV, field: "v", offset: vAt) }
        let (r, rAt) = try f.scalar("r")
        let (s, sAt) = try f.scalar("s")
        try f.end(after: "s")
        guard let (chainId, yParity) = TransactionSignature.parseLegacyV(v) else {
            if v >= UInt256(35) {
                throw TransactionError(.valueOutOfRange("a chain id below 2^64 (v = chainId*2 + 35 + yParity)"), field: "v", offset: vAt)
            }
            throw TransactionError(.invalidV, field: "v", offset: vAt)
        }
        let sig = try TransactionSignature(yParity: yParity, r: r, s: s, fields: ("v", "r", "s"), offsets: (vAt, rAt, sAt))
        let tx = LegacyTransaction(
            chainId: chainId, nonce: nonce, gasPrice: gasPrice, gasLimit: gasLimit, to: to, value: value, input: Array(input))
        return (.legacy(tx), sig)
    }
}

extension AccessListTransaction {
    /// `[chainId, nonce, gasPrice, gas, to, value, data, accessList, yParity, r, s]`.
    static func decodeSigned(_ f: inout FieldReader) throws(TransactionError) -> (UnsignedTransaction, TransactionSignature) {
        let chainId = try f.uint64("chainId")
        let nonce = try f.uint64("nonce")
        let gasPrice = try f.uint256("gasPrice")
        let gasLimit = try f.uint64("gas")
        let to = try f.optionalAddress("to")
        let value = try f.uint256("value")
        let input = try f.bytes("input")
        let accessList = try f.accessList()
        let sig = try f.typedSignature()
        try f.end(after: "s")
        let tx = AccessListTransaction(
            chainId: chainId, nonce: nonce, gasPrice: gasPrice, gasLimit: gasLimit, to: to, value: value,
            input: Array(input), accessList: accessList)
        return (.accessList(tx), sig)
    }
}

extension DynamicFeeTransaction {
    /// `[chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList, yParity, r, s]`.
    static func decodeSigned(_ f: inout FieldReader) throws(TransactionError) -> (UnsignedTransaction, TransactionSignature) {
        let chainId = try f.uint64("chainId")
        let nonce = try f.uint64("nonce")
        let tip = try f.uint256("maxPriorityFeePerGas")
        let maxFee = try f.uint256("maxFeePerGas")
        let gasLimit = try f.uint64("gas")
        let to = try f.optionalAddress("to")
        let value = try f.uint256("value")
        let input = try f.bytes("input")
        let accessList = try f.accessList()
        let sig = try f.typedSignature()
        try f.end(after: "s")
        let tx = DynamicFeeTransaction(
            chainId: chainId, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gasLimit,
            to: to, value: value, input: Array(input), accessList: accessList)
        return (.dynamicFee(tx), sig)
    }
}

extension BlobTransaction {
    /// `[chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList,
    /// maxFeePerBlobGas, blobVersionedHashes, yParity, r, s]`.
    static func decodeSigned(_ f: inout FieldReader) throws(TransactionError) -> (BlobTransaction, TransactionSignature) {
        let chainId = try f.uint64("chainId")
        let nonce = try f.uint64("nonce")
        let tip = try f.uint256("maxPriorityFeePerGas")
        let maxFee = try f.uint256("maxFeePerGas")
        let gasLimit = try f.uint64("gas")
        let to = try f.requiredAddress("to")
        let value = try f.uint256("value")
        let input = try f.bytes("input")
        let accessList = try f.accessList()
        let blobFee = try f.uint256("maxFeePerBlobGas")
        let hashes = try f.blobVersionedHashes()
        let sig = try f.typedSignature()
        try f.end(after: "s")
        let tx = BlobTransaction(
            chainId: chainId, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gasLimit,
            to: to, value: value, input: Array(input), accessList: accessList, maxFeePerBlobGas: blobFee,
            blobVersionedHashes: hashes)
        return (tx, sig)
    }
}

extension SetCodeTransaction {
    /// `[chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList,
    /// authorizationList, yParity, r, s]`.
    static func decodeSigned(_ f: inout FieldReader) throws(TransactionError) -> (UnsignedTransaction, TransactionSignature) {
        let chainId = try f.uint64("chainId")
        let nonce = try f.uint64("nonce")
        let tip = try f.uint256("maxPriorityFeePerGas")
        let maxFee = try f.uint256("maxFeePerGas")
        let gasLimit = try f.uint64("gas")
        let to = try f.requiredAddress("to")
        let value = try f.uint256("value")
        let input = try f.bytes("input")
        let accessList = try f.accessList()
        let auths = try f.authorizationList()
        let sig = try f.typedSignature()
        try f.end(after: "s")
        let tx = SetCodeTransaction(
            chainId: chainId, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gasLimit,
            to: to, value: value, input: Array(input), accessList: accessList, authorizationList: auths)
        return (.setCode(tx), sig)
    }
}

// MARK: Envelope

/// The structural decode of a raw transaction (no signature recovery yet).
struct DecodedParts {
    var transaction: UnsignedTransaction
    var signature: TransactionSignature
    /// The canonical encoding (the input itself, or a network-form blob transaction without its sidecar).
    var canonical: [UInt8]
}

enum TransactionDecoder {
    static func decode(_ raw: ArraySlice<UInt8>) throws(TransactionError) -> DecodedParts {
        guard let first = raw.first else { throw TransactionError(.emptyInput, offset: 0) }
        let base = raw.startIndex
        if first >= 0xC0 {
            var f: FieldReader
            do throws(RLPError) { f = FieldReader(try RLPReader.list(in: raw)) } catch {
                throw TransactionError(.rlp(error.kind), offset: error.offset - base)
            }
            let (tx, sig) = try rebase(base) { () throws(TransactionError) in try LegacyTransaction.decodeSigned(&f) }
            return DecodedParts(transaction: tx, signature: sig, canonical: Array(raw))
        }
        guard first >= 1, first <= 4 else { throw TransactionError(.unsupportedType(first), offset: 0) }
        let body = raw[(base + 1)...]
        guard !body.isEmpty else { throw TransactionError(.rlp(.truncated), offset: 1) }
        var top: RLPReader
        do throws(RLPError) { top = try RLPReader.list(in: body) } catch {
            throw TransactionError(.rlp(error.kind), offset: error.offset - base)
        }
        return try rebase(base) { () throws(TransactionError) in
            var f = FieldReader(top)
            switch first {
            case 1:
                let (tx, sig) = try AccessListTransaction.decodeSigned(&f)
                return DecodedParts(transaction: tx, signature: sig, canonical: Array(raw))
            case 2:
                let (tx, sig) = try DynamicFeeTransaction.decodeSigned(&f)
                return DecodedParts(transaction: tx, signature: sig, canonical: Array(raw))
            case 3:
                return try decodeBlob(&f, raw: raw)
            default:
                let (tx, sig) = try SetCodeTransaction.decodeSigned(&f)
                return DecodedParts(transaction: tx, signature: sig, canonical: Array(raw))
            }
        }
    }

    /// Runs `body` and makes the offsets of its errors relative to the start of the input.
    @inline(__always)
    static func rebase<R>(_ base: Int, _ body: () throws(TransactionError) -> R) throws(TransactionError) -> R {
        guard base != 0 else { return try body() }
        do throws(TransactionError) { return try body() } catch {
            throw TransactionError(error.kind, field: error.field, offset: error.offset.map { $0 - base }, jsonPath: error.jsonPath)
        }
    }

    /// A blob transaction: canonical `[fields…]`, or a network form whose first item is the body list.
    static func decodeBlob(_ f: inout FieldReader, raw: ArraySlice<UInt8>) throws(TransactionError) -> DecodedParts {
        let firstItem: RLPElement?
        do throws(RLPError) { firstItem = try f.r.peek() } catch { throw FieldReader.map(error, "chainId") }
        guard let firstItem, firstItem.kind == .list else {
            let (tx, sig) = try BlobTransaction.decodeSigned(&f)
            return DecodedParts(transaction: .blob(tx), signature: sig, canonical: Array(raw))
        }
        // Network form.
        var body = try f.list("body")
        var (tx, sig) = try BlobTransaction.decodeSigned(&body)
        var version = BlobSidecar.Version.eip4844
        let next: RLPElement?
        do throws(RLPError) { next = try f.r.peek() } catch { throw FieldReader.map(error, "blobs") }
        if let next, next.kind == .bytes {
            let at = f.position
            let v = try f.uint64("wrapperVersion")
            guard v == 1 else {
                throw TransactionError(.invalidSidecar("unknown wrapper version \(v) (only 1, EIP-7594)"), field: "wrapperVersion", offset: at)
            }
            version = .eip7594
        }
        let blobs = try byteStrings(&f, "blobs", count: BlobSidecar.blobByteCount)
        let commitments = try byteStrings(&f, "commitments", count: BlobSidecar.kzgByteCount)
        let proofs = try byteStrings(&f, "proofs", count: BlobSidecar.kzgByteCount)
        try f.end(after: "proofs")
        let sidecar = BlobSidecar(version: version, blobs: blobs, commitments: commitments, proofs: proofs)
        do throws(TransactionError) { try sidecar.validate(versionedHashes: tx.blobVersionedHashes) } catch {
            throw TransactionError(error.kind, field: error.field, offset: firstItem.offset)
        }
        tx.sidecar = sidecar
        var canonical = [UInt8]()
        canonical.reserveCapacity(1 + firstItem.encodedRange.count)
        canonical.append(3)
        canonical.append(contentsOf: raw[firstItem.encodedRange])
        return DecodedParts(transaction: .blob(tx), signature: sig, canonical: canonical)
    }

    static func byteStrings(_ f: inout FieldReader, _ name: String, count: Int) throws(TransactionError) -> [[UInt8]] {
        var items = try f.list(name)
        var out: [[UInt8]] = []
        var i = 0
        while !items.isAtEnd {
            let at = items.position
            let b = try items.bytes("\(name)[\(i)]")
            guard b.count == count else {
                throw TransactionError(.invalidLength(expected: "\(count) bytes", actual: b.count), field: "\(name)[\(i)]", offset: at)
            }
            out.append(Array(b))
            i &+= 1
        }
        return out
    }
}
