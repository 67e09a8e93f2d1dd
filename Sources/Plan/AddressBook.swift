import EthereumPrimitives
import Protocols

/// A token of an address book: its address and decimals.
public struct TokenEntry: Sendable, Hashable {
    public var address: Address
    public var decimals: Int

    public init(address: Address, decimals: Int) {
        self.address = address
        self.decimals = decimals
    }
}

/// Token and protocol addresses of one chain: the built-in book (`AddressBook.builtin(chainId:)`)
/// extended or overridden by a plan's `tokens` and `protocols`.
public struct AddressBook: Sendable, Hashable {
    public var tokens: [String: TokenEntry]
    public var protocols: [ProtocolName: Address]

    public init(tokens: [String: TokenEntry] = [:], protocols: [ProtocolName: Address] = [:]) {
        self.tokens = tokens
        self.protocols = protocols
    }

    /// The chains with a built-in book: Ethereum, Optimism, Polygon, Base, Arbitrum (the chains
    /// with built-in tokens, `BuiltinTokens.swift`).
    public static let builtinChains: [UInt64] = BuiltinTokens.chains

    /// The built-in book of a chain (empty for other chains): its tokens (`BuiltinTokens.swift`)
    /// and the address each protocol of the catalog declares for it
    /// (`ProtocolName.builtinAddresses`, in the protocol's file). Only entries that
    /// `vectors/reference/protocols.md` confirms are there; each cites its line of that file.
    /// Left out as UNCONFIRMED there (a plan on those chains gives them in `protocols`): what
    /// each protocol's file says it leaves out, and the Convex Booster (protocols.md:452).
    public static func builtin(chainId: UInt64) -> AddressBook {
        books[chainId] ?? AddressBook()
    }

    /// The built-in books, built once.
    static let books: [UInt64: AddressBook] = {
        var out: [UInt64: AddressBook] = [:]
        for chain in builtinChains {
            var protocols: [ProtocolName: Address] = [:]
            for p in ProtocolName.all {
                if let a = p.builtinAddresses[chain] { protocols[p] = a }
            }
            out[chain] = AddressBook(tokens: BuiltinTokens.tokens(chainId: chain), protocols: protocols)
        }
        return out
    }()
}
