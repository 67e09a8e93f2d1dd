import Ballast
import Foundation
import TestSupport
import Testing

// The code of the documentation's articles (Sources/Ballast/Ballast.docc), run against the real
// API. `articleCodeIsHere` checks that every Swift block of the articles appears in this file
// verbatim, so an article cannot drift from code that compiles and runs.
//
// The plan and its signed transactions are checked against vectors/plans/eoa-simple.expected.json,
// which eth-abi and eth-account produce independently (vectors/gen_plans.py).

/// The repository's `abi/` folder (what `BundledABI.directory` finds beside the executable).
private let abiDirectory = Vectors.projectRoot.appendingPathComponent("abi")

/// The public development key of examples/README.md (Anvil/Hardhat account #0).
private func developmentSigner() throws -> PrivateKeySigner {
    try PrivateKeySigner(privateKey: PrivateKey(bytes: Hex.decode("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")))
}

private func projectFile(_ relative: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: Vectors.projectRoot.appendingPathComponent(relative)))
}

/// The `raw` and first call's `function` of each transaction of a plan vector.
private func planVector(_ name: String) throws -> [(raw: String, function: String)] {
    let json = try JSONValue.parse(bytes: projectFile("vectors/plans/\(name).expected.json"))
    guard case .array(let txs)? = json["transactions"] else { return [] }
    return txs.compactMap { tx in
        guard case .string(let raw)? = tx["raw"], case .array(let calls)? = tx["calls"],
              case .string(let function)? = calls.first?["function"] else { return nil }
        return (raw, function)
    }
}

/// The eoa-simple example compiled, its signer, and its signed raw transactions.
private func compiledExample() throws -> (compiled: CompiledPlan, signer: PrivateKeySigner, raw: [String]) {
    let signer = try developmentSigner()
    let plan = try Plan(bytes: projectFile("examples/eoa-simple.json"), options: PlanOptions(abiDirectory: abiDirectory.path))
    let compiled = try plan.compile()
    let raw = try compiled.sign(with: signer).map { Hex.encode($0.signed.encoded) }
    return (compiled, signer, raw)
}

@Suite struct ArticleTests {
    // MARK: Sign a transaction

    @Test func signATransaction() throws {
        // eth-account's documented example key: public, for examples only.
        let key = try PrivateKey(bytes: Hex.decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"))
        let signer = try PrivateKeySigner(privateKey: key)

        let transfer = DynamicFeeTransaction(
            chainId: 1, nonce: 0,
            maxPriorityFeePerGas: try Units.parseValue("1.5 gwei"),
            maxFeePerGas: try Units.parseValue("40 gwei"),
            gasLimit: 21_000,
            to: try Address(hex: "0x3535353535353535353535353535353535353535"),
            value: try Units.parseValue("0.01 ether"))

        let signed = try UnsignedTransaction(transfer).sign(with: signer)
        let raw = Hex.encode(signed.encoded)   // for eth_sendRawTransaction
        let hash = signed.hash.hex              // the transaction hash

        // The key's address as eth-account documents it.
        #expect(signed.sender == (try Address(hex: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")))
        #expect(raw.hasPrefix("0x02"))
        #expect(hash.count == 66)
        #expect(transfer.maxFeePerGas == UInt256(40_000_000_000))
        #expect(transfer.value == UInt256(10_000_000_000_000_000))

        // The key files the next blocks read: a key file (0600) and a cheap keystore of the same key.
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: files) }
        let keyFilePath = files.appendingPathComponent("key.hex").path
        #expect(FileManager.default.createFile(atPath: keyFilePath, contents: Data("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318\n".utf8), attributes: [.posixPermissions: 0o600]))
        let keystorePath = files.appendingPathComponent("keystore.json").path
        let keystore = try Keystore.encrypt(privateKey: key, password: Array("docs".utf8), kdf: .scrypt(n: 1024, r: 8, p: 1))
        #expect(FileManager.default.createFile(atPath: keystorePath, contents: Data(keystore)))
        func askPassword(_ path: String) throws(KeysError) -> [UInt8] { Array("docs".utf8) }

        let choice = KeySpecification(privateKeyFile: keyFilePath)
        try choice.validate()
        let chosen = try choice.signer()

        let unlocked = try KeySpecification(keystore: keystorePath).signer(password: { path in
            try askPassword(path)   // the app's own prompt, without echo
        })

        #expect(chosen.addressBytes == signer.addressBytes)
        #expect(unlocked.addressBytes == signer.addressBytes)
        // A key file others may read is refused, as on the command line.
        chmod(keyFilePath, 0o644)
        #expect(throws: KeysError.self) { try choice.signer() }

        var pending: [UnsignedTransaction?] = (UInt64(0)..<100).map { nonce in
            var next = transfer
            next.nonce = nonce
            return UnsignedTransaction(next)
        }
        let raws = try BatchSigner(signer: chosen, threads: 4).sign(&pending) { Hex.encode($0.encoded) }

        #expect(raws.count == 100)
        #expect(raws.first == raw)
        for (nonce, r) in raws.enumerated() {
            let back = try SignedTransaction.decode(hex: r ?? "")
            #expect(back.sender == signed.sender && back.transaction.nonce == UInt64(nonce))
        }

        let decoded = try SignedTransaction.decode(hex: raw)
        let sameSender = decoded.sender == signed.sender
        let gas = decoded.transaction.intrinsicGas(fork: .prague)

        #expect(sameSender)
        #expect(decoded == signed)
        #expect(gas.intrinsic == 21_000)

