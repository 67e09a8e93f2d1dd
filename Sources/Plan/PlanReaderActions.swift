import ABI
import BallastJSON
import EthereumPrimitives
import Protocols

extension PlanReader {
    static let actionKinds = ["call", "flashLoanRebalance", "harvest", "hedgeAdjust"]
    static let stepOps = ["approve", "transfer", "wrap", "unwrap", "supply", "withdraw", "borrow", "repay", "deposit", "redeem", "swap", "call"]

    /// Largest gas limit a plan may give (well above any block's gas limit).
    static let maxGas: UInt64 = 1 << 40

    mutating func readAction(_ v: JSONValue, index: Int, _ path: JSONPath) -> Action? {
        guard let m = object(v, path) else { return nil }
        var id: String?
        if let x = required(m, "id", path), let s = string(x, path + "id") {
            if s.isEmpty || s.count > 200 {
                issues.add(.invalidId, "an action id is 1 to 200 characters", at: path + "id")
            } else {
                id = s
            }
        }
        var gas: UInt64?
        if let x = field(m, "gas") { gas = integer(x, path + "gas", in: 1...Self.maxGas, what: "a gas limit") }
        guard let kx = required(m, "kind", path), let kindName = string(kx, path + "kind") else { return nil }
        var kind: ActionKind?
        switch kindName {
        case "call":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.action(kind: kindName)), path, context: "a call action")
            kind = readCall(m, path).map { .call($0) }
        case "flashLoanRebalance":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.action(kind: kindName)), path, context: "a flashLoanRebalance action")
            kind = readFlashLoan(m, path).map { .flashLoanRebalance($0) }
        case "harvest":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.action(kind: kindName)), path, context: "a harvest action")
            kind = readHarvest(m, path).map { .harvest($0) }
        case "hedgeAdjust":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.action(kind: kindName)), path, context: "a hedgeAdjust action")
            kind = readHedge(m, path).map { .hedgeAdjust($0) }
        default:
            issues.add(.unknownKind, "unknown action kind \"\(Self.clip(kindName))\" (known: \(Self.actionKinds.joined(separator: ", ")))", at: path + "kind")
            return nil
        }
        guard let id, let kind else { return nil }
        return Action(id: id, index: index, kind: kind, gas: gas)
    }

    // MARK: call

    mutating func readCall(_ m: Members, _ path: JSONPath) -> CallSpec? {
        let to = required(m, "to", path).flatMap { target($0, path + "to") }
        let value: UInt256? = field(m, "value").map { wei($0, path + "value") } ?? .zero
        guard let fx = required(m, "function", path), let text = string(fx, path + "function") else { return nil }
        guard let to else { return nil }
        let function: ABIFunction
        if text.contains("(") {
            do {
                // One parsed function per distinct signature text: the actions that repeat it
                // share its storage (a long plan repeats a few functions).
                if let known = parsedSignatures[text] {
                    function = known
                } else {
                    function = try ABIFunction(parsing: text)
                    parsedSignatures[text] = function
                }
            } catch {
                issues.add(.invalidSignature, "\(error.message) (offset \(error.offset) of the signature)", at: path + "function")
                return nil
            }
        } else {
            let candidates = lookupTargets(to)
            switch lookup.function(named: text, files: candidates.files) {
            case .found(let f):
                function = f
            case .noDirectory:
                issues.add(.functionNeedsSignature, "\"\(Self.clip(text))\" is a bare function name but no ABI folder is available: give the full signature (\"function name(type arg, …)\")", at: path + "function")
                return nil
            case .noABI:
                issues.add(.functionNeedsSignature, "no bundled ABI is known for \(to.checksummed): give the full signature of \"\(Self.clip(text))\"", at: path + "function")
                return nil
            case .notFound:
                issues.add(.unknownFunction, "no function \"\(Self.clip(text))\" in \(candidates.files.joined(separator: ", ")) (the ABI of \(candidates.name))", at: path + "function")
                return nil
            case .ambiguous(let sigs):
                issues.add(.ambiguousFunction, "\"\(Self.clip(text))\" names several functions in the ABI of \(candidates.name): \(sigs.joined(separator: ", ")); give the full signature", at: path + "function")
                return nil
            case .unreadable(let message):
                issues.add(.abiUnreadable, message, at: path + "function")
                return nil
            }
        }
        let argsJSON = field(m, "args") ?? .array([])
        let args: [ABIValue]
        do {
            args = try ABIValue.list(fromJSON: argsJSON, parameters: function.inputs, path: path + "args")
        } catch {
            issues.add(reporting: error, error.message, at: error.path)
            return nil
        }
        guard let value else { return nil }
        return CallSpec(target: to, function: function, args: args, value: value)
    }

    /// The ABI files that describe a target, for function names.
    func lookupTargets(_ target: Address) -> (files: [String], name: String) {
        for p in ProtocolName.all where book.protocols[p] == target {
            return (p.abiFiles, p.rawValue)
        }
        if let e = execution, target == e.executor || (e.mode == .eip7702 && target == account) {
            return (FunctionLookup.executorFiles, "the executor")
        }
        if book.tokens.values.contains(where: { $0.address == target }) || planTokensByAddress[target] != nil {
            return (FunctionLookup.tokenFiles, "an ERC-20 token")
        }
        return ([], target.checksummed)
    }

    // MARK: flashLoanRebalance

    mutating func readFlashLoan(_ m: Members, _ path: JSONPath) -> FlashLoanRebalance? {
        if let mode {
            if mode == .eoa {
                issues.add(.flashLoanInEoaMode, "a flash loan needs a contract to receive the callback: not possible in eoa mode (use executor or eip7702)", at: path)
            } else if mode == .safe {
                issues.add(.flashLoanInSafeMode, "a flash loan needs a contract to receive the callback: not possible in safe mode (use executor or eip7702)", at: path)
            }
        }
        guard let px = required(m, "provider", path), let pname = string(px, path + "provider") else { return nil }
        guard let provider = FlashLoanProvider(rawValue: pname) else {
            issues.add(.unknownProtocol, "unknown flash-loan provider \"\(Self.clip(pname))\" (known: aave-v3, balancer-v2, morpho-blue)", at: path + "provider")
            return nil
        }
        let protoName: ProtocolName = switch provider {
        case .aaveV3: .aaveV3
        case .balancerV2: .balancerV2
        case .morphoBlue: .morphoBlue
        }
        let lender = protocolAddress(protoName, path + "provider")
        var premium: UInt64 = provider == .aaveV3 ? 5 : 0
        if let x = field(m, "premiumBps") {
            if provider == .aaveV3 {
                premium = integer(x, path + "premiumBps", in: 0...10_000, what: "basis points") ?? premium
            } else {
                let hint = provider == .balancerV2 ? " (a Balancer V2 fee is feeBps)" : " (morpho-blue charges none)"
                report(.fieldNotAllowed, "premiumBps applies to aave-v3 flash loans only\(hint)", at: path + "premiumBps")
            }
        }
        if let x = field(m, "feeBps") {
            if provider == .balancerV2 {
                // The Vault's ProtocolFeesCollector caps the flash-loan fee at 1% (1e16).
                premium = integer(x, path + "feeBps", in: 0...100, what: "basis points (the Vault allows at most 1%, 100 bps)") ?? premium
            } else {
                let hint = provider == .aaveV3 ? " (an Aave premium is premiumBps)" : " (morpho-blue charges none)"
                report(.fieldNotAllowed, "feeBps applies to balancer-v2 flash loans only\(hint)", at: path + "feeBps")
            }
        }
        var loans: [FlashLoanItem] = []
        var loansOK = true
        if let lx = required(m, "loans", path), let items = array(lx, path + "loans") {
            if items.isEmpty { issues.add(.noLoans, "a flash loan needs at least one loan", at: path + "loans"); loansOK = false }
            if provider == .morphoBlue && items.count > 1 {
                issues.add(.morphoSingleLoan, "a morpho-blue flash loan borrows exactly one token (\(items.count) loans given)", at: path + "loans")
                loansOK = false
            }
            var seen: [Address: Int] = [:]
            for (j, item) in items.enumerated() {
                let p = path + "loans" + j
                guard let o = object(item, p) else { loansOK = false; continue }
                checkKeys(o, allowed: PlanSchemaKeys.allowed(.loan), p)
                guard let t = required(o, "token", p).flatMap({ token($0, p + "token") }),
                      let a = required(o, "amount", p).flatMap({ amount($0, p + "amount", token: t) })
                else { loansOK = false; continue }
                if a.isZero { issues.add(.amountZero, "a loan amount must be greater than zero", at: p + "amount"); loansOK = false }
                if let first = seen[t.address] {
                    issues.add(.duplicateLoanToken, "\(t) is already borrowed by loans[\(first)]", at: p + "token")
                    loansOK = false
                } else {
                    seen[t.address] = j
                }
                loans.append(FlashLoanItem(token: t, amount: a, path: p))
            }
        } else {
            loansOK = false
        }
        let steps = readSteps(field(m, "steps"), path + "steps", required: true)
        guard let lender, loansOK, let steps else { return nil }
        return FlashLoanRebalance(provider: provider, lender: lender, loans: loans, steps: steps, premiumBps: premium)
    }

    mutating func readSteps(_ v: JSONValue?, _ path: JSONPath, required isRequired: Bool) -> [Step]? {
        guard let v else {
            if isRequired { report(.missingField, "missing field \"steps\"", at: path); return nil }
            return []
        }
        guard let items = array(v, path) else { return nil }
        var steps: [Step] = []
        var ok = true
        for (j, item) in items.enumerated() {
            if let s = readStep(item, path + j) { steps.append(s) } else { ok = false }
        }
        return ok ? steps : nil
    }

    // MARK: harvest

    mutating func readHarvest(_ m: Members, _ path: JSONPath) -> Harvest? {
        var proto: HarvestProtocol?
        if let x = required(m, "protocol", path), let name = string(x, path + "protocol") {
            proto = HarvestProtocol(rawValue: name)
            if proto == nil {
                issues.add(.unknownProtocol, "unknown harvest protocol \"\(Self.clip(name))\" (known: \(HarvestProtocol.allCases.map(\.rawValue).joined(separator: ", ")))", at: path + "protocol")
            }
        }
        let tgt = required(m, "target", path).flatMap { address($0, path + "target") }
        let compound = readSteps(field(m, "compound"), path + "compound", required: false)
        guard let proto, let tgt, let compound else { return nil }
        return Harvest(protocolName: proto, target: tgt, compound: compound)
    }

    // MARK: hedgeAdjust

    mutating func readHedge(_ m: Members, _ path: JSONPath) -> HedgeAdjust? {
        var pool: Address?
        if let x = required(m, "venue", path), let name = string(x, path + "venue") {
            if name == ProtocolName.aaveV3.rawValue {
                pool = protocolAddress(.aaveV3, path + "venue")
            } else {
                issues.add(.unknownVenue, "unknown hedge venue \"\(Self.clip(name))\" (known: aave-v3)", at: path + "venue")
            }
        }
        let asset = required(m, "asset", path).flatMap { token($0, path + "asset") }
        let quote = required(m, "quote", path).flatMap { token($0, path + "quote") }
        var change: (negative: Bool, magnitude: UInt256)?
        if let x = required(m, "change", path), let asset {
            change = signedAmount(x, path + "change", token: asset)
            if let c = change, c.magnitude.isZero {
                issues.add(.amountZero, "change must not be zero", at: path + "change")
                change = nil
            }
        }
        if let asset, let quote, asset.address == quote.address {
            issues.add(.invalidHedge, "asset and quote are the same token", at: path + "quote")
        }
        guard let sx = required(m, "swap", path), let s = object(sx, path + "swap") else { return nil }
        let sp = path + "swap"
        checkKeys(s, allowed: PlanSchemaKeys.allowed(.hedgeSwap), sp)
        var router: Address?
        if let x = required(s, "venue", sp), let name = string(x, sp + "venue") {
            if name == ProtocolName.uniswapV3.rawValue {
                router = protocolAddress(.uniswapV3, sp + "venue")
            } else {
                issues.add(.unknownVenue, "unknown hedge swap venue \"\(Self.clip(name))\" (known: uniswap-v3)", at: sp + "venue")
            }
        }
        let fee = required(s, "fee", sp).flatMap { integer($0, sp + "fee", in: 0...0xFF_FFFF, what: "a uint24 fee tier") }
        guard let pool, let router, let asset, let quote, let change, let fee else { return nil }
        let direction: HedgeAdjust.Direction
        if change.negative {
            refuse(s, "maxAmountIn", sp, because: "a negative change (grow the short) sells the asset: give minAmountOut")
            guard let x = required(s, "minAmountOut", sp, why: "a negative change sells the borrowed asset"),
                  let minOut = amount(x, sp + "minAmountOut", token: quote) else { return nil }
            direction = .grow(amount: change.magnitude, minAmountOut: minOut)
        } else {
            refuse(s, "minAmountOut", sp, because: "a positive change (shrink the short) buys the asset back: give maxAmountIn")
            guard let x = required(s, "maxAmountIn", sp, why: "a positive change buys the asset back"),
                  let maxIn = amount(x, sp + "maxAmountIn", token: quote) else { return nil }
            direction = .shrink(amount: change.magnitude, maxAmountIn: maxIn)
        }
        return HedgeAdjust(pool: pool, router: router, asset: asset, quote: quote, fee: UInt32(fee), direction: direction)
    }

    // MARK: steps

    mutating func readStep(_ v: JSONValue, _ path: JSONPath) -> Step? {
        guard let m = object(v, path) else { return nil }
        guard let ox = required(m, "op", path), let op = string(ox, path + "op") else { return nil }
        let ctx = "a \(op) step"
        switch op {
        case "approve":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: op)), path, context: ctx)
            let t = required(m, "token", path).flatMap { token($0, path + "token") }
            let spender = required(m, "spender", path).flatMap { target($0, path + "spender") }
            let a = required(m, "amount", path).flatMap { amount($0, path + "amount", token: t) }
            guard let t, let spender, let a else { return nil }
            return Step(.approve(token: t, spender: spender, amount: a), path: path)
        case "transfer":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: op)), path, context: ctx)
            let t = required(m, "token", path).flatMap { token($0, path + "token") }
            let to = required(m, "to", path).flatMap { target($0, path + "to") }
            let a = required(m, "amount", path).flatMap { amount($0, path + "amount", token: t) }
            guard let t, let to, let a else { return nil }
            return Step(.transfer(token: t, to: to, amount: a), path: path)
        case "wrap", "unwrap":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: op)), path, context: ctx)
            let weth = protocolAddress(.weth, path + "op")
            let a = required(m, "amount", path).flatMap { amount($0, path + "amount", decimals: 18, tokenName: "the wrapped native token") }
            guard let weth, let a else { return nil }
            return Step(op == "wrap" ? .wrap(weth: weth, amount: a) : .unwrap(weth: weth, amount: a), path: path)
        case "supply", "withdraw", "borrow", "repay":
            return readLendingStep(op, m, path)
        case "deposit":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: op)), path, context: ctx)
            let vault = required(m, "vault", path).flatMap { address($0, path + "vault") }
            let t = required(m, "token", path).flatMap { token($0, path + "token") }
            let a = required(m, "amount", path).flatMap { amount($0, path + "amount", token: t) }
            let r = optionalRecipient(m, path)
            guard let vault, let t, let a, let r else { return nil }
            return Step(.deposit(vault: vault, token: t, amount: a, recipient: r), path: path)
        case "redeem":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: op)), path, context: ctx)
            let vault = required(m, "vault", path).flatMap { address($0, path + "vault") }
            // Shares are the vault's own token: decimals from `tokens` when it is described there.
            let shareDecimals = vault.flatMap { planTokensByAddress[$0]?.decimals }
            let a = required(m, "shares", path).flatMap { amount($0, path + "shares", decimals: shareDecimals, tokenName: "the vault's shares") }
            let r = optionalRecipient(m, path)
            guard let vault, let a, let r else { return nil }
            return Step(.redeem(vault: vault, shares: a, recipient: r), path: path)
        case "swap":
            return readSwap(m, path)
        case "call":
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: op)), path, context: ctx)
            guard let c = readCall(m, path) else { return nil }
            return Step(.call(c), path: path)
        default:
            issues.add(.unknownOp, "unknown step op \"\(Self.clip(op))\" (known: \(Self.stepOps.joined(separator: ", ")))", at: path + "op")
            return nil
        }
    }

    /// `recipient` when given: `.some(nil)` when absent, nil on error.
    mutating func optionalRecipient(_ m: Members, _ path: JSONPath) -> Address?? {
        guard let x = field(m, "recipient") else { return .some(nil) }
        guard let a = address(x, path + "recipient") else { return nil }
        return .some(a)
    }

    mutating func readLendingStep(_ op: String, _ m: Members, _ path: JSONPath) -> Step? {
        guard let px = required(m, "protocol", path), let pname = string(px, path + "protocol") else { return nil }
        let ctx = "a \(op) step on \(pname)"
        switch pname {
        case ProtocolName.aaveV3.rawValue:
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: op, protocol: pname)), path, context: ctx)
            let pool = protocolAddress(.aaveV3, path + "protocol")
            let t = required(m, "token", path).flatMap { token($0, path + "token") }
            let r = optionalRecipient(m, path)
            guard let ax = required(m, "amount", path) else { return nil }
            if Self.isAll(ax) {
                // "all": Aave's type(uint256).max, bounded offline by maxAmount / minAmount.
                switch op {
                case "repay":
                    let bound = required(m, "maxAmount", path, why: "repaying \"all\" needs the most it may pull: it is approved before the repay and reset to 0 after it")
                        .flatMap { amount($0, path + "maxAmount", token: t) }
                    if let bound, bound.isZero { issues.add(.amountZero, "maxAmount must be greater than zero", at: path + "maxAmount") }
                    guard let pool, let t, let bound, !bound.isZero else { return nil }
                    return Step(.aaveRepayAll(pool: pool, token: t, maxAmount: bound), path: path)
                case "withdraw":
                    let bound = required(m, "minAmount", path, why: "withdrawing \"all\" needs the least it will receive, for the flash-loan coverage check and the guards")
                        .flatMap { amount($0, path + "minAmount", token: t) }
                    guard let pool, let t, let bound, let r else { return nil }
                    return Step(.aaveWithdrawAll(pool: pool, token: t, minAmount: bound, recipient: r), path: path)
                default:
                    report(.invalidAmount, "\"all\" is accepted only by repay and withdraw on aave-v3 (\(op) needs an amount)", at: path + "amount")
                    return nil
                }
            }
            refuse(m, "maxAmount", path, because: "it bounds a repay of \"amount\": \"all\" only")
            refuse(m, "minAmount", path, because: "it bounds a withdraw of \"amount\": \"all\" only")
            let a = amount(ax, path + "amount", token: t)
            guard let pool, let t, let a, let r else { return nil }
            switch op {
            case "supply": return Step(.aaveSupply(pool: pool, token: t, amount: a), path: path)
            case "withdraw": return Step(.aaveWithdraw(pool: pool, token: t, amount: a, recipient: r), path: path)
            case "borrow": return Step(.aaveBorrow(pool: pool, token: t, amount: a), path: path)
            default: return Step(.aaveRepay(pool: pool, token: t, amount: a), path: path)
            }
        case ProtocolName.morphoBlue.rawValue:
            checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: op, protocol: pname)), path, context: ctx)
            let morpho = protocolAddress(.morphoBlue, path + "protocol")
            let market = required(m, "market", path).flatMap { readMarket($0, path + "market") }
            // supply / withdraw move collateral; borrow / repay move the loan token.
            let t = market.map { op == "supply" || op == "withdraw" ? $0.collateralToken : $0.loanToken }
            let r = optionalRecipient(m, path)
            if op == "repay", let sx = field(m, "shares") {
                // Borrow shares, repaid in full: Morpho pulls what they are worth at execution.
                if field(m, "amount") != nil {
                    issues.add(.repayAmounts, "give amount or shares (with maxAmount), not both", at: path + "amount")
                }
                let shares: UInt256? = if case .object = sx {
                    amount(sx, path + "shares", decimals: nil, tokenName: "Morpho borrow shares")
                } else {
                    rawUnits(sx, path + "shares")
                }
                if let shares, shares.isZero { issues.add(.amountZero, "shares must be greater than zero", at: path + "shares") }
                let bound = required(m, "maxAmount", path, why: "repaying shares needs the most of the loan token it may pull: it is approved before the repay and reset to 0 after it")
                    .flatMap { amount($0, path + "maxAmount", token: t) }
                if let bound, bound.isZero { issues.add(.amountZero, "maxAmount must be greater than zero", at: path + "maxAmount") }
                guard let morpho, let market, let shares, !shares.isZero, let bound, !bound.isZero, field(m, "amount") == nil else { return nil }
                return Step(.morphoRepayShares(morpho: morpho, market: market, shares: shares, maxAmount: bound), path: path)
            }
            refuse(m, "maxAmount", path, because: "it bounds a repay of \"shares\" only")
            guard let ax = required(m, "amount", path, why: op == "repay" ? "or shares with maxAmount" : nil) else { return nil }
            if Self.isAll(ax) {
                let hint = op == "repay" ? ": to repay a whole debt give \"shares\" (the position's borrow shares) with \"maxAmount\"" : ""
                report(.invalidAmount, "\"all\" is accepted only by repay and withdraw on aave-v3\(hint)", at: path + "amount")
                return nil
            }
            let a = amount(ax, path + "amount", token: t)
            guard let morpho, let market, let a, let r else { return nil }
            switch op {
            case "supply": return Step(.morphoSupplyCollateral(morpho: morpho, market: market, amount: a), path: path)
            case "withdraw": return Step(.morphoWithdrawCollateral(morpho: morpho, market: market, amount: a, recipient: r), path: path)
            case "borrow": return Step(.morphoBorrow(morpho: morpho, market: market, amount: a, recipient: r), path: path)
            default: return Step(.morphoRepay(morpho: morpho, market: market, amount: a), path: path)
            }
        default:
            issues.add(.unknownProtocol, "unknown protocol \"\(Self.clip(pname))\" for \(op) (known: aave-v3, morpho-blue)", at: path + "protocol")
            return nil
        }
    }

    /// Whether an amount is the string "all".
    static func isAll(_ v: JSONValue) -> Bool {
        if case .string("all") = v { return true }
        return false
    }

    mutating func readMarket(_ v: JSONValue, _ path: JSONPath) -> MorphoMarket? {
        guard let m = object(v, path) else { return nil }
        checkKeys(m, allowed: PlanSchemaKeys.allowed(.market), path)
        let loan = required(m, "loanToken", path).flatMap { token($0, path + "loanToken") }
        let coll = required(m, "collateralToken", path).flatMap { token($0, path + "collateralToken") }
        let oracle = required(m, "oracle", path).flatMap { address($0, path + "oracle") }
        let irm = required(m, "irm", path).flatMap { address($0, path + "irm") }
        let lltv = required(m, "lltv", path).flatMap { rawUnits($0, path + "lltv") }
        guard let loan, let coll, let oracle, let irm, let lltv else { return nil }
        return MorphoMarket(loanToken: loan, collateralToken: coll, oracle: oracle, irm: irm, lltv: lltv)
    }

    mutating func readSwap(_ m: Members, _ path: JSONPath) -> Step? {
        guard let vx = required(m, "venue", path), let venue = string(vx, path + "venue") else { return nil }
        let isV3: Bool
        switch venue {
        case ProtocolName.uniswapV3.rawValue: isV3 = true
        case ProtocolName.uniswapV2.rawValue: isV3 = false
        default:
            issues.add(.unknownVenue, "unknown swap venue \"\(Self.clip(venue))\" (known: \(ProtocolName.uniswapV3.rawValue), \(ProtocolName.uniswapV2.rawValue))", at: path + "venue")
            return nil
        }
        checkKeys(m, allowed: PlanSchemaKeys.allowed(.step(op: "swap", venue: venue)), path, context: "a \(venue) swap")
        let router = protocolAddress(isV3 ? .uniswapV3 : .uniswapV2, path + "venue")

        var tokens: [TokenRef] = []
        var fees: [UInt32] = []
        var pathOK = true
        if let px = required(m, "path", path), let items = array(px, path + "path") {
            if isV3 {
                if items.count < 3 || items.count % 2 == 0 {
                    issues.add(.invalidPath, "a uniswap-v3 path is [token, fee, token, …, token]: an odd number of entries, at least 3 (found \(items.count))", at: path + "path")
                    pathOK = false
                } else {
                    for (k, item) in items.enumerated() {
                        if k % 2 == 0 {
                            if let t = token(item, path + "path" + k) { tokens.append(t) } else { pathOK = false }
                        } else if let f = integer(item, path + "path" + k, in: 0...0xFF_FFFF, what: "a uint24 fee tier (100, 500, 3000, 10000)") {
                            fees.append(UInt32(f))
                        } else {
                            pathOK = false
                        }
                    }
                }
            } else {
                if items.count < 2 {
                    issues.add(.invalidPath, "a uniswap-v2 path has at least two tokens (found \(items.count))", at: path + "path")
                    pathOK = false
                }
                for (k, item) in items.enumerated() {
                    if let t = token(item, path + "path" + k) { tokens.append(t) } else { pathOK = false }
                }
            }
        } else {
            pathOK = false
        }
        let tokenIn = pathOK ? tokens.first : nil
        let tokenOut = pathOK ? tokens.last : nil

        let hasIn = field(m, "amountIn") != nil, hasMinOut = field(m, "minAmountOut") != nil
        let hasOut = field(m, "amountOut") != nil, hasMaxIn = field(m, "maxAmountIn") != nil
        var amounts: SwapAmounts?
        if (hasIn || hasMinOut) && (hasOut || hasMaxIn) {
            issues.add(.swapAmounts, "give amountIn + minAmountOut (exact input) or amountOut + maxAmountIn (exact output), not a mix", at: path)
        } else if hasOut || hasMaxIn {
            if !isV3 {
                issues.add(.unsupportedSwap, "uniswap-v2 swaps are exact-input only (swapExactTokensForTokens): give amountIn and minAmountOut", at: path + (hasOut ? "amountOut" : "maxAmountIn"))
            } else {
                let out = required(m, "amountOut", path).flatMap { amount($0, path + "amountOut", token: tokenOut) }
                let maxIn = required(m, "maxAmountIn", path, why: "an exact-output swap needs a bound").flatMap { amount($0, path + "maxAmountIn", token: tokenIn) }
                if let out, let maxIn { amounts = .exactOutput(amountOut: out, maxAmountIn: maxIn) }
            }
        } else {
            let inAmt = required(m, "amountIn", path).flatMap { amount($0, path + "amountIn", token: tokenIn) }
            let minOut = required(m, "minAmountOut", path, why: "a swap needs a minimum out").flatMap { amount($0, path + "minAmountOut", token: tokenOut) }
            if let inAmt, let minOut { amounts = .exactInput(amountIn: inAmt, minAmountOut: minOut) }
        }
        var deadline = planDeadline ?? .max
        if !isV3, let dx = field(m, "deadline") {
            if let d = uint256(dx, path + "deadline") { deadline = d }
        }
        let r = optionalRecipient(m, path)
        guard let router, pathOK, let amounts, let r else { return nil }
        let v: SwapStep.Venue = isV3 ? .uniswapV3(router: router, fees: fees) : .uniswapV2(router: router, deadline: deadline)
        return Step(.swap(SwapStep(venue: v, tokens: tokens, amounts: amounts, recipient: r)), path: path)
    }
}
