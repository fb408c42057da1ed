package dev.allocator.local.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the compacts whose expiry is before a cutoff as JSON Lines, with a {@code sha256sum}
 * sidecar.
 *
 * <p>One line per compact, nothing else (no header, no manifest line: every line parses as a
 * compact, and the count is the line count). A line is the document GET /compact served for it
 * ({@code chainId}, {@code compact}, {@code hash}, {@code signature}, {@code createdAt}) followed by
 * the columns the read model keeps beside it ({@code digest}, {@code sponsorSequence}, {@code
 * sessionId}, {@code nonceAssigned}) and {@code archivedAt} (when the retention job archived it, or
 * null for a row still served): every column of the row, so nothing is lost. Order: expiry, chain,
 * claim hash. Rows of the serving generation and of {@code read_model_archive.compacts} are read by
 * one statement, so one snapshot; a row in both (re-created by a rebuild) is written once.
 *
 * <p>The file is written beside its target under a temporary name and moved into place when
 * complete, so a failed run leaves no partial archive; the sidecar holds {@code <sha256>  <file
 * name>}, which {@code sha256sum -c} checks from the file's directory.
 */
final class CompactArchive {
    static final String ARCHIVE_TABLE = "read_model_archive.compacts";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final String COLUMNS =
            "chain_id, claim_hash, expires, digest, sponsor_sequence, session_id, nonce_assigned, document::text";

    private CompactArchive() {}

    /** What was written. */
    record Written(long compacts, long fromArchive, String sha256, Path checksumFile) {}

    /** The database has no read model (the projector never ran against it). */
    static final class NoReadModelException extends Exception {
        NoReadModelException(String message) {
            super(message);
        }
    }

    static Written write(DataSource dataSource, Instant before, Path to, boolean force)
            throws IOException, SQLException, NoReadModelException {
        Path target = to.toAbsolutePath();
        Path sidecar = target.resolveSibling(target.getFileName() + ".sha256");
        refuseExisting(force, target, sidecar);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            MessageDigest sha256 = sha256();
            long[] counts;
            try (Connection connection = dataSource.getConnection();
                    OutputStream file = Files.newOutputStream(temp);
                    DigestOutputStream out = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), sha256)) {
                counts = copy(connection, before, out);
            }
            String hex = HEX.formatHex(sha256.digest());
            Path sidecarTemp = Files.createTempFile(target.getParent(), "." + sidecar.getFileName(), ".tmp");
            try {
                Files.writeString(sidecarTemp, hex + "  " + target.getFileName() + "\n", StandardCharsets.UTF_8);
                refuseExisting(force, target, sidecar);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.move(sidecarTemp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(sidecarTemp);
            }
            return new Written(counts[0], counts[1], hex, sidecar);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void refuseExisting(boolean force, Path target, Path sidecar) throws FileAlreadyExistsException {
        if (force) {
            return;
        }
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        if (Files.exists(sidecar)) {
            throw new FileAlreadyExistsException(sidecar.toString());
        }
    }

    /** Streams the rows (a cursor, not the whole result in memory) into {@code out}; returns {lines, from archive}. */
    private static long[] copy(Connection connection, Instant before, OutputStream out)
            throws SQLException, IOException, NoReadModelException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        try {
            String generation = quote(activeGeneration(connection));
            String live = "select " + COLUMNS + ", null::timestamptz as archived_at from " + generation
                    + ".compacts where expires < ?";
            String sql = live;
            boolean archive = exists(connection, ARCHIVE_TABLE);
            if (archive) {
                sql = live + " union all select " + prefixed("a") + ", a.archived_at from " + ARCHIVE_TABLE
                        + " a where a.expires < ? and not exists (select 1 from " + generation
                        + ".compacts c where c.chain_id = a.chain_id and c.claim_hash = a.claim_hash)";
            }
            sql += " order by expires, chain_id, claim_hash";
            long lines = 0;
            long archived = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(500);
                long cutoff = before.getEpochSecond();
                statement.setBigDecimal(1, java.math.BigDecimal.valueOf(cutoff));
                if (archive) {
                    statement.setBigDecimal(2, java.math.BigDecimal.valueOf(cutoff));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Timestamp archivedAt = rows.getTimestamp("archived_at");
                        out.write(line(rows, archivedAt).getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                        lines++;
                        if (archivedAt != null) {
                            archived++;
                        }
                    }
                }
            }
            return new long[] {lines, archived};
        } finally {
            connection.rollback();
        }
    }

    private static String line(ResultSet row, Timestamp archivedAt) throws SQLException {
        ObjectNode line = (ObjectNode) MAPPER.readTree(row.getString("document"));
        line.put("digest", "0x" + HEX.formatHex(row.getBytes("digest")));
        line.put("sponsorSequence", row.getLong("sponsor_sequence"));
        line.put("sessionId", row.getString("session_id"));
        line.put("nonceAssigned", row.getBoolean("nonce_assigned"));
        if (archivedAt == null) {
            line.putNull("archivedAt");
        } else {
            line.put("archivedAt", archivedAt.toInstant().toString());
        }
        return MAPPER.writeValueAsString(line);
    }

    private static String activeGeneration(Connection connection) throws SQLException, NoReadModelException {
        if (!exists(connection, "read_model_control.active_generation")) {
            throw new NoReadModelException(
                    "This database has no read model (no read_model_control.active_generation): has the projector"
                            + " run against it?");
        }
        try (PreparedStatement statement =
                        connection.prepareStatement("select schema_name from read_model_control.active_generation");
                ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new NoReadModelException("No read-model generation is active yet: has the projector started?");
            }
            return row.getString(1);
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select to_regclass(?) is not null")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
