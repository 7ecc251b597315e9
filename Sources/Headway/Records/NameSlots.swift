// SPDX-License-Identifier: GPL-3.0-or-later

/// Names numbered 0, 1, 2, … in order of first appearance, for per-episode loops over millions of
/// episodes that meet only a handful of distinct names (a file's measures): the last name is
/// remembered, a few are searched linearly (cheaper than hashing every episode's name), and a
/// hash index takes over beyond ``linearLimit`` names so that a file with many measures stays
/// linear in episodes.
struct NameSlots {
    /// The names, by slot.
    private(set) var names: [String] = []
    private var index: [String: Int] = [:]
    private var last = -1
    static let linearLimit = 16

    /// The slot of `name`, a new one (the next number) when it has not been seen.
    mutating func slot(_ name: String) -> Int {
        if last >= 0, names[last] == name { return last }
        let found = names.count <= Self.linearLimit ? names.firstIndex(of: name) : index[name]
        if let found {
            last = found
        } else {
            last = names.count
            names.append(name)
            index[name] = last
        }
        return last
    }
}
