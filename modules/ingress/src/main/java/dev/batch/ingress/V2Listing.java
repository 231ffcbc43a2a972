package dev.batch.ingress;

import dev.batch.events.JobStatus;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The query of a v2 job list ({@code GET /api/v2/parse}, {@code GET /api/v2/classify}): its
 * filters, page size and cursor. Jobs are listed newest first; the cursor names the last job of the
 * previous page (its creation time and id), so jobs created meanwhile do not shift the pages that
 * follow.
 */
record V2Listing(
        int pageSize,
        Position after,
        String status,
        String configurationId,
        Set<String> batchJobIds,
        Instant createdFrom,
        Instant createdTo) {
    static final Comparator<Position> NEWEST_FIRST =
            Comparator.comparing(Position::createdAt).reversed().thenComparing(Position::jobId);

    /** Where a job stands in the list. */
    record Position(Instant createdAt, String jobId) {
        static Position of(JobStatus s) {
            return new Position(s.getCreatedAt() == null ? Instant.EPOCH : s.getCreatedAt(), s.getJobId());
        }

        String token() {
            String raw = createdAt.toEpochMilli() + "/" + jobId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The query of a list whose jobs have {@code statuses}; {@code batchJobOf} reads the batch job
     * out of a v2 job id (empty: not such an id).
     */
    static V2Listing of(Context ctx, List<String> statuses, Function<String, Optional<String>> batchJobOf) {
        String status = Http.stringParam(ctx, "status");
        if (status != null) {
            status = status.strip().toUpperCase(Locale.ROOT);
            if (!statuses.contains(status)) throw Http.query("status", "must be one of " + statuses);
        }
        return new V2Listing(
                Http.intParam(ctx, "page_size", 50, 1, 1000),
                cursor(Http.stringParam(ctx, "page_token")),
                status,
                Http.stringParam(ctx, "configuration_id"),
                batchJobIds(ctx, batchJobOf),
                instant(ctx, "created_at_on_or_after", false),
                instant(ctx, "created_at_on_or_before", true));
    }

    /** The filters a job's status answers; {@code status} and {@code configuration_id} need more. */
    boolean matches(JobStatus s) {
        Position at = Position.of(s);
        return (after == null || NEWEST_FIRST.compare(at, after) > 0)
                && (batchJobIds == null || batchJobIds.contains(s.getJobId()))
                && (createdFrom == null || !at.createdAt().isBefore(createdFrom))
                && (createdTo == null || !at.createdAt().isAfter(createdTo));
    }

    private static Position cursor(String token) {
        if (token == null) return null;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int slash = raw.indexOf('/');
            return new Position(
                    Instant.ofEpochMilli(Long.parseLong(raw.substring(0, slash))), raw.substring(slash + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw Http.query("page_token", "is not a token this API gave");
        }
    }

    /** {@code job_ids}, repeated or comma-separated, as the batch jobs they name; null: any job. */
    private static Set<String> batchJobIds(Context ctx, Function<String, Optional<String>> batchJobOf) {
        List<String> asked = ctx.queryParams("job_ids");
        if (asked.isEmpty()) return null;
        Set<String> out = new HashSet<>();
        for (String value : asked) {
            for (String id : value.split(",")) batchJobOf.apply(id.strip()).ifPresent(out::add);
        }
        return out;
    }

    /** An ISO 8601 time; a date alone is its first moment (or, as an upper bound, its last), in UTC. */
    private static Instant instant(Context ctx, String name, boolean endOfDay) {
        String raw = Http.stringParam(ctx, name);
        if (raw == null) return null;
        String v = raw.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    LocalDate day = LocalDate.parse(v);
                    return endOfDay
                            ? day.plusDays(1)
                                    .atStartOfDay()
                                    .toInstant(ZoneOffset.UTC)
                                    .minusNanos(1)
                            : day.atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw Http.query(
                            name, "must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z, got '" + raw + "'");
                }
            }
        }
    }
}
