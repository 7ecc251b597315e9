/// Headway: measurement-based care statistics (measures catalog, observations,
/// change, trend, goal attainment scaling, flags and practice reports).
public enum HeadwayLibrary {
    public static let version = "0.1.0"
}
