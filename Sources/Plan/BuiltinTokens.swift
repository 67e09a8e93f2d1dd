import EthereumPrimitives

/// The tokens of the built-in address books: the symbols a plan may use on each chain without
/// describing them in its `tokens`. Token addresses are the plan's vocabulary, not knowledge of a
/// protocol (a token's functions are ERC-20's, declared in the catalog once for every token), so
/// they live here beside the book that merges them with the plan's own `tokens`; the protocols'
/// addresses are declared by each protocol's file of the catalog (`ProtocolName`).
///
/// Only entries that `vectors/reference/protocols.md` confirms are here; each cites its line of
/// that file. Decimals are the tokens' own `decimals()` values (not in that file).
enum BuiltinTokens {
    /// The chains with built-in tokens (and so a built-in book): Ethereum, Optimism, Polygon,
    /// Base, Arbitrum. A protocol's built-in address on any other chain would be unused: a test
    /// keeps every `ProtocolName.builtinAddresses` chain in this list.
    static let chains: [UInt64] = [1, 10, 137, 8453, 42161]

    /// The built-in tokens of a chain by symbol (empty for other chains).
    static func tokens(chainId: UInt64) -> [String: TokenEntry] {
        switch chainId {
        case 1: ethereum
        case 42161: arbitrum
        case 10: optimism
        case 8453: base
        case 137: polygon
        default: [:]
        }
    }

    /// Parses a constant address. A constant that does not parse becomes the zero address, which
    /// the address book test refuses.
    private static func a(_ text: String) -> Address {
        (try? Address(hex: text)) ?? .zero
    }

    // protocols.md §2.1 (Ethereum mainnet, chainId 1).
    static let ethereum: [String: TokenEntry] = [
        // protocols.md:446 | WETH9 | 0xC02aaA39… | aave-address-book (WETH_UNDERLYING)
        "WETH": TokenEntry(address: a("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"), decimals: 18),
        // protocols.md:447 | USDC | 0xA0b86991… | aave-address-book (USDC_UNDERLYING)
        "USDC": TokenEntry(address: a("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"), decimals: 6),
        // protocols.md:448 | USDT | 0xdAC17F95… | aave-address-book (USDT_UNDERLYING)
        "USDT": TokenEntry(address: a("0xdAC17F958D2ee523a2206206994597C13D831ec7"), decimals: 6),
        // protocols.md:449 | DAI | 0x6B175474… | aave-address-book (DAI_UNDERLYING)
        "DAI": TokenEntry(address: a("0x6B175474E89094C44Da98b954EedeAC495271d0F"), decimals: 18),
        // protocols.md:450 | WBTC | 0x2260FAC5… | aave-address-book (WBTC_UNDERLYING)
        "WBTC": TokenEntry(address: a("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599"), decimals: 8),
    ]

    // protocols.md §2.2 (from bgd-labs/aave-address-book : src/AaveV3Arbitrum.sol).
    static let arbitrum: [String: TokenEntry] = [
        // protocols.md:458 | Arbitrum (42161) | WETH 0x82aF4944…
        "WETH": TokenEntry(address: a("0x82aF49447D8a07e3bd95BD0d56f35241523fBab1"), decimals: 18),
        // protocols.md:458 | native USDC 0xaf88d065…
        "USDC": TokenEntry(address: a("0xaf88d065e77c8cC2239327C5EDb3A432268e5831"), decimals: 6),
        // protocols.md:458 | USDC.e = 0xFF970A61…
        "USDC.e": TokenEntry(address: a("0xFF970A61A04b1cA14834A43f5dE4533eBDDB5CC8"), decimals: 6),
    ]

    // protocols.md §2.2 (from bgd-labs/aave-address-book : src/AaveV3Optimism.sol).
    static let optimism: [String: TokenEntry] = [
        // protocols.md:459 | Optimism (10) | WETH 0x42000000…06
        "WETH": TokenEntry(address: a("0x4200000000000000000000000000000000000006"), decimals: 18),
        // protocols.md:459 | native USDC 0x0b2C639c…
        "USDC": TokenEntry(address: a("0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85"), decimals: 6),
    ]

    // protocols.md §2.2 (from bgd-labs/aave-address-book : src/AaveV3Base.sol).
    static let base: [String: TokenEntry] = [
        // protocols.md:460 | Base (8453) | WETH 0x42000000…06
        "WETH": TokenEntry(address: a("0x4200000000000000000000000000000000000006"), decimals: 18),
        // protocols.md:460 | USDC 0x833589fC…
        "USDC": TokenEntry(address: a("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"), decimals: 6),
    ]

    // protocols.md §2.2 (from bgd-labs/aave-address-book : src/AaveV3Polygon.sol).
    static let polygon: [String: TokenEntry] = [
        // protocols.md:461 | Polygon PoS (137) | WETH 0x7ceB23fD… (bridged WETH: an ERC-20, not the wrapped native token)
        "WETH": TokenEntry(address: a("0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619"), decimals: 18),
        // protocols.md:461 | wrapped native is WPOL 0x0d500B1d…
        "WPOL": TokenEntry(address: a("0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270"), decimals: 18),
        // protocols.md:461 | native USDC 0x3c499c54…
        "USDC": TokenEntry(address: a("0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"), decimals: 6),
    ]
}
