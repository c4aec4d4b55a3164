/**
 * Label and field selectors as Kubernetes defines them: the query-string syntax of
 * {@code ?labelSelector=} and {@code ?fieldSelector=}, and the {@code matchLabels}/{@code matchExpressions}
 * objects of workload specs. Parsing is strict (a bad selector is a 400, never "match all").
 */
package dev.shoal.api.selector;
