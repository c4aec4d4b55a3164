/**
 * Kubernetes' validation rules for the kinds Shoal serves, reported with Kubernetes' field paths
 * and wording so that kubectl users see familiar errors. Entry point: {@link dev.shoal.api.validation.Validator}.
 * Everything but {@code Validator} and {@code ValidationResult} is internal. Validation reads the
 * tree and never changes it; defaults are applied elsewhere.
 */
package dev.shoal.api.validation;