        // The fork rules are checked before signing: 21,000 gas is too little for calldata.
        var withData = transfer
        withData.input = [1, 2, 3]
        #expect(throws: TransactionError.self) { try UnsignedTransaction(withData).sign(with: signer) }
    }

    // MARK: Compile and sign a plan

    @Test func compileAndSignAPlan() throws {
        let planBytes = try projectFile("examples/eoa-simple.json")
        let signer = try developmentSigner()

        let plan = try Plan(bytes: planBytes, options: PlanOptions(abiDirectory: abiDirectory.path))
        let compiled = try plan.compile()

        for action in compiled.actions {
            print(action.id, action.calls.count, "calls")
        }

        let signed = try compiled.sign(with: signer)
        let rawTransactions = signed.map { Hex.encode($0.signed.encoded) }

        let expected = try planVector("eoa-simple")
        #expect(expected.count == 3)
        #expect(rawTransactions == expected.map(\.raw))

        // A keystore and password file of the development key (cheap scrypt, for the test).
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: files) }
        let keystorePath = files.appendingPathComponent("keystore.json").path
        let passwordPath = files.appendingPathComponent("password").path
        let developmentKey = try PrivateKey(bytes: Hex.decode("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
        let keystore = try Keystore.encrypt(privateKey: developmentKey, password: Array("plan".utf8), kdf: .scrypt(n: 1024, r: 8, p: 1))
        #expect(FileManager.default.createFile(atPath: keystorePath, contents: Data(keystore)))
        #expect(FileManager.default.createFile(atPath: passwordPath, contents: Data("plan\n".utf8), attributes: [.posixPermissions: 0o600]))

        let keystoreSigner = try KeySpecification(keystore: keystorePath, passwordFile: passwordPath).signer()
        let fromKeystore = try compiled.sign(with: keystoreSigner, threads: 2)

        #expect(fromKeystore.map { Hex.encode($0.signed.encoded) } == expected.map(\.raw))

        // Another key is refused before anything is signed.
        let other = try PrivateKeySigner(privateKey: PrivateKey(bytes: Hex.decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")))
        #expect(throws: PlanValidationError.self) { try compiled.sign(with: other) }
    }

    // MARK: Audit transactions

    @Test func auditTransactions() throws {
        let (compiled, signer, rawTransactions) = try compiledExample()
        let policyBytes = try projectFile("examples/policy/harvest-only.json")

        var decoder = CallDecoder()
        decoder.followsBatches = true
        decoder.add(try SelectorBook(directory: abiDirectory))

        let lines = try AuditInputReader.read(Array(rawTransactions.joined(separator: "\n").utf8), source: "plan.txt")
        let report = Auditor(decoder: decoder).audit(lines)

        for finding in report.findings {
            print(finding.severity, finding.code, finding.path, finding.message)
        }
        let refused = report.fails(at: .high)

        // Every call is named as the independent vector names it.
        let expected = try planVector("eoa-simple")
        #expect(report.transactions.map { $0.calls.first?.function } == expected.map(\.function))
        #expect(refused == report.findings.contains { $0.severity >= .high })

        let policy = try SigningPolicy.parse(policyBytes)
        let violations = policy.evaluate(report.transactions)

        do {
            _ = try compiled.sign(with: signer, policy: policy)
        } catch let refusal as PolicyViolation {
            for finding in refusal.findings {
                print(finding.code, finding.path)
            }
        }

        // The harvest-only policy allows one transaction to its own targets: the plan's three
        // transactions to Aave are refused, whole, by both routes.
        #expect(violations.contains { $0.code == .policy(.tooManyTransactions) })
        #expect(violations.allSatisfy { if case .policy = $0.code { true } else { false } })
        #expect(!policy.violations(of: compiled).isEmpty)
        #expect(throws: PolicyViolation.self) { try compiled.sign(with: signer, policy: policy) }
        // A policy with only the safety defaults lets this plan through.
        #expect(try compiled.sign(with: signer, policy: SigningPolicy()).map { Hex.encode($0.signed.encoded) } == rawTransactions)
    }

    // MARK: Add a protocol

    @Test func addAProtocol() throws {
        let (compiled, _, _) = try compiledExample()
        let supply = compiled.transactions[1].transaction
        let pool = try #require(supply.to)
        let calldata = supply.input

        let book = try SelectorBook(directory: abiDirectory)
        var decoder = CallDecoder()
        decoder.add(book)

        let call = decoder.decode(to: pool, value: .zero, data: calldata, path: "tx[0].calls[0]")
        let name = call.function   // "supply(address,uint256,address,uint16)"

        #expect(name == "supply(address,uint256,address,uint16)")
        #expect(name == (try planVector("eoa-simple"))[1].function)
    }

    // MARK: The articles' code is this file's

    @Test func articleCodeIsHere() throws {
        let catalog = Vectors.projectRoot.appendingPathComponent("Sources/Ballast/Ballast.docc")
        let articles = try FileManager.default.contentsOfDirectory(atPath: catalog.path).filter { $0.hasSuffix(".md") }.sorted()
        let source = Self.normalized(try String(contentsOfFile: #filePath, encoding: .utf8))
        var blocks = 0
        for article in articles {
            let text = try String(contentsOf: catalog.appendingPathComponent(article), encoding: .utf8)
            for block in Self.swiftBlocks(text) {
                blocks += 1
                let found = source.contains(Self.normalized(block))
                #expect(found, "a Swift block of \(article) is not in ArticleTests.swift:\n\(block)")
            }
        }
        // Sign a transaction (4), Compile and sign a plan (2), Audit transactions (2), Add a protocol (1).
        #expect(blocks == 9)
    }

    /// The contents of the ```swift fences of a Markdown text.
    static func swiftBlocks(_ text: String) -> [String] {
        var out: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if current == nil, t == "```swift" {
                current = []
            } else if current != nil, t == "```" {
                out.append(current!.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return out
    }

    /// Lines trimmed, blank lines dropped: indentation differs between an article and a test.
    static func normalized(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
