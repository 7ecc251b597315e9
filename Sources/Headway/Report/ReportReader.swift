// SPDX-License-Identifier: GPL-3.0-or-later
// Streams an observations file for the report, in two parallel parts when it is large.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import HeadwayCSV

/// Reads an observations file without keeping its scores: each part of the file is
/// aggregated into per-episode state (``ReportChunk``) and the parts are merged.
///
/// Splitting: the data after the header is cut at the first line feed after its middle,
/// and each half is read on its own thread. Whether that line feed was a record boundary
/// (not inside a quoted field) is only known once the first half has been read with
/// exact quote tracking from the header; when it was not, the file is read again
/// sequentially, so the result never depends on the split. It is also read again when
/// the parts hold the same episode time (a duplicate across the split) and, in strict
/// mode, when the second part holds an invalid row: the reported error is always the
/// first bad row in file order, as with one part.
struct ReportReader {
    var catalog: MeasureCatalog
    var mode: ValidationMode
    var intervalKey: IntervalKey
    /// A second grouping attribute collected in the same pass (`.site` for the HTML report, which
    /// needs the clinician and the site breakdowns; see ``ReportData/bySecondAttribute()``), or `.none`.
    var secondKey: IntervalKey = .none
    /// Files smaller than this are read in one part.
    var parallelThreshold = 8 << 20
    var parts = 2
    /// Field and record length limits of every reader (`CSVLimits`).
    var limits = CSVLimits()
    /// Encoding, delimiter and decimal separator (`CSVFormat`). Only a UTF-8 file is read in
    /// parallel parts; the parts use the delimiter found in the header.
    var format = CSVFormat()
    /// A blank score is an error rather than a skipped "not administered" row.
    var requireScores = false
    var dateFormat: DateFormat? = nil
    var columnMap: [String: String] = [:]
    /// The file must be a wide sheet; otherwise one is detected (``WideLayout``). A wide sheet is
    /// read in one part, its rows turned into long rows before they reach the parser.
    var wide = false

    func reader(path: String) throws -> CSVReader {
        let r = try InputFile.reader(path: path, format: format)
        r.limits = limits
        return r
    }

    func reader(path: String, offset: Int, length: Int, firstLine: Int, format: CSVFormat) throws -> CSVReader {
        let r = try CSVReader(path: path, offset: offset, length: length, firstLine: firstLine)
        r.limits = limits
        r.format = format
        return r
    }

    /// Thrown for an invalid row in strict mode (`CSVError` with file, line and column).
    func read(path: String) throws -> ReportData {
        let t0 = ReportTiming.now()
        defer { ReportTiming.log("read+merge", since: t0) }
        if inputFormat == .fhir || (inputFormat == .auto && FHIRInput.detect(path: path)) { return try readFHIR(path: path) }
        if path != "-", parts > 1, !InputFile.isWorkbook(path), let size = ByteRangeSplit.fileSize(path), size >= parallelThreshold,
           let data = try readParallel(path: path, size: size) {
            return data
        }
        return try readSequential(reader: reader(path: path))
    }

    /// CSV, FHIR or detected (``InputFormat``).
    var inputFormat = InputFormat.auto
    /// FHIR input without any scored resource gives empty data (as ``FHIRInput/load(path:loader:)``)
    /// instead of the "header only" error (`headway check`).
    var allowEmptyFHIR = false
    /// Called with the number of data rows read so far, every ``ObservationLoader/progressInterval``
    /// rows (for a progress line), from the reading threads one at a time.
    var progress: (@Sendable (Int) -> Void)? = nil

    /// FHIR input: the FHIR reader's tidy rows, read sequentially, with lines and counts mapped back.
    func readFHIR(path: String) throws -> ReportData {
        let tidy = try FHIRTidy(path: path, catalog: catalog, strict: mode == .strict)
        var r = self
        r.columnMap = [:]
        r.dateFormat = nil
        r.format = CSVFormat()
        let csv = tidy.origins.isEmpty ? Array((FHIRInput.header.joined(separator: ",") + "\n").utf8) : tidy.csv
        var data: ReportData
        if allowEmptyFHIR, tidy.origins.isEmpty {
            // As the loader: no resources with scores is an empty set, not a "header only" error.
            data = ReportData(file: path, header: FHIRInput.header, counts: LoadCounts(), rejections: [], measures: [], episodeIDs: ["1"],
                              attributes: [], clientCount: 0, episodes: [], intervals: [:], outOfOrderIntervals: 0,
                              hasDates: false, hasSessions: false, newestDay: nil, parts: 1)
        } else {
            data = try tidy.mapErrors { try r.readSequential(reader: CSVReader(bytes: csv, name: path)) }
        }
        tidy.finish(rejections: &data.rejections, counts: &data.counts)
        data.readInfo = CSVReadInfo()
        data.readInfo.container = "FHIR R4 JSON"
        return data
    }

