/**
 * The proxy's implementation. Pure decisions ({@code Picker}, {@code FrontendPlan},
 * {@code AffinityTable.Sticky#live}) are kept apart from the Netty adapters that act on them
 * ({@code Frontend}, {@code ClientAcceptor}, {@code Dial}, {@code Relay}). Not an API.
 */
package dev.shoal.proxy.internal;
