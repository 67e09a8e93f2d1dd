#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The EIP-55 forms computed most recently on this thread, so that an address written many
/// times (a token, a router, the sender in every transaction of a batch) is hashed once.
///
/// Direct-mapped, ``slots`` entries, one table per thread (no lock): a slot holds the last
/// address that mapped to it and its checksummed form. It only ever returns the form computed
/// from the address itself, so it never changes a result; it bounds its own memory (at most
/// ``slots`` strings of 42 bytes a thread) and is freed with its thread.
enum ChecksumCache {
    /// Entries of a thread's table (a power of two).
    static let slots = 256

    /// The table of one thread: raw storage, so that a lookup costs no exclusivity check.
    final class Table {
        let keys: UnsafeMutablePointer<Address?>
        let values: UnsafeMutablePointer<String>

        init() {
            keys = .allocate(capacity: ChecksumCache.slots)
            keys.initialize(repeating: nil, count: ChecksumCache.slots)
            values = .allocate(capacity: ChecksumCache.slots)
            values.initialize(repeating: "", count: ChecksumCache.slots)
        }

        deinit {
            keys.deinitialize(count: ChecksumCache.slots)
            keys.deallocate()
            values.deinitialize(count: ChecksumCache.slots)
            values.deallocate()
        }
    }

    /// The key of the threads' tables; a table is released when its thread ends.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<Table>.fromOpaque(UnsafeRawPointer(pointer)).release()
        }
        precondition(created == 0, "pthread_key_create failed")
        return key
    }()

    /// This thread's table, created on first use (nil only if it cannot be registered).
    @inline(__always)
    private static func table() -> Table? {
        let key = Self.key
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<Table>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
        }
        let created = Table()
        let retained = Unmanaged.passRetained(created)
        guard pthread_setspecific(key, retained.toOpaque()) == 0 else {
            retained.release()
            return nil
        }
        return created
    }

    /// The checksummed form of `address`: the kept one, or `compute()`'s (then kept).
    @inline(__always)
    static func checksummed(_ address: Address, compute: (Address) -> String) -> String {
        guard let table = table() else { return compute(address) }
        // The slot: bits of the last bytes, which differ between addresses even when they share
        // leading zero bytes.
        let slot = Int(truncatingIfNeeded: (address.b2 ^ (address.b2 >> 11) ^ UInt32(truncatingIfNeeded: address.b1)) & UInt32(slots - 1))
        if let kept = table.keys[slot], kept == address { return table.values[slot] }
        let value = compute(address)
        table.keys[slot] = address
        table.values[slot] = value
        return value
    }
}
