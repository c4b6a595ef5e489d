package io.analogcomposer.api.audit;

import io.analogcomposer.spec.json.SpecJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records who did what and when: sign-ins, token creation and revocation, run submissions and cancellations,
 * administration. Never records secrets.
 */
@Component
public class AuditLog {

    /** One recorded action. */
    public record Entry(long id, Instant at, UUID actorId, String actorName, String action, String target,
            Map<String, Object> details, String remote) {}

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(UUID actorId, String actorName, String action, String target, Map<String, Object> details) {
        jdbc.sql("""
                INSERT INTO audit_event (at, actor_id, actor_name, action, target, details, remote)
                VALUES (:at, :actor, :name, :action, :target, CAST(:details AS jsonb), :remote)
                """).param("at", Timestamp.from(Instant.now())).param("actor", actorId).param("name", actorName)
                .param("action", action).param("target", target).param("details", SpecJson.write(details))
                .param("remote", remoteAddress()).update();
    }

    @SuppressWarnings("unchecked")
    public List<Entry> latest(int limit, String action) {
        return jdbc.sql("""
                SELECT id, at, actor_id, actor_name, action, target, details::text, remote FROM audit_event
                WHERE (CAST(:action AS varchar) IS NULL OR action = :action) ORDER BY id DESC LIMIT :limit
                """).param("action", action).param("limit", limit)
                .query((rs, i) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                        SpecJson.mapper().readValue(rs.getString(7), Map.class), rs.getString(8)))
                .list();
    }

    private static String remoteAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr()
                : null;
    }
}
