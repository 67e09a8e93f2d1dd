import BallastJSON
import Foundation
import TestSupport
import Testing

/// `tx sign` reads its input in chunks (two passes, bounded memory): inputs spanning several
/// chunks still give eth-account's bytes in order, and a bad line in a late chunk still stops
/// everything before anything is printed, named by its number in the whole input.
@Suite struct TxSignChunkTests {
    @Test func severalChunksMatchEthAccountAndStayAllOrNothing() throws {
        let text = try #require(TxVectors.batch["text"]?.text)
        let key = try #require(TxVectors.batch["key"]?.text)
        let raws = try #require(TxVectors.batch["raws"]?.arrayValue).compactMap(\.text)
        let block = text.hasSuffix("\n") ? text : text + "\n"
        // Chunks of 256 KiB (the test knob), and enough copies of the 240-line batch to span four.
        let chunk = Wallet.noEnvironmentKey.merging(["BALLAST_TX_SIGN_CHUNK_BYTES": "\(256 << 10)"]) { $1 }
        let copies = (1 << 20) / block.utf8.count + 1
        let big = String(repeating: block, count: copies)
        #expect(big.utf8.count > 1 << 20)
        let expected = String(repeating: raws.joined(separator: "\n") + "\n", count: copies)
        let scratch = try Scratch()
        let keyFile = try scratch.write("key", key)
        let input = try scratch.write("big.jsonl", big, mode: 0o644)
        let fromFile = try Wallet.run(["tx", "sign", "--private-key-file", keyFile, "--input", input], secrets: [key], environment: chunk)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == expected)

        // The same without the final newline: the last line is still signed.
        let unterminated = try scratch.write("unterminated.jsonl", String(big.dropLast()), mode: 0o644)
        let lastLine = try Wallet.run(["tx", "sign", "--private-key-file", keyFile, "--input", unterminated], secrets: [key], environment: chunk)
        #expect(lastLine.status == 0, "\(lastLine.stderr)")
        #expect(lastLine.stdout == expected)

        // Standard input redirected from the file (a regular file: read in place, as --input).
        let redirected = Process()
        redirected.executableURL = URL(fileURLWithPath: "/bin/sh")
        redirected.arguments = ["-c", "exec \"$0\" tx sign --private-key-file \"$1\" < \"$2\"", CLI.executable.path, keyFile, input]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "BALLAST_PRIVATE_KEY")
        env["BALLAST_TX_SIGN_CHUNK_BYTES"] = "\(256 << 10)"
        redirected.environment = env
        let outPipe = Pipe()
        redirected.standardOutput = outPipe
        try redirected.run()
        let redirectedOut = outPipe.fileHandleForReading.readDataToEndOfFile()
        redirected.waitUntilExit()
        #expect(redirected.terminationStatus == 0)
        #expect(String(decoding: redirectedOut, as: UTF8.self) == expected)

        // A pipe that fits in one chunk is read into memory (nothing spooled): same bytes.
        let small = try Wallet.run(["tx", "sign", "--private-key-file", keyFile], secrets: [key], stdin: Data(block.utf8))
        #expect(small.status == 0, "\(small.stderr)")
        #expect(small.stdout == raws.joined(separator: "\n") + "\n")

        // Through a pipe (spooled to a temporary file), one bad line at the very end: nothing
        // printed, the line named by its number in the whole input.
        let lineCount = big.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let bad = big + "{\"chainId\":1,\"nonce\":\"01x\"}\n"
        let r = try Wallet.run(["tx", "sign", "--private-key-file", keyFile, "--json"], secrets: [key], stdin: Data(bad.utf8), environment: chunk)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("{\"error\":") && !r.stdout.contains("0x02f"))
        #expect(r.stdout.contains("\"at\":\"line \(lineCount + 1)"), "\(r.stdout)")
    }
}
