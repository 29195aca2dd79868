package dev.stampededoctor.cli;

import dev.stampededoctor.cli.servers.PostgresServerHandle;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The one-row table the labelled scenarios' rebuilds query: created before a class's tests, dropped after. */
final class ScenarioTable {
    private ScenarioTable() {
    }

    /** Creates {@code table} afresh with row 1 holding {@code body}. */
    static void create(PostgresServerHandle postgres, String table, String body) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            s.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, body text NOT NULL)");
            s.execute("INSERT INTO " + table + " VALUES (1, '" + body.replace("'", "''") + "')");
        }
    }

    static void drop(PostgresServerHandle postgres, String table) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
