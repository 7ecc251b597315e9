// SPDX-License-Identifier: GPL-3.0-or-later
// Per-episode kernels on every core, with results in input order.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Runs independent per-item work (one episode's trend, flag or output row) on several threads
/// and hands the results back **in input order**, so output never depends on the thread count.
///
/// Items are cut into blocks of `blockSize`; a wave of `threads × 4` blocks runs at once
/// (`DispatchQueue.concurrentPerform`), and the wave's results are emitted block by block in
/// order on the calling thread while the next wave is computed. Memory is bounded by two waves'
/// results, whatever the number of items. With one thread (or one block) everything runs on
/// the calling thread.
public enum Parallel {
    /// The default thread count: the number of processors online (`sysconf(_SC_NPROCESSORS_ONLN)`,
    /// what Foundation's `ProcessInfo.activeProcessorCount` reports), at least 1.
    public static var defaultThreads: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Calls `work` on consecutive ranges of `0..<count` (on up to `threads` threads) and
    /// `emit` with each range's result in range order, on the calling thread.
    public static func ordered<T>(count: Int, threads: Int, blockSize: Int = 1024,
                                  work: (Range<Int>) -> T, emit: (T) throws -> Void) rethrows {
        guard count > 0 else { return }
        let size = max(1, blockSize)
        let blocks = (count + size - 1) / size
        let t = max(1, threads)
        if t == 1 || blocks == 1 {
            for b in 0..<blocks { try emit(work(b * size ..< min(count, (b + 1) * size))) }
            return
        }
        let wave = t * 4
        // Pipelined: while the calling thread emits one wave's results (writing output is
        // serial), the workers already compute the next wave, so the cores do not wait for
        // the writer between waves.
        try withoutActuallyEscaping(work) { w in
            let box = UncheckedBox(w)
            var start = 0
            var pending: Slots<T>? = nil
            while start < blocks || pending != nil {
                let group = DispatchGroup()
                var next: Slots<T>? = nil
                if start < blocks {
                    let n = min(wave, blocks - start)
                    let slots = Slots<T>(count: n)
                    let first = start
                    DispatchQueue.global().async(group: group) {
                        DispatchQueue.concurrentPerform(iterations: min(t, n)) { worker in
                            // Static interleaving: worker k takes blocks k, k + t, k + 2t, … of the wave.
                            var j = worker
                            while j < n {
                                let b = first + j
                                slots.set(j, box.value(b * size ..< min(count, (b + 1) * size)))
                                j += t
                            }
                        }
                    }
                    next = slots
                    start += n
                }
                // The work in flight reads `work`: it must end before this scope does, even when
                // `emit` throws.
                defer { group.wait() }
                if let done = pending {
                    for j in 0..<done.count { try emit(done.take(j)) }
                }
                pending = next
            }
        }
    }

    /// `transform` of every element, in order, computed on up to `threads` threads.
    public static func map<E, T>(_ items: [E], threads: Int, blockSize: Int = 1024, _ transform: (E) -> T) -> [T] {
        var out: [T] = []
        out.reserveCapacity(items.count)
        // Items are read in place (borrowed from the buffer, not copied: a copy of an episode
        // retained the load's one score store, whose reference count every thread then updated).
        items.withUnsafeBufferPointer { items in
            ordered(count: items.count, threads: threads, blockSize: blockSize,
                    work: { r in r.map { transform(items[$0]) } }, emit: { out.append(contentsOf: $0) })
        }
        return out
    }

    /// `transform` of every element where it is not nil, in order, on up to `threads` threads.
    public static func compactMap<E, T>(_ items: [E], threads: Int, blockSize: Int = 1024, _ transform: (E) -> T?) -> [T] {
        var out: [T] = []
        items.withUnsafeBufferPointer { items in
            ordered(count: items.count, threads: threads, blockSize: blockSize,
                    work: { r in r.compactMap { transform(items[$0]) } }, emit: { out.append(contentsOf: $0) })
        }
        return out
    }
}

/// One result slot per block of a wave, written by exactly one worker and read after the wave.
private final class Slots<T>: @unchecked Sendable {
    private var values: [T?]
    let count: Int
    init(count: Int) {
        self.count = count
        values = Array(repeating: nil, count: count)
    }
    func set(_ i: Int, _ v: T) { values.withUnsafeMutableBufferPointer { $0[i] = v } }
    func take(_ i: Int) -> T {
        let v = values[i]!
        values[i] = nil
        return v
    }
}

/// Hands a non-Sendable closure to the workers of one `concurrentPerform` (the callers' work
/// closures only read shared state and write their own slot).
private struct UncheckedBox<V>: @unchecked Sendable {
    let value: V
    init(_ value: V) { self.value = value }
}
