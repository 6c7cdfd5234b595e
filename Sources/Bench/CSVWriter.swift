import Foundation
import Blocks

/// RFC 4180 CSV: comma-separated, CRLF line ends, fields with a comma, quote or line break
/// quoted and inner quotes doubled. Written atomically (temporary file, then rename).
public enum CSVWriter {
    public static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func render(header: [String], rows: [[String]]) -> String {
        var out = header.map(field).joined(separator: ",") + "\r\n"
        for r in rows { out += r.map(field).joined(separator: ",") + "\r\n" }
        return out
    }

    public static func write(_ measurements: [SweepRow], to path: String) throws(AtomicFile.WriteError) {
        let text = render(header: SweepRow.columns, rows: measurements.map(\.fields))
        try AtomicFile.write(Data(text.utf8), to: path)
    }
}
