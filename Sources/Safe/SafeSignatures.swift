import EthereumPrimitives
import Keccak
import Messages
import Secp256k1

/// Who stands behind one 65-byte Safe signature `r ‖ s ‖ v`, by the rules of the Safe's
/// `checkNSignatures`:
/// - v = 27 or 28: an ECDSA signature of the safeTxHash (EIP-712, what `safe sign` makes);
/// - v = 31 or 32 (v > 30): an `eth_sign` signature of the safeTxHash as an EIP-191 message
///   (`personal_sign`), with v − 4 its recovery v;
/// - v = 1: a pre-approved hash: r holds the owner, who called `approveHash` (or sends the
///   transaction); checked on chain only;
/// - v = 0: a contract signature (EIP-1271): r holds the owner contract, s the offset of its
///   signature data after the packed signatures; checked on chain only.
public enum SafeSigner: Sendable, Hashable {
    case eip712(Address)
    case ethSign(Address)
    case approvedHash(Address)
    case contract(Address, dataOffset: UInt256)

    /// The owner the signature stands for.
    public var owner: Address {
        switch self {
        case .eip712(let a), .ethSign(let a), .approvedHash(let a), .contract(let a, _): a
        }
    }

    /// `eip712`, `eth_sign`, `approved_hash`, `contract`.
    public var kindName: String {
        switch self {
        case .eip712: "eip712"
        case .ethSign: "eth_sign"
        case .approvedHash: "approved_hash"
        case .contract: "contract"
        }
    }

    /// Whether the owner was recovered from the signature here (not only claimed, for the chain to check).
    public var isRecovered: Bool {
        switch self {
        case .eip712, .ethSign: true
        case .approvedHash, .contract: false
        }
    }
}

public enum SafeSignatures {
    /// The owner's EIP-712 signature of the transaction: `r ‖ s ‖ v`, v = 27 or 28 (RFC 6979,
    /// low s, checked by recovery).
    public static func sign(_ tx: SafeTx, signer: some Signer) throws -> SafeOwnerSignature {
        let bytes = try DigestSignature.sign(digest: tx.safeTxHash, signer: signer)
        guard let owner = Address(bytes: signer.addressBytes) else {
            throw SafeError(.signingFailed, "the signer has no address")
        }
        return SafeOwnerSignature(owner: owner, signature: bytes)
    }

    /// Who made a 65-byte signature over `safeTxHash` (see ``SafeSigner``). Recovery follows
    /// the project's policy (low s only, r and s in range).
    ///
    /// - Throws: `safe_signature_length`, or `safe_signature_invalid` (a v the Safe does not
    ///   accept, an r that holds no address for v = 0 or 1, a signature that does not recover).
    public static func signer(of signature: [UInt8], safeTxHash: [UInt8]) throws(SafeError) -> SafeSigner {
        guard signature.count == 65 else {
            throw SafeError(.safeSignatureLength, "a Safe signature is 65 bytes r ‖ s ‖ v, got \(signature.count)")
        }
        let v = signature[64]
        switch v {
        case 0, 1:
            guard signature[0..<12].allSatisfy({ $0 == 0 }), let owner = Address(bytes: signature[12..<32]) else {
                throw SafeError(.safeSignatureInvalid, "v = \(v): r must hold an owner address (12 zero bytes, then 20 address bytes)", at: "bytes 0-31")
            }
            if v == 1 { return .approvedHash(owner) }
            return .contract(owner, dataOffset: UInt256(bigEndian: signature[32..<64]) ?? .zero)
        case 27, 28:
            return .eip712(try recover(digest: safeTxHash, signature))
        case 31, 32:
            var adjusted = signature
            adjusted[64] = v - 4
            return .ethSign(try recover(digest: PersonalMessage.hash(safeTxHash), adjusted))
        default:
            throw SafeError(.safeSignatureInvalid, "v = \(v) is not a Safe signature type (27/28 EIP-712, 31/32 eth_sign, 1 approved hash, 0 contract)", at: "byte 64")
        }
    }

