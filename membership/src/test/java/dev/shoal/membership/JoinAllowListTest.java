package dev.shoal.membership;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoinAllowListTest {
    @Test
    void emptyAllowsEveryAddress() {
        assertTrue(JoinAllowList.parse(List.of()).allows("198.51.100.7"));
        assertTrue(JoinAllowList.ANY.allowsAny());
    }

    @Test
    void cidrsAndSingleAddressesMatchByPrefix() {
        JoinAllowList allow = JoinAllowList.parse(List.of("127.0.0.0/30", "192.0.2.9", "2001:db8::/32"));
        assertTrue(allow.allows("127.0.0.2"));
        assertTrue(allow.allows("127.0.0.3"));
        assertFalse(allow.allows("127.0.0.4"), "outside /30");
        assertTrue(allow.allows("192.0.2.9"));
        assertFalse(allow.allows("192.0.2.10"));
        assertTrue(allow.allows("[2001:db8::1]"));
        assertFalse(allow.allows("2001:db9::1"));
        assertFalse(allow.allows("member.example"), "names are never resolved: not a literal, not allowed");
        assertEquals("127.0.0.0/30,192.0.2.9,2001:db8::/32", allow.toString());
    }

    @Test
    void aBadEntryIsNamed() {
        assertEquals("192.0.2.0/33: the prefix length must be from 0 to 32",
                assertThrows(IllegalArgumentException.class, () -> JoinAllowList.parse(List.of("192.0.2.0/33"))).getMessage());
        assertEquals("example.org/24 is not an IP address or CIDR (e.g. 192.0.2.0/24)",
                assertThrows(IllegalArgumentException.class, () -> JoinAllowList.parse(List.of("example.org/24"))).getMessage());
        assertEquals("192.0.2.0/x: the prefix length must be a number from 0 to 32",
                assertThrows(IllegalArgumentException.class, () -> JoinAllowList.parse(List.of("192.0.2.0/x"))).getMessage());
    }
}
