// Reader throughput benchmark: parses a CSV with HeadwayCSV.CSVReader, touching
// every field (a checksum over field lengths and first bytes, so nothing is
// optimised away), and prints rows, seconds and rows per second.
// Usage: reader-benchmark FILE [--parse]   (--parse also parses score/date/session)
#if canImport(Glibc)
import Glibc
#endif
import HeadwayCSV

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let args = CommandLine.arguments
guard args.count >= 2 else {
    print("usage: reader-benchmark FILE [--parse]")
    exit(64)
}
let parse = args.contains("--parse")
let start = now()
var rows = 0
var checksum = 0
var sum = 0.0
do {
    let reader = try CSVReader(path: args[1])
    try reader.forEachRecord { r in
        rows += 1
        for i in 0..<r.count {
            let f = r[i]
            checksum &+= f.count
            if f.count > 0 { checksum &+= Int(f[0]) }
        }
        if parse, rows > 1, r.count >= 8 {
            sum += FieldParser.double(r[7]) ?? 0
            checksum &+= FieldParser.isoDate(r[6]) ?? 0
            checksum &+= FieldParser.int(r[5]) ?? 0
        }
    }
} catch {
    print("error: \(error)")
    exit(1)
}
let seconds = now() - start
print("rows=\(rows - 1) seconds=\(seconds) rows_per_second=\(Int(Double(rows - 1) / seconds)) checksum=\(checksum) sum=\(sum)")