    static func recover(digest: [UInt8], _ signature: [UInt8]) throws(SafeError) -> Address {
        do {
            return try DigestSignature.recoverAddress(digest: digest, signature: signature)
        } catch {
            throw SafeError(.safeSignatureInvalid, error.message, at: error.location)
        }
    }

    /// The 65-byte signatures at the start of `execTransaction`'s `signatures` argument, in
    /// order. A contract signature (v = 0) points with s at its data after the packed part,
    /// which ends where the first such data starts. Bounded by the bytes given.
    public static func split(_ packed: [UInt8]) -> (signatures: [[UInt8]], trailing: Int) {
        var out: [[UInt8]] = []
        var end = packed.count
        var i = 0
        while i + 65 <= end {
            let chunk = Array(packed[i..<(i + 65)])
            if chunk[64] == 0, let offset = UInt256(bigEndian: chunk[32..<64]), offset >= UInt256(UInt64(i + 65)),
               offset < UInt256(UInt64(end)) {
                end = Int(offset.low64)
            }
            out.append(chunk)
            i += 65
        }
        return (out, packed.count - i)
    }
}

/// What `execTransaction` must satisfy before Ballast signs it.
public struct SafeExecutionRequirements: Sendable, Hashable {
    /// The Safe's threshold: at least this many signatures (nil: at least one).
    public var threshold: Int?
    /// The Safe's owners: every signature must be one of theirs (nil: not checked).
    public var owners: Set<Address>?
    /// The safeTxHash the owners compared (nil: not checked).
    public var expectedHash: [UInt8]?

    public init(threshold: Int? = nil, owners: Set<Address>? = nil, expectedHash: [UInt8]? = nil) {
        self.threshold = threshold
        self.owners = owners
        self.expectedHash = expectedHash
    }
}

extension SafeTx {
    /// The transaction with `signature` added, replacing an earlier one of the same owner.
    public func adding(_ signature: SafeOwnerSignature) -> SafeTx {
        var copy = self
        if let i = copy.signatures.firstIndex(where: { $0.owner == signature.owner }) {
            copy.signatures[i] = signature
        } else {
            copy.signatures.append(signature)
        }
        return copy
    }

    /// The signatures that `execTransaction` would not accept for this transaction (one that
    /// does not recover, or recovers to another address than its owner: made for another
    /// SafeTx), each as the error `packedSignatures` gives; contract signatures are not listed.
    public func signatureProblems() -> [SafeError] {
        let hash = safeTxHash
        var out: [SafeError] = []
        for (i, s) in signatures.enumerated() {
            let at = "signatures[\(i)].signature"
            do {
                let signer = try SafeSignatures.signer(of: s.signature, safeTxHash: hash)
                if case .contract = signer { continue }
                if signer.owner != s.owner {
                    out.append(SafeError(.safeSignatureWrongOwner, "the \(signer.kindName) signature of \(s.owner.checksummed) recovers to \(signer.owner.checksummed): it was made for another SafeTx", at: at))
                }
            } catch {
                out.append(SafeError(reporting: error, "the signature of \(s.owner.checksummed): \(error.message)", at: at))
            }
        }
        return out
    }

    /// The signatures sorted by owner address ascending, as `checkNSignatures` requires.
    public var sortedSignatures: [SafeOwnerSignature] {
        signatures.sorted { $0.owner < $1.owner }
    }

