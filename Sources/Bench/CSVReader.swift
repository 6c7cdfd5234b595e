import Foundation

/// RFC 4180 CSV, the reverse of `CSVWriter`: records of fields, quoted fields unquoted and
/// doubled quotes undoubled; CRLF or LF line ends; a final line end optional.
public enum CSVReader {
    public struct MalformedCSV: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public static func records(_ text: String) throws(MalformedCSV) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var line = 1
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty && !wasQuoted else { throw MalformedCSV(line: line, reason: "a quote inside an unquoted field") }
                quoted = true; wasQuoted = true
            case ",":
                record.append(field); field = ""; wasQuoted = false
            case "\r" where chars.first == "\n":
                break
            case "\n", "\r":
                record.append(field); records.append(record)
                record = []; field = ""; wasQuoted = false
                line += 1
            default:
                guard !wasQuoted else { throw MalformedCSV(line: line, reason: "text after a closing quote") }
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw MalformedCSV(line: line, reason: "a quoted field is not closed") }
        if !field.isEmpty || wasQuoted || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
