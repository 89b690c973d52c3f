package dev.zhijia.stats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** Every CSV export: UTF-8 with a BOM (so spreadsheet programs read the Chinese), CRLF lines, formula-safe cells. */
public final class CsvExport {

    public static final String TYPE = "text/csv; charset=UTF-8";

    public interface Rows {
        void write(Writer out) throws IOException;
    }

    private CsvExport() {}

    /** A download named {@code zhijia-<name>.csv}, streamed. */
    public static Response response(String name, Rows rows) {
        StreamingOutput body = stream -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            out.write('\uFEFF');
            rows.write(out);
            out.flush();
        };
        return Response.ok(body, TYPE)
                .header("Content-Disposition", "attachment; filename=\"zhijia-" + name + ".csv\"")
                .build();
    }

    /** RFC 4180 quoting; a leading =,+,-,@ is neutralised so a name cannot become a spreadsheet formula. */
    public static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
