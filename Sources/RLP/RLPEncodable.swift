/// A value with an RLP encoding that can be sized before it is written, so that the whole
/// output is allocated exactly once.
public protocol RLPEncodable {
    /// Exact number of bytes `encodeRLP(into:)` writes.
    var rlpEncodedLength: Int { get }
    /// Writes the encoding (exactly `rlpEncodedLength` bytes).
    func encodeRLP(into writer: inout RLPWriter)
}

/// A value encoded as an RLP list: it only describes its items.
public protocol RLPListEncodable: RLPEncodable {
    /// Total length of the items' encodings (the list payload, without the header).
    var rlpPayloadLength: Int { get }
    /// Writes the items (exactly `rlpPayloadLength` bytes), without the list header.
    func encodeRLPPayload(into writer: inout RLPWriter)
}

extension RLPListEncodable {
    @inlinable
    public var rlpEncodedLength: Int { RLP.lengthOfList(payloadLength: rlpPayloadLength) }

    @inlinable
    public func encodeRLP(into writer: inout RLPWriter) {
        let payloadLength = rlpPayloadLength
        writer.beginList(payloadLength: payloadLength)
        let start = writer.position
        encodeRLPPayload(into: &writer)
        precondition(writer.position &- start == payloadLength, "RLP: list payload length mismatch")
    }

    /// The encoding in one allocation, optionally preceded by one byte (the EIP-2718 type).
    /// The payload length is computed once.
    @inlinable
    public func rlpEncoded(prefix: UInt8? = nil) -> [UInt8] {
        RLP.encodeList(payloadLength: rlpPayloadLength, prefix: prefix) { encodeRLPPayload(into: &$0) }
    }
}

extension RLPEncodable {
    /// The encoding in one allocation, optionally preceded by one byte (the EIP-2718 type).
    @inlinable
    public func rlpEncoded(prefix: UInt8? = nil) -> [UInt8] {
        let length = rlpEncodedLength
        return RLP.build(length: (prefix == nil ? 0 : 1) &+ length) { writer in
            if let prefix { writer.appendRaw(prefix) }
            encodeRLP(into: &writer)
        }
    }
}
