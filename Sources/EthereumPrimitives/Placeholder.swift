import Keccak
// Placeholder: UInt256, Int256, Address, Hex and unit parsing live in this module.
