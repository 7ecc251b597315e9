/// HeadwayCSV: a streaming, byte-level RFC 4180 reader and a buffered writer.
public enum HeadwayCSV {}
