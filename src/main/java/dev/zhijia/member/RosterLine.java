package dev.zhijia.member;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One roster CSV line, validated and normalised; {@link #parse} says why a line is refused. */
record RosterLine(long line, String name, String cardNo, String phone, String orgId, String tags) {

    static final Pattern CARD_NO = Pattern.compile("[A-Za-z0-9-]{4,32}");
    static final Pattern PHONE = Pattern.compile("1\\d{10}");

    RosterLine withOrg(String org) {
        return new RosterLine(line, name, cardNo, phone, org, tags);
    }

    static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final Pattern TAG = Pattern.compile("[a-z0-9-]{1,32}");
    static final int MAX_TAGS = 10;

    /** Column positions: the default order, or what a header line names (English or Chinese). */
    record Columns(int name, int cardNo, int phone, int orgId, int tags) {

        static final Columns DEFAULT = new Columns(0, 1, 2, 3, 4);

        private static final Map<String, String> ALIASES = Map.ofEntries(
                Map.entry("name", "name"),
                Map.entry("姓名", "name"),
                Map.entry("cardno", "cardNo"),
                Map.entry("card_no", "cardNo"),
                Map.entry("会员卡号", "cardNo"),
                Map.entry("卡号", "cardNo"),
                Map.entry("phone", "phone"),
                Map.entry("手机号", "phone"),
                Map.entry("电话", "phone"),
                Map.entry("orgid", "orgId"),
                Map.entry("org_id", "orgId"),
                Map.entry("组织", "orgId"),
                Map.entry("tags", "tags"),
                Map.entry("标签", "tags"));

        /** Null when the record is not a header (its first cell names no column). */
        static Columns fromHeader(List<String> cells) {
            if (cells.isEmpty() || !ALIASES.containsKey(key(cells.get(0)))) {
                return null;
            }
            int[] pos = {-1, -1, -1, -1, -1};
            List<String> order = List.of("name", "cardNo", "phone", "orgId", "tags");
            for (int i = 0; i < cells.size(); i++) {
                String column = ALIASES.get(key(cells.get(i)));
                if (column != null) {
                    pos[order.indexOf(column)] = i;
                }
            }
            return new Columns(pos[0], pos[1], pos[2], pos[3], pos[4]);
        }

        boolean complete() {
            return name >= 0 && cardNo >= 0;
        }

        private static String key(String cell) {
            return cell.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** Either a line or the reason it is refused. */
    record Parsed(RosterLine line, String reason) {}

    static Parsed parse(CsvReader.Record record, Columns columns, int expectedFields) {
        List<String> f = record.fields();
        String name = cell(f, columns.name());
        String cardNo = cell(f, columns.cardNo());
        String phone = phone(cell(f, columns.phone()));
        String orgId = cell(f, columns.orgId());
        TreeSet<String> tags = new TreeSet<>();
        // in this order: the first problem is the one the admin is told
        String reason = Stream.of(
                        shapeProblem(record, expectedFields),
                        identityProblem(name, cardNo),
                        contactProblem(phone, orgId),
                        tagsProblem(cell(f, columns.tags()), tags))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (reason != null) {
            return refused(reason);
        }
        return new Parsed(
                new RosterLine(
                        record.line(),
                        name,
                        cardNo,
                        phone.isEmpty() ? null : phone,
                        orgId.isEmpty() ? null : orgId,
                        String.join(";", tags)),
                null);
    }

    private static String shapeProblem(CsvReader.Record record, int expectedFields) {
        List<String> f = record.fields();
        if (record.error() != null) {
            return record.error();
        }
        if (f.size() > expectedFields) {
            return "too many fields: " + f.size() + " (expected name,cardNo,phone,orgId,tags)";
        }
        if (String.join("", f).indexOf('\uFFFD') >= 0) {
            return "not valid UTF-8 (save the file as \"CSV UTF-8\")";
        }
        return null;
    }

    private static String identityProblem(String name, String cardNo) {
        if (name.isEmpty()) {
            return "name is empty";
        }
        if (name.length() > 64) {
            return "name is longer than 64 characters";
        }
        if (!CARD_NO.matcher(cardNo).matches()) {
            return cardNo.isEmpty() ? "cardNo is empty" : "cardNo must be 4-32 letters, digits or '-'";
        }
        return null;
    }

    /** Spaces and dashes dropped, and the +86 country code. */
    private static String phone(String cell) {
        String phone = cell.replace(" ", "").replace("-", "");
        return phone.startsWith("+86") ? phone.substring(3) : phone;
    }

    private static String contactProblem(String phone, String orgId) {
        if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
            return "phone must be an 11-digit mobile number";
        }
        if (!orgId.isEmpty() && !ORG_ID.matcher(orgId).matches()) {
            return "orgId must be 1-32 letters, digits, '_' or '-'";
        }
        return null;
    }

    /** Collects the cell's {@code ;}-separated tags, lowercased, into {@code tags}. */
    private static String tagsProblem(String cell, Set<String> tags) {
        for (String t : cell.split(";")) {
            String tag = t.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                continue;
            }
            if (!TAG.matcher(tag).matches()) {
                return "tag '" + tag + "' must be 1-32 lowercase letters, digits or '-'";
            }
            tags.add(tag);
        }
        return tags.size() > MAX_TAGS ? "more than " + MAX_TAGS + " tags" : null;
    }

    List<String> tagList() {
        return tags.isEmpty() ? List.of() : new ArrayList<>(List.of(tags.split(";")));
    }

    private static Parsed refused(String reason) {
        return new Parsed(null, reason);
    }

    private static String cell(List<String> fields, int index) {
        return index >= 0 && index < fields.size() ? fields.get(index).strip() : "";
    }
}
