/**
 * The three patch formats kubectl sends: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
 * Kubernetes' strategic merge patch (what {@code kubectl apply} and {@code kubectl patch} use by
 * default). Entry point: {@link dev.shoal.api.patch.Patches}. Every function returns a new tree and
 * leaves its inputs untouched; validation of the result is the caller's job.
 */
package dev.shoal.api.patch;
