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
final class CsvReader {

    /** One record; {@code error} is set (and fields may be partial) when its quoting is broken. */
    record Record(long line, List<String> fields, String error) {
        boolean blank() {
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

    CsvReader(Reader in) {
        this.in = in.markSupported() ? in : new BufferedReader(in);
    }

    /** The next record, or null at the end of input. */
    Record next() throws IOException {
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
        long start = line;
        List<String> fields = new ArrayList<>(6);
        StringBuilder field = new StringBuilder();
        String error = null;
        boolean quoted = false;
        boolean afterQuote = false;
        long quoteLine = 0;
        long quoteStart = 0;
        while (true) {
            if (quoted) {
                if (c == -1 || consumed - quoteStart > MAX_FIELD_CHARS) {
                    error = UNCLOSED;
                    resumeAfterStrayQuote(quoteLine);
                    break;
                }
                if (c == '"') {
                    int d = read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = d;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append(field, (char) c);
                }
            } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                if (c != ',') {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            pushedBack = d;
                        }
                    }
                    if (c != -1) {
                        line++;
                    }
                    break;
                }
            } else if (afterQuote) {
                if (line > quoteLine) {
                    error = UNCLOSED;
                    resumeAfterStrayQuote(quoteLine);
                    break;
                }
                error = error == null ? "text after a closing quote" : error;
                append(field, (char) c);
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                quoteLine = line;
                quoteStart = consumed;
                in.mark(MAX_FIELD_CHARS + 8);
            } else {
                append(field, (char) c);
            }
            c = read();
        }
        if (error != null && fields.size() == 0) {
            fields.add(field.toString());
        }
        return new Record(start, fields, error);
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
