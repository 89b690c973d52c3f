package dev.zhijia.member;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The reader's edge cases, without a server: how a broken quote is contained. */
class CsvReaderTest {

    private static final String UNCLOSED = "a quoted field is not closed";

    @Test
    void quotedFieldsMaySpanLines() throws IOException {
        List<CsvReader.Record> records = read("\"a\nb\",\"c,\"\"d\"\"\"\r\ne,f\r\n");
        assertRecord(records.get(0), 1, null, "a\nb", "c,\"d\"");
        assertRecord(records.get(1), 3, null, "e", "f");
        assertEquals(2, records.size());
    }

    @Test
    void aStrayQuoteRefusesOnlyItsOwnLine() throws IOException {
        List<CsvReader.Record> records = read("a,\"b,c\nd,e\nf,g\n");
        assertEquals(1, records.get(0).line());
        assertEquals(UNCLOSED, records.get(0).error());
        assertRecord(records.get(1), 2, null, "d", "e");
        assertRecord(records.get(2), 3, null, "f", "g");
        assertEquals(3, records.size());
    }

    @Test
    void aStrayQuoteIsNotClosedByTheNextQuotedField() throws IOException {
        List<CsvReader.Record> records = read("a,\"b\r\nc,d\r\ne,\"f\",g\r\n");
        assertEquals(UNCLOSED, records.get(0).error());
        assertRecord(records.get(1), 2, null, "c", "d");
        assertRecord(records.get(2), 3, null, "e", "f", "g");
        assertEquals(3, records.size());
    }

    @Test
    void aQuotedFieldLongerThanAnyFieldMayBeIsAStrayQuote() throws IOException {
        List<CsvReader.Record> records = read("a,\"" + "x".repeat(10_000) + "\nc,d\n");
        assertEquals(UNCLOSED, records.get(0).error());
        assertRecord(records.get(1), 2, null, "c", "d");
    }

    @Test
    void textAfterAClosingQuoteOnTheSameLine() throws IOException {
        List<CsvReader.Record> records = read("\"a\"b,c\nd,e");
        assertEquals("text after a closing quote", records.get(0).error());
        assertRecord(records.get(1), 2, null, "d", "e");
    }

    private static void assertRecord(CsvReader.Record record, long line, String error, String... fields) {
        assertEquals(line, record.line());
        if (error == null) {
            assertNull(record.error());
        } else {
            assertEquals(error, record.error());
        }
        assertEquals(List.of(fields), record.fields());
    }

    private static List<CsvReader.Record> read(String csv) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(csv));
        List<CsvReader.Record> out = new ArrayList<>();
        for (CsvReader.Record r = reader.next(); r != null; r = reader.next()) {
            out.add(r);
        }
        return out;
    }
}
