import Keccak
import Testing

@Suite struct KeccakSmokeTests {
    @Test func emptyInput() {
        #expect(Keccak256.hash(data: [UInt8]()).description
            == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test func transferSelector() {
        #expect(Keccak256.hash(data: Array("transfer(address,uint256)".utf8)).description.hasPrefix("a9059cbb"))
    }
}
