import Primitives
import StateAccess

/// The accounts a transaction has loaded. Most transactions touch a handful, so lookups scan a
/// small array (three word compares per entry, no hashing); past `threshold` entries a
/// dictionary index takes over.
///
/// The entry objects outlive the transaction: `removeAll` only resets the live count, and the
/// next transaction's loads reinitialise the same objects in place (no allocation, no moving
/// references to a pool and back).
struct AccountMap {
    /// `entries[0..<count]` are this transaction's accounts; the rest are spare.
    private var entries: [AccountEntry] = []
    private(set) var count = 0
    private var index: [Address: AccountEntry]? = nil
    static let threshold = 12

    @inline(__always)
    subscript(address: Address) -> AccountEntry? {
        if let idx = index { return idx[address] }
        var i = 0
        while i < count {
            let e = entries[i]
            if e.address == address { return e }
            i &+= 1
        }
        return nil
    }

    /// The `i`-th loaded account, in load order.
    @inline(__always)
    subscript(at i: Int) -> AccountEntry { entries[i] }

    /// Adds `address` (not present yet) with the view's answer, reusing a spare entry.
    mutating func load(_ address: Address, info: AccountInfo?) -> AccountEntry {
        let e: AccountEntry
        if count < entries.count {
            e = entries[count]
            e.reuse(address: address, info: info)
        } else {
            e = AccountEntry(address: address, info: info)
            entries.append(e)
        }
        count &+= 1
        if index != nil {
            index![address] = e
        } else if count > AccountMap.threshold {
            var idx = [Address: AccountEntry](minimumCapacity: count * 2)
            for j in 0..<count { idx[entries[j].address] = entries[j] }
            index = idx
        }
        return e
    }

    mutating func removeAll() {
        count = 0
        index = nil
    }
}

/// The warm addresses of a transaction (EIP-2929), with the same small-array strategy. Removal
/// is only ever of the most recent insertion (journal order).
struct AddressSet {
    private var list: [Address] = []
    private var set: Set<Address>? = nil
    static let threshold = 16

    @inline(__always)
    func contains(_ a: Address) -> Bool {
        if let s = set { return s.contains(a) }
        for x in list where x == a { return true }
        return false
    }

    /// Inserts `a`; returns whether it was new.
    @inline(__always)
    mutating func insert(_ a: Address) -> Bool {
        if contains(a) { return false }
        list.append(a)
        if set != nil {
            set!.insert(a)
        } else if list.count > AddressSet.threshold {
            set = Set(list)
        }
        return true
    }

    mutating func removeLast(_ a: Address) {
        let x = list.removeLast()
        assert(x == a)
        set?.remove(a)
    }

    mutating func removeAll() {
        list.removeAll(keepingCapacity: true)
        set = nil
    }
}

/// The slots an account has loaded in this transaction: a small array scanned linearly, with a
/// dictionary index past `threshold` slots. Positions are stable (slots are only appended), so
/// the journal refers to slots by position.
struct SlotTable {
    var slots: [StorageSlot] = []
    private var index: [U256: Int]? = nil
    static let threshold = 16

    @inline(__always)
    func find(_ key: U256) -> Int? {
        if let idx = index { return idx[key] }
        var i = 0
        let n = slots.count
        while i < n {
            if slots[i].key == key { return i }
            i += 1
        }
        return nil
    }

    mutating func reset() {
        if !slots.isEmpty { slots.removeAll(keepingCapacity: true) }
        index = nil
    }

    mutating func append(_ s: StorageSlot) -> Int {
        slots.append(s)
        let i = slots.count - 1
        if index != nil {
            index![s.key] = i
        } else if slots.count > SlotTable.threshold {
            var idx = [U256: Int](minimumCapacity: slots.count * 2)
            for (j, x) in slots.enumerated() { idx[x.key] = j }
            index = idx
        }
        return i
    }
}
