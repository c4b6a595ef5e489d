package io.analogcomposer.api.experiment;

import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * One page of a user's experiments, filtered and sorted as the home page asks. Keyset paging on (sort key, id) for
 * every order, so a page is as fast deep in the list as at its start and stays stable while experiments are added;
 * the cursor remembers its order, and is refused with another one.
 */
@Component
class ExperimentListing {

    /** What the list can be sorted by, with the SQL of its key and its natural direction. */
    enum Sort {
        CREATED("e.created_at", false), UPDATED("e.updated_at", false), NAME("e.name", true),
        // experiments never run sort as the empty status, first in ascending order
        STATUS("COALESCE(e.last_run_status, '')", true);

        final String key;
        final boolean ascendingByDefault;

        Sort(String key, boolean ascendingByDefault) {
            this.key = key;
            this.ascendingByDefault = ascendingByDefault;
        }

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean timestamp() {
            return this == CREATED || this == UPDATED;
        }

        static Sort parse(String value) {
            if (value == null || value.isBlank()) {
                return CREATED;
            }
            return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst()
                    .orElseThrow(() -> ApiProblem.badRequest("Cannot sort experiments by '" + value + "'",
                            new FieldError("/sort", "unknown sort key '" + value + "'", allowed())));
        }

        static String allowed() {
            return String.join(", ", Arrays.stream(values()).map(Sort::wire).toList());
        }
    }

    /**
     * The filters; null or blank means any.
     *
     * @param name part of the name, case-insensitive
     * @param preset the document's {@code preset}
     * @param dataset the document's {@code dataset.name}
     */
    record Filter(String kind, String status, String tag, String name, String preset, String dataset) {}

    private final EntityManager entityManager;

    ExperimentListing(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A page: {@code limit} rows and the cursor of the next page, or null at the end. */
    ExperimentService.Page page(UUID owner, Filter filter, String sortValue, String orderValue, String cursorValue,
            int limit) {
        Sort sort = Sort.parse(sortValue);
        boolean ascending = ascending(sort, orderValue);
        Position after = Position.decode(cursorValue, sort, ascending);

        StringBuilder sql = new StringBuilder("SELECT * FROM experiment e WHERE e.owner_id = :owner"
                + " AND e.deleted_at IS NULL");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("owner", owner);
        where(sql, params, "kind", filter.kind(), "e.kind = :kind");
        where(sql, params, "status", filter.status(), "e.last_run_status = :status");
        where(sql, params, "tag", filter.tag(), ":tag = ANY (e.tags)");
        where(sql, params, "name", like(filter.name()), "e.name ILIKE '%' || :name || '%'");
        where(sql, params, "preset", filter.preset(), "e.document ->> 'preset' = :preset");
        where(sql, params, "dataset", filter.dataset(), "e.document -> 'dataset' ->> 'name' = :dataset");
        if (after != null) {
            String cast = sort.timestamp() ? "CAST(:afterKey AS timestamptz)" : "CAST(:afterKey AS varchar)";
            sql.append(" AND (").append(sort.key).append(", e.id) ").append(ascending ? ">" : "<").append(" (")
                    .append(cast).append(", CAST(:afterId AS uuid))");
            params.put("afterKey",
                    sort.timestamp() ? java.sql.Timestamp.from(Instant.parse(after.key())) : after.key());
            params.put("afterId", after.id());
        }
        String direction = ascending ? " ASC" : " DESC";
        sql.append(" ORDER BY ").append(sort.key).append(direction).append(", e.id").append(direction)
                .append(" LIMIT :limit");
        params.put("limit", limit + 1);

        Query query = entityManager.createNativeQuery(sql.toString(), Experiment.class);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Experiment> rows = query.getResultList();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Experiment last = rows.get(limit - 1);
            next = new Position(sort, ascending, keyOf(sort, last), last.id()).encode();
        }
        return new ExperimentService.Page(rows, next);
    }

    private static boolean ascending(Sort sort, String order) {
        if (order == null || order.isBlank()) {
            return sort.ascendingByDefault;
        }
        return switch (order) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw ApiProblem.badRequest("Unknown order '" + order + "'",
                    new FieldError("/order", "must be asc or desc, was '" + order + "'", "asc, desc"));
        };
    }

    private static String keyOf(Sort sort, Experiment e) {
        return switch (sort) {
            case CREATED -> e.createdAt().toString();
            case UPDATED -> e.updatedAt().toString();
            case NAME -> e.name();
            case STATUS -> e.lastRunStatus() == null ? "" : e.lastRunStatus().wireName();
        };
    }

    private static void where(StringBuilder sql, Map<String, Object> params, String name, String value,
            String condition) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(condition);
            params.put(name, value);
        }
    }

    private static String like(String name) {
        return name == null || name.isBlank()
                ? null
                : name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Where the next page starts: after the row with this sort key and id, in this order. */
    record Position(Sort sort, boolean ascending, String key, UUID id) {

        String encode() {
            String raw = sort.wire() + "|" + (ascending ? "asc" : "desc") + "|" + id + "|" + key;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String value, Sort sort, boolean ascending) {
            if (value == null || value.isBlank()) {
                return null;
            }
            Position p;
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|",
                        4);
                p = new Position(Sort.parse(parts[0]), parts[1].equals("asc"), parts[3], UUID.fromString(parts[2]));
                if (p.sort.timestamp()) {
                    Instant.parse(p.key);
                }
            } catch (RuntimeException e) {
                throw ApiProblem.badRequest("The cursor is not one this API handed out", new FieldError("/cursor",
                        "not a valid cursor: use next_cursor of the previous page", null));
            }
            if (p.sort != sort || p.ascending != ascending) {
                throw ApiProblem.badRequest("The cursor belongs to another order of the list",
                        new FieldError("/cursor", "was handed out for sort=" + p.sort.wire() + "&order="
                                + (p.ascending ? "asc" : "desc") + "; start again without a cursor", null));
            }
            return p;
        }
    }
}
