import Foundation

/// Small self-contained SVG line charts, so the tool draws its own plots with no plotting
/// package: one panel per workload configuration, one line per strategy, x = threads.
public enum SVGPlot {
    public struct Series: Sendable {
        public var label: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool
        public var color: String
    }

    public struct Panel: Sendable {
        public var title: String
        public var series: [Series]
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    /// Panels in a grid, shared axis labels, a legend per panel.
    public static func render(title: String, xLabel: String, yLabel: String, panels: [Panel], columns: Int = 3) -> String {
        let pw = 360.0, ph = 260.0, margin = 50.0
        let cols = max(1, min(columns, panels.count))
        let rows = (panels.count + cols - 1) / cols
        let width = Double(cols) * pw + 20, height = Double(rows) * ph + 60
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(width / 2)\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">\(escape(title))</text>\n"
        for (i, panel) in panels.enumerated() {
            let ox = 10 + Double(i % cols) * pw, oy = 40 + Double(i / cols) * ph
            let x0 = ox + margin, y0 = oy + ph - 35, x1 = ox + pw - 15, y1 = oy + 25
            let all = panel.series.flatMap(\.points)
            let xs = all.map(\.x), ys = all.map(\.y)
            let xmin = xs.min() ?? 0, xmax = max((xs.max() ?? 1), xmin + 1)
            let ymax = max(ys.max() ?? 1, 1) * 1.1
            // Threads double from one point to the next: a log2 x axis spaces them evenly.
            func px(_ x: Double) -> Double { x0 + (log2(max(x, 1)) - log2(max(xmin, 1))) / max(log2(xmax) - log2(max(xmin, 1)), 1e-9) * (x1 - x0) }
            func py(_ y: Double) -> Double { y0 - y / ymax * (y0 - y1) }
            s += "<text x=\"\((x0 + x1) / 2)\" y=\"\(oy + 15)\" text-anchor=\"middle\" font-size=\"12\">\(escape(panel.title))</text>\n"
            s += "<line x1=\"\(x0)\" y1=\"\(y0)\" x2=\"\(x1)\" y2=\"\(y0)\" stroke=\"black\"/><line x1=\"\(x0)\" y1=\"\(y0)\" x2=\"\(x0)\" y2=\"\(y1)\" stroke=\"black\"/>\n"
            for x in Set(xs).sorted() {
                s += "<text x=\"\(px(x))\" y=\"\(y0 + 14)\" text-anchor=\"middle\">\(fmt(x))</text>\n"
            }
            for k in 0...4 {
                let y = ymax * Double(k) / 4
                s += "<text x=\"\(x0 - 4)\" y=\"\(py(y) + 4)\" text-anchor=\"end\">\(String(format: "%.2g", y))</text>"
                s += "<line x1=\"\(x0)\" y1=\"\(py(y))\" x2=\"\(x1)\" y2=\"\(py(y))\" stroke=\"#eee\"/>\n"
            }
            s += "<text x=\"\((x0 + x1) / 2)\" y=\"\(y0 + 28)\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
            s += "<text x=\"\(ox + 12)\" y=\"\((y0 + y1) / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 \(ox + 12) \((y0 + y1) / 2))\">\(escape(yLabel))</text>\n"
            for (j, series) in panel.series.enumerated() {
                let pts = series.points.sorted { $0.x < $1.x }
                guard !pts.isEmpty else { continue }
                let path = pts.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
                s += "<polyline fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"2\"\(series.dashed ? " stroke-dasharray=\"5,4\"" : "") points=\"\(path)\"/>\n"
                for p in pts { s += "<circle cx=\"\(px(p.x))\" cy=\"\(py(p.y))\" r=\"2.5\" fill=\"\(series.color)\"/>" }
                let ly = y1 + 4 + Double(j) * 13
                s += "<line x1=\"\(x0 + 8)\" y1=\"\(ly)\" x2=\"\(x0 + 26)\" y2=\"\(ly)\" stroke=\"\(series.color)\" stroke-width=\"2\"\(series.dashed ? " stroke-dasharray=\"5,4\"" : "")/>"
                s += "<text x=\"\(x0 + 30)\" y=\"\(ly + 4)\">\(escape(series.label))</text>\n"
            }
        }
        s += "</svg>\n"
        return s
    }

    static func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.2g", x) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