    func readSequential(reader: CSVReader) throws -> ReportData {
        var chunk: ReportChunk? = nil
        let file = reader.name
        var layout: WideLayout? = nil
        do {
            try reader.forEachRecord { rec in
                if chunk == nil {
                    func start(_ header: CSVRecord) throws {
                        var parser = try ObservationRowParser(header: header, catalog: catalog, file: file, decimal: reader.decimal, columnMap: columnMap)
                        parser.requireScores = requireScores
                        parser.dateFormat = dateFormat
                        chunk = ReportChunk(parser: parser, mode: mode, intervalKey: intervalKey, secondKey: secondKey)
                        chunk!.progress = progress.map(ProgressCounter.init)
                    }
                    layout = try WideLayout.measures(header: rec, catalog: catalog, columnMap: columnMap, requested: wide, file: file)
                    if let layout { try CSVRecord.withFields(strings: layout.longHeader, line: rec.line) { try start($0) } } else { try start(rec) }
                } else if let layout {
                    try layout.expand(rec) { row, _ in try chunk!.consume(row) }
                } else {
                    try chunk!.consume(rec)
                }
            }
        } catch is ReportChunk.Stop {}
        guard var chunk else { throw CSVError(file: file, line: 1, column: 0, reason: "empty file: no header and no rows") }
        chunk.counts.blankLines = reader.blankLines
        if let e = chunk.firstError { throw (layout?.sheetRejection(e) ?? e).error(file: file) }
        var none: ReportChunk? = nil
        var data = try Self.merge(&chunk, &none, file: file, parts: 1)
        data.readInfo = reader.info
        if let layout {
            data.rejections = data.rejections.map(layout.sheetRejection)
            data.wide = layout
        }
        return data
    }

    private final class Parts: @unchecked Sendable {
        var first: ReportChunk?
        var second: ReportChunk?
        var firstError: Error?
        var secondError: Error?
        var endLine = 1
    }

