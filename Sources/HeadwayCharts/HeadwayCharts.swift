/// HeadwayCharts: terminal charts as pure functions returning `String`.
public enum HeadwayCharts {}
