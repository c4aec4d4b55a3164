package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PickerTest {
    private static final Backend A = Backend.of("127.0.10.1", 80), B = Backend.of("127.0.10.2", 80), C = Backend.of("127.0.10.3", 80);
    private static final ReadySet ABC = ReadySet.of(List.of(A, B, C));

    @Test
    void roundRobinStartsAtTheTicketAndSkipsTriedBackends() {
        checkRoundRobin(ABC, List.of(), 0, A);
        checkRoundRobin(ABC, List.of(), 1, B);
        checkRoundRobin(ABC, List.of(), 5, C);
        checkRoundRobin(ABC, List.of(), Long.MAX_VALUE, B);   // 2^63-1 mod 3 = 1: the counter may wrap
        checkRoundRobin(ABC, List.of(), -1, C);               // floorMod, never a negative index
        checkRoundRobin(ABC, List.of(A), 0, B);
        checkRoundRobin(ABC, List.of(C), 2, A);               // wraps around
        checkRoundRobin(ABC, List.of(A, B), 0, C);
        checkRoundRobin(ABC, List.of(A, B, C), 0, null);      // every backend tried once: give up
        checkRoundRobin(ReadySet.EMPTY, List.of(), 0, null);
    }

    @Test
    void stickyBackendIsUsedOnlyWhileReadyAndUntried() {
        checkSticky(ABC, List.of(), B, B);
        checkSticky(ABC, List.of(), null, null);
        checkSticky(ABC, List.of(B), B, null);                           // it refused this connection
        checkSticky(ReadySet.of(List.of(A, C)), List.of(), B, null);     // no longer ready
    }

    @Test
    void aRetryContinuesAfterTheBackendThatFailed() {
        checkRetryTicket(ABC, List.of(), -1);
        checkRetryTicket(ABC, List.of(A), 1);
        checkRetryTicket(ABC, List.of(A, C), 3);
        checkRetryTicket(ReadySet.of(List.of(A, C)), List.of(B), -1);    // left meanwhile: take a fresh ticket
        assertEquals(B, Picker.roundRobin(ABC, List.of(A), Picker.retryTicket(ABC, List.of(A))));
        assertEquals(A, Picker.roundRobin(ABC, List.of(C), Picker.retryTicket(ABC, List.of(C))));
    }

    private static void checkRoundRobin(ReadySet ready, List<Backend> tried, long ticket, Backend expected) {
        assertEquals(expected, Picker.roundRobin(ready, tried, ticket), "ready " + ready.ordered() + " tried " + tried + " ticket " + ticket);
    }

    private static void checkSticky(ReadySet ready, List<Backend> tried, Backend sticky, Backend expected) {
        assertEquals(expected, Picker.sticky(ready, tried, sticky), "ready " + ready.ordered() + " tried " + tried + " sticky " + sticky);
    }

    private static void checkRetryTicket(ReadySet ready, List<Backend> tried, long expected) {
        assertEquals(expected, Picker.retryTicket(ready, tried), "ready " + ready.ordered() + " tried " + tried);
    }
}