    func readParallel(path: String, size: Int) throws -> ReportData? {
        guard let headerBytes = ByteRangeSplit.headerRecord(path: path) else { return nil }
        let headerEnd = headerBytes.count
        var parser: ObservationRowParser? = nil
        // A file in another encoding (or with a UTF-16 byte-order mark) is transcoded in one pass.
        if let e = format.encoding, e != .utf8 { return nil }
        if headerBytes.count >= 2, (headerBytes[0] == 0xFF && headerBytes[1] == 0xFE) || (headerBytes[0] == 0xFE && headerBytes[1] == 0xFF) { return nil }
        let headerReader = CSVReader(bytes: headerBytes, name: path)
        headerReader.format = format
        var isWide = wide
        try headerReader.forEachRecord { rec in
            if parser == nil && !isWide {
                // A wide sheet is read in one part (readSequential turns its rows into long rows).
                if try WideLayout.measures(header: rec, catalog: catalog, columnMap: columnMap, requested: false, file: path) != nil { isWide = true; return }
                parser = try ObservationRowParser(header: rec, catalog: catalog, file: path, decimal: headerReader.decimal, columnMap: columnMap)
                parser!.requireScores = requireScores
                parser!.dateFormat = dateFormat
            }
        }
        guard !isWide, let parser else { return nil }
        let partFormat = CSVFormat(encoding: .utf8, delimiter: headerReader.delimiter, decimal: headerReader.decimal)
        let firstLine = 1 + headerBytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard let split = ByteRangeSplit.lineStart(path: path, after: headerEnd + (size - headerEnd) / 2, size: size), split > headerEnd, split < size else { return nil }
        let box = Parts()
        let tp = ReportTiming.now()
        let (mode, key, key2) = (mode, intervalKey, secondKey)
        let counter = progress.map(ProgressCounter.init)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                var chunk = ReportChunk(parser: parser, mode: mode, intervalKey: key, secondKey: key2)
                chunk.progress = counter
                // About 190 bytes per episode in typical files; reserved memory is only resident once used.
                let bytes = i == 0 ? split - headerEnd : size - split
                chunk.episodes.reserveCapacity(bytes / 100)
                chunk.clients = ByteKeyTable(capacity: bytes / 400)
                if i == 0 {
                    let r = try reader(path: path, offset: headerEnd, length: split - headerEnd, firstLine: firstLine, format: partFormat)
                    try chunk.run(r)
                    chunk.counts.blankLines = r.blankLines
                    box.endLine = r.endLine
                    box.first = chunk
                } else {
                    let r = try reader(path: path, offset: split, length: size - split, firstLine: 1, format: partFormat)
                    try chunk.run(r)
                    chunk.counts.blankLines = r.blankLines
                    box.second = chunk
                }
            } catch {
                if i == 0 { box.firstError = error } else { box.secondError = error }
            }
        }
        ReportTiming.log("parallel parts", since: tp)
        if let e = box.firstError { throw e }
        guard var a = box.first else { return nil }
        box.first = nil                                 // one owner, so merging mutates in place
        if a.endedInsideQuotes { return nil }          // the split was inside a quoted field
        if let e = a.firstError { throw e.error(file: path) }
        if let e = box.secondError { throw e }
        guard var b = box.second else { return nil }
        box.second = nil
        let offset = box.endLine - 1
        // Strict mode, an error in the second part: an earlier row of that part may repeat a
        // row of the first part (a duplicate only a one-pass read sees), so only the one-pass
        // read can name the first bad row in file order.
        if b.firstError != nil { return nil }
        for i in b.rejections.indices { b.rejections[i].line += offset }
        var second: ReportChunk? = b
        b = ReportChunk(parser: parser, mode: mode, intervalKey: intervalKey, secondKey: secondKey)
        do {
            var data = try Self.merge(&a, &second, file: path, parts: 2)
            data.readInfo = headerReader.info      // the whole file's: detection reads only the header line
            return data
        } catch is CrossPartDuplicate {
            return nil                                  // read again in one pass
        }
    }

    /// The two parts hold the same episode time: a duplicate whose later row only a
    /// one-pass read can identify.
    struct CrossPartDuplicate: Error {}

    // The file size, the header record and the line starts come from ``ByteRangeSplit`` (one
    // implementation for both readers).

    /// Merges the second part into the first and reduces every episode to a ``ReportEpisode``.
    static func merge(_ a: inout ReportChunk, _ b: inout ReportChunk?, file: String, parts: Int) throws -> ReportData {
        if a.counts.rowsRead == 0 && (b?.counts.rowsRead ?? 0) == 0 {
            throw CSVError(file: file, line: a.parser.headerLine, column: 0, reason: "header only: the file has no data rows")
        }
        var measures = a.parser.measures
        var intervals: [Int: [Int]] = [:]
        func addIntervals(_ c: ReportChunk, map: (Int) -> Int) {
            let bins = ReportChunk.intervalBins
            for (g, key) in c.intervals.keys.enumerated() {
                let k = map(key)
                var h = intervals[k] ?? [Int](repeating: 0, count: bins)
                for j in 0..<bins { h[j] += c.intervals.counts[g * bins + j] }
                intervals[k] = h
            }
        }
        addIntervals(a) { $0 }
        // The second attribute's histograms (keys: its attribute index, -1 none).
        var intervals2: [Int: [Int]] = [:]
        func addIntervals2(_ c: ReportChunk, map: (Int) -> Int) {
            let bins = ReportChunk.intervalBins
            for (g, key) in c.intervals2.keys.enumerated() {
                let k = map(key)
                var h = intervals2[k] ?? [Int](repeating: 0, count: bins)
                for j in 0..<bins { h[j] += c.intervals2.counts[g * bins + j] }
                intervals2[k] = h
            }
        }
        addIntervals2(a) { $0 }
        let countA = a.clients.count
        // The second part's measure, episode id and attribute numbers in the merged numbering.
        var mMap: [Int32] = [], eMap: [Int32] = [], aMap: [Int32] = [], aMap2: [Int32] = []
        func remap(_ s: inout ReportEpisodeState) {
            s.episodeID = eMap[Int(s.episodeID)]
            s.measure = mMap[Int(s.measure)]
            if s.attr >= 0 { s.attr = aMap[Int(s.attr)] }
            if s.attr2 >= 0 { s.attr2 = aMap2[Int(s.attr2)] }
        }
        var bHeads: [Int32] = []
        var totalClients = countA
        var counts = a.counts
        var rejections = a.rejections
        var outOfOrder = a.outOfOrderIntervals
        var anyDate = a.anyDate, anySession = a.anySession
        var newest = a.newestDay, oldest = a.oldestDay, maxSession = a.maxSession
        var sums = a.measureSums
        sums.append(contentsOf: repeatElement(0, count: max(0, measures.count - sums.count)))
        if b != nil {
            var b2 = b!
            b = nil
            mMap = b2.parser.measures.map { m -> Int32 in
                if let i = measures.firstIndex(where: { $0.name == m.name }) { return Int32(i) }
                measures.append(m)
                return Int32(measures.count - 1)
            }
            eMap = b2.episodeIDs.names.map { a.episodeIDs.intern($0) }
            aMap = b2.attributes.names.map { a.attributes.intern($0) }
            aMap2 = b2.attributes2.names.map { a.attributes2.intern($0) }
            addIntervals2(b2) { k in k < 0 ? k : Int(aMap2[k]) }
            let hasSecond = a.hasSecond
            let key = a.intervalKey
            addIntervals(b2) { k in
                switch key {
                case .none, .month: return k
                case .measure: return Int(mMap[k])
                case .clinician, .site, .group: return k < 0 ? k : Int(aMap[k])
                }
            }
            bHeads = [Int32](repeating: -1, count: countA)
            let bOverflow = b2.duplicates.overflowByEpisode()
            for c2 in 0..<b2.clients.count {
                let head = b2.clientHeads[c2]
                let name = b2.clients.key(c2)
                if let g = name.withUnsafeBufferPointer({ a.clients.find($0) }) {
                    // Remap the part's indices to the merged ones before matching this client's
                    // episodes with the first part's. (The episodes of a client only in this
                    // part are remapped as they are summarised below: one pass over them.)
                    var e = head
                    while e >= 0 {
                        let i = Int(e)
                        remap(&b2.episodes[i])
                        e = b2.episodes[i].next
                    }
                    bHeads[Int(g)] = head
                    // The same client in both parts: merge episodes by (episode id, measure),
                    // looked up in a table of this client's episodes (linear, not quadratic).
                    var aEpisodes: [ReportEpisodeKey: Int32] = [:]
                    var ta = a.clientHeads[Int(g)]
                    while ta >= 0 {
                        let s = a.episodes[Int(ta)]
                        aEpisodes[ReportEpisodeKey(client: 0, episodeID: s.episodeID, measure: s.measure)] = ta
                        ta = s.next
                    }
                    var e2 = head
                    while e2 >= 0 {
                        let i2 = Int(e2)
                        let s2 = b2.episodes[i2]
                        let t = aEpisodes[ReportEpisodeKey(client: 0, episodeID: s2.episodeID, measure: s2.measure)] ?? -1
                        if t >= 0 {
                            let ti = Int(t)
                            let last = a.episodes[ti].lastRowDay
                            if last != TimeKey.none, s2.firstRowDay != TimeKey.none {
                                let gap = Int(s2.firstRowDay) - Int(last)
                                if gap >= 0 {
                                    let k: Int
                                    switch key {
                                    case .none: k = 0
                                    case .measure: k = Int(s2.measure)
                                    case .clinician, .site, .group: k = Int(a.episodes[ti].attr >= 0 ? a.episodes[ti].attr : s2.attr)
                                    case .month: k = ReportChunk.monthIndex(Int(s2.firstRowDay))
                                    }
                                    var h = intervals[k] ?? [Int](repeating: 0, count: ReportChunk.intervalBins)
                                    h[min(gap, ReportChunk.maxInterval)] += 1
                                    intervals[k] = h
                                    if hasSecond {
                                        let k2 = Int(a.episodes[ti].attr2 >= 0 ? a.episodes[ti].attr2 : s2.attr2)
                                        var h2 = intervals2[k2] ?? [Int](repeating: 0, count: ReportChunk.intervalBins)
                                        h2[min(gap, ReportChunk.maxInterval)] += 1
                                        intervals2[k2] = h2
                                    }
                                } else {
                                    outOfOrder += 1
                                }
                            }
                            // A duplicate split across the parts: the one-pass read rejects the later row.
                            if a.sharesTime(episode: ti, with: b2, episode: i2, otherOverflow: bOverflow) { throw CrossPartDuplicate() }
                            a.episodes[ti].merge(s2)
                            b2.episodes[i2].n = 0
                        }
                        e2 = s2.next
                    }
                } else {
                    bHeads.append(head)
                    totalClients += 1
                }
            }
            counts.add(b2.counts)
            rejections += b2.rejections
            outOfOrder += b2.outOfOrderIntervals
            anyDate = anyDate || b2.anyDate
            anySession = anySession || b2.anySession
            newest = max(newest, b2.newestDay)
            oldest = min(oldest, b2.oldestDay)
            maxSession = max(maxSession, b2.maxSession)
            sums.append(contentsOf: repeatElement(0, count: max(0, measures.count - sums.count)))
            for (slot, sum) in b2.measureSums.enumerated() { sums[Int(mMap[slot])] += sum }
            b = b2
        }
        let tm = ReportTiming.now()
        defer { ReportTiming.log("merge: episodes in order", since: tm) }
        // Loader order: clients by first appearance, then episode id, then measure name.
        let order = EpisodeOrder(aHeads: a.clientHeads, aEpisodes: a.episodes, bHeads: bHeads,
                                 // The second part's episodes, taken out of the optional once: `if let b`
                                 // inside the loop copied the whole chunk for every client.
                                 bEpisodes: b?.episodes ?? [], countA: countA,
                                 maps: (mMap, eMap, aMap, aMap2), eRank: ranks(a.episodeIDs.names),
                                 mRank: ranks(measures.map(\.name)), anySession: anySession)
        let capacity = a.episodes.count + (b?.episodes.count ?? 0)
        // Two halves on two threads when large: the first part's clients (with the second
        // part's episodes of the same clients) and the clients only in the second part, each
        // writing its own range of the output (the first range's length is counted first).
        let clients = totalClients
        let split = clients >= 100_000 && countA < clients ? countA : clients
        let firstCount = split < clients ? order.count(clients: 0..<split) : 0
        let out = [ReportEpisode](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            let base = UnsafeSendablePointer(pointer: buffer.baseAddress!)
            if split == clients {
                initialized = order.emit(clients: 0..<clients, to: base.pointer)
                return
            }
            let written = UnsafeSendablePointer(pointer: UnsafeMutablePointer<Int>.allocate(capacity: 2))
            defer { written.pointer.deallocate() }
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                written.pointer[part] = part == 0 ? order.emit(clients: 0..<split, to: base.pointer)
                                                  : order.emit(clients: split..<clients, to: base.pointer + firstCount)
            }
            assert(written.pointer[0] == firstCount)
            initialized = firstCount + written.pointer[1]
        }
        rejections.sort { $0.line < $1.line }
        var data = ReportData(file: file, header: a.parser.header.headers, counts: counts, rejections: rejections, measures: measures,
                          episodeIDs: a.episodeIDs.names, attributes: a.attributes.names,
                          clientCount: totalClients, episodes: out, intervals: intervals, outOfOrderIntervals: outOfOrder,
                          hasDates: anyDate, hasSessions: anySession, newestDay: anyDate ? newest : nil, parts: parts,
                          attributes2: a.attributes2.names, intervals2: intervals2)
        data.oldestDay = anyDate ? oldest : nil
        data.maxSession = anySession ? Int(maxSession) : nil
        data.measureSums = sums
        return data
    }

    /// The merged episodes of a range of clients in loader order (clients in order; within a
    /// client, by episode id rank then measure rank, stably), summarised: the last pass of
    /// ``merge(_:_:file:parts:)``, which runs on two ranges at once for a large file.
    struct EpisodeOrder: Sendable {
        let aHeads: [Int32], aEpisodes: [ReportEpisodeState]
        /// Heads of the second part's episodes by merged client number (-1: none there).
        let bHeads: [Int32], bEpisodes: [ReportEpisodeState]
        /// Clients from `countA` on are only in the second part, whose episodes still carry
        /// that part's numbers (`maps`: measures, episode ids, attributes, second attributes).
        let countA: Int
        let maps: (measure: [Int32], episodeID: [Int32], attr: [Int32], attr2: [Int32])
        let eRank: [Int], mRank: [Int]
        let anySession: Bool

        /// The second part's state `s` in the merged numbering.
        func remapped(_ s: ReportEpisodeState) -> ReportEpisodeState {
            var s = s
            s.episodeID = maps.episodeID[Int(s.episodeID)]
            s.measure = maps.measure[Int(s.measure)]
            if s.attr >= 0 { s.attr = maps.attr[Int(s.attr)] }
            if s.attr2 >= 0 { s.attr2 = maps.attr2[Int(s.attr2)] }
            return s
        }

        /// The number of episodes ``emit(clients:to:)`` writes for these clients.
        func count(clients: Range<Int>) -> Int {
            var n = 0
            for g in clients {
                if g < countA {
                    var e = aHeads[g]
                    while e >= 0 { if aEpisodes[Int(e)].n > 0 { n += 1 }; e = aEpisodes[Int(e)].next }
                }
                if g < bHeads.count {
                    var e = bHeads[g]
                    while e >= 0 { if bEpisodes[Int(e)].n > 0 { n += 1 }; e = bEpisodes[Int(e)].next }
                }
            }
            return n
        }

        /// Writes the episodes of these clients from `out` on (uninitialized memory); returns how many.
        func emit(clients: Range<Int>, to out: UnsafeMutablePointer<ReportEpisode>) -> Int {
            let width = mRank.count
            func key(_ e: ReportEpisode) -> Int { eRank[Int(e.episodeID)] * width + mRank[Int(e.measure)] }
            var n = 0
            for g in clients {
                // Write this client's episodes, then order them in place.
                let start = n
                if g < countA {
                    var e = aHeads[g]
                    while e >= 0 {
                        let s = aEpisodes[Int(e)]
                        if s.n > 0 { (out + n).initialize(to: ReportReader.summary(s, Int32(g), anySession)); n += 1 }
                        e = s.next
                    }
                }
                if g < bHeads.count {
                    var e = bHeads[g]
                    let onlySecond = g >= countA
                    while e >= 0 {
                        let s = bEpisodes[Int(e)]
                        if s.n > 0 {
                            (out + n).initialize(to: ReportReader.summary(onlySecond ? remapped(s) : s, Int32(g), anySession))
                            n += 1
                        }
                        e = s.next
                    }
                }
                let count = n - start
                if count == 2 {
                    // The usual client (one episode on each of two measures): one comparison, no sort
                    // call (whose setup cost more than the comparison); swapped only when strictly
                    // out of order, so as stable as the sort.
                    if key(out[start + 1]) < key(out[start]) { swap(&out[start], &out[start + 1]) }
                } else if count > 2 {
                    // O(m log m) sort (an insertion sort was quadratic for a client with many episodes);
                    // Swift's sort is stable, as the insertion sort was.
                    var slice = UnsafeMutableBufferPointer(start: out + start, count: count)
                    slice.sort { key($0) < key($1) }
                }
            }
            return n
        }
    }

    static func ranks(_ names: [String]) -> [Int] {
        var r = [Int](repeating: 0, count: names.count)
        for (rank, i) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { r[i] = rank }
        return r
    }

    static func summary(_ s: ReportEpisodeState, _ client: Int32, _ anySession: Bool) -> ReportEpisode {
        let bySession = anySession && s.allSession
        let slope = s.slopePerWeek
        return ReportEpisode(client: client, episodeID: s.episodeID, measure: s.measure, attr: s.attr, attr2: s.attr2,
                             scores: s.n, status: s.status, hasSlope: slope != nil,
                             pre: bySession ? s.sFirstValue : s.dFirstValue, post: bySession ? s.sLastValue : s.dLastValue,
                             lastDay: s.dLastKey == Int64.min ? TimeKey.none : TimeKey.primary(s.dLastKey), slope: slope ?? 0,
                             firstDay: s.dFirstKey == Int64.max ? TimeKey.none : TimeKey.primary(s.dFirstKey))
    }
}