    /// Checks every signature and `requirements`, then returns the `signatures` argument of
    /// `execTransaction`: the 65-byte signatures sorted by owner ascending, concatenated.
    ///
    /// Refused: no signature; a hash other than the expected one; two signatures of one owner;
    /// a signature that does not recover to its `owner` (EIP-712, eth_sign), or a pre-approved
    /// hash (v = 1) naming another owner; a contract signature (v = 0, which needs data the
    /// file cannot carry and the chain alone can check); an owner not in `owners`; fewer
    /// signatures than `threshold`. Errors name `signatures[i]`.
    public func packedSignatures(_ requirements: SafeExecutionRequirements = SafeExecutionRequirements()) throws(SafeError) -> [UInt8] {
        let hash = safeTxHash
        if let expected = requirements.expectedHash, expected != hash {
            throw SafeError(.safeHashMismatch, "the safeTxHash is \(Hex.encode(hash)), not the expected \(Hex.encode(expected))")
        }
        guard !signatures.isEmpty else {
            throw SafeError(.safeNoSignatures, "the SafeTx has no signature: collect the owners' signatures with `ballast safe sign` first", at: "signatures")
        }
        var seen: [Address: Int] = [:]
        for (i, s) in signatures.enumerated() {
            let at = "signatures[\(i)]"
            if let first = seen[s.owner] {
                throw SafeError(.safeTxDuplicateOwner, "owner \(s.owner.checksummed) signed twice (also signatures[\(first)])", at: at + ".owner")
            }
            seen[s.owner] = i
            let signer: SafeSigner
            do {
                signer = try SafeSignatures.signer(of: s.signature, safeTxHash: hash)
            } catch {
                throw SafeError(reporting: error, error.message, at: at + ".signature" + (error.location.map { " \($0)" } ?? ""))
            }
            switch signer {
            case .contract:
                throw SafeError(.safeSignatureUnsupported, "a contract signature (v = 0) cannot be checked offline and needs data a 65-byte signature does not carry", at: at + ".signature")
            case .eip712(let a), .ethSign(let a), .approvedHash(let a):
                guard a == s.owner else {
                    let how = signer.isRecovered ? "recovers to" : "names"
                    throw SafeError(.safeSignatureWrongOwner, "the \(signer.kindName) signature \(how) \(a.checksummed), not its owner \(s.owner.checksummed)", at: at + ".signature")
                }
            }
            if let owners = requirements.owners, !owners.contains(s.owner) {
                throw SafeError(.safeOwnerNotListed, "\(s.owner.checksummed) is not one of the owners given", at: at + ".owner")
            }
        }
        if let threshold = requirements.threshold, signatures.count < threshold {
            throw SafeError(.safeThresholdNotMet, "\(signatures.count) signature\(signatures.count == 1 ? "" : "s"), the threshold is \(threshold)", at: "signatures")
        }
        return sortedSignatures.flatMap(\.signature)
    }
}

extension SafeTx {
    /// MultiSendCallOnly v1.4.1 (safe-deployments; the address book's `protocols.safe.multiSend`
    /// on its chains): the one DELEGATECALL target trusted without being named.
    public static let multiSendCallOnly141 = (try? Address(hex: "0x9641d764fc13c8B624c04430C7356C1C7C8102e2")) ?? .zero

    /// Refuses a DELEGATECALL (operation 1) to anything but a trusted batcher: the called code
    /// runs as the Safe, with its storage and balance, and can change its owners, modules or
    /// singleton and move everything it holds (how the largest Safe thefts were signed). Trusted:
    /// MultiSendCallOnly v1.4.1 and `trusted` (other MultiSendCallOnly deployments the caller
    /// names). A CALL (operation 0) is never refused here.
    ///
    /// - Throws: `safe_untrusted_delegatecall`.
    public func checkDelegateCall(trusted: Set<Address> = []) throws(SafeError) {
        guard operation == .delegateCall else { return }
        guard to != Self.multiSendCallOnly141, !trusted.contains(to) else { return }
        throw SafeError(
            .safeUntrustedDelegatecall,
            "operation 1 (DELEGATECALL) to \(to.checksummed), which is not a trusted MultiSendCallOnly: its code would run as the Safe and could take everything it holds or change its owners",
            at: "operation")
    }
}
