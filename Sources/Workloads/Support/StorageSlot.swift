import Primitives

/// Where Vyper keeps a HashMap entry: keccak256(pad32(slot) ++ pad32(key)) (the reverse of
/// Solidity's key-first order). Generators use it to write balances, allowances and positions
/// into the genesis allocation.
enum StorageSlot {
    static func map(_ slot: UInt64, _ key: Address) -> U256 { SlotHash.hash(U256(slot), U256(key)) }
    static func map(_ slot: UInt64, _ key: U256) -> U256 { SlotHash.hash(U256(slot), key) }
    /// HashMap[address, HashMap[address, _]]: the inner map's slot is the outer entry's slot.
    static func map(_ slot: UInt64, _ key: Address, _ key2: Address) -> U256 {
        SlotHash.hash(SlotHash.hash(U256(slot), U256(key)), U256(key2))
    }
}
