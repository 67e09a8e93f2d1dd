"""Deploys the protocols the example plans call, on a fresh chain (see chain.py for the sources).

Prices (USD, also the Aave oracle's and the Uniswap pools' starting prices): WETH 3500,
WBTC 100000, USDC 1, DAI 1, CRV 0.475. Each pool and Aave reserve is deep enough for the examples'
amounts to move prices by well under their slippage bounds.
"""
import math
from decimal import Decimal, getcontext

from eth_account import Account
from eth_utils import to_checksum_address

from chain import Chain, artifact, calldata

if getcontext().prec < 60:  # (vyper sets 78 and refuses a lower one)
    getcontext().prec = 60
DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"  # the plans' account (public test key)
A = "eth_defi/abi/aave_v3/"
U = "eth_defi/abi/uniswap_v3/"
S = "safe_eth/eth/contracts/abis/"

PRICES = {"WETH": Decimal(3500), "WBTC": Decimal(100000), "USDC": Decimal(1), "DAI": Decimal(1), "CRV": Decimal("0.475")}
DECIMALS = {"WETH": 18, "WBTC": 8, "USDC": 6, "DAI": 18, "CRV": 18}
# Aave risk parameters (bps): LTV, liquidation threshold, liquidation bonus.
RISK = {"WETH": (8000, 8300, 10500), "WBTC": (7300, 7800, 10500), "USDC": (7500, 7800, 10450), "DAI": (7500, 7800, 10450)}
# Uniswap V3 pools: (tokenA, tokenB, fee), full-range liquidity worth about LIQUIDITY_USD per side.
POOLS = [("WETH", "USDC", 500), ("WETH", "USDC", 3000), ("WBTC", "WETH", 3000), ("USDC", "WBTC", 3000),
         ("USDC", "DAI", 100), ("CRV", "WETH", 10000)]
LIQUIDITY_USD = Decimal(100_000_000)
FLASH_PREMIUM_BPS = 5
TICK_SPACING = {100: 1, 500: 10, 3000: 60, 10000: 200}


def units(sym, amount):
    return int(Decimal(str(amount)) * 10 ** DECIMALS[sym])


def cs(a):
    return to_checksum_address(a)


