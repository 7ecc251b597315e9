// SPDX-License-Identifier: GPL-3.0-or-later
// An episode's scores as an index range into one store shared by every episode of a load.

/// The scores of one episode, in time order: a range of a ``ScoreStore`` that the loader fills
/// once for all episodes (issue 12's "episodes as index ranges").
///
/// A load of *n* rows keeps its scores in one block of exactly *n* × 24 bytes, in episode order,
/// and every episode holds 16 bytes (the store and its range) instead of an array of its own:
/// no per-episode allocation, no growth slack (an array appended one score at a time kept up to
/// twice its scores), and an episode's scores sit next to the next episode's in memory.
///
/// It behaves as an array of ``Score`` with indices `0..<count`: read, iterate, slice, compare.
/// Writing (``subscript(_:)``, ``withUnsafeMutableBufferPointer(_:)``) copies the range into a
/// store of its own first unless this list is the store's only user (copy on write, as arrays),
/// so one episode's edit never shows in another's scores.
public struct ScoreList: RandomAccessCollection, MutableCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    @usableFromInline var store: ScoreStore
    @usableFromInline var start: UInt32
    @usableFromInline var length: UInt32

    /// `count` scores of `store` from index `start` (the loader's episodes).
    init(store: ScoreStore, start: Int, count: Int) {
        precondition(start >= 0 && count >= 0 && start + count <= store.count, "score range outside its store")
        self.store = store
        self.start = UInt32(truncatingIfNeeded: start)
        self.length = UInt32(truncatingIfNeeded: count)
    }

    /// The scores of `scores`, in their order, in a store of their own.
    public init<S: Sequence>(_ scores: S) where S.Element == Score {
        let all = Array(scores)
        self.init(store: ScoreStore(all), start: 0, count: all.count)
    }

    public init(arrayLiteral elements: Score...) { self.init(elements) }

    public init() { self.init(store: ScoreStore.empty, start: 0, count: 0) }

    /// An empty list with a store of its own (not the shared empty store, whose reference count
    /// every empty list updates): for code that makes empty lists on several threads at once.
    static func unshared() -> ScoreList { ScoreList(store: ScoreStore(uninitializedCount: 0), start: 0, count: 0) }

    public typealias Index = Int
    public typealias Indices = Range<Int>
    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(length) }
    @inlinable public var count: Int { Int(length) }
    @inlinable public var isEmpty: Bool { length == 0 }
    @inlinable public var indices: Range<Int> { 0..<Int(length) }
    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }

    @inlinable
    public subscript(position: Int) -> Score {
        get {
            precondition(position >= 0 && position < Int(length), "score index out of range")
            return store.base[Int(start) + position]
        }
        set {
            precondition(position >= 0 && position < Int(length), "score index out of range")
            makeUnique()
            store.base[Int(start) + position] = newValue
        }
    }

    /// The scores as one contiguous buffer, valid during `body`.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Score>) throws -> R) rethrows -> R {
        try withExtendedLifetime(store) {
            try body(UnsafeBufferPointer(start: store.base + Int(start), count: Int(length)))
        }
    }

    /// The scores as one mutable buffer (copied first unless this list is its store's only user).
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Score>) throws -> R) rethrows -> R {
        makeUnique()
        var buffer = UnsafeMutableBufferPointer(start: store.base + Int(start), count: Int(length))
        return try withExtendedLifetime(store) { try body(&buffer) }
    }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Score>) throws -> R) rethrows -> R? {
        try withUnsafeBufferPointer(body)
    }

    public mutating func withContiguousMutableStorageIfAvailable<R>(_ body: (inout UnsafeMutableBufferPointer<Score>) throws -> R) rethrows -> R? {
        try withUnsafeMutableBufferPointer(body)
    }

    /// The first `k` scores, sharing this list's store (no copy).
    public func prefix(_ k: Int) -> ScoreList {
        precondition(k >= 0, "prefix of negative length")
        var out = self
        out.length = UInt32(truncatingIfNeeded: Swift.min(k, Int(length)))
        return out
    }

    /// Copies the range into a store of its own unless no other list shares the store.
    @usableFromInline
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&store) {
            let copy = ScoreStore(Array(self))
            store = copy
            start = 0
        }
    }

    public static func == (a: ScoreList, b: ScoreList) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.elementsEqual(y) } }
    }
}

/// Memory holding the scores of many episodes (``ScoreList``): written by the loader before any
/// list shares it, read-only afterwards (a list writes only into a store it alone holds).
///
/// A store either owns its memory or is a window of a larger store (`owner`): the loader puts
/// every score in one block and gives each run of 256 episodes a window of it, so threads working
/// on different blocks of episodes never update the same reference count (one store shared by
/// every episode made each copy of an episode a contended atomic update on one cache line).
public final class ScoreStore: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Score>
    @usableFromInline let count: Int
    /// The store whose memory this one is a window of (kept alive by it), or nil when it owns it.
    let owner: ScoreStore?

    /// Uninitialized room for `count` scores: the caller writes every one before making lists of it.
    init(uninitializedCount count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        owner = nil
    }

    /// The `count` scores of `owner` from index `start`, as a store of their own.
    init(window owner: ScoreStore, start: Int, count: Int) {
        precondition(start >= 0 && count >= 0 && start + count <= owner.count, "store window outside its owner")
        self.owner = owner
        self.count = count
        base = owner.base + start
    }

    /// A store holding `scores`.
    convenience init(_ scores: [Score]) {
        self.init(uninitializedCount: scores.count)
        scores.withUnsafeBufferPointer { if let b = $0.baseAddress { base.initialize(from: b, count: $0.count) } }
    }

    /// All of the store as one buffer (the loader's scatter and sort).
    var buffer: UnsafeMutableBufferPointer<Score> { UnsafeMutableBufferPointer(start: base, count: count) }

    static let empty = ScoreStore([])

    deinit {
        // Score is a plain value (no references): nothing to deinitialize. A window frees nothing.
        if owner == nil { base.deallocate() }
    }
}
