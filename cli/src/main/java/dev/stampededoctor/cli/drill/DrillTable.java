package dev.stampededoctor.cli.drill;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** The table the drill's rebuild queries read: created for one drill, dropped after it. */
public final class DrillTable {
    public static final String PREFIX = "stampede_doctor_drill_";
    private static final Pattern NAME = Pattern.compile(PREFIX + "[a-z0-9_]{1,32}");

    private DrillTable() {
    }

    /** {@code stampede_doctor_drill_<id>}; the id is lower-case letters, digits and underscores. */
    public static String name(String id) {
        String name = PREFIX + id;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a drill table id: " + id);
        }
        return name;
    }

    /** Creates the table with {@code rows} rows (ids 1 to rows); fails if it exists. */
    public static void create(Connection db, String table, int rows) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, body text NOT NULL)");
            s.execute("INSERT INTO " + table + " SELECT i, 'row ' || i || ' version 1' FROM generate_series(1, "
                    + rows + ") AS i");
        }
    }

    /** A writer's update of row {@code id}: the change a cache invalidation follows. Returns the new body. */
    public static String update(Connection db, String table, int id, int version) throws SQLException {
        String body = "row " + id + " version " + version;
        try (java.sql.PreparedStatement s = db.prepareStatement("UPDATE " + table + " SET body = ? WHERE id = ?")) {
            s.setString(1, body);
            s.setInt(2, id);
            s.executeUpdate();
        }
        return body;
    }

    public static void drop(Connection db, String table) throws SQLException {
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("refusing to drop " + table + ": not a drill table");
        }
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
