package dev.shoal.proxy;

/** The transport protocol of a listener. Only TCP is proxied today; UDP would be a second relay. */
public enum Protocol {
    TCP
}