class World:
    """Addresses of everything deployed, and the chain."""

    def __init__(self):
        self.c = Chain()
        c, d = self.c, self.c.deployer
        self.d = d
        self._tokens()
        self._aave()
        self._uniswap()
        self._uniswap_v2()
        self._standins()
        self._safe()
        self._executors()
        self.decimals = dict(DECIMALS)
        self.base_snapshot = c.snapshot()

    # ------------------------------------------------------------------ tokens
    def _tokens(self):
        c, d = self.c, self.d
        self.tokens = {"WETH": c.deploy_artifact(A + "WETH9Mock.json", ("Wrapped Ether", "WETH", d))}
        for sym in ("USDC", "WBTC", "DAI", "CRV"):
            self.tokens[sym] = c.deploy_artifact("eth_defi/abi/ERC20MockDecimals.json",
                                                 (sym, sym, 10 ** (DECIMALS[sym] + 13), DECIMALS[sym]))
        # Deployer's WETH: wrap ETH (eth-tester accounts hold 1,000,000 ETH).
        c.tx(d, self.tokens["WETH"], "deposit()", value=600_000 * 10 ** 18)

    def fund(self, who, sym, amount_units):
        self.c.tx(self.d, self.tokens[sym], "transfer(address,uint256)", who, amount_units)

    # ------------------------------------------------------------------ Aave V3
    def _aave(self):
        c, d = self.c, self.d

        def dep(name, *args, libs=None):
            return c.deploy_artifact(A + name + ".json", args, libs)

        provider = dep("PoolAddressesProvider", "Ballast test market", d)
        c.tx(d, provider, "setACLAdmin(address)", d)  # before the ACLManager constructor reads it
        acl = dep("ACLManager", provider)
        c.tx(d, provider, "setACLManager(address)", acl)
        c.tx(d, acl, "addPoolAdmin(address)", d)
        libs = {n: dep(n) for n in ("BorrowLogic", "BridgeLogic", "EModeLogic", "LiquidationLogic", "PoolLogic",
                                    "SupplyLogic", "ConfiguratorLogic")}
        libs["FlashLoanLogic"] = dep("FlashLoanLogic", libs=libs)  # links BorrowLogic
        c.tx(d, provider, "setPoolImpl(address)", dep("PoolInstance", provider, libs=libs))
        c.tx(d, provider, "setPoolConfiguratorImpl(address)", dep("PoolConfiguratorInstance", libs=libs))
        self.pool = cs(c.call(provider, "getPool()", out="address"))
        conf = cs(c.call(provider, "getPoolConfigurator()", out="address"))
        self.configurator = conf
        syms = list(RISK)
        sources = [c.deploy_vyper("standins/MockAggregator.vy", (int(PRICES[s] * 10 ** 8),)) for s in syms]
        self.aggregators = dict(zip(syms, sources))
        oracle = dep("AaveOracle", provider, [self.tokens[s] for s in syms], sources,
                     "0x" + "00" * 20, "0x" + "00" * 20, 10 ** 8)
        c.tx(d, provider, "setPriceOracle(address)", oracle)
        c.tx(d, provider, "setPoolDataProvider(address)", dep("AaveProtocolDataProvider", provider))
        a_impl = dep("ATokenInstance", self.pool)
        v_impl = dep("VariableDebtTokenInstance", self.pool)
        irs = dep("DefaultReserveInterestRateStrategyV2", provider)
        import eth_abi
        rate = eth_abi.encode(["(uint16,uint32,uint32,uint32)"], [(8000, 0, 400, 7500)])  # bps: rates on
        inputs = [(a_impl, v_impl, True, irs, self.tokens[s], d, "0x" + "00" * 20,
                   "a" + s, "a" + s, "vd" + s, "vd" + s, b"", rate) for s in syms]
        c.tx(d, conf, "initReserves((address,address,bool,address,address,address,address,string,string,string,string,bytes,bytes)[])", inputs)
        for s in syms:
            ltv, lt, bonus = RISK[s]
            a = self.tokens[s]
            c.tx(d, conf, "configureReserveAsCollateral(address,uint256,uint256,uint256)", a, ltv, lt, bonus)
            c.tx(d, conf, "setReserveBorrowing(address,bool)", a, True)
            c.tx(d, conf, "setReserveFlashLoaning(address,bool)", a, True)
        c.tx(d, conf, "updateFlashloanPremiumTotal(uint128)", FLASH_PREMIUM_BPS)
        c.tx(d, conf, "updateFlashloanPremiumToProtocol(uint128)", 0)
        self.atoken, self.vdebt = {}, {}
        for s in syms:
            data = c.call(self.pool, "getReserveData(address)", self.tokens[s],
                          out="((uint256),uint128,uint128,uint128,uint128,uint128,uint40,uint16,address,address,address,address,uint128,uint128,uint128)")
            self.atoken[s], self.vdebt[s] = cs(data[8]), cs(data[10])
        # Liquidity for borrowers and flash loans.
        for s, amt in (("USDC", 50_000_000), ("DAI", 20_000_000), ("WETH", 20_000), ("WBTC", 500)):
            u = units(s, amt)
            c.tx(d, self.tokens[s], "approve(address,uint256)", self.pool, u)
            c.tx(d, self.pool, "supply(address,uint256,address,uint16)", self.tokens[s], u, d, 0)

    def set_price(self, sym, usd):
        """Moves Aave's oracle price of SYM (the Uniswap pools keep theirs)."""
        self.c.tx(self.d, self.aggregators[sym], "setAnswer(int256)", int(Decimal(str(usd)) * 10 ** 8))

    def account_data(self, who):
        """Aave getUserAccountData: (collateralBase, debtBase, availableBorrowsBase, lt, ltv, healthFactor)."""
        return self.c.call(self.pool, "getUserAccountData(address)", who,
                           out=("uint256", "uint256", "uint256", "uint256", "uint256", "uint256"))

    def collateral(self, sym, who):
        return self.c.balance(self.atoken[sym], who)

    def debt(self, sym, who):
        return self.c.balance(self.vdebt[sym], who)

    # ------------------------------------------------------------------ Uniswap V3
    def _uniswap(self):
        c, d = self.c, self.d
        self.uni_factory = c.deploy_artifact(U + "UniswapV3Factory.json")
        c.tx(d, self.uni_factory, "enableFeeAmount(uint24,int24)", 100, 1)  # as governance did on mainnet
        self.npm = c.deploy_artifact(U + "NonfungiblePositionManager.json",
                                     (self.uni_factory, self.tokens["WETH"], "0x" + "00" * 20))
        self.router = c.deploy_artifact("eth_defi/abi/uniswap-swap-contracts/SwapRouter02.json",
                                        ("0x" + "00" * 20, self.uni_factory, self.npm, self.tokens["WETH"]))
        for sym in self.tokens:
            c.tx(d, self.tokens[sym], "approve(address,uint256)", self.npm, 2 ** 256 - 1)
        for a, b, fee in POOLS:
            t0, t1 = sorted((a, b), key=lambda s: int(self.tokens[s], 16))
            # price of one raw unit of token0 in raw units of token1
            p = (PRICES[t0] / 10 ** DECIMALS[t0]) / (PRICES[t1] / 10 ** DECIMALS[t1])
            sqrt_price = int((p.sqrt() * (2 ** 96)))
            c.tx(d, self.npm, "createAndInitializePoolIfNecessary(address,address,uint24,uint160)",
                 self.tokens[t0], self.tokens[t1], fee, sqrt_price)
            sp = TICK_SPACING[fee]
            hi = (887272 // sp) * sp
            amt0 = int(LIQUIDITY_USD / PRICES[t0] * 10 ** DECIMALS[t0])
            amt1 = int(LIQUIDITY_USD / PRICES[t1] * 10 ** DECIMALS[t1])
            c.tx(d, self.npm, "mint((address,address,uint24,int24,int24,uint256,uint256,uint256,uint256,address,uint256))",
                 (self.tokens[t0], self.tokens[t1], fee, -hi, hi, amt0, amt1, 0, 0, d, 2 ** 40))

    def _uniswap_v2(self):
        """Uniswap V2 (the SushiSwap build of its factory, pair and Router02 in web3-ethereum-defi).
        Router02 finds pairs by CREATE2 with its compiled-in pair init code hash; as in every
        deployment of this code by another factory, that constant is set to the hash of this
        factory's pair code (`pairCodeHash()`). Pools: CRV/WETH and WETH/USDC, CRV at 0.48."""
        c, d = self.c, self.d
        V2 = "eth_defi/abi/sushi/"
        self.v2_factory = c.deploy_artifact(V2 + "UniswapV2Factory.json", (d,))
        pair_hash = c.call(self.v2_factory, "pairCodeHash()", out="bytes32")
        abi, code, links = artifact(V2 + "UniswapV2Router02.json")
        built_in = "e18a34eb0e04b04f7a0ac29a6e80748dca96319b42c54d679cb821dca90c6303"
        assert code.count(built_in) == 1
        code = code.replace(built_in, pair_hash.hex())
        self.v2_router = c.deploy_code(bytes.fromhex(code), ["address", "address"], [self.v2_factory, self.tokens["WETH"]])
        prices = dict(PRICES, CRV=Decimal("0.48"))
        for a, b in (("CRV", "WETH"), ("WETH", "USDC")):
            c.tx(d, self.v2_factory, "createPair(address,address)", self.tokens[a], self.tokens[b])
            pair = cs(c.call(self.v2_factory, "getPair(address,address)", self.tokens[a], self.tokens[b], out="address"))
            for s in (a, b):
                self.fund(pair, s, int(Decimal(20_000_000) / prices[s] * 10 ** DECIMALS[s]))
            c.tx(d, pair, "mint(address)", d)

    # ------------------------------------------------------------------ stand-ins
    def _standins(self):
        c, d = self.c, self.d
        self.balancer = c.deploy_vyper("standins/BalancerVault.vy")
        self.morpho = c.deploy_vyper("standins/MorphoBlue.vy")
        self.vault4626 = c.deploy_vyper("standins/ERC4626Vault.vy", (self.tokens["USDC"],))
        for s, amt in (("USDC", 5_000_000), ("DAI", 5_000_000), ("WETH", 5_000), ("WBTC", 100)):
            self.fund(self.balancer, s, units(s, amt))
        for s, amt in (("USDC", 5_000_000), ("WBTC", 100), ("WETH", 5_000)):
            self.fund(self.morpho, s, units(s, amt))
        # Harvest targets without an artifact (Convex, Curve, Beefy, Yearn V2): pay 2000 CRV a call.
        self.reward_amount = units("CRV", 2000)
        self.rewards = c.deploy_vyper("standins/RewardSource.vy", (self.tokens["CRV"], self.reward_amount))
        self.fund(self.rewards, "CRV", units("CRV", 1_000_000))

    def _safe(self):
        """Safe v1.4.1: singleton, proxy factory, MultiSend, MultiSendCallOnly, fallback handler."""
        c, d = self.c, self.d
        self.safe_singleton = c.deploy_artifact(S + "Safe_V1_4_1.json")
        self.safe_factory = c.deploy_artifact(S + "ProxyFactory_V1_4_1.json")
        self.multisend = c.deploy_artifact(S + "MultiSend_V1_4_1.json")
        self.multisend_call_only = c.deploy_artifact(S + "MultiSendCallOnly_V1_4_1.json")
        self.safe_fallback = c.deploy_artifact(S + "CompatibilityFallbackHandler_V1_4_1.json")

    def create_safe(self, owners, threshold):
        """A Safe proxy set up with OWNERS and THRESHOLD; returns its address."""
        c, d = self.c, self.d
        zero = "0x" + "00" * 20
        init = calldata("setup(address[],uint256,address,bytes,address,address,uint256,address)",
                        owners, threshold, zero, b"", self.safe_fallback, zero, 0, zero)
        data = calldata("createProxyWithNonce(address,bytes,uint256)", self.safe_singleton, init, len(owners))
        ok, out = c.try_call(self.safe_factory, data)
        assert ok
        c.send(d, self.safe_factory, data)
        return cs(out[12:32])

    def _executors(self):
        """The executor owned by the plans' account, and the EIP-7702 delegate (owner = 0)."""
        c, d = self.c, self.d
        self.account = Account.from_key(DEV_KEY).address
        c.t.add_account(DEV_KEY)
        c.send(d, self.account, b"", value=10_000 * 10 ** 18)
        self.executor = c.deploy_vyper("BallastExecutor.vy", (self.account,))
        self.delegate = c.deploy_vyper("BallastExecutor.vy", ("0x" + "00" * 20,))
        self.strategy = c.deploy_vyper("standins/YearnV3Strategy.vy", (self.executor,))
