package dev.zhijia.helpdesk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.ProblemException;

/**
 * What an upload really is, from its bytes alone (the client's Content-Type is not believed):
 * <ul>
 * <li>JPEG ({@code FF D8 FF}) and PNG (the 8-byte signature): the image header must parse as that format and give
 * a width and height within {@code zhijia.helpdesk.max-image-pixels}; only the header is read, never the pixels,
 * so a decompression bomb costs nothing to refuse.</li>
 * <li>PDF ({@code %PDF-1.x} / {@code %PDF-2.x}): must end with {@code %%EOF}, hold at least one object, carry no
 * script or launch action, and its Flate streams must not inflate past {@code zhijia.helpdesk.max-pdf-inflated-bytes}
 * (inflated into a small scratch buffer and counted, never kept).</li>
 * </ul>
 * Anything else is 415 {@code ATTACHMENT_TYPE_INVALID}.
 */
@ApplicationScoped
public class AttachmentCheck {

    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String PDF = "application/pdf";

    /** The verdict: the type the bytes are, and an image's size. */
    public record Verdict(String type, Integer width, Integer height) {}

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String[] PDF_ACTIVE = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/RichMedia"};

    private final HelpdeskConfig config;

    AttachmentCheck(HelpdeskConfig config) {
        this.config = config;
    }

    public Verdict check(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return image(b, JPEG, "jpeg");
        }
        if (startsWith(b, PNG_SIGNATURE)) {
            return image(b, PNG, "png");
        }
        if (b.length >= 8 && ascii(b, 0, 5).equals("%PDF-") && (b[5] == '1' || b[5] == '2') && b[6] == '.') {
            return pdf(b);
        }
        throw refused("The file is not a JPEG, PNG or PDF");
    }

    private Verdict image(byte[] b, String type, String format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw new IllegalStateException("no ImageIO reader for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw refused("The image has no size");
                }
                if ((long) width * height > config.maxImagePixels()) {
                    throw refused("The image is too large: " + width + " × " + height + " pixels");
                }
                return new Verdict(type, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw refused("The file claims to be " + format.toUpperCase() + " but is not a readable image");
        }
    }

    private Verdict pdf(byte[] b) {
        String tail = ascii(b, Math.max(0, b.length - 1024), b.length);
        if (!tail.contains("%%EOF")) {
            throw refused("The PDF has no end-of-file marker");
        }
        String text = new String(b, StandardCharsets.ISO_8859_1);
        if (!text.contains(" obj")) {
            throw refused("The PDF holds no objects");
        }
        for (String active : PDF_ACTIVE) {
            if (text.contains(active)) {
                throw refused("PDFs with scripts, launch actions or embedded files are not accepted");
            }
        }
        long budget = config.maxPdfInflatedBytes();
        byte[] scratch = new byte[64 * 1024];
        int at = 0;
        while ((at = text.indexOf("stream", at)) >= 0) {
            int start = at + "stream".length();
            at = start;
            if (text.startsWith("end", start - "endstream".length())) {
                continue; // the end of one, not the start
            }
            if (start < b.length && b[start] == '\r') {
                start++;
            }
            if (start >= b.length || b[start] != '\n') {
                continue;
            }
            start++;
            int end = text.indexOf("endstream", start);
            if (end < 0) {
                throw refused("The PDF has a stream without an end");
            }
            budget -= inflated(b, start, end - start, budget, scratch);
            if (budget < 0) {
                throw refused("The PDF's streams inflate to more than " + config.maxPdfInflatedBytes() + " bytes");
            }
            at = end + "endstream".length();
        }
        return new Verdict(PDF, null, null);
    }

    /** Bytes this stream inflates to, counting stops just past {@code budget}; 0 if it is not Flate data. */
    private static long inflated(byte[] b, int offset, int length, long budget, byte[] scratch) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(b, offset, length);
            long total = 0;
            while (!inflater.finished() && total <= budget) {
                int n = inflater.inflate(scratch);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (DataFormatException notFlate) {
            return 0;
        } finally {
            inflater.end();
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, Math.max(0, Math.min(to, b.length) - from), StandardCharsets.ISO_8859_1);
    }

    static ProblemException refused(String detail) {
        return new ProblemException(415, HelpdeskErrors.ATTACHMENT_TYPE_INVALID, detail);
    }
}
