@testable import ABI
import Testing

/// The encoder's and decoder's flattened type plan.
@Suite struct CodecPlanTests {
    /// 32 nodes of 32 bytes fit the 1 KiB that temporary allocations keep on the stack, so a
    /// typical call's plan costs no heap allocation.
    @Test func nodeLayout() {
        #expect(MemoryLayout<ABILayoutNode>.stride == 32)
        #expect(ABILayoutPlan.inlineCapacity == 32)
    }

    @Test func planContents() {
        let types: [ABIType] = [.address, .array(.tuple([.uint(bits: 8), .bytes])), .fixedArray(.uint256, count: 3)]
        let count = ABILayoutPlan.nodeCount(types)
        #expect(count == 1 + 3 + 1 + 2 + 1)
        let nodes = UnsafeMutablePointer<ABILayoutNode>.allocate(capacity: 16)
        defer { nodes.deallocate() }
        #expect(ABILayoutPlan.build(types, into: nodes, capacity: 16) == count)
        #expect(nodes[0].kind == .tuple && nodes[0].dynamic && nodes[0].regionSize == 32 + 32 + 96)
        #expect(nodes[2].kind == .array && nodes[2].dynamic)
        #expect(nodes[3].kind == .fixedArray && !nodes[3].dynamic && nodes[3].headSize == 96)
        #expect(ABILayoutPlan.type(at: 0, nodes) == .tuple(types))
        // Too small a buffer, or an invalid type: nil.
        #expect(ABILayoutPlan.build(types, into: nodes, capacity: 5) == nil)
        #expect(ABILayoutPlan.build([.uint(bits: 9)], into: nodes, capacity: 16) == nil)
    }
}
