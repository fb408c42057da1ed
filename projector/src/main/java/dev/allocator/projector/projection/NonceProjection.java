package dev.allocator.projector.projection;

import static dev.allocator.readmodel.jooq.read_model.Tables.NONCES;
import static dev.allocator.readmodel.jooq.read_model.Tables.NONCE_FLOORS;

import dev.allocator.model.message.Event.CompactAllocated;
import dev.allocator.model.value.Nonce;
import dev.allocator.readmodel.jooq.read_model.tables.records.NoncesRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Row2;
import org.jooq.impl.DSL;

/**
 * The used nonces per (chain, sponsor) and the lowest unused fragment above them. The floor only
 * moves up, over fragments that are used, so each used fragment is stepped over once.
 */
final class NonceProjection {
    private final List<NoncesRecord> used = new ArrayList<>();
    private final Map<String, Row2<Long, byte[]>> keys = new LinkedHashMap<>();

    void on(CompactAllocated event) {
        byte[] sponsor = event.compact().sponsor().bytes();
        BigInteger fragment = Nonce.of(event.compact().nonce()).fragment();
        used.add(new NoncesRecord(event.chainId().value(), sponsor, fragment));
        keys.putIfAbsent(
                event.chainId().value() + ":" + HexFormat.of().formatHex(sponsor),
                DSL.row(event.chainId().value(), sponsor));
    }

    /** One multi-row insert of the used fragments, then one statement that moves every touched floor. */
    void write(DSLContext tx, List<Query> queries) {
        if (used.isEmpty()) {
            return;
        }
        queries.add(tx.insertInto(NONCES).columns(NONCES.fields()).valuesOfRecords(used));
        var touched = DSL.list(keys.values().toArray(Row2[]::new));
        queries.add(tx.query("""
                insert into {0} (chain_id, sponsor, next_fragment)
                select k.chain_id, k.sponsor,
                  case when not exists (
                         select 1 from {1} u
                         where u.chain_id = k.chain_id and u.sponsor = k.sponsor
                           and u.fragment = coalesce(f.next_fragment, 0))
                       then coalesce(f.next_fragment, 0)
                       else (select n.fragment + 1 from {1} n
                             where n.chain_id = k.chain_id and n.sponsor = k.sponsor
                               and n.fragment >= coalesce(f.next_fragment, 0)
                               and not exists (
                                 select 1 from {1} m
                                 where m.chain_id = n.chain_id and m.sponsor = n.sponsor
                                   and m.fragment = n.fragment + 1)
                             order by n.fragment
                             limit 1)
                  end
                from (values {2}) as k (chain_id, sponsor)
                left join {0} f on f.chain_id = k.chain_id and f.sponsor = k.sponsor
                on conflict (chain_id, sponsor) do update set next_fragment = excluded.next_fragment
                """, NONCE_FLOORS, NONCES, touched));
    }
}
