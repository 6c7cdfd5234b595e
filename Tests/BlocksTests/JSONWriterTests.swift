import Testing
@testable import Blocks

@Suite struct JSONWriterTests {
    /// Same layout as Python's json.dumps(indent=1), the oracle's output.
    @Test func layoutMatchesPythonIndentOne() {
        var w = JSONWriter()
        w.beginObject()
        w.key("a"); w.int(1)
        w.key("b"); w.beginArray(); w.string("x\"y"); w.null(); w.endArray()
        w.key("c"); w.beginObject(); w.endObject()
        w.key("d"); w.beginArray(); w.endArray()
        w.endObject()
        #expect(w.text == "{\n \"a\": 1,\n \"b\": [\n  \"x\\\"y\",\n  null\n ],\n \"c\": {},\n \"d\": []\n}")
    }
}
