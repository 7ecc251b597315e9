import Foundation
import Testing

private func rows(_ csv: String) -> [[String: String]] {
    // The fixture's reasons contain commas inside quotes: split with a tiny RFC 4180 reader.
    var records: [[String]] = [], field = "", record: [String] = [], quoted = false
    var it = Array(csv)
    var i = 0
    while i < it.count {
        let c = it[i]
        if quoted {
            if c == "\"" { if i + 1 < it.count && it[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } } else { field.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { record.append(field); field = "" }
        else if c == "\n" { record.append(field); records.append(record); record = []; field = "" }
        else { field.append(c) }
        i += 1
    }
    it = []
    guard let header = records.first else { return [] }
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

@Suite struct FlagsCommandTests {
    /// As of 2025-03-17 (the newest date): R1 rose 12 → 19 (red), G1 on track by the published threshold,
    /// W1 recovered 20 → 7 (white), Y1 last scored 35 days ago (yellow, overdue), N1 one score (grey);
    /// X1 is closed. Too few completed episodes for a curve: the published-threshold fallback is named.
    @Test func smallFixtureStatusesAndExitThree() throws {
        let r = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "csv", "--digits", "3"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("no expected curve") && r.stderr.contains("published reliable-change threshold"))
        let out = rows(r.stdout)
        let status = Dictionary(uniqueKeysWithValues: out.map { ($0["client_id"]!, $0["status"]!) })
        #expect(status == ["R1": "red", "G1": "green", "W1": "white", "Y1": "yellow", "N1": "grey"])
        let y1 = out.first { $0["client_id"] == "Y1" }!
        #expect(y1["rule"] == "overdue_measurement" && y1["days_since_last"] == "35")
        let r1 = out.first { $0["client_id"] == "R1" }!
        #expect(r1["rule"] == "reliable_deterioration" && r1["curve_source"] == "published_threshold" && r1["rci"] == "7.000")
        #expect(!r.stdout.contains("nan") && !r.stdout.contains("inf"))
        try expectGoldenOutput(r.stdout, "flags-small.csv")
    }

    @Test func noRedMeansExitZeroAndSkipSwitchesRulesOff() throws {
        let r = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "csv", "--skip", "reliable_deterioration"])
        #expect(r.status == 0, "\(r.stderr)")
        let bad = try runHeadway(["flags", fixture("flags-small.csv"), "--skip", "on_track"])
        #expect(bad.status == 64)
    }

    @Test func tableGroupsByClinicianRedFirst() throws {
        let r = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "table"])
        #expect(r.status == 3)
        let t2 = try #require(r.stdout.range(of: "Clinician T2"))
        let t1 = try #require(r.stdout.range(of: "Clinician T1"))
        #expect(t2.lowerBound < t1.lowerBound)                  // T2 has the red episode
        #expect(r.stdout.contains("Open episodes: 5  red 1  yellow 1  green 1  white 1  grey 1"))
        #expect(r.stdout.contains("▁"))
    }

    @Test func fitOnlyCurvesReuseAndChart() throws {
        let data = repositoryPath("Datasets/sample-practice/observations.csv")
        let fit = try runHeadway(["flags", data, "--fit-only", "--digits", "10"])
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.hasPrefix("measure,session,n,sigma,b0,b1,b2,b3,episodes,r_squared\nGAD-7,,1186,3.3332663234,1.5646788410,0.8558495199,"))
        let path = temporaryPath("curves.csv")
        try fit.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let a = try runHeadway(["flags", data, "--all-episodes", "--format", "csv"])
        let b = try runHeadway(["flags", data, "--all-episodes", "--format", "csv", "--curves", path])
        #expect(a.status == 3 && b.status == 3)
        #expect(a.stdout.replacingOccurrences(of: ",practice,", with: ",file,") == b.stdout)
        let chart = try runHeadway(["flags", data, "--all-episodes", "--client", "C000004", "--measure", "PHQ-9",
                                    "--format", "chart", "--charset", "ascii", "--width", "72", "--height", "22"])
        // C000004's PHQ-9 episode is red (21 → 27, reliable deterioration): exit 3.
        #expect(chart.status == 3, "\(chart.stderr)")
        #expect(chart.stdout.contains("expected") && chart.stdout.unicodeScalars.allSatisfy { $0.isASCII })
        try expectGoldenOutput(chart.stdout, "flags-chart-C000004.txt")
    }

    @Test func openEpisodesOfTheSamplePractice() throws {
        let r = try runHeadway(["flags", repositoryPath("Datasets/sample-practice/observations.csv"), "--format", "csv",
                                "--as-of", "2025-06-30", "--goals", repositoryPath("Datasets/sample-practice/goals.csv")])
        // The sample practice has red open episodes on 2025-06-30 (exit 3). Open = a score on or before
        // the as-of date, the latest of them at most 90 days earlier; 104 such episode×measure series:
        //   python3 -c "import csv,datetime as dt; a=dt.date(2025,6,30); L={}
        //   for x in csv.DictReader(open('Datasets/sample-practice/observations.csv')):
        //     d=dt.date.fromisoformat(x['date']); k=(x['client_id'],x['episode_id'],x['measure'])
        //     if d<=a: L[k]=max(L.get(k,d),d)
        //   print(sum((a-v).days<=90 for v in L.values()))"   -> 104
        #expect(r.status == 3, "\(r.stderr)")
        let out = rows(r.stdout)
        #expect(out.count == 104)
        #expect(out.contains { $0["status"] == "red" })
        #expect(out.allSatisfy { ["red", "yellow", "green", "white", "grey"].contains($0["status"]!) && !$0["reason"]!.isEmpty })
        #expect(out.allSatisfy { $0["latest_date"]! <= "2025-06-30" })
    }

    @Test func invalidOptions() throws {
        #expect(try runHeadway(["flags", fixture("flags-small.csv"), "--as-of", "June"]).status == 64)
        #expect(try runHeadway(["flags", fixture("flags-small.csv"), "--yellow-percentile", "0.95"]).status == 64)
        #expect(try runHeadway(["flags", fixture("flags-small.csv"), "--format", "chart"]).status == 64)
        #expect(try runHeadway(["flags", fixture("flags-small.csv"), "--all-episodes", "--at-session", "3"]).status == 64)
    }
}
