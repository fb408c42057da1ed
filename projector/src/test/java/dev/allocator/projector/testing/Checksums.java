package dev.allocator.projector.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** A digest of every row of every read-model table: equal digests, equal tables. */
public final class Checksums {
    public static final List<String> TABLES =
            List.of("sessions", "compacts", "nonces", "nonce_floors", "sponsor_sequences", "projection_positions");

    private Checksums() {}

    public static Map<String, String> of(DSLContext dsl, String schema) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : TABLES) {
            String sum = dsl.fetchValue(
                            "select count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
                                    + " from \"" + schema + "\".\"" + table + "\" t")
                    .toString();
            sums.put(table, sum);
        }
        return sums;
    }
}
