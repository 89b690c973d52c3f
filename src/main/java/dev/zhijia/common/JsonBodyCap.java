package dev.zhijia.common;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The JSON cap on the bytes actually read: a chunked body has no Content-Length for {@link HttpEdge}
 * to refuse up front, so the stream a JSON reader consumes stops at {@code zhijia.http.max-json-bytes}
 * with 413 {@code PAYLOAD_TOO_LARGE}.
 */
@Provider
public class JsonBodyCap implements ReaderInterceptor {

    private final long maxJsonBytes;

    JsonBodyCap(@ConfigProperty(name = "zhijia.http.max-json-bytes") long maxJsonBytes) {
        this.maxJsonBytes = maxJsonBytes;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !type.getSubtype().toLowerCase(Locale.ROOT).contains("json")) {
            return context.proceed();
        }
        Capped capped = new Capped(context.getInputStream(), maxJsonBytes);
        context.setInputStream(capped);
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            if (capped.over) {
                // whatever the JSON reader made of the cut-off stream, the answer is the cap
                throw new ProblemException(
                        413, CommonErrors.PAYLOAD_TOO_LARGE, "JSON bodies are limited to " + maxJsonBytes + " bytes");
            }
            throw e;
        }
    }

    private static final class Capped extends FilterInputStream {
        private final long max;
        private long read;
        private boolean over;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                over = true;
                throw new IOException("JSON body over " + max + " bytes");
            }
        }
    }
}
