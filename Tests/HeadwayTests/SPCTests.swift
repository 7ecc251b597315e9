import Testing
@testable import Headway

// Independent values from numpy/scipy (Python 3, numpy, scipy.stats.binom), script:
//   import numpy as np; from scipy.stats import binom
//   k=np.array([12,15,9,20,14,18]); n=np.array([30,32,25,40,28,35])
//   p=k.sum()/n.sum(); s=np.sqrt(p*(1-p)/n); print(p, np.clip(p-3*s,0,1), np.clip(p+3*s,0,1))
//   x=np.array([20,25,22,30,28,26,35,24.]); mr=np.abs(np.diff(x)).mean()
//   print(x.mean(), mr, x.mean()+2.66*mr, max(0,x.mean()-2.66*mr))
//   def lim(p0,n,P):   # Spiegelhalter 2005, Appendix A.1.1, with scipy's binomial quantile and CDF
//       r=binom.ppf(P,n,p0); F=binom.cdf(r,n,p0); F1=binom.cdf(r-1,n,p0); a=(F-P)/(F-F1); return (r-a)/n
//   for n_ in [10,37,100,250]: print(n_, [lim(0.48,n_,P) for P in (0.001,0.025,0.975,0.999)])
// Output:
//   pbar 0.4631578947368421
//   lcl [0.19004107397339387, 0.1987136701403543, 0.16397340760437024, 0.22663178975485468, 0.1804551272079405, 0.2103008524880644]
//   ucl [0.7362747155002903, 0.72760211933333, 0.762342381869314, 0.6996839997188296, 0.7458606622657438, 0.7160149369856198]
//   xbar 26.25 mrbar 5.714285714285714 ucl 41.45 lcl 11.049999999999999
//   10 [-0.03082222911223827, 0.11842223487666566, 0.74949567194086, 0.8950131944900062]
//   37 [0.21808558102225664, 0.30513447266749727, 0.6284672600771624, 0.7202876369589848]
//   100 [0.3217823627410972, 0.37711554284056686, 0.5732955087320536, 0.6291380888926819]
//   250 [0.38073761368258463, 0.4161820389278124, 0.5399531314502791, 0.5756599602966426]
@Suite struct SPCTests {
    func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-9) -> Bool { a.map { abs($0 - b) <= tol } ?? false }

    @Test func pChartMatchesNumpy() throws {
        let c = try #require(SPC.pChart(labels: ["a", "b", "c", "d", "e", "f"], counts: [12, 15, 9, 20, 14, 18], totals: [30, 32, 25, 40, 28, 35]))
        #expect(close(c.centre, 0.4631578947368421))
        let lcl = [0.19004107397339387, 0.1987136701403543, 0.16397340760437024, 0.22663178975485468, 0.1804551272079405, 0.2103008524880644]
        let ucl = [0.7362747155002903, 0.72760211933333, 0.762342381869314, 0.6996839997188296, 0.7458606622657438, 0.7160149369856198]
        for i in 0..<6 {
            #expect(close(c.points[i].lower, lcl[i]))
            #expect(close(c.points[i].upper, ucl[i]))
        }
        #expect(c.points.allSatisfy { $0.signals.isEmpty })
    }

    @Test func pChartLeavesMissingPeriodsEmpty() throws {
        let c = try #require(SPC.pChart(labels: ["a", "b"], counts: [3, nil], totals: [10, nil]))
        #expect(c.points[1].value == nil && c.points[1].upper == nil)
        #expect(SPC.pChart(labels: ["a"], counts: [nil], totals: [nil]) == nil)
    }

    @Test func xmrMatchesNumpy() throws {
        let c = try #require(SPC.xmr(labels: (0..<8).map(String.init), values: [20, 25, 22, 30, 28, 26, 35, 24]))
        #expect(close(c.centre, 26.25))
        #expect(close(c.meanMovingRange, 5.714285714285714))
        #expect(close(c.points[0].upper, 41.45))
        #expect(close(c.points[0].lower, 11.049999999999999))
    }

    @Test func funnelLimitsMatchScipy() {
        let expected: [Int: [Double]] = [
            10: [0, 0.11842223487666566, 0.74949567194086, 0.8950131944900062],   // −0.0308 clipped to 0
            37: [0.21808558102225664, 0.30513447266749727, 0.6284672600771624, 0.7202876369589848],
            100: [0.3217823627410972, 0.37711554284056686, 0.5732955087320536, 0.6291380888926819],
            250: [0.38073761368258463, 0.4161820389278124, 0.5399531314502791, 0.5756599602966426],
        ]
        for (n, e) in expected {
            for (j, P) in [0.001, 0.025, 0.975, 0.999].enumerated() {
                #expect(close(FunnelLimits.limit(p0: 0.48, n: n, probability: P), e[j], 1e-9), "n=\(n) P=\(P)")
            }
        }
        let l = FunnelLimits.limits(p0: 0.48, n: 100, coverage: 0.95)
        #expect(close(l?.lower, 0.37711554284056686) && close(l?.upper, 0.5732955087320536))
    }

    @Test func funnelPlacesGroups() {
        let f = FunnelPlotData.make(title: "t", groupKind: "clinician", target: 0.48,
                                    groups: [("A", 70, 100), ("B", 60, 100), ("C", 48, 100), ("D", 20, 100)], leftOut: 2)
        // 0.70 > 0.6291 (99.8% upper); 0.60 in (0.5733, 0.6291]; 0.48 within; 0.20 < 0.3218 (99.8% lower).
        #expect(f.groups.map(\.position) == ["above99.8", "above95", "within", "below99.8"])
        #expect(f.leftOut == 2)
    }

    // The rules, on hand-made series with a known answer (NHS England, Making Data Count, 2019).
    @Test func shiftOfSevenIsFlaggedSixIsNot() throws {
        var v: [Double?] = [10, 10, 10, 10, 10, 10, 10, 10]
        v += [11, 12, 11, 12, 11, 12, 11]   // 7 above the centre (mean of all)
        v += [9, 8, 9, 8, 9, 8]             // 6 below: not a shift
        let c = try #require(SPC.xmr(labels: v.indices.map(String.init), values: v))
        #expect(c.points[8..<15].allSatisfy { $0.signals.contains(.shift) })
        #expect(!c.points[15...].contains { $0.signals.contains(.shift) })
    }

    @Test func trendOfSixIsFlaggedFiveIsNot() throws {
        let v: [Double?] = [5, 5, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 5]
        var chart = ControlChart(kind: .xmr, centre: 100, meanMovingRange: nil,
                                 points: v.enumerated().map { ControlPoint(label: "\($0.offset)", value: $0.element) })
        SPC.applyRules(&chart)
        // 1,2,3,4,5,6 (indices 2…7) rise six times in a row; 6,5,4,3,2,1 (7…12) fall; 5,5 tie is no trend.
        #expect(chart.points[2...12].allSatisfy { $0.signals.contains(.trend) })
        #expect(!chart.points[0].signals.contains(.trend) && !chart.points[13].signals.contains(.trend))
        let five: [Double?] = [1, 2, 3, 4, 5, 1]
        var c5 = ControlChart(kind: .xmr, centre: 100, meanMovingRange: nil, points: five.map { ControlPoint(label: "", value: $0) })
        SPC.applyRules(&c5)
        #expect(c5.points.allSatisfy { !$0.signals.contains(.trend) })
    }

    @Test func twoOfThreeAndOutsideLimits() {
        func pt(_ v: Double?) -> ControlPoint { ControlPoint(label: "", value: v, n: nil, lower: 7, upper: 13, sigma: 1) }
        // centre 10, sigma 1: 12.5 and 12.2 are beyond 2 sigma above within three points; 14 is outside.
        var c = ControlChart(kind: .xmr, centre: 10, meanMovingRange: nil, points: [pt(10.5), pt(12.5), pt(9.5), pt(12.2), pt(10), pt(14), pt(7.5), pt(10)])
        SPC.applyRules(&c)
        #expect(c.points[1].signals == [.twoOfThree] && c.points[3].signals == [.twoOfThree])
        #expect(c.points[5].signals.contains(.outsideLimits))
        // 12.5 above and 7.5 below are on opposite sides: no 2-of-3 from them.
        #expect(!c.points[6].signals.contains(.twoOfThree))
    }
}
