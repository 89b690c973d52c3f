package dev.zhijia.member;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: quoted fields with {@code ""} escapes and line breaks, CRLF or LF,
 * a leading UTF-8 BOM skipped. Holds one record at a time, so a file of any length costs the same memory.
 * A stray opening quote (never closed, longer than a field may be, or "closed" on a later line by a quote
 * followed by more text) refuses only the line it is on: reading goes back to it and resumes on the next line,
 * instead of swallowing the rest of the file.
 */
public final class CsvReader {

    /** One record; {@code error} is set (and fields may be partial) when its quoting is broken. */
    public record Record(long line, List<String> fields, String error) {
        public boolean blank() {
            return fields.size() == 1 && fields.get(0).isBlank();
        }
    }

    private static final int MAX_FIELD_CHARS = 4096;
    private static final String UNCLOSED = "a quoted field is not closed";

    private final Reader in;
    private long line = 1;
    private int pushedBack = -2;
    private boolean first = true;
    /** Characters taken from {@code in}: how far a quoted field has run since the mark at its opening quote. */
    private long consumed;

    public CsvReader(Reader in) {
        this.in = in.markSupported() ? in : new BufferedReader(in);
    }

    /** The record being read: its fields so far and where the reader stands in its quoting. */
    private static final class Pending {
        final long start;
        final List<String> fields = new ArrayList<>(6);
        final StringBuilder field = new StringBuilder();
        String error;
        boolean quoted;
        boolean afterQuote;
        long quoteLine;
        long quoteStart;

        Pending(long start) {
            this.start = start;
        }

        void endField() {
            fields.add(field.toString());
            field.setLength(0);
            afterQuote = false;
        }

        Record record() {
            if (error != null && fields.size() == 0) {
                fields.add(field.toString());
            }
            return new Record(start, fields, error);
        }
    }

    /** What a step returns when the record is complete. */
    private static final int END = -3;

    /** The next record, or null at the end of input. */
    public Record next() throws IOException {
        int c = read();
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        if (c == -1) {
            return null;
        }
        Pending r = new Pending(line);
        while (c != END) {
            c = r.quoted ? inQuotes(r, c) : outsideQuotes(r, c);
        }
        return r.record();
    }

    /** One character inside a quoted field; returns the next one to look at, or {@link #END}. */
    private int inQuotes(Pending r, int c) throws IOException {
        if (c == -1 || consumed - r.quoteStart > MAX_FIELD_CHARS) {
            return strayQuote(r);
        }
        if (c == '"') {
            int d = read();
            if (d != '"') {
                r.quoted = false;
                r.afterQuote = true;
                return d;
            }
            r.field.append('"');
        } else {
            if (c == '\n') {
                line++;
            }
            append(r.field, (char) c);
        }
        return read();
    }

    /** One character outside quotes; returns the next one to look at, or {@link #END}. */
    private int outsideQuotes(Pending r, int c) throws IOException {
        if (c == ',' || c == '\n' || c == '\r' || c == -1) {
            r.endField();
            if (c == ',') {
                return read();
            }
            endLine(c);
            return END;
        }
        if (r.afterQuote) {
            if (line > r.quoteLine) {
                return strayQuote(r);
            }
            r.error = r.error == null ? "text after a closing quote" : r.error;
            append(r.field, (char) c);
        } else if (c == '"' && r.field.length() == 0) {
            r.quoted = true;
            r.quoteLine = line;
            r.quoteStart = consumed;
            in.mark(MAX_FIELD_CHARS + 8);
        } else {
            append(r.field, (char) c);
        }
        return read();
    }

    private int strayQuote(Pending r) throws IOException {
        r.error = UNCLOSED;
        resumeAfterStrayQuote(r.quoteLine);
        return END;
    }

    /** Back to just after the opening quote on {@code quoteLine}, then on past the end of that line. */
    private void resumeAfterStrayQuote(long quoteLine) throws IOException {
        in.reset();
        pushedBack = -2;
        line = quoteLine;
        int c;
        do {
            c = read();
        } while (c != '\n' && c != '\r' && c != -1);
        endLine(c);
    }

    /** After a line's last character {@code c}: a CRLF counts as one break. */
    private void endLine(int c) throws IOException {
        if (c == '\r') {
            int d = read();
            if (d != '\n') {
                pushedBack = d;
            }
        }
        if (c != -1) {
            line++;
        }
    }

    private static void append(StringBuilder field, char c) {
        if (field.length() < MAX_FIELD_CHARS) {
            field.append(c);
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        consumed++;
        return in.read();
    }
}
