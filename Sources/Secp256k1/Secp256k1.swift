import CSecp256k1

/// Errors from the secp256k1 facade.
public enum Secp256k1Error: Error, Equatable, Sendable {
    /// The private key is not 32 bytes or not in 1..<n.
    case invalidPrivateKey
    /// The library refused an operation it should not refuse (a context or internal failure).
    case libraryFailure(String)

    public var code: String {
        switch self {
        case .invalidPrivateKey: return "invalid_private_key"
        case .libraryFailure: return "secp256k1_failure"
        }
    }
}

/// The one process-wide libsecp256k1 context: created and randomized once, then only read.
/// libsecp256k1 contexts are safe to share between threads for every call except
/// `secp256k1_context_randomize` and destruction, which happen only here, once.
final class SharedContext: @unchecked Sendable {
    static let shared = SharedContext()
    let pointer: OpaquePointer

    private init() {
        guard let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("secp256k1_context_create returned NULL")
        }
        var seed = [UInt8](repeating: 0, count: 32)
        if SystemRandom.fill(&seed) {
            _ = secp256k1_context_randomize(ctx, seed)
        }
        for i in seed.indices { seed[i] = 0 }
        pointer = ctx
    }
}

/// Reads the kernel's random generator; used only for context blinding.
enum SystemRandom {
    static func fill(_ buffer: inout [UInt8]) -> Bool {
        var g = SystemRandomNumberGenerator()
        for i in buffer.indices { buffer[i] = UInt8.random(in: .min ... .max, using: &g) }
        return true
    }
}

/// Thin, defensive entry points into libsecp256k1.
public enum Secp256k1 {
    /// Whether `key` is a valid secret key: 32 bytes, 0 < k < n.
    public static func isValidPrivateKey(_ key: [UInt8]) -> Bool {
        guard key.count == 32 else { return false }
        return secp256k1_ec_seckey_verify(SharedContext.shared.pointer, key) == 1
    }

    /// The 65-byte uncompressed public key (0x04 ‖ X ‖ Y) of a private key.
    public static func uncompressedPublicKey(privateKey key: [UInt8]) throws -> [UInt8] {
        guard isValidPrivateKey(key) else { throw Secp256k1Error.invalidPrivateKey }
        let ctx = SharedContext.shared.pointer
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(ctx, &pubkey, key) == 1 else {
            throw Secp256k1Error.invalidPrivateKey
        }
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        let ok = secp256k1_ec_pubkey_serialize(ctx, &out, &length, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED))
        guard ok == 1, length == 65, out[0] == 0x04 else {
            throw Secp256k1Error.libraryFailure("secp256k1_ec_pubkey_serialize")
        }
        return out
    }
}
