/**
 * Human-readable tables of API objects, column for column as {@code kubectl get} prints them.
 *
 * <p>{@link dev.shoal.api.table.Tables#table} turns objects into a {@link dev.shoal.api.table.Table}
 * (the shape of Kubernetes' {@code meta.k8s.io/v1 Table}, so the API server can serve it too), and
 * {@link dev.shoal.api.table.Tables#render} lays it out as text with {@link dev.shoal.api.table.TabWriter}.
 * Everything here is pure: the current time is a parameter. The per-kind printers are package-private.
 */
package dev.shoal.api.table;
