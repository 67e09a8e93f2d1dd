import EthereumPrimitives

/// The protocols a plan can name, with the key of their address in the plan's `protocols` object.
public enum ProtocolName: String, Sendable, Hashable, CaseIterable {
    case aaveV3 = "aave-v3"
    case balancerV2 = "balancer-v2"
    case morphoBlue = "morpho-blue"
    case uniswapV3 = "uniswap-v3"
    case uniswapV2 = "uniswap-v2"
    case multicall3 = "multicall3"
    case permit2 = "permit2"
    case safe = "safe"
    /// The wrapped native token (WETH9 or a clone: WPOL on Polygon). An extension of the format:
    /// `protocols.weth.address`.
    case weth = "weth"

    /// The key of the address inside the protocol's object: `{"aave-v3": {"pool": "0x…"}}`.
    public var addressKey: String {
        switch self {
        case .aaveV3: "pool"
        case .balancerV2: "vault"
        case .morphoBlue: "morpho"
        case .uniswapV3, .uniswapV2: "router"
        case .multicall3, .permit2, .weth: "address"
        case .safe: "multiSend"
        }
    }

    /// What the address is, for messages (`the Aave V3 pool`).
    public var addressDescription: String {
        "\(rawValue).\(addressKey)"
    }
}

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

    /// The chains with a built-in book: Ethereum, Optimism, Polygon, Base, Arbitrum.
    public static let builtinChains: [UInt64] = [1, 10, 137, 8453, 42161]

    /// The built-in book of a chain (empty for other chains). Only entries that
    /// `vectors/reference/protocols.md` confirms are here; each cites its line of that file. Token
    /// decimals are the tokens' own `decimals()` values (not in that file).
    public static func builtin(chainId: UInt64) -> AddressBook {
        switch chainId {
        case 1: return ethereum
        case 42161: return arbitrum
        case 10: return optimism
        case 8453: return base
        case 137: return polygon
        default: return AddressBook()
        }
    }

    /// Parses a constant address. A constant that does not parse becomes the zero address, which
    /// the address book test refuses.
    private static func a(_ text: String) -> Address {
        (try? Address(hex: text)) ?? .zero
    }

    // protocols.md §2.1 (Ethereum mainnet, chainId 1).
    static let ethereum = AddressBook(
        tokens: [
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
        ],
        protocols: [
            // protocols.md:432 | Aave V3 Pool (Core market) | bgd-labs/aave-address-book : src/AaveV3Ethereum.sol
            .aaveV3: a("0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2"),
            // protocols.md:434 | Balancer V2 Vault | docs.balancer.fi
            .balancerV2: a("0xBA12222222228d8Ba445958a75a0704d566BF2C8"),
            // protocols.md:435 | Morpho Blue | docs.morpho.org/developers/contracts/addresses/
            .morphoBlue: a("0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb"),
            // protocols.md:436 | Uniswap V3 SwapRouter02 | Uniswap/docs v3-ethereum-deployments.mdx
            .uniswapV3: a("0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45"),
            // protocols.md:440 | Uniswap V2 Router02 | docs.uniswap.org v2-deployments
            .uniswapV2: a("0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D"),
            // protocols.md:441 | Permit2 | Uniswap v3 Ethereum deployments page; Uniswap/permit2
            .permit2: a("0x000000000022D473030F116dDEE9F6B43aC78BA3"),
            // protocols.md:442 | Multicall3 | mds1/multicall : README.md
            .multicall3: a("0xcA11bde05977b3631167028862bE2a173976CA11"),
            // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 | safe-deployments (listed for chains 1, 10, 137, 8453, 42161)
            .safe: a("0x9641d764fc13c8B624c04430C7356C1C7C8102e2"),
            // protocols.md:446 | WETH9 (the wrapped native token)
            .weth: a("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"),
        ]
    )

    // protocols.md §2.2 (from bgd-labs/aave-address-book : src/AaveV3Arbitrum.sol).
    static let arbitrum = AddressBook(
        tokens: [
            // protocols.md:458 | Arbitrum (42161) | WETH 0x82aF4944…
            "WETH": TokenEntry(address: a("0x82aF49447D8a07e3bd95BD0d56f35241523fBab1"), decimals: 18),
            // protocols.md:458 | native USDC 0xaf88d065…
            "USDC": TokenEntry(address: a("0xaf88d065e77c8cC2239327C5EDb3A432268e5831"), decimals: 6),
            // protocols.md:458 | USDC.e = 0xFF970A61…
            "USDC.e": TokenEntry(address: a("0xFF970A61A04b1cA14834A43f5dE4533eBDDB5CC8"), decimals: 6),
        ],
        protocols: [
            // protocols.md:458 | Arbitrum (42161) | Aave V3 Pool 0x794a6135…
            .aaveV3: a("0x794a61358D6845594F94dc1DB02A252b5b4814aD"),
            // protocols.md:465 | Uniswap V2 Router02, Arbitrum/Base 0x4752ba5d… (Uniswap v2 deployments page)
            .uniswapV2: a("0x4752ba5dbc23f44d87826276bf6fd6b1c372ad24"),
            // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 (listed for 42161)
            .safe: a("0x9641d764fc13c8B624c04430C7356C1C7C8102e2"),
            // protocols.md:458 | WETH (the wrapped native token)
            .weth: a("0x82aF49447D8a07e3bd95BD0d56f35241523fBab1"),
        ]
    )

    // protocols.md §2.2 (from bgd-labs/aave-address-book : src/AaveV3Optimism.sol).
    static let optimism = AddressBook(
        tokens: [
            // protocols.md:459 | Optimism (10) | WETH 0x42000000…06
            "WETH": TokenEntry(address: a("0x4200000000000000000000000000000000000006"), decimals: 18),
            // protocols.md:459 | native USDC 0x0b2C639c…
            "USDC": TokenEntry(address: a("0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85"), decimals: 6),
        ],
        protocols: [
            // protocols.md:459 | Optimism (10) | Aave V3 Pool 0x794a6135…
            .aaveV3: a("0x794a61358D6845594F94dc1DB02A252b5b4814aD"),
            // protocols.md:465 | Uniswap V2 Router02, Optimism 0x4A7b5Da6… (Uniswap v2 deployments page)
            .uniswapV2: a("0x4A7b5Da61326A6379179b40d00F57E5bbDC962c2"),
            // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 (listed for 10)
            .safe: a("0x9641d764fc13c8B624c04430C7356C1C7C8102e2"),
            // protocols.md:459 | WETH (the wrapped native token)
            .weth: a("0x4200000000000000000000000000000000000006"),
        ]
    )

    // protocols.md §2.2 (from bgd-labs/aave-address-book : src/AaveV3Base.sol).
    static let base = AddressBook(
        tokens: [
            // protocols.md:460 | Base (8453) | WETH 0x42000000…06
            "WETH": TokenEntry(address: a("0x4200000000000000000000000000000000000006"), decimals: 18),
            // protocols.md:460 | USDC 0x833589fC…
            "USDC": TokenEntry(address: a("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"), decimals: 6),
        ],
        protocols: [
            // protocols.md:460 | Base (8453) | Aave V3 Pool 0xA238Dd80…
            .aaveV3: a("0xA238Dd80C259a72e81d7e4664a9801593F98d1c5"),
            // protocols.md:465 | Uniswap V2 Router02, Arbitrum/Base 0x4752ba5d… (Uniswap v2 deployments page)
            .uniswapV2: a("0x4752ba5dbc23f44d87826276bf6fd6b1c372ad24"),
            // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 (listed for 8453)
            .safe: a("0x9641d764fc13c8B624c04430C7356C1C7C8102e2"),
            // protocols.md:460 | WETH (the wrapped native token)
            .weth: a("0x4200000000000000000000000000000000000006"),
        ]
    )

    // protocols.md §2.2 (from bgd-labs/aave-address-book : src/AaveV3Polygon.sol).
    static let polygon = AddressBook(
        tokens: [
            // protocols.md:461 | Polygon PoS (137) | WETH 0x7ceB23fD… (bridged WETH: an ERC-20, not the wrapped native token)
            "WETH": TokenEntry(address: a("0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619"), decimals: 18),
            // protocols.md:461 | wrapped native is WPOL 0x0d500B1d…
            "WPOL": TokenEntry(address: a("0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270"), decimals: 18),
            // protocols.md:461 | native USDC 0x3c499c54…
            "USDC": TokenEntry(address: a("0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"), decimals: 6),
        ],
        protocols: [
            // protocols.md:461 | Polygon PoS (137) | Aave V3 Pool 0x794a6135…
            .aaveV3: a("0x794a61358D6845594F94dc1DB02A252b5b4814aD"),
            // protocols.md:465 | Uniswap V2 Router02, Polygon 0xedf6066a… (Uniswap v2 deployments page)
            .uniswapV2: a("0xedf6066a2b290C185783862C7F4776A2C8077AD1"),
            // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 (listed for 137)
            .safe: a("0x9641d764fc13c8B624c04430C7356C1C7C8102e2"),
            // protocols.md:461 | the wrapped native token is WPOL: `wrap`/`unwrap` use it on Polygon
            .weth: a("0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270"),
        ]
    )

    // Left out as UNCONFIRMED in protocols.md (a plan on these chains must give them in
    // `protocols`): SwapRouter02, Balancer V2 Vault, Morpho Blue, Multicall3 and Permit2 on the
    // L2s (protocols.md:463-467, 5. Open items); the Convex Booster (protocols.md:452).
}
