import ABI
import BallastJSON
import Foundation
import Testing
import TestSupport

/// The selector book over the bundled abi/ folder and over synthetic ABIs with collisions.
@Suite struct SelectorBookTests {
    static func bytes(_ hex: String) -> [UInt8] { TestHex.decode(hex) ?? [] }

    @Test func bundledBook() throws {
        let book = try SelectorBook(directory: JSONABITests.abiFolder)
        #expect(book.files.count == 32)
        // No two different signatures share a selector or topic in the bundled ABIs.
        #expect(book.collisions == [])

        // Signatures declared by several files are reported separately, as selectors.json lists them.
        let doc = try SigVectors.load("selectors.json")
        let expected = SigVectors.array(doc["sharedSignatures"]).map { v in
            (SigVectors.string(v["signature"]) ?? "", SigVectors.string(v["selector"]) ?? "",
             SigVectors.array(v["files"]).compactMap(SigVectors.string))
        }
        let ours = book.sharedSignatures.filter { $0.kind != "event" }
        #expect(ours.count == expected.count)
        for (o, e) in zip(ours, expected) {
            #expect(o.signature == e.0)
            #expect(o.selector == e.1)
            #expect(o.files == e.2, "\(o.signature)")
        }
        // Events shared by ERC-20 and WETH.
        let sharedEvents = book.sharedSignatures.filter { $0.kind == "event" }.map(\.signature)
        #expect(sharedEvents.contains("Transfer(address,address,uint256)"))

        // withdraw(uint256) is in three files; every source is kept, with its own parameter names.
        let withdraw = book.functions(selector: Self.bytes("2e1a7d4d"))
        #expect(withdraw.map(\.file) == ["beefy-vault.json", "weth9.json", "yearn-v2-vault.json"])
        #expect(Set(withdraw.map(\.function.canonicalSignature)) == ["withdraw(uint256)"])
        #expect(book.functions(signature: "withdraw(uint256)").count == 3)
        #expect(book.functions(signature: "function withdraw(uint256 wad)").count == 3)
        #expect(book.functions(signature: "not a signature").isEmpty)

        // Calldata lookup reads the first 4 bytes.
        let calldata = Self.bytes("a9059cbb") + [UInt8](repeating: 0, count: 64)
        #expect(book.functions(calldata: calldata).map(\.file) == ["erc20.json", "weth9.json"])
        #expect(book.functions(selector: [0xa9, 0x05]).isEmpty)
        #expect(book.functions(selector: Self.bytes("deadbeef")).isEmpty)

        let transfer = book.events(topic0: Self.bytes("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"))
        #expect(transfer.map(\.file).contains("erc20.json") && transfer.map(\.file).contains("weth9.json"))
        #expect(book.errors(selector: Self.bytes("08c379a0")).isEmpty)

        // Every function of selectors.json is found under its selector.
        guard case .object(let files)? = doc["files"] else { Issue.record("no files"); return }
        var count = 0
        for (file, records) in files {
            for r in SigVectors.array(records) where SigVectors.string(r["kind"]) == "function" {
                let sel = Self.bytes(SigVectors.string(r["selector"]) ?? "")
                let found = book.functions(selector: sel).filter { $0.file == file }
                #expect(found.contains { $0.function.canonicalSignature == SigVectors.string(r["signature"]) }, "\(file)")
                count += 1
            }
        }
        #expect(count == book.allFunctions.count)
    }

    @Test func collisionsAndErrors() throws {
        let a = try JSONABI(parsing: """
            [{"type":"function","name":"burn","inputs":[{"name":"amount","type":"uint256"}],"outputs":[],"stateMutability":"nonpayable"},
             {"type":"error","name":"Unauthorized","inputs":[]},
             {"type":"event","name":"Burn","inputs":[{"name":"amount","type":"uint256","indexed":false}],"anonymous":false}]
            """)
        let b = try JSONABI(parsing: """
            [{"type":"function","name":"collate_propagate_storage","inputs":[{"name":"","type":"bytes16"}],"outputs":[],"stateMutability":"nonpayable"},
             {"type":"function","name":"burn","inputs":[{"name":"value","type":"uint256"}],"outputs":[],"stateMutability":"nonpayable"},
             {"type":"error","name":"Unauthorized","inputs":[]}]
            """)
        var book = SelectorBook()
        book.add(a, file: "a.json")
        book.add(b, file: "b.json")
        #expect(book.files == ["a.json", "b.json"])
        let entries = book.functions(selector: Self.bytes("42966c68"))
        #expect(entries.map(\.function.canonicalSignature) == ["burn(uint256)", "collate_propagate_storage(bytes16)", "burn(uint256)"])
        #expect(entries.map(\.file) == ["a.json", "b.json", "b.json"])
        #expect(book.collisions == [SelectorBook.Collision(kind: "function", selector: "0x42966c68",
                                                           signatures: ["burn(uint256)", "collate_propagate_storage(bytes16)"])])
        let shared = book.sharedSignatures
        #expect(shared.map(\.signature) == ["burn(uint256)", "Unauthorized()"])
        #expect(shared.map(\.kind) == ["function", "error"])
        #expect(shared[1].files == ["a.json", "b.json"])
        #expect(shared[1].selector == "0x82b42900")
        #expect(book.errors(selector: Self.bytes("82b42900")).count == 2)
        #expect(book.events(topic0: a.events[0].topic0).map(\.file) == ["a.json"])
        #expect(book.allErrors.count == 2 && book.allEvents.count == 1 && book.allFunctions.count == 3)

        let again = SelectorBook([JSONABIFile(name: "a.json", url: URL(fileURLWithPath: "/a.json"), abi: a)])
        #expect(again.collisions.isEmpty && again.files == ["a.json"])
    }
}
