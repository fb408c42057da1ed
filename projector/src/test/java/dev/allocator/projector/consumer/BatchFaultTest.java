package dev.allocator.projector.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchFaultTest {
    @ParameterizedTest(name = "SQLState {0} is a {1} fault")
    @CsvSource({
        "22021, DATA", // invalid byte sequence: a NUL in text
        "22P05, DATA", // untranslatable character
        "22003, DATA", // numeric value out of range
        "23505, DATA", // unique violation
        "54000, DATA", // program limit exceeded
        "08P01, DATA", // protocol violation: what a NUL in a string parameter causes
        "08006, TRANSIENT", // connection failure
        "08001, TRANSIENT", // cannot connect
        "40001, TRANSIENT", // serialization failure
        "40P01, TRANSIENT", // deadlock
        "53300, TRANSIENT", // too many connections
        "57P01, TRANSIENT", // admin shutdown
        "57014, TRANSIENT", // statement timeout
        "42P01, TRANSIENT", // undefined table: a deployment fault, never an event's
        "XX000, TRANSIENT"
    })
    void classifiesBySqlStateClass(String state, BatchFault expected) {
        SQLException sql = new SQLException("refused", state);

        assertThat(BatchFault.of(new DataAccessException("jOOQ", sql))).isEqualTo(expected);
    }

    @Test
    void findsTheStateOfAJdbcBatchInItsNextException() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 0 aborted", null, 0, new int[0], null);
        batch.setNextException(new SQLException("invalid byte sequence for encoding UTF8: 0x00", "22021"));

        assertThat(BatchFault.of(new DataAccessException("jOOQ", batch))).isEqualTo(BatchFault.DATA);
    }

    @Test
    void anEventTheProjectionCodeRefusesIsADataFault() {
        assertThat(BatchFault.of(new BatchFault.UnstorableEventException("no nonce", new IllegalArgumentException())))
                .isEqualTo(BatchFault.DATA);
    }

    @Test
    void somethingWithoutAnSqlStateIsTransient() {
        assertThat(BatchFault.of(new IllegalStateException("cannot park a record")))
                .isEqualTo(BatchFault.TRANSIENT);
        assertThat(BatchFault.of(new SQLTransientConnectionException("pool timed out")))
                .isEqualTo(BatchFault.TRANSIENT);
    }
}
