package dev.allocator.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The key table: the only code that reads or writes {@code allocator_security.api_keys}. */
public final class ApiKeyStore {
    private static final String COLUMNS =
            "id, role, hash, created_at, expires_at, revoked_at, totp_secret, note, last_used_at, use_count";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public ApiKeyStore(DataSource dataSource) {
        this.template = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(template);
    }

    public Optional<StoredKey> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM allocator_security.api_keys WHERE id = ?")
                .param(id)
                .query(ApiKeyStore::row)
                .optional();
    }

    public List<StoredKey> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM allocator_security.api_keys ORDER BY created_at, id")
                .query(ApiKeyStore::row)
                .list();
    }

    public void insert(StoredKey key) {
        jdbc.sql("INSERT INTO allocator_security.api_keys (id, role, hash, created_at, expires_at, totp_secret, note)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        key.id(),
                        key.role().label(),
                        key.hash(),
                        Timestamp.from(key.createdAt()),
                        key.expiresAt() == null ? null : Timestamp.from(key.expiresAt()),
                        key.totpSecret(),
                        key.note())
                .update();
    }

    /** @return false when there is no such key or it was already revoked */
    public boolean revoke(String id, Instant at) {
        return jdbc.sql("UPDATE allocator_security.api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                        .params(Timestamp.from(at), id)
                        .update()
                == 1;
    }

    /**
     * Records that a TOTP code of {@code step} was accepted, only if no code of this or a later step
     * was: the conditional update makes a code single-use across every instance at once.
     */
    public boolean acceptOtpStep(String id, long step) {
        return jdbc.sql("UPDATE allocator_security.api_keys SET totp_last_step = ?"
                                + " WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)")
                        .params(step, id, step)
                        .update()
                == 1;
    }

    /** Adds a batch of counted uses, one statement per key (see {@link KeyUsage}). */
    public void addUsage(Map<String, KeyUsage.Uses> uses) {
        List<Object[]> rows = new ArrayList<>(uses.size());
        uses.forEach(
                (id, u) -> rows.add(new Object[] {u.count(), Timestamp.from(u.last()), Timestamp.from(u.last()), id}));
        template.batchUpdate(
                "UPDATE allocator_security.api_keys SET use_count = use_count + ?,"
                        + " last_used_at = GREATEST(COALESCE(last_used_at, ?), ?) WHERE id = ?",
                rows);
    }

    private static StoredKey row(ResultSet rs, int rowNum) throws SQLException {
        return new StoredKey(
                rs.getString("id"),
                Role.parse(rs.getString("role")),
                rs.getBytes("hash"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                rs.getString("totp_secret"),
                rs.getString("note"),
                instant(rs, "last_used_at"),
                rs.getLong("use_count"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
