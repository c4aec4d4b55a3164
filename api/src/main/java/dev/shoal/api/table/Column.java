package dev.shoal.api.table;

/**
 * One column, as Kubernetes' {@code TableColumnDefinition}.
 *
 * @param name        as kubectl names it ("Up-to-date"); headers are printed upper-case
 * @param type        an OpenAPI type: "string" or "integer"
 * @param format      an OpenAPI format hint: "name" for the object's name column, else ""
 * @param description what the cell shows
 * @param priority    0 = always shown, 1 = only with {@code -o wide}
 */
public record Column(String name, String type, String format, String description, int priority) {
    static Column of(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    static Column nameColumn() {
        return new Column("Name", "string", "name", "Name must be unique within a namespace.", 0);
    }

    static Column age() {
        return of("Age", "Time since the object was created (metadata.creationTimestamp).");
    }

    /** The same column, shown only with {@code -o wide}. */
    Column wide() {
        return new Column(name, type, format, description, 1);
    }
}
