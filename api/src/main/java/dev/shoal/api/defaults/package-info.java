/** Kubernetes' defaulting of omitted fields, applied by the API server to every write. Pure. */
package dev.shoal.api.defaults;
