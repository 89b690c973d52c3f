package dev.zhijia.member;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static dev.zhijia.testsupport.Fixtures.as;
import static dev.zhijia.testsupport.Fixtures.importRoster;
import static dev.zhijia.testsupport.Fixtures.newMember;
import static dev.zhijia.testsupport.Fixtures.query;
import static dev.zhijia.testsupport.Fixtures.rosterTags;
import static dev.zhijia.testsupport.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
class RosterImportTest {

    private static final String HEADER = "name,cardNo,phone,orgId,tags\n";

    @Test
    void importsNewLines() {
        String a = unique("RA");
        String b = unique("RB");
        importCsv(HEADER + "张三," + a + ",13812345678,org-1,courier;rider\n" + "李四," + b + ",,,\n")
                .body("imported", is(2))
                .body("updated", is(0))
                .body("unchanged", is(0))
                .body("rejectedCount", is(0))
                .body("rejected", empty());

        assertEquals(new Row("张三", "13812345678", "org-1", "courier;rider"), row(a));
        assertEquals(new Row("李四", null, null, ""), row(b));
    }

    @Test
    void reimportIsIdempotentOnCardNoAndCountsChanges() {
        String a = unique("RA");
        String b = unique("RB");
        String c = unique("RC");
        String original = HEADER + "张三," + a + ",13812345678,org-1,courier\n"
                + "李四," + b + ",13912345678,org-1,rider\n"
                + "王五," + c + ",,org-2,driver\n";
        importCsv(original).body("imported", is(3));

        importCsv(original).body("imported", is(0)).body("updated", is(0)).body("unchanged", is(3));

        importCsv(original.replace("李四", "李思"))
                .body("imported", is(0))
                .body("updated", is(1))
                .body("unchanged", is(2));
        assertEquals("李思", row(b).name());

        importCsv(original.replace("李四", "李思").replace("driver", "driver;hardship"))
                .body("imported", is(0))
                .body("updated", is(1))
                .body("unchanged", is(2));
        assertEquals(List.of("driver", "hardship"), rosterTags(c));
    }

    @Test
    void skipsAUtf8Bom() {
        String card = unique("RB");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        importCsv(concat(bom, utf8(HEADER + "张三," + card + ",,,courier\n")))
                .body("imported", is(1))
                .body("rejected", empty());
        assertEquals("张三", row(card).name());
    }

    @Test
    void quotedFieldsKeepCommasDoubledQuotesAndLineBreaks() {
        String card = unique("RQ");
        importCsv(HEADER
                        + "\"Wang, \"\"Xiao\"\" Ming\"," + card
                        + ",13800000000,org-1,\"courier;\nrider\"\n" // lines 2-3
                        + "赵六,bad card!,,,\n") // line 4
                .body("imported", is(1))
                .body("rejected.line", contains(4));

        assertEquals("Wang, \"Xiao\" Ming", row(card).name());
        assertEquals(List.of("courier", "rider"), rosterTags(card));
    }

    @Test
    void acceptsCrlfLineEndings() {
        String a = unique("RA");
        String b = unique("RB");
        importCsv("name,cardNo,phone,orgId,tags\r\n张三," + a + ",,,courier\r\n李四," + b + ",,org-1,\r\n"
                        + "王五,x!,,,\r\n") // line 4
                .body("imported", is(2))
                .body("rejected.line", contains(4));

        assertEquals(List.of("courier"), rosterTags(a));
        assertEquals(new Row("李四", null, "org-1", ""), row(b));
    }

    @Test
    void readsAChineseHeaderWithColumnsInAnyOrder() {
        String card = unique("RZ");
        importCsv("会员卡号,标签,姓名,手机号,组织\n" + card + ",driver;courier,王五,13912345678,org-9\n")
                .body("imported", is(1))
                .body("rejected", empty());

        assertEquals(new Row("王五", "13912345678", "org-9", "courier;driver"), row(card));
    }

    @Test
    void rejectsBadLinesWithLineNumbersAndImportsTheGoodOnes() {
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cards.add(unique("RX"));
        }
        importCsv(HEADER
                        + "张三," + cards.get(0) + ",13812345678,,\n" // 2 good
                        + "," + cards.get(1) + ",,,\n" // 3
                        + "张三," + cards.get(2) + "!,,,\n" // 4
                        + "张三," + cards.get(3) + ",12345,,\n" // 5
                        + "张三," + cards.get(4) + ",,,courier,extra\n" // 6
                        + "张三," + cards.get(5) + ",,,外卖\n" // 7
                        + "张三,\"" + cards.get(6) + ",,,\n" // 8, a stray quote
                        + "李四," + cards.get(7) + ",,,rider\n") // 9 good
                .body("imported", is(2))
                .body("rejectedCount", is(6))
                .body("rejected.line", contains(3, 4, 5, 6, 7, 8))
                .body(
                        "rejected.reason",
                        contains(
                                containsString("name is empty"),
                                containsString("cardNo"),
                                containsString("phone"),
                                containsString("too many fields"),
                                containsString("tag"),
                                containsString("not closed")));

