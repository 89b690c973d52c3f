package dev.zhijia.member;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.ProblemException;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.jboss.logging.Logger;

/**
 * Imports the roster CSV ({@code name,cardNo,phone,orgId,tags}) as it streams in: lines are validated one by
 * one and written in batches, each batch its own transaction, so 100,000 lines never sit in memory together.
 * Idempotent on cardNo: importing the same file twice changes nothing the second time.
 */
@ApplicationScoped
public class RosterImporter {

    private static final Logger LOG = Logger.getLogger(RosterImporter.class);
    static final int BATCH = 500;
    /** Refusals listed in the reply; the count covers all of them. */
    static final int MAX_LISTED_REJECTIONS = 1000;

    @RegisterForReflection
    public record Rejection(long line, String reason) {}

    @RegisterForReflection
    public record Result(int imported, int updated, int unchanged, int rejectedCount, List<Rejection> rejected) {}

    private final AgroalDataSource dataSource;
    private final RosterRepository repository;
    private final Clock clock;
    private final Orgs orgs;

    RosterImporter(AgroalDataSource dataSource, RosterRepository repository, Clock clock, Orgs orgs) {
        this.orgs = orgs;
        this.dataSource = dataSource;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Below the root every line's org must lie in the importer's subtree (a line without one gets the importer's
     * org) and so must the entry a line would change; other lines are rejected with {@code ORG_OUT_OF_SCOPE}.
     * Codes a root admin names that the tree does not know yet become orgs under the root.
     */
    public Result importCsv(Scope scope, InputStream body) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        Tally tally = new Tally();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, decoder), 64 * 1024)) {
            CsvReader csv = new CsvReader(reader);
            CsvReader.Record first = csv.next();
            RosterLine.Columns header = first == null ? null : header(first);
            Lines lines = header == null
                    ? new Lines(scope, RosterLine.Columns.DEFAULT, 5, tally)
                    : new Lines(scope, header, first.fields().size(), tally);
            for (CsvReader.Record record = header == null ? first : csv.next(); record != null; record = csv.next()) {
                lines.add(record);
            }
            lines.flush();
        } catch (IOException e) {
            throw ProblemException.badRequest(
                    MemberErrors.ROSTER_UNREADABLE, "The upload ended before the file was complete");
        }
        LOG.infof(
                "roster import: %d imported, %d updated, %d unchanged, %d rejected",
                tally.imported, tally.updated, tally.unchanged, tally.rejectedCount);
        return tally.result();
    }

    /** The columns a header line names, or null when the first line is data. */
    private static RosterLine.Columns header(CsvReader.Record first) {
        RosterLine.Columns header = RosterLine.Columns.fromHeader(first.fields());
        if (header != null && !header.complete()) {
            throw ProblemException.badRequest(
                    MemberErrors.ROSTER_HEADER_INVALID, "The header must name at least the name and cardNo columns");
        }
        return header;
    }

    /** The data lines of one import: validated, de-duplicated by cardNo, written a batch at a time. */
    private final class Lines {
        private final Scope scope;
        private final RosterLine.Columns columns;
        private final int expectedFields;
        private final Tally tally;
        // Card numbers are compared as MySQL's unique key compares them: ignoring letter case.
        private final Map<String, Long> firstSeen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final List<RosterLine> batch = new ArrayList<>(BATCH);

        Lines(Scope scope, RosterLine.Columns columns, int expectedFields, Tally tally) {
            this.scope = scope;
            this.columns = columns;
            this.expectedFields = expectedFields;
            this.tally = tally;
        }

        void add(CsvReader.Record record) {
            if (record.blank()) {
                return;
            }
            RosterLine.Parsed parsed = RosterLine.parse(record, columns, expectedFields);
            if (parsed.reason() != null) {
                tally.reject(record.line(), parsed.reason());
                return;
            }
            RosterLine line = parsed.line().orgId() == null && !scope.isRoot()
                    ? parsed.line().withOrg(scope.orgId())
                    : parsed.line();
            if (!scope.covers(line.orgId())) {
                tally.reject(record.line(), outOfScope(line.orgId()));
                return;
            }
            Long earlier = firstSeen.putIfAbsent(line.cardNo(), record.line());
            if (earlier != null) {
                tally.reject(record.line(), "duplicate cardNo " + line.cardNo() + " (first on line " + earlier + ")");
                return;
            }
            batch.add(line);
            if (batch.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            write(scope, batch, tally);
            batch.clear();
        }
    }

    private static String outOfScope(String orgId) {
        return Scope.OUT_OF_SCOPE + ": organisation " + orgId + " is not within yours";
    }

    private void write(Scope scope, List<RosterLine> batch, Tally tally) {
        if (batch.isEmpty()) {
            return;
        }
        List<RosterLine> refused = new ArrayList<>();
        // Counted only once the batch has committed.
        int[] counts = QuarkusTransaction.requiringNew().call(() -> {
            refused.clear();
            if (scope.isRoot()) {
                orgs.adopt(batch.stream()
                        .map(RosterLine::orgId)
                        .filter(Objects::nonNull)
                        .toList());
            }
            try (Connection c = dataSource.getConnection()) {
                Map<String, RosterRepository.Stored> stored = repository.findByCardNos(
                        c, batch.stream().map(RosterLine::cardNo).toList());
                List<RosterLine> changed = new ArrayList<>();
                int inserted = 0;
                for (RosterLine line : batch) {
                    RosterRepository.Stored s = stored.get(line.cardNo());
                    if (s != null && !scope.covers(s.orgId())) {
                        refused.add(line); // another org's member: as if the card were not this admin's to touch
                    } else if (s == null) {
                        inserted++;
                        changed.add(line);
                    } else if (!s.sameAs(line)) {
                        changed.add(line);
                    }
                }
                int unchanged = batch.size() - changed.size() - refused.size();
                if (changed.isEmpty()) {
                    return new int[] {0, 0, unchanged};
                }
                repository.upsert(c, changed, clock.instant());
                Map<String, RosterRepository.Stored> ids = repository.findByCardNos(
                        c, changed.stream().map(RosterLine::cardNo).toList());
                Map<Long, List<String>> tags = new LinkedHashMap<>();
                for (RosterLine line : changed) {
                    tags.put(ids.get(line.cardNo()).id(), line.tagList());
                }
                repository.replaceTags(c, tags);
                return new int[] {inserted, changed.size() - inserted, unchanged};
            } catch (SQLException e) {
                throw new IllegalStateException("roster batch failed", e);
            }
        });
        refused.forEach(line -> tally.reject(
                line.line(),
                Scope.OUT_OF_SCOPE + ": card number " + line.cardNo()
                        + " belongs to a member outside your organisation"));
        tally.imported += counts[0];
        tally.updated += counts[1];
        tally.unchanged += counts[2];
    }

    private static final class Tally {
        int imported;
        int updated;
        int unchanged;
        int rejectedCount;
        final List<Rejection> rejected = new ArrayList<>();

        void reject(long line, String reason) {
            rejectedCount++;
            if (rejected.size() < MAX_LISTED_REJECTIONS) {
                rejected.add(new Rejection(line, reason));
            }
        }

        Result result() {
            return new Result(imported, updated, unchanged, rejectedCount, rejected);
        }
    }
}
