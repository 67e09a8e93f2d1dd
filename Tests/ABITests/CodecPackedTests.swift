import ABI
import BallastJSON
import EthereumPrimitives
import Testing

/// vectors/abi_packed.json: abi.encodePacked for the types the compiler accepts, and the refused ones.
@Suite struct CodecPackedTests {
    @Test func packedVectors() throws {
        let cases = CodecVectors.list(CodecVectors.packed, "packed")
        #expect(cases.count >= 100)
        for c in cases {
            let types = try codecTypes(trees: c["tree"])
            let values = try ABIValue.list(fromJSON: c["values"] ?? .null, types: types)
            #expect(try ABIPacked.encode(values: values, types: types) == codecHex(c["hex"]), "\(types)")
        }
    }

    @Test func solidityDocumentationExample() throws {
        let out = try ABIPacked.encode(values: [.int(Int256(-1)), .fixedBytes([0x42]), .uint(UInt256(3)), .string("Hello, world!")],
                                       types: [.int(bits: 16), .fixedBytes(count: 1), .uint(bits: 16), .string])
        #expect(out == codecHexString("ffff42000348656c6c6f2c20776f726c6421"))
    }

    @Test func refusedTypes() throws {
        let cases = CodecVectors.list(CodecVectors.packed, "packed_rejected")
        #expect(cases.count >= 5)
        for c in cases {
            let types = try codecTypes(trees: c["tree"])
            let values = try ABIValue.list(fromJSON: c["values"] ?? .null, types: types)
            do {
                _ = try ABIPacked.encode(values: values, types: types)
                Issue.record("accepted \(types)")
            } catch {
                #expect(error.code == "abi_packed_unsupported")
                #expect(error.path.description == "[0]")
                #expect(error.message.contains("packed mode"))
            }
        }
    }

    @Test func valuesAreCheckedFirst() throws {
        do {
            _ = try ABIPacked.encode(values: [.uint(UInt256(256))], types: [.uint(bits: 8)])
            Issue.record("accepted")
        } catch {
            #expect(error.code == "abi_integer_out_of_range")
        }
        #expect(try ABIPacked.encode(values: [], types: []) == [])
    }
}

func codecHexString(_ s: String) -> [UInt8] { codecHex(.string(s)) }