        assertEquals("张三", row(cards.get(0)).name());
        assertEquals("李四", row(cards.get(7)).name());
        for (int i : new int[] {1, 2, 3, 4, 5, 6}) {
            assertNull(row(cards.get(i)), "line with " + cards.get(i) + " must not be imported");
        }
    }

    @Test
    void laterDuplicateOfACardInOneFileIsRejected() {
        String card = unique("RD");
        importCsv(HEADER + "张三," + card + ",,,\n李四," + card + ",,,\n")
                .body("imported", is(1))
                .body("rejected.line", contains(3))
                .body("rejected.reason", contains(containsString("duplicate")));
        assertEquals("张三", row(card).name());
    }

    @Test
    void cardNumbersDifferingOnlyInLetterCaseAreTheSameCard() {
        // MySQL compares card_no case-insensitively (utf8mb4_unicode_ci), so the importer must too.
        String card = unique("rc");
        importCsv(HEADER + "张三," + card + ",,,\n" + "李四," + card.toUpperCase() + ",,,\n")
                .body("imported", is(1))
                .body("rejected.reason", contains(containsString("duplicate")));

        importCsv(HEADER + "张三," + card.toUpperCase() + ",,,\n")
                .body("imported", is(0))
                .body("unchanged", is(1));
        importCsv(HEADER + "张叁," + card.toUpperCase() + ",,,courier\n")
                .body("imported", is(0))
                .body("updated", is(1));
        assertEquals(new Row("张叁", null, null, "courier"), row(card));
        assertEquals(List.of("courier"), rosterTags(card));
    }

    @Test
    void tagsAreNormalisedAndIndexedOnePerRow() {
        String card = unique("RT");
        importCsv(HEADER + "张三," + card + ",,, Rider ;courier;;rider\n").body("imported", is(1));
        assertEquals(List.of("courier", "rider"), rosterTags(card));

        importCsv(HEADER + "张三," + card + ",,,sanitation\n").body("updated", is(1));
        assertEquals(List.of("sanitation"), rosterTags(card));
    }

    @Test
    void onlyAdminsImport() {
        String csv = HEADER + "张三," + unique("RS") + ",,,\n";
        as(newMember())
                .contentType("text/csv")
                .body(csv)
                .when()
                .post("/api/v1/admin/roster")
                .then()
                .statusCode(403);
        given().contentType("text/csv")
                .body(csv)
                .when()
                .post("/api/v1/admin/roster")
                .then()
                .statusCode(401)
                .body("code", is("UNAUTHENTICATED"));
    }

    @Test
    void streamsAHundredThousandLines() {
        int lines = 100_000;
        String prefix = unique("BULK") + "-";

        System.gc(); // a settled baseline; the figures are printed, never asserted
        long heapBefore = usedHeapMb();
        resetHeapPeaks();
        long started = System.nanoTime();
        importCsv(new GeneratedRoster(prefix, lines))
                .body("imported", is(lines))
                .body("rejectedCount", is(0));
        long firstMs = (System.nanoTime() - started) / 1_000_000;
        long heapAfter = usedHeapMb();
        long heapPeak = heapPeaksMb();
        System.gc();
        long heapRetained = usedHeapMb();

        started = System.nanoTime();
        importCsv(new GeneratedRoster(prefix, lines))
                .body("imported", is(0))
                .body("updated", is(0))
                .body("unchanged", is(lines));
        long againMs = (System.nanoTime() - started) / 1_000_000;

        System.out.printf(
                "roster import of %,d lines: %,d ms (re-import, all unchanged: %,d ms); used heap before %d MB, "
                        + "after %d MB (%d MB once collected), peak during import ~%d MB (sum of heap pool peaks; max heap %d MB)%n",
                lines,
                firstMs,
                againMs,
                heapBefore,
                heapAfter,
                heapRetained,
                heapPeak,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** {@code name,cardNo,phone,orgId,tags} lines made up as they are read: the test never holds the file either. */
    private static final class GeneratedRoster extends InputStream {

        private static final String[] TAGS = {
            "courier", "rider;new-employment-form", "driver", "sanitation;hardship", ""
        };

        private final String prefix;
        private final int lines;
        private int next;
        private byte[] current = utf8(HEADER);
        private int pos;

        GeneratedRoster(String prefix, int lines) {
            this.prefix = prefix;
            this.lines = lines;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == current.length) {
                if (next == lines) {
                    return -1;
                }
                current = utf8(String.format(
                        "职工%d,%s%d,1%010d,org-%d,%s\n", next, prefix, next, next, next % 50, TAGS[next % TAGS.length]));
                pos = 0;
                next++;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    record Row(String name, String phone, String orgId, String tags) {}

    private static ValidatableResponse importCsv(String csv) {
        return importCsv(utf8(csv));
    }

    private static ValidatableResponse importCsv(byte[] csv) {
        return importRoster(csv).then().statusCode(200);
    }

    private static ValidatableResponse importCsv(InputStream csv) {
        return Fixtures.asAdmin()
                .contentType("text/csv; charset=UTF-8")
                .body(csv)
                .when()
                .post("/api/v1/admin/roster")
                .then()
                .statusCode(200);
    }

    /** The stored entry of this card, or null. */
    private static Row row(String cardNo) {
        List<Row> rows = query(
                "SELECT name, phone, org_id, tags FROM roster_entry WHERE card_no = ?",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                cardNo);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static void resetHeapPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long heapPeaksMb() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }
}
